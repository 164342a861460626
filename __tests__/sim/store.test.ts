import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '../../src/sim/clock.js';
import { ObjectStore, type Change } from '../../src/sim/store.js';

function store() {
  const s = new ObjectStore(new FakeClock());
  s.registerType({
    group: '',
    versions: ['v1'],
    resource: 'configmaps',
    kind: 'ConfigMap',
    listKind: 'ConfigMapList',
    singular: 'configmap',
    namespaced: true,
    subresources: [],
    verbs: []
  });
  s.registerType({
    group: 'apps',
    versions: ['v1'],
    resource: 'deployments',
    kind: 'Deployment',
    listKind: 'DeploymentList',
    singular: 'deployment',
    namespaced: true,
    subresources: ['status', 'scale'],
    verbs: []
  });
  return s;
}

describe('ObjectStore', () => {
  it('creates with uid, resourceVersion, timestamps and generateName', () => {
    const s = store();
    const a = s.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cm-' } });
    expect(a.metadata.name).toMatch(/^cm-[a-z0-9]{5}$/);
    expect(a.metadata.namespace).toBe('default');
    expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(() =>
      s.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: a.metadata.name } })
    ).toThrow(/already exists/);
  });

  it('rejects stale updates with Conflict and keeps status on spec updates', () => {
    const s = store();
    const d = s.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'ns' },
      spec: { replicas: 1 }
    });
    const withStatus = s.update({ ...d, status: { readyReplicas: 1 } }, { subresource: 'status' });
    expect(withStatus.status).toEqual({ readyReplicas: 1 });
    const bumped = s.update({ ...withStatus, spec: { replicas: 2 }, status: { readyReplicas: 9 } });
    expect(bumped.status).toEqual({ readyReplicas: 1 });
    expect(bumped.metadata.generation).toBe(2);
    expect(() => s.update({ ...d, spec: { replicas: 3 } })).toThrow(/has been modified/);
  });

  it('keeps finalized objects until the last finalizer goes, emitting changes', () => {
    const s = store();
    const seen: string[] = [];
    s.onChange((c: Change) => seen.push(`${c.type} ${c.object.metadata.name}`));
    s.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'f', finalizers: ['x/y'] } });
    const r = s.delete('', 'configmaps', 'default', 'f');
    expect(r.removed).toBe(false);
    expect(r.object.metadata.deletionTimestamp).toBeDefined();
    s.update({ ...r.object, metadata: { ...r.object.metadata, finalizers: [] } });
    expect(s.get('', 'configmaps', 'default', 'f')).toBeUndefined();
    expect(seen).toEqual(['ADDED f', 'MODIFIED f', 'DELETED f']);
  });

  it('lists in namespace/name order and filters by namespace', () => {
    const s = store();
    for (const [ns, n] of [
      ['b', 'x'],
      ['a', 'z'],
      ['a', 'y']
    ]) {
      s.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n, namespace: ns } });
    }
    expect(s.list('', 'configmaps').map(o => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'a/y',
      'a/z',
      'b/x'
    ]);
    expect(s.list('', 'configmaps', 'a')).toHaveLength(2);
  });

  it('pages with listPage in list order, continuing after a key, with remaining counts', () => {
    const s = store();
    for (const ns of ['b', 'a', 'c'])
      for (const n of ['x', 'y', 'z'])
        s.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: n, namespace: ns, labels: { n } }
        });
    const first = s.listPage('', 'configmaps', { limit: 4 });
    expect(first.items.map(ObjectStore.keyOf)).toEqual(['a/x', 'a/y', 'a/z', 'b/x']);
    expect(first).toMatchObject({ next: 'b/x', remaining: 5 });
    const rest = s.listPage('', 'configmaps', { after: first.next, limit: 10 });
    expect(rest.items.map(ObjectStore.keyOf)).toEqual(['b/y', 'b/z', 'c/x', 'c/y', 'c/z']);
    expect(rest.next).toBeUndefined();
    const inB = s.listPage('', 'configmaps', {
      namespace: 'b',
      limit: 2,
      filter: o => o.metadata.labels?.n !== 'x'
    });
    expect(inB.items.map(ObjectStore.keyOf)).toEqual(['b/y', 'b/z']);
    expect(inB.remaining).toBeUndefined();
  });

  it('remembers a bounded history of changes for watches', () => {
    const s = new ObjectStore(new FakeClock(), { historySize: 16 });
    s.registerType({
      group: '',
      versions: ['v1'],
      resource: 'configmaps',
      kind: 'ConfigMap',
      listKind: 'ConfigMapList',
      singular: 'configmap',
      namespaced: true,
      subresources: [],
      verbs: []
    });
    const start = s.resourceVersion;
    const a = s.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    s.delete('', 'configmaps', 'default', 'a');
    expect(s.changesSince(start)!.map(c => c.type)).toEqual(['ADDED', 'DELETED']);
    expect(s.changesSince(a.metadata.resourceVersion!)!.map(c => c.type)).toEqual(['DELETED']);
    for (let i = 0; i < 40; i++)
      s.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` } });
    expect(s.changesSince(start)).toBeUndefined();
    expect(s.changesSince(s.resourceVersion)).toEqual([]);
  });

  it('keeps a deleted namespace Terminating until spec.finalizers are cleared', () => {
    const s = new ObjectStore(new FakeClock());
    s.registerType({
      group: '',
      versions: ['v1'],
      resource: 'namespaces',
      kind: 'Namespace',
      listKind: 'NamespaceList',
      singular: 'namespace',
      namespaced: false,
      subresources: ['status'],
      verbs: []
    });
    const ns = s.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    expect(ns.spec.finalizers).toEqual(['kubernetes']);
    expect(ns.status.phase).toBe('Active');
    const { object, removed } = s.delete('', 'namespaces', undefined, 'team');
    expect(removed).toBe(false);
    expect(object.status.phase).toBe('Terminating');
    s.update({ ...object, spec: { finalizers: [] } });
    expect(s.get('', 'namespaces', undefined, 'team')).toBeUndefined();
  });
});
