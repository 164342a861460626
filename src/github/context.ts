/**
 * The workflow run as the action sees it (read from the environment and event payload GitHub
 * provides, at call time, not at import), and what the action may write for that event.
 */
import { readFileSync } from 'node:fs';

export interface PullRequestInfo {
  number: number;
  baseRef: string;
  baseSha: string;
  headRef: string;
  headSha: string;
  /** owner/name of the repository the head branch lives in; null when that fork was deleted. */
  headRepo: string | null;
  /** The head branch lives in another repository: the token is read-only and secrets are absent. */
  fromFork: boolean;
}

export interface RunContext {
  eventName: string;
  owner: string;
  repo: string;
  /** GITHUB_REF, e.g. refs/heads/main, refs/pull/7/merge, refs/tags/v1. */
  ref: string;
  sha: string;
  serverUrl: string;
  apiUrl: string;
  runId: string;
  runAttempt: string;
  workspace: string;
  pullRequest: PullRequestInfo | null;
}

export class ContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContextError';
  }
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

/** Reads GITHUB_* variables and the event payload file. */
export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const repository = env['GITHUB_REPOSITORY'] ?? '';
  const [owner, repo] = repository.split('/');
  if (!owner || !repo) {
    throw new ContextError(`GITHUB_REPOSITORY must be "owner/name", got ${JSON.stringify(repository)}`);
  }
  const eventName = env['GITHUB_EVENT_NAME'] ?? '';
  const payload = readPayload(env['GITHUB_EVENT_PATH']);
  return {
    eventName,
    owner,
    repo,
    ref: env['GITHUB_REF'] ?? '',
    sha: env['GITHUB_SHA'] ?? '',
    serverUrl: (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, ''),
    apiUrl: (env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, ''),
    runId: env['GITHUB_RUN_ID'] ?? '',
    runAttempt: env['GITHUB_RUN_ATTEMPT'] ?? '1',
    workspace: env['GITHUB_WORKSPACE'] || process.cwd(),
    pullRequest: PR_EVENTS.has(eventName) ? pullRequestFrom(payload, repository) : null
  };
}

function readPayload(path: string | undefined): Record<string, any> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ContextError(
      `cannot read the event payload GITHUB_EVENT_PATH=${path}: ${(err as Error).message}`
    );
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, any>) : {};
  } catch {
    throw new ContextError(`the event payload GITHUB_EVENT_PATH=${path} is not JSON`);
  }
}

function pullRequestFrom(payload: Record<string, any>, repository: string): PullRequestInfo | null {
  const pr = payload['pull_request'];
  if (!pr || typeof pr.number !== 'number') return null;
  const headRepo: string | null = pr.head?.repo?.full_name ?? null;
  return {
    number: pr.number,
    baseRef: String(pr.base?.ref ?? ''),
    baseSha: String(pr.base?.sha ?? ''),
    headRef: String(pr.head?.ref ?? ''),
    headSha: String(pr.head?.sha ?? ''),
    headRepo,
    fromFork: headRepo === null || headRepo.toLowerCase() !== repository.toLowerCase()
  };
}

/** The link to this run, for the comment and the summary. */
export function runUrl(ctx: RunContext): string | null {
  if (!ctx.runId) return null;
  const attempt = ctx.runAttempt && ctx.runAttempt !== '1' ? `/attempts/${ctx.runAttempt}` : '';
  return `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}${attempt}`;
}

export type CommitMode = 'auto' | 'always' | 'never';

export interface WritePlan {
  /** The PR to comment on, or null with the reason in `notes`. */
  commentOn: number | null;
  /** The branch to commit the report to, or null with the reason in `notes`. */
  commitTo: string | null;
  /** The ref whose PRODUCT.yaml is "the status before" (the PR base); null: the local file. */
  baseRef: string | null;
  /** Why something is not written, for the log (and, for forks, a notice). */
  notes: string[];
  /** A fork PR: nothing is written to GitHub at all. */
  readOnly: boolean;
}

/** Events on which `commit: auto` commits to the branch that triggered the run. */
const AUTO_COMMIT_EVENTS = new Set(['push', 'schedule', 'workflow_dispatch']);

/**
 * What the action writes for this event:
 * - fork PRs: nothing (their token is read-only; the job summary carries the results);
 * - comment: on pull_request / pull_request_target when `comment` is on;
 * - commit `auto`: push, schedule and workflow_dispatch to the run's branch, and same-repository
 *   PRs to their head branch; `always`: also any other event that runs on a branch;
 *   `never`: no commit. Tags and other non-branch refs never get a commit.
 */
export function planWrites(ctx: RunContext, options: { comment: boolean; commit: CommitMode }): WritePlan {
  const pr = ctx.pullRequest;
  const notes: string[] = [];
  if (pr?.fromFork) {
    notes.push(
      `pull request #${pr.number} comes from the fork ${pr.headRepo ?? '(deleted)'}: its token is read-only, so no comment and no commit; the job summary has the results`
    );
    return { commentOn: null, commitTo: null, baseRef: pr.baseSha || null, notes, readOnly: true };
  }

  let commentOn: number | null = null;
  if (!options.comment) notes.push('comment: false');
  else if (pr) commentOn = pr.number;
  else notes.push(`no pull request comment on a ${ctx.eventName || 'unknown'} event`);

  let commitTo: string | null = null;
  const branch = pr ? pr.headRef : branchOf(ctx.ref);
  if (options.commit === 'never') {
    notes.push('commit: never');
  } else if (!branch) {
    notes.push(`no commit: ${ctx.ref || 'the run'} is not a branch`);
  } else if (options.commit === 'always' || pr || AUTO_COMMIT_EVENTS.has(ctx.eventName)) {
    commitTo = branch;
  } else {
    notes.push(`commit: auto does not commit on ${ctx.eventName} events (use commit: always)`);
  }
  return {
    commentOn,
    commitTo,
    baseRef: pr ? pr.baseSha || pr.baseRef || null : null,
    notes,
    readOnly: false
  };
}

function branchOf(ref: string): string | null {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
}
