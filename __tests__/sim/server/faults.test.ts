import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Faults } from '../../../src/sim/faults.js';
import { expectStatus, raw, startSim, type Sim } from './harness.js';

describe('fault decisions', () => {
  it('draws rates from a seeded RNG: the same seed gives the same faults', () => {
    const run = (seed: number) => {
      const f = new Faults({
        seed,
        rules: [{ verbs: ['list'], resources: ['pods'], rate: 0.3, action: { type: 'error', code: 500 } }]
      });
      return Array.from(
        { length: 50 },
        () => f.decide({ verb: 'list', group: '', resource: 'pods', path: '/api/v1/pods' }).kind
      );
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    const errors = run(7).filter(k => k === 'error').length;
    expect(errors).toBeGreaterThan(5);
    expect(errors).toBeLessThan(30);
  });

  it('matches verbs, resources (plain or group-qualified) and namespaces, and counts times', () => {
    const f = new Faults({
      rules: [{ resources: ['deployments.apps'], namespaces: ['a'], times: 1, action: { type: 'reset' } }]
    });
    const facts = {
      verb: 'get',
      group: 'apps',
      resource: 'deployments',
      namespace: 'a',
      path: '/apis/apps/v1/namespaces/a/deployments/x'
    };
    expect(f.decide({ ...facts, namespace: 'b' }).kind).toBe('none');
    expect(f.decide(facts).kind).toBe('reset');
    expect(f.decide(facts).kind).toBe('none');
    expect(() => new Faults({ rules: [{ action: { type: 'explode' } as any }] })).toThrow(
      'faults.rules[0].action.type: expected one of error, throttle, reset, hang, latency'
    );
  });
});

describe('API server: injected faults', () => {
  let sim: Sim;
  const delays: number[] = [];
  beforeAll(async () => {
    sim = await startSim({
      delay: async ms => {
        delays.push(ms);
      }
    });
  });
  afterAll(() => sim.close());

  it('throttles with 429 and Retry-After', async () => {
    sim.server.setFaults({
      rules: [
        { verbs: ['list'], resources: ['configmaps'], action: { type: 'throttle', retryAfterSeconds: 3 } }
      ]
    });
    const r = await raw(sim.server, 'GET', '/api/v1/namespaces/default/configmaps');
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('3');
    expect(r.json()).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 3 } });
    // Other verbs and resources pass.
    expect((await sim.core.listNamespacedSecret({ namespace: 'default' })).items).toEqual([]);
  });

  it('fails by verb and resource with the real reasons', async () => {
    sim.server.setFaults({
      rules: [
        { verbs: ['create'], resources: ['pods'], action: { type: 'error', code: 503 } },
        { resources: ['nodes'], action: { type: 'error', code: 504 } }
      ]
    });
    await expectStatus(
      sim.core.createNamespacedPod({
        namespace: 'default',
        body: { metadata: { name: 'x' }, spec: { containers: [{ name: 'c', image: 'i' }] } }
      }),
      503,
      'ServiceUnavailable',
      'the server is currently unable to handle the request'
    );
    await expectStatus(sim.core.listNode(), 504, 'Timeout');
  });

  it('resets connections and hangs requests until the client gives up', async () => {
    sim.server.setFaults({
      rules: [
        { resources: ['secrets'], action: { type: 'reset' } },
        { resources: ['services'], action: { type: 'hang' } }
      ]
    });
    await expect(sim.core.listNamespacedSecret({ namespace: 'default' })).rejects.toThrow();
    await expect(
      raw(sim.server, 'GET', '/api/v1/namespaces/default/services', { timeoutMs: 200 })
    ).rejects.toThrow('client timeout');
  });

  it('adds latency per request', async () => {
    sim.server.setFaults({
      latencyMs: 25,
      rules: [{ resources: ['pods'], action: { type: 'latency', ms: 100 } }]
    });
    delays.length = 0;
    await sim.core.listNamespacedConfigMap({ namespace: 'default' });
    await sim.core.listNamespacedPod({ namespace: 'default' });
    expect(delays).toEqual([25, 125]);
    sim.server.setFaults({});
    await sim.core.listNamespacedPod({ namespace: 'default' });
    expect(delays).toEqual([25, 125]);
  });
});
