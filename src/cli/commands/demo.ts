/**
 * `ai-conformance demo [--output DIR]`: renders the bundled example product's report into DIR, so
 * `npm start` shows the output without a cluster. (A later issue makes it a full simulated run.)
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EXAMPLE_PRODUCT_YAML } from '../../product/example.js';
import { parseProduct } from '../../product/load.js';
import { writeIfChanged } from '../../product/write.js';
import { renderProductMd } from '../../render/product-md.js';
import { parseCommandArgs, stringFlag } from '../args.js';
import { UsageError, type Command } from '../command.js';

export const DEFAULT_DEMO_DIR = 'ai-conformance-demo';
const EXAMPLE_HEADER = EXAMPLE_PRODUCT_YAML.split('\n').slice(0, 3).join('\n');

export const demoCommand: Command = {
  name: 'demo',
  summary: 'write an example PRODUCT.yaml and its PRODUCT.md report into a folder',
  usage: `usage: ai-conformance demo [--output DIR]

Writes the bundled example product (an ACK-like platform on the 1.34 checklist) as PRODUCT.yaml and
renders its PRODUCT.md report next to it, then prints both paths.

  --output DIR   the folder to write into (default: ./${DEFAULT_DEMO_DIR}/); a PRODUCT.yaml there
                 that is not the demo's example is never overwritten
`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, { flags: { output: { type: 'string', short: 'o' } } });
    const dir = stringFlag(args, 'output') ?? DEFAULT_DEMO_DIR;
    const yamlPath = join(dir, 'PRODUCT.yaml');
    const mdPath = join(dir, 'PRODUCT.md');
    const existing = await readFile(resolve(io.cwd, yamlPath), 'utf8').catch(() => null);
    // Rewrites its own example (also after a `set` on it), never somebody's real PRODUCT.yaml.
    if (existing !== null && !existing.startsWith(EXAMPLE_HEADER)) {
      throw new UsageError(
        `${yamlPath} exists and is not the demo's example: choose another --output folder`
      );
    }
    const doc = parseProduct(EXAMPLE_PRODUCT_YAML, 'example PRODUCT.yaml');
    await writeIfChanged(resolve(io.cwd, yamlPath), EXAMPLE_PRODUCT_YAML, yamlPath);
    await writeIfChanged(resolve(io.cwd, mdPath), renderProductMd(doc.product), mdPath);
    io.stdout(`example product: ${yamlPath}\nreport:          ${mdPath}\n`);
    return 0;
  }
};
