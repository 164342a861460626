import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { applyVerdicts, type ProductVerdict } from '../../src/product/apply.js';
import { ProductError } from '../../src/product/errors.js';
import { parseProduct, type ProductDocument } from '../../src/product/load.js';
import { STATUSES } from '../../src/types.js';

const productsDir = '__fixtures__/cncf/products';
const templatesDir = '__fixtures__/cncf/templates';
const files = [
  ...readdirSync(productsDir).flatMap(v =>
    readdirSync(`${productsDir}/${v}`).map(p => `${productsDir}/${v}/${p}/PRODUCT.yaml`)
  ),
  ...readdirSync(templatesDir).map(f => `${templatesDir}/${f}`)
];

const load = (path: string) => parseProduct(readFileSync(path, 'utf8'), path);
const apply = (doc: ProductDocument, ...verdicts: ProductVerdict[]) => applyVerdicts(doc, verdicts);

/** The lines that differ, compared line by line (the line count must not change). */
function changedLines(before: string, after: string): Array<[number, string, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [[i + 1, line, b[i]] as [number, string, string]]));
}

/** Lines added to `before` (all other lines must stay, in order). */
function addedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const added: string[] = [];
  let i = 0;
  for (const line of b) {
    if (i < a.length && line === a[i]) i++;
    else added.push(line);
  }
  expect(i).toBe(a.length);
  return added;
}

