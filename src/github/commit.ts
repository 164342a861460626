/**
 * Commits the report files to a branch through the Git Data API (blobs, a tree on the branch
 * head, a commit, a ref update without force). No local git is involved, so it works from the
 * detached checkout of a pull_request run, and with no author/committer given GitHub signs the
 * commit for the token's bot. Only changed files are committed, and only if any changed. When the
 * branch moves meanwhile the head is re-read and our files re-applied on it (bounded); nothing is
 * ever force-pushed.
 */
import { createHash } from 'node:crypto';
import type { GitHubClient } from './octokit.js';
import type { Logger } from './comment.js';

export interface FileToCommit {
  /** Path inside the repository, with forward slashes. */
  path: string;
  content: string;
}

export interface CommitRequest {
  owner: string;
  repo: string;
  branch: string;
  files: FileToCommit[];
  message: string;
  fallback: 'none' | 'pull-request';
  /** Attempts when the branch keeps moving (default 5). */
  maxAttempts?: number;
  /** Wait before attempt n (n >= 2); default a short growing delay. */
  backoff?: (attempt: number) => Promise<void>;
}

export type CommitOutcome =
  | { status: 'unchanged'; branch: string; headSha: string }
  | { status: 'committed'; branch: string; sha: string; attempts: number; paths: string[] }
  | { status: 'pull-request'; branch: string; sha: string; url: string; number: number; warning: string }
  | { status: 'protected'; branch: string; warning: string }
  | { status: 'skipped'; notice: string };

/** The SHA git gives a file with this content: comparing it with the tree's tells "changed" without downloading. */
export function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** The branch the fallback pull request comes from. */
export function reportBranchFor(branch: string): string {
  return `ai-conformance/report-${branch}`;
}

const FILE_MODE = '100644';

export class BranchMovedError extends Error {
  constructor(branch: string, attempts: number) {
    super(
      `branch "${branch}" kept moving: the report commit was not a fast-forward after ${attempts} attempts; nothing was force-pushed, run again`
    );
    this.name = 'BranchMovedError';
  }
}

function statusOf(err: unknown): number | undefined {
  return (err as { status?: number }).status;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isNotFastForward(err: unknown): boolean {
  return statusOf(err) === 422 && /fast[- ]?forward/i.test(messageOf(err));
}

function isProtected(err: unknown): boolean {
  const status = statusOf(err);
  return (
    (status === 403 || status === 409 || status === 422) &&
    /protected branch|rule violation|GH006|GH013|through a pull request|required status check|push access to this branch|cannot update this protected ref/i.test(
      messageOf(err)
    )
  );
}

function isPermission(err: unknown): boolean {
  const status = statusOf(err);
  return status === 403 || status === 404;
}

async function defaultBackoff(attempt: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, 250 * attempt + Math.floor(Math.random() * 250)));
}

export async function commitFiles(
  octokit: GitHubClient,
  request: CommitRequest,
  log: Logger
): Promise<CommitOutcome> {
  const git = new GitData(octokit, request.owner, request.repo);
  const maxAttempts = request.maxAttempts ?? 5;
  const backoff = request.backoff ?? defaultBackoff;
  try {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) await backoff(attempt);
      const head = await git.headOf(request.branch);
      if (head === null)
        throw new Error(`branch "${request.branch}" does not exist in ${request.owner}/${request.repo}`);
      const changed = await git.changedFiles(head, request.files);
      if (changed.length === 0) {
        log.info(`the report files are unchanged on ${request.branch}: no commit`);
        return { status: 'unchanged', branch: request.branch, headSha: head };
      }
      const sha = await git.commit(request.message, await git.treeOf(head), changed, [head]);
      try {
        await git.moveRef(request.branch, sha);
        log.info(`committed ${changed.map(f => f.path).join(' and ')} to ${request.branch}: ${sha}`);
        return {
          status: 'committed',
          branch: request.branch,
          sha,
          attempts: attempt,
          paths: changed.map(f => f.path)
        };
      } catch (err) {
        if (isNotFastForward(err)) {
          log.info(
            `${request.branch} moved while committing (attempt ${attempt} of ${maxAttempts}); re-applying the report on its new head`
          );
          continue;
        }
        if (isProtected(err)) return await onProtected(git, request, err, log);
        throw err;
      }
    }
    throw new BranchMovedError(request.branch, maxAttempts);
  } catch (err) {
    if (!(err instanceof BranchMovedError) && !isProtected(err) && isPermission(err)) {
      return {
        status: 'skipped',
        notice: `Could not commit the report to ${request.branch} (HTTP ${statusOf(err)}: ${messageOf(err)}). The token needs "contents: write"; pull requests from forks get a read-only token.`
      };
    }
    throw err;
  }
}

