import { describe, expect, it } from '@jest/globals';
import { clusterAutoscaling, parseCaStatus, parseCaTime } from '../../src/checks/cluster-autoscaling.js';
import { fakeContext } from './fake-context.js';
import { deny, detect, failing } from './helpers.js';

describe('cluster_autoscaling detect', () => {
  it('is not applicable on a bare kind cluster, with the reason', async () => {
    const r = await detect('cluster_autoscaling', { scenario: 'kind-1.34' });
    expect(r.verdict).toBe('not-applicable');
    expect(r.status).toBe('N/A');
    expect(r.reason).toBe(
      'no cluster autoscaler on this cluster (no kube-system/cluster-autoscaler-status, no cluster-autoscaler Deployment, karpenter.sh not served): the requirement applies only where the platform provides one'
    );
  });

  it('passes on ACK 1.34: a healthy autoscaler whose node group holds the GPU nodes', async () => {
    const r = await detect('cluster_autoscaling', { scenario: 'ack-gpu-1.34' });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      'Cluster Autoscaler v1.33.0 is healthy and can scale gpu-a10; accelerator node group gpu-a10 under it'
    );
    expect(r.evidence).toContain('node groups holding accelerator nodes: gpu-a10');
    expect(r.evidence).toContain('node group gpu-a10: Healthy, min 1, max 4');
  });

  it('passes with Karpenter and a NodePool offering GPUs', async () => {
    const r = await detect('cluster_autoscaling', { scenario: 'kind-1.34', addons: ['karpenter'] });
    expect(r.verdict).toBe('pass');
    expect(r.solution).toBe('Karpenter 1.6.0 (karpenter.sh/v1)');
    expect(r.reason).toMatch(
      /^Karpenter 1\.6\.0 \(karpenter\.sh\/v1\) is healthy and can scale \S+; accelerator node group \S+ under it$/
    );
  });

  it('is partial when the autoscaler is healthy but nothing shows it scales accelerators', async () => {
    const r = await detect('cluster_autoscaling', {
      scenario: 'kind-1.34',
      addons: ['cluster-autoscaler']
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'Cluster Autoscaler v1.33.0 is healthy, but this cluster has no accelerator nodes or accelerator node pools: scaling of accelerator node groups could not be shown'
    );
  });

  it('fails when the autoscaler never becomes ready', async () => {
    const r = await detect('cluster_autoscaling', {
      scenario: 'ack-gpu-1.34',
      breaks: ['autoscaler-not-ready']
    });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(
      /^the autoscaler is installed but not working: kube-system\/cluster-autoscaler \(Deployment, 0\/1 ready/
    );
  });

  it('is an error when the status ConfigMap cannot be read', async () => {
    const forbidden = await detect('cluster_autoscaling', {
      scenario: 'ack-gpu-1.34',
      rbac: deny(['get'], ['configmaps'], [''])
    });
    expect(forbidden.verdict).toBe('error');
    expect(forbidden.reason).toMatch(
      /^not allowed to read \/api\/v1\/namespaces\/kube-system\/configmaps\/cluster-autoscaler-status: 403 Forbidden/
    );
    const failed = await detect('cluster_autoscaling', {
      scenario: 'ack-gpu-1.34',
      faults: failing(['nodes'], 500)
    });
    expect(failed.verdict).toBe('error');
  });

  it('is partial when a managed autoscaler stopped refreshing its status', async () => {
    const status = {
      metadata: {
        annotations: {
          'cluster-autoscaler.kubernetes.io/last-updated': '2025-12-31 23:00:00.123456 +0000 UTC'
        }
      },
      data: {
        status:
          'autoscalerStatus: Running\nclusterWide:\n  health:\n    status: Healthy\nnodeGroups:\n- name: gpu\n  health:\n    status: Healthy\n    minSize: 0\n    maxSize: 3\n'
      }
    };
    const r = await clusterAutoscaling.detect(
      fakeContext('cluster_autoscaling', {
        version: '1.34',
        objects: { '/api/v1/namespaces/kube-system/configmaps/cluster-autoscaler-status': status }
      })
    );
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'Cluster Autoscaler (managed) runs, but its status was last updated 60 min ago: it may have stopped'
    );
  });
});

describe('cluster autoscaler status', () => {
  it('reads the YAML form (1.30+) and the older text form', () => {
    expect(
      parseCaStatus(
        'autoscalerStatus: Running\nclusterWide:\n  health:\n    status: Unhealthy\nnodeGroups:\n- name: a\n  health:\n    status: Healthy\n    minSize: 1\n    maxSize: 1\n'
      )
    ).toEqual({
      health: 'Unhealthy',
      groups: [{ name: 'a', health: 'Healthy', minSize: 1, maxSize: 1 }]
    });
    const text = [
      'Cluster-autoscaler status at 2025-01-01 10:00:00.000 +0000 UTC:',
      'Cluster-wide:',
      '  Health:      Healthy (ready=3 unready=0 notStarted=0 longNotStarted=0 registered=3 longUnregistered=0)',
      'NodeGroups:',
      '  Name:        asg-gpu',
      '  Health:      Healthy (ready=1 unready=0 notStarted=0 longNotStarted=0 registered=1 longUnregistered=0 cloudProviderTarget=1 (minSize=0, maxSize=4))'
    ].join('\n');
    expect(parseCaStatus(text)).toEqual({
      health: 'Healthy',
      groups: [{ name: 'asg-gpu', health: 'Healthy', minSize: 0, maxSize: 4 }]
    });
    expect(parseCaTime('2025-01-01 10:00:00.123456789 +0000 UTC')).toBe(
      Date.parse('2025-01-01T10:00:00.123Z')
    );
    expect(parseCaTime('2026-01-01T00:00:00Z')).toBe(Date.parse('2026-01-01T00:00:00Z'));
  });
});
