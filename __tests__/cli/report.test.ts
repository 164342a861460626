import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { copyFixture, run, snapshot, tempDir } from './helpers.js';

const products = '__fixtures__/cncf/products';

describe('ai-conformance report', () => {
  it('writes PRODUCT.md beside PRODUCT.yaml by default, byte-identical to the CNCF generator', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'v1.34/gke'), { recursive: true });
    copyFixture(cwd, `${products}/v1.34/gke/PRODUCT.yaml`, 'v1.34/gke/PRODUCT.yaml');
    const { code, out, err } = await run(cwd, 'report', 'v1.34/gke/PRODUCT.yaml');
    expect([code, out, err]).toEqual([0, 'wrote v1.34/gke/PRODUCT.md\n', '']);
    expect(readFileSync(join(cwd, 'v1.34/gke/PRODUCT.md'))).toEqual(
      readFileSync(`${products}/v1.34/gke/PRODUCT.md`)
    );

    // Same input, same bytes: the second run leaves the file alone.
    const before = statSync(join(cwd, 'v1.34/gke/PRODUCT.md')).mtimeMs;
    expect(await run(cwd, 'report', 'v1.34/gke/PRODUCT.yaml')).toEqual({
      code: 0,
      out: 'v1.34/gke/PRODUCT.md is up to date\n',
      err: ''
    });
    expect(statSync(join(cwd, 'v1.34/gke/PRODUCT.md')).mtimeMs).toBe(before);
  });

  it('writes to --output, or to stdout with -', async () => {
    const cwd = tempDir();
    copyFixture(cwd, `${products}/v1.33/daocloud/PRODUCT.yaml`);
    expect((await run(cwd, 'report', 'PRODUCT.yaml', '--output', 'out/report.md')).code).toBe(0);
    expect(readFileSync(join(cwd, 'out/report.md'))).toEqual(
      readFileSync(`${products}/v1.33/daocloud/PRODUCT.md`)
    );
    const { code, out } = await run(cwd, 'report', 'PRODUCT.yaml', '--output', '-');
    expect(code).toBe(0);
    expect(out).toBe(readFileSync(`${products}/v1.33/daocloud/PRODUCT.md`, 'utf8'));
    expect(readdirSync(cwd).sort()).toEqual(['PRODUCT.yaml', 'out']);
  });

  it.each([
    [['missing.yaml'], 'ai-conformance report: missing.yaml: cannot read the file: no such file (ENOENT)\n'],
    [['bad.yaml'], 'ai-conformance report: bad.yaml:3:1: invalid YAML: Missing closing "quote\n'],
    [
      ['PRODUCT.yaml', '--output', 'PRODUCT.yaml'],
      'ai-conformance report: --output PRODUCT.yaml is the PRODUCT.yaml itself: give another file\n'
    ],
    [['PRODUCT.yaml', '--output'], 'ai-conformance report: --output needs a value\n'],
    [[], 'ai-conformance report: missing PRODUCT.yaml (see --help)\n']
  ])('%j: exits 2 with one line and writes nothing', async (argv, message) => {
    const cwd = tempDir();
    copyFixture(cwd, `${products}/v1.34/eks/PRODUCT.yaml`);
    writeFileSync(join(cwd, 'bad.yaml'), 'metadata:\n  vendorName: "Open\n');
    const before = snapshot(cwd, 'PRODUCT.yaml');
    expect(await run(cwd, 'report', ...argv)).toEqual({ code: 2, out: '', err: message });
    expect(snapshot(cwd, 'PRODUCT.yaml')).toEqual(before);
  });
});