async function onProtected(
  git: GitData,
  request: CommitRequest,
  err: unknown,
  log: Logger
): Promise<CommitOutcome> {
  const why = `branch "${request.branch}" is protected, so the report commit was not pushed (HTTP ${statusOf(err)}: ${messageOf(err)})`;
  if (request.fallback !== 'pull-request') {
    return {
      status: 'protected',
      branch: request.branch,
      warning: `${why}. Set commit-fallback: pull-request to get a pull request instead, or let the token bypass the protection.`
    };
  }
  const pr = await proposeByPullRequest(git, request, log);
  return {
    status: 'pull-request',
    ...pr,
    warning: `${why}; the report is in pull request #${pr.number} (${pr.url}) instead`
  };
}

/**
 * The protected-branch fallback: the report goes to `ai-conformance/report-<branch>` and a pull
 * request into the branch is opened (or kept up to date). That branch is only ever fast-forwarded:
 * an update is a merge of its old head and the base's current head, whose tree is the base's plus
 * our files, so the pull request always shows exactly the report change.
 */
async function proposeByPullRequest(
  git: GitData,
  request: CommitRequest,
  log: Logger
): Promise<{ branch: string; sha: string; url: string; number: number }> {
  const branch = reportBranchFor(request.branch);
  const sha = await updateReportBranch(git, request, branch, log);
  return { branch, sha, ...(await git.openOrUpdatePullRequest(branch, request)) };
}

/** Puts the report on the report branch (fast-forward only, bounded retries); returns its head. */
async function updateReportBranch(
  git: GitData,
  request: CommitRequest,
  branch: string,
  log: Logger
): Promise<string> {
  const maxAttempts = request.maxAttempts ?? 5;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) await (request.backoff ?? defaultBackoff)(attempt);
    const baseHead = await git.headOf(request.branch);
    if (baseHead === null) throw new Error(`branch "${request.branch}" does not exist`);
    const existing = await git.headOf(branch);
    if (
      existing !== null &&
      (await git.changedFiles(existing, request.files)).length === 0 &&
      (await git.builtOn(existing, baseHead))
    ) {
      return existing; // already proposed, on the current base
    }
    const changed = await git.changedFiles(baseHead, request.files);
    const parents = existing === null || existing === baseHead ? [baseHead] : [existing, baseHead];
    const sha = await git.commit(request.message, await git.treeOf(baseHead), changed, parents);
    try {
      if (existing === null) await git.createRef(branch, sha);
      else await git.moveRef(branch, sha);
      log.info(`committed the report to ${branch}: ${sha}`);
      return sha;
    } catch (err) {
      // Moved, or created by a concurrent run, meanwhile: re-read and try again.
      if (isNotFastForward(err) || (statusOf(err) === 422 && /already exists/i.test(messageOf(err))))
        continue;
      throw err;
    }
  }
  throw new BranchMovedError(branch, maxAttempts);
}

/** The few Git Data, contents and pulls calls the commit needs, over one repository. */
class GitData {
  private readonly blobs = new Map<string, string>();

  constructor(
    private readonly octokit: GitHubClient,
    private readonly owner: string,
    private readonly repo: string
  ) {}

  private get where(): { owner: string; repo: string } {
    return { owner: this.owner, repo: this.repo };
  }

