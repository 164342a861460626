/**
 * A Gateway API data plane as Envoy Gateway programs it: requests reaching a Gateway's envoy
 * pods are matched against the HTTPRoutes attached to the Gateway's listeners (hostnames, path
 * Exact/PathPrefix/RegularExpression, exact or regex header matches, query parameters, method,
 * with the Gateway API's precedence between rules), then sent to one backendRef picked by weight
 * (a seeded random draw per rule, so runs repeat) — a Service's ready endpoints, or an
 * InferencePool's pods chosen by its endpoint picker. No matching rule: 404, as Envoy answers.
 *
 * Handler options: `controllerName` (the GatewayClass controller implemented), and for broken
 * variants `ignoreWeights` (backends picked uniformly), `ignoreHeaderMatch` (header matches are
 * not applied, so the first of otherwise equal rules takes every request) and
 * `inferencePoolSupport: false` (InferencePool backends are not accepted).
 */
import { createHash } from 'node:crypto';
import type { SimContext } from '../controllers/context.js';
import { isPodReady } from '../controllers/pod-index.js';
import type { HandlerSpec } from '../scenarios/types.js';
import type { KObject, ObjectStore } from '../store.js';
import type { ClusterNetwork, HttpRequest, HttpResponse, PodServerResolver } from './network.js';

export const GW = 'gateway.networking.k8s.io';
export const INF = 'inference.networking.k8s.io';
export const OWNING_NAME = 'gateway.envoyproxy.io/owning-gateway-name';
export const OWNING_NAMESPACE = 'gateway.envoyproxy.io/owning-gateway-namespace';

export interface GatewayOptions {
  controllerName: string;
  ignoreWeights: boolean;
  ignoreHeaderMatch: boolean;
  inferencePoolSupport: boolean;
}

export function gatewayOptions(spec: HandlerSpec): GatewayOptions {
  const o = spec.options ?? {};
  return {
    controllerName: String(o.controllerName ?? 'gateway.envoyproxy.io/gatewayclass-controller'),
    ignoreWeights: o.ignoreWeights === true,
    ignoreHeaderMatch: o.ignoreHeaderMatch === true,
    inferencePoolSupport: o.inferencePoolSupport !== false
  };
}

/** The port an envoy container listens on for a listener port (privileged ports shifted by 10000). */
export function containerPortFor(listenerPort: number): number {
  return listenerPort < 1024 ? listenerPort + 10000 : listenerPort;
}

/** Whether a hostname pattern (`*.example.com` or exact) matches a host. */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return p === h;
}

/** Whether a listener hostname and a route hostname have any host in common. */
export function hostnamesIntersect(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return true;
  if (!a.startsWith('*.') && !b.startsWith('*.')) return a.toLowerCase() === b.toLowerCase();
  if (a.startsWith('*.') && b.startsWith('*.')) return a.endsWith(b.slice(1)) || b.endsWith(a.slice(1));
  return a.startsWith('*.') ? hostMatches(a, b) : hostMatches(b, a);
}

export interface Attachment {
  ok: boolean;
  reason: string;
  message: string;
  listeners: any[];
}

const routeNamespace = (ref: any, route: KObject): string => ref.namespace ?? route.metadata.namespace;

/** Whether a parentRef of a route names this Gateway. */
export function refersTo(ref: any, route: KObject, gw: KObject): boolean {
  return (
    (ref.group ?? GW) === GW &&
    (ref.kind ?? 'Gateway') === 'Gateway' &&
    ref.name === gw.metadata.name &&
    routeNamespace(ref, route) === gw.metadata.namespace
  );
}

