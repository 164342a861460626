import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../src/sim/store.js';
import { makeCluster } from './helpers.js';
import { condition, controllers, createCrds, VOLCANO_CRDS } from './part1-helpers.js';

const VG = 'scheduling.volcano.sh';

/** Two workers with 2 CPUs each: three 1500m pods cannot all run, two can. */
async function gangCluster(parts: Record<string, unknown>, breaks: Record<string, unknown> = {}) {
  const c = makeCluster({ controllers: controllers(parts as never, breaks as never) });
  c.node('n1', { cpu: '2', memory: '8Gi' });
  c.node('n2', { cpu: '2', memory: '8Gi' });
  createCrds(c.store, VOLCANO_CRDS);
  await c.run(1500);
  const bound = (names: string[]) => names.filter(n => c.pod('default', n)?.spec.nodeName);
  return { ...c, bound };
}

function gangPod(
  name: string,
  extra: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    schedulerName?: string;
    cpu?: string;
  }
): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: extra.labels ?? {},
      ...(extra.annotations ? { annotations: extra.annotations } : {})
    },
    spec: {
      ...(extra.schedulerName ? { schedulerName: extra.schedulerName } : {}),
      containers: [
        {
          name: 'c',
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          resources: { requests: { cpu: extra.cpu ?? '1500m' } }
        }
      ]
    }
  };
}

const cosched = (group: string, min: number) => ({
  labels: {
    'pod-group.scheduling.sigs.k8s.io/name': group,
    'pod-group.scheduling.sigs.k8s.io/min-available': String(min)
  }
});

