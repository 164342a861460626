/**
 * get, list (pagination, selectors, Table), watch, create, update, patch, delete and
 * deletecollection on a resource type, with the apiserver's checks: namespace lifecycle,
 * optimistic concurrency, dry-run, admission, managed fields, propagation policies.
 */
import { defaultManager, recordUpdate, serverSideApply } from '../apply.js';
import { applyCreateDefaults } from '../defaults.js';
import { badRequest, conflict, forbiddenBecause, invalid, notFound, StatusError } from '../errors.js';
import { FOREGROUND } from '../gc.js';
import { jsonPatch, mergePatch, PATCH_TYPES, strategicMergePatch, unsupportedPatch } from '../patch.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../selectors.js';
import type { KObject } from '../store.js';
import { validateObject } from '../validation.js';
import {
  admit,
  bodyObject,
  isDryRun,
  mediaType,
  ok,
  parseBody,
  serve,
  STREAMED,
  type Call,
  type Reply,
  type Result
} from './context.js';
import { tableFor, wantsTable } from './table.js';

// ---- reads ----

export function getObject(call: Call): Reply {
  const { rtype, info } = call;
  const obj = call.api.store.get(rtype.group, rtype.resource, info.namespace, info.name!);
  if (!obj) throw notFound(rtype.group, rtype.resource, info.name!);
  if (wantsTable(call.headers.accept)) return ok(tableFor(call, [obj], call.api.store.resourceVersion));
  return ok(serve(call, obj));
}

interface ContinueToken {
  rv: string;
  start: string;
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(t.rv), start: t.start })).toString(
    'base64'
  );
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (t.v !== 'meta.k8s.io/v1' || typeof t.start !== 'string') throw new Error('unknown version');
    return { rv: String(t.rv), start: t.start };
  } catch {
    throw badRequest(`The provided continue parameter is invalid: continue key is not valid: ${token}`);
  }
}

export function selectorsOf(call: Call): {
  labels: ReturnType<typeof parseLabelSelector>;
  fields: ReturnType<typeof parseFieldSelector>;
} {
  return {
    labels: parseLabelSelector(call.info.query.get('labelSelector')),
    fields: parseFieldSelector(call.info.query.get('fieldSelector'), call.rtype, call.custom)
  };
}

function filterOf(call: Call): ((o: KObject) => boolean) | undefined {
  const { labels, fields } = selectorsOf(call);
  if (!labels.length && !fields.length) return undefined;
  return o => matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o);
}

/**
 * One page of a list. Pages continue after the last key returned (continue tokens are opaque);
 * later pages show the store as it is then, not a snapshot (the real apiserver reads etcd at the
 * first page's revision).
 */
export function listObjects(call: Call): Reply {
  const { rtype, info } = call;
  const q = info.query;
  const store = call.api.store;
  const token = q.get('continue');
  if (token && q.get('resourceVersion') && q.get('resourceVersion') !== '0') {
    throw badRequest('specifying resource version is not allowed when using continue');
  }
  const cont = token ? decodeContinue(token) : undefined;
  const limit = Number(q.get('limit') ?? 0);
  const page = store.listPage(rtype.group, rtype.resource, {
    namespace: rtype.namespaced ? info.namespace : undefined,
    after: cont?.start,
    limit: Number.isFinite(limit) && limit > 0 ? limit : undefined,
    filter: filterOf(call)
  });
  const rv = cont?.rv ?? store.resourceVersion;
  if (wantsTable(call.headers.accept)) {
    const table = tableFor(call, page.items, rv) as Record<string, any>;
    if (page.next !== undefined) table.metadata.continue = encodeContinue({ rv, start: page.next });
    if (page.remaining !== undefined) table.metadata.remainingItemCount = page.remaining;
    return ok(table);
  }
  const metadata: Record<string, unknown> = { resourceVersion: rv };
  if (page.next !== undefined) metadata.continue = encodeContinue({ rv, start: page.next });
  if (page.remaining !== undefined) metadata.remainingItemCount = page.remaining;
  const items = page.items.map(o => serve(call, o));
  return ok({ kind: rtype.listKind, apiVersion: call.apiVersion, metadata, items });
}

