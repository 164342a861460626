import { describe, expect, it } from '@jest/globals';
import { deny, detect, failing } from './helpers.js';

describe('gang_scheduling detect', () => {
  it('fails on a bare kind cluster and says what it looked for', async () => {
    const r = await detect('gang_scheduling', { scenario: 'kind-1.34' });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      'no gang scheduler found (looked for Kueue, Volcano, scheduler-plugins coscheduling, KAI and the Workload API)'
    );
  });

  it("passes on ACK 1.34 through the managed scheduler's coscheduling (PodGroup CRD Established)", async () => {
    const r = await detect('gang_scheduling', { scenario: 'ack-gpu-1.34' });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      'ACK coscheduling: the managed kube-scheduler gangs pods labelled pod-group.scheduling.sigs.k8s.io/name and min-available; PodGroup CRD Established (scheduling.sigs.k8s.io/v1alpha1)'
    );
    expect(r.solution).toBe('ACK coscheduling (scheduling.sigs.k8s.io/v1alpha1)');
  });

  it('does not credit a PodGroup CRD with no scheduler behind it on a non-ACK control plane', async () => {
    const r = await detect('gang_scheduling', {
      scenario: 'kind-1.34',
      setup: ({ apply }) =>
        apply({
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'podgroups.scheduling.sigs.k8s.io' },
          spec: {
            group: 'scheduling.sigs.k8s.io',
            names: { kind: 'PodGroup', plural: 'podgroups', singular: 'podgroup', listKind: 'PodGroupList' },
            scope: 'Namespaced',
            versions: [
              {
                name: 'v1alpha1',
                served: true,
                storage: true,
                schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }
              }
            ]
          }
        })
    });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      'scheduler-plugins coscheduling is installed but not working: no scheduler-plugins coscheduling controller runs in the cluster'
    );
  });

  it('recognises Kueue by the version its API serves, with its webhooks live', async () => {
    const r = await detect('gang_scheduling', { scenario: 'kind-1.34', addons: ['kueue'] });
    expect(r.verdict).toBe('pass');
    expect(r.solution).toBe('Kueue v0.15.2 (kueue.x-k8s.io/v1beta2)');
    expect(r.reason).toBe(
      'Kueue v0.15.2 ready (kueue.x-k8s.io/v1beta2; kueue-system/kueue-controller-manager 1/1 ready, 8 webhooks with ready endpoints)'
    );
  });

  it('recognises Volcano', async () => {
    const r = await detect('gang_scheduling', { scenario: 'kind-1.34', addons: ['volcano'] });
    expect(r.verdict).toBe('pass');
    expect(r.solution).toBe('Volcano v1.12.1 (scheduling.volcano.sh/v1beta1)');
  });

  it('is partial when Kueue runs but its webhook Service has no endpoints', async () => {
    const r = await detect('gang_scheduling', {
      scenario: 'kind-1.34',
      addons: ['kueue'],
      breaks: ['kueue-webhooks-without-endpoints']
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'Kueue runs, but webhook Service kueue-system/kueue-webhook-service has no ready endpoints (8 webhooks: vclusterqueue.kb.io, vresourceflavor.kb.io and 6 more)'
    );
  });

  it('fails when the Kueue controller never becomes ready, and when the Volcano scheduler does not', async () => {
    const kueue = await detect('gang_scheduling', {
      scenario: 'kind-1.34',
      addons: ['kueue'],
      breaks: ['kueue-controller-not-ready']
    });
    expect(kueue.verdict).toBe('fail');
    expect(kueue.reason).toMatch(
      /^Kueue is installed but not working: Kueue controller not ready: kueue-system\/kueue-controller-manager \(Deployment, 0\/1 ready/
    );
    const volcano = await detect('gang_scheduling', {
      scenario: 'kind-1.34',
      addons: ['volcano'],
      breaks: ['volcano-scheduler-not-ready']
    });
    expect(volcano.verdict).toBe('fail');
    expect(volcano.reason).toMatch(
      /^Volcano is installed but not working: Volcano component not ready: volcano-system\/volcano-scheduler/
    );
  });

  it('is an error, not a fail, when CRDs cannot be read', async () => {
    const forbidden = await detect('gang_scheduling', {
      scenario: 'kind-1.34',
      addons: ['kueue'],
      rbac: deny(['get'], ['customresourcedefinitions'], ['apiextensions.k8s.io'])
    });
    expect(forbidden.verdict).toBe('error');
    expect(forbidden.reason).toMatch(
      /^not allowed to read \/apis\/apiextensions\.k8s\.io\/v1\/customresourcedefinitions\//
    );
    const failed = await detect('gang_scheduling', {
      scenario: 'kind-1.34',
      addons: ['kueue'],
      faults: failing(['deployments.apps'], 500)
    });
    expect(failed.verdict).toBe('error');
    expect(failed.reason).toMatch(/^could not read \/apis\/apps\/v1\/deployments: 500 InternalError/);
  });
});
