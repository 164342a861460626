import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { copyFixture, run, snapshot, tempDir } from './helpers.js';

const eks = '__fixtures__/cncf/products/v1.34/eks/PRODUCT.yaml';

function diffLines(a: string, b: string): Array<[number, string]> {
  const x = a.split('\n');
  const y = b.split('\n');
  expect(y).toHaveLength(x.length);
  return x.flatMap((line, i) => (line === y[i] ? [] : [[i + 1, y[i]] as [number, string]]));
}

describe('ai-conformance set', () => {
  it('leaves the file untouched (bytes and mtime) for the same status', async () => {
    const cwd = tempDir();
    copyFixture(cwd, eks);
    const before = snapshot(cwd, 'PRODUCT.yaml');
    expect(
      await run(cwd, 'set', 'PRODUCT.yaml', '--id', 'gang_scheduling', '--status', 'Implemented')
    ).toEqual({
      code: 0,
      err: '',
      out: 'PRODUCT.yaml: gang_scheduling is already Implemented; file unchanged\n'
    });
    expect(snapshot(cwd, 'PRODUCT.yaml')).toEqual(before);
  });

  it('changes exactly the status line for another status', async () => {
    const cwd = tempDir();
    copyFixture(cwd, eks);
    const { code, out } = await run(
      cwd,
      'set',
      'PRODUCT.yaml',
      '--id',
      'gang_scheduling',
      '--status',
      'partially implemented'
    );
    expect(code).toBe(0);
    expect(out).toBe('PRODUCT.yaml:38: gang_scheduling: "Implemented" → "Partially Implemented"\n');
    expect(diffLines(readFileSync(eks, 'utf8'), readFileSync(join(cwd, 'PRODUCT.yaml'), 'utf8'))).toEqual([
      [38, '      status: "Partially Implemented"']
    ]);
  });

  it('adds evidence and writes N/A notes when the notes are empty', async () => {
    const cwd = tempDir();
    copyFixture(cwd, '__fixtures__/cncf/templates/AIConformance-1.36.yaml');
    const { code, out } = await run(
      cwd,
      'set',
      'PRODUCT.yaml',
      '--id',
      'disaggregated_inference',
      '--status',
      'N/A',
      '--notes',
      'No LLM serving offered.',
      '--evidence',
      'https://example.com/why'
    );
    expect(code).toBe(0);
    expect(out).toMatch(
      /^PRODUCT\.yaml:\d+: disaggregated_inference: "" → "N\/A"; evidence \+ https:\/\/example\.com\/why; notes written\n$/
    );
    const lines = readFileSync(join(cwd, 'PRODUCT.yaml'), 'utf8').split('\n');
    const at = lines.indexOf('    - id: disaggregated_inference');
    expect(lines.slice(at + 3, at + 6)).toEqual([
      '      status: "N/A"',
      '      evidence: ["https://example.com/why"]',
      '      notes: "No LLM serving offered."'
    ]);
  });

  it('never replaces existing notes, and says so', async () => {
    const cwd = tempDir();
    copyFixture(cwd, '__fixtures__/cncf/products/v1.33/daocloud/PRODUCT.yaml');
    const before = snapshot(cwd, 'PRODUCT.yaml');
    expect(
      await run(cwd, 'set', 'PRODUCT.yaml', '--id', 'dra_support', '--status', 'N/A', '--notes', 'other')
    ).toEqual({
      code: 0,
      err: '',
      out: 'PRODUCT.yaml: dra_support is already N/A; file unchanged\nPRODUCT.yaml: kept the existing notes of dra_support\n'
    });
    expect(snapshot(cwd, 'PRODUCT.yaml')).toEqual(before);
    const { out } = await run(
      cwd,
      'set',
      'PRODUCT.yaml',
      '--id',
      'ai_inference',
      '--status',
      'N/A',
      '--notes',
      'other'
    );
    expect(out).toBe(
      'PRODUCT.yaml:29: ai_inference: "Implemented" → "N/A"\nPRODUCT.yaml: kept the existing notes of ai_inference\n'
    );
    expect(diffLines(before.bytes, readFileSync(join(cwd, 'PRODUCT.yaml'), 'latin1'))).toEqual([
      [29, '      status: "N/A"']
    ]);
  });

  it.each([
    [
      ['--id', 'gang_scheduling'],
      'missing --status (one of Implemented, Partially Implemented, Not Implemented, N/A)'
    ],
    [['--status', 'Implemented'], 'missing --id (e.g. --id gang_scheduling)'],
    [
      ['--id', 'gang_scheduling', '--status', 'Done'],
      '--status "Done" is not a status: expected one of Implemented, Partially Implemented, Not Implemented, N/A'
    ],
    [
      ['--id', 'gpu_sharing', '--status', 'Implemented'],
      '--id "gpu_sharing" is not in the 1.34 checklist: expected one of dra_support, ai_inference, gang_scheduling, cluster_autoscaling, pod_autoscaling, accelerator_metrics, ai_service_metrics, secure_accelerator_access, robust_controller'
    ],
    [['--id', 'gang_scheduling', '--status', 'N/A', '--notes', ''], '--notes needs a value'],
    [
      ['--id', 'ai_inference', '--status', 'N/A'],
      '--status N/A needs --notes: the CNCF rules want a justification for N/A'
    ],
    [
      ['--id', 'dra_support', '--status', 'Implemented', '--notes', 'x'],
      "--notes is written only with --status N/A (existing notes are the vendor's and are never replaced)"
    ],
    [
      ['--id', 'dra_support', '--status', 'Implemented', '--evidnce', 'x'],
      'unknown flag --evidnce (see --help)'
    ],
    [['--id', 'dra_support', '--status'], '--status needs a value']
  ])('%j: exits 2 with one line and writes nothing', async (argv, message) => {
    const cwd = tempDir();
    copyFixture(cwd, '__fixtures__/cncf/products/v1.34/gke/PRODUCT.yaml');
    const before = snapshot(cwd, 'PRODUCT.yaml');
    expect(await run(cwd, 'set', 'PRODUCT.yaml', ...argv)).toEqual({
      code: 2,
      out: '',
      err: `ai-conformance set: ${message}\n`
    });
    expect(snapshot(cwd, 'PRODUCT.yaml')).toEqual(before);
  });

  it.each([
    ['a missing file', null, 'missing.yaml: cannot read the file: no such file (ENOENT)'],
    ['invalid YAML', 'metadata: [\n', 'PRODUCT.yaml:2:1: invalid YAML: '],
    [
      'an unknown version',
      'metadata:\n  kubernetesVersion: v1.99\nspec: {}\n',
      'PRODUCT.yaml:2: metadata.kubernetesVersion: unknown conformance version "v1.99"'
    ],
    [
      'spec a string',
      'metadata:\n  kubernetesVersion: v1.34\nspec: none\n',
      'PRODUCT.yaml:3:7: spec: expected a mapping of categories, found a string ("none")'
    ],
    [
      'evidence a number',
      'metadata:\n  kubernetesVersion: v1.34\nspec:\n  accelerators:\n    - id: dra_support\n      evidence: 7\n',
      'PRODUCT.yaml:6:17: spec.accelerators[0].evidence: expected a list of URLs or file names, found a number (7)'
    ],
    [
      'the id missing from the file',
      'metadata:\n  kubernetesVersion: v1.34\nspec:\n  accelerators: []\n',
      'PRODUCT.yaml:3: spec: no requirement with id "dra_support" (this file has: none)'
    ]
  ])('%s: exits 2 naming the file and YAML path, file untouched', async (_name, text, message) => {
    const cwd = tempDir();
    if (text !== null) writeFileSync(join(cwd, 'PRODUCT.yaml'), text);
    const file = text === null ? 'missing.yaml' : 'PRODUCT.yaml';
    const before = text === null ? null : snapshot(cwd, file);
    const { code, out, err } = await run(
      cwd,
      'set',
      file,
      '--id',
      'dra_support',
      '--status',
      'Implemented',
      '--evidence',
      'x'
    );
    expect([code, out]).toEqual([2, '']);
    expect(err.startsWith(`ai-conformance set: ${message}`)).toBe(true);
    expect(err.split('\n')).toHaveLength(2);
    if (before) expect(snapshot(cwd, file)).toEqual(before);
  });
});
