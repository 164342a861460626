/**
 * The simulator's kube-apiserver: HTTPS on 127.0.0.1 with a CA made at start, bearer-token
 * authentication, fault injection, discovery and OpenAPI, and the REST routes over the store.
 * Behaviours plug in through SimHooks; the store is shared with them.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { remoteApiService } from './aggregation.js';
import { builtinMinor } from './builtin-types.js';
import type { SimHooks } from './contracts.js';
import {
  AGGREGATED_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  OPENAPI_V2_PROTOBUF,
  openApiV2Json,
  openApiV2Protobuf,
  openApiV3Document,
  openApiV3Index,
  versionInfo,
  wantsAggregated,
  type VersionInfo
} from './discovery.js';
import { internalError, notServed, StatusError, unauthorized } from './errors.js';
import { Faults, type FaultConfig } from './faults.js';
import { installGarbageCollector } from './gc.js';
import { buildKubeconfig, writeKubeconfigFile } from './kubeconfig.js';
import { installApiMachinery } from './machinery.js';
import { validateRules, type RbacRule } from './rbac.js';
import { STREAMED, type ApiContext, type Reply } from './rest/context.js';
import { aggregated } from './rest/proxy.js';
import { parseRequest, type RequestInfo } from './rest/request-info.js';
import { routeResource } from './rest/router.js';
import type { ObjectStore } from './store.js';
import { makeTls } from './tls.js';
import { WatchHub } from './watch.js';

export interface ApiServerOptions {
  store: ObjectStore;
  hooks?: SimHooks;
  /** Bearer token clients must present; random when omitted. */
  token?: string;
  faults?: FaultConfig;
  rbac?: RbacRule[];
  /** 0 or omitted: any free port. */
  port?: number;
  /** The authenticated user (RBAC messages, SelfSubjectReview); default "kubernetes-admin" as on kind. */
  user?: string;
  groups?: string[];
  /** /version fields; defaults follow the minor given to registerBuiltinTypes (e.g. gitVersion "v1.34.1-aliyun.1"). */
  version?: Partial<VersionInfo>;
  /** How often watches with allowWatchBookmarks get a BOOKMARK (default 15 s: inside client-node's 30 s watch inactivity timeout). */
  bookmarkIntervalMs?: number;
  /** How injected latency waits (tests can pass one that records instead of sleeping). */
  delay?: (ms: number) => Promise<void>;
}

/** What the server emits as 'request' once it has answered a request (or opened a watch stream). */
export interface RequestEvent {
  method: string;
  path: string;
  verb: string;
  group: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  status: number;
}

export interface ApiServer {
  url: string;
  /** Emits 'request' (RequestEvent) for every authenticated request: for tests and logs. */
  readonly requests: EventEmitter;
  caPem: string;
  token: string;
  kubeconfig(contextName?: string): string;
  writeKubeconfig(path: string, contextName?: string): void;
  /** Fault injection, changeable while running. */
  readonly faults: Faults;
  setFaults(cfg: FaultConfig): void;
  setRbac(rules: RbacRule[]): void;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024 * 1024;
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz']);

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers
  });
  res.end(text);
}

function sendReply(res: ServerResponse, r: Reply): void {
  if (!r.raw) return sendJson(res, r.status, r.body, r.headers);
  if (res.headersSent || res.destroyed) return;
  const data = typeof r.body === 'string' || Buffer.isBuffer(r.body) ? r.body : JSON.stringify(r.body);
  res.writeHead(r.status, { 'Content-Length': Buffer.byteLength(data), ...(r.headers ?? {}) });
  res.end(data);
}

