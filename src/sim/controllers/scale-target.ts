/**
 * A scale target as the scale subresource presents it (autoscaling/v1 Scale): Deployments,
 * ReplicaSets, StatefulSets and custom resources whose CRD declares a scale subresource
 * (specReplicasPath, statusReplicasPath, labelSelectorPath). Controllers read and write it here.
 */
import { crdVersion } from '../crd.js';
import { jsonPath } from '../rest/table.js';
import { formatLabelSelector, fromLabelSelectorObject } from '../selectors.js';
import type { KObject, ObjectStore, ResourceType } from '../store.js';

export interface ScaleRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
}

export interface Scale {
  rtype: ResourceType;
  obj: KObject;
  /** spec.replicas of the Scale. */
  replicas: number;
  /** status.replicas of the Scale. */
  statusReplicas: number;
  /** status.selector of the Scale (label selector text); empty when the target has none. */
  selector: string;
  paths: { spec: string; status: string; selector?: string };
}

const BUILTIN_SCALABLE = new Set([
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  '/replicationcontrollers'
]);

/** The target's Scale, or the error the scale client would report. */
export function getScale(store: ObjectStore, namespace: string, ref: ScaleRef): Scale | { error: string } {
  const group = (ref.apiVersion ?? '').includes('/') ? ref.apiVersion!.split('/')[0] : '';
  const rtype = store.allTypes().find(t => t.group === group && t.kind === ref.kind);
  if (!rtype) return { error: `no matches for kind "${ref.kind}" in group "${group}"` };
  let paths: Scale['paths'] = { spec: '.spec.replicas', status: '.status.replicas' };
  if (!BUILTIN_SCALABLE.has(`${rtype.group}/${rtype.resource}`)) {
    const version = (ref.apiVersion ?? '').split('/')[1] ?? rtype.versions[0];
    const scale = crdVersion(store, rtype.group, rtype.resource, version)?.subresources?.scale;
    if (!scale)
      return {
        error: `the server could not find the requested resource (get ${rtype.resource}.${rtype.group} ${ref.name})`
      };
    paths = {
      spec: scale.specReplicasPath,
      status: scale.statusReplicasPath,
      selector: scale.labelSelectorPath
    };
  }
  const obj = store.get(rtype.group, rtype.resource, namespace, ref.name ?? '');
  if (!obj)
    return { error: `${rtype.resource}${rtype.group ? `.${rtype.group}` : ''} "${ref.name}" not found` };
  let selector = '';
  if (paths.selector) {
    const v = jsonPath(obj, paths.selector);
    selector = typeof v === 'string' ? v : '';
  } else if (obj.spec?.selector) {
    selector = formatLabelSelector(fromLabelSelectorObject(obj.spec.selector));
  }
  const specReplicas = jsonPath(obj, paths.spec);
  return {
    rtype,
    obj,
    replicas: specReplicas === undefined ? 1 : Number(specReplicas),
    statusReplicas: Number(jsonPath(obj, paths.status) ?? 0),
    selector,
    paths
  };
}

/** Writes a new replica count through the Scale's spec path. */
export function setScale(store: ObjectStore, scale: Scale, replicas: number): void {
  const cur = store.get(
    scale.rtype.group,
    scale.rtype.resource,
    scale.obj.metadata.namespace,
    scale.obj.metadata.name!
  );
  if (!cur) return;
  const next = structuredClone(cur);
  const segs = scale.paths.spec.replace(/^\./, '').split('.');
  let at: any = next;
  for (const s of segs.slice(0, -1)) at = at[s] = typeof at[s] === 'object' && at[s] !== null ? at[s] : {};
  at[segs[segs.length - 1]] = replicas;
  store.update(next);
}
