/**
 * Tearing down a cluster this run provisioned: decided by `ack-teardown` and how the run ended,
 * idempotent (a cluster already deleting or gone is fine, so the main step and the post step may
 * both try), and refusing to delete a cluster that does not carry this run's tag.
 */
import { realSleep, type AckClient, type ClusterInfo, type Sleep } from './client.js';
import { AckError } from './errors.js';
import { createAckClient, type AckDeps } from './factory.js';
import type { CredentialInputs } from './credentials.js';
import type { TeardownPolicy } from './inputs.js';
import { parseState, type AckState, type RunOutcome } from './state.js';
import { RUN_ID_TAG } from './tags.js';

export interface TeardownDeps {
  log: (line: string) => void;
  now: () => number;
  sleep: Sleep;
  /** Wait until the cluster is gone (default true). The main step skips waiting after a cancel. */
  wait?: boolean;
  waitTimeoutMs?: number;
  pollIntervalMs?: number;
}

export type TeardownAction = 'deleted' | 'deleting' | 'already-gone' | 'kept';

export interface TeardownResult {
  action: TeardownAction;
  clusterId: string;
}

export const DEFAULT_DELETE_TIMEOUT_MS = 20 * 60 * 1000;
const DELETE_POLL_MS = 15 * 1000;

/** always: every outcome; on-success: only a successful run (a failed one is kept to inspect); never. */
export function shouldTearDown(policy: TeardownPolicy, outcome: RunOutcome): boolean {
  if (policy === 'always') return true;
  if (policy === 'on-success') return outcome === 'success';
  return false;
}

export async function teardownCluster(
  client: AckClient,
  state: AckState,
  outcome: RunOutcome,
  deps: TeardownDeps
): Promise<TeardownResult> {
  const { clusterId } = state;
  if (!shouldTearDown(state.teardown, outcome)) {
    deps.log(
      `ACK: keeping cluster ${clusterId} (ack-teardown: ${state.teardown}, run ${outcome}); \`ai-conformance ack sweep --region ${state.region}\` deletes it after ${state.expiresAt || 'its expires-at tag'}`
    );
    return { action: 'kept', clusterId };
  }

  const current = await findCluster(client, clusterId);
  if (!current || current.state === 'deleted') {
    deps.log(`ACK: cluster ${clusterId} is already deleted`);
    return { action: 'already-gone', clusterId };
  }
  const owner = current.tags.find(t => t.key === RUN_ID_TAG)?.value;
  if (owner !== state.runId) {
    throw new AckError(
      'input',
      `ACK: refusing to delete cluster ${clusterId}: its ${RUN_ID_TAG} tag is ${owner === undefined ? 'missing' : JSON.stringify(owner)}, not this run's ${JSON.stringify(state.runId)}`
    );
  }
  if (current.state === 'deleting') {
    deps.log(`ACK: cluster ${clusterId} is already being deleted`);
  } else {
    const { taskId } = await client.deleteCluster(clusterId);
    deps.log(`ACK: deleting cluster ${clusterId} (run ${outcome}${taskId ? `, task ${taskId}` : ''})`);
  }
  if (deps.wait === false) return { action: 'deleting', clusterId };
  return waitUntilGone(client, clusterId, deps);
}

async function waitUntilGone(
  client: AckClient,
  clusterId: string,
  deps: TeardownDeps
): Promise<TeardownResult> {
  const started = deps.now();
  const timeout = deps.waitTimeoutMs ?? DEFAULT_DELETE_TIMEOUT_MS;
  for (;;) {
    await deps.sleep(deps.pollIntervalMs ?? DELETE_POLL_MS);
    const current = await findCluster(client, clusterId);
    if (!current || current.state === 'deleted') {
      deps.log(`ACK: cluster ${clusterId} deleted after ${Math.round((deps.now() - started) / 1000)}s`);
      return { action: 'deleted', clusterId };
    }
    if (current.state === 'delete_failed') {
      throw new AckError(
        'api',
        `ACK could not delete cluster ${clusterId} (state delete_failed): delete it in the ACK console, and check for resources it could not release (SLB, disks)`
      );
    }
    if (deps.now() - started >= timeout) {
      deps.log(
        `ACK: cluster ${clusterId} is still ${current.state} after ${Math.round(timeout / 60000)} minutes; ACK keeps deleting it, and the sweep removes it if it stays`
      );
      return { action: 'deleting', clusterId };
    }
  }
}

/** The cluster, or null when ACK no longer knows it. */
async function findCluster(client: AckClient, clusterId: string): Promise<ClusterInfo | null> {
  try {
    return await client.describeClusterDetail(clusterId);
  } catch (e) {
    if (e instanceof AckError && e.kind === 'not-found') return null;
    throw e;
  }
}

export interface TeardownFromStateDeps extends AckDeps {
  /** The credential inputs, read again in the post step (the state holds no secret). */
  credentials: CredentialInputs;
  /** How the run ended; default the state's, else "cancelled" (the main step never said). */
  outcome?: RunOutcome;
  waitTimeoutMs?: number;
  pollIntervalMs?: number;
}

/**
 * The post step's teardown: the state the main step saved (object or its JSON). Nothing saved →
 * nothing to do (null).
 */
export async function teardownFromState(
  saved: AckState | string | null | undefined,
  deps: TeardownFromStateDeps
): Promise<TeardownResult | null> {
  const state = typeof saved === 'string' || saved == null ? parseState(saved) : saved;
  if (!state) return null;
  const outcome = deps.outcome ?? state.outcome ?? 'cancelled';
  const now = deps.now ?? Date.now;
  const client = createAckClient(state.region, deps.credentials, deps);
  return teardownCluster(client, state, outcome, {
    log: deps.log,
    now,
    sleep: deps.sleep ?? realSleep,
    waitTimeoutMs: deps.waitTimeoutMs,
    pollIntervalMs: deps.pollIntervalMs
  });
}
