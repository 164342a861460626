import { describe, expect, it } from '@jest/globals';
import { deny, detect, failing } from './helpers.js';

describe('secure_accelerator_access detect', () => {
  it('is not applicable without accelerators', async () => {
    const r = await detect('secure_accelerator_access', { scenario: 'kind-1.34' });
    expect(r.verdict).toBe('not-applicable');
    expect(r.reason).toBe('no accelerators on this cluster: there is no device access to mediate or isolate');
  });

  it('passes on ACK 1.34: the device plugin and the DRA driver mediate every GPU node, no pod bypasses them', async () => {
    const r = await detect('secure_accelerator_access', { scenario: 'ack-gpu-1.34' });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      'access to accelerators is mediated by Kubernetes (1 device on 1 node through the device plugin; 2 devices on 1 node through DRA gpu.nvidia.com); no pod on accelerator nodes reaches devices without a request'
    );
    expect(r.solution).toBe('device plugin (nvidia.com/gpu) and DRA (gpu.nvidia.com)');
    expect(r.evidence).toContain(
      'hygiene scan: pods on 2 accelerator nodes, 0 pods reaching devices without a request'
    );
  });

  it('is partial when one GPU node advertises nothing (its DRA plugin never readies)', async () => {
    const r = await detect('secure_accelerator_access', {
      scenario: 'ack-gpu-1.34',
      breaks: ['dra-driver-not-ready']
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'access is mediated by device plugin (nvidia.com/gpu), but cn-hangzhou.10.0.2.21 advertises no devices to the scheduler; nvidia-dra-driver-gpu/nvidia-dra-driver-gpu-kubelet-plugin (DaemonSet, 0/1 ready)'
    );
  });

  it('is partial when a workload on a GPU node reaches devices without requesting them', async () => {
    const r = await detect('secure_accelerator_access', {
      scenario: 'ack-gpu-1.34',
      setup: ({ apply }) =>
        apply({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'sneaky', namespace: 'default' },
          spec: {
            nodeName: 'cn-hangzhou.10.0.2.20',
            tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
            containers: [
              {
                name: 'app',
                image: 'ubuntu:22.04',
                command: ['sleep', 'infinity'],
                env: [{ name: 'NVIDIA_VISIBLE_DEVICES', value: 'all' }]
              }
            ]
          }
        })
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toMatch(
      /but 1 pod can reach accelerators without requesting them \(default\/sneaky: container app sets NVIDIA_VISIBLE_DEVICES=all\)$/
    );
  });

  it('fails when GPU nodes exist but nothing advertises their devices', async () => {
    const r = await detect('secure_accelerator_access', {
      scenario: 'kind-1.34',
      addons: ['gpu-nodes', 'nvidia-device-plugin'],
      breaks: ['device-plugin-not-ready']
    });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      '2 accelerator nodes but neither a device plugin nor a DRA driver advertises their devices: access is not mediated by Kubernetes (kube-system/nvidia-device-plugin-daemonset (DaemonSet, 0/2 ready))'
    );
  });

  it('is an error when nodes or pods cannot be read', async () => {
    const forbidden = await detect('secure_accelerator_access', {
      scenario: 'ack-gpu-1.34',
      rbac: deny(['list'], ['nodes'], [''])
    });
    expect(forbidden.verdict).toBe('error');
    expect(forbidden.reason).toMatch(/^not allowed to read \/api\/v1\/nodes: 403 Forbidden/);
    const failed = await detect('secure_accelerator_access', {
      scenario: 'ack-gpu-1.34',
      faults: failing(['pods'], 500)
    });
    expect(failed.verdict).toBe('error');
  });
});
