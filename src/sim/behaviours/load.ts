/**
 * Reads stage files (YAML text, one Stage per document), checks them and normalises them into
 * the engine's form. Every error names the source, the stage and the YAML path at fault.
 */
import { parseAllDocuments } from 'yaml';
import { parsePath } from './path.js';
import { checkTemplate } from './template.js';
import { STAGE_API_VERSION, type ConditionMatch, type FieldExpression, type Stage, type Step } from './types.js';

export class StageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StageError';
  }
}

type Obj = Record<string, unknown>;

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const CONDITION_STATUSES = ['True', 'False', 'Unknown', 'Absent', 'NotTrue'];
const STEP_KINDS = ['patchStatus', 'patch', 'setCondition', 'event', 'addFinalizers', 'removeFinalizers', 'delete'];

/** Parses "1s", "250ms", "2m", or a number of milliseconds. */
export function parseDuration(value: unknown, where: string): number {
  if (typeof value === 'number' && value >= 0) return value;
  const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim()) : null;
  if (!m) throw new StageError(`${where}: expected a duration like "500ms", "2s" or "1m", got ${JSON.stringify(value)}`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * factor);
}

/** Loads every stage of one source text; `functions` are the template functions the engine offers. */
export function loadStages(text: string, source: string, functions: readonly string[] = []): Stage[] {
  const docs = parseAllDocuments(text);
  const stages: Stage[] = [];
  docs.forEach((doc, i) => {
    if (doc.errors.length) throw new StageError(`${source}: document ${i + 1}: ${doc.errors[0].message}`);
    const raw = doc.toJS();
    if (raw === null || raw === undefined) return;
    stages.push(normaliseStage(raw, `${source}: document ${i + 1}`, functions));
  });
  return stages;
}

/** Stages given inline as a list of Stage objects (scenario files). */
export function normaliseStageList(raw: unknown[], where: string, functions: readonly string[] = []): Stage[] {
  return raw.map((s, i) => normaliseStage(s, `${where}[${i}]`, functions));
}

function normaliseStage(raw: unknown, where: string, functions: readonly string[]): Stage {
  const o = mapping(raw, where);
  if (o.apiVersion !== STAGE_API_VERSION) {
    throw new StageError(`${where}: apiVersion must be ${STAGE_API_VERSION}, got ${JSON.stringify(o.apiVersion)}`);
  }
  if (o.kind !== 'Stage') throw new StageError(`${where}: kind must be Stage, got ${JSON.stringify(o.kind)}`);
  const meta = mapping(o.metadata, `${where}: metadata`);
  const name = str(meta.name, `${where}: metadata.name`);
  const at = `${where} (stage ${name})`;
  const spec = mapping(o.spec, `${at}: spec`);
  const ref = mapping(spec.resourceRef, `${at}: spec.resourceRef`);
  const group = ref.apiGroup === undefined ? '' : strAllowEmpty(ref.apiGroup, `${at}: spec.resourceRef.apiGroup`);
  const kind = str(ref.kind, `${at}: spec.resourceRef.kind`);
  const sel = spec.selector === undefined ? {} : mapping(spec.selector, `${at}: spec.selector`);
  const selector = {
    namespaces: optStrings(sel.namespaces, `${at}: spec.selector.namespaces`),
    names: optStrings(sel.names, `${at}: spec.selector.names`),
    matchLabels: optStringMap(sel.matchLabels, `${at}: spec.selector.matchLabels`),
    matchAnnotations: optStringMap(sel.matchAnnotations, `${at}: spec.selector.matchAnnotations`),
    matchExpressions: list(sel.matchExpressions, `${at}: spec.selector.matchExpressions`).map((e, i) =>
      expression(e, `${at}: spec.selector.matchExpressions[${i}]`)
    ),
    matchConditions: list(sel.matchConditions, `${at}: spec.selector.matchConditions`).map((c, i) =>
      conditionMatch(c, `${at}: spec.selector.matchConditions[${i}]`)
    )
  };
  const delayMs = spec.delay === undefined ? 0 : parseDuration(spec.delay, `${at}: spec.delay`);
  const rawSteps = list(spec.steps, `${at}: spec.steps`);
  if (!rawSteps.length) throw new StageError(`${at}: spec.steps must list at least one step`);
  const steps = rawSteps.map((s, i) => step(s, `${at}: spec.steps[${i}]`, functions));
  const description = typeof meta.description === 'string' ? meta.description : undefined;
  return { name, description, group, kind, selector, delayMs, steps };
}

