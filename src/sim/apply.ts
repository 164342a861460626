/**
 * Server-side apply and field ownership (metadata.managedFields, FieldsV1).
 *
 * Simplified from the real structured-merge-diff: ownership is tracked per leaf field
 * (maps are walked, lists with a patchMergeKey are keyed by it, `finalizers` by value, every other
 * list is one atomic leaf; custom resources' lists are atomic). An apply conflicts when another
 * manager owns a field the applied config sets to a different value (409 Conflict naming the
 * fields, as kubectl shows it) unless `force=true`, which takes the fields over. Fields a manager
 * applied before and omits now are removed when nobody else owns them. Writes that are not applies
 * (create, update, patch) take ownership of the fields they changed.
 */
import { invalid, StatusError } from './errors.js';
import { clone, listStrategy, type ListStrategy } from './patch.js';
import type { KObject } from './store.js';

type Json = any;
const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, Json>;
  subresource?: string;
}

const SEP = '\n';
/** Metadata fields that are owned like any other (the rest is server-managed). */
const OWNED_METADATA = ['labels', 'annotations', 'finalizers', 'ownerReferences'];

interface WalkOpts {
  /** Custom resources have no patch strategies: all lists are atomic. */
  custom: boolean;
  /** Walk status (status subresource writes) instead of everything else. */
  status: boolean;
}

/** Leaf paths of an object with their values (element markers map to undefined: not compared). */
export function leafPaths(obj: KObject, opts: WalkOpts): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if ((k === 'status') !== opts.status) continue;
    if (k === 'metadata') {
      if (opts.status || !isObject(v)) continue;
      for (const mk of OWNED_METADATA)
        if (v[mk] !== undefined) walk(v[mk], ['f:metadata', `f:${mk}`], ['metadata'], mk, out, opts);
      continue;
    }
    walk(v, [`f:${k}`], [], k, out, opts);
  }
  return out;
}

function strategyFor(path: string[], field: string, opts: WalkOpts): ListStrategy | undefined {
  return opts.custom ? undefined : listStrategy(path, field);
}

function walk(
  v: Json,
  segs: string[],
  names: string[],
  field: string,
  out: Map<string, Json>,
  opts: WalkOpts
): void {
  if (isObject(v)) {
    const keys = Object.keys(v);
    if (!keys.length) out.set(segs.join(SEP), v);
    for (const k of keys) walk(v[k], [...segs, `f:${k}`], [...names, field], k, out, opts);
    return;
  }
  if (Array.isArray(v)) {
    const strategy = strategyFor(names, field, opts);
    if (strategy?.primitiveSet) {
      if (!v.length) out.set(segs.join(SEP), v);
      for (const x of v) out.set([...segs, `v:${JSON.stringify(x)}`].join(SEP), undefined);
      return;
    }
    if (strategy?.key && v.every(x => isObject(x) && x[strategy.key!] !== undefined)) {
      if (!v.length) out.set(segs.join(SEP), v);
      for (const item of v) {
        const el = [...segs, `k:${JSON.stringify({ [strategy.key]: item[strategy.key] })}`];
        out.set(el.join(SEP), undefined);
        for (const k of Object.keys(item)) walk(item[k], [...el, `f:${k}`], [...names, field], k, out, opts);
      }
      return;
    }
  }
  out.set(segs.join(SEP), v);
}

function valueAt(obj: Json, path: string): Json {
  let cur = obj;
  for (const seg of path.split(SEP)) {
    if (cur === undefined || cur === null) return undefined;
    if (seg.startsWith('f:')) cur = isObject(cur) ? cur[seg.slice(2)] : undefined;
    else if (seg.startsWith('k:')) {
      const key = JSON.parse(seg.slice(2)) as Record<string, Json>;
      const [kf, kv] = Object.entries(key)[0];
      cur = Array.isArray(cur) ? cur.find(x => isObject(x) && x[kf] === kv) : undefined;
    } else if (seg.startsWith('v:')) {
      const want = JSON.parse(seg.slice(2));
      cur = Array.isArray(cur) && cur.includes(want) ? want : undefined;
    }
  }
  return cur;
}

