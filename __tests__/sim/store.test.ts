import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '../../src/sim/clock.js';
import { ObjectStore, type Change } from '../../src/sim/store.js';

function store() {
  const s = new ObjectStore(new FakeClock());
  s.registerType({
    group: '', versions: ['v1'], resource: 'configmaps', kind: 'ConfigMap', listKind: 'ConfigMapList',
    singular: 'configmap', namespaced: true, subresources: [], verbs: []
  });
  s.registerType({
    group: 'apps', versions: ['v1'], resource: 'deployments', kind: 'Deployment', listKind: 'DeploymentList',
    singular: 'deployment', namespaced: true, subresources: ['status', 'scale'], verbs: []
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
    expect(() => s.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: a.metadata.name } })).toThrow(/already exists/);
  });

  it('rejects stale updates with Conflict and keeps status on spec updates', () => {
    const s = store();
    const d = s.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ns' }, spec: { replicas: 1 } });
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
    for (const [ns, n] of [['b', 'x'], ['a', 'z'], ['a', 'y']]) {
      s.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n, namespace: ns } });
    }
    expect(s.list('', 'configmaps').map(o => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['a/y', 'a/z', 'b/x']);
    expect(s.list('', 'configmaps', 'a')).toHaveLength(2);
  });
});
