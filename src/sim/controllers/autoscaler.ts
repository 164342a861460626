/**
 * A cluster autoscaler (kubernetes/autoscaler cluster-autoscaler, as ACK's managed one behaves
 * too) over the node groups the scenario declares (node-groups.ts). Every scan interval:
 * - a pod the scheduler marked Unschedulable that would fit a group's template node (taints,
 *   selectors, CPU/memory/GPU) and fits no node already on its way triggers a scale-up: events
 *   TriggeredScaleUp on the pod (`pod triggered scale-up: [{gpu-a10 1->2 (max: 4)}]`) and
 *   ScaledUpGroup on the status ConfigMap; after the provisioning delay the Node registers (the
 *   kubelet stages make it Ready, the device plugin then advertises its GPUs); pods that fit no
 *   group get NotTriggerScaleUp;
 * - a node it added that has stayed empty (DaemonSet pods aside) for the unneeded time is
 *   tainted ToBeDeletedByClusterAutoscaler and deleted (events ScaleDown, ScaleDownEmpty), never
 *   below the group's minimum;
 * - kube-system/cluster-autoscaler-status is rewritten in the 1.30+ YAML form with the
 *   cluster-autoscaler.kubernetes.io/last-updated annotation.
 * It acts only while its own pod runs ready. Broken (`neverAddsNode`): scale-ups are requested
 * but the node never registers; after the provision timeout the group backs off (ScaleUpTimedOut).
 * Pods with DRA resource claims are not considered (no DRA support simulated here).
 */
import { stringify } from 'yaml';
import { getCondition } from '../behaviours/match.js';
import { GPU_MODELS } from '../pods/hardware.js';
import { filterNode } from '../scheduler.js';
import type { KObject } from '../store.js';
import type { SimContext } from './context.js';
import { gateOpen } from './gates.js';
import type { NodeGroupSpec } from './node-groups.js';
import { isTerminal } from './pod-index.js';
import { controllerOf } from './workload-util.js';

const COMPONENT = 'cluster-autoscaler';
const STATUS_NS = 'kube-system';
const STATUS_NAME = 'cluster-autoscaler-status';
export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';
/** The status is rewritten at least this often even when nothing changed. */
const STATUS_REFRESH_MS = 10_000;

interface Upcoming {
  group: string;
  name: string;
  requestedAt: number;
  timer?: unknown;
}

