import { describe, expect, it } from '@jest/globals';
import { makeCluster } from './helpers.js';

describe('workload controllers', () => {
  it('rolls a Deployment out to ready pods through a ReplicaSet', async () => {
    const c = makeCluster();
    c.node('w1');
    c.node('w2');
    c.ns('web');
    c.store.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx', namespace: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'nginx' } },
        template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } }
      }
    });
    await c.run(5000);
    const d = c.store.get('apps', 'deployments', 'web', 'nginx')!;
    expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
    expect(d.status.conditions.find((x: any) => x.type === 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    const rs = c.store.list('apps', 'replicasets', 'web');
    expect(rs).toHaveLength(1);
    expect(rs[0].metadata.name).toMatch(/^nginx-[a-z0-9]{10}$/);
    const pods = c.store.list('', 'pods', 'web');
    expect(pods).toHaveLength(3);
    expect(pods.every(p => p.status.phase === 'Running' && p.spec.nodeName)).toBe(true);
    expect(new Set(pods.map(p => p.spec.nodeName))).toEqual(new Set(['w1', 'w2']));
    expect(c.warnings).toEqual([]);
  });
});
