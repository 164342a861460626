/**
 * Provisioning an ephemeral ACK GPU cluster: CreateCluster with the run tags, the state handed to
 * the caller as soon as the cluster id exists (so teardown can find it whatever happens next),
 * then DescribeTaskInfo and DescribeClusterDetail polled until the cluster runs, bounded in time,
 * with a progress line whenever something changes.
 */
import type { AckClient, Sleep, TaskInfo } from './client.js';
import { buildClusterBody, DEFAULT_CLUSTER_TYPE, DEFAULT_PROFILE, pickVersion } from './cluster-body.js';
import { AckError } from './errors.js';
import type { AckProvisionOptions, TeardownPolicy } from './inputs.js';
import type { AckState } from './state.js';
import { runTags } from './tags.js';

export interface ProvisionRequest {
  region: string;
  /** Identifies the run in the tag and the cluster name, e.g. "<GITHUB_RUN_ID>-<attempt>". */
  runId: string;
  provision: AckProvisionOptions;
  teardown: TeardownPolicy;
  /** Give up waiting for `running` after this long (default 45 minutes). */
  timeoutMs?: number;
  pollIntervalMs?: number;
}

export interface ProvisionDeps {
  log: (line: string) => void;
  now: () => number;
  sleep: Sleep;
  signal?: AbortSignal;
  /** Called once the cluster id is known, before waiting: save it for the post step. */
  onCreated: (state: AckState) => void | Promise<void>;
}

export interface ProvisionedCluster {
  clusterId: string;
  name: string;
  region: string;
  kubernetesVersion: string;
  expiresAt: string;
  state: AckState;
}

export const DEFAULT_PROVISION_TIMEOUT_MS = 45 * 60 * 1000;
export const DEFAULT_POLL_INTERVAL_MS = 20 * 1000;
/** A progress line at least this often even when nothing changed, so the log shows life. */
const HEARTBEAT_MS = 5 * 60 * 1000;

/** "<run id>-<attempt>" on GitHub, else a time-based id. */
export function defaultRunId(env: NodeJS.ProcessEnv, now: number): string {
  if (env.GITHUB_RUN_ID) return `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT || '1'}`;
  return `local-${new Date(now).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').toLowerCase()}`;
}

export async function provisionCluster(
  client: AckClient,
  req: ProvisionRequest,
  deps: ProvisionDeps
): Promise<ProvisionedCluster> {
  const { log, now } = deps;
  const started = now();
  const expiresAt = new Date(started + req.provision.maxLifetimeMinutes * 60 * 1000);
  const spec = req.provision.spec ?? {};

  let kubernetesVersion: string | null = null;
  if (spec.kubernetes_version === undefined && req.provision.kubernetesMinor) {
    const clusterType = typeof spec.cluster_type === 'string' ? spec.cluster_type : DEFAULT_CLUSTER_TYPE;
    const profile = typeof spec.profile === 'string' ? spec.profile : DEFAULT_PROFILE;
    kubernetesVersion = pickVersion(
      req.provision.kubernetesMinor,
      await client.creatableVersions(clusterType, profile),
      req.region
    );
  }
  const body = buildClusterBody(req.provision, {
    region: req.region,
    runId: req.runId,
    tags: runTags(req.runId, expiresAt),
    kubernetesVersion
  });
  throwIfAborted(deps.signal, 'before creating the ACK cluster');

  const { clusterId, taskId } = await client.createCluster(body);
  const state: AckState = {
    version: 1,
    clusterId,
    region: req.region,
    runId: req.runId,
    teardown: req.teardown,
    expiresAt: expiresAt.toISOString()
  };
  await deps.onCreated(state);
  const gpus = describeGpus(body);
  log(
    `ACK: creating cluster ${String(body.name)} (${clusterId}) in ${req.region}: ${String(body.cluster_spec ?? body.cluster_type)}, Kubernetes ${String(body.kubernetes_version ?? 'newest')}${gpus}; expires at ${state.expiresAt}`
  );

  const timeoutMs = req.timeoutMs ?? DEFAULT_PROVISION_TIMEOUT_MS;
  const interval = req.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  let last = '';
  let lastLine = started;
  for (;;) {
    try {
      await deps.sleep(interval, deps.signal);
    } catch {
      throwIfAborted(deps.signal, `while waiting for ACK cluster ${clusterId} to start`);
    }
    throwIfAborted(deps.signal, `while waiting for ACK cluster ${clusterId} to start`);
    const task: TaskInfo | null = taskId ? await client.describeTaskInfo(taskId) : null;
    const cluster = await client.describeClusterDetail(clusterId);
    const elapsed = now() - started;
    const summary = `cluster ${cluster.state || 'unknown'}${task ? `, task ${task.state}${task.currentStage ? ` (${task.currentStage})` : ''}` : ''}`;
    if (summary !== last || now() - lastLine >= HEARTBEAT_MS) {
      log(`ACK: ${clusterId} ${summary}, ${minutes(elapsed)} elapsed`);
      last = summary;
      lastLine = now();
    }
    if (task?.state === 'fail' || cluster.state === 'failed') {
      const reason = task?.error ?? `cluster state "${cluster.state}"`;
      throw new AckError(
        'provision',
        `ACK cluster ${clusterId} failed to start: ${reason} (teardown follows input "ack-teardown"; the task is ${taskId || 'unknown'})`
      );
    }
    if (cluster.state === 'running' && (!task || task.state === 'success')) {
      log(
        `ACK: cluster ${clusterId} is running (Kubernetes ${cluster.currentVersion || 'unknown'}) after ${minutes(elapsed)}`
      );
      return {
        clusterId,
        name: String(body.name),
        region: req.region,
        kubernetesVersion: cluster.currentVersion,
        expiresAt: state.expiresAt,
        state
      };
    }
    if (elapsed >= timeoutMs) {
      throw new AckError(
        'timeout',
        `ACK cluster ${clusterId} is not running after ${minutes(elapsed)} (${summary}): see its events in the ACK console; teardown follows input "ack-teardown"`
      );
    }
  }
}

function describeGpus(body: Record<string, unknown>): string {
  const pools = Array.isArray(body.nodepools) ? body.nodepools : [];
  const parts = pools.map(p => {
    const sg =
      (p as { scaling_group?: { instance_types?: unknown; desired_size?: unknown } }).scaling_group ?? {};
    const types = Array.isArray(sg.instance_types) ? sg.instance_types.join('/') : '?';
    return `${String(sg.desired_size ?? '?')} × ${types}`;
  });
  return parts.length ? `, node pools ${parts.join(', ')}` : '';
}

function minutes(ms: number): string {
  const m = Math.floor(ms / 60000);
  const s = Math.floor((ms % 60000) / 1000);
  return `${m}m${String(s).padStart(2, '0')}s`;
}

function throwIfAborted(signal: AbortSignal | undefined, when: string): void {
  if (signal?.aborted) throw new AckError('cancelled', `cancelled ${when}`);
}
