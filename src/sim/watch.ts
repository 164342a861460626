/**
 * Watch streams: newline-delimited JSON `{type, object}` events for one resource type, filtered
 * by namespace and selectors (an object that starts or stops matching arrives as ADDED or
 * DELETED, as the watch cache sends it). Without a resourceVersion (or "0") the current objects
 * come first as ADDED; with one, the stream resumes from the store's bounded change log, and a
 * version older than that log gets a 410 Expired ERROR event. Bookmarks when allowed,
 * `timeoutSeconds`, and every stream ends when the server closes.
 */
import type { ServerResponse } from 'node:http';
import { matchesFields, matchesLabels, type FieldSelector, type LabelSelector } from './selectors.js';
import type { Change, KObject, ObjectStore, ResourceType } from './store.js';

export interface WatchRequest {
  rtype: ResourceType;
  /** apiVersion the client asked for ("v1", "apps/v1"); objects are served in it. */
  apiVersion: string;
  namespace?: string;
  labels: LabelSelector;
  fields: FieldSelector;
  resourceVersion?: string;
  sendInitialEvents?: boolean;
  allowBookmarks: boolean;
  timeoutSeconds?: number;
  /** How to render each event's object (a Table for kubectl get -w); default: the object in apiVersion. */
  render?: (obj: KObject) => unknown;
}

interface Watcher {
  req: WatchRequest;
  res: ServerResponse;
  lastRv: number;
  timers: Array<ReturnType<typeof setTimeout>>;
}

export function served(obj: KObject, apiVersion: string): KObject {
  return obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion };
}

export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  private scheduled = false;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly store: ObjectStore,
    private readonly opts: { bookmarkIntervalMs?: number } = {}
  ) {
    this.unsubscribe.push(store.onChange(() => this.schedule()));
    this.unsubscribe.push(store.onTypesChanged(() => this.dropUnserved()));
  }

  get size(): number {
    return this.watchers.size;
  }

  open(res: ServerResponse, req: WatchRequest): void {
    const start = req.resourceVersion;
    const fromScratch = !start || start === '0' || req.sendInitialEvents === true;
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked'
    });
    res.flushHeaders();
    const w: Watcher = { req, res, lastRv: Number(this.store.resourceVersion), timers: [] };
    this.watchers.add(w);
    res.on('close', () => this.remove(w));
    if (req.timeoutSeconds !== undefined && req.timeoutSeconds > 0) {
      const t = setTimeout(() => this.end(w), req.timeoutSeconds * 1000);
      t.unref();
      w.timers.push(t);
    }
    if (req.allowBookmarks && this.opts.bookmarkIntervalMs) {
      const t = setInterval(() => this.bookmark(w), this.opts.bookmarkIntervalMs);
      t.unref();
      w.timers.push(t);
    }
    if (fromScratch) {
      for (const obj of this.store.list(
        req.rtype.group,
        req.rtype.resource,
        req.rtype.namespaced ? req.namespace : undefined
      )) {
        if (this.matches(req, obj)) this.send(w, 'ADDED', obj);
      }
      if (req.sendInitialEvents && req.allowBookmarks) this.bookmark(w, true);
      return;
    }
    const rv = Number(start);
    if (!Number.isFinite(rv) || this.store.changesSince(rv) === undefined) {
      this.expire(w, start!);
      return;
    }
    w.lastRv = Math.min(rv, w.lastRv);
    this.deliver(w);
  }

  /** Ends every stream (server close). */
  closeAll(): void {
    for (const w of Array.from(this.watchers)) this.end(w);
    for (const u of this.unsubscribe) u();
  }

  private matches(req: WatchRequest, obj: KObject | undefined): boolean {
    if (!obj) return false;
    if (req.rtype.namespaced && req.namespace && obj.metadata.namespace !== req.namespace) return false;
    return matchesLabels(req.labels, obj.metadata.labels) && matchesFields(req.fields, obj);
  }

  private schedule(): void {
    if (this.scheduled || !this.watchers.size) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      for (const w of Array.from(this.watchers)) this.deliver(w);
    });
  }

  private deliver(w: Watcher): void {
    const changes = this.store.changesSince(w.lastRv);
    if (changes === undefined) {
      this.expire(w, String(w.lastRv));
      return;
    }
    const { rtype } = w.req;
    for (const c of changes) {
      w.lastRv = Number(c.object.metadata.resourceVersion);
      if (c.rtype.group !== rtype.group || c.rtype.resource !== rtype.resource) continue;
      const event = this.eventFor(w.req, c);
      if (event) this.send(w, event.type, event.object);
    }
  }

  private eventFor(req: WatchRequest, c: Change): { type: string; object: KObject } | undefined {
    const now = this.matches(req, c.object);
    if (c.type === 'ADDED') return now ? { type: 'ADDED', object: c.object } : undefined;
    if (c.type === 'DELETED')
      return now || this.matches(req, c.old) ? { type: 'DELETED', object: c.object } : undefined;
    const before = this.matches(req, c.old);
    if (now && before) return { type: 'MODIFIED', object: c.object };
    if (now) return { type: 'ADDED', object: c.object };
    if (before) {
      const gone = {
        ...c.old!,
        metadata: { ...c.old!.metadata, resourceVersion: c.object.metadata.resourceVersion }
      };
      return { type: 'DELETED', object: gone };
    }
    return undefined;
  }

  private send(w: Watcher, type: string, obj: KObject): void {
    if (w.res.writableEnded || w.res.destroyed) return;
    const object = w.req.render ? w.req.render(obj) : served(obj, w.req.apiVersion);
    w.res.write(`${JSON.stringify({ type, object })}\n`);
  }

  private bookmark(w: Watcher, initialEnd = false): void {
    if (w.res.writableEnded || w.res.destroyed) return;
    this.deliver(w);
    const metadata: Record<string, unknown> = {
      resourceVersion: String(Math.max(w.lastRv, Number(this.store.resourceVersion)))
    };
    if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    w.res.write(
      `${JSON.stringify({ type: 'BOOKMARK', object: { kind: w.req.rtype.kind, apiVersion: w.req.apiVersion, metadata } })}\n`
    );
  }

  private expire(w: Watcher, rv: string): void {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `too old resource version: ${rv} (${this.store.oldestResourceVersion})`,
      reason: 'Expired',
      code: 410
    };
    if (!w.res.writableEnded && !w.res.destroyed)
      w.res.write(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
    this.end(w);
  }

  private dropUnserved(): void {
    for (const w of Array.from(this.watchers)) {
      const t = this.store.typeOf(w.req.rtype.group, w.req.rtype.resource);
      if (!t || t.kind !== w.req.rtype.kind) this.end(w);
    }
  }

  private end(w: Watcher): void {
    this.remove(w);
    if (!w.res.writableEnded) w.res.end();
  }

  private remove(w: Watcher): void {
    for (const t of w.timers) clearTimeout(t);
    w.timers = [];
    this.watchers.delete(w);
  }
}
