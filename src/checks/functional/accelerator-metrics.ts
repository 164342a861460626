/**
 * accelerator_metrics, functional: per-device metrics for a device a workload holds. A pod takes
 * one accelerator on a node an exporter pod covers (device plugin resource or DRA claim), lists
 * it with `nvidia-smi -L` and runs vectorAdd in a loop; then every exporter pod is scraped through
 * the API server's pod proxy (a Service proxy would reach one arbitrary pod) until one reports
 * that device — matched by the UUID the workload saw, or by the pod/namespace labels exporters put
 * on allocated devices — with a utilization and a memory (used or free) series. Temperature,
 * power and interconnect series of the device are listed when present (should-have). Exporters
 * collect on an interval (DCGM's default is 30 s), so scrapes repeat for up to three minutes.
 */
import { describeWorkload, findWorkloads, type Workload } from '../../kube/workloads.js';
import type { FunctionalCheck, FunctionalContext, KubeObject } from '../../kube/functional/types.js';
import {
  classify,
  deviceOf,
  parsePrometheusText,
  type MetricClass,
  type Sample
} from '../../kube/prometheus.js';
import { EXPORTER, metricsPort } from '../accelerator-metrics.js';
import { fail, listShort, partial, pass, plural } from '../finding.js';
import { acceleratorSlots, createAcceleratorPod, describeSlot, listedGpus } from './kit/accelerators.js';
import { isWaitTimeout } from './kit/gateway.js';
import { PODS, podReady, waitForPod } from './kit/pods.js';
import { describeAnswer, proxyGet } from './kit/proxy.js';
import { prerequisite } from './kit/skip.js';

export const ACCELERATOR_METRICS = {
  runningMs: 300_000,
  listMs: 60_000,
  scrapeMs: 180_000,
  scrapeIntervalMs: 15_000
};

const LOAD_POD = 'gpu-load';
const LOAD_SCRIPT = 'nvidia-smi -L; while true; do /cuda-samples/vectorAdd; sleep 1; done';
const SHOULD: MetricClass[] = ['temperature', 'power', 'interconnect'];

interface ExporterPod {
  exporter: Workload;
  name: string;
  node: string;
  port: number | string | undefined;
}

interface Scrape {
  pod: ExporterPod;
  problem?: string;
  devices: number;
  /** Series of the allocated device, by metric name. */
  mine: Map<string, Sample>;
}

export const acceleratorMetricsFunctional: FunctionalCheck = {
  id: 'accelerator_metrics',
  // Holds an accelerator: never beside another check that needs one.
  exclusive: true,
  skip(detect) {
    if (detect.verdict === 'not-applicable') return `no accelerators to load (${detect.reason})`;
    return prerequisite(detect, 'no accelerator metrics exporter answers');
  },
  async run(ctx, detect) {
    const exporters = findWorkloads(await ctx.workloads(), EXPORTER);
    const pods = await exporterPods(ctx, exporters);
    const covered = new Set(pods.map(p => p.node));
    const slots = [...(await acceleratorSlots(ctx)).values()].filter(s => covered.has(s.node));
    // A device plugin resource first: it needs no claim and every exporter maps it.
    const slot = slots.find(s => s.via.kind === 'resource') ?? slots[0];
    if (!slot) {
      throw new Error(
        `no accelerator can be requested on a node an exporter pod runs on (exporter pods on ${listShort([...covered]) || 'no node'})`
      );
    }
    const ns = await ctx.namespace();
    ctx.note(
      `load: pod ${ns}/${LOAD_POD} holds one device (${describeSlot(slot)}) and runs vectorAdd in a loop`
    );
    await createAcceleratorPod(ctx, slot, {
      name: LOAD_POD,
      image: ctx.images.cuda,
      command: ['sh', '-c', LOAD_SCRIPT],
      restartPolicy: 'Never'
    });
    await waitForPod(ctx, ns, LOAD_POD, 'running', ACCELERATOR_METRICS.runningMs);
    const uuid = await allocatedUuid(ctx, ns);
    ctx.note(
      uuid
        ? `the workload sees ${uuid} (nvidia-smi -L)`
        : 'nvidia-smi -L printed no UUID: the device is matched by the pod labels only'
    );
    const onNode = pods.filter(p => p.node === slot.node);

    let scrapes: Scrape[] = [];
    let found: Scrape | undefined;
    try {
      found = await ctx.waitFor(
        `an exporter to report the device held by ${ns}/${LOAD_POD}`,
        async () => {
          scrapes = await Promise.all(pods.map(p => scrape(ctx, p, uuid, ns)));
          const hit = scrapes.find(s => hasClass(s, 'utilization') && hasClass(s, 'memory'));
          if (hit) return { done: true, value: hit };
          return {
            done: false,
            observed: scrapes
              .filter(s => onNode.includes(s.pod))
              .map(describeScrape)
              .join('; ')
          };
        },
        { timeoutMs: ACCELERATOR_METRICS.scrapeMs, intervalMs: ACCELERATOR_METRICS.scrapeIntervalMs }
      );
    } catch (err) {
      if (!isWaitTimeout(err)) throw err;
    }
    for (const s of scrapes)
      ctx.note(
        `exporter pod ${s.pod.exporter.namespace}/${s.pod.name} on ${s.pod.node}: ${describeScrape(s)}`
      );
    const device = uuid ?? `the device of ${ns}/${LOAD_POD}`;
    const solution = detect.solution;
    if (!found) {
      const seen = scrapes.filter(s => s.mine.size > 0);
      if (seen.length === 0) {
        return fail(
          `no exporter pod reports ${device} while ${ns}/${LOAD_POD} holds it on ${slot.node} (scraped ${plural(scrapes.length, 'exporter pod')} for ${Math.round(ACCELERATOR_METRICS.scrapeMs / 1000)} s)`,
          [],
          solution
        );
      }
      const s = seen[0];
      const missing = (['utilization', 'memory'] as MetricClass[]).filter(c => !hasClass(s, c));
      return fail(
        `exporter pod ${s.pod.exporter.namespace}/${s.pod.name} reports ${device} but with no ${missing.join(' and no ')} series (it has ${listShort([...s.mine.keys()].sort(), 4)})`,
        [],
        solution
      );
    }
    const named = (c: MetricClass): string[] =>
      [...found!.mine.values()].filter(x => classify(x.name) === c).map(x => `${x.name} ${x.value}`);
    const should = SHOULD.map(c => ({ c, names: named(c) }));
    ctx.note(
      `should-have series of ${device}: ${should.map(x => `${x.c} ${x.names.length ? x.names.join(', ') : 'absent'}`).join('; ')}`
    );
    const dead = scrapes.filter(s => s.problem);
    const summary = `exporter pod ${found.pod.exporter.namespace}/${found.pod.name} reports ${device}, held by ${ns}/${LOAD_POD} on ${slot.node}, with utilization (${named('utilization').join(', ')}) and memory (${named('memory').join(', ')}); should-have: ${should.map(x => `${x.c} ${x.names.length ? 'present' : 'absent'}`).join(', ')}`;
    if (dead.length > 0) {
      return partial(
        `${summary}; but ${plural(dead.length, 'exporter pod')} did not answer (${listShort(
          dead.map(d => `${d.pod.name}: ${d.problem}`),
          2
        )})`,
        [],
        solution
      );
    }
    return pass(summary, [], solution);
  }
};

