/**
 * The functional runtime (FunctionalRun and the context it gives a check) on the simulator: what it
 * adds to every object, how it waits, how it fails, and that its cleanup deletes everything.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import type { CheckContext } from '../../../src/checks/types.js';
import { RequestCounter } from '../../../src/kube/client.js';
import { KubeError } from '../../../src/kube/errors.js';
import type { RunClock } from '../../../src/kube/functional/clock.js';
import { FunctionalRun } from '../../../src/kube/functional/context.js';
import { DEFAULT_IMAGES } from '../../../src/kube/functional/images.js';
import { DEFAULT_POD_DEADLINE_S, MAX_POD_DEADLINE_S } from '../../../src/kube/functional/prepare.js';
import {
  MANAGED_BY_LABEL,
  REQUIREMENT_LABEL,
  RUN_LABEL,
  WaitTimeoutError,
  type KubeObject
} from '../../../src/kube/functional/types.js';
import { KubeSession } from '../../../src/kube/session.js';
import { FakeClock } from '../../../src/sim/clock.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../src/sim/index.js';
import { selectRequirements } from '../../../src/suite/select.js';
import { runLeftovers } from '../../helpers/leftovers.js';

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map(s => s.stop()));
});

/** A run on a fresh simulator, and one check's context on it. */
async function setup(runId: string, options: Partial<SimulatorOptions> = {}) {
  const clock = new FakeClock();
  const sim = await startSimulator({ scenario: 'ack-gpu-1.34', ...options, clock });
  sims.push(sim);
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig);
  const session = KubeSession.fromKubeConfig(kc, { now: () => clock.now(), maxRetryDelayMs: 0 });
  const runClock: RunClock = {
    now: () => clock.now(),
    async sleep(ms, signal) {
      for (let done = 0; done < ms; done += 500) {
        if (signal?.aborted) throw signal.reason;
        clock.advance(Math.min(500, ms - done));
        await new Promise<void>(r => setImmediate(r));
      }
    }
  };
  const abort = new AbortController();
  const cluster = await session.version();
  const base: CheckContext = {
    requirement: selectRequirements('1.34', ['dra_support'])[0],
    conformanceVersion: '1.34',
    cluster,
    kube: session.reader(abort.signal),
    discovery: () => session.discovery(abort.signal),
    nodes: () => session.nodes(abort.signal),
    workloads: () => session.workloads(abort.signal),
    webhooks: () => session.webhooks(abort.signal),
    dra: () => session.dra(abort.signal),
    now: () => clock.now(),
    signal: abort.signal
  };
  const run = new FunctionalRun({ session, runId, clock: runClock, cleanupPhaseMs: 30_000 });
  const scope = run.check({ base, counter: base.kube.counter });
  return { sim, run, scope, ctx: scope.ctx, abort, token: /token: (\S+)/.exec(sim.kubeconfig)![1] };
}

const pod = (name: Record<string, string>, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: name,
  spec: { containers: [{ name: 'c', image: DEFAULT_IMAGES.shell, command: ['sleep', '60'] }], ...spec }
});

