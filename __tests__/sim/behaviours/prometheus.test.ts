import { afterAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { parseExposition, PrometheusScraper, scraperFor } from '../../../src/sim/handlers/scraper.js';
import { boot, ns, type Booted } from './ai-helpers.js';
import { makeCluster } from './helpers.js';

const NS = 'svc-metrics';
const RUN = 'run42abc';

/** The metrics stub as the kubernetes-sigs/ai-conformance AI service metrics test deploys it (script abridged). */
const STUB_SCRIPT = `
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
RUN = os.environ["RUN_ID"]
# serves ai_conformance_inference_requests_total{conformance_run=RUN} on /metrics, counts /v1/infer
ThreadingHTTPServer(("", int(os.environ["PORT"])), BaseHTTPRequestHandler).serve_forever()
`;

const stub = (name = 'ai-metrics-stub') => [
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, labels: { 'app.kubernetes.io/name': name } },
    spec: {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'server',
          image: 'python:3.13-alpine',
          command: ['python3', '-u', '-c', STUB_SCRIPT],
          env: [
            { name: 'RUN_ID', value: RUN },
            { name: 'PORT', value: '8080' }
          ],
          ports: [{ name: 'http', containerPort: 8080 }]
        }
      ]
    }
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS, labels: { 'app.kubernetes.io/name': name } },
    spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] }
  }
];

const serviceMonitor = (labels: Record<string, string> = { release: 'kube-prometheus-stack' }, name = 'ai-metrics-stub') => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name, namespace: NS, labels },
  spec: {
    selector: { matchLabels: { 'app.kubernetes.io/name': 'ai-metrics-stub' } },
    namespaceSelector: { matchNames: [NS] },
    endpoints: [{ port: 'http', path: '/metrics', interval: '15s' }]
  }
});

const running: Booted[] = [];
afterAll(async () => {
  for (const b of running) await b.stop();
});

async function start(breaks: string[] = []): Promise<Booted> {
  const b = await boot('kind-1.34', ['prometheus-operator'], breaks);
  running.push(b);
  return b;
}

/** An instant query to the Prometheus server from inside the cluster (the single value, or undefined). */
function query(b: Booted, q: string): number | undefined {
  const r = b.fetch('default', `http://prometheus-operated.monitoring:9090/api/v1/query?query=${encodeURIComponent(q)}`);
  if ('error' in r) throw new Error(r.error);
  const body = JSON.parse(r.body);
  expect(body.status).toBe('success');
  return body.data.result.length ? Number(body.data.result[0].value[1]) : undefined;
}

function targets(b: Booted): any[] {
  const r = b.fetch('default', 'http://prometheus-operated.monitoring:9090/api/v1/targets?state=active');
  if ('error' in r) throw new Error(r.error);
  return JSON.parse(r.body).data.activeTargets.filter((t: any) => t.labels.namespace === NS);
}

function infer(b: Booted, n: number): void {
  for (let i = 0; i < n; i++) expect(b.fetch(NS, 'http://ai-metrics-stub:8080/v1/infer')).toEqual({ status: 200, body: '{"output":"ok"}' });
}

describe('Prometheus discovering ServiceMonitor/PodMonitor targets', () => {
  it('scrapes a ServiceMonitor target within seconds and returns the exact count', async () => {
    const b = await start();
    await b.apply(ns(NS), ...stub(), serviceMonitor());
    await b.run(3000);
    infer(b, 10);
    // /healthz is not counted, as the stub's own script does not count it.
    expect(b.fetch(NS, 'http://ai-metrics-stub:8080/healthz')).toEqual({ status: 200, body: 'ok' });
    await b.run(6000);
    expect(query(b, `max(ai_conformance_inference_requests_total{conformance_run="${RUN}"})`)).toBe(10);
    expect(query(b, `max(ai_conformance_inference_request_duration_seconds_count{conformance_run="${RUN}"})`)).toBe(10);
    expect(query(b, `max(ai_conformance_inference_queue_depth{conformance_run="${RUN}"})`)).toBe(0);
    const [t] = targets(b);
    const pod = b.sim.store.get('', 'pods', NS, 'ai-metrics-stub')!;
    expect(t).toMatchObject({
      scrapePool: `serviceMonitor/${NS}/ai-metrics-stub/0`,
      health: 'up',
      scrapeInterval: '15s',
      labels: { job: 'ai-metrics-stub', namespace: NS, pod: 'ai-metrics-stub', service: 'ai-metrics-stub', container: 'server', endpoint: 'http', instance: `${pod.status.podIP}:8080` }
    });
    const series = b.fetch('default', `http://prometheus-operated.monitoring:9090/api/v1/query?query=ai_conformance_inference_requests_total`);
    expect(JSON.parse((series as any).body).data.result[0].metric).toMatchObject({ __name__: 'ai_conformance_inference_requests_total', conformance_run: RUN, job: 'ai-metrics-stub', service: 'ai-metrics-stub' });
  });

  it('follows the Prometheus selectors: unlabelled monitors are ignored, PodMonitors get job <ns>/<name>, a nil namespace selector means its own namespace', async () => {
    const b = await start();
    await b.apply(ns(NS), ...stub(), serviceMonitor({}, 'unselected'), {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'stub-pods', namespace: NS, labels: { release: 'kube-prometheus-stack' } },
      spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'ai-metrics-stub' } }, podMetricsEndpoints: [{ port: 'http' }] }
    });
    await b.run(8000);
    expect(targets(b).map(t => `${t.scrapePool} ${t.labels.job} ${t.health}`)).toEqual([`podMonitor/${NS}/stub-pods/0 ${NS}/stub-pods up`]);
    const prom = b.sim.store.get('monitoring.coreos.com', 'prometheuses', 'monitoring', 'kube-prometheus-stack-prometheus')!;
    b.sim.store.update({ ...prom, spec: { ...prom.spec, podMonitorNamespaceSelector: null } });
    await b.run(6000);
    expect(targets(b)).toEqual([]);
  });

  it('loses the counts when the workload restarts (a new pod starts from zero)', async () => {
    const b = await start();
    await b.apply(ns(NS), ...stub(), serviceMonitor());
    await b.run(3000);
    infer(b, 4);
    await b.run(6000);
    expect(query(b, `max(ai_conformance_inference_requests_total{conformance_run="${RUN}"})`)).toBe(4);
    await b.objects.delete({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ai-metrics-stub', namespace: NS } } as k8s.KubernetesObject);
    await b.run(1000);
    await b.apply(stub()[0]);
    await b.run(8000);
    expect(query(b, `max(ai_conformance_inference_requests_total{conformance_run="${RUN}"})`)).toBe(0);
  });

  it('prometheus-never-scrapes-new-targets: a monitor created after start is never scraped', async () => {
    const b = await start(['prometheus-never-scrapes-new-targets']);
    await b.apply(ns(NS), ...stub(), serviceMonitor());
    await b.run(3000);
    infer(b, 10);
    await b.run(60_000);
    expect(targets(b)).toEqual([]);
    expect(query(b, `max(ai_conformance_inference_requests_total{conformance_run="${RUN}"})`)).toBeUndefined();
    // The workload itself counts: only collection is broken.
    expect(parseExposition((b.fetch(NS, 'http://ai-metrics-stub:8080/metrics') as any).body).find(s => s.name === 'ai_conformance_inference_requests_total')?.value).toBe(10);
  });
});