function removeAt(obj: Json, path: string): void {
  const segs = path.split(SEP);
  const last = segs.pop()!;
  const parent = valueAt(obj, segs.join(SEP));
  if (last.startsWith('f:') && isObject(parent)) delete parent[last.slice(2)];
  else if (Array.isArray(parent)) {
    const idx = last.startsWith('k:')
      ? (() => {
          const [kf, kv] = Object.entries(JSON.parse(last.slice(2)) as Record<string, Json>)[0];
          return parent.findIndex(x => isObject(x) && x[kf] === kv);
        })()
      : parent.indexOf(JSON.parse(last.slice(2)));
    if (idx >= 0) parent.splice(idx, 1);
  }
}

// ---- FieldsV1 <-> path sets ----

export function toFieldsV1(paths: Iterable<string>): Record<string, Json> {
  const root: Record<string, Json> = {};
  const leaves = new Set<Record<string, Json>>();
  for (const p of paths) {
    let node = root;
    for (const seg of p.split(SEP)) node = node[seg] ??= {};
    leaves.add(node);
  }
  const render = (node: Record<string, Json>): Record<string, Json> => {
    const out: Record<string, Json> = {};
    const children = Object.keys(node);
    if (leaves.has(node) && children.length) out['.'] = {};
    for (const k of children.sort()) out[k] = render(node[k]);
    return out;
  };
  return render(root);
}

export function fromFieldsV1(fields: Record<string, Json> | undefined): Set<string> {
  const out = new Set<string>();
  const visit = (node: Record<string, Json>, segs: string[]): void => {
    const keys = Object.keys(node);
    if (segs.length && (!keys.length || keys.includes('.'))) out.add(segs.join(SEP));
    for (const k of keys) if (k !== '.' && isObject(node[k])) visit(node[k], [...segs, k]);
  };
  if (isObject(fields)) visit(fields, []);
  return out;
}

function readEntries(obj: KObject | undefined): ManagedFieldsEntry[] {
  const mf = obj?.metadata?.managedFields;
  return Array.isArray(mf) ? (clone(mf) as ManagedFieldsEntry[]) : [];
}

function sameEntry(e: ManagedFieldsEntry, manager: string, operation: string, subresource?: string): boolean {
  return e.manager === manager && e.operation === operation && (e.subresource ?? '') === (subresource ?? '');
}

/** ".spec.replicas", "metadata.labels.app", ".spec.containers[name=\"c\"].image" for messages. */
function displayPath(path: string): string {
  return path
    .split(SEP)
    .map(seg => {
      if (seg.startsWith('f:')) return `.${seg.slice(2)}`;
      if (seg.startsWith('k:')) {
        const [k, v] = Object.entries(JSON.parse(seg.slice(2)) as Record<string, Json>)[0];
        return `[${k}=${JSON.stringify(v)}]`;
      }
      return `[=${seg.slice(2)}]`;
    })
    .join('');
}

export interface OwnershipContext {
  manager: string;
  apiVersion: string;
  time: string;
  custom: boolean;
  subresource?: string;
}

/**
 * Records a non-apply write: the manager (operation Update) takes the fields that changed
 * between old and next; other managers lose them. Returns next with managedFields set.
 */
export function recordUpdate(old: KObject | undefined, next: KObject, ctx: OwnershipContext): KObject {
  const opts = { custom: ctx.custom, status: ctx.subresource === 'status' };
  const before = old ? leafPaths(old, opts) : new Map<string, Json>();
  const after = leafPaths(next, opts);
  const changed = new Set<string>();
  for (const [p, v] of after)
    if (!before.has(p) || JSON.stringify(before.get(p)) !== JSON.stringify(v)) changed.add(p);
  const removed = [...before.keys()].filter(p => !after.has(p));
  const entries = readEntries(old);
  if (!changed.size && !removed.length && old)
    return { ...next, metadata: { ...next.metadata, managedFields: old.metadata.managedFields } };
  for (const e of entries) {
    const owned = fromFieldsV1(e.fieldsV1);
    for (const p of changed) owned.delete(p);
    for (const p of removed) owned.delete(p);
    e.fieldsV1 = toFieldsV1(owned);
  }
  let mine = entries.find(e => sameEntry(e, ctx.manager, 'Update', ctx.subresource));
  if (!mine) {
    mine = {
      manager: ctx.manager,
      operation: 'Update',
      apiVersion: ctx.apiVersion,
      time: ctx.time,
      fieldsType: 'FieldsV1',
      fieldsV1: {}
    };
    if (ctx.subresource) mine.subresource = ctx.subresource;
    entries.push(mine);
  }
  const owned = fromFieldsV1(mine.fieldsV1);
  for (const p of changed) owned.add(p);
  mine.fieldsV1 = toFieldsV1(owned);
  mine.time = ctx.time;
  mine.apiVersion = ctx.apiVersion;
  return {
    ...next,
    metadata: { ...next.metadata, managedFields: entries.filter(e => Object.keys(e.fieldsV1).length) }
  };
}

