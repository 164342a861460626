import { describe, expect, it } from '@jest/globals';
import { podAutoscalingFunctional } from '../../../src/checks/functional/pod-autoscaling.js';
import { deny } from '../helpers.js';
import { runFunctional } from './part2-harness.js';

const run = (options: Parameters<typeof runFunctional>[2]) =>
  runFunctional('pod_autoscaling', podAutoscalingFunctional, options);

const SCALED =
  'an HPA on the custom metric ai_conformance_queue_depth (Pods, target average 2) read it through custom.metrics.k8s.io and scaled metric-app from 1 to 2 replicas when it rose from 1 to 10; both replicas ready, ';

describe('pod_autoscaling functional', () => {
  it('GPU-less: scales on the custom metric and says accelerator pods were not shown', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: ['prometheus-adapter'] });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toBe(
      `${SCALED}no accelerators on this cluster, so the replicas used none: scaling pods that use accelerators was not shown`
    );
    expect(r.evidence).toEqual(
      expect.arrayContaining([
        'at ai_conformance_queue_depth=1: replicas current 1, desired 1, ai_conformance_queue_depth=1; ScalingActive=True ValidMetricFound',
        'at ai_conformance_queue_depth=10: replicas current 1, desired 2, ai_conformance_queue_depth=10; ScalingActive=True ValidMetricFound',
        expect.stringMatching(
          /^PodMonitor \S+\/metric-app for Prometheus monitoring\/kube-prometheus-stack-prometheus$/
        )
      ])
    );
    expect(r.leftovers).toEqual([]);
  });

  it('scales replicas that each hold a GPU through the device plugin', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['prometheus-adapter', 'gpu-nodes', 'nvidia-device-plugin']
    });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toBe(`${SCALED}each replica holding one accelerator (nvidia.com/gpu)`);
    expect(r.leftovers).toEqual([]);
  });

  it('ACK 1.34: scales DRA-backed replicas through the ACK metrics adapter', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34' });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toBe(
      `${SCALED}each replica holding one accelerator (DRA DeviceClass gpu.nvidia.com)`
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is partial when the cluster has accelerators but not two free', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['prometheus-adapter', 'gpu-nodes', 'nvidia-device-plugin'],
      setup: ({ apply }) =>
        apply(
          ...['kind-gpu-worker', 'kind-gpu-worker2'].map(node => ({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: `busy-${node}`, namespace: 'default' },
            spec: {
              nodeSelector: { 'kubernetes.io/hostname': node },
              tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
              containers: [
                {
                  name: 'c',
                  image: 'busybox',
                  command: ['sleep', 'infinity'],
                  resources: { limits: { 'nvidia.com/gpu': '2' } }
                }
              ]
            }
          }))
        )
    });
    expect(r.finding.verdict).toBe('partial');
    expect(r.finding.reason).toBe(
      `${SCALED}the replicas used no accelerator (no two free of one kind): scaling pods that use accelerators was not shown`
    );
  });

  it('fails when the HPA reads the metric but never scales', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['prometheus-adapter'],
      breaks: ['hpa-never-scales']
    });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toBe(
      'the HPA read ai_conformance_queue_depth at 10 (target average 2) but did not scale up (replicas current 1, desired 1, ai_conformance_queue_depth=10; ScalingActive=True ValidMetricFound)'
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails on ACK when the HPA never scales', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34', breaks: ['hpa-never-scales'] });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^the HPA read ai_conformance_queue_depth at 10 .* but did not scale up/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is skipped when the custom metrics API is unavailable', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['prometheus-adapter'],
      breaks: ['apiservice-unavailable']
    });
    expect(r.skipped).toMatch(/^no custom metrics API for the HPA \(/);
    expect(r.created).toEqual([]);
  });

  it('is an error, not a fail, when HPAs may not be created', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['prometheus-adapter'],
      rbac: deny(['create'], ['horizontalpodautoscalers'], ['autoscaling'])
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toMatch(/horizontalpodautoscalers/);
    expect(r.leftovers).toEqual([]);
  });

  it('leaves nothing behind when cancelled while waiting for the scale-up', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34', breaks: ['hpa-never-scales'], cancelAfterMs: 60_000 });
    expect(r.finding.verdict).toBe('error');
    expect(r.created).toEqual(expect.arrayContaining([expect.stringMatching(/^HorizontalPodAutoscaler /)]));
    expect(r.leftovers).toEqual([]);
  });
});
