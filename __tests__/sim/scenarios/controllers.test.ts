import { describe, expect, it } from '@jest/globals';
import { parseControllerSettings, resolveControllerSettings } from '../../../src/sim/controllers/settings.js';
import { catalog, composeScenario, ScenarioError } from '../../../src/sim/scenario.js';
import { parseScenario } from '../../../src/sim/scenario.js';

const HEAD = 'apiVersion: sim.ai-conformance.dev/v1alpha1\nkind: AddOn\nmetadata: {name: x}\nspec:\n';

describe('controller settings and node groups in scenario files', () => {
  it('lists the part-1 breaks under the add-on that owns each behaviour', () => {
    const owners = Object.fromEntries(catalog().breaks.map(b => [`${b.addon}/${b.name}`, b.description]));
    for (const k of [
      'kueue/kueue-admits-partially',
      'volcano/volcano-binds-partially',
      'ack-gpu-1.34/coscheduling-binds-partially',
      'prometheus-adapter/hpa-never-scales',
      'ack-gpu-1.34/hpa-never-scales',
      'cluster-autoscaler/autoscaler-never-adds-node',
      'nvidia-dra-driver/dra-driver-never-allocates',
      'dra-example-driver/dra-driver-never-allocates',
      'gpu-nodes/runtime-exposes-all-gpus',
      'ack-gpu-1.34/runtime-exposes-all-gpus'
    ]) {
      expect(owners[k]).toEqual(expect.any(String));
    }
  });

  it('switches controllers on with the parts that declare them and lets breaks change only their settings', () => {
    const plain = composeScenario('kind-1.34');
    expect(plain.controllers.kueue).toBeUndefined();
    expect(plain.controllers.hpa).toMatchObject({ syncPeriod: 15_000, neverScales: false });
    const s = composeScenario(
      'kind-1.34',
      ['kueue', 'gpu-nodes', 'cluster-autoscaler'],
      ['kueue-admits-partially']
    );
    expect(s.controllers.kueue).toMatchObject({
      admitPartially: true,
      partialStep: 2000,
      webhookService: { namespace: 'kueue-system', name: 'kueue-webhook-service' }
    });
    expect(s.controllers['cluster-autoscaler']).toMatchObject({ scanInterval: 2000, neverAddsNode: false });
    expect(s.nodeGroups.map(g => `${g.name} ${g.minSize}-${g.maxSize}`)).toEqual(['gpu-a10 1-4']);
    // A break never switches on a controller its scenario does not run.
    expect(resolveControllerSettings([{}], [{ kueue: { admitPartially: true } }]).kueue).toBeUndefined();
    expect(
      resolveControllerSettings([{}], [{ dra: { neverAllocate: ['a'] } }, { dra: { neverAllocate: ['b'] } }])
        .dra.neverAllocate
    ).toEqual(['a', 'b']);
  });

  it('names the YAML path and what was expected on bad settings', () => {
    expect(() => parseControllerSettings({ kueu: {} }, 'f: spec.controllers')).toThrow(
      'f: spec.controllers.kueu: unknown controller; expected one of kueue, volcano, coscheduling, cluster-autoscaler, hpa, dra'
    );
    expect(() => parseControllerSettings({ hpa: { syncPeriod: 'soon' } }, 'f: spec.controllers')).toThrow(
      'f: spec.controllers.hpa.syncPeriod: expected a duration like "500ms", "2s" or "1m", got "soon"'
    );
    expect(() => parseControllerSettings({ volcano: { bindPartialy: true } }, 'f: spec.controllers')).toThrow(
      'f: spec.controllers.volcano.bindPartialy: unknown setting; expected one of pod, bindPartially'
    );
    expect(() =>
      parseScenario(
        `${HEAD}  nodeGroups:\n  - {name: g, minSize: 1, maxSize: 2, nodeSelector: {pool: a}, template: {namePattern: "n{n}", labels: {pool: b}, capacity: {cpu: "1", memory: 1Gi, pods: "10"}}}\n`,
        'x'
      )
    ).toThrow(
      new ScenarioError(
        'scenario x: spec.nodeGroups[0].template.labels: must carry the nodeSelector label pool: "a" so new nodes join the group'
      )
    );
    expect(() =>
      parseScenario(
        `${HEAD}  nodeGroups:\n  - {name: g, minSize: 3, maxSize: 2, nodeSelector: {pool: a}, template: {}}\n`,
        'x'
      )
    ).toThrow('scenario x: spec.nodeGroups[0].maxSize: 2 is below minSize 3');
  });
});
