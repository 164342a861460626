/**
 * events.k8s.io/v1 Events and core v1 Events are one resource in a real apiserver, seen through
 * two schemas. The store keeps them as two types, so this mirror copies every write of one into
 * the other (converted: involvedObject↔regarding, message↔note, source↔reportingController, ...),
 * with the same name and uid.
 */
import type { Change, KObject, ObjectStore } from './store.js';

const CORE = { group: '', resource: 'events' };
const V1 = { group: 'events.k8s.io', resource: 'events' };

function drop<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function meta(o: KObject): KObject['metadata'] {
  const {
    resourceVersion: _rv,
    creationTimestamp: _c,
    generation: _g,
    managedFields: _m,
    ...rest
  } = o.metadata;
  return rest;
}

export function coreToEventsV1(e: KObject): KObject {
  return drop({
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: meta(e),
    eventTime: e.eventTime ?? null,
    series: e.series,
    reportingController: e.reportingComponent || e.source?.component || undefined,
    reportingInstance: e.reportingInstance || e.source?.host || undefined,
    action: e.action,
    reason: e.reason,
    regarding: e.involvedObject,
    related: e.related,
    note: e.message,
    type: e.type,
    deprecatedSource: e.source,
    deprecatedFirstTimestamp: e.firstTimestamp,
    deprecatedLastTimestamp: e.lastTimestamp,
    deprecatedCount: e.count
  });
}

export function eventsV1ToCore(e: KObject): KObject {
  return drop({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta(e),
    involvedObject: e.regarding ?? {},
    reason: e.reason,
    message: e.note,
    source:
      e.deprecatedSource ??
      (e.reportingController ? { component: e.reportingController, host: e.reportingInstance } : undefined),
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
    type: e.type,
    eventTime: e.eventTime,
    series: e.series,
    action: e.action,
    related: e.related,
    reportingComponent: e.reportingController ?? '',
    reportingInstance: e.reportingInstance ?? ''
  });
}

const installed = new WeakSet<ObjectStore>();

export function installEventMirror(store: ObjectStore): void {
  if (installed.has(store)) return;
  installed.add(store);
  let mirroring = false;
  const mirror = (c: Change): void => {
    const fromCore = c.rtype.group === CORE.group && c.rtype.resource === CORE.resource;
    const fromV1 = c.rtype.group === V1.group && c.rtype.resource === V1.resource;
    if (mirroring || (!fromCore && !fromV1)) return;
    const target = fromCore ? V1 : CORE;
    if (!store.typeOf(target.group, target.resource)) return;
    const { namespace, name, uid } = c.object.metadata;
    mirroring = true;
    try {
      const existing = store.get(target.group, target.resource, namespace, name!);
      if (c.type === 'DELETED') {
        if (existing) store.delete(target.group, target.resource, namespace, name!);
        return;
      }
      const converted = fromCore ? coreToEventsV1(c.object) : eventsV1ToCore(c.object);
      if (!existing) store.create(converted, { uid });
      else store.update({ ...converted, metadata: { ...converted.metadata, resourceVersion: undefined } });
    } finally {
      mirroring = false;
    }
  };
  store.onChange(mirror);
}
