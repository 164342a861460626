/**
 * Finding and deleting what functional runs left behind, by label: `ai-conformance cleanup` (runs
 * older than a given age) and the action's post step (this run, whatever its age). Every served
 * resource that can be listed and deleted is listed once, cluster-wide, by the run label; what is
 * found is deleted through a cleanup ledger in the usual order (pods, claims, other namespaced
 * objects, namespaces, cluster-scoped objects), waiting for each to be gone.
 */
import { describeError } from '../errors.js';
import { resourcePath, type ResourceRef } from '../paths.js';
import type { KubeSession } from '../session.js';
import type { RunClock } from './clock.js';
import { CleanupLedger, type CleanupReport } from './ledger.js';
import { ObjectApi } from './objects.js';
import { RUN_LABEL } from './types.js';

export interface SweepOptions {
  /** Only this run's objects (any age). */
  runId?: string;
  /** Only objects created at least this long ago (default 0: all). */
  olderThanMs?: number;
  /** List what would be deleted, delete nothing. */
  dryRun?: boolean;
  clock: RunClock;
  /** Bounds the listing (cleanup waits have their own bound). */
  signal?: AbortSignal;
  /** Bound of each deletion phase's wait (default 120 s). */
  phaseTimeoutMs?: number;
}

export interface FoundObject {
  kind: string;
  ref: ResourceRef;
  namespaced: boolean;
  runId: string;
  createdAt: number;
  /** "Kind ns/name". */
  name: string;
}

export interface SweepResult extends CleanupReport {
  found: FoundObject[];
  /** Resources that could not be listed (forbidden, unavailable aggregated APIs). */
  problems: string[];
}

/** Resources never labelled by a run (or not deletable by a sweep). */
const SKIPPED = new Set(['events', 'nodes', 'bindings', 'componentstatuses']);
const LIST_CONCURRENCY = 8;

export async function sweepRunObjects(session: KubeSession, options: SweepOptions): Promise<SweepResult> {
  const reader = session.reader(options.signal);
  const api = new ObjectApi(session.client, reader.counter, options.signal, () => session.discovery(options.signal));
  const discovery = await session.discovery(options.signal);
  const selector = options.runId ? `${RUN_LABEL}=${options.runId}` : RUN_LABEL;
  const types: Array<{ group: string; version: string; resource: string; kind: string; namespaced: boolean }> = [];
  for (const group of discovery.groups()) {
    const version = discovery.preferred(group);
    if (!version) continue;
    for (const r of discovery.resources(group, version)) {
      if (r.name.includes('/') || SKIPPED.has(r.name)) continue;
      if (!r.verbs.includes('list') || !r.verbs.includes('delete')) continue;
      types.push({ group, version, resource: r.name, kind: r.kind, namespaced: r.namespaced });
    }
  }
  const problems: string[] = [];
  const found: FoundObject[] = [];
  await pool(types, LIST_CONCURRENCY, async t => {
    try {
      const items = await reader.list({ group: t.group, version: t.version, resource: t.resource }, { labelSelector: selector });
      for (const o of items) {
        const ref: ResourceRef = {
          group: t.group,
          version: t.version,
          resource: t.resource,
          namespace: t.namespaced ? o?.metadata?.namespace : undefined,
          name: o?.metadata?.name
        };
        found.push({
          kind: t.kind,
          ref,
          namespaced: t.namespaced,
          runId: String(o?.metadata?.labels?.[RUN_LABEL] ?? ''),
          createdAt: Date.parse(o?.metadata?.creationTimestamp ?? '') || 0,
          name: `${t.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`
        });
      }
    } catch (err) {
      problems.push(`could not list ${t.group ? `${t.resource}.${t.group}` : t.resource}: ${describeError(err)}`);
    }
  });
  const cutoff = options.clock.now() - (options.olderThanMs ?? 0);
  const namespaces = new Set(
    found.filter(o => o.kind === 'Namespace' && o.ref.group === '' && o.createdAt <= cutoff).map(o => o.ref.name)
  );
  // What a swept namespace holds goes with it, whatever its own age.
  const selected = found
    .filter(o => o.createdAt <= cutoff || (o.ref.namespace !== undefined && namespaces.has(o.ref.namespace)))
    .sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
  // Objects of one kind can be served by two groups (events, ...): keep one of each path.
  const seen = new Set<string>();
  const unique = selected.filter(o => {
    const key = `${o.kind} ${resourcePath({ ...o.ref, group: '', version: '' })}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (options.dryRun) return { found: unique, deleted: [], left: [], problems };
  const ledger = new CleanupLedger();
  for (const o of unique) ledger.record({ ref: o.ref, kind: o.kind, namespaced: o.namespaced });
  const report = await ledger.cleanup(api, {
    clock: options.clock,
    phaseTimeoutMs: options.phaseTimeoutMs,
    signal: options.signal
  });
  return { found: unique, ...report, problems };
}

async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    })
  );
}
