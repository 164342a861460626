/**
 * Label and field selectors as the apiserver parses and applies them: label selectors with
 * equality (`=`, `==`, `!=`), set-based (`in`, `notin`), existence (`key`, `!key`) and `gt`/`lt`
 * requirements; field selectors with `=`, `==`, `!=` on the fields each kind supports.
 */
import { badRequest } from './errors.js';
import type { KObject, ResourceType } from './store.js';

export type LabelOp = 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}

export type LabelSelector = LabelRequirement[];

const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside parentheses. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

function checkKey(key: string, whole: string): void {
  if (!KEY.test(key) || key.length > 317) {
    throw badRequest(
      `unable to parse requirement: found '${key}', expected: valid label key in selector "${whole}"`
    );
  }
}

function checkValue(v: string, whole: string): void {
  if (!VALUE.test(v) || v.length > 63) {
    throw badRequest(
      `unable to parse requirement: values[0]: Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.' (selector "${whole}")`
    );
  }
}

/** Parses a label selector string; throws 400 BadRequest with the apiserver's wording on errors. */
export function parseLabelSelector(text: string | undefined | null): LabelSelector {
  const reqs: LabelSelector = [];
  if (!text || !text.trim()) return reqs;
  for (const raw of splitTop(text)) {
    const part = raw.trim();
    if (!part)
      throw badRequest(`unable to parse requirement: found '', expected: identifier in selector "${text}"`);
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^!\s*(\S+)$/))) {
      checkKey(m[1], text);
      reqs.push({ key: m[1], op: '!', values: [] });
    } else if ((m = part.match(/^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/))) {
      checkKey(m[1], text);
      const values = m[3].split(',').map(v => v.trim());
      values.forEach(v => checkValue(v, text));
      reqs.push({ key: m[1], op: m[2] as 'in' | 'notin', values });
    } else if ((m = part.match(/^([^=!<>\s]+)\s*(==|=|!=)\s*(.*)$/))) {
      checkKey(m[1], text);
      const v = m[3].trim();
      checkValue(v, text);
      reqs.push({ key: m[1], op: m[2] === '!=' ? 'notin' : 'in', values: [v] });
    } else if ((m = part.match(/^([^=!<>\s]+)\s*([<>])\s*(\S+)$/))) {
      checkKey(m[1], text);
      if (!/^-?\d+$/.test(m[3]))
        throw badRequest(
          `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer (selector "${text}")`
        );
      reqs.push({ key: m[1], op: m[2] === '>' ? 'gt' : 'lt', values: [m[3]] });
    } else if ((m = part.match(/^(\S+)$/))) {
      checkKey(m[1], text);
      reqs.push({ key: m[1], op: 'exists', values: [] });
    } else {
      throw badRequest(
        `unable to parse requirement: found '${part}', expected: one of '=', '==', '!=', 'in', 'notin' in selector "${text}"`
      );
    }
  }
  return reqs;
}

export function matchesLabels(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  for (const r of sel) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = has ? labels![r.key] : undefined;
    switch (r.op) {
      case 'in':
        if (!has || !r.values.includes(v!)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(v!)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(v!)) return false;
        const n = Number(v);
        const bound = Number(r.values[0]);
        if (r.op === 'gt' ? !(n > bound) : !(n < bound)) return false;
        break;
      }
    }
  }
  return true;
}

/** A metav1.LabelSelector object ({matchLabels, matchExpressions}) as requirements. */
export function fromLabelSelectorObject(
  obj:
    | {
        matchLabels?: Record<string, string>;
        matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
      }
    | undefined
): LabelSelector {
  const reqs: LabelSelector = [];
  if (!obj) return reqs;
  for (const [key, value] of Object.entries(obj.matchLabels ?? {}))
    reqs.push({ key, op: 'in', values: [value] });
  for (const e of obj.matchExpressions ?? []) {
    const op = e.operator.toLowerCase();
    if (op === 'in') reqs.push({ key: e.key, op: 'in', values: e.values ?? [] });
    else if (op === 'notin') reqs.push({ key: e.key, op: 'notin', values: e.values ?? [] });
    else if (op === 'exists') reqs.push({ key: e.key, op: 'exists', values: [] });
    else if (op === 'doesnotexist') reqs.push({ key: e.key, op: '!', values: [] });
  }
  return reqs;
}

