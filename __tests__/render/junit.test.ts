import { describe, expect, it } from '@jest/globals';
import { attr, renderJunit, text } from '../../src/render/junit.js';
import { runResults } from '../helpers/results.js';

function testcase(xml: string, id: string): string {
  const m = new RegExp(`<testcase [^>]*name="${id}"[^>]*>([\\s\\S]*?)</testcase>`).exec(xml);
  if (!m) throw new Error(`no testcase ${id}`);
  return m[0];
}

describe('renderJunit', () => {
  const results = runResults(
    {
      gang_scheduling: 'fail',
      pod_autoscaling: 'partial',
      ai_inference: 'error',
      cluster_autoscaling: 'not-applicable'
    },
    { gang_scheduling: 'no gang scheduler found', ai_inference: 'not allowed to read /apis/x: 403 Forbidden' }
  );
  const xml = renderJunit(results);

  it('counts tests, failures (fail and partial), errors and skipped', () => {
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="Kubernetes AI Conformance 1.34 (detect)" tests="9" failures="2" errors="1" skipped="1"'
      )
    ).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(9);
  });

  it('keeps fail and error distinct, not-applicable skipped, reason and evidence in the body', () => {
    const gang = testcase(xml, 'gang_scheduling');
    expect(gang).toContain(
      '<failure type="fail" message="MUST fail: no gang scheduler found">fail: no gang scheduler found\nevidence:\n- observed gang_scheduling</failure>'
    );
    expect(testcase(xml, 'pod_autoscaling')).toContain('<failure type="partial"');
    const ai = testcase(xml, 'ai_inference');
    expect(ai).toContain(
      '<error type="error" message="MUST error: not allowed to read /apis/x: 403 Forbidden">'
    );
    expect(ai).not.toContain('<failure');
    expect(testcase(xml, 'cluster_autoscaling')).toContain(
      '<skipped message="not applicable: cluster_autoscaling is not-applicable"/>'
    );
    const pass = testcase(xml, 'dra_support');
    expect(pass).not.toMatch(/<(failure|error|skipped)/);
    expect(pass).toContain(
      '<system-out>pass: proven on the cluster\nevidence:\n- observed dra_support</system-out>'
    );
    expect(pass).toContain('classname="ai-conformance.accelerators"');
  });

  it('escapes text from the cluster and drops characters XML forbids', () => {
    const nasty = runResults(
      { dra_support: 'fail' },
      { dra_support: 'a <b> & "c" \'d\'\u0000\u001b[31m\nnext' }
    );
    const out = renderJunit(nasty);
    const dra = testcase(out, 'dra_support');
    expect(dra).toContain('message="MUST fail: a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;[31m&#10;next"');
    expect(dra).toContain('>fail: a &lt;b&gt; &amp; "c" \'d\'[31m\nnext');
    expect(out.includes('\u0000') || out.includes('\u001b')).toBe(false);
    expect(text('\ud800x')).toBe('x');
    expect(attr('a\tb')).toBe('a&#9;b');
  });
});
