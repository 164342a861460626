import { afterEach, describe, expect, it } from '@jest/globals';
import { KubeClient, RequestCounter } from '../../src/kube/client.js';
import { proxyPath, resourcePath } from '../../src/kube/paths.js';
import { KubeReader } from '../../src/kube/reader.js';
import { kubeconfigTransport } from '../../src/kube/transport.js';
import { list, startFakeApi, status, type FakeApi, type Handler } from './fake-api.js';

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function reader(handler: Handler, pageSize = 2): Promise<KubeReader> {
  api = await startFakeApi(handler);
  return new KubeReader(
    new KubeClient(kubeconfigTransport(api.kubeconfig())),
    new RequestCounter(),
    undefined,
    pageSize
  );
}

/** Serves `items` in pages of the requested limit, with opaque continue tokens. */
function paging(items: unknown[]): Handler {
  return req => {
    const url = new URL(req.path, 'http://x');
    const limit = Number(url.searchParams.get('limit') ?? items.length);
    const start = Number(url.searchParams.get('continue') ?? 0);
    const next = start + limit;
    return list(items.slice(start, next), next < items.length ? String(next) : undefined);
  };
}

describe('KubeReader', () => {
  it('pages through a list with limit and continue, keeping only what the map returns', async () => {
    const nodes = Array.from({ length: 5 }, (_, i) => ({
      metadata: { name: `n${i}` },
      status: { big: 'x'.repeat(100) }
    }));
    const r = await reader(paging(nodes));
    const names = await r.list(
      { group: '', version: 'v1', resource: 'nodes' },
      { labelSelector: 'a=b' },
      n => (n.metadata.name === 'n2' ? undefined : n.metadata.name)
    );
    expect(names).toEqual(['n0', 'n1', 'n3', 'n4']);
    expect(r.counter.count).toBe(3);
    expect(api!.requests.map(q => q.path)).toEqual([
      '/api/v1/nodes?labelSelector=a%3Db&limit=2',
      '/api/v1/nodes?labelSelector=a%3Db&limit=2&continue=2',
      '/api/v1/nodes?labelSelector=a%3Db&limit=2&continue=4'
    ]);
  });

  it('stops at max items without reading further pages', async () => {
    const r = await reader(paging(Array.from({ length: 9 }, (_, i) => ({ i }))), 4);
    const seen = await r.each(
      { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'ns' },
      { max: 5 },
      () => undefined
    );
    expect(seen).toBe(5);
    expect(api!.requests.map(q => q.path)).toEqual([
      '/apis/apps/v1/namespaces/ns/deployments?limit=4',
      '/apis/apps/v1/namespaces/ns/deployments?limit=1&continue=4'
    ]);
  });

  it('reads absent objects as null and lets other failures through', async () => {
    const r = await reader(req =>
      req.path.endsWith('/missing')
        ? status(404, 'NotFound', 'not found')
        : status(403, 'Forbidden', 'customresourcedefinitions.apiextensions.k8s.io "x" is forbidden')
    );
    await expect(
      r.object({ group: 'apps', version: 'v1', resource: 'deployments', namespace: 'a', name: 'missing' })
    ).resolves.toBeNull();
    await expect(r.crd('x')).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('reduces a CRD to its state, never keeping its schema', async () => {
    const r = await reader(() => ({
      body: {
        metadata: {
          name: 'clusterqueues.kueue.x-k8s.io',
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'x/bundle': 'v1' }
        },
        spec: {
          group: 'kueue.x-k8s.io',
          names: { kind: 'ClusterQueue' },
          scope: 'Cluster',
          versions: [
            { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: { big: true } } },
            { name: 'v1beta2', served: true, storage: true }
          ]
        },
        status: {
          conditions: [
            { type: 'NamesAccepted', status: 'True' },
            { type: 'Established', status: 'True' }
          ]
        }
      }
    }));
    expect(await r.crd('clusterqueues.kueue.x-k8s.io')).toEqual({
      name: 'clusterqueues.kueue.x-k8s.io',
      group: 'kueue.x-k8s.io',
      kind: 'ClusterQueue',
      scope: 'Cluster',
      established: true,
      namesAccepted: true,
      served: ['v1beta2', 'v1beta1'],
      storage: 'v1beta2',
      annotations: { 'x/bundle': 'v1' },
      problem: undefined
    });
  });

  it('counts ready EndpointSlice endpoints of a Service (nil ready means ready)', async () => {
    const r = await reader(req => {
      if (req.path.startsWith('/api/v1/namespaces/ray/services/'))
        return { body: { metadata: { name: 'hook' } } };
      expect(req.path).toBe(
        '/apis/discovery.k8s.io/v1/namespaces/ray/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dhook&limit=2'
      );
      return list([
        {
          endpoints: [
            { addresses: ['10.0.0.1'] },
            { addresses: ['10.0.0.2'], conditions: { ready: false } },
            { addresses: ['10.0.0.3'], conditions: { ready: true } }
          ]
        }
      ]);
    });
    await expect(r.serviceEndpoints('ray', 'hook')).resolves.toEqual({
      namespace: 'ray',
      name: 'hook',
      exists: true,
      ready: 2
    });
  });
});

describe('paths', () => {
  it('builds resource and proxy paths as the API server routes them', () => {
    expect(
      resourcePath({
        group: '',
        version: 'v1',
        resource: 'configmaps',
        namespace: 'kube-system',
        name: 'cluster-autoscaler-status'
      })
    ).toBe('/api/v1/namespaces/kube-system/configmaps/cluster-autoscaler-status');
    expect(
      resourcePath({
        group: 'apiextensions.k8s.io',
        version: 'v1',
        resource: 'customresourcedefinitions',
        name: 'a.b.io'
      })
    ).toBe('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/a.b.io');
    expect(
      proxyPath({ kind: 'pod', namespace: 'gpu-operator', name: 'dcgm-abc', port: 9400, path: '/metrics' })
    ).toBe('/api/v1/namespaces/gpu-operator/pods/dcgm-abc:9400/proxy/metrics');
    expect(
      proxyPath({
        kind: 'service',
        namespace: 'monitoring',
        name: 'prometheus-operated',
        port: 'web',
        scheme: 'http',
        path: '/api/v1/query',
        query: { query: 'vector(1)' }
      })
    ).toBe(
      '/api/v1/namespaces/monitoring/services/http:prometheus-operated:web/proxy/api/v1/query?query=vector%281%29'
    );
  });
});
