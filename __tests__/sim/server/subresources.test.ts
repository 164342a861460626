import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import type { ProxyRequest, ProxyTarget, SimHooks } from '../../../src/sim/contracts.js';
import { expectStatus, pod, raw, startSim, type Sim } from './harness.js';

describe('API server: pods/log, services/proxy, pods/proxy, scale, binding, eviction', () => {
  let sim: Sim;
  const proxied: Array<{ target: ProxyTarget; req: ProxyRequest }> = [];
  const logs: Array<[string, string, string | undefined, { tailLines?: number; previous?: boolean }]> = [];
  const hooks: SimHooks = {
    podLog(namespace, name, container, opts) {
      logs.push([namespace, name, container, opts]);
      if (name === 'started') return 'line 1\nline 2\nline 3\n';
      return undefined;
    },
    proxy(target, req) {
      proxied.push({ target, req });
      if (target.name === 'prometheus')
        return {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ status: 'success', data: { result: [] } })
        };
      if (target.kind === 'pod' && target.name === 'dcgm')
        return { status: 200, body: 'DCGM_FI_DEV_GPU_UTIL{gpu="0"} 42\n' };
      return undefined;
    }
  };
  const namespace = 'default';

  beforeAll(async () => {
    sim = await startSim({ hooks });
    const { store } = sim;
    store.create({ ...pod('started'), metadata: { name: 'started', namespace } } as any);
    store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'two', namespace },
      spec: {
        initContainers: [{ name: 'init', image: 'i' }],
        containers: [
          { name: 'a', image: 'i' },
          { name: 'b', image: 'i' }
        ]
      },
      status: {
        phase: 'Pending',
        containerStatuses: [{ name: 'a', state: { waiting: { reason: 'ContainerCreating' } } }]
      }
    });
    store.create({ ...pod('dcgm'), metadata: { name: 'dcgm', namespace } } as any);
    store.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'prometheus', namespace },
      spec: { ports: [{ name: 'http-web', port: 9090 }] }
    });
    store.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'idle', namespace },
      spec: { ports: [{ port: 80 }] }
    });
  });
  afterAll(() => sim.close());

  it('reads pod logs through hooks.podLog, honouring container and tailLines', async () => {
    expect(await sim.core.readNamespacedPodLog({ name: 'started', namespace })).toBe(
      'line 1\nline 2\nline 3\n'
    );
    expect(
      await sim.core.readNamespacedPodLog({ name: 'started', namespace, container: 'main', tailLines: 2 })
    ).toBe('line 2\nline 3\n');
    expect(logs.at(-1)).toEqual([namespace, 'started', 'main', { tailLines: 2, previous: false }]);
  });

  it('answers log errors as the kubelet and apiserver word them', async () => {
    await expectStatus(
      sim.core.readNamespacedPodLog({ name: 'two', namespace }),
      400,
      'BadRequest',
      'a container name must be specified for pod two, choose one of: [a b] or one of the init containers: [init]'
    );
    await expectStatus(
      sim.core.readNamespacedPodLog({ name: 'two', namespace, container: 'a' }),
      400,
      'BadRequest',
      'container "a" in pod "two" is waiting to start: ContainerCreating'
    );
    await expectStatus(
      sim.core.readNamespacedPodLog({ name: 'two', namespace, container: 'zz' }),
      400,
      'BadRequest',
      'container zz is not valid for pod two'
    );
    await expectStatus(
      sim.core.readNamespacedPodLog({ name: 'two', namespace, container: 'a', previous: true }),
      400,
      'BadRequest',
      'previous terminated container "a" in pod "two" not found'
    );
    await expectStatus(
      sim.core.readNamespacedPodLog({ name: 'ghost', namespace }),
      404,
      'NotFound',
      'pods "ghost" not found'
    );
  });

  it('routes services/proxy with scheme and port to hooks.proxy', async () => {
    const r = await raw(
      sim.server,
      'GET',
      `/api/v1/namespaces/${namespace}/services/https:prometheus:http-web/proxy/api/v1/query?query=up`
    );
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ status: 'success', data: { result: [] } });
    const { target, req } = proxied.at(-1)!;
    expect(target).toEqual({
      kind: 'service',
      namespace,
      name: 'prometheus',
      port: 'http-web',
      scheme: 'https'
    });
    expect(req.path).toBe('/api/v1/query');
    expect(req.query.get('query')).toBe('up');
    expect(req.headers.authorization).toBeUndefined();
    const viaClient = await sim.core.connectGetNamespacedServiceProxyWithPath({
      name: 'prometheus:9090',
      namespace,
      path: 'api/v1/status/buildinfo'
    });
    expect(typeof viaClient === 'string' ? JSON.parse(viaClient) : viaClient).toEqual({
      status: 'success',
      data: { result: [] }
    });
    expect(proxied.at(-1)!.target).toMatchObject({ name: 'prometheus', port: '9090' });
  });

  it('routes pods/proxy and answers 503/404 when nothing answers or nothing exists', async () => {
    const r = await raw(sim.server, 'GET', `/api/v1/namespaces/${namespace}/pods/dcgm:9400/proxy/metrics`);
    expect(r.text).toBe('DCGM_FI_DEV_GPU_UTIL{gpu="0"} 42\n');
    expect(proxied.at(-1)!.target).toEqual({ kind: 'pod', namespace, name: 'dcgm', port: '9400' });
    await expectStatus(
      sim.core.connectGetNamespacedServiceProxy({ name: 'idle', namespace }),
      503,
      'ServiceUnavailable',
      'no endpoints available for service "idle"'
    );
    await expectStatus(
      sim.core.connectGetNamespacedServiceProxy({ name: 'absent', namespace }),
      404,
      'NotFound',
      'services "absent" not found'
    );
  });

  it('reads and writes the scale subresource of a deployment', async () => {
    await sim.apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'nginx:1' }] }
          }
        }
      }
    });
    const s = await sim.apps.readNamespacedDeploymentScale({ name: 'web', namespace });
    expect(s).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 2 },
      status: { replicas: 0, selector: 'app=web' }
    });
    const replaced = await sim.apps.replaceNamespacedDeploymentScale({
      name: 'web',
      namespace,
      body: { ...s, spec: { replicas: 5 } }
    });
    expect(replaced.spec!.replicas).toBe(5);
    await sim.apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace, body: { spec: { replicas: 1 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch)
    );
    expect((await sim.apps.readNamespacedDeployment({ name: 'web', namespace })).spec!.replicas).toBe(1);
    await expectStatus(
      sim.apps.replaceNamespacedDeploymentScale({ name: 'web', namespace, body: s }),
      409,
      'Conflict'
    );
  });

  it('binds a pod to a node once', async () => {
    await sim.core.createNamespacedPod({ namespace, body: pod('bindme') });
    await sim.core.createNamespacedPodBinding({
      name: 'bindme',
      namespace,
      body: { metadata: { name: 'bindme' }, target: { kind: 'Node', name: 'node-1' } }
    });
    const p = await sim.core.readNamespacedPod({ name: 'bindme', namespace });
    expect(p.spec!.nodeName).toBe('node-1');
    expect(p.status!.conditions).toEqual([expect.objectContaining({ type: 'PodScheduled', status: 'True' })]);
    await expectStatus(
      sim.core.createNamespacedPodBinding({
        name: 'bindme',
        namespace,
        body: { metadata: { name: 'bindme' }, target: { kind: 'Node', name: 'node-2' } }
      }),
      409,
      'Conflict',
      'Operation cannot be fulfilled on pods/binding "bindme": pod bindme is already assigned to node "node-1"'
    );
  });

  it('evicts a pod unless its PodDisruptionBudget allows no disruption', async () => {
    for (const name of ['ev-1', 'ev-2']) {
      sim.store.create({
        ...pod(name, { metadata: { labels: { app: 'ev' } } }),
        metadata: { name, namespace, labels: { app: 'ev' } },
        status: { phase: 'Running' }
      } as any);
    }
    sim.store.create({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'ev-pdb', namespace },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'ev' } } },
      status: { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 }
    });
    const evict = (name: string) =>
      sim.core.createNamespacedPodEviction({
        name,
        namespace,
        body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } }
      });
    await evict('ev-1');
    await expectStatus(sim.core.readNamespacedPod({ name: 'ev-1', namespace }), 404, 'NotFound');
    const body = await expectStatus(
      evict('ev-2'),
      429,
      'TooManyRequests',
      "Cannot evict pod as it would violate the pod's disruption budget."
    );
    expect(body.details.causes[0]).toEqual({
      reason: 'DisruptionBudget',
      message: 'The disruption budget ev-pdb needs 1 healthy pods and has 2 currently'
    });
  });
});
