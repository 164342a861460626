/**
 * Volcano's controllers around its scheduler (scheduling.volcano.sh/v1beta1): a pod with
 * schedulerName volcano and no group gets its own PodGroup (minMember 1), as volcano-controllers
 * does; a PodGroup goes Pending → Inqueue when its minResources fit the cluster's idle capacity,
 * Inqueue → Running once minMember of its pods are bound, Running → Completed when they are done,
 * and reports running/succeeded/failed counts. The scheduler (src/sim/scheduler.ts) binds the
 * pods and records the Scheduled/Unschedulable conditions through markPodGroup.
 */
import { withCondition } from '../behaviours/match.js';
import { VOLCANO_GROUP_ANNOTATION, VOLCANO_SCHEDULER, type Gang } from '../gang.js';
import { podRequests, toResourceList } from '../pods/quantity.js';
import type { KObject } from '../store.js';
import type { SimContext } from './context.js';
import { gateOpen, isGatePod } from './gates.js';
import { isTerminal } from './pod-index.js';
import { formatQuantity } from './quantity-format.js';
import { WorkQueue } from './queue.js';
import { writeStatus } from './workload-util.js';

const VG = 'scheduling.volcano.sh';

/** Records the scheduler's verdict on a PodGroup: its conditions and an event, as Volcano's cache does. */
export function markPodGroup(
  ctx: SimContext,
  gang: Gang,
  result: { scheduled: true } | { unschedulable: string }
): void {
  const pg = ctx.store.get(VG, 'podgroups', gang.namespace, gang.name);
  if (!pg) return;
  const now = ctx.store.timestamp();
  const conditions =
    'scheduled' in result
      ? withCondition(
          pg.status?.conditions,
          {
            type: 'Scheduled',
            status: 'True',
            reason: 'tasks in gang are ready to be scheduled',
            message: ''
          },
          now
        )
      : withCondition(
          pg.status?.conditions,
          {
            type: 'Unschedulable',
            status: 'True',
            reason: 'NotEnoughResources',
            message: result.unschedulable
          },
          now
        );
  writeStatus(ctx.store, pg, { ...(pg.status ?? {}), conditions });
  if ('scheduled' in result)
    ctx.events.record(pg, 'Normal', 'Scheduled', 'pod group is ready', { component: VOLCANO_SCHEDULER });
  else
    ctx.events.record(pg, 'Warning', 'Unschedulable', result.unschedulable, { component: VOLCANO_SCHEDULER });
}

export function startVolcanoController(ctx: SimContext): () => void {
  const { store } = ctx;
  const queue = new WorkQueue(
    ctx.clock,
    () => reconcile(),
    0,
    (_k, e) => ctx.warn(`volcano controllers: ${(e as Error).message}`)
  );

  const volcanoPods = (ns?: string): KObject[] =>
    store.list('', 'pods', ns).filter(p => p.spec?.schedulerName === VOLCANO_SCHEDULER);

  function reconcile(): void {
    const s = ctx.controllers.volcano;
    if (!s || !store.typeOf(VG, 'podgroups') || !gateOpen(ctx, s.pod)) return;
    for (const pod of volcanoPods()) {
      if (
        pod.metadata.annotations?.[VOLCANO_GROUP_ANNOTATION] ||
        isTerminal(pod) ||
        pod.metadata.deletionTimestamp
      )
        continue;
      const name = `podgroup-${pod.metadata.uid}`;
      if (!store.get(VG, 'podgroups', pod.metadata.namespace, name)) {
        store.create({
          apiVersion: `${VG}/v1beta1`,
          kind: 'PodGroup',
          metadata: {
            name,
            namespace: pod.metadata.namespace,
            ownerReferences: [
              {
                apiVersion: 'v1',
                kind: 'Pod',
                name: pod.metadata.name!,
                uid: pod.metadata.uid!,
                controller: true
              }
            ]
          },
          spec: { minMember: 1, queue: 'default', minResources: podRequestsAsQuantities(pod) }
        });
      }
      store.update({
        ...pod,
        metadata: {
          ...pod.metadata,
          annotations: { ...(pod.metadata.annotations ?? {}), [VOLCANO_GROUP_ANNOTATION]: name }
        }
      });
    }
    for (const pg of store.list(VG, 'podgroups')) updatePodGroup(pg);
  }

  function updatePodGroup(pg: KObject): void {
    const members = volcanoPods(pg.metadata.namespace).filter(
      p => p.metadata.annotations?.[VOLCANO_GROUP_ANNOTATION] === pg.metadata.name
    );
    const running = members.filter(p => p.status?.phase === 'Running').length;
    const succeeded = members.filter(p => p.status?.phase === 'Succeeded').length;
    const failed = members.filter(p => p.status?.phase === 'Failed').length;
    const bound = members.filter(p => p.spec?.nodeName && !isTerminal(p)).length;
    const min = Math.max(1, Number(pg.spec?.minMember ?? 1));
    let phase: string = pg.status?.phase ?? 'Pending';
    if (phase === 'Pending' && fitsIdle(pg.spec?.minResources)) phase = 'Inqueue';
    if (phase === 'Inqueue' && bound + succeeded >= min) phase = 'Running';
    if (phase === 'Running' && succeeded >= min && bound === 0) phase = 'Completed';
    writeStatus(store, pg, {
      ...(pg.status ?? {}),
      phase,
      running: running || undefined,
      succeeded: succeeded || undefined,
      failed: failed || undefined
    });
  }

  /** Volcano's enqueue step: the group's minResources fit what the Ready nodes have idle. */
  function fitsIdle(minResources: Record<string, unknown> | undefined): boolean {
    const want = toResourceList(minResources);
    if (!Object.keys(want).length) return true;
    const idle: Record<string, number> = {};
    for (const node of store.list('', 'nodes')) {
      if (
        node.spec?.unschedulable ||
        !(node.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')
      )
        continue;
      for (const [k, v] of Object.entries(toResourceList(node.status?.allocatable)))
        idle[k] = (idle[k] ?? 0) + v;
      for (const p of ctx.pods.onNode(node.metadata.name!)) {
        if (isTerminal(p)) continue;
        for (const [k, v] of Object.entries(podRequests(p))) idle[k] = (idle[k] ?? 0) - v;
      }
    }
    // Quota-style keys (pods, count/pods, requests.cpu, limits.cpu) are not node resources.
    const resources = Object.entries(want).filter(
      ([k]) => k !== 'pods' && !/^(count\/|requests\.|limits\.)/.test(k)
    );
    return resources.every(([k, v]) => (idle[k] ?? 0) >= v);
  }

  queue.add('*');
  const unsubscribe = store.onChange(c => {
    const r = c.rtype;
    if (r.group === VG && r.resource === 'podgroups' && c.type !== 'DELETED') queue.add('*');
    else if (
      r.group === '' &&
      r.resource === 'pods' &&
      (c.object.spec?.schedulerName === VOLCANO_SCHEDULER ||
        isGatePod(ctx.controllers.volcano?.pod, c.object))
    )
      queue.add('*');
    else if (r.group === '' && r.resource === 'nodes') queue.add('*');
  });
  return () => {
    unsubscribe();
    queue.stop();
  };
}

function podRequestsAsQuantities(pod: KObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(podRequests(pod))) if (v > 0) out[k] = formatQuantity(v, k);
  return out;
}
