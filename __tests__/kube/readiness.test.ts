import { describe, expect, it } from '@jest/globals';
import { apiServiceState, controllerState, describeCondition } from '../../src/kube/readiness.js';

describe('controllerState', () => {
  it('a Deployment is serving with a ready replica and not Available=False; all ready when every replica is', () => {
    const d = (ready: number, available: string, replicas = 2, generation = 1, observed = 1) => ({
      metadata: { namespace: 'ns', name: 'c', generation },
      spec: { replicas },
      status: {
        readyReplicas: ready,
        observedGeneration: observed,
        conditions: [
          {
            type: 'Available',
            status: available,
            reason: available === 'False' ? 'MinimumReplicasUnavailable' : 'MinimumReplicasAvailable'
          }
        ]
      }
    });
    expect(controllerState('Deployment', d(2, 'True'))).toMatchObject({
      serving: true,
      allReady: true,
      summary: '2/2 ready'
    });
    expect(controllerState('Deployment', d(1, 'True'))).toMatchObject({
      serving: true,
      allReady: false,
      summary: '1/2 ready'
    });
    expect(controllerState('Deployment', d(0, 'False'))).toMatchObject({
      serving: false,
      summary: '0/2 ready (MinimumReplicasUnavailable)'
    });
    expect(controllerState('Deployment', d(2, 'True', 2, 3, 2)).allReady).toBe(false);
    expect(controllerState('Deployment', d(0, 'True', 0))).toMatchObject({
      serving: false,
      summary: 'scaled to 0'
    });
  });

  it('a DaemonSet scheduled on no node is neither ready nor serving', () => {
    const ds = (desired: number, ready: number) => ({
      metadata: { namespace: 'ns', name: 'e' },
      status: { desiredNumberScheduled: desired, numberReady: ready }
    });
    expect(controllerState('DaemonSet', ds(0, 0))).toMatchObject({
      serving: false,
      allReady: false,
      summary: 'scheduled on no node'
    });
    expect(controllerState('DaemonSet', ds(3, 2))).toMatchObject({
      serving: true,
      allReady: false,
      summary: '2/3 ready'
    });
    expect(controllerState('DaemonSet', ds(3, 3)).allReady).toBe(true);
  });
});

describe('conditions', () => {
  it('APIService availability and condition text', () => {
    const svc = {
      metadata: { name: 'v1beta1.custom.metrics.k8s.io' },
      spec: { service: { namespace: 'monitoring', name: 'prometheus-adapter' } },
      status: {
        conditions: [
          {
            type: 'Available',
            status: 'False',
            reason: 'MissingEndpoints',
            message: 'endpoints for service/prometheus-adapter have no addresses'
          }
        ]
      }
    };
    expect(apiServiceState(svc)).toEqual({
      name: 'v1beta1.custom.metrics.k8s.io',
      available: false,
      service: 'monitoring/prometheus-adapter',
      detail: 'Available=False (MissingEndpoints: endpoints for service/prometheus-adapter have no addresses)'
    });
    expect(describeCondition({}, 'Accepted')).toBe('Accepted not reported');
  });
});
