import { describe, expect, it } from '@jest/globals';
import { jsonPatch, mergePatch, strategicMergePatch } from '../../src/sim/patch.js';

describe('merge patch (RFC 7386)', () => {
  it('merges maps, deletes with null and replaces lists', () => {
    const doc = { a: { b: 1, c: 2 }, l: [1, 2], keep: true };
    expect(mergePatch(doc, { a: { b: null, d: 3 }, l: [3] })).toEqual({
      a: { c: 2, d: 3 },
      l: [3],
      keep: true
    });
    expect(doc.a).toEqual({ b: 1, c: 2 });
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { metadata: { labels: { a: '1' } }, spec: { list: ['x', 'y'] } };
  it('applies add, remove, replace, move, copy and test', () => {
    const out = jsonPatch(doc, [
      { op: 'add', path: '/metadata/labels/b~1c', value: '2' },
      { op: 'add', path: '/spec/list/-', value: 'z' },
      { op: 'remove', path: '/spec/list/0' },
      { op: 'replace', path: '/metadata/labels/a', value: '9' },
      { op: 'copy', from: '/metadata/labels/a', path: '/spec/copied' },
      { op: 'move', from: '/spec/copied', path: '/spec/moved' },
      { op: 'test', path: '/spec/moved', value: '9' }
    ]);
    expect(out).toEqual({
      metadata: { labels: { a: '9', 'b/c': '2' } },
      spec: { list: ['y', 'z'], moved: '9' }
    });
  });
  it('fails a failed test or a missing path with 422', () => {
    expect(() => jsonPatch(doc, [{ op: 'test', path: '/spec/list/0', value: 'nope' }])).toThrow(
      expect.objectContaining({ code: 422, reason: 'Invalid' })
    );
    expect(() => jsonPatch(doc, [{ op: 'replace', path: '/spec/missing', value: 1 }])).toThrow(/missing/);
    expect(() => jsonPatch(doc, { op: 'add' })).toThrow(expect.objectContaining({ code: 400 }));
  });
});

describe('strategic merge patch', () => {
  const deployment = {
    metadata: { name: 'd', finalizers: ['a'] },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'app',
              image: 'app:1',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' }
              ],
              ports: [{ containerPort: 80, name: 'http' }]
            },
            { name: 'sidecar', image: 'side:1' }
          ],
          volumes: [{ name: 'v1', emptyDir: {} }],
          tolerations: [{ key: 'x' }]
        }
      }
    }
  };

  it('merges lists by their patchMergeKey', () => {
    const out = strategicMergePatch(deployment, {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'app',
                image: 'app:2',
                env: [
                  { name: 'B', value: '3' },
                  { name: 'C', value: '4' }
                ],
                ports: [{ containerPort: 443, name: 'https' }]
              }
            ],
            volumes: [{ name: 'v2', configMap: { name: 'cm' } }],
            tolerations: [{ key: 'y' }]
          }
        }
      },
      metadata: { finalizers: ['b'] }
    });
    const [app, side] = out.spec.template.spec.containers;
    expect(app.image).toBe('app:2');
    expect(app.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '3' },
      { name: 'C', value: '4' }
    ]);
    expect(app.ports.map((p: any) => p.containerPort)).toEqual([80, 443]);
    expect(side).toEqual({ name: 'sidecar', image: 'side:1' });
    expect(out.spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['v1', 'v2']);
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'y' }]);
    expect(out.metadata.finalizers).toEqual(['a', 'b']);
  });

  it('honours $patch delete/replace, $retainKeys and $deleteFromPrimitiveList', () => {
    const out = strategicMergePatch(deployment, {
      metadata: { $deleteFromPrimitiveList: undefined, ['$deleteFromPrimitiveList/finalizers']: ['a'] },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'sidecar', $patch: 'delete' }],
            volumes: [{ name: 'only', emptyDir: {} }, { $patch: 'replace' }],
            $retainKeys: ['containers', 'volumes']
          }
        }
      }
    });
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['app']);
    expect(out.spec.template.spec.volumes).toEqual([{ name: 'only', emptyDir: {} }]);
    expect(out.spec.template.spec.tolerations).toBeUndefined();
    expect(out.metadata.finalizers).toEqual([]);
  });

  it('merges service ports by port and conditions by type', () => {
    const svc = {
      spec: { ports: [{ port: 80, targetPort: 8080 }] },
      status: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'Other', status: 'True' }
        ]
      }
    };
    const out = strategicMergePatch(svc, {
      spec: { ports: [{ port: 80, targetPort: 9090 }] },
      status: { conditions: [{ type: 'Ready', status: 'True' }] }
    });
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 9090 }]);
    expect(out.status.conditions).toEqual([
      { type: 'Ready', status: 'True' },
      { type: 'Other', status: 'True' }
    ]);
  });
});
