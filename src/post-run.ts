import * as core from '@actions/core';
import { ACK_CLUSTER_TASK, ackTeardownHandler } from './action/ack.js';
import { RUN_OBJECTS_TASK, runObjectsHandler } from './action/run-objects.js';
import { CLEANUP_STATE_KEY, readCleanupTasks, runCleanup, type CleanupHandler } from './action/state.js';
import { deleteKubeconfig } from './target/kubeconfig.js';

/** How each registered task type is cleaned up; later stages add theirs here. */
export const CLEANUP_HANDLERS: Record<string, CleanupHandler> = {
  'kubeconfig-file': async task => {
    await deleteKubeconfig(String(task['path']));
    return 'deleted the kubeconfig file';
  },
  // A provisioned ACK cluster, by ack-teardown and the outcome the main step saved.
  [ACK_CLUSTER_TASK]: ackTeardownHandler(),
  // What a functional run created, found again by its run label.
  [RUN_OBJECTS_TASK]: runObjectsHandler()
};

/**
 * The action's post step (post-if: always(), so also after failure and cancel): runs the cleanup
 * tasks the main step registered, best effort. It never fails the job: leftovers are warnings.
 */
export async function runPost(handlers: Record<string, CleanupHandler> = CLEANUP_HANDLERS): Promise<void> {
  try {
    const { tasks, problem } = readCleanupTasks(core.getState(CLEANUP_STATE_KEY));
    if (problem) core.warning(`cleanup: ${problem}`);
    if (tasks.length === 0) {
      core.info('ai-conformance: nothing to clean up');
      return;
    }
    const report = await runCleanup(tasks, handlers);
    for (const line of report.done) core.info(`cleanup: ${line}`);
    for (const line of report.failed) core.warning(`cleanup failed: ${line}`);
  } catch (error) {
    core.warning(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