describe('FunctionalRun', () => {
  it('creates the run namespace once, labels everything, names generateName objects itself and bounds every pod', async () => {
    const { sim, run, scope, ctx } = await setup('rt-1');
    const [a, b] = await Promise.all([ctx.namespace(), ctx.namespace()]);
    expect(a).toBe('ai-conformance-rt-1');
    expect(b).toBe(a);
    const ns = sim.store.get('', 'namespaces', undefined, a)!;
    expect(ns.metadata.labels).toMatchObject({
      [RUN_LABEL]: 'rt-1',
      [REQUIREMENT_LABEL]: 'dra_support',
      [MANAGED_BY_LABEL]: 'ai-conformance'
    });

    const p = await ctx.create(pod({ generateName: 'probe-' }));
    expect(p.metadata.name).toMatch(/^probe-[a-z0-9]{5}$/);
    // Written into the ledger before it was sent: the name was chosen here, not by the server.
    expect(scope.ledger.list().map(e => e.ref.name)).toContain(p.metadata.name);
    expect(p.metadata.labels).toMatchObject({ [RUN_LABEL]: 'rt-1', [REQUIREMENT_LABEL]: 'dra_support' });
    expect(p.spec.activeDeadlineSeconds).toBe(DEFAULT_POD_DEADLINE_S);
    const long = await ctx.create(pod({ name: 'long' }, { activeDeadlineSeconds: 99_999 }));
    expect(long.spec.activeDeadlineSeconds).toBe(MAX_POD_DEADLINE_S);

    const job = await ctx.create<KubeObject>({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'work' },
      spec: {
        template: {
          spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: DEFAULT_IMAGES.shell }] }
        }
      }
    });
    expect(job.spec.template.metadata.labels[RUN_LABEL]).toBe('rt-1');
    expect(job.spec.template.spec.activeDeadlineSeconds).toBe(DEFAULT_POD_DEADLINE_S);
    const dry = await ctx.create(
      { apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass', metadata: { name: 'would-be' }, spec: {} },
      { dryRun: true }
    );
    expect(dry.metadata.name).toBe('would-be');
    expect(sim.store.get('resource.k8s.io', 'deviceclasses', undefined, 'would-be')).toBeUndefined();
    expect(scope.ledger.list().some(e => e.ref.name === 'would-be')).toBe(false);

    const report = await scope.close();
    expect(report.left).toEqual([]);
    expect(report.deleted).toEqual(
      expect.arrayContaining([`Pod ai-conformance-rt-1/${p.metadata.name}`, 'Job ai-conformance-rt-1/work'])
    );
    await run.close(new RequestCounter());
    expect(runLeftovers(sim, 'rt-1').filter(o => !o.startsWith('Event '))).toEqual([]);
    expect(sim.store.get('', 'namespaces', undefined, a)).toBeUndefined();
  });

  it('remove() deletes one object now and waits until it is gone', async () => {
    const { sim, ctx } = await setup('rt-2');
    const ns = await ctx.namespace();
    await ctx.create(pod({ name: 'one' }));
    await ctx.remove({ group: '', version: 'v1', resource: 'pods', namespace: ns, name: 'one' });
    expect(sim.store.get('', 'pods', ns, 'one')).toBeUndefined();
  });

  it('waitFor ends at its bound with what it last saw', async () => {
    const { ctx } = await setup('rt-3');
    let polls = 0;
    const err = await ctx
      .waitFor('the pod to run', async () => ({ done: false, observed: `Pending (poll ${++polls})` }), {
        timeoutMs: 10_000,
        intervalMs: 2000
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as Error).message).toBe(
      'timed out after 10 s waiting for the pod to run; last observed: Pending (poll 6)'
    );
  });

  it('a refused create is a forbidden KubeError naming the verb and path, without the token; nothing is left in the ledger', async () => {
    const { scope, ctx, token } = await setup('rt-4', {
      rbac: [{ verbs: ['create'], resources: ['pods'], apiGroups: [''], effect: 'deny' }]
    });
    const err = (await ctx.create(pod({ name: 'nope' })).catch((e: unknown) => e)) as KubeError;
    expect(err).toBeInstanceOf(KubeError);
    expect(err.kind).toBe('forbidden');
    expect(err.message).toMatch(/^POST \/api\/v1\/namespaces\/ai-conformance-rt-4\/pods: 403 Forbidden: /);
    expect(err.message).not.toContain(token);
    expect(scope.ledger.list().map(e => e.kind)).toEqual([]);
  });

  it("cleans up after the check's signal aborted (cancel), on its own signal", async () => {
    const { sim, run, scope, ctx, abort } = await setup('rt-5');
    await ctx.create(pod({ name: 'held' }));
    abort.abort(new Error('the run was cancelled'));
    await expect(ctx.create(pod({ name: 'late' }))).rejects.toThrow(/cancelled/);
    const report = await scope.close();
    expect(report.left).toEqual([]);
    await run.close(new RequestCounter());
    expect(runLeftovers(sim, 'rt-5').filter(o => !o.startsWith('Event '))).toEqual([]);
  });

  it('refuses a namespace of the same name that is not this run’s', async () => {
    const { sim, ctx } = await setup('rt-6');
    sim.store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ai-conformance-rt-6' }
    } as never);
    await expect(ctx.namespace()).rejects.toThrow(
      "namespace ai-conformance-rt-6 already exists and is not this run's: give another run id"
    );
    expect(sim.store.get('', 'namespaces', undefined, 'ai-conformance-rt-6')).toBeDefined();
  });
});
