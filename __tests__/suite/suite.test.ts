import { afterEach, describe, expect, it } from '@jest/globals';
import type { Check, Finding } from '../../src/checks/types.js';
import { KubeError } from '../../src/kube/errors.js';
import { KubeSession } from '../../src/kube/session.js';
import { ClusterUnreachableError, mustsPass, runSuite, SuiteInputError } from '../../src/suite/index.js';
import type { RequirementResult } from '../../src/types.js';
import { startFakeApi, type FakeApi } from '../kube/fake-api.js';

let api: FakeApi | undefined;
const started: FakeApi[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map(a => a.close().catch(() => undefined)));
});

/** A cluster answering /version (and empty discovery), and a session on it. */
async function cluster(gitVersion = 'v1.34.2'): Promise<KubeSession> {
  const [major, minor] = gitVersion.replace(/^v/, '').split('.');
  api = await startFakeApi(req => {
    if (req.path === '/version') return { body: { gitVersion, major, minor } };
    if (req.path === '/api') return { body: { kind: 'APIGroupDiscoveryList', items: [] } };
    if (req.path === '/apis') return { body: { kind: 'APIGroupDiscoveryList', items: [] } };
    return { body: { kind: 'List', items: [] } };
  });
  started.push(api);
  return KubeSession.fromKubeConfig(api.kubeconfig());
}

const always =
  (finding: Finding): ((id: string) => Check) =>
  id => ({ id, title: id, detect: async () => finding });
const PASS: Finding = { verdict: 'pass', reason: 'fine', evidence: ['seen'], solution: 'thing' };

