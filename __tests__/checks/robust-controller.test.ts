import { describe, expect, it } from '@jest/globals';
import { deny, detect, failing } from './helpers.js';

describe('robust_controller detect', () => {
  it('fails on a bare kind cluster: no AI operator', async () => {
    const r = await detect('robust_controller', { scenario: 'kind-1.34' });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      'no AI operator found (looked for KubeRay, Kubeflow Trainer, Kubeflow training-operator, KServe, NVIDIA Dynamo)'
    );
  });

  it('passes on ACK 1.34: KubeRay ready with webhooks backed by ready endpoints', async () => {
    const r = await detect('robust_controller', { scenario: 'ack-gpu-1.34' });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      'KubeRay v1.5.0 ready: 3 CRDs Established, ray-system/kuberay-operator 1/1 ready, 4 webhooks with ready endpoints'
    );
    expect(r.solution).toBe('KubeRay v1.5.0 (ray.io/v1)');
    expect(r.evidence).toContain(
      'validating webhook vraycluster.kb.io → ray-system/kuberay-operator-webhook: 1 ready endpoint, caBundle 120 B'
    );
  });

  it('passes KubeRay without webhooks (the chart default) and says so', async () => {
    const r = await detect('robust_controller', { scenario: 'kind-1.34', addons: ['kuberay'] });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      'KubeRay v1.5.0 ready: 3 CRDs Established, ray-system/kuberay-operator 1/1 ready, no admission webhooks configured'
    );
  });

  it('recognises Kubeflow Trainer and its validating webhooks', async () => {
    const r = await detect('robust_controller', { scenario: 'kind-1.34', addons: ['kubeflow-trainer'] });
    expect(r.verdict).toBe('pass');
    expect(r.solution).toBe('Kubeflow Trainer v2.0.0 (trainer.kubeflow.org/v1alpha1)');
  });

  it('is partial when the operator runs but its webhooks have no live endpoints', async () => {
    const r = await detect('robust_controller', {
      scenario: 'ack-gpu-1.34',
      breaks: ['kuberay-webhooks-without-endpoints']
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'KubeRay v1.5.0 runs, but webhook Service ray-system/kuberay-operator-webhook has no ready endpoints (4 webhooks: vraycluster.kb.io, vrayjob.kb.io and 2 more)'
    );
  });

  it('fails when the operator never becomes ready', async () => {
    const r = await detect('robust_controller', {
      scenario: 'kind-1.34',
      addons: ['kuberay'],
      breaks: ['kuberay-operator-not-ready']
    });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(
      /^KubeRay is installed but not working: KubeRay controller not ready: ray-system\/kuberay-operator \(Deployment, 0\/1 ready/
    );
  });

  it('is an error when webhook configurations or EndpointSlices cannot be read', async () => {
    const forbidden = await detect('robust_controller', {
      scenario: 'ack-gpu-1.34',
      rbac: deny(['list'], ['validatingwebhookconfigurations'], ['admissionregistration.k8s.io'])
    });
    expect(forbidden.verdict).toBe('error');
    expect(forbidden.reason).toMatch(
      /^not allowed to read \/apis\/admissionregistration\.k8s\.io\/v1\/validatingwebhookconfigurations/
    );
    const failed = await detect('robust_controller', {
      scenario: 'ack-gpu-1.34',
      faults: failing(['endpointslices.discovery.k8s.io'], 500)
    });
    expect(failed.verdict).toBe('error');
  });
});
