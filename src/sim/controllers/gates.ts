/**
 * Whether an add-on's controller can act: its pod runs ready (a controller whose pod is broken
 * does nothing, as on a real cluster), and whether a webhook Service has ready endpoints.
 */
import type { KObject, ObjectStore } from '../store.js';
import type { SimContext } from './context.js';
import { isPodReady } from './pod-index.js';
import type { PodGate, ServiceRef } from './settings.js';

export function isGatePod(gate: PodGate | undefined, pod: KObject): boolean {
  if (!gate || pod.metadata.namespace !== gate.namespace) return false;
  return Object.entries(gate.labels).every(([k, v]) => pod.metadata.labels?.[k] === v);
}

/** True without a gate (a managed component with no pod in the cluster). */
export function gateOpen(ctx: SimContext, gate: PodGate | undefined): boolean {
  if (!gate) return true;
  return ctx.store
    .list('', 'pods', gate.namespace)
    .some(p => isGatePod(gate, p) && p.status?.phase === 'Running' && isPodReady(p));
}

/** Whether a Service's EndpointSlices list a ready endpoint (what the apiserver needs to call a webhook). */
export function serviceHasReadyEndpoints(store: ObjectStore, ref: ServiceRef): boolean {
  if (
    !store.get('', 'services', ref.namespace, ref.name) ||
    !store.typeOf('discovery.k8s.io', 'endpointslices')
  )
    return false;
  return store
    .list('discovery.k8s.io', 'endpointslices', ref.namespace)
    .some(
      s =>
        s.metadata.labels?.['kubernetes.io/service-name'] === ref.name &&
        (s.endpoints ?? []).some((e: any) => e.conditions?.ready)
    );
}