/**
 * Server-side apply of `applied` onto `live` (undefined: the object is created). Throws 409
 * Conflict when other managers own differing fields and force is false.
 */
export function serverSideApply(
  live: KObject | undefined,
  applied: KObject,
  ctx: OwnershipContext & { force: boolean; merge: (live: KObject, applied: KObject) => KObject }
): KObject {
  if (!ctx.manager) {
    throw invalid('', applied.kind ?? '', applied.metadata?.name ?? '', [
      {
        field: 'metadata.managedFields',
        reason: 'FieldValueRequired',
        message: 'Required value: fieldManager must be set for apply'
      }
    ]);
  }
  const opts = { custom: ctx.custom, status: ctx.subresource === 'status' };
  const newPaths = leafPaths(applied, opts);
  const entries = readEntries(live);
  const mineIdx = entries.findIndex(e => sameEntry(e, ctx.manager, 'Apply', ctx.subresource));
  const previous = mineIdx >= 0 ? fromFieldsV1(entries[mineIdx].fieldsV1) : new Set<string>();

  if (live) {
    const conflicts: Array<{ manager: string; apiVersion: string; path: string }> = [];
    for (const e of entries) {
      if (sameEntry(e, ctx.manager, 'Apply', ctx.subresource)) continue;
      const owned = fromFieldsV1(e.fieldsV1);
      for (const [p, v] of newPaths) {
        if (!owned.has(p) || v === undefined) continue;
        if (JSON.stringify(valueAt(live, p)) !== JSON.stringify(v))
          conflicts.push({ manager: e.manager, apiVersion: e.apiVersion, path: p });
      }
    }
    if (conflicts.length && !ctx.force) {
      const lines = conflicts.map(
        c =>
          `conflict with "${c.manager}"${c.apiVersion ? ` using ${c.apiVersion}` : ''}: ${displayPath(c.path)}`
      );
      const message =
        conflicts.length === 1
          ? `Apply failed with 1 conflict: ${lines[0]}`
          : `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
      throw new StatusError(409, 'Conflict', message, {
        causes: conflicts.map(c => ({
          reason: 'FieldManagerConflict',
          message: `conflict with "${c.manager}"${c.apiVersion ? ` using ${c.apiVersion}` : ''}`,
          field: displayPath(c.path)
        }))
      });
    }
    if (ctx.force) {
      for (const e of entries) {
        if (sameEntry(e, ctx.manager, 'Apply', ctx.subresource)) continue;
        const owned = fromFieldsV1(e.fieldsV1);
        for (const c of conflicts) if (c.manager === e.manager) owned.delete(c.path);
        e.fieldsV1 = toFieldsV1(owned);
      }
    }
  }

  const merged = live ? ctx.merge(live, applied) : clone(applied);
  if (live) {
    // Fields this manager applied before, omits now and nobody else owns are removed.
    const othersOwn = new Set<string>();
    for (const e of entries)
      if (!sameEntry(e, ctx.manager, 'Apply', ctx.subresource))
        for (const p of fromFieldsV1(e.fieldsV1)) othersOwn.add(p);
    const drop = [...previous]
      .filter(p => !newPaths.has(p) && !othersOwn.has(p))
      .sort((a, b) => b.length - a.length);
    for (const p of drop) removeAt(merged, p);
  }
  const mine: ManagedFieldsEntry = {
    manager: ctx.manager,
    operation: 'Apply',
    apiVersion: ctx.apiVersion,
    time: ctx.time,
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(newPaths.keys())
  };
  if (ctx.subresource) mine.subresource = ctx.subresource;
  if (mineIdx >= 0) entries[mineIdx] = mine;
  else entries.push(mine);
  return {
    ...merged,
    metadata: { ...merged.metadata, managedFields: entries.filter(e => Object.keys(e.fieldsV1).length) }
  };
}

/** The manager name the apiserver derives when a request names none: the User-Agent up to "/". */
export function defaultManager(userAgent: string | undefined): string {
  const ua = (userAgent ?? '').trim();
  if (!ua) return 'unknown';
  return ua.split('/')[0].slice(0, 128);
}
