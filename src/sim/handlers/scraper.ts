/**
 * A Prometheus server managed by the Prometheus Operator: it discovers targets from the
 * ServiceMonitors and PodMonitors its Prometheus resource selects (serviceMonitorSelector,
 * serviceMonitorNamespaceSelector, podMonitorSelector, podMonitorNamespaceSelector; a nil
 * selector selects no monitors, `{}` all; a nil namespace selector means only the Prometheus
 * object's own namespace), scrapes each target's `/metrics` through the cluster network on an
 * interval, keeps the latest samples with the operator's target labels (job, namespace, service,
 * pod, container, endpoint, instance; scraped labels that clash become `exported_<name>` unless
 * honorLabels), and describes its targets as `/api/v1/targets` does (scrape pools
 * `serviceMonitor/<ns>/<name>/<i>`, `podMonitor/<ns>/<name>/<i>`).
 *
 * Handler options: `scrapeInterval` (default 5s, also on the real clock, whatever the monitors
 * ask for, so runs stay short), `annotationDiscovery` (also scrape pods annotated
 * `prometheus.io/scrape: "true"`, as the classic `kubernetes-pods` job does) and, for the broken
 * variant, `neverScrapeNewTargets` (the configuration is never reloaded: monitors created after
 * the server first came up are never scraped).
 */
import { matchesSelector } from '../behaviours/match.js';
import type { SimContext } from '../controllers/context.js';
import { isPodReady } from '../controllers/pod-index.js';
import type { ClusterNetwork } from '../net/network.js';
import { makeRequest } from '../net/network.js';
import type { HandlerSpec } from '../scenarios/types.js';
import type { KObject } from '../store.js';
import type { Sample } from './dcgm.js';

const MON = 'monitoring.coreos.com';
const LOOKBACK_MS = 5 * 60_000;

interface Target {
  key: string;
  scrapePool: string;
  pod: KObject;
  port: number;
  path: string;
  labels: Record<string, string>;
  discovered: Record<string, string>;
  interval: string;
  honorLabels: boolean;
}

interface TargetState {
  health: 'up' | 'down' | 'unknown';
  lastError: string;
  lastScrape?: number;
}

interface Series extends Sample {
  at: number;
  target: string;
}

const scrapers = new WeakMap<SimContext, Map<string, PrometheusScraper>>();

/** The scraper behind a Prometheus handler, when it runs. */
export function scraperFor(ctx: SimContext, handlerName: string): PrometheusScraper | undefined {
  return scrapers.get(ctx)?.get(handlerName);
}

/** Parses Prometheus text exposition (format 0.0.4) into samples. */
export function parseExposition(body: string): Sample[] {
  const out: Sample[] = [];
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/g;
    for (const l of (m[3] ?? '').matchAll(re)) labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\(.)/g, '$1');
    const v = m[4] === '+Inf' ? Infinity : m[4] === '-Inf' ? -Infinity : Number(m[4]);
    out.push({ name: m[1], labels, value: v });
  }
  return out;
}

function durationMs(v: unknown, fallback: number): number {
  if (typeof v === 'number') return v;
  const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(v) : null;
  return m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as 'ms' | 's' | 'm'] : fallback;
}

export class PrometheusScraper {
  private readonly series = new Map<string, Series>();
  private readonly states = new Map<string, TargetState>();
  private targets: Target[] = [];
  /** Monitors loaded into the configuration, when it is never reloaded (broken variant). */
  private frozen?: Set<string>;
  private timer: unknown;
  private stopped = false;
  private readonly intervalMs: number;

  constructor(
    private readonly ctx: SimContext,
    private readonly spec: HandlerSpec,
    private readonly network: ClusterNetwork
  ) {
    this.intervalMs = durationMs(spec.options?.scrapeInterval, 5000);
  }

