/**
 * What the main step hands to the post step (core.saveState / core.getState) so a provisioned
 * cluster is torn down after a failure, a crash or a cancel. No secret is in it: the post step
 * resolves credentials again from the same inputs.
 */
import { TEARDOWN_POLICIES, type TeardownPolicy } from './inputs.js';

export const RUN_OUTCOMES = ['success', 'failure', 'cancelled'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export interface AckState {
  version: 1;
  clusterId: string;
  region: string;
  runId: string;
  teardown: TeardownPolicy;
  /** ISO time of the expires-at tag. */
  expiresAt: string;
  /** How the run ended; absent when the main step never got to say (cancel, crash). */
  outcome?: RunOutcome;
}

/** The saveState keys the action uses (one JSON value each). */
export const STATE_KEY = 'ack-cluster';
export const OUTCOME_STATE_KEY = 'ack-outcome';

export function serializeState(state: AckState): string {
  return JSON.stringify(state);
}

/** The state saved by the main step; null when nothing was provisioned (empty or foreign value). */
export function parseState(text: string | null | undefined): AckState | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const s = value as Partial<AckState>;
  if (
    !s ||
    s.version !== 1 ||
    typeof s.clusterId !== 'string' ||
    !s.clusterId ||
    typeof s.region !== 'string'
  )
    return null;
  if (!(TEARDOWN_POLICIES as readonly string[]).includes(String(s.teardown))) return null;
  return {
    version: 1,
    clusterId: s.clusterId,
    region: s.region,
    runId: String(s.runId ?? ''),
    teardown: s.teardown as TeardownPolicy,
    expiresAt: String(s.expiresAt ?? ''),
    ...((RUN_OUTCOMES as readonly string[]).includes(String(s.outcome))
      ? { outcome: s.outcome as RunOutcome }
      : {})
  };
}

export function parseOutcome(text: string | null | undefined): RunOutcome | undefined {
  return (RUN_OUTCOMES as readonly string[]).includes(String(text)) ? (text as RunOutcome) : undefined;
}
