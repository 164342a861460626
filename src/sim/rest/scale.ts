/**
 * The scale subresource (autoscaling/v1 Scale) of deployments, replicasets, statefulsets and
 * custom resources whose CRD declares one (specReplicasPath, statusReplicasPath, labelSelectorPath).
 */
import { crdVersion } from '../crd.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { formatLabelSelector, fromLabelSelectorObject } from '../selectors.js';
import type { KObject } from '../store.js';
import { ok, parseBody, isDryRun, type Call, type Reply } from './context.js';
import { patchObject, storeUpdate } from './crud.js';
import { jsonPath } from './table.js';

interface ScalePaths {
  spec: string;
  status: string;
  selector?: string;
}

function pathsFor(call: Call): ScalePaths {
  if (!call.custom) return { spec: '.spec.replicas', status: '.status.replicas' };
  const v = crdVersion(call.api.store, call.rtype.group, call.rtype.resource, call.info.version);
  const s = v?.subresources?.scale ?? {};
  return {
    spec: s.specReplicasPath ?? '.spec.replicas',
    status: s.statusReplicasPath ?? '.status.replicas',
    selector: s.labelSelectorPath
  };
}

function toScale(call: Call, obj: KObject): KObject {
  const p = pathsFor(call);
  let selector: string | undefined;
  if (p.selector) {
    const v = jsonPath(obj, p.selector);
    selector = typeof v === 'string' ? v : undefined;
  } else if (obj.spec?.selector) {
    selector = formatLabelSelector(fromLabelSelectorObject(obj.spec.selector));
  }
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp
    },
    spec: { replicas: Number(jsonPath(obj, p.spec) ?? 0) },
    status: {
      replicas: Number(jsonPath(obj, p.status) ?? 0),
      ...(selector !== undefined ? { selector } : {})
    }
  };
}

function setPath(obj: any, path: string, value: unknown): void {
  const segs = path.replace(/^\./, '').split('.');
  let cur = obj;
  for (const s of segs.slice(0, -1))
    cur = cur[s] = typeof cur[s] === 'object' && cur[s] !== null ? { ...cur[s] } : {};
  cur[segs[segs.length - 1]] = value;
}

function current(call: Call): KObject {
  const { rtype, info } = call;
  const obj = call.api.store.get(rtype.group, rtype.resource, info.namespace, info.name!);
  if (!obj) throw notFound(rtype.group, rtype.resource, info.name!);
  return obj;
}

function applyScale(call: Call, obj: KObject, scale: any): Reply {
  const replicas = scale?.spec?.replicas;
  if (!Number.isInteger(replicas) || replicas < 0)
    throw badRequest(
      `spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`
    );
  const rv = scale?.metadata?.resourceVersion;
  if (rv && rv !== obj.metadata.resourceVersion)
    throw conflict(call.rtype.group, call.rtype.resource, obj.metadata.name!);
  const next = structuredClone(obj);
  setPath(next, pathsFor(call).spec, replicas);
  const reply = storeUpdate(call, obj, next, isDryRun(call.info.query));
  return ok(toScale(call, reply.body as KObject));
}

export function scale(call: Call): Reply {
  const obj = current(call);
  switch (call.info.method) {
    case 'GET':
      return ok(toScale(call, obj));
    case 'PUT':
      return applyScale(call, obj, parseBody(call, 'Scale'));
    case 'PATCH':
      return applyScale(call, obj, patchObject(call, toScale(call, obj), true));
    default:
      throw badRequest(`${call.info.method} is not supported on ${call.rtype.resource}/scale`);
  }
}
