/**
 * The KubeRay operator (ray.io/v1): a RayCluster gets a head pod (`<cluster>-head-<suffix>`), a
 * head Service (`<cluster>-head-svc`: gcs-server 6379, dashboard 8265, client 10001, metrics 8080)
 * and its worker groups' pods (`<cluster>-<group>-worker-<suffix>`), all labelled ray.io/cluster,
 * ray.io/node-type, ray.io/group and owned by the RayCluster; once every pod runs ready its status
 * is `state: ready` with HeadPodReady and RayClusterProvisioned conditions. A RayJob gets a
 * RayCluster `<job>-raycluster-<suffix>` (`jobDeploymentStatus: Initializing`), then a submitter
 * Job `<job>` running `ray job submit … --submission-id <job>-<suffix> -- <entrypoint>` (Running,
 * jobStatus RUNNING), and ends Complete/SUCCEEDED (or Failed/FAILED) with the submitter; with
 * shutdownAfterJobFinishes its cluster is deleted after ttlSecondsAfterFinished.
 *
 * Webhooks (with the kuberay-webhooks add-on's configuration): `vraycluster.kb.io` rejects
 * duplicate worker group names as KubeRay's RayCluster validator does (422 Invalid:
 * `RayCluster.ray.io "<name>" is invalid: spec.workerGroupSpecs[i]: Invalid value:
 * v1.WorkerGroupSpec{…}: worker group names must be unique`); vrayjob, vrayservice and mpod admit.
 *
 * Handler options: `reconcile: false` (broken: the operator runs but never reconciles) and
 * `webhookAdmitsAll: true` (broken: the webhook admits every spec).
 */
import { createHash } from 'node:crypto';
import { getCondition } from '../behaviours/match.js';
import { applyCreateDefaults } from '../defaults.js';
import { registerWebhook, type WebhookVerdict } from '../handlers/webhooks.js';
import { derivedSuffix, ownerRef, podFromTemplate } from '../pods/defaults.js';
import { milli } from '../pods/quantity.js';
import type { HandlerSpec } from '../scenarios/types.js';
import type { KObject } from '../store.js';
import type { SimContext } from './context.js';
import { isPodReady, isTerminal } from './pod-index.js';
import { formatQuantity } from './quantity-format.js';
import { WorkQueue } from './queue.js';

const RAY = 'ray.io';
const COMPONENT = 'raycluster-controller';
const HEAD_PORTS = [
  { name: 'gcs-server', containerPort: 6379 },
  { name: 'dashboard', containerPort: 8265 },
  { name: 'client', containerPort: 10001 },
  { name: 'metrics', containerPort: 8080 }
];

/** A pointer as Go's %#v prints it: stable per seed, shaped like a heap address. */
function goPointer(type: string, seed: string): string {
  return `(*${type})(0xc000${createHash('sha256').update(seed).digest('hex').slice(0, 6)})`;
}

