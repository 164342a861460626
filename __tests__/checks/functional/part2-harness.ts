/**
 * Runs one functional check the way the suite does, on the real functional runtime
 * (src/kube/functional: FunctionalRun, its ledger-backed writes, waits and cleanup) over the
 * simulator's HTTPS API. Time is a FakeClock that only the runtime's sleeps and waits move (in
 * steps of at most 500 ms), so the simulated cluster advances exactly as long as the check waits
 * and nothing in a test sleeps. After the run, the check's objects and then the namespace are
 * deleted by the runtime's cleanup; what is still in the simulator's store is reported.
 */
import { KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { checkFor } from '../../../src/checks/index.js';
import type { CheckContext, Finding } from '../../../src/checks/types.js';
import { chooseVersion } from '../../../src/catalog/index.js';
import { RequestCounter } from '../../../src/kube/client.js';
import type { RunClock } from '../../../src/kube/functional/clock.js';
import { FunctionalRun as Runtime } from '../../../src/kube/functional/context.js';
import {
  type FunctionalCheck,
  type KubeObject,
  type WorkloadImages
} from '../../../src/kube/functional/types.js';
import { KubeSession } from '../../../src/kube/session.js';
import { FakeClock } from '../../../src/sim/clock.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../src/sim/index.js';
import { runLeftovers } from '../../helpers/leftovers.js';
import { selectRequirements } from '../../../src/suite/select.js';
import type { SetupEnv } from '../helpers.js';

export const TEST_IMAGES: WorkloadImages = {
  shell: 'registry.k8s.io/e2e-test-images/busybox:1.37.0-1',
  cuda: 'nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda12.5.0-ubuntu22.04',
  gpuProbe: 'nvcr.io/nvidia/cuda:12.8.1-base-ubuntu24.04',
  agnhost: 'registry.k8s.io/e2e-test-images/agnhost:2.53',
  curl: 'curlimages/curl:8.14.1',
  python: 'python:3.13-alpine',
  metricsConsumer: 'registry.k8s.io/e2e-test-images/resource-consumer:1.13',
  ray: 'rayproject/ray:2.46.0'
};

export interface FunctionalRunOptions extends Omit<SimulatorOptions, 'clock'> {
  /** The requirement set checked against (default: the cluster's minor). */
  version?: string;
  runId?: string;
  /** The `allow-scale` option (cluster_autoscaling's scale-up); default false. */
  allowScale?: boolean;
  /** The workload images (default TEST_IMAGES). */
  images?: WorkloadImages;
  /** Cancels the run (its signal aborts) once the check has waited this much simulated time. */
  cancelAfterMs?: number;
  /** Changes to the cluster before the run, settled for 2 simulated minutes. */
  setup?: (env: SetupEnv) => Promise<void> | void;
  /** Looks at the cluster after cleanup, before the simulator stops. */
  inspect?: (sim: Simulator) => Promise<void> | void;
  /** Called as the check waits (simulated ms since its start), e.g. to change the cluster midway. */
  during?: (sim: Simulator, elapsedMs: number) => void;
}

export interface FunctionalRun {
  detect: Finding;
  /** Why the functional depth did not run (null when it ran). */
  skipped: string | null;
  /** The functional verdict (an error verdict when the check threw). */
  finding: Finding;
  /** The check's notes, then its finding's own evidence. */
  evidence: string[];
  /** Objects still there after cleanup: labelled with the run id, or cluster-scoped ones it created. */
  leftovers: string[];
  /** "Kind namespace/name" of everything the run created (in order). */
  created: string[];
  runId: string;
  /** Simulated time the check took. */
  elapsedMs: number;
  thrown?: unknown;
}

let counter = 0;

/** Boots the scenario, runs detect then the functional check, cleans up, reports what is left. */
export async function runFunctional(
  id: string,
  check: FunctionalCheck,
  options: FunctionalRunOptions
): Promise<FunctionalRun> {
  const {
    version,
    runId: givenRunId,
    allowScale,
    images,
    cancelAfterMs,
    setup,
    inspect,
    during,
    ...simOptions
  } = options;
  const runId = givenRunId ?? `t${Date.now().toString(36).slice(-5)}${(counter++).toString(36)}`;
  const clock = new FakeClock();
  const sim = await startSimulator({ ...simOptions, clock });
  try {
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig);
    if (setup) await runSetup(sim, kc, clock, setup);
    const session = KubeSession.fromKubeConfig(kc, { now: () => clock.now(), maxRetryDelayMs: 0 });
    const cluster = await session.version();
    const chosen = chooseVersion(cluster, version).version;
    const requirement = selectRequirements(chosen, [id])[0];
    const abort = new AbortController();
    const signal = abort.signal;
    const base: CheckContext = {
      requirement,
      conformanceVersion: chosen,
      cluster,
      kube: session.reader(signal),
      discovery: () => session.discovery(signal),
      nodes: () => session.nodes(signal),
      workloads: () => session.workloads(signal),
      webhooks: () => session.webhooks(signal),
      dra: () => session.dra(signal),
      now: () => clock.now(),
      signal
    };
    // The suite turns whatever detect throws into an error verdict.
    const detect = await checkFor(id)!
      .detect(base)
      .catch((err: unknown) => errorFinding(err, signal));
    const skipped = check.skip(detect, base);
    const created: string[] = [];
    const clusterScoped: Array<{ kind: string; group: string; resource: string; name: string }> = [];
    if (skipped !== null) {
      return {
        detect,
        skipped,
        finding: detect,
        evidence: [],
        leftovers: leftovers(sim, runId, []),
        created,
        runId,
        elapsedMs: 0
      };
    }
    const started = clock.now();
    let checking = true;
    const runClock: RunClock = {
      now: () => clock.now(),
      async sleep(ms, sleepSignal) {
        for (let done = 0; done < ms;) {
          if (sleepSignal?.aborted) throw sleepSignal.reason;
          const step = Math.min(500, ms - done);
          clock.advance(step);
          done += step;
          await new Promise<void>(r => setImmediate(r));
          if (!checking) continue;
          const elapsed = clock.now() - started;
          during?.(sim, elapsed);
          if (cancelAfterMs !== undefined && elapsed >= cancelAfterMs && !signal.aborted)
            abort.abort(new Error('the run was cancelled'));
        }
        if (sleepSignal?.aborted) throw sleepSignal.reason;
      }
    };
    const runtime = new Runtime({
      session,
      runId,
      clock: runClock,
      images: images ?? TEST_IMAGES,
      allowScale: allowScale ?? false
    });
    const scope = runtime.check({ base, counter: base.kube.counter });
    const ctx = scope.ctx;
    const create = ctx.create.bind(ctx);
    ctx.create = async <T extends KubeObject>(obj: T, opts?: { dryRun?: boolean }): Promise<T> => {
      const out = await create(obj, opts);
      if (!opts?.dryRun) {
        const ns = out.metadata.namespace;
        created.push(`${obj.kind} ${ns ? `${ns}/` : ''}${out.metadata.name}`);
        if (!ns) {
          const [group] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : [''];
          const entry = scope.ledger
            .list()
            .find(e => e.ref.name === out.metadata.name && e.ref.group === group && !e.namespaced);
          if (entry)
            clusterScoped.push({
              kind: obj.kind,
              group,
              resource: entry.ref.resource,
              name: out.metadata.name!
            });
        }
      }
      return out;
    };
    const namespace = ctx.namespace.bind(ctx);
    ctx.namespace = async () => {
      const had = runtime.hasNamespace;
      const ns = await namespace();
      if (!had && runtime.hasNamespace && !created.includes(`Namespace ${ns}`))
        created.unshift(`Namespace ${ns}`);
      return ns;
    };
    let finding: Finding;
    let thrown: unknown;
    try {
      finding = await check.run(ctx, detect);
    } catch (err) {
      thrown = err;
      finding = errorFinding(err, signal);
    }
    const elapsedMs = clock.now() - started;
    checking = false;
    await scope.close();
    await runtime.close(new RequestCounter());
    const left = leftovers(sim, runId, clusterScoped);
    if (inspect) await inspect(sim);
    return {
      detect,
      skipped: null,
      finding,
      evidence: [...scope.notes, ...finding.evidence],
      leftovers: left,
      created,
      runId,
      elapsedMs,
      thrown
    };
  } finally {
    await sim.stop();
  }
}

