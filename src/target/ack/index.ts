/**
 * The ACK target as the pipeline uses it:
 * - `connectAck`: an existing cluster by id → kubeconfig text + expiry;
 * - `provisionAck`: a new tagged GPU cluster → the same, with the teardown state handed out first;
 * - `withAckCluster`: either of them around the suite, with teardown in `finally` (also after a
 *   failed suite or a cancel) and the outcome recorded for the post step;
 * - `teardownFromState`: the post step's teardown from the saved state.
 */
import { realSleep, type AckClient } from './client.js';
import { connectCluster, type AckConnection } from './connect.js';
import { AckError } from './errors.js';
import { createAckClient, type AckDeps } from './factory.js';
import type { AckOptions } from './inputs.js';
import { defaultRunId, provisionCluster, type ProvisionedCluster } from './provision.js';
import type { AckState, RunOutcome } from './state.js';
import { teardownCluster, type TeardownResult } from './teardown.js';

export { AckError, type AckErrorKind } from './errors.js';
export type { AckDeps } from './factory.js';
export type { AckConnection } from './connect.js';
export type { ProvisionedCluster } from './provision.js';
export {
  ACK_INPUT_DEFAULTS,
  AckInputError,
  inputsFromEnv,
  parseAckOptions,
  readAckOptions,
  type AckInputName,
  type AckOptions,
  type TeardownPolicy
} from './inputs.js';
export {
  OUTCOME_STATE_KEY,
  STATE_KEY,
  parseOutcome,
  parseState,
  serializeState,
  type AckState,
  type RunOutcome
} from './state.js';
export {
  shouldTearDown,
  teardownFromState,
  type TeardownFromStateDeps,
  type TeardownResult
} from './teardown.js';
export { OIDC_AUDIENCE } from './credentials.js';
export { defaultRunId } from './provision.js';

/** Connects to `options.clusterId` (mode "connect"). */
export async function connectAck(options: AckOptions, deps: AckDeps): Promise<AckConnection> {
  if (!options.clusterId)
    throw new AckError('input', 'input "ack-cluster-id" is required to connect to an existing ACK cluster');
  const client = createAckClient(options.region, options.credentials, deps);
  return connectTo(client, options.clusterId, options, deps);
}

export interface ProvisionAckDeps extends AckDeps {
  /** Default: defaultRunId(env, now). */
  runId?: string;
  signal?: AbortSignal;
  /** Save the state for the post step (core.saveState(STATE_KEY, serializeState(state))). */
  onCreated: (state: AckState) => void | Promise<void>;
  timeoutMs?: number;
  pollIntervalMs?: number;
}

/** Provisions a cluster (mode "provision") and connects to it. Teardown is the caller's. */
export async function provisionAck(
  options: AckOptions,
  deps: ProvisionAckDeps
): Promise<{ cluster: ProvisionedCluster; connection: AckConnection }> {
  return provisionWith(createAckClient(options.region, options.credentials, deps), options, deps);
}

async function provisionWith(
  client: AckClient,
  options: AckOptions,
  deps: ProvisionAckDeps
): Promise<{ cluster: ProvisionedCluster; connection: AckConnection }> {
  if (!options.provision)
    throw new AckError('input', 'input "ack-provision" is not true: nothing to provision');
  const now = deps.now ?? Date.now;
  const cluster = await provisionCluster(
    client,
    {
      region: options.region,
      runId: deps.runId ?? defaultRunId(deps.env, now()),
      provision: options.provision,
      teardown: options.teardown,
      timeoutMs: deps.timeoutMs,
      pollIntervalMs: deps.pollIntervalMs
    },
    { log: deps.log, now, sleep: deps.sleep ?? realSleep, signal: deps.signal, onCreated: deps.onCreated }
  );
  return { cluster, connection: await connectTo(client, cluster.clusterId, options, deps) };
}

function connectTo(
  client: AckClient,
  clusterId: string,
  options: AckOptions,
  deps: AckDeps
): Promise<AckConnection> {
  return connectCluster(
    client,
    { clusterId, privateEndpoint: options.privateEndpoint, ttlMinutes: options.kubeconfigTtlMinutes },
    deps
  );
}

export interface SuiteRun<T> {
  value: T;
  /** "success" lets `ack-teardown: on-success` delete the cluster. */
  outcome: Exclude<RunOutcome, 'cancelled'>;
}

export interface LifecycleDeps extends ProvisionAckDeps {
  /** Record how the run ended (core.saveState(OUTCOME_STATE_KEY, outcome)). */
  onOutcome?: (outcome: RunOutcome) => void | Promise<void>;
  /** A teardown problem (core.warning); the post step tries again. */
  warn?: (line: string) => void;
  deleteTimeoutMs?: number;
}

/**
 * Runs `suite` on the ACK cluster the options name or provision. A provisioned cluster is torn
 * down afterwards per `ack-teardown`: after success, failure, an error or a cancel (then the
 * delete is only requested; the post step waits for it).
 */
export async function withAckCluster<T>(
  options: AckOptions,
  deps: LifecycleDeps,
  suite: (connection: AckConnection) => Promise<SuiteRun<T>>
): Promise<{ value: T; teardown: TeardownResult | null }> {
  if (options.mode === 'connect') {
    const run = await suite(await connectAck(options, deps));
    return { value: run.value, teardown: null };
  }
  const now = deps.now ?? Date.now;
  const client = createAckClient(options.region, options.credentials, deps);
  let state: AckState | null = null;
  let outcome: RunOutcome = 'failure';
  let teardown: TeardownResult | null = null;
  let value: T;
  try {
    const { connection } = await provisionWith(client, options, {
      ...deps,
      onCreated: async s => {
        state = s;
        await deps.onCreated(s);
      }
    });
    const run = await suite(connection);
    outcome = deps.signal?.aborted ? 'cancelled' : run.outcome;
    value = run.value;
  } catch (e) {
    outcome =
      deps.signal?.aborted || (e instanceof AckError && e.kind === 'cancelled') ? 'cancelled' : 'failure';
    throw e;
  } finally {
    const created = state as AckState | null;
    if (created) {
      await deps.onOutcome?.(outcome);
      try {
        teardown = await teardownCluster(client, created, outcome, {
          log: deps.log,
          now,
          sleep: deps.sleep ?? realSleep,
          wait: outcome !== 'cancelled',
          waitTimeoutMs: deps.deleteTimeoutMs
        });
      } catch (e) {
        (deps.warn ?? deps.log)(
          `ACK: teardown of cluster ${created.clusterId} failed, the post step tries again: ${(e as Error).message}`
        );
      }
    }
  }
  return { value, teardown };
}
