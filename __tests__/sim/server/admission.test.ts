import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import type { AdmissionRequest } from '../../../src/sim/contracts.js';
import { forbiddenBecause } from '../../../src/sim/errors.js';
import { expectStatus, startSim, type Sim } from './harness.js';

describe('API server: admission hooks', () => {
  let sim: Sim;
  const seen: AdmissionRequest[] = [];
  beforeAll(async () => {
    sim = await startSim({
      hooks: {
        admission: [
          req => {
            seen.push(req);
          },
          req => {
            if (req.operation === 'CREATE' && req.rtype.resource === 'configmaps') {
              return {
                ...req.object,
                metadata: {
                  ...req.object.metadata,
                  labels: { ...(req.object.metadata.labels ?? {}), mutated: 'yes' }
                }
              };
            }
          },
          req => {
            if (req.object.metadata.labels?.deny === 'true')
              throw forbiddenBecause(
                req.rtype.group,
                req.rtype.resource,
                req.object.metadata.name,
                'denied by the test webhook'
              );
          }
        ]
      }
    });
  });
  afterAll(() => sim.close());
  const namespace = 'default';

  it('runs plugins on create, update, patch and delete, passing dryRun', async () => {
    const created = await sim.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'adm' } }
    });
    expect(created.metadata!.labels).toEqual({ mutated: 'yes' });
    await sim.core.patchNamespacedConfigMap(
      { name: 'adm', namespace, body: { data: { a: '1' } }, dryRun: 'All' },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch)
    );
    await sim.core.deleteNamespacedConfigMap({ name: 'adm', namespace });
    expect(seen.map(r => `${r.operation} ${r.dryRun}`)).toEqual([
      'CREATE false',
      'UPDATE true',
      'DELETE false'
    ]);
    expect(seen[1].oldObject!.data).toBeUndefined();
    expect(seen[1].object.data).toEqual({ a: '1' });
    expect(seen[0].user).toBe('kubernetes-admin');
  });

  it("denies with the plugin's Status", async () => {
    await expectStatus(
      sim.core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name: 'no', labels: { deny: 'true' } } }
      }),
      403,
      'Forbidden',
      'configmaps "no" is forbidden: denied by the test webhook'
    );
    await expectStatus(sim.core.readNamespacedConfigMap({ name: 'no', namespace }), 404, 'NotFound');
  });

  it('tells a status write by its subresource', async () => {
    const p = await sim.core.createNamespacedPod({
      namespace,
      body: { metadata: { name: 'st' }, spec: { containers: [{ name: 'c', image: 'i' }] } }
    });
    seen.length = 0;
    await sim.core.replaceNamespacedPodStatus({
      name: 'st',
      namespace,
      body: { ...p, status: { phase: 'Running' } }
    });
    expect(seen.map(r => `${r.operation} ${r.subresource}`)).toEqual(['UPDATE status']);
  });
});
