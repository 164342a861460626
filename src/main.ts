import * as core from '@actions/core';

/** The action's main step. The one place setFailed happens. */
export async function run(): Promise<void> {
  try {
    core.info('ai-conformance: the action pipeline is not wired yet');
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
