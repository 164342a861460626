/**
 * accelerator_metrics: per-accelerator utilization and memory from a machine-readable endpoint.
 * Exporters are recognised by name and image (NVIDIA DCGM exporter, also as the GPU Operator's
 * nvidia-dcgm-exporter; ACK's GPU exporter; AMD's device metrics exporter). Every exporter pod is
 * scraped through the API server's pod proxy (a Service proxy reaches one arbitrary pod), and each
 * must answer with series carrying a device label for both utilization and memory. A cluster with
 * no accelerators is not applicable: the requirement covers "supported accelerator types", and
 * there is nothing to measure (research §13).
 */
import { KubeError } from '../kube/errors.js';
import { deviceMetrics, parsePrometheusText, type MetricClass } from '../kube/prometheus.js';
import { describeWorkload, findWorkloads, imageTag, type Workload } from '../kube/workloads.js';
import { fail, listShort, mapPool, notApplicable, partial, pass, plural } from './finding.js';
import type { Check, CheckContext } from './types.js';

export const EXPORTER = {
  kinds: ['DaemonSet' as const],
  name: /(dcgm-exporter|gpu-exporter|device-metrics-exporter)/,
  image: /(dcgm-exporter|gpu-exporter|device-metrics-exporter)/
};
/** Ports exporters publish metrics on, by name, then by number. */
const PORT_NAMES = ['metrics', 'gpu-metrics', 'http-metrics', 'http', 'prometheus'];
const PORT_NUMBERS = [9400, 9445, 5000, 9100];
const SCRAPE_CONCURRENCY = 16;
const SHOULD: MetricClass[] = ['temperature', 'power', 'interconnect'];

interface Scrape {
  pod: string;
  node: string;
  ok: boolean;
  problem?: string;
  devices: number;
  utilization: string[];
  memory: string[];
  should: Map<MetricClass, string[]>;
}

export const acceleratorMetrics: Check = {
  id: 'accelerator_metrics',
  title: 'Accelerator Metrics',
  async detect(ctx) {
    const [nodes, workloads] = await Promise.all([ctx.nodes(), ctx.workloads()]);
    const exporters = findWorkloads(workloads, EXPORTER);
    const evidence = exporters.map(e => `exporter ${describeWorkload(e)}, image ${e.images.join(', ')}`);
    const gpuNodes = new Set(nodes.accelerated.map(n => n.name));
    if (gpuNodes.size === 0) {
      return notApplicable(
        'no accelerator nodes on this cluster: there are no per-accelerator metrics to show',
        [`${plural(nodes.total, 'node')}, none with an accelerator resource or label`, ...evidence]
      );
    }
    evidence.unshift(`${plural(gpuNodes.size, 'accelerator node')}: ${listShort([...gpuNodes], 5)}`);
    if (exporters.length === 0) {
      return fail(
        `${plural(gpuNodes.size, 'accelerator node')} but no accelerator metrics exporter (DCGM exporter, ACK GPU exporter) runs`,
        evidence
      );
    }

    const scrapes = (await Promise.all(exporters.map(e => scrapeExporter(ctx, e)))).flat();
    const solution = exporters.map(solutionOf).join('; ');
    for (const s of scrapes) {
      evidence.push(
        s.ok
          ? `pod ${s.pod} on ${s.node}: ${plural(s.devices, 'device')}; utilization ${s.utilization.join(', ') || 'none'}; memory ${s.memory.join(', ') || 'none'}`
          : `pod ${s.pod} on ${s.node || 'no node'}: ${s.problem}`
      );
    }
    const answered = scrapes.filter(s => s.ok);
    const complete = answered.filter(s => s.utilization.length > 0 && s.memory.length > 0);
    const should = SHOULD.map(c => [c, [...new Set(answered.flatMap(s => s.should.get(c) ?? []))]] as const);
    evidence.push(
      `should-have metrics: ${should.map(([c, names]) => `${c} ${names.length ? listShort(names, 2) : 'absent'}`).join('; ')}`
    );
    const covered = new Set(complete.map(s => s.node).filter(n => gpuNodes.has(n)));

    if (scrapes.length === 0) {
      return fail(
        `exporter ${exporters.map(describeWorkload).join('; ')} runs no pod: nothing serves metrics`,
        evidence,
        solution
      );
    }
    if (answered.length === 0) {
      return fail(
        `no exporter pod answers /metrics (${listShort(
          scrapes.map(s => `${s.pod}: ${s.problem}`),
          2
        )})`,
        evidence,
        solution
      );
    }
    if (complete.length === 0) {
      const util = answered.some(s => s.utilization.length > 0);
      const mem = answered.some(s => s.memory.length > 0);
      if (!util && !mem)
        return fail(
          'exporter pods answer, but with no per-device utilization or memory series',
          evidence,
          solution
        );
      return partial(
        `exporter pods answer with per-device ${util ? 'utilization' : 'memory'} but no per-device ${util ? 'memory' : 'utilization'} series`,
        evidence,
        solution
      );
    }
    const devices = complete.reduce((n, s) => n + s.devices, 0);
    if (covered.size < gpuNodes.size) {
      const missing = [...gpuNodes].filter(n => !covered.has(n));
      return partial(
        `per-device utilization and memory on ${covered.size} of ${plural(gpuNodes.size, 'accelerator node')}; none from ${listShort(missing)}`,
        evidence,
        solution
      );
    }
    const utilNames = [...new Set(complete.flatMap(s => s.utilization))];
    const memNames = [...new Set(complete.flatMap(s => s.memory))];
    return pass(
      `every accelerator node (${gpuNodes.size}) answers through the pod proxy with per-device utilization (${listShort(utilNames, 2)}) and memory (${listShort(memNames, 2)}) for ${plural(devices, 'device')}`,
      evidence,
      solution
    );
  }
};

