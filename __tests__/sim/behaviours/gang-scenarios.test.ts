/** Gang scheduling on the scenarios, driven through the API server as a functional check drives it. */
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Simulator } from '../../../src/sim/index.js';
import { apiRequest, batchJob, condition, startFakeSim } from './part1-helpers.js';

const running: Simulator[] = [];
afterAll(async () => {
  for (const s of running) await s.stop();
});

async function scenario(name: string, addons: string[], breaks: string[] = []) {
  const f = await startFakeSim(name, addons, breaks);
  running.push(f.sim);
  const created = await apiRequest(f.sim, 'POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'gang' }
  });
  expect(created.status).toBe(201);
  return f;
}

describe('Kueue on kind-1.34 (API)', () => {
  const K = '/apis/kueue.x-k8s.io';
  async function queues(sim: Simulator) {
    for (const [path, body] of [
      [
        `${K}/v1beta1/resourceflavors`,
        { apiVersion: 'kueue.x-k8s.io/v1beta1', kind: 'ResourceFlavor', metadata: { name: 'rf-x1' } }
      ],
      [
        `${K}/v1beta2/clusterqueues`,
        {
          apiVersion: 'kueue.x-k8s.io/v1beta2',
          kind: 'ClusterQueue',
          metadata: { name: 'cq-x1' },
          spec: {
            namespaceSelector: {},
            resourceGroups: [
              {
                coveredResources: ['cpu', 'memory'],
                flavors: [
                  {
                    name: 'rf-x1',
                    resources: [
                      { name: 'cpu', nominalQuota: 1 },
                      { name: 'memory', nominalQuota: '1Gi' }
                    ]
                  }
                ]
              }
            ]
          }
        }
      ],
      [
        `${K}/v1beta2/namespaces/gang/localqueues`,
        {
          apiVersion: 'kueue.x-k8s.io/v1beta2',
          kind: 'LocalQueue',
          metadata: { name: 'lq-x1', namespace: 'gang' },
          spec: { clusterQueue: 'cq-x1' }
        }
      ]
    ] as const) {
      expect((await apiRequest(sim, 'POST', path, body)).status).toBe(201);
    }
  }

  it('suspends a labelled Job on create, admits it when it fits and runs all its pods; a Job over quota stays suspended', async () => {
    const { sim, run } = await scenario('kind-1.34', ['kueue']);
    await queues(sim);
    const fits = await apiRequest(
      sim,
      'POST',
      '/apis/batch/v1/namespaces/gang/jobs',
      batchJob('fits', 'gang', { queue: 'lq-x1', parallelism: 3, cpu: '100m', memory: '64Mi' })
    );
    expect(fits.status).toBe(201);
    expect(fits.json().spec.suspend).toBe(true);
    const big = await apiRequest(
      sim,
      'POST',
      '/apis/batch/v1/namespaces/gang/jobs',
      batchJob('big', 'gang', { queue: 'lq-x1', parallelism: 3, cpu: '500m', memory: '512Mi' })
    );
    expect(big.json().spec.suspend).toBe(true);
    await run(2000);
    const cq = (await apiRequest(sim, 'GET', `${K}/v1beta1/clusterqueues/cq-x1`)).json();
    expect(condition(cq, 'Active')).toMatchObject({ status: 'True' });
    expect(cq.status).toMatchObject({ admittedWorkloads: 1, reservingWorkloads: 1, pendingWorkloads: 1 });
    const wls = (await apiRequest(sim, 'GET', `${K}/v1beta1/namespaces/gang/workloads`)).json().items;
    expect(
      wls.map((w: any) => [w.metadata.ownerReferences[0].name, condition(w, 'QuotaReserved').status]).sort()
    ).toEqual([
      ['big', 'False'],
      ['fits', 'True']
    ]);
    await run(8000);
    expect(
      (await apiRequest(sim, 'GET', '/apis/batch/v1/namespaces/gang/jobs/fits')).json().status.succeeded
    ).toBe(3);
    const bigNow = (await apiRequest(sim, 'GET', '/apis/batch/v1/namespaces/gang/jobs/big')).json();
    expect(bigNow.spec.suspend).toBe(true);
    expect(
      sim.store.list('', 'pods', 'gang').filter(p => p.metadata.labels?.['job-name'] === 'big')
    ).toHaveLength(0);
  });

  it('refuses Jobs when the Kueue webhook has no endpoints (kueue-webhooks-without-endpoints)', async () => {
    const { sim } = await scenario('kind-1.34', ['kueue'], ['kueue-webhooks-without-endpoints']);
    const r = await apiRequest(
      sim,
      'POST',
      '/apis/batch/v1/namespaces/gang/jobs',
      batchJob('j', 'gang', { queue: 'lq', parallelism: 1, cpu: '100m', memory: '64Mi' })
    );
    expect(r.status).toBe(500);
    expect(r.json().message).toMatch(
      /^Internal error occurred: failed calling webhook "mjob.kb.io": .*no endpoints available for service "kueue-webhook-service"$/
    );
    const rf = await apiRequest(sim, 'POST', `${K}/v1beta2/resourceflavors`, {
      apiVersion: 'kueue.x-k8s.io/v1beta2',
      kind: 'ResourceFlavor',
      metadata: { name: 'rf-x2' }
    });
    expect(rf.status).toBe(500);
    expect(rf.json().message).toMatch(/failed calling webhook "mresourceflavor.kb.io"/);
  });
});

