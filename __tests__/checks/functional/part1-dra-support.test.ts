import { describe, expect, it } from '@jest/globals';
import { draSupportFunctional } from '../../../src/checks/functional/dra-support.js';
import { deny } from '../helpers.js';
import { runFunctional } from './part2-harness.js';

const run = (options: Parameters<typeof runFunctional>[2]) =>
  runFunctional('dra_support', draSupportFunctional, options);

const NVIDIA_DRA = ['gpu-nodes', 'nvidia-dra-driver'];
const CRUD =
  /^resource\.k8s\.io\/v1: ResourceClaimTemplate and ResourceClaim created, read, listed, patched and deleted; DeviceClass aiconf-\S+\.example\.com accepted by server-side dry-run/;

describe('dra_support functional', () => {
  it('NVIDIA DRA driver: CRUD works and a claim-backed vectorAdd pod completes with its claim allocated and reserved', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: NVIDIA_DRA });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(CRUD);
    expect(r.finding.reason).toMatch(
      /; a pod using a ResourceClaim of DeviceClass gpu\.nvidia\.com ran to completion on kind-gpu-worker2? \(vectorAdd: Test PASSED\), its claim allocated gpu\.nvidia\.com kind-gpu-worker2?\/gpu-\d and reserved for it while it ran$/
    );
    expect(r.evidence).toContain(
      'allocation: driver gpu.nvidia.com, DeviceClass gpu.nvidia.com (4 free devices on 2 nodes)'
    );
    // The dry-run DeviceClass was never written.
    expect(r.created.some(c => c.startsWith('DeviceClass'))).toBe(false);
    expect(r.leftovers).toEqual([]);
  });

  it('the DRA example driver: a claim of gpu.example.com is allocated to a plain pod', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: ['dra-example-driver'] });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /a pod using a ResourceClaim of DeviceClass gpu\.example\.com ran to completion on \S+, its claim allocated gpu\.example\.com \S+\/gpu-\d+ and reserved for it while it ran$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('ACK 1.34: allocates a device of the DRA node pool', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34' });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /ran to completion on cn-hangzhou\.10\.0\.2\.21 \(vectorAdd: Test PASSED\), its claim allocated gpu\.nvidia\.com cn-hangzhou\.10\.0\.2\.21\/gpu-\d/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('without a driver: passes on the API and says allocation was not exercised', async () => {
    const r = await run({ scenario: 'kind-1.34' });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(CRUD);
    expect(r.finding.reason).toMatch(
      /; allocation not exercised: no DRA driver publishes a free device on a ready node$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the driver never allocates, with what the scheduler said', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: NVIDIA_DRA,
      breaks: ['dra-driver-never-allocates']
    });
    expect(r.detect.verdict).toBe('pass');
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^a ResourceClaim for DeviceClass gpu\.nvidia\.com was never allocated although gpu\.nvidia\.com publishes 4 free devices \(claim not allocated, not reserved for the pod; pod Pending: 0\/5 nodes are available: .*cannot allocate all claims/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails on the example driver too when it never allocates', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['dra-example-driver'],
      breaks: ['dra-driver-never-allocates']
    });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^a ResourceClaim for DeviceClass gpu\.example\.com was never allocated/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('does not try allocation when other claims hold every device', async () => {
    const r = await run({
      scenario: 'ack-gpu-1.34',
      setup: ({ apply }) =>
        apply(
          ...[0, 1].map(i => ({
            apiVersion: 'resource.k8s.io/v1',
            kind: 'ResourceClaim',
            metadata: { name: `busy-${i}`, namespace: 'default' },
            spec: {
              devices: {
                requests: [
                  {
                    name: 'gpu',
                    exactly: { deviceClassName: 'gpu.nvidia.com', allocationMode: 'ExactCount', count: 1 }
                  }
                ]
              }
            }
          })),
          ...[0, 1].map(i => ({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: `busy-${i}`, namespace: 'default' },
            spec: {
              tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
              resourceClaims: [{ name: 'gpu', resourceClaimName: `busy-${i}` }],
              containers: [
                {
                  name: 'c',
                  image: 'busybox',
                  command: ['sleep', 'infinity'],
                  resources: { claims: [{ name: 'gpu' }] }
                }
              ]
            }
          }))
        )
    });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /allocation not exercised: no DRA driver publishes a free device on a ready node$/
    );
    expect(r.created.some(c => c.endsWith('/claim-user'))).toBe(false);
  });

  it('is an error, not a fail, when ResourceClaimTemplates may not be created', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: NVIDIA_DRA,
      rbac: deny(['create'], ['resourceclaimtemplates'], ['resource.k8s.io'])
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toMatch(/resourceclaimtemplates/);
    expect(r.leftovers).toEqual([]);
  });

  it('is skipped when the DRA APIs are not served', async () => {
    const r = await run({ scenario: 'kind-1.33' });
    expect(r.skipped).toMatch(/^the DRA APIs are not served \(resource\.k8s\.io is not served/);
    expect(r.created).toEqual([]);
  });

  it('leaves no claim or pod behind when cancelled while the claim-backed pod runs', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: NVIDIA_DRA, cancelAfterMs: 4000 });
    expect(r.finding.verdict).toBe('error');
    expect(r.created).toEqual(
      expect.arrayContaining([expect.stringMatching(/ResourceClaim .*\/gpu-claim$/)])
    );
    expect(r.leftovers).toEqual([]);
  });
});
