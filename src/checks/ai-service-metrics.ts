/**
 * ai_service_metrics: a monitoring system that discovers and collects Prometheus-format metrics
 * from workloads. The Prometheus Operator is read fully: CRDs and operator ready, a Prometheus
 * instance Available that selects ServiceMonitors or PodMonitors, its query API answering through
 * the service proxy (`vector(1)`) with active targets up. Managed collectors whose query API lives
 * outside the cluster (GKE Managed Prometheus, ACK's ARMS agent) are recognised by their in-cluster
 * agent and CRDs; a plain Prometheus server is queried the same way.
 */
import { KubeError } from '../kube/errors.js';
import { describeCondition, isTrue } from '../kube/readiness.js';
import { describeWorkload, findWorkloads, imageTag, type Workload } from '../kube/workloads.js';
import { inspectComponent, type ComponentReport, type ComponentSpec } from './components.js';
import { fail, listShort, partial, pass, plural } from './finding.js';
import type { Check, CheckContext, Finding } from './types.js';

const MON = 'monitoring.coreos.com';
const OPERATOR: ComponentSpec = {
  name: 'Prometheus Operator',
  group: MON,
  crds: ['servicemonitors', 'podmonitors', 'prometheuses'].map(r => `${r}.${MON}`),
  controller: {
    kinds: ['Deployment'],
    name: /(prometheus-operator|kube-prometheus-stack-operator)$/,
    image: /prometheus-operator\/prometheus-operator(:|@|$)/
  },
  versionImage: /prometheus-operator\/prometheus-operator/
};
/** In-cluster agents of managed monitoring, recognised by image. */
const MANAGED: Array<{ name: string; match: { name?: RegExp; image?: RegExp }; crd?: string }> = [
  {
    name: 'Alibaba Cloud Managed Service for Prometheus (ARMS agent)',
    match: { name: /arms-prom/, image: /arms-prom/ }
  },
  {
    name: 'Google Cloud Managed Service for Prometheus',
    match: { image: /gke-release\/prometheus-engine|gmp-operator/ },
    crd: 'podmonitorings.monitoring.googleapis.com'
  }
];
/** A Prometheus server not run by the operator (the prometheus Helm chart's prometheus-server). */
const SERVER = {
  kinds: ['Deployment' as const, 'StatefulSet' as const],
  image: /(^|\/)prom(etheus)?\/prometheus(:|@|$)/
};

interface QueryResult {
  answered: boolean;
  problem?: string;
  targetsUp?: number;
  targetsTotal?: number;
}

export const aiServiceMetrics: Check = {
  id: 'ai_service_metrics',
  title: 'AI Service Metrics',
  async detect(ctx) {
    // Prometheus instances are listed alongside the operator's inspection: one round trip less.
    const discovery = await ctx.discovery();
    const promVersion = discovery.versionsOf(MON, 'prometheuses')[0];
    const instances = promVersion
      ? ctx.kube.list({ group: MON, version: promVersion, resource: 'prometheuses' })
      : Promise.resolve([]);
    instances.catch(() => undefined);
    const [operator, workloads] = await Promise.all([inspectComponent(ctx, OPERATOR), ctx.workloads()]);
    const evidence = [...operator.evidence];
    if (operator.health !== 'absent') {
      const found = await prometheusOperator(ctx, operator, instances, evidence);
      if (found.verdict === 'pass') return found;
      // A broken operator install does not hide a working collector next to it.
      const other = await managedOrServer(ctx, workloads, evidence, true);
      return other ?? found;
    }
    const other = await managedOrServer(ctx, workloads, evidence, false);
    if (other) return other;
    return fail(
      'no monitoring system found that collects workload metrics (looked for the Prometheus Operator, a Prometheus server, ARMS and Google Managed Prometheus)',
      [`${MON}: not served`, 'no prometheus-operator, Prometheus server or managed collector agent runs']
    );
  }
};

