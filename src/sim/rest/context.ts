/**
 * What every REST handler gets: the API-wide context (store, hooks, user, RBAC, watches, GC)
 * and the call (request attributes, the resource type, body), plus shared helpers for bodies,
 * dry-run, admission and serving objects in the requested version.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { AdmissionOperation, SimHooks } from '../contracts.js';
import { badRequest, StatusError } from '../errors.js';
import type { GarbageCollector } from '../gc.js';
import type { RbacRule } from '../rbac.js';
import type { KObject, ObjectStore, ResourceType } from '../store.js';
import { served, type WatchHub } from '../watch.js';
import { decodeProtobufBody } from './protobuf.js';
import type { RequestInfo } from './request-info.js';

export interface ApiContext {
  store: ObjectStore;
  hooks: SimHooks;
  user: string;
  groups: string[];
  rbac: () => readonly RbacRule[];
  watch: WatchHub;
  gc: GarbageCollector;
}

export interface Call {
  api: ApiContext;
  info: RequestInfo;
  rtype: ResourceType;
  /** The apiVersion of the request path: "v1", "apps/v1". */
  apiVersion: string;
  /** A custom resource (served from a CRD). */
  custom: boolean;
  body: Buffer;
  headers: IncomingHttpHeaders;
  req: IncomingMessage;
  res: ServerResponse;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Send body as is (text or bytes) with headers' Content-Type. */
  raw?: boolean;
}

/** The handler wrote the response itself (watch streams). */
export const STREAMED = Symbol('streamed');
export type Result = Reply | typeof STREAMED;

export function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

export function mediaType(headers: IncomingHttpHeaders): string {
  return String(headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

/** The request body as an object (JSON, or YAML when the content type says so). */
export function parseBody(call: Call, expectKind?: string): any {
  const text = call.body.toString('utf8');
  if (!text.trim())
    throw badRequest(`the body of the request was empty${expectKind ? ` (expected a ${expectKind})` : ''}`);
  const type = mediaType(call.headers);
  if (type.includes('protobuf')) return decodeProtobufBody(call.body);
  if (type.includes('cbor')) {
    throw new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`
    );
  }
  try {
    if (type.includes('yaml')) return parseYaml(text);
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `the object provided is unrecognized (must be of type ${expectKind ?? call.rtype.kind}): couldn't get version/kind; json parse error: ${(e as Error).message}`
    );
  }
}

/** dryRun=All (the only value the apiserver accepts). */
export function isDryRun(query: URLSearchParams, bodyDryRun?: unknown): boolean {
  const values = [
    ...query.getAll('dryRun'),
    ...(Array.isArray(bodyDryRun) ? bodyDryRun.map(String) : [])
  ].filter(v => v !== '');
  for (const v of values)
    if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return values.length > 0;
}

/** Runs the admission plugins (hooks.admission) in order; a plugin may return a mutated object. */
export function admit(
  call: Call,
  operation: AdmissionOperation,
  object: KObject,
  oldObject: KObject | undefined,
  dryRun: boolean,
  subresource?: string
): KObject {
  let current = object;
  for (const plugin of call.api.hooks.admission ?? []) {
    const out = plugin({
      operation,
      rtype: call.rtype,
      object: current,
      oldObject,
      subresource,
      dryRun,
      user: call.api.user
    });
    if (out) current = out;
  }
  return current;
}

export function serve(call: Call, obj: KObject): KObject {
  return served(obj, call.apiVersion);
}

/** The object the request body describes, with apiVersion/kind defaulted from the path and checked. */
export function bodyObject(call: Call): KObject {
  const obj = parseBody(call);
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
    throw badRequest(`the object provided is unrecognized (must be of type ${call.rtype.kind})`);
  obj.apiVersion ||= call.apiVersion;
  obj.kind ||= call.rtype.kind;
  if (obj.apiVersion !== call.apiVersion) {
    throw badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${call.apiVersion})`
    );
  }
  if (obj.kind !== call.rtype.kind) {
    throw badRequest(
      `the kind in the data (${obj.kind}) does not match the expected kind (${call.rtype.kind})`
    );
  }
  obj.metadata = obj.metadata && typeof obj.metadata === 'object' ? { ...obj.metadata } : {};
  if (call.rtype.namespaced) {
    const ns = call.info.namespace;
    if (obj.metadata.namespace && ns && obj.metadata.namespace !== ns) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request'
      );
    }
    if (ns) obj.metadata.namespace = ns;
  }
  return obj;
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}
