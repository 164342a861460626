/**
 * pod_autoscaling: the HPA can scale on custom metrics. autoscaling/v2 must be served, and a
 * custom or external metrics API (prometheus-adapter, KEDA, ACK's metrics adapter ...) must be
 * Available and answer with metrics. Resource metrics alone (metrics-server) are partial: CPU and
 * memory are not the AI/ML metrics the requirement names.
 */
import { KubeError } from '../kube/errors.js';
import { apiServiceState, type ApiServiceState } from '../kube/readiness.js';
import { fail, listShort, partial, pass, plural } from './finding.js';
import type { Check, CheckContext } from './types.js';

const CUSTOM = 'v1beta1.custom.metrics.k8s.io';
const EXTERNAL = 'v1beta1.external.metrics.k8s.io';
const RESOURCE = 'v1beta1.metrics.k8s.io';

interface MetricsApi {
  api: ApiServiceState;
  /** Metric names it lists (resources of its APIResourceList). */
  metrics?: string[];
  /** Why it could not be listed, when Available but not answering. */
  problem?: string;
}

export const podAutoscaling: Check = {
  id: 'pod_autoscaling',
  title: 'Pod Autoscaling',
  async detect(ctx) {
    const discovery = await ctx.discovery();
    const apis = await Promise.all(
      [CUSTOM, EXTERNAL, RESOURCE].map(name =>
        ctx.kube.object({ group: 'apiregistration.k8s.io', version: 'v1', resource: 'apiservices', name })
      )
    );
    const [custom, external, resource] = apis.map(a => (a ? apiServiceState(a) : null));
    const evidence: string[] = [];
    const hpa = discovery.serves('autoscaling', 'v2', 'horizontalpodautoscalers');
    evidence.push(
      hpa
        ? 'autoscaling/v2 HorizontalPodAutoscaler served'
        : 'autoscaling/v2 HorizontalPodAutoscaler not served'
    );
    for (const [name, state] of [
      [CUSTOM, custom],
      [EXTERNAL, external],
      [RESOURCE, resource]
    ] as const) {
      evidence.push(
        state
          ? `APIService ${name}: ${state.detail}, service ${state.service}`
          : `APIService ${name}: not registered`
      );
    }
    if (!hpa)
      return fail(
        'autoscaling/v2 is not served: the HorizontalPodAutoscaler cannot use custom metrics',
        evidence
      );

    const listed = await Promise.all(
      ([custom, external] as const).map(async (state, i) =>
        state?.available ? listMetrics(ctx, state, i === 0 ? 'custom' : 'external') : null
      )
    );
    for (const m of listed) {
      if (!m) continue;
      const group = m.api.name.replace(/^v1beta1\./, '');
      evidence.push(
        m.metrics
          ? `${group}/v1beta1 lists ${plural(m.metrics.length, 'metric')}${m.metrics.length ? `: ${listShort(m.metrics, 5)}` : ''}`
          : `${group}/v1beta1: ${m.problem}`
      );
      const gpu = (m.metrics ?? []).filter(n => /gpu|dcgm|accelerator/i.test(n));
      if (gpu.length > 0) evidence.push(`accelerator metrics available to the HPA: ${listShort(gpu, 5)}`);
    }
    const answering = listed.filter((m): m is MetricsApi => !!m && !!m.metrics && m.metrics.length > 0);
    const solution = (m: MetricsApi): string =>
      `${m.api.name.replace(/^v1beta1\./, '')}/v1beta1 via ${m.api.service}`;
    if (answering.length > 0) {
      const text = answering
        .map(m => `${solution(m)} (${plural(m.metrics!.length, 'metric')})`)
        .join(' and ');
      return pass(`autoscaling/v2 served; ${text} Available`, evidence, answering.map(solution).join('; '));
    }
    const registered = [custom, external].filter((s): s is ApiServiceState => !!s);
    const silent = listed.filter((m): m is MetricsApi => !!m);
    const resourceOk = resource?.available ? ' (resource metrics from metrics.k8s.io still work)' : '';
    if (silent.length > 0) {
      const m = silent[0];
      return partial(
        `${m.api.name} is Available but ${m.problem ?? 'lists no metrics'}${resourceOk}`,
        evidence,
        solution(m)
      );
    }
    if (registered.length > 0) {
      const s = registered[0];
      const text = `${s.name} is registered (service ${s.service}) but ${s.detail}`;
      return resource?.available ? partial(`${text}${resourceOk}`, evidence) : fail(text, evidence);
    }
    if (resource?.available) {
      return partial(
        `only resource metrics (metrics.k8s.io via ${resource.service}) are served: no custom or external metrics API for AI/ML metrics`,
        evidence,
        `metrics.k8s.io/v1beta1 via ${resource.service}`
      );
    }
    return fail(
      'no custom, external or resource metrics API is registered: the HPA cannot scale on custom metrics',
      evidence
    );
  }
};

/** The metric names an aggregated metrics API lists; a backend that does not answer is a finding, not an error. */
async function listMetrics(
  ctx: CheckContext,
  api: ApiServiceState,
  kind: 'custom' | 'external'
): Promise<MetricsApi> {
  const path = `/apis/${kind}.metrics.k8s.io/v1beta1`;
  try {
    const list = await ctx.kube.get<any>(path);
    const names = new Set<string>();
    for (const r of Array.isArray(list?.resources) ? list.resources : []) {
      const name = String(r?.name ?? '');
      names.add(name.includes('/') ? name.slice(name.indexOf('/') + 1) : name);
    }
    return { api, metrics: [...names].sort() };
  } catch (err) {
    if (err instanceof KubeError && err.kind === 'server' && (err.status === 502 || err.status === 503)) {
      return { api, problem: `does not answer (${err.status} ${err.reason ?? ''})`.replace(/ \)$/, ')') };
    }
    if (err instanceof KubeError && err.kind === 'absent')
      return { api, problem: 'answers 404 for its own group version' };
    throw err;
  }
}
