/**
 * pod_autoscaling, functional: an HPA scales a workload on a custom metric read through
 * custom.metrics.k8s.io. A Deployment of the e2e resource-consumer (one replica; one accelerator
 * each where two are free, device plugin or DRA) serves a gauge; the gauge is bumped to 1 through
 * the pod proxy, an autoscaling/v2 HPA (Pods metric, target average 2, 1 to 2 replicas) must read
 * it (ScalingActive=True, currentMetrics) and keep 1 replica; then the gauge is raised to 10 and
 * the desired replicas must rise to 2 and the second replica become ready. Where Prometheus
 * Operator runs, a PodMonitor (labelled for the Prometheus' podMonitorSelector) lets an adapter
 * backed by Prometheus see the gauge. Without a free accelerator the evidence says the scaled pods
 * used none. Scale-down is not waited for (the default downscale stabilization is 5 minutes).
 */
import { acceleratorDrivers } from '../../kube/dra.js';
import type { FunctionalCheck, FunctionalContext, KubeObject } from '../../kube/functional/types.js';
import { apiServiceState, condition } from '../../kube/readiness.js';
import type { Finding } from '../types.js';
import { fail, partial, pass } from '../finding.js';
import { acceleratorSlots, type AcceleratorSlot } from './kit/accelerators.js';
import { isWaitTimeout } from './kit/gateway.js';
import { freeDevices } from './kit/part1-capacity.js';
import { draDeviceRoom, resourceClaimTemplate } from './kit/part1-dra.js';
import { describePod, PODS, podManifest, podReady } from './kit/pods.js';
import { prerequisite } from './kit/skip.js';

export const POD_AUTOSCALING = {
  readyMs: 300_000,
  /** HPA sync (15 s) + adapter relist + a Prometheus scrape. */
  metricMs: 240_000,
  scaleMs: 300_000,
  metric: 'ai_conformance_queue_depth',
  target: 2,
  low: 1,
  high: 10
};

