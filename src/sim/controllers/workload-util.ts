/** Helpers the workload controllers share: owned objects, status writes without no-op updates. */
import type { KObject, ObjectStore } from '../store.js';

export function ownedBy(objs: KObject[], uid: string): KObject[] {
  return objs.filter(o => (o.metadata.ownerReferences ?? []).some(r => r.uid === uid && r.controller));
}

export function controllerOf(obj: KObject): { kind: string; name: string; uid: string } | undefined {
  return (obj.metadata.ownerReferences ?? []).find(r => r.controller);
}

/** Writes status only when it changed (no resourceVersion churn, no change storms). */
export function writeStatus(store: ObjectStore, obj: KObject, status: Record<string, unknown>): void {
  const clean = Object.fromEntries(Object.entries(status).filter(([, v]) => v !== undefined));
  if (JSON.stringify(clean) === JSON.stringify(obj.status ?? {})) return;
  store.update({ ...obj, status: clean }, { subresource: 'status' });
}

/** Omits zero counts as the apps controllers' status does (readyReplicas: 0 is not shown). */
export function nz(n: number): number | undefined {
  return n ? n : undefined;
}
