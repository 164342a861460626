import { afterAll, describe, expect, it } from '@jest/globals';
import { boot, ns, type Booted } from './ai-helpers.js';

const NS = 'gpu-share';
const running: Booted[] = [];
afterAll(async () => {
  for (const b of running) await b.stop();
});

const lister = (name: string, resources: Record<string, unknown>, nodeSelector: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: NS },
  spec: {
    nodeSelector,
    tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    containers: [{ name: 'cuda', image: 'nvidia/cuda:12.8.0-base-ubuntu22.04', command: ['sh', '-c', 'nvidia-smi -L; sleep 3600'], resources: { limits: resources } }]
  }
});

/** The GPU UUIDs a pod's `nvidia-smi -L` listed. */
async function uuids(b: Booted, pod: string): Promise<string[]> {
  return Array.from((await b.logs(NS, pod)).matchAll(/\(UUID: (GPU-[0-9a-f-]+)\)/g)).map(m => m[1]);
}

describe('GPU sharing', () => {
  it('time-slicing advertises replicas and lets pods share a physical GPU (same UUID)', async () => {
    const b = await boot('kind-1.34', ['nvidia-time-slicing']);
    running.push(b);
    const node = (await b.core.readNode({ name: 'kind-gpu-worker' }));
    expect(node.status!.allocatable!['nvidia.com/gpu']).toBe('8');
    expect(node.metadata!.labels).toMatchObject({
      'nvidia.com/gpu.replicas': '4',
      'nvidia.com/gpu.sharing-strategy': 'time-slicing',
      'nvidia.com/gpu.product': 'NVIDIA-A10-SHARED'
    });
    const on = { 'kubernetes.io/hostname': 'kind-gpu-worker' };
    await b.apply(ns(NS), lister('a', { 'nvidia.com/gpu': 1 }, on), lister('b', { 'nvidia.com/gpu': 1 }, on), lister('c', { 'nvidia.com/gpu': 1 }, on));
    await b.run(5000);
    const seen = await Promise.all(['a', 'b', 'c'].map(p => uuids(b, p)));
    expect(seen.every(u => u.length === 1)).toBe(true);
    // Replicas spread over the node's two GPUs, so three pods put two on one device.
    expect(new Set(seen.flat()).size).toBe(2);
    expect(seen[0][0]).toBe(seen[2][0]);
  });

  it('without time-slicing a GPU goes to one pod only', async () => {
    const b = await boot('kind-1.34', ['gpu-nodes', 'nvidia-device-plugin']);
    running.push(b);
    const on = { 'kubernetes.io/hostname': 'kind-gpu-worker' };
    await b.apply(ns(NS), lister('a', { 'nvidia.com/gpu': 1 }, on), lister('b', { 'nvidia.com/gpu': 1 }, on), lister('c', { 'nvidia.com/gpu': 1 }, on));
    await b.run(5000);
    expect(b.sim.store.get('', 'pods', NS, 'c')!.status.phase).toBe('Pending');
    expect(new Set([...(await uuids(b, 'a')), ...(await uuids(b, 'b'))]).size).toBe(2);
  });

  it("ACK cGPU: two pods asking for GPU memory share the shared node's GPU", async () => {
    const b = await boot('ack-gpu-1.34', ['ack-gpushare']);
    running.push(b);
    const node = b.sim.store.get('', 'nodes', undefined, 'cn-hangzhou.10.0.2.22')!;
    expect(node.status.allocatable).toMatchObject({ 'aliyun.com/gpu-mem': '22', 'aliyun.com/gpu-count': '1' });
    await b.apply(ns(NS), lister('a', { 'aliyun.com/gpu-mem': 8 }, {}), lister('b', { 'aliyun.com/gpu-mem': 8 }, {}));
    await b.run(5000);
    const pods = ['a', 'b'].map(p => b.sim.store.get('', 'pods', NS, p)!);
    expect(pods.map(p => p.spec.nodeName)).toEqual(['cn-hangzhou.10.0.2.22', 'cn-hangzhou.10.0.2.22']);
    const [ua, ub] = [await uuids(b, 'a'), await uuids(b, 'b')];
    expect(ua).toHaveLength(1);
    expect(ua).toEqual(ub);
  });
});

