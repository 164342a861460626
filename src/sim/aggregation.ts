/**
 * API aggregation. Every served group/version has a local APIService object (`v1.apps`, `v1.`),
 * as kube-aggregator keeps them; an APIService with `spec.service` (e.g.
 * `v1beta1.custom.metrics.k8s.io`) routes its group/version to `hooks.aggregated`, shows in
 * discovery, and answers 503 while its Available condition is not True (the scenario sets it).
 */
import type { KObject, ObjectStore } from './store.js';
import { compareVersions } from './versions.js';

export const APISERVICE_GROUP = 'apiregistration.k8s.io';
export const APISERVICE_RESOURCE = 'apiservices';

export function apiServiceName(group: string, version: string): string {
  return `${version}.${group}`;
}

export function isRemote(apiService: KObject): boolean {
  return !!apiService.spec?.service;
}

export function isAvailable(apiService: KObject): boolean {
  return (apiService.status?.conditions ?? []).some(
    (c: any) => c?.type === 'Available' && c?.status === 'True'
  );
}

/** The APIService that routes a group/version away from the local store, if any. */
export function remoteApiService(store: ObjectStore, group: string, version: string): KObject | undefined {
  if (!store.typeOf(APISERVICE_GROUP, APISERVICE_RESOURCE)) return undefined;
  const svc = store.get(APISERVICE_GROUP, APISERVICE_RESOURCE, undefined, apiServiceName(group, version));
  return svc && isRemote(svc) ? svc : undefined;
}

/** Remote group/versions grouped by group, versions in priority order (versionPriority, then kube order). */
export function remoteGroups(store: ObjectStore): Map<string, KObject[]> {
  const out = new Map<string, KObject[]>();
  if (!store.typeOf(APISERVICE_GROUP, APISERVICE_RESOURCE)) return out;
  for (const s of store.list(APISERVICE_GROUP, APISERVICE_RESOURCE)) {
    if (!isRemote(s) || !s.spec?.group || !s.spec?.version) continue;
    const list = out.get(s.spec.group) ?? [];
    list.push(s);
    out.set(s.spec.group, list);
  }
  for (const list of out.values()) {
    list.sort(
      (a, b) =>
        (b.spec.versionPriority ?? 0) - (a.spec.versionPriority ?? 0) ||
        compareVersions(a.spec.version, b.spec.version)
    );
  }
  return out;
}

const installed = new WeakSet<ObjectStore>();

/** Keeps a local APIService for each served group/version (created and removed with the types). */
export function installLocalApiServices(store: ObjectStore): void {
  if (installed.has(store)) return;
  installed.add(store);
  let scheduled = false;
  const sync = (): void => {
    scheduled = false;
    if (!store.typeOf(APISERVICE_GROUP, APISERVICE_RESOURCE)) return;
    const wanted = new Map<
      string,
      { group: string; version: string; groupPriority: number; versionPriority: number }
    >();
    const groups: string[] = [];
    for (const t of store.allTypes()) if (!groups.includes(t.group)) groups.push(t.group);
    for (const t of store.allTypes()) {
      const gi = groups.indexOf(t.group);
      t.versions.forEach((version, vi) => {
        const custom = !KNOWN_BUILTIN.has(t.group);
        wanted.set(apiServiceName(t.group, version), {
          group: t.group,
          version,
          groupPriority: custom ? 1000 : 18000 - gi * 100,
          versionPriority: Math.max(1, 15 - vi)
        });
      });
    }
    const now = store.timestamp();
    for (const [name, w] of wanted) {
      if (store.get(APISERVICE_GROUP, APISERVICE_RESOURCE, undefined, name)) continue;
      store.create({
        apiVersion: 'apiregistration.k8s.io/v1',
        kind: 'APIService',
        metadata: {
          name,
          labels: {
            'kube-aggregator.kubernetes.io/automanaged': KNOWN_BUILTIN.has(w.group) ? 'onstart' : 'true'
          }
        },
        spec: {
          ...(w.group ? { group: w.group } : {}),
          version: w.version,
          groupPriorityMinimum: w.groupPriority,
          versionPriority: w.versionPriority
        },
        status: {
          conditions: [
            {
              type: 'Available',
              status: 'True',
              lastTransitionTime: now,
              reason: 'Local',
              message: 'Local APIServices are always available'
            }
          ]
        }
      });
    }
    for (const s of store.list(APISERVICE_GROUP, APISERVICE_RESOURCE)) {
      if (
        !isRemote(s) &&
        s.metadata.labels?.['kube-aggregator.kubernetes.io/automanaged'] &&
        !wanted.has(s.metadata.name!)
      ) {
        store.delete(APISERVICE_GROUP, APISERVICE_RESOURCE, undefined, s.metadata.name!);
      }
    }
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(sync);
  };
  store.onTypesChanged(schedule);
  schedule();
}

const KNOWN_BUILTIN = new Set([
  '',
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'resource.k8s.io'
]);
