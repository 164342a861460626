import { afterEach, describe, expect, it } from '@jest/globals';
import { KubeClient, RequestCounter } from '../../src/kube/client.js';
import { KubeError } from '../../src/kube/errors.js';
import { kubeconfigTransport } from '../../src/kube/transport.js';
import { startFakeApi, status, TOKEN, type FakeApi, type Handler } from './fake-api.js';

let api: FakeApi | undefined;
const started: FakeApi[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map(a => a.close().catch(() => undefined)));
  api = undefined;
});

async function client(handler: Handler, sleeps: number[] = []): Promise<KubeClient> {
  api = await startFakeApi(handler);
  started.push(api);
  return new KubeClient(kubeconfigTransport(api.kubeconfig()), {
    sleep: async ms => {
      sleeps.push(ms);
    }
  });
}

async function failure(p: Promise<unknown>): Promise<KubeError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof KubeError) return err;
    throw err;
  }
  throw new Error('expected a KubeError');
}

describe('KubeClient', () => {
  it('sends the kubeconfig credentials and the Accept header, and counts the request', async () => {
    const c = await client(() => ({ body: { gitVersion: 'v1.34.0' } }));
    const counter = new RequestCounter();
    const res = await c.getJson<{ gitVersion: string }>('/version', {
      counter,
      accept: 'application/json;as=Table'
    });
    expect(res.body.gitVersion).toBe('v1.34.0');
    expect(counter.count).toBe(1);
    expect(api!.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(api!.requests[0].headers.accept).toBe('application/json;as=Table');
  });

  it('classifies answers: 404 absent, 403 forbidden, 401 unauthorized, 5xx server, 2xx non-JSON invalid', async () => {
    const answers: Record<string, ReturnType<Handler>> = {
      '/a': status(404, 'NotFound', 'things "x" not found'),
      '/b': status(403, 'Forbidden', 'nodes is forbidden: User "ci" cannot list resource "nodes"'),
      '/c': status(401, 'Unauthorized', 'Unauthorized'),
      '/d': status(500, 'InternalError', 'Internal error occurred: boom'),
      '/e': { body: '<html>proxy</html>' }
    };
    const c = await client(req => answers[req.path] as never);
    expect((await failure(c.getJson('/a'))).kind).toBe('absent');
    const forbidden = await failure(c.getJson('/b'));
    expect(forbidden.kind).toBe('forbidden');
    expect(forbidden.status).toBe(403);
    expect(forbidden.message).toBe(
      'GET /b: 403 Forbidden: nodes is forbidden: User "ci" cannot list resource "nodes"'
    );
    expect((await failure(c.getJson('/c'))).kind).toBe('unauthorized');
    expect((await failure(c.getJson('/d'))).kind).toBe('server');
    expect((await failure(c.getJson('/e'))).kind).toBe('invalid');
  });

  it('waits Retry-After on 429 and counts every attempt', async () => {
    let calls = 0;
    const sleeps: number[] = [];
    const c = await client(
      () =>
        ++calls < 3
          ? { ...status(429, 'TooManyRequests', 'slow down'), headers: { 'Retry-After': '2' } }
          : { body: { ok: true } },
      sleeps
    );
    const counter = new RequestCounter();
    await expect(c.getJson('/x', { counter })).resolves.toEqual({
      body: { ok: true },
      contentType: 'application/json'
    });
    expect(counter.count).toBe(3);
    expect(sleeps).toEqual([2000, 2000]);
  });

  it('gives up after the allowed retries, and on a Retry-After longer than it will wait', async () => {
    const c = await client(req =>
      req.path === '/long'
        ? { ...status(429, 'TooManyRequests', 'later'), headers: { 'Retry-After': '60' } }
        : status(429, 'TooManyRequests', 'later')
    );
    const counter = new RequestCounter();
    expect((await failure(c.getJson('/always', { counter }))).kind).toBe('throttled');
    expect(counter.count).toBe(3);
    const once = new RequestCounter();
    expect((await failure(c.getJson('/long', { counter: once }))).kind).toBe('throttled');
    expect(once.count).toBe(1);
  });

  it('does not retry a plain 503 (no Retry-After): that is an error for the caller', async () => {
    const c = await client(() =>
      status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request')
    );
    const counter = new RequestCounter();
    const err = await failure(c.getJson('/x', { counter }));
    expect(err.kind).toBe('server');
    expect(err.status).toBe(503);
    expect(counter.count).toBe(1);
  });

  it('retries a reset connection once more, then reports the cluster unreachable', async () => {
    let calls = 0;
    const c = await client(() => (++calls === 1 ? { reset: true } : { body: { ok: 1 } }));
    await expect(c.getJson('/x')).resolves.toMatchObject({ body: { ok: 1 } });
    const always = await client(() => ({ reset: true }));
    const err = await failure(always.getJson('/x'));
    expect(err.kind).toBe('unreachable');
    expect(err.message).not.toContain(TOKEN);
  });

  it('reports a refused connection as unreachable, without retrying', async () => {
    const c = await client(() => ({ body: {} }));
    await api!.close();
    const counter = new RequestCounter();
    const err = await failure(c.getJson('/version', { counter }));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toMatch(/^GET \/version: no answer from the API server/);
    expect(counter.count).toBe(1);
  });

  it("ends a request that hangs when the caller's signal aborts, as a timeout", async () => {
    const c = await client(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = failure(c.getJson('/slow', { signal: controller.signal }));
    // Abort once the server has the request: a bounded wait on a condition, not a fixed sleep.
    for (let i = 0; i < 200 && api!.requests.length === 0; i++) await new Promise(r => setImmediate(r));
    controller.abort(new Error('timed out after 1 s'));
    const err = await pending;
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe('GET /slow: timed out after 1 s');
  });

  it('cuts text answers at maxBytes and says so', async () => {
    const c = await client(() => ({ body: 'x'.repeat(5000), headers: { 'content-type': 'text/plain' } }));
    const res = await c.getText('/metrics', { maxBytes: 1000 });
    expect(res.text).toHaveLength(1000);
    expect(res.truncated).toBe(true);
  });
});

describe('KubeClient.send (the functional depth writes)', () => {
  it('sends the verb, body and content type with the credentials, and resolves with any answer', async () => {
    const seen: Array<{ method: string; type?: string; auth?: string }> = [];
    const c = await client(req => {
      seen.push({ method: req.method, type: req.headers['content-type'], auth: req.headers.authorization });
      return req.method === 'DELETE'
        ? { status: 404, body: status(404, 'NotFound', 'gone') }
        : { status: 201, body: { ok: true } };
    });
    const counter = new RequestCounter();
    const created = await c.send('POST', '/api/v1/namespaces/x/pods', { body: { kind: 'Pod' }, counter });
    expect(created).toMatchObject({ status: 201, text: '{"ok":true}' });
    const patched = await c.send('patch', '/api/v1/namespaces/x/pods/p', {
      body: '{"metadata":{}}',
      contentType: 'application/merge-patch+json'
    });
    expect(patched.status).toBe(201);
    expect((await c.send('DELETE', '/api/v1/namespaces/x/pods/p')).status).toBe(404);
    expect(seen).toEqual([
      { method: 'POST', type: 'application/json', auth: `Bearer ${TOKEN}` },
      { method: 'PATCH', type: 'application/merge-patch+json', auth: `Bearer ${TOKEN}` },
      { method: 'DELETE', type: undefined, auth: `Bearer ${TOKEN}` }
    ]);
    expect(counter.count).toBe(1);
  });

  it('sends any verb again after a 429 (the server did not act), honouring Retry-After', async () => {
    const sleeps: number[] = [];
    let n = 0;
    const c = await client(
      () =>
        n++ === 0
          ? {
              status: 429,
              headers: { 'retry-after': '2' },
              body: status(429, 'TooManyRequests', 'slow down')
            }
          : { status: 201, body: {} },
      sleeps
    );
    expect((await c.send('POST', '/api/v1/namespaces')).status).toBe(201);
    expect(sleeps).toEqual([2000]);
  });

  it('a dropped connection is sent again only for idempotent verbs: a POST may have been applied', async () => {
    let posts = 0;
    let deletes = 0;
    const c = await client(req => {
      if (req.method === 'POST') return posts++ === 0 ? { reset: true } : { status: 201, body: {} };
      return deletes++ === 0 ? { reset: true } : { status: 200, body: {} };
    });
    const err = await failure(c.send('POST', '/api/v1/namespaces'));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toMatch(/^POST \/api\/v1\/namespaces: no answer from the API server/);
    expect(posts).toBe(1);
    expect((await c.send('DELETE', '/api/v1/namespaces/x')).status).toBe(200);
    expect(deletes).toBe(2);
  });
});
