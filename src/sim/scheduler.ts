/**
 * The default scheduler: filters nodes as kube-scheduler's plugins do (NodeUnschedulable,
 * TaintToleration, NodeAffinity, NodeResourcesFit, DynamicResources), binds to the least loaded
 * feasible node, and records Scheduled / FailedScheduling with the real message shapes, e.g.
 * `0/3 nodes are available: 1 Insufficient nvidia.com/gpu, 2 node(s) had untolerated taint
 * {nvidia.com/gpu: }. still not schedulable, preemption: 0/3 nodes are available: 1 No preemption
 * victims found for incoming pod, 2 Preemption is not helpful for scheduling.`
 * Gangs (gang.ts: Volcano PodGroups, coscheduling labels) are bound all together or not at all;
 * pods with schedulerName volcano are bound for Volcano while its scheduler pod is ready.
 */
import { getCondition, withCondition } from './behaviours/match.js';
import type { SimContext } from './controllers/context.js';
import { gateOpen, isGatePod } from './controllers/gates.js';
import { isTerminal } from './controllers/pod-index.js';
import { WorkQueue } from './controllers/queue.js';
import { markPodGroup } from './controllers/volcano.js';
import {
  coschedulingRejection,
  coschedulingTooFew,
  gangMembers,
  gangOf,
  isVolcanoPod,
  VOLCANO_GROUP_ANNOTATION,
  VOLCANO_SCHEDULER,
  volcanoGangMessage,
  type Gang
} from './gang.js';
import { claimsOf, commitAllocation, ensureGeneratedClaims, planAllocation, refKey } from './pods/dra.js';
import { podRequests, toResourceList } from './pods/quantity.js';
import type { KObject } from './store.js';

