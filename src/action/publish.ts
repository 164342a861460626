/**
 * The action's last stage: given a finished run and the files it produced, write the job summary,
 * set the outputs, update the sticky PR comment, commit the report, and decide the exit status by
 * `fail-on`. It never calls setFailed: it returns the decision to main.ts, the one place that does.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import type { Options, FailOn } from '../inputs.js';
import type { RunResults, RequirementResult } from '../types.js';
import { planWrites, runUrl, type RunContext } from '../github/context.js';
import { upsertComment, commentMarker, type CommentOutcome } from '../github/comment.js';
import { commitFiles, type CommitOutcome, type FileToCommit } from '../github/commit.js';
import { createGitHubClient, type GitHubClient } from '../github/octokit.js';
import { fetchFileAt, statusesOf } from '../github/previous-status.js';
import { summaryMarkdown, writeJobSummary } from '../github/summary.js';
import { COMMENT_LIMIT, renderStatusTable, type StatusTableInput } from '../render/table.js';

export interface PublishFiles {
  /** As in the inputs: relative to the workspace (the repository root). */
  productPath: string;
  reportPath: string;
  /** The new PRODUCT.yaml text; null when the run did not change it (update-product off). */
  product: string | null;
  /** The new PRODUCT.md text. */
  report: string;
  /** PRODUCT.yaml as checked out, before this run: "the status before" outside pull requests. */
  productBefore: string | null;
}

export interface PublishInput {
  results: RunResults;
  files: PublishFiles;
  /** Paths of the results JSON and JUnit files the run wrote, for the outputs. */
  artifacts?: { resultsJson?: string; junit?: string };
  options: Options;
  context: RunContext;
  /** Makes the GitHub client; default: Octokit with retry and throttling for this token. */
  github?: (token: string) => GitHubClient;
  /** Notes from earlier stages for the summary (e.g. "checking 1.34 although the cluster is 1.35"). */
  notices?: string[];
  /** Delay between commit retries (tests pass an immediate one). */
  commitBackoff?: (attempt: number) => Promise<void>;
}

type NotPlanned = { status: 'not-planned'; reason: string };

export interface PublishOutcome {
  /** 1 when fail-on is exceeded or the planned report commit could not be made. */
  exitCode: 0 | 1;
  /** The message for core.setFailed when exitCode is 1. */
  failure: string | null;
  passed: boolean;
  implemented: number;
  total: number;
  comment: CommentOutcome | NotPlanned;
  commit: CommitOutcome | NotPlanned;
  /** What was shown as notices/warnings (also in the summary). */
  notices: string[];
  warnings: string[];
}

export interface Gate {
  failed: boolean;
  /** Requirements that break the gate, with their verdicts. */
  offenders: RequirementResult[];
  message: string;
}

/**
 * The exit status by `fail-on`:
 * - must: fails when any MUST requirement is not `pass`: `fail`, `partial` (the CNCF validator
 *   wants every MUST Implemented) and `error` (a MUST that could not be verified is not proven);
 * - should: the same over MUST and SHOULD requirements;
 * - never: never fails on verdicts.
 * `not-applicable` never fails: N/A is a legitimate status with its reason in the notes.
 */
export function evaluateGate(results: RunResults, failOn: FailOn): Gate {
  if (failOn === 'never') return { failed: false, offenders: [], message: 'fail-on: never' };
  const levels = failOn === 'must' ? ['MUST'] : ['MUST', 'SHOULD'];
  const offenders = results.requirements.filter(
    r => levels.includes(r.level) && r.verdict !== 'pass' && r.verdict !== 'not-applicable'
  );
  if (offenders.length === 0)
    return { failed: false, offenders, message: `every ${levels.join(' and ')} requirement is implemented` };
  const list = offenders.map(r => `${r.id} (${r.level} ${r.verdict})`).join(', ');
  return {
    failed: true,
    offenders,
    message: `${offenders.length} requirement${offenders.length > 1 ? 's' : ''} not proven implemented (fail-on: ${failOn}): ${list}`
  };
}