/** A WorkerGroupSpec as apimachinery's field.Invalid prints a struct value (%#v); the pod template is abbreviated. */
export function goWorkerGroup(name: string, i: number, g: any): string {
  const int = (v: unknown, f: string): string => (v === undefined ? '(*int32)(nil)' : goPointer('int32', `${name}/${i}/${f}`));
  const params = Object.entries<string>(g.rayStartParams ?? {})
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(String(v))}`)
    .join(', ');
  return (
    `v1.WorkerGroupSpec{Suspend:(*bool)(nil), GroupName:${JSON.stringify(g.groupName ?? '')}, Replicas:${int(g.replicas, 'replicas')}, ` +
    `MinReplicas:${int(g.minReplicas, 'min')}, MaxReplicas:${int(g.maxReplicas, 'max')}, IdleTimeoutSeconds:(*int32)(nil), ` +
    `RayStartParams:map[string]string{${params}}, Template:v1.PodTemplateSpec{...}, ScaleStrategy:v1.ScaleStrategy{WorkersToDelete:[]string(nil)}, NumOfHosts:${g.numOfHosts ?? 1}}`
  );
}

/** KubeRay's RayCluster validation (worker group names unique), as the webhook answers it. */
export function validateRayCluster(rc: KObject): WebhookVerdict {
  const seen = new Set<string>();
  const groups: any[] = rc.spec?.workerGroupSpecs ?? [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (seen.has(g?.groupName)) {
      const field = `spec.workerGroupSpecs[${i}]`;
      const detail = `Invalid value: ${goWorkerGroup(rc.metadata.name ?? '', i, g)}: worker group names must be unique`;
      return {
        allowed: false,
        code: 422,
        reason: 'Invalid',
        message: `RayCluster.ray.io "${rc.metadata.name}" is invalid: ${field}: ${detail}`,
        details: { name: rc.metadata.name, group: RAY, kind: 'RayCluster', causes: [{ reason: 'FieldValueInvalid', message: detail, field }] }
      };
    }
    seen.add(g?.groupName);
  }
  return { allowed: true };
}

const sumResource = (pods: any[], name: string): number =>
  pods.reduce((s, spec) => s + (spec?.containers ?? []).reduce((t: number, c: any) => t + (milli(c.resources?.limits?.[name] ?? c.resources?.requests?.[name]) || 0), 0), 0);

export function startKubeRay(ctx: SimContext, spec: HandlerSpec): () => void {
  const { store } = ctx;
  const opts = { reconcile: spec.options?.reconcile !== false, admitAll: spec.options?.webhookAdmitsAll === true };
  const warn = (k: string, e: unknown): void => ctx.warn(`kuberay-operator: ${k}: ${(e as Error).message}`);
  const clusters = new WorkQueue(ctx.clock, reconcileCluster, 0, warn);
  const jobs = new WorkQueue(ctx.clock, reconcileJob, 0, warn);
  const timers = new Map<string, unknown>();

  registerWebhook(ctx, 'vraycluster.kb.io', req => (opts.admitAll || req.operation === 'DELETE' ? { allowed: true } : validateRayCluster(req.object)));
  for (const name of ['vrayjob.kb.io', 'vrayservice.kb.io', 'mpod.kb.io']) registerWebhook(ctx, name, () => ({ allowed: true }));

  const active = (): boolean =>
    opts.reconcile &&
    store
      .list('', 'pods', spec.namespace)
      .some(p => Object.entries(spec.podLabels ?? {}).every(([k, v]) => p.metadata.labels?.[k] === v) && p.status?.phase === 'Running' && isPodReady(p));

  const split = (k: string): [string, string] => [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)];
  const podsOf = (ns: string, cluster: string): KObject[] =>
    store.list('', 'pods', ns).filter(p => p.metadata.labels?.['ray.io/cluster'] === cluster && !p.metadata.deletionTimestamp);

  function rayLabels(cluster: string, type: 'head' | 'worker', group: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...extra,
      'ray.io/cluster': cluster,
      'ray.io/node-type': type,
      'ray.io/group': group,
      'ray.io/identifier': `${cluster}-${type}`,
      'ray.io/is-ray-node': 'yes',
      'app.kubernetes.io/name': 'kuberay',
      'app.kubernetes.io/created-by': 'kuberay-operator'
    };
  }

  function rayPod(rc: KObject, type: 'head' | 'worker', group: string, template: any, name: string): KObject {
    const start =
      type === 'head'
        ? `ulimit -n 65536; ray start --head --block --dashboard-host=0.0.0.0 --metrics-export-port=8080 --dashboard-agent-listen-port=52365`
        : `ulimit -n 65536; ray start --block --address=${rc.metadata.name}-head-svc.${rc.metadata.namespace}.svc.cluster.local:6379 --metrics-export-port=8080`;
    const containers = (template?.spec?.containers ?? []).map((c: any, i: number) =>
      i === 0
        ? {
            ...c,
            command: ['/bin/bash', '-c', '--'],
            args: [start],
            ports: type === 'head' ? [...(c.ports ?? []), ...HEAD_PORTS.filter(p => !(c.ports ?? []).some((x: any) => x.containerPort === p.containerPort))] : c.ports,
            env: [...(c.env ?? []), { name: 'RAY_CLUSTER_NAME', value: rc.metadata.name }, { name: 'RAY_PORT', value: '6379' }]
          }
        : c
    );
    return podFromTemplate(rc, { ...template, spec: { ...(template?.spec ?? {}), containers } }, name, {
      labels: rayLabels(rc.metadata.name!, type, group, template?.metadata?.labels)
    });
  }

  function reconcileCluster(k: string): void {
    const [ns, name] = split(k);
    const rc = store.get(RAY, 'rayclusters', ns, name);
    if (!rc || rc.metadata.deletionTimestamp || !active()) return;
    const pods = podsOf(ns, name);
    const head = pods.filter(p => p.metadata.labels?.['ray.io/node-type'] === 'head' && !isTerminal(p));
    if (!head.length) {
      const podName = `${name}-head-${derivedSuffix(`${rc.metadata.uid}/head/${pods.length}`)}`;
      store.create(rayPod(rc, 'head', 'headgroup', rc.spec?.headGroupSpec?.template, podName));
      ctx.events.record(rc, 'Normal', 'CreatedHeadPod', `Created head Pod ${ns}/${podName}`, { component: COMPONENT });
    }
    const svcName = `${name}-head-svc`;
    if (!store.get('', 'services', ns, svcName)) {
      const svc: KObject = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: svcName,
          namespace: ns,
          labels: { 'ray.io/cluster': name, 'ray.io/node-type': 'head', 'ray.io/identifier': `${name}-head`, 'app.kubernetes.io/name': 'kuberay', 'app.kubernetes.io/created-by': 'kuberay-operator' },
          ownerReferences: [ownerRef(rc)]
        },
        spec: { selector: { 'ray.io/cluster': name, 'ray.io/node-type': 'head' }, ports: HEAD_PORTS.map(p => ({ name: p.name, port: p.containerPort, targetPort: p.containerPort, protocol: 'TCP' })) }
      };
      applyCreateDefaults(store, store.typeOf('', 'services')!, svc);
      store.create(svc);
      ctx.events.record(rc, 'Normal', 'CreatedService', `Created service ${ns}/${svcName}`, { component: COMPONENT });
    }
    const groups: any[] = rc.spec?.workerGroupSpecs ?? [];
    for (const g of groups) {
      const want = rc.spec?.suspend || g.suspend ? 0 : (g.replicas ?? g.minReplicas ?? 0) * (g.numOfHosts ?? 1);
      const mine = pods.filter(p => p.metadata.labels?.['ray.io/node-type'] === 'worker' && p.metadata.labels?.['ray.io/group'] === g.groupName && !isTerminal(p));
      for (let i = mine.length; i < want; i++) {
        const podName = `${name}-${g.groupName}-worker-${derivedSuffix(`${rc.metadata.uid}/${g.groupName}/${i}/${pods.length}`)}`;
        store.create(rayPod(rc, 'worker', g.groupName, g.template, podName));
        ctx.events.record(rc, 'Normal', 'CreatedWorkerPod', `Created worker Pod ${ns}/${podName}`, { component: COMPONENT });
      }
      for (const extra of mine.slice(want)) store.delete('', 'pods', ns, extra.metadata.name!);
    }
    writeClusterStatus(rc, groups);
  }

  function writeClusterStatus(rc: KObject, groups: any[]): void {
    const ns = rc.metadata.namespace!;
    const name = rc.metadata.name!;
    const pods = podsOf(ns, name);
    const head = pods.find(p => p.metadata.labels?.['ray.io/node-type'] === 'head' && !isTerminal(p));
    const workers = pods.filter(p => p.metadata.labels?.['ray.io/node-type'] === 'worker' && !isTerminal(p));
    const readyWorkers = workers.filter(p => p.status?.phase === 'Running' && isPodReady(p)).length;
    const perGroup = (g: any): number => (rc.spec?.suspend || g.suspend ? 0 : (g.replicas ?? g.minReplicas ?? 0) * (g.numOfHosts ?? 1));
    const desired = groups.reduce((s, g) => s + perGroup(g), 0);
    const headReady = Boolean(head && head.status?.phase === 'Running' && isPodReady(head));
    const allReady = headReady && readyWorkers >= desired;
    const now = store.timestamp();
    const prev = rc.status ?? {};
    const cond = (type: string, ok: boolean, reason: string, message: string): any => {
      const p = (prev.conditions ?? []).find((c: any) => c.type === type);
      return { type, status: ok ? 'True' : 'False', reason, message, lastTransitionTime: p && p.status === (ok ? 'True' : 'False') ? p.lastTransitionTime : now };
    };
    const provisioned = allReady || getCondition(rc, 'RayClusterProvisioned')?.status === 'True';
    const specs = [rc.spec?.headGroupSpec?.template?.spec, ...groups.flatMap(g => Array(perGroup(g)).fill(g.template?.spec))];
    const svc = store.get('', 'services', ns, `${name}-head-svc`);
    const status: Record<string, unknown> = {
      ...((allReady || prev.state === 'ready') ? { state: 'ready' } : {}),
      desiredCPU: formatQuantity(sumResource(specs, 'cpu')),
      desiredGPU: formatQuantity(sumResource(specs, 'nvidia.com/gpu')),
      desiredMemory: formatQuantity(sumResource(specs, 'memory'), 'memory'),
      desiredTPU: '0',
      desiredWorkerReplicas: desired,
      minWorkerReplicas: groups.reduce((s, g) => s + (g.minReplicas ?? 0), 0),
      maxWorkerReplicas: groups.reduce((s, g) => s + (g.maxReplicas ?? 0), 0),
      availableWorkerReplicas: readyWorkers,
      readyWorkerReplicas: readyWorkers,
      endpoints: { client: '10001', dashboard: '8265', 'gcs-server': '6379', metrics: '8080' },
      head: {
        ...(head?.status?.podIP ? { podIP: head.status.podIP } : {}),
        ...(head ? { podName: head.metadata.name } : {}),
        ...(svc?.spec?.clusterIP ? { serviceIP: svc.spec.clusterIP } : {}),
        serviceName: `${name}-head-svc`
      },
      conditions: [
        cond('HeadPodReady', headReady, headReady ? 'HeadPodRunningAndReady' : 'HeadPodNotReady', headReady ? '' : 'the head Pod is not running and ready'),
        cond(
          'RayClusterProvisioned',
          provisioned,
          provisioned ? 'AllPodRunningAndReadyFirstTime' : 'RayClusterPodsProvisioning',
          provisioned ? 'All Ray Pods are ready for the first time' : 'RayCluster Pods are being provisioned for first time'
        )
      ],
      observedGeneration: rc.metadata.generation ?? 1
    };
    const { lastUpdateTime: _t, ...before } = prev;
    if (JSON.stringify(before) === JSON.stringify(status)) return;
    store.update({ ...rc, status: { ...status, lastUpdateTime: now } }, { subresource: 'status' });
  }

  function reconcileJob(k: string): void {
    const [ns, name] = split(k);
    const job = store.get(RAY, 'rayjobs', ns, name);
    if (!job || job.metadata.deletionTimestamp || !active()) return;
    const st = job.status ?? {};
    const now = store.timestamp();
    const write = (s: Record<string, unknown>): void => {
      const cur = store.get(RAY, 'rayjobs', ns, name)!;
      const next = { ...(cur.status ?? {}), ...s };
      if (JSON.stringify(next) !== JSON.stringify(cur.status ?? {})) store.update({ ...cur, status: next }, { subresource: 'status' });
    };
    if (['Complete', 'Failed'].includes(st.jobDeploymentStatus)) return finishCluster(job);
    if (!st.rayClusterName) {
      const clusterName = `${name}-raycluster-${derivedSuffix(`${job.metadata.uid}/cluster`)}`;
      const jobId = `${name}-${derivedSuffix(`${job.metadata.uid}/submission`)}`;
      if (!store.get(RAY, 'rayclusters', ns, clusterName)) {
        store.create({
          apiVersion: `${RAY}/v1`,
          kind: 'RayCluster',
          metadata: {
            name: clusterName,
            namespace: ns,
            labels: { 'ray.io/originated-from-crd': 'RayJob', 'ray.io/originated-from-cr-name': name },
            ownerReferences: [ownerRef(job)]
          },
          spec: structuredClone(job.spec?.rayClusterSpec ?? {})
        });
        ctx.events.record(job, 'Normal', 'CreatedRayCluster', `Created RayCluster ${ns}/${clusterName}`, { component: 'rayjob-controller' });
      }
      write({
        jobId,
        rayClusterName: clusterName,
        dashboardURL: `${clusterName}-head-svc.${ns}.svc.cluster.local:8265`,
        jobDeploymentStatus: 'Initializing',
        startTime: now,
        observedGeneration: job.metadata.generation ?? 1
      });
      return;
    }
    const rc = store.get(RAY, 'rayclusters', ns, st.rayClusterName);
    if (!rc || rc.status?.state !== 'ready') return;
    const submitter = store.get('batch', 'jobs', ns, name);
    if (!submitter) {
      const headImage = rc.spec?.headGroupSpec?.template?.spec?.containers?.[0]?.image ?? 'rayproject/ray:2.46.0';
      const address = `http://${st.rayClusterName}-head-svc.${ns}.svc.cluster.local:8265`;
      const runtimeEnv = job.spec?.runtimeEnvYAML ? ['--runtime-env-json', '{}'] : [];
      const entrypoint: string = job.spec?.entrypoint ?? '';
      const j: KObject = {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name, namespace: ns, labels: { 'app.kubernetes.io/created-by': 'kuberay-operator', 'ray.io/originated-from-crd': 'RayJob', 'ray.io/originated-from-cr-name': name }, ownerReferences: [ownerRef(job)] },
        spec: {
          backoffLimit: job.spec?.submitterConfig?.backoffLimit ?? 2,
          template: {
            metadata: { labels: { 'ray.io/originated-from-crd': 'RayJob' } },
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'ray-job-submitter',
                  image: headImage,
                  command: ['ray', 'job', 'submit', '--address', address, ...runtimeEnv, '--submission-id', st.jobId, '--', ...entrypoint.split(/\s+/).filter(Boolean)],
                  env: [{ name: 'RAY_DASHBOARD_ADDRESS', value: address }, { name: 'RAY_JOB_SUBMISSION_ID', value: st.jobId }],
                  resources: { requests: { cpu: '500m', memory: '200Mi' }, limits: { cpu: '1', memory: '1Gi' } }
                }
              ]
            }
          }
        }
      };
      const { uid } = applyCreateDefaults(store, store.typeOf('batch', 'jobs')!, j);
      store.create(j, { uid });
      ctx.events.record(job, 'Normal', 'CreatedK8sJob', `Created k8s Job ${ns}/${name}`, { component: 'rayjob-controller' });
      write({ jobDeploymentStatus: 'Running', jobStatus: 'RUNNING', rayClusterStatus: rc.status });
      return;
    }
    const complete = getCondition(submitter, 'Complete')?.status === 'True';
    const failed = getCondition(submitter, 'Failed')?.status === 'True';
    if (complete || failed) {
      write({
        jobDeploymentStatus: complete ? 'Complete' : 'Failed',
        jobStatus: complete ? 'SUCCEEDED' : 'FAILED',
        message: complete ? 'Job finished successfully.' : `Job ${st.jobId} failed`,
        endTime: now,
        ...(complete ? { succeeded: 1 } : { failed: 1, reason: 'AppFailed' })
      });
      return finishCluster(store.get(RAY, 'rayjobs', ns, name)!);
    }
    write({ jobDeploymentStatus: 'Running', jobStatus: 'RUNNING' });
  }

  /** shutdownAfterJobFinishes: the job's RayCluster goes after ttlSecondsAfterFinished. */
  function finishCluster(job: KObject): void {
    if (!job.spec?.shutdownAfterJobFinishes || !job.status?.rayClusterName) return;
    const ns = job.metadata.namespace!;
    const key = `${ns}/${job.status.rayClusterName}`;
    if (timers.has(key) || !store.get(RAY, 'rayclusters', ns, job.status.rayClusterName)) return;
    timers.set(
      key,
      ctx.clock.setTimeout(() => {
        timers.delete(key);
        if (store.get(RAY, 'rayclusters', ns, job.status.rayClusterName)) store.delete(RAY, 'rayclusters', ns, job.status.rayClusterName);
      }, (job.spec?.ttlSecondsAfterFinished ?? 0) * 1000)
    );
  }

  const all = (): void => {
    if (store.typeOf(RAY, 'rayclusters')) for (const rc of store.list(RAY, 'rayclusters')) clusters.add(`${rc.metadata.namespace}/${rc.metadata.name}`);
    if (store.typeOf(RAY, 'rayjobs')) for (const j of store.list(RAY, 'rayjobs')) jobs.add(`${j.metadata.namespace}/${j.metadata.name}`);
  };
  const unsubscribe = store.onChange(c => {
    const r = `${c.rtype.group}/${c.rtype.resource}`;
    const o = c.object;
    if (c.type === 'DELETED' && r !== '/pods') return;
    if (r === `${RAY}/rayclusters`) {
      clusters.add(`${o.metadata.namespace}/${o.metadata.name}`);
      const owner = o.metadata.labels?.['ray.io/originated-from-cr-name'];
      if (owner) jobs.add(`${o.metadata.namespace}/${owner}`);
    } else if (r === `${RAY}/rayjobs`) jobs.add(`${o.metadata.namespace}/${o.metadata.name}`);
    else if (r === '/pods' && o.metadata.labels?.['ray.io/cluster']) clusters.add(`${o.metadata.namespace}/${o.metadata.labels['ray.io/cluster']}`);
    else if (r === 'batch/jobs' && o.metadata.labels?.['ray.io/originated-from-crd'] === 'RayJob') jobs.add(`${o.metadata.namespace}/${o.metadata.name}`);
    else if (r === '/pods' && o.metadata.namespace === spec.namespace) all();
  });
  all();
  return () => {
    unsubscribe();
    clusters.stop();
    jobs.stop();
    for (const t of timers.values()) ctx.clock.clearTimeout(t);
  };
}
