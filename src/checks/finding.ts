/** Building Findings, and small text helpers the checks share. */
import type { Verdict } from '../types.js';
import type { Finding } from './types.js';

export function finding(
  verdict: Verdict,
  reason: string,
  evidence: string[] = [],
  solution: string | null = null
): Finding {
  return { verdict, reason, evidence, solution };
}

export const pass = (reason: string, evidence: string[] = [], solution: string | null = null): Finding =>
  finding('pass', reason, evidence, solution);
export const partial = (reason: string, evidence: string[] = [], solution: string | null = null): Finding =>
  finding('partial', reason, evidence, solution);
export const fail = (reason: string, evidence: string[] = [], solution: string | null = null): Finding =>
  finding('fail', reason, evidence, solution);
export const notApplicable = (
  reason: string,
  evidence: string[] = [],
  solution: string | null = null
): Finding => finding('not-applicable', reason, evidence, solution);

/** "1 node" / "3 nodes". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** "a, b and 3 more": a short list for a one-line reason. */
export function listShort(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Runs `fn` over items with at most `limit` in flight; results in input order. */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}
