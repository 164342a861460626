import { afterAll, describe, expect, it } from '@jest/globals';
import { boot, ns, type Booted } from './ai-helpers.js';

const NS = 'ray-test';

const rayCluster = (name: string, groups: Array<{ groupName: string; replicas: number }>) => ({
  apiVersion: 'ray.io/v1',
  kind: 'RayCluster',
  metadata: { name, namespace: NS },
  spec: {
    rayVersion: '2.46.0',
    headGroupSpec: {
      rayStartParams: {},
      template: { spec: { containers: [{ name: 'ray-head', image: 'rayproject/ray:2.46.0', resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '1', memory: '2Gi' } } }] } }
    },
    workerGroupSpecs: groups.map(g => ({
      ...g,
      minReplicas: 0,
      maxReplicas: 4,
      rayStartParams: {},
      template: { spec: { containers: [{ name: 'ray-worker', image: 'rayproject/ray:2.46.0', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } }
    }))
  }
});

const running: Booted[] = [];
afterAll(async () => {
  for (const b of running) await b.stop();
});

async function start(addons: string[], breaks: string[] = []): Promise<Booted> {
  const b = await boot('kind-1.34', addons, breaks);
  running.push(b);
  await b.apply(ns(NS));
  return b;
}

/** A server-side dry-run create of a RayCluster through the API: the Status it fails with, or undefined. */
async function dryRunCreate(b: Booted, body: object, plural = 'rayclusters', group = 'ray.io', version = 'v1'): Promise<any> {
  try {
    await b.custom.createNamespacedCustomObject({ group, version, namespace: NS, plural, body, dryRun: 'All' });
    return undefined;
  } catch (e: any) {
    return typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
  }
}

describe('KubeRay operator', () => {
  it('reconciles a RayCluster: head pod, head Service, worker pods, state ready', async () => {
    const b = await start(['kuberay']);
    await b.apply(rayCluster('raycluster-kuberay', [{ groupName: 'workergroup', replicas: 2 }]));
    await b.run(10_000);
    const store = b.sim.store;
    const rc = store.get('ray.io', 'rayclusters', NS, 'raycluster-kuberay')!;
    expect(rc.status).toMatchObject({
      state: 'ready',
      desiredWorkerReplicas: 2,
      availableWorkerReplicas: 2,
      readyWorkerReplicas: 2,
      desiredCPU: '3',
      desiredMemory: '4Gi',
      endpoints: { client: '10001', dashboard: '8265', 'gcs-server': '6379', metrics: '8080' },
      head: { serviceName: 'raycluster-kuberay-head-svc' }
    });
    expect(rc.status.conditions.map((c: any) => `${c.type}=${c.status} ${c.reason}`)).toEqual([
      'HeadPodReady=True HeadPodRunningAndReady',
      'RayClusterProvisioned=True AllPodRunningAndReadyFirstTime'
    ]);
    const pods = store.list('', 'pods', NS);
    expect(pods.map(p => `${p.metadata.labels!['ray.io/node-type']} ${p.metadata.labels!['ray.io/group']} ${p.status.phase}`).sort()).toEqual([
      'head headgroup Running',
      'worker workergroup Running',
      'worker workergroup Running'
    ]);
    expect(pods.find(p => p.metadata.labels!['ray.io/node-type'] === 'head')!.metadata.name).toMatch(/^raycluster-kuberay-head-[a-z0-9]{5}$/);
    expect(rc.status.head.podIP).toBe(pods.find(p => p.metadata.labels!['ray.io/node-type'] === 'head')!.status.podIP);
    expect(store.get('', 'services', NS, 'raycluster-kuberay-head-svc')!.spec.ports.map((p: any) => `${p.name}:${p.port}`)).toEqual([
      'gcs-server:6379',
      'dashboard:8265',
      'client:10001',
      'metrics:8080'
    ]);
    const operator = store.list('', 'pods', 'ray-system').filter(p => p.metadata.labels?.['app.kubernetes.io/name'] === 'kuberay-operator');
    expect(operator.map(p => p.status.containerStatuses[0].restartCount)).toEqual([0]);
  });

  it('runs a RayJob to Complete/SUCCEEDED with the submitter log of the Ray CLI, then removes its cluster', async () => {
    const b = await start(['kuberay']);
    await b.apply({
      apiVersion: 'ray.io/v1',
      kind: 'RayJob',
      metadata: { name: 'rayjob-sample', namespace: NS },
      spec: {
        entrypoint: 'python /home/ray/samples/sample_code.py',
        shutdownAfterJobFinishes: true,
        ttlSecondsAfterFinished: 10,
        rayClusterSpec: rayCluster('unused', [{ groupName: 'small-group', replicas: 1 }]).spec
      }
    });
    await b.run(3000);
    const mid = b.sim.store.get('ray.io', 'rayjobs', NS, 'rayjob-sample')!.status;
    expect(mid).toMatchObject({ jobDeploymentStatus: 'Running', jobStatus: 'RUNNING' });
    expect(mid.rayClusterName).toMatch(/^rayjob-sample-raycluster-[a-z0-9]{5}$/);
    await b.run(10_000);
    const st = b.sim.store.get('ray.io', 'rayjobs', NS, 'rayjob-sample')!.status;
    expect(st).toMatchObject({ jobDeploymentStatus: 'Complete', jobStatus: 'SUCCEEDED' });
    expect(st.jobId).toMatch(/^rayjob-sample-[a-z0-9]{5}$/);
    const submitter = b.sim.store.list('', 'pods', NS).find(p => p.metadata.labels?.['job-name'] === 'rayjob-sample')!;
    const log = await b.logs(NS, submitter.metadata.name!);
    expect(log).toContain(`Job '${st.jobId}' submitted successfully`);
    expect(log).toContain(`Job '${st.jobId}' succeeded`);
    await b.run(12_000);
    expect(b.sim.store.get('ray.io', 'rayclusters', NS, st.rayClusterName)).toBeUndefined();
  });

  it('kuberay-never-reconciles: the operator runs ready but nothing happens', async () => {
    const b = await start(['kuberay'], ['kuberay-never-reconciles']);
    await b.apply(rayCluster('idle', [{ groupName: 'workergroup', replicas: 1 }]));
    await b.run(30_000);
    expect(b.sim.store.get('ray.io', 'rayclusters', NS, 'idle')!.status).toBeUndefined();
    expect(b.sim.store.list('', 'pods', NS)).toEqual([]);
  });
});

