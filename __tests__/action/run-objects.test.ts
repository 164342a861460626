/**
 * The post step's sweep of a functional run (task `run-objects`): what a killed main step left,
 * found by the run label through the kubeconfig file the main step wrote.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { runObjectsHandler } from '../../src/action/run-objects.js';
import { RUN_LABEL } from '../../src/kube/functional/types.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { tempDir } from '../cli/helpers.js';
import { runLeftovers } from '../helpers/leftovers.js';

let sim: Simulator;
let objects: KubernetesObjectApi;
const dir = tempDir('run-objects-');
const kubeconfig = join(dir, 'kubeconfig.yaml');

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'ack-gpu-1.34', kubeconfigPath: kubeconfig });
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig);
  objects = KubernetesObjectApi.makeApiClient(kc);
});
afterAll(async () => {
  await sim?.stop();
});

/** What a main step killed mid-check leaves: its namespace with a pod and a ConfigMap, and a cluster-scoped object. */
async function leave(runId: string, extra: { finalizer?: boolean } = {}): Promise<void> {
  const labels = { [RUN_LABEL]: runId };
  const ns = `ai-conformance-${runId}`;
  const create = (o: KubernetesObject) => objects.create(o);
  await create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels } });
  await create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'probe', namespace: ns, labels },
    spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] }
  } as KubernetesObject);
  await create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'state',
      namespace: ns,
      labels,
      ...(extra.finalizer ? { finalizers: ['example.com/hold'] } : {})
    }
  } as KubernetesObject);
  await create({
    apiVersion: 'resource.k8s.io/v1',
    kind: 'DeviceClass',
    metadata: { name: `aiconf-${runId}`, labels },
    spec: { selectors: [{ cel: { expression: 'true' } }] }
  } as KubernetesObject);
}

describe('post step: run-objects', () => {
  it("deletes what a killed run left (namespaced and cluster-scoped), and nothing of another run's", async () => {
    await leave('killed-1');
    await leave('other-2');
    const line = await runObjectsHandler()({ type: 'run-objects', runId: 'killed-1', kubeconfig });
    expect(line).toMatch(/^functional run killed-1: deleted 4 leftover objects \(/);
    expect(line).toContain('DeviceClass aiconf-killed-1');
    expect(runLeftovers(sim, 'killed-1')).toEqual([]);
    expect(sim.store.get('resource.k8s.io', 'deviceclasses', undefined, 'aiconf-killed-1')).toBeUndefined();
    expect(
      runLeftovers(sim, 'other-2')
        .filter(o => !o.startsWith('Event '))
        .sort()
    ).toEqual(
      [
        'ConfigMap ai-conformance-other-2/state',
        'DeviceClass aiconf-other-2',
        'Namespace ai-conformance-other-2',
        'Pod ai-conformance-other-2/probe'
      ].sort()
    );
    // Again: nothing more to do.
    expect(await runObjectsHandler()({ type: 'run-objects', runId: 'killed-1', kubeconfig })).toBe(
      'functional run killed-1: nothing left behind'
    );
  });

  it('an object a finalizer keeps is named, with the command that removes it later, never hidden', async () => {
    await leave('held-3', { finalizer: true });
    await expect(
      runObjectsHandler({ phaseTimeoutMs: 1500 })({ type: 'run-objects', runId: 'held-3', kubeconfig })
    ).rejects.toThrow(
      /^functional run held-3 left ConfigMap ai-conformance-held-3\/state: still there \d+ s after its deletion \(terminating, finalizers example\.com\/hold\).*; remove it with `ai-conformance cleanup --run-id held-3`$/
    );
  });

  it('a saved task without its kubeconfig says which file is missing, not its content', async () => {
    const gone = join(dir, 'gone.yaml');
    await expect(
      runObjectsHandler()({ type: 'run-objects', runId: 'x-4', kubeconfig: gone })
    ).rejects.toThrow(`--kubeconfig ${gone}: cannot read the file: no such file (ENOENT)`);
    await expect(runObjectsHandler()({ type: 'run-objects', kubeconfig: gone })).rejects.toThrow(
      'run-objects: the saved task names no run id or kubeconfig'
    );
  });
});
