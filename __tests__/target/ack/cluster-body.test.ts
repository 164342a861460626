import { describe, expect, it } from '@jest/globals';
import { buildClusterBody, clusterName, pickVersion } from '../../../src/target/ack/cluster-body.js';
import type { AckProvisionOptions } from '../../../src/target/ack/inputs.js';

const base: AckProvisionOptions = {
  spec: null,
  gpuInstanceType: 'ecs.gn7i-c8g1.2xlarge',
  gpuCount: 1,
  maxLifetimeMinutes: 60,
  kubernetesMinor: null
};
const ctx = {
  region: 'cn-hangzhou',
  runId: '1-1',
  tags: [{ key: 'ai-conformance/run-id', value: '1-1' }],
  kubernetesVersion: null
};

describe('the CreateCluster body', () => {
  it('picks the newest patch of the minor, comparing numbers, not text', () => {
    expect(
      pickVersion(
        '1.34',
        ['1.34.3-aliyun.1', '1.34.10-aliyun.1', '1.34.3-aliyun.2', '1.35.1-aliyun.1'],
        'cn-hangzhou'
      )
    ).toBe('1.34.10-aliyun.1');
    expect(pickVersion('1.34', ['1.34.3-aliyun.1', '1.34.3-aliyun.2'], 'cn-hangzhou')).toBe(
      '1.34.3-aliyun.2'
    );
  });

  it('always sets the region and the run tags, whatever the spec says', () => {
    const body = buildClusterBody(
      {
        ...base,
        spec: {
          tags: [
            { key: 'ai-conformance/run-id', value: 'forged' },
            { key: 'team', value: 'x' }
          ]
        }
      },
      ctx
    );
    expect(body.region_id).toBe('cn-hangzhou');
    expect(body.tags).toEqual([
      { key: 'team', value: 'x' },
      { key: 'ai-conformance/run-id', value: '1-1' }
    ]);
  });

  it("keeps the spec's own version over the resolved one", () => {
    expect(
      buildClusterBody(
        { ...base, spec: { kubernetes_version: '1.33.3-aliyun.1' } },
        { ...ctx, kubernetesVersion: '1.34.3-aliyun.1' }
      ).kubernetes_version
    ).toBe('1.33.3-aliyun.1');
    expect(buildClusterBody(base, { ...ctx, kubernetesVersion: '1.34.3-aliyun.1' }).kubernetes_version).toBe(
      '1.34.3-aliyun.1'
    );
  });

  it("names the cluster within ACK's 63 characters", () => {
    expect(clusterName('123456789-1')).toBe('ai-conformance-123456789-1');
    expect(clusterName('x'.repeat(80))).toHaveLength(63);
    expect(clusterName('a_b.c')).toBe('ai-conformance-a-b-c');
  });
});
