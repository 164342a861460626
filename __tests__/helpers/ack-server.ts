/**
 * Local stand-ins for the Alibaba Cloud APIs the ACK target calls, over HTTPS on 127.0.0.1:
 *
 * - AckServer: the ACK OpenAPI (cs 2015-12-15, ROA). It verifies every request's ACS3-HMAC-SHA256
 *   signature with the secret of the access key it names (the algorithm the SDK uses by default:
 *   canonical request of method, path, sorted query, signed headers and the body's SHA-256; HMAC
 *   of its hash), checks STS tokens and replayed nonces, and answers like ACK does: clusters that
 *   go initial → running (or failed) and deleting → gone on a clock the test controls, tasks, tags,
 *   pagination, kubeconfigs pointing at a URL the test supplies, and switchable error answers
 *   (missing RAM permission, throttling, quota, not found).
 * - StsServer: AssumeRoleWithOIDC. It checks the role, the OIDC provider and the token's audience,
 *   and issues temporary keys that the AckServer then accepts with their token.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { buildKubeconfig } from '../../src/sim/kubeconfig.js';
import '../../src/sim/reflect-shim.js';
import type { TlsMaterial } from '../../src/sim/tls.js';

/**
 * TLS material for the stand-ins. Loaded lazily: under Jest's ESM mode CommonJS dependencies are
 * evaluated while modules link, before the Reflect shim @peculiar/x509 needs has run.
 */
export async function makeTls(): Promise<TlsMaterial> {
  return (await import('../../src/sim/tls.js')).makeTls();
}

// ---------------------------------------------------------------- time

/** A clock the client's sleep advances, so polling loops run instantly and deterministically. */
export interface FakeTime {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Every sleep asked for, in order. */
  sleeps: number[];
  /** Called after each sleep (e.g. to abort at a chosen moment). */
  onSleep?: (now: number) => void;
}

export function fakeTime(start = Date.parse('2026-03-01T02:00:00Z')): FakeTime {
  let t = start;
  const time: FakeTime = {
    now: () => t,
    sleeps: [],
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      time.sleeps.push(ms);
      t += ms;
      time.onSleep?.(t);
      if (signal?.aborted) throw signal.reason;
    }
  };
  return time;
}

// ---------------------------------------------------------------- signature

export interface AccessKey {
  id: string;
  secret: string;
  /** Temporary keys: the token that must come with them, and when they stop working. */
  securityToken?: string;
  expiresAt?: number;
}

export type SignatureCheck =
  { ok: true; key: AccessKey } | { ok: false; status: number; code: string; message: string };

