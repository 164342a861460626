/**
 * The Job controller: runs up to `parallelism` pods until `completions` succeed (Indexed jobs
 * get one index each), honours suspend, backoffLimit and activeDeadlineSeconds, and reports
 * active/ready/succeeded/failed with SuccessCriteriaMet/Complete or FailureTarget/Failed.
 */
import { getCondition, withCondition, type Condition } from '../behaviours/match.js';
import { derivedSuffix, podFromTemplate } from '../pods/defaults.js';
import type { KObject } from '../store.js';
import type { SimContext } from './context.js';
import { key, split } from './deployment.js';
import { isPodReady, isTerminal } from './pod-index.js';
import { WorkQueue } from './queue.js';
import { controllerOf, writeStatus } from './workload-util.js';

export function startJobController(ctx: SimContext): () => void {
  const { store } = ctx;
  const queue = new WorkQueue(ctx.clock, reconcile, 0, (k, e) => ctx.warn(`job controller: ${k}: ${(e as Error).message}`));
  /** job uid → pod uids already counted as succeeded / failed (pods may be deleted later). */
  const counted = new Map<string, { ok: Map<string, number | undefined>; bad: Set<string> }>();
  const timers = new Map<string, unknown>();
  const seq = new Map<string, number>();

  const finished = (j: KObject): boolean =>
    ['Complete', 'Failed'].some(t => getCondition(j, t)?.status === 'True');

  function reconcile(k: string): void {
    const [ns, name] = split(k);
    let job = store.get('batch', 'jobs', ns, name);
    if (!job || job.metadata.deletionTimestamp) return;
    const uid = job.metadata.uid!;
    // As the apiserver's Job strategy does on create: a selector on the controller uid.
    if (!job.spec?.selector || !job.spec?.template?.metadata?.labels?.['batch.kubernetes.io/controller-uid']) {
      const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name };
      job = store.update({
        ...job,
        spec: {
          ...job.spec,
          selector: job.spec?.selector ?? { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
          template: { ...job.spec?.template, metadata: { ...(job.spec?.template?.metadata ?? {}), labels: { ...(job.spec?.template?.metadata?.labels ?? {}), ...labels } } }
        }
      });
    }
    const spec = job.spec;
    const c = counted.get(uid) ?? { ok: new Map(), bad: new Set() };
    counted.set(uid, c);
    const pods = ctx.pods.ownedBy(uid);
    for (const p of pods) {
      if (p.status?.phase === 'Succeeded') c.ok.set(p.metadata.uid!, indexOf(p));
      if (p.status?.phase === 'Failed') c.bad.add(p.metadata.uid!);
    }
    const active = pods.filter(p => !isTerminal(p) && !p.metadata.deletionTimestamp);
    const now = store.timestamp();
    const completions: number | undefined = spec.completions ?? (spec.parallelism === undefined ? 1 : undefined);
    const parallelism: number = spec.parallelism ?? 1;
    const indexed = spec.completionMode === 'Indexed';
    const doneIdx = new Set(Array.from(c.ok.values()).filter((x): x is number => x !== undefined));
    const succeeded = indexed ? doneIdx.size : c.ok.size;
    const failed = c.bad.size;
    let conditions: Condition[] | undefined = job.status?.conditions;
    let startTime = job.status?.startTime;
    let completionTime = job.status?.completionTime;
    const suspended = spec.suspend === true;

    const stopActive = (): void => {
      for (const p of active) store.delete('', 'pods', ns, p.metadata.name!);
    };

    if (!finished(job)) {
      const backoffLimit = spec.backoffLimit ?? 6;
      const deadline = spec.activeDeadlineSeconds;
      const overDeadline = typeof deadline === 'number' && startTime && ctx.clock.now() - Date.parse(startTime) >= deadline * 1000;
      const succeededAll = completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;
      if (succeededAll) {
        if (ctx.minor >= 33) conditions = withCondition(conditions, { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: now }, now);
        conditions = withCondition(conditions, { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: now }, now);
        completionTime = now;
        stopActive();
        ctx.events.record(job, 'Normal', 'Completed', 'Job completed', { component: 'job-controller' });
      } else if (failed > backoffLimit || overDeadline) {
        const reason = overDeadline ? 'DeadlineExceeded' : 'BackoffLimitExceeded';
        const message = overDeadline ? 'Job was active longer than specified deadline' : 'Job has reached the specified backoff limit';
        conditions = withCondition(conditions, { type: 'FailureTarget', status: 'True', reason, message, lastProbeTime: now }, now);
        conditions = withCondition(conditions, { type: 'Failed', status: 'True', reason, message, lastProbeTime: now }, now);
        stopActive();
        ctx.events.record(job, 'Warning', reason, message, { component: 'job-controller' });
      } else if (suspended) {
        if (getCondition(job, 'Suspended')?.status !== 'True') {
          stopActive();
          conditions = withCondition(conditions, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: now }, now);
          ctx.events.record(job, 'Normal', 'Suspended', 'Job suspended', { component: 'job-controller' });
        }
        startTime = undefined;
      } else {
        if (getCondition(job, 'Suspended')?.status === 'True') {
          conditions = withCondition(conditions, { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastProbeTime: now }, now);
          ctx.events.record(job, 'Normal', 'Resumed', 'Job resumed', { component: 'job-controller' });
        }
        startTime ??= now;
        if (typeof deadline === 'number' && !timers.has(uid)) {
          timers.set(uid, ctx.clock.setTimeout(() => queue.add(k), deadline * 1000));
        }
        const remaining = completions === undefined ? parallelism : Math.max(0, completions - succeeded);
        const want = Math.min(parallelism, remaining) - active.length;
        const busy = new Set(active.map(indexOf));
        let nextIndex = 0;
        for (let i = 0; i < want; i++) {
          let index: number | undefined;
          if (indexed) {
            while (doneIdx.has(nextIndex) || busy.has(nextIndex)) nextIndex++;
            if (completions !== undefined && nextIndex >= completions) break;
            index = nextIndex++;
            busy.add(index);
          }
          const n = (seq.get(uid) ?? 0) + 1;
          seq.set(uid, n);
          const podName = `${name}-${index !== undefined ? `${index}-` : ''}${derivedSuffix(`${uid}/${n}`)}`;
          const pod = podFromTemplate(job, job.spec.template, podName, {
            ...(index !== undefined
              ? {
                  labels: { 'batch.kubernetes.io/job-completion-index': String(index) },
                  annotations: { 'batch.kubernetes.io/job-completion-index': String(index) },
                  spec: { hostname: `${name}-${index}` }
                }
              : {})
          });
          if (pod.spec.restartPolicy === 'Always') pod.spec.restartPolicy = 'Never';
          if (index !== undefined) {
            pod.spec.containers = pod.spec.containers.map((ct: any) => ({ ...ct, env: [...(ct.env ?? []), { name: 'JOB_COMPLETION_INDEX', value: String(index) }] }));
          }
          store.create(pod);
          ctx.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${podName}`, { component: 'job-controller' });
        }
      }
    }
    const live = ctx.pods.ownedBy(uid).filter(p => !isTerminal(p) && !p.metadata.deletionTimestamp);
    writeStatus(store, job, {
      ...(conditions ? { conditions } : {}),
      startTime,
      completionTime,
      active: live.length || undefined,
      ready: live.filter(isPodReady).length,
      succeeded: succeeded || undefined,
      failed: failed || undefined,
      terminating: 0,
      uncountedTerminatedPods: {},
      ...(indexed && doneIdx.size ? { completedIndexes: compactIndexes(doneIdx) } : {})
    });
    const after = store.get('batch', 'jobs', ns, name);
    const ttl = after?.spec?.ttlSecondsAfterFinished;
    if (after && finished(after) && typeof ttl === 'number') {
      ctx.clock.setTimeout(() => {
        const j = store.get('batch', 'jobs', ns, name);
        if (j && j.metadata.uid === uid) store.delete('batch', 'jobs', ns, name);
      }, ttl * 1000);
    }
  }

  for (const j of store.list('batch', 'jobs')) queue.add(key(j));
  const unsubscribe = store.onChange(ch => {
    const r = ch.rtype;
    if (r.group === 'batch' && r.resource === 'jobs') {
      if (ch.type === 'DELETED') {
        counted.delete(ch.object.metadata.uid!);
        const t = timers.get(ch.object.metadata.uid!);
        if (t) ctx.clock.clearTimeout(t);
      } else queue.add(key(ch.object));
    } else if (r.group === '' && r.resource === 'pods') {
      const owner = controllerOf(ch.object);
      if (owner?.kind === 'Job') queue.add(`${ch.object.metadata.namespace}/${owner.name}`);
    }
  });
  return () => {
    unsubscribe();
    queue.stop();
    for (const t of timers.values()) ctx.clock.clearTimeout(t);
  };
}

function indexOf(p: KObject): number | undefined {
  const v = p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
  return v === undefined ? undefined : Number(v);
}

function compactIndexes(set: Set<number>): string {
  const xs = Array.from(set).sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < xs.length; i++) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    parts.push(i === j ? String(xs[i]) : `${xs[i]}-${xs[j]}`);
    i = j;
  }
  return parts.join(',');
}
