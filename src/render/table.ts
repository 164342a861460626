/**
 * The status table shared by the PR comment and the job summary: this run against the status
 * before (regressions first), counts, the reasons of failing, partial and errored checks in a
 * collapsible section, and a link to the run. It always fits the size it is given: reasons are
 * shortened, then left out, and the text says so.
 */
import type { RequirementResult, RunResults, Verdict } from '../types.js';
import { displayId } from './product-md.js';

export { displayId };

/** GitHub rejects issue comments longer than this many characters. */
export const COMMENT_LIMIT = 65_536;

export interface StatusTableInput {
  results: RunResults;
  /** PRODUCT.yaml status per requirement id before this run; null when unknown. */
  before: ReadonlyMap<string, string> | null;
  /** Where "before" comes from, e.g. "main (a1b2c3d)". */
  beforeLabel?: string;
  runUrl: string | null;
  reportPath: string;
  /** Lines shown under the heading (e.g. why no commit was made). */
  notices?: string[];
}

export interface RenderLimits {
  /** Hard cap on the returned text, in UTF-16 code units (what GitHub counts). */
  maxChars: number;
  /** Where else the full reasons are, named in the "shortened" note. */
  fullReasonsIn?: string;
}

const NOW: Record<Verdict, string> = {
  pass: '✅ Implemented',
  partial: '🟡 Partially Implemented',
  fail: '❌ Not Implemented',
  'not-applicable': '⚪ N/A',
  error: '⚠️ Error (status kept)'
};

const RANK: Record<string, number> = { implemented: 3, 'partially implemented': 2, 'not implemented': 1 };

export type Change = 'regression' | 'improvement' | 'new' | 'unverified' | 'changed' | 'same';

/** How a requirement moved from the status before to this run's verdict. */
export function changeOf(before: string | undefined, verdict: Verdict): Change {
  if (verdict === 'error') return 'unverified';
  const now = NOW[verdict].replace(/^\S+ /, '').toLowerCase();
  const was = (before ?? '').trim().toLowerCase();
  if (!was) return 'new';
  if (was === now) return 'same';
  const a = RANK[was];
  const b = RANK[now];
  if (a !== undefined && b !== undefined) return b < a ? 'regression' : 'improvement';
  return 'changed';
}

const CHANGE_LABEL: Record<Change, string> = {
  regression: '⬇️ regression',
  improvement: '⬆️ improved',
  new: '🆕',
  unverified: '⚠️ not verified',
  changed: '↔️ changed',
  same: ''
};

export function renderStatusTable(
  input: StatusTableInput,
  limits: RenderLimits = { maxChars: COMMENT_LIMIT }
): string {
  // Each step gives up detail until the text fits: full reasons with evidence, reasons only,
  // shorter reasons, then fewer of them.
  const attempts: DetailLimits[] = [
    { evidence: 20, reasonChars: Infinity, items: Infinity },
    { evidence: 0, reasonChars: Infinity, items: Infinity },
    { evidence: 0, reasonChars: 500, items: Infinity },
    { evidence: 0, reasonChars: 160, items: Infinity },
    { evidence: 0, reasonChars: 60, items: Infinity }
  ];
  for (const detail of attempts) {
    const text = compose(input, detail, limits);
    if (text.length <= limits.maxChars) return text;
  }
  for (let items = failing(input.results).length - 1; items >= 0; items--) {
    const text = compose(input, { evidence: 0, reasonChars: 60, items }, limits);
    if (text.length <= limits.maxChars) return text;
  }
  // Only a pathological table gets here: cut it and say so.
  const note = `\n\n_Cut to fit the ${limits.maxChars}-character limit._\n`;
  const text = compose(input, { evidence: 0, reasonChars: 60, items: 0 }, limits);
  return text.slice(0, Math.max(0, limits.maxChars - note.length)) + note;
}

interface DetailLimits {
  evidence: number;
  reasonChars: number;
  items: number;
}

function failing(results: RunResults): RequirementResult[] {
  return results.requirements.filter(
    r => r.verdict === 'fail' || r.verdict === 'partial' || r.verdict === 'error'
  );
}

