/**
 * One run against one cluster: the client, and the reads several checks share (version,
 * discovery, nodes, controllers, webhooks, DRA), each made once and counted apart from any
 * check's own requests. A check waiting on a shared read is still bounded by its own deadline.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { untilAborted } from './abort.js';
import type { ClusterInfo } from '../types.js';
import { KubeClient, RequestCounter, type ClientOptions } from './client.js';
import { readDiscovery, type Discovery } from './discovery.js';
import { readDra, type DraInventory } from './dra.js';
import { errorForFailure, KubeError } from './errors.js';
import { readNodes, type NodeInventory } from './nodes.js';
import { KubeReader } from './reader.js';
import { kubeconfigTransport, type Transport } from './transport.js';
import { readWebhooks, type WebhookInventory } from './webhooks.js';
import { readWorkloads, type WorkloadInventory } from './workloads.js';

export interface SessionOptions extends ClientOptions {
  /** Page size of every list (default 500). */
  pageSize?: number;
  /** Aborts everything (the run's cancel). */
  signal?: AbortSignal;
  /** Milliseconds since the epoch (tests inject a fixed clock). */
  now?: () => number;
}

export class KubeSession {
  /** Requests made for shared reads. */
  readonly shared = new RequestCounter();
  readonly client: KubeClient;
  readonly now: () => number;
  private readonly sharedReader: KubeReader;
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly readers: KubeReader[] = [];

  /** Ends shared reads nobody needs any more (see abortPending). */
  private readonly pending = new AbortController();
  private readonly sharedSignal: AbortSignal;

  constructor(
    transport: Transport,
    readonly options: SessionOptions = {}
  ) {
    this.client = new KubeClient(transport, options);
    this.now = options.now ?? Date.now;
    const signal = options.signal
      ? AbortSignal.any([options.signal, this.pending.signal])
      : this.pending.signal;
    this.sharedSignal = signal;
    this.sharedReader = new KubeReader(this.client, this.shared, signal, options.pageSize);
  }

  /** Aborts shared reads still in flight: the suite calls it once every check has finished (a session serves one run). */
  abortPending(): void {
    this.pending.abort(new Error('the run is over'));
  }

  static fromKubeConfig(kc: KubeConfig, options: SessionOptions = {}): KubeSession {
    return new KubeSession(kubeconfigTransport(kc), options);
  }

  /** A reader for one check: its own counter, its own deadline (joined with the run's). */
  reader(signal?: AbortSignal): KubeReader {
    const joined =
      signal && this.options.signal
        ? AbortSignal.any([signal, this.options.signal])
        : (signal ?? this.options.signal);
    const reader = new KubeReader(this.client, new RequestCounter(), joined, this.options.pageSize);
    this.readers.push(reader);
    return reader;
  }

  /** All requests of the run so far. */
  get totalRequests(): number {
    return this.shared.count + this.readers.reduce((n, r) => n + r.counter.count, 0);
  }

  /** GET /version. */
  version(signal?: AbortSignal): Promise<ClusterInfo> {
    return this.once('version', signal, async () => {
      const v = await this.sharedReader.get<any>('/version');
      if (typeof v?.gitVersion !== 'string' || v.major === undefined || v.minor === undefined) {
        throw new KubeError(
          'invalid',
          'GET /version: the answer has no gitVersion, major and minor',
          '/version'
        );
      }
      const info: ClusterInfo = { version: v.gitVersion, major: String(v.major), minor: String(v.minor) };
      if (typeof v.platform === 'string') info.platform = v.platform;
      return info;
    });
  }

  discovery(signal?: AbortSignal): Promise<Discovery> {
    return this.once('discovery', signal, () =>
      readDiscovery(this.client, { signal: this.sharedSignal, counter: this.shared })
    );
  }

  nodes(signal?: AbortSignal): Promise<NodeInventory> {
    return this.once('nodes', signal, () => readNodes(this.sharedReader));
  }

  workloads(signal?: AbortSignal): Promise<WorkloadInventory> {
    return this.once('workloads', signal, () => readWorkloads(this.sharedReader));
  }

  webhooks(signal?: AbortSignal): Promise<WebhookInventory> {
    return this.once('webhooks', signal, () => readWebhooks(this.sharedReader));
  }

  dra(signal?: AbortSignal): Promise<DraInventory> {
    return this.once('dra', signal, async () => readDra(this.sharedReader, await this.discovery()));
  }

  /** Starts a shared read once; each caller waits at most until its own signal aborts. */
  private once<T>(key: string, signal: AbortSignal | undefined, read: () => Promise<T>): Promise<T> {
    let p = this.cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = read();
      // Nobody may be waiting when it fails (all callers timed out): keep that from being unhandled.
      p.catch(() => undefined);
      this.cache.set(key, p);
    }
    if (!signal) return p;
    if (signal.aborted) return Promise.reject(errorForFailure(`(${key})`, signal.reason, signal));
    return untilAborted(p, signal, reason => errorForFailure(`(shared ${key} read)`, reason, signal));
  }
}
