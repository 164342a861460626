import { describe, expect, it } from '@jest/globals';
import { kueueAdmission } from '../../../src/sim/controllers/kueue.js';
import type { KObject } from '../../../src/sim/store.js';
import { makeCluster } from './helpers.js';
import { batchJob, condition, controllers, createCrds, KUEUE_CRDS } from './part1-helpers.js';

const K = 'kueue.x-k8s.io';

async function kueueCluster(breaks = {}, settings: Record<string, unknown> = {}) {
  const c = makeCluster({ controllers: controllers({ kueue: settings }, breaks) });
  c.node('w1', { cpu: '8', memory: '32Gi' });
  c.ns('team');
  createCrds(c.store, KUEUE_CRDS);
  await c.run(200);
  const queues = (flavor = true): void => {
    if (flavor)
      c.store.create({
        apiVersion: `${K}/v1beta2`,
        kind: 'ResourceFlavor',
        metadata: { name: 'rf' },
        spec: {}
      });
    c.store.create({
      apiVersion: `${K}/v1beta2`,
      kind: 'ClusterQueue',
      metadata: { name: 'cq' },
      spec: {
        namespaceSelector: {},
        resourceGroups: [
          {
            coveredResources: ['cpu', 'memory'],
            flavors: [
              {
                name: 'rf',
                resources: [
                  { name: 'cpu', nominalQuota: 1 },
                  { name: 'memory', nominalQuota: '1Gi' }
                ]
              }
            ]
          }
        ]
      }
    });
    c.store.create({
      apiVersion: `${K}/v1beta2`,
      kind: 'LocalQueue',
      metadata: { name: 'lq', namespace: 'team' },
      spec: { clusterQueue: 'cq' }
    });
  };
  const job = (name: string) => c.store.get('batch', 'jobs', 'team', name)!;
  const workloadOf = (name: string) =>
    c.store.list(K, 'workloads', 'team').find(w => w.metadata.ownerReferences?.[0]?.name === name);
  const podsOf = (name: string) =>
    c.store.list('', 'pods', 'team').filter(p => p.metadata.labels?.['job-name'] === name);
  const cq = () => c.store.get(K, 'clusterqueues', undefined, 'cq')!;
  return { ...c, queues, job, workloadOf, podsOf, cq };
}

