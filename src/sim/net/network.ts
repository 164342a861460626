/**
 * The cluster network: what answers HTTP on a pod's port (exporters, Prometheus, gateways, the
 * simulated programs of containers), how a Service picks a ready endpoint, how a name or address
 * seen inside the cluster resolves (Service DNS names, cluster IPs, load-balancer IPs, pod IPs),
 * and the API server's services/proxy and pods/proxy. Everything is synchronous: a request is
 * answered at the simulated instant it is made.
 */
import type { ProxyRequest, ProxyResponse, ProxyTarget } from '../contracts.js';
import type { SimContext } from '../controllers/context.js';
import { isPodReady } from '../controllers/pod-index.js';
import type { KObject } from '../store.js';

export type HttpRequest = ProxyRequest;
export type HttpResponse = ProxyResponse;

/** Answers the requests reaching one pod port. */
export type PodHandler = (req: HttpRequest) => HttpResponse;

/** Who listens on a pod's port; undefined: nothing does (the connection is refused). */
export type PodServerResolver = (pod: KObject, port: number) => PodHandler | undefined;

export interface Endpoint {
  pod: KObject;
  port: number;
}

/** The outcome of a request made from inside the cluster. */
export type FetchResult =
  | { ok: true; response: HttpResponse }
  | { ok: false; error: 'resolve' | 'connect'; host: string; port: number };

export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const json = (status: number, body: unknown): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body)
});

