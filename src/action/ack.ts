/**
 * The ACK target inside the action: the runtime pieces both steps give the ACK module (log, mask,
 * the workflow's OIDC token), the cleanup task the main step registers once a provisioned cluster
 * exists, and the post step's handler that tears it down from that task.
 */
import * as core from '@actions/core';
import type { CleanupHandler, CleanupTask } from './state.js';
import type { CredentialInputs } from '../target/ack/credentials.js';
import {
  inputsFromEnv,
  OUTCOME_STATE_KEY,
  parseOutcome,
  parseState,
  teardownFromState,
  type AckDeps,
  type AckInputName,
  type AckState,
  type LifecycleDeps,
  type TeardownResult
} from '../target/ack/index.js';

/** What tests (or a private deployment) replace: endpoints, clock, sleeps, retry and poll timings. */
export type ActionAckDeps = Partial<
  Pick<
    LifecycleDeps,
    | 'endpoints'
    | 'now'
    | 'sleep'
    | 'random'
    | 'retry'
    | 'getIdToken'
    | 'timeoutMs'
    | 'pollIntervalMs'
    | 'deleteTimeoutMs'
  >
> & {
  /** The post step's wait for the delete (default: the ACK module's 20 minutes). */
  waitTimeoutMs?: number;
};

export const ACK_CLUSTER_TASK = 'ack-cluster';

/** The cleanup task for a provisioned cluster: its saved state (no secret in it). */
export function ackClusterTask(state: AckState): CleanupTask {
  return { type: ACK_CLUSTER_TASK, state };
}

/** The ACK runtime of a step: progress to the log, every credential masked, the workflow's ID token. */
export function actionAckDeps(mask: (value: string) => void, overrides: ActionAckDeps = {}): AckDeps {
  return {
    env: process.env,
    log: line => core.info(line),
    mask,
    // Only asked for with keyless OIDC; needs `permissions: id-token: write`.
    getIdToken: audience => core.getIDToken(audience),
    ...overrides
  };
}

/**
 * The post step's teardown of a provisioned cluster, by `ack-teardown` and the outcome the main
 * step saved ("cancelled" when it never got to save one). Credentials are read again from the
 * same inputs: the saved state holds none.
 */
export function ackTeardownHandler(overrides: ActionAckDeps = {}): CleanupHandler {
  return async task => {
    const state = parseState(JSON.stringify((task as { state?: unknown }).state ?? null));
    if (!state) {
      throw new Error(
        'the saved ACK cluster state is unreadable; `ai-conformance ack sweep` removes the cluster once it expires'
      );
    }
    const deps = actionAckDeps(value => core.setSecret(value), overrides);
    const result = await teardownFromState(state, {
      ...deps,
      credentials: credentialInputs(process.env),
      outcome: parseOutcome(core.getState(OUTCOME_STATE_KEY)),
      waitTimeoutMs: overrides.waitTimeoutMs,
      pollIntervalMs: overrides.pollIntervalMs
    });
    return describeTeardown(result ?? { action: 'already-gone', clusterId: state.clusterId });
  };
}

/** The credential inputs as given (the main step validated them); empty ones fall back to the environment. */
function credentialInputs(env: NodeJS.ProcessEnv): CredentialInputs {
  const get = inputsFromEnv(env);
  const value = (name: AckInputName): string | undefined => get(name) || undefined;
  return {
    accessKeyId: value('alibaba-cloud-access-key-id'),
    accessKeySecret: value('alibaba-cloud-access-key-secret'),
    securityToken: value('alibaba-cloud-security-token'),
    roleArn: value('alibaba-cloud-role-arn'),
    oidcProviderArn: value('alibaba-cloud-oidc-provider-arn')
  };
}

function describeTeardown(result: TeardownResult): string {
  switch (result.action) {
    case 'deleted':
      return `deleted ACK cluster ${result.clusterId}`;
    case 'deleting':
      return `ACK cluster ${result.clusterId} is being deleted`;
    case 'already-gone':
      return `ACK cluster ${result.clusterId} was already deleted`;
    case 'kept':
      return `kept ACK cluster ${result.clusterId} (ack-teardown)`;
  }
}