function sendError(res: ServerResponse, e: StatusError): void {
  sendJson(res, e.code, e.toStatus(), e.headers);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new StatusError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = header?.match(/^Bearer\s+(.+)$/i);
  if (!m) return false;
  const a = Buffer.from(m[1].trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const { store } = opts;
  installApiMachinery(store);
  const tls = await makeTls();
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const faults = new Faults(opts.faults ?? {});
  let rules = validateRules(opts.rbac ?? []);
  const watch = new WatchHub(store, { bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 15_000 });
  const api: ApiContext = {
    store,
    hooks: opts.hooks ?? {},
    user: opts.user ?? 'kubernetes-admin',
    groups: opts.groups ?? ['kubeadm:cluster-admins', 'system:authenticated'],
    rbac: () => rules,
    watch,
    gc: installGarbageCollector(store)
  };
  const delay = opts.delay ?? ((ms: number) => new Promise<void>(r => setTimeout(r, ms).unref()));
  const hanging = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let address = '';

  const requests = new EventEmitter();
  const emit = (info: RequestInfo, status: number): void => {
    if (!requests.listenerCount('request')) return;
    const ev: RequestEvent = {
      method: info.method,
      path: info.path,
      verb: info.verb,
      group: info.group,
      status
    };
    for (const k of ['resource', 'subresource', 'namespace', 'name'] as const)
      if (info[k] !== undefined) ev[k] = info[k];
    requests.emit('request', ev);
  };

  const version = (): VersionInfo => versionInfo(builtinMinor(store) ?? 34, opts.version);

  async function nonResource(info: RequestInfo, req: IncomingMessage, body: Buffer): Promise<Reply> {
    const s = info.segments;
    const accept = req.headers.accept;
    const path = `/${s.join('/')}`;
    if (PUBLIC_PATHS.has(path))
      return { status: 200, body: 'ok', raw: true, headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
    if (path === '/version') return { status: 200, body: version() };
    if (path === '/api' || path === '/apis') {
      if (wantsAggregated(accept)) {
        const doc = await aggregatedDiscovery(store, path === '/api' ? 'api' : 'apis', async (group, v) => {
          const svc = remoteApiService(store, group, v);
          if (!svc) return undefined;
          try {
            const r = await aggregated(
              api,
              svc,
              { ...info, path: `/apis/${group}/${v}` },
              req.headers,
              Buffer.alloc(0)
            );
            return r.status === 200 ? JSON.parse(String(r.body)) : undefined;
          } catch {
            return undefined;
          }
        });
        return { status: 200, body: doc, headers: { 'Content-Type': AGGREGATED_CONTENT_TYPE } };
      }
      return { status: 200, body: path === '/api' ? apiVersions(address) : apiGroupList(store) };
    }
    if (s[0] === 'api' && s.length === 2) {
      const list = apiResourceList(store, '', s[1]);
      if (list) return { status: 200, body: list };
    }
    if (s[0] === 'apis' && s.length === 2) {
      const g = apiGroup(store, s[1]);
      if (g) return { status: 200, body: g };
    }
    if (s[0] === 'apis' && s.length === 3) {
      const svc = remoteApiService(store, s[1], s[2]);
      if (svc) return aggregated(api, svc, info, req.headers, body);
      const list = apiResourceList(store, s[1], s[2]);
      if (list) return { status: 200, body: list };
    }
    if (path === '/openapi/v2') {
      if ((accept ?? '').includes('protobuf')) {
        return {
          status: 200,
          body: openApiV2Protobuf(version().gitVersion),
          raw: true,
          headers: { 'Content-Type': OPENAPI_V2_PROTOBUF }
        };
      }
      return { status: 200, body: openApiV2Json(version().gitVersion) };
    }
    if (path === '/openapi/v3') return { status: 200, body: openApiV3Index(store) };
    if (s[0] === 'openapi' && s[1] === 'v3') {
      const rest = s.slice(2);
      const doc =
        rest[0] === 'api' && rest.length === 2
          ? openApiV3Document(store, '', rest[1])
          : rest[0] === 'apis' && rest.length === 3
            ? openApiV3Document(store, rest[1], rest[2])
            : undefined;
      if (doc) return { status: 200, body: doc };
    }
    throw notServed();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const info = parseRequest(req.method ?? 'GET', url);
      const isPublic = PUBLIC_PATHS.has(url.pathname) && !req.headers.authorization;
      if (!isPublic && !tokenMatches(req.headers.authorization, token)) {
        req.resume();
        return sendError(res, unauthorized());
      }
      const body = await readBody(req);
      const decision = faults.decide({
        verb: info.verb,
        group: info.group,
        resource: info.resource,
        subresource: info.subresource,
        namespace: info.namespace,
        path: url.pathname
      });
      if (decision.delayMs > 0) await delay(decision.delayMs);
      if (decision.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (decision.kind === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if (decision.kind === 'error') return sendError(res, decision.error);
      const result = info.isResource
        ? await routeResource(api, token, info, req, res, body)
        : await nonResource(info, req, body);
      if (result !== STREAMED) sendReply(res, result);
      emit(info, res.statusCode);
    } catch (e) {
      if (e instanceof StatusError) {
        sendError(res, e);
        return emit(parseRequest(req.method ?? 'GET', new URL(req.url ?? '/', 'https://127.0.0.1')), e.code);
      }
      const err = internalError((e as Error)?.message ?? String(e));
      if (res.headersSent) res.destroy();
      else sendError(res, err);
    }
  }

  const server: Server = createServer(
    { key: tls.keyPem, cert: tls.certPem },
    (req, res) => void handle(req, res)
  );
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  address = `127.0.0.1:${port}`;
  const url = `https://${address}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    caPem: tls.caPem,
    token,
    faults,
    requests,
    kubeconfig: (contextName?: string) =>
      buildKubeconfig({ server: url, caPem: tls.caPem, token, contextName }),
    writeKubeconfig: (path: string, contextName?: string) =>
      writeKubeconfigFile(path, buildKubeconfig({ server: url, caPem: tls.caPem, token, contextName })),
    setFaults: (cfg: FaultConfig) => faults.set(cfg),
    setRbac: (r: RbacRule[]) => {
      rules = validateRules(r);
    },
    close: () => {
      closed ??= new Promise<void>(resolve => {
        watch.closeAll();
        for (const r of hanging) r.destroy();
        hanging.clear();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
      return closed;
    }
  };
}
