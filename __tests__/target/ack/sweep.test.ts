import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createAckClient } from '../../../src/target/ack/factory.js';
import { listClusters, sweepExpiredClusters } from '../../../src/target/ack/sweep.js';
import { findLeaks, REGION, startStand, type Stand } from './stand.js';

let stand: Stand;
beforeEach(async () => {
  stand = await startStand();
});
afterEach(async () => {
  expect(findLeaks(stand.secrets(), stand.log)).toEqual([]);
  await stand.stop();
});

const iso = (ms: number) => new Date(ms).toISOString();
const tags = (runId: string | null, expiresAt: string | null) => [
  ...(runId === null ? [] : [{ key: 'ai-conformance/run-id', value: runId }]),
  ...(expiresAt === null ? [] : [{ key: 'ai-conformance/expires-at', value: expiresAt }])
];

function client() {
  return createAckClient(
    REGION,
    { accessKeyId: stand.key.id, accessKeySecret: stand.key.secret },
    stand.deps
  );
}

/** A region with every kind of cluster the sweep must tell apart. */
function populate(): void {
  const now = stand.time.now();
  stand.ack.addCluster({
    cluster_id: 'cexpired1aaaa',
    name: 'old-run-1',
    tags: tags('111-1', iso(now - 60_000))
  });
  stand.ack.addCluster({
    cluster_id: 'cexpired2aaaa',
    name: 'old-run-2',
    tags: [{ key: 'team', value: 'ml' }, ...tags('222-1', iso(now - 86_400_000))]
  });
  stand.ack.addCluster({
    cluster_id: 'cliveaaaaaaaa',
    name: 'running-now',
    tags: tags('333-1', iso(now + 3_600_000))
  });
  stand.ack.addCluster({
    cluster_id: 'cproduction01',
    name: 'production',
    tags: [{ key: 'env', value: 'prod' }]
  });
  stand.ack.addCluster({
    cluster_id: 'cexpiresonly1',
    name: 'expires-tag-only',
    tags: tags(null, iso(now - 60_000))
  });
  stand.ack.addCluster({ cluster_id: 'crunidonly001', name: 'run-tag-only', tags: tags('444-1', null) });
  stand.ack.addCluster({ cluster_id: 'cbadexpiry001', name: 'bad-expiry', tags: tags('555-1', 'yesterday') });
  stand.ack.addCluster({
    cluster_id: 'calreadygone1',
    name: 'deleting',
    state: 'deleting',
    tags: tags('666-1', iso(now - 60_000))
  });
  stand.ack.addCluster({
    cluster_id: 'cotherregion1',
    name: 'other-region',
    region_id: 'cn-beijing',
    tags: tags('777-1', iso(now - 60_000))
  });
}

describe('sweep', () => {
  it('deletes only expired clusters that carry both run tags, in the region', async () => {
    populate();
    const result = await sweepExpiredClusters(
      client(),
      { dryRun: false, now: stand.time.now() },
      stand.deps.log
    );
    expect(result.expired.map(c => c.clusterId)).toEqual(['cexpired1aaaa', 'cexpired2aaaa']);
    expect(result.failed).toEqual([]);
    expect(result.scanned).toBe(8);
    expect(stand.ack.calls('DeleteCluster').map(c => c.path)).toEqual([
      '/clusters/cexpired1aaaa',
      '/clusters/cexpired2aaaa'
    ]);
    expect(stand.ack.clusters.get('cliveaaaaaaaa')!.state).toBe('running');
    expect(stand.ack.clusters.get('cproduction01')!.state).toBe('running');
    expect(stand.ack.clusters.get('cotherregion1')!.state).toBe('running');
    expect(stand.log).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^ACK sweep: deleting cexpired1aaaa \(old-run-1, run 111-1, expired 2026-03-01T01:59:00\.000Z\), task T-\w+$/
        ),
        `ACK sweep: keeping cliveaaaaaaaa (running-now): expires at ${iso(stand.time.now() + 3_600_000)}`,
        'ACK sweep: skipping cbadexpiry001 (bad-expiry): its ai-conformance/expires-at tag "yesterday" is not an ISO time',
        'ACK sweep: calreadygone1 (deleting) is already deleting',
        'ACK sweep: cn-hangzhou: 8 clusters scanned, deleted 2'
      ])
    );
    expect(stand.log.join('\n')).not.toContain('cproduction01');
  });

  it('deletes nothing in a dry run and lists what it would delete', async () => {
    populate();
    const result = await sweepExpiredClusters(
      client(),
      { dryRun: true, now: stand.time.now() },
      stand.deps.log
    );
    expect(result.expired.map(c => c.clusterId)).toEqual(['cexpired1aaaa', 'cexpired2aaaa']);
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(0);
    expect(stand.log).toContain(
      'ACK sweep: would delete cexpired1aaaa (old-run-1, run 111-1, expired 2026-03-01T01:59:00.000Z)'
    );
    expect(stand.log.at(-1)).toBe('ACK sweep: cn-hangzhou: 8 clusters scanned, would delete 2');
  });

  it('pages through every cluster even when the API caps the page size', async () => {
    stand.ack.maxPageSize = 7;
    const now = stand.time.now();
    for (let i = 0; i < 60; i++) {
      stand.ack.addCluster({
        cluster_id: `cpaged${String(i).padStart(4, '0')}`,
        created: now - 1000 + i,
        tags: i % 20 === 0 ? tags(`run-${i}`, iso(now - 1)) : []
      });
    }
    const all = await listClusters(client(), 50);
    expect(all).toHaveLength(60);
    expect(new Set(all.map(c => c.clusterId)).size).toBe(60);
    const result = await sweepExpiredClusters(client(), { dryRun: false, now }, stand.deps.log);
    expect(result.expired.map(c => c.clusterId)).toEqual(['cpaged0000', 'cpaged0020', 'cpaged0040']);
  });

  it('carries on after a failed delete and reports it', async () => {
    populate();
    stand.ack.fault('DeleteCluster', { status: 403, code: 'Forbidden.RAM', message: 'denied' });
    const result = await sweepExpiredClusters(
      client(),
      { dryRun: false, now: stand.time.now() },
      stand.deps.log
    );
    expect(result.failed.map(c => c.clusterId)).toEqual(['cexpired1aaaa']);
    expect(result.failed[0].error).toMatch(/is not allowed to call cs:DeleteCluster \(Forbidden\.RAM\)/);
    expect(result.expired.map(c => c.clusterId)).toEqual(['cexpired2aaaa']);
    expect(stand.log.at(-1)).toBe('ACK sweep: cn-hangzhou: 8 clusters scanned, deleted 1, 1 failed');
  });

  it('names the RAM action when listing is not allowed', async () => {
    stand.ack.denied.add('DescribeClustersV1');
    await expect(
      sweepExpiredClusters(client(), { dryRun: false, now: stand.time.now() }, stand.deps.log)
    ).rejects.toThrow(
      /is not allowed to call cs:DescribeClustersV1 \(Forbidden\.RAM\): grant the RAM action "cs:DescribeClustersV1"/
    );
  });
});
