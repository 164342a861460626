/**
 * Writes verdicts into PRODUCT.yaml, the one path used by `set` and by the suite: the status
 * changes; one evidence entry is appended when given and new; notes are written only for N/A when
 * empty. Everything else stays byte-identical; the result is re-parsed and checked before it is
 * returned, so a wrong edit never reaches the disk.
 */
import { isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { STATUSES, type ProductStatus } from '../types.js';
import { addPair, appendToSeq, applyEdits, quote, replaceScalar, styleOf, type Edit } from './edit.js';
import { ProductError } from './errors.js';
import { findPair, parseProduct, sourceText, type ProductDocument } from './load.js';
import type { ProductRequirement } from './model.js';

export interface ProductVerdict {
  id: string;
  status: ProductStatus;
  /** A URL or file name to append to `evidence` (skipped when already listed). */
  evidence?: string;
  /** Written only when the status is N/A and the notes are empty. */
  notes?: string;
}

export interface RequirementChange {
  id: string;
  path: string;
  /** Line of the status (else of the requirement) in the original file. */
  line: number;
  /** Status before (undefined when absent) and after. */
  from: string | undefined;
  to: ProductStatus;
  evidenceAdded?: string;
  notesWritten?: string;
}

export interface ApplyResult {
  /** The new document (the same object when nothing changed). */
  document: ProductDocument;
  /** Ids whose status, evidence or notes changed, in verdict order. */
  changed: string[];
  changes: RequirementChange[];
}

export function applyVerdicts(doc: ProductDocument, verdicts: readonly ProductVerdict[]): ApplyResult {
  const seen = new Set<string>();
  const edits: Edit[] = [];
  const changes: RequirementChange[] = [];
  for (const verdict of verdicts) {
    if (seen.has(verdict.id))
      throw new ProductError(doc.file, 'spec', `two verdicts for ${verdict.id}: give one per requirement`);
    seen.add(verdict.id);
    const req = findRequirement(doc, verdict.id);
    if (!(STATUSES as readonly string[]).includes(verdict.status)) {
      throw new ProductError(
        doc.file,
        `${req.path}.status`,
        `cannot write status ${JSON.stringify(verdict.status)}: expected one of ${STATUSES.join(', ')}`,
        req.line
      );
    }
    const change = editRequirement(doc, req, verdict, edits);
    if (change) changes.push(change);
  }
  if (edits.length === 0) return { document: doc, changed: [], changes: [] };
  const text = applyEdits(doc.text, edits);
  const document = reparse(doc, text);
  verify(doc, document, changes);
  return { document, changed: changes.map(c => c.id), changes };
}

function findRequirement(doc: ProductDocument, id: string): ProductRequirement {
  const matches = doc.product.requirements.filter(r => r.id === id);
  if (matches.length === 0) {
    const ids = doc.product.requirements.map(r => r.id).join(', ');
    throw new ProductError(
      doc.file,
      'spec',
      `no requirement with id ${JSON.stringify(id)} (this file has: ${ids || 'none'})`,
      doc.product.specLine ?? 0
    );
  }
  if (matches.length > 1) {
    throw new ProductError(
      doc.file,
      matches[1].path,
      `id ${id} appears ${matches.length} times: keep one entry`,
      matches[1].line
    );
  }
  return matches[0];
}

function editRequirement(
  doc: ProductDocument,
  req: ProductRequirement,
  verdict: ProductVerdict,
  edits: Edit[]
): RequirementChange | null {
  const map = doc.requirementNodes.get(req.path)!;
  const change: RequirementChange = {
    id: req.id,
    path: req.path,
    line: req.lines.status ?? req.line,
    from: req.status,
    to: verdict.status
  };
  let changed = false;

  if (req.status !== verdict.status) {
    edits.push(setScalar(doc, map, req, 'status', verdict.status, ['level', 'description', 'id']));
    changed = true;
  }

  const evidence = verdict.evidence?.trim();
  if (evidence && !req.evidence.includes(evidence)) {
    edits.push(appendEvidence(doc, map, req, evidence));
    change.evidenceAdded = evidence;
    changed = true;
  }

  const notes = verdict.notes?.trim();
  if (verdict.status === 'N/A' && notes && !req.notes?.trim()) {
    edits.push(
      setScalar(doc, map, req, 'notes', notes, ['evidence', 'status', 'level', 'description', 'id'])
    );
    change.notesWritten = notes;
    changed = true;
  }
  return changed ? change : null;
}

/** Replaces a scalar field keeping its quoting, or adds the field when absent. */
function setScalar(
  doc: ProductDocument,
  map: YAMLMap,
  req: ProductRequirement,
  key: string,
  value: string,
  after: string[]
): Edit {
  const pair = findPair(map, key);
  if (!pair) return addPair(doc.text, map, key, quote(value, 'double', !!map.flow), after);
  const node = pair.value as Node | null;
  if (isEmptyValue(node)) return afterColon(doc, pair.key as Node, quote(value, 'double', !!map.flow));
  if (!isScalar(node)) {
    throw new ProductError(
      doc.file,
      `${req.path}.${key}`,
      `cannot write ${key}: expected a string, found an alias or collection`,
      doc.lineOf((node as Node).range![0])
    );
  }
  return replaceScalar(doc.text, node, quote(value, styleOf(node), !!map.flow));
}

function appendEvidence(doc: ProductDocument, map: YAMLMap, req: ProductRequirement, entry: string): Edit {
  const pair = findPair(map, 'evidence');
  if (!pair) {
    return addPair(doc.text, map, 'evidence', `[${quote(entry, 'double', true)}]`, [
      'status',
      'level',
      'description',
      'id'
    ]);
  }
  const node = pair.value as Node | null;
  if (isEmptyValue(node)) return afterColon(doc, pair.key as Node, `[${quote(entry, 'double', true)}]`);
  if (isScalar(node) && node.value === null)
    return replaceScalar(doc.text, node, `[${quote(entry, 'double', true)}]`);
  if (isSeq(node)) return appendToSeq(doc.text, node, entry);
  if (isScalar(node)) {
    // A single-string evidence becomes a flow list holding it as written, then the new entry.
    const old = sourceText(node);
    const item = quote(entry, 'double', true);
    if (old === '' || old === 'N/A') return replaceScalar(doc.text, node, `[${item}]`);
    const [start, end] = node.range!;
    const written = doc.text.slice(start, end);
    const keep =
      styleOf(node) !== 'plain' || quote(old, 'plain', true) === old ? written : JSON.stringify(old);
    const isBlock = written.startsWith('|') || written.startsWith('>');
    return replaceScalar(doc.text, node, `[${isBlock ? JSON.stringify(old) : keep}, ${item}]`);
  }
  throw new ProductError(
    doc.file,
    `${req.path}.evidence`,
    'cannot add evidence: expected a list written out (not an alias)',
    doc.lineOf((node as Node).range![0])
  );
}

/** `key:` with no value written (yaml gives no node, or a null one with an empty range). */
function isEmptyValue(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null && node.range![0] === node.range![1]);
}

