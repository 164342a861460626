import * as core from '@actions/core';

/** The action's post step: cleanup hooks registered by the main step. */
export async function runPost(): Promise<void> {
  try {
    core.info('ai-conformance: nothing to clean up');
  } catch (error) {
    core.warning(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
