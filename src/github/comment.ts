/**
 * The sticky PR comment: one comment per (comment-header, report path), found again by a hidden
 * marker AND the token's own login (so another bot's or a person's comment carrying the same
 * marker is never taken over, and a PAT or App token finds its own comment too), across every
 * page of comments, and updated in place.
 */
import type { GitHubClient } from './octokit.js';
import { COMMENT_LIMIT } from '../render/table.js';

export interface Logger {
  info(message: string): void;
  warning(message: string): void;
}

/** The hidden first line that identifies our comment; header and path are URI-encoded so no value can close the HTML comment. */
export function commentMarker(header: string, reportPath: string): string {
  return `<!-- k8s-ai-conformance:sticky header=${encodeURIComponent(header)} report=${encodeURIComponent(reportPath)} -->`;
}

export type CommentOutcome =
  { status: 'created' | 'updated'; id: number; url: string } | { status: 'skipped'; notice: string };

export interface UpsertCommentRequest {
  owner: string;
  repo: string;
  issueNumber: number;
  header: string;
  reportPath: string;
  /** The visible body; the marker is added in front. */
  body: string;
}

/** "github-actions[bot]" and "github-actions" are the same identity (GraphQL and REST spell bots differently). */
export function normalizeLogin(login: string): string {
  return login.toLowerCase().replace(/\[bot\]$/, '');
}

/** The token's own login through GraphQL (REST GET /user refuses installation tokens), or null. */
export async function viewerLogin(octokit: GitHubClient): Promise<string | null> {
  try {
    const data = await octokit.graphql<{ viewer?: { login?: string } }>('query { viewer { login } }');
    return data.viewer?.login ?? null;
  } catch {
    return null;
  }
}

interface IssueComment {
  id: number;
  body?: string | null;
  html_url: string;
  user: { login: string; type?: string } | null;
}

export async function upsertComment(
  octokit: GitHubClient,
  request: UpsertCommentRequest,
  log: Logger
): Promise<CommentOutcome> {
  const marker = commentMarker(request.header, request.reportPath);
  const body = `${marker}\n${request.body}`;
  if (body.length > COMMENT_LIMIT) {
    // The table renderer keeps bodies under the limit; this guards the API call itself.
    throw new Error(`the comment body is ${body.length} characters, over GitHub's ${COMMENT_LIMIT}`);
  }
  const where = { owner: request.owner, repo: request.repo };
  try {
    const login = await viewerLogin(octokit);
    if (login === null)
      log.warning(
        "could not read the token's login through GraphQL; looking for the previous comment among bot comments with the marker"
      );
    const all = (await octokit.paginate(octokit.rest.issues.listComments, {
      ...where,
      issue_number: request.issueNumber,
      per_page: 100
    })) as IssueComment[];
    const ours = all.filter(c => (c.body ?? '').includes(marker) && isOurs(c, login));
    // The oldest one, so a duplicate left by an earlier race never steals the place.
    const previous = ours.sort((a, b) => a.id - b.id)[0];
    if (previous) {
      const { data } = await octokit.rest.issues.updateComment({ ...where, comment_id: previous.id, body });
      log.info(`updated the PR comment ${data.html_url}`);
      return { status: 'updated', id: data.id, url: data.html_url };
    }
    const { data } = await octokit.rest.issues.createComment({
      ...where,
      issue_number: request.issueNumber,
      body
    });
    log.info(`created the PR comment ${data.html_url}`);
    return { status: 'created', id: data.id, url: data.html_url };
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 403 || status === 404) {
      return {
        status: 'skipped',
        notice: `Could not comment on pull request #${request.issueNumber} (HTTP ${status}: ${(err as Error).message}). The token needs "pull-requests: write"; pull requests from forks get a read-only token. The job summary has the full results.`
      };
    }
    throw err;
  }
}

function isOurs(comment: IssueComment, login: string | null): boolean {
  if (!comment.user) return false;
  if (login !== null) return normalizeLogin(comment.user.login) === normalizeLogin(login);
  return comment.user.type === 'Bot';
}