describe('KubeRay validating webhook', () => {
  const dup = rayCluster('dup', [
    { groupName: 'workers', replicas: 1 },
    { groupName: 'workers', replicas: 1 }
  ]);

  it('denies duplicate worker group names on a server-side dry run, naming the webhook, and persists nothing', async () => {
    const b = await start(['kuberay-webhooks']);
    const status = await dryRunCreate(b, dup);
    expect(status).toMatchObject({ kind: 'Status', code: 422, reason: 'Invalid', details: { name: 'dup', group: 'ray.io', kind: 'RayCluster' } });
    expect(status.message).toMatch(
      /^admission webhook "vraycluster\.kb\.io" denied the request: RayCluster\.ray\.io "dup" is invalid: spec\.workerGroupSpecs\[1\]: Invalid value: v1\.WorkerGroupSpec\{Suspend:\(\*bool\)\(nil\), GroupName:"workers", .*\}: worker group names must be unique$/
    );
    expect(await dryRunCreate(b, rayCluster('fine', [{ groupName: 'a', replicas: 1 }]))).toBeUndefined();
    await b.run(5000);
    expect(b.sim.store.list('ray.io', 'rayclusters', NS)).toEqual([]);
  });

  it('kuberay-webhook-admits-all lets the invalid spec through', async () => {
    const b = await start(['kuberay-webhooks'], ['kuberay-webhook-admits-all']);
    expect(await dryRunCreate(b, dup)).toBeUndefined();
  });

  it('fails closed when the webhook Service has no endpoints', async () => {
    const b = await start(['kuberay-webhooks'], ['kuberay-webhooks-without-endpoints']);
    const status = await dryRunCreate(b, rayCluster('fine', [{ groupName: 'a', replicas: 1 }]));
    expect(status).toMatchObject({ code: 500, reason: 'InternalError' });
    expect(status.message).toBe(
      'Internal error occurred: failed calling webhook "vraycluster.kb.io": failed to call webhook: Post "https://kuberay-operator-webhook.ray-system.svc:443/validate-ray-io-v1-raycluster?timeout=10s": no endpoints available for service "kuberay-operator-webhook"'
    );
  });

  it('without the webhooks add-on nothing validates the spec', async () => {
    const b = await start(['kuberay']);
    expect(await dryRunCreate(b, dup)).toBeUndefined();
  });
});

describe('Kubeflow Trainer', () => {
  const trainJob = (name: string, runtime: string) => ({
    apiVersion: 'trainer.kubeflow.org/v1alpha1',
    kind: 'TrainJob',
    metadata: { name, namespace: NS },
    spec: { runtimeRef: { name: runtime, apiGroup: 'trainer.kubeflow.org', kind: 'ClusterTrainingRuntime' }, trainer: { numNodes: 2, command: ['sh', '-c', 'echo training; sleep 2'] } }
  });

  it('denies a TrainJob naming a runtime that does not exist, from validator.trainjob.trainer.kubeflow.org', async () => {
    const b = await start(['kubeflow-trainer']);
    const status = await dryRunCreate(b, trainJob('bad', 'does-not-exist-runtime'), 'trainjobs', 'trainer.kubeflow.org', 'v1alpha1');
    expect(status).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(status.message).toMatch(
      /^admission webhook "validator\.trainjob\.trainer\.kubeflow\.org" denied the request: spec\.RuntimeRef: Invalid value: v1alpha1\.RuntimeRef\{Name:"does-not-exist-runtime", .*\}: ClusterTrainingRuntime\.trainer\.kubeflow\.org "does-not-exist-runtime" not found: specified clusterTrainingRuntime must be created before the TrainJob is created$/
    );
    const admitted = await start(['kubeflow-trainer'], ['trainer-webhook-admits-all']);
    expect(await dryRunCreate(admitted, trainJob('bad', 'does-not-exist-runtime'), 'trainjobs', 'trainer.kubeflow.org', 'v1alpha1')).toBeUndefined();
  });

  it('reconciles a TrainJob on torch-distributed through a JobSet to Complete', async () => {
    const b = await start(['kubeflow-trainer']);
    await b.apply(trainJob('train', 'torch-distributed'));
    await b.run(15_000);
    const tj = b.sim.store.get('trainer.kubeflow.org', 'trainjobs', NS, 'train')!;
    expect(tj.status.conditions.map((c: any) => `${c.type}=${c.status} ${c.reason}`)).toEqual(['Created=True JobsCreationSucceeded', 'Complete=True AllJobsCompleted']);
    expect(b.sim.store.get('batch', 'jobs', NS, 'train-node-0')!.spec).toMatchObject({ parallelism: 2, completions: 2 });
    const never = await start(['kubeflow-trainer'], ['trainer-never-reconciles']);
    await never.apply(trainJob('train', 'torch-distributed'));
    await never.run(15_000);
    expect(never.sim.store.get('trainer.kubeflow.org', 'trainjobs', NS, 'train')!.status).toBeUndefined();
  });
});
