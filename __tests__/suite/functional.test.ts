/**
 * The suite at functional depth on the simulator: detect first, then the functional checks on the
 * real runtime (run namespace, ledger, cleanup), with a fake clock the runtime's waits move.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import type { RunClock } from '../../src/kube/functional/clock.js';
import { type FunctionalCheck } from '../../src/kube/functional/types.js';
import { KubeSession } from '../../src/kube/session.js';
import { FakeClock } from '../../src/sim/clock.js';
import { runLeftovers } from '../helpers/leftovers.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { runSuite, type SuiteOptions } from '../../src/suite/index.js';

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map(s => s.stop()));
});

/** A run clock whose sleeps move the simulator's fake clock (and call `tick` as it goes). */
function runClock(clock: FakeClock, tick?: () => void): RunClock {
  return {
    now: () => clock.now(),
    async sleep(ms, signal) {
      for (let done = 0; done < ms;) {
        if (signal?.aborted) throw signal.reason;
        const step = Math.min(500, ms - done);
        clock.advance(step);
        done += step;
        await new Promise<void>(r => setImmediate(r));
        tick?.();
      }
      if (signal?.aborted) throw signal.reason;
    }
  };
}

async function boot(scenario = 'ack-gpu-1.34') {
  const clock = new FakeClock();
  const sim = await startSimulator({ scenario, clock });
  sims.push(sim);
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig);
  const session = KubeSession.fromKubeConfig(kc, { now: () => clock.now(), maxRetryDelayMs: 0 });
  return { sim, clock, session };
}

/** A functional check creating a pod that never finishes, then waiting (long) on it. */
function hangingCheck(id: string, opts: Partial<FunctionalCheck> = {}): FunctionalCheck {
  return {
    id,
    skip: () => null,
    run: async ctx => {
      await ctx.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { generateName: 'sleeper-' },
        spec: { containers: [{ name: 'c', image: ctx.images.shell, command: ['sleep', '3600'] }] }
      });
      ctx.note('sleeper created');
      await ctx.waitFor('the sleeper to finish', async () => ({ done: false, observed: 'Running' }), {
        timeoutMs: 3_600_000,
        intervalMs: 1000
      });
      return { verdict: 'pass', reason: 'unreachable', evidence: [] };
    },
    ...opts
  };
}

