import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { expectStatus, startSim, type Sim } from './harness.js';

const { setHeaderOptions, PatchStrategy } = k8s;

describe('API server: patch and server-side apply', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());
  const namespace = 'default';

  const deployment = (name: string): k8s.V1Deployment => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] },
            { name: 'side', image: 'side:1' }
          ]
        }
      }
    }
  });

  it('applies a strategic merge patch to containers by name', async () => {
    await sim.apps.createNamespacedDeployment({ namespace, body: deployment('smp') });
    const patched = await sim.apps.patchNamespacedDeployment(
      {
        name: 'smp',
        namespace,
        body: {
          spec: {
            template: {
              spec: { containers: [{ name: 'app', image: 'app:2', env: [{ name: 'B', value: '2' }] }] }
            }
          }
        }
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch)
    );
    const containers = patched.spec!.template.spec!.containers;
    expect(containers.map(c => `${c.name}=${c.image}`)).toEqual(['app=app:2', 'side=side:1']);
    expect(containers[0].env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' }
    ]);
    expect(patched.metadata!.generation).toBe(2);
  });

  it('applies merge and JSON patches, failing a JSON patch test with 422', async () => {
    await sim.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'pm', labels: { a: '1', b: '2' } }, data: { k: 'v' } }
    });
    const merged = await sim.core.patchNamespacedConfigMap(
      { name: 'pm', namespace, body: { metadata: { labels: { b: null, c: '3' } }, data: { k2: 'v2' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
    );
    expect(merged.metadata!.labels).toEqual({ a: '1', c: '3' });
    expect(merged.data).toEqual({ k: 'v', k2: 'v2' });
    const jp = await sim.core.patchNamespacedConfigMap(
      {
        name: 'pm',
        namespace,
        body: [
          { op: 'test', path: '/data/k', value: 'v' },
          { op: 'remove', path: '/data/k' }
        ]
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch)
    );
    expect(jp.data).toEqual({ k2: 'v2' });
    await expectStatus(
      sim.core.patchNamespacedConfigMap(
        { name: 'pm', namespace, body: [{ op: 'test', path: '/data/k2', value: 'other' }] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch)
      ),
      422,
      'Invalid'
    );
    await expectStatus(
      sim.core.patchNamespacedConfigMap(
        { name: 'missing', namespace, body: { data: {} } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
      ),
      404,
      'NotFound',
      'configmaps "missing" not found'
    );
  });

  it('rejects a patch carrying a stale resourceVersion with 409', async () => {
    const cm = await sim.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'prv' } } });
    await sim.core.patchNamespacedConfigMap(
      { name: 'prv', namespace, body: { data: { a: '1' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
    );
    await expectStatus(
      sim.core.patchNamespacedConfigMap(
        {
          name: 'prv',
          namespace,
          body: { metadata: { resourceVersion: cm.metadata!.resourceVersion }, data: { a: '2' } }
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
      ),
      409,
      'Conflict'
    );
  });

  it('server-side apply creates when absent, merges, conflicts and forces', async () => {
    const cfg = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ssa', namespace },
      data: { owner: 'alice', shared: 'x' }
    };
    const created = await sim.objects.patch(
      cfg,
      undefined,
      undefined,
      'alice',
      undefined,
      PatchStrategy.ServerSideApply
    );
    expect(created.data).toEqual({ owner: 'alice', shared: 'x' });
    expect(
      (created as k8s.V1ConfigMap).metadata!.managedFields!.map(m => `${m.manager}/${m.operation}`)
    ).toEqual(['alice/Apply']);
    await sim.core.patchNamespacedConfigMap(
      { name: 'ssa', namespace, body: { data: { shared: 'bob' } }, fieldManager: 'bob' },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
    );
    const body = await expectStatus(
      sim.objects.patch(cfg, undefined, undefined, 'alice', undefined, PatchStrategy.ServerSideApply),
      409,
      'Conflict',
      'Apply failed with 1 conflict: conflict with "bob" using v1: .data.shared'
    );
    expect(body.details.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "bob" using v1', field: '.data.shared' }
    ]);
    const forced = await sim.objects.patch(
      cfg,
      undefined,
      undefined,
      'alice',
      true,
      PatchStrategy.ServerSideApply
    );
    expect(forced.data!.shared).toBe('x');
    const dropped = await sim.objects.patch(
      { ...cfg, data: { shared: 'x' } },
      undefined,
      undefined,
      'alice',
      undefined,
      PatchStrategy.ServerSideApply
    );
    expect(dropped.data).toEqual({ shared: 'x' });
    await expectStatus(
      sim.objects.patch(cfg, undefined, undefined, undefined, undefined, PatchStrategy.ServerSideApply),
      422,
      'Invalid',
      /fieldManager: Required value/
    );
  });

  it('server-side apply with dryRun does not persist', async () => {
    const cfg = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ssa-dry', namespace },
      data: { a: '1' }
    };
    await sim.objects.patch(cfg, undefined, 'All', 'alice', undefined, PatchStrategy.ServerSideApply);
    await expectStatus(sim.core.readNamespacedConfigMap({ name: 'ssa-dry', namespace }), 404, 'NotFound');
  });
});
