import { describe, expect, it } from '@jest/globals';
import { clusterAutoscalingFunctional } from '../../../src/checks/functional/cluster-autoscaling.js';
import { deny } from '../helpers.js';
import { runFunctional } from './part2-harness.js';

const run = (options: Parameters<typeof runFunctional>[2]) =>
  runFunctional('cluster_autoscaling', clusterAutoscalingFunctional, options);

const KIND_CA = ['gpu-nodes', 'nvidia-device-plugin', 'cluster-autoscaler'];

describe('cluster_autoscaling functional', () => {
  it('without allow-scale: keeps the detect verdict and says scale-up was not exercised, creating nothing', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34' });
    expect(r.finding.verdict).toBe(r.detect.verdict);
    expect(r.finding.reason).toBe(`${r.detect.reason} (scale-up not exercised: allow-scale is off)`);
    expect(r.evidence).toEqual(['scale-up not exercised: allow-scale is off']);
    expect(r.created).toEqual([]);
  });

  it('kind: a pod asking for a GPU with none free gets a new node, which goes again once the pods are gone', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: KIND_CA, allowScale: true });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /^a pod asking for nvidia\.com\/gpu with none free made the autoscaler add node kind-gpu-worker3 \(\d+ s\) and ran there; scale-down observed: kind-gpu-worker3 removed \d+ s after its pods went$/
    );
    expect(r.evidence[0]).toBe('before: 5 nodes; 4 free nvidia.com/gpu; 5 pods ask for one each');
    expect(r.evidence).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^scale-up: gpu-\d Running on new node kind-gpu-worker3 after \d+ s; events: TriggeredScaleUp: pod triggered scale-up: \[\{gpu-a10 2->3 \(max: 4\)\}\]/
        )
      ])
    );
    expect(r.leftovers).toEqual([]);
  });

  it('ACK 1.34 with allow-scale: the GPU pool grows by one node for the pending pod', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34', allowScale: true });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /made the autoscaler add node cn-hangzhou\.10\.0\.2\.30 \(\d+ s\) and ran there; scale-down observed/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the autoscaler never adds a node, with what it said', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: KIND_CA,
      allowScale: true,
      breaks: ['autoscaler-never-adds-node']
    });
    expect(r.detect.verdict).toBe('pass');
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^a pod asking for nvidia\.com\/gpu stayed pending 20 min with every unit in use and no new node ran it \(gpu-\d Pending: .*Insufficient nvidia\.com\/gpu.*; new nodes: none; events: TriggeredScaleUp: pod triggered scale-up: \[\{gpu-a10 2->3 \(max: 4\)\}\], NotTriggerScaleUp: pod didn't trigger scale-up: 1 in backoff after failed scale-up\)$/
    );
    expect(r.elapsedMs).toBeGreaterThanOrEqual(20 * 60_000);
    expect(r.leftovers).toEqual([]);
  });

  it('reports a scale-down it did not see as not waited for', async () => {
    // A pod of someone else lands on the new node and keeps it busy.
    const r = await run({
      scenario: 'kind-1.34',
      addons: KIND_CA,
      allowScale: true,
      during: (sim, elapsed) => {
        const node = sim.store.get('', 'nodes', undefined, 'kind-gpu-worker3');
        if (!node || elapsed < 1000 || sim.store.get('', 'pods', 'default', 'squatter')) return;
        sim.store.create({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'squatter', namespace: 'default' },
          spec: {
            nodeName: 'kind-gpu-worker3',
            tolerations: [{ operator: 'Exists' }],
            containers: [{ name: 'c', image: 'busybox', command: ['sleep', 'infinity'] }]
          }
        });
      }
    });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /; scale-down not observed: kind-gpu-worker3 still there 20 min after its pods went \(not waited longer; last: kind-gpu-worker3 Ready, taints nvidia\.com\/gpu\)$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is skipped without a cluster autoscaler', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['gpu-nodes', 'nvidia-device-plugin'],
      allowScale: true
    });
    expect(r.skipped).toMatch(/^no cluster autoscaler to exercise \(/);
    expect(r.created).toEqual([]);
  });

  it('is an error, not a fail, when the run may not create pods', async () => {
    const r = await run({
      scenario: 'ack-gpu-1.34',
      allowScale: true,
      rbac: deny(['create'], ['pods'], [''])
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.leftovers).toEqual([]);
  });

  it('leaves nothing behind when cancelled while waiting for the new node', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: KIND_CA,
      allowScale: true,
      breaks: ['autoscaler-never-adds-node'],
      cancelAfterMs: 60_000
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.created.length).toBeGreaterThan(4);
    expect(r.leftovers).toEqual([]);
  });
});
