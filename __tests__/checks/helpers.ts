/**
 * Running one requirement's detect check against the simulator, through the real client over
 * HTTPS. Time is a FakeClock: the simulator settles by advancing it, and so does any setup a test
 * makes (installing objects through the API, changing what a node reports), so nothing sleeps.
 */
import { KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { KubeSession } from '../../src/kube/session.js';
import { FakeClock } from '../../src/sim/clock.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';
import type { KObject } from '../../src/sim/store.js';
import { runSuite } from '../../src/suite/index.js';
import type { RequirementResult, RunResults } from '../../src/types.js';

export interface SetupEnv {
  sim: Simulator;
  /** Applies objects through the API, as an administrator installing something would. */
  apply(...objects: object[]): Promise<void>;
  /** Deletes an object through the API. */
  remove(object: {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string };
  }): Promise<void>;
  /** Changes a node the way its kubelet or feature discovery would (labels, status). */
  node(name: string, change: (node: KObject) => void): void;
}

export interface DetectOptions extends Omit<SimulatorOptions, 'clock'> {
  /** The requirement set to check against (default: the cluster's minor). */
  version?: string;
  setup?: (env: SetupEnv) => Promise<void> | void;
}

export type Detected = RequirementResult & { run: RunResults };

/** Starts the scenario, applies the setup, runs the one check, stops the simulator. */
export async function detect(id: string, options: DetectOptions): Promise<Detected> {
  const { version, setup, ...simOptions } = options;
  const clock = new FakeClock();
  const sim = await startSimulator({ ...simOptions, clock });
  try {
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig);
    if (setup) {
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
      await settle(clock, 120_000);
    }
    const session = KubeSession.fromKubeConfig(kc, { now: () => clock.now(), maxRetryDelayMs: 0 });
    const run = await runSuite({ session, version, only: [id], now: () => clock.now() });
    return { ...run.requirements[0], run };
  } finally {
    await sim.stop();
  }
}

/** Advances simulated time in steps, letting the simulator's queued work run between them. */
export async function settle(clock: FakeClock, total: number): Promise<void> {
  for (let done = 0; done < total; done += 1000) {
    clock.advance(1000);
    await new Promise<void>(resolve => setImmediate(resolve));
  }
}

/** An RBAC rule denying verbs on resources, as the simulator's authorizer takes it. */
export function deny(verbs: string[], resources: string[], apiGroups?: string[]) {
  return [{ verbs, resources, apiGroups, effect: 'deny' as const }];
}

/** A fault answering matching requests with an HTTP error. */
export function failing(resources: string[], code = 500) {
  return { rules: [{ resources, action: { type: 'error' as const, code } }] };
}