/** Whether a Gateway's listeners accept a route through one parentRef, and which listeners. */
export function attachment(store: ObjectStore, gw: KObject, route: KObject, ref: any): Attachment {
  const listeners: any[] = (gw.spec?.listeners ?? []).filter(
    (l: any) => (ref.sectionName === undefined || l.name === ref.sectionName) && (ref.port === undefined || l.port === ref.port)
  );
  const allowed = listeners.filter(l => {
    if (!['HTTP', 'HTTPS'].includes(l.protocol)) return false;
    const kinds = l.allowedRoutes?.kinds;
    if (Array.isArray(kinds) && kinds.length && !kinds.some((k: any) => k.kind === 'HTTPRoute')) return false;
    const from = l.allowedRoutes?.namespaces?.from ?? 'Same';
    if (from === 'All') return true;
    if (from === 'Same') return route.metadata.namespace === gw.metadata.namespace;
    const ns = store.get('', 'namespaces', undefined, route.metadata.namespace!);
    const sel = l.allowedRoutes?.namespaces?.selector ?? {};
    return Object.entries<string>(sel.matchLabels ?? {}).every(([k, v]) => ns?.metadata.labels?.[k] === v);
  });
  if (!allowed.length) {
    return { ok: false, reason: 'NotAllowedByListeners', message: 'No listeners included by this parent ref allowed this attachment.', listeners: [] };
  }
  const hostnames: string[] = route.spec?.hostnames ?? [];
  const matching = allowed.filter(l => !hostnames.length || hostnames.some(h => hostnamesIntersect(l.hostname, h)));
  if (!matching.length) {
    return {
      ok: false,
      reason: 'NoMatchingListenerHostname',
      message: "There were no hostname intersections between the HTTPRoute and this parent ref's Listener(s).",
      listeners: []
    };
  }
  return { ok: true, reason: 'Accepted', message: 'Route is accepted', listeners: matching };
}

const headerValue = (req: HttpRequest, name: string): string | undefined => req.headers[name.toLowerCase()];

function fullMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}

function pathMatches(match: any, path: string): { ok: boolean; exact: boolean; length: number } {
  const type = match?.type ?? 'PathPrefix';
  const value: string = match?.value ?? '/';
  if (type === 'Exact') return { ok: path === value, exact: true, length: value.length };
  if (type === 'RegularExpression') return { ok: fullMatch(value, path), exact: false, length: value.length };
  const prefix = value.replace(/\/+$/, '');
  const ok = prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
  return { ok, exact: false, length: value.length };
}

interface Candidate {
  route: KObject;
  ruleIndex: number;
  matchIndex: number;
  rule: any;
  /** Precedence, compared in order (larger first), then the route's age and name, then rule order. */
  score: number[];
}

/** Deterministic pseudo-random number in [0, 1) from a seed. */
function unit(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;
}

const response = (status: number, body = '', headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { server: 'envoy', ...(body ? { 'content-type': 'text/plain' } : {}), ...headers },
  body
});

