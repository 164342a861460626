import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { expectStatus, startSim, type Sim } from './harness.js';

describe('API server: one Event resource behind core/v1 and events.k8s.io/v1', () => {
  let sim: Sim;
  let events: k8s.EventsV1Api;
  beforeAll(async () => {
    sim = await startSim();
    events = sim.kc.makeApiClient(k8s.EventsV1Api);
  });
  afterAll(() => sim.close());
  const namespace = 'default';

  it('shows a core Event through events.k8s.io/v1, converted', async () => {
    const core = await sim.core.createNamespacedEvent({
      namespace,
      body: {
        metadata: { name: 'p.1' },
        involvedObject: { kind: 'Pod', name: 'p', namespace },
        reason: 'FailedScheduling',
        message: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
        type: 'Warning',
        source: { component: 'default-scheduler' },
        count: 2
      }
    });
    const v1 = await events.readNamespacedEvent({ name: 'p.1', namespace });
    expect(v1).toMatchObject({
      regarding: { kind: 'Pod', name: 'p' },
      note: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
      reason: 'FailedScheduling',
      type: 'Warning',
      reportingController: 'default-scheduler',
      deprecatedCount: 2
    });
    expect(v1.metadata!.uid).toBe(core.metadata!.uid);
    const list = await events.listNamespacedEvent({ namespace, fieldSelector: 'regarding.name=p' });
    expect(list.items.map(e => e.metadata!.name)).toEqual(['p.1']);
  });

  it('shows an events.k8s.io Event through core/v1 and deletes both together', async () => {
    await events.createNamespacedEvent({
      namespace,
      body: {
        metadata: { name: 'q.1' },
        eventTime: new Date('2026-01-01T00:00:00Z') as any,
        regarding: { kind: 'Job', name: 'q' },
        reason: 'Completed',
        note: 'done',
        type: 'Normal',
        reportingController: 'job-controller',
        reportingInstance: 'sim',
        action: 'Complete'
      }
    });
    const core = await sim.core.readNamespacedEvent({ name: 'q.1', namespace });
    expect(core).toMatchObject({
      involvedObject: { kind: 'Job', name: 'q' },
      message: 'done',
      reportingComponent: 'job-controller'
    });
    await sim.core.deleteNamespacedEvent({ name: 'q.1', namespace });
    await expectStatus(
      events.readNamespacedEvent({ name: 'q.1', namespace }),
      404,
      'NotFound',
      'events.events.k8s.io "q.1" not found'
    );
  });
});