const cpuPod = (name: string, cpu: string, extra: Record<string, any>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'gang', ...(extra.metadata ?? {}) },
  spec: {
    ...(extra.spec ?? {}),
    containers: [
      {
        name: 'c',
        image: 'busybox:1.36',
        command: ['sleep', '3600'],
        resources: { requests: { cpu }, limits: { cpu } }
      }
    ]
  }
});

describe('coscheduling on ack-gpu-1.34 (API)', () => {
  // Two CPU nodes of 7600m: two of the three 5-CPU pods would fit, the group of three cannot.
  const group = (n: number) => ({
    metadata: {
      labels: {
        'pod-group.scheduling.sigs.k8s.io/name': 'trio',
        'pod-group.scheduling.sigs.k8s.io/min-available': String(n)
      }
    }
  });

  it('binds no pod of an unsatisfiable group', async () => {
    const { sim, run } = await scenario('ack-gpu-1.34', []);
    for (const i of [0, 1, 2])
      expect(
        (await apiRequest(sim, 'POST', '/api/v1/namespaces/gang/pods', cpuPod(`trio-${i}`, '5', group(3))))
          .status
      ).toBe(201);
    await run(10_000);
    const pods = sim.store.list('', 'pods', 'gang');
    expect(pods.filter(p => p.spec.nodeName)).toHaveLength(0);
    expect(condition(pods[0], 'PodScheduled').message).toMatch(
      /PodGroup gang\/trio gets rejected due to Pod trio-\d is unschedulable even after PostFilter$/
    );
  });

  it('broken (coscheduling-binds-partially): two of the three are bound', async () => {
    const { sim, run } = await scenario('ack-gpu-1.34', [], ['coscheduling-binds-partially']);
    for (const i of [0, 1, 2])
      await apiRequest(sim, 'POST', '/api/v1/namespaces/gang/pods', cpuPod(`trio-${i}`, '5', group(3)));
    await run(10_000);
    expect(sim.store.list('', 'pods', 'gang').filter(p => p.spec.nodeName)).toHaveLength(2);
  });
});

describe('Volcano on kind-1.34 (API)', () => {
  // Two 8-CPU workers: two of the three 5-CPU pods would fit.
  const member = (name: string) =>
    cpuPod(name, '5', {
      metadata: { annotations: { 'scheduling.k8s.io/group-name': 'pg' } },
      spec: { schedulerName: 'volcano' }
    });

  for (const [label, breaks, boundCount] of [
    ['binds no pod of a PodGroup whose minMember cannot all be placed', [], 0],
    ['broken (volcano-binds-partially): two of the three are bound', ['volcano-binds-partially'], 2]
  ] as const) {
    it(label, async () => {
      const { sim, run } = await scenario('kind-1.34', ['volcano'], [...breaks]);
      const pg = await apiRequest(
        sim,
        'POST',
        '/apis/scheduling.volcano.sh/v1beta1/namespaces/gang/podgroups',
        {
          apiVersion: 'scheduling.volcano.sh/v1beta1',
          kind: 'PodGroup',
          metadata: { name: 'pg', namespace: 'gang' },
          spec: { minMember: 3, queue: 'default' }
        }
      );
      expect(pg.status).toBe(201);
      for (const i of [0, 1, 2])
        await apiRequest(sim, 'POST', '/api/v1/namespaces/gang/pods', member(`m-${i}`));
      await run(5000);
      expect(sim.store.list('', 'pods', 'gang').filter(p => p.spec.nodeName)).toHaveLength(boundCount);
      expect(sim.store.get('scheduling.volcano.sh', 'podgroups', 'gang', 'pg')!.status.phase).toBe('Inqueue');
    });
  }
});
