import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { raw, startSim, type Sim } from './harness.js';

describe('API server: TLS, authentication, discovery', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());

  it('serves HTTPS on 127.0.0.1 with a CA that the kubeconfig carries', async () => {
    expect(sim.server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const cluster = sim.kc.getCurrentCluster()!;
    expect(Buffer.from(cluster.caData!, 'base64').toString()).toBe(sim.server.caPem);
    expect(sim.kc.getCurrentUser()!.token).toBe(sim.server.token);
    const v = await sim.kc.makeApiClient(k8s.VersionApi).getCode();
    expect(v.gitVersion).toBe('v1.34.0');
    expect(v.minor).toBe('34');
  });

  it('answers 401 Unauthorized to a wrong or missing token', async () => {
    for (const token of ['wrong-token', null]) {
      const r = await raw(sim.server, 'GET', '/api/v1/namespaces', { token });
      expect(r.status).toBe(401);
      expect(r.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    }
    const bad = new k8s.KubeConfig();
    bad.loadFromString(sim.server.kubeconfig().replace(sim.server.token, 'not-the-token'));
    await expect(bad.makeApiClient(k8s.CoreV1Api).listNamespace()).rejects.toMatchObject({ code: 401 });
    expect((await raw(sim.server, 'GET', '/readyz', { token: null })).text).toBe('ok');
  });

  it('lists groups and versions as /api and /apis do', async () => {
    const api = await sim.kc.makeApiClient(k8s.CoreApi).getAPIVersions();
    expect(api.versions).toEqual(['v1']);
    const groups = await sim.kc.makeApiClient(k8s.ApisApi).getAPIVersions();
    const names = groups.groups.map(g => g.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'apps',
        'batch',
        'apiextensions.k8s.io',
        'resource.k8s.io',
        'apiregistration.k8s.io'
      ])
    );
    const dra = groups.groups.find(g => g.name === 'resource.k8s.io')!;
    expect(dra.versions.map(v => v.version)).toEqual(['v1', 'v1beta2', 'v1beta1']);
    expect(dra.preferredVersion?.version).toBe('v1');
    const apps = await sim.kc.makeApiClient(k8s.AppsApi).getAPIGroup();
    expect(apps.preferredVersion?.groupVersion).toBe('apps/v1');
  });

  it('describes resources with subresources, short names and verbs', async () => {
    const core = await sim.core.getAPIResources();
    const byName = new Map(core.resources.map(r => [r.name, r]));
    expect(byName.get('pods')).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'] });
    expect(byName.get('pods/log')).toMatchObject({ kind: 'Pod', verbs: ['get'] });
    expect(byName.get('nodes')).toMatchObject({ namespaced: false });
    expect(byName.has('services/proxy')).toBe(true);
    const apps = await sim.apps.getAPIResources();
    expect(apps.resources.find(r => r.name === 'deployments/scale')).toMatchObject({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale'
    });
    const dra = (await raw(sim.server, 'GET', '/apis/resource.k8s.io/v1')).json();
    expect(
      dra.resources.filter((r: any) => !r.name.includes('/')).map((r: any) => [r.name, r.namespaced])
    ).toEqual([
      ['deviceclasses', false],
      ['resourceclaims', true],
      ['resourceclaimtemplates', true],
      ['resourceslices', false]
    ]);
    expect((await raw(sim.server, 'GET', '/apis/nothere.example.com/v1')).status).toBe(404);
  });

  it('answers aggregated discovery (apidiscovery.k8s.io/v2) when asked for it', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const r = await raw(sim.server, 'GET', '/apis', { headers: { Accept: accept } });
    expect(r.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'
    );
    const doc = r.json();
    expect(doc.kind).toBe('APIGroupDiscoveryList');
    const apps = doc.items.find((i: any) => i.metadata.name === 'apps');
    const deployments = apps.versions[0].resources.find((x: any) => x.resource === 'deployments');
    expect(deployments).toMatchObject({
      scope: 'Namespaced',
      responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' }
    });
    expect(deployments.subresources.map((s: any) => s.subresource)).toEqual(['status', 'scale']);
    const core = (await raw(sim.server, 'GET', '/api', { headers: { Accept: accept } })).json();
    expect(core.items[0].versions[0].resources.map((x: any) => x.resource)).toContain('pods');
    const plain = (await raw(sim.server, 'GET', '/apis')).json();
    expect(plain.kind).toBe('APIGroupList');
  });

  it('serves OpenAPI v3 with fieldValidation on PATCH operations and a minimal v2', async () => {
    const index = (await raw(sim.server, 'GET', '/openapi/v3')).json();
    const url = index.paths['apis/apps/v1'].serverRelativeURL;
    const doc = (await raw(sim.server, 'GET', url)).json();
    const item = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
    expect(item.patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment'
    });
    expect(item.patch.parameters.map((p: any) => p.name)).toContain('fieldValidation');
    const v2 = await raw(sim.server, 'GET', '/openapi/v2', {
      headers: { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' }
    });
    expect(v2.status).toBe(200);
    expect(v2.text.startsWith('\n\u00032.0')).toBe(true);
  });
});

describe('API server: what a minor version serves', () => {
  it('serves no resource.k8s.io on 1.33 by default, the betas when enabled', async () => {
    const plain = await startSim({ minor: 33 });
    try {
      const groups = (await raw(plain.server, 'GET', '/apis')).json().groups.map((g: any) => g.name);
      expect(groups).not.toContain('resource.k8s.io');
      expect((await plain.kc.makeApiClient(k8s.VersionApi).getCode()).gitVersion).toBe('v1.33.0');
    } finally {
      await plain.close();
    }
    const beta = await startSim({ minor: 33, builtin: { dra: 'beta' } });
    try {
      const g = (await raw(beta.server, 'GET', '/apis/resource.k8s.io')).json();
      expect(g.versions.map((v: any) => v.version)).toEqual(['v1beta2', 'v1beta1']);
      expect((await raw(beta.server, 'GET', '/apis/resource.k8s.io/v1/deviceclasses')).status).toBe(404);
    } finally {
      await beta.close();
    }
  });

  it('reports the version a scenario sets', async () => {
    const ack = await startSim({ minor: 34, version: { gitVersion: 'v1.34.1-aliyun.1' } });
    try {
      const v = await ack.kc.makeApiClient(k8s.VersionApi).getCode();
      expect(v).toMatchObject({ major: '1', minor: '34', gitVersion: 'v1.34.1-aliyun.1' });
    } finally {
      await ack.close();
    }
  });
});
