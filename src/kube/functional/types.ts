/**
 * The contract of the functional depth: what a functional check is given to create its smallest
 * workload in the run-scoped namespace, wait on it with bounded timeouts, read its outcome, and
 * have everything it created deleted afterwards (also on failure, timeout and cancel).
 * Implemented in src/kube/functional/*; used by src/checks/functional/*.
 */
import type { CheckContext } from '../../checks/types.js';
import type { ResourceRef } from '../paths.js';

/** Any Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    generateName?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    uid?: string;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  [key: string]: any;
}

/** Labels every object the run creates carries (cleanup finds leftovers by them). */
export const RUN_LABEL = 'ai-conformance.cncf.io/run-id';
export const REQUIREMENT_LABEL = 'ai-conformance.cncf.io/requirement';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'ai-conformance';
/** Prefix of the run-scoped namespace: `ai-conformance-<run-id>`. */
export const NAMESPACE_PREFIX = 'ai-conformance-';

/** Images of the workloads; configurable for private registries and air-gapped clusters. */
export interface WorkloadImages {
  /** A shell with coreutils: probes (`ls /dev/nvidia*`, `uname -r`), sleepers. */
  shell: string;
  /** CUDA sample (`/cuda-samples/vectorAdd`) for GPU load and allocation proofs. */
  cuda: string;
  /** A base image with `nvidia-smi` injected by the runtime when a GPU is granted. */
  gpuProbe: string;
  /** agnhost (`netexec`, `/hostname`), HTTP backends. */
  agnhost: string;
  /** curl in a loop, the in-cluster traffic client. */
  curl: string;
  /** Python stdlib metrics server (ai_service_metrics). */
  python: string;
  /** Custom-metric workload (pod_autoscaling), e.g. resource-consumer. */
  metricsConsumer: string;
  /** Ray image for RayCluster/RayJob. */
  ray: string;
}

export class WaitTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    /** What was last seen, for the reason ("pod x Pending: 0/3 nodes are available: …"). */
    readonly lastObserved: string
  ) {
    super(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}; last observed: ${lastObserved}`);
    this.name = 'WaitTimeoutError';
  }
}

export interface WaitOptions {
  timeoutMs: number;
  /** Poll interval (default 1 s); watches may be used instead where cheaper. */
  intervalMs?: number;
}

/** One poll of a wait: done with a value, or not yet with what was observed. */
export type Probe<T> = () => Promise<{ done: true; value: T } | { done: false; observed: string }>;

/** What a functional check is given, beyond the detect context. */
export interface FunctionalContext extends CheckContext {
  runId: string;
  /** The run-scoped namespace (`ai-conformance-<run-id>`), created on first use with run labels. */
  namespace(): Promise<string>;
  images: WorkloadImages;
  /** The tolerations GPU nodes need (nvidia.com/gpu and the cluster's own GPU taints). */
  gpuTolerations(): Promise<Array<Record<string, string>>>;
  /** Whether long, costly checks are allowed (cluster_autoscaling: `allow-scale`). */
  allowScale: boolean;

  /**
   * Creates an object (namespaced ones default to the run namespace), adding the run labels, and
   * records it in the cleanup ledger. `dryRun` creates nothing and records nothing.
   */
  create<T extends KubeObject>(obj: T, opts?: { dryRun?: boolean }): Promise<T>;
  /** Reads an object; null when absent. */
  get<T extends KubeObject>(ref: ResourceRef): Promise<T | null>;
  /** Lists objects (one page is enough for a run's own objects). */
  list<T extends KubeObject>(ref: ResourceRef, opts?: { labelSelector?: string; fieldSelector?: string }): Promise<T[]>;
  /** Merge-patches an object (or its status with ref.subresource). */
  patch<T extends KubeObject>(ref: ResourceRef, patch: unknown): Promise<T>;
  /** Deletes one object now and waits for NotFound (bounded); the ledger forgets it. */
  remove(ref: ResourceRef, opts?: { timeoutMs?: number }): Promise<void>;
  /** A container's log text ('' when none yet). */
  logs(namespace: string, pod: string, container?: string): Promise<string>;
  /** GET through the service or pod proxy (`kind`, namespace, name, port, path). */
  proxyGet(target: { kind: 'pod' | 'service'; namespace: string; name: string; port: string | number; path: string; headers?: Record<string, string> }): Promise<{ status: number; body: string }>;
  /**
   * POST through the service or pod proxy (e.g. resource-consumer's /BumpMetric); the path may carry
   * a query. Optional in the type so contexts written before it stay valid; src/kube/functional
   * always provides it.
   */
  proxyPost?(target: { kind: 'pod' | 'service'; namespace: string; name: string; port: string | number; path: string; body?: string; contentType?: string; headers?: Record<string, string> }): Promise<{ status: number; body: string }>;
  /** Polls until the probe is done; throws WaitTimeoutError with the last observation. */
  waitFor<T>(what: string, probe: Probe<T>, opts: WaitOptions): Promise<T>;
  /** Sleeps on the run's clock (honours the check's signal). */
  sleep(ms: number): Promise<void>;
  /** Adds a line to the check's evidence as it goes (kept even when the check later throws). */
  note(line: string): void;
}

export interface FunctionalCheck {
  id: string;
  /**
   * Why the functional depth cannot run here (prerequisite absent), given the detect finding; null
   * when it can. A skipped check keeps its detect verdict and says why in evidence.
   */
  skip(detect: import('../../checks/types.js').Finding, ctx: CheckContext): string | null;
  run(ctx: FunctionalContext, detect: import('../../checks/types.js').Finding): Promise<import('../../checks/types.js').Finding>;
  /**
   * Default deadline of the whole functional run of this check, cleanup excluded (the suite's
   * default applies when absent; `--functional-timeout` overrides both).
   */
  timeoutMs?: number;
  /**
   * Holds accelerators, sizes its workload by free capacity, changes the cluster's nodes, or names
   * its objects like another check does: the suite runs it alone, never beside another functional
   * check (others run two at a time).
   */
  exclusive?: boolean;
}