describe('runSuite', () => {
  it("picks the cluster's requirement set and returns results in checklist order with status, timing and requests", async () => {
    const session = await cluster('v1.35.1-gke.100');
    const seen: Array<[string, number, number]> = [];
    const results = await runSuite({
      session,
      checkFor: id => ({
        id,
        title: id,
        detect: async ctx => {
          await ctx.kube.get('/api/v1/nodes');
          return { ...PASS, reason: `${id} on ${ctx.conformanceVersion} (${ctx.requirement.level})` };
        }
      }),
      onResult: (r, done, total) => seen.push([r.id, done, total]),
      runId: 'run-1'
    });
    expect(results.cluster).toEqual({ version: 'v1.35.1-gke.100', major: '1', minor: '35' });
    expect(results.conformanceVersion).toBe('1.35');
    expect(results.requirements.map(r => r.id)).toEqual([
      'dra_support',
      'driver_runtime_management',
      'gpu_sharing',
      'virtualized_accelerator',
      'ai_inference',
      'gang_scheduling',
      'cluster_autoscaling',
      'pod_autoscaling',
      'accelerator_metrics',
      'ai_service_metrics',
      'secure_accelerator_access',
      'robust_controller'
    ]);
    const dra = results.requirements[0];
    expect(dra).toMatchObject({
      id: 'dra_support',
      level: 'MUST',
      category: 'accelerators',
      verdict: 'pass',
      status: 'Implemented',
      reason: 'dra_support on 1.35 (MUST)',
      evidence: ['seen'],
      solution: 'thing',
      depth: 'detect',
      requests: 1
    });
    expect(seen).toHaveLength(12);
    expect(seen.map(s => s[1])).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(results.requests).toBe(12 + results.sharedRequests!);
    expect(results.runId).toBe('run-1');
  });

  it('turns whatever a check throws into error, never fail, with the status left as it was', async () => {
    const session = await cluster();
    const throwing: Record<string, () => never> = {
      ai_inference: () => {
        throw new KubeError(
          'forbidden',
          'GET /apis/x: 403 Forbidden: x is forbidden',
          '/apis/x',
          403,
          'Forbidden'
        );
      },
      gang_scheduling: () => {
        throw new KubeError(
          'server',
          'GET /apis/y: 500 InternalError: boom',
          '/apis/y',
          500,
          'InternalError'
        );
      },
      pod_autoscaling: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'items')");
      }
    };
    const results = await runSuite({
      session,
      only: ['ai_inference', 'gang_scheduling', 'pod_autoscaling'],
      checkFor: id => ({ id, title: id, detect: async () => throwing[id]() })
    });
    const by = (id: string): RequirementResult => results.requirements.find(r => r.id === id)!;
    expect(by('ai_inference')).toMatchObject({
      verdict: 'error',
      status: null,
      reason: 'not allowed to read /apis/x: 403 Forbidden: x is forbidden'
    });
    expect(by('gang_scheduling')).toMatchObject({
      verdict: 'error',
      status: null,
      reason: 'could not read /apis/y: 500 InternalError: boom'
    });
    expect(by('pod_autoscaling')).toMatchObject({
      verdict: 'error',
      reason: "check failed unexpectedly: Cannot read properties of undefined (reading 'items')"
    });
    expect(mustsPass(results)).toBe(false);
  });

  it('ends a check at its deadline as an error, even one that ignores its signal', async () => {
    const session = await cluster();
    const results = await runSuite({
      session,
      only: ['dra_support', 'ai_inference'],
      timeoutMs: 50,
      checkFor: id => ({
        id,
        title: id,
        detect: () => (id === 'dra_support' ? new Promise<Finding>(() => undefined) : Promise.resolve(PASS))
      })
    });
    expect(results.requirements[0]).toMatchObject({
      verdict: 'error',
      reason: 'could not finish: timed out after 50 ms'
    });
    expect(results.requirements[1].verdict).toBe('pass');
  });

  it('runs checks concurrently, never more than the bound', async () => {
    const session = await cluster();
    let running = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const done = runSuite({
      session,
      concurrency: 3,
      checkFor: id => ({
        id,
        title: id,
        detect: () =>
          new Promise<Finding>(resolve => {
            running++;
            peak = Math.max(peak, running);
            gates.push(() => {
              running--;
              resolve(PASS);
            });
          })
      })
    });
    // Release checks one at a time as they start: the pool refills up to its bound.
    for (let released = 0; released < 9;) {
      await new Promise(r => setImmediate(r));
      while (gates.length > 0) {
        gates.shift()!();
        released++;
      }
    }
    const results = await done;
    expect(results.requirements).toHaveLength(9);
    expect(peak).toBe(3);
  });

  it('takes an explicit version and warns when it is not the cluster minor', async () => {
    const session = await cluster('v1.36.0');
    const warnings: string[] = [];
    const results = await runSuite({
      session,
      version: 'v1.34',
      checkFor: always(PASS),
      onWarning: w => warnings.push(w)
    });
    expect(results.conformanceVersion).toBe('1.34');
    expect(warnings).toEqual(['checking against the 1.34 requirements as asked, though the cluster is 1.36']);
  });

  it('rejects versions and requirement ids it does not know, naming them', async () => {
    const session = await cluster();
    await expect(runSuite({ session, version: '1.20', checkFor: always(PASS) })).rejects.toThrow(
      SuiteInputError
    );
    await expect(
      runSuite({ session: await cluster(), only: ['gpu_sharing'], checkFor: always(PASS) })
    ).rejects.toThrow(
      '--only gpu_sharing: the 1.34 requirement set has no gpu_sharing (it is in 1.35, 1.36, 1.37)'
    );
    await expect(
      runSuite({ session: await cluster(), skip: ['nope'], checkFor: always(PASS) })
    ).rejects.toThrow(/^--skip nope: no such requirement; the 1\.34 set has dra_support, /);
    await expect(runSuite({ session: await cluster('v1.32.0'), checkFor: always(PASS) })).rejects.toThrow(
      'the cluster is Kubernetes 1.32: AI conformance requirement sets start at 1.33 (1.33, 1.34, 1.35, 1.36, 1.37)'
    );
  });

  it('at functional depth runs detect first, then the functional check, and says why others keep detect', async () => {
    const seenDetect: Finding[] = [];
    const results = await runSuite({
      session: await cluster(),
      depth: 'functional',
      only: ['dra_support', 'ai_inference', 'gang_scheduling'],
      runId: 'unit-run',
      checkFor: always(PASS),
      functionalCheckFor: id =>
        id === 'dra_support'
          ? {
              id,
              skip: () => null,
              run: async (ctx, detect) => {
                seenDetect.push(detect);
                ctx.note('claim allocated on node-1');
                return {
                  verdict: 'fail',
                  reason: 'the claim was never reserved',
                  evidence: ['claim c1 allocated']
                };
              }
            }
          : id === 'ai_inference'
            ? { id, skip: () => 'no accepted GatewayClass', run: async () => PASS }
            : undefined
    });
    expect(results.depth).toBe('functional');
    expect(results.runId).toBe('unit-run');
    expect(seenDetect).toEqual([PASS]);
    const [dra, inference, gang] = results.requirements;
    expect(dra).toMatchObject({
      depth: 'functional',
      verdict: 'fail',
      status: 'Not Implemented',
      reason: 'the claim was never reserved',
      evidence: ['functional: claim allocated on node-1', 'claim c1 allocated', 'detect: seen'],
      solution: 'thing'
    });
    expect(inference).toMatchObject({
      depth: 'detect',
      verdict: 'pass',
      evidence: ['seen', 'functional: skipped: no accepted GatewayClass']
    });
    expect(gang.evidence).toEqual([
      'seen',
      'functional: skipped: no functional check for this requirement: detect only'
    ]);
  });

  it('skips what --skip names', async () => {
    const results = await runSuite({
      session: await cluster(),
      skip: ['cluster_autoscaling', 'dra_support'],
      checkFor: always(PASS)
    });
    expect(results.requirements.map(r => r.id)).not.toContain('cluster_autoscaling');
    expect(results.requirements).toHaveLength(7);
  });

  it('reports a cluster that does not answer as unreachable', async () => {
    const session = await cluster();
    await api!.close();
    await expect(runSuite({ session, checkFor: always(PASS) })).rejects.toThrow(ClusterUnreachableError);
  });
});

describe('mustsPass', () => {
  it('accepts pass and not-applicable MUSTs, whatever the SHOULDs say', async () => {
    const results = await runSuite({
      session: await cluster('v1.35.0'),
      checkFor: id => ({
        id,
        title: id,
        detect: async ctx =>
          ctx.requirement.level === 'SHOULD'
            ? { verdict: 'fail', reason: 'no', evidence: [] }
            : id === 'cluster_autoscaling'
              ? { verdict: 'not-applicable', reason: 'none', evidence: [] }
              : PASS
      })
    });
    expect(mustsPass(results)).toBe(true);
    results.requirements.find(r => r.id === 'gang_scheduling')!.verdict = 'partial';
    expect(mustsPass(results)).toBe(false);
  });
});
