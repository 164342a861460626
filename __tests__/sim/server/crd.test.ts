import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { expectStatus, raw, startSim, waitForEvent, type Sim } from './harness.js';

const crd = (overrides: Record<string, any> = {}): k8s.V1CustomResourceDefinition => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', x_kubernetes_preserve_unknown_fields: true } },
        subresources: {
          status: {},
          scale: {
            specReplicasPath: '.spec.replicas',
            statusReplicasPath: '.status.replicas',
            labelSelectorPath: '.status.selector'
          }
        },
        additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }]
      },
      {
        name: 'v1beta1',
        served: true,
        storage: false,
        schema: { openAPIV3Schema: { type: 'object', x_kubernetes_preserve_unknown_fields: true } }
      }
    ],
    ...overrides
  }
});

describe('API server: CustomResourceDefinitions', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());
  const group = 'example.com';
  const namespace = 'default';

  it('serves a CRD after creation: Established, discovery, custom objects', async () => {
    const established = waitForEvent(
      sim.kc,
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      {},
      (_type, obj) =>
        obj.status?.conditions?.some((c: any) => c.type === 'Established' && c.status === 'True')
          ? obj
          : undefined
    );
    await sim.ext.createCustomResourceDefinition({ body: crd() });
    const got = await established;
    expect(got.status.conditions.map((c: any) => `${c.type}=${c.status}`)).toEqual([
      'NamesAccepted=True',
      'Established=True'
    ]);
    expect(got.status.acceptedNames).toMatchObject({
      plural: 'widgets',
      kind: 'Widget',
      listKind: 'WidgetList'
    });
    expect(got.status.storedVersions).toEqual(['v1']);
    const g = (await raw(sim.server, 'GET', '/apis/example.com')).json();
    expect(g.versions.map((v: any) => v.version)).toEqual(['v1', 'v1beta1']);
    const res = (await raw(sim.server, 'GET', '/apis/example.com/v1')).json();
    expect(res.resources.map((r: any) => r.name)).toEqual(['widgets', 'widgets/status', 'widgets/scale']);

    const w = await sim.custom.createNamespacedCustomObject({
      group,
      version: 'v1',
      namespace,
      plural: 'widgets',
      body: {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w1' },
        spec: { size: 3, replicas: 1 }
      }
    });
    expect(w.metadata.uid).toBeDefined();
    const asBeta = await sim.custom.getNamespacedCustomObject({
      group,
      version: 'v1beta1',
      namespace,
      plural: 'widgets',
      name: 'w1'
    });
    expect(asBeta.apiVersion).toBe('example.com/v1beta1');
    const list = await sim.custom.listNamespacedCustomObject({
      group,
      version: 'v1',
      namespace,
      plural: 'widgets'
    });
    expect(list).toMatchObject({ kind: 'WidgetList', apiVersion: 'example.com/v1' });
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['w1']);
    const generic = await sim.objects.read({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace }
    });
    expect((generic as any).spec.size).toBe(3);
  });

  it('updates custom resource status separately and scales through the scale subresource', async () => {
    const w = await sim.custom.getNamespacedCustomObject({
      group,
      version: 'v1',
      namespace,
      plural: 'widgets',
      name: 'w1'
    });
    const s = await sim.custom.replaceNamespacedCustomObjectStatus({
      group,
      version: 'v1',
      namespace,
      plural: 'widgets',
      name: 'w1',
      body: { ...w, spec: { size: 99 }, status: { replicas: 1, selector: 'app=w1' } }
    });
    expect(s.status).toEqual({ replicas: 1, selector: 'app=w1' });
    expect(s.spec.size).toBe(3);
    const scale = await sim.custom.getNamespacedCustomObjectScale({
      group,
      version: 'v1',
      namespace,
      plural: 'widgets',
      name: 'w1'
    });
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 1 },
      status: { replicas: 1, selector: 'app=w1' }
    });
    await sim.custom.patchNamespacedCustomObjectScale(
      { group, version: 'v1', namespace, plural: 'widgets', name: 'w1', body: { spec: { replicas: 4 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch)
    );
    expect(
      (
        await sim.custom.getNamespacedCustomObject({
          group,
          version: 'v1',
          namespace,
          plural: 'widgets',
          name: 'w1'
        })
      ).spec.replicas
    ).toBe(4);
  });

  it('treats custom resources as the apiserver does: no strategic merge, resourceVersion required on update, any field selector', async () => {
    await expectStatus(
      sim.custom.patchNamespacedCustomObject(
        { group, version: 'v1', namespace, plural: 'widgets', name: 'w1', body: { spec: { size: 4 } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch)
      ),
      415,
      'UnsupportedMediaType'
    );
    const w = await sim.custom.getNamespacedCustomObject({
      group,
      version: 'v1',
      namespace,
      plural: 'widgets',
      name: 'w1'
    });
    await expectStatus(
      sim.custom.replaceNamespacedCustomObject({
        group,
        version: 'v1',
        namespace,
        plural: 'widgets',
        name: 'w1',
        body: { ...w, metadata: { ...w.metadata, resourceVersion: undefined } }
      }),
      422,
      'Invalid',
      'Widget.example.com "w1" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update'
    );
    const bySpec = await sim.custom.listNamespacedCustomObject({
      group,
      version: 'v1',
      namespace,
      plural: 'widgets',
      fieldSelector: 'spec.size=3'
    });
    expect(bySpec.items).toHaveLength(1);
    const table = (
      await raw(sim.server, 'GET', '/apis/example.com/v1/namespaces/default/widgets', {
        headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' }
      })
    ).json();
    expect(table.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Size']);
    expect(table.rows[0].cells).toEqual(['w1', 3]);
  });

  it('validates CRDs as the apiserver does', async () => {
    await expectStatus(
      sim.ext.createCustomResourceDefinition({ body: { ...crd(), metadata: { name: 'wrong.example.com' } } }),
      422,
      'Invalid',
      'CustomResourceDefinition.apiextensions.k8s.io "wrong.example.com" is invalid: metadata.name: Invalid value: "wrong.example.com": must be spec.names.plural+"."+spec.group'
    );
  });

  it('stops serving a deleted CRD and drops its objects', async () => {
    await sim.ext.deleteCustomResourceDefinition({ name: 'widgets.example.com' });
    await expectStatus(
      sim.custom.listNamespacedCustomObject({ group, version: 'v1', namespace, plural: 'widgets' }),
      404,
      'NotFound',
      'the server could not find the requested resource'
    );
    expect((await raw(sim.server, 'GET', '/apis/example.com')).status).toBe(404);
    const groups = (await raw(sim.server, 'GET', '/apis')).json().groups.map((x: any) => x.name);
    expect(groups).not.toContain('example.com');
    await sim.ext.createCustomResourceDefinition({ body: crd() });
    const list = await sim.custom.listNamespacedCustomObject({
      group,
      version: 'v1',
      namespace,
      plural: 'widgets'
    });
    expect(list.items).toEqual([]);
  });

  it('serves CRDs a scenario puts straight into the store, cluster-scoped ones too', async () => {
    sim.store.create({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'clusterqueues.kueue.x-k8s.io' },
      spec: {
        group: 'kueue.x-k8s.io',
        scope: 'Cluster',
        names: { plural: 'clusterqueues', kind: 'ClusterQueue' },
        versions: [{ name: 'v1beta1', served: true, storage: true }]
      }
    });
    sim.store.create({
      apiVersion: 'kueue.x-k8s.io/v1beta1',
      kind: 'ClusterQueue',
      metadata: { name: 'cq' },
      spec: {}
    });
    const list = await sim.custom.listClusterCustomObject({
      group: 'kueue.x-k8s.io',
      version: 'v1beta1',
      plural: 'clusterqueues'
    });
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['cq']);
    const stored = await sim.ext.readCustomResourceDefinition({ name: 'clusterqueues.kueue.x-k8s.io' });
    expect(stored.status!.conditions!.find(c => c.type === 'Established')!.status).toBe('True');
  });
});
