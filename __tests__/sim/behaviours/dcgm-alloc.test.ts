import { afterAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { parseExposition } from '../../../src/sim/handlers/scraper.js';
import { boot, ns, type Booted } from './ai-helpers.js';

const NS = 'gpu-load';
const ADDONS = ['gpu-nodes', 'nvidia-device-plugin', 'dcgm-exporter'];

const gpuPod = (name: string, script: string, restartPolicy = 'Never') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: NS },
  spec: {
    restartPolicy,
    tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    containers: [{ name: 'cuda', image: 'nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda12.5.0', command: ['sh', '-c', script], resources: { limits: { 'nvidia.com/gpu': 1 } } }]
  }
});

const running: Booted[] = [];
afterAll(async () => {
  for (const b of running) await b.stop();
});

/** The exporter's samples on a node, read through the API server's pods proxy with client-node. */
async function scrape(b: Booted, node: string) {
  const exporter = b.sim.store.list('', 'pods', 'default').find(p => p.metadata.labels?.['app.kubernetes.io/name'] === 'dcgm-exporter' && p.spec.nodeName === node)!;
  const text = await b.core.connectGetNamespacedPodProxyWithPath({ namespace: 'default', name: `${exporter.metadata.name}:9400`, path: 'metrics' });
  return parseExposition(String(text));
}

describe('DCGM series follow GPU allocation', () => {
  it('shows utilization and framebuffer use, with pod labels, on the device a running GPU load holds; idle devices stay at 0', async () => {
    const b = await boot('kind-1.34', ADDONS);
    running.push(b);
    await b.apply(ns(NS), gpuPod('load', 'while true; do /cuda-samples/vectorAdd; sleep 1; done'));
    await b.run(5000);
    const pod = b.sim.store.get('', 'pods', NS, 'load')!;
    expect(pod.status.phase).toBe('Running');
    const samples = await scrape(b, pod.spec.nodeName);
    const util = samples.filter(s => s.name === 'DCGM_FI_DEV_GPU_UTIL');
    const mine = util.filter(s => s.labels.pod === 'load');
    expect(mine).toHaveLength(1);
    expect(mine[0].labels).toMatchObject({ namespace: NS, container: 'cuda' });
    expect(mine[0].value).toBeGreaterThan(0);
    const uuid = mine[0].labels.UUID;
    expect(samples.find(s => s.name === 'DCGM_FI_DEV_FB_USED' && s.labels.UUID === uuid)!.value).toBeGreaterThan(0);
    const idle = util.filter(s => s.labels.UUID !== uuid);
    expect(idle.length).toBe(1);
    expect(idle.every(s => s.value === 0 && s.labels.pod === undefined)).toBe(true);
    expect(samples.find(s => s.name === 'DCGM_FI_DEV_FB_USED' && s.labels.UUID === idle[0].labels.UUID)!.value).toBe(0);

    await b.objects.delete({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'load', namespace: NS } } as k8s.KubernetesObject);
    await b.run(2000);
    const after = await scrape(b, pod.spec.nodeName);
    expect(after.filter(s => s.name === 'DCGM_FI_DEV_GPU_UTIL').every(s => s.value === 0 && !s.labels.pod)).toBe(true);
  });

  it('a finished GPU pod no longer loads its device', async () => {
    const b = await boot('kind-1.34', ADDONS);
    running.push(b);
    await b.apply(ns(NS), gpuPod('once', '/cuda-samples/vectorAdd'));
    await b.run(5000);
    const pod = b.sim.store.get('', 'pods', NS, 'once')!;
    expect(pod.status.phase).toBe('Succeeded');
    expect((await scrape(b, pod.spec.nodeName)).filter(s => s.name === 'DCGM_FI_DEV_GPU_UTIL').map(s => s.value)).toEqual([0, 0]);
  });

  it('exporter-missing-memory-metric still drops the framebuffer series under load', async () => {
    const b = await boot('kind-1.34', ADDONS, ['exporter-missing-memory-metric']);
    running.push(b);
    await b.apply(ns(NS), gpuPod('load', 'while true; do /cuda-samples/vectorAdd; sleep 1; done'));
    await b.run(5000);
    const samples = await scrape(b, b.sim.store.get('', 'pods', NS, 'load')!.spec.nodeName);
    expect(samples.find(s => s.name === 'DCGM_FI_DEV_GPU_UTIL' && s.labels.pod === 'load')!.value).toBeGreaterThan(0);
    expect(samples.filter(s => s.name.startsWith('DCGM_FI_DEV_FB_'))).toEqual([]);
  });
});
