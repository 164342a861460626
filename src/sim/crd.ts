/**
 * CustomResourceDefinitions: creating one serves its versions (store.registerType, which
 * discovery follows) and the server sets NamesAccepted and Established; deleting one stops
 * serving it and drops its objects. Works for CRDs written through the API and for those a
 * scenario puts straight into the store.
 */
import { invalid, type StatusCause } from './errors.js';
import type { Change, KObject, ObjectStore, ResourceType } from './store.js';
import { ALL_VERBS } from './store.js';
import { sortVersions } from './versions.js';

export const CRD_GROUP = 'apiextensions.k8s.io';
export const CRD_RESOURCE = 'customresourcedefinitions';

/** The ResourceType a CRD serves, or undefined when it serves no version. */
export function crdToType(crd: KObject): ResourceType | undefined {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  if (!spec.group || !names.plural || !names.kind) return undefined;
  const served = (spec.versions ?? []).filter((v: any) => v && v.served !== false);
  const subresources = new Set<string>();
  for (const v of served) {
    if (v.subresources?.status) subresources.add('status');
    if (v.subresources?.scale) subresources.add('scale');
  }
  const t: ResourceType = {
    group: spec.group,
    versions: sortVersions(served.map((v: any) => String(v.name))),
    resource: names.plural,
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    singular: names.singular ?? String(names.kind).toLowerCase(),
    namespaced: spec.scope !== 'Cluster',
    subresources: [...subresources],
    verbs: ALL_VERBS
  };
  if (Array.isArray(names.shortNames) && names.shortNames.length) t.shortNames = names.shortNames;
  if (Array.isArray(names.categories) && names.categories.length) t.categories = names.categories;
  return t;
}

/** The definition of a served custom resource version (schema, scale paths, printer columns). */
export function crdVersion(store: ObjectStore, group: string, resource: string, version: string): any {
  const crd = store.get(CRD_GROUP, CRD_RESOURCE, undefined, `${resource}.${group}`);
  return (crd?.spec?.versions ?? []).find((v: any) => v?.name === version);
}

/** Whether a type is served from a CRD (custom resources have no strategic merge, generic field selectors). */
export function isCustom(store: ObjectStore, t: ResourceType): boolean {
  const crd = store.get(CRD_GROUP, CRD_RESOURCE, undefined, `${t.resource}.${t.group}`);
  return crd !== undefined && crd.spec?.names?.kind === t.kind;
}

