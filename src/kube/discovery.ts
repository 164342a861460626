/**
 * Which API groups, versions and resources the cluster serves. Read once per run: aggregated
 * discovery (apidiscovery.k8s.io/v2, one answer each for /api and /apis, GA since 1.30) when the
 * server speaks it, else the legacy documents (/apis, then every /apis/{g}/{v} in parallel).
 */
import type { KubeClient, RequestCounter } from './client.js';
import { KubeError } from './errors.js';

export interface DiscoveredResource {
  /** Plural name, e.g. "resourceclaims". */
  name: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

export interface DiscoveredVersion {
  version: string;
  resources: DiscoveredResource[];
  /** Aggregated discovery marks groups whose APIService does not answer as stale. */
  stale?: boolean;
}

export interface DiscoveredGroup {
  name: string;
  /** Served versions, the preferred one first. */
  versions: DiscoveredVersion[];
}

export class Discovery {
  private readonly byName: Map<string, DiscoveredGroup>;

  constructor(
    groups: DiscoveredGroup[],
    /** "aggregated" or "legacy": how it was read. */
    readonly source: 'aggregated' | 'legacy'
  ) {
    this.byName = new Map(groups.map(g => [g.name, g]));
  }

  groups(): string[] {
    return [...this.byName.keys()];
  }

  group(name: string): DiscoveredGroup | undefined {
    return this.byName.get(name);
  }

  /** Served versions of a group, preferred first ([] when the group is not served). */
  versions(group: string): string[] {
    return this.byName.get(group)?.versions.map(v => v.version) ?? [];
  }

  preferred(group: string): string | undefined {
    return this.byName.get(group)?.versions[0]?.version;
  }

  resources(group: string, version: string): DiscoveredResource[] {
    return this.byName.get(group)?.versions.find(v => v.version === version)?.resources ?? [];
  }

  /** Whether a group (at a version, with a resource) is served. */
  serves(group: string, version?: string, resource?: string): boolean {
    const g = this.byName.get(group);
    if (!g) return false;
    if (version === undefined)
      return resource === undefined || g.versions.some(v => v.resources.some(r => r.name === resource));
    const v = g.versions.find(x => x.version === version);
    if (!v) return false;
    return resource === undefined || v.resources.some(r => r.name === resource);
  }

  /** The versions serving a resource of a group, preferred first. */
  versionsOf(group: string, resource: string): string[] {
    return (this.byName.get(group)?.versions ?? [])
      .filter(v => v.resources.some(r => r.name === resource))
      .map(v => v.version);
  }

  /** "kueue.x-k8s.io/v1beta2": the preferred group/version serving a resource, if any. */
  groupVersionOf(group: string, resource: string): string | undefined {
    const v = this.versionsOf(group, resource)[0];
    return v ? `${group}/${v}` : undefined;
  }
}

export const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

/** Reads discovery: two requests on a server with aggregated discovery, more on an older one. */
export async function readDiscovery(
  client: KubeClient,
  options: { signal?: AbortSignal; counter?: RequestCounter }
): Promise<Discovery> {
  const [core, apis] = await Promise.all([
    client.getJson<any>('/api', { ...options, accept: AGGREGATED_ACCEPT }),
    client.getJson<any>('/apis', { ...options, accept: AGGREGATED_ACCEPT })
  ]);
  if (core.body?.kind === 'APIGroupDiscoveryList' && apis.body?.kind === 'APIGroupDiscoveryList') {
    return new Discovery([...aggregatedGroups(core.body), ...aggregatedGroups(apis.body)], 'aggregated');
  }
  return legacyDiscovery(client, core.body, apis.body, options);
}

function aggregatedGroups(list: any): DiscoveredGroup[] {
  const items: any[] = Array.isArray(list?.items) ? list.items : [];
  return items.map(item => ({
    name: String(item?.metadata?.name ?? ''),
    versions: (Array.isArray(item?.versions) ? item.versions : []).map((v: any) => ({
      version: String(v.version),
      stale: v.freshness === 'Stale' || undefined,
      resources: (Array.isArray(v.resources) ? v.resources : []).map((r: any) => ({
        name: String(r.resource),
        kind: String(r.responseKind?.kind ?? ''),
        namespaced: r.scope === 'Namespaced',
        verbs: Array.isArray(r.verbs) ? r.verbs.map(String) : []
      }))
    }))
  }));
}

async function legacyDiscovery(
  client: KubeClient,
  core: any,
  apis: any,
  options: { signal?: AbortSignal; counter?: RequestCounter }
): Promise<Discovery> {
  if (!Array.isArray(core?.versions) || !Array.isArray(apis?.groups)) {
    throw new KubeError(
      'invalid',
      'GET /apis: the answer is neither APIGroupList nor APIGroupDiscoveryList',
      '/apis'
    );
  }
  const wanted: Array<{ group: string; version: string; path: string }> = [];
  for (const v of core.versions as string[]) wanted.push({ group: '', version: v, path: `/api/${v}` });
  const order = new Map<string, string[]>();
  order.set('', core.versions);
  for (const g of apis.groups as any[]) {
    const preferred = g.preferredVersion?.version;
    const versions = (g.versions as any[]).map(v => String(v.version));
    const sorted = preferred ? [preferred, ...versions.filter(v => v !== preferred)] : versions;
    order.set(g.name, sorted);
    for (const v of sorted) wanted.push({ group: g.name, version: v, path: `/apis/${g.name}/${v}` });
  }
  const lists = await Promise.all(
    wanted.map(async w => {
      try {
        return { ...w, list: (await client.getJson<any>(w.path, options)).body, stale: false };
      } catch (err) {
        // An aggregated API whose backend is down answers 503: served but unusable, as kubectl shows it.
        if (err instanceof KubeError && (err.kind === 'server' || err.kind === 'absent'))
          return { ...w, list: null, stale: true };
        throw err;
      }
    })
  );
  const groups: DiscoveredGroup[] = [];
  for (const [name, versions] of order) {
    groups.push({
      name,
      versions: versions.map(version => {
        const found = lists.find(l => l.group === name && l.version === version)!;
        const resources: any[] = Array.isArray(found.list?.resources) ? found.list.resources : [];
        return {
          version,
          stale: found.stale || undefined,
          resources: resources
            .filter(r => !String(r.name).includes('/'))
            .map(r => ({
              name: String(r.name),
              kind: String(r.kind ?? ''),
              namespaced: !!r.namespaced,
              verbs: Array.isArray(r.verbs) ? r.verbs.map(String) : []
            }))
        };
      })
    });
  }
  return new Discovery(groups, 'legacy');
}
