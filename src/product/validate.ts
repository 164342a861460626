/**
 * The CNCF validator's rules that need no network (cncf/ai-conformance scripts/validate.go), checked
 * against the template of the file's own kubernetesVersion, plus "level unchanged". URL and evidence
 * file reachability are left out: they need the network or the submission folder.
 */
import { requirementSet, UnknownVersionError } from '../catalog/index.js';
import { STATUSES, type RequirementSet } from '../types.js';
import { ProductError } from './errors.js';
import type { ProductDocument } from './load.js';
import { METADATA_FIELDS, snakeCase, type MetadataFieldName, type Product } from './model.js';

export interface Problem {
  /** YAML path of the field, or of its parent when the field is missing. */
  path: string;
  /** 1-based line. */
  line: number;
  message: string;
}

const OPTIONAL: ReadonlySet<MetadataFieldName> = new Set(['repoUrl']);
const K8S_CONFORMANCE_URL =
  /^https:\/\/github\.com\/cncf\/k8s-conformance\/tree\/(master|main)\/v\d+\.\d+\/[^/]+\/?$/;
const STATUS_CHOICES = `${STATUSES.slice(0, -1).join(', ')} or ${STATUSES[STATUSES.length - 1]}`;

/** The checklist of the file's kubernetesVersion; ProductError when missing or unknown. */
export function checklistFor(doc: ProductDocument): RequirementSet {
  const entry = doc.product.metadata.kubernetesVersion;
  const line = entry?.line ?? doc.product.metadataLine ?? 1;
  if (!entry?.value) {
    throw new ProductError(
      doc.file,
      'metadata.kubernetesVersion',
      'missing: it names the checklist (e.g. v1.34)',
      line
    );
  }
  try {
    return requirementSet(entry.value);
  } catch (err) {
    if (err instanceof UnknownVersionError)
      throw new ProductError(doc.file, 'metadata.kubernetesVersion', err.message, line);
    throw err;
  }
}

/** Every problem the CNCF validator would raise offline, in file order; empty when valid. */
export function validateProduct(doc: ProductDocument): Problem[] {
  const set = checklistFor(doc);
  const problems = [...metadataProblems(doc.product), ...specProblems(doc.product, set)];
  return problems.sort((a, b) => a.line - b.line);
}

function metadataProblems(product: Product): Problem[] {
  if (product.metadataLine === null) return [{ path: 'metadata', line: 1, message: 'missing section' }];
  const problems: Problem[] = [];
  for (const name of METADATA_FIELDS) {
    const entry = product.metadata[name];
    const required = !OPTIONAL.has(name);
    if (!entry || entry.value === undefined) {
      if (required) {
        problems.push({
          path: entry?.path ?? `metadata.${name}`,
          line: entry?.line ?? product.metadataLine,
          message: `missing (required; ${snakeCase(name)} is accepted too)`
        });
      }
      continue;
    }
    const at = { path: entry.path, line: entry.line };
    const value = entry.value;
    if (!entry.isString) {
      problems.push({ ...at, message: `${value} is not a string: quote it ("${value}")` });
    } else if (value === '') {
      if (required) problems.push({ ...at, message: 'is empty (required)' });
    } else if (value.startsWith('[') && value.endsWith(']')) {
      problems.push({
        ...at,
        message: `placeholder ${JSON.stringify(value)}: replace it with the real value`
      });
    } else if (name === 'k8sConformanceUrl' && !K8S_CONFORMANCE_URL.test(value)) {
      problems.push({
        ...at,
        message: `${JSON.stringify(value)} is not a k8s-conformance submission URL: expected https://github.com/cncf/k8s-conformance/tree/main/vX.Y/<product>`
      });
    }
  }
  return problems;
}

function specProblems(product: Product, set: RequirementSet): Problem[] {
  if (product.specLine === null) return [{ path: 'spec', line: 1, message: 'missing section' }];
  const problems: Problem[] = [];
  for (const category of new Set(set.requirements.map(r => r.category))) {
    const present = product.categories.find(c => c.category === category);
    if (!present) {
      problems.push({
        path: `spec.${category}`,
        line: product.specLine,
        message: `missing category (in the ${set.version} checklist)`
      });
      continue;
    }
    for (const item of set.requirements.filter(r => r.category === category)) {
      // Like the CNCF validator, the last entry with an id wins.
      const req = product.requirements.filter(r => r.category === category && r.id === item.id).pop();
      if (!req) {
        problems.push({
          path: present.path,
          line: present.line,
          message: `missing requirement ${item.id} (${item.level} in the ${set.version} checklist)`
        });
        continue;
      }
      const at = (field: 'level' | 'status' | 'notes') => ({
        path: `${req.path}.${field}`,
        line: req.lines[field] ?? req.line
      });
      if (req.level !== item.level) {
        problems.push({
          ...at('level'),
          message: `${req.id}: level ${req.level === undefined ? 'is missing' : JSON.stringify(req.level)}; the ${set.version} checklist says ${item.level}`
        });
      }
      const status = req.status ?? '';
      // The CNCF validator lets a SHOULD item stay unanswered: empty status and no evidence.
      if (item.level === 'SHOULD' && status === '' && req.evidence.length === 0) continue;
      if (!(STATUSES as readonly string[]).includes(status)) {
        const what = status === '' ? 'status is empty' : `status ${JSON.stringify(status)} is not valid`;
        const must = item.level === 'MUST' ? '; a MUST item must be Implemented' : '';
        problems.push({
          ...at('status'),
          message: `${req.id}: ${what}: expected ${STATUS_CHOICES} (exact case)${must}`
        });
      } else if (item.level === 'MUST' && status !== 'Implemented') {
        problems.push({
          ...at('status'),
          message: `${req.id}: MUST item is ${JSON.stringify(status)}: a MUST item must be Implemented`
        });
      }
      if (status === 'N/A' && !req.notes) {
        problems.push({ ...at('notes'), message: `${req.id}: N/A needs notes that justify it` });
      }
    }
  }
  return problems;
}
