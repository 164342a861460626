import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectStatus, pod, raw, startSim, type Sim } from './harness.js';

describe('API server: CRUD semantics', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim({ namespaces: ['default', 'kube-system', 'crud'] });
  });
  afterAll(() => sim.close());
  const namespace = 'crud';

  it('creates with generateName, uid, resourceVersion and timestamps, and reads back', async () => {
    const created = await sim.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { generateName: 'cfg-' }, data: { a: '1' } }
    });
    expect(created.metadata!.name).toMatch(/^cfg-[a-z0-9]{5}$/);
    expect(created.metadata!.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(created.metadata!.resourceVersion)).toBeGreaterThan(0);
    expect(created.metadata!.creationTimestamp).toEqual(new Date('2026-01-01T00:00:00Z'));
    const read = await sim.core.readNamespacedConfigMap({ name: created.metadata!.name!, namespace });
    expect(read.data).toEqual({ a: '1' });
    expect(read.metadata!.uid).toBe(created.metadata!.uid);
  });

  it('answers AlreadyExists, NotFound and Invalid as the apiserver does', async () => {
    await sim.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'dup' } } });
    await expectStatus(
      sim.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'dup' } } }),
      409,
      'AlreadyExists',
      'configmaps "dup" already exists'
    );
    await expectStatus(
      sim.core.readNamespacedConfigMap({ name: 'nope', namespace }),
      404,
      'NotFound',
      'configmaps "nope" not found'
    );
    await expectStatus(
      sim.apps.readNamespacedDeployment({ name: 'nope', namespace }),
      404,
      'NotFound',
      'deployments.apps "nope" not found'
    );
    const body = await expectStatus(
      sim.core.createNamespacedPod({
        namespace,
        body: { metadata: { name: 'empty' }, spec: { containers: [] } }
      }),
      422,
      'Invalid',
      'Pod "empty" is invalid: spec.containers: Required value'
    );
    expect(body.details.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' }
    ]);
    await expectStatus(
      sim.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'Bad_Name' } } }),
      422,
      'Invalid',
      /^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/
    );
  });

  it('rejects a stale update with 409 Conflict (optimistic concurrency)', async () => {
    const cm = await sim.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'occ' }, data: { v: '1' } }
    });
    const fresh = await sim.core.replaceNamespacedConfigMap({
      name: 'occ',
      namespace,
      body: { ...cm, data: { v: '2' } }
    });
    expect(Number(fresh.metadata!.resourceVersion)).toBeGreaterThan(Number(cm.metadata!.resourceVersion));
    await expectStatus(
      sim.core.replaceNamespacedConfigMap({ name: 'occ', namespace, body: { ...cm, data: { v: '3' } } }),
      409,
      'Conflict',
      'Operation cannot be fulfilled on configmaps "occ": the object has been modified; please apply your changes to the latest version and try again'
    );
    await expectStatus(
      sim.core.replaceNamespacedConfigMap({
        name: 'other',
        namespace,
        body: { ...fresh, metadata: { ...fresh.metadata, name: 'occ' } }
      }),
      400,
      'BadRequest',
      'the name of the object (occ) does not match the name on the URL (other)'
    );
  });

  it('keeps spec and status apart through the status subresource', async () => {
    const d = await sim.apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] }
          }
        },
        status: { readyReplicas: 9 }
      }
    });
    expect(d.spec!.replicas).toBe(1);
    expect(d.status).toBeUndefined();
    expect(d.metadata!.generation).toBe(1);
    const withStatus = await sim.apps.replaceNamespacedDeploymentStatus({
      name: 'web',
      namespace,
      body: { ...d, spec: { ...d.spec!, replicas: 5 }, status: { readyReplicas: 1 } }
    });
    expect(withStatus.status!.readyReplicas).toBe(1);
    expect(withStatus.spec!.replicas).toBe(1);
    const bumped = await sim.apps.replaceNamespacedDeployment({
      name: 'web',
      namespace,
      body: { ...withStatus, spec: { ...withStatus.spec!, replicas: 3 }, status: { readyReplicas: 7 } }
    });
    expect(bumped.spec!.replicas).toBe(3);
    expect(bumped.status!.readyReplicas).toBe(1);
    expect(bumped.metadata!.generation).toBe(2);
    const status = await sim.apps.readNamespacedDeploymentStatus({ name: 'web', namespace });
    expect(status.status!.readyReplicas).toBe(1);
  });

  it('does not persist dryRun=All writes but answers as if it had', async () => {
    const dry = await sim.core.createNamespacedConfigMap({
      namespace,
      dryRun: 'All',
      body: { metadata: { name: 'dry' }, data: { x: 'y' } }
    });
    expect(dry.metadata!.name).toBe('dry');
    expect(dry.metadata!.uid).toBeDefined();
    await expectStatus(sim.core.readNamespacedConfigMap({ name: 'dry', namespace }), 404, 'NotFound');
    await sim.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'keep' } } });
    await sim.core.deleteNamespacedConfigMap({ name: 'keep', namespace, dryRun: 'All' });
    expect((await sim.core.readNamespacedConfigMap({ name: 'keep', namespace })).metadata!.name).toBe('keep');
    await expectStatus(
      sim.core.createNamespacedConfigMap({ namespace, dryRun: 'Some', body: { metadata: { name: 'x' } } }),
      400,
      'BadRequest',
      'dryRun: Unsupported value: "Some": supported values: "All"'
    );
  });

  it('works on cluster-scoped kinds', async () => {
    const node = await sim.core.createNode({ body: { metadata: { name: 'n1', labels: { pool: 'gpu' } } } });
    expect(node.metadata!.namespace).toBeUndefined();
    const list = await sim.core.listNode({ labelSelector: 'pool=gpu' });
    expect(list.items.map(n => n.metadata!.name)).toEqual(['n1']);
    await sim.core.deleteNode({ name: 'n1' });
    await expectStatus(sim.core.readNode({ name: 'n1' }), 404, 'NotFound', 'nodes "n1" not found');
    expect((await raw(sim.server, 'GET', '/api/v1/namespaces/default/nodes')).status).toBe(404);
  });

  it('holds an object with finalizers until they are removed, with a deletionTimestamp', async () => {
    await sim.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'fin', finalizers: ['example.com/hold'] } }
    });
    sim.clock.advance(5000);
    // The typed client reads a DELETE answer as a Status; the raw answer is the object itself.
    const deleted = (
      await raw(sim.server, 'DELETE', `/api/v1/namespaces/${namespace}/configmaps/fin`)
    ).json();
    expect(deleted.metadata.deletionTimestamp).toBe('2026-01-01T00:00:05Z');
    const held = await sim.core.readNamespacedConfigMap({ name: 'fin', namespace });
    expect(held.metadata!.deletionTimestamp).toBeDefined();
    await sim.core.replaceNamespacedConfigMap({
      name: 'fin',
      namespace,
      body: { ...held, metadata: { ...held.metadata, finalizers: [] } }
    });
    await expectStatus(sim.core.readNamespacedConfigMap({ name: 'fin', namespace }), 404, 'NotFound');
  });

  it('checks delete preconditions', async () => {
    const cm = await sim.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'pre' } } });
    await expectStatus(
      sim.core.deleteNamespacedConfigMap({
        name: 'pre',
        namespace,
        body: { preconditions: { uid: 'not-the-uid' } }
      }),
      409,
      'Conflict',
      `Operation cannot be fulfilled on configmaps "pre": Precondition failed: UID in precondition: not-the-uid, UID in object meta: ${cm.metadata!.uid}`
    );
    await sim.core.deleteNamespacedConfigMap({
      name: 'pre',
      namespace,
      body: { preconditions: { uid: cm.metadata!.uid } }
    });
  });

  it('deletes collections by label selector', async () => {
    for (const [name, tier] of [
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'y']
    ]) {
      await sim.core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name: `dc-${name}`, labels: { tier, dc: 't' } } }
      });
    }
    const gone = await raw(
      sim.server,
      'DELETE',
      `/api/v1/namespaces/${namespace}/configmaps?labelSelector=${encodeURIComponent('dc=t,tier in (x)')}`
    );
    expect(gone.json().items.map((i: any) => i.metadata.name)).toEqual(['dc-a', 'dc-b']);
    await sim.core.deleteCollectionNamespacedConfigMap({ namespace, labelSelector: 'dc=t,tier notin (y)' });
    const left = await sim.core.listNamespacedConfigMap({ namespace, labelSelector: 'dc=t' });
    expect(left.items.map(i => i.metadata!.name)).toEqual(['dc-c']);
  });

  it('refuses content in missing or terminating namespaces', async () => {
    await expectStatus(
      sim.core.createNamespacedConfigMap({ namespace: 'ghost', body: { metadata: { name: 'x' } } }),
      404,
      'NotFound',
      'namespaces "ghost" not found'
    );
    await sim.core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    const ns = await sim.core.readNamespace({ name: 'doomed' });
    expect(ns.spec!.finalizers).toEqual(['kubernetes']);
    expect(ns.status!.phase).toBe('Active');
    expect(ns.metadata!.labels).toEqual({ 'kubernetes.io/metadata.name': 'doomed' });
    await sim.core.deleteNamespace({ name: 'doomed' });
    const terminating = await sim.core.readNamespace({ name: 'doomed' });
    expect(terminating.status!.phase).toBe('Terminating');
    expect(terminating.metadata!.deletionTimestamp).toBeDefined();
    await expectStatus(
      sim.core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'late' } } }),
      403,
      'Forbidden',
      'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated'
    );
    await expectStatus(
      sim.core.deleteNamespace({ name: 'doomed' }),
      409,
      'Conflict',
      /The system is ensuring all content is removed from this namespace/
    );
    // The namespace controller's last step: clearing spec.finalizers through /finalize removes it.
    await sim.core.replaceNamespaceFinalize({
      name: 'doomed',
      body: { metadata: { name: 'doomed' }, spec: { finalizers: [] } }
    });
    await expectStatus(
      sim.core.readNamespace({ name: 'doomed' }),
      404,
      'NotFound',
      'namespaces "doomed" not found'
    );
  });

  it('defaults a pod: Pending, QoS class, scheduler and tolerations', async () => {
    const p = await sim.core.createNamespacedPod({
      namespace,
      body: pod('defaults', {
        spec: {
          containers: [{ name: 'c', image: 'busybox', resources: { limits: { cpu: '1', memory: '1Gi' } } }]
        }
      })
    });
    expect(p.status).toMatchObject({ phase: 'Pending', qosClass: 'Guaranteed' });
    expect(p.spec!.schedulerName).toBe('default-scheduler');
    expect(p.spec!.containers[0].imagePullPolicy).toBe('Always');
    expect(p.spec!.tolerations!.map(t => t.key)).toEqual([
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable'
    ]);
  });
});

