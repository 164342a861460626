/**
 * The one module that wires the stages (DESIGN.md): options → kubeconfig → suite → verdicts
 * applied to PRODUCT.yaml → PRODUCT.md, results JSON and JUnit written → everything returned.
 * The CLI (`run`, `demo`) and the action call it; publishing to GitHub stays with the caller.
 * Bad input (files, versions, ids, kubeconfig) throws SuiteInputError or ProductError before the
 * cluster is touched; an unreachable cluster throws ClusterUnreachableError.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { normalizeVersion, UnknownVersionError } from './catalog/index.js';
import { KubeSession, type SessionOptions } from './kube/session.js';
import { applyVerdicts, type ProductVerdict, type RequirementChange } from './product/apply.js';
import { ProductError } from './product/errors.js';
import { describeFsError, parseProduct, type ProductDocument } from './product/load.js';
import { productTemplate } from './product/template.js';
import { checklistFor } from './product/validate.js';
import { saveProduct, writeFileAtomic, writeIfChanged } from './product/write.js';
import { renderResultsJson } from './render/json.js';
import { renderJunit } from './render/junit.js';
import { renderProductMd } from './render/product-md.js';
import { mustsPass, runSuite, SuiteInputError, type SuiteOptions } from './suite/index.js';
import type { Depth, RequirementResult, RunResults } from './types.js';

export interface KubeconfigSource {
  /** A kubeconfig file; default: $KUBECONFIG, else ~/.kube/config. */
  path?: string;
  /** Kubeconfig YAML text (takes precedence over path). */
  text?: string;
  /** The context to use; default: current-context. */
  context?: string;
}

export interface PipelineOptions {
  kubeconfig?: KubeconfigSource;
  /** A ready session (tests, the demo's embedded simulator); replaces `kubeconfig`. */
  session?: KubeSession;
  sessionOptions?: SessionOptions;
  /** The requirement set; default: PRODUCT.yaml's kubernetesVersion, else the cluster's minor. */
  version?: string;
  depth?: Depth;
  only?: readonly string[];
  skip?: readonly string[];
  timeoutMs?: number;
  concurrency?: number;
  product?: {
    path: string;
    /** Create it from the CNCF template of the run's version when it does not exist. */
    create?: boolean;
    /** One evidence entry to add to every requirement given a status (a run URL, a results file). */
    evidence?: string;
    /** Write the verdicts into it (default true); false leaves it as it is and renders the report from it. */
    update?: boolean;
  };
  /** PRODUCT.md; default: beside PRODUCT.yaml when one is given. */
  report?: string;
  json?: string;
  junit?: string;
  /** Relative paths are resolved against it (default: process.cwd()). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onResult?: SuiteOptions['onResult'];
  onWarning?: (message: string) => void;
  now?: () => number;
  /** Labels what the functional depth creates (default: a fresh one). */
  runId?: string;
  /** Functional depth: cluster_autoscaling may scale the cluster. */
  allowScale?: boolean;
  /** Functional depth: workload images. */
  images?: SuiteOptions['images'];
  /** Functional depth: deadline of each functional check. */
  functionalTimeoutMs?: number;
  /** Functional depth: the clock of waits (tests). */
  clock?: SuiteOptions['clock'];
}

export interface WrittenFile {
  path: string;
  /** False when the file already held these bytes. */
  written: boolean;
}

export interface PipelineResult {
  results: RunResults;
  product?: WrittenFile & {
    created: boolean;
    /** What the verdicts change (also computed, not written, with update: false). */
    changes: RequirementChange[];
    /** The PRODUCT.yaml the report was rendered from. */
    document: ProductDocument;
    /** Its text before this run (null when it was created). */
    before: string | null;
    /** Verdicts with no entry in the file. */
    skipped: string[];
  };
  report?: WrittenFile & { text: Buffer };
  json?: WrittenFile;
  junit?: WrittenFile;
  /** Every MUST passed or is not applicable. */
  mustsPass: boolean;
  /** Some check ended in error (its status was left as it was). */
  errored: boolean;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const cwd = options.cwd ?? process.cwd();
  const at = (p: string): string => resolve(cwd, p);
  if (options.report && !options.product)
    throw new SuiteInputError('--report needs --product: the report is rendered from PRODUCT.yaml');

