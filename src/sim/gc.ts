/**
 * The garbage collector: objects whose owners (metadata.ownerReferences) are gone are deleted
 * (background propagation); an owner deleted with propagationPolicy=Foreground keeps the
 * `foregroundDeletion` finalizer until its dependents are gone. Orphaning is done by the REST
 * layer before the owner is deleted (see orphanDependents). Work runs in a microtask after the
 * change, so watch streams see the owner's event before its dependents'.
 */
import { StatusError } from './errors.js';
import type { Change, KObject, ObjectStore } from './store.js';

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

interface Ref {
  group: string;
  resource: string;
  namespace?: string;
  name: string;
}

const collectors = new WeakMap<ObjectStore, GarbageCollector>();

export class GarbageCollector {
  /** uid -> where the object lives, for every object in the store. */
  private readonly byUid = new Map<string, Ref>();
  /** owner uid -> dependent uids. */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly queue = new Set<string>();
  private scheduled = false;

  constructor(private readonly store: ObjectStore) {
    for (const t of store.allTypes())
      for (const o of store.list(t.group, t.resource))
        this.index(o, { group: t.group, resource: t.resource });
    store.onChange(c => this.observe(c));
  }

  /** Dependents of an owner that still exist. */
  dependentsOf(ownerUid: string): KObject[] {
    const out: KObject[] = [];
    for (const uid of this.dependents.get(ownerUid) ?? []) {
      const o = this.lookup(uid);
      if (o) out.push(o);
    }
    return out;
  }

  /** Removes the owner reference to ownerUid from every dependent (propagationPolicy=Orphan). */
  orphanDependents(ownerUid: string): void {
    for (const dep of this.dependentsOf(ownerUid)) {
      const refs = (dep.metadata.ownerReferences ?? []).filter(r => r.uid !== ownerUid);
      this.store.update({
        ...dep,
        metadata: {
          ...dep.metadata,
          resourceVersion: undefined,
          ownerReferences: refs.length ? refs : undefined
        }
      });
    }
  }

  private lookup(uid: string): KObject | undefined {
    const ref = this.byUid.get(uid);
    if (!ref) return undefined;
    const o = this.store.get(ref.group, ref.resource, ref.namespace, ref.name);
    return o && o.metadata.uid === uid ? o : undefined;
  }

  private index(o: KObject, t: { group: string; resource: string }): void {
    const uid = o.metadata.uid;
    if (!uid) return;
    this.byUid.set(uid, {
      group: t.group,
      resource: t.resource,
      namespace: o.metadata.namespace,
      name: o.metadata.name!
    });
    for (const r of o.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(r.uid);
      if (!set) this.dependents.set(r.uid, (set = new Set()));
      set.add(uid);
    }
  }

  private unindexOwners(o: KObject): void {
    for (const r of o.metadata.ownerReferences ?? []) {
      const set = this.dependents.get(r.uid);
      set?.delete(o.metadata.uid!);
      if (set && !set.size) this.dependents.delete(r.uid);
    }
  }

  private observe(c: Change): void {
    const uid = c.object.metadata.uid;
    if (!uid) return;
    if (c.old) this.unindexOwners(c.old);
    if (c.type === 'DELETED') {
      this.unindexOwners(c.object);
      this.byUid.delete(uid);
      if (this.dependents.has(uid)) this.enqueue(uid);
      // An owner waiting in the foreground may now be free.
      for (const r of c.object.metadata.ownerReferences ?? []) this.enqueue(r.uid);
      return;
    }
    this.index(c.object, c.rtype);
    if (c.object.metadata.deletionTimestamp && (c.object.metadata.finalizers ?? []).includes(FOREGROUND))
      this.enqueue(uid);
  }

  private enqueue(uid: string): void {
    this.queue.add(uid);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.drain());
    }
  }

  private drain(): void {
    this.scheduled = false;
    while (this.queue.size) {
      const uid: string = this.queue.values().next().value!;
      this.queue.delete(uid);
      try {
        this.process(uid);
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        // NotFound/Conflict: someone else got there first; the next change re-queues if needed.
      }
    }
  }

  private process(uid: string): void {
    const owner = this.lookup(uid);
    if (!owner) {
      // The owner is gone: delete dependents that have no other live owner.
      for (const dep of this.dependentsOf(uid)) {
        const others = (dep.metadata.ownerReferences ?? []).filter(r => r.uid !== uid && this.lookup(r.uid));
        if (others.length) {
          this.store.update({
            ...dep,
            metadata: { ...dep.metadata, resourceVersion: undefined, ownerReferences: others }
          });
        } else if (!dep.metadata.deletionTimestamp) {
          this.deleteObject(dep);
        }
      }
      return;
    }
    if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FOREGROUND)) {
      const deps = this.dependentsOf(uid);
      for (const dep of deps) if (!dep.metadata.deletionTimestamp) this.deleteObject(dep, true);
      if (!this.dependentsOf(uid).length) {
        const fresh = this.lookup(uid)!;
        const finalizers = (fresh.metadata.finalizers ?? []).filter(f => f !== FOREGROUND);
        this.store.update({
          ...fresh,
          metadata: { ...fresh.metadata, resourceVersion: undefined, finalizers }
        });
      }
    }
  }

  private deleteObject(o: KObject, foreground = false): void {
    const ref = this.byUid.get(o.metadata.uid!)!;
    if (foreground && this.dependents.has(o.metadata.uid!)) {
      const finalizers = [...(o.metadata.finalizers ?? []), FOREGROUND];
      this.store.update({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, finalizers } });
    }
    this.store.delete(ref.group, ref.resource, ref.namespace, ref.name);
  }
}

/** The collector of a store, started on first use. */
export function installGarbageCollector(store: ObjectStore): GarbageCollector {
  let gc = collectors.get(store);
  if (!gc) collectors.set(store, (gc = new GarbageCollector(store)));
  return gc;
}