describe('API server: deletion propagation', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());
  const namespace = 'default';

  async function ownerWithChild(name: string) {
    const owner = await sim.core.createNamespacedConfigMap({ namespace, body: { metadata: { name } } });
    const ref = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name,
      uid: owner.metadata!.uid!,
      blockOwnerDeletion: true
    };
    await sim.core.createNamespacedSecret({
      namespace,
      body: { metadata: { name: `${name}-child`, ownerReferences: [ref] } }
    });
    return owner;
  }

  async function until(check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 50; i++) {
      if (await check()) return;
      await new Promise(r => setImmediate(r));
    }
    throw new Error('condition not reached');
  }

  const exists = (p: Promise<unknown>) =>
    p.then(
      () => true,
      () => false
    );

  it('Background deletes dependents after the owner', async () => {
    await ownerWithChild('bg');
    await sim.core.deleteNamespacedConfigMap({ name: 'bg', namespace, propagationPolicy: 'Background' });
    await until(async () => !(await exists(sim.core.readNamespacedSecret({ name: 'bg-child', namespace }))));
  });

  it('Orphan keeps dependents and drops their owner reference', async () => {
    await ownerWithChild('orphan');
    await sim.core.deleteNamespacedConfigMap({ name: 'orphan', namespace, propagationPolicy: 'Orphan' });
    const child = await sim.core.readNamespacedSecret({ name: 'orphan-child', namespace });
    expect(child.metadata!.ownerReferences).toBeUndefined();
  });

  it('Foreground keeps the owner (foregroundDeletion) until dependents are gone', async () => {
    await ownerWithChild('fg');
    const child = await sim.core.readNamespacedSecret({ name: 'fg-child', namespace });
    await sim.core.replaceNamespacedSecret({
      name: 'fg-child',
      namespace,
      body: { ...child, metadata: { ...child.metadata, finalizers: ['example.com/slow'] } }
    });
    await sim.core.deleteNamespacedConfigMap({ name: 'fg', namespace, propagationPolicy: 'Foreground' });
    await until(
      async () =>
        !!(await sim.core.readNamespacedSecret({ name: 'fg-child', namespace })).metadata!.deletionTimestamp
    );
    const owner = await sim.core.readNamespacedConfigMap({ name: 'fg', namespace });
    expect(owner.metadata!.finalizers).toEqual(['foregroundDeletion']);
    expect(owner.metadata!.deletionTimestamp).toBeDefined();
    const held = await sim.core.readNamespacedSecret({ name: 'fg-child', namespace });
    await sim.core.replaceNamespacedSecret({
      name: 'fg-child',
      namespace,
      body: { ...held, metadata: { ...held.metadata, finalizers: [] } }
    });
    await until(async () => !(await exists(sim.core.readNamespacedConfigMap({ name: 'fg', namespace }))));
  });
});
