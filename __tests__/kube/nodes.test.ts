import { afterEach, describe, expect, it } from '@jest/globals';
import { KubeClient, RequestCounter } from '../../src/kube/client.js';
import { acceleratorCount, quantity, readNodes } from '../../src/kube/nodes.js';
import { KubeReader } from '../../src/kube/reader.js';
import { kubeconfigTransport } from '../../src/kube/transport.js';
import { list, startFakeApi, type FakeApi } from './fake-api.js';

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const node = (
  name: string,
  extra: {
    labels?: Record<string, string>;
    allocatable?: Record<string, string>;
    ready?: boolean;
    handlers?: string[];
  } = {}
) => ({
  metadata: {
    name,
    labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': 'z', ...extra.labels }
  },
  status: {
    allocatable: { cpu: '8', ...extra.allocatable },
    capacity: { cpu: '8', ...extra.allocatable },
    conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }],
    nodeInfo: { containerRuntimeVersion: 'containerd://2.1.1', kubeletVersion: 'v1.34.0' },
    ...(extra.handlers ? { runtimeHandlers: extra.handlers.map(name => ({ name })) } : {})
  }
});

describe('readNodes', () => {
  it('keeps only accelerator and network nodes, with accelerator labels, counts the rest', async () => {
    const nodes = [
      node('cpu-1'),
      node('cpu-2', { ready: false, handlers: ['runc', 'runsc'] }),
      node('gpu-plugin', { allocatable: { 'nvidia.com/gpu': '8' } }),
      node('gpu-labelled', {
        labels: { 'aliyun.accelerator/nvidia_name': 'NVIDIA-A10', 'aliyun.accelerator/nvidia_count': '2' }
      }),
      node('gpu-nfd', { labels: { 'feature.node.kubernetes.io/pci-10de.present': 'true' } }),
      node('rdma', { allocatable: { 'rdma/hca_shared_devices_a': '63' } })
    ];
    api = await startFakeApi(() => list(nodes));
    const reader = new KubeReader(
      new KubeClient(kubeconfigTransport(api.kubeconfig())),
      new RequestCounter(),
      undefined
    );
    const inv = await readNodes(reader);
    expect(inv.total).toBe(6);
    expect(inv.ready).toBe(5);
    expect(inv.accelerated.map(n => n.name)).toEqual(['gpu-plugin', 'gpu-labelled', 'gpu-nfd']);
    expect(inv.networked.map(n => n.name)).toEqual(['rdma']);
    const plugin = inv.accelerated[0];
    expect(plugin.resources).toEqual({ 'nvidia.com/gpu': { allocatable: 8, capacity: 8 } });
    expect(plugin.labels).toEqual({ 'kubernetes.io/hostname': 'gpu-plugin' });
    expect(acceleratorCount(plugin)).toBe(8);
    expect(acceleratorCount(inv.accelerated[1])).toBe(2);
    expect(inv.runtimeHandlers.get('runsc')).toBe(1);
    expect(inv.handlersReported).toBe(1);
  });

  it('reads quantities', () => {
    expect(quantity('4')).toBe(4);
    expect(quantity('16Gi')).toBe(16 * 1024 ** 3);
    expect(quantity('500m')).toBe(0.5);
    expect(quantity(undefined)).toBe(0);
  });
});
