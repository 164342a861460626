/**
 * cluster_autoscaling (conditional): if the platform has a cluster autoscaler, it must scale node
 * groups with accelerators. Recognised: the Cluster Autoscaler (its kube-system status ConfigMap,
 * which managed offerings such as ACK and GKE also write, and/or its Deployment) and Karpenter
 * (karpenter.sh/v1 NodePools). Neither found: not applicable, as the CNCF FAQ allows. Detect cannot
 * trigger a scale-up: it proves the autoscaler is healthy and that accelerator capacity sits in
 * something it scales; with no accelerator nodes or pools, it says that could not be shown.
 */
import { acceleratorProduct, type AcceleratorNode } from '../kube/nodes.js';
import { describeCondition, isTrue } from '../kube/readiness.js';
import { describeWorkload, findWorkloads, imageTag, type Workload } from '../kube/workloads.js';
import { fail, listShort, notApplicable, partial, pass, plural } from './finding.js';
import type { Check } from './types.js';

const CA_CONTROLLER = {
  kinds: ['Deployment' as const],
  name: /^cluster-autoscaler/,
  image: /cluster-autoscaler(:|@|$)/
};
const KARPENTER_CONTROLLER = {
  kinds: ['Deployment' as const],
  name: /^karpenter$/,
  image: /karpenter\/controller|\/karpenter(:|@|$)/
};
/** A status older than this means the autoscaler stopped writing it (it refreshes every scan, 10 s by default). */
export const STALE_STATUS_MS = 10 * 60 * 1000;
/** Node labels naming the node group a node belongs to. */
const GROUP_LABELS = [
  'alibabacloud.com/nodepool-id',
  'eks.amazonaws.com/nodegroup',
  'cloud.google.com/gke-nodepool',
  'karpenter.sh/nodepool'
];

export interface CaNodeGroup {
  name: string;
  health: string;
  minSize?: number;
  maxSize?: number;
}

export interface CaStatus {
  health: string;
  groups: CaNodeGroup[];
}

