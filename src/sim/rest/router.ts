/**
 * Routes a resource request: aggregated group/versions to their APIService handler, then the
 * served type and version, RBAC, and the verb or subresource handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { remoteApiService } from '../aggregation.js';
import { isVirtual } from '../builtin-types.js';
import { isCustom } from '../crd.js';
import { methodNotAllowed, notFound, notServed } from '../errors.js';
import { authorize } from '../rbac.js';
import type { ApiContext, Call, Result } from './context.js';
import { isDryRun, ok, parseBody, serve } from './context.js';
import {
  create,
  deleteCollection,
  deleteObject,
  getObject,
  listObjects,
  patch,
  update,
  watchObjects
} from './crud.js';
import { binding, eviction, podLog } from './pods.js';
import { aggregated, proxy } from './proxy.js';
import type { RequestInfo } from './request-info.js';
import { review } from './reviews.js';
import { scale } from './scale.js';

export async function routeResource(
  api: ApiContext,
  token: string,
  info: RequestInfo,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer
): Promise<Result> {
  const { store } = api;
  const sub = info.subresource;
  // Authorization comes first, as the apiserver's filter chain does: a denied request never learns whether the resource exists.
  authorize(api.rbac(), {
    user: api.user,
    verb: info.verb,
    group: info.group,
    resource: info.resource!,
    subresource: sub,
    namespace: info.namespace,
    name: info.name
  });
  const remote = info.group ? remoteApiService(store, info.group, info.version) : undefined;
  if (remote) return aggregated(api, remote, info, req.headers, body);
  const rtype = store.typeOf(info.group, info.resource!);
  if (!rtype || !rtype.versions.includes(info.version)) throw notServed();
  if (!rtype.namespaced && info.namespace) throw notServed();
  const call: Call = {
    api,
    info,
    rtype,
    apiVersion: rtype.group ? `${rtype.group}/${info.version}` : info.version,
    custom: isCustom(store, rtype),
    body,
    headers: req.headers,
    req,
    res
  };
  if (isVirtual(rtype)) {
    if (info.method !== 'POST' || info.name) throw methodNotAllowed();
    return review(call, token);
  }
  if (rtype.namespaced && !info.namespace && info.name) throw notServed();
  if (sub) {
    if (!rtype.subresources.includes(sub) || !info.name) throw notServed();
    return subresource(call, sub);
  }
  if (!rtype.verbs.includes(info.verb)) throw methodNotAllowed();
  switch (info.verb) {
    case 'get':
      return getObject(call);
    case 'list':
      return listObjects(call);
    case 'watch':
      return watchObjects(call);
    case 'create':
      if (rtype.namespaced && !info.namespace) throw methodNotAllowed();
      return create(call);
    case 'update':
      return update(call);
    case 'patch':
      return patch(call);
    case 'delete':
      return deleteObject(call);
    case 'deletecollection':
      return deleteCollection(call);
  }
  throw methodNotAllowed();
}

async function subresource(call: Call, sub: string): Promise<Result> {
  const method = call.info.method;
  switch (sub) {
    case 'status':
      if (method === 'GET') return getObject(call);
      if (method === 'PUT') return update(call, 'status');
      if (method === 'PATCH') return patch(call, 'status');
      break;
    case 'scale':
      return scale(call);
    case 'log':
      if (method === 'GET') return podLog(call);
      break;
    case 'proxy':
      return proxy(call);
    case 'binding':
      if (method === 'POST') return binding(call);
      break;
    case 'eviction':
      if (method === 'POST') return eviction(call);
      break;
    case 'finalize':
      if (method === 'PUT') return finalize(call);
      break;
  }
  throw methodNotAllowed();
}

/** PUT namespaces/{name}/finalize: only spec.finalizers changes (the namespace controller's last step). */
function finalize(call: Call): Result {
  const { store } = call.api;
  const current = store.get('', 'namespaces', undefined, call.info.name!);
  if (!current) throw notFound('', 'namespaces', call.info.name!);
  const body = parseBody(call, 'Namespace');
  const finalizers = Array.isArray(body?.spec?.finalizers) ? body.spec.finalizers : [];
  const dryRun = isDryRun(call.info.query);
  const next = {
    ...current,
    metadata: { ...current.metadata, resourceVersion: body?.metadata?.resourceVersion },
    spec: { ...current.spec, finalizers }
  };
  const updated = store.update(next, { dryRun });
  return ok(serve(call, updated));
}