/** Writes a value right after `key:`, so a comment further on the line stays where it was. */
function afterColon(doc: ProductDocument, key: Node, value: string): Edit {
  const colon = doc.text.indexOf(':', key.range![1]);
  return { start: colon + 1, end: colon + 1, text: ` ${value}` };
}

function reparse(before: ProductDocument, text: string): ProductDocument {
  try {
    return parseProduct(text, before.file);
  } catch (err) {
    throw new Error(
      `internal: editing ${before.file} produced unreadable YAML (${(err as Error).message}); nothing was written`,
      {
        cause: err
      }
    );
  }
}

/** The new file must differ from the old one exactly by the intended changes. */
function verify(before: ProductDocument, after: ProductDocument, changes: RequirementChange[]): void {
  const fail = (what: string) => {
    throw new Error(`internal: editing ${before.file} changed ${what} unexpectedly; nothing was written`);
  };
  const values = (doc: ProductDocument) =>
    Object.entries(doc.product.metadata).map(([k, e]) => [k, e.key, e.value, e.isString]);
  if (JSON.stringify(values(before)) !== JSON.stringify(values(after))) fail('metadata');
  if (before.product.requirements.length !== after.product.requirements.length) fail('the requirement list');
  before.product.requirements.forEach((old, i) => {
    const change = changes.find(c => c.path === old.path);
    const expected: ProductRequirement = {
      ...old,
      status: change ? change.to : old.status,
      notes: change?.notesWritten ?? old.notes,
      evidence: change?.evidenceAdded ? [...evidenceBefore(old), change.evidenceAdded] : old.evidence,
      evidenceForm: change?.evidenceAdded ? 'list' : old.evidenceForm
    };
    if (JSON.stringify(fields(expected)) !== JSON.stringify(fields(after.product.requirements[i])))
      fail(old.path);
  });
}

/** What a requirement says, in a fixed order (positions excluded: inserted lines move them). */
function fields(r: ProductRequirement): unknown[] {
  return [
    r.category,
    r.index,
    r.path,
    r.id,
    r.description,
    r.level,
    r.status,
    r.notes,
    r.evidence,
    r.evidenceForm
  ];
}

/** What a requirement's evidence list holds before the append (a "" or N/A string is dropped). */
function evidenceBefore(req: ProductRequirement): string[] {
  if (req.evidenceForm === 'string' && (req.evidence[0] === '' || req.evidence[0] === 'N/A')) return [];
  return req.evidence;
}
