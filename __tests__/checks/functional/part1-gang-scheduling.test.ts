import { describe, expect, it } from '@jest/globals';
import { gangSchedulingFunctional } from '../../../src/checks/functional/gang-scheduling.js';
import { deny } from '../helpers.js';
import { runFunctional } from './part2-harness.js';

const run = (options: Parameters<typeof runFunctional>[2]) =>
  runFunctional('gang_scheduling', gangSchedulingFunctional, options);

describe('gang_scheduling functional', () => {
  it('Kueue: a job within quota runs all its pods, a job beyond it stays suspended; the queues go afterwards', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: ['kueue'] });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toBe(
      'Kueue kueue.x-k8s.io/v1beta2: a 3-pod Job within the ClusterQueue quota (cpu 1, memory 1Gi) was admitted and all 3 pods ran; a 3-pod Job needing 1500m CPU stayed suspended with no pod started for 30 s'
    );
    expect(r.evidence).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^gang-fits: suspend=false, 3 pods started, 3 succeeded; Workload \S+ QuotaReserved=True/
        ),
        expect.stringMatching(
          /^gang-too-big: suspend=true, 0 pods started, 0 succeeded; Workload \S+ QuotaReserved=False \(couldn't assign flavors .*insufficient quota for cpu/
        )
      ])
    );
    // Random, run-scoped names for the cluster-scoped queue objects, and none of them left.
    expect(r.created).toEqual(
      expect.arrayContaining([
        `ResourceFlavor aiconf-${r.runId}-flavor`,
        `ClusterQueue aiconf-${r.runId}-queue`
      ])
    );
    expect(r.leftovers).toEqual([]);
  });

  it('Kueue: fails when it admits a job beyond quota and starts its pods one at a time', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: ['kueue'], breaks: ['kueue-admits-partially'] });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^a 3-pod Job needing 1500m CPU, more than ClusterQueue aiconf-\S+-queue's quota of 1 CPU, was admitted and [12] of its 3 pods started \(suspend=false, .*QuotaReserved=True.*\): not all-or-nothing$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('Volcano: a PodGroup that fits runs; none of a PodGroup that cannot fit is bound', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: ['volcano'] });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toBe(
      'Volcano PodGroup: a 2-pod group was bound and ran; no pod of a 3-pod group that cannot fit (each asking 7800m CPU, room for 2) was bound in 30 s'
    );
    expect(r.evidence).toContain(
      'gang-too-big: none bound; gang-too-big-0: Pending: 3/3 tasks in gang unschedulable: pod group is not ready, 3 Pending, 3 minAvailable; Pending: 1 Unschedulable, 2 Schedulable'
    );
    expect(r.leftovers).toEqual([]);
  });

  it('Volcano: fails when it binds the pods of a group one by one', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: ['volcano'], breaks: ['volcano-binds-partially'] });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toBe(
      '2 of 3 pods of a group that cannot fit (Volcano PodGroup, min 3, each asking 7800m CPU; the nodes hold 2) were bound: the group was not scheduled all-or-nothing'
    );
    expect(r.leftovers).toEqual([]);
  });

  it('ACK 1.34: the coscheduling labels keep an unsatisfiable group unbound', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34' });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toBe(
      'ACK coscheduling: a 2-pod group was bound and ran; no pod of a 3-pod group that cannot fit (each asking 7500m CPU, room for 2) was bound in 30 s'
    );
    expect(r.evidence.at(-1)).toMatch(
      /gets rejected due to Pod gang-too-big-\d is unschedulable even after PostFilter$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('ACK 1.34: fails when the scheduler ignores the coscheduling labels', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34', breaks: ['coscheduling-binds-partially'] });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toBe(
      '2 of 3 pods of a group that cannot fit (ACK coscheduling, min 3, each asking 7500m CPU; the nodes hold 2) were bound: the group was not scheduled all-or-nothing'
    );
    expect(r.leftovers).toEqual([]);
  });

  it('sizes the group that cannot fit by the room other pods leave', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['volcano'],
      setup: ({ apply }) =>
        apply({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'busy', namespace: 'default' },
          spec: {
            nodeSelector: { 'kubernetes.io/hostname': 'kind-worker' },
            containers: [
              {
                name: 'c',
                image: 'busybox',
                command: ['sleep', 'infinity'],
                resources: { requests: { cpu: '4' } }
              }
            ]
          }
        })
    });
    expect(r.finding.verdict).toBe('pass');
    // kind-worker2 has 7800m left, kind-worker 3800m: one such pod fits, a group of two does not.
    expect(r.finding.reason).toMatch(
      /no pod of a 2-pod group that cannot fit \(each asking 7800m CPU, room for 1\)/
    );
  });

  it('is skipped without a gang scheduler', async () => {
    const r = await run({ scenario: 'kind-1.34' });
    expect(r.skipped).toMatch(/^no gang scheduler is ready \(no gang scheduler found/);
    expect(r.created).toEqual([]);
  });

  it('is an error, not a fail, when ClusterQueues may not be created', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['kueue'],
      rbac: deny(['create'], ['clusterqueues'], ['kueue.x-k8s.io'])
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toMatch(/clusterqueues/);
    expect(r.leftovers).toEqual([]);
  });

  it('is an error, not a fail, when the run may not create pods (ACK)', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34', rbac: deny(['create'], ['pods'], ['']) });
    expect(r.finding.verdict).toBe('error');
    expect(r.leftovers).toEqual([]);
  });

  it('leaves no queue, flavor or job behind when cancelled while the jobs run', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: ['kueue'], cancelAfterMs: 6000 });
    expect(r.finding.verdict).toBe('error');
    expect(r.created).toEqual(expect.arrayContaining([`ClusterQueue aiconf-${r.runId}-queue`]));
    expect(r.leftovers).toEqual([]);
  });

  it('leaves nothing behind when cancelled while watching the group that cannot fit', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: ['volcano'], cancelAfterMs: 15_000 });
    expect(r.finding.verdict).toBe('error');
    expect(r.created).toEqual(expect.arrayContaining([expect.stringMatching(/PodGroup .*\/gang-too-big$/)]));
    expect(r.leftovers).toEqual([]);
  });
});