/** Percent-encoding of the canonical query (RFC 3986 unreserved characters kept). */
function encodeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Verifies an ACS3-HMAC-SHA256 request as Alibaba Cloud's gateway does. */
export function verifyAcs3(
  req: { method: string; url: string; headers: IncomingMessage['headers'] },
  body: Buffer,
  keys: ReadonlyMap<string, AccessKey>,
  now: number
): SignatureCheck {
  const auth = String(req.headers.authorization ?? '');
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m)
    return {
      ok: false,
      status: 400,
      code: 'IncompleteSignature',
      message: 'The request signature does not conform to Alibaba Cloud standards.'
    };
  const [, id, signedList, signature] = m;
  const key = keys.get(id);
  if (!key)
    return {
      ok: false,
      status: 404,
      code: 'InvalidAccessKeyId.NotFound',
      message: 'Specified access key is not found.'
    };

  const signed = signedList.split(';');
  const required = [
    'host',
    'x-acs-date',
    'x-acs-content-sha256',
    'x-acs-signature-nonce',
    'x-acs-action',
    'x-acs-version'
  ];
  const unsignedAcs = Object.keys(req.headers).filter(h => h.startsWith('x-acs-') && !signed.includes(h));
  if (
    required.some(h => !signed.includes(h)) ||
    unsignedAcs.length > 0 ||
    [...signed].sort().join(';') !== signed.join(';')
  ) {
    return {
      ok: false,
      status: 400,
      code: 'IncompleteSignature',
      message: 'Required headers are not signed.'
    };
  }
  const payloadHash = sha256Hex(body);
  if (req.headers['x-acs-content-sha256'] !== payloadHash) {
    return {
      ok: false,
      status: 400,
      code: 'SignatureDoesNotMatch',
      message: 'The body does not match x-acs-content-sha256.'
    };
  }
  const [path, rawQuery = ''] = req.url.split('?');
  const pairs = rawQuery
    .split('&')
    .filter(Boolean)
    .map(p => {
      const i = p.indexOf('=');
      const k = decodeURIComponent(i < 0 ? p : p.slice(0, i));
      const v = i < 0 ? '' : decodeURIComponent(p.slice(i + 1));
      return [k, v] as const;
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonicalQuery = pairs.map(([k, v]) => `${k}=${encodeRfc3986(v)}`).join('&');
  const canonicalHeaders = signed.map(h => `${h}:${String(req.headers[h] ?? '').trim()}\n`).join('');
  const canonicalRequest = [
    req.method,
    path,
    canonicalQuery,
    canonicalHeaders,
    signed.join(';'),
    payloadHash
  ].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256Hex(canonicalRequest)}`;
  const expected = createHmac('sha256', key.secret).update(stringToSign).digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      status: 400,
      code: 'SignatureDoesNotMatch',
      message: 'Specified signature does not match our calculation.'
    };
  }
  if (key.securityToken !== undefined) {
    const token = req.headers['x-acs-security-token'];
    if (!token)
      return {
        ok: false,
        status: 400,
        code: 'InvalidSecurityToken.Malformed',
        message: 'A temporary access key needs its security token.'
      };
    if (token !== key.securityToken || req.headers['x-acs-accesskey-id'] !== id) {
      return {
        ok: false,
        status: 400,
        code: 'InvalidSecurityToken.MismatchWithAccessKey',
        message: 'The security token does not belong to this access key.'
      };
    }
    if (key.expiresAt !== undefined && key.expiresAt <= now) {
      return {
        ok: false,
        status: 400,
        code: 'InvalidSecurityToken.Expired',
        message: 'Specified SecurityToken is expired.'
      };
    }
  }
  return { ok: true, key };
}

// ---------------------------------------------------------------- ACK model

export type ClusterState = 'initial' | 'running' | 'failed' | 'deleting' | 'deleted' | 'delete_failed';

export interface SimCluster {
  cluster_id: string;
  name: string;
  region_id: string;
  cluster_type: string;
  cluster_spec: string;
  profile: string;
  state: ClusterState;
  current_version: string;
  tags: Array<{ key: string; value: string }>;
  created: number;
  /** The CreateCluster body as received. */
  body: Record<string, unknown>;
  /** When initial turns into `outcome`, and when deleting turns into gone. */
  readyAt?: number;
  outcome?: 'running' | 'failed';
  failure?: { code: string; message: string };
  goneAt?: number;
}

export interface SimTask {
  task_id: string;
  cluster_id: string;
  task_type: 'cluster_create' | 'cluster_delete';
  state: 'running' | 'success' | 'fail';
  current_stage: string;
  created: number;
  error?: { code: string; message: string };
}

export interface Fault {
  status: number;
  code: string;
  message: string;
  /** How many requests get this answer (default 1). */
  times?: number;
  /** Sent as x-acs-retry-after (ms). */
  retryAfterMs?: number;
  /** Extra JSON fields (e.g. AccessDeniedDetail). */
  extra?: Record<string, unknown>;
}

export interface RecordedAckRequest {
  action: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  accessKeyId: string | null;
  status: number;
}

export interface AckServerOptions {
  now: () => number;
  keys?: AccessKey[];
  /** How long a new cluster stays initial (default 12 minutes). */
  createMs?: number;
  /** How long a deleting cluster stays visible (default 4 minutes). */
  deleteMs?: number;
  /**
   * The API server kubeconfigs point at (the simulator in end-to-end tests): URL, CA and the bearer
   * token it accepts. Default: a placeholder URL and a fresh token per kubeconfig.
   */
  kubeServer?: { url: string; caPem: string; token?: string };
  tls?: TlsMaterial;
}

const ACTION_VERSION = '2015-12-15';

interface Route {
  method: string;
  pattern: RegExp;
  action: string;
}

const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/k8s\/([^/]+)\/user_config$/, action: 'DescribeClusterUserKubeconfig' },
  { method: 'GET', pattern: /^\/clusters\/([^/]+)$/, action: 'DescribeClusterDetail' },
  { method: 'DELETE', pattern: /^\/clusters\/([^/]+)$/, action: 'DeleteCluster' },
  { method: 'POST', pattern: /^\/clusters$/, action: 'CreateCluster' },
  { method: 'GET', pattern: /^\/tasks\/([^/]+)$/, action: 'DescribeTaskInfo' },
  { method: 'GET', pattern: /^\/api\/v1\/clusters$/, action: 'DescribeClustersV1' },
  { method: 'GET', pattern: /^\/api\/v1\/metadata\/versions$/, action: 'DescribeKubernetesVersionMetadata' }
];

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {}
  ) {
    super(message);
  }
}

export class AckServer {
  readonly keys = new Map<string, AccessKey>();
  readonly clusters = new Map<string, SimCluster>();
  readonly tasks = new Map<string, SimTask>();
  readonly requests: RecordedAckRequest[] = [];
  /** Actions the caller's RAM identity may not call (answered 403 Forbidden.RAM). */
  readonly denied = new Set<string>();
  readonly faults = new Map<string, Fault[]>();
  /** Versions DescribeKubernetesVersionMetadata offers as creatable. */
  versions = ['1.33.3-aliyun.1', '1.34.1-aliyun.1', '1.34.3-aliyun.1', '1.35.0-aliyun.1'];
  /** How the next CreateCluster ends. */
  createOutcome: { outcome: 'running' | 'failed'; failure?: { code: string; message: string } } = {
    outcome: 'running'
  };
  /** Active clusters allowed before CreateCluster answers QuotaExceeded.Cluster. */
  clusterQuota = 50;
  /** Every kubeconfig credential handed out (for leak checks). */
  readonly issuedSecrets: string[] = [];
  /** The largest page_size the server honours (ACK caps it). */
  maxPageSize = 100;
  endpoint = '';
  readonly caPem: string;

  private server!: Server;
  private readonly nonces = new Set<string>();
  private seq = 0;

  private constructor(
    private readonly opts: AckServerOptions,
    private readonly tls: TlsMaterial
  ) {
    this.caPem = tls.caPem;
    for (const key of opts.keys ?? []) this.addKey(key);
  }

  static async start(opts: AckServerOptions): Promise<AckServer> {
    const tls = opts.tls ?? (await makeTls());
    const s = new AckServer(opts, tls);
    s.server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => void s.handle(req, res));
    await new Promise<void>(resolve => s.server.listen(0, '127.0.0.1', resolve));
    s.endpoint = `127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  addKey(key: AccessKey): void {
    this.keys.set(key.id, key);
  }

  /** Makes the next `times` calls of `action` answer with this error. */
  fault(action: string, fault: Fault): void {
    const list = this.faults.get(action) ?? [];
    for (let i = 0; i < (fault.times ?? 1); i++) list.push(fault);
    this.faults.set(action, list);
  }

  /** A cluster that already exists (for connect and sweep tests). */
  addCluster(c: Partial<SimCluster> & { cluster_id: string }): SimCluster {
    const cluster: SimCluster = {
      name: c.cluster_id,
      region_id: 'cn-hangzhou',
      cluster_type: 'ManagedKubernetes',
      cluster_spec: 'ack.pro.small',
      profile: 'Default',
      state: 'running',
      current_version: '1.34.1-aliyun.1',
      tags: [],
      created: this.opts.now(),
      body: {},
      ...c
    };
    this.clusters.set(cluster.cluster_id, cluster);
    return cluster;
  }

  /** Requests of one action. */
  calls(action: string): RecordedAckRequest[] {
    return this.requests.filter(r => r.action === action);
  }

  private id(prefix: string): string {
    return `${prefix}${(++this.seq).toString(16).padStart(4, '0')}${randomBytes(12).toString('hex')}`;
  }

  /** Moves clusters and tasks along to the current time. */
  private tick(): void {
    const now = this.opts.now();
    for (const c of this.clusters.values()) {
      if (c.state === 'initial' && c.readyAt !== undefined && now >= c.readyAt) {
        c.state = c.outcome ?? 'running';
      }
      if (c.state === 'deleting' && c.goneAt !== undefined && now >= c.goneAt) {
        c.state = 'deleted';
        this.clusters.delete(c.cluster_id);
      }
    }
    for (const t of this.tasks.values()) {
      if (t.state !== 'running') continue;
      const c = this.clusters.get(t.cluster_id);
      if (t.task_type === 'cluster_create') {
        if (!c) continue;
        const half = c.readyAt !== undefined && now >= c.created + (c.readyAt - c.created) / 2;
        t.current_stage = half ? 'CreateNodePool' : 'CreateControlPlane';
        if (c.state === 'running') {
          t.state = 'success';
          t.current_stage = 'Done';
        } else if (c.state === 'failed') {
          t.state = 'fail';
          t.error = c.failure ?? { code: 'ProvisionFailed', message: 'cluster creation failed' };
        }
      } else if (!c) {
        t.state = 'success';
        t.current_stage = 'Done';
      }
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const [path, rawQuery = ''] = url.split('?');
    const query = Object.fromEntries(new URLSearchParams(rawQuery));
    const route = ROUTES.find(r => r.method === method && r.pattern.test(path));
    const action = route?.action ?? String(req.headers['x-acs-action'] ?? 'Unknown');
    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = raw.toString('utf8');
      }
    }
    const record: RecordedAckRequest = { action, method, path, query, body, accessKeyId: null, status: 0 };
    this.requests.push(record);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
      res.end(JSON.stringify(payload));
    };
    const requestId = this.id('REQ-').toUpperCase();
    try {
      const check = verifyAcs3({ method, url, headers: req.headers }, raw, this.keys, this.opts.now());
      if (!check.ok) {
        // Gateway errors use Code/Message (capitalised), like the real gateway.
        return send(check.status, { Code: check.code, Message: check.message, RequestId: requestId });
      }
      record.accessKeyId = check.key.id;
      const nonce = String(req.headers['x-acs-signature-nonce']);
      if (this.nonces.has(nonce))
        return send(400, {
          Code: 'SignatureNonceUsed',
          Message: 'Specified signature nonce was used already.',
          RequestId: requestId
        });
      this.nonces.add(nonce);
      if (!route) throw new HttpError(404, 'InvalidAction.NotFound', `no route for ${method} ${path}`);
      if (req.headers['x-acs-action'] !== route.action || req.headers['x-acs-version'] !== ACTION_VERSION) {
        throw new HttpError(
          400,
          'InvalidAction',
          `x-acs-action/x-acs-version do not match ${method} ${path}`
        );
      }
      if (this.denied.has(action)) {
        throw new HttpError(
          403,
          'Forbidden.RAM',
          'User not authorized to operate on the specified resource, or this API does not support RAM.',
          {
            AccessDeniedDetail: { AuthAction: `cs:${action}`, NoPermissionType: 'ImplicitDeny' }
          }
        );
      }
      const fault = this.faults.get(action)?.shift();
      if (fault) {
        throw new HttpError(
          fault.status,
          fault.code,
          fault.message,
          fault.extra,
          fault.retryAfterMs ? { 'x-acs-retry-after': String(fault.retryAfterMs) } : {}
        );
      }
      this.tick();
      const params = route.pattern.exec(path)!.slice(1).map(decodeURIComponent);
      return send(200, this.answer(action, params, query, body));
    } catch (e) {
      if (e instanceof HttpError) {
        return send(e.status, { code: e.code, message: e.message, requestId, ...e.extra }, e.headers);
      }
      return send(500, { code: 'InternalError', message: String(e), requestId });
    }
  }

  private cluster(id: string): SimCluster {
    const c = this.clusters.get(id);
    if (!c) throw new HttpError(404, 'ErrorClusterNotFound', `cluster ${id} not found`);
    return c;
  }

  private answer(action: string, params: string[], query: Record<string, string>, body: unknown): any {
    const now = this.opts.now();
    switch (action) {
      case 'DescribeClusterUserKubeconfig': {
        const c = this.cluster(params[0]);
        const ttl =
          query.TemporaryDurationMinutes === undefined ? undefined : Number(query.TemporaryDurationMinutes);
        if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 15 && ttl <= 4320)) {
          throw new HttpError(
            400,
            'ErrorParameterInvalid',
            'TemporaryDurationMinutes must be between 15 and 4320'
          );
        }
        if (c.state !== 'running')
          throw new HttpError(400, 'ErrorClusterState', `cluster ${c.cluster_id} is ${c.state}`);
        const server = this.opts.kubeServer ?? { url: 'https://127.0.0.1:6443', caPem: this.caPem };
        const token = server.token ?? `ackuser-${randomBytes(24).toString('hex')}`;
        this.issuedSecrets.push(token);
        const url =
          query.PrivateIpAddress === 'true' ? server.url.replace('127.0.0.1', 'localhost') : server.url;
        return {
          config: buildKubeconfig({
            server: url,
            caPem: server.caPem,
            token,
            contextName: `ack-${c.cluster_id}`
          }),
          expiration: new Date(now + (ttl ?? 3 * 365 * 24 * 60) * 60_000).toISOString()
        };
      }
      case 'DescribeClusterDetail':
        return this.view(this.cluster(params[0]));
      case 'DescribeTaskInfo': {
        const t = this.tasks.get(params[0]);
        if (!t) throw new HttpError(404, 'ErrorTaskNotFound', `task ${params[0]} not found`);
        return {
          task_id: t.task_id,
          cluster_id: t.cluster_id,
          task_type: t.task_type,
          state: t.state,
          current_stage: t.current_stage,
          created: new Date(t.created).toISOString(),
          ...(t.error ? { error: t.error } : {})
        };
      }
      case 'CreateCluster':
        return this.create(body as Record<string, unknown>);
      case 'DeleteCluster': {
        const c = this.cluster(params[0]);
        if (c.state === 'deleting')
          throw new HttpError(400, 'ErrorClusterStateInvalid', `cluster ${c.cluster_id} is already deleting`);
        if (c.body.deletion_protection === true)
          throw new HttpError(400, 'DeletionProtection', 'deletion protection is on');
        c.state = 'deleting';
        c.goneAt = now + (this.opts.deleteMs ?? 4 * 60_000);
        const task: SimTask = {
          task_id: this.id('T-'),
          cluster_id: c.cluster_id,
          task_type: 'cluster_delete',
          state: 'running',
          current_stage: 'DeleteCluster',
          created: now
        };
        this.tasks.set(task.task_id, task);
        return { cluster_id: c.cluster_id, task_id: task.task_id, request_id: this.id('REQ-') };
      }
      case 'DescribeClustersV1': {
        const pageNumber = Math.max(1, Number(query.page_number ?? 1));
        const pageSize = Math.min(this.maxPageSize, Math.max(1, Number(query.page_size ?? 10)));
        const all = [...this.clusters.values()]
          .filter(c => !query.region_id || c.region_id === query.region_id)
          .sort((a, b) => a.created - b.created || (a.cluster_id < b.cluster_id ? -1 : 1));
        const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
        return {
          clusters: page.map(c => this.view(c)),
          page_info: { page_number: pageNumber, page_size: pageSize, total_count: all.length }
        };
      }
      case 'DescribeKubernetesVersionMetadata':
        return this.versions.map(version => ({
          version,
          creatable: true,
          release_date: '2026-01-01T00:00:00Z'
        }));
    }
    throw new HttpError(404, 'InvalidAction.NotFound', action);
  }

  private create(body: Record<string, unknown>): unknown {
    if (!body || typeof body !== 'object')
      throw new HttpError(400, 'ErrorParameterInvalid', 'body must be a JSON object');
    for (const field of ['name', 'cluster_type', 'region_id']) {
      if (typeof body[field] !== 'string' || !body[field])
        throw new HttpError(400, 'ErrorParameterInvalid', `${field} is required`);
    }
    const active = [...this.clusters.values()].filter(c => c.state !== 'deleting').length;
    if (active >= this.clusterQuota) {
      throw new HttpError(
        400,
        'QuotaExceeded.Cluster',
        `The number of clusters in the region has reached the quota (${this.clusterQuota}).`
      );
    }
    const now = this.opts.now();
    const version =
      typeof body.kubernetes_version === 'string'
        ? body.kubernetes_version
        : this.versions[this.versions.length - 1];
    if (!this.versions.includes(version))
      throw new HttpError(400, 'ErrorParameterInvalid', `kubernetes_version ${version} is not supported`);
    const cluster = this.addCluster({
      cluster_id: this.id('c'),
      name: String(body.name),
      region_id: String(body.region_id),
      cluster_type: String(body.cluster_type),
      cluster_spec: String(body.cluster_spec ?? 'ack.standard'),
      profile: String(body.profile ?? 'Default'),
      state: 'initial',
      current_version: version,
      tags: Array.isArray(body.tags)
        ? (body.tags as SimCluster['tags']).map(t => ({ key: String(t.key), value: String(t.value ?? '') }))
        : [],
      created: now,
      body,
      readyAt: now + (this.opts.createMs ?? 12 * 60_000),
      outcome: this.createOutcome.outcome,
      failure: this.createOutcome.failure
    });
    const task: SimTask = {
      task_id: this.id('T-'),
      cluster_id: cluster.cluster_id,
      task_type: 'cluster_create',
      state: 'running',
      current_stage: 'CreateControlPlane',
      created: now
    };
    this.tasks.set(task.task_id, task);
    return { cluster_id: cluster.cluster_id, task_id: task.task_id, request_id: this.id('REQ-') };
  }

  private view(c: SimCluster): Record<string, unknown> {
    return {
      cluster_id: c.cluster_id,
      name: c.name,
      region_id: c.region_id,
      cluster_type: c.cluster_type,
      cluster_spec: c.cluster_spec,
      profile: c.profile,
      state: c.state,
      current_version: c.current_version,
      tags: c.tags,
      created: new Date(c.created).toISOString(),
      deletion_protection: c.body.deletion_protection === true
    };
  }
}

