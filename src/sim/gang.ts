/**
 * Gang groups the scheduler places all together or not at all: Volcano PodGroups
 * (scheduling.volcano.sh/v1beta1 minMember, pods with schedulerName volcano and the
 * scheduling.k8s.io/group-name annotation) and the coscheduling labels of ACK Pro's scheduler
 * (pod-group.scheduling.sigs.k8s.io/name and /min-available). Messages follow the schedulers':
 * Volcano's "x/y tasks in gang unschedulable: pod group is not ready, ..." and scheduler-plugins'
 * "PodGroup ns/name gets rejected due to Pod p is unschedulable even after PostFilter".
 */
import type { SimContext } from './controllers/context.js';
import { isTerminal } from './controllers/pod-index.js';
import type { KObject } from './store.js';

export const VOLCANO_SCHEDULER = 'volcano';
export const VOLCANO_GROUP_ANNOTATION = 'scheduling.k8s.io/group-name';
export const PODGROUP_NAME_LABEL = 'pod-group.scheduling.sigs.k8s.io/name';
export const PODGROUP_MIN_LABEL = 'pod-group.scheduling.sigs.k8s.io/min-available';
const VG = 'scheduling.volcano.sh';

export interface Gang {
  kind: 'volcano' | 'coscheduling';
  namespace: string;
  name: string;
  /** Pods that must be placeable together before any is bound. */
  min: number;
  /** The Volcano PodGroup (undefined for coscheduling labels, or when it does not exist yet). */
  podGroup?: KObject;
}

export function isVolcanoPod(ctx: SimContext, pod: KObject): boolean {
  return Boolean(ctx.controllers.volcano) && pod.spec?.schedulerName === VOLCANO_SCHEDULER;
}

/**
 * The gang a pod belongs to, or undefined when it is scheduled alone (no group, or a broken
 * coscheduling plugin that ignores the labels). A broken Volcano binds pods one by one (min 1).
 */
export function gangOf(ctx: SimContext, pod: KObject): Gang | undefined {
  const ns = pod.metadata.namespace!;
  if (isVolcanoPod(ctx, pod)) {
    const name = pod.metadata.annotations?.[VOLCANO_GROUP_ANNOTATION];
    if (!name) return undefined;
    const podGroup = ctx.store.typeOf(VG, 'podgroups') ? ctx.store.get(VG, 'podgroups', ns, name) : undefined;
    const min = ctx.controllers.volcano!.bindPartially
      ? 1
      : Math.max(1, Number(podGroup?.spec?.minMember ?? 1));
    return { kind: 'volcano', namespace: ns, name, min, podGroup };
  }
  const cs = ctx.controllers.coscheduling;
  const name = pod.metadata.labels?.[PODGROUP_NAME_LABEL];
  if (!cs || cs.bindPartially || !name) return undefined;
  const min = Number(pod.metadata.labels?.[PODGROUP_MIN_LABEL] ?? 1);
  return { kind: 'coscheduling', namespace: ns, name, min: Number.isInteger(min) && min > 0 ? min : 1 };
}

/** The live (not finished, not terminating) pods of a gang, in creation order. */
export function gangMembers(ctx: SimContext, gang: Gang): KObject[] {
  const same =
    gang.kind === 'volcano'
      ? (p: KObject) =>
          p.spec?.schedulerName === VOLCANO_SCHEDULER &&
          p.metadata.annotations?.[VOLCANO_GROUP_ANNOTATION] === gang.name
      : (p: KObject) => p.metadata.labels?.[PODGROUP_NAME_LABEL] === gang.name;
  return ctx.store
    .list('', 'pods', gang.namespace)
    .filter(p => same(p) && !isTerminal(p) && !p.metadata.deletionTimestamp)
    .sort(
      (a, b) =>
        (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
        a.metadata.name!.localeCompare(b.metadata.name!)
    );
}

/** Counts as Volcano's FitError prints them: "<n> <status>" strings in byte order (Go's sort.Strings). */
function histogram(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .sort()
    .join(', ');
}

/** Volcano's gang refusal (PodGroup Unschedulable condition, pod condition and events). */
export function volcanoGangMessage(gang: Gang, bound: number, pending: number, fit: number): string {
  let msg = `${pending}/${bound + pending} tasks in gang unschedulable: pod group is not ready, ${histogram({ Pending: pending, Running: bound, minAvailable: gang.min })}`;
  if (fit >= 0 && pending > 0)
    msg += `; Pending: ${histogram({ Schedulable: fit, Unschedulable: pending - fit })}`;
  return msg;
}

/** scheduler-plugins' PostFilter rejection appended to the usual FailedScheduling message. */
export function coschedulingRejection(gang: Gang, failing: string): string {
  return `PodGroup ${gang.namespace}/${gang.name} gets rejected due to Pod ${failing} is unschedulable even after PostFilter`;
}

/** scheduler-plugins' PreFilter refusal while fewer pods than min-available exist. */
export function coschedulingTooFew(pod: string, members: number, min: number): string {
  return `pre-filter pod ${pod} cannot find enough sibling pods, current pods number: ${members}, minMember of group: ${min}`;
}