const APP = 'metric-app';
const HPA = 'metric-app';
const PORT = 8080;
const CUSTOM_API = 'v1beta1.custom.metrics.k8s.io';
const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments' };
const HPAS = { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' };

export const podAutoscalingFunctional: FunctionalCheck = {
  id: 'pod_autoscaling',
  // May hold two accelerators.
  exclusive: true,
  timeoutMs: 20 * 60_000,
  skip(detect) {
    return prerequisite(detect, 'no custom metrics API for the HPA');
  },
  async run(ctx, detect) {
    const api = await ctx.get<KubeObject>({
      group: 'apiregistration.k8s.io',
      version: 'v1',
      resource: 'apiservices',
      name: CUSTOM_API
    });
    if (!api || !apiServiceState(api).available) {
      return {
        ...detect,
        reason: `${detect.reason} (functional: not exercised, APIService ${CUSTOM_API} is not Available)`,
        evidence: []
      };
    }
    const ns = await ctx.namespace();
    const slot = await twoFree(ctx);
    ctx.note(
      slot
        ? `workload: resource-consumer replicas holding one accelerator each (${describeVia(slot)})`
        : 'workload: resource-consumer replicas without accelerators (no two free accelerators of one kind)'
    );
    await createWorkload(ctx, ns, slot);
    await podMonitor(ctx, ns);
    const first = await ctx.waitFor(
      `Deployment ${ns}/${APP} to have a ready pod`,
      async () => {
        const pods = await appPods(ctx, ns);
        const ready = pods.find(podReady);
        return ready
          ? { done: true, value: ready }
          : {
              done: false,
              observed: pods.map(p => `${p.metadata.name}: ${describePod(p)}`).join('; ') || 'no pod yet'
            };
      },
      { timeoutMs: POD_AUTOSCALING.readyMs, intervalMs: 2000 }
    );
    const podName = String(first.metadata.name);
    await bump(ctx, ns, podName, POD_AUTOSCALING.low);
    await ctx.create(hpaManifest());

    // The HPA reads the metric and stays at one replica.
    let hpa: KubeObject;
    try {
      hpa = await ctx.waitFor(
        `HPA ${ns}/${HPA} to read ${POD_AUTOSCALING.metric}`,
        async () => {
          const h = await ctx.get<KubeObject>({ ...HPAS, namespace: ns, name: HPA });
          const value = currentValue(h);
          return condition(h, 'ScalingActive')?.status === 'True' && value !== undefined
            ? { done: true, value: h! }
            : { done: false, observed: describeHpa(h) };
        },
        { timeoutMs: POD_AUTOSCALING.metricMs, intervalMs: 5000 }
      );
    } catch (err) {
      if (!isWaitTimeout(err)) throw err;
      return fail(
        `the HPA could not read the custom metric ${POD_AUTOSCALING.metric} of its pods through custom.metrics.k8s.io (${err.lastObserved})`,
        [],
        detect.solution
      );
    }
    ctx.note(`at ${POD_AUTOSCALING.metric}=${POD_AUTOSCALING.low}: ${describeHpa(hpa)}`);

    await bump(ctx, ns, podName, POD_AUTOSCALING.high - POD_AUTOSCALING.low);
    try {
      hpa = await ctx.waitFor(
        `HPA ${ns}/${HPA} to want 2 replicas`,
        async () => {
          const h = await ctx.get<KubeObject>({ ...HPAS, namespace: ns, name: HPA });
          return Number(h?.status?.desiredReplicas ?? 0) >= 2
            ? { done: true, value: h! }
            : { done: false, observed: describeHpa(h) };
        },
        { timeoutMs: POD_AUTOSCALING.scaleMs, intervalMs: 5000 }
      );
    } catch (err) {
      if (!isWaitTimeout(err)) throw err;
      return fail(
        `the HPA read ${POD_AUTOSCALING.metric} at ${POD_AUTOSCALING.high} (target average ${POD_AUTOSCALING.target}) but did not scale up (${err.lastObserved})`,
        [],
        detect.solution
      );
    }
    ctx.note(`at ${POD_AUTOSCALING.metric}=${POD_AUTOSCALING.high}: ${describeHpa(hpa)}`);
    return secondReplica(ctx, ns, slot, detect);
  }
};

async function secondReplica(
  ctx: FunctionalContext,
  ns: string,
  slot: AcceleratorSlot | null,
  detect: Finding
): Promise<Finding> {
  const what = `an HPA on the custom metric ${POD_AUTOSCALING.metric} (Pods, target average ${POD_AUTOSCALING.target}) read it through custom.metrics.k8s.io and scaled ${APP} from 1 to 2 replicas when it rose from ${POD_AUTOSCALING.low} to ${POD_AUTOSCALING.high}`;
  const [nodes, dra] = await Promise.all([ctx.nodes(), ctx.dra()]);
  const none = nodes.accelerated.length === 0 && acceleratorDrivers(dra).length === 0;
  const accel = slot
    ? `each replica holding one accelerator (${describeVia(slot)})`
    : none
      ? 'no accelerators on this cluster, so the replicas used none: scaling pods that use accelerators was not shown'
      : 'the replicas used no accelerator (no two free of one kind): scaling pods that use accelerators was not shown';
  try {
    await ctx.waitFor(
      `Deployment ${ns}/${APP} to have 2 ready replicas`,
      async () => {
        const d = await ctx.get<KubeObject>({ ...DEPLOYMENTS, namespace: ns, name: APP });
        if (Number(d?.status?.readyReplicas ?? 0) >= 2) return { done: true, value: true };
        const pods = await appPods(ctx, ns);
        return { done: false, observed: pods.map(p => `${p.metadata.name}: ${describePod(p)}`).join('; ') };
      },
      { timeoutMs: POD_AUTOSCALING.readyMs, intervalMs: 2000 }
    );
  } catch (err) {
    if (!isWaitTimeout(err)) throw err;
    return partial(
      `${what}, but the second replica did not become ready (${err.lastObserved})`,
      [],
      detect.solution
    );
  }
  return (slot || none ? pass : partial)(`${what}; both replicas ready, ${accel}`, [], detect.solution);
}

function describeVia(slot: AcceleratorSlot): string {
  return slot.via.kind === 'resource' ? slot.via.resource : `DRA DeviceClass ${slot.via.deviceClass}`;
}

/** A kind of accelerator with two free devices (for the two replicas), or null. */
async function twoFree(ctx: FunctionalContext): Promise<AcceleratorSlot | null> {
  const slots = [...(await acceleratorSlots(ctx)).values()];
  const byKind = new Map<string, { slot: AcceleratorSlot; free: number }>();
  for (const slot of slots) {
    const key = slot.via.kind === 'resource' ? slot.via.resource : slot.via.deviceClass;
    const free =
      slot.via.kind === 'resource'
        ? ((await freeDevices(ctx, slot.via.resource, [slot.node])).get(slot.node) ?? 0)
        : ((await draDeviceRoom(ctx, slot.via.version, slot.via.driver)).get(slot.node)?.free ?? 0);
    const had = byKind.get(key);
    byKind.set(key, { slot: had?.slot ?? slot, free: (had?.free ?? 0) + free });
  }
  return [...byKind.values()].find(k => k.free >= 2)?.slot ?? null;
}

async function createWorkload(
  ctx: FunctionalContext,
  ns: string,
  slot: AcceleratorSlot | null
): Promise<void> {
  const labels = { app: APP };
  if (slot?.via.kind === 'dra')
    await ctx.create(
      resourceClaimTemplate(slot.via.version, `${APP}-gpu`, {
        name: 'gpu',
        deviceClassName: slot.via.deviceClass
      })
    );
  const pod = podManifest({
    name: APP,
    image: ctx.images.metricsConsumer,
    labels,
    ports: [{ name: 'http', containerPort: PORT }],
    requests: { cpu: '50m', memory: '64Mi' },
    ...(slot?.via.kind === 'resource' ? { limits: { [slot.via.resource]: 1 } } : {}),
    ...(slot?.via.kind === 'dra'
      ? { resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: `${APP}-gpu` }] }
      : {}),
    ...(slot ? { tolerations: await ctx.gpuTolerations() } : {}),
    restartPolicy: 'Always'
  });
  delete pod.spec.activeDeadlineSeconds; // Deployment pods must restart-always and have no deadline.
  await ctx.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: APP, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: pod.spec }
    }
  });
}

