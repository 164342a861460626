/** The cleanup ledger's order and reporting, and the images option: pure logic, no cluster. */
import { describe, expect, it } from '@jest/globals';
import { KubeError } from '../../../src/kube/errors.js';
import { DEFAULT_IMAGES, parseImages } from '../../../src/kube/functional/images.js';
import { CleanupLedger, type LedgerEntry } from '../../../src/kube/functional/ledger.js';
import type { ObjectApi } from '../../../src/kube/functional/objects.js';
import { newRunId, runIdProblem } from '../../../src/kube/functional/run-id.js';
import type { ResourceRef } from '../../../src/kube/paths.js';

const entry = (
  kind: string,
  group: string,
  resource: string,
  name: string,
  namespace?: string
): LedgerEntry => ({
  kind,
  namespaced: namespace !== undefined,
  ref: { group, version: 'v1', resource, name, namespace }
});

/** An API where deletes are recorded and objects are gone once deleted, unless kept (a finalizer). */
function fakeApi(kept: Set<string> = new Set(), refused: Set<string> = new Set()) {
  const deleted: string[] = [];
  const gone = new Set<string>();
  const api = {
    async delete(ref: ResourceRef) {
      if (refused.has(ref.name!))
        throw new KubeError('forbidden', `DELETE ${ref.resource}/${ref.name}: 403 Forbidden`, '', 403);
      deleted.push(ref.name!);
      if (!kept.has(ref.name!)) gone.add(ref.name!);
      return true;
    },
    async get(ref: ResourceRef) {
      if (gone.has(ref.name!)) return null;
      return {
        metadata: {
          name: ref.name,
          deletionTimestamp: '2026-01-01T00:00:00Z',
          finalizers: ['example.com/hold']
        }
      };
    }
  };
  return { api: api as unknown as ObjectApi, deleted };
}

let t = 0;
const clock = { now: () => t, sleep: async (ms: number) => void (t += ms) };

describe('CleanupLedger', () => {
  it('deletes pods and their owners, then claims, then other namespaced objects (newest first), the namespace, then cluster-scoped objects', async () => {
    const ledger = new CleanupLedger();
    for (const e of [
      entry('ResourceFlavor', 'kueue.x-k8s.io', 'resourceflavors', 'flavor'),
      entry('ClusterQueue', 'kueue.x-k8s.io', 'clusterqueues', 'cq'),
      entry('Namespace', '', 'namespaces', 'ns'),
      entry('ResourceClaim', 'resource.k8s.io', 'resourceclaims', 'claim', 'ns'),
      entry('LocalQueue', 'kueue.x-k8s.io', 'localqueues', 'lq', 'ns'),
      entry('Service', '', 'services', 'svc', 'ns'),
      entry('Pod', '', 'pods', 'pod', 'ns'),
      entry('Job', 'batch', 'jobs', 'job', 'ns')
    ])
      ledger.record(e);
    ledger.record(entry('Pod', '', 'pods', 'pod', 'ns')); // twice: written down once
    const { api, deleted } = fakeApi();
    const report = await ledger.cleanup(api, { clock });
    expect(deleted).toEqual(['job', 'pod', 'claim', 'svc', 'lq', 'ns', 'cq', 'flavor']);
    expect(report.left).toEqual([]);
    expect(report.deleted).toHaveLength(8);
    expect(ledger.size).toBe(0);
  });

  it('reports what a finalizer keeps, and a refused delete, and still deletes the rest', async () => {
    const ledger = new CleanupLedger();
    ledger.record(entry('ConfigMap', '', 'configmaps', 'held', 'ns'));
    ledger.record(entry('ConfigMap', '', 'configmaps', 'refused', 'ns'));
    ledger.record(entry('Pod', '', 'pods', 'pod', 'ns'));
    const { api, deleted } = fakeApi(new Set(['held']), new Set(['refused']));
    t = 0;
    const report = await ledger.cleanup(api, { clock, phaseTimeoutMs: 5000 });
    expect(deleted).toEqual(['pod', 'held']);
    expect(report.deleted).toEqual(['Pod ns/pod']);
    expect(report.left).toEqual([
      'ConfigMap ns/refused: DELETE configmaps/refused: 403 Forbidden',
      'ConfigMap ns/held: still there 5 s after its deletion (terminating, finalizers example.com/hold)'
    ]);
  });
});

describe('parseImages', () => {
  it('keeps the defaults when empty, pulls through a mirror keeping paths, and lets KEY=IMAGE win', () => {
    expect(parseImages('')).toEqual(DEFAULT_IMAGES);
    const images = parseImages('mirror.example.com/ai/, cuda=registry.example.com/cuda-sample:12');
    expect(images.agnhost).toBe('mirror.example.com/ai/e2e-test-images/agnhost:2.52');
    expect(images.python).toBe('mirror.example.com/ai/library/python:3.13-alpine');
    expect(images.cuda).toBe('registry.example.com/cuda-sample:12');
  });

  it('names the option and what it expects for bad entries', () => {
    expect(() => parseImages('a.example.com, b.example.com', 'input "workload-images"')).toThrow(
      'input "workload-images": more than one registry prefix (a.example.com, b.example.com): give one prefix, and KEY=IMAGE for anything else'
    );
    expect(() => parseImages('shell=', '--images')).toThrow(/^--images: shell="" is not an image reference/);
    expect(() => parseImages('shell=a,shell=b')).toThrow('--images: shell is given twice');
  });
});

describe('run ids', () => {
  it('are DNS labels that fit the namespace name, and differ between runs', () => {
    const a = newRunId();
    const b = newRunId();
    expect(runIdProblem(a)).toBeNull();
    expect(a).not.toBe(b);
    expect(runIdProblem('UPPER')).toMatch(/is not a DNS label/);
    expect(runIdProblem('x'.repeat(49))).toMatch(/is longer than 48 characters/);
  });
});
