import { afterEach, describe, expect, it } from '@jest/globals';
import { KubeClient, RequestCounter } from '../../src/kube/client.js';
import { AGGREGATED_ACCEPT, readDiscovery } from '../../src/kube/discovery.js';
import { kubeconfigTransport } from '../../src/kube/transport.js';
import { startFakeApi, status, type FakeApi, type Handler } from './fake-api.js';

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function discover(handler: Handler) {
  api = await startFakeApi(handler);
  const counter = new RequestCounter();
  const d = await readDiscovery(new KubeClient(kubeconfigTransport(api.kubeconfig())), { counter });
  return { d, counter };
}

const resource = (name: string, kind: string, scope: 'Cluster' | 'Namespaced') => ({
  resource: name,
  responseKind: { group: '', version: '', kind },
  scope,
  verbs: ['get', 'list']
});

describe('readDiscovery', () => {
  it('reads aggregated discovery in two requests, preferred version first, stale groups marked', async () => {
    const { d, counter } = await discover(req => {
      if (req.path === '/api') {
        return {
          body: {
            kind: 'APIGroupDiscoveryList',
            items: [
              {
                metadata: { name: '' },
                versions: [{ version: 'v1', resources: [resource('nodes', 'Node', 'Cluster')] }]
              }
            ]
          }
        };
      }
      return {
        body: {
          kind: 'APIGroupDiscoveryList',
          items: [
            {
              metadata: { name: 'resource.k8s.io' },
              versions: [
                {
                  version: 'v1',
                  resources: [
                    resource('deviceclasses', 'DeviceClass', 'Cluster'),
                    resource('resourceclaims', 'ResourceClaim', 'Namespaced')
                  ]
                },
                { version: 'v1beta2', resources: [resource('deviceclasses', 'DeviceClass', 'Cluster')] }
              ]
            },
            {
              metadata: { name: 'custom.metrics.k8s.io' },
              versions: [{ version: 'v1beta1', freshness: 'Stale', resources: [] }]
            }
          ]
        }
      };
    });
    expect(counter.count).toBe(2);
    expect(api!.requests.every(r => r.headers.accept === AGGREGATED_ACCEPT)).toBe(true);
    expect(d.source).toBe('aggregated');
    expect(d.versions('resource.k8s.io')).toEqual(['v1', 'v1beta2']);
    expect(d.serves('resource.k8s.io', 'v1', 'resourceclaims')).toBe(true);
    expect(d.serves('resource.k8s.io', 'v1beta2', 'resourceclaims')).toBe(false);
    expect(d.versionsOf('resource.k8s.io', 'deviceclasses')).toEqual(['v1', 'v1beta2']);
    expect(d.groupVersionOf('resource.k8s.io', 'deviceclasses')).toBe('resource.k8s.io/v1');
    expect(d.resources('', 'v1')[0]).toEqual({
      name: 'nodes',
      kind: 'Node',
      namespaced: false,
      verbs: ['get', 'list']
    });
    expect(d.group('custom.metrics.k8s.io')?.versions[0].stale).toBe(true);
    expect(d.serves('kueue.x-k8s.io')).toBe(false);
  });

  it('falls back to the legacy documents, fetching group versions in parallel, a failing aggregated API marked stale', async () => {
    const { d, counter } = await discover(req => {
      switch (req.path) {
        case '/api':
          return { body: { kind: 'APIVersions', versions: ['v1'] } };
        case '/apis':
          return {
            body: {
              kind: 'APIGroupList',
              groups: [
                {
                  name: 'kueue.x-k8s.io',
                  versions: [
                    { groupVersion: 'kueue.x-k8s.io/v1beta1', version: 'v1beta1' },
                    { groupVersion: 'kueue.x-k8s.io/v1beta2', version: 'v1beta2' }
                  ],
                  preferredVersion: { version: 'v1beta2' }
                },
                {
                  name: 'custom.metrics.k8s.io',
                  versions: [{ groupVersion: 'custom.metrics.k8s.io/v1beta1', version: 'v1beta1' }],
                  preferredVersion: { version: 'v1beta1' }
                }
              ]
            }
          };
        case '/api/v1':
          return {
            body: {
              kind: 'APIResourceList',
              resources: [
                { name: 'pods', kind: 'Pod', namespaced: true, verbs: ['list'] },
                { name: 'pods/log', kind: 'Pod', namespaced: true }
              ]
            }
          };
        case '/apis/kueue.x-k8s.io/v1beta2':
        case '/apis/kueue.x-k8s.io/v1beta1':
          return {
            body: {
              kind: 'APIResourceList',
              resources: [{ name: 'clusterqueues', kind: 'ClusterQueue', namespaced: false, verbs: ['list'] }]
            }
          };
        default:
          return status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
      }
    });
    expect(d.source).toBe('legacy');
    expect(counter.count).toBe(6);
    expect(d.versions('kueue.x-k8s.io')).toEqual(['v1beta2', 'v1beta1']);
    expect(d.serves('', 'v1', 'pods')).toBe(true);
    expect(d.resources('', 'v1').map(r => r.name)).toEqual(['pods']);
    expect(d.group('custom.metrics.k8s.io')?.versions[0]).toEqual({
      version: 'v1beta1',
      stale: true,
      resources: []
    });
  });

  it('lets a forbidden group version fail discovery (an error, not an absence)', async () => {
    const run = discover(req =>
      req.path === '/api'
        ? { body: { kind: 'APIVersions', versions: ['v1'] } }
        : req.path === '/apis'
          ? { body: { kind: 'APIGroupList', groups: [] } }
          : status(403, 'Forbidden', 'forbidden')
    );
    await expect(run).rejects.toMatchObject({ kind: 'forbidden', path: '/api/v1' });
  });
});
