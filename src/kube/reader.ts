/**
 * Reads on behalf of one check (or of the run's shared inventories): every request counted on its
 * counter and bounded by its signal. Lists are paginated (`limit`/`continue`) and items can be
 * reduced page by page, so a 5,000-node cluster never sits in memory whole.
 */
import type { KubeClient, RequestCounter, TextResponse } from './client.js';
import { isAbsent, KubeError } from './errors.js';
import { proxyPath, resourcePath, withQuery, type ProxyRef, type ResourceRef } from './paths.js';
import { crdState, readyEndpoints, type CrdState } from './readiness.js';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size (default: the session's, 500). */
  limit?: number;
  /** Stop after this many items (default: all). */
  max?: number;
}

export interface ServiceEndpoints {
  namespace: string;
  name: string;
  /** False when the Service itself does not exist. */
  exists: boolean;
  ready: number;
}

/** The largest proxied answer read (a DCGM exposition of 8 GPUs is ~100 KB). */
export const PROXY_MAX_BYTES = 8 * 1024 * 1024;

export class KubeReader {
  constructor(
    readonly client: KubeClient,
    readonly counter: RequestCounter,
    readonly signal: AbortSignal | undefined,
    readonly pageSize = 500
  ) {}

  /** GET a path as JSON; 404 and every other failure throw a KubeError. */
  async get<T = any>(path: string): Promise<T> {
    return (await this.client.getJson<T>(path, { signal: this.signal, counter: this.counter })).body;
  }

  /** GET a path as JSON; null when it is not there (404). */
  async getOptional<T = any>(path: string): Promise<T | null> {
    try {
      return await this.get<T>(path);
    } catch (err) {
      if (isAbsent(err)) return null;
      throw err;
    }
  }

  /** GET one object; null when absent. */
  object<T = any>(ref: ResourceRef): Promise<T | null> {
    return this.getOptional<T>(resourcePath(ref));
  }

  /**
   * Every item of a list, page by page, each passed through `map` (return undefined to drop it)
   * so only what the caller keeps stays in memory.
   */
  async list<T = any>(
    ref: ResourceRef,
    options: ListOptions = {},
    map: (item: any) => T | undefined = x => x
  ): Promise<T[]> {
    const out: T[] = [];
    await this.each(ref, options, item => {
      const kept = map(item);
      if (kept !== undefined) out.push(kept);
    });
    return out;
  }

  /** Calls `fn` for every item, page by page; returns how many there were. */
  async each(ref: ResourceRef, options: ListOptions, fn: (item: any) => void): Promise<number> {
    const base = resourcePath({ ...ref, name: undefined });
    const limit = options.limit ?? this.pageSize;
    let token: string | undefined;
    let seen = 0;
    do {
      const path = withQuery(base, {
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        limit: options.max !== undefined ? Math.min(limit, options.max - seen) : limit,
        continue: token
      });
      const page = await this.get<any>(path);
      if (!page || !Array.isArray(page.items)) {
        throw new KubeError('invalid', `GET ${path}: the answer is not a list`, path);
      }
      for (const item of page.items) {
        fn(item);
        seen++;
        if (options.max !== undefined && seen >= options.max) return seen;
      }
      token = page.metadata?.continue || undefined;
    } while (token);
    return seen;
  }

  /** A CRD's state by name (e.g. "clusterqueues.kueue.x-k8s.io"); null when not installed. */
  async crd(name: string): Promise<CrdState | null> {
    const crd = await this.object({
      group: 'apiextensions.k8s.io',
      version: 'v1',
      resource: 'customresourcedefinitions',
      name
    });
    return crd ? crdState(crd) : null;
  }

  /** Several CRDs at once, in parallel. */
  async crds(names: readonly string[]): Promise<Map<string, CrdState | null>> {
    const states = await Promise.all(names.map(n => this.crd(n)));
    return new Map(names.map((n, i) => [n, states[i]]));
  }

  /** A GET through the API server's pod or service proxy, as text. */
  proxy(ref: ProxyRef): Promise<TextResponse> {
    return this.client.getText(proxyPath(ref), {
      signal: this.signal,
      counter: this.counter,
      accept: 'text/plain;version=0.0.4;q=0.9,application/json;q=0.8,*/*;q=0.1',
      maxBytes: PROXY_MAX_BYTES
    });
  }

  /** Whether a Service exists and how many ready endpoints its EndpointSlices list. */
  async serviceEndpoints(namespace: string, name: string): Promise<ServiceEndpoints> {
    const [service, slices] = await Promise.all([
      this.object({ group: '', version: 'v1', resource: 'services', namespace, name }),
      this.list(
        { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', namespace },
        {
          labelSelector: `kubernetes.io/service-name=${name}`
        }
      )
    ]);
    return { namespace, name, exists: service !== null, ready: service ? readyEndpoints(slices) : 0 };
  }
}
