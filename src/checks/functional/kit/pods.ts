/**
 * Pods of the functional checks (part 2): how they are written (bounded by activeDeadlineSeconds,
 * tolerations given), how their state reads in one line of evidence, and the bounded waits for
 * "ready", "running" and "finished" that report what was last seen.
 */
import type { ResourceRef } from '../../../kube/paths.js';
import { WaitTimeoutError, type FunctionalContext, type KubeObject } from '../../../kube/functional/types.js';

export const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
export const SERVICES: ResourceRef = { group: '', version: 'v1', resource: 'services' };
export const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
export const NAMESPACES: ResourceRef = { group: '', version: 'v1', resource: 'namespaces' };

/** A pod never outlives this unless asked (a crashed checker must not pin nodes or GPUs). */
export const DEFAULT_DEADLINE_S = 900;

export interface PodOptions {
  name: string;
  namespace?: string;
  image: string;
  command?: string[];
  args?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  env?: Record<string, string>;
  ports?: Array<{ name: string; containerPort: number }>;
  /** Container resource limits (extended resources go in limits). */
  limits?: Record<string, string | number>;
  requests?: Record<string, string | number>;
  /** DRA claims the container uses: pod-level `resourceClaims` entries. */
  resourceClaims?: Array<{ name: string; resourceClaimTemplateName?: string; resourceClaimName?: string }>;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Array<Record<string, string>>;
  runtimeClassName?: string;
  restartPolicy?: 'Never' | 'Always' | 'OnFailure';
  activeDeadlineSeconds?: number;
  readinessPath?: { path: string; port: number };
  securityContext?: Record<string, unknown>;
  podSecurityContext?: Record<string, unknown>;
  serviceAccountName?: string;
}

/** A single-container pod as the checks create them. */
export function podManifest(o: PodOptions): KubeObject {
  const resources: Record<string, unknown> = {};
  if (o.limits) resources.limits = stringify(o.limits);
  if (o.requests) resources.requests = stringify(o.requests);
  if (o.resourceClaims) resources.claims = o.resourceClaims.map(c => ({ name: c.name }));
  const container: Record<string, unknown> = {
    name: 'main',
    image: o.image,
    ...(o.command ? { command: o.command } : {}),
    ...(o.args ? { args: o.args } : {}),
    ...(o.env ? { env: Object.entries(o.env).map(([name, value]) => ({ name, value })) } : {}),
    ...(o.ports ? { ports: o.ports } : {}),
    ...(Object.keys(resources).length ? { resources } : {}),
    ...(o.readinessPath
      ? {
          readinessProbe: {
            httpGet: { path: o.readinessPath.path, port: o.readinessPath.port },
            periodSeconds: 2
          }
        }
      : {}),
    ...(o.securityContext ? { securityContext: o.securityContext } : {})
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.name,
      ...(o.namespace ? { namespace: o.namespace } : {}),
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.annotations ? { annotations: o.annotations } : {})
    },
    spec: {
      restartPolicy: o.restartPolicy ?? 'Never',
      activeDeadlineSeconds: o.activeDeadlineSeconds ?? DEFAULT_DEADLINE_S,
      terminationGracePeriodSeconds: 5,
      automountServiceAccountToken: o.serviceAccountName !== undefined,
      ...(o.serviceAccountName ? { serviceAccountName: o.serviceAccountName } : {}),
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.tolerations?.length ? { tolerations: o.tolerations } : {}),
      ...(o.runtimeClassName ? { runtimeClassName: o.runtimeClassName } : {}),
      ...(o.resourceClaims ? { resourceClaims: o.resourceClaims } : {}),
      ...(o.podSecurityContext ? { securityContext: o.podSecurityContext } : {}),
      containers: [container]
    }
  };
}

function stringify(r: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]));
}

/** A ClusterIP Service in front of pods with these labels. */
export function serviceManifest(
  name: string,
  selector: Record<string, string>,
  ports: Array<{ name: string; port: number; targetPort: number | string }>
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: selector },
    spec: { selector, ports: ports.map(p => ({ ...p, protocol: 'TCP' })) }
  };
}

export function podReady(pod: any): boolean {
  return (
    pod?.status?.phase === 'Running' &&
    Array.isArray(pod?.status?.conditions) &&
    pod.status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'True')
  );
}

export function restartCount(pod: any): number {
  const statuses: any[] = pod?.status?.containerStatuses ?? [];
  return statuses.reduce((n, s) => n + Number(s?.restartCount ?? 0), 0);
}