export function watchObjects(call: Call): Result {
  const { rtype, info } = call;
  const q = info.query;
  const { labels, fields } = selectorsOf(call);
  if (info.name) fields.push({ field: 'metadata.name', negate: false, value: info.name });
  const timeout = q.get('timeoutSeconds');
  call.api.watch.open(call.res, {
    rtype,
    apiVersion: call.apiVersion,
    namespace: rtype.namespaced ? info.namespace : undefined,
    labels,
    fields,
    resourceVersion: q.get('resourceVersion') ?? undefined,
    sendInitialEvents: q.get('sendInitialEvents') === 'true',
    allowBookmarks: q.get('allowWatchBookmarks') === 'true' || q.get('allowWatchBookmarks') === '1',
    timeoutSeconds: timeout ? Number(timeout) : undefined,
    render: wantsTable(call.headers.accept)
      ? obj => tableFor(call, [obj], obj.metadata.resourceVersion ?? '')
      : undefined
  });
  return STREAMED;
}

// ---- writes ----

function manager(call: Call): string {
  return call.info.query.get('fieldManager') || defaultManager(call.headers['user-agent']);
}

function ownership(call: Call, subresource?: string) {
  return {
    manager: manager(call),
    apiVersion: call.apiVersion,
    time: call.api.store.timestamp(),
    custom: call.custom,
    subresource
  };
}

/** NamespaceLifecycle admission: content goes only into namespaces that exist and are not terminating. */
export function checkNamespace(call: Call, name: string | undefined): void {
  const { rtype, info, api } = call;
  if (!rtype.namespaced || !api.store.typeOf('', 'namespaces')) return;
  const ns = info.namespace ?? 'default';
  const nsObj = api.store.get('', 'namespaces', undefined, ns);
  if (!nsObj) throw notFound('', 'namespaces', ns);
  if (nsObj.metadata.deletionTimestamp || nsObj.status?.phase === 'Terminating') {
    throw forbiddenBecause(
      rtype.group,
      rtype.resource,
      name,
      `unable to create new content in namespace ${ns} because it is being terminated`
    );
  }
}

/** Creates an object that passed decoding: defaults, validation, admission, ownership, store. */
export function createObject(call: Call, obj: KObject, dryRun: boolean, fieldOwnership = true): Reply {
  const { rtype, api } = call;
  checkNamespace(call, obj.metadata.name);
  const serverOwned = [
    'uid',
    'resourceVersion',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'generation'
  ];
  for (const k of fieldOwnership ? [...serverOwned, 'managedFields'] : serverOwned) delete obj.metadata[k];
  const { uid } = applyCreateDefaults(api.store, rtype, obj);
  validateObject(rtype, obj);
  let admitted = admit(call, 'CREATE', obj, undefined, dryRun);
  if (fieldOwnership) admitted = recordUpdate(undefined, admitted, ownership(call));
  const created = api.store.create(admitted, { dryRun, uid });
  return ok(serve(call, created), 201);
}

export function create(call: Call): Reply {
  const obj = bodyObject(call);
  if (call.info.name)
    throw new StatusError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource'
    );
  return createObject(call, obj, isDryRun(call.info.query));
}

/** Server-owned metadata a client cannot change with an update or patch. */
function keepServerFields(current: KObject, next: KObject): KObject {
  const meta = { ...next.metadata };
  if (current.metadata.deletionTimestamp) meta.deletionTimestamp = current.metadata.deletionTimestamp;
  else delete meta.deletionTimestamp;
  meta.generation = current.metadata.generation;
  return { ...next, metadata: meta };
}

