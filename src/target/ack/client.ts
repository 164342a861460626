/**
 * The ACK OpenAPI (cs 2015-12-15) through the official SDK, with what the SDK leaves to callers:
 * throttling and transient failures retried with capped exponential backoff (injected sleep),
 * and every failure turned into an AckError naming what to fix. Only the calls the action needs
 * are exposed, each returning plain data in the API's own terms.
 */
import { AckError, explainFailure, redact, type ApiFailure } from './errors.js';
import type { ResolvedCredentials } from './credentials.js';
import {
  $OpenApiUtil,
  CsClient,
  DeleteClusterRequest,
  DescribeClusterUserKubeconfigRequest,
  DescribeClustersV1Request,
  DescribeKubernetesVersionMetadataRequest
} from './sdk.js';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Where a test (or a private deployment) points the ACK calls. */
export interface CsEndpoint {
  /** host[:port]; default: the SDK's regional endpoint cs.<region>.aliyuncs.com. */
  endpoint?: string;
  protocol?: 'https' | 'http';
  /** PEM CA to trust (tests). */
  ca?: string;
}

export interface RetryPolicy {
  /** Total attempts per call, including the first. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 30000 };

export interface AckClientOptions {
  region: string;
  credentials: ResolvedCredentials;
  endpoint?: CsEndpoint;
  retry?: Partial<RetryPolicy>;
  sleep?: Sleep;
  random?: () => number;
  /** Told about each retry (one line, no secrets). */
  log?: (line: string) => void;
}

export interface ClusterTag {
  key: string;
  value: string;
}

export interface ClusterInfo {
  clusterId: string;
  name: string;
  state: string;
  regionId: string;
  clusterType: string;
  currentVersion: string;
  tags: ClusterTag[];
  created: string;
}

export interface TaskInfo {
  taskId: string;
  state: string;
  currentStage: string;
  /** The task's error, or the message of a failed stage. */
  error: string | null;
}

export interface KubeconfigAnswer {
  config: string;
  /** RFC 3339, or null when the API did not say. */
  expiration: string | null;
}

export interface ClusterPage {
  clusters: ClusterInfo[];
  totalCount: number;
}

