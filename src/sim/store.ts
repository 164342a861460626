/**
 * The simulator's object store: typed resources, uids, resourceVersions with optimistic
 * concurrency, generateName, timestamps, finalizers and change events. The HTTP layer (server)
 * and the behaviours (controllers, scheduler, scenarios) both work through this one API.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';
import { alreadyExists, conflict, invalid, notFound, StatusError } from './errors.js';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
  }>;
  [key: string]: unknown;
}

export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: any;
}

/** A served resource: what discovery lists and what the REST layer routes. */
export interface ResourceType {
  /** '' for the core group. */
  group: string;
  /** Served versions, preferred first. */
  versions: string[];
  /** Plural, e.g. "pods". */
  resource: string;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Subresources served, e.g. ["status", "scale", "log", "proxy"]. */
  subresources: string[];
  verbs: string[];
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  type: ChangeType;
  rtype: ResourceType;
  object: KObject;
  /** The object before the change (MODIFIED and DELETED). */
  old?: KObject;
}

export type ChangeListener = (change: Change) => void;

/** One page of a list: the items, the key to continue after (when more keys remain) and, unfiltered, how many remain. */
export interface ListPage {
  items: KObject[];
  /** Set when keys remain after the last item: pass it back as `after` for the next page. */
  next?: string;
  /** Keys left after this page (only when no filter was given, as the apiserver's remainingItemCount). */
  remaining?: number;
}

export interface StoreOptions {
  /** How many changes the store remembers for watches that resume from a resourceVersion. */
  historySize?: number;
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Identity of a resource type in the store: its group and plural (versions share storage). */
export function typeKey(group: string, resource: string): string {
  return `${group}/${resource}`;
}

function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

class Bucket {
  readonly items = new Map<string, KObject>();
  private sorted: string[] | null = null;

  set(key: string, obj: KObject): void {
    if (!this.items.has(key)) this.sorted = null;
    this.items.set(key, obj);
  }

  delete(key: string): void {
    if (this.items.delete(key)) this.sorted = null;
  }

  /** Keys in the apiserver's list order (namespace, then name). */
  keys(): string[] {
    if (!this.sorted) this.sorted = Array.from(this.items.keys()).sort();
    return this.sorted;
  }
}

/** First index whose key is >= target (keys sorted). */
function lowerBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose key is > target (keys sorted). */
function upperBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A bounded log of changes in resourceVersion order, so watches can resume from a version. */
class ChangeLog {
  private entries: Array<{ rv: number; change: Change }> = [];
  /** Every change with a resourceVersion above floor is still in the log. */
  private floor: number;

  constructor(
    private readonly capacity: number,
    start: number
  ) {
    this.floor = start;
  }

  add(rv: number, change: Change): void {
    this.entries.push({ rv, change });
    if (this.entries.length > this.capacity * 2) {
      const drop = this.entries.length - this.capacity;
      this.floor = this.entries[drop - 1].rv;
      this.entries = this.entries.slice(drop);
    }
  }

  /** Changes after rv, oldest first; undefined when some of them were already forgotten. */
  since(rv: number): Change[] | undefined {
    if (rv < this.floor) return undefined;
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    const out: Change[] = [];
    for (let i = lo; i < this.entries.length; i++) out.push(this.entries[i].change);
    return out;
  }

