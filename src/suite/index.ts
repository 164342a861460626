/**
 * The suite: reads the cluster's version, picks the requirement set, runs each requirement's check
 * with its own deadline, several at once (bounded), and turns findings into results. The verdict
 * rules of DESIGN.md hold here: whatever a check throws (403, API error, timeout, a bug) is `error`,
 * never `fail`, and its PRODUCT.yaml status stays as it was.
 */
import { untilAborted } from '../kube/abort.js';
import { chooseVersion, UnknownVersionError } from '../catalog/index.js';
import { checkFor } from '../checks/index.js';
import type { Check, CheckContext, Finding } from '../checks/types.js';
import { describeError, KubeError } from '../kube/errors.js';
import type { RunClock } from '../kube/functional/clock.js';
import { newRunId } from '../kube/functional/run-id.js';
import type { FunctionalCheck, WorkloadImages } from '../kube/functional/types.js';
import type { KubeSession } from '../kube/session.js';
import {
  statusForVerdict,
  VERDICTS,
  type ClusterInfo,
  type Depth,
  type Requirement,
  type RequirementResult,
  type RunResults
} from '../types.js';
import { ClusterUnreachableError, SuiteInputError } from './errors.js';
import { FunctionalPhase, functionalSkip, type FunctionalItem } from './functional.js';
import { selectRequirements } from './select.js';

export { ClusterUnreachableError, SuiteInputError } from './errors.js';

export const DEFAULT_CHECK_TIMEOUT_MS = 60_000;
export const DEFAULT_CONCURRENCY = 16;
/** The longest reason kept (reasons are one line; evidence holds the detail). */
const MAX_REASON = 400;

export interface SuiteOptions {
  session: KubeSession;
  /** The requirement set ("1.34"); default: the cluster's own minor. */
  version?: string;
  depth?: Depth;
  only?: readonly string[];
  skip?: readonly string[];
  /** Deadline of each check (default 60 s). */
  timeoutMs?: number;
  /** Checks run at once (default 16). */
  concurrency?: number;
  /** Look-up of a requirement's check (tests give their own). */
  checkFor?: (id: string) => Check | undefined;
  /** Called as each check finishes, in finishing order. */
  onResult?: (result: RequirementResult, done: number, total: number) => void;
  /** Called with notices, e.g. the set checked is not the cluster's own minor. */
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
  /** Labels and names what the functional depth creates (default: a fresh one). */
  runId?: string;
  /** Milliseconds since the epoch, for timestamps and checks' clocks. */
  now?: () => number;
  /** Functional depth: whether cluster_autoscaling may scale the cluster (`allow-scale`). */
  allowScale?: boolean;
  /** Functional depth: the workload images (default: upstream images). */
  images?: WorkloadImages;
  /** Functional depth: deadline of each functional check (default: the check's own, else 10 min). */
  functionalTimeoutMs?: number;
  /** Functional depth: time for waits and deadlines (tests give a fake one). */
  clock?: RunClock;
  /** Functional depth: bound of each cleanup phase's wait (default 120 s). */
  cleanupPhaseMs?: number;
  /** Functional depth: look-up of a requirement's functional check (tests give their own). */
  functionalCheckFor?: (id: string) => FunctionalCheck | undefined;
}

export async function runSuite(options: SuiteOptions): Promise<RunResults> {
  const { session } = options;
  const now = options.now ?? Date.now;
  const started = now();
  const depth = options.depth ?? 'detect';
  // Discovery does not depend on the version: start it now so checks find it ready.
  session.discovery().catch(() => undefined);
  let cluster: ClusterInfo;
  try {
    cluster = await session.version(options.signal);
  } catch (err) {
    throw new ClusterUnreachableError(
      `cannot reach the cluster at ${session.client.server}: ${describeError(err)}`
    );
  }
  let version: string;
  try {
    const choice = chooseVersion(cluster, options.version);
    version = choice.version;
    if (choice.warning) options.onWarning?.(choice.warning);
  } catch (err) {
    if (err instanceof UnknownVersionError) throw new SuiteInputError(err.message);
    throw new SuiteInputError(describeError(err));
  }
  const requirements = selectRequirements(version, options.only, options.skip);
  const lookup = options.checkFor ?? checkFor;
  const runId = options.runId ?? newRunId(now());
  const functional =
    depth === 'functional'
      ? new FunctionalPhase({ ...options, runId, onWarning: options.onWarning })
      : undefined;
  const results = new Array<RequirementResult>(requirements.length);
  // At functional depth a requirement is reported once its functional check (if any) is done.
  const pending: Array<{ index: number; id: string; item: FunctionalItem; result: RequirementResult }> = [];
  let done = 0;
  const report = (i: number): void => {
    done++;
    options.onResult?.(results[i], done, requirements.length);
  };
  try {
    await pool(requirements.length, options.concurrency ?? DEFAULT_CONCURRENCY, async i => {
      const { result, finding, context } = await runOne(requirements[i], lookup(requirements[i].id), {
        ...options,
        depth,
        cluster,
        version,
        now
      });
      results[i] = result;
      if (functional) {
        const id = requirements[i].id;
        const skip = functionalSkip(id, functional.checkFor(id), finding, context);
        if (skip === null) {
          pending.push({
            index: i,
            id,
            item: {
              detect: finding,
              context: s => runContext(requirements[i], { ...options, depth, cluster, version, now }, s)
            },
            result
          });
          return;
        }
        result.evidence.push(`functional: skipped: ${oneLine(skip)}`);
      }
      report(i);
    });
    if (functional) {
      pending.sort((a, b) => a.index - b.index);
      try {
        await functional.runAll(pending, (k, outcome) => {
          const { index, result } = pending[k];
          const f = outcome.finding;
          results[index] = {
            ...result,
            verdict: f.verdict,
            status: statusForVerdict(f.verdict),
            reason: oneLine(f.reason),
            evidence: [
              ...f.evidence.map(e => e.replace(/\s*\r?\n\s*/g, ' ')),
              ...result.evidence.map(e => `detect: ${e}`)
            ],
            solution: f.solution ?? result.solution,
            depth: 'functional',
            durationMs: result.durationMs + outcome.durationMs,
            requests: result.requests + outcome.requests
          };
          report(index);
        });
      } finally {
        await functional.close();
      }
    }
  } finally {
    // A check that failed early may leave a shared read (prefetched discovery, an inventory) running.
    session.abortPending();
  }
  const finished = now();
  const checkRequests = results.reduce((n, r) => n + r.requests, 0) + (functional?.closeRequests ?? 0);
  return {
    cluster,
    conformanceVersion: version,
    depth,
    runId,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    requirements: results,
    durationMs: Math.round(finished - started),
    requests: checkRequests + session.shared.count,
    sharedRequests: session.shared.count
  };
}