export const SCHEDULER_NAME = 'default-scheduler';

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export function tolerates(tolerations: any[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some(t => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** The node's taints, with not-ready added as the node lifecycle controller does. */
export function effectiveTaints(node: KObject): Taint[] {
  const taints: Taint[] = [...(node.spec?.taints ?? [])];
  if (getCondition(node, 'Ready')?.status !== 'True' && !taints.some(t => t.key === 'node.kubernetes.io/not-ready')) {
    taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
  }
  return taints;
}

export function untoleratedTaint(pod: KObject, node: KObject): Taint | undefined {
  return effectiveTaints(node).find(
    t => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod.spec?.tolerations, t)
  );
}

function matchRequirement(value: string | undefined, r: any): boolean {
  const values: string[] = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

/** nodeSelector and required node affinity (OR of terms, AND within a term). */
export function matchesNodeSelection(pod: KObject, node: KObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries<string>(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some(
    (t: any) =>
      (t.matchExpressions?.length || t.matchFields?.length) &&
      (t.matchExpressions ?? []).every((r: any) => matchRequirement(labels[r.key], r)) &&
      (t.matchFields ?? []).every((r: any) => r.key === 'metadata.name' && matchRequirement(node.metadata.name, r))
  );
}

export function allocatable(node: KObject): Record<string, number> {
  return toResourceList(node.status?.allocatable ?? node.status?.capacity);
}

interface Filtered {
  reasons: string[];
  /** Preemption cannot help (taints, affinity, unschedulable, claims). */
  unresolvable: boolean;
}

function taintMessage(ctx: SimContext, t: Taint): string {
  // Newer schedulers stopped naming the taint (seen from 1.35 on; unverified for exactly which minor).
  return ctx.minor >= 35 ? 'node(s) had untolerated taint(s)' : `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;
}

/**
 * Why a pod cannot run on a node (every filter but DRA), or undefined when it fits. `assumed`
 * are pods planned onto the node but not bound yet (a gang placed together).
 */
export function filterNode(ctx: SimContext, pod: KObject, node: KObject, assumed: KObject[] = []): Filtered | undefined {
  if (node.spec?.unschedulable && !tolerates(pod.spec?.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
    return { reasons: ['node(s) were unschedulable'], unresolvable: true };
  }
  if (pod.spec?.nodeName && pod.spec.nodeName !== node.metadata.name) {
    return { reasons: ["node(s) didn't match the requested node name"], unresolvable: true };
  }
  const taint = untoleratedTaint(pod, node);
  if (taint) return { reasons: [taintMessage(ctx, taint)], unresolvable: true };
  if (!matchesNodeSelection(pod, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true };
  const alloc = allocatable(node);
  const want = podRequests(pod);
  const used: Record<string, number> = {};
  let podCount = 0;
  for (const p of [...ctx.pods.onNode(node.metadata.name!), ...assumed]) {
    if (isTerminal(p) || p.metadata.uid === pod.metadata.uid) continue;
    podCount++;
    for (const [k, v] of Object.entries(podRequests(p))) used[k] = (used[k] ?? 0) + v;
  }
  const reasons: string[] = [];
  if (alloc.pods !== undefined && podCount + 1 > alloc.pods / 1000) reasons.push('Too many pods');
  for (const [k, v] of Object.entries(want)) {
    if (v <= 0) continue;
    if ((alloc[k] ?? 0) - (used[k] ?? 0) < v) reasons.push(`Insufficient ${k}`);
  }
  return reasons.length ? { reasons, unresolvable: false } : undefined;
}

function histogram(entries: string[]): string {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e, (counts.get(e) ?? 0) + 1);
  return Array.from(counts, ([k, n]) => `${n} ${k}`)
    .sort()
    .join(', ');
}

export function failureMessage(total: number, perNode: Filtered[], preFilter?: string): string {
  let msg = `0/${total} nodes are available:`;
  if (preFilter) msg += ` ${preFilter}.`;
  else if (perNode.length) msg += ` ${histogram(perNode.flatMap(f => f.reasons))}.`;
  const preemption = perNode.map(f => (f.unresolvable ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod'));
  const tail = preFilter ? `${total} Preemption is not helpful for scheduling` : histogram(preemption);
  return `${msg} still not schedulable, preemption: 0/${total} nodes are available: ${tail}.`;
}

/** Starts the scheduler; returns its stop function. */
export function startScheduler(ctx: SimContext): () => void {
  const { store } = ctx;
  const unschedulable = new Set<string>();
  const queue = new WorkQueue(ctx.clock, key => (key === '*' ? retryAll() : schedule(key)), 0, (k, e) =>
    ctx.warn(`scheduler: ${k}: ${(e as Error).message}`)
  );

  const wants = (pod: KObject): boolean =>
    !pod.spec?.nodeName &&
    !pod.metadata.deletionTimestamp &&
    !isTerminal(pod) &&
    ((pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME || isVolcanoPod(ctx, pod));

  const keyOf = (pod: KObject): string => `${pod.metadata.namespace}/${pod.metadata.name}`;

  const retryAll = (): void => {
    for (const k of Array.from(unschedulable)) schedule(k);
  };

  const setScheduled = (pod: KObject, cond: { status: string; reason?: string; message?: string }): void => {
    const cur = store.get('', 'pods', pod.metadata.namespace, pod.metadata.name!);
    if (!cur) return;
    const prev = getCondition(cur, 'PodScheduled');
    if (prev && prev.status === cond.status && prev.reason === cond.reason && prev.message === cond.message) return;
    const c = { type: 'PodScheduled', status: cond.status, lastProbeTime: null, ...(cond.reason ? { reason: cond.reason } : {}), ...(cond.message ? { message: cond.message } : {}) };
    const conditions = withCondition(cur.status?.conditions, c as never, store.timestamp());
    store.update({ ...cur, status: { ...(cur.status ?? {}), phase: cur.status?.phase ?? 'Pending', conditions } }, { subresource: 'status' });
  };

  const fail = (pod: KObject, message: string, component: string): void => {
    unschedulable.add(keyOf(pod));
    setScheduled(pod, { status: 'False', reason: 'Unschedulable', message });
    ctx.events.record(pod, 'Warning', 'FailedScheduling', message, { component });
  };

  type Placement = { pod: KObject; node: KObject; plan?: ReturnType<typeof planAllocation>; claims: KObject[] };
  type Refusal = { pod: KObject; perNode: Filtered[]; preFilter?: string };

  /**
   * Where a pod would go: the least loaded node that passes every filter, with its claims'
   * allocation planned. `assumed` pods and `devices` are what a gang placed before it takes.
   */
  function place(input: KObject, nodes: KObject[], assumed?: Map<string, KObject[]>, devices?: Set<string>): Placement | Refusal {
    let pod = input;
    let claims: KObject[] = [];
    if (pod.spec?.resourceClaims?.length) {
      const missing = ensureGeneratedClaims(ctx, pod);
      pod = store.get('', 'pods', pod.metadata.namespace, pod.metadata.name!) ?? pod;
      if (missing) return { pod, perNode: [], preFilter: missing };
      claims = claimsOf(ctx, pod) ?? [];
    }
    const perNode: Filtered[] = [];
    const feasible: Array<{ node: KObject; load: number; plan?: ReturnType<typeof planAllocation> }> = [];
    for (const node of nodes) {
      const extra = assumed?.get(node.metadata.name!) ?? [];
      const f = filterNode(ctx, pod, node, extra);
      if (f) {
        perNode.push(f);
        continue;
      }
      let plan;
      if (claims.length) {
        plan = planAllocation(ctx, claims, node, devices);
        if (!plan) {
          perNode.push({ reasons: ['cannot allocate all claims'], unresolvable: true });
          continue;
        }
      }
      feasible.push({ node, load: ctx.pods.onNode(node.metadata.name!).filter(p => !isTerminal(p)).length + extra.length, plan });
    }
    if (!feasible.length) return { pod, perNode };
    feasible.sort((a, b) => a.load - b.load || a.node.metadata.name!.localeCompare(b.node.metadata.name!));
    return { pod, node: feasible[0].node, plan: feasible[0].plan, claims };
  }

  function bind(p: Placement, component: string): void {
    const { node, claims, plan } = p;
    if (claims.length && plan) commitAllocation(ctx, p.pod, claims, node, plan);
    const cur = store.get('', 'pods', p.pod.metadata.namespace, p.pod.metadata.name!)!;
    store.update({ ...cur, spec: { ...cur.spec, nodeName: node.metadata.name } });
    setScheduled(cur, { status: 'True' });
    unschedulable.delete(keyOf(cur));
    ctx.events.record(cur, 'Normal', 'Scheduled', `Successfully assigned ${cur.metadata.namespace}/${cur.metadata.name} to ${node.metadata.name}`, {
      component
    });
  }

  function schedule(key: string): void {
    const [ns, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    const pod = store.get('', 'pods', ns, name);
    if (!pod || !wants(pod)) {
      unschedulable.delete(key);
      return;
    }
    if (pod.spec?.schedulingGates?.length) {
      setScheduled(pod, { status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' });
      return;
    }
    const volcano = isVolcanoPod(ctx, pod);
    // Nothing binds Volcano's pods while its scheduler is down, nor before its PodGroup is known.
    if (volcano && (!gateOpen(ctx, ctx.controllers.volcano!.pod) || !pod.metadata.annotations?.[VOLCANO_GROUP_ANNOTATION])) {
      unschedulable.add(key);
      return;
    }
    const gang = gangOf(ctx, pod);
    if (gang) return scheduleGang(gang);
    const nodes = store.list('', 'nodes');
    const r = place(pod, nodes);
    if ('node' in r) bind(r, SCHEDULER_NAME);
    else fail(r.pod, failureMessage(nodes.length, r.perNode, r.preFilter), SCHEDULER_NAME);
  }

  /** All of a gang's pending pods are bound together once at least its minimum fit; otherwise none is. */
  function scheduleGang(gang: Gang): void {
    const members = gangMembers(ctx, gang);
    const bound = members.filter(p => p.spec?.nodeName);
    const pending = members.filter(p => !p.spec?.nodeName);
    if (!pending.length) return;
    const component = gang.kind === 'volcano' ? VOLCANO_SCHEDULER : SCHEDULER_NAME;
    if (gang.kind === 'volcano' && !['Inqueue', 'Running'].includes(gang.podGroup?.status?.phase)) {
      // Volcano only allocates to PodGroups its enqueue step admitted.
      for (const p of pending) unschedulable.add(keyOf(p));
      return;
    }
    const nodes = store.list('', 'nodes');
    if (members.length < gang.min) {
      const volcanoMsg = volcanoGangMessage(gang, bound.length, pending.length, -1);
      for (const p of pending) {
        const n = p.metadata.name!;
        fail(p, gang.kind === 'volcano' ? volcanoMsg : `${failureMessage(nodes.length, [], coschedulingTooFew(n, members.length, gang.min))}, ${coschedulingRejection(gang, n)}`, component);
      }
      if (gang.kind === 'volcano') markPodGroup(ctx, gang, { unschedulable: volcanoMsg });
      return;
    }
    const assumed = new Map<string, KObject[]>();
    const devices = new Set<string>();
    const placed: Placement[] = [];
    const refused: Refusal[] = [];
    for (const p of pending) {
      const r = place(p, nodes, assumed, devices);
      if ('node' in r) {
        placed.push(r);
        const on = assumed.get(r.node.metadata.name!) ?? [];
        assumed.set(r.node.metadata.name!, [...on, r.pod]);
        for (const plan of r.plan?.values() ?? []) for (const d of plan.results) devices.add(refKey(d));
      } else refused.push(r);
    }
    if (bound.length + placed.length >= gang.min) {
      for (const r of placed) bind(r, component);
      // Members beyond the minimum that do not fit wait on their own.
      for (const r of refused) fail(r.pod, failureMessage(nodes.length, r.perNode, r.preFilter), component);
      if (gang.kind === 'volcano') markPodGroup(ctx, gang, { scheduled: true });
      return;
    }
    const first = refused[0];
    const volcanoMsg = volcanoGangMessage(gang, bound.length, pending.length, placed.length);
    const cosched = `${failureMessage(nodes.length, first.perNode, first.preFilter)}, ${coschedulingRejection(gang, first.pod.metadata.name!)}`;
    for (const p of pending) fail(p, gang.kind === 'volcano' ? volcanoMsg : cosched, component);
    if (gang.kind === 'volcano') markPodGroup(ctx, gang, { unschedulable: volcanoMsg });
  }

  for (const p of store.list('', 'pods')) if (wants(p)) queue.add(`${p.metadata.namespace}/${p.metadata.name}`);

  const unsubscribe = store.onChange(c => {
    const r = c.rtype;
    if (r.group === '' && r.resource === 'pods') {
      const p = c.object;
      if (c.type !== 'DELETED' && wants(p)) queue.add(`${p.metadata.namespace}/${p.metadata.name}`);
      // The Volcano scheduler came up or went away.
      if (unschedulable.size && isGatePod(ctx.controllers.volcano?.pod, p)) queue.add('*');
      // Freed capacity: a pod went away or finished.
      if (unschedulable.size && (c.type === 'DELETED' || (isTerminal(p) && c.old && !isTerminal(c.old)))) queue.add('*');
      if (c.type === 'DELETED') unschedulable.delete(`${p.metadata.namespace}/${p.metadata.name}`);
    } else if (
      unschedulable.size &&
      ((r.group === '' && r.resource === 'nodes') ||
        (r.group === 'resource.k8s.io' && ['resourceslices', 'resourceclaims', 'deviceclasses', 'resourceclaimtemplates'].includes(r.resource)) ||
        (r.group === 'scheduling.volcano.sh' && r.resource === 'podgroups'))
    ) {
      queue.add('*');
    }
  });
  return () => {
    unsubscribe();
    queue.stop();
  };
}
