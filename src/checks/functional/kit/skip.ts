/** Why a functional check does not run, from its detect finding (null: it runs). */
import type { Finding } from '../../types.js';

/**
 * Runs on a detect pass or partial. A detect error says the cluster could not be read, so nothing
 * is created; any other verdict means the prerequisite is absent (`absent` says which).
 */
export function prerequisite(detect: Finding, absent: string): string | null {
  if (detect.verdict === 'pass' || detect.verdict === 'partial') return null;
  if (detect.verdict === 'error')
    return `detect could not finish, so no workload was created (${detect.reason})`;
  return `${absent} (${detect.reason})`;
}
