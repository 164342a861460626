/** Kubernetes resource quantities ("100m", "2Gi", "1.5", "1e3") as integer milli-units. */

const SUFFIX: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6
};

/** Milli-units of a quantity (cpu "100m" → 100, memory "1Ki" → 1024000); NaN when malformed. */
export function milli(q: unknown): number {
  if (typeof q === 'number') return Math.round(q * 1000);
  if (typeof q !== 'string') return NaN;
  const m = /^([+-]?\d+(?:\.\d+)?)(?:[eE]([+-]?\d+))?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) return NaN;
  const base = Number(m[1]) * (m[2] ? 10 ** Number(m[2]) : 1) * SUFFIX[m[3] ?? ''];
  return Math.round(base * 1000);
}

/** A whole-number quantity (device counts): "4" → 4. */
export function count(q: unknown): number {
  const v = milli(q);
  return Number.isNaN(v) ? 0 : Math.floor(v / 1000);
}

export type ResourceList = Record<string, number>;

/** Milli-unit totals of a resource map; malformed values count as zero. */
export function toResourceList(map: Record<string, unknown> | undefined): ResourceList {
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(map ?? {})) {
    const n = milli(v);
    out[k] = Number.isNaN(n) ? 0 : n;
  }
  return out;
}

/** What a pod requests: containers summed, init containers as the max, requests defaulting to limits. */
export function podRequests(pod: { spec?: any; [key: string]: any }): ResourceList {
  const sum: ResourceList = {};
  const one = (c: any): ResourceList => {
    const req = toResourceList(c?.resources?.requests);
    const lim = toResourceList(c?.resources?.limits);
    for (const [k, v] of Object.entries(lim)) if (req[k] === undefined) req[k] = v;
    return req;
  };
  for (const c of pod.spec?.containers ?? []) for (const [k, v] of Object.entries(one(c))) sum[k] = (sum[k] ?? 0) + v;
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [k, v] of Object.entries(one(c))) sum[k] = Math.max(sum[k] ?? 0, v);
  }
  return sum;
}

/** Formats milli-units of memory as the apiserver would show a MiB amount ("23028Mi"). */
export function mebibytes(n: number): string {
  return `${Math.round(n)}Mi`;
}
