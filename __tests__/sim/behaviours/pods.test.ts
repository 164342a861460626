import { describe, expect, it } from '@jest/globals';
import { makeCluster, simplePod } from './helpers.js';

const gpuPlugin = { resource: 'nvidia.com/gpu', unit: 'gpu' as const, namespace: 'kube-system', podLabels: { name: 'dp' } };

async function gpuCluster(runtime: Record<string, unknown> = {}) {
  const c = makeCluster({ devicePlugins: [gpuPlugin], runtime: { exposeAllGpus: false, acceptVisibleDevicesEnv: true, startDelayMs: 1000, ...runtime } });
  c.ns('kube-system');
  c.node('gpu1', { gpus: 2, taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] });
  c.store.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'dp-gpu1', namespace: 'kube-system', labels: { name: 'dp' } },
    spec: { nodeName: 'gpu1', containers: [{ name: 'dp', image: 'nvcr.io/nvidia/k8s-device-plugin:v0.17.1' }] }
  });
  await c.run(3000);
  return c;
}

const tol = [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }];

describe('simulated containers', () => {
  it('lists exactly the GPUs allocated to each container, and none to a container without a request', async () => {
    const c = await gpuCluster();
    expect(c.store.get('', 'nodes', undefined, 'gpu1')!.status.allocatable['nvidia.com/gpu']).toBe('2');
    const gpus = c.hardware.gpus('gpu1');
    c.store.create(
      simplePod('two', {
        restartPolicy: 'Never',
        tolerations: tol,
        containers: [
          { name: 'with', image: 'ubuntu:22.04', command: ['nvidia-smi', '-L'], resources: { limits: { 'nvidia.com/gpu': '1' } } },
          { name: 'without', image: 'ubuntu:22.04', command: ['sh', '-c', 'ls /dev/nvidia*; nvidia-smi -L'] }
        ]
      })
    );
    c.store.create(
      simplePod('other', {
        restartPolicy: 'Never',
        tolerations: tol,
        containers: [{ name: 'c', image: 'ubuntu:22.04', command: ['sh', '-c', 'nvidia-smi -L; ls /dev/nvidia*'], resources: { limits: { 'nvidia.com/gpu': '1' } } }]
      })
    );
    await c.run(5000);
    const log = (pod: string, ctr: string) => c.cluster.kubelet.log('default', pod, ctr, {});
    expect(log('two', 'with')).toBe(`GPU 0: NVIDIA A10 (UUID: ${gpus[0].uuid})\n`);
    expect(log('other', 'c')).toBe(
      `GPU 0: NVIDIA A10 (UUID: ${gpus[1].uuid})\n/dev/nvidia-uvm\n/dev/nvidia-uvm-tools\n/dev/nvidia1\n/dev/nvidiactl\n`
    );
    expect(log('two', 'without')).toBe("ls: cannot access '/dev/nvidia*': No such file or directory\nsh: nvidia-smi: not found\n");
    const two = c.pod('default', 'two')!;
    expect(two.status.phase).toBe('Failed');
    expect(two.status.containerStatuses.map((s: any) => [s.name, s.state.terminated.exitCode])).toEqual([
      ['with', 0],
      ['without', 127]
    ]);
    // A third GPU request does not fit: both GPUs are held by running... finished pods release them.
    expect(gpus[0].uuid).toMatch(/^GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('shows every GPU to every container when the runtime is broken', async () => {
    const c = await gpuCluster({ exposeAllGpus: true });
    c.store.create(simplePod('p', { restartPolicy: 'Never', tolerations: tol, containers: [{ name: 'c', image: 'ubuntu', command: ['nvidia-smi', '-L'] }] }));
    await c.run(3000);
    expect(c.cluster.kubelet.log('default', 'p', 'c', {})!.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('runs echo, sleep and exit codes on the clock, restarts with back-off', async () => {
    const c = makeCluster();
    c.node('w1');
    c.store.create(simplePod('s', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo hi; sleep 30; echo bye; exit 3'] }] }));
    c.store.create(simplePod('crash', { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 1'] }] }));
    c.store.create(simplePod('server', { containers: [{ name: 'c', image: 'python:3.13', command: ['python', '-m', 'http.server'] }] }));
    await c.run(10_000);
    expect(c.pod('default', 's')!.status.phase).toBe('Running');
    expect(c.cluster.kubelet.log('default', 's', 'c', {})).toBe('hi\n');
    await c.run(30_000);
    const s = c.pod('default', 's')!;
    expect(s.status.phase).toBe('Failed');
    expect(s.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(c.cluster.kubelet.log('default', 's', 'c', {})).toBe('hi\nbye\n');
    const crash = c.pod('default', 'crash')!.status.containerStatuses[0];
    expect(crash.restartCount).toBeGreaterThanOrEqual(2);
    expect(c.events('crash').some(e => e.startsWith('Warning BackOff: Back-off restarting failed container c'))).toBe(true);
    const server = c.pod('default', 'server')!;
    expect(server.status.phase).toBe('Running');
    expect(server.status.podIP).toMatch(/^10\.244\.1\.\d+$/);
    expect(server.status.conditions.find((x: any) => x.type === 'Ready').status).toBe('True');
  });
});
