/**
 * The results JSON file: `{ cluster, conformanceVersion, depth, requirements: [{ id, level,
 * verdict, status, reason, evidence, solution, durationMs, requests }] }` plus run metadata. Keys
 * are written in a fixed order so the same results give the same bytes.
 */
import type { RequirementResult, RunResults } from '../types.js';

export function renderResultsJson(results: RunResults): string {
  const doc = {
    cluster: results.cluster,
    conformanceVersion: results.conformanceVersion,
    depth: results.depth,
    runId: results.runId,
    startedAt: results.startedAt,
    finishedAt: results.finishedAt,
    ...(results.durationMs !== undefined ? { durationMs: results.durationMs } : {}),
    ...(results.requests !== undefined ? { requests: results.requests } : {}),
    ...(results.sharedRequests !== undefined ? { sharedRequests: results.sharedRequests } : {}),
    summary: summarize(results.requirements),
    requirements: results.requirements.map(r => ({
      id: r.id,
      level: r.level,
      category: r.category,
      verdict: r.verdict,
      status: r.status,
      reason: r.reason,
      evidence: r.evidence,
      solution: r.solution,
      depth: r.depth,
      durationMs: r.durationMs,
      requests: r.requests
    }))
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function summarize(reqs: RequirementResult[]): Record<string, number> {
  const out: Record<string, number> = { pass: 0, partial: 0, fail: 0, 'not-applicable': 0, error: 0 };
  for (const r of reqs) out[r.verdict]++;
  return out;
}
