/**
 * robust_controller, functional: an AI operator's webhook and controller at work. For KubeRay or
 * Kubeflow Trainer (whichever runs, the one with validating webhooks first):
 * 1. a schema-valid but invalid resource is created as a server-side dry run (nothing persists):
 *    it must be refused with `admission webhook "<name>" denied the request`, <name> being one of
 *    the operator's own validating webhooks — a schema error (Required value, Invalid value without
 *    a webhook), another webhook's denial (a policy engine) or an admission that lets it through
 *    all fail, as does a webhook the API server cannot call;
 * 2. a valid resource reconciles: a RayCluster (head only) reaches state ready, or a TrainJob on an
 *    installed ClusterTrainingRuntime reaches Complete; an operator that creates nothing fails, a
 *    workload that cannot start (image pull, capacity) is an error of the environment;
 * 3. the operator's pods do not restart meanwhile (restartCount and pod uid before and after).
 * Without a validating webhook the result is at most partial: admission validation is unproven.
 */
import type { FunctionalCheck, FunctionalContext, KubeObject } from '../../kube/functional/types.js';
import { describeCondition, isTrue } from '../../kube/readiness.js';
import { webhooksForGroups } from '../../kube/webhooks.js';
import { inspectComponent, solutionName, type ComponentReport } from '../components.js';
import { fail, listShort, partial, pass, plural } from '../finding.js';
import { OPERATORS } from '../robust-controller.js';
import { isWaitTimeout } from './kit/gateway.js';
import { describePod, PODS, restartCount } from './kit/pods.js';
import { prerequisite } from './kit/skip.js';

export const ROBUST_CONTROLLER = {
  rayClusterMs: 600_000,
  trainJobMs: 300_000,
  pollMs: 5000
};

interface Reconciled {
  done: boolean;
  failed?: string;
  observed: string;
}

/** What the check does with one operator. */
interface OperatorTest {
  operator: string;
  group: string;
  kind: string;
  plural: string;
  /** What makes the invalid resource invalid (for the reason). */
  invalidWhy: string;
  invalid(ctx: FunctionalContext, version: string): KubeObject;
  /** The valid resource, or why none can be made on this cluster. */
  valid(ctx: FunctionalContext, version: string): Promise<KubeObject | string>;
  state(obj: any): Reconciled;
  /** Whether the operator made anything for the resource (its children exist). */
  acted(ctx: FunctionalContext, ns: string, name: string): Promise<string | null>;
  timeoutMs: number;
}

const RAY: OperatorTest = {
  operator: 'KubeRay',
  group: 'ray.io',
  kind: 'RayCluster',
  plural: 'rayclusters',
  invalidWhy: 'two worker groups named alike',
  invalid(ctx, version) {
    const group = {
      groupName: 'workers',
      replicas: 0,
      minReplicas: 0,
      maxReplicas: 1,
      rayStartParams: {},
      template: rayTemplate(ctx, 'ray-worker')
    };
    return {
      apiVersion: `ray.io/${version}`,
      kind: 'RayCluster',
      metadata: { name: 'invalid-raycluster' },
      spec: {
        headGroupSpec: { rayStartParams: {}, template: rayTemplate(ctx, 'ray-head') },
        workerGroupSpecs: [group, { ...group }]
      }
    };
  },
  async valid(ctx, version) {
    return {
      apiVersion: `ray.io/${version}`,
      kind: 'RayCluster',
      metadata: { name: 'conformance-raycluster' },
      spec: {
        headGroupSpec: { rayStartParams: {}, template: rayTemplate(ctx, 'ray-head') },
        workerGroupSpecs: []
      }
    };
  },
  state(rc) {
    const state = rc?.status?.state;
    const head = rc?.status?.conditions ? describeCondition(rc, 'HeadPodReady') : 'no conditions';
    const ready = state === 'ready' && (!rc?.status?.conditions || isTrue(rc, 'HeadPodReady'));
    return { done: ready, observed: `state ${state ?? 'not reported'}, ${head}` };
  },
  async acted(ctx, ns, name) {
    const pods = await ctx.list<KubeObject>(
      { ...PODS, namespace: ns },
      { labelSelector: `ray.io/cluster=${name}` }
    );
    return pods.length ? pods.map(p => `pod ${p.metadata.name} ${describePod(p)}`).join('; ') : null;
  },
  timeoutMs: ROBUST_CONTROLLER.rayClusterMs
};

