import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { run, snapshot, tempDir } from './helpers.js';

describe('ai-conformance init', () => {
  it('writes the template of the version byte for byte, default PRODUCT.yaml', async () => {
    const cwd = tempDir();
    expect(await run(cwd, 'init', '--version', 'v1.35')).toEqual({
      code: 0,
      err: '',
      out: 'wrote PRODUCT.yaml (the 1.35 checklist): fill in metadata and each status, then run ai-conformance validate PRODUCT.yaml\n'
    });
    expect(readFileSync(join(cwd, 'PRODUCT.yaml'))).toEqual(
      readFileSync('__fixtures__/cncf/templates/AIConformance-1.35.yaml')
    );
  });

  it('writes to --output (folders created) or stdout', async () => {
    const cwd = tempDir();
    expect((await run(cwd, 'init', '--version', '1.37', '--output', 'v1.37/acme/PRODUCT.yaml')).code).toBe(0);
    expect(readFileSync(join(cwd, 'v1.37/acme/PRODUCT.yaml'))).toEqual(
      readFileSync('__fixtures__/cncf/templates/AIConformance-1.37.yaml')
    );
    const { code, out } = await run(cwd, 'init', '--version', '1.33', '-o', '-');
    expect(code).toBe(0);
    expect(out).toBe(readFileSync('__fixtures__/cncf/templates/AIConformance-1.33.yaml', 'utf8'));
  });

  it('refuses to overwrite an existing file unless --force', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'PRODUCT.yaml'), 'mine\n');
    const before = snapshot(cwd, 'PRODUCT.yaml');
    expect(await run(cwd, 'init', '--version', '1.34')).toEqual({
      code: 2,
      out: '',
      err: 'ai-conformance init: PRODUCT.yaml already exists: pass --force to overwrite it, or --output another file\n'
    });
    expect(snapshot(cwd, 'PRODUCT.yaml')).toEqual(before);
    expect((await run(cwd, 'init', '--version', '1.34', '--force')).code).toBe(0);
    expect(readFileSync(join(cwd, 'PRODUCT.yaml'), 'utf8')).toBe(
      readFileSync('__fixtures__/cncf/templates/AIConformance-1.34.yaml', 'utf8')
    );
  });

  it.each([
    [[], 'ai-conformance init: missing --version (e.g. --version 1.35)\n'],
    [
      ['--version', '1.32'],
      'ai-conformance init: --version: unknown conformance version "1.32": expected one of 1.33, 1.34, 1.35, 1.36, 1.37\n'
    ],
    [
      ['--version', 'latest'],
      'ai-conformance init: --version: unknown conformance version "latest": expected one of 1.33, 1.34, 1.35, 1.36, 1.37\n'
    ],
    [['--version'], 'ai-conformance init: --version needs a value\n'],
    [['--version', '1.35', 'extra'], 'ai-conformance init: unexpected argument "extra"\n']
  ])('%j: exits 2 and writes nothing', async (argv, err) => {
    const cwd = tempDir();
    expect(await run(cwd, 'init', ...argv)).toEqual({ code: 2, out: '', err });
    expect(readdirSync(cwd)).toEqual([]);
  });
});
