import { describe, expect, it } from '@jest/globals';
import { deny, detect, failing } from './helpers.js';

const runtimeClass = (name: string, handler: string, nodeSelector?: Record<string, string>) => ({
  apiVersion: 'node.k8s.io/v1',
  kind: 'RuntimeClass',
  metadata: { name },
  handler,
  ...(nodeSelector ? { scheduling: { nodeSelector } } : {})
});

describe('workload_sandboxing detect', () => {
  it('fails on a bare kind 1.37 cluster: no sandbox RuntimeClass', async () => {
    const r = await detect('workload_sandboxing', { scenario: 'kind-1.37' });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe('no sandbox RuntimeClass (gVisor runsc, Kata Containers, runv) on this cluster');
  });

  it('passes on ACK with its sandboxed-container runtime (RuntimeClass runv) on the GPU node pool', async () => {
    const r = await detect('workload_sandboxing', { scenario: 'ack-gpu-1.36', version: '1.37' });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe('sandboxed runtime runv (runv) available through RuntimeClass');
    expect(r.evidence).toContain(
      'RuntimeClass runv: handler runv, nodeSelector alibabacloud.com/nodepool-id=np-gpu-a10 matches 1 node'
    );
    expect(r.run.conformanceVersion).toBe('1.37');
  });

  it('passes with gVisor', async () => {
    const r = await detect('workload_sandboxing', {
      scenario: 'kind-1.37',
      setup: ({ apply }) => apply(runtimeClass('gvisor', 'runsc'))
    });
    expect(r.verdict).toBe('pass');
    expect(r.solution).toBe('RuntimeClass gvisor (runsc)');
  });

  it('is partial when no node can run the sandbox runtime', async () => {
    const selector = await detect('workload_sandboxing', {
      scenario: 'kind-1.37',
      setup: ({ apply }) =>
        apply(runtimeClass('kata', 'kata-qemu', { 'katacontainers.io/kata-runtime': 'true' }))
    });
    expect(selector.verdict).toBe('partial');
    expect(selector.reason).toBe(
      "sandbox RuntimeClasses exist but no node can run them: RuntimeClass kata's nodeSelector katacontainers.io/kata-runtime=true matches no node"
    );
    const handlers = await detect('workload_sandboxing', {
      scenario: 'kind-1.37',
      setup: async ({ apply, node }) => {
        await apply(runtimeClass('gvisor', 'runsc'));
        for (const n of ['kind-worker', 'kind-worker2'])
          node(
            n,
            x => (x.status.runtimeHandlers = [{ name: 'runc', features: { recursiveReadOnlyMounts: true } }])
          );
      }
    });
    expect(handlers.verdict).toBe('partial');
    expect(handlers.reason).toBe(
      'sandbox RuntimeClasses exist but no node can run them: no node reports the runsc runtime handler for RuntimeClass gvisor'
    );
  });

  it('is an error when RuntimeClasses cannot be listed', async () => {
    const r = await detect('workload_sandboxing', {
      scenario: 'kind-1.37',
      rbac: deny(['list'], ['runtimeclasses'], ['node.k8s.io'])
    });
    expect(r.verdict).toBe('error');
    expect(r.reason).toMatch(/^not allowed to read \/apis\/node\.k8s\.io\/v1\/runtimeclasses: 403 Forbidden/);
    expect(
      (
        await detect('workload_sandboxing', {
          scenario: 'kind-1.37',
          faults: failing(['runtimeclasses.node.k8s.io'], 500)
        })
      ).verdict
    ).toBe('error');
  });
});
