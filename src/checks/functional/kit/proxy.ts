/**
 * GETs through the API server's service and pod proxies, with the API server's own refusals told
 * apart from the target's answers: a 401/403 Status (RBAC on services/proxy, pods/proxy) means the
 * check cannot see, so it becomes a KubeError and the verdict an error, never a fail.
 */
import { KubeError } from '../../../kube/errors.js';
import type { FunctionalContext } from '../../../kube/functional/types.js';
import { proxyPath } from '../../../kube/paths.js';

export interface ProxyTarget {
  kind: 'pod' | 'service';
  namespace: string;
  name: string;
  port: string | number;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface ProxyAnswer {
  status: number;
  body: string;
}

export async function proxyGet(ctx: FunctionalContext, t: ProxyTarget): Promise<ProxyAnswer> {
  const path = t.query ? `${t.path}?${new URLSearchParams(t.query).toString()}` : t.path;
  const res = await ctx.proxyGet({
    kind: t.kind,
    namespace: t.namespace,
    name: t.name,
    port: t.port,
    path,
    ...(t.headers ? { headers: t.headers } : {})
  });
  if (res.status === 401 || res.status === 403) {
    const status = apiStatus(res.body);
    if (status) {
      const where = proxyPath({
        kind: t.kind,
        namespace: t.namespace,
        name: t.name,
        port: t.port,
        path: t.path
      });
      throw new KubeError(
        res.status === 403 ? 'forbidden' : 'unauthorized',
        `GET ${where}: ${res.status} ${status.reason ?? ''}: ${status.message ?? ''}`
          .replace(/\s+/g, ' ')
          .trim(),
        where,
        res.status,
        status.reason
      );
    }
  }
  return res;
}

/** The Kubernetes Status an API server answered with, if the body is one. */
export function apiStatus(body: string): { reason?: string; message?: string; code?: number } | null {
  try {
    const parsed = JSON.parse(body);
    return parsed && parsed.kind === 'Status' ? parsed : null;
  } catch {
    return null;
  }
}

export function parseJson(body: string): any {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

/** "503 ServiceUnavailable: no endpoints available for service …" or "502: <text>". */
export function describeAnswer(res: ProxyAnswer): string {
  const status = apiStatus(res.body);
  const text = status?.message ?? res.body;
  const short = String(text).replace(/\s+/g, ' ').trim().slice(0, 160);
  return `${res.status}${status?.reason ? ` ${status.reason}` : ''}${short ? `: ${short}` : ''}`;
}
