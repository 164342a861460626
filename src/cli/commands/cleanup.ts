/**
 * `ai-conformance cleanup`: deletes what functional runs left behind (a killed CLI, a runner that
 * died before its post step), found cluster-wide by the run label. The deletes go through the same
 * ledger as a run's own cleanup: pods first, then claims, other namespaced objects, namespaces and
 * cluster-scoped objects, each waited for until it is gone.
 */
import { REAL_CLOCK } from '../../kube/functional/clock.js';
import { runIdProblem } from '../../kube/functional/run-id.js';
import { sweepRunObjects } from '../../kube/functional/sweep.js';
import { RUN_LABEL } from '../../kube/functional/types.js';
import { KubeSession } from '../../kube/session.js';
import { loadKubeConfig } from '../../pipeline.js';
import { SuiteInputError } from '../../suite/errors.js';
import { parseCommandArgs, stringFlag } from '../args.js';
import { UsageError, type Command } from '../command.js';

const DEFAULT_OLDER_THAN = '2h';

export const cleanupCommand: Command = {
  name: 'cleanup',
  summary: 'delete what earlier functional runs left behind, by their run label',
  usage: `usage: ai-conformance cleanup [--kubeconfig FILE] [--context NAME] [--older-than 2h] [--run-id ID]
                              [--dry-run]

Finds every object labelled ${RUN_LABEL} (namespaces, pods, claims, queues, ...) across the
cluster and deletes those of runs started at least --older-than ago, waiting until each is gone.
Runs still in progress are younger than that and left alone.

  --kubeconfig FILE   the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME      the context to use (default: current-context)
  --older-than AGE    only objects created at least AGE ago: 90m, 2h, 1d, or 0 for all (default 2h)
  --run-id ID         only this run's objects, whatever their age
  --dry-run           list what would be deleted; delete nothing

Exit status: 0 nothing left, 1 something could not be deleted (or listed), 2 bad usage or the
cluster cannot be reached.
`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, {
      flags: {
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        'older-than': { type: 'string' },
        'run-id': { type: 'string' },
        'dry-run': { type: 'boolean' }
      }
    });
    const runId = stringFlag(args, 'run-id');
    if (runId !== undefined) {
      const problem = runIdProblem(runId);
      if (problem) throw new UsageError(`--run-id: ${problem}`);
    }
    const olderThan = stringFlag(args, 'older-than');
    if (runId !== undefined && olderThan !== undefined)
      throw new UsageError(
        '--run-id and --older-than: give one of them (a run id selects its objects whatever their age)'
      );
    const olderThanMs = runId !== undefined ? 0 : parseAge(olderThan ?? DEFAULT_OLDER_THAN);
    const dryRun = args.flags['dry-run'] === true;

    let session: KubeSession;
    try {
      const kc = await loadKubeConfig(
        { path: stringFlag(args, 'kubeconfig'), context: stringFlag(args, 'context') },
        io.cwd,
        io.env
      );
      session = KubeSession.fromKubeConfig(kc, { signal: io.signal });
      await session.version(io.signal);
    } catch (err) {
      if (err instanceof SuiteInputError) throw new UsageError(err.message);
      throw new UsageError(`cannot reach the cluster: ${err instanceof Error ? err.message : String(err)}`);
    }
    const result = await sweepRunObjects(session, {
      runId,
      olderThanMs,
      dryRun,
      clock: REAL_CLOCK,
      signal: io.signal
    });
    session.abortPending();

    const scope = runId
      ? `of run ${runId}`
      : olderThanMs > 0
        ? `older than ${olderThan ?? DEFAULT_OLDER_THAN}`
        : 'of any run';
    for (const p of result.problems) io.stderr(`ai-conformance cleanup: ${p}\n`);
    if (result.found.length === 0) {
      io.stdout(`nothing to clean up: no object ${scope} carries ${RUN_LABEL}\n`);
      return result.problems.length > 0 ? 1 : 0;
    }
    const runs = [...new Set(result.found.map(o => o.runId))].sort();
    if (dryRun) {
      io.stdout(
        `would delete ${result.found.length} object${plural(result.found.length)} ${scope} (runs: ${runs.join(', ')}):\n`
      );
      for (const o of result.found) io.stdout(`  ${o.name}  (run ${o.runId})\n`);
      return result.problems.length > 0 ? 1 : 0;
    }
    for (const name of result.deleted) io.stdout(`deleted ${name}\n`);
    for (const line of result.left) io.stdout(`left    ${line}\n`);
    io.stdout(
      `${result.deleted.length} object${plural(result.deleted.length)} ${scope} deleted (runs: ${runs.join(', ')})${result.left.length > 0 ? `; ${result.left.length} still there` : ''}\n`
    );
    return result.left.length > 0 || result.problems.length > 0 ? 1 : 0;
  }
};

/** `90m`, `2h`, `1d`, `45s`, `0` → milliseconds. */
export function parseAge(text: string): number {
  const m = /^(\d+)(s|m|h|d)?$/.exec(text.trim());
  if (!m || (m[2] === undefined && m[1] !== '0'))
    throw new UsageError(`--older-than ${text}: expected an age such as 90m, 2h or 1d (or 0 for every run)`);
  const units: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const unit = units[m[2] ?? 's'];
  return Number(m[1]) * unit;
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