type Runtime = Parameters<CsClient['callApi']>[2];

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export class AckClient {
  readonly region: string;
  private readonly sdk: CsClient;
  private readonly credentials: ResolvedCredentials;
  private readonly retry: RetryPolicy;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly log: (line: string) => void;

  constructor(options: AckClientOptions) {
    this.region = options.region;
    this.credentials = options.credentials;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? (() => {});
    const ep = options.endpoint ?? {};
    this.sdk = new CsClient(
      new $OpenApiUtil.Config({
        credential: options.credentials.credential,
        regionId: options.region,
        endpoint: ep.endpoint,
        protocol: ep.protocol ?? 'https',
        ca: ep.ca,
        readTimeout: 30000,
        connectTimeout: 10000
      })
    );
  }

  async describeClusterUserKubeconfig(
    clusterId: string,
    opts: { privateIpAddress: boolean; temporaryDurationMinutes: number }
  ): Promise<KubeconfigAnswer> {
    const res = await this.call('DescribeClusterUserKubeconfig', { clusterId }, () =>
      this.sdk.describeClusterUserKubeconfig(
        clusterId,
        new DescribeClusterUserKubeconfigRequest({
          privateIpAddress: opts.privateIpAddress,
          temporaryDurationMinutes: opts.temporaryDurationMinutes
        })
      )
    );
    const body = res.body;
    if (!body?.config)
      throw new AckError(
        'api',
        `ACK DescribeClusterUserKubeconfig returned no kubeconfig for cluster ${clusterId}`
      );
    return { config: body.config, expiration: body.expiration || null };
  }

  async describeClusterDetail(clusterId: string): Promise<ClusterInfo> {
    const res = await this.call('DescribeClusterDetail', { clusterId }, () =>
      this.sdk.describeClusterDetail(clusterId)
    );
    const b = res.body ?? ({} as NonNullable<typeof res.body>);
    return {
      clusterId: b.clusterId ?? clusterId,
      name: b.name ?? '',
      state: b.state ?? '',
      regionId: b.regionId ?? '',
      clusterType: b.clusterType ?? '',
      currentVersion: b.currentVersion ?? '',
      tags: toTags(b.tags),
      created: b.created ?? ''
    };
  }

  async describeTaskInfo(taskId: string): Promise<TaskInfo> {
    const res = await this.call('DescribeTaskInfo', {}, () => this.sdk.describeTaskInfo(taskId));
    const b = res.body ?? ({} as NonNullable<typeof res.body>);
    const failedStage = (b.stages ?? []).find(s => s.state === 'failed' || s.state === 'fail');
    const error = b.error?.message || failedStage?.message || null;
    return {
      taskId: b.taskId ?? taskId,
      state: b.state ?? '',
      currentStage: b.currentStage ?? '',
      error: error ? String(error) : null
    };
  }

  /**
   * CreateCluster with the body sent as given (snake_case, as the API documents it), so fields
   * this SDK version does not model are not dropped. Same request the SDK's createCluster makes.
   */
  async createCluster(body: Record<string, unknown>): Promise<{ clusterId: string; taskId: string }> {
    const params = new $OpenApiUtil.Params({
      action: 'CreateCluster',
      version: '2015-12-15',
      protocol: 'HTTPS',
      pathname: '/clusters',
      method: 'POST',
      authType: 'AK',
      style: 'ROA',
      reqBodyType: 'json',
      bodyType: 'json'
    });
    // Not retried after a transient failure: the cluster may have been created anyway.
    const res = await this.call(
      'CreateCluster',
      { idempotent: false },
      () =>
        this.sdk.callApi(params, new $OpenApiUtil.OpenApiRequest({ body }), {} as Runtime) as Promise<{
          body?: any;
        }>
    );
    const clusterId = res.body?.cluster_id;
    if (!clusterId) throw new AckError('api', 'ACK CreateCluster answered without a cluster_id');
    return { clusterId: String(clusterId), taskId: String(res.body?.task_id ?? '') };
  }

  async deleteCluster(clusterId: string): Promise<{ taskId: string }> {
    const res = await this.call('DeleteCluster', { clusterId }, () =>
      this.sdk.deleteCluster(clusterId, new DeleteClusterRequest({ retainAllResources: false }))
    );
    return { taskId: res.body?.taskId ?? '' };
  }

  async describeClusters(pageNumber: number, pageSize: number): Promise<ClusterPage> {
    const res = await this.call('DescribeClustersV1', {}, () =>
      this.sdk.describeClustersV1(
        new DescribeClustersV1Request({ regionId: this.region, pageNumber, pageSize })
      )
    );
    const b = res.body ?? ({} as NonNullable<typeof res.body>);
    return {
      clusters: (b.clusters ?? []).map(c => ({
        clusterId: c.clusterId ?? '',
        name: c.name ?? '',
        state: c.state ?? '',
        regionId: c.regionId ?? '',
        clusterType: c.clusterType ?? '',
        currentVersion: c.currentVersion ?? '',
        tags: toTags(c.tags),
        created: c.created ?? ''
      })),
      totalCount: b.pageInfo?.totalCount ?? 0
    };
  }

  /** Kubernetes versions ACK can create in this region for a cluster type and profile. */
  async creatableVersions(clusterType: string, profile: string): Promise<string[]> {
    const res = await this.call('DescribeKubernetesVersionMetadata', {}, () =>
      this.sdk.describeKubernetesVersionMetadata(
        new DescribeKubernetesVersionMetadataRequest({
          region: this.region,
          clusterType,
          profile,
          mode: 'creatable'
        })
      )
    );
    return (res.body ?? []).filter(v => v.creatable !== false && v.version).map(v => String(v.version));
  }

  /** Runs one SDK call with retries; every failure leaves as an AckError. */
  private async call<T>(
    action: string,
    ctx: { clusterId?: string; idempotent?: boolean },
    fn: () => Promise<T>
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (e instanceof AckError) throw e;
        const failure = toFailure(e, this.credentials.secrets());
        const throttled = failure.code.includes('Throttling');
        // No HTTP status: the request got no answer at all (DNS, connection, TLS, timeout).
        const unanswered = failure.statusCode === null;
        const transient = !throttled && isTransient(e, failure);
        const retryable = throttled || (transient && ctx.idempotent !== false);
        if (!retryable || attempt >= this.retry.attempts) {
          if (unanswered) {
            throw new AckError(
              'api',
              `ACK ${action} got no answer from the API (${failure.message}) after ${attempt} attempt${attempt === 1 ? '' : 's'}: check the runner's network and input "alibaba-cloud-region"`
            );
          }
          throw explainFailure(failure, {
            action,
            clusterId: ctx.clusterId,
            region: this.region,
            hints: this.credentials.hints,
            attempts: attempt
          });
        }
        const delay = this.backoff(attempt, (e as { retryAfter?: number }).retryAfter);
        this.log(
          `ACK ${action}: ${failure.code || 'temporary failure'}, retrying in ${Math.round(delay / 100) / 10}s (attempt ${attempt + 1} of ${this.retry.attempts})`
        );
        await this.sleep(delay);
      }
    }
  }

  /** Capped exponential backoff with jitter; a server's retry-after is a floor. */
  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    const jittered = cap / 2 + (cap / 2) * this.random();
    return Math.max(jittered, Math.min(retryAfterMs ?? 0, this.retry.maxDelayMs));
  }
}

function toTags(tags: unknown): ClusterTag[] {
  if (!Array.isArray(tags)) return [];
  return tags
    .filter(t => t && typeof t === 'object')
    .map(t => ({ key: String((t as ClusterTag).key ?? ''), value: String((t as ClusterTag).value ?? '') }));
}

/** The parts of an SDK error the mapping needs, with any known secret removed. */
function toFailure(e: unknown, secrets: string[]): ApiFailure {
  const err = e as {
    code?: unknown;
    statusCode?: unknown;
    message?: unknown;
    data?: Record<string, unknown>;
    requestId?: unknown;
  };
  const data = err.data ?? {};
  const code = String(err.code ?? data.Code ?? data.code ?? '');
  const serverMessage = data.Message ?? data.message;
  const message = typeof serverMessage === 'string' ? serverMessage : String(err.message ?? e);
  const requestId = String(err.requestId ?? data.RequestId ?? data.requestId ?? '');
  return {
    code: code === 'undefined' ? '' : code,
    statusCode: typeof err.statusCode === 'number' ? err.statusCode : null,
    message: redact(message.split('\n')[0], secrets),
    requestId: requestId && requestId !== 'undefined' ? requestId : null
  };
}

const TRANSIENT_NET = /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|EPIPE|socket hang up|timeout/i;

function isTransient(e: unknown, failure: ApiFailure): boolean {
  if (failure.statusCode === null)
    return TRANSIENT_NET.test(`${failure.code} ${String((e as Error).message ?? e)}`);
  return (
    failure.statusCode >= 500 || failure.code === 'ServiceUnavailable' || failure.code === 'InternalError'
  );
}
