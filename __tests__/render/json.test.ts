import { describe, expect, it } from '@jest/globals';
import { renderResultsJson } from '../../src/render/json.js';
import { runResults } from '../helpers/results.js';

describe('renderResultsJson', () => {
  it('writes the documented fields for the run and every requirement', () => {
    const results = {
      ...runResults({ cluster_autoscaling: 'not-applicable', ai_inference: 'error' }),
      requests: 60,
      sharedRequests: 9,
      durationMs: 420
    };
    const doc = JSON.parse(renderResultsJson(results));
    expect(doc.cluster).toEqual({ version: 'v1.34.1', major: '1', minor: '34' });
    expect(doc.conformanceVersion).toBe('1.34');
    expect(doc.depth).toBe('detect');
    expect(doc.requests).toBe(60);
    expect(doc.summary).toEqual({ pass: 7, partial: 0, fail: 0, 'not-applicable': 1, error: 1 });
    expect(doc.requirements).toHaveLength(9);
    const ai = doc.requirements.find((r: { id: string }) => r.id === 'ai_inference');
    for (const key of [
      'id',
      'level',
      'verdict',
      'status',
      'reason',
      'evidence',
      'solution',
      'durationMs',
      'requests'
    ])
      expect(ai).toHaveProperty(key);
    expect(ai).toMatchObject({ level: 'MUST', verdict: 'error', status: null });
  });

  it('gives the same bytes for the same results, ending in a newline', () => {
    const a = renderResultsJson(runResults());
    expect(renderResultsJson(runResults())).toBe(a);
    expect(a.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(a)).slice(0, 3)).toEqual(['cluster', 'conformanceVersion', 'depth']);
  });
});
