import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { EXAMPLE_PRODUCT_YAML } from '../../src/product/example.js';
import { run, snapshot, tempDir } from './helpers.js';

describe('ai-conformance demo', () => {
  it('writes the example product and its report into ./ai-conformance-demo/, printing the paths', async () => {
    const cwd = tempDir();
    expect(await run(cwd, 'demo')).toEqual({
      code: 0,
      err: '',
      out: 'example product: ai-conformance-demo/PRODUCT.yaml\nreport:          ai-conformance-demo/PRODUCT.md\n'
    });
    expect(readFileSync(join(cwd, 'ai-conformance-demo/PRODUCT.yaml'), 'utf8')).toBe(EXAMPLE_PRODUCT_YAML);
    expect(readFileSync(join(cwd, 'ai-conformance-demo/PRODUCT.md'))).toEqual(
      readFileSync('__fixtures__/examples/ack-like-v1.34/PRODUCT.md')
    );
    // The report command agrees with what demo wrote.
    expect((await run(cwd, 'report', 'ai-conformance-demo/PRODUCT.yaml')).out).toBe(
      'ai-conformance-demo/PRODUCT.md is up to date\n'
    );
  });

  it("rewrites its own example but never somebody else's PRODUCT.yaml", async () => {
    const cwd = tempDir();
    expect((await run(cwd, 'demo', '--output', 'out')).code).toBe(0);
    expect(
      (await run(cwd, 'set', 'out/PRODUCT.yaml', '--id', 'dra_support', '--status', 'Not Implemented')).code
    ).toBe(0);
    expect((await run(cwd, 'demo', '--output', 'out')).code).toBe(0);
    expect(readFileSync(join(cwd, 'out/PRODUCT.yaml'), 'utf8')).toBe(EXAMPLE_PRODUCT_YAML);

    mkdirSync(join(cwd, 'vendor'));
    writeFileSync(join(cwd, 'vendor/PRODUCT.yaml'), 'metadata: {}\n');
    const before = snapshot(cwd, 'vendor/PRODUCT.yaml');
    expect(await run(cwd, 'demo', '--output', 'vendor')).toEqual({
      code: 2,
      out: '',
      err: "ai-conformance demo: vendor/PRODUCT.yaml exists and is not the demo's example: choose another --output folder\n"
    });
    expect(snapshot(cwd, 'vendor/PRODUCT.yaml')).toEqual(before);
  });
});
