/** `ai-conformance report PRODUCT.yaml [--output FILE]`: PRODUCT.yaml → PRODUCT.md (CNCF format). */
import { dirname, join, resolve } from 'node:path';
import { loadProduct } from '../../product/load.js';
import { writeIfChanged } from '../../product/write.js';
import { renderProductMd } from '../../render/product-md.js';
import { parseCommandArgs, stringFlag } from '../args.js';
import { UsageError, type Command } from '../command.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'render PRODUCT.md (the CNCF report) from PRODUCT.yaml',
  usage: `usage: ai-conformance report PRODUCT.yaml [--output FILE]

Renders the CNCF PRODUCT.md report from PRODUCT.yaml. The same PRODUCT.yaml always gives the
same bytes; an up-to-date report is left untouched.

  --output FILE   where to write the report (default: PRODUCT.md beside PRODUCT.yaml;
                  "-" writes it to stdout)
`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, {
      flags: { output: { type: 'string', short: 'o' } },
      positionals: ['PRODUCT.yaml']
    });
    const [input] = args.positionals;
    const output = stringFlag(args, 'output') ?? join(dirname(input), 'PRODUCT.md');
    if (output !== '-' && resolve(io.cwd, output) === resolve(io.cwd, input)) {
      throw new UsageError(`--output ${output} is the PRODUCT.yaml itself: give another file`);
    }
    const doc = await loadProduct(resolve(io.cwd, input), input);
    const report = renderProductMd(doc.product);
    if (output === '-') {
      io.stdout(report.toString('utf8'));
      return 0;
    }
    const written = await writeIfChanged(resolve(io.cwd, output), report, output);
    io.stdout(written ? `wrote ${output}\n` : `${output} is up to date\n`);
    return 0;
  }
};
