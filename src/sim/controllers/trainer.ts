/**
 * Kubeflow Trainer v2 (trainer.kubeflow.org/v1alpha1) and the JobSet controller it drives: a
 * TrainJob naming a (Cluster)TrainingRuntime gets a JobSet `<trainjob>` built from the runtime's
 * replicatedJobs (the trainer step's container overridden by spec.trainer: image, command, args,
 * resourcesPerNode; numNodes as the Job's parallelism and completions), the JobSet gets one Job
 * per replica (`<jobset>-<replicatedJob>-<i>`), and the TrainJob's conditions follow: Created
 * (JobsCreationSucceeded), then Complete (AllJobsCompleted, "jobset completed successfully") or
 * Failed (FailedJobs).
 *
 * Webhook `validator.trainjob.trainer.kubeflow.org` (403 as controller-runtime answers a
 * validator error): a runtimeRef of an unsupported kind is `unsupported runtime: <Kind.group>`; a
 * runtime that does not exist is `spec.RuntimeRef: Invalid value: v1alpha1.RuntimeRef{…}:
 * ClusterTrainingRuntime.trainer.kubeflow.org "<name>" not found: specified clusterTrainingRuntime
 * must be created before the TrainJob is created`.
 *
 * Handler options: `reconcile: false` (broken: nothing is reconciled), `webhookAdmitsAll: true`
 * (broken: every TrainJob is admitted).
 */
import { createHash } from 'node:crypto';
import { getCondition } from '../behaviours/match.js';
import { applyCreateDefaults } from '../defaults.js';
import { denied, registerWebhook, type WebhookVerdict } from '../handlers/webhooks.js';
import { ownerRef } from '../pods/defaults.js';
import type { HandlerSpec } from '../scenarios/types.js';
import type { KObject, ObjectStore } from '../store.js';
import type { SimContext } from './context.js';
import { isPodReady } from './pod-index.js';
import { WorkQueue } from './queue.js';

const T = 'trainer.kubeflow.org';
const JS = 'jobset.x-k8s.io';

function ptr(seed: string): string {
  return `(*string)(0xc000${createHash('sha256').update(seed).digest('hex').slice(0, 6)})`;
}

/** The runtime a TrainJob refers to (kind and group defaulted as the CRD does), when it exists. */
function runtimeOf(store: ObjectStore, job: KObject): { kind: string; group: string; name: string; runtime?: KObject } {
  const ref = job.spec?.runtimeRef ?? {};
  const kind = ref.kind ?? 'ClusterTrainingRuntime';
  const group = ref.apiGroup ?? T;
  const name = ref.name ?? '';
  if (group !== T || !store.typeOf(T, kind === 'TrainingRuntime' ? 'trainingruntimes' : 'clustertrainingruntimes')) return { kind, group, name };
  const runtime =
    kind === 'ClusterTrainingRuntime'
      ? store.get(T, 'clustertrainingruntimes', undefined, name)
      : kind === 'TrainingRuntime'
        ? store.get(T, 'trainingruntimes', job.metadata.namespace, name)
        : undefined;
  return { kind, group, name, runtime };
}

/** The Trainer's TrainJob validation, as its webhook answers it. */
export function validateTrainJob(store: ObjectStore, job: KObject): WebhookVerdict {
  const { kind, group, name, runtime } = runtimeOf(store, job);
  if (group !== T || !['ClusterTrainingRuntime', 'TrainingRuntime'].includes(kind)) return denied(`unsupported runtime: ${kind}.${group}`);
  if (runtime) return { allowed: true };
  const cluster = kind === 'ClusterTrainingRuntime';
  const value = `v1alpha1.RuntimeRef{Name:${JSON.stringify(name)}, APIGroup:${ptr(`${name}/group`)}, Kind:${ptr(`${name}/kind`)}}`;
  return denied(
    `${cluster ? 'spec.RuntimeRef' : 'spec.runtimeRef'}: Invalid value: ${value}: ${kind}.${T} "${name}" not found: specified ${cluster ? 'clusterTrainingRuntime' : 'trainingRuntime'} must be created before the TrainJob is created`
  );
}