  start(): () => void {
    if (!scrapers.has(this.ctx)) scrapers.set(this.ctx, new Map());
    scrapers.get(this.ctx)!.set(this.spec.name, this);
    const tick = (): void => {
      if (this.stopped) return;
      try {
        this.tick();
      } catch (e) {
        this.ctx.warn(`prometheus ${this.spec.name}: ${(e as Error).message}`);
      }
      this.timer = this.ctx.clock.setTimeout(tick, this.intervalMs);
    };
    this.timer = this.ctx.clock.setTimeout(tick, this.intervalMs);
    return () => {
      this.stopped = true;
      this.ctx.clock.clearTimeout(this.timer);
      scrapers.get(this.ctx)?.delete(this.spec.name);
    };
  }

  /** The Prometheus resource this server belongs to, while one of its server pods runs ready. */
  private server(): KObject | undefined {
    const { store } = this.ctx;
    const pods = store
      .list('', 'pods', this.spec.namespace)
      .filter(p => Object.entries(this.spec.podLabels ?? {}).every(([k, v]) => p.metadata.labels?.[k] === v) && p.status?.phase === 'Running' && isPodReady(p));
    if (!pods.length || !store.typeOf(MON, 'prometheuses')) return undefined;
    const crs = store.list(MON, 'prometheuses', this.spec.namespace);
    const named = pods.map(p => p.metadata.labels?.prometheus ?? p.metadata.labels?.['operator.prometheus.io/name']).filter(Boolean);
    return crs.find(c => named.includes(c.metadata.name)) ?? crs[0];
  }

  private tick(): void {
    const prom = this.server();
    if (!prom) return;
    const monitors = this.monitors(prom);
    if (this.spec.options?.neverScrapeNewTargets) {
      this.frozen ??= new Set(monitors.map(m => m.metadata.uid!));
    }
    const loaded = this.frozen ? monitors.filter(m => this.frozen!.has(m.metadata.uid!)) : monitors;
    this.targets = this.discover(prom, loaded);
    const live = new Set(this.targets.map(t => t.key));
    for (const [k, s] of this.series) if (!live.has(s.target)) this.series.delete(k);
    for (const k of this.states.keys()) if (!live.has(k)) this.states.delete(k);
    for (const t of this.targets) this.scrape(t);
  }

  /** The ServiceMonitors and PodMonitors the Prometheus resource selects. */
  private monitors(prom: KObject): KObject[] {
    const { store } = this.ctx;
    const pick = (resource: string, selector: any, nsSelector: any): KObject[] => {
      if (!store.typeOf(MON, resource) || selector === undefined || selector === null) return [];
      return store.list(MON, resource).filter(m => this.namespaceSelected(prom, nsSelector, m.metadata.namespace!) && matchesSelector(selector, m.metadata.labels));
    };
    return [
      ...pick('servicemonitors', prom.spec?.serviceMonitorSelector, prom.spec?.serviceMonitorNamespaceSelector),
      ...pick('podmonitors', prom.spec?.podMonitorSelector, prom.spec?.podMonitorNamespaceSelector)
    ];
  }

  private namespaceSelected(prom: KObject, selector: any, ns: string): boolean {
    if (selector === undefined || selector === null) return ns === prom.metadata.namespace;
    const nsObj = this.ctx.store.get('', 'namespaces', undefined, ns);
    return matchesSelector(selector, nsObj?.metadata.labels ?? { 'kubernetes.io/metadata.name': ns });
  }

  /** Namespaces a monitor looks in: its namespaceSelector (any, matchNames) or its own. */
  private monitorNamespaces(m: KObject): string[] | 'any' {
    const sel = m.spec?.namespaceSelector;
    if (sel?.any) return 'any';
    if (Array.isArray(sel?.matchNames) && sel.matchNames.length) return sel.matchNames;
    return [m.metadata.namespace!];
  }

