import { afterAll, describe, expect, it } from '@jest/globals';
import { boot, ns, type Booted } from './ai-helpers.js';

const NS = 'sandbox-test';
/** The kernel identity lines of the kubernetes-sigs/ai-conformance sandboxing probe. */
const PROBE = [
  'echo "SANDBOX_INFO: KERNEL_RELEASE=$(uname -r 2>/dev/null || echo unknown)"',
  'echo "SANDBOX_INFO: KERNEL_VERSION=$(cat /proc/version 2>/dev/null || echo unknown)"',
  'echo "SANDBOX_INFO: BOOT_ID=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown)"',
  'echo "SANDBOX_PROBE: COMPLETED"',
  'sleep 3600'
].join('\n');

const probe = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: NS },
  spec: { restartPolicy: 'Never', containers: [{ name: 'prober', image: 'busybox:1.36', command: ['/bin/sh', '-c'], args: [PROBE] }], ...extra }
});

const running: Booted[] = [];
afterAll(async () => {
  for (const b of running) await b.stop();
});

async function start(addons: string[], breaks: string[] = []): Promise<Booted> {
  const b = await boot('kind-1.34', addons, breaks);
  running.push(b);
  await b.apply(ns(NS));
  return b;
}

/** The kernel identity a probe pod printed. */
async function kernelOf(b: Booted, pod: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const line of (await b.logs(NS, pod)).split('\n')) {
    const m = /^SANDBOX_INFO: (\w+)=(.*)$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

describe('sandbox RuntimeClasses', () => {
  it('a gVisor pod sees the Sentry kernel 4.4.0, a plain pod on the same node the node kernel', async () => {
    const b = await start(['gvisor']);
    await b.apply(probe('sandboxed', { runtimeClassName: 'gvisor' }));
    await b.run(3000);
    const sandboxed = b.sim.store.get('', 'pods', NS, 'sandboxed')!;
    expect(sandboxed.status.phase).toBe('Running');
    await b.apply(probe('control', { nodeName: sandboxed.spec.nodeName }));
    await b.run(3000);
    const node = b.sim.store.get('', 'nodes', undefined, sandboxed.spec.nodeName)!;
    const inside = await kernelOf(b, 'sandboxed');
    const outside = await kernelOf(b, 'control');
    expect(inside).toMatchObject({ KERNEL_RELEASE: '4.4.0', KERNEL_VERSION: 'Linux version 4.4.0 #1 SMP Sun Jan 10 15:06:54 PST 2016' });
    expect(outside.KERNEL_RELEASE).toBe(node.status.nodeInfo.kernelVersion);
    expect(outside.KERNEL_VERSION).toMatch(new RegExp(`^Linux version ${node.status.nodeInfo.kernelVersion.replace(/\./g, '\\.')} `));
    expect(inside.BOOT_ID).toMatch(/^[0-9a-f-]{36}$/);
    expect(inside.BOOT_ID).not.toBe(outside.BOOT_ID);
  });

  it('sandbox-runtime-shares-host-kernel: the sandboxed pod runs on the node kernel', async () => {
    const b = await start(['gvisor'], ['sandbox-runtime-shares-host-kernel']);
    await b.apply(probe('sandboxed', { runtimeClassName: 'gvisor' }));
    await b.run(3000);
    const node = b.sim.store.get('', 'nodes', undefined, b.sim.store.get('', 'pods', NS, 'sandboxed')!.spec.nodeName)!;
    expect((await kernelOf(b, 'sandboxed')).KERNEL_RELEASE).toBe(node.status.nodeInfo.kernelVersion);
  });

  it('Kata: overhead and node selector come from the RuntimeClass, nodes are labelled by kata-deploy, the guest kernel differs', async () => {
    const b = await start(['kata']);
    await b.apply(probe('kata', { runtimeClassName: 'kata-qemu' }));
    await b.run(3000);
    const pod = b.sim.store.get('', 'pods', NS, 'kata')!;
    expect(pod.spec.overhead).toEqual({ memory: '160Mi', cpu: '250m' });
    expect(pod.spec.nodeSelector).toEqual({ 'katacontainers.io/kata-runtime': 'true' });
    expect(pod.status.phase).toBe('Running');
    expect((await kernelOf(b, 'kata')).KERNEL_RELEASE).toBe('6.12.36');
  });

  it('rejects a pod naming a RuntimeClass that does not exist; a handler the runtime lacks leaves the pod Pending', async () => {
    const b = await start([]);
    let err: any;
    try {
      await b.apply(probe('nope', { runtimeClassName: 'gvisor' }));
    } catch (e) {
      err = e;
    }
    const body = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
    expect(body).toMatchObject({ code: 403, reason: 'Forbidden', message: 'pods "nope" is forbidden: pod rejected: RuntimeClass "gvisor" not found' });
    await b.apply({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'gvisor' }, handler: 'runsc' }, probe('stuck', { runtimeClassName: 'gvisor' }));
    await b.run(5000);
    expect(b.sim.store.get('', 'pods', NS, 'stuck')!.status.phase).toBe('Pending');
    const events = b.sim.store.list('', 'events', NS).filter(e => e.involvedObject?.name === 'stuck' && e.reason === 'FailedCreatePodSandBox');
    expect(events[0].message).toBe('Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for "runsc" is configured');
  });

  it('ACK sandboxed containers (runv) show their own guest kernel', async () => {
    const b = await boot('ack-gpu-1.34', ['ack-sandboxed-container']);
    running.push(b);
    await b.apply(ns(NS), probe('runv', { runtimeClassName: 'runv' }));
    await b.run(3000);
    const node = b.sim.store.get('', 'nodes', undefined, b.sim.store.get('', 'pods', NS, 'runv')!.spec.nodeName)!;
    const k = await kernelOf(b, 'runv');
    expect(k.KERNEL_RELEASE).not.toBe(node.status.nodeInfo.kernelVersion);
    expect(k.KERNEL_RELEASE).toBe('5.10.134-17.2.al8.x86_64');
  });
});