/** Where Prometheus Operator runs, a PodMonitor its Prometheus selects (best effort: noted, not required). */
async function podMonitor(ctx: FunctionalContext, ns: string): Promise<void> {
  const d = await ctx.discovery();
  if (!d.serves('monitoring.coreos.com', 'v1', 'podmonitors')) return;
  const proms = await ctx.list<KubeObject>({
    group: 'monitoring.coreos.com',
    version: 'v1',
    resource: 'prometheuses'
  });
  const labels = proms[0]?.spec?.podMonitorSelector?.matchLabels ?? {};
  await ctx.create({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: APP, labels },
    spec: {
      selector: { matchLabels: { app: APP } },
      podMetricsEndpoints: [{ port: 'http', path: '/metrics', interval: '10s' }]
    }
  });
  ctx.note(
    `PodMonitor ${ns}/${APP} for Prometheus ${proms[0] ? `${proms[0].metadata.namespace}/${proms[0].metadata.name}` : '(none found)'}`
  );
}

function hpaManifest(): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: HPA },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: APP },
      minReplicas: 1,
      maxReplicas: 2,
      metrics: [
        {
          type: 'Pods',
          pods: {
            metric: { name: POD_AUTOSCALING.metric },
            target: { type: 'AverageValue', averageValue: String(POD_AUTOSCALING.target) }
          }
        }
      ]
    }
  };
}

async function appPods(ctx: FunctionalContext, ns: string): Promise<KubeObject[]> {
  const pods = await ctx.list<KubeObject>({ ...PODS, namespace: ns }, { labelSelector: `app=${APP}` });
  return pods.filter(p => !p.metadata.deletionTimestamp);
}

/** Raises the pod's gauge by `delta` for 15 minutes (resource-consumer's /BumpMetric). */
async function bump(ctx: FunctionalContext, ns: string, pod: string, delta: number): Promise<void> {
  if (!ctx.proxyPost) throw new Error('this runtime cannot POST through the pod proxy');
  const r = await ctx.proxyPost({
    kind: 'pod',
    namespace: ns,
    name: pod,
    port: PORT,
    path: `/BumpMetric?metric=${POD_AUTOSCALING.metric}&delta=${delta}&durationSec=900`
  });
  if (r.status !== 200)
    throw new Error(
      `resource-consumer ${ns}/${pod} answered ${r.status} to /BumpMetric: ${r.body.slice(0, 200)}`
    );
}

function currentValue(h: KubeObject | null): string | undefined {
  const m = (h?.status?.currentMetrics ?? []).find(
    (x: any) => x?.pods?.metric?.name === POD_AUTOSCALING.metric
  );
  return m?.pods?.current?.averageValue;
}

/** "current 1, desired 1, ai_conformance_queue_depth=1; ScalingActive=True ValidMetricFound" */
function describeHpa(h: KubeObject | null): string {
  if (!h) return 'HPA not found';
  const active = condition(h, 'ScalingActive');
  const value = currentValue(h);
  return `replicas current ${h.status?.currentReplicas ?? '?'}, desired ${h.status?.desiredReplicas ?? '?'}, ${POD_AUTOSCALING.metric}=${value ?? 'unread'}; ScalingActive=${active?.status ?? 'unset'}${active?.reason ? ` ${active.reason}` : ''}${active?.status === 'False' && active.message ? `: ${active.message}` : ''}`;
}
