/** `ai-conformance init --version 1.35 [--output FILE] [--force]`: a new PRODUCT.yaml from the CNCF template. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UnknownVersionError } from '../../catalog/index.js';
import { ProductError } from '../../product/errors.js';
import { describeFsError } from '../../product/load.js';
import { productTemplate } from '../../product/template.js';
import { writeFileAtomic } from '../../product/write.js';
import { parseCommandArgs, stringFlag } from '../args.js';
import { UsageError, type Command } from '../command.js';

export const initCommand: Command = {
  name: 'init',
  summary: 'create PRODUCT.yaml from the CNCF checklist of a Kubernetes version',
  usage: `usage: ai-conformance init --version 1.35 [--output FILE] [--force]

Writes the CNCF checklist template of a Kubernetes minor version, byte for byte, as a new
PRODUCT.yaml to fill in.

  --version V     the checklist version: 1.33, 1.34, 1.35, 1.36 or 1.37 ("v1.35" works too)
  --output FILE   where to write it (default: PRODUCT.yaml; "-" writes it to stdout)
  --force         overwrite FILE when it exists
`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, {
      flags: {
        version: { type: 'string' },
        output: { type: 'string', short: 'o' },
        force: { type: 'boolean' }
      }
    });
    const requested = stringFlag(args, 'version');
    if (requested === undefined) throw new UsageError('missing --version (e.g. --version 1.35)');
    let template;
    try {
      template = productTemplate(requested);
    } catch (err) {
      if (err instanceof UnknownVersionError) throw new UsageError(`--version: ${err.message}`);
      throw err;
    }
    const output = stringFlag(args, 'output') ?? 'PRODUCT.yaml';
    if (output === '-') {
      io.stdout(template.text);
      return 0;
    }
    const path = resolve(io.cwd, output);
    if (args.flags.force) {
      await writeFileAtomic(path, template.text, output);
    } else {
      try {
        await mkdir(dirname(path), { recursive: true });
        // 'wx' fails when the file exists, with no window between a check and the write.
        await writeFile(path, template.text, { flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new UsageError(
            `${output} already exists: pass --force to overwrite it, or --output another file`
          );
        }
        throw new ProductError(output, '', `cannot write the file: ${describeFsError(err)}`);
      }
    }
    io.stdout(
      `wrote ${output} (the ${template.version} checklist): fill in metadata and each status, then run ai-conformance validate ${output}\n`
    );
    return 0;
  }
};