describe('MIG', () => {
  it('advertises 1g.5gb instances of the A100 and puts two pods on one physical GPU with distinct instances', async () => {
    const b = await boot('kind-1.34', ['nvidia-mig']);
    running.push(b);
    const node = await b.core.readNode({ name: 'kind-mig-worker' });
    expect(node.status!.allocatable).toMatchObject({ 'nvidia.com/mig-1g.5gb': '7', 'nvidia.com/gpu': '0' });
    expect(node.metadata!.labels).toMatchObject({ 'nvidia.com/mig.strategy': 'mixed', 'nvidia.com/mig-1g.5gb.count': '7' });
    await b.apply(ns(NS), lister('a', { 'nvidia.com/mig-1g.5gb': 1 }, {}), lister('b', { 'nvidia.com/mig-1g.5gb': 1 }, {}));
    await b.run(5000);
    const logs = [await b.logs(NS, 'a'), await b.logs(NS, 'b')];
    expect(logs[0]).toMatch(/^GPU 0: NVIDIA A100-SXM4-40GB \(UUID: GPU-[0-9a-f-]+\)\n {2}MIG 1g\.5gb +Device {2}0: \(UUID: MIG-[0-9a-f-]+\)\n$/);
    expect(await uuids(b, 'a')).toEqual(await uuids(b, 'b'));
    const migs = logs.map(l => /\(UUID: (MIG-[0-9a-f-]+)\)/.exec(l)![1]);
    expect(migs[0]).not.toBe(migs[1]);
  });
});

describe('driver and runtime versions', () => {
  const versions = async (b: Booted) =>
    Object.fromEntries(
      (await b.core.listNode({ labelSelector: 'nvidia.com/gpu.present=true' })).items.map(n => [n.metadata!.name, n.metadata!.labels!['nvidia.com/cuda.driver-version.full']])
    );

  it('GPU feature discovery labels every GPU node with the same driver and CUDA versions', async () => {
    const b = await boot('kind-1.34', ['gpu-nodes', 'nvidia-device-plugin']);
    running.push(b);
    expect(await versions(b)).toEqual({ 'kind-gpu-worker': '570.133.20', 'kind-gpu-worker2': '570.133.20' });
    const labels = (await b.core.readNode({ name: 'kind-gpu-worker' })).metadata!.labels!;
    expect(labels).toMatchObject({
      'nvidia.com/cuda.driver.major': '570',
      'nvidia.com/cuda.driver.minor': '133',
      'nvidia.com/cuda.driver.rev': '20',
      'nvidia.com/cuda.runtime-version.full': '12.8',
      'nvidia.com/gpu.replicas': '1',
      'nvidia.com/gpu.sharing-strategy': 'none'
    });
  });

  it('driver-version-skew: one node shows another driver in its labels, nvidia-smi, DCGM and ResourceSlice', async () => {
    const b = await boot('kind-1.34', ['gpu-nodes', 'nvidia-device-plugin', 'nvidia-dra-driver', 'dcgm-exporter'], ['driver-version-skew']);
    running.push(b);
    expect(await versions(b)).toEqual({ 'kind-gpu-worker': '570.133.20', 'kind-gpu-worker2': '550.144.03' });
    expect((await b.core.readNode({ name: 'kind-gpu-worker2' })).metadata!.labels!['nvidia.com/cuda.runtime-version.full']).toBe('12.4');
    const slices = b.sim.store.list('resource.k8s.io', 'resourceslices').filter(s => s.spec.driver === 'gpu.nvidia.com');
    expect(Object.fromEntries(slices.map(s => [s.spec.nodeName, s.spec.devices[0].attributes.driverVersion.version]))).toEqual({
      'kind-gpu-worker': '570.133.20',
      'kind-gpu-worker2': '550.144.03'
    });
    await b.apply(ns(NS), {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'smi', namespace: NS },
      spec: {
        restartPolicy: 'Never',
        nodeSelector: { 'kubernetes.io/hostname': 'kind-gpu-worker2' },
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        containers: [{ name: 'smi', image: 'nvidia/cuda:12.4.1-base-ubuntu22.04', command: ['nvidia-smi', '--query-gpu=driver_version', '--format=csv,noheader'], resources: { limits: { 'nvidia.com/gpu': 1 } } }]
      }
    });
    await b.run(5000);
    expect(await b.logs(NS, 'smi')).toBe('550.144.03\n');
    const exporter = b.sim.store.list('', 'pods', 'default').find(p => p.metadata.labels?.['app.kubernetes.io/name'] === 'dcgm-exporter' && p.spec.nodeName === 'kind-gpu-worker2')!;
    const metrics = String(await b.core.connectGetNamespacedPodProxyWithPath({ namespace: 'default', name: `${exporter.metadata.name}:9400`, path: 'metrics' }));
    expect(metrics).toContain('DCGM_FI_DRIVER_VERSION="550.144.03"');
  });
});