function rayTemplate(ctx: FunctionalContext, name: string): unknown {
  return {
    spec: {
      containers: [
        {
          name,
          image: ctx.images.ray,
          resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } }
        }
      ]
    }
  };
}

const TRAINER: OperatorTest = {
  operator: 'Kubeflow Trainer',
  group: 'trainer.kubeflow.org',
  kind: 'TrainJob',
  plural: 'trainjobs',
  invalidWhy: 'a runtimeRef to a ClusterTrainingRuntime that does not exist',
  invalid(ctx, version) {
    return {
      apiVersion: `trainer.kubeflow.org/${version}`,
      kind: 'TrainJob',
      metadata: { name: 'invalid-trainjob' },
      spec: {
        runtimeRef: {
          name: `missing-runtime-${ctx.runId}`,
          apiGroup: 'trainer.kubeflow.org',
          kind: 'ClusterTrainingRuntime'
        }
      }
    };
  },
  async valid(ctx, version) {
    const runtimes = await ctx.list<KubeObject>({
      group: 'trainer.kubeflow.org',
      version,
      resource: 'clustertrainingruntimes'
    });
    const names = runtimes.map(r => String(r.metadata.name));
    const runtime = names.find(n => n === 'torch-distributed') ?? names.sort()[0];
    if (!runtime) return 'no ClusterTrainingRuntime is installed to run a TrainJob on';
    return {
      apiVersion: `trainer.kubeflow.org/${version}`,
      kind: 'TrainJob',
      metadata: { name: 'conformance-trainjob' },
      spec: {
        runtimeRef: { name: runtime, apiGroup: 'trainer.kubeflow.org', kind: 'ClusterTrainingRuntime' },
        trainer: {
          image: ctx.images.shell,
          command: ['sh', '-c', 'echo training step done'],
          numNodes: 1,
          resourcesPerNode: {
            requests: { cpu: '100m', memory: '64Mi' },
            limits: { cpu: '500m', memory: '256Mi' }
          }
        }
      }
    };
  },
  state(job) {
    if (isTrue(job, 'Failed'))
      return {
        done: true,
        failed: describeCondition(job, 'Failed'),
        observed: describeCondition(job, 'Failed')
      };
    return {
      done: isTrue(job, 'Complete'),
      observed: job?.status?.conditions
        ? `${describeCondition(job, 'Created')}, ${describeCondition(job, 'Complete')}`
        : 'no status'
    };
  },
  async acted(ctx, ns, name) {
    const d = await ctx.discovery();
    const version = d.versionsOf('jobset.x-k8s.io', 'jobsets')[0];
    const jobset = version
      ? await ctx.get<KubeObject>({
          group: 'jobset.x-k8s.io',
          version,
          resource: 'jobsets',
          namespace: ns,
          name
        })
      : null;
    const pods = await ctx.list<KubeObject>(
      { ...PODS, namespace: ns },
      { labelSelector: `jobset.sigs.k8s.io/jobset-name=${name}` }
    );
    if (!jobset && pods.length === 0) return null;
    return [jobset ? `JobSet ${name}` : '', ...pods.map(p => `pod ${p.metadata.name} ${describePod(p)}`)]
      .filter(Boolean)
      .join('; ');
  },
  timeoutMs: ROBUST_CONTROLLER.trainJobMs
};

const TESTS = new Map<string, OperatorTest>([
  ['KubeRay', RAY],
  ['Kubeflow Trainer', TRAINER]
]);

interface Candidate {
  report: ComponentReport;
  test: OperatorTest;
  version: string;
  validating: string[];
}

