/**
 * The tags that mark a cluster as created by this action, and the rule that lets the sweep delete
 * it: both tags present and the expiry in the past. Clusters without both tags are never touched.
 */
import type { ClusterTag } from './client.js';

export const RUN_ID_TAG = 'ai-conformance/run-id';
export const EXPIRES_AT_TAG = 'ai-conformance/expires-at';

export function runTags(runId: string, expiresAt: Date): ClusterTag[] {
  return [
    { key: RUN_ID_TAG, value: runId },
    { key: EXPIRES_AT_TAG, value: expiresAt.toISOString() }
  ];
}

export type Expiry =
  | { kind: 'untagged' }
  | { kind: 'invalid'; value: string }
  | { kind: 'expired'; runId: string; expiresAt: Date }
  | { kind: 'live'; runId: string; expiresAt: Date };

/** What the run tags say about a cluster at time `now`. */
export function expiryOf(tags: readonly ClusterTag[], now: number): Expiry {
  const runId = tags.find(t => t.key === RUN_ID_TAG)?.value;
  const expires = tags.find(t => t.key === EXPIRES_AT_TAG)?.value;
  if (!runId || expires === undefined) return { kind: 'untagged' };
  // Only full ISO timestamps count: a hand-edited "tomorrow" must not read as a past date.
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(expires)
    ? Date.parse(expires)
    : NaN;
  if (!Number.isFinite(at)) return { kind: 'invalid', value: expires };
  const expiresAt = new Date(at);
  return at <= now ? { kind: 'expired', runId, expiresAt } : { kind: 'live', runId, expiresAt };
}
