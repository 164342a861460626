/** What a check is, what it is given, and what it returns (DESIGN.md "A check"). */
import type { Discovery } from '../kube/discovery.js';
import type { DraInventory } from '../kube/dra.js';
import type { NodeInventory } from '../kube/nodes.js';
import type { KubeReader } from '../kube/reader.js';
import type { WebhookInventory } from '../kube/webhooks.js';
import type { WorkloadInventory } from '../kube/workloads.js';
import type { ClusterInfo, Requirement, Verdict } from '../types.js';

export interface Finding {
  verdict: Verdict;
  /** One line: why this verdict. */
  reason: string;
  /** Observed facts: API versions, object names, counts, metric names. */
  evidence: string[];
  /** What implements the requirement, e.g. "Kueue v0.14.1 (kueue.x-k8s.io/v1beta2)". */
  solution?: string | null;
}

export interface CheckContext {
  requirement: Requirement;
  /** The requirement set checked against, e.g. "1.34". */
  conformanceVersion: string;
  cluster: ClusterInfo;
  /** This check's own reads (counted as its requests, bounded by its deadline). */
  kube: KubeReader;
  /** Shared reads, made once per run. */
  discovery(): Promise<Discovery>;
  nodes(): Promise<NodeInventory>;
  workloads(): Promise<WorkloadInventory>;
  webhooks(): Promise<WebhookInventory>;
  dra(): Promise<DraInventory>;
  now(): number;
  signal: AbortSignal;
}

export interface Check {
  id: string;
  title: string;
  /** Read-only: safe on every pull request. */
  detect(ctx: CheckContext): Promise<Finding>;
}
