/**
 * The PromQL a detect check sends: `vector(1)`, a metric name, a selector with =, !=, =~, !~
 * matchers (including `{__name__=~"..."}`), and sum/count/max/min/avg with an optional
 * `by (labels)`. Anything else is a bad_data error naming what is not supported.
 */
import type { Sample } from './dcgm.js';

export class PromQLError extends Error {}

export interface Series {
  metric: Record<string, string>;
  value: number;
}

function splitMatchers(body: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"' && body[i - 1] !== '\\') quoted = !quoted;
    if (c === ',' && !quoted) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function select(expr: string, data: Sample[]): Series[] {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(?:\{(.*)\})?$/s.exec(expr.trim());
  if (!m || (!m[1] && m[2] === undefined)) throw new PromQLError(`unsupported expression ${JSON.stringify(expr)}`);
  const matchers = (m[2] ? splitMatchers(m[2]) : []).map(x => {
    const mm = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"$/.exec(x);
    if (!mm) throw new PromQLError(`unsupported label matcher ${JSON.stringify(x)}`);
    return { label: mm[1], op: mm[2], value: mm[3].replace(/\\(.)/g, '$1') };
  });
  if (m[1]) matchers.push({ label: '__name__', op: '=', value: m[1] });
  return data
    .filter(s =>
      matchers.every(({ label, op, value }) => {
        const v = label === '__name__' ? s.name : (s.labels[label] ?? '');
        if (op === '=') return v === value;
        if (op === '!=') return v !== value;
        const re = new RegExp(`^(?:${value})$`);
        return op === '=~' ? re.test(v) : !re.test(v);
      })
    )
    .map(s => ({ metric: { __name__: s.name, ...s.labels }, value: s.value }));
}

export function evaluate(query: string, data: Sample[]): Series[] {
  const q = query.trim();
  const vec = /^vector\(\s*(-?\d+(?:\.\d+)?)\s*\)$/.exec(q);
  if (vec) return [{ metric: {}, value: Number(vec[1]) }];
  const agg = /^(sum|count|max|min|avg)\s*(?:by\s*\(([^)]*)\))?\s*\((.*)\)\s*(?:by\s*\(([^)]*)\))?$/s.exec(q);
  if (agg) {
    const by = (agg[2] ?? agg[4] ?? '')
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
    const inner = evaluate(agg[3], data);
    const groups = new Map<string, { metric: Record<string, string>; values: number[] }>();
    for (const s of inner) {
      const metric: Record<string, string> = {};
      for (const l of by) if (s.metric[l] !== undefined) metric[l] = s.metric[l];
      const k = JSON.stringify(metric);
      if (!groups.has(k)) groups.set(k, { metric, values: [] });
      groups.get(k)!.values.push(s.value);
    }
    const f = agg[1];
    return Array.from(groups.values()).map(({ metric, values }) => ({
      metric,
      value:
        f === 'count'
          ? values.length
          : f === 'sum'
            ? values.reduce((a, b) => a + b, 0)
            : f === 'max'
              ? Math.max(...values)
              : f === 'min'
                ? Math.min(...values)
                : values.reduce((a, b) => a + b, 0) / values.length
    }));
  }
  // A plain selector keeps __name__ out of the result labels, as Prometheus does for functions only.
  return select(q, data);
}
