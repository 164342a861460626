import { afterAll, describe, expect, it } from '@jest/globals';
import type { Simulator } from '../../../src/sim/index.js';
import type { KObject } from '../../../src/sim/store.js';
import { apiRequest, startFakeSim } from './part1-helpers.js';

const running: Simulator[] = [];
afterAll(async () => {
  for (const s of running) await s.stop();
});

const TOLERATE = [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }];
/** The probe a check runs: device nodes first (the binary alone proves little), then nvidia-smi. */
const PROBE = 'ls /dev/nvidia*; nvidia-smi -L; sleep 3600';

function pod(
  name: string,
  node: string,
  containers: unknown[],
  extra: Record<string, unknown> = {}
): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'iso' },
    spec: { nodeSelector: { 'kubernetes.io/hostname': node }, tolerations: TOLERATE, containers, ...extra }
  };
}

const probe = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  image: 'ubuntu:22.04',
  command: ['sh', '-c', PROBE],
  ...extra
});

async function cluster(scenario: string, addons: string[], breaks: string[] = []) {
  const { sim, run } = await startFakeSim(scenario, addons, breaks);
  running.push(sim);
  sim.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'iso' } });
  const log = async (p: string, c: string) =>
    (await apiRequest(sim, 'GET', `/api/v1/namespaces/iso/pods/${p}/log?container=${c}`)).text;
  const gpus = (text: string) =>
    text
      .split('\n')
      .filter(l => l.startsWith('GPU '))
      .map(l => /UUID: (GPU-[0-9a-f-]+)/.exec(l)![1]);
  return { sim, run, log, gpus };
}

const NO_DEVICE = "ls: cannot access '/dev/nvidia*': No such file or directory\nsh: nvidia-smi: not found\n";
const KIND_GPU = ['gpu-nodes', 'nvidia-device-plugin'];

describe('secure accelerator access (device plugin)', () => {
  it('a pod on a GPU node that requests no GPU sees none, even with NVIDIA_VISIBLE_DEVICES=all', async () => {
    const c = await cluster('kind-1.34', KIND_GPU);
    c.sim.store.create(
      pod('sneaky', 'kind-gpu-worker', [
        probe('c', { env: [{ name: 'NVIDIA_VISIBLE_DEVICES', value: 'all' }] })
      ])
    );
    await c.run(3000);
    expect(await c.log('sneaky', 'c')).toBe(NO_DEVICE);
  });

  it('only the container granted a GPU sees one, and two pods on one node get different GPUs', async () => {
    const c = await cluster('kind-1.34', KIND_GPU);
    const limit = { resources: { limits: { 'nvidia.com/gpu': '1' } } };
    c.sim.store.create(pod('pair', 'kind-gpu-worker', [probe('authorized', limit), probe('unauthorized')]));
    c.sim.store.create(pod('other', 'kind-gpu-worker', [probe('c', limit)]));
    await c.run(3000);
    const a = c.gpus(await c.log('pair', 'authorized'));
    const b = c.gpus(await c.log('other', 'c'));
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a[0]).not.toBe(b[0]);
    expect(await c.log('pair', 'unauthorized')).toBe(NO_DEVICE);
  });

  it('broken (runtime-exposes-all-gpus): every container on the node sees every GPU', async () => {
    const c = await cluster('kind-1.34', KIND_GPU, ['runtime-exposes-all-gpus']);
    c.sim.store.create(
      pod('sneaky', 'kind-gpu-worker', [
        probe('c', { env: [{ name: 'NVIDIA_VISIBLE_DEVICES', value: 'all' }] })
      ])
    );
    c.sim.store.create(
      pod('pair', 'kind-gpu-worker', [
        probe('authorized', { resources: { limits: { 'nvidia.com/gpu': '1' } } }),
        probe('unauthorized')
      ])
    );
    await c.run(3000);
    expect(c.gpus(await c.log('sneaky', 'c'))).toHaveLength(2);
    expect(await c.log('sneaky', 'c')).toMatch(/^\/dev\/nvidia-uvm\n/);
    expect(c.gpus(await c.log('pair', 'unauthorized'))).toHaveLength(2);
    expect(c.gpus(await c.log('pair', 'authorized'))).toHaveLength(2);
  });
});

describe('secure accelerator access (DRA, ACK 1.34)', () => {
  const template = {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaimTemplate',
    metadata: { name: 'single-gpu', namespace: 'iso' },
    spec: {
      spec: {
        devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com', count: 1 } }] }
      }
    }
  };
  const claims = { resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: 'single-gpu' }] };
  const DRA_NODE = 'cn-hangzhou.10.0.2.21';

  it('isolates claim-backed devices per container and per pod; a pod without a claim sees none', async () => {
    const c = await cluster('ack-gpu-1.34', []);
    c.sim.store.create(template);
    c.sim.store.create(
      pod(
        'pair',
        DRA_NODE,
        [probe('authorized', { resources: { claims: [{ name: 'gpu' }] } }), probe('unauthorized')],
        claims
      )
    );
    c.sim.store.create(
      pod('other', DRA_NODE, [probe('c', { resources: { claims: [{ name: 'gpu' }] } })], claims)
    );
    c.sim.store.create(
      pod('sneaky', DRA_NODE, [probe('c', { env: [{ name: 'NVIDIA_VISIBLE_DEVICES', value: 'all' }] })])
    );
    await c.run(4000);
    const a = c.gpus(await c.log('pair', 'authorized'));
    const b = c.gpus(await c.log('other', 'c'));
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a[0]).not.toBe(b[0]);
    expect(await c.log('pair', 'unauthorized')).toBe(NO_DEVICE);
    expect(await c.log('sneaky', 'c')).toBe(NO_DEVICE);
  });

  it('broken (runtime-exposes-all-gpus): the pod without a claim sees both GPUs of the node', async () => {
    const c = await cluster('ack-gpu-1.34', [], ['runtime-exposes-all-gpus']);
    c.sim.store.create(pod('sneaky', DRA_NODE, [probe('c')]));
    await c.run(3000);
    expect(c.gpus(await c.log('sneaky', 'c'))).toHaveLength(2);
  });
});
