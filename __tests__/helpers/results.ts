/** RunResults and PRODUCT.yaml texts for tests, built from the real 1.34 checklist. */
import { stringify } from 'yaml';
import { requirementSet } from '../../src/catalog/index.js';
import {
  CATEGORIES,
  statusForVerdict,
  type RequirementResult,
  type RunResults,
  type Verdict
} from '../../src/types.js';

/** Every 1.34 requirement passing, except the verdicts given. */
export function runResults(
  verdicts: Record<string, Verdict> = {},
  reasons: Record<string, string> = {}
): RunResults {
  const requirements: RequirementResult[] = requirementSet('1.34').requirements.map(r => {
    const verdict = verdicts[r.id] ?? 'pass';
    return {
      id: r.id,
      level: r.level,
      category: r.category,
      verdict,
      status: statusForVerdict(verdict),
      reason: reasons[r.id] ?? (verdict === 'pass' ? 'proven on the cluster' : `${r.id} is ${verdict}`),
      evidence: [`observed ${r.id}`],
      solution: null,
      depth: 'detect',
      durationMs: 12,
      requests: 3
    };
  });
  return {
    cluster: { version: 'v1.34.1', major: '1', minor: '34' },
    conformanceVersion: '1.34',
    depth: 'detect',
    runId: 'run-1',
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:01:00Z',
    requirements
  };
}

/** A PRODUCT.yaml with these statuses (others Implemented). */
export function productYaml(statuses: Record<string, string> = {}): string {
  const spec: Record<string, unknown[]> = {};
  for (const category of CATEGORIES) spec[category] = [];
  for (const r of requirementSet('1.34').requirements) {
    spec[r.category].push({
      id: r.id,
      description: r.description,
      level: r.level,
      status: statuses[r.id] ?? 'Implemented',
      evidence: [],
      notes: ''
    });
  }
  return stringify({
    metadata: { kubernetesVersion: 'v1.34', platformName: 'Test Platform', vendorName: 'Acme' },
    spec
  });
}