describe('runSuite at functional depth', () => {
  it('on ACK proves inference traffic and sandboxing, keeps detect for detect-only items, and leaves nothing', async () => {
    const { sim, clock, session } = await boot('ack-gpu-1.36');
    const runId = 'suite-fn-1';
    const results = await runSuite({
      session,
      depth: 'functional',
      version: '1.37',
      only: ['ai_inference', 'workload_sandboxing', 'virtualized_accelerator'],
      runId,
      clock: runClock(clock),
      now: () => clock.now()
    });
    const byId = Object.fromEntries(results.requirements.map(r => [r.id, r]));
    expect(byId.ai_inference).toMatchObject({ depth: 'functional', verdict: 'pass' });
    expect(byId.ai_inference.evidence.some(e => e.startsWith('detect: '))).toBe(true);
    expect(byId.workload_sandboxing).toMatchObject({ depth: 'functional', verdict: 'pass' });
    expect(byId.virtualized_accelerator.depth).toBe('detect');
    expect(byId.virtualized_accelerator.evidence).toContainEqual(
      expect.stringMatching(/^functional: skipped: detect only: proving vGPU/)
    );
    expect(runLeftovers(sim, runId)).toEqual([]);
  });

  it('ai_inference and advanced_inference_ingress build the same Gateway objects: both pass, never side by side', async () => {
    const { sim, clock, session } = await boot('ack-gpu-1.36');
    const runId = 'suite-fn-gw';
    const results = await runSuite({
      session,
      depth: 'functional',
      only: ['ai_inference', 'advanced_inference_ingress'],
      runId,
      clock: runClock(clock),
      now: () => clock.now()
    });
    expect(results.requirements.map(r => [r.id, r.depth, r.verdict])).toEqual([
      ['ai_inference', 'functional', 'pass'],
      ['advanced_inference_ingress', 'functional', 'pass']
    ]);
    expect(runLeftovers(sim, runId)).toEqual([]);
  });

  it('a check past its deadline is an error, and what it created is still deleted', async () => {
    const { sim, clock, session } = await boot();
    const runId = 'suite-fn-2';
    const results = await runSuite({
      session,
      depth: 'functional',
      only: ['dra_support'],
      runId,
      clock: runClock(clock),
      now: () => clock.now(),
      functionalTimeoutMs: 30_000,
      cleanupPhaseMs: 60_000,
      functionalCheckFor: id => (id === 'dra_support' ? hangingCheck(id) : undefined)
    });
    const [dra] = results.requirements;
    expect(dra.verdict).toBe('error');
    expect(dra.status).toBeNull();
    expect(dra.reason).toMatch(/^functional: could not finish: the functional check timed out after 30 s/);
    expect(dra.evidence[0]).toBe('functional: sleeper created');
    expect(runLeftovers(sim, runId)).toEqual([]);
  });

  it('a cancelled run ends every check as an error and leaves nothing behind', async () => {
    const { sim, clock, session } = await boot();
    const runId = 'suite-fn-3';
    const cancel = new AbortController();
    const start = clock.now();
    const results = await runSuite({
      session,
      depth: 'functional',
      only: ['dra_support', 'gang_scheduling'],
      runId,
      signal: cancel.signal,
      clock: runClock(clock, () => {
        if (clock.now() - start > 20_000 && !cancel.signal.aborted)
          cancel.abort(new Error('the run was cancelled'));
      }),
      now: () => clock.now(),
      cleanupPhaseMs: 60_000,
      functionalCheckFor: id => hangingCheck(id)
    });
    for (const r of results.requirements) {
      expect(r.verdict).toBe('error');
      expect(r.reason).toMatch(/could not finish: the run was cancelled/);
    }
    expect(runLeftovers(sim, runId)).toEqual([]);
    expect(sim.store.get('', 'namespaces', undefined, `ai-conformance-${runId}`)).toBeUndefined();
  });

  it('a functional check that throws is an error, never a fail', async () => {
    const { session, clock } = await boot();
    const results = await runSuite({
      session,
      depth: 'functional',
      only: ['gang_scheduling'],
      runId: 'suite-fn-4',
      clock: runClock(clock),
      functionalCheckFor: id => ({
        id,
        skip: () => null,
        run: async () => {
          throw new Error('kueue answered nonsense');
        }
      })
    });
    expect(results.requirements[0]).toMatchObject({
      verdict: 'error',
      status: null,
      reason: 'functional: kueue answered nonsense'
    });
  });

  it('runs exclusive checks alone and the others at most two at a time', async () => {
    const { session, clock } = await boot();
    let running: string[] = [];
    const overlaps: string[][] = [];
    const check = (id: string, exclusive: boolean): FunctionalCheck => ({
      id,
      exclusive,
      skip: () => null,
      run: async ctx => {
        running.push(id);
        overlaps.push([...running]);
        await ctx.sleep(5000);
        running = running.filter(x => x !== id);
        return { verdict: 'pass', reason: 'ok', evidence: [] };
      }
    });
    await runSuite({
      session,
      depth: 'functional',
      only: ['dra_support', 'gpu_sharing', 'ai_inference', 'gang_scheduling', 'accelerator_metrics'],
      version: '1.35',
      runId: 'suite-fn-5',
      clock: runClock(clock),
      functionalCheckFor: id => check(id, id === 'gpu_sharing' || id === 'accelerator_metrics')
    } satisfies SuiteOptions);
    for (const seen of overlaps) {
      expect(seen.length).toBeLessThanOrEqual(2);
      if (seen.includes('gpu_sharing') || seen.includes('accelerator_metrics')) expect(seen).toHaveLength(1);
    }
    expect(overlaps.some(s => s.length === 2)).toBe(true);
  });
});
