import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { expectStatus, pod, raw, startSim, type Sim } from './harness.js';

describe('API server: scenario RBAC', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim({
      user: 'system:serviceaccount:ai-conformance:checker',
      rbac: [
        { verbs: ['get'], resources: ['pods/log'], apiGroups: [''], effect: 'deny' },
        {
          verbs: ['get', 'create'],
          resources: ['services/proxy'],
          apiGroups: [''],
          namespaces: ['monitoring'],
          effect: 'deny'
        },
        { verbs: ['list'], resources: ['nodes'], apiGroups: [''], effect: 'deny' },
        { verbs: ['*'], resources: ['*'], apiGroups: ['custom.metrics.k8s.io'], effect: 'deny' }
      ],
      namespaces: ['default', 'monitoring']
    });
    sim.store.create({ ...pod('p'), metadata: { name: 'p', namespace: 'default' } } as any);
  });
  afterAll(() => sim.close());

  it('denies matching requests with the RBAC authorizer wording', async () => {
    await expectStatus(
      sim.core.readNamespacedPodLog({ name: 'p', namespace: 'default' }),
      403,
      'Forbidden',
      'pods "p" is forbidden: User "system:serviceaccount:ai-conformance:checker" cannot get resource "pods/log" in API group "" in the namespace "default"'
    );
    await expectStatus(
      sim.core.listNode(),
      403,
      'Forbidden',
      'nodes is forbidden: User "system:serviceaccount:ai-conformance:checker" cannot list resource "nodes" in API group "" at the cluster scope'
    );
    const r = await raw(
      sim.server,
      'GET',
      '/api/v1/namespaces/monitoring/services/prometheus:9090/proxy/api/v1/query'
    );
    expect(r.status).toBe(403);
    expect(r.json().message).toBe(
      'services "prometheus:9090" is forbidden: User "system:serviceaccount:ai-conformance:checker" cannot get resource "services/proxy" in API group "" in the namespace "monitoring"'
    );
    const metrics = await raw(
      sim.server,
      'GET',
      '/apis/custom.metrics.k8s.io/v1beta1/namespaces/default/pods/*/requests'
    );
    expect(metrics.status).toBe(403);
  });

  it('allows what no rule denies', async () => {
    expect((await sim.core.readNamespacedPod({ name: 'p', namespace: 'default' })).metadata!.name).toBe('p');
    expect((await sim.core.readNode({ name: 'nothere' }).catch(e => e)).code).toBe(404);
  });

  it('answers SelfSubjectAccessReview and SelfSubjectRulesReview from the rules', async () => {
    const authz = sim.kc.makeApiClient(k8s.AuthorizationV1Api);
    const ask = (resourceAttributes: k8s.V1ResourceAttributes) =>
      authz
        .createSelfSubjectAccessReview({ body: { spec: { resourceAttributes } } })
        .then(r => r.status!.allowed);
    expect(await ask({ verb: 'get', resource: 'pods', subresource: 'log', namespace: 'default' })).toBe(
      false
    );
    expect(await ask({ verb: 'get', resource: 'pods', namespace: 'default' })).toBe(true);
    expect(
      await ask({ verb: 'get', resource: 'services', subresource: 'proxy', namespace: 'monitoring' })
    ).toBe(false);
    expect(await ask({ verb: 'get', resource: 'services', subresource: 'proxy', namespace: 'default' })).toBe(
      true
    );
    const rules = await authz.createSelfSubjectRulesReview({ body: { spec: { namespace: 'monitoring' } } });
    const proxyRule = rules.status!.resourceRules.find(r => r.resources!.includes('services/proxy'));
    expect(proxyRule!.verbs).toEqual(['list', 'watch', 'update', 'patch', 'delete', 'deletecollection']);
  });

  it('tells who the user is (SelfSubjectReview)', async () => {
    const who = await sim.kc.makeApiClient(k8s.AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(who.status!.userInfo!.username).toBe('system:serviceaccount:ai-conformance:checker');
  });

  it('changes rules at run time', async () => {
    sim.server.setRbac([]);
    expect(
      await sim.core.readNamespacedPodLog({ name: 'p', namespace: 'default' }).catch(e => e.code)
    ).not.toBe(403);
    sim.server.setRbac([{ verbs: ['get'], resources: ['pods'], effect: 'deny', resourceNames: ['p'] }]);
    await expectStatus(sim.core.readNamespacedPod({ name: 'p', namespace: 'default' }), 403, 'Forbidden');
    expect(() => sim.server.setRbac([{ verbs: 'get', resources: ['pods'] } as any])).toThrow(
      'rbac[0].verbs: expected a list of strings'
    );
  });
});