/** Go's time.Time String(): "2026-01-01 00:00:00.123456789 +0000 UTC". */
export function caTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000000 +0000 UTC`;
}

export function startClusterAutoscaler(ctx: SimContext): () => void {
  const { store, clock } = ctx;
  const settings = () => ctx.controllers['cluster-autoscaler'];
  const upcoming: Upcoming[] = [];
  /** Nodes this autoscaler created, by name → group. */
  const added = new Map<string, string>();
  /** When each of them registered. */
  const registeredAt = new Map<string, number>();
  let cidrSeq = 0;
  const unneededSince = new Map<string, number>();
  const counters = new Map<string, number>();
  const backoffUntil = new Map<string, number>();
  const notTriggered = new Map<string, string>();
  const transitions = new Map<string, { value: string; at: number }>();
  let lastStatus = { text: '', at: 0 };
  let timer: unknown = null;
  let stopped = false;

  const memberOf = (g: NodeGroupSpec, n: KObject): boolean =>
    Object.entries(g.nodeSelector).every(([k, v]) => n.metadata.labels?.[k] === v);
  const isReady = (n: KObject): boolean => getCondition(n, 'Ready')?.status === 'True';

  function schedule(): void {
    if (stopped || !settings()) return;
    timer = clock.setTimeout(() => {
      try {
        scan();
      } catch (e) {
        ctx.warn(`cluster-autoscaler: ${(e as Error).message}`);
      }
      schedule();
    }, settings()!.scanInterval);
  }

  /** The resources a group's new node offers once its device plugins run (what CA's template says). */
  function templateNode(g: NodeGroupSpec, name: string): KObject {
    const allocatable: Record<string, string> = { ...g.template.capacity };
    const gpus = g.template.gpus;
    if (gpus?.count) {
      const model = GPU_MODELS[gpus.model];
      for (const dp of ctx.devicePlugins) {
        const n =
          dp.unit === 'gpu-mem-gib'
            ? Math.floor(model.memoryMiB / 1024) * gpus.count
            : gpus.count * (dp.replicas ?? 1);
        allocatable[dp.resource] = String(n);
      }
    }
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { ...g.template.labels, 'kubernetes.io/hostname': name } },
      spec: { taints: g.template.taints },
      status: { allocatable, capacity: allocatable, conditions: [{ type: 'Ready', status: 'True' }] }
    };
  }

  /**
   * A node counts as upcoming until it is Ready and advertises what its template promises (its
   * GPUs come with the device plugin), or until the provision timeout says it never will.
   */
  function settled(g: NodeGroupSpec, node: KObject): boolean {
    if (!isReady(node)) return false;
    const since = registeredAt.get(node.metadata.name!);
    if (since !== undefined && clock.now() - since >= (settings()?.provisionTimeout ?? 0)) return true;
    const want = templateNode(g, node.metadata.name!).status.allocatable;
    return Object.keys(want).every(
      k => node.status?.allocatable?.[k] !== undefined && node.status.allocatable[k] !== '0'
    );
  }

  function nextName(g: NodeGroupSpec): string {
    let n = counters.get(g.name) ?? g.template.firstIndex;
    let name = g.template.namePattern.replace('{n}', String(n));
    while (store.get('', 'nodes', undefined, name) || upcoming.some(u => u.name === name))
      name = g.template.namePattern.replace('{n}', String(++n));
    counters.set(g.name, n + 1);
    return name;
  }

  function scan(): void {
    const s = settings();
    if (!s || !gateOpen(ctx, s.pod)) return;
    const now = clock.now();
    const nodes = store.list('', 'nodes');
    // Requests the cloud never fulfilled.
    for (const u of [...upcoming]) {
      if (now - u.requestedAt >= s.provisionTimeout && !store.get('', 'nodes', undefined, u.name)) {
        upcoming.splice(upcoming.indexOf(u), 1);
        if (u.timer) clock.clearTimeout(u.timer);
        backoffUntil.set(u.group, now + s.provisionTimeout);
        recordOnStatus(
          'Warning',
          'ScaleUpTimedOut',
          `Nodes added to group ${u.group} failed to register within ${Math.round(s.provisionTimeout / 1000)}s`
        );
      }
    }
    scaleUp(s, nodes, now);
    scaleDown(s, now);
    writeStatus(now);
  }

  function scaleUp(s: NonNullable<ReturnType<typeof settings>>, nodes: KObject[], now: number): void {
    const groups = ctx.nodeGroups;
    if (!groups.length) return;
    // Nodes on their way: requested but not registered, or registered but not ready yet.
    const virtual: Array<{ group: NodeGroupSpec; node: KObject; assumed: KObject[] }> = [];
    for (const u of upcoming) {
      const g = groups.find(x => x.name === u.group);
      if (g) virtual.push({ group: g, node: templateNode(g, u.name), assumed: [] });
    }
    for (const [name, gName] of added) {
      const g = groups.find(x => x.name === gName);
      const node = store.get('', 'nodes', undefined, name);
      if (g && node && !settled(g, node))
        virtual.push({
          group: g,
          node: templateNode(g, name),
          assumed: [...ctx.pods.onNode(name).filter(p => !isTerminal(p))]
        });
    }
    const targets = new Map(
      groups.map(g => [
        g.name,
        nodes.filter(n => memberOf(g, n) && !n.metadata.deletionTimestamp).length +
          upcoming.filter(u => u.group === g.name).length
      ])
    );
    const grow = new Map<string, { from: number; to: number; pods: KObject[] }>();
    const pending = store
      .list('', 'pods')
      .filter(
        p =>
          !p.spec?.nodeName &&
          !isTerminal(p) &&
          !p.metadata.deletionTimestamp &&
          controllerOf(p)?.kind !== 'DaemonSet' &&
          !p.spec?.resourceClaims?.length
      )
      .filter(
        p =>
          getCondition(p, 'PodScheduled')?.status === 'False' &&
          getCondition(p, 'PodScheduled')?.reason === 'Unschedulable'
      )
      .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
    for (const pod of pending) {
      const onTheWay = virtual.find(v => !filterNode(ctx, pod, v.node, v.assumed));
      if (onTheWay) {
        onTheWay.assumed.push(pod);
        continue;
      }
      const reasons: string[] = [];
      let chosen: NodeGroupSpec | undefined;
      for (const g of groups) {
        const f = filterNode(ctx, pod, templateNode(g, `template-node-for-${g.name}`));
        if (f) reasons.push(...f.reasons);
        else if ((backoffUntil.get(g.name) ?? 0) > now) reasons.push('in backoff after failed scale-up');
        else if (targets.get(g.name)! >= g.maxSize) reasons.push('max node group size reached');
        else if (!chosen) chosen = g;
      }
      if (!chosen) {
        const message = `pod didn't trigger scale-up: ${histogram(reasons)}`;
        if (notTriggered.get(pod.metadata.uid!) !== message) {
          notTriggered.set(pod.metadata.uid!, message);
          ctx.events.record(pod, 'Normal', 'NotTriggerScaleUp', message, { component: COMPONENT });
        }
        continue;
      }
      notTriggered.delete(pod.metadata.uid!);
      const g = chosen;
      const from = targets.get(g.name)!;
      targets.set(g.name, from + 1);
      const entry = grow.get(g.name) ?? { from, to: from, pods: [] };
      entry.to = from + 1;
      entry.pods.push(pod);
      grow.set(g.name, entry);
      const name = nextName(g);
      const u: Upcoming = { group: g.name, name, requestedAt: now };
      upcoming.push(u);
      virtual.push({ group: g, node: templateNode(g, name), assumed: [pod] });
      if (!s.neverAddsNode) u.timer = clock.setTimeout(() => register(g, u), s.provisionDelay);
    }
    for (const [name, e] of grow) {
      const g = groups.find(x => x.name === name)!;
      const text = `[{${name} ${e.from}->${e.to} (max: ${g.maxSize})}]`;
      for (const p of e.pods)
        ctx.events.record(p, 'Normal', 'TriggeredScaleUp', `pod triggered scale-up: ${text}`, {
          component: COMPONENT
        });
      recordOnStatus(
        'Normal',
        'ScaledUpGroup',
        `Scale-up: setting group ${name} size to ${e.to} instead of ${e.from} (max: ${g.maxSize})`
      );
      transition(`up/${name}`, 'InProgress', now);
    }
  }

  /** The cloud's new instance registers as a Node (the kubelet stages take it from there). */
  function register(g: NodeGroupSpec, u: Upcoming): void {
    const i = upcoming.indexOf(u);
    if (i < 0 || stopped) return;
    upcoming.splice(i, 1);
    if (g.template.gpus?.count)
      ctx.hardware.setGpus(u.name, GPU_MODELS[g.template.gpus.model], g.template.gpus.count);
    const like = store.list('', 'nodes').find(n => memberOf(g, n)) ?? store.list('', 'nodes')[0];
    const index = cidrSeq++;
    store.create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: u.name,
        labels: { ...g.template.labels, 'kubernetes.io/hostname': u.name },
        ...(Object.keys(g.template.annotations).length ? { annotations: { ...g.template.annotations } } : {})
      },
      spec: {
        podCIDR: `10.250.${index % 250}.0/24`,
        podCIDRs: [`10.250.${index % 250}.0/24`],
        ...(g.template.providerID ? { providerID: g.template.providerID.replace('{name}', u.name) } : {}),
        ...(g.template.taints.length ? { taints: structuredClone(g.template.taints) } : {})
      },
      status: {
        capacity: { ...g.template.capacity },
        allocatable: { ...g.template.capacity },
        ...(like?.status?.nodeInfo ? { nodeInfo: { ...like.status.nodeInfo } } : {})
      }
    });
    added.set(u.name, g.name);
    registeredAt.set(u.name, clock.now());
  }

  function scaleDown(s: NonNullable<ReturnType<typeof settings>>, now: number): void {
    for (const [name, gName] of added) {
      const g = ctx.nodeGroups.find(x => x.name === gName);
      const node = store.get('', 'nodes', undefined, name);
      if (!node) {
        added.delete(name);
        registeredAt.delete(name);
        unneededSince.delete(name);
        continue;
      }
      if (!g || !isReady(node) || node.metadata.deletionTimestamp) continue;
      const busy = ctx.pods
        .onNode(name)
        .some(
          p =>
            !isTerminal(p) &&
            controllerOf(p)?.kind !== 'DaemonSet' &&
            !p.metadata.annotations?.['kubernetes.io/config.mirror']
        );
      if (busy) {
        unneededSince.delete(name);
        continue;
      }
      const since = unneededSince.get(name) ?? now;
      unneededSince.set(name, since);
      const size = store.list('', 'nodes').filter(n => memberOf(g, n)).length;
      if (now - since < s.scaleDownUnneeded || size <= g.minSize) continue;
      const taints = [
        ...(node.spec?.taints ?? []),
        { key: TO_BE_DELETED_TAINT, value: String(Math.floor(now / 1000)), effect: 'NoSchedule' }
      ];
      const tainted = store.update({ ...node, spec: { ...node.spec, taints } });
      ctx.events.record(tainted, 'Normal', 'ScaleDown', 'marked the node as toBeDeleted/unschedulable', {
        component: COMPONENT
      });
      recordOnStatus('Normal', 'ScaleDownEmpty', `Scale-down: removing empty node "${name}"`);
      transition(`down/${gName}`, 'InProgress', now);
      added.delete(name);
      registeredAt.delete(name);
      unneededSince.delete(name);
      // The cloud deletes the instance; the node lifecycle controller then removes the Node.
      clock.setTimeout(() => {
        if (store.get('', 'nodes', undefined, name)) store.delete('', 'nodes', undefined, name);
        const gpus = g.template.gpus;
        if (gpus) ctx.hardware.setGpus(name, GPU_MODELS[gpus.model], 0);
      }, 1000);
    }
  }

  function transition(key: string, value: string, now: number): void {
    const t = transitions.get(key);
    if (!t || t.value !== value) transitions.set(key, { value, at: now });
  }

  function statusConfigMap(): KObject | undefined {
    return store.get('', 'configmaps', STATUS_NS, STATUS_NAME);
  }

  function recordOnStatus(type: 'Normal' | 'Warning', reason: string, message: string): void {
    const cm = statusConfigMap();
    if (cm) ctx.events.record(cm, type, reason, message, { component: COMPONENT });
  }

  /** The status ConfigMap, in the YAML form cluster-autoscaler 1.30+ writes. */
  function writeStatus(now: number): void {
    if (!store.get('', 'namespaces', undefined, STATUS_NS)) return;
    const nodes = store.list('', 'nodes');
    const counts = (list: KObject[]) => {
      const ready = list.filter(isReady).length;
      return {
        registered: { total: list.length, ready, notStarted: list.length - ready },
        longUnregistered: 0,
        unregistered: 0
      };
    };
    const time = (key: string, value: string): { lastProbeTime: string; lastTransitionTime: string } => {
      transition(key, value, now);
      return { lastProbeTime: caTime(now), lastTransitionTime: caTime(transitions.get(key)!.at) };
    };
    const groups = ctx.nodeGroups.map(g => {
      const members = nodes.filter(n => memberOf(g, n));
      const inFlight =
        upcoming.filter(u => u.group === g.name).length +
        members.filter(n => added.has(n.metadata.name!) && !settled(g, n)).length;
      const up = (backoffUntil.get(g.name) ?? 0) > now ? 'Backoff' : inFlight ? 'InProgress' : 'NoActivity';
      const candidates = members.filter(n => unneededSince.has(n.metadata.name!)).length;
      const down = candidates ? 'CandidatesPresent' : 'NoCandidates';
      return {
        name: g.name,
        health: {
          status: 'Healthy',
          nodeCounts: counts(members),
          cloudProviderTarget: members.length + upcoming.filter(u => u.group === g.name).length,
          minSize: g.minSize,
          maxSize: g.maxSize,
          ...time(`health/${g.name}`, 'Healthy')
        },
        scaleUp: { status: up, ...time(`up/${g.name}`, up) },
        scaleDown: { status: down, ...(candidates ? { candidates } : {}), ...time(`down/${g.name}`, down) }
      };
    });
    const anyUp = groups.some(g => g.scaleUp.status === 'InProgress') ? 'InProgress' : 'NoActivity';
    const anyDown = groups.some(g => g.scaleDown.status === 'CandidatesPresent')
      ? 'CandidatesPresent'
      : 'NoCandidates';
    const body = {
      autoscalerStatus: 'Running',
      clusterWide: {
        health: { status: 'Healthy', nodeCounts: counts(nodes), ...time('health', 'Healthy') },
        scaleUp: { status: anyUp, ...time('up', anyUp) },
        scaleDown: { status: anyDown, ...time('down', anyDown) }
      },
      nodeGroups: groups
    };
    // Rewrite when something other than the probe times changed, or to refresh the timestamp.
    const content = JSON.stringify(body, (k, v) => (k === 'lastProbeTime' ? undefined : v));
    if (content === lastStatus.text && now - lastStatus.at < STATUS_REFRESH_MS) return;
    lastStatus = { text: content, at: now };
    const text = stringify({ time: caTime(now), ...body }, { lineWidth: 0 });
    const annotations = { 'cluster-autoscaler.kubernetes.io/last-updated': caTime(now) };
    const cm = statusConfigMap();
    if (!cm) {
      store.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: STATUS_NAME, namespace: STATUS_NS, annotations },
        data: { status: text }
      });
      return;
    }
    store.update({
      ...cm,
      metadata: { ...cm.metadata, annotations: { ...(cm.metadata.annotations ?? {}), ...annotations } },
      data: { ...(cm.data ?? {}), status: text }
    });
  }

  schedule();
  return () => {
    stopped = true;
    if (timer) clock.clearTimeout(timer);
    for (const u of upcoming) if (u.timer) clock.clearTimeout(u.timer);
  };
}

function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return Array.from(counts, ([r, n]) => `${n} ${r}`)
    .sort()
    .join(', ');
}