  get oldest(): number {
    return this.floor;
  }
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export class ObjectStore {
  private readonly types = new Map<string, ResourceType>();
  private readonly byKind = new Map<string, ResourceType>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly listeners = new Set<ChangeListener>();
  private readonly typeListeners = new Set<() => void>();
  private rv = 1000;
  private readonly log: ChangeLog;
  private lastSecond = NaN;
  private lastStamp = '';

  constructor(
    readonly clock: Clock,
    opts: StoreOptions = {}
  ) {
    this.log = new ChangeLog(Math.max(16, opts.historySize ?? 10_000), this.rv);
  }

  // ---- types ----

  registerType(t: ResourceType): void {
    const key = typeKey(t.group, t.resource);
    this.types.set(key, t);
    this.byKind.set(`${t.group}/${t.kind}`, t);
    if (!this.buckets.has(key)) this.buckets.set(key, new Bucket());
    this.typesChanged();
  }

  /** Stops serving a type; its objects are dropped (as when a CRD is deleted). */
  unregisterType(group: string, resource: string): void {
    const key = typeKey(group, resource);
    const t = this.types.get(key);
    if (!t) return;
    this.types.delete(key);
    this.byKind.delete(`${t.group}/${t.kind}`);
    this.buckets.delete(key);
    this.typesChanged();
  }

  /** Subscribes to types being registered or unregistered (discovery, watches); returns the unsubscribe function. */
  onTypesChanged(listener: () => void): () => void {
    this.typeListeners.add(listener);
    return () => this.typeListeners.delete(listener);
  }

  typeOf(group: string, resource: string): ResourceType | undefined {
    return this.types.get(typeKey(group, resource));
  }

  /** The type of an apiVersion + kind, e.g. ("apps/v1", "Deployment"). */
  typeForKind(apiVersion: string, kind: string): ResourceType | undefined {
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    return this.byKind.get(`${group}/${kind}`);
  }

  allTypes(): ResourceType[] {
    return Array.from(this.types.values());
  }

  // ---- reads ----

  get(group: string, resource: string, namespace: string | undefined, name: string): KObject | undefined {
    const t = this.types.get(typeKey(group, resource));
    if (!t) return undefined;
    return this.buckets
      .get(typeKey(group, resource))
      ?.items.get(objectKey(t.namespaced ? namespace : undefined, name));
  }

  /** Like get, but a NotFound StatusError when absent. */
  mustGet(group: string, resource: string, namespace: string | undefined, name: string): KObject {
    const obj = this.get(group, resource, namespace, name);
    if (!obj) throw notFound(group, resource, name);
    return obj;
  }

  /** Objects of a type in list order; all namespaces when namespace is undefined. */
  list(group: string, resource: string, namespace?: string): KObject[] {
    const bucket = this.buckets.get(typeKey(group, resource));
    if (!bucket) return [];
    const keys = bucket.keys();
    // Keys "ns/name" of one namespace sit between "ns/" and "ns0" ('0' follows '/').
    const lo = namespace ? lowerBound(keys, `${namespace}/`) : 0;
    const hi = namespace ? lowerBound(keys, `${namespace}0`) : keys.length;
    const out: KObject[] = new Array(hi - lo);
    for (let i = lo; i < hi; i++) out[i - lo] = bucket.items.get(keys[i])!;
    return out;
  }

  /**
   * One page of a type's objects in list order, starting after the key `after` (an opaque
   * continue position) — a binary search, so paging through n objects costs O(n) in total.
   */
  listPage(
    group: string,
    resource: string,
    opts: { namespace?: string; after?: string; limit?: number; filter?: (o: KObject) => boolean } = {}
  ): ListPage {
    const t = this.types.get(typeKey(group, resource));
    const bucket = this.buckets.get(typeKey(group, resource));
    if (!t || !bucket) return { items: [] };
    const keys = bucket.keys();
    const ns = t.namespaced ? opts.namespace : undefined;
    // Keys "ns/name" of one namespace sit between "ns/" and "ns0" ('0' follows '/').
    const lo = ns ? lowerBound(keys, `${ns}/`) : 0;
    const hi = ns ? lowerBound(keys, `${ns}0`) : keys.length;
    let i = opts.after !== undefined ? Math.max(lo, upperBound(keys, opts.after)) : lo;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const items: KObject[] = [];
    for (; i < hi && items.length < limit; i++) {
      const obj = bucket.items.get(keys[i])!;
      if (!opts.filter || opts.filter(obj)) items.push(obj);
    }
    const page: ListPage = { items };
    if (i < hi && items.length >= limit) {
      page.next = keys[i - 1];
      if (!opts.filter) page.remaining = hi - i;
    }
    return page;
  }

  /** The key listPage continues after for this object. */
  static keyOf(obj: KObject): string {
    return objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
  }

  /**
   * Changes after a resourceVersion, oldest first, for watches; undefined when that version is
   * older than the history kept (the apiserver's 410 Expired).
   */
  changesSince(resourceVersion: string | number): Change[] | undefined {
    return this.log.since(Number(resourceVersion));
  }

  /** The oldest resourceVersion a watch can resume from. */
  get oldestResourceVersion(): string {
    return String(this.log.oldest);
  }

  /** Creates many objects (scenario data, benchmarks): create() in a loop, failing on the first error. */
  createMany(objs: KObject[]): KObject[] {
    return objs.map(o => this.create(o));
  }

  count(group: string, resource: string): number {
    return this.buckets.get(typeKey(group, resource))?.items.size ?? 0;
  }

  /** The current resourceVersion of the whole store (for list metadata). */
  get resourceVersion(): string {
    return String(this.rv);
  }

  // ---- writes ----

  /**
   * Creates an object: generateName, uid, resourceVersion, creationTimestamp, generation.
   * Throws AlreadyExists or Invalid as the apiserver would.
   */
  create(obj: KObject, opts: { dryRun?: boolean; uid?: string } = {}): KObject {
    const t = this.requireType(obj);
    const meta: ObjectMeta = { ...(obj.metadata ?? {}) };
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
    if (!meta.name) {
      throw invalid(t.group, t.kind, '', [
        {
          field: 'metadata.name',
          reason: 'FieldValueRequired',
          message: 'Required value: name or generateName is required'
        }
      ]);
    }
    if (!DNS1123_SUBDOMAIN.test(meta.name) && t.kind !== 'APIService') {
      throw invalid(t.group, t.kind, meta.name, [
        {
          field: 'metadata.name',
          message: `Invalid value: "${meta.name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`
        }
      ]);
    }
    if (t.namespaced) {
      if (!meta.namespace) meta.namespace = 'default';
    } else {
      delete meta.namespace;
    }
    const bucket = this.buckets.get(typeKey(t.group, t.resource))!;
    const key = objectKey(meta.namespace, meta.name);
    if (bucket.items.has(key)) throw alreadyExists(t.group, t.resource, meta.name);
    meta.uid = opts.uid ?? randomUUID();
    meta.creationTimestamp = this.timestamp();
    meta.generation = 1;
    delete meta.deletionTimestamp;
    const stored: KObject = { ...obj, apiVersion: obj.apiVersion, kind: t.kind, metadata: meta };
    if (isNamespace(t)) {
      // As the namespace strategy: the "kubernetes" finalizer holds it until its content is gone.
      stored.spec = { ...(stored.spec ?? {}), finalizers: stored.spec?.finalizers ?? ['kubernetes'] };
      stored.status = { ...(stored.status ?? {}), phase: 'Active' };
    }
    if (opts.dryRun) return { ...stored, metadata: { ...meta } };
    meta.resourceVersion = this.nextRv();
    bucket.set(key, stored);
    this.emit({ type: 'ADDED', rtype: t, object: stored });
    return stored;
  }

  /**
   * Replaces an object. A resourceVersion that is set and not current is a Conflict.
   * With subresource "status" only status changes; otherwise status is kept and generation
   * rises when the spec changed.
   */
  update(obj: KObject, opts: { subresource?: 'status'; dryRun?: boolean; create?: boolean } = {}): KObject {
    const t = this.requireType(obj);
    const name = obj.metadata?.name;
    if (!name) {
      throw invalid(t.group, t.kind, '', [
        { field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name is required' }
      ]);
    }
    const namespace = t.namespaced ? obj.metadata.namespace || 'default' : undefined;
    const bucket = this.buckets.get(typeKey(t.group, t.resource))!;
    const key = objectKey(namespace, name);
    const current = bucket.items.get(key);
    if (!current) {
      if (opts.create) return this.create({ ...obj, metadata: { ...obj.metadata, namespace } }, opts);
      throw notFound(t.group, t.resource, name);
    }
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) throw conflict(t.group, t.resource, name);
    let next: KObject;
    if (opts.subresource === 'status') {
      next = { ...current, status: obj.status };
    } else {
      const { status: _ignored, ...rest } = obj;
      next = { ...rest, kind: t.kind, metadata: { ...obj.metadata } } as KObject;
      if (current.status !== undefined && t.subresources.includes('status')) next.status = current.status;
      else if (obj.status !== undefined) next.status = obj.status;
      // Server-owned fields cannot be changed by an update.
      next.metadata.uid = current.metadata.uid;
      next.metadata.creationTimestamp = current.metadata.creationTimestamp;
      next.metadata.namespace = current.metadata.namespace;
      next.metadata.name = current.metadata.name;
      if (current.metadata.deletionTimestamp)
        next.metadata.deletionTimestamp = current.metadata.deletionTimestamp;
      const specChanged = JSON.stringify(specOf(current)) !== JSON.stringify(specOf(next));
      next.metadata.generation = (current.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    }
    next.apiVersion = obj.apiVersion || current.apiVersion;
    if (opts.dryRun) return next;
    next.metadata = { ...next.metadata, resourceVersion: this.nextRv() };
    // A terminating object whose last finalizer went away is removed.
    if (next.metadata.deletionTimestamp && !hasFinalizers(t, next)) {
      bucket.delete(key);
      this.emit({ type: 'DELETED', rtype: t, object: next, old: current });
      return next;
    }
    bucket.set(key, next);
    this.emit({ type: 'MODIFIED', rtype: t, object: next, old: current });
    return next;
  }

  /**
   * Deletes an object. With finalizers it only gets a deletionTimestamp (and stays until they are
   * removed); otherwise it is gone. Returns the object as the apiserver reports it.
   */
  delete(
    group: string,
    resource: string,
    namespace: string | undefined,
    name: string,
    opts: { dryRun?: boolean; preconditionUid?: string; preconditionRv?: string } = {}
  ): { object: KObject; removed: boolean } {
    const t = this.types.get(typeKey(group, resource));
    if (!t) throw notFound(group, resource, name);
    const bucket = this.buckets.get(typeKey(group, resource))!;
    const key = objectKey(t.namespaced ? namespace : undefined, name);
    const current = bucket.items.get(key);
    if (!current) throw notFound(group, resource, name);
    if (opts.preconditionUid && opts.preconditionUid !== current.metadata.uid) {
      throw conflict(
        group,
        resource,
        name,
        `Precondition failed: UID in precondition: ${opts.preconditionUid}, UID in object meta: ${current.metadata.uid}`
      );
    }
    if (opts.preconditionRv && opts.preconditionRv !== current.metadata.resourceVersion) {
      throw conflict(
        group,
        resource,
        name,
        `Precondition failed: ResourceVersion in precondition: ${opts.preconditionRv}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`
      );
    }
    if (opts.dryRun) return { object: current, removed: false };
    if (hasFinalizers(t, current)) {
      if (current.metadata.deletionTimestamp) return { object: current, removed: false };
      const next: KObject = {
        ...current,
        metadata: {
          ...current.metadata,
          deletionTimestamp: this.timestamp(),
          deletionGracePeriodSeconds: 0,
          resourceVersion: this.nextRv()
        }
      };
      if (isNamespace(t)) next.status = { ...(current.status ?? {}), phase: 'Terminating' };
      bucket.set(key, next);
      this.emit({ type: 'MODIFIED', rtype: t, object: next, old: current });
      return { object: next, removed: false };
    }
    bucket.delete(key);
    const gone: KObject = { ...current, metadata: { ...current.metadata, resourceVersion: this.nextRv() } };
    this.emit({ type: 'DELETED', rtype: t, object: gone, old: current });
    return { object: gone, removed: true };
  }

  // ---- events ----

  /** Subscribes to every change; returns the unsubscribe function. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  timestamp(): string {
    // Seconds resolution, as the apiserver: one formatted string per second, not per object.
    const second = Math.floor(this.clock.now() / 1000);
    if (second !== this.lastSecond) {
      this.lastSecond = second;
      this.lastStamp = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    return this.lastStamp;
  }

  private nextRv(): string {
    this.rv += 1;
    return String(this.rv);
  }

  private emit(change: Change): void {
    // Logged before listeners run, so the log stays in resourceVersion order even when a
    // listener writes to the store while being told about this change.
    this.log.add(Number(change.object.metadata.resourceVersion), change);
    for (const l of Array.from(this.listeners)) l(change);
  }

  private typesChanged(): void {
    for (const l of Array.from(this.typeListeners)) l();
  }

  private requireType(obj: KObject): ResourceType {
    const t =
      obj && typeof obj === 'object'
        ? this.typeForKind(String(obj.apiVersion ?? ''), String(obj.kind ?? ''))
        : undefined;
    if (!t) {
      throw new StatusError(
        404,
        'NotFound',
        `the server could not find the requested resource (kind "${obj?.kind}" in "${obj?.apiVersion}")`
      );
    }
    return t;
  }
}

function isNamespace(t: ResourceType): boolean {
  return t.group === '' && t.resource === 'namespaces';
}

/** metadata.finalizers, and for a namespace also spec.finalizers (the namespace controller's). */
function hasFinalizers(t: ResourceType, obj: KObject): boolean {
  if ((obj.metadata.finalizers ?? []).length > 0) return true;
  return isNamespace(t) && Array.isArray(obj.spec?.finalizers) && obj.spec.finalizers.length > 0;
}

function specOf(obj: KObject): unknown {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';

/** Five characters from the apiserver's generateName alphabet. */
export function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(Math.random() * ALNUM.length)];
  return s;
}
