import { describe, expect, it } from '@jest/globals';
import { driverRuntimeManagementFunctional } from '../../../src/checks/functional/driver-runtime-management.js';
import { deny } from '../helpers.js';
import { runFunctional } from './part2-harness.js';

const run = (options: Parameters<typeof runFunctional>[2]) =>
  runFunctional('driver_runtime_management', driverRuntimeManagementFunctional, options);

describe('driver_runtime_management functional', () => {
  it('passes on ACK 1.35: nvidia-smi on the device-plugin node and on the DRA node agree with the label and the ResourceSlice', async () => {
    const r = await run({ scenario: 'ack-gpu-1.35' });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toBe(
      'driver 570.133.20 on 2 accelerator nodes (2 confirmed by nvidia-smi in a pod, matching what the platform reports), runtime containerd://1.6.38'
    );
    expect(r.evidence).toContain(
      'node cn-hangzhou.10.0.2.20: nvidia-smi 570.133.20; label ack.aliyun.com/nvidia-driver-version=570.133.20; runtime containerd://1.6.38'
    );
    expect(r.evidence).toContain(
      'node cn-hangzhou.10.0.2.21: nvidia-smi 570.133.20; label nvidia.com/cuda.driver-version.full=570.133.20, ResourceSlice driverVersion=570.133.20; runtime containerd://1.6.38'
    );
    expect(r.evidence).toContainEqual(
      expect.stringMatching(
        /^probe driver-probe-\d: DRA DeviceClass gpu\.nvidia\.com on cn-hangzhou\.10\.0\.2\.21$/
      )
    );
    expect(r.leftovers).toEqual([]);
  });

  it('probes the cGPU node of ACK 1.36 through a share of its GPU', async () => {
    const r = await run({ scenario: 'ack-gpu-1.36' });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(/^driver 570\.133\.20 on 3 accelerator nodes \(3 confirmed/);
    expect(r.evidence).toContainEqual(
      expect.stringMatching(/^probe driver-probe-\d: aliyun\.com\/gpu-mem on cn-hangzhou\.10\.0\.2\.22$/)
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails on driver version skew between ACK GPU nodes', async () => {
    const r = await run({ scenario: 'ack-gpu-1.35', breaks: ['ack-driver-version-skew'] });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toBe(
      'driver versions differ across accelerator nodes: 570.133.20 on cn-hangzhou.10.0.2.20; 550.144.03 on cn-hangzhou.10.0.2.21'
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails on driver version skew between kind GPU workers (GPU feature discovery labels)', async () => {
    const r = await run({
      scenario: 'kind-1.35',
      addons: ['gpu-nodes', 'nvidia-device-plugin'],
      breaks: ['driver-version-skew']
    });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toBe(
      'driver versions differ across accelerator nodes: 570.133.20 on kind-gpu-worker; 550.144.03 on kind-gpu-worker2'
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the published version is not the driver the node runs', async () => {
    const r = await run({
      scenario: 'ack-gpu-1.35',
      setup: ({ node }) =>
        node(
          'cn-hangzhou.10.0.2.20',
          n => (n.metadata.labels!['ack.aliyun.com/nvidia-driver-version'] = '535.230.02')
        )
    });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toBe(
      'the platform reports another driver than the node runs (cn-hangzhou.10.0.2.20: nvidia-smi 570.133.20, label ack.aliyun.com/nvidia-driver-version 535.230.02)'
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when GPU nodes run different container runtimes', async () => {
    const r = await run({
      scenario: 'ack-gpu-1.35',
      setup: ({ node }) =>
        node('cn-hangzhou.10.0.2.21', n => (n.status.nodeInfo.containerRuntimeVersion = 'containerd://2.1.1'))
    });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toBe(
      'container runtime versions differ across accelerator nodes: containerd://1.6.38 on cn-hangzhou.10.0.2.20; containerd://2.1.1 on cn-hangzhou.10.0.2.21'
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is partial when a node has no free device to probe', async () => {
    const r = await run({
      scenario: 'ack-gpu-1.35',
      setup: ({ apply }) =>
        apply({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'busy', namespace: 'default' },
          spec: {
            nodeSelector: { 'kubernetes.io/hostname': 'cn-hangzhou.10.0.2.20' },
            tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
            containers: [
              {
                name: 'train',
                image: 'nvcr.io/nvidia/pytorch:25.01-py3',
                command: ['sleep', 'infinity'],
                resources: { limits: { 'nvidia.com/gpu': '1' } }
              }
            ]
          }
        })
    });
    expect(r.finding.verdict).toBe('partial');
    expect(r.finding.reason).toMatch(
      /^driver 570\.133\.20 on 2 accelerator nodes \(1 confirmed by nvidia-smi in a pod, matching what the platform reports\), runtime containerd:\/\/1\.6\.38; not probed: cn-hangzhou\.10\.0\.2\.20 \(not probed: Pending: 0\/\d nodes are available/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is skipped without accelerators', async () => {
    const r = await run({ scenario: 'kind-1.35' });
    expect(r.skipped).toBe(
      'no accelerator nodes to probe (no accelerator nodes on this cluster: there are no accelerator drivers to verify)'
    );
  });

  it('is an error, not a fail, when ResourceClaimTemplates may not be created', async () => {
    const r = await run({
      scenario: 'ack-gpu-1.35',
      rbac: deny(['create'], ['resourceclaimtemplates'], ['resource.k8s.io'])
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.leftovers).toEqual([]);
  });

  it('leaves nothing behind when cancelled while probing', async () => {
    const r = await run({ scenario: 'ack-gpu-1.35', cancelAfterMs: 1000 });
    expect(r.finding.verdict).toBe('error');
    expect(r.leftovers).toEqual([]);
  });
});
