/**
 * ai_service_metrics, functional: the monitoring system discovers a new workload and collects an
 * exact value from it. A small Python server in the run namespace exposes Prometheus metrics
 * labelled with the run id; a ServiceMonitor (or a PodMonitor, whichever the Prometheus resource
 * selects) is given exactly the labels the Prometheus resource's selectors ask for, in a namespace
 * its namespace selector covers (the run namespace gets the labels it asks for; a nil selector
 * means the Prometheus' own namespace). Exactly ten requests go to /v1/infer through the API
 * server's service proxy; then Prometheus' query API, also through the service proxy, must return
 * exactly 10 for the run's counter within five minutes. More than 10, or a workload that restarted
 * (its counter reset), fails at once.
 */
import type { FunctionalCheck, FunctionalContext, KubeObject } from '../../kube/functional/types.js';
import { describeCondition, isTrue } from '../../kube/readiness.js';
import { fail, pass, plural } from '../finding.js';
import { isWaitTimeout } from './kit/gateway.js';
import { DURATION_METRIC, METRICS_STUB_SCRIPT, REQUESTS_METRIC } from './kit/metrics-stub.js';
import { NAMESPACES, PODS, podManifest, restartCount, serviceManifest, waitForPod } from './kit/pods.js';
import { describeAnswer, parseJson, proxyGet } from './kit/proxy.js';
import { prerequisite } from './kit/skip.js';

export const AI_SERVICE_METRICS = {
  requests: 10,
  readyMs: 180_000,
  collectMs: 300_000,
  pollMs: 10_000
};

const MON = 'monitoring.coreos.com';
const WORKLOAD = 'ai-service';
const MONITOR = 'ai-service';
const PORT = 8080;
const APP_LABEL = 'ai-conformance.cncf.io/app';

interface Outcome {
  kind: 'ok' | 'over' | 'restarted';
  value?: number;
  detail?: string;
}

interface Selected {
  kind: 'ServiceMonitor' | 'PodMonitor';
  labels: Record<string, string>;
  /** Where the monitor must live. */
  namespace: string;
  /** Labels the run namespace needs for the Prometheus' namespace selector. */
  namespaceLabels: Record<string, string>;
}

