import { describe, expect, it } from '@jest/globals';
import { secureAcceleratorAccessFunctional } from '../../../src/checks/functional/secure-accelerator-access.js';
import { deny } from '../helpers.js';
import { runFunctional } from './part2-harness.js';

const run = (options: Parameters<typeof runFunctional>[2]) =>
  runFunctional('secure_accelerator_access', secureAcceleratorAccessFunctional, options);

const PLUGIN = ['gpu-nodes', 'nvidia-device-plugin'];
const GPU = 'GPU-[0-9a-f-]+';

/** A pod of someone else holding `gpus` devices of a kind GPU node. */
const holder = (name: string, node: string, gpus: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: {
    nodeSelector: { 'kubernetes.io/hostname': node },
    tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    containers: [
      {
        name: 'train',
        image: 'nvcr.io/nvidia/pytorch:25.01-py3',
        command: ['sleep', 'infinity'],
        resources: { limits: { 'nvidia.com/gpu': String(gpus) } }
      }
    ]
  }
});

describe('secure_accelerator_access functional', () => {
  it('device plugin: each granted container sees only its GPU, ungranted ones none, two pods get different GPUs', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: PLUGIN });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      new RegExp(
        `^on kind-gpu-worker through device plugin resource nvidia\\.com/gpu: a pod granted one device sees exactly it \\(${GPU}\\); a pod with no request sees none, also with NVIDIA_VISIBLE_DEVICES=all; in a two-container pod only the granted container sees a device; two pods on the node got different devices \\((${GPU}), (?!\\1)${GPU}\\)$`
      )
    );
    expect(r.evidence).toEqual(
      expect.arrayContaining([
        'bare/plain: no device',
        'bare/env-all: no device',
        'split/ungranted: no device'
      ])
    );
    expect(r.evidence.find(l => l.startsWith('granted/probe: '))).toMatch(
      /^granted\/probe: 1 device \(\/dev\/nvidia\d; GPU-/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('DRA: the same proofs through claims from a ResourceClaimTemplate', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: ['gpu-nodes', 'nvidia-dra-driver'] });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(/^on kind-gpu-worker through DRA DeviceClass gpu\.nvidia\.com: /);
    expect(r.created).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ResourceClaimTemplate .*\/granted-gpu$/)])
    );
    expect(r.leftovers).toEqual([]);
  });

  it('ACK 1.34: passes on the DRA node with two A10s', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34' });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /^on cn-hangzhou\.10\.0\.2\.21 through DRA DeviceClass gpu\.nvidia\.com: .*two pods on the node got different devices/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the runtime exposes every GPU to every container', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: PLUGIN, breaks: ['runtime-exposes-all-gpus'] });
    expect(r.detect.verdict).toBe('pass');
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^a pod on kind-gpu-worker with no request sees 2 devices \(\/dev\/nvidia0, \/dev\/nvidia1; GPU-\S+, GPU-\S+\); a pod on kind-gpu-worker with no request and NVIDIA_VISIBLE_DEVICES=all sees 2 devices .*; the container without a request in a pod whose other container was granted one sees 2 devices .*; a container granted one device through device plugin resource nvidia\.com\/gpu sees 2 devices .*; two pods each granted one device on kind-gpu-worker got the same one/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails on ACK too when its runtime exposes all GPUs', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34', breaks: ['runtime-exposes-all-gpus'] });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(/^a pod on cn-hangzhou\.10\.0\.2\.21 with no request sees 2 devices/);
    expect(r.leftovers).toEqual([]);
  });

  it('with one free GPU, runs the pods one after the other and says the cross-pod part was not exercised', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: PLUGIN,
      setup: ({ apply }) =>
        apply(holder('busy-a', 'kind-gpu-worker', 1), holder('busy-b', 'kind-gpu-worker2', 1))
    });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(/two pods at once on one node not exercised \(one device free\)$/);
    expect(r.evidence[0]).toBe(
      'isolation probed on kind-gpu-worker through device plugin resource nvidia.com/gpu (1 device free)'
    );
    expect(r.evidence).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^granted\/probe: 1 device \(/),
        expect.stringMatching(/^split\/granted: 1 device \(/)
      ])
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is an error, not a fail, when every GPU is held by other pods', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: PLUGIN,
      setup: ({ apply }) =>
        apply(holder('busy-a', 'kind-gpu-worker', 2), holder('busy-b', 'kind-gpu-worker2', 2))
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toBe(
      'every accelerator of nvidia.com/gpu on kind-gpu-worker is in use: no device free to grant a probe pod'
    );
    expect(r.created).toEqual([]);
  });

  it('is skipped without accelerators', async () => {
    const r = await run({ scenario: 'kind-1.34' });
    expect(r.skipped).toMatch(/^no accelerators to isolate \(no accelerators on this cluster/);
    expect(r.created).toEqual([]);
  });

  it('is an error, not a fail, when the run may not create pods', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: PLUGIN, rbac: deny(['create'], ['pods'], ['']) });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toMatch(/forbidden|denied/i);
    expect(r.leftovers).toEqual([]);
  });

  it('leaves nothing behind when cancelled while the pods start', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34', cancelAfterMs: 1000 });
    expect(r.finding.verdict).toBe('error');
    expect(r.created.length).toBeGreaterThan(1);
    expect(r.leftovers).toEqual([]);
  });

  it('is an error, not a fail, when the granted pods never start (a DRA driver that never allocates)', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['gpu-nodes', 'nvidia-dra-driver'],
      breaks: ['dra-driver-never-allocates']
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toMatch(
      /^timed out after 300 s waiting for 3 pods in ai-conformance-\S+ to be running; last observed: granted: Pending: /
    );
    expect(r.elapsedMs).toBeGreaterThanOrEqual(300_000);
    expect(r.leftovers).toEqual([]);
  });
});