describe('Kueue admission', () => {
  it('reports a ClusterQueue inactive until its ResourceFlavor exists, and its LocalQueue with it', async () => {
    const c = await kueueCluster();
    c.queues(false);
    await c.run(500);
    expect(condition(c.cq(), 'Active')).toMatchObject({
      status: 'False',
      reason: 'FlavorNotFound',
      message: "Can't admit new workloads: references missing ResourceFlavor(s): [rf]."
    });
    expect(condition(c.store.get(K, 'localqueues', 'team', 'lq'), 'Active')).toMatchObject({
      status: 'False',
      reason: 'ClusterQueueIsInactive'
    });
    c.store.create({
      apiVersion: `${K}/v1beta2`,
      kind: 'ResourceFlavor',
      metadata: { name: 'rf' },
      spec: {}
    });
    await c.run(500);
    expect(condition(c.cq(), 'Active')).toMatchObject({
      status: 'True',
      reason: 'Ready',
      message: 'Can admit new workloads'
    });
    expect(condition(c.store.get(K, 'localqueues', 'team', 'lq'), 'Active')).toMatchObject({
      status: 'True',
      reason: 'Ready'
    });
    expect(c.cq().status).toMatchObject({ pendingWorkloads: 0, reservingWorkloads: 0, admittedWorkloads: 0 });
  });

  it('admits a job that fits the quota as a whole: unsuspended, all pods start together, quota released when it completes', async () => {
    const c = await kueueCluster();
    c.queues();
    c.store.create(
      batchJob('fits', 'team', { queue: 'lq', parallelism: 3, cpu: '100m', memory: '64Mi', suspend: true })
    );
    await c.run(1000);
    const wl = c.workloadOf('fits')!;
    expect(wl.apiVersion).toBe('kueue.x-k8s.io/v1beta2');
    expect(wl.spec).toMatchObject({ queueName: 'lq', podSets: [{ name: 'main', count: 3 }] });
    expect(condition(wl, 'QuotaReserved')).toMatchObject({
      status: 'True',
      reason: 'QuotaReserved',
      message: 'Quota reserved in ClusterQueue cq'
    });
    expect(condition(wl, 'Admitted')).toMatchObject({ status: 'True', reason: 'Admitted' });
    expect(wl.status.admission).toEqual({
      clusterQueue: 'cq',
      podSetAssignments: [
        {
          name: 'main',
          count: 3,
          flavors: { cpu: 'rf', memory: 'rf' },
          resourceUsage: { cpu: '300m', memory: '192Mi' }
        }
      ]
    });
    expect(c.job('fits').spec.suspend).toBe(false);
    const pods = c.podsOf('fits');
    expect(pods).toHaveLength(3);
    expect(new Set(pods.map(p => p.metadata.creationTimestamp)).size).toBe(1);
    expect(c.cq().status).toMatchObject({ pendingWorkloads: 0, reservingWorkloads: 1, admittedWorkloads: 1 });
    expect(c.cq().status.flavorsReservation).toEqual([
      {
        name: 'rf',
        resources: [
          { name: 'cpu', total: '300m', borrowed: '0' },
          { name: 'memory', total: '192Mi', borrowed: '0' }
        ]
      }
    ]);
    expect(c.events(wl.metadata.name!)).toContain(
      'Normal Admitted: Admitted by ClusterQueue cq, wait time since reservation was 0s'
    );
    await c.run(8000);
    expect(c.job('fits').status.succeeded).toBe(3);
    expect(condition(c.workloadOf('fits'), 'Finished')).toMatchObject({
      status: 'True',
      reason: 'Succeeded'
    });
    expect(c.cq().status).toMatchObject({ pendingWorkloads: 0, reservingWorkloads: 0, admittedWorkloads: 0 });
  });

  it('keeps a job that exceeds the quota suspended with no pod, and releases it when the job is deleted', async () => {
    const c = await kueueCluster();
    c.queues();
    c.store.create(
      batchJob('too-big', 'team', {
        queue: 'lq',
        parallelism: 3,
        cpu: '500m',
        memory: '512Mi',
        suspend: true
      })
    );
    await c.run(30_000);
    expect(c.job('too-big').spec.suspend).toBe(true);
    expect(c.job('too-big').status.active).toBeUndefined();
    expect(c.podsOf('too-big')).toHaveLength(0);
    const wl = c.workloadOf('too-big')!;
    expect(condition(wl, 'QuotaReserved')).toMatchObject({
      status: 'False',
      reason: 'Pending',
      message:
        "couldn't assign flavors to pod set main: insufficient quota for cpu in flavor rf, previously considered podsets requests (0) + current podset request (1500m) > maximum capacity (1), insufficient quota for memory in flavor rf, previously considered podsets requests (0) + current podset request (1536Mi) > maximum capacity (1Gi)"
    });
    expect(condition(wl, 'Admitted')).toMatchObject({ status: 'False', reason: 'NoReservation' });
    expect(c.cq().status).toMatchObject({ pendingWorkloads: 1, reservingWorkloads: 0, admittedWorkloads: 0 });
    c.store.delete('batch', 'jobs', 'team', 'too-big');
    await c.run(1000);
    expect(c.store.list(K, 'workloads', 'team')).toHaveLength(0);
    expect(c.cq().status).toMatchObject({ pendingWorkloads: 0, reservingWorkloads: 0, admittedWorkloads: 0 });
  });

  it('queues a second job behind the first until the first frees the quota', async () => {
    const c = await kueueCluster();
    c.queues();
    c.store.create(
      batchJob('first', 'team', {
        queue: 'lq',
        parallelism: 2,
        cpu: '400m',
        memory: '64Mi',
        suspend: true,
        command: 'sleep 10'
      })
    );
    await c.run(500);
    c.store.create(
      batchJob('second', 'team', { queue: 'lq', parallelism: 2, cpu: '400m', memory: '64Mi', suspend: true })
    );
    await c.run(1000);
    expect(condition(c.workloadOf('second'), 'QuotaReserved')).toMatchObject({
      status: 'False',
      message:
        "couldn't assign flavors to pod set main: insufficient unused quota for cpu in flavor rf, 600m more needed"
    });
    expect(c.podsOf('second')).toHaveLength(0);
    await c.run(12_000);
    expect(c.job('first').status.succeeded).toBe(2);
    expect(condition(c.workloadOf('second'), 'QuotaReserved')).toMatchObject({ status: 'True' });
    expect(c.podsOf('second')).toHaveLength(2);
  });

  it('holds a ClusterQueue with admitted workloads and a ResourceFlavor a ClusterQueue names until they are no longer in use', async () => {
    const c = await kueueCluster();
    c.queues();
    c.store.create(batchJob('busy', 'team', { queue: 'lq', parallelism: 1, cpu: '100m', memory: '64Mi', suspend: true, command: 'sleep 600' }));
    await c.run(1000);
    expect(c.cq().metadata.finalizers).toEqual(['kueue.x-k8s.io/resource-in-use']);
    expect(c.workloadOf('busy')!.metadata.finalizers).toEqual(['kueue.x-k8s.io/resource-in-use']);
    c.store.delete(K, 'resourceflavors', undefined, 'rf');
    c.store.delete(K, 'clusterqueues', undefined, 'cq');
    await c.run(1000);
    expect(c.cq().metadata.deletionTimestamp).toBeDefined();
    expect(c.store.get(K, 'resourceflavors', undefined, 'rf')!.metadata.deletionTimestamp).toBeDefined();
    c.store.delete('batch', 'jobs', 'team', 'busy');
    await c.run(1000);
    expect(c.store.list(K, 'workloads', 'team')).toHaveLength(0);
    expect(c.store.get(K, 'clusterqueues', undefined, 'cq')).toBeUndefined();
    expect(c.store.get(K, 'resourceflavors', undefined, 'rf')).toBeUndefined();
  });

  it('does nothing while the Kueue controller pod is not ready', async () => {
    const c = await kueueCluster(
      {},
      { pod: { namespace: 'kueue-system', labels: { 'control-plane': 'controller-manager' } } }
    );
    c.queues();
    c.store.create(
      batchJob('waits', 'team', { queue: 'lq', parallelism: 1, cpu: '100m', memory: '64Mi', suspend: true })
    );
    await c.run(3000);
    expect(c.store.list(K, 'workloads')).toHaveLength(0);
    expect(condition(c.cq(), 'Active')).toBeUndefined();
    c.ns('kueue-system');
    c.store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'kueue-controller-manager-0',
        namespace: 'kueue-system',
        labels: { 'control-plane': 'controller-manager' }
      },
      spec: {
        nodeName: 'w1',
        containers: [{ name: 'manager', image: 'registry.k8s.io/kueue/kueue:v0.15.2' }]
      }
    });
    await c.run(3000);
    expect(condition(c.workloadOf('waits'), 'Admitted')).toMatchObject({ status: 'True' });
    expect(c.podsOf('waits')).toHaveLength(1);
  });

  it('broken (kueue-admits-partially): a job over the quota is admitted anyway and its pods start one at a time', async () => {
    const c = await kueueCluster({ kueue: { admitPartially: true } });
    c.queues();
    c.store.create(
      batchJob('too-big', 'team', {
        queue: 'lq',
        parallelism: 3,
        cpu: '500m',
        memory: '512Mi',
        suspend: true,
        command: 'sleep 30'
      })
    );
    await c.run(1000);
    expect(condition(c.workloadOf('too-big'), 'Admitted')).toMatchObject({ status: 'True' });
    expect(c.job('too-big').spec.suspend).toBe(false);
    expect(c.podsOf('too-big')).toHaveLength(1);
    await c.run(2000);
    expect(c.podsOf('too-big')).toHaveLength(2);
    await c.run(2000);
    const pods = c.podsOf('too-big');
    expect(pods).toHaveLength(3);
    expect(new Set(pods.map(p => p.metadata.creationTimestamp)).size).toBe(3);
  });
});