export const aiServiceMetricsFunctional: FunctionalCheck = {
  id: 'ai_service_metrics',
  skip(detect) {
    const absent = prerequisite(detect, 'no monitoring system collects workload metrics');
    if (absent) return absent;
    if (!/^Prometheus Operator/.test(detect.solution ?? ''))
      return `the functional depth drives the Prometheus Operator's ServiceMonitor/PodMonitor discovery and its in-cluster query API; ${detect.solution ?? 'this collector'} is not exercised`;
    return null;
  },
  async run(ctx, detect) {
    const version = (await ctx.discovery()).versionsOf(MON, 'prometheuses')[0];
    if (!version) return fail(`${MON} serves no Prometheus resource`, [], detect.solution);
    const all = await ctx.list<KubeObject>({ group: MON, version, resource: 'prometheuses' });
    const prom =
      all.find(
        p => isTrue(p, 'Available') && (p.spec?.serviceMonitorSelector || p.spec?.podMonitorSelector)
      ) ?? all[0];
    if (!prom) return fail('no Prometheus resource exists to collect metrics', [], detect.solution);
    const promName = `${prom.metadata.namespace}/${prom.metadata.name}`;
    const ns = await ctx.namespace();
    const selected = select(prom, ns);
    if (!selected) {
      return fail(
        `Prometheus ${promName} selects no ServiceMonitors or PodMonitors (both selectors unset): a new workload cannot be discovered`,
        [],
        detect.solution
      );
    }
    ctx.note(
      `Prometheus ${promName} (${describeCondition(prom, 'Available')}): ${selected.kind} selector ${text(selected.labels)}`
    );

    const labels = { [APP_LABEL]: WORKLOAD };
    await ctx.create(
      podManifest({
        name: WORKLOAD,
        image: ctx.images.python,
        command: ['python3', '-c', METRICS_STUB_SCRIPT],
        env: { RUN_ID: ctx.runId, PORT: String(PORT), PYTHONUNBUFFERED: '1' },
        labels,
        ports: [{ name: 'http', containerPort: PORT }],
        readinessPath: { path: '/healthz', port: PORT },
        restartPolicy: 'Always',
        podSecurityContext: {
          runAsNonRoot: true,
          runAsUser: 65534,
          seccompProfile: { type: 'RuntimeDefault' }
        },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }
      })
    );
    await ctx.create(serviceManifest(WORKLOAD, labels, [{ name: 'http', port: PORT, targetPort: PORT }]));
    if (Object.keys(selected.namespaceLabels).length > 0) {
      await ctx.patch({ ...NAMESPACES, name: ns }, { metadata: { labels: selected.namespaceLabels } });
      ctx.note(
        `namespace ${ns} labelled ${text(selected.namespaceLabels)} for the Prometheus' namespace selector`
      );
    }
    const endpoint = { port: 'http', path: '/metrics', interval: '15s' };
    await ctx.create({
      apiVersion: `${MON}/v1`,
      kind: selected.kind,
      metadata: { name: MONITOR, namespace: selected.namespace, labels: selected.labels },
      spec: {
        selector: { matchLabels: labels },
        namespaceSelector: { matchNames: [ns] },
        ...(selected.kind === 'ServiceMonitor'
          ? { endpoints: [endpoint] }
          : { podMetricsEndpoints: [endpoint] })
      }
    });
    const pool = `${selected.kind === 'ServiceMonitor' ? 'serviceMonitor' : 'podMonitor'}/${selected.namespace}/${MONITOR}/0`;
    ctx.note(
      `${selected.kind} ${selected.namespace}/${MONITOR} (labels ${text(selected.labels)}) selects ${ns}/${WORKLOAD} port http; expected scrape pool ${pool}`
    );

    const ready = await waitForPod(ctx, ns, WORKLOAD, 'ready', AI_SERVICE_METRICS.readyMs);
    const uid = ready.metadata.uid;
    const restarts = restartCount(ready);
    const n = AI_SERVICE_METRICS.requests;
    for (let i = 0; i < n; i++) {
      const res = await proxyGet(ctx, {
        kind: 'service',
        namespace: ns,
        name: WORKLOAD,
        port: 'http',
        path: '/v1/infer'
      });
      if (res.status !== 200)
        throw new Error(
          `request ${i + 1} of ${n} to /v1/infer through the service proxy answered ${describeAnswer(res)}`
        );
    }
    const sent = ctx.now();
    ctx.note(`${n} requests to ${ns}/${WORKLOAD}/v1/infer through the service proxy, each answered 200`);

    const query = {
      kind: 'service' as const,
      namespace: String(prom.metadata.namespace),
      name: 'prometheus-operated',
      port: 'web'
    };
    const counter = `${REQUESTS_METRIC}{conformance_run="${ctx.runId}"}`;
    let outcome: Outcome | undefined;
    let last = '';
    try {
      outcome = await ctx.waitFor<Outcome>(
        `Prometheus ${promName} to collect ${counter} = ${n}`,
        async () => {
          const pod = await ctx.get<KubeObject>({ ...PODS, namespace: ns, name: WORKLOAD });
          if (!pod || pod.metadata.uid !== uid || restartCount(pod) > restarts) {
            return {
              done: true,
              value: {
                kind: 'restarted',
                detail: pod ? `restartCount ${restarts} → ${restartCount(pod)}` : 'the pod is gone'
              }
            };
          }
          const v = await queryValue(ctx, query, `max(${counter})`);
          last = v.observed;
          if (v.value === n) return { done: true, value: { kind: 'ok', value: v.value } };
          if (v.value !== undefined && v.value > n)
            return { done: true, value: { kind: 'over', value: v.value } };
          return { done: false, observed: last };
        },
        { timeoutMs: AI_SERVICE_METRICS.collectMs, intervalMs: AI_SERVICE_METRICS.pollMs }
      );
    } catch (err) {
      if (!isWaitTimeout(err)) throw err;
    }
    const solution = detect.solution;
    if (!outcome) {
      const target = await targetState(ctx, query, pool);
      ctx.note(`active targets: ${target}`);
      return fail(
        `Prometheus ${promName} did not collect the new workload's ${REQUESTS_METRIC} within ${Math.round(AI_SERVICE_METRICS.collectMs / 1000)} s (last query: ${last}; ${target})`,
        [],
        solution
      );
    }
    if (outcome.kind === 'restarted')
      return fail(
        `the workload restarted while its metrics were awaited (${outcome.detail}): its counter reset, so the value cannot be trusted`,
        [],
        solution
      );
    if (outcome.kind === 'over')
      return fail(
        `Prometheus ${promName} returned ${REQUESTS_METRIC} = ${outcome.value} for the run, more than the ${n} requests sent`,
        [],
        solution
      );
    const took = Math.round((ctx.now() - sent) / 1000);
    const histogram = await queryValue(
      ctx,
      query,
      `max(${DURATION_METRIC}_count{conformance_run="${ctx.runId}"})`
    );
    ctx.note(
      `query max(${counter}) = ${n} after ${took} s; ${DURATION_METRIC}_count ${histogram.observed}; target ${await targetState(ctx, query, pool)}`
    );
    return pass(
      `Prometheus ${promName} discovered the new workload through ${selected.kind} ${selected.namespace}/${MONITOR} and its query API returned exactly ${n} requests for the run ${took} s after they were sent`,
      [],
      solution
    );
  }
};

