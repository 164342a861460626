/**
 * Object reads and writes for the functional depth, on the same KubeClient as the detect reads:
 * every request counted on the check's counter and bounded by its signal. Answers that are not
 * 2xx become KubeErrors naming the verb and path (a 403 is "forbidden": the verdict is an error,
 * never a fail); a 404 on get and delete is an answer, not an error.
 */
import type { KubeClient, RequestCounter } from '../client.js';
import type { Discovery } from '../discovery.js';
import { errorForStatus, KubeError } from '../errors.js';
import { proxyPath, resourcePath, withQuery, type ResourceRef } from '../paths.js';
import type { KubeObject } from './types.js';

export interface ResolvedKind extends ResourceRef {
  kind: string;
  namespaced: boolean;
}

export interface ProxyCall {
  kind: 'pod' | 'service';
  namespace: string;
  name: string;
  port: string | number;
  /** Path on the target; may end in a query (`/BumpMetric?metric=m&delta=1`). */
  path: string;
  headers?: Record<string, string>;
}

export const DELETE_BACKGROUND = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' };
export const DELETE_FOREGROUND = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' };

export class ObjectApi {
  constructor(
    readonly client: KubeClient,
    readonly counter: RequestCounter,
    readonly signal: AbortSignal | undefined,
    /** The run's discovery (kinds are resolved through it; missing kinds are looked up fresh). */
    private readonly discovery: () => Promise<Discovery>
  ) {}

  /** The same API with another signal (cleanup runs on its own, after the check's has aborted). */
  withSignal(signal: AbortSignal | undefined): ObjectApi {
    return new ObjectApi(this.client, this.counter, signal, this.discovery);
  }

  /** Sends a request and returns the parsed 2xx answer; anything else is a KubeError. */
  async json<T = any>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const res = await this.client.send(method, path, { body, contentType, signal: this.signal, counter: this.counter });
    if (res.status < 200 || res.status >= 300) throw errorForStatus(path, res.status, res.text, method);
    if (!res.text) return {} as T;
    try {
      return JSON.parse(res.text) as T;
    } catch {
      throw new KubeError('invalid', `${method} ${path}: the answer is not JSON`, path);
    }
  }

  /** Plural resource and scope of a kind, from discovery (re-read from the server when a CRD is newer than the run). */
  async resolve(apiVersion: string, kind: string): Promise<ResolvedKind> {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
    const fromRun = (await this.discovery())
      .resources(group, version)
      .find(r => r.kind === kind && !r.name.includes('/'));
    if (fromRun) return { group, version, resource: fromRun.name, kind, namespaced: fromRun.namespaced };
    const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
    const list = await this.client
      .getJson<any>(path, { signal: this.signal, counter: this.counter })
      .catch((err: unknown) => {
        if (err instanceof KubeError && err.kind === 'absent') return null;
        throw err;
      });
    const found = (list?.body?.resources ?? []).find((r: any) => r?.kind === kind && !String(r?.name).includes('/'));
    if (!found) throw new KubeError('absent', `${kind} ${apiVersion} is not served by this cluster`, path, 404);
    return { group, version, resource: String(found.name), kind, namespaced: Boolean(found.namespaced) };
  }

  async create<T extends KubeObject>(ref: ResourceRef, obj: T, dryRun = false): Promise<T> {
    const path = resourcePath({ ...ref, name: undefined, subresource: undefined });
    return this.json<T>('POST', dryRun ? withQuery(path, { dryRun: 'All' }) : path, obj);
  }

  async get<T = any>(ref: ResourceRef): Promise<T | null> {
    const path = resourcePath(ref);
    const res = await this.client.send('GET', path, { signal: this.signal, counter: this.counter });
    if (res.status === 404) return null;
    if (res.status < 200 || res.status >= 300) throw errorForStatus(path, res.status, res.text);
    return JSON.parse(res.text) as T;
  }

  /** One page (500) of a list: enough for a run's own objects. */
  async list<T = any>(ref: ResourceRef, opts: { labelSelector?: string; fieldSelector?: string; limit?: number } = {}): Promise<T[]> {
    const path = withQuery(resourcePath({ ...ref, name: undefined, subresource: undefined }), {
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
      limit: opts.limit ?? 500
    });
    const page = await this.json<any>('GET', path);
    if (!Array.isArray(page?.items)) throw new KubeError('invalid', `GET ${path}: the answer is not a list`, path);
    return page.items as T[];
  }

  async patch<T = any>(ref: ResourceRef, patch: unknown): Promise<T> {
    return this.json<T>('PATCH', resourcePath(ref), patch, 'application/merge-patch+json');
  }

  /** Asks for the deletion; false when the object is already gone. */
  async delete(ref: ResourceRef, options: object = DELETE_BACKGROUND): Promise<boolean> {
    const path = resourcePath(ref);
    const res = await this.client.send('DELETE', path, { body: options, signal: this.signal, counter: this.counter });
    if (res.status === 404) return false;
    if (res.status < 200 || res.status >= 300) throw errorForStatus(path, res.status, res.text, 'DELETE');
    return true;
  }

  /** A container's log ('' while there is none: 400 ContainerCreating, 404). */
  async logs(namespace: string, pod: string, container?: string): Promise<string> {
    const path = withQuery(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`, { container });
    const res = await this.client.send('GET', path, { accept: '*/*', signal: this.signal, counter: this.counter });
    if (res.status >= 200 && res.status < 300) return res.text;
    if (res.status === 400 || res.status === 404) return '';
    throw errorForStatus(path, res.status, res.text);
  }

  /** A request through the API server's pod or service proxy: the target's answer as it came. */
  async proxy(method: 'GET' | 'POST', call: ProxyCall, body?: string, contentType?: string): Promise<{ status: number; body: string }> {
    const q = call.path.indexOf('?');
    const path =
      proxyPath({
        kind: call.kind,
        namespace: call.namespace,
        name: call.name,
        port: call.port,
        path: q < 0 ? call.path : call.path.slice(0, q)
      }) + (q < 0 ? '' : call.path.slice(q));
    const res = await this.client.send(method, path, {
      body: method === 'POST' ? (body ?? '') : undefined,
      contentType: method === 'POST' ? (contentType ?? 'application/x-www-form-urlencoded') : undefined,
      accept: '*/*',
      headers: call.headers,
      signal: this.signal,
      counter: this.counter,
      maxBytes: 8 * 1024 * 1024
    });
    return { status: res.status, body: res.text };
  }
}

/** "Pod ns/name", "ClusterQueue name": an object as evidence and cleanup lines name it. */
export function describeRef(kind: string, ref: ResourceRef): string {
  return `${kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name ?? ''}`;
}
