import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseProduct } from '../../src/product/load.js';
import { renderProductMd } from '../../src/render/product-md.js';
import { run, snapshot, tempDir } from './helpers.js';

describe('ai-conformance demo', () => {
  it('runs the detect suite on the simulated ACK GPU cluster and writes the four files into ./ai-conformance-demo/', async () => {
    const cwd = tempDir();
    const r = await run(cwd, 'demo');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^starting the simulated cluster ack-gpu-1\.34 \.\.\.\nsimulated cluster at https:\/\/127\.0\.0\.1:\d+; running the detect suite\n\n/
    );
    expect(r.out.split('\n').filter(l => /^\[\s*\d+\/9\] ✓ pass /.test(l))).toHaveLength(9);
    expect(r.out).toContain('Kubernetes AI Conformance 1.34 (detect) on v1.34.1-aliyun.1');
    expect(r.out).toContain(
      'results JSON  ai-conformance-demo/results.json\nJUnit         ai-conformance-demo/junit.xml\n'
    );
    expect(r.out.endsWith('simulated cluster stopped\n')).toBe(true);
    expect(readdirSync(join(cwd, 'ai-conformance-demo')).sort()).toEqual([
      'PRODUCT.md',
      'PRODUCT.yaml',
      'junit.xml',
      'results.json'
    ]);
    const yaml = readFileSync(join(cwd, 'ai-conformance-demo/PRODUCT.yaml'), 'utf8');
    expect(readFileSync(join(cwd, 'ai-conformance-demo/PRODUCT.md'))).toEqual(
      renderProductMd(parseProduct(yaml, 'PRODUCT.yaml').product)
    );
    const results = JSON.parse(readFileSync(join(cwd, 'ai-conformance-demo/results.json'), 'utf8'));
    expect(results).toMatchObject({
      conformanceVersion: '1.34',
      depth: 'detect',
      cluster: { version: 'v1.34.1-aliyun.1' }
    });
    expect(readFileSync(join(cwd, 'ai-conformance-demo/junit.xml'), 'utf8')).toContain(
      'tests="9" failures="0" errors="0" skipped="0"'
    );
    // The report command agrees with what demo wrote.
    expect((await run(cwd, 'report', 'ai-conformance-demo/PRODUCT.yaml')).out).toBe(
      'ai-conformance-demo/PRODUCT.md is up to date\n'
    );
  });

  it("rewrites its own example but never somebody else's PRODUCT.yaml", async () => {
    const cwd = tempDir();
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