/** The envoy pods of Gateways implemented by this handler, answering on their listeners' ports. */
export function gatewayDataPlane(ctx: SimContext, network: ClusterNetwork, spec: HandlerSpec): PodServerResolver {
  const opts = gatewayOptions(spec);
  const draws = new Map<string, number>();
  /** pod uid → requests the endpoint picker sent it. */
  const picked = new Map<string, number>();
  const { store } = ctx;

  function routeRequest(gw: KObject, port: number, req: HttpRequest): HttpResponse {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const listeners = (gw.spec?.listeners ?? []).filter(
      (l: any) => containerPortFor(l.port) === port && ['HTTP', 'HTTPS'].includes(l.protocol) && (!l.hostname || hostMatches(l.hostname, host))
    );
    if (!listeners.length) return response(404);
    if (store.typeOf(INF, 'inferencepools') && !headerValue(req, 'x-gateway-model-name')) bodyBasedRouting(req);
    const candidates: Candidate[] = [];
    for (const route of store.list(GW, 'httproutes')) {
      const refs = (route.spec?.parentRefs ?? []).filter((r: any) => refersTo(r, route, gw));
      const attached = refs.map((r: any) => attachment(store, gw, route, r)).filter((a: Attachment) => a.ok);
      const names = new Set(listeners.map((l: any) => l.name));
      if (!attached.some((a: Attachment) => a.listeners.some(l => names.has(l.name)))) continue;
      const hostnames: string[] = route.spec?.hostnames ?? [];
      const hostHit = hostnames.length ? hostnames.filter(h => hostMatches(h, host)) : [''];
      if (!hostHit.length) continue;
      const exactHost = Math.max(...hostHit.map(h => (h && !h.startsWith('*.') ? h.length : 0)));
      const anyHost = Math.max(...hostHit.map(h => h.length));
      (route.spec?.rules ?? []).forEach((rule: any, ri: number) => {
        const matches: any[] = rule.matches?.length ? rule.matches : [{}];
        matches.forEach((m, mi) => {
          const p = pathMatches(m.path, req.path);
          if (!p.ok) return;
          if (m.method && m.method !== req.method) return;
          const headers: any[] = opts.ignoreHeaderMatch ? [] : (m.headers ?? []);
          for (const h of headers) {
            const v = headerValue(req, h.name);
            if (v === undefined || ((h.type ?? 'Exact') === 'Exact' ? v !== h.value : !fullMatch(h.value, v))) return;
          }
          for (const q of m.queryParams ?? []) {
            const v = req.query.get(q.name);
            if (v === null || ((q.type ?? 'Exact') === 'Exact' ? v !== q.value : !fullMatch(q.value, v))) return;
          }
          candidates.push({
            route,
            ruleIndex: ri,
            matchIndex: mi,
            rule,
            score: [exactHost, anyHost, p.exact ? 1 : 0, p.length, m.method ? 1 : 0, headers.length, (m.queryParams ?? []).length]
          });
        });
      });
    }
    if (!candidates.length) return response(404);
    candidates.sort((a, b) => {
      for (let i = 0; i < a.score.length; i++) if (a.score[i] !== b.score[i]) return b.score[i] - a.score[i];
      const age = (a.route.metadata.creationTimestamp ?? '').localeCompare(b.route.metadata.creationTimestamp ?? '');
      if (age) return age;
      const name = `${a.route.metadata.namespace}/${a.route.metadata.name}`.localeCompare(`${b.route.metadata.namespace}/${b.route.metadata.name}`);
      return name || a.ruleIndex - b.ruleIndex || a.matchIndex - b.matchIndex;
    });
    const best = candidates[0];
    return forward(best.route, best.ruleIndex, best.rule, withHeaderFilters(best.rule, req));
  }

  function forward(route: KObject, ruleIndex: number, rule: any, req: HttpRequest): HttpResponse {
    const refs: any[] = rule.backendRefs ?? [];
    const weighted = opts.ignoreWeights ? refs.map(r => ({ r, w: 1 })) : refs.map(r => ({ r, w: r.weight ?? 1 })).filter(x => x.w > 0);
    const total = weighted.reduce((s, x) => s + x.w, 0);
    if (!total) return response(500);
    const key = `${route.metadata.namespace}/${route.metadata.name}/${ruleIndex}`;
    const n = draws.get(key) ?? 0;
    draws.set(key, n + 1);
    let x = unit(`${key}/${n}`) * total;
    const choice = weighted.find(b => (x -= b.w) < 0)?.r ?? weighted[weighted.length - 1].r;
    const ns = choice.namespace ?? route.metadata.namespace;
    const upstream: HttpRequest = {
      ...req,
      headers: { ...req.headers, 'x-forwarded-proto': 'http', 'x-envoy-external-address': '10.244.0.1', 'x-request-id': requestId(key, n) }
    };
    let answer: HttpResponse | undefined;
    if ((choice.group ?? '') === INF && choice.kind === 'InferencePool') {
      const pool = store.get(INF, 'inferencepools', ns, choice.name);
      if (!pool || !opts.inferencePoolSupport) return response(500);
      const endpoint = pickPoolEndpoint(pool, upstream);
      if (endpoint === 'unavailable') return response(500, 'ext_proc error');
      if (!endpoint) return response(503, 'no healthy upstream');
      answer = network.toPod(endpoint.pod, endpoint.port, upstream);
    } else {
      if ((choice.group ?? '') !== '' || (choice.kind ?? 'Service') !== 'Service') return response(500);
      const svc = store.get('', 'services', ns, choice.name);
      if (!svc) return response(500);
      const sp = network.servicePort(svc, choice.port);
      const ep = sp && network.pickEndpoint(svc, sp);
      if (!ep) return response(503, 'no healthy upstream');
      answer = network.toPod(ep.pod, ep.port, upstream);
    }
    if (!answer) return response(503, 'upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused');
    return { ...answer, headers: { ...(answer.headers ?? {}), server: 'envoy', 'x-envoy-upstream-service-time': '1' } };
  }

  /**
   * The endpoint picker of an InferencePool: the pod a `test-epp-endpoint-selection` header names
   * (as the conformance picker honours), otherwise the ready pod that got the fewest requests.
   * 'unavailable' when the picker's Service has no ready endpoint and the pool fails closed.
   */
  function pickPoolEndpoint(pool: KObject, req: HttpRequest): { pod: KObject; port: number } | undefined | 'unavailable' {
    const ns = pool.metadata.namespace!;
    const port = Number(pool.spec?.targetPorts?.[0]?.number ?? 8000);
    const sel: Record<string, string> = pool.spec?.selector?.matchLabels ?? {};
    const pods = store
      .list('', 'pods', ns)
      .filter(p => Object.keys(sel).length && Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v) && p.status?.phase === 'Running' && isPodReady(p))
      .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    const epp = pool.spec?.endpointPickerRef;
    const eppSvc = epp?.name ? store.get('', 'services', ns, epp.name) : undefined;
    const eppUp = Boolean(eppSvc && network.endpoints(eppSvc, network.servicePort(eppSvc, epp.port?.number ?? epp.portNumber ?? 9002) ?? eppSvc.spec?.ports?.[0]).length);
    if (!eppUp && (epp?.failureMode ?? 'FailClose') === 'FailClose') return 'unavailable';
    if (!pods.length) return undefined;
    const wanted = (headerValue(req, 'test-epp-endpoint-selection') ?? '').split(',').map(s => s.trim()).filter(Boolean);
    const named = pods.find(p => wanted.includes(p.status.podIP) || wanted.includes(`${p.status.podIP}:${port}`));
    const pod = named ?? pods.reduce((a, b) => ((picked.get(b.metadata.uid!) ?? 0) < (picked.get(a.metadata.uid!) ?? 0) ? b : a));
    picked.set(pod.metadata.uid!, (picked.get(pod.metadata.uid!) ?? 0) + 1);
    return { pod, port };
  }

  return (pod, port) => {
    if (pod.metadata.namespace !== spec.namespace || pod.metadata.labels?.['app.kubernetes.io/managed-by'] !== 'envoy-gateway') return undefined;
    const name = pod.metadata.labels?.[OWNING_NAME];
    const ns = pod.metadata.labels?.[OWNING_NAMESPACE];
    const gw = name && ns ? store.get(GW, 'gateways', ns, name) : undefined;
    if (!gw || !(gw.spec?.listeners ?? []).some((l: any) => containerPortFor(l.port) === port)) return undefined;
    return req => routeRequest(gw, port, req);
  };
}

