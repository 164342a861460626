import { describe, expect, it } from '@jest/globals';
import { deny, detect, failing, type SetupEnv } from './helpers.js';

/** A GPU node labelled for ACK's shared GPU scheduling whose gpushare plugin advertises nothing. */
const cgpuWithoutResources = ({ node }: SetupEnv) =>
  node('cn-hangzhou.10.0.2.20', n => {
    n.metadata.labels!['ack.node.gpu.schedule'] = 'cgpu';
  });

describe('gpu_sharing detect', () => {
  it('is not applicable without accelerators', async () => {
    const r = await detect('gpu_sharing', { scenario: 'kind-1.35' });
    expect(r.verdict).toBe('not-applicable');
    expect(r.reason).toBe('no accelerators on this cluster: there is no GPU to share');
  });

  it('passes on ACK 1.36 with its cGPU node pool exposing aliyun.com/gpu-mem', async () => {
    const r = await detect('gpu_sharing', { scenario: 'ack-gpu-1.36' });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe('ACK GPU sharing (cGPU, aliyun.com/gpu-mem) on 1 node');
    expect(r.evidence).toContain(
      'ACK GPU sharing (cGPU, aliyun.com/gpu-mem): aliyun.com/gpu-mem=22, ack.node.gpu.schedule=cgpu on 1 node (cn-hangzhou.10.0.2.22)'
    );
  });

  it('passes with NVIDIA time-slicing exposing nvidia.com/gpu.shared', async () => {
    const r = await detect('gpu_sharing', {
      scenario: 'kind-1.35',
      addons: ['gpu-nodes', 'nvidia-device-plugin'],
      setup: ({ node }) =>
        node('kind-gpu-worker', n => {
          for (const key of ['capacity', 'allocatable']) n.status[key]['nvidia.com/gpu.shared'] = '8';
        })
    });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe('time-slicing (nvidia.com/gpu.shared) on 1 node');
  });

  it('is partial when a sharing mode is configured but exposes nothing schedulable', async () => {
    const r = await detect('gpu_sharing', { scenario: 'ack-gpu-1.35', setup: cgpuWithoutResources });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'a GPU sharing mode is configured but exposes no shareable resource: node cn-hangzhou.10.0.2.20: ack.node.gpu.schedule=cgpu but no aliyun.com/gpu-mem allocatable'
    );
  });

  it('fails with whole GPUs only, noting the MIG DeviceClass that publishes nothing', async () => {
    const r = await detect('gpu_sharing', {
      scenario: 'kind-1.35',
      addons: ['gpu-nodes', 'nvidia-dra-driver']
    });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      'no GPU sharing strategy is exposed on 2 accelerator nodes (no MIG, time-slicing, MPS, cGPU or shared DRA devices)'
    );
    expect(r.evidence).toContain('DeviceClass mig.nvidia.com exists, but no MIG device is published');
  });

  it('is an error when nodes cannot be listed', async () => {
    expect(
      (await detect('gpu_sharing', { scenario: 'ack-gpu-1.35', rbac: deny(['list'], ['nodes'], ['']) }))
        .verdict
    ).toBe('error');
    expect(
      (await detect('gpu_sharing', { scenario: 'ack-gpu-1.35', faults: failing(['nodes'], 503) })).verdict
    ).toBe('error');
  });
});
