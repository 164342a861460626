import { describe, expect, it } from '@jest/globals';
import { fromFieldsV1, leafPaths, recordUpdate, serverSideApply, toFieldsV1 } from '../../src/sim/apply.js';
import { strategicMergePatch } from '../../src/sim/patch.js';
import type { KObject } from '../../src/sim/store.js';

const ctx = (manager: string, force = false) => ({
  manager,
  apiVersion: 'apps/v1',
  time: '2026-01-01T00:00:00Z',
  custom: false,
  force,
  merge: (a: KObject, b: KObject) => strategicMergePatch(a, b)
});
const dep = (spec: any, labels?: Record<string, string>): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', ...(labels ? { labels } : {}) },
  spec
});

describe('field ownership', () => {
  it('round-trips FieldsV1 with keyed list elements', () => {
    const paths = leafPaths(
      dep({ replicas: 2, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } }),
      { custom: false, status: false }
    );
    const fields = toFieldsV1(paths.keys());
    expect(fields).toEqual({
      'f:spec': {
        'f:replicas': {},
        'f:template': {
          'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {} } } }
        }
      }
    });
    expect([...fromFieldsV1(fields)].sort()).toEqual([...paths.keys()].sort());
  });

  it('conflicts when another manager owns a field with a different value, unless forced', () => {
    const created = serverSideApply(undefined, dep({ replicas: 1 }), ctx('alice'));
    const updated = recordUpdate(
      created,
      { ...created, spec: { replicas: 3 } },
      { manager: 'hpa', apiVersion: 'apps/v1', time: 't', custom: false }
    );
    // An update takes the fields it changed: alice no longer owns anything.
    expect((updated.metadata.managedFields as any[]).map((m: any) => `${m.manager}:${m.operation}`)).toEqual([
      'hpa:Update'
    ]);
    expect(() => serverSideApply(updated, dep({ replicas: 1 }), ctx('alice'))).toThrow(
      'Apply failed with 1 conflict: conflict with "hpa" using apps/v1: .spec.replicas'
    );
    const forced = serverSideApply(updated, dep({ replicas: 1 }), ctx('alice', true));
    expect(forced.spec.replicas).toBe(1);
    expect((forced.metadata.managedFields as any[]).map((m: any) => m.manager)).toEqual(['alice']);
    // Same value: shared ownership, no conflict.
    expect(serverSideApply(updated, dep({ replicas: 3 }), ctx('alice')).spec.replicas).toBe(3);
  });

  it('removes fields a manager stops applying when nobody else owns them', () => {
    const first = serverSideApply(
      undefined,
      dep({ replicas: 1, paused: true }, { a: '1', b: '2' }),
      ctx('alice')
    );
    const second = serverSideApply(first, dep({ replicas: 1 }, { a: '1' }), ctx('alice'));
    expect(second.spec).toEqual({ replicas: 1 });
    expect(second.metadata.labels).toEqual({ a: '1' });
  });
});
