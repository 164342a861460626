/**
 * A CheckContext from in-memory data, for check logic the simulator's scenarios do not reach
 * (API states no real cluster of the tested versions shows). Reads through `kube` are answered
 * from `objects` by path; anything else is a 404, as from a cluster without it.
 */
import { requirementSet } from '../../src/catalog/index.js';
import type { CheckContext } from '../../src/checks/types.js';
import { KubeClient, RequestCounter } from '../../src/kube/client.js';
import { Discovery, type DiscoveredGroup } from '../../src/kube/discovery.js';
import type { DraInventory } from '../../src/kube/dra.js';
import type { NodeInventory } from '../../src/kube/nodes.js';
import { KubeReader } from '../../src/kube/reader.js';
import type { RawResponse } from '../../src/kube/transport.js';
import type { Workload } from '../../src/kube/workloads.js';

export interface FakeData {
  version: string;
  gitVersion?: string;
  groups?: Array<{ name: string; versions: Array<{ version: string; resources: string[] }> }>;
  nodes?: Partial<NodeInventory>;
  dra?: Partial<DraInventory>;
  workloads?: Workload[];
  /** Answers of GETs through `kube`, by path (query included); anything else is a 404. */
  objects?: Record<string, unknown>;
}

export function fakeContext(id: string, data: FakeData): CheckContext {
  const requirement = requirementSet(data.version).requirements.find(r => r.id === id)!;
  const groups: DiscoveredGroup[] = (data.groups ?? []).map(g => ({
    name: g.name,
    versions: g.versions.map(v => ({
      version: v.version,
      resources: v.resources.map(name => ({ name, kind: name, namespaced: true, verbs: ['list'] }))
    }))
  }));
  const reads = new KubeClient({
    server: 'https://fake.invalid',
    get: async (path: string): Promise<RawResponse> => {
      const body = data.objects?.[path];
      if (body === undefined)
        return {
          status: 404,
          headers: {},
          body: JSON.stringify({
            kind: 'Status',
            reason: 'NotFound',
            message: `${path} not found`,
            code: 404
          })
        };
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    }
  });
  const gitVersion = data.gitVersion ?? `v${data.version}.0`;
  const [major, minor] = gitVersion.replace(/^v/, '').split('.');
  return {
    requirement,
    conformanceVersion: data.version,
    cluster: { version: gitVersion, major, minor },
    kube: new KubeReader(reads, new RequestCounter(), undefined),
    discovery: async () => new Discovery(groups, 'aggregated'),
    nodes: async () => ({
      total: 0,
      ready: 0,
      accelerated: [],
      networked: [],
      runtimeHandlers: new Map(),
      handlersReported: 0,
      ...data.nodes
    }),
    workloads: async () => ({ all: data.workloads ?? [] }),
    webhooks: async () => ({ all: [] }),
    dra: async () => ({ version: null, classes: [], drivers: new Map(), ...data.dra }),
    now: () => Date.parse('2026-01-01T00:00:00Z'),
    signal: new AbortController().signal
  };
}
