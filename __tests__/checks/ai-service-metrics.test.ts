import { describe, expect, it } from '@jest/globals';
import { deny, detect, failing } from './helpers.js';

describe('ai_service_metrics detect', () => {
  it('fails on a bare kind cluster: no monitoring system', async () => {
    const r = await detect('ai_service_metrics', { scenario: 'kind-1.34' });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      'no monitoring system found that collects workload metrics (looked for the Prometheus Operator, a Prometheus server, ARMS and Google Managed Prometheus)'
    );
  });

  it('passes on ACK 1.34: Prometheus Available, selecting monitors, answering queries with targets up', async () => {
    const r = await detect('ai_service_metrics', { scenario: 'ack-gpu-1.34' });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toMatch(
      /^Prometheus monitoring\/kube-prometheus-stack-prometheus is Available, discovers workloads through ServiceMonitors\/PodMonitors and answers queries with \d+ active targets? up$/
    );
    expect(r.solution).toBe(
      'Prometheus Operator v0.85.0 (monitoring.coreos.com/v1 ServiceMonitor, PodMonitor)'
    );
    expect(
      r.evidence.some(e =>
        /^query API \(service monitoring\/prometheus-operated:web\): vector\(1\) = 1; \d+\/\d+ active targets up$/.test(
          e
        )
      )
    ).toBe(true);
  });

  it('is partial when Prometheus is Available but its query API does not answer', async () => {
    const r = await detect('ai_service_metrics', {
      scenario: 'kind-1.34',
      addons: ['prometheus-operator'],
      breaks: ['prometheus-not-ready']
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'Prometheus monitoring/kube-prometheus-stack-prometheus is Available but its query API does not answer (503 ServiceUnavailable)'
    );
  });

  it('is partial when the operator runs without a Prometheus instance', async () => {
    const r = await detect('ai_service_metrics', {
      scenario: 'kind-1.34',
      addons: ['prometheus-operator'],
      setup: ({ remove }) =>
        remove({
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'Prometheus',
          metadata: { name: 'kube-prometheus-stack-prometheus', namespace: 'monitoring' }
        })
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'the Prometheus Operator runs, but no Prometheus instance exists to collect metrics'
    );
  });

  it('is an error when Prometheus instances cannot be listed, or the service proxy is forbidden', async () => {
    const forbidden = await detect('ai_service_metrics', {
      scenario: 'ack-gpu-1.34',
      rbac: deny(['list'], ['prometheuses'], ['monitoring.coreos.com'])
    });
    expect(forbidden.verdict).toBe('error');
    expect(forbidden.reason).toMatch(
      /^not allowed to read \/apis\/monitoring\.coreos\.com\/v1\/prometheuses/
    );
    const proxy = await detect('ai_service_metrics', {
      scenario: 'ack-gpu-1.34',
      rbac: deny(['get'], ['services/proxy'], [''])
    });
    expect(proxy.verdict).toBe('error');
    const failed = await detect('ai_service_metrics', {
      scenario: 'ack-gpu-1.34',
      faults: failing(['services/proxy'], 500)
    });
    expect(failed.verdict).toBe('error');
    expect(failed.reason).toMatch(
      /^could not read \/api\/v1\/namespaces\/monitoring\/services\/prometheus-operated:web\/proxy\/api\/v1\/\S+: 500/
    );
  });
});