/** The apiserver's CRD validation of what this simulator relies on. */
export function validateCrd(crd: KObject): void {
  const causes: StatusCause[] = [];
  const spec = crd.spec ?? {};
  const name = crd.metadata?.name ?? '';
  if (!spec.group)
    causes.push({ field: 'spec.group', reason: 'FieldValueRequired', message: 'Required value' });
  if (!spec.names?.plural)
    causes.push({ field: 'spec.names.plural', reason: 'FieldValueRequired', message: 'Required value' });
  if (!spec.names?.kind)
    causes.push({ field: 'spec.names.kind', reason: 'FieldValueRequired', message: 'Required value' });
  if (spec.group && spec.names?.plural && name !== `${spec.names.plural}.${spec.group}`) {
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": must be spec.names.plural+"."+spec.group`
    });
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    causes.push({
      field: 'spec.scope',
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: "${spec.scope ?? ''}": supported values: "Cluster", "Namespaced"`
    });
  }
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  if (!versions.length)
    causes.push({
      field: 'spec.versions',
      reason: 'FieldValueInvalid',
      message: 'Invalid value: null: must have exactly one version marked as storage version'
    });
  else if (versions.filter((v: any) => v?.storage === true).length !== 1) {
    causes.push({
      field: 'spec.versions',
      message: `Invalid value: ${JSON.stringify(versions.map((v: any) => v?.name))}: must have exactly one version marked as storage version`
    });
  }
  if (causes.length) throw invalid(CRD_GROUP, 'CustomResourceDefinition', name, causes);
}

function condition(type: string, reason: string, message: string, now: string): Record<string, string> {
  return { type, status: 'True', lastTransitionTime: now, reason, message };
}

function needsStatus(crd: KObject): boolean {
  const conds: any[] = crd.status?.conditions ?? [];
  const ok = (t: string) => conds.some(c => c.type === t && c.status === 'True');
  const storage = (crd.spec?.versions ?? []).find((v: any) => v?.storage)?.name;
  return (
    !ok('NamesAccepted') ||
    !ok('Established') ||
    (storage && !(crd.status?.storedVersions ?? []).includes(storage)) ||
    JSON.stringify(crd.status?.acceptedNames ?? {}) !== JSON.stringify(acceptedNames(crd))
  );
}

function acceptedNames(crd: KObject): Record<string, unknown> {
  const n = crd.spec?.names ?? {};
  const out: Record<string, unknown> = {
    plural: n.plural,
    singular: n.singular ?? String(n.kind ?? '').toLowerCase(),
    kind: n.kind,
    listKind: n.listKind ?? `${n.kind}List`
  };
  if (n.shortNames) out.shortNames = n.shortNames;
  if (n.categories) out.categories = n.categories;
  return out;
}

const installed = new WeakSet<ObjectStore>();

/** Serves every CRD in the store now and from now on. Idempotent per store. */
export function installCrdController(store: ObjectStore): void {
  if (installed.has(store)) return;
  installed.add(store);
  const served = new Map<string, string>(); // crd name -> type key it registered
  const pendingStatus = new Set<string>();

  const flushStatus = (): void => {
    for (const name of pendingStatus) {
      pendingStatus.delete(name);
      const crd = store.get(CRD_GROUP, CRD_RESOURCE, undefined, name);
      if (!crd || !needsStatus(crd)) continue;
      const now = store.timestamp();
      const storage = (crd.spec?.versions ?? []).find((v: any) => v?.storage)?.name;
      const stored = new Set<string>(crd.status?.storedVersions ?? []);
      if (storage) stored.add(storage);
      const others = (crd.status?.conditions ?? []).filter(
        (c: any) => c.type !== 'NamesAccepted' && c.type !== 'Established'
      );
      store.update(
        {
          ...crd,
          metadata: { ...crd.metadata, resourceVersion: undefined },
          status: {
            ...(crd.status ?? {}),
            conditions: [
              condition('NamesAccepted', 'NoConflicts', 'no conflicts found', now),
              condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted', now),
              ...others
            ],
            acceptedNames: acceptedNames(crd),
            storedVersions: [...stored]
          }
        },
        { subresource: 'status' }
      );
    }
  };

  const serve = (crd: KObject): void => {
    const name = crd.metadata.name!;
    const t = crdToType(crd);
    const previous = served.get(name);
    if (!t) return;
    const key = `${t.group}/${t.resource}`;
    if (previous && previous !== key) {
      const [g, r] = [previous.slice(0, previous.indexOf('/')), previous.slice(previous.indexOf('/') + 1)];
      store.unregisterType(g, r);
    }
    const current = store.typeOf(t.group, t.resource);
    if (!current || JSON.stringify(current) !== JSON.stringify(t)) store.registerType(t);
    served.set(name, key);
    if (needsStatus(crd)) {
      if (!pendingStatus.size) queueMicrotask(flushStatus);
      pendingStatus.add(name);
    }
  };

  const stop = (crd: KObject): void => {
    const key = served.get(crd.metadata.name!);
    if (!key) return;
    served.delete(crd.metadata.name!);
    const i = key.indexOf('/');
    store.unregisterType(key.slice(0, i), key.slice(i + 1));
  };

  for (const crd of store.list(CRD_GROUP, CRD_RESOURCE)) serve(crd);
  store.onChange((c: Change) => {
    if (c.rtype.group !== CRD_GROUP || c.rtype.resource !== CRD_RESOURCE) return;
    if (c.type === 'DELETED') stop(c.object);
    else serve(c.object);
  });
}