async function prometheusOperator(
  ctx: CheckContext,
  operator: ComponentReport,
  listing: Promise<any[]>,
  evidence: string[]
): Promise<Finding> {
  const { health, problems, version } = operator;
  const solution = `Prometheus Operator${version ? ` ${version}` : ''} (${MON}/v1 ServiceMonitor, PodMonitor)`;
  if (health === 'broken')
    return fail(
      `the Prometheus Operator is installed but not working: ${problems.join('; ')}`,
      evidence,
      solution
    );
  const instances = await listing;
  if (instances.length === 0) {
    return partial(
      'the Prometheus Operator runs, but no Prometheus instance exists to collect metrics',
      evidence,
      solution
    );
  }
  const workloads = await ctx.workloads();
  const judged = await Promise.all(instances.map(p => judgeInstance(ctx, p, workloads.all)));
  for (const j of judged) evidence.push(...j.evidence);
  const good = judged.find(j => j.verdict === 'pass');
  if (good) {
    if (health === 'degraded')
      return partial(`Prometheus ${good.name} collects, but ${problems.join('; ')}`, evidence, solution);
    return pass(good.reason, evidence, solution);
  }
  const best = judged.find(j => j.verdict === 'partial') ?? judged[0];
  return best.verdict === 'partial'
    ? partial(best.reason, evidence, solution)
    : fail(best.reason, evidence, solution);
}

interface Judged {
  name: string;
  verdict: 'pass' | 'partial' | 'fail';
  reason: string;
  evidence: string[];
}

async function judgeInstance(ctx: CheckContext, p: any, workloads: Workload[]): Promise<Judged> {
  const ns = String(p?.metadata?.namespace ?? '');
  const name = `${ns}/${p?.metadata?.name}`;
  const spec = p?.spec ?? {};
  const evidence: string[] = [];
  const sets = workloads.filter(
    w =>
      w.kind === 'StatefulSet' && w.namespace === ns && w.name.startsWith(`prometheus-${p?.metadata?.name}`)
  );
  const available = isTrue(p, 'Available') || (!p?.status?.conditions && sets.some(s => s.state.serving));
  const selectsMonitors = spec.serviceMonitorSelector != null || spec.podMonitorSelector != null;
  evidence.push(
    `Prometheus ${name}: ${describeCondition(p, 'Available')}; serviceMonitorSelector ${selectorText(spec.serviceMonitorSelector)}, podMonitorSelector ${selectorText(spec.podMonitorSelector)}` +
      (sets.length ? `; ${sets.map(describeWorkload).join(', ')}` : '')
  );
  if (!available)
    return {
      name,
      verdict: 'fail',
      reason: `Prometheus ${name} is not Available (${describeCondition(p, 'Available')})`,
      evidence
    };
  const query = await queryPrometheus(ctx, ns, 'prometheus-operated', 'web');
  evidence.push(describeQuery(`service ${ns}/prometheus-operated:web`, query));
  if (!query.answered)
    return {
      name,
      verdict: 'partial',
      reason: `Prometheus ${name} is Available but its query API does not answer (${query.problem})`,
      evidence
    };
  if (!selectsMonitors) {
    return {
      name,
      verdict: 'partial',
      reason: `Prometheus ${name} selects no ServiceMonitors or PodMonitors (both selectors unset): workloads cannot be discovered through them`,
      evidence
    };
  }
  if (query.targetsUp === 0)
    return {
      name,
      verdict: 'partial',
      reason: `Prometheus ${name} answers queries but has no active target up: it collects nothing`,
      evidence
    };
  return {
    name,
    verdict: 'pass',
    reason: `Prometheus ${name} is Available, discovers workloads through ServiceMonitors/PodMonitors and answers queries${query.targetsUp !== undefined ? ` with ${plural(query.targetsUp, 'active target')} up` : ''}`,
    evidence
  };
}

function selectorText(sel: unknown): string {
  if (sel == null) return 'unset (selects none)';
  const labels = (sel as any)?.matchLabels ?? {};
  const keys = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return keys.length ? keys.join(',') : '{} (selects all)';
}