/** What the suite makes of a thrown error: `error`, never `fail`. */
function errorFinding(err: unknown, signal: AbortSignal): Finding {
  const message = err instanceof Error ? err.message : String(err);
  if (signal.aborted)
    return { verdict: 'error', reason: `could not finish: ${message}`, evidence: [], solution: null };
  return { verdict: 'error', reason: message.replace(/\s+/g, ' '), evidence: [], solution: null };
}

async function runSetup(
  sim: Simulator,
  kc: KubeConfig,
  clock: FakeClock,
  setup: NonNullable<FunctionalRunOptions['setup']>
): Promise<void> {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  await setup({
    sim,
    apply: async (...list) => {
      for (const o of list) await objects.create(o as KubernetesObject);
    },
    remove: async o => {
      await objects.delete(o as KubernetesObject);
    },
    node: (name, change) => {
      const node = structuredClone(sim.store.mustGet('', 'nodes', undefined, name));
      change(node);
      const updated = sim.store.update(node);
      sim.store.update({ ...updated, status: node.status }, { subresource: 'status' });
    }
  });
  for (let t = 0; t < 120_000; t += 1000) {
    clock.advance(1000);
    await new Promise<void>(r => setImmediate(r));
  }
}

/** Objects labelled with the run id or in its namespace, and cluster-scoped objects the run created, still in the store. */
function leftovers(
  sim: Simulator,
  runId: string,
  clusterScoped: Array<{ kind: string; group: string; resource: string; name: string }>
): string[] {
  const out = runLeftovers(sim, runId);
  for (const e of clusterScoped) {
    const o = sim.store.get(e.group, e.resource, undefined, e.name);
    if (o && !out.includes(`${e.kind} ${e.name}`)) out.push(`${e.kind} ${e.name}`);
  }
  return out;
}