/** The string form (`a=b,c in (d,e)`), as Scale.status.selector carries it. */
export function formatLabelSelector(sel: LabelSelector): string {
  return sel
    .map(r => {
      switch (r.op) {
        case 'in':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
        case 'notin':
          return r.values.length === 1
            ? `${r.key}!=${r.values[0]}`
            : `${r.key} notin (${r.values.join(',')})`;
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        case 'gt':
          return `${r.key}>${r.values[0]}`;
        case 'lt':
          return `${r.key}<${r.values[0]}`;
      }
    })
    .join(',');
}

// ---- field selectors ----

export interface FieldRequirement {
  field: string;
  negate: boolean;
  value: string;
}

export type FieldSelector = FieldRequirement[];

/** Fields the real apiserver accepts per resource, beyond metadata.name and metadata.namespace. */
const SUPPORTED_FIELDS: Record<string, string[]> = {
  '/pods': [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName'
  ],
  '/events': [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type'
  ],
  'events.k8s.io/events': [
    'regarding.kind',
    'regarding.namespace',
    'regarding.name',
    'regarding.uid',
    'reason',
    'type',
    'reportingController'
  ],
  '/nodes': ['spec.unschedulable'],
  '/namespaces': ['status.phase'],
  '/secrets': ['type'],
  '/replicationcontrollers': ['status.replicas'],
  'apps/replicasets': ['status.replicas'],
  'batch/jobs': ['status.successful'],
  'certificates.k8s.io/certificatesigningrequests': ['spec.signerName']
};

/** Splits on commas not escaped with a backslash. */
function splitEscaped(text: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i];
    } else if (ch === sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * Parses a field selector for a resource type. Built-in kinds accept the fields the apiserver
 * supports (others are 400 "field label not supported"); custom resources accept any dotted path.
 */
export function parseFieldSelector(
  text: string | undefined | null,
  rtype: ResourceType,
  custom: boolean
): FieldSelector {
  const reqs: FieldSelector = [];
  if (!text || !text.trim()) return reqs;
  const allowed = SUPPORTED_FIELDS[`${rtype.group}/${rtype.resource}`] ?? [];
  for (const raw of splitEscaped(text, ',')) {
    const part = raw.trim();
    if (!part) continue;
    const m = part.match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const field = m[1].trim();
    if (field !== 'metadata.name' && field !== 'metadata.namespace' && !allowed.includes(field) && !custom) {
      throw badRequest(`field label not supported: ${field}`);
    }
    reqs.push({ field, negate: m[2] === '!=', value: m[3] });
  }
  return reqs;
}

/** Boolean fields the apiserver renders as "false" when unset. */
const BOOLEAN_FIELDS = new Set(['spec.unschedulable', 'spec.hostNetwork']);

function fieldValue(obj: KObject, path: string): string {
  if (path === 'source' && obj.kind === 'Event')
    return String(obj.source?.component ?? obj.reportingComponent ?? '');
  let cur: any = obj;
  for (const seg of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return '';
    cur = cur[seg];
  }
  if (cur === undefined || cur === null) return BOOLEAN_FIELDS.has(path) ? 'false' : '';
  if (Array.isArray(cur)) return cur.map(x => (typeof x === 'object' ? (x.ip ?? '') : String(x))).join(',');
  return String(cur);
}

export function matchesFields(sel: FieldSelector, obj: KObject): boolean {
  for (const r of sel) {
    const v = fieldValue(obj, r.field);
    if (r.negate ? v === r.value : v !== r.value) return false;
  }
  return true;
}
