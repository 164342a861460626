/**
 * A Gateway of the run, on a GatewayClass the cluster's controller Accepted, and traffic through
 * it from a client pod inside the cluster. The client pod targets the Gateway's own
 * status.addresses (the Gateway API's standard way to reach any implementation: a cloud load
 * balancer, an in-cluster Service IP, a node port), can set Host and any header, and sees what a
 * workload in the cluster sees; the API server's service proxy would need the implementation's
 * Service name (implementation-specific), cannot set Host, and is not routed to pods on every
 * managed control plane. One pod sends every request in a loop and prints one line per answer, so
 * a few hundred requests cost one pod and one log read.
 */
import type { FunctionalContext, KubeObject } from '../../../kube/functional/types.js';
import { describeCondition, isTrue } from '../../../kube/readiness.js';
import type { ResourceRef } from '../../../kube/paths.js';
import { GATEWAY_GROUP } from '../../gateway.js';
import { podManifest, waitForPod } from './pods.js';

export const GATEWAY_NAME = 'conformance-gateway';

export interface GatewayApi {
  /** The version serving gateways and httproutes (v1 where served). */
  version: string;
  classVersion: string;
}

export interface ChosenClass {
  name: string;
  controllerName: string;
}

export function gatewayRef(
  api: GatewayApi,
  resource: 'gateways' | 'httproutes',
  namespace: string,
  name?: string
): ResourceRef {
  return { group: GATEWAY_GROUP, version: api.version, resource, namespace, ...(name ? { name } : {}) };
}

/** The served Gateway API versions, or null when gateways or httproutes are not served. */
export async function gatewayApi(ctx: FunctionalContext): Promise<GatewayApi | null> {
  const d = await ctx.discovery();
  const pick = (r: string): string | undefined => {
    const versions = d.versionsOf(GATEWAY_GROUP, r);
    return versions.includes('v1') ? 'v1' : versions[0];
  };
  const gw = pick('gateways');
  const routes = pick('httproutes');
  const classes = pick('gatewayclasses');
  if (!gw || !routes || !classes || gw !== routes) return null;
  return { version: gw, classVersion: classes };
}