export async function publish(input: PublishInput): Promise<PublishOutcome> {
  const { results, files, options, context } = input;
  const plan = planWrites(context, options);
  const notices: string[] = [...(input.notices ?? [])];
  const warnings: string[] = [];
  const makeClient = input.github ?? ((token: string) => createGitHubClient(token));

  let client: GitHubClient | null = null;
  if (options.githubToken) client = makeClient(options.githubToken);
  const wantsGitHub = plan.commentOn !== null || plan.commitTo !== null;
  if (!client && wantsGitHub)
    notices.push('No github-token: no PR comment and no report commit; the job summary has the results.');
  if (plan.readOnly) notices.push(...plan.notes);
  else for (const note of plan.notes) core.info(note);

  const before = await statusBefore(client, input, plan.baseRef, warnings);
  const tableInput: StatusTableInput = {
    results,
    before: before.statuses,
    beforeLabel: before.label,
    runUrl: runUrl(context),
    reportPath: files.reportPath,
    notices: []
  };

  let comment: PublishOutcome['comment'] = {
    status: 'not-planned',
    reason: plan.commentOn === null ? 'no pull request to comment on' : 'no token'
  };
  let commit: PublishOutcome['commit'] = {
    status: 'not-planned',
    reason: plan.commitTo === null ? 'no branch to commit to' : 'no token'
  };
  let commitFailure: string | null = null;
  try {
    if (client && plan.commentOn !== null) {
      comment = await postComment(client, input, plan.commentOn, tableInput, warnings);
      if (comment.status === 'skipped') notices.push(comment.notice);
    }
    if (client && plan.commitTo !== null) {
      const outcome = await commitReport(client, input, plan.commitTo);
      commit = outcome.commit;
      commitFailure = outcome.failure;
      if (commit.status === 'skipped') notices.push(commit.notice);
      if (commit.status === 'protected' || commit.status === 'pull-request') warnings.push(commit.warning);
    }
  } catch (err) {
    commitFailure = `publishing failed: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    for (const n of notices) core.notice(n);
    for (const w of warnings) core.warning(w);
    const summary = summaryMarkdown({
      ...tableInput,
      notices: [...notices, ...warnings, ...writeNotes(comment, commit)]
    });
    await writeJobSummary(summary, core);
  }

  const gate = evaluateGate(results, options.failOn);
  const implemented = results.requirements.filter(r => r.verdict === 'pass').length;
  const passed = results.requirements.filter(r => r.level === 'MUST').every(r => r.verdict === 'pass');
  core.setOutput('passed', String(passed));
  core.setOutput('implemented', String(implemented));
  core.setOutput('total', String(results.requirements.length));
  core.setOutput('results-json', input.artifacts?.resultsJson ?? '');
  core.setOutput('junit', input.artifacts?.junit ?? '');
  core.setOutput('report-path', files.reportPath);
  core.setOutput(
    'comment-url',
    comment.status === 'created' || comment.status === 'updated' ? comment.url : ''
  );
  core.setOutput(
    'commit-sha',
    commit.status === 'committed' || commit.status === 'pull-request' ? commit.sha : ''
  );
  core.info(gate.message);

  const failure =
    [gate.failed ? gate.message : null, commitFailure].filter((m): m is string => m !== null).join('; ') ||
    null;
  return {
    exitCode: failure ? 1 : 0,
    failure,
    passed,
    implemented,
    total: results.requirements.length,
    comment,
    commit,
    notices,
    warnings
  };
}

/** The statuses before this run: the PR base's PRODUCT.yaml, else the checked-out one. */
async function statusBefore(
  client: GitHubClient | null,
  input: PublishInput,
  baseRef: string | null,
  warnings: string[]
): Promise<{ statuses: Map<string, string> | null; label?: string }> {
  const { context, files } = input;
  const pr = context.pullRequest;
  const productInRepo = repoPath(context.workspace, files.productPath);
  if (client && baseRef && pr && productInRepo) {
    try {
      const text = await fetchFileAt(client, {
        owner: context.owner,
        repo: context.repo,
        path: productInRepo,
        ref: baseRef
      });
      const label = `${pr.baseRef || 'base'} ${baseRef.slice(0, 7)}`.trim();
      if (text !== null) return { statuses: statusesOf(text), label };
      return { statuses: new Map(), label };
    } catch (err) {
      warnings.push(
        `could not read ${productInRepo} at the PR base: ${err instanceof Error ? err.message : String(err)}`
      );
    }
  }
  if (files.productBefore !== null)
    return { statuses: statusesOf(files.productBefore), label: 'before this run' };
  return { statuses: null };
}

async function postComment(
  client: GitHubClient,
  input: PublishInput,
  issueNumber: number,
  table: StatusTableInput,
  warnings: string[]
): Promise<CommentOutcome> {
  const { options, context, files } = input;
  const marker = commentMarker(options.commentHeader, files.reportPath);
  const body = renderStatusTable(table, {
    maxChars: COMMENT_LIMIT - marker.length - 1,
    fullReasonsIn: 'the job summary'
  });
  try {
    return await upsertComment(
      client,
      {
        owner: context.owner,
        repo: context.repo,
        issueNumber,
        header: options.commentHeader,
        reportPath: files.reportPath,
        body
      },
      core
    );
  } catch (err) {
    // A comment that cannot be written is not worth failing the run: the summary has it all.
    const message = `could not update the PR comment: ${err instanceof Error ? err.message : String(err)}`;
    warnings.push(message);
    return { status: 'skipped', notice: message };
  }
}

async function commitReport(
  client: GitHubClient,
  input: PublishInput,
  branch: string
): Promise<{ commit: CommitOutcome | NotPlanned; failure: string | null }> {
  const { options, context, files } = input;
  const toCommit: FileToCommit[] = [];
  const wanted: Array<[string, string | null]> = [
    [files.productPath, options.updateProduct ? files.product : null],
    [files.reportPath, files.report]
  ];
  for (const [path, content] of wanted) {
    if (content === null) continue;
    const inRepo = repoPath(context.workspace, path);
    if (!inRepo) {
      return {
        commit: { status: 'not-planned', reason: `${path} is outside the repository` },
        failure: `cannot commit ${path}: it is outside the repository (${context.workspace})`
      };
    }
    toCommit.push({ path: inRepo, content });
  }
  try {
    const commit = await commitFiles(
      client,
      {
        owner: context.owner,
        repo: context.repo,
        branch,
        files: toCommit,
        message: options.commitMessage,
        fallback: options.commitFallback,
        backoff: input.commitBackoff
      },
      core
    );
    return { commit, failure: null };
  } catch (err) {
    return {
      commit: { status: 'not-planned', reason: 'commit failed' },
      failure: `could not commit the report to ${branch}: ${err instanceof Error ? err.message : String(err)}`
    };
  }
}

/** A workspace-relative path as a repository path with forward slashes; null when outside. */
export function repoPath(workspace: string, path: string): string | null {
  const rel = relative(resolve(workspace), resolve(workspace, path));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return rel.split(sep).join('/');
}

function writeNotes(comment: PublishOutcome['comment'], commit: PublishOutcome['commit']): string[] {
  const notes: string[] = [];
  if (comment.status === 'created' || comment.status === 'updated')
    notes.push(`PR comment ${comment.status}: ${comment.url}`);
  if (commit.status === 'committed') notes.push(`Report committed to ${commit.branch}: ${commit.sha}`);
  if (commit.status === 'unchanged') notes.push(`Report unchanged on ${commit.branch}: no commit`);
  return notes;
}

/**
 * The run had no cluster to check (no kubeconfig: a fork PR gets no secrets, or the secret is not
 * set): nothing to publish but the reason. The job stays green, a notice and the job summary say
 * why, and the outputs are set so later steps can tell.
 */
export async function publishWithoutCluster(input: {
  options: Options;
  context: RunContext;
}): Promise<PublishOutcome> {
  const { options, context } = input;
  const pr = context.pullRequest;
  const reason = pr?.fromFork
    ? `pull request #${pr.number} comes from the fork ${pr.headRepo ?? '(deleted)'}, and GitHub gives fork PRs no secrets, so there is no kubeconfig: no cluster was checked. The checks run on pull requests from branches of ${context.owner}/${context.repo}, on pushes and on schedules.`
    : 'the "kubeconfig" input is empty (is the secret set and available to this workflow?): no cluster was checked.';
  core.notice(`AI conformance: ${reason}`);
  const url = runUrl(context);
  await writeJobSummary(
    ['### Kubernetes AI Conformance', '', `> ${reason}`, '', url ? `[Workflow run](${url})` : '', ''].join(
      '\n'
    ),
    core
  );
  const outputs: Record<string, string> = {
    passed: 'false',
    implemented: '0',
    total: '0',
    'results-json': '',
    junit: '',
    'report-path': options.reportPath,
    'comment-url': '',
    'commit-sha': ''
  };
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  return {
    exitCode: 0,
    failure: null,
    passed: false,
    implemented: 0,
    total: 0,
    comment: { status: 'not-planned', reason: 'no cluster was checked' },
    commit: { status: 'not-planned', reason: 'no cluster was checked' },
    notices: [reason],
    warnings: []
  };
}
