/**
 * The functional phase of a suite run: after detect, each requirement with a functional check whose
 * prerequisite detect found runs its smallest workload in the run-scoped namespace, on its own
 * deadline; what it created is deleted right after it (also on failure, timeout and cancel), and
 * the namespace once every check is done. Checks that hold accelerators or change nodes run alone;
 * the others two at a time (each creates a few pods: more at once would only make them slower).
 */
import { untilAborted } from '../kube/abort.js';
import { DETECT_ONLY, functionalCheckFor } from '../checks/functional/index.js';
import type { CheckContext, Finding } from '../checks/types.js';
import { RequestCounter } from '../kube/client.js';
import { describeError } from '../kube/errors.js';
import { REAL_CLOCK, type RunClock } from '../kube/functional/clock.js';
import { FunctionalRun } from '../kube/functional/context.js';
import type { CleanupReport } from '../kube/functional/ledger.js';
import { WaitTimeoutError, type FunctionalCheck, type WorkloadImages } from '../kube/functional/types.js';
import type { KubeSession } from '../kube/session.js';

/** Deadline of one functional check when neither it nor the caller sets one. */
export const DEFAULT_FUNCTIONAL_TIMEOUT_MS = 10 * 60_000;
/** How long a cut-off check gets to let its in-flight requests end before cleanup starts. */
const SETTLE_MS = 15_000;
/** Non-exclusive functional checks run at once. */
export const FUNCTIONAL_CONCURRENCY = 2;

export interface FunctionalOptions {
  session: KubeSession;
  runId: string;
  images?: WorkloadImages;
  allowScale?: boolean;
  /** Deadline of each functional check; overrides the checks' own defaults. */
  functionalTimeoutMs?: number;
  /** Time for waits and deadlines (tests give one that moves a fake clock). */
  clock?: RunClock;
  /** Bound of each cleanup phase's wait for NotFound (default 120 s). */
  cleanupPhaseMs?: number;
  functionalCheckFor?: (id: string) => FunctionalCheck | undefined;
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
}

/** One requirement going into the functional phase: its detect finding and the context detect had. */
export interface FunctionalItem {
  detect: Finding;
  /** Builds the check's context on a signal (its functional deadline joined with the run's). */
  context: (signal: AbortSignal) => CheckContext;
}

export interface FunctionalOutcome {
  finding: Finding;
  /** True when the functional check ran (its verdict replaces detect's). */
  ran: boolean;
  requests: number;
  durationMs: number;
}

/** Why a requirement keeps its detect verdict at functional depth; null when its functional check runs. */
export function functionalSkip(
  id: string,
  check: FunctionalCheck | undefined,
  detect: Finding,
  ctx: CheckContext
): string | null {
  if (!check) return DETECT_ONLY[id] ?? 'no functional check for this requirement: detect only';
  return check.skip(detect, ctx);
}

export class FunctionalPhase {
  readonly run: FunctionalRun;
  private readonly clock: RunClock;
  private readonly lookup: (id: string) => FunctionalCheck | undefined;
  private readonly closeCounter = new RequestCounter();

  constructor(private readonly options: FunctionalOptions) {
    this.clock = options.clock ?? REAL_CLOCK;
    this.lookup = options.functionalCheckFor ?? functionalCheckFor;
    this.run = new FunctionalRun({
      session: options.session,
      runId: options.runId,
      clock: this.clock,
      images: options.images,
      allowScale: options.allowScale,
      cleanupPhaseMs: options.cleanupPhaseMs
    });
  }

  checkFor(id: string): FunctionalCheck | undefined {
    return this.lookup(id);
  }