function compose(input: StatusTableInput, detail: DetailLimits, limits: RenderLimits): string {
  const { results, before } = input;
  const rows = results.requirements.map(r => ({ r, change: changeOf(before?.get(r.id), r.verdict) }));
  const regressions = rows.filter(x => x.change === 'regression');
  const ordered = [...regressions, ...rows.filter(x => x.change !== 'regression')];

  const out: string[] = [];
  out.push(`### Kubernetes AI Conformance ${results.conformanceVersion} (${results.depth})`, '');
  out.push(countsLine(results), '');
  for (const notice of input.notices ?? []) out.push(`> ${cell(notice)}`, '');
  if (regressions.length > 0) {
    const list = regressions.map(
      x => `${displayId(x.r.id)} (${before?.get(x.r.id)} → ${NOW[x.r.verdict].replace(/^\S+ /, '')})`
    );
    out.push(
      `> [!WARNING]`,
      `> ${regressions.length} regression${regressions.length > 1 ? 's' : ''} against ${input.beforeLabel ?? 'the previous status'}: ${cell(list.join(', '))}`,
      ''
    );
  }
  const beforeHeader = before
    ? `Before${input.beforeLabel ? ` (${cell(input.beforeLabel)})` : ''}`
    : 'Before';
  out.push(`| Requirement | Level | ${beforeHeader} | This run | Change |`, '|:--|:-:|:--|:--|:--|');
  for (const { r, change } of ordered) {
    const was = before?.get(r.id);
    out.push(
      `| ${displayId(r.id)} | ${r.level} | ${was ? statusCell(was) : '—'} | ${NOW[r.verdict]} | ${CHANGE_LABEL[change]} |`
    );
  }
  out.push('');

  const bad = failing({ ...results, requirements: ordered.map(x => x.r) }); // regressions first here too
  if (bad.length > 0) {
    const shown = bad.slice(0, detail.items);
    out.push(
      `<details><summary>Reasons: ${bad.length} failing, partial or errored check${bad.length > 1 ? 's' : ''}</summary>`,
      ''
    );
    for (const r of shown) {
      out.push(
        `- **${displayId(r.id)}** (${r.level}, ${r.verdict}): ${shorten(cell(r.reason), detail.reasonChars)}`
      );
      for (const line of r.evidence.slice(0, detail.evidence)) out.push(`  - ${shorten(cell(line), 300)}`);
    }
    const shortened =
      shown.length < bad.length ||
      bad.some(
        r =>
          r.evidence.length > detail.evidence ||
          cell(r.reason).length > detail.reasonChars ||
          r.evidence.some(e => cell(e).length > 300)
      );
    if (shown.length < bad.length) out.push(`- … and ${bad.length - shown.length} more`);
    out.push('', '</details>', '');
    if (shortened) {
      out.push(
        `_Reasons shortened to fit the size limit; ${limits.fullReasonsIn ?? 'the results JSON'} has them in full._`,
        ''
      );
    }
  }
  const links = [
    input.runUrl ? `[Workflow run](${input.runUrl})` : null,
    `Report: \`${input.reportPath.replace(/`/g, '')}\``
  ].filter(Boolean);
  out.push(links.join(' · '), '');
  return out.join('\n');
}

function countsLine(results: RunResults): string {
  const count = (v: Verdict): number => results.requirements.filter(r => r.verdict === v).length;
  const total = results.requirements.length;
  const level = (l: 'MUST' | 'SHOULD'): string => {
    const of = results.requirements.filter(r => r.level === l);
    return `${l} ${of.filter(r => r.verdict === 'pass').length}/${of.length}`;
  };
  const levels = (['MUST', 'SHOULD'] as const)
    .filter(l => results.requirements.some(r => r.level === l))
    .map(level);
  return (
    `**${count('pass')}/${total} implemented** · ${[...levels, ''].join(' · ').replace(/ · $/, '')} — ` +
    `✅ ${count('pass')} · 🟡 ${count('partial')} · ❌ ${count('fail')} · ⚪ ${count('not-applicable')} · ⚠️ ${count('error')} error`
  );
}

function statusCell(status: string): string {
  const s = status.trim().toLowerCase();
  const icon =
    s === 'implemented'
      ? '✅'
      : s === 'partially implemented'
        ? '🟡'
        : s === 'not implemented'
          ? '❌'
          : s === 'n/a'
            ? '⚪'
            : '⬜';
  return `${icon} ${cell(status)}`;
}

/**
 * Text from the cluster made safe for one markdown table cell or list line: no line breaks, no
 * table pipes, no HTML, no @-mentions that would notify people.
 */
export function cell(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/@/g, '&#64;');
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  // Do not cut inside an HTML entity.
  let cut = text.slice(0, Math.max(0, max - 1));
  cut = cut.replace(/&[#a-z0-9]*$/i, '');
  return `${cut}…`;
}
