import { describe, expect, it } from '@jest/globals';
import { gpuSharingFunctional } from '../../../src/checks/functional/gpu-sharing.js';
import { deny } from '../helpers.js';
import { runFunctional } from './part2-harness.js';

const run = (options: Parameters<typeof runFunctional>[2]) =>
  runFunctional('gpu_sharing', gpuSharingFunctional, options);

describe('gpu_sharing functional', () => {
  it('time-slicing: GPUs + 1 pods on one node run at once, two of them on the same GPU', async () => {
    const r = await run({ scenario: 'kind-1.35', addons: ['nvidia-time-slicing'] });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /^time-slicing on kind-gpu-worker: pods share-\d and share-\d ran at once on the same GPU GPU-[0-9a-f-]+ \(3 pods asking for nvidia\.com\/gpu: 1 each; 2 physical GPUs, nvidia\.com\/gpu\.replicas=4, nvidia\.com\/gpu=8\)$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('MIG: two pods get distinct 1g.5gb instances of the same A100', async () => {
    const r = await run({ scenario: 'kind-1.35', addons: ['nvidia-mig'] });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /^MIG on kind-mig-worker: two pods got distinct nvidia\.com\/mig-1g\.5gb instances \(MIG-\S+, MIG-\S+\) of the same GPU GPU-[0-9a-f-]+$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('ACK cGPU: two pods asking for GPU memory see the same GPU', async () => {
    const r = await run({ scenario: 'ack-gpu-1.36' });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /^ACK cGPU on cn-hangzhou\.10\.0\.2\.22: pods share-0 and share-1 ran at once on the same GPU GPU-\S+ \(2 pods asking for aliyun\.com\/gpu-mem: 1 each; aliyun\.com\/gpu-mem=22 GiB\)$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when a node labelled for time-slicing does not oversubscribe its GPUs', async () => {
    const r = await run({
      scenario: 'kind-1.35',
      addons: ['nvidia-time-slicing'],
      setup: ({ node }) => {
        for (const name of ['kind-gpu-worker', 'kind-gpu-worker2'])
          node(name, n => {
            n.status.allocatable['nvidia.com/gpu'] = '2';
            n.status.capacity['nvidia.com/gpu'] = '2';
          });
      }
    });
    expect(r.detect.verdict).toBe('pass');
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^time-slicing does not oversubscribe: only 2 of 3 pods asking for nvidia\.com\/gpu ran at once on kind-gpu-worker \(2 physical GPUs, nvidia\.com\/gpu\.replicas=4, nvidia\.com\/gpu=2\); share-\d: Pending: 0\/\d+ nodes are available/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is an error, not a fail, when other pods already hold the shared GPUs it needs', async () => {
    const holder = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: {
        nodeSelector: { 'kubernetes.io/hostname': 'kind-gpu-worker' },
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        containers: [
          {
            name: 'train',
            image: 'nvcr.io/nvidia/pytorch:25.01-py3',
            command: ['sleep', 'infinity'],
            resources: { limits: { 'nvidia.com/gpu': '3' } }
          }
        ]
      }
    });
    const r = await run({
      scenario: 'kind-1.35',
      addons: ['nvidia-time-slicing'],
      setup: ({ apply }) => apply(holder('busy-a'), holder('busy-b'))
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toBe(
      'kind-gpu-worker advertises nvidia.com/gpu=8 but other pods hold 6: not enough free for 3 pods to show time-slicing'
    );
    expect(r.created).toEqual([]);
  });

  it('is skipped without accelerators', async () => {
    const r = await run({ scenario: 'kind-1.35' });
    expect(r.skipped).toBe(
      'no GPU sharing strategy is exposed (no accelerators on this cluster: there is no GPU to share)'
    );
  });

  it('is an error, not a fail, when the run may not create pods', async () => {
    const r = await run({
      scenario: 'kind-1.35',
      addons: ['nvidia-time-slicing'],
      rbac: deny(['create'], ['pods'], [''])
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.leftovers).toEqual([]);
  });

  it('leaves nothing behind when cancelled while the pods start', async () => {
    const r = await run({ scenario: 'kind-1.35', addons: ['nvidia-time-slicing'], cancelAfterMs: 1000 });
    expect(r.finding.verdict).toBe('error');
    expect(r.leftovers).toEqual([]);
  });
});