  private discover(prom: KObject, monitors: KObject[]): Target[] {
    const { store } = this.ctx;
    const out: Target[] = [];
    const defaultInterval = String(prom.spec?.scrapeInterval ?? '30s');
    const inNamespaces = (resource: string, nss: string[] | 'any'): KObject[] =>
      nss === 'any' ? store.list('', resource) : nss.flatMap(ns => store.list('', resource, ns));
    const running = (p: KObject): boolean => Boolean(p.status?.podIP) && !['Succeeded', 'Failed'].includes(p.status?.phase);
    for (const m of monitors) {
      const ns = m.metadata.namespace!;
      if (m.kind === 'ServiceMonitor') {
        const services = inNamespaces('services', this.monitorNamespaces(m)).filter(s => matchesSelector(m.spec?.selector ?? {}, s.metadata.labels));
        (m.spec?.endpoints ?? []).forEach((ep: any, i: number) => {
          const pool = `serviceMonitor/${ns}/${m.metadata.name}/${i}`;
          for (const svc of services) {
            const sp = (svc.spec?.ports ?? []).find((p: any) =>
              ep.port !== undefined ? p.name === ep.port : ep.targetPort !== undefined ? String(p.targetPort ?? p.port) === String(ep.targetPort) : true
            );
            if (!sp) continue;
            const pods = store.list('', 'pods', svc.metadata.namespace).filter(p => matchesLabels(svc.spec?.selector, p.metadata.labels) && running(p));
            for (const pod of pods) {
              const port = this.network.podPort(pod, sp.targetPort ?? sp.port);
              if (port === undefined) continue;
              const job = (m.spec?.jobLabel && svc.metadata.labels?.[m.spec.jobLabel]) || svc.metadata.name!;
              out.push(
                this.target(pool, pod, port, ep, defaultInterval, {
                  job,
                  service: svc.metadata.name!,
                  endpoint: ep.port ?? String(ep.targetPort ?? sp.port),
                  ...copyLabels(m.spec?.targetLabels, svc.metadata.labels),
                  ...copyLabels(m.spec?.podTargetLabels, pod.metadata.labels)
                })
              );
            }
          }
        });
      } else {
        const pods = inNamespaces('pods', this.monitorNamespaces(m)).filter(p => matchesSelector(m.spec?.selector ?? {}, p.metadata.labels) && running(p));
        (m.spec?.podMetricsEndpoints ?? []).forEach((ep: any, i: number) => {
          const pool = `podMonitor/${ns}/${m.metadata.name}/${i}`;
          for (const pod of pods) {
            const port = this.network.podPort(pod, ep.port ?? ep.portNumber ?? ep.targetPort);
            if (port === undefined || (ep.port && !hasNamedPort(pod, ep.port))) continue;
            const job = (m.spec?.jobLabel && pod.metadata.labels?.[m.spec.jobLabel]) || `${ns}/${m.metadata.name}`;
            out.push(this.target(pool, pod, port, ep, defaultInterval, { job, endpoint: ep.port ?? String(port), ...copyLabels(m.spec?.podTargetLabels, pod.metadata.labels) }));
          }
        });
      }
    }
    if (this.spec.options?.annotationDiscovery) {
      for (const pod of store.list('', 'pods')) {
        const a = pod.metadata.annotations ?? {};
        if (a['prometheus.io/scrape'] !== 'true' || !running(pod)) continue;
        const port = this.network.podPort(pod, a['prometheus.io/port']);
        if (port === undefined) continue;
        out.push(this.target('kubernetes-pods', pod, port, { path: a['prometheus.io/path'] }, defaultInterval, { job: 'kubernetes-pods' }));
      }
    }
    return out;
  }

  private target(pool: string, pod: KObject, port: number, ep: any, interval: string, extra: Record<string, string>): Target {
    const instance = `${pod.status.podIP}:${port}`;
    const container = (pod.spec?.containers ?? []).find((c: any) => (c.ports ?? []).some((p: any) => p.containerPort === port))?.name;
    const path = ep.path || '/metrics';
    return {
      key: `${pool}/${pod.metadata.namespace}/${pod.metadata.name}/${port}`,
      scrapePool: pool,
      pod,
      port,
      path,
      labels: { instance, namespace: pod.metadata.namespace!, pod: pod.metadata.name!, ...(container ? { container } : {}), ...extra },
      discovered: {
        __address__: instance,
        __metrics_path__: path,
        __scheme__: 'http',
        __meta_kubernetes_namespace: pod.metadata.namespace!,
        __meta_kubernetes_pod_name: pod.metadata.name!,
        job: pool
      },
      interval: String(ep.interval ?? interval),
      honorLabels: Boolean(ep.honorLabels)
    };
  }