describe('AI service metrics end to end through the API server', () => {
  it('counts requests sent through the service proxy and answers the query through it', async () => {
    const b = await start();
    await b.apply(ns(NS), ...stub(), serviceMonitor());
    await b.run(3000);
    for (let i = 0; i < 10; i++) {
      const r = await b.core.connectGetNamespacedServiceProxyWithPath({ namespace: NS, name: 'ai-metrics-stub:http', path: 'v1/infer' });
      expect(JSON.parse(String(r))).toEqual({ output: 'ok' });
    }
    await b.run(6000);
    const q = `max(ai_conformance_inference_requests_total{conformance_run="${RUN}"})`;
    const withQuery: k8s.ConfigurationOptions = {
      middleware: [
        {
          pre: ctx => {
            ctx.setQueryParam('query', q);
            return new k8s.Observable(Promise.resolve(ctx));
          },
          post: r => new k8s.Observable(Promise.resolve(r))
        }
      ]
    };
    const answer = await b.core.connectGetNamespacedServiceProxyWithPath({ namespace: 'monitoring', name: 'prometheus-operated:web', path: 'api/v1/query' }, withQuery);
    const body = JSON.parse(String(answer));
    expect(body).toMatchObject({ status: 'success', data: { resultType: 'vector' } });
    expect(body.data.result.map((s: any) => s.value[1])).toEqual(['10']);
  });
});

describe('annotation discovery (the classic kubernetes-pods job, an option of the Prometheus handler)', () => {
  it('scrapes pods annotated prometheus.io/scrape with their port and path', async () => {
    const c = makeCluster();
    c.node('w1');
    c.store.registerType({
      group: 'monitoring.coreos.com',
      versions: ['v1'],
      resource: 'prometheuses',
      kind: 'Prometheus',
      listKind: 'PrometheusList',
      singular: 'prometheus',
      namespaced: true,
      subresources: ['status'],
      verbs: ['get', 'list']
    });
    c.ns('monitoring');
    c.store.create({ apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'k8s', namespace: 'monitoring' }, spec: {} });
    c.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'prometheus-k8s-0', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } }, spec: { containers: [{ name: 'prometheus', image: 'quay.io/prometheus/prometheus:v3.5.0' }] } });
    c.store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stub', namespace: 'default', annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/metrics' } },
      spec: { containers: [{ name: 'server', image: 'python:3.13-alpine', command: ['python3', '-c', STUB_SCRIPT], env: [{ name: 'RUN_ID', value: RUN }] }] }
    });
    const spec = { name: 'arms', type: 'prometheus' as const, namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' }, port: 9090, options: { annotationDiscovery: true, scrapeInterval: 1000 } };
    const stop = new PrometheusScraper(c.ctx, spec, c.ctx.network!).start();
    await c.run(3000);
    const scraper = scraperFor(c.ctx, 'arms')!;
    expect(scraper.activeTargets()).toEqual([expect.objectContaining({ scrapePool: 'kubernetes-pods', health: 'up', labels: expect.objectContaining({ job: 'kubernetes-pods', pod: 'stub' }) })]);
    expect(scraper.samples().find(s => s.name === 'ai_conformance_inference_requests_total')?.labels).toMatchObject({ conformance_run: RUN, pod: 'stub', namespace: 'default' });
    stop();
    c.cluster.stop();
  });
});