/** The Accepted GatewayClasses, by name. */
export async function acceptedClasses(ctx: FunctionalContext, api: GatewayApi): Promise<ChosenClass[]> {
  const classes = await ctx.list<KubeObject>({
    group: GATEWAY_GROUP,
    version: api.classVersion,
    resource: 'gatewayclasses'
  });
  return classes
    .filter(c => isTrue(c, 'Accepted'))
    .map(c => ({ name: String(c.metadata.name), controllerName: String(c.spec?.controllerName ?? '') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A Gateway with one plain HTTP listener on port 80 (routes of its own namespace only). */
export function gatewayManifest(api: GatewayApi, className: string): KubeObject {
  return {
    apiVersion: `${GATEWAY_GROUP}/${api.version}`,
    kind: 'Gateway',
    metadata: { name: GATEWAY_NAME },
    spec: {
      gatewayClassName: className,
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }
      ]
    }
  };
}

export function httpRoute(api: GatewayApi, name: string, hostnames: string[], rules: unknown[]): KubeObject {
  return {
    apiVersion: `${GATEWAY_GROUP}/${api.version}`,
    kind: 'HTTPRoute',
    metadata: { name },
    spec: { parentRefs: [{ name: GATEWAY_NAME }], hostnames, rules }
  };
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Waits for the Gateway to be Programmed with an address; a timeout is the implementation's failure. */
export async function waitProgrammed(
  ctx: FunctionalContext,
  api: GatewayApi,
  namespace: string,
  timeoutMs: number
): Promise<Outcome<string>> {
  let last = '';
  try {
    const address = await ctx.waitFor(
      `Gateway ${namespace}/${GATEWAY_NAME} to be Programmed`,
      async () => {
        const gw = await ctx.get<KubeObject>(gatewayRef(api, 'gateways', namespace, GATEWAY_NAME));
        const addr = gw?.status?.addresses?.[0]?.value;
        if (gw && isTrue(gw, 'Programmed') && addr) return { done: true, value: String(addr) };
        last = gw?.status?.conditions
          ? `${describeCondition(gw, 'Accepted')}, ${describeCondition(gw, 'Programmed')}${addr ? '' : ', no address'}`
          : 'no status from any controller';
        return { done: false, observed: last };
      },
      { timeoutMs, intervalMs: 2000 }
    );
    return { ok: true, value: address };
  } catch (err) {
    if (isWaitTimeout(err))
      return {
        ok: false,
        reason: `Gateway ${namespace}/${GATEWAY_NAME} was not Programmed within ${Math.round(timeoutMs / 1000)} s (${last})`
      };
    throw err;
  }
}

/** Waits for routes to be Accepted and their references resolved by the class's controller. */
export async function waitRoutesAccepted(
  ctx: FunctionalContext,
  api: GatewayApi,
  namespace: string,
  names: string[],
  controllerName: string,
  timeoutMs: number
): Promise<Outcome<null>> {
  let last = '';
  try {
    await ctx.waitFor(
      `HTTPRoutes ${names.join(', ')} to be Accepted`,
      async () => {
        const problems: string[] = [];
        for (const name of names) {
          const route = await ctx.get<KubeObject>(gatewayRef(api, 'httproutes', namespace, name));
          const parent = (route?.status?.parents ?? []).find(
            (p: any) => p?.controllerName === controllerName && p?.parentRef?.name === GATEWAY_NAME
          );
          const view = { status: { conditions: parent?.conditions ?? [] } };
          if (!parent) problems.push(`${name}: no status from ${controllerName}`);
          else if (!isTrue(view, 'Accepted') || !isTrue(view, 'ResolvedRefs'))
            problems.push(
              `${name}: ${describeCondition(view, 'Accepted')}, ${describeCondition(view, 'ResolvedRefs')}`
            );
        }
        last = problems.join('; ');
        return problems.length ? { done: false, observed: last } : { done: true, value: null };
      },
      { timeoutMs, intervalMs: 2000 }
    );
    return { ok: true, value: null };
  } catch (err) {
    if (isWaitTimeout(err))
      return {
        ok: false,
        reason: `HTTPRoute not accepted within ${Math.round(timeoutMs / 1000)} s (${last})`
      };
    throw err;
  }
}

export function isWaitTimeout(err: unknown): err is Error & { lastObserved: string } {
  return err instanceof Error && err.name === 'WaitTimeoutError';
}

/** One batch of requests the client pod sends: `count` times the same request, each answer tagged. */
export interface RequestBatch {
  tag: string;
  count: number;
  path: string;
  headers: Record<string, string>;
  /** A JSON body (sent as POST). */
  json?: string;
}

/** `http://<address>` with IPv6 addresses bracketed. */
export function baseUrl(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `http://[${address}]` : `http://${address}`;
}

/** A POSIX sh loop printing `<tag> <body> <http code>` per request (000: no connection). */
export function clientScript(address: string, batches: RequestBatch[]): string {
  const quote = (s: string): string => `'${s.replace(/'/g, `'"'"'`)}'`;
  return batches
    .map(b => {
      const args = [
        '-s -m 10',
        `-w ' %{http_code}'`,
        ...Object.entries(b.headers).map(([k, v]) => `-H ${quote(`${k}: ${v}`)}`),
        ...(b.json !== undefined ? [`-X POST -H 'Content-Type: application/json' -d ${quote(b.json)}`] : []),
        `${baseUrl(address)}${b.path}`
      ];
      return `for i in $(seq 1 ${b.count}); do echo -n ${quote(`${b.tag} `)}; curl ${args.join(' ')}; echo; done`;
    })
    .join('; ');
}

export interface Answer {
  body: string;
  code: number;
}

/** "200 ×18, 503 ×2": the status codes of answers (0 is no connection). */
export function codes(list: Answer[]): string {
  const by = new Map<string, number>();
  for (const a of list) {
    const k = a.code === 0 ? 'no connection' : String(a.code);
    by.set(k, (by.get(k) ?? 0) + 1);
  }
  return [...by].map(([k, n]) => `${k} ×${n}`).join(', ');
}

/** The answers of a client log, by tag. */
export function parseClientLog(log: string): Map<string, Answer[]> {
  const out = new Map<string, Answer[]>();
  for (const raw of log.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const first = line.indexOf(' ');
    const last = line.lastIndexOf(' ');
    if (first < 0) continue;
    const tag = line.slice(0, first);
    const code = Number(line.slice(last + 1));
    const body = last > first ? line.slice(first + 1, last).trim() : '';
    if (!Number.isFinite(code)) continue;
    const list = out.get(tag) ?? [];
    list.push({ body, code });
    out.set(tag, list);
  }
  return out;
}

/** Runs the client pod to completion and returns its log; a client that cannot run is an error. */
export async function runClient(
  ctx: FunctionalContext,
  namespace: string,
  name: string,
  script: string,
  timeoutMs: number
): Promise<string> {
  await ctx.create(
    podManifest({
      name,
      image: ctx.images.curl,
      command: ['sh', '-c', script],
      restartPolicy: 'Never',
      activeDeadlineSeconds: Math.ceil(timeoutMs / 1000) + 60
    })
  );
  const pod = await waitForPod(ctx, namespace, name, 'finished', timeoutMs);
  const log = await ctx.logs(namespace, name);
  if (pod?.status?.phase !== 'Succeeded') {
    throw new Error(
      `the traffic client pod ${namespace}/${name} ended ${pod?.status?.phase}: ${log.slice(-200).trim()}`
    );
  }
  return log;
}