  /**
   * Runs the items' functional checks (index → outcome); exclusive ones one by one after the
   * others. `done` is called as each finishes.
   */
  async runAll(
    items: ReadonlyArray<{ id: string; item: FunctionalItem }>,
    done: (index: number, outcome: FunctionalOutcome) => void
  ): Promise<void> {
    const shared: number[] = [];
    const alone: number[] = [];
    items.forEach((x, i) => (this.lookup(x.id)?.exclusive ? alone : shared).push(i));
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(FUNCTIONAL_CONCURRENCY, shared.length) }, async () => {
        while (next < shared.length) {
          const i = shared[next++];
          done(i, await this.runOne(items[i].id, items[i].item));
        }
      })
    );
    for (const i of alone) done(i, await this.runOne(items[i].id, items[i].item));
  }

  /** Deletes the run namespace (after every check has deleted its own objects); warns about leftovers. */
  async close(): Promise<CleanupReport | null> {
    if (!this.run.hasNamespace) return null;
    try {
      const report = await this.run.close(this.closeCounter);
      if (report.left.length > 0)
        this.options.onWarning?.(
          `cleanup: left ${report.left.join('; ')}; remove it with \`ai-conformance cleanup --run-id ${this.run.runId}\``
        );
      return report;
    } catch (err) {
      this.options.onWarning?.(
        `cleanup of namespace ${this.run.namespaceName} failed: ${describeError(err)}`
      );
      return null;
    }
  }

  /** Requests made by the namespace cleanup. */
  get closeRequests(): number {
    return this.closeCounter.count;
  }

  private async runOne(id: string, item: FunctionalItem): Promise<FunctionalOutcome> {
    const t0 = performance.now();
    const check = this.lookup(id)!;
    const timeoutMs = this.options.functionalTimeoutMs ?? check.timeoutMs ?? DEFAULT_FUNCTIONAL_TIMEOUT_MS;
    const deadline = new AbortController();
    const expire = (): void => {
      if (!deadline.signal.aborted)
        deadline.abort(new Error(`the functional check timed out after ${Math.round(timeoutMs / 1000)} s`));
    };
    // Real time as a backstop (a request that hangs), the run clock for waits (tests move it).
    const timer = setTimeout(expire, timeoutMs);
    timer.unref?.();
    const signal = this.options.signal
      ? AbortSignal.any([deadline.signal, this.options.signal])
      : deadline.signal;
    const base = item.context(signal);
    const counter = base.kube.counter;
    const scope = this.run.check({ base, counter, deadlineAt: this.clock.now() + timeoutMs, expire });
    let finding: Finding;
    let work: Promise<Finding> | undefined;
    try {
      work = check.run(scope.ctx, item.detect);
      finding = await untilAborted(work, signal);
      if (!finding || typeof finding.reason !== 'string' || !Array.isArray(finding.evidence))
        throw new Error('the functional check returned no valid finding');
    } catch (err) {
      finding = functionalError(err, signal);
    } finally {
      clearTimeout(timer);
    }
    // A check cut off by its deadline may still have a create in flight: let it settle (its
    // requests abort with the signal) so the ledger holds everything before cleanup reads it.
    if (work) await settled(work, SETTLE_MS);
    const cleanup = await scope.close().catch((err: unknown): CleanupReport => ({
      deleted: [],
      left: [`cleanup failed: ${describeError(err)}`]
    }));
    const evidence = [...scope.notes.map(n => `functional: ${n}`), ...finding.evidence];
    if (cleanup.left.length > 0) {
      evidence.push(`cleanup: could not delete ${cleanup.left.join('; ')}`);
      this.options.onWarning?.(
        `${id}: cleanup left ${cleanup.left.join('; ')}; remove it with \`ai-conformance cleanup --run-id ${this.run.runId}\``
      );
    }
    return {
      finding: { ...finding, evidence },
      ran: true,
      requests: counter.count,
      durationMs: Math.round(performance.now() - t0)
    };
  }
}

/** Whatever a functional check throws is `error`, never `fail`: it says what could not be finished. */
function functionalError(err: unknown, signal: AbortSignal): Finding {
  if (err instanceof WaitTimeoutError)
    return { verdict: 'error', reason: `functional: ${err.message}`, evidence: [], solution: null };
  if (signal.aborted) {
    const why = signal.reason instanceof Error ? signal.reason.message : 'cancelled';
    const detail = err instanceof Error && err !== signal.reason ? [describeError(err)] : [];
    return {
      verdict: 'error',
      reason: `functional: could not finish: ${why}`,
      evidence: detail,
      solution: null
    };
  }
  return { verdict: 'error', reason: `functional: ${describeError(err)}`, evidence: [], solution: null };
}

/** Resolves when the work has settled or after ms (real time), whichever comes first. */
function settled(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
    const end = (): void => {
      clearTimeout(timer);
      resolve();
    };
    work.then(end, end);
  });
}