  private scrape(t: Target): void {
    const now = this.ctx.clock.now();
    const state: TargetState = this.states.get(t.key) ?? { health: 'unknown', lastError: '' };
    this.states.set(t.key, state);
    const res = this.network.toPod(t.pod, t.port, makeRequest('GET', t.path, { accept: 'text/plain;version=0.0.4', 'user-agent': 'Prometheus/3.5.0' }));
    for (const [k, s] of this.series) if (s.target === t.key) this.series.delete(k);
    state.lastScrape = now;
    const up = res !== undefined && res.status === 200;
    state.health = up ? 'up' : 'down';
    state.lastError = up ? '' : res ? `server returned HTTP status ${res.status}` : `Get "http://${t.labels.instance}${t.path}": dial tcp ${t.labels.instance}: connect: connection refused`;
    this.put({ name: 'up', labels: t.labels, value: up ? 1 : 0 }, t, now);
    if (!up) return;
    for (const s of parseExposition(res.body.toString())) {
      const labels: Record<string, string> = { ...s.labels };
      for (const [k, v] of Object.entries(t.labels)) {
        if (labels[k] !== undefined && !t.honorLabels) labels[`exported_${k}`] = labels[k];
        if (labels[k] === undefined || !t.honorLabels) labels[k] = v;
      }
      this.put({ name: s.name, labels, value: s.value }, t, now);
    }
  }

  private put(s: Sample, t: Target, at: number): void {
    const key = `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`;
    this.series.set(key, { ...s, at, target: t.key });
  }

  /** The latest sample of every series seen within the lookback window. */
  samples(): Sample[] {
    const since = this.ctx.clock.now() - LOOKBACK_MS;
    return Array.from(this.series.values())
      .filter(s => s.at >= since)
      .map(({ name, labels, value }) => ({ name, labels, value }));
  }

  /** Active targets as `/api/v1/targets` lists them. */
  activeTargets(): Record<string, unknown>[] {
    return this.targets.map(t => {
      const s = this.states.get(t.key);
      return {
        discoveredLabels: t.discovered,
        labels: t.labels,
        scrapePool: t.scrapePool,
        scrapeUrl: `http://${t.labels.instance}${t.path}`,
        globalUrl: `http://${t.labels.instance}${t.path}`,
        lastError: s?.lastError ?? '',
        lastScrape: s?.lastScrape ? new Date(s.lastScrape).toISOString() : '0001-01-01T00:00:00Z',
        lastScrapeDuration: s?.lastScrape ? 0.004 : 0,
        health: s?.health ?? 'unknown',
        scrapeInterval: t.interval,
        scrapeTimeout: '10s'
      };
    });
  }
}

function matchesLabels(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return Boolean(selector && Object.keys(selector).length) && Object.entries(selector!).every(([k, v]) => labels?.[k] === v);
}

function hasNamedPort(pod: KObject, name: string): boolean {
  return (pod.spec?.containers ?? []).some((c: any) => (c.ports ?? []).some((p: any) => p.name === name));
}

function copyLabels(names: unknown, from: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of Array.isArray(names) ? names : []) if (typeof n === 'string' && from?.[n] !== undefined) out[n] = from[n];
  return out;
}

/** Starts a scraper per Prometheus handler of the scenario; returns the stop function. */
export function startPrometheusScrapers(ctx: SimContext, network: ClusterNetwork): () => void {
  const stops = (ctx.handlers ?? []).filter(h => h.type === 'prometheus').map(h => new PrometheusScraper(ctx, h, network).start());
  return () => {
    for (const s of stops) s();
  };
}