/** Which monitor kind the Prometheus selects, with the labels and namespace it needs. */
function select(prom: KubeObject, runNs: string): Selected | null {
  const spec = prom.spec ?? {};
  const pick = (selector: unknown, nsSelector: unknown, kind: Selected['kind']): Selected | null => {
    if (selector === undefined || selector === null) return null;
    const own = String(prom.metadata.namespace);
    const nilNs = nsSelector === undefined || nsSelector === null;
    return {
      kind,
      labels: labelsFor(selector),
      namespace: nilNs ? own : runNs,
      namespaceLabels: nilNs ? {} : labelsFor(nsSelector)
    };
  };
  return (
    pick(spec.serviceMonitorSelector, spec.serviceMonitorNamespaceSelector, 'ServiceMonitor') ??
    pick(spec.podMonitorSelector, spec.podMonitorNamespaceSelector, 'PodMonitor')
  );
}

/** Labels that satisfy a label selector (matchLabels, and In/Exists expressions). */
function labelsFor(selector: any): Record<string, string> {
  const out: Record<string, string> = { ...(selector?.matchLabels ?? {}) };
  for (const e of selector?.matchExpressions ?? []) {
    if (e?.operator === 'In' && Array.isArray(e.values) && e.values.length) out[e.key] = String(e.values[0]);
    else if (e?.operator === 'Exists') out[e.key] = 'true';
  }
  return out;
}

function text(labels: Record<string, string>): string {
  const list = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return list.length ? list.join(',') : '{} (all)';
}

type QueryTarget = { kind: 'service'; namespace: string; name: string; port: string };

/** One instant query through the service proxy: its single value, and what was seen. */
async function queryValue(
  ctx: FunctionalContext,
  target: QueryTarget,
  q: string
): Promise<{ value?: number; observed: string }> {
  const res = await proxyGet(ctx, { ...target, path: '/api/v1/query', query: { query: q } });
  if (res.status !== 200) return { observed: `query API answered ${describeAnswer(res)}` };
  const body = parseJson(res.body);
  if (body?.status !== 'success')
    return { observed: `query failed: ${body?.error ?? 'not a Prometheus answer'}` };
  const result: any[] = body.data?.result ?? [];
  if (result.length === 0) return { observed: 'no series yet' };
  const value = Number(result[0]?.value?.[1]);
  return { value, observed: `${plural(result.length, 'series', 'series')}, value ${value}` };
}

/** Whether the monitor's scrape pool is among the active targets, and its health. */
async function targetState(ctx: FunctionalContext, target: QueryTarget, pool: string): Promise<string> {
  const res = await proxyGet(ctx, { ...target, path: '/api/v1/targets', query: { state: 'active' } });
  const targets: any[] = parseJson(res.body)?.data?.activeTargets ?? [];
  const mine = targets.filter(t => t?.scrapePool === pool);
  if (res.status !== 200) return `targets not listed (${describeAnswer(res)})`;
  if (mine.length === 0) return `scrape pool ${pool} not among ${plural(targets.length, 'active target')}`;
  return mine
    .map(t => `${pool} ${t.scrapeUrl} health ${t.health}${t.lastError ? ` (${t.lastError})` : ''}`)
    .join('; ');
}