// ---------------------------------------------------------------- STS

export interface TrustedRole {
  roleArn: string;
  oidcProviderArn: string;
  /** The ID tokens the OIDC provider accepts (exact match stands in for JWT validation). */
  tokens: string[];
}

export interface IssuedCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  expiration: string;
}

/** A GitHub-shaped ID token (unsigned stand-in) with the given claims. */
export function fakeIdToken(claims: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'https://token.actions.githubusercontent.com', ...claims })}.${randomBytes(32).toString('base64url')}`;
}

export class StsServer {
  readonly issued: IssuedCredentials[] = [];
  readonly requests: Array<{ action: string; form: Record<string, string>; query: Record<string, string> }> =
    [];
  endpoint = '';
  readonly caPem: string;
  private server!: Server;

  private constructor(
    private readonly roles: TrustedRole[],
    private readonly ack: AckServer,
    private readonly now: () => number,
    tls: TlsMaterial
  ) {
    this.caPem = tls.caPem;
  }

  static async start(opts: {
    roles: TrustedRole[];
    ack: AckServer;
    now: () => number;
    tls?: TlsMaterial;
  }): Promise<StsServer> {
    const tls = opts.tls ?? (await makeTls());
    const s = new StsServer(opts.roles, opts.ack, opts.now, tls);
    s.server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => void s.handle(req, res));
    await new Promise<void>(resolve => s.server.listen(0, '127.0.0.1', resolve));
    s.endpoint = `127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const [, rawQuery = ''] = (req.url ?? '/').split('?');
    const query = Object.fromEntries(new URLSearchParams(rawQuery));
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const action = String(req.headers['x-acs-action'] ?? query.Action ?? '');
    this.requests.push({ action, form, query });
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify({ RequestId: requestId, ...(payload as object) }));
    };
    const p = { ...query, ...form };
    if (req.method !== 'POST' || action !== 'AssumeRoleWithOIDC')
      return send(400, { Code: 'InvalidAction.NotFound', Message: `unsupported ${req.method} ${action}` });
    const role = this.roles.find(r => r.roleArn === p.RoleArn);
    if (!role) return send(404, { Code: 'EntityNotExist.Role', Message: 'The role not exists.' });
    if (role.oidcProviderArn !== p.OIDCProviderArn)
      return send(404, { Code: 'EntityNotExist.OIDCProvider', Message: 'The OIDC provider does not exist.' });
    const claims = decodeClaims(p.OIDCToken ?? '');
    if (!claims || claims.aud !== 'sts.aliyuncs.com') {
      return send(400, {
        Code: 'AuthenticationFail.OIDCToken.Audience',
        Message: 'The audience of the OIDC token is not a client id of the provider.'
      });
    }
    if (!role.tokens.includes(p.OIDCToken))
      return send(400, {
        Code: 'AuthenticationFail.OIDCToken.Invalid',
        Message: 'The OIDC token is invalid.'
      });
    const seconds = Number(p.DurationSeconds ?? 3600);
    const creds: IssuedCredentials = {
      accessKeyId: `STS.${randomBytes(12).toString('hex')}`,
      accessKeySecret: randomBytes(20).toString('base64url'),
      securityToken: `CAIS${randomBytes(48).toString('base64url')}`,
      expiration: new Date(this.now() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    };
    this.issued.push(creds);
    this.ack.addKey({
      id: creds.accessKeyId,
      secret: creds.accessKeySecret,
      securityToken: creds.securityToken,
      expiresAt: Date.parse(creds.expiration)
    });
    return send(200, {
      AssumedRoleUser: {
        Arn: `${role.roleArn.replace(':role/', ':assumed-role/')}/${p.RoleSessionName}`,
        AssumedRoleId: '3' + randomBytes(8).toString('hex')
      },
      Credentials: {
        AccessKeyId: creds.accessKeyId,
        AccessKeySecret: creds.accessKeySecret,
        SecurityToken: creds.securityToken,
        Expiration: creds.expiration
      },
      OIDCTokenInfo: { Issuer: claims.iss, Subject: claims.sub, ClientIds: claims.aud }
    });
  }
}

function decodeClaims(token: string): Record<string, any> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
