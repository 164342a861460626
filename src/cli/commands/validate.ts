/** `ai-conformance validate PRODUCT.yaml`: the CNCF validator's offline rules; exit 1 when invalid. */
import { resolve } from 'node:path';
import { formatProductMessage } from '../../product/errors.js';
import { loadProduct } from '../../product/load.js';
import { checklistFor, validateProduct } from '../../product/validate.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check PRODUCT.yaml against the CNCF rules (offline); exit 1 when invalid',
  usage: `usage: ai-conformance validate PRODUCT.yaml

Checks PRODUCT.yaml with the CNCF validator's rules that need no network, against the checklist of
its metadata.kubernetesVersion: required metadata, "[...]" placeholders, the k8sConformanceUrl
pattern, every checklist id present with its level unchanged, status values (exact case; empty
only for an unanswered SHOULD), notes for N/A, and every MUST item Implemented.
Each problem is printed as FILE:LINE: YAML.PATH: message. URLs and evidence files are not fetched.

Exit status: 0 valid, 1 problems found, 2 the file cannot be read or is not a checklist.
`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, { flags: {}, positionals: ['PRODUCT.yaml'] });
    const [input] = args.positionals;
    const doc = await loadProduct(resolve(io.cwd, input), input);
    const version = checklistFor(doc).version;
    const problems = validateProduct(doc);
    if (problems.length === 0) {
      io.stdout(`${input}: valid against the ${version} checklist (offline rules; URLs not fetched)\n`);
      return 0;
    }
    for (const p of problems) io.stdout(`${formatProductMessage(input, p.path, p.message, p.line)}\n`);
    io.stdout(
      `${input}: ${problems.length} problem${problems.length === 1 ? '' : 's'} against the ${version} checklist\n`
    );
    return 1;
  }
};
