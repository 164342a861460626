import { describe, expect, it } from '@jest/globals';
import { changeOf, COMMENT_LIMIT, displayId, renderStatusTable } from '../../src/render/table.js';
import { runResults } from '../helpers/results.js';

const before = new Map([
  ['gang_scheduling', 'Implemented'],
  ['ai_inference', 'Implemented'],
  ['dra_support', 'Not Implemented'],
  ['accelerator_metrics', 'Partially Implemented']
]);

describe('status table', () => {
  it('puts regressions first, then the rest in checklist order', () => {
    const results = runResults({
      ai_inference: 'fail',
      gang_scheduling: 'partial',
      dra_support: 'pass',
      pod_autoscaling: 'error'
    });
    const text = renderStatusTable({
      results,
      before,
      beforeLabel: 'main 1234567',
      runUrl: 'https://github.com/acme/cluster/actions/runs/1',
      reportPath: 'PRODUCT.md'
    });
    const rows = text.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| Requirement'));
    expect(rows[0]).toMatch(
      /^\| AI Inference \| MUST \| ✅ Implemented \| ❌ Not Implemented \| ⬇️ regression \|$/
    );
    expect(rows[1]).toMatch(
      /^\| Gang Scheduling \| MUST \| ✅ Implemented \| 🟡 Partially Implemented \| ⬇️ regression \|$/
    );
    expect(rows[2]).toMatch(/^\| DRA Support .*⬆️ improved/);
    expect(rows).toHaveLength(results.requirements.length);
    expect(text).toContain(
      '2 regressions against main 1234567: AI Inference (Implemented → Not Implemented), Gang Scheduling (Implemented → Partially Implemented)'
    );
    expect(text).toMatch(/Pod Autoscaling \| MUST \| — \| ⚠️ Error \(status kept\) \| ⚠️ not verified/);
    expect(text).toContain('[Workflow run](https://github.com/acme/cluster/actions/runs/1)');
  });

  it('counts verdicts and MUST/SHOULD passes', () => {
    const results = runResults({ ai_inference: 'fail', gang_scheduling: 'not-applicable' });
    const text = renderStatusTable({ results, before: null, runUrl: null, reportPath: 'PRODUCT.md' });
    const total = results.requirements.length;
    const musts = results.requirements.filter(r => r.level === 'MUST').length;
    expect(text).toContain(`**${total - 2}/${total} implemented** · MUST ${musts - 2}/${musts}`);
    expect(text).toContain('❌ 1 · ⚪ 1 · ⚠️ 0 error');
  });

  it('lists failing, partial and errored checks with reasons in a collapsible section', () => {
    const results = runResults(
      { ai_inference: 'fail', gang_scheduling: 'partial', pod_autoscaling: 'error' },
      { ai_inference: 'no Gateway API | CRDs <missing>' }
    );
    const text = renderStatusTable({ results, before: null, runUrl: null, reportPath: 'PRODUCT.md' });
    const details = text.slice(text.indexOf('<details>'), text.indexOf('</details>'));
    expect(details).toContain('Reasons: 3 failing, partial or errored checks');
    expect(details).toContain('- **AI Inference** (MUST, fail): no Gateway API \\| CRDs &lt;missing&gt;');
    expect(details).toContain('**Gang Scheduling** (MUST, partial)');
    expect(details).toContain('**Pod Autoscaling** (MUST, error)');
    expect(details).not.toContain('Accelerator Metrics');
  });

  it('neutralises mentions and line breaks coming from the cluster', () => {
    const results = runResults(
      { ai_inference: 'fail' },
      { ai_inference: 'ping @octocat\n| injected | row |' }
    );
    const text = renderStatusTable({ results, before: null, runUrl: null, reportPath: 'PRODUCT.md' });
    expect(text).not.toContain('@octocat');
    expect(text.split('\n').filter(l => l.includes('injected'))).toHaveLength(1);
  });

  it('stays under the comment limit with huge reasons, and says what was shortened', () => {
    const verdicts = Object.fromEntries(runResults().requirements.map(r => [r.id, 'fail' as const]));
    const reasons = Object.fromEntries(
      runResults().requirements.map(r => [r.id, `${r.id}: ${'x'.repeat(20_000)}`])
    );
    const results = runResults(verdicts, reasons);
    for (const r of results.requirements)
      r.evidence = Array.from({ length: 500 }, (_, i) => `evidence line ${i} ${'y'.repeat(200)}`);
    const text = renderStatusTable(
      { results, before, runUrl: null, reportPath: 'PRODUCT.md' },
      { maxChars: COMMENT_LIMIT - 200, fullReasonsIn: 'the job summary' }
    );
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT - 200);
    expect(text).toContain('_Reasons shortened to fit the size limit; the job summary has them in full._');
    // Every requirement still has its row, and every failing one its reason line.
    for (const r of results.requirements) expect(text).toContain(`**${displayId(r.id)}** (`);
  });

  it('drops reason lines last, and counts what it left out', () => {
    const results = runResults(
      Object.fromEntries(runResults().requirements.map(r => [r.id, 'fail' as const]))
    );
    const text = renderStatusTable(
      { results, before: null, runUrl: null, reportPath: 'PRODUCT.md' },
      { maxChars: 1300 }
    );
    expect(text.length).toBeLessThanOrEqual(1300);
    expect(text).toMatch(/- … and \d+ more/);
  });

  it('says nothing is shortened when nothing is', () => {
    const text = renderStatusTable({
      results: runResults({ ai_inference: 'fail' }),
      before: null,
      runUrl: null,
      reportPath: 'PRODUCT.md'
    });
    expect(text).not.toContain('shortened');
    expect(text).toContain('observed ai_inference');
  });

  it('classifies changes', () => {
    expect(changeOf('Implemented', 'fail')).toBe('regression');
    expect(changeOf('Partially Implemented', 'pass')).toBe('improvement');
    expect(changeOf('implemented', 'pass')).toBe('same');
    expect(changeOf(undefined, 'pass')).toBe('new');
    expect(changeOf('Implemented', 'error')).toBe('unverified');
    expect(changeOf('N/A', 'pass')).toBe('changed');
    expect(displayId('ai_service_metrics')).toBe('AI Service Metrics');
  });
});
