/**
 * The cleanup ledger: everything a check creates is written down before it is sent (so an
 * object whose creation was cut short by a cancel is still looked for), and deleted afterwards
 * in the order that releases resources cleanly:
 *   1. pods and the workloads that own pods (Foreground: the owner goes after its pods),
 *   2. ResourceClaims (a claim held by a pod that is still there would stay allocated),
 *   3. every other namespaced object, newest first,
 *   4. namespaces,
 *   5. cluster-scoped objects by name, newest first (a Kueue ClusterQueue before its ResourceFlavor).
 * Each phase asks for every deletion, then waits (bounded) until each object answers 404; what is
 * still there when a phase's time is up is reported, never hidden.
 */
import { describeError } from '../errors.js';
import { resourcePath, type ResourceRef } from '../paths.js';
import type { RunClock } from './clock.js';
import { DELETE_BACKGROUND, DELETE_FOREGROUND, describeRef, type ObjectApi } from './objects.js';

export interface LedgerEntry {
  ref: ResourceRef;
  kind: string;
  namespaced: boolean;
}

export interface CleanupReport {
  /** Objects deleted (or found already gone), as "Kind ns/name". */
  deleted: string[];
  /** Objects still there when the wait ended, with why. */
  left: string[];
}

export interface CleanupOptions {
  clock: RunClock;
  /** Bound of each phase's wait for NotFound (default 120 s; namespaces get twice that). */
  phaseTimeoutMs?: number;
  /** Poll interval while waiting (default 1 s). */
  intervalMs?: number;
  signal?: AbortSignal;
}

/** Kinds that own pods: deleted with the pods, in the foreground so their pods go first. */
const POD_OWNERS = new Set(['Job', 'CronJob', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController']);

export const DEFAULT_PHASE_TIMEOUT_MS = 120_000;

function phaseOf(e: LedgerEntry): number {
  if (e.kind === 'Namespace') return 4;
  if (!e.namespaced) return 5;
  if (e.kind === 'Pod' && e.ref.group === '') return 1;
  if (POD_OWNERS.has(e.kind) && ['', 'apps', 'batch'].includes(e.ref.group)) return 1;
  if (e.kind === 'ResourceClaim' && e.ref.group === 'resource.k8s.io') return 2;
  return 3;
}

export class CleanupLedger {
  private readonly entries: LedgerEntry[] = [];

  /** Writes an object down (before it is created). */
  record(entry: LedgerEntry): void {
    if (!this.entries.some(e => sameRef(e.ref, entry.ref))) this.entries.push(entry);
  }

  /** Forgets an object (deleted already, or never created). */
  forget(ref: ResourceRef): void {
    const i = this.entries.findIndex(e => sameRef(e.ref, ref));
    if (i >= 0) this.entries.splice(i, 1);
  }

  list(): readonly LedgerEntry[] {
    return this.entries;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Deletes everything written down, phase by phase; the ledger is empty afterwards. */
  async cleanup(api: ObjectApi, options: CleanupOptions): Promise<CleanupReport> {
    const report: CleanupReport = { deleted: [], left: [] };
    const indexed = this.entries.map((e, i) => ({ e, i }));
    for (const phase of [1, 2, 3, 4, 5]) {
      const batch = indexed
        .filter(x => phaseOf(x.e) === phase)
        .sort((a, b) => b.i - a.i)
        .map(x => x.e);
      if (batch.length === 0) continue;
      const timeoutMs = (options.phaseTimeoutMs ?? DEFAULT_PHASE_TIMEOUT_MS) * (phase === 4 ? 2 : 1);
      const pending: LedgerEntry[] = [];
      for (const e of batch) {
        try {
          const existed = await api.delete(e.ref, phase === 1 && e.kind !== 'Pod' ? DELETE_FOREGROUND : DELETE_BACKGROUND);
          if (existed) pending.push(e);
          else report.deleted.push(describeRef(e.kind, e.ref));
        } catch (err) {
          report.left.push(`${describeRef(e.kind, e.ref)}: ${describeError(err)}`);
        }
      }
      const gone = await waitGone(api, pending, timeoutMs, options);
      for (const e of pending) {
        const name = describeRef(e.kind, e.ref);
        const why = gone.get(e);
        if (why === undefined) report.deleted.push(name);
        else report.left.push(`${name}: ${why}`);
      }
    }
    this.entries.length = 0;
    return report;
  }
}

/** Waits until every object answers 404; returns what is still there (with what was seen) at the end. */
async function waitGone(
  api: ObjectApi,
  entries: LedgerEntry[],
  timeoutMs: number,
  options: CleanupOptions
): Promise<Map<LedgerEntry, string | undefined>> {
  const state = new Map<LedgerEntry, string | undefined>(entries.map(e => [e, 'not deleted yet']));
  const start = options.clock.now();
  let remaining = [...entries];
  while (remaining.length > 0) {
    const still: LedgerEntry[] = [];
    for (const e of remaining) {
      try {
        const obj = await api.get(e.ref);
        if (obj === null) {
          state.set(e, undefined);
          continue;
        }
        const finalizers: string[] = obj?.metadata?.finalizers ?? [];
        const facts = [
          obj?.metadata?.deletionTimestamp ? 'terminating' : '',
          finalizers.length ? `finalizers ${finalizers.join(', ')}` : ''
        ].filter(Boolean);
        state.set(
          e,
          `still there ${Math.round((options.clock.now() - start) / 1000)} s after its deletion${facts.length ? ` (${facts.join(', ')})` : ''}`
        );
        still.push(e);
      } catch (err) {
        state.set(e, describeError(err));
        still.push(e);
      }
    }
    remaining = still;
    if (remaining.length === 0 || options.clock.now() - start >= timeoutMs || options.signal?.aborted) break;
    try {
      await options.clock.sleep(Math.min(options.intervalMs ?? 1000, timeoutMs), options.signal);
    } catch {
      break;
    }
  }
  return state;
}

function sameRef(a: ResourceRef, b: ResourceRef): boolean {
  return resourcePath(a) === resourcePath(b);
}
