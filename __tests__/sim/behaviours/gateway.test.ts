import { afterAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { envoyResourceName } from '../../../src/sim/controllers/gateway.js';
import { boot, netexecApp, ns, type Booted } from './ai-helpers.js';

const GW = 'gateway.networking.k8s.io/v1';
const NS = 'gw-test';

const gateway = (listener: Record<string, unknown> = { hostname: '*.example.com' }) => ({
  apiVersion: GW,
  kind: 'Gateway',
  metadata: { name: 'gateway', namespace: NS },
  spec: { gatewayClassName: 'eg', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } }, ...listener }] }
});

const weightedRoute = {
  apiVersion: GW,
  kind: 'HTTPRoute',
  metadata: { name: 'weighted', namespace: NS },
  spec: {
    parentRefs: [{ name: 'gateway' }],
    hostnames: ['weighted.example.com'],
    rules: [{ backendRefs: [{ name: 'app1', port: 80, weight: 80 }, { name: 'app2', port: 80, weight: 20 }] }]
  }
};

const headerRoute = {
  apiVersion: GW,
  kind: 'HTTPRoute',
  metadata: { name: 'header', namespace: NS },
  spec: {
    parentRefs: [{ name: 'gateway' }],
    hostnames: ['header.example.com'],
    rules: [
      { matches: [{ headers: [{ name: 'X-Model-Version', value: 'v1' }] }], backendRefs: [{ name: 'app1', port: 80 }] },
      { matches: [{ headers: [{ name: 'X-Model-Version', value: 'v2' }] }], backendRefs: [{ name: 'app2', port: 80 }] }
    ]
  }
};

const running: Booted[] = [];
afterAll(async () => {
  for (const b of running) await b.stop();
});

async function withGateway(breaks: string[] = []): Promise<{ b: Booted; address: string }> {
  const b = await boot('kind-1.34', ['envoy-gateway'], breaks);
  running.push(b);
  await b.apply(ns(NS), ...netexecApp(NS, 'app1'), ...netexecApp(NS, 'app2'), gateway(), weightedRoute, headerRoute);
  await b.run(20_000);
  const gw = b.sim.store.get('gateway.networking.k8s.io', 'gateways', NS, 'gateway')!;
  return { b, address: gw.status?.addresses?.[0]?.value };
}

