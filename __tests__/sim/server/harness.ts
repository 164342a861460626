/** Starts a simulator API server with the built-in types for a test and gives client-node clients for it. */
import { request } from 'node:https';
import { expect } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { registerBuiltinTypes, type BuiltinOptions } from '../../../src/sim/builtin-types.js';
import { FakeClock } from '../../../src/sim/clock.js';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../../src/sim/server.js';
import { ObjectStore, type StoreOptions } from '../../../src/sim/store.js';

export interface Sim {
  store: ObjectStore;
  clock: FakeClock;
  server: ApiServer;
  kc: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  custom: k8s.CustomObjectsApi;
  ext: k8s.ApiextensionsV1Api;
  objects: k8s.KubernetesObjectApi;
  close(): Promise<void>;
}

export interface SimOptions extends Omit<ApiServerOptions, 'store'> {
  minor?: number;
  builtin?: BuiltinOptions;
  storeOptions?: StoreOptions;
  namespaces?: string[];
}

export async function startSim(opts: SimOptions = {}): Promise<Sim> {
  const clock = new FakeClock();
  const store = new ObjectStore(clock, opts.storeOptions);
  registerBuiltinTypes(store, opts.minor ?? 34, opts.builtin);
  for (const name of opts.namespaces ?? ['default', 'kube-system'])
    store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const server = await startApiServer({ ...opts, store });
  const kc = new k8s.KubeConfig();
  kc.loadFromString(server.kubeconfig());
  return {
    store,
    clock,
    server,
    kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    custom: kc.makeApiClient(k8s.CustomObjectsApi),
    ext: kc.makeApiClient(k8s.ApiextensionsV1Api),
    objects: k8s.KubernetesObjectApi.makeApiClient(kc),
    close: () => server.close()
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

/** A plain HTTPS request with the server's CA (and its token unless told otherwise). */
export function raw(
  server: ApiServer,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string; token?: string | null; timeoutMs?: number } = {}
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, server.url);
    const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) };
    const token = opts.token === undefined ? server.token : opts.token;
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (opts.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(opts.body));
    const req = request(url, { method, ca: server.caPem, headers, agent: false }, res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    if (opts.timeoutMs) req.setTimeout(opts.timeoutMs, () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** Awaits a client-node call expected to fail and checks the Status the server sent. */
export async function expectStatus(
  call: Promise<unknown>,
  code: number,
  reason: string,
  message?: string | RegExp
): Promise<any> {
  let err: any;
  try {
    await call;
  } catch (e) {
    err = e;
  }
  expect(err).toBeDefined();
  expect(err.code).toBe(code);
  const body = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
  expect(body.kind).toBe('Status');
  expect(body.reason).toBe(reason);
  expect(body.code).toBe(code);
  if (message instanceof RegExp) expect(body.message).toMatch(message);
  else if (message !== undefined) expect(body.message).toBe(message);
  return body;
}

export const pod = (name: string, extra: Record<string, any> = {}): k8s.V1Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(extra.metadata ?? {}) },
  spec: { containers: [{ name: 'main', image: 'busybox:1.36' }], ...(extra.spec ?? {}) }
});

/** Resolves when predicate holds for an event on a watch; rejects on done/timeout. */
export function waitForEvent<T = any>(
  kc: k8s.KubeConfig,
  path: string,
  query: Record<string, any>,
  predicate: (type: string, obj: any) => T | undefined,
  onStarted?: () => unknown
): Promise<T> {
  return new Promise((resolve, reject) => {
    const watch = new k8s.Watch(kc);
    let controller: AbortController | undefined;
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`no matching watch event on ${path}`)), 10_000);
    const finish = (err: Error | null, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      controller?.abort();
      if (err) reject(err);
      else resolve(value as T);
    };
    void watch
      .watch(
        path,
        query,
        (type, obj) => {
          const v = predicate(type, obj);
          if (v !== undefined) finish(null, v);
        },
        err => finish(err ?? new Error('watch ended'))
      )
      .then(c => {
        controller = c;
        if (settled) c.abort();
        else void onStarted?.();
      }, finish);
  });
}