describe('coscheduling labels (ACK Pro scheduler)', () => {
  it('binds no pod of a group that cannot all be placed, naming the gang in the reason', async () => {
    const c = await gangCluster({ coscheduling: {} });
    for (const n of ['a-0', 'a-1', 'a-2']) c.store.create(gangPod(n, cosched('big', 3)));
    await c.run(3000);
    expect(c.bound(['a-0', 'a-1', 'a-2'])).toEqual([]);
    const cond = condition(c.pod('default', 'a-1'), 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(cond.message).toBe(
      '0/2 nodes are available: 2 Insufficient cpu. still not schedulable, preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod., PodGroup default/big gets rejected due to Pod a-2 is unschedulable even after PostFilter'
    );
    expect(c.events('a-0')[0]).toMatch(/^Warning FailedScheduling: .*PodGroup default\/big gets rejected/);
  });

  it('waits for min-available pods to exist, then binds them together', async () => {
    const c = await gangCluster({ coscheduling: {} });
    c.store.create(gangPod('b-0', { ...cosched('pair', 2), cpu: '1' }));
    await c.run(1000);
    expect(condition(c.pod('default', 'b-0'), 'PodScheduled').message).toBe(
      '0/2 nodes are available: pre-filter pod b-0 cannot find enough sibling pods, current pods number: 1, minMember of group: 2. still not schedulable, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling., PodGroup default/pair gets rejected due to Pod b-0 is unschedulable even after PostFilter'
    );
    c.store.create(gangPod('b-1', { ...cosched('pair', 2), cpu: '1' }));
    await c.run(1000);
    expect(c.bound(['b-0', 'b-1'])).toEqual(['b-0', 'b-1']);
    // Placed together as if on an empty cluster: the two pods are spread over the two nodes.
    expect(new Set(['b-0', 'b-1'].map(n => c.pod('default', n)!.spec.nodeName)).size).toBe(2);
  });

  it('broken (coscheduling-binds-partially): the pods that fit are bound one by one', async () => {
    const c = await gangCluster({ coscheduling: {} }, { coscheduling: { bindPartially: true } });
    for (const n of ['a-0', 'a-1', 'a-2']) c.store.create(gangPod(n, cosched('big', 3)));
    await c.run(3000);
    expect(c.bound(['a-0', 'a-1', 'a-2'])).toHaveLength(2);
  });

  it('ignores the labels when the scheduler has no coscheduling (a plain kube-scheduler)', async () => {
    const c = await gangCluster({});
    for (const n of ['a-0', 'a-1', 'a-2']) c.store.create(gangPod(n, cosched('big', 3)));
    await c.run(3000);
    expect(c.bound(['a-0', 'a-1', 'a-2'])).toHaveLength(2);
  });
});

describe('Volcano PodGroups', () => {
  const group = (c: { store: any }, name: string, minMember: number, extra: Record<string, unknown> = {}) =>
    c.store.create({
      apiVersion: `${VG}/v1beta1`,
      kind: 'PodGroup',
      metadata: { name, namespace: 'default' },
      spec: { minMember, queue: 'default', ...extra }
    });
  const member = (name: string, pg: string, cpu = '1500m') =>
    gangPod(name, { schedulerName: 'volcano', annotations: { 'scheduling.k8s.io/group-name': pg }, cpu });

  it('binds no pod until minMember of the group can all be placed; the PodGroup stays Inqueue and says why', async () => {
    const c = await gangCluster({ volcano: {} });
    group(c, 'big', 3);
    for (const n of ['v-0', 'v-1', 'v-2']) c.store.create(member(n, 'big'));
    await c.run(3000);
    expect(c.bound(['v-0', 'v-1', 'v-2'])).toEqual([]);
    const pg = c.store.get(VG, 'podgroups', 'default', 'big')!;
    expect(pg.status.phase).toBe('Inqueue');
    const msg =
      '3/3 tasks in gang unschedulable: pod group is not ready, 3 Pending, 3 minAvailable; Pending: 1 Unschedulable, 2 Schedulable';
    expect(condition(pg, 'Unschedulable')).toMatchObject({
      status: 'True',
      reason: 'NotEnoughResources',
      message: msg
    });
    expect(condition(c.pod('default', 'v-0'), 'PodScheduled')).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message: msg
    });
    expect(
      c.store.list('', 'events').find(e => e.involvedObject.name === 'v-0' && e.reason === 'FailedScheduling')
        ?.source.component
    ).toBe('volcano');
    expect(c.events('big')).toContain(`Warning Unschedulable: ${msg}`);
  });

  it('binds the whole group once it fits, and the PodGroup goes Running', async () => {
    const c = await gangCluster({ volcano: {} });
    group(c, 'pair', 2);
    for (const n of ['v-0', 'v-1']) c.store.create(member(n, 'pair'));
    await c.run(4000);
    expect(c.bound(['v-0', 'v-1'])).toEqual(['v-0', 'v-1']);
    const pg = c.store.get(VG, 'podgroups', 'default', 'pair')!;
    expect(pg.status).toMatchObject({ phase: 'Running', running: 2 });
    expect(condition(pg, 'Scheduled')).toMatchObject({
      status: 'True',
      reason: 'tasks in gang are ready to be scheduled'
    });
    expect(c.events('v-0')).toContain(
      'Normal Scheduled: Successfully assigned default/v-0 to ' + c.pod('default', 'v-0')!.spec.nodeName
    );
  });

  it('gives a volcano pod without a group its own PodGroup, and keeps a group whose minResources exceed the cluster Pending', async () => {
    const c = await gangCluster({ volcano: {} });
    c.store.create(gangPod('alone', { schedulerName: 'volcano', cpu: '500m' }));
    group(c, 'huge', 1, { minResources: { cpu: '10' } });
    c.store.create(member('h-0', 'huge', '500m'));
    await c.run(3000);
    const alone = c.pod('default', 'alone')!;
    const pgName = alone.metadata.annotations!['scheduling.k8s.io/group-name'];
    expect(pgName).toBe(`podgroup-${alone.metadata.uid}`);
    expect(c.store.get(VG, 'podgroups', 'default', pgName)!.spec).toMatchObject({
      minMember: 1,
      minResources: { cpu: '500m' }
    });
    expect(alone.spec.nodeName).toBeTruthy();
    expect(c.store.get(VG, 'podgroups', 'default', 'huge')!.status.phase).toBe('Pending');
    expect(c.pod('default', 'h-0')!.spec.nodeName).toBeUndefined();
  });

  it('binds nothing while the Volcano scheduler is down', async () => {
    const c = await gangCluster({
      volcano: { pod: { namespace: 'volcano-system', labels: { app: 'volcano-scheduler' } } }
    });
    group(c, 'pair', 2);
    for (const n of ['v-0', 'v-1']) c.store.create(member(n, 'pair', '500m'));
    await c.run(3000);
    expect(c.bound(['v-0', 'v-1'])).toEqual([]);
    c.ns('volcano-system');
    c.store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'volcano-scheduler-0',
        namespace: 'volcano-system',
        labels: { app: 'volcano-scheduler' }
      },
      spec: { containers: [{ name: 's', image: 'docker.io/volcanosh/vc-scheduler:v1.12.1' }] }
    });
    await c.run(4000);
    expect(c.bound(['v-0', 'v-1'])).toEqual(['v-0', 'v-1']);
  });

  it('broken (volcano-binds-partially): pods of an unsatisfiable group are bound one by one', async () => {
    const c = await gangCluster({ volcano: {} }, { volcano: { bindPartially: true } });
    group(c, 'big', 3);
    for (const n of ['v-0', 'v-1', 'v-2']) c.store.create(member(n, 'big'));
    await c.run(3000);
    expect(c.bound(['v-0', 'v-1', 'v-2'])).toHaveLength(2);
  });
});