/** Which app answered each of n requests for /hostname. */
function split(b: Booted, address: string, n: number, headers: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const r = b.fetch('default', `http://${address}/hostname`, { headers });
    const key = 'error' in r ? r.error : r.status === 200 ? r.body.replace(/-[a-z0-9]+-[a-z0-9]+$/, '') : String(r.status);
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describe('gateway data plane (Envoy Gateway)', () => {
  it('programs the Gateway with its envoy Deployment and LoadBalancer Service, and accepts the routes', async () => {
    const { b, address } = await withGateway();
    const store = b.sim.store;
    const name = envoyResourceName(NS, 'gateway');
    expect(name).toMatch(/^envoy-gw-test-gateway-[0-9a-f]{8}$/);
    const svc = store.get('', 'services', 'envoy-gateway-system', name)!;
    expect(svc.metadata.labels).toMatchObject({ 'gateway.envoyproxy.io/owning-gateway-name': 'gateway', 'gateway.envoyproxy.io/owning-gateway-namespace': NS });
    expect(svc.spec).toMatchObject({ type: 'LoadBalancer', ports: [{ name: 'http-80', port: 80, targetPort: 10080, protocol: 'TCP' }] });
    expect(address).toBe(svc.status.loadBalancer.ingress[0].ip);
    const gw = store.get('gateway.networking.k8s.io', 'gateways', NS, 'gateway')!;
    expect(gw.status.conditions.map((c: any) => `${c.type}=${c.status} ${c.reason}`)).toEqual(['Accepted=True Accepted', 'Programmed=True Programmed']);
    expect(gw.status.listeners[0]).toMatchObject({ name: 'http', attachedRoutes: 2 });
    const route = store.get('gateway.networking.k8s.io', 'httproutes', NS, 'weighted')!;
    expect(route.status.parents).toEqual([
      expect.objectContaining({
        controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
        parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gateway' },
        conditions: [
          expect.objectContaining({ type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Route is accepted' }),
          expect.objectContaining({ type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'Resolved all the Object references for the Route' })
        ]
      })
    ]);
  });

  it('splits by weight, routes by exact header match, answers 404 without a match', async () => {
    const { b, address } = await withGateway();
    const weighted = split(b, address, 400, { Host: 'weighted.example.com' });
    expect(Object.keys(weighted).sort()).toEqual(['app1', 'app2']);
    expect(weighted.app1 / 400).toBeGreaterThan(0.74);
    expect(weighted.app1 / 400).toBeLessThan(0.86);
    expect(split(b, address, 20, { Host: 'header.example.com', 'X-Model-Version': 'v1' })).toEqual({ app1: 20 });
    expect(split(b, address, 20, { Host: 'header.example.com', 'X-Model-Version': 'v2' })).toEqual({ app2: 20 });
    expect(split(b, address, 5, { Host: 'header.example.com' })).toEqual({ '404': 5 });
    expect(split(b, address, 5, { Host: 'other.example.org' })).toEqual({ '404': 5 });
    // The Service's DNS name reaches the same data plane.
    const dns = b.fetch('default', `http://${envoyResourceName(NS, 'gateway')}.envoy-gateway-system.svc.cluster.local/hostname`, { headers: { Host: 'header.example.com', 'x-model-version': 'v2' } });
    expect(dns).toMatchObject({ status: 200, body: expect.stringMatching(/^app2-/) });
  });

  it('serves an in-cluster curl client whose log shows which backend answered', async () => {
    const { b, address } = await withGateway();
    const script = `for i in $(seq 1 100); do curl -s -H "Host: weighted.example.com" http://${address}/hostname; echo; done`;
    await b.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'client', namespace: NS },
      spec: { restartPolicy: 'Never', containers: [{ name: 'curl', image: 'curlimages/curl:8.14.1', command: ['sh', '-c', script] }] }
    });
    await b.run(10_000);
    expect(b.sim.store.get('', 'pods', NS, 'client')!.status.phase).toBe('Succeeded');
    const lines = (await b.logs(NS, 'client')).trim().split('\n');
    expect(lines).toHaveLength(100);
    const app1 = lines.filter(l => l.startsWith('app1-')).length;
    expect(lines.every(l => /^app[12]-/.test(l))).toBe(true);
    expect(app1).toBeGreaterThan(70);
    expect(app1).toBeLessThan(90);
  });

  it('gateway-ignores-weights splits uniformly', async () => {
    const { b, address } = await withGateway(['gateway-ignores-weights']);
    const weighted = split(b, address, 400, { Host: 'weighted.example.com' });
    expect(weighted.app1 / 400).toBeGreaterThan(0.42);
    expect(weighted.app1 / 400).toBeLessThan(0.58);
  });

  it('gateway-ignores-header-match sends every request to the first rule', async () => {
    const { b, address } = await withGateway(['gateway-ignores-header-match']);
    expect(split(b, address, 10, { Host: 'header.example.com', 'X-Model-Version': 'v2' })).toEqual({ app1: 10 });
    expect(split(b, address, 10, { Host: 'header.example.com' })).toEqual({ app1: 10 });
  });

  it('reports unresolved backends and routes not allowed by the listeners; removes the envoy infrastructure with the Gateway', async () => {
    const { b } = await withGateway();
    await b.apply(
      ns('other'),
      { apiVersion: GW, kind: 'HTTPRoute', metadata: { name: 'broken', namespace: NS }, spec: { parentRefs: [{ name: 'gateway' }], rules: [{ backendRefs: [{ name: 'nope', port: 80 }] }] } },
      {
        apiVersion: GW,
        kind: 'HTTPRoute',
        metadata: { name: 'elsewhere', namespace: NS },
        spec: { parentRefs: [{ name: 'gateway' }], hostnames: ['x.example.org'], rules: [{ backendRefs: [{ name: 'app1', port: 80 }] }] }
      }
    );
    await b.run(2000);
    const cond = (name: string) => b.sim.store.get('gateway.networking.k8s.io', 'httproutes', NS, name)!.status.parents[0].conditions.map((c: any) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);
    expect(cond('broken')).toEqual([
      'Accepted=True Accepted: Route is accepted',
      `ResolvedRefs=False BackendNotFound: Failed to process route rule 0 backendRef 0: service ${NS}/nope not found.`
    ]);
    expect(cond('elsewhere')[0]).toBe(
      "Accepted=False NoMatchingListenerHostname: There were no hostname intersections between the HTTPRoute and this parent ref's Listener(s)."
    );
    await b.objects.delete({ apiVersion: GW, kind: 'Gateway', metadata: { name: 'gateway', namespace: NS } } as k8s.KubernetesObject);
    await b.run(5000);
    expect(b.sim.store.get('', 'services', 'envoy-gateway-system', envoyResourceName(NS, 'gateway'))).toBeUndefined();
    expect(b.sim.store.get('apps', 'deployments', 'envoy-gateway-system', envoyResourceName(NS, 'gateway'))).toBeUndefined();
  });

  it('leaves Gateways of a class that is not Accepted alone', async () => {
    const b = await boot('kind-1.34', ['envoy-gateway'], ['gatewayclass-not-accepted']);
    running.push(b);
    await b.apply(ns(NS), gateway());
    await b.run(10_000);
    expect(b.sim.store.get('gateway.networking.k8s.io', 'gateways', NS, 'gateway')!.status?.conditions).toBeUndefined();
    expect(b.sim.store.list('', 'services', 'envoy-gateway-system').map(s => s.metadata.name)).toEqual(['envoy-gateway']);
  });
});

