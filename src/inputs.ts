/**
 * The action's inputs, read once at the edge into one typed, validated Options object before any
 * I/O. Every bad value is reported (all at once) naming the input and what it accepts; secret
 * inputs (kubeconfig, github-token) are never echoed.
 */
import { posix } from 'node:path';
import { requirementSet, VERSIONS, normalizeVersion } from './catalog/index.js';
import { DEFAULT_IMAGES, ImagesOptionError, parseImages } from './kube/functional/images.js';
import type { WorkloadImages } from './kube/functional/types.js';
import type { Depth } from './types.js';

export type CommitMode = 'auto' | 'always' | 'never';
export type CommitFallback = 'none' | 'pull-request';
export type FailOn = 'must' | 'should' | 'never';

export interface Options {
  /** The kubeconfig secret as given (raw YAML or base64); null when the input is empty. */
  kubeconfig: string | null;
  /** Context to use from the kubeconfig; null: its current-context. */
  context: string | null;
  /** "1.34"; null: the cluster's own minor. */
  conformanceVersion: string | null;
  depth: Depth;
  only: string[];
  skip: string[];
  productPath: string;
  reportPath: string;
  updateProduct: boolean;
  comment: boolean;
  commentHeader: string;
  commit: CommitMode;
  commitMessage: string;
  commitFallback: CommitFallback;
  githubToken: string;
  failOn: FailOn;
  checkTimeoutMinutes: number;
  /** Functional depth: cluster_autoscaling may add a node and wait for its removal. */
  allowScale: boolean;
  /** Functional depth: the workload images (defaults, a mirror prefix and/or KEY=IMAGE overrides). */
  workloadImages: WorkloadImages;
}

/** Every input action.yml declares, with the default both action.yml and this module use. */
export const INPUT_DEFAULTS = {
  kubeconfig: '',
  context: '',
  'conformance-version': '',
  depth: 'detect',
  only: '',
  skip: '',
  'product-path': 'PRODUCT.yaml',
  'report-path': '',
  'update-product': 'true',
  comment: 'true',
  'comment-header': 'ai-conformance',
  commit: 'auto',
  'commit-message': 'Update AI conformance report',
  'commit-fallback': 'none',
  'github-token': '${{ github.token }}',
  'fail-on': 'must',
  'check-timeout-minutes': '10',
  'allow-scale': 'false',
  'workload-images': ''
} as const;

export type InputName = keyof typeof INPUT_DEFAULTS;

export class InputError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      problems.length === 1
        ? problems[0]
        : `${problems.length} invalid inputs:\n${problems.map(p => `- ${p}`).join('\n')}`
    );
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** The value of an input as the runner passes it (INPUT_<NAME>, hyphens kept), like core.getInput. */
export function rawInput(name: InputName, env: NodeJS.ProcessEnv): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

const MAX_TIMEOUT_MINUTES = 360; // GitHub-hosted jobs stop after 6 hours anyway

