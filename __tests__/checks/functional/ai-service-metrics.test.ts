import { describe, expect, it } from '@jest/globals';
import { aiServiceMetricsFunctional } from '../../../src/checks/functional/ai-service-metrics.js';
import { deny } from '../helpers.js';
import { runFunctional } from './part2-harness.js';

const run = (options: Parameters<typeof runFunctional>[2]) =>
  runFunctional('ai_service_metrics', aiServiceMetricsFunctional, options);

/** The kube-prometheus-stack Prometheus of the scenarios, changed as a vendor may have configured it. */
const prometheus = (spec: Record<string, unknown>) => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'Prometheus',
  metadata: { name: 'kube-prometheus-stack-prometheus', namespace: 'monitoring' },
  spec
});

describe('ai_service_metrics functional', () => {
  it('passes on ACK: a ServiceMonitor with the selector labels, 10 requests, the query API returns exactly 10', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34' });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /^Prometheus monitoring\/kube-prometheus-stack-prometheus discovered the new workload through ServiceMonitor ai-conformance-\S+\/ai-service and its query API returned exactly 10 requests for the run \d+ s after they were sent$/
    );
    expect(r.evidence).toContain(
      'Prometheus monitoring/kube-prometheus-stack-prometheus (Available=True): ServiceMonitor selector release=kube-prometheus-stack'
    );
    expect(r.evidence).toContainEqual(
      expect.stringMatching(
        /^query max\(ai_conformance_inference_requests_total\{conformance_run="\S+"\}\) = 10 after \d+ s; ai_conformance_inference_request_duration_seconds_count 1 series, value 10; target serviceMonitor\/ai-conformance-\S+\/ai-service\/0 http:\/\/[\d.]+:8080\/metrics health up$/
      )
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when Prometheus never scrapes targets added after it started', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['prometheus-operator'],
      breaks: ['prometheus-never-scrapes-new-targets']
    });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^Prometheus monitoring\/kube-prometheus-stack-prometheus did not collect the new workload's ai_conformance_inference_requests_total within 300 s \(last query: no series yet; scrape pool serviceMonitor\/ai-conformance-\S+\/ai-service\/0 not among \d+ active targets?\)$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('labels the run namespace for a namespace selector and uses a PodMonitor when only PodMonitors are selected', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['prometheus-operator'],
      setup: ({ sim }) => {
        const cur = sim.store.mustGet(
          'monitoring.coreos.com',
          'prometheuses',
          'monitoring',
          'kube-prometheus-stack-prometheus'
        );
        const spec = {
          ...cur.spec,
          podMonitorNamespaceSelector: { matchLabels: { 'monitoring.example.com/scrape': 'yes' } }
        };
        delete spec.serviceMonitorSelector;
        sim.store.update({ ...cur, ...prometheus(spec), metadata: cur.metadata });
      }
    });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(/through PodMonitor ai-conformance-\S+\/ai-service and/);
    expect(r.evidence).toContainEqual(
      expect.stringMatching(
        /^namespace ai-conformance-\S+ labelled monitoring\.example\.com\/scrape=yes for the Prometheus' namespace selector$/
      )
    );
    expect(r.leftovers).toEqual([]);
  });

  it('creates the monitor in the Prometheus namespace when its namespace selector is nil, and removes it', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['prometheus-operator'],
      setup: ({ sim }) => {
        const cur = sim.store.mustGet(
          'monitoring.coreos.com',
          'prometheuses',
          'monitoring',
          'kube-prometheus-stack-prometheus'
        );
        const spec = { ...cur.spec };
        delete spec.serviceMonitorNamespaceSelector;
        sim.store.update({ ...cur, spec });
      },
      inspect: sim => {
        expect(sim.store.list('monitoring.coreos.com', 'servicemonitors', 'monitoring')).toEqual([]);
      }
    });
    expect(r.finding.verdict).toBe('pass');
    expect(r.created).toContain('ServiceMonitor monitoring/ai-service');
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the workload restarts before its value is collected (the counter reset)', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['prometheus-operator'],
      breaks: ['prometheus-never-scrapes-new-targets'],
      setup: ({ sim }) => {
        sim.scenario.rules.unshift({
          name: 'stub-crashes',
          match: { podLabels: { 'ai-conformance.cncf.io/app': 'ai-service' } },
          exitCode: 1,
          afterMs: 8000
        });
      }
    });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toBe(
      'the workload restarted while its metrics were awaited (restartCount 0 → 1): its counter reset, so the value cannot be trusted'
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the Prometheus resource selects no monitors at all', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['prometheus-operator'],
      setup: ({ sim }) => {
        const cur = sim.store.mustGet(
          'monitoring.coreos.com',
          'prometheuses',
          'monitoring',
          'kube-prometheus-stack-prometheus'
        );
        const spec = { ...cur.spec };
        delete spec.serviceMonitorSelector;
        delete spec.podMonitorSelector;
        sim.store.update({ ...cur, spec });
      }
    });
    expect(r.detect.verdict).toBe('partial');
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toBe(
      'Prometheus monitoring/kube-prometheus-stack-prometheus selects no ServiceMonitors or PodMonitors (both selectors unset): a new workload cannot be discovered'
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is an error, not a fail, when the run may not create ServiceMonitors', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['prometheus-operator'],
      rbac: deny(['create'], ['servicemonitors'], ['monitoring.coreos.com'])
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toMatch(
      /^POST \/apis\/monitoring\.coreos\.com\/v1\/namespaces\/\S+\/servicemonitors: 403 Forbidden/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('creates nothing when detect cannot read through the service proxy', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['prometheus-operator'],
      rbac: deny(['get'], ['services/proxy'], [''])
    });
    expect(r.detect.verdict).toBe('error');
    expect(r.skipped).toMatch(/^detect could not finish, so no workload was created \(/);
    expect(r.created).toEqual([]);
  });

  it('leaves nothing behind when cancelled while waiting for the value', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['prometheus-operator'],
      breaks: ['prometheus-never-scrapes-new-targets'],
      cancelAfterMs: 60_000
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toBe('could not finish: the run was cancelled');
    expect(r.leftovers).toEqual([]);
  });
});