function step(raw: unknown, where: string, functions: readonly string[]): Step {
  const o = mapping(raw, where);
  const keys = Object.keys(o);
  if (keys.length !== 1 || !STEP_KINDS.includes(keys[0])) {
    throw new StageError(`${where}: a step has exactly one of ${STEP_KINDS.join(', ')}; got ${keys.join(', ') || 'nothing'}`);
  }
  const key = keys[0];
  const v = o[key];
  const at = `${where}.${key}`;
  switch (key) {
    case 'patchStatus':
    case 'patch': {
      const patch = mapping(v, at);
      checkTemplate(patch, functions, at);
      return { kind: key, patch };
    }
    case 'setCondition': {
      const c = mapping(v, at);
      checkTemplate(c, functions, at);
      return {
        kind: 'setCondition',
        condition: {
          type: str(c.type, `${at}.type`),
          status: oneOf(c.status, ['True', 'False', 'Unknown'], `${at}.status`),
          reason: c.reason === undefined ? undefined : strAllowEmpty(c.reason, `${at}.reason`),
          message: c.message === undefined ? undefined : strAllowEmpty(c.message, `${at}.message`)
        }
      };
    }
    case 'event': {
      const e = mapping(v, at);
      checkTemplate(e, functions, at);
      return {
        kind: 'event',
        type: oneOf(e.type ?? 'Normal', ['Normal', 'Warning'], `${at}.type`) as 'Normal' | 'Warning',
        reason: str(e.reason, `${at}.reason`),
        message: strAllowEmpty(e.message ?? '', `${at}.message`),
        component: e.component === undefined ? undefined : str(e.component, `${at}.component`)
      };
    }
    case 'addFinalizers':
    case 'removeFinalizers':
      return { kind: key, finalizers: optStrings(v, at) ?? [] };
    default:
      if (v !== true) throw new StageError(`${at}: must be true`);
      return { kind: 'delete' };
  }
}

function expression(raw: unknown, where: string): FieldExpression {
  const o = mapping(raw, where);
  const key = str(o.key, `${where}.key`);
  let path: string[];
  try {
    path = parsePath(key);
  } catch (e) {
    throw new StageError(`${where}.key: ${(e as Error).message}`);
  }
  const operator = oneOf(o.operator, OPERATORS, `${where}.operator`) as FieldExpression['operator'];
  if (o.values !== undefined && !Array.isArray(o.values)) throw new StageError(`${where}.values: expected a list`);
  const values = ((o.values as unknown[] | undefined) ?? []).map(String);
  if ((operator === 'In' || operator === 'NotIn') && !values.length) {
    throw new StageError(`${where}.values: ${operator} needs at least one value`);
  }
  return { key, path, operator, values };
}

function conditionMatch(raw: unknown, where: string): ConditionMatch {
  const o = mapping(raw, where);
  return {
    type: str(o.type, `${where}.type`),
    status: oneOf(o.status, CONDITION_STATUSES, `${where}.status`) as ConditionMatch['status']
  };
}

// ---- small typed readers ----

function mapping(v: unknown, where: string): Obj {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new StageError(`${where}: expected a mapping`);
  return v as Obj;
}

function list(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new StageError(`${where}: expected a list`);
  return v;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string' || !v) throw new StageError(`${where}: expected a non-empty string`);
  return v;
}

function strAllowEmpty(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new StageError(`${where}: expected a string`);
  return v;
}

function oneOf(v: unknown, allowed: string[], where: string): string {
  if (typeof v !== 'string' || !allowed.includes(v)) {
    throw new StageError(`${where}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function optStrings(v: unknown, where: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some(x => typeof x !== 'string')) throw new StageError(`${where}: expected a list of strings`);
  return v as string[];
}

function optStringMap(v: unknown, where: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  const o = mapping(v, where);
  for (const [k, x] of Object.entries(o)) {
    if (typeof x !== 'string') throw new StageError(`${where}["${k}"]: expected a string value (quote it in YAML)`);
  }
  return o as Record<string, string>;
}
