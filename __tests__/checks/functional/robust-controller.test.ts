import { describe, expect, it } from '@jest/globals';
import { robustControllerFunctional } from '../../../src/checks/functional/robust-controller.js';
import { deny } from '../helpers.js';
import { runFunctional } from './part2-harness.js';

const run = (options: Parameters<typeof runFunctional>[2]) =>
  runFunctional('robust_controller', robustControllerFunctional, options);
const RAY = ['kuberay-webhooks'];
const TRAINER = ['kubeflow-trainer'];

describe('robust_controller functional', () => {
  it("passes with KubeRay's webhooks: vraycluster.kb.io denies the invalid RayCluster, a RayCluster gets ready, no restarts", async () => {
    const r = await run({ scenario: 'kind-1.34', addons: RAY });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /^KubeRay: webhook vraycluster\.kb\.io denied an invalid RayCluster \(two worker groups named alike\) in a server-side dry run; RayCluster conformance-raycluster reconciled \(state ready, HeadPodReady=True \(HeadPodRunningAndReady\)\) in \d+ s; the operator's 1 pod did not restart$/
    );
    expect(r.evidence).toContainEqual(
      expect.stringMatching(
        /^dry-run RayCluster invalid-raycluster \(two worker groups named alike\): admission webhook "vraycluster\.kb\.io" denied the request: RayCluster\.ray\.io "invalid-raycluster" is invalid: spec\.workerGroupSpecs\[1\]: Invalid value: /
      )
    );
    expect(r.finding.solution).toBe('KubeRay v1.5.0 (ray.io/v1)');
    // The dry run created nothing.
    expect(r.created.filter(c => c.includes('invalid'))).toEqual([]);
    expect(r.leftovers).toEqual([]);
  });

  it('passes with Kubeflow Trainer: its webhook denies a TrainJob on a missing runtime, a TrainJob completes', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: TRAINER });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /^Kubeflow Trainer: webhook validator\.trainjob\.trainer\.kubeflow\.org denied an invalid TrainJob \(a runtimeRef to a ClusterTrainingRuntime that does not exist\) in a server-side dry run; TrainJob conformance-trainjob reconciled \(Created=True .*Complete=True .*\) in \d+ s; the operator's 1 pod did not restart/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the webhook admits everything', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: RAY, breaks: ['kuberay-webhook-admits-all'] });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toBe(
      'KubeRay: an invalid RayCluster (two worker groups named alike) was admitted (server-side dry run): its validating webhook did not reject it'
    );
    expect(r.leftovers).toEqual([]);
  });

  it("fails when Trainer's webhook admits everything", async () => {
    const r = await run({ scenario: 'kind-1.34', addons: TRAINER, breaks: ['trainer-webhook-admits-all'] });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^Kubeflow Trainer: an invalid TrainJob \(a runtimeRef to a ClusterTrainingRuntime that does not exist\) was admitted/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the operator never reconciles', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: RAY, breaks: ['kuberay-never-reconciles'] });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toBe(
      'KubeRay: RayCluster conformance-raycluster was not reconciled within 600 s: the operator created nothing for it (state not reported, no conditions)'
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the Trainer never reconciles', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: TRAINER, breaks: ['trainer-never-reconciles'] });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toBe(
      'Kubeflow Trainer: TrainJob conformance-trainjob was not reconciled within 300 s: the operator created nothing for it (no status)'
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the API server cannot call the webhook', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: RAY,
      breaks: ['kuberay-webhooks-without-endpoints']
    });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^KubeRay: the API server cannot call the operator's webhook vraycluster\.kb\.io: failed calling webhook "vraycluster\.kb\.io": failed to call webhook: Post "https:\/\/kuberay-operator-webhook\.ray-system\.svc:443\/validate-ray-io-v1-raycluster\?timeout=10s": no endpoints available/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is partial without a validating webhook (KubeRay chart default): reconciliation shown, admission not', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: ['kuberay'] });
    expect(r.finding.verdict).toBe('partial');
    expect(r.finding.reason).toMatch(
      /^KubeRay: RayCluster conformance-raycluster reconciled .* in \d+ s; the operator's 1 pod did not restart; but it has no validating webhook, so admission validation of its resources is not shown$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the operator pod restarts during the test', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: RAY,
      during: (sim, elapsed) => {
        if (elapsed !== 2000) return;
        // The operator crashes once mid-test: its container restarts.
        const pod = sim.store
          .list('', 'pods', 'ray-system')
          .find(p => p.metadata.labels?.['app.kubernetes.io/name'] === 'kuberay-operator')!;
        const statuses = pod.status.containerStatuses.map((s: any) => ({
          ...s,
          restartCount: (s.restartCount ?? 0) + 1
        }));
        sim.store.update(
          { ...pod, status: { ...pod.status, containerStatuses: statuses } },
          { subresource: 'status' }
        );
      }
    });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^KubeRay: operator pod ray-system\/kuberay-operator-\S+ restarted \(restartCount 0 → 1\) during the test$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('on ACK uses KubeRay with its webhooks', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34' });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(/^KubeRay: webhook vraycluster\.kb\.io denied/);
    expect(r.leftovers).toEqual([]);
  });

  it('is an error, not a fail, when the run may not create RayClusters', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: RAY,
      rbac: deny(['create'], ['rayclusters'], ['ray.io'])
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toMatch(
      /^POST \/apis\/ray\.io\/v1\/namespaces\/\S+\/rayclusters\?dryRun=All: 403 Forbidden/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is skipped without an operator', async () => {
    const r = await run({ scenario: 'kind-1.34' });
    expect(r.skipped).toMatch(/^no AI operator runs \(no AI operator found/);
  });

  it('leaves nothing behind when cancelled while the RayCluster reconciles', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: RAY,
      breaks: ['kuberay-never-reconciles'],
      cancelAfterMs: 20_000
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.leftovers).toEqual([]);
  });
});
