/**
 * services/proxy and pods/proxy: `/api/v1/namespaces/{ns}/services/[scheme:]name[:port]/proxy/{path}`
 * and `/api/v1/namespaces/{ns}/pods/name[:port]/proxy/{path}` go to hooks.proxy; with nobody
 * answering, 503 as the apiserver says it. Also the aggregated-API route (hooks.aggregated).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ProxyRequest, ProxyTarget } from '../contracts.js';
import { notFound, serviceUnavailable } from '../errors.js';
import type { KObject } from '../store.js';
import type { ApiContext, Call, Reply } from './context.js';
import type { RequestInfo } from './request-info.js';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'authorization'
]);

/** The headers passed on; Host stays as the client sent it (the service proxy does not rewrite it). */
function flatHeaders(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h))
    if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** "https:prometheus:web" → scheme, name, port; "pod:9400" → name, port. */
export function parseProxyName(
  segment: string,
  kind: 'service' | 'pod'
): { scheme?: string; name: string; port: string } {
  const parts = segment.split(':');
  if (parts.length >= 3)
    return { scheme: parts[0] || undefined, name: parts[1], port: parts.slice(2).join(':') };
  if (parts.length === 2) {
    if (kind === 'service' && (parts[0] === 'http' || parts[0] === 'https'))
      return { scheme: parts[0], name: parts[1], port: '' };
    return { name: parts[0], port: parts[1] };
  }
  return { name: segment, port: '' };
}

/** The decoded path, as a Go server behind the apiserver would see it in URL.Path. */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function proxyRequest(
  info: RequestInfo,
  headers: IncomingHttpHeaders,
  body: Buffer,
  path: string
): ProxyRequest {
  return {
    method: info.method,
    path: decodePath(path),
    query: new URLSearchParams(info.query),
    headers: flatHeaders(headers),
    body
  };
}

function reply(r: { status: number; headers?: Record<string, string>; body: string | Buffer }): Reply {
  const headers: Record<string, string> = {
    'Content-Type': 'text/plain; charset=utf-8',
    ...(r.headers ?? {})
  };
  return { status: r.status, body: r.body, headers, raw: true };
}

export async function proxy(call: Call): Promise<Reply> {
  const { info, api } = call;
  const kind = call.rtype.resource === 'services' ? 'service' : 'pod';
  const { scheme, name, port } = parseProxyName(info.name!, kind);
  const obj: KObject | undefined = api.store.get('', call.rtype.resource, info.namespace, name);
  if (!obj) throw notFound('', call.rtype.resource, name);
  if (call.rtype.resource === 'nodes') throw serviceUnavailable(`no endpoints available for node "${name}"`);
  const target: ProxyTarget = { kind, namespace: info.namespace ?? 'default', name, port };
  if (scheme) target.scheme = scheme;
  const answer = api.hooks.proxy
    ? await api.hooks.proxy(target, proxyRequest(info, call.headers, call.body, info.proxyPath ?? '/'))
    : undefined;
  if (!answer) {
    throw serviceUnavailable(
      kind === 'service'
        ? `no endpoints available for service "${name}"`
        : `no endpoints available for pod "${name}"`
    );
  }
  return reply(answer);
}

/** A request to an APIService-backed group/version, answered by hooks.aggregated. */
export async function aggregated(
  api: ApiContext,
  apiService: KObject,
  info: RequestInfo,
  headers: IncomingHttpHeaders,
  body: Buffer
): Promise<Reply> {
  const available = (apiService.status?.conditions ?? []).some(
    (c: any) => c?.type === 'Available' && c?.status === 'True'
  );
  if (!available || !api.hooks.aggregated) throw serviceUnavailable();
  const answer = await api.hooks.aggregated(
    { group: apiService.spec.group, version: apiService.spec.version, apiService },
    proxyRequest(info, headers, body, info.path)
  );
  if (!answer) throw serviceUnavailable();
  return reply({ ...answer, headers: { 'Content-Type': 'application/json', ...(answer.headers ?? {}) } });
}
