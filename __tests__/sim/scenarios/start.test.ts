import { afterAll, describe, expect, it } from '@jest/globals';
import { FakeClock } from '../../../src/sim/clock.js';
import { startSimulator, type Simulator } from '../../../src/sim/index.js';

const running: Simulator[] = [];
afterAll(async () => {
  for (const s of running) await s.stop();
});

async function start(scenario: string, addons: string[] = [], breaks: string[] = []): Promise<Simulator> {
  const sim = await startSimulator({ scenario, addons, breaks, clock: new FakeClock() });
  running.push(sim);
  return sim;
}

describe('startSimulator', () => {
  it('boots ack-gpu-1.34 to a settled, ready cluster', async () => {
    const sim = await start('ack-gpu-1.34');
    const s = sim.store;
    const notReady = s.list('apps', 'deployments').filter(d => (d.status?.readyReplicas ?? 0) < (d.spec?.replicas ?? 1)).map(d => d.metadata.name);
    expect(notReady).toEqual([]);
    const ds = s.list('apps', 'daemonsets').filter(d => d.status?.numberReady !== d.status?.desiredNumberScheduled || !d.status?.desiredNumberScheduled);
    expect(ds.map(d => d.metadata.name)).toEqual([]);
    expect(s.list('resource.k8s.io', 'resourceslices').map(x => x.spec.nodeName)).toEqual(['cn-hangzhou.10.0.2.21']);
    const gc = s.get('gateway.networking.k8s.io', 'gatewayclasses', undefined, 'eg')!;
    expect(gc.status.conditions.find((c: any) => c.type === 'Accepted').status).toBe('True');
    expect(sim.warnings).toEqual([]);
  });
});

describe('breaks on a running simulator', () => {
  it('exporter-missing-memory-metric drops only the memory series; apiservice-unavailable makes the APIService unavailable', async () => {
    const ok = await start('kind-1.34', ['gpu-nodes', 'nvidia-device-plugin', 'dcgm-exporter', 'prometheus-adapter']);
    const broken = await start('kind-1.34', ['gpu-nodes', 'nvidia-device-plugin', 'dcgm-exporter', 'prometheus-adapter'], [
      'exporter-missing-memory-metric',
      'apiservice-unavailable'
    ]);
    const api = (s: Simulator) => s.store.get('apiregistration.k8s.io', 'apiservices', undefined, 'v1beta1.custom.metrics.k8s.io')!.status.conditions[0];
    expect(api(ok)).toMatchObject({ type: 'Available', status: 'True' });
    expect(api(broken)).toMatchObject({ type: 'Available', status: 'False', reason: 'MissingEndpoints' });
    const ds = (s: Simulator) => s.store.get('apps', 'daemonsets', 'default', 'dcgm-exporter')!.status;
    expect(ds(ok)).toMatchObject({ desiredNumberScheduled: 2, numberReady: 2 });
    expect(ok.store.get('', 'nodes', undefined, 'kind-gpu-worker')!.status.allocatable['nvidia.com/gpu']).toBe('2');
  });
});