function checkName(call: Call, obj: KObject): void {
  const name = call.info.name!;
  if (obj.metadata.name && obj.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`
    );
  }
  obj.metadata.name = name;
}

/** Stores an updated object (admission, ownership) and serves it. */
export function storeUpdate(
  call: Call,
  current: KObject,
  next: KObject,
  dryRun: boolean,
  subresource?: 'status',
  managed?: boolean
): Reply {
  const { rtype, api } = call;
  if (!subresource) validateObject(rtype, next);
  let admitted = admit(call, 'UPDATE', keepServerFields(current, next), current, dryRun, subresource);
  if (!managed) admitted = recordUpdate(current, admitted, ownership(call, subresource));
  const updated = api.store.update(admitted, { subresource, dryRun });
  return ok(serve(call, updated));
}

export function update(call: Call, subresource?: 'status'): Reply {
  const { rtype, info, api } = call;
  const obj = bodyObject(call);
  checkName(call, obj);
  const current = api.store.get(rtype.group, rtype.resource, info.namespace, info.name!);
  if (!current) throw notFound(rtype.group, rtype.resource, info.name!);
  if (call.custom && !obj.metadata.resourceVersion) {
    throw invalid(rtype.group, rtype.kind, info.name!, [
      { field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' }
    ]);
  }
  if (!obj.metadata.managedFields) obj.metadata.managedFields = current.metadata.managedFields;
  return storeUpdate(call, current, obj, isDryRun(info.query), subresource);
}

/** Applies a patch body of the request's content type to an object. */
export function patchObject(call: Call, current: KObject, forScale = false): KObject {
  const type = mediaType(call.headers);
  if (type === PATCH_TYPES.json) return jsonPatch(current, parseBody(call, 'jsonpatch.Patch'));
  if (type === PATCH_TYPES.merge) return mergePatch(current, parseBody(call));
  if (type === PATCH_TYPES.strategic) {
    if (call.custom && !forScale) throw unsupportedPatch(type);
    return strategicMergePatch(current, parseBody(call));
  }
  throw new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml${call.custom ? '' : ', application/strategic-merge-patch+json'}`
  );
}

export function patch(call: Call, subresource?: 'status'): Reply {
  const { rtype, info, api } = call;
  const dryRun = isDryRun(info.query);
  const current = api.store.get(rtype.group, rtype.resource, info.namespace, info.name!);
  if (mediaType(call.headers) === PATCH_TYPES.apply) return apply(call, current, dryRun, subresource);
  if (!current) throw notFound(rtype.group, rtype.resource, info.name!);
  const next = patchObject(call, current);
  if (!next || typeof next !== 'object' || typeof next.metadata !== 'object')
    throw badRequest('the patch removed the object metadata');
  checkName(call, next);
  if (next.metadata.uid !== current.metadata.uid && next.metadata.uid !== undefined) {
    throw invalid(rtype.group, rtype.kind, info.name!, [
      { field: 'metadata.uid', message: `Invalid value: "${next.metadata.uid}": field is immutable` }
    ]);
  }
  return storeUpdate(call, current, next, dryRun, subresource);
}

function apply(call: Call, current: KObject | undefined, dryRun: boolean, subresource?: 'status'): Reply {
  const { rtype, info } = call;
  if (!info.query.get('fieldManager')) {
    throw invalid('meta.k8s.io', 'PatchOptions', '', [
      {
        field: 'fieldManager',
        reason: 'FieldValueRequired',
        message: 'Required value: is required for apply patch'
      }
    ]);
  }
  const applied = bodyObject(call);
  checkName(call, applied);
  const force = info.query.get('force') === 'true';
  const merge = (live: KObject, cfg: KObject): KObject =>
    call.custom ? mergePatch(live, cfg) : strategicMergePatch(live, cfg);
  if (!current) {
    if (subresource) throw notFound(rtype.group, rtype.resource, info.name!);
    const created = serverSideApply(undefined, applied, { ...ownership(call), force, merge });
    return createObject(call, created, dryRun, false);
  }
  const next = serverSideApply(current, applied, { ...ownership(call, subresource), force, merge });
  return storeUpdate(call, current, next, dryRun, subresource, true);
}

// ---- deletes ----

interface DeleteOptions {
  dryRun: boolean;
  propagationPolicy: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  preconditionUid?: string;
  preconditionRv?: string;
}

