import { afterAll, describe, expect, it } from '@jest/globals';
import type { Simulator } from '../../../src/sim/index.js';
import { apiRequest, condition, startFakeSim } from './part1-helpers.js';

const running: Simulator[] = [];
afterAll(async () => {
  for (const s of running) await s.stop();
});

const METRIC = 'ai_conformance_load';

/** A resource-consumer Deployment and an HPA on its per-pod custom metric (target 2 per pod). */
async function workload(
  scenario: string,
  addons: string[],
  breaks: string[] = [],
  metric: Record<string, unknown> = {}
) {
  const { sim, run } = await startFakeSim(scenario, addons, breaks);
  running.push(sim);
  const s = sim.store;
  s.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'hpa' } });
  s.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'consumer', namespace: 'hpa' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'consumer' } },
      template: {
        metadata: { labels: { app: 'consumer' } },
        spec: {
          containers: [
            {
              name: 'consumer',
              image: 'registry.k8s.io/e2e-test-images/resource-consumer:1.13',
              ports: [{ containerPort: 8080 }]
            }
          ]
        }
      }
    }
  });
  s.create({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'consumer', namespace: 'hpa' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'consumer' },
      minReplicas: 1,
      maxReplicas: 3,
      metrics: [
        Object.keys(metric).length
          ? metric
          : {
              type: 'Pods',
              pods: { metric: { name: METRIC }, target: { type: 'AverageValue', averageValue: '2' } }
            }
      ]
    }
  });
  await run(20_000);
  const hpa = () => s.get('autoscaling', 'horizontalpodautoscalers', 'hpa', 'consumer')!;
  const replicas = () => s.get('apps', 'deployments', 'hpa', 'consumer')!.spec.replicas;
  const pods = () => s.list('', 'pods', 'hpa').filter(p => p.metadata.labels?.app === 'consumer');
  const events = () =>
    s
      .list('', 'events', 'hpa')
      .filter(e => e.involvedObject.kind === 'HorizontalPodAutoscaler')
      .map(e => `${e.type} ${e.reason}: ${e.message}`);
  /** Raises the metric on the first pod as a check would: POST through the API server's pod proxy. */
  const bump = async (delta: number, seconds: number) => {
    const pod = pods()[0].metadata.name;
    return apiRequest(
      sim,
      'POST',
      `/api/v1/namespaces/hpa/pods/${pod}:8080/proxy/BumpMetric?metric=${METRIC}&delta=${delta}&durationSec=${seconds}`
    );
  };
  return { sim, run, hpa, replicas, pods, events, bump };
}

