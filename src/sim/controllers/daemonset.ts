/**
 * DaemonSet and StatefulSet controllers. A DaemonSet runs one pod on every node its template
 * selects and tolerates (pinned with node affinity on metadata.name, as the real controller
 * does); a StatefulSet runs `<name>-<ordinal>` pods, in order unless policy is Parallel.
 */
import { derivedSuffix, podFromTemplate } from '../pods/defaults.js';
import { matchesNodeSelection, untoleratedTaint } from '../scheduler.js';
import type { KObject } from '../store.js';
import type { SimContext } from './context.js';
import { key, split } from './deployment.js';
import { isPodReady, isTerminal } from './pod-index.js';
import { WorkQueue } from './queue.js';
import { controllerOf, nz, writeStatus } from './workload-util.js';

const DS_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }
];

export function startDaemonSetController(ctx: SimContext): () => void {
  const { store } = ctx;
  const queue = new WorkQueue(ctx.clock, reconcile, 0, (k, e) => ctx.warn(`daemonset controller: ${k}: ${(e as Error).message}`));

  function podFor(ds: KObject, node: string): KObject {
    const name = `${ds.metadata.name}-${derivedSuffix(`${ds.metadata.uid}/${node}`)}`;
    const pod = podFromTemplate(ds, ds.spec?.template, name, {
      labels: { 'controller-revision-hash': derivedSuffix(JSON.stringify(ds.spec?.template ?? {}), 10), 'pod-template-generation': String(ds.metadata.generation ?? 1) }
    });
    const tolerations = [...(pod.spec.tolerations ?? [])];
    for (const t of DS_TOLERATIONS) if (!tolerations.some((x: any) => x.key === t.key && x.effect === t.effect)) tolerations.push(t);
    pod.spec.tolerations = tolerations;
    pod.spec.affinity = {
      ...(pod.spec.affinity ?? {}),
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }]
        }
      }
    };
    return pod;
  }

  function shouldRun(ds: KObject, node: KObject): boolean {
    const probe = podFor(ds, node.metadata.name!);
    // The template's own selection, without the per-node pin added above.
    const template = { ...probe, spec: { ...probe.spec, affinity: ds.spec?.template?.spec?.affinity } };
    if (!matchesNodeSelection(template, node)) return false;
    const t = untoleratedTaint(template, node);
    return !t || t.key === 'node.kubernetes.io/not-ready';
  }

  function reconcile(k: string): void {
    const [ns, name] = split(k);
    const ds = store.get('apps', 'daemonsets', ns, name);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const nodes = store.list('', 'nodes');
    const pods = ctx.pods.ownedBy(ds.metadata.uid!).filter(p => !p.metadata.deletionTimestamp);
    const byNode = new Map<string, KObject[]>();
    for (const p of pods) {
      const n = p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0] ?? p.spec?.nodeName;
      if (!byNode.has(n)) byNode.set(n, []);
      byNode.get(n)!.push(p);
    }
    let desired = 0;
    let ready = 0;
    let scheduled = 0;
    let misscheduled = 0;
    for (const node of nodes) {
      const n = node.metadata.name!;
      const mine = byNode.get(n) ?? [];
      byNode.delete(n);
      if (shouldRun(ds, node)) {
        desired++;
        const live = mine.filter(p => !isTerminal(p));
        for (const dead of mine.filter(isTerminal)) store.delete('', 'pods', ns, dead.metadata.name!);
        if (!live.length) {
          const pod = podFor(ds, n);
          if (!store.get('', 'pods', ns, pod.metadata.name!)) {
            store.create(pod);
            ctx.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, { component: 'daemonset-controller' });
          }
        } else {
          if (live.some(p => p.spec?.nodeName)) scheduled++;
          if (live.some(isPodReady)) ready++;
        }
      } else if (mine.length) {
        misscheduled++;
        for (const p of mine) store.delete('', 'pods', ns, p.metadata.name!);
      }
    }
    for (const gone of byNode.values()) for (const p of gone) store.delete('', 'pods', ns, p.metadata.name!);
    writeStatus(store, ds, {
      currentNumberScheduled: scheduled,
      desiredNumberScheduled: desired,
      numberMisscheduled: misscheduled,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: nz(scheduled),
      numberAvailable: nz(ready),
      numberUnavailable: nz(desired - ready)
    });
  }

  const all = (): void => {
    for (const d of store.list('apps', 'daemonsets')) queue.add(key(d));
  };
  all();
  const unsubscribe = store.onChange(c => {
    const r = c.rtype;
    if (r.group === 'apps' && r.resource === 'daemonsets' && c.type !== 'DELETED') queue.add(key(c.object));
    else if (r.group === '' && r.resource === 'nodes') {
      // Only changes that can alter placement: new or removed nodes, labels, taints, readiness.
      const o = c.old;
      const n = c.object;
      if (c.type !== 'MODIFIED' || JSON.stringify([o?.metadata.labels, o?.spec?.taints]) !== JSON.stringify([n.metadata.labels, n.spec?.taints])) all();
    } else if (r.group === '' && r.resource === 'pods') {
      const owner = controllerOf(c.object);
      if (owner?.kind === 'DaemonSet') queue.add(`${c.object.metadata.namespace}/${owner.name}`);
    }
  });
  return () => {
    unsubscribe();
    queue.stop();
  };
}