export const robustControllerFunctional: FunctionalCheck = {
  id: 'robust_controller',
  skip(detect) {
    return prerequisite(detect, 'no AI operator runs');
  },
  async run(ctx, detect) {
    const [reports, discovery, hooks] = await Promise.all([
      Promise.all(OPERATORS.map(spec => inspectComponent(ctx, spec))),
      ctx.discovery(),
      ctx.webhooks()
    ]);
    const candidates: Candidate[] = [];
    for (const report of reports) {
      const test = TESTS.get(report.spec.name);
      if (!test || (report.health !== 'ready' && report.health !== 'degraded')) continue;
      const version = discovery.versionsOf(test.group, test.plural)[0];
      if (!version) continue;
      const validating = webhooksForGroups(hooks, [test.group])
        .filter(h => h.kind === 'Validating')
        .map(h => h.name);
      candidates.push({ report, test, version, validating });
    }
    if (candidates.length === 0) {
      const running = reports
        .filter(r => r.health === 'ready' || r.health === 'degraded')
        .map(r => r.spec.name);
      return {
        ...detect,
        reason: `${detect.reason} (the functional depth has workloads for KubeRay and Kubeflow Trainer only; ${listShort(running) || 'no operator'} kept at detect)`,
        evidence: []
      };
    }
    candidates.sort((a, b) => Number(b.validating.length > 0) - Number(a.validating.length > 0));
    const c = candidates[0];
    const solution = solutionName(c.report);
    ctx.note(
      `operator ${solution}: ${c.validating.length ? `validating webhooks ${c.validating.join(', ')}` : 'no validating webhook configured'}`
    );
    const ns = await ctx.namespace();
    const before = await operatorPods(ctx, c.report);
    ctx.note(`operator pods before: ${describePods(before)}`);

    const problems: string[] = [];
    let admission = '';
    if (c.validating.length > 0) {
      const denial = await tryInvalid(ctx, c);
      if (denial.ok)
        admission = `webhook ${denial.webhook} denied an invalid ${c.test.kind} (${c.test.invalidWhy}) in a server-side dry run`;
      else problems.push(denial.problem);
    }

    const reconcile = await reconcileValid(ctx, c, ns);
    if (!reconcile.ok) problems.push(reconcile.problem);

    const after = await operatorPods(ctx, c.report);
    ctx.note(`operator pods after: ${describePods(after)}`);
    const restarted = [...before].filter(([name, p]) => {
      const now = after.get(name);
      return !now || now.uid !== p.uid || now.restarts > p.restarts;
    });
    if (restarted.length > 0) {
      problems.push(
        `operator pod${restarted.length > 1 ? 's' : ''} ${restarted
          .map(([name, p]) => {
            const now = after.get(name);
            return now && now.uid === p.uid
              ? `${name} restarted (restartCount ${p.restarts} → ${now.restarts})`
              : `${name} was replaced`;
          })
          .join(', ')} during the test`
      );
    }
    if (problems.length > 0) return fail(`${c.test.operator}: ${problems.join('; ')}`, [], solution);
    const parts = [
      admission,
      reconcile.ok ? reconcile.summary : '',
      `the operator's ${plural(before.size, 'pod')} did not restart`
    ].filter(Boolean);
    if (!admission) {
      return partial(
        `${c.test.operator}: ${parts.join('; ')}; but it has no validating webhook, so admission validation of its resources is not shown`,
        [],
        solution
      );
    }
    return pass(`${c.test.operator}: ${parts.join('; ')}`, [], solution);
  }
};

type Step = { ok: true; webhook: string } | { ok: false; problem: string };

/** Creates the invalid resource as a dry run and judges who refused it. */
async function tryInvalid(ctx: FunctionalContext, c: Candidate): Promise<Step> {
  const obj = c.test.invalid(ctx, c.version);
  try {
    await ctx.create(obj, { dryRun: true });
    return {
      ok: false,
      problem: `an invalid ${c.test.kind} (${c.test.invalidWhy}) was admitted (server-side dry run): its validating webhook did not reject it`
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const status = (err as { status?: number }).status;
    const denied = /admission webhook "([^"]+)" denied the request/.exec(message);
    const unreachable = /failed calling webhook "([^"]+)"/.exec(message);
    const at = message.search(/admission webhook|failed calling webhook/);
    const excerpt = short(at >= 0 ? message.slice(at) : message);
    if (denied && c.validating.includes(denied[1])) {
      ctx.note(`dry-run ${c.test.kind} ${obj.metadata.name} (${c.test.invalidWhy}): ${excerpt}`);
      return { ok: true, webhook: denied[1] };
    }
    if (denied)
      return {
        ok: false,
        problem: `the invalid ${c.test.kind} was denied by webhook ${denied[1]}, not by the operator's own (${c.validating.join(', ')}): ${excerpt}`
      };
    if (unreachable)
      return {
        ok: false,
        problem: `the API server cannot call the operator's webhook ${unreachable[1]}: ${excerpt}`
      };
    if (status === 422 || status === 400)
      return {
        ok: false,
        problem: `the invalid ${c.test.kind} was refused by schema validation, not by the operator's webhook: ${short(message)}`
      };
    // Forbidden by RBAC, throttled, unreachable: the run could not see, an error.
    throw err;
  }
}

