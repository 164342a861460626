/**
 * The scheduled safety net: every cluster in a region that carries this action's run tags and
 * whose expires-at tag has passed is deleted. Clusters without both tags, with an unreadable
 * expiry, not yet expired, or already deleting are left alone. Listing is paginated
 * (DescribeClustersV1); one failed delete does not stop the others.
 */
import type { AckClient, ClusterInfo } from './client.js';
import { AckError } from './errors.js';
import { EXPIRES_AT_TAG, expiryOf } from './tags.js';

export interface SweepOptions {
  /** List what would be deleted, delete nothing. */
  dryRun: boolean;
  now: number;
  pageSize?: number;
}

export interface SweptCluster {
  clusterId: string;
  name: string;
  runId: string;
  expiresAt: string;
}

export interface SweepResult {
  /** Deleted (or, in a dry run, would be deleted). */
  expired: SweptCluster[];
  failed: Array<SweptCluster & { error: string }>;
  /** Clusters seen in the region, tagged or not. */
  scanned: number;
}

const PAGE_SIZE = 50;
/** A stop for an API that keeps saying "more" (50 × 200 = 10 000 clusters). */
const MAX_PAGES = 200;
const GONE = new Set(['deleting', 'deleted']);

export async function listClusters(client: AckClient, pageSize = PAGE_SIZE): Promise<ClusterInfo[]> {
  const all: ClusterInfo[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { clusters, totalCount } = await client.describeClusters(page, pageSize);
    all.push(...clusters);
    if (clusters.length === 0) return all;
    // total_count decides; a short page only when the API gives no total (it may cap page_size).
    if (totalCount > 0 ? all.length >= totalCount : clusters.length < pageSize) return all;
  }
  throw new AckError(
    'api',
    `ACK DescribeClustersV1 still had more clusters after ${MAX_PAGES} pages; sweep stopped without deleting anything`
  );
}

export async function sweepExpiredClusters(
  client: AckClient,
  opts: SweepOptions,
  log: (line: string) => void
): Promise<SweepResult> {
  const clusters = (await listClusters(client, opts.pageSize)).filter(
    c => !c.regionId || c.regionId === client.region
  );
  const result: SweepResult = { expired: [], failed: [], scanned: clusters.length };
  for (const cluster of clusters) {
    const expiry = expiryOf(cluster.tags, opts.now);
    if (expiry.kind === 'untagged') continue;
    if (expiry.kind === 'invalid') {
      log(
        `ACK sweep: skipping ${cluster.clusterId} (${cluster.name}): its ${EXPIRES_AT_TAG} tag ${JSON.stringify(expiry.value)} is not an ISO time`
      );
      continue;
    }
    if (expiry.kind === 'live') {
      log(
        `ACK sweep: keeping ${cluster.clusterId} (${cluster.name}): expires at ${expiry.expiresAt.toISOString()}`
      );
      continue;
    }
    if (GONE.has(cluster.state)) {
      log(`ACK sweep: ${cluster.clusterId} (${cluster.name}) is already ${cluster.state}`);
      continue;
    }
    const swept: SweptCluster = {
      clusterId: cluster.clusterId,
      name: cluster.name,
      runId: expiry.runId,
      expiresAt: expiry.expiresAt.toISOString()
    };
    if (opts.dryRun) {
      log(
        `ACK sweep: would delete ${cluster.clusterId} (${cluster.name}, run ${expiry.runId}, expired ${swept.expiresAt})`
      );
      result.expired.push(swept);
      continue;
    }
    try {
      const { taskId } = await client.deleteCluster(cluster.clusterId);
      log(
        `ACK sweep: deleting ${cluster.clusterId} (${cluster.name}, run ${expiry.runId}, expired ${swept.expiresAt})${taskId ? `, task ${taskId}` : ''}`
      );
      result.expired.push(swept);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      log(`ACK sweep: could not delete ${cluster.clusterId} (${cluster.name}): ${error}`);
      result.failed.push({ ...swept, error });
    }
  }
  const verb = opts.dryRun ? 'would delete' : 'deleted';
  log(
    `ACK sweep: ${client.region}: ${result.scanned} cluster${result.scanned === 1 ? '' : 's'} scanned, ${verb} ${result.expired.length}${result.failed.length ? `, ${result.failed.length} failed` : ''}`
  );
  return result;
}