export function startStatefulSetController(ctx: SimContext): () => void {
  const { store } = ctx;
  const queue = new WorkQueue(ctx.clock, reconcile, 0, (k, e) => ctx.warn(`statefulset controller: ${k}: ${(e as Error).message}`));

  function reconcile(k: string): void {
    const [ns, name] = split(k);
    const sts = store.get('apps', 'statefulsets', ns, name);
    if (!sts || sts.metadata.deletionTimestamp) return;
    const want = sts.spec?.replicas ?? 1;
    const revision = `${name}-${derivedSuffix(JSON.stringify(sts.spec?.template ?? {}), 10)}`;
    const parallel = sts.spec?.podManagementPolicy === 'Parallel';
    for (let i = 0; i < want; i++) {
      const podName = `${name}-${i}`;
      const existing = store.get('', 'pods', ns, podName);
      if (existing) {
        if (isTerminal(existing) && !existing.metadata.deletionTimestamp) store.delete('', 'pods', ns, podName);
        if (!parallel && !isPodReady(existing)) break;
        continue;
      }
      store.create(
        podFromTemplate(sts, sts.spec?.template, podName, {
          labels: { 'apps.kubernetes.io/pod-index': String(i), 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': podName },
          spec: { hostname: podName, ...(sts.spec?.serviceName ? { subdomain: sts.spec.serviceName } : {}) }
        })
      );
      ctx.events.record(sts, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${name} successful`, { component: 'statefulset-controller' });
      if (!parallel) break;
    }
    const pods = ctx.pods.ownedBy(sts.metadata.uid!).filter(p => !p.metadata.deletionTimestamp);
    for (const p of pods) {
      const ord = Number(p.metadata.name!.slice(name.length + 1));
      if (ord >= want) store.delete('', 'pods', ns, p.metadata.name!);
    }
    const live = ctx.pods.ownedBy(sts.metadata.uid!).filter(p => !p.metadata.deletionTimestamp && !isTerminal(p));
    const ready = live.filter(isPodReady).length;
    writeStatus(store, sts, {
      observedGeneration: sts.metadata.generation,
      replicas: live.length,
      readyReplicas: nz(ready),
      currentReplicas: nz(live.length),
      updatedReplicas: nz(live.length),
      availableReplicas: ready,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0
    });
  }

  for (const s of store.list('apps', 'statefulsets')) queue.add(key(s));
  const unsubscribe = store.onChange(c => {
    const r = c.rtype;
    if (r.group === 'apps' && r.resource === 'statefulsets' && c.type !== 'DELETED') queue.add(key(c.object));
    else if (r.group === '' && r.resource === 'pods') {
      const owner = controllerOf(c.object);
      if (owner?.kind === 'StatefulSet') queue.add(`${c.object.metadata.namespace}/${owner.name}`);
    }
  });
  return () => {
    unsubscribe();
    queue.stop();
  };
}
