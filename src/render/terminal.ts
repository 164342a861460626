/**
 * What `ai-conformance run` prints: one line per check as it finishes, then the status table and
 * the reasons of everything that did not pass. Plain text; text from the cluster is kept on one line.
 */
import type { RequirementResult, RunResults, Verdict } from '../types.js';
import { displayId } from './product-md.js';

const MARK: Record<Verdict, string> = {
  pass: '✓',
  partial: '~',
  fail: '✗',
  'not-applicable': '-',
  error: '!'
};

/** "[ 3/16] ✓ pass            dra_support  0.04 s". */
export function progressLine(r: RequirementResult, done: number, total: number): string {
  const width = String(total).length;
  return `[${String(done).padStart(width)}/${total}] ${MARK[r.verdict]} ${r.verdict.padEnd(14)} ${r.id.padEnd(28)} ${formatMs(r.durationMs)}\n`;
}

export function statusTable(results: RunResults): string {
  const rows = results.requirements.map(r => [
    displayId(r.id),
    r.level,
    r.verdict,
    r.status ?? '(unchanged: error)',
    formatMs(r.durationMs),
    String(r.requests)
  ]);
  const header = ['Requirement', 'Level', 'Verdict', 'PRODUCT.yaml status', 'Time', 'Requests'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const out: string[] = [];
  const took = results.durationMs !== undefined ? `, ${formatMs(results.durationMs)}` : '';
  const shared = results.sharedRequests ? ` (${results.sharedRequests} of them shared by all checks)` : '';
  const requests = results.requests !== undefined ? `, ${results.requests} API requests${shared}` : '';
  out.push(
    `Kubernetes AI Conformance ${results.conformanceVersion} (${results.depth}) on ${results.cluster.version}${took}${requests}`,
    ''
  );
  out.push(line(header), line(widths.map(w => '-'.repeat(w))));
  for (const row of rows) out.push(line(row));
  out.push('', counts(results));
  const notPassed = results.requirements.filter(r => r.verdict !== 'pass');
  if (notPassed.length > 0) {
    out.push('', 'Reasons:');
    for (const r of notPassed) out.push(`  ${r.id} (${r.level}, ${r.verdict}): ${oneLine(r.reason)}`);
  }
  return `${out.join('\n')}\n`;
}

function counts(results: RunResults): string {
  const level = (l: 'MUST' | 'SHOULD'): string | null => {
    const of = results.requirements.filter(r => r.level === l);
    if (of.length === 0) return null;
    const ok = of.filter(
      r => r.verdict === 'pass' || (l === 'MUST' && r.verdict === 'not-applicable')
    ).length;
    return `${l} ${ok}/${of.length}${l === 'MUST' ? ' passed or not applicable' : ' passed'}`;
  };
  const by = (v: Verdict): number => results.requirements.filter(r => r.verdict === v).length;
  const levels = [level('MUST'), level('SHOULD')].filter(Boolean).join(' · ');
  return `${levels} — pass ${by('pass')}, partial ${by('partial')}, fail ${by('fail')}, not-applicable ${by('not-applicable')}, error ${by('error')}`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