/** A Status as the API server answers a proxy request it could not complete. */
export function proxyStatus(code: number, reason: string, message: string): HttpResponse {
  return json(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

function labelsMatch(want: Record<string, string> | undefined, have: Record<string, string> | undefined): boolean {
  const w = want ?? {};
  return Object.keys(w).length > 0 && Object.entries(w).every(([k, v]) => have?.[k] === v);
}

/** A request with lower-case header names, a query and a body. */
export function makeRequest(method: string, pathAndQuery: string, headers: Record<string, string> = {}, body: string | Buffer = ''): HttpRequest {
  const i = pathAndQuery.indexOf('?');
  const path = i < 0 ? pathAndQuery : pathAndQuery.slice(0, i);
  const query = new URLSearchParams(i < 0 ? '' : pathAndQuery.slice(i + 1));
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  return { method, path: path || '/', query, headers: lower, body: Buffer.isBuffer(body) ? body : Buffer.from(body) };
}

export class ClusterNetwork {
  private readonly resolvers: PodServerResolver[] = [];
  private readonly next = new Map<string, number>();

  constructor(private readonly ctx: SimContext) {}

  /** Adds who may answer on pods' ports; `first` resolvers win over the others. */
  addResolver(resolver: PodServerResolver, first = false): void {
    if (first) this.resolvers.unshift(resolver);
    else this.resolvers.push(resolver);
  }

  /** A container port from a number or one of the pod's port names. */
  podPort(pod: KObject, port: string | number | undefined): number | undefined {
    if (port === undefined || port === '') {
      for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) return p.containerPort;
      return undefined;
    }
    if (typeof port === 'number' || /^\d+$/.test(port)) return Number(port);
    for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === port) return p.containerPort;
    return undefined;
  }

  /** What answers on a pod's port now (a running pod with an IP), if anything. */
  handlerAt(pod: KObject, port: number): PodHandler | undefined {
    if (pod.status?.phase !== 'Running' || !pod.status?.podIP || pod.metadata.deletionTimestamp) return undefined;
    for (const r of this.resolvers) {
      const h = r(pod, port);
      if (h) return h;
    }
    return undefined;
  }

  /** Sends a request to a pod's port; undefined when the connection is refused. */
  toPod(pod: KObject, port: number, req: HttpRequest): HttpResponse | undefined {
    const h = this.handlerAt(pod, port);
    return h ? h(req) : undefined;
  }

  /** The Service port a number or name refers to (the first port when none is given). */
  servicePort(svc: KObject, port: string | number | undefined): any {
    const ports: any[] = svc.spec?.ports ?? [];
    if (port === undefined || port === '') return ports[0];
    return ports.find(p => String(p.port) === String(port) || p.name === port);
  }

  /** Ready endpoints of a Service port: its selected pods, running and ready, with the target port. */
  endpoints(svc: KObject, servicePort: any): Endpoint[] {
    // Services without a selector have no simulated endpoints.
    const selector = svc.spec?.selector;
    if (!servicePort || !selector || !Object.keys(selector).length) return [];
    const out: Endpoint[] = [];
    for (const pod of this.ctx.store.list('', 'pods', svc.metadata.namespace)) {
      if (!labelsMatch(selector, pod.metadata.labels) || !isPodReady(pod) || pod.status?.phase !== 'Running' || !pod.status?.podIP) continue;
      const port = this.podPort(pod, servicePort.targetPort ?? servicePort.port);
      if (port !== undefined) out.push({ pod, port });
    }
    return out.sort((a, b) => a.pod.metadata.name!.localeCompare(b.pod.metadata.name!));
  }

  /** One ready endpoint of a Service port, taken in turn (as kube-proxy spreads connections). */
  pickEndpoint(svc: KObject, servicePort: any): Endpoint | undefined {
    const eps = this.endpoints(svc, servicePort);
    if (!eps.length) return undefined;
    const key = `${svc.metadata.uid}/${servicePort.port}`;
    const n = this.next.get(key) ?? 0;
    this.next.set(key, n + 1);
    return eps[n % eps.length];
  }

  /** The API server's services/proxy and pods/proxy. Undefined: nothing answers (the REST layer says 503). */
  proxy(target: ProxyTarget, req: HttpRequest): HttpResponse | undefined {
    const { store } = this.ctx;
    if (target.kind === 'pod') {
      const pod = store.get('', 'pods', target.namespace, target.name);
      const port = pod && this.podPort(pod, target.port);
      return pod && port !== undefined ? this.toPod(pod, port, req) : undefined;
    }
    const svc = store.get('', 'services', target.namespace, target.name);
    if (!svc) return proxyStatus(404, 'NotFound', `services "${target.name}" not found`);
    const sp = this.servicePort(svc, target.port);
    const ep = sp && this.pickEndpoint(svc, sp);
    if (!ep) return proxyStatus(503, 'ServiceUnavailable', `no endpoints available for service "${target.name}"`);
    const answer = this.toPod(ep.pod, ep.port, req);
    return (
      answer ??
      proxyStatus(503, 'ServiceUnavailable', `error trying to reach service: dial tcp ${ep.pod.status.podIP}:${ep.port}: connect: connection refused`)
    );
  }

  /** Sends a request to a Service port through one of its ready endpoints; undefined when none answers. */
  toService(svc: KObject, port: string | number | undefined, req: HttpRequest): HttpResponse | undefined {
    const sp = this.servicePort(svc, port);
    const ep = sp && this.pickEndpoint(svc, sp);
    return ep ? this.toPod(ep.pod, ep.port, req) : undefined;
  }

  /**
   * A request from a pod in `namespace` to a URL: the host is a Service DNS name (`svc`,
   * `svc.ns`, `svc.ns.svc[.cluster.local]`), a cluster IP, a load-balancer IP or a pod IP.
   */
  fetch(namespace: string, url: string, init: FetchInit = {}): FetchResult {
    const m = /^(https?):\/\/([^/:?#]+)(?::(\d+))?([^#]*)/i.exec(url.trim()) ?? /^()([^/:?#]+)(?::(\d+))?([^#]*)/.exec(url.trim());
    const host = (m?.[2] ?? '').toLowerCase().replace(/\.$/, '');
    const port = m?.[3] ? Number(m[3]) : m?.[1]?.toLowerCase() === 'https' ? 443 : 80;
    const headers: Record<string, string> = { host: m?.[3] ? `${host}:${port}` : host, 'user-agent': 'curl/8.14.1', accept: '*/*', ...lowerKeys(init.headers ?? {}) };
    const req = makeRequest(init.method ?? 'GET', m?.[4] || '/', headers, init.body ?? '');
    const target = this.resolve(namespace, host);
    if (!target) return { ok: false, error: 'resolve', host, port };
    let answer: HttpResponse | undefined;
    if (target.kind === 'pod') answer = this.toPod(target.obj, port, req);
    else if (target.obj.spec?.ports?.some((p: any) => p.port === port)) answer = this.toService(target.obj, port, req);
    return answer ? { ok: true, response: answer } : { ok: false, error: 'connect', host, port };
  }

  /** The Service or pod a host name or address means to a pod in `namespace`. */
  resolve(namespace: string, host: string): { kind: 'service' | 'pod'; obj: KObject } | undefined {
    const { store } = this.ctx;
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
      for (const svc of store.list('', 'services')) {
        const ips = [svc.spec?.clusterIP, ...(svc.spec?.clusterIPs ?? []), ...(svc.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip)];
        if (ips.includes(host)) return { kind: 'service', obj: svc };
      }
      const pod = store.list('', 'pods').find(p => p.status?.podIP === host && !p.spec?.hostNetwork && p.status?.phase === 'Running');
      return pod ? { kind: 'pod', obj: pod } : undefined;
    }
    const labels = host.split('.');
    const suffix = labels.slice(2).join('.');
    if (labels.length > 2 && !['svc', 'svc.cluster.local'].includes(suffix)) return undefined;
    const ns = labels[1] ?? namespace;
    const svc = store.get('', 'services', ns, labels[0]);
    return svc ? { kind: 'service', obj: svc } : undefined;
  }
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}
