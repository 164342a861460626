import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import type { AggregatedTarget, ProxyRequest, SimHooks } from '../../../src/sim/contracts.js';
import { expectStatus, raw, startSim, type Sim } from './harness.js';

describe('API server: APIService aggregation', () => {
  let sim: Sim;
  const calls: Array<{ target: AggregatedTarget; req: ProxyRequest }> = [];
  const hooks: SimHooks = {
    aggregated(target, req) {
      calls.push({ target, req });
      if (req.path === '/apis/custom.metrics.k8s.io/v1beta1') {
        return {
          status: 200,
          body: JSON.stringify({
            kind: 'APIResourceList',
            apiVersion: 'v1',
            groupVersion: 'custom.metrics.k8s.io/v1beta1',
            resources: [
              {
                name: 'pods/requests',
                singularName: '',
                namespaced: true,
                kind: 'MetricValueList',
                verbs: ['get']
              }
            ]
          })
        };
      }
      return {
        status: 200,
        body: JSON.stringify({
          kind: 'MetricValueList',
          apiVersion: 'custom.metrics.k8s.io/v1beta1',
          metadata: {},
          items: [{ metric: { name: 'requests' }, value: '5' }]
        })
      };
    }
  };
  const apiService = (name: string, group: string, available: boolean) => ({
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name },
    spec: {
      group,
      version: 'v1beta1',
      service: { name: 'prometheus-adapter', namespace: 'monitoring', port: 443 },
      groupPriorityMinimum: 100,
      versionPriority: 100
    },
    status: {
      conditions: [
        {
          type: 'Available',
          status: available ? 'True' : 'False',
          reason: available ? 'Passed' : 'MissingEndpoints'
        }
      ]
    }
  });

  beforeAll(async () => {
    sim = await startSim({ hooks });
    sim.store.create(apiService('v1beta1.custom.metrics.k8s.io', 'custom.metrics.k8s.io', true));
    sim.store.create(apiService('v1beta1.external.metrics.k8s.io', 'external.metrics.k8s.io', false));
  });
  afterAll(() => sim.close());

  it('keeps local APIServices for served group/versions', async () => {
    const api = sim.kc.makeApiClient(k8s.ApiregistrationV1Api);
    const apps = await api.readAPIService({ name: 'v1.apps' });
    expect(apps.spec!.service).toBeUndefined();
    expect(apps.status!.conditions![0]).toMatchObject({ type: 'Available', status: 'True', reason: 'Local' });
    expect((await api.readAPIService({ name: 'v1.' })).spec!.version).toBe('v1');
  });

  it('lists aggregated groups in discovery and routes their requests to hooks.aggregated', async () => {
    const groups = (await raw(sim.server, 'GET', '/apis')).json().groups.map((g: any) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['custom.metrics.k8s.io', 'external.metrics.k8s.io']));
    const list = (await raw(sim.server, 'GET', '/apis/custom.metrics.k8s.io/v1beta1')).json();
    expect(list.resources[0].name).toBe('pods/requests');
    const value = await sim.custom.getNamespacedCustomObject({
      group: 'custom.metrics.k8s.io',
      version: 'v1beta1',
      namespace: 'default',
      plural: 'pods',
      name: '*/requests'
    });
    expect(value.items[0].value).toBe('5');
    const last = calls.at(-1)!;
    expect(last.target).toMatchObject({ group: 'custom.metrics.k8s.io', version: 'v1beta1' });
    expect(last.target.apiService.metadata.name).toBe('v1beta1.custom.metrics.k8s.io');
    expect(last.req.path).toBe('/apis/custom.metrics.k8s.io/v1beta1/namespaces/default/pods/*/requests');
  });

  it('answers 503 while the APIService is not Available', async () => {
    await expectStatus(
      sim.custom.listClusterCustomObject({
        group: 'external.metrics.k8s.io',
        version: 'v1beta1',
        plural: 'queue_depth'
      }),
      503,
      'ServiceUnavailable',
      'the server is currently unable to handle the request'
    );
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
    const doc = (await raw(sim.server, 'GET', '/apis', { headers: { Accept: accept } })).json();
    const external = doc.items.find((i: any) => i.metadata.name === 'external.metrics.k8s.io');
    expect(external.versions).toEqual([{ version: 'v1beta1', freshness: 'Stale' }]);
    const table = (
      await raw(sim.server, 'GET', '/apis/apiregistration.k8s.io/v1/apiservices', {
        headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' }
      })
    ).json();
    const row = table.rows.find((r: any) => r.cells[0] === 'v1beta1.external.metrics.k8s.io');
    expect(row.cells.slice(0, 3)).toEqual([
      'v1beta1.external.metrics.k8s.io',
      'monitoring/prometheus-adapter',
      'False (MissingEndpoints)'
    ]);
    const custom = doc.items.find((i: any) => i.metadata.name === 'custom.metrics.k8s.io');
    expect(custom.versions[0].resources[0]).toMatchObject({
      resource: 'pods',
      subresources: [{ subresource: 'requests' }]
    });
  });
});
