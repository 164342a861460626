/**
 * The post step's sweep of a functional run: the main step registers the run (its id, the
 * kubeconfig file, the context) before anything is created; the post step — which also runs after a
 * failure or a cancel — deletes whatever still carries the run's label. After a normal run the
 * checks have cleaned up already and this finds nothing.
 */
import { KubeSession } from '../kube/session.js';
import { REAL_CLOCK } from '../kube/functional/clock.js';
import { sweepRunObjects } from '../kube/functional/sweep.js';
import { loadKubeConfig } from '../pipeline.js';
import type { CleanupHandler } from './state.js';

export const RUN_OBJECTS_TASK = 'run-objects';

export interface RunObjectsTask {
  type: typeof RUN_OBJECTS_TASK;
  runId: string;
  /** Path of the kubeconfig file the main step wrote (deleted after this task: tasks run newest first). */
  kubeconfig: string;
  context?: string;
}

/** The whole sweep's bound: a post step must end even when the API server does not. */
const SWEEP_BOUND_MS = 5 * 60_000;

export function runObjectsHandler(
  options: { boundMs?: number; phaseTimeoutMs?: number } = {}
): CleanupHandler {
  return async saved => {
    const task = saved as Partial<RunObjectsTask>;
    const runId = String(task.runId ?? '');
    const path = String(task.kubeconfig ?? '');
    if (!runId || !path) throw new Error('run-objects: the saved task names no run id or kubeconfig');
    const context = typeof task.context === 'string' ? task.context : undefined;
    const kc = await loadKubeConfig({ path, context }, process.cwd(), {});
    const signal = AbortSignal.timeout(options.boundMs ?? SWEEP_BOUND_MS);
    const session = KubeSession.fromKubeConfig(kc, { signal });
    const result = await sweepRunObjects(session, {
      runId,
      clock: REAL_CLOCK,
      signal,
      phaseTimeoutMs: options.phaseTimeoutMs ?? 60_000
    });
    session.abortPending();
    if (result.left.length > 0)
      throw new Error(
        `functional run ${runId} left ${result.left.join('; ')}; remove it with \`ai-conformance cleanup --run-id ${runId}\``
      );
    const unlisted =
      result.problems.length > 0 ? ` (${result.problems.length} resource types could not be listed)` : '';
    return result.deleted.length > 0
      ? `functional run ${runId}: deleted ${result.deleted.length} leftover object${result.deleted.length === 1 ? '' : 's'} (${result.deleted.join(', ')})${unlisted}`
      : `functional run ${runId}: nothing left behind${unlisted}`;
  };
}
