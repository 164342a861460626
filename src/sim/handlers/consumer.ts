/**
 * The Kubernetes e2e resource-consumer (registry.k8s.io/e2e-test-images/resource-consumer, the
 * workload the upstream HPA e2e tests drive), reached through pods/proxy on its port (8080, or
 * `--port`): `POST /BumpMetric?metric=NAME&delta=V&durationSec=S` raises the gauge NAME by V for
 * S seconds, `GET /metrics` serves the gauges in the Prometheus text format (`NAME V` with Go's
 * %f, a metric once bumped stays listed), `/ConsumeCPU` and `/ConsumeMem` are accepted. What a
 * pod serves here is what the custom and external metrics adapters report for it.
 */
import type { ProxyRequest, ProxyResponse } from '../contracts.js';
import type { Clock } from '../clock.js';
import type { KObject, ObjectStore } from '../store.js';

const IMAGE = /(^|\/)resource-consumer(:|@|$)/;
const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

interface Bump {
  delta: number;
  until: number;
}

function consumerPort(c: any): number {
  const argv: string[] = [...(c.command ?? []), ...(c.args ?? [])].map(String);
  for (let i = 0; i < argv.length; i++) {
    const m = /^--?port(?:=(\d+))?$/.exec(argv[i]);
    if (m) return Number(m[1] ?? argv[i + 1]);
  }
  return 8080;
}

export class ResourceConsumers {
  /** pod uid → metric → bumps (expired ones keep the metric listed at what remains). */
  private readonly bumps = new Map<string, Map<string, Bump[]>>();

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock
  ) {}

  /** The resource-consumer container of a pod listening on a port, if any. */
  static container(pod: KObject, port: number | undefined): any {
    return (pod.spec?.containers ?? []).find(
      (c: any) => IMAGE.test(c.image ?? '') && (port === undefined || consumerPort(c) === port)
    );
  }

  /** Current gauges of a pod's consumer: every metric ever bumped, at its current value. */
  gauges(pod: KObject): Map<string, number> {
    const out = new Map<string, number>();
    const now = this.clock.now();
    for (const [metric, list] of this.bumps.get(pod.metadata.uid!) ?? []) {
      out.set(
        metric,
        list.filter(b => b.until > now).reduce((s, b) => s + b.delta, 0)
      );
    }
    return out;
  }

  /** Answers a pods/proxy request for a consumer pod; undefined when nothing of it listens on the port. */
  serve(pod: KObject, port: number | undefined, req: ProxyRequest): ProxyResponse | undefined {
    if (!ResourceConsumers.container(pod, port)) return undefined;
    this.prune();
    const path = req.path.replace(/\/+$/, '') || '/';
    if (path === '/metrics') {
      const lines = Array.from(this.gauges(pod))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `# HELP ${k} info message.\n# TYPE ${k} gauge\n${k} ${v.toFixed(6)}\n`);
      return { status: 200, headers: TEXT, body: lines.join('') };
    }
    if (req.method !== 'POST')
      return { status: 400, headers: TEXT, body: 'Bad request. Not a POST request\n' };
    const form = new URLSearchParams(req.query);
    if (req.body.length) for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) form.set(k, v);
    const need = (names: string[]): ProxyResponse | undefined =>
      names.some(n => !form.get(n))
        ? { status: 400, headers: TEXT, body: 'not given function argument\n' }
        : undefined;
    switch (path) {
      case '/BumpMetric': {
        const missing = need(['metric', 'delta', 'durationSec']);
        if (missing) return missing;
        const metric = form.get('metric')!;
        const delta = Number(form.get('delta'));
        const seconds = Number(form.get('durationSec'));
        if (!Number.isFinite(delta) || !Number.isInteger(seconds))
          return { status: 400, headers: TEXT, body: 'incorrect function argument\n' };
        const byMetric = this.bumps.get(pod.metadata.uid!) ?? new Map<string, Bump[]>();
        this.bumps.set(pod.metadata.uid!, byMetric);
        byMetric.set(metric, [
          ...(byMetric.get(metric) ?? []),
          { delta, until: this.clock.now() + seconds * 1000 }
        ]);
        return {
          status: 200,
          headers: TEXT,
          body: `BumpMetric\n${metric} metric\n${delta} delta\n${seconds} durationSec\n`
        };
      }
      case '/ConsumeCPU':
      case '/ConsumeMem': {
        const amount = path === '/ConsumeCPU' ? 'millicores' : 'megabytes';
        const missing = need([amount, 'durationSec']);
        if (missing) return missing;
        return {
          status: 200,
          headers: TEXT,
          body: `${path.slice(1)}\n${form.get(amount)} ${amount}\n${form.get('durationSec')} durationSec\n`
        };
      }
      default:
        return { status: 404, headers: TEXT, body: `unknown function: ${path}\n` };
    }
  }

  /** Forgets pods that are gone. */
  private prune(): void {
    if (!this.bumps.size) return;
    const live = new Set(this.store.list('', 'pods').map(p => p.metadata.uid));
    for (const uid of this.bumps.keys()) if (!live.has(uid)) this.bumps.delete(uid);
  }
}
