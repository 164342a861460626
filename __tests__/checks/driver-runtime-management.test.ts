import { describe, expect, it } from '@jest/globals';
import { driverRuntimeManagement } from '../../src/checks/driver-runtime-management.js';
import { fakeContext } from './fake-context.js';
import { deny, detect, failing, type SetupEnv } from './helpers.js';

const ACK_DRIVER_LABEL = 'ack.aliyun.com/nvidia-driver-version';
/** The device-plugin GPU node of the ACK scenario without its node pool's driver version label. */
const withoutDriverLabel = ({ node }: SetupEnv) =>
  node('cn-hangzhou.10.0.2.20', n => {
    delete n.metadata.labels![ACK_DRIVER_LABEL];
  });

describe('driver_runtime_management detect', () => {
  it('is not applicable without accelerators', async () => {
    const r = await detect('driver_runtime_management', { scenario: 'kind-1.35' });
    expect(r.verdict).toBe('not-applicable');
    expect(r.reason).toBe('no accelerator nodes on this cluster: there are no accelerator drivers to verify');
  });

  it('passes on ACK 1.35 when every GPU node shows its driver version (DRA attributes, the node pool label)', async () => {
    const r = await detect('driver_runtime_management', { scenario: 'ack-gpu-1.35' });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      'driver versions are verifiable on every accelerator node (2) through DRA device attributes and node labels (DRA gpu.nvidia.com, label ack.aliyun.com/nvidia-driver-version)'
    );
    expect(r.evidence).toContain(
      'node cn-hangzhou.10.0.2.20: ack.aliyun.com/nvidia-driver-version=570.133.20, runtime containerd://1.6.38'
    );
  });

  it('passes through DRA alone when the DRA driver publishes driverVersion on every GPU node', async () => {
    const r = await detect('driver_runtime_management', {
      scenario: 'kind-1.35',
      addons: ['gpu-nodes', 'nvidia-dra-driver']
    });
    expect(r.verdict).toBe('pass');
    expect(r.solution).toBe('driver versions from DRA gpu.nvidia.com');
  });

  it('is partial when some GPU nodes show no driver version', async () => {
    const r = await detect('driver_runtime_management', {
      scenario: 'ack-gpu-1.35',
      setup: withoutDriverLabel
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'driver versions are verifiable on 1 of 2 accelerator nodes; not on cn-hangzhou.10.0.2.20'
    );
  });

  it('reads GPU Feature Discovery driver labels', async () => {
    const r = await detect('driver_runtime_management', {
      scenario: 'kind-1.35',
      addons: ['gpu-nodes', 'nvidia-device-plugin']
    });
    expect(r.verdict).toBe('pass');
    expect(r.evidence).toContain(
      'node kind-gpu-worker: nvidia.com/cuda.driver-version.full=570.133.20, runtime containerd://2.1.1'
    );
  });

  it('fails when nothing tells the driver version', async () => {
    const node = {
      name: 'gpu-1',
      ready: true,
      schedulable: true,
      resources: { 'nvidia.com/gpu': { allocatable: 8, capacity: 8 } },
      labels: {},
      containerRuntime: 'containerd://2.1.1',
      kubelet: 'v1.35.0'
    };
    const r = await driverRuntimeManagement.detect(
      fakeContext('driver_runtime_management', {
        version: '1.35',
        nodes: { total: 1, accelerated: [node] },
        objects: { '/apis/node.k8s.io/v1/runtimeclasses?limit=500': { items: [] } }
      })
    );
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      'no verifiable driver information on 1 accelerator node: no GPU Operator ClusterPolicy, no driver version in DRA device attributes or node labels'
    );
  });

  it('is an error when ResourceSlices or RuntimeClasses cannot be read', async () => {
    const forbidden = await detect('driver_runtime_management', {
      scenario: 'ack-gpu-1.35',
      rbac: deny(['list'], ['resourceslices'], ['resource.k8s.io'])
    });
    expect(forbidden.verdict).toBe('error');
    const failed = await detect('driver_runtime_management', {
      scenario: 'ack-gpu-1.35',
      faults: failing(['runtimeclasses.node.k8s.io'], 500)
    });
    expect(failed.verdict).toBe('error');
    expect(failed.reason).toMatch(/^could not read \/apis\/node\.k8s\.io\/v1\/runtimeclasses: 500/);
  });
});
