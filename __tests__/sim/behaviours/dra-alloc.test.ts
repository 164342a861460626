import { afterAll, describe, expect, it } from '@jest/globals';
import type { Simulator } from '../../../src/sim/index.js';
import { apiRequest, condition, startFakeSim } from './part1-helpers.js';

const running: Simulator[] = [];
afterAll(async () => {
  for (const s of running) await s.stop();
});

const R = 'resource.k8s.io';

/** The kOps cuda-smoketest: a ResourceClaim for one gpu.nvidia.com device and a Job using it. */
async function smoketest(breaks: string[] = []) {
  const { sim, run } = await startFakeSim('ack-gpu-1.34', [], breaks);
  running.push(sim);
  const s = sim.store;
  s.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dra' } });
  s.create({
    apiVersion: `${R}/v1`,
    kind: 'ResourceClaim',
    metadata: { name: 'cuda-smoketest', namespace: 'dra' },
    spec: {
      devices: {
        requests: [
          {
            name: 'single-gpu',
            exactly: { deviceClassName: 'gpu.nvidia.com', allocationMode: 'ExactCount', count: 1 }
          }
        ]
      }
    }
  });
  s.create({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'cuda-smoketest', namespace: 'dra' },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
          containers: [
            {
              name: 'test',
              image: 'nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda12.5.0-ubuntu22.04',
              command: ['/bin/sh', '-c'],
              args: ['/cuda-samples/vectorAdd && sleep 20'],
              resources: { claims: [{ name: 'gpu' }] }
            }
          ],
          resourceClaims: [{ name: 'gpu', resourceClaimName: 'cuda-smoketest' }]
        }
      }
    }
  });
  const claim = () => s.get(R, 'resourceclaims', 'dra', 'cuda-smoketest')!;
  const pod = () => s.list('', 'pods', 'dra')[0];
  const job = () => s.get('batch', 'jobs', 'dra', 'cuda-smoketest')!;
  return { sim, run, s, claim, pod, job };
}

describe('DRA claim allocation and reservation', () => {
  it('allocates and reserves the claim while the pod runs, and releases it when the job is done', async () => {
    const t = await smoketest();
    await t.run(3000);
    expect(t.pod().status.phase).toBe('Running');
    const c = t.claim();
    expect(c.status.allocation.devices.results).toEqual([
      { request: 'single-gpu', driver: 'gpu.nvidia.com', pool: 'cn-hangzhou.10.0.2.21', device: 'gpu-0' }
    ]);
    expect(c.status.allocation.nodeSelector.nodeSelectorTerms[0].matchFields[0]).toMatchObject({
      key: 'metadata.name',
      values: ['cn-hangzhou.10.0.2.21']
    });
    expect(c.status.reservedFor).toEqual([
      { resource: 'pods', name: t.pod().metadata.name, uid: t.pod().metadata.uid }
    ]);
    expect(t.pod().spec.nodeName).toBe('cn-hangzhou.10.0.2.21');
    const log = await apiRequest(t.sim, 'GET', `/api/v1/namespaces/dra/pods/${t.pod().metadata.name}/log`);
    expect(log.text).toContain('Test PASSED');
    await t.run(25_000);
    expect(condition(t.job(), 'Complete')).toMatchObject({ status: 'True' });
    expect(t.claim().status?.allocation).toBeUndefined();
    expect(t.claim().status?.reservedFor).toBeUndefined();
  });

  it('broken (dra-driver-never-allocates): slices are published, the claim is never allocated, the pod stays Pending', async () => {
    const t = await smoketest(['dra-driver-never-allocates']);
    await t.run(10_000);
    expect(t.s.list(R, 'resourceslices').map(x => x.spec.driver)).toEqual(['gpu.nvidia.com']);
    expect(t.pod().spec.nodeName).toBeUndefined();
    expect(t.pod().status.phase).toBe('Pending');
    expect(t.claim().status?.allocation).toBeUndefined();
    const cond = condition(t.pod(), 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(cond.message).toMatch(/^0\/4 nodes are available: .*cannot allocate all claims/);
    const events = t.s
      .list('', 'events', 'dra')
      .filter(e => e.involvedObject.name === t.pod().metadata.name)
      .map(e => e.reason);
    expect(events).toContain('FailedScheduling');
  });
});
