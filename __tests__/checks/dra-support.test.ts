import { describe, expect, it } from '@jest/globals';
import { draSupport } from '../../src/checks/dra-support.js';
import { fakeContext } from './fake-context.js';
import { deny, detect, failing } from './helpers.js';

describe('dra_support detect', () => {
  it('fails on a bare kind 1.33 cluster, which does not serve resource.k8s.io', async () => {
    const r = await detect('dra_support', { scenario: 'kind-1.33' });
    expect(r.verdict).toBe('fail');
    expect(r.status).toBe('Not Implemented');
    expect(r.reason).toBe('resource.k8s.io is not served: the DRA APIs are not enabled on this cluster');
  });

  it('passes on ACK 1.34: the four v1 kinds served, the NVIDIA DRA driver publishing GPUs', async () => {
    const r = await detect('dra_support', { scenario: 'ack-gpu-1.34' });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      'resource.k8s.io/v1 serves DeviceClass, ResourceClaim, ResourceClaimTemplate, ResourceSlice; gpu.nvidia.com publishes 2 devices on 1 node'
    );
    expect(r.solution).toBe('DRA resource.k8s.io/v1 (driver gpu.nvidia.com)');
    expect(r.evidence).toContain(
      'DeviceClasses: compute-domain-daemon.nvidia.com, compute-domain-default-channel.nvidia.com, gpu.nvidia.com, mig.nvidia.com'
    );
    expect(
      r.evidence.some(
        e =>
          e.startsWith('driver gpu.nvidia.com: 2 devices on 1 node in 1 ResourceSlice (attributes') &&
          e.includes('driverVersion')
      )
    ).toBe(true);
  });

  it('passes on a plain 1.34 cluster on the API alone (KAR-0051), saying no driver publishes devices', async () => {
    const r = await detect('dra_support', { scenario: 'kind-1.34' });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toMatch(/; no DRA driver publishes accelerators on this cluster yet$/);
  });

  it('is partial when the DRA driver is installed but its kubelet plugin never readies (no devices published)', async () => {
    const r = await detect('dra_support', { scenario: 'ack-gpu-1.34', breaks: ['dra-driver-not-ready'] });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'resource.k8s.io/v1 serves DeviceClass, ResourceClaim, ResourceClaimTemplate, ResourceSlice, but DeviceClasses gpu.nvidia.com, mig.nvidia.com have no devices: driver gpu.nvidia.com publishes no ResourceSlices (nvidia-dra-driver-gpu/nvidia-dra-driver-gpu-kubelet-plugin (DaemonSet, 0/1 ready))'
    );
  });

  it('is partial against the 1.34 set when only the beta API versions are served, and passes them for 1.33', async () => {
    const kinds = ['deviceclasses', 'resourceclaims', 'resourceclaimtemplates', 'resourceslices'];
    const groups = [
      {
        name: 'resource.k8s.io',
        versions: [
          { version: 'v1beta2', resources: kinds },
          { version: 'v1beta1', resources: kinds }
        ]
      }
    ];
    const on134 = await draSupport.detect(fakeContext('dra_support', { version: '1.34', groups }));
    expect(on134.verdict).toBe('partial');
    expect(on134.reason).toBe(
      'resource.k8s.io is served only at v1beta2, v1beta1; the 1.34 requirement needs resource.k8s.io/v1'
    );
    const on133 = await draSupport.detect(fakeContext('dra_support', { version: '1.33', groups }));
    expect(on133.verdict).toBe('pass');
    expect(on133.solution).toBe('DRA resource.k8s.io/v1beta2');
  });

  it('is partial when a served version lacks some of the four kinds', async () => {
    const groups = [
      {
        name: 'resource.k8s.io',
        versions: [{ version: 'v1', resources: ['deviceclasses', 'resourceslices'] }]
      }
    ];
    const r = await draSupport.detect(fakeContext('dra_support', { version: '1.34', groups }));
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'resource.k8s.io/v1 lacks ResourceClaim, ResourceClaimTemplate: not every DRA kind is enabled'
    );
  });

  it('is an error, not a fail, when listing DeviceClasses is forbidden', async () => {
    const r = await detect('dra_support', {
      scenario: 'ack-gpu-1.34',
      rbac: deny(['list'], ['deviceclasses'], ['resource.k8s.io'])
    });
    expect(r.verdict).toBe('error');
    expect(r.status).toBeNull();
    expect(r.reason).toMatch(
      /^not allowed to read \/apis\/resource\.k8s\.io\/v1\/deviceclasses: 403 Forbidden: /
    );
  });

  it('is an error when the API server fails listing ResourceSlices', async () => {
    const r = await detect('dra_support', {
      scenario: 'ack-gpu-1.34',
      faults: failing(['resourceslices.resource.k8s.io'], 500)
    });
    expect(r.verdict).toBe('error');
    expect(r.reason).toMatch(
      /^could not read \/apis\/resource\.k8s\.io\/v1\/resourceslices: 500 InternalError/
    );
  });
});
