import { describe, expect, it } from '@jest/globals';
import { deny, detect } from './helpers.js';

describe('pod_autoscaling detect', () => {
  it('fails on a bare kind cluster: no metrics API for the HPA', async () => {
    const r = await detect('pod_autoscaling', { scenario: 'kind-1.34' });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      'no custom, external or resource metrics API is registered: the HPA cannot scale on custom metrics'
    );
  });

  it("passes on ACK 1.34: the metrics adapter's custom metrics API answers with GPU metrics", async () => {
    const r = await detect('pod_autoscaling', { scenario: 'ack-gpu-1.34' });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      'autoscaling/v2 served; custom.metrics.k8s.io/v1beta1 via kube-system/alibaba-cloud-metrics-adapter (2 metrics) Available'
    );
    expect(r.evidence).toContain(
      'accelerator metrics available to the HPA: DCGM_FI_DEV_FB_USED, DCGM_FI_DEV_GPU_UTIL'
    );
  });

  it('passes with prometheus-adapter', async () => {
    const r = await detect('pod_autoscaling', { scenario: 'kind-1.34', addons: ['prometheus-adapter'] });
    expect(r.verdict).toBe('pass');
    expect(r.solution).toBe('custom.metrics.k8s.io/v1beta1 via monitoring/prometheus-adapter');
  });

  it('is partial when the custom metrics adapter is down but resource metrics work', async () => {
    const r = await detect('pod_autoscaling', {
      scenario: 'ack-gpu-1.34',
      breaks: ['ack-metrics-adapter-unavailable']
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toMatch(
      /^v1beta1\.custom\.metrics\.k8s\.io is registered \(service kube-system\/alibaba-cloud-metrics-adapter\) but Available=False \(MissingEndpoints: .*\(resource metrics from metrics\.k8s\.io still work\)$/
    );
  });

  it('fails when the only adapter is registered but never Available', async () => {
    const r = await detect('pod_autoscaling', {
      scenario: 'kind-1.34',
      addons: ['prometheus-adapter'],
      breaks: ['apiservice-unavailable']
    });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(
      /^v1beta1\.custom\.metrics\.k8s\.io is registered \(service monitoring\/prometheus-adapter\) but Available=False/
    );
  });

  it('is an error when APIServices cannot be read, or the aggregated API fails with a non-availability error', async () => {
    const forbidden = await detect('pod_autoscaling', {
      scenario: 'ack-gpu-1.34',
      rbac: deny(['get'], ['apiservices'], ['apiregistration.k8s.io'])
    });
    expect(forbidden.verdict).toBe('error');
    expect(forbidden.reason).toMatch(
      /^not allowed to read \/apis\/apiregistration\.k8s\.io\/v1\/apiservices\/v1beta1\.\S+: 403 Forbidden/
    );
    const failed = await detect('pod_autoscaling', {
      scenario: 'ack-gpu-1.34',
      faults: { rules: [{ paths: ['/apis/custom.metrics.k8s.io'], action: { type: 'error', code: 500 } }] }
    });
    expect(failed.verdict).toBe('error');
    expect(failed.reason).toMatch(/^could not read \/apis\/custom\.metrics\.k8s\.io\/v1beta1: 500/);
  });

  it('reads a custom metrics API that answers 503 as not answering (partial), not as an error', async () => {
    const r = await detect('pod_autoscaling', {
      scenario: 'ack-gpu-1.34',
      faults: {
        rules: [
          {
            paths: ['/apis/custom.metrics.k8s.io', '/apis/external.metrics.k8s.io'],
            action: { type: 'error', code: 503 }
          }
        ]
      }
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'v1beta1.custom.metrics.k8s.io is Available but does not answer (503 ServiceUnavailable) (resource metrics from metrics.k8s.io still work)'
    );
  });
});
