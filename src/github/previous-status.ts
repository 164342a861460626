/**
 * "The status before": the requirement statuses of a PRODUCT.yaml, here read from a commit through
 * the contents API (the PR base), so the comment can show what this run changes.
 */
import { parse } from 'yaml';
import type { GitHubClient } from './octokit.js';
import { CATEGORIES } from '../types.js';

/** The text of a file at a ref, or null when it is not there (or not readable with this token). */
export async function fetchFileAt(
  octokit: GitHubClient,
  where: { owner: string; repo: string; path: string; ref: string }
): Promise<string | null> {
  try {
    const { data } = await octokit.rest.repos.getContent({
      owner: where.owner,
      repo: where.repo,
      path: where.path,
      ref: where.ref
    });
    if (Array.isArray(data) || data.type !== 'file') return null;
    if ('content' in data && typeof data.content === 'string' && data.encoding === 'base64') {
      return Buffer.from(data.content, 'base64').toString('utf8');
    }
    // Files over 1 MB come without content; a PRODUCT.yaml is never that large.
    return null;
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 404 || status === 403) return null;
    throw err;
  }
}

/** Status per requirement id from PRODUCT.yaml text; ids without a status are left out. */
export function statusesOf(productYaml: string): Map<string, string> {
  const statuses = new Map<string, string>();
  let doc: unknown;
  try {
    doc = parse(productYaml);
  } catch {
    return statuses;
  }
  const spec = (doc as { spec?: Record<string, unknown> } | null)?.spec;
  if (!spec || typeof spec !== 'object') return statuses;
  for (const category of CATEGORIES) {
    const items = spec[category];
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      if (
        item &&
        typeof item.id === 'string' &&
        typeof item.status === 'string' &&
        item.status.trim() !== ''
      ) {
        statuses.set(item.id, item.status.trim());
      }
    }
  }
  return statuses;
}
