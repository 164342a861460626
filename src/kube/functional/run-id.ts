/**
 * Run ids: the value of the run label on everything a run creates and the suffix of its namespace
 * (`ai-conformance-<run-id>`), so a DNS label of at most 48 characters.
 */
import { randomBytes } from 'node:crypto';
import { NAMESPACE_PREFIX } from './types.js';

const MAX = 63 - NAMESPACE_PREFIX.length;

/** A fresh id: a time part (sorts by start) and a random part (two runs never collide). */
export function newRunId(now = Date.now()): string {
  const random = [...randomBytes(4)].map(b => (b % 36).toString(36)).join('');
  return `${now.toString(36)}-${random}`;
}

/** Why an id cannot name a run's namespace and label its objects; null when it can. */
export function runIdProblem(id: string): string | null {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(id))
    return `${JSON.stringify(id)} is not a DNS label (lowercase letters, digits and "-", starting and ending with a letter or digit)`;
  if (id.length > MAX) return `${JSON.stringify(id)} is longer than ${MAX} characters`;
  return null;
}

export function runNamespace(runId: string): string {
  return `${NAMESPACE_PREFIX}${runId}`;
}
