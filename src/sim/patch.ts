/**
 * The apiserver's patch types: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and
 * strategic merge patch, the last with the patchMergeKeys of the built-in kinds' common lists
 * (containers, ports, env, volumes, conditions, ...) and the `$patch`, `$retainKeys`,
 * `$deleteFromPrimitiveList` and `$setElementOrder` directives. Server-side apply is in apply.ts.
 */
import { badRequest, StatusError } from './errors.js';

type Json = any;

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml'
} as const;

// ---- RFC 7386 ----

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

// ---- RFC 6902 ----

export interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

function invalidPatch(message: string): StatusError {
  return new StatusError(422, 'Invalid', message);
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw invalidPatch(`JSON pointer "${pointer}" must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, segs: string[], pointer: string): Json {
  let cur = doc;
  for (const seg of segs.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObject(cur)) cur = cur[seg];
    else cur = undefined;
    if (cur === undefined) throw invalidPatch(`doc is missing path: "${pointer}": missing value`);
  }
  if (!isObject(cur) && !Array.isArray(cur))
    throw invalidPatch(`doc is missing path: "${pointer}": missing value`);
  return cur;
}

function arrayIndex(arr: Json[], seg: string, pointer: string, forAdd: boolean): number {
  if (forAdd && seg === '-') return arr.length;
  if (!/^(0|[1-9]\d*)$/.test(seg)) throw invalidPatch(`invalid array index "${seg}" in "${pointer}"`);
  const i = Number(seg);
  if (i > arr.length || (!forAdd && i === arr.length))
    throw invalidPatch(`Unable to access invalid index: ${i}: invalid index referenced`);
  return i;
}

function getAt(doc: Json, pointer: string): Json {
  let cur = doc;
  for (const seg of parsePointer(pointer)) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObject(cur)) cur = cur[seg];
    else cur = undefined;
    if (cur === undefined) throw invalidPatch(`doc is missing path: "${pointer}": missing value`);
  }
  return cur;
}

function addAt(doc: Json, pointer: string, value: Json): Json {
  const segs = parsePointer(pointer);
  if (!segs.length) return value;
  const parent = parentOf(doc, segs, pointer);
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, pointer, true), 0, value);
  else parent[last] = value;
  return doc;
}

function removeAt(doc: Json, pointer: string): Json {
  const segs = parsePointer(pointer);
  const parent = parentOf(doc, segs, pointer);
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, pointer, false), 1);
  else {
    if (!(last in parent)) throw invalidPatch(`Unable to remove nonexistent key: ${last}: missing value`);
    delete parent[last];
  }
  return doc;
}

export function jsonPatch(doc: Json, ops: unknown): Json {
  if (!Array.isArray(ops))
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out = clone(doc);
  for (const op of ops as JsonPatchOp[]) {
    if (!isObject(op) || typeof op.path !== 'string')
      throw invalidPatch('JSON patch operation is missing "path"');
    switch (op.op) {
      case 'add':
        out = addAt(out, op.path, clone(op.value));
        break;
      case 'remove':
        out = removeAt(out, op.path);
        break;
      case 'replace':
        getAt(out, op.path);
        out = removeAt(out, op.path);
        out = addAt(out, op.path, clone(op.value));
        break;
      case 'move': {
        const v = getAt(out, op.from ?? '');
        out = removeAt(out, op.from ?? '');
        out = addAt(out, op.path, v);
        break;
      }
      case 'copy':
        out = addAt(out, op.path, clone(getAt(out, op.from ?? '')));
        break;
      case 'test':
        if (JSON.stringify(canonical(getAt(out, op.path))) !== JSON.stringify(canonical(op.value))) {
          throw invalidPatch(`testing value ${op.path} failed: test failed`);
        }
        break;
      default:
        throw invalidPatch(`Unexpected kind: ${String(op.op)}`);
    }
  }
  return out;
}

// ---- strategic merge ----

/** How a list merges: by a key field, as a set of primitives, or (undefined) replaced whole. */
export interface ListStrategy {
  key?: string;
  primitiveSet?: boolean;
}

const KEYED: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  claims: 'name',
  readinessGates: 'conditionType',
  addresses: 'type'
};

/**
 * The patch strategy of a list field, from its name and the field it sits in (the built-in
 * types' patchMergeKey tags; custom resources do not support strategic merge).
 */
export function listStrategy(path: string[], field: string): ListStrategy | undefined {
  if (field === 'finalizers')
    return path[path.length - 1] === 'metadata' ? { primitiveSet: true } : undefined;
  if (field === 'ports') {
    const inContainer = path.some(
      p => p === 'containers' || p === 'initContainers' || p === 'ephemeralContainers'
    );
    return { key: inContainer ? 'containerPort' : 'port' };
  }
  const key = KEYED[field];
  return key ? { key } : undefined;
}

const DIRECTIVE = '$patch';
const RETAIN = '$retainKeys';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';
const ELEMENT_ORDER = '$setElementOrder/';

function stripDirectives(v: Json): Json {
  if (Array.isArray(v))
    return v
      .filter(x => !(isObject(x) && x[DIRECTIVE] !== undefined && Object.keys(x).length === 1))
      .map(stripDirectives);
  if (!isObject(v)) return v;
  const out: Record<string, Json> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === DIRECTIVE || k === RETAIN || k.startsWith(DELETE_PRIMITIVE) || k.startsWith(ELEMENT_ORDER))
      continue;
    if (x === null) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}

function mergeMap(original: Json, patch: Record<string, Json>, path: string[]): Json {
  const directive = patch[DIRECTIVE];
  if (directive === 'replace') return stripDirectives(patch);
  if (directive === 'delete') return undefined;
  if (directive !== undefined && directive !== 'merge')
    throw badRequest(`Unknown patch type: ${String(directive)}`);
  const out: Record<string, Json> = isObject(original) ? { ...original } : {};
  if (Array.isArray(patch[RETAIN])) {
    const keep = new Set<string>(patch[RETAIN]);
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k === DIRECTIVE || k === RETAIN || k.startsWith(ELEMENT_ORDER)) continue;
    if (k.startsWith(DELETE_PRIMITIVE)) {
      const field = k.slice(DELETE_PRIMITIVE.length);
      if (Array.isArray(out[field]) && Array.isArray(v))
        out[field] = out[field].filter((x: Json) => !v.includes(x));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    if (Array.isArray(v)) {
      out[k] = mergeList(out[k], v, path, k);
    } else if (isObject(v)) {
      const merged = mergeMap(out[k], v, [...path, k]);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = v;
    }
  }
  return out;
}

function mergeList(original: Json, patch: Json[], path: string[], field: string): Json[] {
  const strategy = listStrategy(path, field);
  if (patch.some(x => isObject(x) && x[DIRECTIVE] === 'replace' && Object.keys(x).length === 1)) {
    return stripDirectives(patch.filter(x => !(isObject(x) && x[DIRECTIVE] === 'replace')));
  }
  const base: Json[] = Array.isArray(original) ? [...original] : [];
  if (!strategy) return stripDirectives(patch);
  if (strategy.primitiveSet) {
    for (const v of patch) if (!base.includes(v)) base.push(v);
    return base;
  }
  const key = strategy.key!;
  for (const item of patch) {
    if (!isObject(item)) {
      base.push(item);
      continue;
    }
    const idx = base.findIndex(o => isObject(o) && o[key] === item[key]);
    if (item[DIRECTIVE] === 'delete') {
      if (idx >= 0) base.splice(idx, 1);
      continue;
    }
    if (idx >= 0) base[idx] = mergeMap(base[idx], item, [...path, field]);
    else base.push(stripDirectives(item));
  }
  return base;
}

export function strategicMergePatch(original: Json, patch: Json): Json {
  if (!isObject(patch)) throw badRequest('the body of the request was not a JSON object');
  return mergeMap(clone(original), patch, []) ?? {};
}

/** 415 for strategic merge on custom resources, worded as the apiserver does. */
export function unsupportedPatch(contentType: string): StatusError {
  return new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
    { causes: [{ reason: 'UnsupportedMediaType', message: contentType }] } as never
  );
}

// ---- helpers ----

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

function canonical(v: Json): Json {
  if (Array.isArray(v)) return v.map(canonical);
  if (!isObject(v)) return v;
  const out: Record<string, Json> = {};
  for (const k of Object.keys(v).sort()) out[k] = canonical(v[k]);
  return out;
}