/** RequestHeaderModifier filters of a rule (set, add, remove), applied before forwarding. */
function withHeaderFilters(rule: any, req: HttpRequest): HttpRequest {
  const headers = { ...req.headers };
  for (const f of rule.filters ?? []) {
    if (f.type !== 'RequestHeaderModifier') continue;
    const m = f.requestHeaderModifier ?? {};
    for (const h of m.set ?? []) headers[h.name.toLowerCase()] = h.value;
    for (const h of m.add ?? []) headers[h.name.toLowerCase()] = headers[h.name.toLowerCase()] ? `${headers[h.name.toLowerCase()]},${h.value}` : h.value;
    for (const n of m.remove ?? []) delete headers[String(n).toLowerCase()];
  }
  return { ...req, headers };
}

/** Body-based routing: the OpenAI request's `model` becomes the X-Gateway-Model-Name header before routes are matched. */
function bodyBasedRouting(req: HttpRequest): void {
  if (!req.body.length || !/json/.test(req.headers['content-type'] ?? 'application/json')) return;
  try {
    const model = JSON.parse(req.body.toString('utf8'))?.model;
    if (typeof model === 'string' && model) req.headers['x-gateway-model-name'] = model;
  } catch {
    // Not JSON: nothing to route on.
  }
}

function requestId(key: string, n: number): string {
  const h = createHash('sha256').update(`${key}#${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