export function readOptions(env: NodeJS.ProcessEnv = process.env): Options {
  const problems: string[] = [];
  const get = (name: InputName): string => {
    const value = rawInput(name, env);
    if (value !== '') return value;
    const fallback: string = INPUT_DEFAULTS[name];
    return fallback.startsWith('${{') ? '' : fallback;
  };
  const oneOf = <T extends string>(name: InputName, allowed: readonly T[]): T => {
    const value = get(name);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`input "${name}": ${show(value)} is not one of ${allowed.join(', ')}`);
    return allowed[0];
  };
  const bool = (name: InputName): boolean => {
    const value = get(name);
    if (/^(true|True|TRUE)$/.test(value)) return true;
    if (/^(false|False|FALSE)$/.test(value)) return false;
    problems.push(`input "${name}": ${show(value)} is not a boolean: use true or false`);
    return false;
  };

  const conformanceVersion = readVersion(get('conformance-version'), problems);
  const only = readIds('only', get('only'), problems);
  const skip = readIds('skip', get('skip'), problems);
  const both = only.filter(id => skip.includes(id));
  if (both.length > 0)
    problems.push(`inputs "only" and "skip" both name ${both.join(', ')}: name each id in one of them`);

  const productPath = normalizePath(get('product-path'));
  const reportPath = normalizePath(get('report-path')) || defaultReportPath(productPath);
  if (productPath === reportPath) {
    problems.push(
      `input "report-path": ${show(reportPath)} is the same file as "product-path"; give the report its own path (default PRODUCT.md beside PRODUCT.yaml)`
    );
  }

  const commentHeader = get('comment-header');
  if (/[\r\n]/.test(commentHeader)) problems.push('input "comment-header": must be a single line');
  const commitMessage = get('commit-message');

  const timeoutText = get('check-timeout-minutes');
  const checkTimeoutMinutes = Number(timeoutText);
  if (
    !/^\d+(\.\d+)?$/.test(timeoutText) ||
    !(checkTimeoutMinutes > 0) ||
    checkTimeoutMinutes > MAX_TIMEOUT_MINUTES
  ) {
    problems.push(
      `input "check-timeout-minutes": ${show(timeoutText)} is not a number of minutes between 0 and ${MAX_TIMEOUT_MINUTES}`
    );
  }

  let workloadImages: WorkloadImages = { ...DEFAULT_IMAGES };
  try {
    workloadImages = parseImages(get('workload-images'), 'input "workload-images"');
  } catch (err) {
    if (!(err instanceof ImagesOptionError)) throw err;
    problems.push(err.message);
  }

  const options: Options = {
    kubeconfig: get('kubeconfig') || null,
    context: get('context') || null,
    conformanceVersion,
    depth: oneOf('depth', ['detect', 'functional'] as const),
    only,
    skip,
    productPath,
    reportPath,
    updateProduct: bool('update-product'),
    comment: bool('comment'),
    commentHeader,
    commit: oneOf('commit', ['auto', 'always', 'never'] as const),
    commitMessage,
    commitFallback: oneOf('commit-fallback', ['none', 'pull-request'] as const),
    githubToken: get('github-token'),
    failOn: oneOf('fail-on', ['must', 'should', 'never'] as const),
    checkTimeoutMinutes,
    allowScale: bool('allow-scale'),
    workloadImages
  };
  if (!options.commitMessage.trim() && options.commit !== 'never') {
    problems.push('input "commit-message": must not be empty when commit is not "never"');
  }
  if (problems.length > 0) throw new InputError(problems);
  return options;
}

/** PRODUCT.md in the folder of the PRODUCT.yaml. */
export function defaultReportPath(productPath: string): string {
  return posix.join(posix.dirname(productPath), 'PRODUCT.md');
}

function normalizePath(value: string): string {
  if (!value) return '';
  return posix.normalize(value.replace(/\\/g, '/'));
}

function readVersion(value: string, problems: string[]): string | null {
  if (!value) return null;
  try {
    const v = normalizeVersion(value);
    if (VERSIONS.includes(v)) return v;
  } catch {
    // reported below
  }
  problems.push(
    `input "conformance-version": ${show(value)} is not one of ${VERSIONS.join(', ')} (leave it empty to use the cluster's own minor)`
  );
  return null;
}

/** Every requirement id of any checklist: a typo is an error rather than a silently empty selection. */
function knownIds(): Set<string> {
  return new Set(VERSIONS.flatMap(v => requirementSet(v).requirements.map(r => r.id)));
}

/** Comma- and/or newline-separated ids. */
function readIds(name: 'only' | 'skip', value: string, problems: string[]): string[] {
  const ids = [
    ...new Set(
      value
        .split(/[,\n\r]/)
        .map(s => s.trim())
        .filter(Boolean)
    )
  ];
  const known = knownIds();
  const unknown = ids.filter(id => !known.has(id));
  if (unknown.length > 0) {
    problems.push(
      `input "${name}": unknown requirement id${unknown.length > 1 ? 's' : ''} ${unknown.map(show).join(', ')}: expected ids from the checklists (${[...known].sort().join(', ')})`
    );
  }
  return ids.filter(id => known.has(id));
}

/** A value quoted for an error message, cut short so a pasted blob cannot flood the log. */
function show(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}
