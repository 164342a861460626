/**
 * Discovery as the kube-apiserver serves it: /version, /api, /apis, /apis/{g}, /api/v1 and
 * /apis/{g}/{v} (APIVersions, APIGroupList, APIGroup, APIResourceList), the aggregated form
 * (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) kubectl asks for first, and the OpenAPI
 * documents kubectl reads before `create -f`: /openapi/v3 (an index and one document per
 * group/version whose PATCH operations declare `fieldValidation`, so kubectl leaves validation
 * to the server) and a minimal /openapi/v2 (protobuf or JSON, without definitions).
 */
import { createHash } from 'node:crypto';
import { isRemote, remoteGroups } from './aggregation.js';
import type { ObjectStore, ResourceType } from './store.js';

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
  emulationMajor?: string;
  emulationMinor?: string;
  minCompatibilityMajor?: string;
  minCompatibilityMinor?: string;
}

export function versionInfo(minor: number, override: Partial<VersionInfo> = {}): VersionInfo {
  const gitVersion = override.gitVersion ?? `v1.${minor}.0`;
  const m = gitVersion.match(/^v(\d+)\.(\d+)/);
  const info: VersionInfo = {
    major: m ? m[1] : '1',
    minor: m ? m[2] : String(minor),
    gitVersion,
    gitCommit: createHash('sha1').update(gitVersion).digest('hex'),
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.24.6',
    compiler: 'gc',
    platform: 'linux/amd64',
    ...override
  };
  if (Number(info.minor) >= 34) {
    info.emulationMajor ??= info.major;
    info.emulationMinor ??= info.minor;
    info.minCompatibilityMajor ??= info.major;
    info.minCompatibilityMinor ??= String(Number(info.minor) - 1);
  }
  return info;
}

interface SubInfo {
  group?: string;
  version?: string;
  kind: (t: ResourceType) => string;
  verbs: string[];
}

const SUBRESOURCES: Record<string, SubInfo> = {
  status: { kind: t => t.kind, verbs: ['get', 'patch', 'update'] },
  scale: { group: 'autoscaling', version: 'v1', kind: () => 'Scale', verbs: ['get', 'patch', 'update'] },
  log: { kind: () => 'Pod', verbs: ['get'] },
  proxy: { kind: t => `${t.kind}ProxyOptions`, verbs: ['create', 'delete', 'get', 'patch', 'update'] },
  binding: { kind: () => 'Binding', verbs: ['create'] },
  eviction: { group: 'policy', version: 'v1', kind: () => 'Eviction', verbs: ['create'] },
  finalize: { kind: () => 'Namespace', verbs: ['update'] }
};

export function subresourceInfo(sub: string): SubInfo | undefined {
  return SUBRESOURCES[sub];
}

/** Local types serving a group/version, in registration order. */
export function typesIn(store: ObjectStore, group: string, version: string): ResourceType[] {
  return store.allTypes().filter(t => t.group === group && t.versions.includes(version));
}

/** Local groups in registration order with their served versions (preferred first). */
export function localGroups(store: ObjectStore): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of store.allTypes()) {
    if (!t.versions.length) continue;
    const list = out.get(t.group) ?? [];
    for (const v of t.versions) if (!list.includes(v)) list.push(v);
    out.set(t.group, list);
  }
  return out;
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }]
  };
}

function groupEntry(name: string, versions: string[]): Record<string, unknown> {
  const gvs = versions.map(version => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: gvs, preferredVersion: gvs[0] };
}

/** Every group: local ones in registration order, then remote (APIService) ones. */
function allGroups(store: ObjectStore): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [g, versions] of localGroups(store)) if (g !== '') out.set(g, versions);
  for (const [g, services] of remoteGroups(store)) {
    const list = out.get(g) ?? [];
    // A remote APIService takes its version over from a local type of the same group/version.
    for (const s of services) if (!list.includes(s.spec.version)) list.unshift(s.spec.version);
    out.set(g, list);
  }
  return out;
}