/** "Pending: 0/4 nodes are available: …", "Running, not ready (ContainerCreating)", "Succeeded". */
export function describePod(pod: any): string {
  if (!pod) return 'not found';
  const phase = String(pod?.status?.phase ?? 'Pending');
  const waiting = (pod?.status?.containerStatuses ?? [])
    .map((s: any) => s?.state?.waiting)
    .find((w: any) => w?.reason);
  const terminated = (pod?.status?.containerStatuses ?? [])
    .map((s: any) => s?.state?.terminated)
    .find((t: any) => t);
  const scheduled = (pod?.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
  if (phase === 'Pending') {
    if (scheduled?.status === 'False')
      return `Pending: ${scheduled.message || scheduled.reason || 'unschedulable'}`;
    if (waiting)
      return `Pending: ${waiting.reason}${waiting.message ? ` (${oneLine(waiting.message)})` : ''}`;
    return pod?.spec?.nodeName ? `Pending on ${pod.spec.nodeName}` : 'Pending: not scheduled yet';
  }
  if (phase === 'Running') {
    if (podReady(pod)) return `Running and ready on ${pod.spec?.nodeName}`;
    return `Running, not ready${waiting ? ` (${waiting.reason})` : ''} on ${pod.spec?.nodeName}`;
  }
  if (terminated)
    return `${phase} (exit ${terminated.exitCode}${terminated.reason ? `, ${terminated.reason}` : ''})`;
  return phase + (pod?.status?.reason ? ` (${pod.status.reason})` : '');
}

function oneLine(s: string): string {
  return String(s).replace(/\s+/g, ' ').trim().slice(0, 200);
}

export type PodWant = 'ready' | 'running' | 'finished';

/** Waits until a pod is Ready, Running, or finished (Succeeded or Failed); throws WaitTimeoutError. */
export async function waitForPod(
  ctx: FunctionalContext,
  namespace: string,
  name: string,
  want: PodWant,
  timeoutMs: number
): Promise<any> {
  return ctx.waitFor(
    `pod ${namespace}/${name} to be ${want === 'finished' ? 'finished' : want}`,
    async () => {
      const pod = await ctx.get<KubeObject>({ ...PODS, namespace, name });
      const phase = pod?.status?.phase;
      const done = reached(pod, want);
      // A pod that ended while it should serve will never get there.
      if (!done && want === 'ready' && (phase === 'Succeeded' || phase === 'Failed'))
        return { done: true, value: pod };
      return done ? { done: true, value: pod } : { done: false, observed: describePod(pod) };
    },
    { timeoutMs, intervalMs: 2000 }
  );
}

/**
 * Waits for several pods at once. Returns the pods as last read, and the WaitTimeoutError when not
 * all got there in time (callers decide whether that is the platform's failure or the environment's).
 */
export async function waitForPods(
  ctx: FunctionalContext,
  namespace: string,
  names: string[],
  want: PodWant,
  timeoutMs: number
): Promise<{ pods: Map<string, any>; timedOut: WaitTimeoutError | null }> {
  const pods = new Map<string, any>();
  try {
    await ctx.waitFor(
      `${names.length} pods in ${namespace} to be ${want}`,
      async () => {
        const pending: string[] = [];
        for (const name of names) {
          const pod = await ctx.get<KubeObject>({ ...PODS, namespace, name });
          pods.set(name, pod);
          if (!reached(pod, want)) pending.push(`${name}: ${describePod(pod)}`);
        }
        return pending.length === 0
          ? { done: true, value: true }
          : { done: false, observed: pending.join('; ') };
      },
      { timeoutMs, intervalMs: 2000 }
    );
    return { pods, timedOut: null };
  } catch (err) {
    if (err instanceof WaitTimeoutError) return { pods, timedOut: err };
    throw err;
  }
}

function reached(pod: any, want: PodWant): boolean {
  const phase = pod?.status?.phase;
  if (want === 'ready') return podReady(pod);
  if (want === 'running') return phase === 'Running' || phase === 'Succeeded' || phase === 'Failed';
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The pod's Warning events, newest last ("FailedCreatePodSandBox: …"), for reasons and evidence. */
export async function podWarnings(
  ctx: FunctionalContext,
  namespace: string,
  name: string
): Promise<string[]> {
  const events = await ctx.list<KubeObject>(
    { group: '', version: 'v1', resource: 'events', namespace },
    { fieldSelector: `involvedObject.name=${name}` }
  );
  return events
    .filter(e => e.type === 'Warning' && e.involvedObject?.name === name)
    .map(e => `${e.reason}: ${oneLine(String(e.message ?? ''))}`);
}
