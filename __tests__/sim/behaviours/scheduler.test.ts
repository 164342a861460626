import { describe, expect, it } from '@jest/globals';
import { makeCluster, simplePod } from './helpers.js';

describe('scheduler', () => {
  it('explains why no node fits, in the real message shape', async () => {
    const c = makeCluster({ devicePlugins: [{ resource: 'nvidia.com/gpu', unit: 'gpu', namespace: 'default', podLabels: { dp: 'x' } }] });
    c.node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
    c.node('w1');
    c.node('w2', { labels: { pool: 'b' } });
    c.store.create(simplePod('p', { containers: [{ name: 'c', image: 'x', resources: { limits: { 'nvidia.com/gpu': '1' } } }] }));
    c.store.create(simplePod('q', { nodeSelector: { pool: 'a' }, containers: [{ name: 'c', image: 'x' }] }));
    await c.run(1000);
    const msg = c.pod('default', 'p')!.status.conditions.find((x: any) => x.type === 'PodScheduled');
    expect(msg).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(msg.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient nvidia.com/gpu. ' +
        'still not schedulable, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.'
    );
    expect(c.events('p')[0]).toMatch(/^Warning FailedScheduling: 0\/3 nodes are available/);
    expect(c.pod('default', 'q')!.status.conditions[0].message).toContain("2 node(s) didn't match Pod's node affinity/selector");
    // A node that fits arrives: the pending pod is retried and bound.
    c.node('w3', { labels: { pool: 'a' } });
    await c.run(3000);
    expect(c.pod('default', 'q')!.spec.nodeName).toBe('w3');
    expect(c.events('q')).toContain('Normal Scheduled: Successfully assigned default/q to w3');
  });

  it('allocates DRA claims from ResourceSlices and maps them to the container', async () => {
    const c = makeCluster({ draDrivers: [{ driver: 'gpu.nvidia.com', devices: 'nvidia', namespace: 'default', podLabels: { dra: 'plugin' } }] });
    c.node('g', { gpus: 2 });
    c.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'plugin', labels: { dra: 'plugin' } }, spec: { nodeName: 'g', containers: [{ name: 'p', image: 'x' }] } });
    c.store.create({
      apiVersion: 'resource.k8s.io/v1',
      kind: 'DeviceClass',
      metadata: { name: 'gpu.nvidia.com' },
      spec: { selectors: [{ cel: { expression: "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'gpu'" } }] }
    });
    c.store.create({
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceClaimTemplate',
      metadata: { name: 'single-gpu', namespace: 'default' },
      spec: { spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com' } }] } } }
    });
    await c.run(3000);
    expect(c.store.list('resource.k8s.io', 'resourceslices')).toHaveLength(1);
    for (const n of ['a', 'b', 'c']) {
      c.store.create(
        simplePod(n, {
          restartPolicy: 'Never',
          resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: 'single-gpu' }],
          containers: [
            { name: 'main', image: 'ubuntu', command: ['sh', '-c', 'nvidia-smi -L; sleep 60'], resources: { claims: [{ name: 'gpu' }] } },
            { name: 'side', image: 'ubuntu', command: ['sh', '-c', 'ls /dev/nvidia*'] }
          ]
        })
      );
    }
    await c.run(5000);
    const claims = c.store.list('resource.k8s.io', 'resourceclaims');
    expect(claims).toHaveLength(3);
    const allocated = claims.filter(x => x.status?.allocation);
    expect(allocated.map(x => x.status.allocation.devices.results[0].device).sort()).toEqual(['gpu-0', 'gpu-1']);
    expect(allocated.every(x => x.status.reservedFor.length === 1)).toBe(true);
    const pending = ['a', 'b', 'c'].map(n => c.pod('default', n)!).find(p => !p.spec.nodeName)!;
    expect(pending.status.conditions[0].message).toBe(
      '0/1 nodes are available: 1 cannot allocate all claims. still not schedulable, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.'
    );
    const running = ['a', 'b', 'c'].map(n => c.pod('default', n)!).filter(p => p.spec.nodeName);
    const uuids = running.map(p => c.cluster.kubelet.log('default', p.metadata.name!, 'main', {}));
    expect(new Set(uuids).size).toBe(2);
    expect(uuids.every(u => /^GPU 0: NVIDIA A10 \(UUID: GPU-/.test(u!))).toBe(true);
    expect(c.cluster.kubelet.log('default', running[0].metadata.name!, 'side', {})).toContain('No such file or directory');
    // When the running pods finish, claims are released and the pending pod gets a GPU.
    await c.run(70_000);
    expect(pending && c.pod('default', pending.metadata.name!)!.spec.nodeName).toBe('g');
  });
});
