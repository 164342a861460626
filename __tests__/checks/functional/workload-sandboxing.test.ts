import { describe, expect, it } from '@jest/globals';
import { workloadSandboxingFunctional } from '../../../src/checks/functional/workload-sandboxing.js';
import { deny } from '../helpers.js';
import { runFunctional } from './part2-harness.js';

const run = (options: Parameters<typeof runFunctional>[2]) =>
  runFunctional('workload_sandboxing', workloadSandboxingFunctional, options);

describe('workload_sandboxing functional', () => {
  it('passes with gVisor: the sandboxed pod sees kernel 4.4.0, a pod on the same node the node kernel', async () => {
    const r = await run({ scenario: 'kind-1.37', addons: ['gvisor'] });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /^a pod of RuntimeClass gvisor \(handler runsc\) ran on kind-worker2? and saw kernel 4\.4\.0 while a pod on the same node sees 6\.8\.0-60-generic \(node kernelVersion 6\.8\.0-60-generic\)$/
    );
    expect(r.evidence).toContainEqual(
      expect.stringMatching(
        /^sandboxed pod on kind-worker2?: uname -r 4\.4\.0; Linux version 4\.4\.0 #1 SMP Sun Jan 10 15:06:54 PST 2016; boot id [0-9a-f-]{36}$/
      )
    );
    expect(r.leftovers).toEqual([]);
  });

  it('passes with Kata Containers (guest VM kernel)', async () => {
    const r = await run({ scenario: 'kind-1.37', addons: ['kata'] });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /^a pod of RuntimeClass kata \(handler kata\) ran on \S+ and saw kernel 6\.12\.36 while a pod on the same node sees 6\.8\.0-60-generic/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('passes on ACK with its sandboxed-container runtime (runv)', async () => {
    const r = await run({ scenario: 'ack-gpu-1.36', version: '1.37' });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /^a pod of RuntimeClass runv \(handler runv\) ran on cn-hangzhou\.\S+ and saw kernel 5\.10\.134-17\.2\.al8\.x86_64 while a pod on the same node sees 5\.10\.134-18\.al8\.x86_64/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the sandbox runtime shares the host kernel', async () => {
    const r = await run({
      scenario: 'kind-1.37',
      addons: ['gvisor'],
      breaks: ['sandbox-runtime-shares-host-kernel']
    });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^a pod of RuntimeClass gvisor \(handler runsc\) runs on the node's own kernel: uname -r 6\.8\.0-60-generic, \/proc\/version and boot id as in a pod without it on kind-worker2? \(node kernelVersion 6\.8\.0-60-generic\)$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when no node runtime offers the RuntimeClass handler (the sandbox cannot be created)', async () => {
    const r = await run({
      scenario: 'kind-1.37',
      setup: ({ apply }) =>
        apply({
          apiVersion: 'node.k8s.io/v1',
          kind: 'RuntimeClass',
          metadata: { name: 'kata-fc' },
          handler: 'kata-fc'
        })
    });
    expect(r.detect.verdict).toBe('pass');
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^a pod of RuntimeClass kata-fc \(handler kata-fc\) did not run within 180 s: Pending on kind-worker2?; FailedCreatePodSandBox: Failed to create pod sandbox: .*no runtime for "kata-fc" is configured$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is an error, not a fail, when the run may not create pods', async () => {
    const r = await run({
      scenario: 'kind-1.37',
      addons: ['gvisor'],
      rbac: deny(['create'], ['pods'], [''])
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.leftovers).toEqual([]);
  });

  it('is skipped without a sandbox RuntimeClass', async () => {
    const r = await run({ scenario: 'kind-1.37' });
    expect(r.skipped).toBe(
      'no sandbox RuntimeClass to run a pod with (no sandbox RuntimeClass (gVisor runsc, Kata Containers, runv) on this cluster)'
    );
  });

  it('leaves nothing behind when cancelled before the sandbox starts', async () => {
    const r = await run({
      scenario: 'kind-1.37',
      setup: ({ apply }) =>
        apply({
          apiVersion: 'node.k8s.io/v1',
          kind: 'RuntimeClass',
          metadata: { name: 'kata-fc' },
          handler: 'kata-fc'
        }),
      cancelAfterMs: 10_000
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.leftovers).toEqual([]);
  });
});