export function startTrainer(ctx: SimContext, spec: HandlerSpec): () => void {
  const { store } = ctx;
  const opts = {
    reconcile: spec.options?.reconcile !== false,
    admitAll: spec.options?.webhookAdmitsAll === true,
    jobset: (spec.options?.jobsetPodLabels as Record<string, string> | undefined) ?? { 'app.kubernetes.io/name': 'jobset' }
  };
  const queue = new WorkQueue(ctx.clock, reconcile, 0, (k, e) => ctx.warn(`kubeflow-trainer: ${k}: ${(e as Error).message}`));

  registerWebhook(ctx, 'validator.trainjob.trainer.kubeflow.org', req =>
    opts.admitAll || req.operation === 'DELETE' ? { allowed: true } : validateTrainJob(store, req.object)
  );
  for (const n of ['validator.clustertrainingruntime.trainer.kubeflow.org', 'validator.trainingruntime.trainer.kubeflow.org']) registerWebhook(ctx, n, () => ({ allowed: true }));

  const podReady = (labels: Record<string, string>): boolean =>
    store
      .list('', 'pods', spec.namespace)
      .some(p => Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v) && p.status?.phase === 'Running' && isPodReady(p));

  function reconcile(k: string): void {
    if (!opts.reconcile || !store.typeOf(T, 'trainjobs')) return;
    const [ns, name] = [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)];
    const job = store.get(T, 'trainjobs', ns, name);
    if (!job || job.metadata.deletionTimestamp) return;
    if (podReady(spec.podLabels ?? {})) reconcileTrainJob(job);
    const jobset = store.typeOf(JS, 'jobsets') && store.get(JS, 'jobsets', ns, name);
    if (jobset && podReady(opts.jobset)) reconcileJobSet(jobset);
    if (jobset && podReady(spec.podLabels ?? {})) syncTrainJobStatus(store.get(T, 'trainjobs', ns, name)!, store.get(JS, 'jobsets', ns, name)!);
  }

  function conditionsWith(prev: any[] | undefined, c: { type: string; status: string; reason: string; message: string }): any[] {
    const now = store.timestamp();
    const old = (prev ?? []).find(x => x.type === c.type);
    const next = { ...c, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now };
    return [...(prev ?? []).filter(x => x.type !== c.type), next];
  }

  function setStatus(job: KObject, status: Record<string, unknown>): void {
    if (JSON.stringify(status) === JSON.stringify(job.status ?? {})) return;
    store.update({ ...job, status }, { subresource: 'status' });
  }

  function reconcileTrainJob(job: KObject): void {
    const ns = job.metadata.namespace!;
    const name = job.metadata.name!;
    if (job.spec?.suspend || store.get(JS, 'jobsets', ns, name) || !store.typeOf(JS, 'jobsets')) return;
    const { runtime } = runtimeOf(store, job);
    if (!runtime) {
      setStatus(job, { ...(job.status ?? {}), conditions: conditionsWith(job.status?.conditions, { type: 'Created', status: 'False', reason: 'JobsBuildFailed', message: 'Failed to build Jobs' }) });
      return;
    }
    const trainer = job.spec?.trainer ?? {};
    const numNodes = trainer.numNodes ?? runtime.spec?.mlPolicy?.numNodes ?? 1;
    const replicatedJobs = structuredClone(runtime.spec?.template?.spec?.replicatedJobs ?? []).map((rj: any) => {
      const isTrainer = rj.template?.metadata?.labels?.['trainer.kubeflow.org/trainjob-ancestor-step'] === 'trainer' || rj.name === 'node';
      if (!isTrainer) return rj;
      const js = rj.template.spec ?? {};
      const containers = (js.template?.spec?.containers ?? []).map((c: any) =>
        c.name === 'node'
          ? {
              ...c,
              ...(trainer.image ? { image: trainer.image } : {}),
              ...(trainer.command ? { command: trainer.command } : {}),
              ...(trainer.args ? { args: trainer.args } : {}),
              ...(trainer.resourcesPerNode ? { resources: trainer.resourcesPerNode } : {}),
              env: [...(c.env ?? []), ...(trainer.env ?? [])]
            }
          : c
      );
      return { ...rj, template: { ...rj.template, spec: { ...js, parallelism: numNodes, completions: numNodes, template: { ...js.template, spec: { ...js.template?.spec, containers } } } } };
    });
    store.create({
      apiVersion: `${JS}/v1alpha2`,
      kind: 'JobSet',
      metadata: { name, namespace: ns, labels: { 'trainer.kubeflow.org/trainjob-name': name }, ownerReferences: [ownerRef(job)] },
      spec: { replicatedJobs, ...(runtime.spec?.template?.spec?.network ? { network: runtime.spec.template.spec.network } : {}) }
    });
    ctx.events.record(job, 'Normal', 'JobsCreationSucceeded', `Succeeded to create JobSet ${ns}/${name}`, { component: 'trainjob-controller' });
    setStatus(job, {
      ...(job.status ?? {}),
      conditions: conditionsWith(job.status?.conditions, { type: 'Created', status: 'True', reason: 'JobsCreationSucceeded', message: 'Succeeded to create Jobs' })
    });
  }

  function reconcileJobSet(js: KObject): void {
    const ns = js.metadata.namespace!;
    const statuses: any[] = [];
    let allDone = true;
    let anyFailed = false;
    for (const rj of js.spec?.replicatedJobs ?? []) {
      const replicas = rj.replicas ?? 1;
      const st = { name: rj.name, ready: 0, succeeded: 0, failed: 0, active: 0, suspended: 0 };
      for (let i = 0; i < replicas; i++) {
        const jobName = `${js.metadata.name}-${rj.name}-${i}`;
        let job = store.get('batch', 'jobs', ns, jobName);
        if (!job) {
          const labels = { 'jobset.sigs.k8s.io/jobset-name': js.metadata.name!, 'jobset.sigs.k8s.io/replicatedjob-name': rj.name, 'jobset.sigs.k8s.io/job-index': String(i) };
          const j: KObject = {
            apiVersion: 'batch/v1',
            kind: 'Job',
            metadata: { name: jobName, namespace: ns, labels: { ...(rj.template?.metadata?.labels ?? {}), ...labels }, ownerReferences: [ownerRef(js)] },
            spec: {
              ...structuredClone(rj.template?.spec ?? {}),
              template: {
                ...(rj.template?.spec?.template ?? {}),
                metadata: { ...(rj.template?.spec?.template?.metadata ?? {}), labels: { ...(rj.template?.spec?.template?.metadata?.labels ?? {}), ...labels } },
                spec: { restartPolicy: 'OnFailure', ...(rj.template?.spec?.template?.spec ?? {}) }
              }
            }
          };
          const { uid } = applyCreateDefaults(store, store.typeOf('batch', 'jobs')!, j);
          job = store.create(j, { uid });
        }
        const complete = getCondition(job, 'Complete')?.status === 'True';
        const failed = getCondition(job, 'Failed')?.status === 'True';
        if (complete) st.succeeded++;
        else if (failed) st.failed++;
        else {
          st.active++;
          if ((job.status?.ready ?? 0) > 0) st.ready++;
        }
        allDone &&= complete;
        anyFailed ||= failed;
      }
      statuses.push(st);
    }
    let conditions = js.status?.conditions;
    if (anyFailed) conditions = conditionsWith(conditions, { type: 'Failed', status: 'True', reason: 'FailedJobs', message: 'jobset failed due to one or more job failures' });
    else if (allDone) conditions = conditionsWith(conditions, { type: 'Completed', status: 'True', reason: 'AllJobsCompleted', message: 'jobset completed successfully' });
    const terminal = anyFailed ? 'Failed' : allDone ? 'Completed' : undefined;
    setStatus(js, { ...(js.status ?? {}), replicatedJobsStatus: statuses, ...(conditions ? { conditions } : {}), ...(terminal ? { terminalState: terminal } : {}) });
  }

  function syncTrainJobStatus(job: KObject, js: KObject): void {
    let conditions = job.status?.conditions;
    const done = getCondition(js, 'Completed');
    const failed = getCondition(js, 'Failed');
    if (done?.status === 'True') conditions = conditionsWith(conditions, { type: 'Complete', status: 'True', reason: done.reason ?? 'AllJobsCompleted', message: done.message ?? 'jobset completed successfully' });
    if (failed?.status === 'True') conditions = conditionsWith(conditions, { type: 'Failed', status: 'True', reason: failed.reason ?? 'FailedJobs', message: failed.message ?? 'jobset failed' });
    setStatus(job, { ...(job.status ?? {}), ...(conditions ? { conditions } : {}), jobsStatus: js.status?.replicatedJobsStatus ?? [] });
  }

  const unsubscribe = store.onChange(c => {
    const r = `${c.rtype.group}/${c.rtype.resource}`;
    const o = c.object;
    if (r === `${T}/trainjobs` && c.type !== 'DELETED') queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
    else if (r === `${JS}/jobsets` && c.type !== 'DELETED') queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
    else if (r === 'batch/jobs' && o.metadata.labels?.['jobset.sigs.k8s.io/jobset-name']) queue.add(`${o.metadata.namespace}/${o.metadata.labels['jobset.sigs.k8s.io/jobset-name']}`);
    else if (r === '/pods' && o.metadata.namespace === spec.namespace && store.typeOf(T, 'trainjobs')) {
      for (const j of store.list(T, 'trainjobs')) queue.add(`${j.metadata.namespace}/${j.metadata.name}`);
    }
  });
  return () => {
    unsubscribe();
    queue.stop();
  };
}