async function exporterPods(ctx: FunctionalContext, exporters: Workload[]): Promise<ExporterPod[]> {
  const out: ExporterPod[] = [];
  for (const e of exporters) {
    const selector = Object.entries(e.selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    if (!selector) continue;
    const pods = await ctx.list<KubeObject>({ ...PODS, namespace: e.namespace }, { labelSelector: selector });
    for (const p of pods) {
      if (!podReady(p)) {
        ctx.note(`exporter ${describeWorkload(e)}: pod ${p.metadata.name} is not ready, not scraped`);
        continue;
      }
      out.push({
        exporter: e,
        name: String(p.metadata.name),
        node: String(p.spec?.nodeName ?? ''),
        port: metricsPort(e)
      });
    }
  }
  return out;
}

/** The UUID of the device the workload lists, once its log shows it. */
async function allocatedUuid(ctx: FunctionalContext, ns: string): Promise<string | undefined> {
  try {
    return await ctx.waitFor(
      `nvidia-smi -L in ${ns}/${LOAD_POD}`,
      async () => {
        const gpus = listedGpus(await ctx.logs(ns, LOAD_POD));
        return gpus.length
          ? { done: true, value: gpus[0].mig ?? gpus[0].uuid }
          : { done: false, observed: 'no device listed yet' };
      },
      { timeoutMs: ACCELERATOR_METRICS.listMs, intervalMs: 2000 }
    );
  } catch (err) {
    if (isWaitTimeout(err)) return undefined;
    throw err;
  }
}

/** A device's identity across series: its UUID where given, else its first device label. */
function identity(s: Sample): string | undefined {
  const uuid = s.labels.UUID ?? s.labels.uuid ?? s.labels.GPU_I_ID;
  return uuid ? `uuid=${uuid.toLowerCase()}` : deviceOf(s);
}

async function scrape(
  ctx: FunctionalContext,
  p: ExporterPod,
  uuid: string | undefined,
  ns: string
): Promise<Scrape> {
  const base: Scrape = { pod: p, devices: 0, mine: new Map() };
  if (p.port === undefined) return { ...base, problem: 'no container port to scrape' };
  const res = await proxyGet(ctx, {
    kind: 'pod',
    namespace: p.exporter.namespace,
    name: p.name,
    port: p.port,
    path: '/metrics'
  });
  if (res.status !== 200) return { ...base, problem: `/metrics answered ${describeAnswer(res)}` };
  const samples = parsePrometheusText(res.body).samples;
  const devices = new Set(samples.map(identity).filter(Boolean));
  const held = (s: Sample): boolean =>
    (uuid !== undefined &&
      [s.labels.UUID, s.labels.uuid].some(v => v !== undefined && v.toLowerCase() === uuid.toLowerCase())) ||
    ((s.labels.pod ?? s.labels.exported_pod) === LOAD_POD &&
      (s.labels.namespace ?? s.labels.exported_namespace) === ns);
  const ids = new Set(samples.filter(held).map(identity).filter(Boolean));
  const mine = new Map<string, Sample>();
  for (const s of samples) {
    const id = identity(s);
    if (id && ids.has(id) && !mine.has(s.name)) mine.set(s.name, s);
  }
  return { ...base, devices: devices.size, mine };
}

function hasClass(s: Scrape, c: MetricClass): boolean {
  return [...s.mine.keys()].some(n => classify(n) === c);
}

function describeScrape(s: Scrape): string {
  if (s.problem) return s.problem;
  if (s.mine.size === 0) return `${plural(s.devices, 'device')}, none of them the allocated one`;
  const names = (c: MetricClass): string =>
    [...s.mine.values()]
      .filter(x => classify(x.name) === c)
      .map(x => `${x.name}=${x.value}`)
      .join(', ') || 'none';
  return `${plural(s.devices, 'device')}; allocated device: utilization ${names('utilization')}; memory ${names('memory')}`;
}
