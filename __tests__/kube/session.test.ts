import { afterEach, describe, expect, it } from '@jest/globals';
import { KubeSession } from '../../src/kube/session.js';
import { list, startFakeApi, type FakeApi } from './fake-api.js';

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('KubeSession', () => {
  it('reads each shared inventory once for all its callers, counted apart from the checks', async () => {
    api = await startFakeApi(req => {
      if (req.path === '/version')
        return { body: { gitVersion: 'v1.34.0', major: '1', minor: '34', platform: 'linux/amd64' } };
      if (req.path.startsWith('/api/v1/nodes'))
        return list([{ metadata: { name: 'n' }, status: { allocatable: { 'nvidia.com/gpu': '1' } } }]);
      return list([]);
    });
    const session = KubeSession.fromKubeConfig(api.kubeconfig());
    const a = session.reader();
    const b = session.reader();
    const [n1, n2, v] = await Promise.all([
      session.nodes(a.signal),
      session.nodes(b.signal),
      session.version()
    ]);
    expect(n1).toBe(n2);
    expect(n1.accelerated.map(n => n.name)).toEqual(['n']);
    expect(v).toEqual({ version: 'v1.34.0', major: '1', minor: '34', platform: 'linux/amd64' });
    await a.get('/api/v1/namespaces');
    expect(api.requests.filter(r => r.path.startsWith('/api/v1/nodes'))).toHaveLength(1);
    expect(session.shared.count).toBe(2);
    expect(a.counter.count).toBe(1);
    expect(session.totalRequests).toBe(3);
  });

  it("ends a caller's wait on a shared read at the caller's deadline, and the read itself when the run is over", async () => {
    api = await startFakeApi(() => ({ hang: true }));
    const session = KubeSession.fromKubeConfig(api.kubeconfig());
    const deadline = new AbortController();
    const waiting = session.workloads(deadline.signal);
    deadline.abort(new Error('timed out after 5 s'));
    await expect(waiting).rejects.toMatchObject({
      kind: 'timeout',
      message: 'GET (shared workloads read): timed out after 5 s'
    });
    const unbounded = session.webhooks();
    session.abortPending();
    await expect(unbounded).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('rejects a /version answer without the fields it needs', async () => {
    api = await startFakeApi(() => ({ body: { hello: 'world' } }));
    await expect(KubeSession.fromKubeConfig(api.kubeconfig()).version()).rejects.toMatchObject({
      kind: 'invalid'
    });
  });
});
