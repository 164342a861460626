/**
 * `ai-conformance set PRODUCT.yaml --id ID --status STATUS [--notes TEXT] [--evidence URL]`: a
 * manual attestation, written through the same applyVerdicts path the suite uses.
 */
import { resolve } from 'node:path';
import { applyVerdicts } from '../../product/apply.js';
import { loadProduct } from '../../product/load.js';
import { checklistFor } from '../../product/validate.js';
import { saveProduct } from '../../product/write.js';
import { STATUSES, type ProductStatus } from '../../types.js';
import { parseCommandArgs, stringFlag } from '../args.js';
import { UsageError, type Command } from '../command.js';

export const setCommand: Command = {
  name: 'set',
  summary: 'record the status of one requirement in PRODUCT.yaml (a manual attestation)',
  usage: `usage: ai-conformance set PRODUCT.yaml --id ID --status STATUS [--notes TEXT] [--evidence URL]

Changes the status of one requirement and nothing else: comments, quoting, key order and every other
line stay byte-identical. The same status again leaves the file untouched.

  --id ID          the requirement id, e.g. gang_scheduling
  --status STATUS  Implemented, "Not Implemented", "Partially Implemented" or N/A
  --notes TEXT     the justification of an N/A; written only when the notes are empty
  --evidence URL   a link or file name to add to the evidence list (skipped when already listed)
`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, {
      flags: {
        id: { type: 'string' },
        status: { type: 'string' },
        notes: { type: 'string' },
        evidence: { type: 'string' }
      },
      positionals: ['PRODUCT.yaml']
    });
    const [input] = args.positionals;
    const id = stringFlag(args, 'id');
    const rawStatus = stringFlag(args, 'status');
    if (id === undefined) throw new UsageError('missing --id (e.g. --id gang_scheduling)');
    if (rawStatus === undefined) throw new UsageError(`missing --status (one of ${STATUSES.join(', ')})`);
    const status = STATUSES.find(s => s.toLowerCase() === rawStatus.trim().toLowerCase()) as
      ProductStatus | undefined;
    if (!status)
      throw new UsageError(
        `--status ${JSON.stringify(rawStatus)} is not a status: expected one of ${STATUSES.join(', ')}`
      );
    const notes = stringFlag(args, 'notes');
    if (notes !== undefined && status !== 'N/A') {
      throw new UsageError(
        "--notes is written only with --status N/A (existing notes are the vendor's and are never replaced)"
      );
    }

    const path = resolve(io.cwd, input);
    const doc = await loadProduct(path, input);
    const checklist = checklistFor(doc);
    if (!checklist.requirements.some(r => r.id === id)) {
      const ids = checklist.requirements.map(r => r.id).join(', ');
      throw new UsageError(
        `--id ${JSON.stringify(id)} is not in the ${checklist.version} checklist: expected one of ${ids}`
      );
    }
    const current = doc.product.requirements.find(r => r.id === id);
    if (status === 'N/A' && !notes?.trim() && !current?.notes?.trim()) {
      throw new UsageError(`--status N/A needs --notes: the CNCF rules want a justification for N/A`);
    }

    const result = applyVerdicts(doc, [{ id, status, evidence: stringFlag(args, 'evidence'), notes }]);
    const change = result.changes[0];
    const keptNotes =
      notes !== undefined && !change?.notesWritten ? `${input}: kept the existing notes of ${id}\n` : '';
    if (!change) {
      io.stdout(`${input}: ${id} is already ${status}; file unchanged\n${keptNotes}`);
      return 0;
    }
    await saveProduct(path, doc, result.document);
    const what = [
      change.from === change.to
        ? `${id} stays ${status}`
        : `${id}: ${JSON.stringify(change.from ?? '')} → ${JSON.stringify(status)}`,
      change.evidenceAdded ? `evidence + ${change.evidenceAdded}` : '',
      change.notesWritten ? 'notes written' : ''
    ].filter(Boolean);
    io.stdout(`${input}:${change.line}: ${what.join('; ')}\n${keptNotes}`);
    return 0;
  }
};
