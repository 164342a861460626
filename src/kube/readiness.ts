/**
 * Readiness as the objects themselves report it: conditions, ready replica counts, CRD
 * Established, APIService Available. Pure functions over the JSON the API returns.
 */

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export function conditions(obj: any): Condition[] {
  const list = obj?.status?.conditions;
  return Array.isArray(list) ? list.filter((c: any) => c && typeof c.type === 'string') : [];
}

export function condition(obj: any, type: string): Condition | undefined {
  return conditions(obj).find(c => c.type === type);
}

export function isTrue(obj: any, type: string): boolean {
  return condition(obj, type)?.status === 'True';
}

/** "Accepted=False (InvalidParameters: ...)" for evidence and reasons. */
export function describeCondition(obj: any, type: string): string {
  const c = condition(obj, type);
  if (!c) return `${type} not reported`;
  const why = [c.reason, c.message].filter(Boolean).join(': ');
  return `${type}=${c.status}${why ? ` (${why.length > 120 ? `${why.slice(0, 117)}...` : why})` : ''}`;
}

export interface CrdState {
  name: string;
  group: string;
  kind: string;
  scope: string;
  established: boolean;
  namesAccepted: boolean;
  /** Versions with served: true, storage version first. */
  served: string[];
  storage?: string;
  annotations: Record<string, string>;
  /** Why it is not established, when it is not. */
  problem?: string;
}

/** A CRD's state without its schema (which can be hundreds of kilobytes). */
export function crdState(crd: any): CrdState {
  const versions: any[] = Array.isArray(crd?.spec?.versions) ? crd.spec.versions : [];
  const storage = versions.find(v => v.storage)?.name;
  const served = versions.filter(v => v.served !== false).map(v => String(v.name));
  const established = isTrue(crd, 'Established');
  const namesAccepted = isTrue(crd, 'NamesAccepted');
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(crd?.metadata?.annotations ?? {})) {
    // Only short, informative annotations (bundle versions, channels); never the last-applied blob.
    if (typeof v === 'string' && v.length <= 200 && !k.startsWith('kubectl.kubernetes.io/'))
      annotations[k] = v;
  }
  return {
    name: String(crd?.metadata?.name ?? ''),
    group: String(crd?.spec?.group ?? ''),
    kind: String(crd?.spec?.names?.kind ?? ''),
    scope: String(crd?.spec?.scope ?? ''),
    established,
    namesAccepted,
    served: storage ? [storage, ...served.filter(v => v !== storage)] : served,
    storage,
    annotations,
    problem: established ? undefined : describeCondition(crd, established ? 'NamesAccepted' : 'Established')
  };
}

export interface ControllerState {
  kind: 'Deployment' | 'DaemonSet' | 'StatefulSet';
  namespace: string;
  name: string;
  desired: number;
  ready: number;
  /** Every wanted replica ready (a DaemonSet scheduled nowhere is not). */
  allReady: boolean;
  /** At least one replica ready and the controller does not report itself unavailable. */
  serving: boolean;
  /** "2/2 ready", "0/1 ready (MinimumReplicasUnavailable)", "scheduled on no node". */
  summary: string;
}

export function controllerState(kind: ControllerState['kind'], obj: any): ControllerState {
  const namespace = String(obj?.metadata?.namespace ?? '');
  const name = String(obj?.metadata?.name ?? '');
  const s = obj?.status ?? {};
  let desired: number;
  let ready: number;
  if (kind === 'DaemonSet') {
    desired = num(s.desiredNumberScheduled);
    ready = num(s.numberReady);
  } else {
    desired = obj?.spec?.replicas === undefined ? 1 : num(obj.spec.replicas);
    ready = num(s.readyReplicas);
  }
  const available = condition(obj, 'Available');
  const stale = num(s.observedGeneration, Infinity) < num(obj?.metadata?.generation, 0);
  const serving = ready > 0 && available?.status !== 'False';
  const readyAll = desired > 0 && ready >= desired && !stale;
  let summary =
    desired === 0
      ? kind === 'DaemonSet'
        ? 'scheduled on no node'
        : 'scaled to 0'
      : `${ready}/${desired} ready`;
  if (desired > 0 && !serving && available?.reason) summary += ` (${available.reason})`;
  return { kind, namespace, name, desired, ready, allReady: readyAll, serving, summary };
}

function num(value: unknown, fallback = 0): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : fallback;
}

export interface ApiServiceState {
  name: string;
  available: boolean;
  /** "kube-system/metrics-server" or "Local". */
  service: string;
  detail: string;
}

export function apiServiceState(obj: any): ApiServiceState {
  const svc = obj?.spec?.service;
  return {
    name: String(obj?.metadata?.name ?? ''),
    available: isTrue(obj, 'Available'),
    service: svc ? `${svc.namespace}/${svc.name}` : 'Local',
    detail: describeCondition(obj, 'Available')
  };
}

/** Ready endpoints of EndpointSlices (a nil `ready` condition means ready, as the API defines). */
export function readyEndpoints(slices: any[]): number {
  let n = 0;
  for (const slice of slices) {
    for (const ep of Array.isArray(slice?.endpoints) ? slice.endpoints : []) {
      if (ep?.conditions?.ready !== false)
        n += Array.isArray(ep.addresses) && ep.addresses.length > 0 ? 1 : 0;
    }
  }
  return n;
}
