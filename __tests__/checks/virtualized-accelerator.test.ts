import { describe, expect, it } from '@jest/globals';
import { deny, detect, failing } from './helpers.js';

describe('virtualized_accelerator detect', () => {
  it('is not applicable without accelerators', async () => {
    const r = await detect('virtualized_accelerator', { scenario: 'kind-1.35' });
    expect(r.verdict).toBe('not-applicable');
    expect(r.reason).toBe('no accelerators on this cluster: there is no accelerator to virtualize');
  });

  it('passes on ACK 1.35 with a vGPU node pool (a vGPU profile advertised as nvidia.com/gpu)', async () => {
    const r = await detect('virtualized_accelerator', {
      scenario: 'ack-gpu-1.35',
      setup: ({ node }) =>
        node(
          'cn-hangzhou.10.0.2.20',
          n => (n.metadata.labels!['aliyun.accelerator/nvidia_name'] = 'NVIDIA-A10-8Q')
        )
    });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe('vGPUs schedulable on 1 node (cn-hangzhou.10.0.2.20)');
    expect(r.solution).toBe('NVIDIA vGPU');
  });

  it('passes with passthrough devices the sandbox device plugin advertises', async () => {
    const r = await detect('virtualized_accelerator', {
      scenario: 'kind-1.35',
      addons: ['gpu-nodes'],
      setup: ({ node }) =>
        node('kind-gpu-worker', n => {
          n.metadata.labels!['nvidia.com/gpu.workload.config'] = 'vm-passthrough';
          for (const key of ['capacity', 'allocatable']) n.status[key]['nvidia.com/GA102GL_A10'] = '2';
        })
    });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe('nvidia.com/GA102GL_A10=2 on kind-gpu-worker');
  });

  it('is partial when nodes are set up for VMs but expose no virtual device', async () => {
    const r = await detect('virtualized_accelerator', {
      scenario: 'kind-1.35',
      addons: ['gpu-nodes', 'nvidia-device-plugin'],
      setup: ({ node }) =>
        node('kind-gpu-worker', n => (n.metadata.labels!['nvidia.com/gpu.workload.config'] = 'vm-vgpu'))
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'a virtualization mechanism is installed but exposes no virtual accelerator (node labels only)'
    );
  });

  it('fails with physical GPUs only', async () => {
    const r = await detect('virtualized_accelerator', {
      scenario: 'kind-1.35',
      addons: ['gpu-nodes', 'nvidia-device-plugin']
    });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      'no virtualized accelerator mechanism (vGPU, VFIO passthrough) on 2 accelerator nodes'
    );
  });

  it('is an error when DaemonSets cannot be listed', async () => {
    expect(
      (
        await detect('virtualized_accelerator', {
          scenario: 'ack-gpu-1.35',
          rbac: deny(['list'], ['daemonsets'], ['apps'])
        })
      ).verdict
    ).toBe('error');
    expect(
      (
        await detect('virtualized_accelerator', {
          scenario: 'ack-gpu-1.35',
          faults: failing(['deviceclasses.resource.k8s.io'], 500)
        })
      ).verdict
    ).toBe('error');
  });
});
