/**
 * What the part-1 checks size their workloads by: the room pods leave on nodes (CPU and memory on
 * untainted nodes, for a gang that must not fit; whole accelerators a device plugin advertises, for
 * pods that must get one or must find none free). Requests are counted as the scheduler counts
 * them: a container's requests (its limits when it sets none), the largest init container's if
 * larger, for every pod bound to the node that has not finished.
 */
import type { FunctionalContext, KubeObject } from '../../../kube/functional/types.js';
import { isTrue } from '../../../kube/readiness.js';
import { quantity } from '../../../kube/nodes.js';
import { NODES, PODS } from './pods.js';

export interface NodeRoom {
  node: string;
  /** The node's kubernetes.io/hostname label (what hostname affinity matches). */
  hostname: string;
  cpuMilli: number;
  memoryBytes: number;
}

/** One resource of a pod as the scheduler counts it (milli-units for cpu). */
export function podRequest(pod: any, resource: string): number {
  const amount = (c: any): number => {
    const v = c?.resources?.requests?.[resource] ?? c?.resources?.limits?.[resource];
    if (v === undefined) return 0;
    return resource === 'cpu' ? Math.round(quantity(v) * 1000) : quantity(v);
  };
  const main = (pod?.spec?.containers ?? []).reduce((n: number, c: any) => n + amount(c), 0);
  const init = Math.max(0, ...(pod?.spec?.initContainers ?? []).map(amount));
  return Math.max(main, init);
}

function live(pod: any): boolean {
  const phase = pod?.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** What the live pods on a node request of each resource. */
export async function usedOn(
  ctx: FunctionalContext,
  node: string,
  resources: string[]
): Promise<Record<string, number>> {
  const pods = await ctx.list<KubeObject>({ ...PODS }, { fieldSelector: `spec.nodeName=${node}` });
  const out: Record<string, number> = Object.fromEntries(resources.map(r => [r, 0]));
  for (const p of pods.filter(live)) for (const r of resources) out[r] += podRequest(p, r);
  return out;
}

/** Ready, schedulable nodes without any NoSchedule/NoExecute taint. */
export function untainted(node: any): boolean {
  return (
    isTrue(node, 'Ready') &&
    !node?.spec?.unschedulable &&
    !(node?.spec?.taints ?? []).some((t: any) => t?.effect === 'NoSchedule' || t?.effect === 'NoExecute')
  );
}

/**
 * The CPU and memory left on untainted nodes, most CPU first. Only the `limit` largest nodes (by
 * allocatable CPU) have their pods counted, so a large cluster costs a few lists.
 */
export async function cpuRoom(ctx: FunctionalContext, limit = 6): Promise<NodeRoom[]> {
  const nodes = (await ctx.list<KubeObject>({ ...NODES })).filter(untainted);
  const largest = nodes
    .map(n => ({
      n,
      cpu: Math.round(quantity(n.status?.allocatable?.cpu) * 1000),
      mem: quantity(n.status?.allocatable?.memory)
    }))
    .sort((a, b) => b.cpu - a.cpu || String(a.n.metadata.name).localeCompare(String(b.n.metadata.name)))
    .slice(0, limit);
  const out: NodeRoom[] = [];
  for (const { n, cpu, mem } of largest) {
    const name = String(n.metadata.name);
    const used = await usedOn(ctx, name, ['cpu', 'memory']);
    out.push({
      node: name,
      hostname: n.metadata.labels?.['kubernetes.io/hostname'] ?? name,
      cpuMilli: Math.max(0, cpu - used.cpu),
      memoryBytes: Math.max(0, mem - used.memory)
    });
  }
  return out.sort((a, b) => b.cpuMilli - a.cpuMilli || a.node.localeCompare(b.node));
}

/** Free units of a device plugin resource per node (allocatable minus what live pods hold). */
export async function freeDevices(
  ctx: FunctionalContext,
  resource: string,
  nodes: string[]
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const name of nodes) {
    const node = await ctx.get<KubeObject>({ ...NODES, name });
    if (!node || !isTrue(node, 'Ready') || node.spec?.unschedulable) continue;
    const allocatable = quantity(node.status?.allocatable?.[resource]);
    const used = (await usedOn(ctx, name, [resource]))[resource];
    out.set(name, Math.max(0, Math.floor(allocatable - used)));
  }
  return out;
}

/** "7600m" for milli-CPU amounts that are not whole cores, "2" for those that are. */
export function formatCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

export interface UnfittableGang {
  /** Pods in the group. */
  pods: number;
  /** CPU each pod asks for: what the roomiest node has left, so every pod fits alone. */
  cpuMilli: number;
  /** How many such pods the untainted nodes can hold at once (pods - 1). */
  fits: number;
  roomiest: string;
}

/**
 * A group of pods that cannot all be placed at once while each would fit alone: every pod asks
 * for the CPU the roomiest untainted node has left, and there is one pod more than the nodes can
 * hold. Nodes whose pods were not counted are taken at their whole allocatable CPU, so the group
 * never fits by accident. Null when no untainted node has room or the group would exceed maxPods.
 */
export async function unfittableGang(ctx: FunctionalContext, maxPods = 8): Promise<UnfittableGang | null> {
  const rooms = await cpuRoom(ctx);
  const top = rooms[0];
  if (!top || top.cpuMilli < 100) return null;
  const counted = new Set(rooms.map(r => r.node));
  const others = (await ctx.list<KubeObject>({ ...NODES }))
    .filter(untainted)
    .filter(n => !counted.has(String(n.metadata.name)))
    .map(n => Math.round(quantity(n.status?.allocatable?.cpu) * 1000));
  const size = top.cpuMilli;
  const fits = [...rooms.map(r => r.cpuMilli), ...others].reduce((n, room) => n + Math.floor(room / size), 0);
  if (fits + 1 > maxPods) return null;
  return { pods: fits + 1, cpuMilli: size, fits, roomiest: top.node };
}
