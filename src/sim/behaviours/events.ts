/**
 * Records core/v1 Events as the kubelet, scheduler and controllers do: named
 * `<object>.<hex>` (the hex from the clock, so names are deterministic), and repeated events
 * (same object, reason and message) counted on one Event rather than piling up.
 */
import type { Clock } from '../clock.js';
import type { KObject, ObjectStore } from '../store.js';

export interface EventSource {
  component: string;
  host?: string;
}

export class EventRecorder {
  private seq = 0;
  /** object uid → (reason, message) → Event, for counting repeats. */
  private readonly seen = new Map<string, Map<string, { namespace: string; name: string }>>();
  private enabled = true;

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock
  ) {}

  /** Stops recording (e.g. when the store has no events type). */
  disable(): void {
    this.enabled = false;
  }

  record(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource): void {
    if (!this.enabled || !this.store.typeOf('', 'events')) return;
    const namespace = obj.metadata.namespace || 'default';
    const now = this.store.timestamp();
    const uid = obj.metadata.uid ?? '';
    const key = `${reason}\u0000${message}`;
    const prior = this.seen.get(uid)?.get(key);
    if (prior) {
      const ev = this.store.get('', 'events', prior.namespace, prior.name);
      if (ev) {
        this.store.update({ ...ev, count: (ev.count ?? 1) + 1, lastTimestamp: now, metadata: { ...ev.metadata, resourceVersion: undefined } });
        return;
      }
    }
    // BigInt: as a float, now × 10^6 loses the sequence number and same-instant events would collide.
    const hex = (BigInt(this.clock.now()) * 1_000_000n + BigInt(this.seq++)).toString(16);
    const name = `${obj.metadata.name}.${hex}`;
    const ev: KObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion
      },
      reason,
      message,
      type,
      source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: source.component,
      reportingInstance: source.host ?? ''
    };
    try {
      this.store.create(ev);
      let byObject = this.seen.get(uid);
      if (!byObject) this.seen.set(uid, (byObject = new Map()));
      byObject.set(key, { namespace, name });
    } catch {
      // The namespace of a cluster-scoped object's events may be gone; events are best effort.
    }
  }

  /** Forgets counters of an object (when it is deleted). */
  forget(uid: string | undefined): void {
    if (uid) this.seen.delete(uid);
  }
}
