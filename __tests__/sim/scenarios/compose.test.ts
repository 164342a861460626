import { describe, expect, it } from '@jest/globals';
import { catalog, composeScenario, ScenarioError } from '../../../src/sim/scenario.js';

describe('scenarios', () => {
  it('loads every scenario and add-on', () => {
    const c = catalog();
    expect(c.scenarios.map(s => s.name)).toEqual(['kind-1.33', 'kind-1.34', 'kind-1.35', 'kind-1.36', 'kind-1.37', 'ack-gpu-1.34', 'ack-gpu-1.35', 'ack-gpu-1.36']);
    expect(c.addons.length).toBeGreaterThanOrEqual(17);
    for (const s of c.scenarios) expect(composeScenario(s.name).objects.length).toBeGreaterThan(5);
    for (const a of c.addons) expect(() => composeScenario('kind-1.34', [a.name])).not.toThrow();
  });

  it('resolves requirements once, dependencies first', () => {
    const s = composeScenario('kind-1.34', ['prometheus-adapter', 'prometheus-operator', 'kuberay-webhooks']);
    expect(s.parts.map(p => p.name)).toEqual(['kind-1.34', 'prometheus-operator', 'prometheus-adapter', 'kuberay', 'kuberay-webhooks']);
  });

  it('names the choices on an unknown scenario, add-on or break', () => {
    expect(() => composeScenario('kind-9')).toThrow(new ScenarioError('unknown scenario "kind-9": choose one of kind-1.33, kind-1.34, kind-1.35, kind-1.36, kind-1.37, ack-gpu-1.34, ack-gpu-1.35, ack-gpu-1.36'));
    expect(() => composeScenario('kind-1.34', ['kueu'])).toThrow(/unknown add-on "kueu" \(given with --addon\): choose from gpu-nodes, /);
    expect(() => composeScenario('kind-1.34', [], ['exporter-missing-memory-metric'])).toThrow(
      'break "exporter-missing-memory-metric" belongs to add-on dcgm-exporter: add --addon dcgm-exporter'
    );
  });

  it('a break changes only what it names', () => {
    const plain = composeScenario('kind-1.34', ['kueue']);
    const broken = composeScenario('kind-1.34', ['kueue'], ['kueue-webhooks-without-endpoints']);
    const diff = broken.objects.filter((o, i) => JSON.stringify(o) !== JSON.stringify(plain.objects[i]));
    expect(diff.map(o => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/kueue-webhook-service']);
    const gw = composeScenario('kind-1.34', ['envoy-gateway'], ['gatewayclass-not-accepted']);
    expect(composeScenario('kind-1.34', ['envoy-gateway']).stages.map(s => s.name).filter(n => !gw.stages.some(x => x.name === n))).toEqual([
      'gatewayclass-accepted'
    ]);
  });
});