describe('gateway end to end through the API server', () => {
  it('routes requests sent through the service proxy to the gateway Service by header and weight', async () => {
    const b = await boot('kind-1.34', ['envoy-gateway']);
    running.push(b);
    await b.apply(ns(NS), ...netexecApp(NS, 'app1'), ...netexecApp(NS, 'app2'), gateway({}), {
      apiVersion: GW,
      kind: 'HTTPRoute',
      metadata: { name: 'by-model', namespace: NS },
      spec: {
        parentRefs: [{ name: 'gateway' }],
        rules: [
          { matches: [{ headers: [{ name: 'X-Model-Version', value: 'v2' }] }], backendRefs: [{ name: 'app2', port: 80 }] },
          { backendRefs: [{ name: 'app1', port: 80, weight: 80 }, { name: 'app2', port: 80, weight: 20 }] }
        ]
      }
    });
    await b.run(20_000);
    const svc = (await b.core.listNamespacedService({ namespace: 'envoy-gateway-system', labelSelector: `gateway.envoyproxy.io/owning-gateway-name=gateway,gateway.envoyproxy.io/owning-gateway-namespace=${NS}` })).items;
    expect(svc).toHaveLength(1);
    const get = (headers?: Record<string, string>) =>
      b.core.connectGetNamespacedServiceProxyWithPath(
        { namespace: 'envoy-gateway-system', name: `${svc[0].metadata!.name}:80`, path: 'hostname' },
        headers ? k8s.setHeaderOptions('X-Model-Version', headers['X-Model-Version']) : undefined
      );
    const v2 = await Promise.all(Array.from({ length: 10 }, () => get({ 'X-Model-Version': 'v2' })));
    expect(v2.every(h => String(h).startsWith('app2-'))).toBe(true);
    const plain: string[] = [];
    for (let i = 0; i < 100; i++) plain.push(String(await get()));
    const app1 = plain.filter(h => h.startsWith('app1-')).length;
    expect(app1).toBeGreaterThan(68);
    expect(app1).toBeLessThan(92);
  });
});