function deleteOptions(call: Call): DeleteOptions {
  const q = call.info.query;
  let body: any = {};
  if (call.body.length && call.body.toString('utf8').trim()) body = parseBody(call, 'DeleteOptions') ?? {};
  let policy = body.propagationPolicy ?? q.get('propagationPolicy') ?? undefined;
  const orphan =
    body.orphanDependents ??
    (q.get('orphanDependents') === null ? undefined : q.get('orphanDependents') === 'true');
  if (policy && orphan !== undefined) {
    throw invalid('meta.k8s.io', 'DeleteOptions', '', [
      {
        field: 'propagationPolicy',
        message: `Invalid value: "${policy}": orphanDependents and deletionPropagation cannot be both set`
      }
    ]);
  }
  if (!policy) policy = orphan === true ? 'Orphan' : 'Background';
  if (!['Orphan', 'Background', 'Foreground'].includes(policy)) {
    throw invalid('meta.k8s.io', 'DeleteOptions', '', [
      {
        field: 'propagationPolicy',
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`
      }
    ]);
  }
  const grace =
    body.gracePeriodSeconds ??
    (q.get('gracePeriodSeconds') !== null ? Number(q.get('gracePeriodSeconds')) : undefined);
  return {
    dryRun: isDryRun(q, body.dryRun),
    propagationPolicy: policy,
    gracePeriodSeconds: grace,
    preconditionUid: body.preconditions?.uid,
    preconditionRv: body.preconditions?.resourceVersion
  };
}

/** Types whose registries answer a completed DELETE with the object instead of a Status. */
function returnsObject(call: Call): boolean {
  return call.custom || (call.rtype.group === '' && call.rtype.resource === 'pods');
}

function deleteOne(call: Call, obj: KObject, opts: DeleteOptions): { object: KObject; removed: boolean } {
  const { rtype, api } = call;
  const name = obj.metadata.name!;
  const ns = obj.metadata.namespace;
  if (opts.preconditionUid && opts.preconditionUid !== obj.metadata.uid) {
    throw conflict(
      rtype.group,
      rtype.resource,
      name,
      `Precondition failed: UID in precondition: ${opts.preconditionUid}, UID in object meta: ${obj.metadata.uid}`
    );
  }
  if (opts.preconditionRv && opts.preconditionRv !== obj.metadata.resourceVersion) {
    throw conflict(
      rtype.group,
      rtype.resource,
      name,
      `Precondition failed: ResourceVersion in precondition: ${opts.preconditionRv}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`
    );
  }
  if (rtype.group === '' && rtype.resource === 'namespaces' && obj.metadata.deletionTimestamp) {
    throw conflict(
      '',
      'namespaces',
      name,
      'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.'
    );
  }
  admit(call, 'DELETE', obj, undefined, opts.dryRun);
  if (opts.dryRun) return { object: obj, removed: false };
  if (opts.propagationPolicy === 'Orphan') api.gc.orphanDependents(obj.metadata.uid!);
  if (
    opts.propagationPolicy === 'Foreground' &&
    api.gc.dependentsOf(obj.metadata.uid!).length &&
    !(obj.metadata.finalizers ?? []).includes(FOREGROUND)
  ) {
    api.store.update({
      ...obj,
      metadata: {
        ...obj.metadata,
        resourceVersion: undefined,
        finalizers: [...(obj.metadata.finalizers ?? []), FOREGROUND]
      }
    });
  }
  const result = api.store.delete(rtype.group, rtype.resource, ns, name, {
    preconditionUid: opts.preconditionUid
  });
  if (opts.gracePeriodSeconds !== undefined && !result.object.metadata.deletionGracePeriodSeconds) {
    result.object = {
      ...result.object,
      metadata: { ...result.object.metadata, deletionGracePeriodSeconds: opts.gracePeriodSeconds }
    };
  }
  return result;
}

export function deleteObject(call: Call): Reply {
  const { rtype, info, api } = call;
  const opts = deleteOptions(call);
  const obj = api.store.get(rtype.group, rtype.resource, info.namespace, info.name!);
  if (!obj) throw notFound(rtype.group, rtype.resource, info.name!);
  const { object, removed } = deleteOne(call, obj, opts);
  if (removed && !returnsObject(call)) {
    return ok({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name: object.metadata.name,
        group: rtype.group,
        kind: rtype.resource,
        uid: object.metadata.uid
      }
    });
  }
  return ok(serve(call, object));
}

export function deleteCollection(call: Call): Reply {
  const { rtype, info, api } = call;
  const opts = deleteOptions(call);
  const filter = filterOf(call);
  const targets = api.store
    .list(rtype.group, rtype.resource, rtype.namespaced ? info.namespace : undefined)
    .filter(o => !filter || filter(o));
  const items: KObject[] = [];
  for (const o of targets) {
    try {
      items.push(serve(call, deleteOne(call, o, opts).object));
    } catch (e) {
      if (!(e instanceof StatusError && e.code === 404)) throw e;
    }
  }
  return ok({
    kind: rtype.listKind,
    apiVersion: call.apiVersion,
    metadata: { resourceVersion: api.store.resourceVersion },
    items
  });
}