  async headOf(branch: string): Promise<string | null> {
    try {
      const { data } = await this.octokit.rest.git.getRef({ ...this.where, ref: `heads/${branch}` });
      return data.object.sha;
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw err;
    }
  }

  async treeOf(commitSha: string): Promise<string> {
    const { data } = await this.octokit.rest.git.getCommit({ ...this.where, commit_sha: commitSha });
    return data.tree.sha;
  }

  /** The files whose content at the commit differs from ours (or that are missing there). */
  async changedFiles(commitSha: string, files: FileToCommit[]): Promise<FileToCommit[]> {
    const changed: FileToCommit[] = [];
    for (const file of files) {
      const existing = await this.blobShaAt(commitSha, file.path);
      if (existing !== gitBlobSha(file.content)) changed.push(file);
    }
    return changed;
  }

  private async blobShaAt(commitSha: string, path: string): Promise<string | null> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({ ...this.where, path, ref: commitSha });
      if (Array.isArray(data))
        throw new Error(`"${path}" is a directory in ${this.owner}/${this.repo}; cannot commit a file there`);
      return data.sha;
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw err;
    }
  }

  /** Whether the commit was made on top of `parent` (our report commits always name the base head as a parent). */
  async builtOn(commitSha: string, parent: string): Promise<boolean> {
    const { data } = await this.octokit.rest.git.getCommit({ ...this.where, commit_sha: commitSha });
    return data.parents.some(p => p.sha === parent);
  }

  async commit(message: string, baseTree: string, files: FileToCommit[], parents: string[]): Promise<string> {
    const tree = [];
    for (const file of files)
      tree.push({
        path: file.path,
        mode: FILE_MODE,
        type: 'blob',
        sha: await this.blob(file.content)
      } as const);
    const { data: newTree } = await this.octokit.rest.git.createTree({
      ...this.where,
      base_tree: baseTree,
      tree
    });
    // No author or committer: GitHub then signs the commit as the token's bot ("Verified").
    const { data: commit } = await this.octokit.rest.git.createCommit({
      ...this.where,
      message,
      tree: newTree.sha,
      parents
    });
    return commit.sha;
  }

  private async blob(content: string): Promise<string> {
    const key = gitBlobSha(content);
    const known = this.blobs.get(key);
    if (known) return known;
    const { data } = await this.octokit.rest.git.createBlob({
      ...this.where,
      content: Buffer.from(content, 'utf8').toString('base64'),
      encoding: 'base64'
    });
    this.blobs.set(key, data.sha);
    return data.sha;
  }

  async moveRef(branch: string, sha: string): Promise<void> {
    await this.octokit.rest.git.updateRef({ ...this.where, ref: `heads/${branch}`, sha, force: false });
  }

  async createRef(branch: string, sha: string): Promise<void> {
    await this.octokit.rest.git.createRef({ ...this.where, ref: `refs/heads/${branch}`, sha });
  }

  async openOrUpdatePullRequest(
    head: string,
    request: CommitRequest
  ): Promise<{ url: string; number: number }> {
    const title = `Update the AI conformance report on ${request.branch}`;
    const body = [
      `\`${request.branch}\` is protected, so the AI conformance action proposes its report here instead of committing it.`,
      '',
      `Files: ${request.files.map(f => `\`${f.path}\``).join(', ')}`,
      '',
      `Commit message: ${request.message.split('\n')[0]}`
    ].join('\n');
    const { data: open } = await this.octokit.rest.pulls.list({
      ...this.where,
      head: `${this.owner}:${head}`,
      base: request.branch,
      state: 'open'
    });
    if (open.length > 0) {
      const { data } = await this.octokit.rest.pulls.update({
        ...this.where,
        pull_number: open[0].number,
        title,
        body
      });
      return { url: data.html_url, number: data.number };
    }
    const { data } = await this.octokit.rest.pulls.create({
      ...this.where,
      head,
      base: request.branch,
      title,
      body
    });
    return { url: data.html_url, number: data.number };
  }
}
