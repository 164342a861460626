/**
 * What the simulator's HTTP layer (server, REST) asks of its behaviours (controllers, scenarios,
 * handlers). The server calls these hooks; behaviours register them. Neither side imports the other.
 */
import type { KObject, ResourceType } from './store.js';

/** A request through `services/proxy` or `pods/proxy`, or to an APIService-backed group. */
export interface ProxyRequest {
  method: string;
  /** Path after `/proxy` (services/pods) or the full path (aggregated APIs), always starting with "/". */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ProxyTarget {
  kind: 'service' | 'pod';
  namespace: string;
  name: string;
  /** Port number or name as given in the URL ("9400", "http-web"). */
  port: string;
  /** "http" or "https" when the URL named one. */
  scheme?: string;
}

export interface ProxyResponse {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

export interface AggregatedTarget {
  group: string;
  version: string;
  /** The APIService object that routes this group/version. */
  apiService: KObject;
}

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionRequest {
  operation: AdmissionOperation;
  rtype: ResourceType;
  /** The object after the change (CREATE, UPDATE); the object being deleted (DELETE). */
  object: KObject;
  oldObject?: KObject;
  subresource?: string;
  dryRun: boolean;
  user: string;
}

/**
 * An admission step (defaulting, validation, a simulated webhook). Returns the object to store
 * (possibly mutated) or nothing to leave it; throws a StatusError to deny.
 */
export type AdmissionPlugin = (req: AdmissionRequest) => KObject | void;

export interface SimHooks {
  /** services/proxy and pods/proxy. Undefined answer: nothing listens there (503, as the apiserver says). */
  proxy?(target: ProxyTarget, req: ProxyRequest): Promise<ProxyResponse | undefined> | ProxyResponse | undefined;
  /** APIService-backed groups (custom.metrics.k8s.io, external.metrics.k8s.io, metrics.k8s.io). */
  aggregated?(
    target: AggregatedTarget,
    req: ProxyRequest
  ): Promise<ProxyResponse | undefined> | ProxyResponse | undefined;
  /** pods/log: the container's log text, or undefined when the container has not started. */
  podLog?(namespace: string, pod: string, container: string | undefined, opts: { tailLines?: number; previous?: boolean }): string | undefined;
  /** Run in order on every write through the API (not on writes behaviours make to the store directly). */
  admission?: AdmissionPlugin[];
}