/** Reads the status text: YAML (Cluster Autoscaler 1.30+) or the older human-readable form. */
export function parseCaStatus(text: string): CaStatus {
  if (/^\s*(autoscalerStatus|clusterWide):/m.test(text)) {
    const health = /clusterWide:\s*\n\s+health:\s*\n\s+status:\s*(\S+)/.exec(text)?.[1] ?? 'Unknown';
    const groups: CaNodeGroup[] = [];
    const parts = text.split(/\n\s*-\s+name:\s*/).slice(1);
    for (const part of parts) {
      const name = part
        .split('\n')[0]
        .trim()
        .replace(/^["']|["']$/g, '');
      groups.push({
        name,
        health: /health:\s*\n\s+status:\s*(\S+)/.exec(part)?.[1] ?? 'Unknown',
        minSize: num(/minSize:\s*(\d+)/.exec(part)?.[1]),
        maxSize: num(/maxSize:\s*(\d+)/.exec(part)?.[1])
      });
    }
    return { health, groups };
  }
  const health = /Cluster-wide:[\s\S]*?Health:\s*(\w+)/.exec(text)?.[1] ?? 'Unknown';
  const groups: CaNodeGroup[] = [];
  const section = text.split(/NodeGroups:/)[1] ?? '';
  for (const block of section.split(/\n\s*Name:\s*/).slice(1)) {
    groups.push({
      name: block.split('\n')[0].trim(),
      health: /Health:\s*(\w+)/.exec(block)?.[1] ?? 'Unknown',
      minSize: num(/minSize=(\d+)/.exec(block)?.[1]),
      maxSize: num(/maxSize=(\d+)/.exec(block)?.[1])
    });
  }
  return { health, groups };
}

function num(v: string | undefined): number | undefined {
  return v === undefined ? undefined : Number(v);
}

/** "2025-01-01 10:00:00.123456 +0000 UTC" → epoch ms. */
export function parseCaTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?\s*(Z|[+-]\d{4})?/.exec(text.trim());
  if (!m) {
    const t = Date.parse(text);
    return Number.isNaN(t) ? undefined : t;
  }
  const frac = m[3] ? m[3].slice(0, 4) : '';
  const zone = !m[4] || m[4] === 'Z' ? 'Z' : `${m[4].slice(0, 3)}:${m[4].slice(3)}`;
  const t = Date.parse(`${m[1]}T${m[2]}${frac}${zone}`);
  return Number.isNaN(t) ? undefined : t;
}

type State = 'working' | 'degraded' | 'broken';

interface Autoscaler {
  solution: string;
  state: State;
  problems: string[];
  /** Node groups or NodePools it can grow. */
  scalable: string[];
  /** Those holding or offering accelerators. */
  acceleratorGroups: string[];
}

export const clusterAutoscaling: Check = {
  id: 'cluster_autoscaling',
  title: 'Cluster Autoscaling',
  async detect(ctx) {
    const [status, discovery, workloads, nodes] = await Promise.all([
      ctx.kube.object({
        group: '',
        version: 'v1',
        resource: 'configmaps',
        namespace: 'kube-system',
        name: 'cluster-autoscaler-status'
      }),
      ctx.discovery(),
      ctx.workloads(),
      ctx.nodes()
    ]);
    const karpenterVersion = discovery.versionsOf('karpenter.sh', 'nodepools')[0];
    const caDeploys = findWorkloads(workloads, CA_CONTROLLER);
    const karpenterDeploys = findWorkloads(workloads, KARPENTER_CONTROLLER);
    const accelerated = nodes.accelerated;

    if (!status && caDeploys.length === 0 && !karpenterVersion && karpenterDeploys.length === 0) {
      return notApplicable(
        'no cluster autoscaler on this cluster (no kube-system/cluster-autoscaler-status, no cluster-autoscaler Deployment, karpenter.sh not served): the requirement applies only where the platform provides one',
        [
          'ConfigMap kube-system/cluster-autoscaler-status: not found',
          'karpenter.sh: not served',
          `${plural(nodes.total, 'node')}, ${accelerated.length} with accelerators`
        ]
      );
    }
    const evidence: string[] = [];
    const found: Autoscaler[] = [];
    if (status || caDeploys.length > 0)
      found.push(clusterAutoscaler(status, caDeploys, accelerated, ctx.now(), evidence));
    if (karpenterVersion || karpenterDeploys.length > 0) {
      const [pools, claims] = karpenterVersion
        ? await Promise.all([
            ctx.kube.list({ group: 'karpenter.sh', version: karpenterVersion, resource: 'nodepools' }),
            ctx.kube.list(
              { group: 'karpenter.sh', version: karpenterVersion, resource: 'nodeclaims' },
              {},
              () => 1
            )
          ])
        : [[], []];
      found.push(karpenter(karpenterVersion, karpenterDeploys, pools, claims.length, evidence));
    }
    const solution = found.map(a => a.solution).join('; ');
    const best = found.find(a => a.state === 'working') ?? found.find(a => a.state === 'degraded');
    if (!best) {
      return fail(
        `the autoscaler is installed but not working: ${found.flatMap(a => a.problems).join('; ')}`,
        evidence,
        solution
      );
    }
    if (best.state === 'degraded')
      return partial(`${best.solution} runs, but ${best.problems.join('; ')}`, evidence, solution);
    if (accelerated.length === 0 && best.acceleratorGroups.length === 0) {
      return partial(
        `${best.solution} is healthy, but this cluster has no accelerator nodes or accelerator node pools: scaling of accelerator node groups could not be shown`,
        evidence,
        solution
      );
    }
    const products = [...new Set(accelerated.map(acceleratorProduct).filter((p): p is string => !!p))];
    const gpuText =
      best.acceleratorGroups.length > 0
        ? `accelerator node group${best.acceleratorGroups.length > 1 ? 's' : ''} ${listShort(best.acceleratorGroups)} under it`
        : `${plural(accelerated.length, 'accelerator node')}${products.length ? ` (${listShort(products)})` : ''} in the cluster`;
    return pass(
      `${best.solution} is healthy and can scale ${listShort(best.scalable) || 'its node groups'}; ${gpuText}`,
      evidence,
      solution
    );
  }
};

function clusterAutoscaler(
  status: any,
  deploys: Workload[],
  accelerated: AcceleratorNode[],
  now: number,
  evidence: string[]
): Autoscaler {
  const problems: string[] = [];
  const version = deploys[0] ? imageTag(deploys[0], /cluster-autoscaler/) : undefined;
  const solution = `Cluster Autoscaler${version ? ` ${version}` : ''}${deploys.length === 0 ? ' (managed)' : ''}`;
  let state: State = 'working';
  for (const d of deploys) evidence.push(`Deployment ${describeWorkload(d)}, image ${d.images.join(', ')}`);
  if (deploys.length > 0 && !deploys.some(d => d.state.serving)) {
    state = 'broken';
    problems.push(`${deploys.map(describeWorkload).join('; ')}`);
  }
  const scalable: string[] = [];
  let acceleratorGroups: string[] = [];
  if (!status) {
    evidence.push('ConfigMap kube-system/cluster-autoscaler-status: not found');
    if (state === 'working') {
      state = 'degraded';
      problems.push('it writes no kube-system/cluster-autoscaler-status, so its node groups cannot be read');
    }
    return { solution, state, problems, scalable, acceleratorGroups };
  }
  const ca = parseCaStatus(String(status?.data?.status ?? ''));
  const updated = parseCaTime(
    status?.metadata?.annotations?.['cluster-autoscaler.kubernetes.io/last-updated']
  );
  const age = updated !== undefined ? now - updated : undefined;
  evidence.push(
    `ConfigMap kube-system/cluster-autoscaler-status: cluster-wide ${ca.health}, ${plural(ca.groups.length, 'node group')}${age !== undefined ? `, updated ${Math.max(0, Math.round(age / 1000))} s ago` : ''}`
  );
  for (const g of ca.groups) {
    evidence.push(`node group ${g.name}: ${g.health}, min ${g.minSize ?? '?'}, max ${g.maxSize ?? '?'}`);
    if (g.maxSize === undefined || g.maxSize > (g.minSize ?? 0)) scalable.push(g.name);
  }
  acceleratorGroups = groupsWithAccelerators(
    ca.groups.map(g => g.name),
    accelerated
  );
  if (acceleratorGroups.length > 0)
    evidence.push(`node groups holding accelerator nodes: ${acceleratorGroups.join(', ')}`);
  if (ca.health !== 'Healthy') {
    state = 'broken';
    problems.push(`it reports cluster-wide health ${ca.health}`);
  }
  const degrade = (problem: string): void => {
    problems.push(problem);
    if (state === 'working') state = 'degraded';
  };
  if (age !== undefined && age > STALE_STATUS_MS)
    degrade(`its status was last updated ${Math.round(age / 60000)} min ago: it may have stopped`);
  const unhealthy = ca.groups.filter(g => g.health !== 'Healthy');
  if (unhealthy.length > 0)
    degrade(`node group ${listShort(unhealthy.map(g => `${g.name} (${g.health})`))} not healthy`);
  if (ca.groups.length > 0 && scalable.length === 0)
    degrade('every node group has min = max: nothing can scale');
  return { solution, state, problems, scalable, acceleratorGroups };
}

function karpenter(
  version: string | undefined,
  deploys: Workload[],
  pools: any[],
  claims: number,
  evidence: string[]
): Autoscaler {
  const tag = deploys[0] ? imageTag(deploys[0]) : undefined;
  const solution = `Karpenter${tag ? ` ${tag}` : ''}${version ? ` (karpenter.sh/${version})` : ''}`;
  const problems: string[] = [];
  for (const d of deploys) evidence.push(`Deployment ${describeWorkload(d)}, image ${d.images.join(', ')}`);
  if (!version)
    return {
      solution,
      state: 'broken',
      problems: ['karpenter.sh is not served (its CRDs are missing)'],
      scalable: [],
      acceleratorGroups: []
    };
  evidence.push(
    `karpenter.sh/${version}: ${plural(pools.length, 'NodePool')}, ${plural(claims, 'NodeClaim')}`
  );
  const scalable: string[] = [];
  const acceleratorGroups: string[] = [];
  for (const p of pools) {
    const name = String(p?.metadata?.name ?? '');
    const gpu = nodePoolOffersAccelerators(p);
    evidence.push(`NodePool ${name}: ${describeCondition(p, 'Ready')}${gpu ? ', offers accelerators' : ''}`);
    if (!isTrue(p, 'Ready')) problems.push(`NodePool ${name} is not Ready`);
    else {
      scalable.push(name);
      if (gpu) acceleratorGroups.push(name);
    }
  }
  let state: State = 'working';
  if (deploys.length > 0 && !deploys.some(d => d.state.serving)) {
    state = 'broken';
    problems.unshift(deploys.map(describeWorkload).join('; '));
  } else if (scalable.length === 0) {
    state = 'broken';
    if (pools.length === 0) problems.push('there is no NodePool to provision from');
  } else if (problems.length > 0) state = 'degraded';
  if (deploys.length === 0)
    evidence.push('no Karpenter controller Deployment in the cluster (managed by the platform)');
  return { solution, state, problems, scalable, acceleratorGroups };
}

/** Autoscaler node groups that hold accelerator nodes, matched through the nodes' node-group labels. */
function groupsWithAccelerators(groups: string[], nodes: AcceleratorNode[]): string[] {
  const labels = new Set(nodes.flatMap(n => GROUP_LABELS.map(k => n.labels[k]).filter(Boolean)));
  return groups.filter(g => [...labels].some(l => g === l || g.includes(l) || l.includes(g)));
}

/** A NodePool whose requirements, limits or taints are about accelerators. */
function nodePoolOffersAccelerators(pool: any): boolean {
  const spec = pool?.spec ?? {};
  const reqs: any[] = spec.template?.spec?.requirements ?? [];
  if (reqs.some(r => /gpu|accelerator|neuron/i.test(String(r?.key)))) return true;
  if (Object.keys(spec.limits ?? {}).some(k => /gpu|neuron/i.test(k))) return true;
  const taints: any[] = spec.template?.spec?.taints ?? [];
  return taints.some(t => /gpu|neuron/i.test(String(t?.key)));
}