describe('applyVerdicts on the CNCF files', () => {
  it('covers the six products and five templates', () => {
    expect(files).toHaveLength(11);
  });

  it.each(files)('%s: no verdict, or the same status, leaves every byte as it was', path => {
    const doc = load(path);
    expect(apply(doc).document.text).toBe(readFileSync(path, 'utf8'));
    for (const req of doc.product.requirements) {
      if (!(STATUSES as readonly string[]).includes(req.status ?? '')) continue;
      const result = apply(doc, { id: req.id, status: req.status as ProductVerdict['status'] });
      expect(result.changed).toEqual([]);
      expect(result.document).toBe(doc);
    }
  });

  it.each(files)('%s: another status changes exactly the status line, quoting and comment kept', path => {
    const doc = load(path);
    for (const req of doc.product.requirements) {
      const status = req.status === 'Partially Implemented' ? 'Implemented' : 'Partially Implemented';
      const result = apply(doc, { id: req.id, status });
      expect(result.changed).toEqual([req.id]);
      const diff = changedLines(doc.text, result.document.text);
      expect(diff).toHaveLength(1);
      const [line, before, after] = diff[0];
      expect(line).toBe(req.lines.status);
      // Only the value changes: "X" → "Partially Implemented" in the same quotes, rest of line as it was.
      const m = /^(\s*status: )(["']?)(.*?)\2(\s*(#.*)?)$/.exec(before)!;
      expect(after).toBe(`${m[1]}${m[2]}${status}${m[2]}${m[4]}`);
      expect(result.document.product.requirements.find(r => r.path === req.path)?.status).toBe(status);
    }
  });
});

describe('applyVerdicts evidence and notes', () => {
  it('appends one evidence entry to a block list in the style of the last entry, once', () => {
    const path = `${productsDir}/v1.34/kubermatic/PRODUCT.yaml`;
    const doc = load(path);
    const url = 'https://example.com/run/1';
    const result = apply(doc, { id: 'ai_inference', status: 'Implemented', evidence: url });
    expect(result.changed).toEqual(['ai_inference']);
    expect(addedLines(doc.text, result.document.text)).toEqual([`        - ${url}`]);
    const lines = result.document.text.split('\n');
    expect(lines.indexOf(`        - ${url}`)).toBe(
      lines.indexOf(
        '        - https://docs.kubermatic.com/kubermatic/v2.29/tutorials-howtos/networking/ai-inference-routing/'
      ) + 1
    );
    // Again: already listed, nothing changes.
    const again = apply(result.document, { id: 'ai_inference', status: 'Implemented', evidence: url });
    expect(again.changed).toEqual([]);
    expect(again.document.text).toBe(result.document.text);
  });

  it('appends after an entry with a trailing comment, keeping the comment on its line', () => {
    const doc = load(`${productsDir}/v1.34/eks/PRODUCT.yaml`);
    const result = apply(doc, { id: 'cluster_autoscaling', status: 'Implemented', evidence: 'results.json' });
    expect(addedLines(doc.text, result.document.text)).toEqual(['        - "results.json"']);
    expect(
      result.document.product.requirements.find(r => r.id === 'cluster_autoscaling')?.evidence.at(-1)
    ).toBe('results.json');
  });

  it("fills the template's empty flow list in place, keeping the comment", () => {
    const doc = load(`${templatesDir}/AIConformance-1.34.yaml`);
    const result = apply(doc, {
      id: 'dra_support',
      status: 'Implemented',
      evidence: 'https://example.com/e'
    });
    expect(changedLines(doc.text, result.document.text).map(d => d[2])).toEqual([
      '      status: "Implemented"   # Implemented, Not Implemented, Partially Implemented, N/A',
      '      evidence: ["https://example.com/e"] # List of URLs or references to documentation/test results'
    ]);
  });

  it('writes notes only for N/A and only when they are empty', () => {
    const doc = load(`${templatesDir}/AIConformance-1.35.yaml`);
    const na = apply(doc, { id: 'gpu_sharing', status: 'N/A', notes: 'No "shared" GPUs' });
    expect(changedLines(doc.text, na.document.text).map(d => d[2])).toEqual([
      '      status: "N/A"',
      '      notes: "No \\"shared\\" GPUs"'
    ]);
    expect(na.changes[0]).toMatchObject({
      id: 'gpu_sharing',
      from: '',
      to: 'N/A',
      notesWritten: 'No "shared" GPUs'
    });
    expect(na.document.product.requirements.find(r => r.id === 'gpu_sharing')?.notes).toBe(
      'No "shared" GPUs'
    );

    const notNa = apply(doc, { id: 'gpu_sharing', status: 'Not Implemented', notes: 'ignored' });
    expect(changedLines(doc.text, notNa.document.text).map(d => d[2])).toEqual([
      '      status: "Not Implemented"'
    ]);

    const kept = apply(load(`${productsDir}/v1.33/daocloud/PRODUCT.yaml`), {
      id: 'dra_support',
      status: 'N/A',
      notes: 'other'
    });
    expect(kept.changed).toEqual([]);
  });

  it('changes several requirements at once and reports them in verdict order', () => {
    const doc = load(`${productsDir}/v1.34/gke/PRODUCT.yaml`);
    const result = apply(
      doc,
      { id: 'robust_controller', status: 'Not Implemented' },
      { id: 'dra_support', status: 'Implemented' },
      { id: 'gang_scheduling', status: 'Partially Implemented', evidence: 'https://example.com/g' }
    );
    expect(result.changed).toEqual(['robust_controller', 'gang_scheduling']);
    expect(result.changes.map(c => [c.id, c.from, c.to])).toEqual([
      ['robust_controller', 'Implemented', 'Not Implemented'],
      ['gang_scheduling', 'Implemented', 'Partially Implemented']
    ]);
  });

  it('rejects an unknown id, a bad status and two verdicts for one id, naming the file and path', () => {
    const path = `${productsDir}/v1.34/gke/PRODUCT.yaml`;
    const doc = load(path);
    expect(() => apply(doc, { id: 'nope', status: 'Implemented' })).toThrow(ProductError);
    expect(() => apply(doc, { id: 'nope', status: 'Implemented' })).toThrow(
      `${path}:15: spec: no requirement with id "nope" (this file has: dra_support, ai_inference, gang_scheduling, cluster_autoscaling, pod_autoscaling, accelerator_metrics, ai_service_metrics, secure_accelerator_access, robust_controller)`
    );
    expect(() => apply(doc, { id: 'dra_support', status: 'Done' as never })).toThrow(
      `${path}:17: spec.accelerators[0].status: cannot write status "Done": expected one of Implemented, Partially Implemented, Not Implemented, N/A`
    );
    expect(() =>
      apply(doc, { id: 'dra_support', status: 'Implemented' }, { id: 'dra_support', status: 'N/A' })
    ).toThrow(`${path}: spec: two verdicts for dra_support: give one per requirement`);
  });
});

describe('applyVerdicts on other shapes', () => {
  const base = (req: string) => `metadata:\n  kubernetesVersion: v1.34\nspec:\n  accelerators:\n${req}`;

  it.each([
    ['a plain status', '    - id: dra_support\n      status: Implemented\n', '      status: Not Implemented'],
    [
      'a single-quoted status',
      "    - id: dra_support\n      status: 'Implemented' # c\n",
      "      status: 'Not Implemented' # c"
    ],
    ['an empty status', '    - id: dra_support\n      status:\n', '      status: "Not Implemented"'],
    [
      'an empty status with a comment',
      '    - id: dra_support\n      status:   # fill in\n',
      '      status: "Not Implemented"   # fill in'
    ],
    ['a ~ status', '    - id: dra_support\n      status: ~\n', '      status: "Not Implemented"']
  ])('changes %s in place', (_name, req, expected) => {
    const doc = parseProduct(base(req), 'P.yaml');
    const result = applyVerdicts(doc, [{ id: 'dra_support', status: 'Not Implemented' }]);
    expect(changedLines(doc.text, result.document.text).map(d => d[2])).toEqual([expected]);
  });

  it("adds a missing status, evidence and notes after the template's neighbours", () => {
    const doc = parseProduct(
      base('    - id: dra_support\n      level: MUST\n    - id: gpu_sharing\n'),
      'P.yaml'
    );
    const result = applyVerdicts(doc, [
      { id: 'dra_support', status: 'N/A', evidence: 'e.log', notes: 'none here' }
    ]);
    expect(result.document.text).toBe(
      base(
        '    - id: dra_support\n      level: MUST\n      status: "N/A"\n      evidence: ["e.log"]\n      notes: "none here"\n    - id: gpu_sharing\n'
      )
    );
  });

  it('turns a single-string evidence into a list that keeps it as written', () => {
    const doc = parseProduct(
      base("    - id: dra_support\n      evidence: 'https://example.com/a' # doc\n"),
      'P.yaml'
    );
    const result = applyVerdicts(doc, [
      { id: 'dra_support', status: 'Implemented', evidence: 'https://example.com/b' }
    ]);
    expect(result.document.text).toBe(
      base(
        '    - id: dra_support\n      status: "Implemented"\n      evidence: [\'https://example.com/a\', "https://example.com/b"] # doc\n'
      )
    );
    expect(result.document.product.requirements[0].evidence).toEqual([
      'https://example.com/a',
      'https://example.com/b'
    ]);
    const plain = parseProduct(
      base('    - id: dra_support\n      evidence: https://example.com/a,b\n'),
      'P.yaml'
    );
    const fromPlain = applyVerdicts(plain, [{ id: 'dra_support', status: 'Implemented', evidence: 'x' }]);
    expect(fromPlain.document.product.requirements[0].evidence).toEqual(['https://example.com/a,b', 'x']);
    const na = parseProduct(base('    - id: dra_support\n      evidence: N/A\n'), 'P.yaml');
    expect(
      applyVerdicts(na, [{ id: 'dra_support', status: 'Implemented', evidence: 'x' }]).document.product
        .requirements[0].evidence
    ).toEqual(['x']);
  });

  it('appends inside a non-empty flow list and to an empty evidence key', () => {
    const doc = parseProduct(
      base("    - id: dra_support\n      evidence: [a, 'b']\n    - id: gpu_sharing\n      evidence:\n"),
      'P.yaml'
    );
    const result = applyVerdicts(doc, [
      { id: 'dra_support', status: 'Implemented', evidence: 'c' },
      { id: 'gpu_sharing', status: 'Implemented', evidence: 'd' }
    ]);
    expect(result.document.text).toContain("      evidence: [a, 'b', 'c']\n");
    expect(result.document.text).toContain('      evidence: ["d"]\n');
  });

  it.each([
    [
      'a block-scalar status and a list with a multi-line entry and comments',
      '    - id: dra_support\n      status: |\n        Implemented\n      evidence:\n      - a\n      - b c\n        continued # x\n      # trailing comment\n      notes: >-\n        folded\n',
      '    - id: dra_support\n      status: "N/A"\n      evidence:\n      - a\n      - b c\n        continued # x\n      - https://e.x/new\n      # trailing comment\n      notes: >-\n        folded\n'
    ],
    [
      'an empty flow list with a space',
      '    - id: dra_support\n      status: Implemented\n      evidence: [ ]\n',
      '    - id: dra_support\n      status: N/A\n      evidence: [ "https://e.x/new"]\n      notes: "why"\n'
    ],
    [
      'empty notes and evidence keys, one with a comment',
      '    - id: dra_support\n      notes:\n      evidence:   # none yet\n',
      '    - id: dra_support\n      status: "N/A"\n      notes: "why"\n      evidence: ["https://e.x/new"]   # none yet\n'
    ],
    [
      'a block-scalar single evidence',
      '    - id: dra_support\n      evidence: |\n        block text\n',
      '    - id: dra_support\n      status: "N/A"\n      evidence: ["block text\\n", "https://e.x/new"]\n      notes: "why"\n'
    ],
    [
      'a last line without line break',
      '    - id: dra_support\n      status: Implemented',
      '    - id: dra_support\n      status: N/A\n      evidence: ["https://e.x/new"]\n      notes: "why"'
    ]
  ])('edits %s', (_name, req, expected) => {
    const doc = parseProduct(base(req), 'P.yaml');
    const result = applyVerdicts(doc, [
      { id: 'dra_support', status: 'N/A', evidence: 'https://e.x/new', notes: 'why' }
    ]);
    expect(result.document.text).toBe(base(expected));
  });

  it('keeps CRLF line endings and a flow-style requirement', () => {
    const crlf = base('    - id: dra_support\r\n      evidence:\r\n        - "a"\r\n').replace(
      /(?<!\r)\n/g,
      '\r\n'
    );
    const result = applyVerdicts(parseProduct(crlf, 'P.yaml'), [
      { id: 'dra_support', status: 'Implemented', evidence: 'b' }
    ]);
    expect(result.document.text).toBe(
      base(
        '    - id: dra_support\n      status: "Implemented"\n      evidence:\n        - "a"\n        - "b"\n'
      ).replace(/\n/g, '\r\n')
    );
    const flow = parseProduct(base('    - {id: dra_support, level: MUST}\n'), 'P.yaml');
    const fromFlow = applyVerdicts(flow, [{ id: 'dra_support', status: 'Implemented' }]);
    expect(fromFlow.document.text).toBe(
      base('    - {id: dra_support, level: MUST, status: "Implemented"}\n')
    );
  });
});