export function apiGroupList(store: ObjectStore): Record<string, unknown> {
  const groups = [...allGroups(store)].map(([g, versions]) => groupEntry(g, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroup(store: ObjectStore, group: string): Record<string, unknown> | undefined {
  const versions = allGroups(store).get(group);
  if (!versions?.length) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group, versions) };
}

function storageVersionHash(t: ResourceType): string {
  return createHash('sha256')
    .update(`${t.group}/${t.versions[t.versions.length - 1]}/${t.kind}`)
    .digest('base64')
    .slice(0, 11);
}

export function apiResourceList(
  store: ObjectStore,
  group: string,
  version: string
): Record<string, unknown> | undefined {
  const types = typesIn(store, group, version);
  if (!types.length) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const t of types) {
    const entry: Record<string, unknown> = {
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs
    };
    if (t.shortNames) entry.shortNames = t.shortNames;
    if (t.categories) entry.categories = t.categories;
    if (t.verbs.includes('list')) entry.storageVersionHash = storageVersionHash(t);
    resources.push(entry);
    for (const s of t.subresources) {
      const info = SUBRESOURCES[s];
      if (!info) continue;
      const sub: Record<string, unknown> = {
        name: `${t.resource}/${s}`,
        singularName: '',
        namespaced: t.namespaced,
        kind: info.kind(t),
        verbs: info.verbs
      };
      if (info.group !== undefined) Object.assign(sub, { group: info.group, version: info.version });
      resources.push(sub);
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources
  };
}

// ---- aggregated discovery (apidiscovery.k8s.io/v2) ----

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Whether the Accept header asks for aggregated discovery v2. */
export function wantsAggregated(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some(part => {
    const p = part.replace(/\s+/g, '');
    return (
      p.includes('g=apidiscovery.k8s.io') &&
      p.includes('v=v2;') &&
      p.includes('as=APIGroupDiscoveryList') &&
      !p.includes('v=v2beta1')
    );
  });
}

function discoveryResources(store: ObjectStore, group: string, version: string): Record<string, unknown>[] {
  return typesIn(store, group, version).map(t => {
    const r: Record<string, unknown> = {
      resource: t.resource,
      responseKind: { group, version, kind: t.kind },
      scope: t.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: t.singular,
      verbs: t.verbs
    };
    if (t.shortNames) r.shortNames = t.shortNames;
    if (t.categories) r.categories = t.categories;
    const subs = t.subresources
      .filter(s => SUBRESOURCES[s])
      .map(s => {
        const info = SUBRESOURCES[s];
        return {
          subresource: s,
          responseKind: { group: info.group ?? group, version: info.version ?? version, kind: info.kind(t) },
          verbs: info.verbs
        };
      });
    if (subs.length) r.subresources = subs;
    return r;
  });
}

/** Converts an APIResourceList (from an aggregated server) to discovery v2 resources. */
function fromResourceList(list: any, group: string, version: string): Record<string, unknown>[] {
  const items: any[] = Array.isArray(list?.resources)
    ? list.resources.filter((r: any) => typeof r?.name === 'string')
    : [];
  // Parents in order; a subresource whose parent is not listed (custom metrics' "pods/requests") gets a bare parent.
  const parents: string[] = [];
  for (const r of items) {
    const parent = r.name.split('/')[0];
    if (!parents.includes(parent)) parents.push(parent);
  }
  return parents.map(name => {
    const r = items.find(x => x.name === name);
    const subs = items
      .filter(s => s.name.startsWith(`${name}/`))
      .map(s => ({
        subresource: s.name.slice(name.length + 1),
        responseKind: { group, version, kind: s.kind },
        verbs: s.verbs ?? []
      }));
    const first = r ?? items.find(x => x.name.startsWith(`${name}/`));
    const out: Record<string, unknown> = {
      resource: name,
      responseKind: { group, version, kind: r?.kind ?? '' },
      scope: first?.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: r?.singularName ?? '',
      verbs: r?.verbs ?? []
    };
    if (subs.length) out.subresources = subs;
    return out;
  });
}

/**
 * The aggregated document for /api (core) or /apis. Remote group/versions are asked for their
 * APIResourceList; one that does not answer is listed Stale, as kube-aggregator marks it.
 */
export async function aggregatedDiscovery(
  store: ObjectStore,
  which: 'api' | 'apis',
  fetchRemote: (group: string, version: string) => Promise<unknown | undefined>
): Promise<Record<string, unknown>> {
  const items: Record<string, unknown>[] = [];
  if (which === 'api') {
    const core = localGroups(store).get('');
    if (core)
      items.push({
        metadata: { creationTimestamp: null },
        versions: core.map(v => ({
          version: v,
          resources: discoveryResources(store, '', v),
          freshness: 'Current'
        }))
      });
  } else {
    const remote = remoteGroups(store);
    for (const [g, versions] of allGroups(store)) {
      const out: Record<string, unknown>[] = [];
      for (const v of versions) {
        const svc = remote.get(g)?.find(s => s.spec.version === v && isRemote(s));
        if (!svc) {
          out.push({ version: v, resources: discoveryResources(store, g, v), freshness: 'Current' });
          continue;
        }
        const list = await fetchRemote(g, v);
        out.push(
          list
            ? { version: v, resources: fromResourceList(list, g, v), freshness: 'Current' }
            : { version: v, freshness: 'Stale' }
        );
      }
      items.push({ metadata: { name: g, creationTimestamp: null }, versions: out });
    }
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

// ---- OpenAPI ----

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

export function openApiV3Index(store: ObjectStore): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const [g, versions] of localGroups(store)) {
    for (const v of versions) {
      const p = gvPath(g, v);
      const hash = createHash('sha512')
        .update(JSON.stringify(openApiV3Document(store, g, v)))
        .digest('hex')
        .toUpperCase()
        .slice(0, 128);
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
    }
  }
  return { paths };
}

const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'].map(name => ({
  name,
  in: 'query',
  schema: { type: 'string', uniqueItems: true }
}));

