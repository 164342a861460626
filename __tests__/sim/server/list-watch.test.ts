import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { expectStatus, raw, startSim, waitForEvent, type Sim } from './harness.js';

describe('API server: selectors and pagination', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim({ namespaces: ['default', 'a', 'b'] });
    const { store } = sim;
    const phases = ['Running', 'Pending', 'Succeeded'];
    for (let i = 0; i < 30; i++) {
      store.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `p-${String(i).padStart(2, '0')}`,
          namespace: i % 2 ? 'a' : 'b',
          labels: { app: i % 3 ? 'web' : 'db', ...(i < 5 ? { canary: 'true' } : {}) }
        },
        spec: { nodeName: `node-${i % 4}`, containers: [{ name: 'c', image: 'busybox' }] },
        status: { phase: phases[i % 3] }
      });
    }
    store.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1', namespace: 'a' },
      involvedObject: { kind: 'Pod', name: 'p-01', namespace: 'a' },
      reason: 'Scheduled',
      type: 'Normal'
    });
    store.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e2', namespace: 'a' },
      involvedObject: { kind: 'Pod', name: 'p-03', namespace: 'a' },
      reason: 'FailedScheduling',
      type: 'Warning'
    });
  });
  afterAll(() => sim.close());

  const names = (l: { items: Array<{ metadata?: { name?: string } }> }) => l.items.map(i => i.metadata!.name);

  it('filters with equality and set-based label selectors', async () => {
    // Namespace, then name: pods with odd numbers live in "a".
    expect(names(await sim.core.listPodForAllNamespaces({ labelSelector: 'app=db' }))).toEqual([
      'p-03',
      'p-09',
      'p-15',
      'p-21',
      'p-27',
      'p-00',
      'p-06',
      'p-12',
      'p-18',
      'p-24'
    ]);
    expect(
      names(await sim.core.listNamespacedPod({ namespace: 'a', labelSelector: 'app in (db),canary' }))
    ).toEqual(['p-03']);
    expect(
      names(await sim.core.listNamespacedPod({ namespace: 'b', labelSelector: 'app notin (web),!canary' }))
    ).toEqual(['p-06', 'p-12', 'p-18', 'p-24']);
    expect(
      names(await sim.core.listNamespacedPod({ namespace: 'a', labelSelector: 'app!=web,canary=true' }))
    ).toEqual(['p-03']);
    await expectStatus(
      sim.core.listNamespacedPod({ namespace: 'a', labelSelector: 'app in db' }),
      400,
      'BadRequest',
      /unable to parse requirement/
    );
  });

  it('filters with the field selectors each kind supports', async () => {
    expect(
      names(await sim.core.listNamespacedPod({ namespace: 'a', fieldSelector: 'spec.nodeName=node-1' }))
    ).toEqual(['p-01', 'p-05', 'p-09', 'p-13', 'p-17', 'p-21', 'p-25', 'p-29']);
    expect(
      names(
        await sim.core.listNamespacedPod({
          namespace: 'a',
          fieldSelector: 'spec.nodeName=node-1,status.phase!=Running'
        })
      )
    ).toEqual(['p-01', 'p-05', 'p-13', 'p-17', 'p-25', 'p-29']);
    expect(names(await sim.core.listPodForAllNamespaces({ fieldSelector: 'metadata.name=p-07' }))).toEqual([
      'p-07'
    ]);
    expect(
      names(
        await sim.core.listNamespacedEvent({
          namespace: 'a',
          fieldSelector: 'involvedObject.name=p-03,type=Warning'
        })
      )
    ).toEqual(['e2']);
    await expectStatus(
      sim.core.listNamespacedPod({ namespace: 'a', fieldSelector: 'spec.dnsPolicy=None' }),
      400,
      'BadRequest',
      'field label not supported: spec.dnsPolicy'
    );
  });

  it('pages with limit and continue in a stable order, with remainingItemCount', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page: k8s.V1PodList = await sim.core.listPodForAllNamespaces({ limit: 7, _continue: token });
      pages++;
      seen.push(...page.items.map(p => `${p.metadata!.namespace}/${p.metadata!.name}`));
      token = page.metadata!._continue;
      if (token) expect(page.metadata!.remainingItemCount).toBe(30 - seen.length);
      else expect(page.metadata!.remainingItemCount).toBeUndefined();
    } while (token);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(30);
    expect([...seen].sort()).toEqual(seen);
    const firstPage = await sim.core.listNamespacedPod({
      namespace: 'a',
      limit: 4,
      labelSelector: 'app=web'
    });
    expect(names(firstPage)).toEqual(['p-01', 'p-05', 'p-07', 'p-11']);
    expect(firstPage.metadata!.remainingItemCount).toBeUndefined();
    const next = await sim.core.listNamespacedPod({
      namespace: 'a',
      limit: 4,
      labelSelector: 'app=web',
      _continue: firstPage.metadata!._continue
    });
    expect(names(next)).toEqual(['p-13', 'p-17', 'p-19', 'p-23']);
    await expectStatus(
      sim.core.listNamespacedPod({ namespace: 'a', _continue: 'garbage' }),
      400,
      'BadRequest',
      /continue/
    );
  });

  it('reports a list resourceVersion that a watch can start from', async () => {
    const list = await sim.core.listNamespacedPod({ namespace: 'a', limit: 1 });
    expect(list.metadata!.resourceVersion).toBe(sim.store.resourceVersion);
  });

  it('serves Table when kubectl asks for it', async () => {
    const r = await raw(sim.server, 'GET', '/api/v1/namespaces/a/pods?limit=2', {
      headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' }
    });
    const t = r.json();
    expect(t.kind).toBe('Table');
    expect(t.columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node'
    ]);
    expect(t.rows[0].cells.slice(0, 3)).toEqual(['p-01', '0/1', 'Pending']);
    expect(t.metadata.continue).toBeDefined();
  });
});

