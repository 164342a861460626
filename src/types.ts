/** Types every stage shares: requirements, verdicts and results (DESIGN.md "The job, as data"). */

export const CATEGORIES = [
  'accelerators',
  'networking',
  'schedulingOrchestration',
  'observability',
  'security',
  'operator'
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Level = 'MUST' | 'SHOULD';

/** One requirement of a CNCF checklist, exactly as its template states it. */
export interface Requirement {
  id: string;
  category: Category;
  level: Level;
  description: string;
}

export interface RequirementSet {
  /** "1.34": the Kubernetes minor the checklist belongs to. */
  version: string;
  requirements: Requirement[];
}

export const VERDICTS = ['pass', 'partial', 'fail', 'not-applicable', 'error'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const STATUSES = ['Implemented', 'Partially Implemented', 'Not Implemented', 'N/A'] as const;
export type ProductStatus = (typeof STATUSES)[number];

/** The PRODUCT.yaml status a verdict maps to; an error leaves the status as it was (null). */
export function statusForVerdict(verdict: Verdict): ProductStatus | null {
  switch (verdict) {
    case 'pass':
      return 'Implemented';
    case 'partial':
      return 'Partially Implemented';
    case 'fail':
      return 'Not Implemented';
    case 'not-applicable':
      return 'N/A';
    case 'error':
      return null;
  }
}

export type Depth = 'detect' | 'functional';

/** The result of one requirement in a run (the results JSON "requirements" entries). */
export interface RequirementResult {
  id: string;
  level: Level;
  category: Category;
  verdict: Verdict;
  status: ProductStatus | null;
  /** One line: why this verdict. */
  reason: string;
  /** Observed facts: API versions, object names, counts, metric names. */
  evidence: string[];
  /** What implements the requirement on this cluster, e.g. "Kueue, kueue.x-k8s.io/v1beta2". */
  solution: string | null;
  /** The depth that produced this verdict. */
  depth: Depth;
  durationMs: number;
  /** API calls made by the check. */
  requests: number;
}

export interface ClusterInfo {
  /** gitVersion from /version, e.g. "v1.34.1-aliyun.1". */
  version: string;
  major: string;
  minor: string;
  platform?: string;
  server?: string;
}

/** The whole run, as written to the results JSON file. */
export interface RunResults {
  cluster: ClusterInfo;
  conformanceVersion: string;
  depth: Depth;
  runId: string;
  startedAt: string;
  finishedAt: string;
  requirements: RequirementResult[];
  /** Wall time of the run (optional: added by the suite). */
  durationMs?: number;
  /** API calls of the whole run: the checks' own plus the shared reads. */
  requests?: number;
  /** API calls made once for all checks (version, discovery, nodes, controllers, webhooks, DRA). */
  sharedRequests?: number;
}
