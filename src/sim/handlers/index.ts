/**
 * The simulator's hooks for the API server: services/proxy and pods/proxy reach the handler a
 * scenario put behind a pod's port (DCGM exporter /metrics, Prometheus HTTP API), APIService
 * groups reach the custom-metrics handler, and pods/log reads the kubelet's container logs.
 */
import type { AggregatedTarget, ProxyRequest, ProxyResponse, ProxyTarget, SimHooks } from '../contracts.js';
import type { SimContext } from '../controllers/context.js';
import { isPodReady } from '../controllers/pod-index.js';
import type { Kubelet } from '../pods/kubelet.js';
import type { HandlerSpec } from '../scenarios/types.js';
import { matchesLabels, parseLabelSelector } from '../selectors.js';
import type { KObject } from '../store.js';
import { ResourceConsumers } from './consumer.js';
import { dcgmSamples, exposition, type Sample } from './dcgm.js';
import { scraperFor } from './scraper.js';
import { aiAdmission } from './webhooks.js';
import { evaluate, PromQLError } from './promql.js';

const json = (status: number, body: unknown): ProxyResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body)
});

const statusError = (code: number, reason: string, message: string): ProxyResponse =>
  json(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

function labelsMatch(want: Record<string, string> | undefined, have: Record<string, string> | undefined): boolean {
  return Object.entries(want ?? {}).every(([k, v]) => have?.[k] === v);
}

export function makeHooks(ctx: SimContext, kubelet: Kubelet, handlers: HandlerSpec[]): SimHooks {
  const { store } = ctx;
  // Workloads whose metrics the custom/external metrics adapters report (resource-consumer pods).
  const consumers = new ResourceConsumers(store, ctx.clock);
  ctx.network?.addResolver((pod, port) => (ResourceConsumers.container(pod, port) ? req => consumers.serve(pod, port, req)! : undefined));

  const handlerFor = (pod: KObject, port: number | undefined): HandlerSpec | undefined =>
    handlers.find(
      h =>
        h.type !== 'custom-metrics' &&
        h.namespace === pod.metadata.namespace &&
        labelsMatch(h.podLabels, pod.metadata.labels) &&
        (port === undefined || h.port === undefined || h.port === port)
    );

  const containerPort = (pod: KObject, port: string): number | undefined => {
    if (/^\d+$/.test(port)) return Number(port);
    for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === port) return p.containerPort;
    return undefined;
  };

  /** Every sample the exporters of the cluster serve now (what a Prometheus would have scraped). */
  const scrapeAll = (): { samples: Sample[]; targets: Array<{ pod: KObject; handler: HandlerSpec; up: boolean }> } => {
    const samples: Sample[] = [];
    const targets: Array<{ pod: KObject; handler: HandlerSpec; up: boolean }> = [];
    for (const h of handlers.filter(x => x.type === 'dcgm-exporter' || x.type === 'prometheus')) {
      for (const pod of store.list('', 'pods', h.namespace)) {
        if (!labelsMatch(h.podLabels, pod.metadata.labels) || !pod.spec?.nodeName) continue;
        const up = pod.status?.phase === 'Running' && isPodReady(pod);
        targets.push({ pod, handler: h, up });
        const base = { job: h.name, instance: `${pod.status?.podIP ?? ''}:${h.port ?? ''}`, namespace: pod.metadata.namespace!, pod: pod.metadata.name! };
        samples.push({ name: 'up', labels: base, value: up ? 1 : 0 });
        if (up && h.type === 'dcgm-exporter') {
          const node = pod.spec.nodeName;
          for (const s of dcgmSamples(node, ctx.hardware.gpus(node), kubelet.gpuUsers(node), h.options as never)) {
            // Scraped through a ServiceMonitor without honorLabels: the exporter's pod labels move to exported_*.
            const { pod: p, namespace: n, container, ...rest } = s.labels;
            samples.push({
              name: s.name,
              labels: { ...rest, ...base, ...(p ? { exported_pod: p, exported_namespace: n, exported_container: container } : {}) }
            , value: s.value });
          }
        }
      }
    }
    return { samples, targets };
  };

  const prometheus = (req: ProxyRequest, h: HandlerSpec): ProxyResponse => {
    // Targets the server found through ServiceMonitors/PodMonitors (src/sim/handlers/scraper.ts).
    const scraper = scraperFor(ctx, h.name);
    const now = ctx.clock.now() / 1000;
    const params = new URLSearchParams(req.query);
    if (req.method === 'POST' && req.body.length) for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.set(k, v);
    const path = req.path.replace(/\/+$/, '');
    if (path === '/-/ready' || path === '/-/healthy') return { status: 200, body: 'Prometheus Server is Ready.\n' };
    if (path === '/api/v1/status/buildinfo') {
      return json(200, { status: 'success', data: { version: '3.5.0', revision: 'simulated', branch: 'HEAD', goVersion: 'go1.24.5' } });
    }
    if (path === '/api/v1/query') {
      const q = params.get('query');
      if (!q) return json(400, { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": parameter is required' });
      try {
        const result = evaluate(q, [...scrapeAll().samples, ...(scraper?.samples() ?? [])]);
        const isVector = /^\s*vector\(/.test(q);
        return json(200, {
          status: 'success',
          data: { resultType: 'vector', result: result.map(s => ({ metric: isVector ? {} : s.metric, value: [now, String(s.value)] })) }
        });
      } catch (e) {
        if (e instanceof PromQLError) return json(400, { status: 'error', errorType: 'bad_data', error: `invalid parameter "query": ${e.message}` });
        throw e;
      }
    }
    if (path === '/api/v1/label/__name__/values') {
      return json(200, { status: 'success', data: Array.from(new Set([...scrapeAll().samples, ...(scraper?.samples() ?? [])].map(s => s.name))).sort() });
    }
    if (path === '/api/v1/targets') {
      const state = params.get('state') ?? 'any';
      const active = scrapeAll().targets.map(t => ({
        discoveredLabels: { __address__: `${t.pod.status?.podIP}:${t.handler.port}`, __meta_kubernetes_namespace: t.pod.metadata.namespace, __meta_kubernetes_pod_name: t.pod.metadata.name },
        labels: { instance: `${t.pod.status?.podIP}:${t.handler.port}`, job: t.handler.name, namespace: t.pod.metadata.namespace, pod: t.pod.metadata.name },
        scrapePool: `serviceMonitor/${t.handler.namespace}/${t.handler.name}/0`,
        scrapeUrl: `http://${t.pod.status?.podIP}:${t.handler.port}/metrics`,
        globalUrl: `http://${t.pod.status?.podIP}:${t.handler.port}/metrics`,
        lastError: t.up ? '' : 'connection refused',
        lastScrape: new Date(ctx.clock.now()).toISOString(),
        lastScrapeDuration: 0.012,
        health: t.up ? 'up' : 'down',
        scrapeInterval: '30s',
        scrapeTimeout: '10s'
      }));
      const all = [...active, ...(scraper?.activeTargets() ?? [])];
      return json(200, { status: 'success', data: { activeTargets: state === 'dropped' ? [] : all, droppedTargets: [], droppedTargetCounts: {} } });
    }
    return { status: 404, body: '404 page not found\n' };
  };

  const servePod = (pod: KObject, port: string, req: ProxyRequest): ProxyResponse | undefined => {
    if (pod.status?.phase !== 'Running' || !pod.status?.podIP) return undefined;
    const consumer = consumers.serve(pod, containerPort(pod, port) ?? (port ? undefined : 8080), req);
    if (consumer) return consumer;
    const h = handlerFor(pod, containerPort(pod, port));
    if (!h) return undefined;
    if (h.type === 'dcgm-exporter') {
      if (req.path.replace(/\/+$/, '') !== '/metrics') return { status: 404, body: '404 page not found\n' };
      const node = pod.spec.nodeName;
      return {
        status: 200,
        headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
        body: exposition(dcgmSamples(node, ctx.hardware.gpus(node), kubelet.gpuUsers(node), h.options as never))
      };
    }
    return prometheus(req, h);
  };

  // Exporters and Prometheus answer on their pods' ports in the cluster network too (in-cluster clients, scrapers).
  ctx.network?.addResolver((pod, port) => {
    const h = handlerFor(pod, port);
    return h && h.port !== undefined ? req => servePod(pod, String(port), req) ?? { status: 404, body: '404 page not found\n' } : undefined;
  }, true);

  const proxy = (target: ProxyTarget, req: ProxyRequest): ProxyResponse | undefined => {
    if (ctx.network) return ctx.network.proxy(target, req);
    if (target.kind === 'pod') {
      const pod = store.get('', 'pods', target.namespace, target.name);
      return pod ? servePod(pod, target.port, req) : undefined;
    }
    const svc = store.get('', 'services', target.namespace, target.name);
    if (!svc) return statusError(404, 'NotFound', `services "${target.name}" not found`);
    const sp = (svc.spec?.ports ?? []).find((p: any) => String(p.port) === target.port || p.name === target.port) ?? (target.port ? undefined : svc.spec?.ports?.[0]);
    if (!sp) return statusError(503, 'ServiceUnavailable', `no endpoints available for service "${target.name}"`);
    const pods = store
      .list('', 'pods', target.namespace)
      .filter(p => labelsMatch(svc.spec?.selector, p.metadata.labels) && Object.keys(svc.spec?.selector ?? {}).length && isPodReady(p));
    if (!pods.length) return statusError(503, 'ServiceUnavailable', `no endpoints available for service "${target.name}"`);
    const pod = pods[0];
    const tp = sp.targetPort ?? sp.port;
    return servePod(pod, String(tp), req);
  };

  const aggregated = (target: AggregatedTarget, req: ProxyRequest): ProxyResponse | undefined => {
    const available = (target.apiService.status?.conditions ?? []).some((c: any) => c.type === 'Available' && c.status === 'True');
    if (!available) return statusError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
    const gv = `${target.group}/${target.version}`;
    const base = `/apis/${gv}`;
    const path = req.path.replace(/\/+$/, '');
    let selector;
    try {
      selector = parseLabelSelector(req.query.get('labelSelector'));
    } catch (e) {
      return statusError(400, 'BadRequest', (e as Error).message);
    }
    if (target.group === 'custom.metrics.k8s.io') return customMetrics(gv, base, path, selector);
    if (target.group === 'external.metrics.k8s.io') return externalMetrics(gv, base, path, selector);
    if (target.group === 'metrics.k8s.io') return resourceMetrics(gv, base, path);
    return undefined;
  };

  const gpuPodMetrics = (): Map<string, { namespace: string; pod: string; value: number }[]> => {
    const out = new Map<string, { namespace: string; pod: string; value: number }[]>();
    for (const node of ctx.hardware.nodes()) {
      const uses = kubelet.gpuUsers(node);
      for (const s of dcgmSamples(node, ctx.hardware.gpus(node), uses)) {
        if (!s.labels.pod) continue;
        if (!out.has(s.name)) out.set(s.name, []);
        out.get(s.name)!.push({ namespace: s.labels.namespace, pod: s.labels.pod, value: s.value });
      }
    }
    return out;
  };

  /** Per-pod gauges of running workloads (what the adapter's rules expose for them), by metric. */
  const workloadPodMetrics = (): Map<string, { namespace: string; pod: string; value: number }[]> => {
    const out = new Map<string, { namespace: string; pod: string; value: number }[]>();
    for (const pod of store.list('', 'pods')) {
      if (pod.status?.phase !== 'Running' || !ResourceConsumers.container(pod, undefined)) continue;
      for (const [metric, value] of consumers.gauges(pod)) {
        if (!out.has(metric)) out.set(metric, []);
        out.get(metric)!.push({ namespace: pod.metadata.namespace!, pod: pod.metadata.name!, value });
      }
    }
    return out;
  };

  const podMetrics = (): Map<string, { namespace: string; pod: string; value: number }[]> => {
    const out = gpuPodMetrics();
    for (const [k, v] of workloadPodMetrics()) out.set(k, [...(out.get(k) ?? []), ...v]);
    return out;
  };

  const metricTime = (): string => new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');

  /** external.metrics.k8s.io: a workload gauge summed over the namespace's pods (series labels namespace, pod). */
  const externalMetrics = (gv: string, base: string, path: string, selector: ReturnType<typeof parseLabelSelector>): ProxyResponse => {
    const all = workloadPodMetrics();
    if (path === base) {
      return json(200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: gv,
        resources: Array.from(all.keys()).sort().map(n => ({ name: n, singularName: '', namespaced: true, kind: 'ExternalMetricValueList', verbs: ['get'] }))
      });
    }
    const m = new RegExp(`^${base.replace(/\./g, '\\.')}/namespaces/([^/]+)/([^/]+)$`).exec(path);
    if (!m) return statusError(404, 'NotFound', 'the server could not find the requested resource');
    const [, ns, metric] = m;
    const series = (all.get(metric) ?? []).filter(v => v.namespace === ns && matchesLabels(selector, { namespace: v.namespace, pod: v.pod }));
    return json(200, {
      kind: 'ExternalMetricValueList',
      apiVersion: gv,
      metadata: {},
      items: series.length ? [{ metricName: metric, metricLabels: {}, timestamp: metricTime(), value: formatMetricValue(series.reduce((s, v) => s + v.value, 0)) }] : []
    });
  };

  const customMetrics = (gv: string, base: string, path: string, selector: ReturnType<typeof parseLabelSelector>): ProxyResponse => {
    const byMetric = podMetrics();
    const names = Array.from(new Set([...byMetric.keys(), 'DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_DEV_FB_USED'])).sort();
    if (path === base) {
      return json(200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: gv,
        resources: names.flatMap(n => [
          { name: `pods/${n}`, singularName: '', namespaced: true, kind: 'MetricValueList', verbs: ['get'] },
          { name: `namespaces/${n}`, singularName: '', namespaced: false, kind: 'MetricValueList', verbs: ['get'] }
        ])
      });
    }
    const svc = new RegExp(`^${base.replace(/\./g, '\\.')}/namespaces/([^/]+)/services/([^/]+)/([^/]+)$`).exec(path);
    if (svc) {
      // An Object metric of a Service: the sum over the pods it selects (as a `service`-labelled series would be).
      const [, ns, name, metric] = svc;
      const service = store.get('', 'services', ns, name);
      const sel = service?.spec?.selector;
      const pods = new Set(store.list('', 'pods', ns).filter(p => sel && Object.keys(sel).length && labelsMatch(sel, p.metadata.labels)).map(p => p.metadata.name));
      const values = (byMetric.get(metric) ?? []).filter(v => v.namespace === ns && pods.has(v.pod));
      if (!service || !values.length) return statusError(404, 'NotFound', `the server could not find the metric ${metric} for services ${name}`);
      return json(200, {
        kind: 'MetricValueList',
        apiVersion: gv,
        metadata: {},
        items: [{ describedObject: { kind: 'Service', namespace: ns, name, apiVersion: '/v1' }, metricName: metric, timestamp: metricTime(), value: formatMetricValue(values.reduce((s, v) => s + v.value, 0)), selector: null }]
      });
    }
    const m = new RegExp(`^${base.replace(/\./g, '\\.')}/namespaces/([^/]+)/pods/([^/]+)/([^/]+)$`).exec(path);
    if (!m) return statusError(404, 'NotFound', 'the server could not find the requested resource');
    const [, ns, podName, metric] = m;
    const labelsOf = new Map(store.list('', 'pods', ns).map(p => [p.metadata.name, p.metadata.labels]));
    const values = (byMetric.get(metric) ?? []).filter(
      v => v.namespace === ns && (podName === '*' || v.pod === podName) && (!selector.length || matchesLabels(selector, labelsOf.get(v.pod)))
    );
    if (!names.includes(metric)) return statusError(404, 'NotFound', `the server could not find the metric ${metric} for pods`);
    if (podName !== '*' && !values.length) return statusError(404, 'NotFound', `the server could not find the metric ${metric} for pods ${podName}`);
    return json(200, {
      kind: 'MetricValueList',
      apiVersion: gv,
      metadata: {},
      items: values.map(v => ({
        describedObject: { kind: 'Pod', namespace: v.namespace, name: v.pod, apiVersion: '/v1' },
        metricName: metric,
        timestamp: metricTime(),
        value: formatMetricValue(v.value),
        selector: null
      }))
    });
  };

  const resourceMetrics = (gv: string, base: string, path: string): ProxyResponse => {
    const ts = new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (path === base) {
      return json(200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: gv,
        resources: [
          { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
          { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] }
        ]
      });
    }
    if (path === `${base}/nodes`) {
      return json(200, {
        kind: 'NodeMetricsList',
        apiVersion: gv,
        metadata: {},
        items: store.list('', 'nodes').map(n => ({ metadata: { name: n.metadata.name }, timestamp: ts, window: '20s', usage: { cpu: '250m', memory: '1024Mi' } }))
      });
    }
    return statusError(404, 'NotFound', 'the server could not find the requested resource');
  };

  return {
    proxy,
    aggregated,
    podLog: (ns, pod, container, opts) => kubelet.log(ns, pod, container, opts),
    // RuntimeClass admission and the simulated operators' webhooks (src/sim/handlers/webhooks.ts).
    admission: [...aiAdmission(ctx)]
  };
}

/** A metric value as the adapters write a Quantity: whole numbers plain, fractions in milli-units. */
export function formatMetricValue(v: number): string {
  const milli = Math.round(v * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}