interface RunContext extends SuiteOptions {
  depth: Depth;
  cluster: ClusterInfo;
  version: string;
  now: () => number;
}

/** The detect context of a requirement's check on a signal (its deadline joined with the run's). */
function runContext(requirement: Requirement, run: RunContext, signal: AbortSignal): CheckContext {
  return {
    requirement,
    conformanceVersion: run.version,
    cluster: run.cluster,
    kube: run.session.reader(signal),
    discovery: () => run.session.discovery(signal),
    nodes: () => run.session.nodes(signal),
    workloads: () => run.session.workloads(signal),
    webhooks: () => run.session.webhooks(signal),
    dra: () => run.session.dra(signal),
    now: run.now,
    signal
  };
}

/** Detect for one requirement, with its finding and context (the functional depth goes on from them). */
async function runOne(
  requirement: Requirement,
  check: Check | undefined,
  run: RunContext
): Promise<{ result: RequirementResult; finding: Finding; context: CheckContext }> {
  const t0 = performance.now();
  const timeoutMs = run.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new Error(`timed out after ${formatSeconds(timeoutMs)}`)),
    timeoutMs
  );
  const signal = run.signal ? AbortSignal.any([deadline.signal, run.signal]) : deadline.signal;
  const ctx = runContext(requirement, run, signal);
  let finding: Finding;
  try {
    if (!check) throw new Error(`no check is implemented for ${requirement.id}`);
    finding = validate(await untilAborted(check.detect(ctx), signal));
  } catch (err) {
    finding = errorFinding(err, signal);
  } finally {
    clearTimeout(timer);
    // Requests a check started but no longer waits for (a sibling of a failed Promise.all) end here.
    if (!deadline.signal.aborted) deadline.abort(new Error('the check has finished'));
  }
  const result: RequirementResult = {
    id: requirement.id,
    level: requirement.level,
    category: requirement.category,
    verdict: finding.verdict,
    status: statusForVerdict(finding.verdict),
    reason: oneLine(finding.reason),
    evidence: finding.evidence.map(e => e.replace(/\s*\r?\n\s*/g, ' ')),
    solution: finding.solution ?? null,
    depth: 'detect',
    durationMs: Math.round(performance.now() - t0),
    requests: ctx.kube.counter.count
  };
  // A detect that errored still goes on to skip(): the functional check says why it cannot run.
  return { result, finding, context: ctx };
}

/** An error is never a "fail": it says what could not be read, and why. */
function errorFinding(err: unknown, signal: AbortSignal): Finding {
  if (signal.aborted && !(err instanceof KubeError && err.kind !== 'timeout')) {
    const why = signal.reason instanceof Error ? signal.reason.message : 'cancelled';
    return {
      verdict: 'error',
      reason: `could not finish: ${why}`,
      evidence: err instanceof Error ? [oneLine(err.message)] : [],
      solution: null
    };
  }
  if (err instanceof KubeError) {
    const what =
      err.kind === 'forbidden'
        ? 'not allowed to read'
        : err.kind === 'unauthorized'
          ? 'credentials refused reading'
          : 'could not read';
    return {
      verdict: 'error',
      // The path without its query (limit, continue): what was read, not how.
      reason: `${what} ${err.path.replace(/\?.*$/, '')}: ${oneLine(err.message).replace(/^GET \S+: /, '')}`,
      evidence: [`GET ${err.path}`],
      solution: null
    };
  }
  return {
    verdict: 'error',
    reason: `check failed unexpectedly: ${describeError(err)}`,
    evidence: [],
    solution: null
  };
}

function validate(f: Finding): Finding {
  if (
    !f ||
    !(VERDICTS as readonly string[]).includes(f.verdict) ||
    typeof f.reason !== 'string' ||
    !Array.isArray(f.evidence)
  ) {
    throw new Error('the check returned no valid finding');
  }
  return f;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}

function formatSeconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

async function pool(count: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, count)) }, async () => {
    while (next < count) await fn(next++);
  });
  await Promise.all(workers);
}

/** Every MUST passed (or is not applicable, as conditional MUSTs may be). */
export function mustsPass(results: RunResults): boolean {
  return results.requirements.every(
    r => r.level !== 'MUST' || r.verdict === 'pass' || r.verdict === 'not-applicable'
  );
}