type Reconcile = { ok: true; summary: string } | { ok: false; problem: string };

async function reconcileValid(ctx: FunctionalContext, c: Candidate, ns: string): Promise<Reconcile> {
  const obj = await c.test.valid(ctx, c.version);
  if (typeof obj === 'string') return { ok: false, problem: obj };
  const name = String(obj.metadata.name);
  try {
    await ctx.create(obj);
  } catch (err) {
    // Admission of the valid resource: a webhook that cannot be called or refuses it is the operator's failure.
    const message = err instanceof Error ? err.message : String(err);
    const at = message.search(/admission webhook "[^"]+" denied the request|failed calling webhook/);
    if (at < 0) throw err;
    return {
      ok: false,
      problem: `the valid ${c.test.kind} ${name} could not be created: ${short(message.slice(at))}`
    };
  }
  const started = ctx.now();
  const ref = { group: c.test.group, version: c.version, resource: c.test.plural, namespace: ns, name };
  let last = '';
  try {
    const state = await ctx.waitFor(
      `${c.test.kind} ${ns}/${name} to reconcile`,
      async () => {
        const s = c.test.state(await ctx.get(ref));
        last = s.observed;
        return s.done ? { done: true, value: s } : { done: false, observed: s.observed };
      },
      { timeoutMs: c.test.timeoutMs, intervalMs: ROBUST_CONTROLLER.pollMs }
    );
    if (state.failed) return { ok: false, problem: `${c.test.kind} ${name} failed: ${state.failed}` };
    const took = Math.round((ctx.now() - started) / 1000);
    ctx.note(`${c.test.kind} ${ns}/${name}: ${state.observed} after ${took} s`);
    return { ok: true, summary: `${c.test.kind} ${name} reconciled (${state.observed}) in ${took} s` };
  } catch (err) {
    if (!isWaitTimeout(err)) throw err;
    const children = await c.test.acted(ctx, ns, name);
    ctx.note(
      `${c.test.kind} ${ns}/${name} after ${Math.round(c.test.timeoutMs / 1000)} s: ${last}; ${children ?? 'nothing created for it'}`
    );
    // The operator made its pods, which did not get ready: images, capacity — not the operator.
    if (children) throw err;
    return {
      ok: false,
      problem: `${c.test.kind} ${name} was not reconciled within ${Math.round(c.test.timeoutMs / 1000)} s: the operator created nothing for it (${last})`
    };
  }
}

interface PodState {
  uid: string;
  restarts: number;
}

async function operatorPods(ctx: FunctionalContext, report: ComponentReport): Promise<Map<string, PodState>> {
  const out = new Map<string, PodState>();
  for (const w of report.controllers) {
    const selector = Object.entries(w.selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    if (!selector) continue;
    for (const p of await ctx.list<KubeObject>(
      { ...PODS, namespace: w.namespace },
      { labelSelector: selector }
    )) {
      out.set(`${w.namespace}/${p.metadata.name}`, {
        uid: String(p.metadata.uid),
        restarts: restartCount(p)
      });
    }
  }
  return out;
}

function describePods(pods: Map<string, PodState>): string {
  return [...pods].map(([name, p]) => `${name} restarts ${p.restarts}`).join(', ') || 'none found';
}

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 240 ? `${one.slice(0, 237)}...` : one;
}
