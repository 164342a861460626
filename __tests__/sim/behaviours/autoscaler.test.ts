import { afterAll, describe, expect, it } from '@jest/globals';
import { parseCaStatus, parseCaTime } from '../../../src/checks/cluster-autoscaling.js';
import type { Simulator } from '../../../src/sim/index.js';
import type { KObject } from '../../../src/sim/store.js';
import { condition, startFakeSim } from './part1-helpers.js';

const running: Simulator[] = [];
afterAll(async () => {
  for (const s of running) await s.stop();
});

const KIND_GPU = ['gpu-nodes', 'nvidia-device-plugin', 'cluster-autoscaler'];

function gpuPod(name: string, gpus = 1): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'scale-test' },
    spec: {
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      containers: [
        {
          name: 'c',
          image: 'ubuntu:22.04',
          command: ['sleep', 'infinity'],
          resources: { limits: { 'nvidia.com/gpu': String(gpus) } }
        }
      ]
    }
  };
}

async function cluster(scenario: string, addons: string[], breaks: string[] = []) {
  const { sim, run } = await startFakeSim(scenario, addons, breaks);
  running.push(sim);
  const s = sim.store;
  s.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scale-test' } });
  const pod = (n: string) => s.get('', 'pods', 'scale-test', n)!;
  const events = (name: string) =>
    s
      .list('', 'events')
      .filter(e => e.involvedObject?.name === name)
      .map(e => `${e.type} ${e.reason}: ${e.message}`);
  const status = () => s.get('', 'configmaps', 'kube-system', 'cluster-autoscaler-status')!;
  const nodes = () => s.list('', 'nodes').map(n => n.metadata.name!);
  return { sim, run, s, pod, events, status, nodes };
}

describe('cluster autoscaler', () => {
  it('adds a GPU node for a pod unschedulable for want of a GPU, runs the pod there, and removes the node once idle', async () => {
    const c = await cluster('kind-1.34', KIND_GPU);
    const before = c.nodes();
    expect(parseCaStatus(c.status().data.status).groups).toEqual([
      { name: 'gpu-a10', health: 'Healthy', minSize: 1, maxSize: 4 }
    ]);
    // The two workers hold four GPUs: the fifth pod cannot be scheduled.
    for (let i = 0; i < 5; i++) c.s.create(gpuPod(`gpu-${i}`));
    await c.run(1500);
    const pending = ['gpu-0', 'gpu-1', 'gpu-2', 'gpu-3', 'gpu-4'].find(n => !c.pod(n).spec.nodeName)!;
    expect(condition(c.pod(pending), 'PodScheduled').message).toMatch(/Insufficient nvidia\.com\/gpu/);
    await c.run(3000);
    expect(c.events(pending)).toContain(
      'Normal TriggeredScaleUp: pod triggered scale-up: [{gpu-a10 2->3 (max: 4)}]'
    );
    expect(c.events('cluster-autoscaler-status')).toContain(
      'Normal ScaledUpGroup: Scale-up: setting group gpu-a10 size to 3 instead of 2 (max: 4)'
    );
    await c.run(8000);
    const added = c.nodes().filter(n => !before.includes(n));
    expect(added).toEqual(['kind-gpu-worker3']);
    const node = c.s.get('', 'nodes', undefined, 'kind-gpu-worker3')!;
    expect(condition(node, 'Ready')).toMatchObject({ status: 'True' });
    expect(node.status.allocatable['nvidia.com/gpu']).toBe('2');
    expect(node.metadata.labels).toMatchObject({
      'nvidia.com/gpu.product': 'NVIDIA-A10',
      'kubernetes.io/hostname': 'kind-gpu-worker3'
    });
    expect(c.pod(pending).spec.nodeName).toBe('kind-gpu-worker3');
    expect(c.pod(pending).status.phase).toBe('Running');
    const text = c.status().data.status;
    expect(text).toMatch(/cloudProviderTarget: 3/);
    expect(
      parseCaTime(c.status().metadata.annotations!['cluster-autoscaler.kubernetes.io/last-updated'])
    ).toBeGreaterThan(c.sim.clock.now() - 15_000);

    c.s.delete('', 'pods', 'scale-test', pending);
    await c.run(9000);
    expect(c.nodes()).toContain('kind-gpu-worker3');
    await c.run(6000);
    expect(c.nodes()).not.toContain('kind-gpu-worker3');
    expect(c.events('kind-gpu-worker3')).toContain(
      'Normal ScaleDown: marked the node as toBeDeleted/unschedulable'
    );
    expect(c.events('cluster-autoscaler-status')).toContain(
      'Normal ScaleDownEmpty: Scale-down: removing empty node "kind-gpu-worker3"'
    );
    await c.run(3000);
    expect(c.status().data.status).toMatch(/cloudProviderTarget: 2/);
    // The nodes it did not add stay, whatever their load.
    expect(c.nodes()).toEqual(before);
  });

  it('does not scale up for a pod no node group can hold, and says why', async () => {
    const c = await cluster('kind-1.34', KIND_GPU);
    c.s.create(gpuPod('huge', 8));
    await c.run(6000);
    expect(c.events('huge')).toContain(
      "Normal NotTriggerScaleUp: pod didn't trigger scale-up: 1 Insufficient nvidia.com/gpu"
    );
    expect(c.nodes()).not.toContain('kind-gpu-worker3');
  });

  it('broken (autoscaler-never-adds-node): the scale-up is requested, no node registers, the group backs off', async () => {
    const c = await cluster('kind-1.34', KIND_GPU, ['autoscaler-never-adds-node']);
    const before = c.nodes();
    for (let i = 0; i < 5; i++) c.s.create(gpuPod(`gpu-${i}`));
    await c.run(5000);
    const pending = ['gpu-0', 'gpu-1', 'gpu-2', 'gpu-3', 'gpu-4'].find(n => !c.pod(n).spec.nodeName)!;
    expect(c.events(pending)).toContain(
      'Normal TriggeredScaleUp: pod triggered scale-up: [{gpu-a10 2->3 (max: 4)}]'
    );
    await c.run(35_000);
    expect(c.nodes()).toEqual(before);
    expect(c.pod(pending).spec.nodeName).toBeUndefined();
    expect(c.events('cluster-autoscaler-status')).toContain(
      'Warning ScaleUpTimedOut: Nodes added to group gpu-a10 failed to register within 30s'
    );
    expect(c.status().data.status).toMatch(/scaleUp:\n\s+status: Backoff/);
  });

  it('scales the ACK GPU node pool for a device-plugin GPU pod', async () => {
    const c = await cluster('ack-gpu-1.34', []);
    const before = c.nodes();
    c.s.create(gpuPod('first'));
    c.s.create(gpuPod('second'));
    await c.run(15_000);
    const added = c.nodes().filter(n => !before.includes(n));
    expect(added).toEqual(['cn-hangzhou.10.0.2.30']);
    expect(c.s.get('', 'nodes', undefined, added[0])!.metadata.labels).toMatchObject({
      'alibabacloud.com/nodepool-id': 'np-gpu-a10',
      'aliyun.accelerator/nvidia_name': 'NVIDIA-A10'
    });
    expect(['first', 'second'].map(n => c.pod(n).status.phase)).toEqual(['Running', 'Running']);
    expect(new Set(['first', 'second'].map(n => c.pod(n).spec.nodeName))).toEqual(
      new Set(['cn-hangzhou.10.0.2.20', 'cn-hangzhou.10.0.2.30'])
    );
  });
});
