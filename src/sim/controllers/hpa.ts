/**
 * The HorizontalPodAutoscaler controller of kube-controller-manager (autoscaling/v2): every sync
 * period it reads the target's scale subresource, fetches Pods / Object / External metrics from
 * the custom and external metrics APIs through the aggregation layer (the APIService the
 * scenario registers, so an adapter that is down or a metric that is missing shows as it does on
 * a real cluster), computes the desired replicas with the upstream replica calculator (tolerance,
 * missing pods, scale-up limit, downscale stabilization, min/max), rescales the target and
 * reports currentReplicas, desiredReplicas, currentMetrics, the AbleToScale / ScalingActive /
 * ScalingLimited conditions and SuccessfulRescale / FailedGetPodsMetric / ... events with the
 * upstream wording.
 *
 * Broken (`neverScales`): metrics are read and reported, but the desired count stays the
 * current one and the target is never rescaled.
 */
import { withCondition, type Condition } from '../behaviours/match.js';
import { remoteGroups } from '../aggregation.js';
import type { ProxyResponse, SimHooks } from '../contracts.js';
import { matchesLabels, parseLabelSelector } from '../selectors.js';
import type { KObject } from '../store.js';
import type { SimContext } from './context.js';
import { isTerminal } from './pod-index.js';
import { formatQuantity } from './quantity-format.js';
import { WorkQueue } from './queue.js';
import { getScale, setScale, type Scale } from './scale-target.js';
import { writeStatus } from './workload-util.js';

const COMPONENT = 'horizontal-pod-autoscaler';

/** Where the controller sends metrics API requests (the API server's aggregation hooks, set once they exist). */
export interface MetricsApi {
  aggregated?: SimHooks['aggregated'];
}

interface MetricResult {
  replicas: number;
  metric: string;
  status: Record<string, unknown>;
}

interface MetricFailure {
  reason: string;
  /** The error as the condition and event carry it. */
  error: string;
  /** The error as the FailedComputeMetricsReplicas event wraps it. */
  wrapped: string;
}

class MetricsError extends Error {}

