/**
 * The job summary: always written (it needs no token, so fork PRs get the full results there),
 * with the status table, every failing check's reasons and the notes on what was not written.
 */
import * as core from '@actions/core';
import { renderStatusTable, type StatusTableInput } from '../render/table.js';

/** GitHub refuses step summaries over 1 MiB; stay well below (other output may share the step). */
export const SUMMARY_LIMIT = 900_000;

export function summaryMarkdown(input: StatusTableInput): string {
  return renderStatusTable(input, { maxChars: SUMMARY_LIMIT, fullReasonsIn: 'the results JSON' });
}

/** Appends to $GITHUB_STEP_SUMMARY; without it (a local run) it says so and carries on. */
export async function writeJobSummary(markdown: string, log: { info(m: string): void }): Promise<boolean> {
  if (!process.env['GITHUB_STEP_SUMMARY']) {
    log.info('no GITHUB_STEP_SUMMARY (not on a runner): job summary not written');
    return false;
  }
  await core.summary.addRaw(markdown, true).write();
  core.summary.emptyBuffer();
  return true;
}