/** `vector(1)` and the active targets, in parallel, through the service proxy. */
async function queryPrometheus(
  ctx: CheckContext,
  namespace: string,
  service: string,
  port: string | number
): Promise<QueryResult> {
  const proxy = (path: string, query: Record<string, string>) =>
    ctx.kube.proxy({ kind: 'service', namespace, name: service, port, path, query }).then(
      r => ({ ok: true as const, body: safeJson(r.text) }),
      (err: unknown) => {
        if (
          err instanceof KubeError &&
          (err.kind === 'absent' || (err.kind === 'server' && (err.status === 502 || err.status === 503)))
        ) {
          return { ok: false as const, problem: `${err.status}${err.reason ? ` ${err.reason}` : ''}` };
        }
        throw err;
      }
    );
  const [q, t] = await Promise.all([
    proxy('/api/v1/query', { query: 'vector(1)' }),
    proxy('/api/v1/targets', { state: 'active' })
  ]);
  if (!q.ok) return { answered: false, problem: q.problem };
  const value = q.body?.data?.result?.[0]?.value?.[1];
  if (q.body?.status !== 'success' || String(value) !== '1')
    return { answered: false, problem: 'vector(1) did not return 1' };
  if (!t.ok || t.body?.status !== 'success') return { answered: true };
  const targets: any[] = Array.isArray(t.body?.data?.activeTargets) ? t.body.data.activeTargets : [];
  return {
    answered: true,
    targetsUp: targets.filter(x => x?.health === 'up').length,
    targetsTotal: targets.length
  };
}

function describeQuery(where: string, q: QueryResult): string {
  if (!q.answered) return `query API (${where}): ${q.problem}`;
  const targets =
    q.targetsTotal !== undefined
      ? `; ${q.targetsUp}/${q.targetsTotal} active targets up`
      : '; targets not listed';
  return `query API (${where}): vector(1) = 1${targets}`;
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Managed collectors and plain Prometheus servers. With `onlyWorking`, returns a Finding only for
 * one that works (a pass), so an operator install that does not work can defer to it.
 */
async function managedOrServer(
  ctx: CheckContext,
  inv: { all: Workload[] },
  evidence: string[],
  onlyWorking: boolean
): Promise<Finding | null> {
  for (const m of MANAGED) {
    const agents = findWorkloads(inv, m.match);
    if (agents.length === 0) continue;
    for (const a of agents) evidence.push(`agent ${describeWorkload(a)}, image ${a.images.join(', ')}`);
    const serving = agents.filter(a => a.state.serving);
    const tag = imageTag(agents[0]);
    const solution = `${m.name}${tag ? ` ${tag}` : ''}`;
    if (serving.length === 0) {
      if (onlyWorking) continue;
      return fail(
        `${m.name} agent is installed but not ready (${agents.map(describeWorkload).join('; ')})`,
        evidence,
        solution
      );
    }
    return pass(
      `${m.name} agent ${listShort(serving.map(a => `${a.namespace}/${a.name}`))} is ready; it discovers workloads through ServiceMonitor/PodMonitor objects and sends them to the managed service (whose query API is outside the cluster)`,
      evidence,
      solution
    );
  }
  const servers = findWorkloads(inv, SERVER).filter(w => !/^prometheus-.*operated|alertmanager/.test(w.name));
  for (const s of servers) {
    evidence.push(`Prometheus server ${describeWorkload(s)}, image ${s.images.join(', ')}`);
    if (!s.state.serving) continue;
    const svc = await ctx.kube.object({
      group: '',
      version: 'v1',
      resource: 'services',
      namespace: s.namespace,
      name: s.name
    });
    const port = svc?.spec?.ports?.[0]?.port;
    if (!svc || port === undefined) continue;
    const q = await queryPrometheus(ctx, s.namespace, s.name, port);
    evidence.push(describeQuery(`service ${s.namespace}/${s.name}:${port}`, q));
    const solution = `Prometheus ${imageTag(s) ?? ''}`.trim() + ` (${s.namespace}/${s.name})`;
    if (q.answered && (q.targetsUp ?? 1) > 0) {
      return pass(
        `Prometheus server ${s.namespace}/${s.name} answers queries${q.targetsUp !== undefined ? ` with ${plural(q.targetsUp, 'active target')} up` : ''}`,
        evidence,
        solution
      );
    }
    if (!onlyWorking)
      return partial(
        `Prometheus server ${s.namespace}/${s.name} runs but ${q.answered ? 'collects from no target' : `its query API does not answer (${q.problem})`}`,
        evidence,
        solution
      );
  }
  return null;
}
