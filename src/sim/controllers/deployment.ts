/**
 * Deployment and ReplicaSet controllers: a Deployment owns one ReplicaSet per pod template
 * (named by its pod-template-hash), older ones are scaled to zero; a ReplicaSet keeps its
 * replica count of pods; both report replicas, ready and available counts and conditions.
 */
import { withCondition, type Condition } from '../behaviours/match.js';
import { derivedSuffix, ownerRef, podFromTemplate, templateHash } from '../pods/defaults.js';
import type { KObject } from '../store.js';
import type { SimContext } from './context.js';
import { isPodReady, isTerminal } from './pod-index.js';
import { WorkQueue } from './queue.js';
import { controllerOf, nz, ownedBy, writeStatus } from './workload-util.js';

export function startDeploymentControllers(ctx: SimContext): () => void {
  const { store } = ctx;
  const warn = (k: string, e: unknown): void => ctx.warn(`deployment controller: ${k}: ${(e as Error).message}`);
  const dq = new WorkQueue(ctx.clock, reconcileDeployment, 0, warn);
  const rq = new WorkQueue(ctx.clock, reconcileReplicaSet, 0, warn);
  const seq = new Map<string, number>();

  function reconcileDeployment(key: string): void {
    const [ns, name] = split(key);
    const d = store.get('apps', 'deployments', ns, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const want = d.spec?.replicas ?? 1;
    const hash = templateHash(d.spec?.template);
    const rsName = `${name}-${hash}`;
    const owned = ownedBy(store.list('apps', 'replicasets', ns), d.metadata.uid!);
    let current = owned.find(r => r.metadata.labels?.['pod-template-hash'] === hash);
    const revision = String(
      Math.max(0, ...owned.map(r => Number(r.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0))) + (current ? 0 : 1)
    );
    if (!current) {
      const labels = { ...(d.spec?.template?.metadata?.labels ?? {}), 'pod-template-hash': hash };
      current = store.create({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName,
          namespace: ns,
          labels,
          annotations: { 'deployment.kubernetes.io/desired-replicas': String(want), 'deployment.kubernetes.io/max-replicas': String(want + 1), 'deployment.kubernetes.io/revision': revision },
          ownerReferences: [ownerRef(d)]
        },
        spec: {
          replicas: want,
          minReadySeconds: d.spec?.minReadySeconds ?? 0,
          selector: { ...(d.spec?.selector ?? {}), matchLabels: { ...(d.spec?.selector?.matchLabels ?? {}), 'pod-template-hash': hash } },
          template: { ...d.spec?.template, metadata: { ...(d.spec?.template?.metadata ?? {}), labels } }
        }
      });
      ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rsName} from 0 to ${want}`, { component: 'deployment-controller' });
    } else if ((current.spec?.replicas ?? 1) !== want) {
      const from = current.spec?.replicas ?? 1;
      current = store.update({ ...current, spec: { ...current.spec, replicas: want } });
      ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${want > from ? 'up' : 'down'} replica set ${rsName} from ${from} to ${want}`, {
        component: 'deployment-controller'
      });
    }
    for (const old of owned) {
      if (old.metadata.uid === current.metadata.uid || (old.spec?.replicas ?? 1) === 0) continue;
      store.update({ ...old, spec: { ...old.spec, replicas: 0 } });
      ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled down replica set ${old.metadata.name} from ${old.spec?.replicas ?? 1} to 0`, {
        component: 'deployment-controller'
      });
    }
    const all = ownedBy(store.list('apps', 'replicasets', ns), d.metadata.uid!);
    const sum = (f: (r: KObject) => number): number => all.reduce((s, r) => s + f(r), 0);
    const replicas = sum(r => r.status?.replicas ?? 0);
    const ready = sum(r => r.status?.readyReplicas ?? 0);
    const available = sum(r => r.status?.availableReplicas ?? 0);
    const updated = current.status?.replicas ?? 0;
    const now = store.timestamp();
    let conditions: Condition[] | undefined = d.status?.conditions;
    const availableOk = available >= want;
    conditions = withCondition(
      conditions,
      {
        type: 'Available',
        status: availableOk ? 'True' : 'False',
        lastUpdateTime: now,
        reason: availableOk ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        message: availableOk ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.'
      },
      now
    );
    const complete = updated === want && (current.status?.availableReplicas ?? 0) >= want && replicas === want;
    conditions = withCondition(
      conditions,
      {
        type: 'Progressing',
        status: 'True',
        lastUpdateTime: now,
        reason: complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
        message: complete ? `ReplicaSet "${current.metadata.name}" has successfully progressed.` : `ReplicaSet "${current.metadata.name}" is progressing.`
      },
      now
    );
    const prevConds = JSON.stringify((d.status?.conditions ?? []).map(stripTimes));
    if (prevConds === JSON.stringify(conditions.map(stripTimes))) conditions = d.status?.conditions;
    writeStatus(store, d, {
      observedGeneration: d.metadata.generation,
      replicas: nz(replicas),
      updatedReplicas: nz(updated),
      readyReplicas: nz(ready),
      availableReplicas: nz(available),
      unavailableReplicas: nz(Math.max(0, want - available)),
      conditions
    });
  }

  function reconcileReplicaSet(key: string): void {
    const [ns, name] = split(key);
    const rs = store.get('apps', 'replicasets', ns, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const want = rs.spec?.replicas ?? 1;
    const pods = ctx.pods.ownedBy(rs.metadata.uid!).filter(p => !p.metadata.deletionTimestamp && !isTerminal(p));
    if (pods.length < want) {
      for (let i = pods.length; i < want; i++) {
        const n = (seq.get(rs.metadata.uid!) ?? 0) + 1;
        seq.set(rs.metadata.uid!, n);
        const podName = `${name}-${derivedSuffix(`${rs.metadata.uid}/${n}`)}`;
        if (store.get('', 'pods', ns, podName)) continue;
        store.create(podFromTemplate(rs, rs.spec?.template, podName));
        ctx.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${podName}`, { component: 'replicaset-controller' });
      }
    } else if (pods.length > want) {
      const extra = [...pods].sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '')).slice(0, pods.length - want);
      for (const p of extra) {
        store.delete('', 'pods', ns, p.metadata.name!);
        ctx.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, { component: 'replicaset-controller' });
      }
    }
    const live = ctx.pods.ownedBy(rs.metadata.uid!).filter(p => !p.metadata.deletionTimestamp && !isTerminal(p));
    const ready = live.filter(isPodReady).length;
    writeStatus(store, rs, {
      replicas: live.length,
      fullyLabeledReplicas: nz(live.length),
      readyReplicas: nz(ready),
      availableReplicas: nz(ready),
      observedGeneration: rs.metadata.generation
    });
  }

  for (const d of store.list('apps', 'deployments')) dq.add(key(d));
  for (const r of store.list('apps', 'replicasets')) rq.add(key(r));
  const unsubscribe = store.onChange(c => {
    const r = c.rtype;
    if (r.group === 'apps' && r.resource === 'deployments' && c.type !== 'DELETED') dq.add(key(c.object));
    else if (r.group === 'apps' && r.resource === 'replicasets') {
      if (c.type !== 'DELETED') rq.add(key(c.object));
      const owner = controllerOf(c.object);
      if (owner?.kind === 'Deployment') dq.add(`${c.object.metadata.namespace}/${owner.name}`);
    } else if (r.group === '' && r.resource === 'pods') {
      const owner = controllerOf(c.object);
      if (owner?.kind === 'ReplicaSet') rq.add(`${c.object.metadata.namespace}/${owner.name}`);
    }
  });
  return () => {
    unsubscribe();
    dq.stop();
    rq.stop();
  };
}

function stripTimes(c: Condition): unknown {
  const { lastUpdateTime: _u, lastTransitionTime: _t, ...rest } = c;
  return rest;
}

export function key(o: KObject): string {
  return `${o.metadata.namespace}/${o.metadata.name}`;
}

export function split(k: string): [string, string] {
  const i = k.indexOf('/');
  return [k.slice(0, i), k.slice(i + 1)];
}
