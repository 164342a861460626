/**
 * JUnit XML: one testcase per requirement. fail and partial are <failure> (type "fail" or
 * "partial"), error is <error>, not-applicable is <skipped>; the reason is the message and, with the
 * evidence, the body. Text from the cluster is XML-escaped and stripped of characters XML forbids.
 */
import type { RequirementResult, RunResults } from '../types.js';

export function renderJunit(results: RunResults): string {
  const reqs = results.requirements;
  const count = (f: (r: RequirementResult) => boolean): number => reqs.filter(f).length;
  const failures = count(r => r.verdict === 'fail' || r.verdict === 'partial');
  const errors = count(r => r.verdict === 'error');
  const skipped = count(r => r.verdict === 'not-applicable');
  const time = seconds(results.durationMs ?? reqs.reduce((n, r) => Math.max(n, r.durationMs), 0));
  const name = `Kubernetes AI Conformance ${results.conformanceVersion} (${results.depth})`;
  const counts = `tests="${reqs.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}"`;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="${attr(name)}" ${counts}>`);
  out.push(`  <testsuite name="${attr(name)}" ${counts} timestamp="${attr(results.startedAt)}">`);
  out.push('    <properties>');
  const props: Array<[string, string]> = [
    ['cluster.version', results.cluster.version],
    ['conformanceVersion', results.conformanceVersion],
    ['depth', results.depth],
    ['runId', results.runId]
  ];
  for (const [k, v] of props) out.push(`      <property name="${attr(k)}" value="${attr(v)}"/>`);
  out.push('    </properties>');
  for (const r of reqs) out.push(...testcase(r));
  out.push('  </testsuite>', '</testsuites>', '');
  return out.join('\n');
}

function testcase(r: RequirementResult): string[] {
  const head = `    <testcase classname="ai-conformance.${attr(r.category)}" name="${attr(r.id)}" time="${seconds(r.durationMs)}">`;
  const body = text(details(r));
  const lines = [head, '      <properties>'];
  lines.push(`        <property name="level" value="${r.level}"/>`);
  lines.push(`        <property name="verdict" value="${r.verdict}"/>`);
  lines.push(`        <property name="requests" value="${r.requests}"/>`);
  if (r.solution) lines.push(`        <property name="solution" value="${attr(r.solution)}"/>`);
  lines.push('      </properties>');
  switch (r.verdict) {
    case 'fail':
    case 'partial':
      lines.push(
        `      <failure type="${r.verdict}" message="${attr(`${r.level} ${r.verdict}: ${r.reason}`)}">${body}</failure>`
      );
      break;
    case 'error':
      lines.push(
        `      <error type="error" message="${attr(`${r.level} error: ${r.reason}`)}">${body}</error>`
      );
      break;
    case 'not-applicable':
      lines.push(`      <skipped message="${attr(`not applicable: ${r.reason}`)}"/>`);
      lines.push(`      <system-out>${body}</system-out>`);
      break;
    case 'pass':
      lines.push(`      <system-out>${body}</system-out>`);
      break;
  }
  lines.push('    </testcase>');
  return lines;
}

function details(r: RequirementResult): string {
  const parts = [`${r.verdict}: ${r.reason}`];
  if (r.solution) parts.push(`solution: ${r.solution}`);
  if (r.evidence.length) parts.push(['evidence:', ...r.evidence.map(e => `- ${e}`)].join('\n'));
  return parts.join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Characters XML 1.0 allows: tab, newline, carriage return, and the printable ranges. */
// eslint-disable-next-line no-control-regex -- naming control characters is the point here
const ILLEGAL = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function text(s: string): string {
  return s.replace(ILLEGAL, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function attr(s: string): string {
  return text(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