describe("Kueue's Job webhook (admission)", () => {
  const req = (obj: KObject) => ({
    operation: 'CREATE' as const,
    rtype: { group: 'batch', resource: 'jobs' } as any,
    object: obj,
    dryRun: false,
    user: 'test'
  });

  it('creates managed jobs suspended (label or legacy annotation) and leaves other jobs alone', () => {
    const c = makeCluster({ controllers: controllers({ kueue: {} }) });
    const admit = kueueAdmission(c.ctx);
    expect(
      admit(req(batchJob('a', 'team', { queue: 'lq', parallelism: 1, cpu: '1', memory: '1Gi' })))?.spec
        .suspend
    ).toBe(true);
    expect(
      admit(req(batchJob('b', 'team', { annotationQueue: 'lq', parallelism: 1, cpu: '1', memory: '1Gi' })))
        ?.spec.suspend
    ).toBe(true);
    expect(admit(req(batchJob('c', 'team', { parallelism: 1, cpu: '1', memory: '1Gi' })))).toBeUndefined();
    expect(
      admit(req(batchJob('d', 'kube-system', { queue: 'lq', parallelism: 1, cpu: '1', memory: '1Gi' })))
    ).toBeUndefined();
    // Without Kueue installed nothing is mutated.
    expect(
      kueueAdmission(makeCluster().ctx)(
        req(batchJob('e', 'team', { queue: 'lq', parallelism: 1, cpu: '1', memory: '1Gi' }))
      )
    ).toBeUndefined();
  });

  it('refuses Jobs while the webhook Service has no ready endpoints (failurePolicy Fail)', () => {
    const c = makeCluster({
      controllers: controllers({
        kueue: { webhookService: { namespace: 'kueue-system', name: 'kueue-webhook-service' } }
      })
    });
    expect(() =>
      kueueAdmission(c.ctx)(req(batchJob('a', 'team', { parallelism: 1, cpu: '1', memory: '1Gi' })))
    ).toThrow(
      'Internal error occurred: failed calling webhook "mjob.kb.io": failed to call webhook: Post "https://kueue-webhook-service.kueue-system.svc:443/mutate-batch-v1-job?timeout=10s": no endpoints available for service "kueue-webhook-service"'
    );
  });
});