describe('HPA controller on a custom metric (resource-consumer workload, prometheus-adapter)', () => {
  it('reports the missing metric, then scales the Deployment up when the metric rises and down after it falls', async () => {
    const w = await workload('kind-1.34', ['prometheus-adapter']);
    const missing = `unable to get metric ${METRIC}: unable to fetch metrics from custom metrics API: the server could not find the metric ${METRIC} for pods`;
    expect(condition(w.hpa(), 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededGetScale' });
    expect(condition(w.hpa(), 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'FailedGetPodsMetric',
      message: `the HPA was unable to compute the replica count: ${missing}`
    });
    expect(w.events()).toContain(`Warning FailedGetPodsMetric: ${missing}`);
    expect(w.events()).toContain(
      `Warning FailedComputeMetricsReplicas: invalid metrics (1 invalid out of 1), first error is: failed to get pods metric value: ${missing}`
    );

    const bumped = await w.bump(10, 120);
    expect(bumped.status).toBe(200);
    expect(bumped.text).toBe(`BumpMetric\n${METRIC} metric\n10 delta\n120 durationSec\n`);
    const pod = w.pods()[0].metadata.name;
    const metrics = await apiRequest(w.sim, 'GET', `/api/v1/namespaces/hpa/pods/${pod}:8080/proxy/metrics`);
    expect(metrics.text).toBe(
      `# HELP ${METRIC} info message.\n# TYPE ${METRIC} gauge\n${METRIC} 10.000000\n`
    );
    const api = await apiRequest(
      w.sim,
      'GET',
      `/apis/custom.metrics.k8s.io/v1beta1/namespaces/hpa/pods/*/${METRIC}?labelSelector=app%3Dconsumer`
    );
    expect(api.json().items).toEqual([
      expect.objectContaining({
        describedObject: { kind: 'Pod', namespace: 'hpa', name: pod, apiVersion: '/v1' },
        metricName: METRIC,
        value: '10'
      })
    ]);

    await w.run(15_000);
    expect(w.replicas()).toBe(3);
    const st = w.hpa().status;
    expect(st).toMatchObject({ currentReplicas: 1, desiredReplicas: 3 });
    expect(st.currentMetrics).toEqual([
      { type: 'Pods', pods: { metric: { name: METRIC }, current: { averageValue: '10' } } }
    ]);
    expect(condition(w.hpa(), 'AbleToScale')).toMatchObject({
      status: 'True',
      reason: 'SucceededRescale',
      message: 'the HPA controller was able to update the target scale to 3'
    });
    expect(condition(w.hpa(), 'ScalingActive')).toMatchObject({
      status: 'True',
      reason: 'ValidMetricFound',
      message: `the HPA was able to successfully calculate a replica count from pods metric ${METRIC}`
    });
    expect(condition(w.hpa(), 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas' });
    expect(w.events()).toContain(
      `Normal SuccessfulRescale: New size: 3; reason: pods metric ${METRIC} above target`
    );
    await w.run(16_000);
    expect(w.hpa().status.currentReplicas).toBe(3);

    // The bump ends after 120 s; the downscale stabilization window (300 s) then lets it scale down.
    await w.run(200_000);
    expect(w.replicas()).toBe(3);
    expect(condition(w.hpa(), 'AbleToScale')).toMatchObject({ reason: 'ScaleDownStabilized' });
    await w.run(300_000);
    expect(w.replicas()).toBeLessThan(3);
    expect(
      w
        .events()
        .some(
          e =>
            e.startsWith('Normal SuccessfulRescale: New size: ') &&
            e.endsWith('reason: All metrics below target')
        )
    ).toBe(true);
  });

  it('broken (hpa-never-scales): the metric is read and reported, but the desired replicas never rise', async () => {
    const w = await workload('kind-1.34', ['prometheus-adapter'], ['hpa-never-scales']);
    await w.bump(10, 120);
    await w.run(32_000);
    const st = w.hpa().status;
    expect(st.currentMetrics).toEqual([
      { type: 'Pods', pods: { metric: { name: METRIC }, current: { averageValue: '10' } } }
    ]);
    expect(st).toMatchObject({ currentReplicas: 1, desiredReplicas: 1 });
    expect(w.replicas()).toBe(1);
    expect(condition(w.hpa(), 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound' });
    expect(w.events().some(e => e.includes('SuccessfulRescale'))).toBe(false);
  });

  it('reads an External metric through the ACK adapter (the gauge summed over the namespace)', async () => {
    const w = await workload('ack-gpu-1.34', [], [], {
      type: 'External',
      external: { metric: { name: METRIC }, target: { type: 'AverageValue', averageValue: '2' } }
    });
    expect(condition(w.hpa(), 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'FailedGetExternalMetric'
    });
    await w.bump(4, 120);
    await w.run(15_000);
    expect(w.hpa().status.currentMetrics).toEqual([
      { type: 'External', external: { metric: { name: METRIC }, current: { averageValue: '4' } } }
    ]);
    expect(w.replicas()).toBe(2);
  });

  it('reads an Object metric of a Service (the sum over the pods it selects) against a Value target', async () => {
    const w = await workload('kind-1.34', ['prometheus-adapter'], [], {
      type: 'Object',
      object: {
        describedObject: { apiVersion: 'v1', kind: 'Service', name: 'consumer' },
        metric: { name: METRIC },
        target: { type: 'Value', value: '3' }
      }
    });
    w.sim.store.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'consumer', namespace: 'hpa' },
      spec: { selector: { app: 'consumer' }, ports: [{ port: 80, targetPort: 8080 }] }
    });
    await w.bump(6, 120);
    await w.run(15_000);
    expect(w.hpa().status.currentMetrics).toEqual([
      {
        type: 'Object',
        object: {
          describedObject: { apiVersion: 'v1', kind: 'Service', name: 'consumer' },
          metric: { name: METRIC },
          current: { value: '6' }
        }
      }
    ]);
    expect(condition(w.hpa(), 'ScalingActive')).toMatchObject({
      status: 'True',
      message: `the HPA was able to successfully calculate a replica count from Service metric ${METRIC}`
    });
    expect(w.replicas()).toBe(2);
  });

  it('says so when the custom metrics APIService is unavailable', async () => {
    const w = await workload('kind-1.34', ['prometheus-adapter'], ['apiservice-unavailable']);
    await w.bump(10, 120);
    await w.run(16_000);
    expect(condition(w.hpa(), 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'FailedGetPodsMetric',
      message: `the HPA was unable to compute the replica count: unable to get metric ${METRIC}: unable to fetch metrics from custom metrics API: the server is currently unable to handle the request (get pods.custom.metrics.k8s.io *)`
    });
    expect(w.replicas()).toBe(1);
  });
});