function solutionOf(e: Workload): string {
  const name =
    /gpu-exporter/.test(e.name) ||
    e.images.some(i => /ack.*gpu-exporter|gpu-exporter/.test(i) && !/dcgm/.test(i))
      ? 'ACK GPU exporter'
      : /device-metrics-exporter/.test(e.name)
        ? 'AMD device metrics exporter'
        : 'NVIDIA DCGM exporter';
  const tag = imageTag(e, EXPORTER.image);
  return `${name}${tag ? ` ${tag}` : ''} (${e.namespace}/${e.name})`;
}

export function metricsPort(e: Workload): number | string | undefined {
  for (const name of PORT_NAMES) {
    const p = e.ports.find(x => x.name === name);
    if (p) return p.port;
  }
  for (const n of PORT_NUMBERS) if (e.ports.some(x => x.port === n)) return n;
  return e.ports[0]?.port;
}

async function scrapeExporter(ctx: CheckContext, e: Workload): Promise<Scrape[]> {
  const selector = Object.entries(e.selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  if (!selector) return [];
  const pods = await ctx.kube.list(
    { group: '', version: 'v1', resource: 'pods', namespace: e.namespace },
    { labelSelector: selector },
    p => ({
      name: String(p?.metadata?.name ?? ''),
      node: String(p?.spec?.nodeName ?? ''),
      phase: String(p?.status?.phase ?? ''),
      ready:
        Array.isArray(p?.status?.conditions) &&
        p.status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'True'),
      ports: (p?.spec?.containers ?? []).flatMap((c: any) => (Array.isArray(c?.ports) ? c.ports : []))
    })
  );
  const port = metricsPort(e);
  return mapPool(pods, SCRAPE_CONCURRENCY, async pod => {
    const base: Scrape = {
      pod: `${e.namespace}/${pod.name}`,
      node: pod.node,
      ok: false,
      devices: 0,
      utilization: [],
      memory: [],
      should: new Map()
    };
    if (pod.phase !== 'Running') return { ...base, problem: `not running (${pod.phase || 'no phase'})` };
    // An unready pod is out of its Service's endpoints, so no Prometheus scrapes it: not served.
    if (!pod.ready)
      return { ...base, problem: 'not Ready (out of its Service endpoints; nothing scrapes it)' };
    if (port === undefined) return { ...base, problem: 'no container port to scrape' };
    try {
      const res = await ctx.kube.proxy({
        kind: 'pod',
        namespace: e.namespace,
        name: pod.name,
        port,
        path: '/metrics'
      });
      const metrics = deviceMetrics(parsePrometheusText(res.text).samples);
      const names = (c: MetricClass): string[] => [...(metrics.byClass.get(c) ?? [])].sort();
      return {
        ...base,
        ok: true,
        devices: metrics.devices.size,
        utilization: names('utilization'),
        memory: names('memory'),
        should: new Map(SHOULD.map(c => [c, names(c)]))
      };
    } catch (err) {
      // The proxy's "cannot reach the pod" (502/503) or a wrong path (404) is about the exporter;
      // forbidden, timeouts and unreachable API servers stay errors.
      if (
        err instanceof KubeError &&
        (err.kind === 'absent' || (err.kind === 'server' && (err.status === 502 || err.status === 503)))
      ) {
        return { ...base, problem: `does not answer /metrics on port ${port} (${err.status})` };
      }
      throw err;
    }
  });
}