describe('InferencePool behind the gateway (inference extension)', () => {
  const INF = 'inference.networking.k8s.io/v1';
  const setup = async (breaks: string[] = [], withEpp = true) => {
    const b = await boot('kind-1.34', ['envoy-gateway', 'inference-extension'], breaks);
    running.push(b);
    const labels = { app: 'model' };
    await b.apply(
      ns(NS),
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'model', namespace: NS },
        spec: {
          replicas: 3,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: 'sim', image: 'registry.k8s.io/e2e-test-images/agnhost:2.39', args: ['netexec', '--http-port=8000'] }] } }
        }
      },
      ...(withEpp
        ? [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              metadata: { name: 'model-epp', namespace: NS },
              spec: {
                selector: { matchLabels: { app: 'model-epp' } },
                template: { metadata: { labels: { app: 'model-epp' } }, spec: { containers: [{ name: 'epp', image: 'registry.k8s.io/gateway-api-inference-extension/epp:v1.0.0', args: ['--pool-name', 'model'] }] } }
              }
            },
            { apiVersion: 'v1', kind: 'Service', metadata: { name: 'model-epp', namespace: NS }, spec: { selector: { app: 'model-epp' }, ports: [{ name: 'grpc-ext-proc', port: 9002 }] } }
          ]
        : []),
      { apiVersion: INF, kind: 'InferencePool', metadata: { name: 'model', namespace: NS }, spec: { selector: { matchLabels: labels }, targetPorts: [{ number: 8000 }], endpointPickerRef: { name: 'model-epp', port: { number: 9002 } } } },
      gateway({}),
      {
        apiVersion: GW,
        kind: 'HTTPRoute',
        metadata: { name: 'llm', namespace: NS },
        spec: { parentRefs: [{ name: 'gateway' }], rules: [{ backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'model' }] }] }
      }
    );
    await b.run(20_000);
    const address = b.sim.store.get('gateway.networking.k8s.io', 'gateways', NS, 'gateway')!.status.addresses[0].value;
    return { b, address };
  };

  it('accepts the pool per parent Gateway and spreads requests over its pods through the endpoint picker', async () => {
    const { b, address } = await setup();
    const pool = b.sim.store.get('inference.networking.k8s.io', 'inferencepools', NS, 'model')!;
    expect(pool.status.parents).toEqual([
      {
        parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gateway', namespace: NS },
        conditions: [expect.objectContaining({ type: 'Accepted', status: 'True', reason: 'Accepted' }), expect.objectContaining({ type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs' })]
      }
    ]);
    const pods = b.sim.store.list('', 'pods', NS).filter(p => p.metadata.labels?.app === 'model');
    const seen: Record<string, number> = {};
    for (let i = 0; i < 30; i++) {
      const r = b.fetch('default', `http://${address}/hostname`);
      if (!('error' in r)) seen[r.body] = (seen[r.body] ?? 0) + 1;
    }
    expect(Object.keys(seen).sort()).toEqual(pods.map(p => p.metadata.name).sort());
    expect(Object.values(seen)).toEqual([10, 10, 10]);
    const pinned = pods[1];
    const r = b.fetch('default', `http://${address}/hostname`, { headers: { 'test-epp-endpoint-selection': pinned.status.podIP } });
    expect(r).toEqual({ status: 200, body: pinned.metadata.name });
  });

  it('routes an OpenAI request by the model in its body (X-Gateway-Model-Name) to a model server pool', async () => {
    const b = await boot('kind-1.34', ['envoy-gateway', 'inference-extension']);
    running.push(b);
    const labels = { app: 'llama' };
    await b.apply(
      ns(NS),
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'llama', namespace: NS },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: 'vllm', image: 'ghcr.io/llm-d/llm-d-inference-sim:v0.3.0', args: ['--model', 'llama-3', '--port', '8000'] }] } }
        }
      },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'llama-epp', namespace: NS }, spec: { selector: { matchLabels: { app: 'llama-epp' } }, template: { metadata: { labels: { app: 'llama-epp' } }, spec: { containers: [{ name: 'epp', image: 'registry.k8s.io/gateway-api-inference-extension/epp:v1.0.0' }] } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'llama-epp', namespace: NS }, spec: { selector: { app: 'llama-epp' }, ports: [{ port: 9002 }] } },
      { apiVersion: INF, kind: 'InferencePool', metadata: { name: 'llama', namespace: NS }, spec: { selector: { matchLabels: labels }, targetPorts: [{ number: 8000 }], endpointPickerRef: { name: 'llama-epp' } } },
      gateway({}),
      {
        apiVersion: GW,
        kind: 'HTTPRoute',
        metadata: { name: 'by-model', namespace: NS },
        spec: {
          parentRefs: [{ name: 'gateway' }],
          rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/v1' }, headers: [{ name: 'X-Gateway-Model-Name', value: 'llama-3' }] }], backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llama' }] }]
        }
      }
    );
    await b.run(20_000);
    const address = b.sim.store.get('gateway.networking.k8s.io', 'gateways', NS, 'gateway')!.status.addresses[0].value;
    const ask = (model: string) =>
      b.fetch('default', `http://${address}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }) });
    const ok = ask('llama-3');
    expect(ok).toMatchObject({ status: 200 });
    expect(JSON.parse((ok as any).body)).toMatchObject({ object: 'chat.completion', model: 'llama-3' });
    expect(ask('mistral')).toMatchObject({ status: 404 });
  });

  it('inferencepool-not-accepted: the parent does not support pools, requests to them fail', async () => {
    const { b, address } = await setup(['inferencepool-not-accepted']);
    const pool = b.sim.store.get('inference.networking.k8s.io', 'inferencepools', NS, 'model')!;
    expect(pool.status.parents[0].conditions[0]).toMatchObject({ type: 'Accepted', status: 'False', reason: 'NotSupportedByParent' });
    expect(b.fetch('default', `http://${address}/hostname`)).toMatchObject({ status: 500 });
  });

  it('without its endpoint picker the pool does not resolve and fails closed', async () => {
    const { b, address } = await setup([], false);
    const pool = b.sim.store.get('inference.networking.k8s.io', 'inferencepools', NS, 'model')!;
    expect(pool.status.parents[0].conditions[1]).toMatchObject({ type: 'ResolvedRefs', status: 'False', reason: 'InvalidExtensionRef' });
    expect(b.fetch('default', `http://${address}/hostname`)).toMatchObject({ status: 500 });
  });
});