  // Input first: a bad PRODUCT.yaml or kubeconfig fails before the cluster is touched.
  const existing = options.product
    ? await readProduct(at(options.product.path), options.product.path, !!options.product.create)
    : null;
  const productVersion = existing ? checklistFor(existing).version : undefined;
  if (options.version !== undefined) {
    try {
      normalizeVersion(options.version);
    } catch (err) {
      if (err instanceof UnknownVersionError) throw new SuiteInputError(`--version: ${err.message}`);
      throw err;
    }
  }
  const session =
    options.session ??
    KubeSession.fromKubeConfig(
      await loadKubeConfig(options.kubeconfig ?? {}, cwd, options.env ?? process.env),
      {
        signal: options.signal,
        now: options.now,
        ...options.sessionOptions
      }
    );

  const results = await runSuite({
    session,
    version: options.version ?? productVersion,
    depth: options.depth,
    only: options.only,
    skip: options.skip,
    timeoutMs: options.timeoutMs,
    concurrency: options.concurrency,
    onResult: options.onResult,
    onWarning: options.onWarning,
    signal: options.signal,
    now: options.now,
    runId: options.runId,
    allowScale: options.allowScale,
    images: options.images,
    functionalTimeoutMs: options.functionalTimeoutMs,
    clock: options.clock
  });

  const out: PipelineResult = {
    results,
    mustsPass: mustsPass(results),
    errored: results.requirements.some(r => r.verdict === 'error')
  };
  if (options.product) {
    const path = at(options.product.path);
    const created = existing === null;
    const before =
      existing ?? parseProduct(productTemplate(results.conformanceVersion).text, options.product.path);
    const { verdicts, skipped } = productVerdicts(before, results.requirements, options.product.evidence);
    if (skipped.length > 0) {
      options.onWarning?.(
        `${options.product.path} has no entry for ${skipped.join(', ')}: those verdicts were not written`
      );
    }
    const applied = applyVerdicts(before, verdicts);
    const update = options.product.update ?? true;
    let written = false;
    if (update && created) {
      await writeFileAtomic(path, applied.document.text, options.product.path);
      written = true;
    } else if (update) {
      written = await saveProduct(path, before, applied.document);
    }
    const document = update ? applied.document : before;
    out.product = {
      path,
      written,
      created: created && update,
      changes: applied.changes,
      document,
      before: existing?.text ?? null,
      skipped
    };
    const reportPath = at(options.report ?? join(dirname(options.product.path), 'PRODUCT.md'));
    const report = renderProductMd(document.product);
    out.report = {
      path: reportPath,
      written: await writeIfChanged(reportPath, report, options.report ?? 'PRODUCT.md'),
      text: report
    };
  }
  if (options.json) {
    const path = at(options.json);
    out.json = { path, written: await writeIfChanged(path, renderResultsJson(results), options.json) };
  }
  if (options.junit) {
    const path = at(options.junit);
    out.junit = { path, written: await writeIfChanged(path, renderJunit(results), options.junit) };
  }
  return out;
}

/** The statuses to write: errors keep the old status; N/A carries its reason as notes. */
function productVerdicts(
  doc: ProductDocument,
  results: RequirementResult[],
  evidence?: string
): { verdicts: ProductVerdict[]; skipped: string[] } {
  const ids = new Set(doc.product.requirements.map(r => r.id));
  const verdicts: ProductVerdict[] = [];
  const skipped: string[] = [];
  for (const r of results) {
    if (r.status === null) continue;
    if (!ids.has(r.id)) {
      skipped.push(r.id);
      continue;
    }
    verdicts.push({ id: r.id, status: r.status, evidence, notes: r.status === 'N/A' ? r.reason : undefined });
  }
  return { verdicts, skipped };
}

