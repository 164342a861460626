import { describe, expect, it } from '@jest/globals';
import { deny, detect, failing, type SetupEnv } from './helpers.js';

const crd = (group: string, kind: string, plural: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${group}` },
  spec: {
    group,
    names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }
      }
    ]
  }
});
/** ACK's eRDMA device plugin advertising aliyun/erdma on a GPU node. */
const erdma = ({ node }: SetupEnv) =>
  node('cn-hangzhou.10.0.2.21', n => {
    for (const key of ['capacity', 'allocatable']) n.status[key]['aliyun/erdma'] = '200';
  });

describe('high_performance_networking detect', () => {
  it('is not applicable where no high-performance networking is offered, saying what was looked for', async () => {
    const r = await detect('high_performance_networking', { scenario: 'kind-1.36' });
    expect(r.verdict).toBe('not-applicable');
    expect(r.reason).toMatch(
      /^this cluster offers no high-performance pod networking \(no RDMA, SR-IOV, EFA or eRDMA devices/
    );
  });

  it('passes on ACK 1.36 with eRDMA devices and Terway multi-network attachment', async () => {
    const r = await detect('high_performance_networking', {
      scenario: 'ack-gpu-1.36',
      setup: async env => {
        erdma(env);
        await env.apply(crd('network.alibabacloud.com', 'PodNetworking', 'podnetworkings'));
      }
    });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      'high-performance network devices are exposed (aliyun/erdma) and pods can attach them (Terway PodNetworking)'
    );
    expect(r.evidence).toContain('extended resource aliyun/erdma on 1 node');
  });

  it('passes through DRA when a network DRA driver publishes devices', async () => {
    const r = await detect('high_performance_networking', {
      scenario: 'kind-1.36',
      setup: ({ apply }) =>
        apply({
          apiVersion: 'resource.k8s.io/v1',
          kind: 'ResourceSlice',
          metadata: { name: 'kind-worker-dra.net' },
          spec: {
            driver: 'dra.net',
            nodeName: 'kind-worker',
            pool: { name: 'kind-worker', generation: 1, resourceSliceCount: 1 },
            devices: [
              {
                name: 'eth1',
                attributes: {
                  ifName: { string: 'eth1' },
                  rdma: { bool: true },
                  pciAddress: { string: '0000:3b:00.0' }
                }
              }
            ]
          }
        })
    });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      'high-performance network devices are exposed through DRA (DRA dra.net) and pods can attach them (DRA dra.net)'
    );
  });

  it('is partial with devices but no way to attach a second network, and with multi-network but no devices', async () => {
    const devices = await detect('high_performance_networking', { scenario: 'ack-gpu-1.36', setup: erdma });
    expect(devices.verdict).toBe('partial');
    expect(devices.reason).toBe(
      'high-performance network devices are exposed (aliyun/erdma), but there is no multi-network attachment for pods (Multus, DRA)'
    );
    const multus = await detect('high_performance_networking', {
      scenario: 'kind-1.36',
      setup: ({ apply }) =>
        apply(crd('k8s.cni.cncf.io', 'NetworkAttachmentDefinition', 'network-attachment-definitions'))
    });
    expect(multus.verdict).toBe('partial');
    expect(multus.reason).toBe(
      'pods can attach several networks (Multus NetworkAttachmentDefinition), but no high-performance network device is exposed'
    );
  });

  it('is an error when ResourceSlices or nodes cannot be read', async () => {
    expect(
      (
        await detect('high_performance_networking', {
          scenario: 'ack-gpu-1.36',
          rbac: deny(['list'], ['resourceslices'], ['resource.k8s.io'])
        })
      ).verdict
    ).toBe('error');
    expect(
      (
        await detect('high_performance_networking', {
          scenario: 'ack-gpu-1.36',
          faults: failing(['nodes'], 500)
        })
      ).verdict
    ).toBe('error');
  });
});