describe('API server: watch', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim({ storeOptions: { historySize: 16 }, bookmarkIntervalMs: 20 });
  });
  afterAll(() => sim.close());
  const namespace = 'default';
  const path = `/api/v1/namespaces/${namespace}/configmaps`;

  it('sends current objects as ADDED, then changes in order', async () => {
    await sim.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'w-existing', labels: { w: '1' } } }
    });
    const events: string[] = [];
    await waitForEvent(
      sim.kc,
      path,
      { labelSelector: 'w=1' },
      (type, obj) => {
        events.push(`${type} ${obj.metadata.name}`);
        return type === 'DELETED' ? true : undefined;
      },
      async () => {
        await sim.core.createNamespacedConfigMap({
          namespace,
          body: { metadata: { name: 'w-new', labels: { w: '1' } } }
        });
        await sim.core.patchNamespacedConfigMap(
          { name: 'w-new', namespace, body: { data: { k: 'v' } } },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch)
        );
        await sim.core.deleteNamespacedConfigMap({ name: 'w-new', namespace });
      }
    );
    expect(events).toEqual(['ADDED w-existing', 'ADDED w-new', 'MODIFIED w-new', 'DELETED w-new']);
  });

  it('resumes from a resourceVersion and reports objects leaving the selector as DELETED', async () => {
    const cm = await sim.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'w-move', labels: { sel: 'in' } } }
    });
    const rv = cm.metadata!.resourceVersion!;
    await sim.core.patchNamespacedConfigMap(
      { name: 'w-move', namespace, body: { metadata: { labels: { sel: 'out' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch)
    );
    const event = await waitForEvent(
      sim.kc,
      path,
      { labelSelector: 'sel=in', resourceVersion: rv },
      (type, obj) => `${type} ${obj.metadata.name} ${obj.metadata.labels.sel}`
    );
    expect(event).toBe('DELETED w-move in');
  });

  it('answers a too old resourceVersion with a 410 Expired ERROR event', async () => {
    const first = await sim.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'w-old' } }
    });
    for (let i = 0; i < 40; i++)
      await sim.core.createNamespacedConfigMap({ namespace, body: { metadata: { generateName: 'churn-' } } });
    const status = await waitForEvent(
      sim.kc,
      path,
      { resourceVersion: first.metadata!.resourceVersion },
      (type, obj) => (type === 'ERROR' ? obj : undefined)
    );
    expect(status).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(status.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('sends bookmarks when allowed, and the initial-events-end bookmark', async () => {
    const bookmark = await waitForEvent(
      sim.kc,
      path,
      { allowWatchBookmarks: true, resourceVersion: sim.store.resourceVersion },
      (type, obj) => (type === 'BOOKMARK' ? obj : undefined)
    );
    expect(bookmark).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
    expect(bookmark.metadata.resourceVersion).toBe(sim.store.resourceVersion);
    const end = await waitForEvent(
      sim.kc,
      path,
      { allowWatchBookmarks: true, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' },
      (type, obj) =>
        type === 'BOOKMARK' && obj.metadata.annotations?.['k8s.io/initial-events-end'] === 'true'
          ? obj
          : undefined
    );
    expect(end.metadata.resourceVersion).toBeDefined();
  });

  it('ends a watch after timeoutSeconds, rendering Tables for kubectl get -w', async () => {
    await sim.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'w-table' }, data: { a: '1' } }
    });
    const r = await raw(
      sim.server,
      'GET',
      `${path}?watch=true&timeoutSeconds=1&fieldSelector=metadata.name%3Dw-table`,
      {
        headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' }
      }
    );
    expect(r.status).toBe(200);
    const events = r.text
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('ADDED');
    expect(events[0].object.kind).toBe('Table');
    expect(events[0].object.rows[0].cells.slice(0, 2)).toEqual(['w-table', 1]);
  });

  it('watches a single object through the legacy /watch/ path', async () => {
    await sim.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'w-single' } } });
    const ev = await waitForEvent(
      sim.kc,
      `/api/v1/watch/namespaces/${namespace}/configmaps/w-single`,
      {},
      (type, obj) => `${type} ${obj.metadata.name}`
    );
    expect(ev).toBe('ADDED w-single');
  });

  it('ends open watches when the server closes', async () => {
    const other = await startSim();
    const ended = new Promise<unknown>(resolve => {
      void new k8s.Watch(other.kc).watch(
        '/api/v1/namespaces',
        {},
        () => undefined,
        err => resolve(err ?? 'ended')
      );
    });
    await waitForEvent(other.kc, '/api/v1/namespaces', {}, type => (type === 'ADDED' ? true : undefined));
    await other.close();
    expect(await ended).toBeDefined();
  });
});