export function startHpaController(ctx: SimContext, api: MetricsApi): () => void {
  const { store } = ctx;
  const queue = new WorkQueue(
    ctx.clock,
    k => void sync(k),
    0,
    (k, e) => ctx.warn(`horizontal-pod-autoscaler: ${k}: ${(e as Error).message}`)
  );
  const resync = new Map<string, unknown>();
  const recommendations = new Map<string, Array<{ replicas: number; at: number }>>();
  const running = new Set<string>();
  const again = new Set<string>();

  async function sync(key: string): Promise<void> {
    if (running.has(key)) {
      again.add(key);
      return;
    }
    running.add(key);
    try {
      await reconcile(key);
    } catch (e) {
      ctx.warn(`horizontal-pod-autoscaler: ${key}: ${(e as Error).message}`);
    } finally {
      running.delete(key);
      const [ns, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
      if (store.get('autoscaling', 'horizontalpodautoscalers', ns, name)) {
        const prior = resync.get(key);
        if (prior) ctx.clock.clearTimeout(prior);
        resync.set(
          key,
          ctx.clock.setTimeout(() => queue.add(key), ctx.controllers.hpa.syncPeriod)
        );
      }
      if (again.delete(key)) queue.add(key);
    }
  }

  async function reconcile(key: string): Promise<void> {
    const [ns, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    const hpa = store.get('autoscaling', 'horizontalpodautoscalers', ns, name);
    if (!hpa) {
      recommendations.delete(key);
      return;
    }
    const settings = ctx.controllers.hpa;
    const spec = v2Spec(hpa);
    let conditions: Condition[] | undefined = hpa.status?.conditions;
    const now = store.timestamp();
    const set = (type: string, status: 'True' | 'False', reason: string, message: string): void => {
      conditions = withCondition(conditions, { type, status, reason, message }, now);
    };
    const write = (extra: Record<string, unknown>): void => {
      const cur = store.get('autoscaling', 'horizontalpodautoscalers', ns, name);
      if (cur)
        writeStatus(store, cur, {
          ...(cur.status ?? {}),
          observedGeneration: cur.metadata.generation,
          ...extra,
          conditions
        });
    };
    const scale = getScale(store, ns, spec.scaleTargetRef ?? {});
    if ('error' in scale) {
      ctx.events.record(hpa, 'Warning', 'FailedGetScale', scale.error, { component: COMPONENT });
      set(
        'AbleToScale',
        'False',
        'FailedGetScale',
        `the HPA controller was unable to get the target's current scale: ${scale.error}`
      );
      return write({});
    }
    set(
      'AbleToScale',
      'True',
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale"
    );
    const current = scale.replicas;
    const min = spec.minReplicas ?? 1;
    const max = spec.maxReplicas ?? min;
    if (!recommendations.has(key)) recommendations.set(key, [{ replicas: current, at: ctx.clock.now() }]);
    let desired: number;
    let reason = '';
    let statuses: Array<Record<string, unknown>> | undefined = hpa.status?.currentMetrics;
    if (current === 0 && min !== 0) {
      set(
        'ScalingActive',
        'False',
        'ScalingDisabled',
        'scaling is disabled since the replica count of the target is zero'
      );
      desired = 0;
    } else if (current > max) {
      desired = max;
      reason = 'Current number of replicas above Spec.MaxReplicas';
    } else if (current < min) {
      desired = min;
      reason = 'Current number of replicas below Spec.MinReplicas';
    } else {
      const results = await Promise.all(
        (spec.metrics ?? []).map((m: any) => computeMetric(hpa, ns, m, scale).catch(e => toFailure(m, e)))
      );
      statuses = results
        .map(r => ('status' in r ? r.status : undefined))
        .filter((x): x is Record<string, unknown> => Boolean(x));
      const ok = results.filter((r): r is MetricResult => 'status' in r);
      const bad = results.filter((r): r is MetricFailure => !('status' in r));
      for (const f of bad) ctx.events.record(hpa, 'Warning', f.reason, f.error, { component: COMPONENT });
      if (!ok.length) {
        const first = bad[0];
        if (first)
          set(
            'ScalingActive',
            'False',
            first.reason,
            `the HPA was unable to compute the replica count: ${first.error}`
          );
        const message = first
          ? `invalid metrics (${bad.length} invalid out of ${results.length}), first error is: ${first.wrapped}`
          : 'no metrics to compute the replica count from';
        ctx.events.record(hpa, 'Warning', 'FailedComputeMetricsReplicas', message, { component: COMPONENT });
        return write({
          currentReplicas: scale.statusReplicas,
          desiredReplicas: hpa.status?.desiredReplicas ?? current,
          currentMetrics: statuses.length ? statuses : undefined
        });
      }
      const best = ok.reduce((a, b) => (b.replicas > a.replicas ? b : a));
      set(
        'ScalingActive',
        'True',
        'ValidMetricFound',
        `the HPA was able to successfully calculate a replica count from ${best.metric}`
      );
      desired = best.replicas;
      if (desired > current) reason = `${best.metric} above target`;
      if (desired < current) reason = 'All metrics below target';
      desired = normalize(key, spec, current, desired, min, max, set);
      if (settings.neverScales) {
        desired = current;
        set('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
        set(
          'ScalingLimited',
          'False',
          'DesiredWithinRange',
          'the desired count is within the acceptable range'
        );
      }
    }
    let lastScaleTime = hpa.status?.lastScaleTime;
    if (desired !== current && !settings.neverScales) {
      setScale(store, scale, desired);
      set(
        'AbleToScale',
        'True',
        'SucceededRescale',
        `the HPA controller was able to update the target scale to ${desired}`
      );
      ctx.events.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, {
        component: COMPONENT
      });
      lastScaleTime = now;
    }
    write({
      lastScaleTime,
      currentReplicas: scale.statusReplicas,
      desiredReplicas: desired,
      currentMetrics: statuses?.length ? statuses : undefined
    });
  }

  /** Stabilization window, scale-up rate limit and min/max, with the conditions they set. */
  function normalize(
    key: string,
    spec: any,
    current: number,
    proposed: number,
    min: number,
    max: number,
    set: (type: string, status: 'True' | 'False', reason: string, message: string) => void
  ): number {
    const now = ctx.clock.now();
    const behavior = spec.behavior;
    const upWindow = (behavior?.scaleUp?.stabilizationWindowSeconds ?? 0) * 1000;
    const downWindow =
      behavior?.scaleDown?.stabilizationWindowSeconds !== undefined
        ? behavior.scaleDown.stabilizationWindowSeconds * 1000
        : ctx.controllers.hpa.downscaleStabilization;
    const recs = recommendations.get(key) ?? [];
    let stabilized = proposed;
    if (proposed >= current) {
      for (const r of recs) if (now - r.at <= upWindow) stabilized = Math.min(stabilized, r.replicas);
    } else {
      for (const r of recs) if (now - r.at <= downWindow) stabilized = Math.max(stabilized, r.replicas);
    }
    const keep = Math.max(upWindow, downWindow);
    recommendations.set(key, [...recs.filter(r => now - r.at <= keep), { replicas: proposed, at: now }]);
    if (stabilized !== proposed) {
      if (proposed >= current)
        set(
          'AbleToScale',
          'True',
          'ScaleUpStabilized',
          'recent recommendations were lower than current one, applying the lowest recent recommendation'
        );
      else
        set(
          'AbleToScale',
          'True',
          'ScaleDownStabilized',
          'recent recommendations were higher than current one, applying the highest recent recommendation'
        );
    } else set('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
    const upLimit = scaleUpLimit(behavior, current);
    let out = stabilized;
    let limited: [string, string] | undefined;
    if (stabilized > current) {
      const allowed = Math.min(max, Math.max(upLimit, current));
      if (stabilized > allowed) {
        out = allowed;
        limited =
          max > upLimit
            ? ['ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
            : ['TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
      }
    } else if (stabilized < min) {
      out = min;
      limited = ['TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
    }
    if (out > max) {
      out = max;
      limited = ['TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
    }
    if (limited) set('ScalingLimited', 'True', limited[0], limited[1]);
    else
      set(
        'ScalingLimited',
        'False',
        'DesiredWithinRange',
        'the desired count is within the acceptable range'
      );
    return out;
  }

  async function computeMetric(hpa: KObject, ns: string, m: any, scale: Scale): Promise<MetricResult> {
    const tol = ctx.controllers.hpa.tolerance;
    const pods = targetPods(ns, scale.selector);
    switch (m?.type) {
      case 'Pods': {
        const name = m.pods?.metric?.name;
        const target = milliOf(m.pods?.target?.averageValue);
        const list = await fetchMetrics(
          'custom.metrics.k8s.io',
          `namespaces/${ns}/pods/*/${name}`,
          scale.selector,
          m.pods?.metric?.selector,
          `pods`,
          name
        );
        const byPod = new Map<string, number>();
        for (const it of list.items ?? [])
          if (pods.some(p => p.metadata.name === it.describedObject?.name))
            byPod.set(it.describedObject.name, milliOf(it.value));
        if (!byPod.size)
          throw new MetricsError(`unable to get metric ${name}: no metrics returned from custom metrics API`);
        const { replicas, usage } = plainMetricReplicas(byPod, pods, scale.replicas, target, tol);
        return {
          replicas,
          metric: `pods metric ${name}`,
          status: {
            type: 'Pods',
            pods: {
              metric: { name, ...(m.pods?.metric?.selector ? { selector: m.pods.metric.selector } : {}) },
              current: { averageValue: formatQuantity(usage) }
            }
          }
        };
      }
      case 'Object': {
        const name = m.object?.metric?.name;
        const obj = m.object?.describedObject ?? {};
        const resource = `${String(obj.kind ?? '').toLowerCase()}s`;
        const list = await fetchMetrics(
          'custom.metrics.k8s.io',
          `namespaces/${ns}/${resource}/${obj.name}/${name}`,
          undefined,
          m.object?.metric?.selector,
          resource,
          name
        );
        const item = (list.items ?? [])[0];
        if (!item)
          throw new MetricsError(
            `unable to get metric ${name}: ${obj.kind} on ${ns} ${obj.name}/no metrics returned from custom metrics API`
          );
        const value = milliOf(item.value);
        const ready = pods.filter(isReady).length;
        const metric = {
          name,
          ...(m.object?.metric?.selector ? { selector: m.object.metric.selector } : {})
        };
        if (m.object?.target?.type === 'AverageValue') {
          const target = milliOf(m.object.target.averageValue);
          const replicas = perPodReplicas(value, target, scale.statusReplicas, tol);
          return {
            replicas,
            metric: `external metric ${name}(${JSON.stringify(m.object.metric.selector ?? null)})`,
            status: {
              type: 'Object',
              object: {
                describedObject: obj,
                metric,
                current: { averageValue: formatQuantity(value / Math.max(1, scale.statusReplicas)) }
              }
            }
          };
        }
        const target = milliOf(m.object?.target?.value);
        const ratio = value / target;
        const replicas = Math.abs(1 - ratio) <= tol ? scale.replicas : Math.ceil(ratio * ready);
        return {
          replicas,
          metric: `${obj.kind} metric ${name}`,
          status: {
            type: 'Object',
            object: { describedObject: obj, metric, current: { value: formatQuantity(value) } }
          }
        };
      }
      case 'External': {
        const name = m.external?.metric?.name;
        const sel = m.external?.metric?.selector;
        const list = await fetchMetrics(
          'external.metrics.k8s.io',
          `namespaces/${ns}/${name}`,
          selectorText(sel),
          undefined,
          undefined,
          name,
          true
        );
        const items = list.items ?? [];
        if (!items.length)
          throw new MetricsError(
            `unable to get external metric ${ns}/${name}/${JSON.stringify(sel ?? {})}: no metrics returned from external metrics API`
          );
        const total = items.reduce((s: number, it: any) => s + milliOf(it.value), 0);
        const metric = { name, ...(sel ? { selector: sel } : {}) };
        const label = `external metric ${name}(${JSON.stringify(sel ?? null)})`;
        if (m.external?.target?.type === 'AverageValue' || m.external?.target?.averageValue !== undefined) {
          const target = milliOf(m.external.target.averageValue);
          const replicas = perPodReplicas(total, target, scale.statusReplicas, tol);
          return {
            replicas,
            metric: label,
            status: {
              type: 'External',
              external: {
                metric,
                current: { averageValue: formatQuantity(total / Math.max(1, scale.statusReplicas)) }
              }
            }
          };
        }
        const target = milliOf(m.external?.target?.value);
        const ratio = total / target;
        const replicas =
          Math.abs(1 - ratio) <= tol ? scale.replicas : Math.ceil(ratio * pods.filter(isReady).length);
        return {
          replicas,
          metric: label,
          status: { type: 'External', external: { metric, current: { value: formatQuantity(total) } } }
        };
      }
      case 'Resource':
      case 'ContainerResource': {
        const r = m.resource?.name ?? m.containerResource?.name;
        throw new MetricsError(
          `unable to get metrics for resource ${r}: no metrics returned from resource metrics API`
        );
      }
      default:
        throw new MetricsError(`unknown metric source type "${m?.type}"`);
    }
  }

  /** GETs a metrics API path through the aggregation layer, as the metrics clients do. */
  async function fetchMetrics(
    group: string,
    rest: string,
    labelSelector: string | undefined,
    metricSelector: any,
    resource: string | undefined,
    metric: string,
    external = false
  ): Promise<any> {
    const apiName = external ? 'external' : 'custom';
    const fail = (why: string): never => {
      throw new MetricsError(
        external
          ? `unable to get external metric ${rest.split('/')[1]}/${metric}/${JSON.stringify(metricSelector ?? {})}: unable to fetch metrics from external metrics API: ${why}`
          : `unable to get metric ${metric}: unable to fetch metrics from ${apiName} metrics API: ${why}`
      );
    };
    const service = remoteGroups(store).get(group)?.[0];
    if (!service || !api.aggregated) return fail(`no ${apiName} metrics API (${group}) registered`);
    const query = new URLSearchParams();
    if (labelSelector) query.set('labelSelector', labelSelector);
    if (metricSelector) query.set('metricLabelSelector', selectorText(metricSelector));
    const version = service.spec.version;
    const path = `/apis/${group}/${version}/${rest}`;
    const what = resource
      ? `${resource}.${group} ${rest.split('/').slice(3, 4)[0] ?? '*'}`
      : `${metric}.${group}`;
    let res: ProxyResponse | undefined;
    const available = (service.status?.conditions ?? []).some(
      (c: any) => c.type === 'Available' && c.status === 'True'
    );
    if (available)
      res = await api.aggregated(
        { group, version, apiService: service },
        { method: 'GET', path, query, headers: {}, body: Buffer.alloc(0) }
      );
    if (!res) return fail(`the server is currently unable to handle the request (get ${what})`);
    let body: any;
    try {
      body = JSON.parse(res.body.toString());
    } catch {
      return fail(`the server responded with an unreadable body (status ${res.status})`);
    }
    if (res.status !== 200) return fail(String(body?.message ?? `status ${res.status}`));
    return body;
  }

  function targetPods(ns: string, selector: string): KObject[] {
    if (!selector) return [];
    const sel = parseLabelSelector(selector);
    return store
      .list('', 'pods', ns)
      .filter(p => matchesLabels(sel, p.metadata.labels) && !isTerminal(p) && !p.metadata.deletionTimestamp);
  }

  function toFailure(m: any, e: unknown): MetricFailure {
    if (!(e instanceof MetricsError)) throw e;
    const type = m?.type;
    const reason =
      type === 'Pods'
        ? 'FailedGetPodsMetric'
        : type === 'Object'
          ? 'FailedGetObjectMetric'
          : type === 'External'
            ? 'FailedGetExternalMetric'
            : type === 'Resource' || type === 'ContainerResource'
              ? 'FailedGetResourceMetric'
              : 'InvalidMetricSourceType';
    const wrapped =
      type === 'Pods'
        ? `failed to get pods metric value: ${e.message}`
        : type === 'Object'
          ? `failed to get object metric value: ${e.message}`
          : type === 'Resource' || type === 'ContainerResource'
            ? `failed to get ${m.resource?.name ?? m.containerResource?.name} utilization: ${e.message}`
            : e.message;
    return { reason, error: e.message, wrapped };
  }

  for (const h of store.list('autoscaling', 'horizontalpodautoscalers'))
    queue.add(`${h.metadata.namespace}/${h.metadata.name}`);
  const unsubscribe = store.onChange(c => {
    if (c.rtype.group !== 'autoscaling' || c.rtype.resource !== 'horizontalpodautoscalers') return;
    const key = `${c.object.metadata.namespace}/${c.object.metadata.name}`;
    if (c.type === 'DELETED') {
      const t = resync.get(key);
      if (t) ctx.clock.clearTimeout(t);
      resync.delete(key);
      recommendations.delete(key);
      return;
    }
    // New HPAs and spec changes are synced at once; status writes wait for the next period.
    if (c.type === 'ADDED' || c.old?.metadata.generation !== c.object.metadata.generation) queue.add(key);
  });
  return () => {
    unsubscribe();
    queue.stop();
    for (const t of resync.values()) ctx.clock.clearTimeout(t);
  };
}

/** An autoscaling/v1 HPA read as v2 (its CPU utilization target as a Resource metric). */
function v2Spec(hpa: KObject): any {
  const spec = hpa.spec ?? {};
  if (spec.metrics || spec.targetCPUUtilizationPercentage === undefined) return spec;
  return {
    ...spec,
    metrics: [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage }
        }
      }
    ]
  };
}

function isReady(p: KObject): boolean {
  return (
    p.status?.phase === 'Running' &&
    (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')
  );
}

function milliOf(q: unknown): number {
  if (typeof q === 'number') return Math.round(q * 1000);
  const m = /^([+-]?\d+(?:\.\d+)?)(m|k|M|G|Ki|Mi|Gi)?$/.exec(String(q ?? '').trim());
  if (!m) return NaN;
  const f =
    { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[m[2] ?? ''] ?? 1;
  return Math.round(Number(m[1]) * f * 1000);
}

function selectorText(sel: any): string {
  if (!sel) return '';
  const parts = Object.entries<string>(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const op = String(e.operator).toLowerCase();
    if (op === 'in' || op === 'notin') parts.push(`${e.key} ${op} (${(e.values ?? []).join(',')})`);
    else if (op === 'exists') parts.push(e.key);
    else if (op === 'doesnotexist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/**
 * The replica calculator for a per-pod metric (upstream calcPlainMetricReplicas): the average
 * over pods with a value against the target; pods without one count as at target when scaling
 * down and as zero when scaling up, and a change within the tolerance keeps the current count.
 */
function plainMetricReplicas(
  byPod: Map<string, number>,
  pods: KObject[],
  current: number,
  target: number,
  tol: number
): { replicas: number; usage: number } {
  const values = Array.from(byPod.values());
  const usage = values.reduce((s, v) => s + v, 0) / values.length;
  const ratio = usage / target;
  const missing = pods.filter(p => !byPod.has(p.metadata.name!)).length;
  if (!missing)
    return { replicas: Math.abs(1 - ratio) <= tol ? current : Math.ceil(ratio * values.length), usage };
  const filled = [...values, ...Array<number>(missing).fill(ratio < 1 ? target : 0)];
  const newRatio = filled.reduce((s, v) => s + v, 0) / filled.length / target;
  if (Math.abs(1 - newRatio) <= tol || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1))
    return { replicas: current, usage };
  return { replicas: Math.ceil(newRatio * filled.length), usage };
}

/** An AverageValue target on a total (External, Object): total / target, within tolerance of the current count. */
function perPodReplicas(total: number, target: number, statusReplicas: number, tol: number): number {
  const replicas = Math.ceil(total / target);
  if (statusReplicas > 0 && Math.abs(1 - total / (target * statusReplicas)) <= tol) return statusReplicas;
  return replicas;
}

/**
 * How far one sync may scale up: without behavior, max(2 × current, 4); with behavior, its
 * scale-up policies (default 100 % or 4 pods, the larger), chosen by selectPolicy.
 */
function scaleUpLimit(behavior: any, current: number): number {
  if (!behavior) return Math.max(2 * current, 4);
  const rules = behavior.scaleUp ?? {};
  if (rules.selectPolicy === 'Disabled') return current;
  const policies: any[] = rules.policies ?? [
    { type: 'Percent', value: 100 },
    { type: 'Pods', value: 4 }
  ];
  const proposals = policies.map(p =>
    p.type === 'Pods' ? current + Number(p.value) : Math.ceil(current * (1 + Number(p.value) / 100))
  );
  return rules.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
}