async function readProduct(path: string, name: string, create: boolean): Promise<ProductDocument | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && create) return null;
    const hint =
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? ' (create one with `ai-conformance init --version 1.34`)'
        : '';
    throw new ProductError(name, '', `cannot read the file: ${describeFsError(err)}${hint}`);
  }
  return parseProduct(text, name);
}

/**
 * A KubeConfig from text, a file, $KUBECONFIG or ~/.kube/config, with the context chosen. Messages
 * name the file and what is wrong, never its content (it holds credentials).
 */
export async function loadKubeConfig(
  source: KubeconfigSource,
  cwd: string,
  env: NodeJS.ProcessEnv
): Promise<KubeConfig> {
  const kc = new KubeConfig();
  let label: string;
  if (source.text !== undefined) {
    label = 'the kubeconfig';
    loadText(kc, source.text, label);
  } else {
    const files = source.path
      ? [resolve(cwd, source.path)]
      : (env.KUBECONFIG ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map(p => resolve(cwd, p));
    if (files.length === 0) files.push(join(env.HOME ?? homedir(), '.kube', 'config'));
    const found = source.path ? files : files.filter(f => existsSync(f));
    label = source.path
      ? `--kubeconfig ${source.path}`
      : env.KUBECONFIG
        ? `KUBECONFIG (${env.KUBECONFIG})`
        : files[0];
    if (found.length === 0)
      throw new SuiteInputError(`no kubeconfig: ${label} does not exist; pass --kubeconfig FILE`);
    for (const [i, file] of found.entries()) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        throw new SuiteInputError(
          `${label}: cannot read ${source.path ? 'the file' : file}: ${describeFsError(err)}`
        );
      }
      const one = new KubeConfig();
      loadText(one, text, label);
      one.makePathsAbsolute(dirname(file));
      if (i === 0)
        kc.loadFromOptions({
          clusters: one.clusters,
          users: one.users,
          contexts: one.contexts,
          currentContext: one.currentContext
        });
      else kc.mergeConfig(one, true);
    }
  }
  const names = kc.getContexts().map(c => c.name);
  if (names.length === 0) throw new SuiteInputError(`${label} has no contexts`);
  if (source.context) {
    if (!names.includes(source.context)) {
      throw new SuiteInputError(
        `${label} has no context ${JSON.stringify(source.context)}; it has ${names.map(n => JSON.stringify(n)).join(', ')}`
      );
    }
    kc.setCurrentContext(source.context);
  } else if (!kc.getCurrentContext() || !names.includes(kc.getCurrentContext())) {
    if (names.length !== 1)
      throw new SuiteInputError(
        `${label} has no current-context: pass --context (one of ${names.map(n => JSON.stringify(n)).join(', ')})`
      );
    kc.setCurrentContext(names[0]);
  }
  const ctx = kc.getContextObject(kc.getCurrentContext());
  if (!ctx || !kc.getCluster(ctx.cluster)) {
    throw new SuiteInputError(
      `${label}: context ${JSON.stringify(kc.getCurrentContext())} names cluster ${JSON.stringify(ctx?.cluster ?? null)}, which it does not define`
    );
  }
  return kc;
}

/** client-node's YAML errors quote the source, which may hold a token: say where, not what. */
function loadText(kc: KubeConfig, text: string, label: string): void {
  try {
    kc.loadFromString(text);
  } catch (err) {
    const mark = (err as { mark?: { line?: number } })?.mark;
    // Structural complaints ("clusters[0].name is missing") quote nothing; YAML syntax errors do.
    const message = err instanceof Error ? err.message : '';
    const structural =
      !mark && /^(clusters|users|contexts)\S* .*missing$/i.test(message) ? `: ${message}` : '';
    const where = mark?.line !== undefined ? ` (YAML error at line ${mark.line + 1})` : '';
    throw new SuiteInputError(
      `${label} is not a valid kubeconfig${where}${structural || ': expected YAML with clusters, users and contexts'}`
    );
  }
}