/** One group/version's document: paths with the operations kubectl inspects (no schemas). */
export function openApiV3Document(
  store: ObjectStore,
  group: string,
  version: string
): Record<string, unknown> | undefined {
  const types = typesIn(store, group, version);
  if (!types.length) return undefined;
  const prefix = `/${gvPath(group, version)}`;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const t of types) {
    const gvk = { group, version, kind: t.kind };
    const base = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.resource}` : `${prefix}/${t.resource}`;
    const opId = (verb: string) => `${verb}${t.kind}`;
    const collection: Record<string, unknown> = {};
    if (t.verbs.includes('create')) {
      collection.post = {
        operationId: opId('create'),
        parameters: WRITE_PARAMS,
        responses: { '201': { description: 'Created' } },
        'x-kubernetes-action': 'post',
        'x-kubernetes-group-version-kind': gvk
      };
    }
    if (t.verbs.includes('list'))
      collection.get = {
        operationId: opId('list'),
        responses: { '200': { description: 'OK' } },
        'x-kubernetes-action': 'list',
        'x-kubernetes-group-version-kind': gvk
      };
    paths[base] = collection;
    if (t.verbs.includes('get') || t.verbs.includes('patch')) {
      paths[`${base}/{name}`] = {
        get: {
          operationId: opId('read'),
          responses: { '200': { description: 'OK' } },
          'x-kubernetes-action': 'get',
          'x-kubernetes-group-version-kind': gvk
        },
        put: {
          operationId: opId('replace'),
          parameters: WRITE_PARAMS,
          responses: { '200': { description: 'OK' } },
          'x-kubernetes-action': 'put',
          'x-kubernetes-group-version-kind': gvk
        },
        patch: {
          operationId: opId('patch'),
          parameters: [
            ...WRITE_PARAMS,
            { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } }
          ],
          responses: { '200': { description: 'OK' } },
          'x-kubernetes-action': 'patch',
          'x-kubernetes-group-version-kind': gvk
        }
      };
    }
    schemas[`${group || 'core'}.${version}.${t.kind}`] = {
      type: 'object',
      'x-kubernetes-group-version-kind': [gvk],
      'x-kubernetes-preserve-unknown-fields': true
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths,
    components: { schemas }
  };
}

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

/** A minimal openapi_v2.Document in protobuf: swagger "2.0" and info; no definitions (no client-side schema checks). */
export function openApiV2Protobuf(gitVersion: string): Buffer {
  const str = (field: number, s: string): Buffer => {
    const b = Buffer.from(s, 'utf8');
    return Buffer.concat([Buffer.from([(field << 3) | 2]), varint(b.length), b]);
  };
  const info = Buffer.concat([str(1, 'Kubernetes'), str(2, gitVersion)]);
  return Buffer.concat([str(1, '2.0'), Buffer.from([(2 << 3) | 2]), varint(info.length), info]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

export function openApiV2Json(gitVersion: string): Record<string, unknown> {
  return { swagger: '2.0', info: { title: 'Kubernetes', version: gitVersion }, paths: {}, definitions: {} };
}
