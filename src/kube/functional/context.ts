/**
 * The functional depth's runtime: one FunctionalRun per suite run (its id, namespace, images,
 * clock), and for each check a FunctionalContext over it whose writes go to the check's own
 * cleanup ledger. `close()` of a check deletes what that check created; `close()` of the run
 * deletes the run's namespace. Both run on their own bounded signal, so they also work after the
 * check's deadline passed or the run was cancelled.
 */
import type { CheckContext } from '../../checks/types.js';
import type { RequestCounter } from '../client.js';
import type { Discovery } from '../discovery.js';
import { KubeError } from '../errors.js';
import { resourcePath, type ResourceRef } from '../paths.js';
import type { KubeSession } from '../session.js';
import type { RunClock } from './clock.js';
import { DEFAULT_IMAGES } from './images.js';
import { CleanupLedger, type CleanupReport } from './ledger.js';
import { ObjectApi } from './objects.js';
import { prepareObject } from './prepare.js';
import { runNamespace } from './run-id.js';
import { gpuTolerations } from './tolerations.js';
import {
  MANAGED_BY,
  MANAGED_BY_LABEL,
  REQUIREMENT_LABEL,
  RUN_LABEL,
  WaitTimeoutError,
  type FunctionalContext,
  type KubeObject,
  type WorkloadImages
} from './types.js';

/** Bound of a cleanup (each phase's wait); the whole cleanup is bounded by a few of these. */
export const CLEANUP_PHASE_TIMEOUT_MS = 120_000;
/** Default bound of remove()'s wait for NotFound. */
export const REMOVE_TIMEOUT_MS = 120_000;

export interface FunctionalRunOptions {
  session: KubeSession;
  runId: string;
  clock: RunClock;
  images?: WorkloadImages;
  allowScale?: boolean;
  /** Bound of each cleanup phase (default 120 s). */
  cleanupPhaseMs?: number;
}

export interface CheckScope {
  /** The detect context of the check (its reader, shared inventories, signal). */
  base: CheckContext;
  /** The check's requests (the reader's counter). */
  counter: RequestCounter;
  /** Called when the check's deadline (on the run clock) has passed: aborts its signal. */
  expire?: () => void;
  /** Run-clock time after which the check has timed out. */
  deadlineAt?: number;
}

export interface CheckRun {
  ctx: FunctionalContext;
  /** Lines noted as the check went. */
  notes: string[];
  ledger: CleanupLedger;
  /** Deletes what the check created (bounded; on a signal of its own). */
  close(): Promise<CleanupReport>;
}

export class FunctionalRun {
  readonly runId: string;
  readonly namespaceName: string;
  readonly images: WorkloadImages;
  readonly allowScale: boolean;
  readonly clock: RunClock;
  /** The namespace, once asked for. */
  private readonly runLedger = new CleanupLedger();
  private namespacePromise?: Promise<string>;
  private tolerations?: Promise<Array<Record<string, string>>>;

  constructor(private readonly options: FunctionalRunOptions) {
    this.runId = options.runId;
    this.namespaceName = runNamespace(options.runId);
    this.images = options.images ?? { ...DEFAULT_IMAGES };
    this.allowScale = options.allowScale ?? false;
    this.clock = options.clock;
  }

  get session(): KubeSession {
    return this.options.session;
  }

  /** A check's context: its writes labelled with the run and the requirement, and written down in its ledger. */
  check(scope: CheckScope): CheckRun {
    const { base, counter } = scope;
    const requirementId = base.requirement.id;
    const discovery = (): Promise<Discovery> => base.discovery();
    const api = new ObjectApi(this.session.client, counter, base.signal, discovery);
    const ledger = new CleanupLedger();
    const notes: string[] = [];
    const labels = {
      [RUN_LABEL]: this.runId,
      [REQUIREMENT_LABEL]: requirementId,
      [MANAGED_BY_LABEL]: MANAGED_BY
    };
    const clock = this.clock;
    const sleep = async (ms: number): Promise<void> => {
      if (scope.deadlineAt !== undefined && clock.now() >= scope.deadlineAt) scope.expire?.();
      if (base.signal.aborted) throw base.signal.reason;
      const left = scope.deadlineAt === undefined ? ms : Math.max(0, Math.min(ms, scope.deadlineAt - clock.now()));
      await clock.sleep(left, base.signal);
      if (scope.deadlineAt !== undefined && clock.now() >= scope.deadlineAt) {
        scope.expire?.();
        if (base.signal.aborted) throw base.signal.reason;
      }
    };
    const namespace = (): Promise<string> => this.namespace(api, requirementId);

    const ctx: FunctionalContext = {
      ...base,
      now: () => clock.now(),
      runId: this.runId,
      images: this.images,
      allowScale: this.allowScale,
      namespace,
      gpuTolerations: () => (this.tolerations ??= gpuTolerations(base, api)),
      async create<T extends KubeObject>(obj: T, opts: { dryRun?: boolean } = {}): Promise<T> {
        const kind = await api.resolve(obj.apiVersion, obj.kind);
        const ns = kind.namespaced ? (obj.metadata.namespace ?? (await namespace())) : undefined;
        const body = prepareObject({ ...obj, metadata: { ...obj.metadata, ...(ns ? { namespace: ns } : {}) } }, labels);
        if (!kind.namespaced) delete body.metadata.namespace;
        const ref: ResourceRef = { group: kind.group, version: kind.version, resource: kind.resource, namespace: ns, name: body.metadata.name };
        if (opts.dryRun) return api.create(ref, body, true);
        if (!body.metadata.name) throw new Error(`${obj.kind}: give metadata.name or metadata.generateName`);
        ledger.record({ ref, kind: obj.kind, namespaced: kind.namespaced });
        try {
          return await api.create(ref, body);
        } catch (err) {
          // An answer refusing the create means nothing was made (409: someone else's object):
          // forget it. No answer (cancel, timeout, reset) may still have created it: keep it.
          if (err instanceof KubeError && err.status !== undefined) ledger.forget(ref);
          throw err;
        }
      },
      get: <T extends KubeObject>(ref: ResourceRef) => api.get<T>(ref),
      list: <T extends KubeObject>(ref: ResourceRef, opts?: { labelSelector?: string; fieldSelector?: string }) =>
        api.list<T>(ref, opts),
      patch: <T extends KubeObject>(ref: ResourceRef, patch: unknown) => api.patch<T>(ref, patch),
      async remove(ref: ResourceRef, opts: { timeoutMs?: number } = {}): Promise<void> {
        const entry = ledger.list().find(e => resourcePath(e.ref) === resourcePath(ref));
        const single = new CleanupLedger();
        single.record(entry ?? { ref, kind: kindOf(ref), namespaced: ref.namespace !== undefined });
        const report = await single.cleanup(api, { clock, phaseTimeoutMs: opts.timeoutMs ?? REMOVE_TIMEOUT_MS, signal: base.signal });
        if (report.left.length > 0) {
          if (base.signal.aborted) throw base.signal.reason;
          throw new Error(`could not delete ${report.left.join('; ')}`);
        }
        ledger.forget(ref);
      },
      logs: (namespace, pod, container) => api.logs(namespace, pod, container),
      proxyGet: target => api.proxy('GET', target),
      proxyPost: target => api.proxy('POST', target, target.body, target.contentType),
      async waitFor<T>(what: string, probe: () => Promise<{ done: true; value: T } | { done: false; observed: string }>, opts: { timeoutMs: number; intervalMs?: number }): Promise<T> {
        const start = clock.now();
        for (;;) {
          const r = await probe();
          if (r.done) return r.value;
          const waited = clock.now() - start;
          if (waited >= opts.timeoutMs) throw new WaitTimeoutError(what, opts.timeoutMs, r.observed);
          await sleep(Math.min(opts.intervalMs ?? 1000, opts.timeoutMs - waited));
        }
      },
      sleep,
      note: line => {
        notes.push(line);
      }
    };

    return {
      ctx,
      notes,
      ledger,
      close: () => ledger.cleanup(api.withSignal(cleanupSignal(this.cleanupBoundMs())), cleanupOptions(clock, this.options.cleanupPhaseMs))
    };
  }

  /** Deletes the run's namespace (after every check has deleted its own objects). */
  async close(counter: RequestCounter): Promise<CleanupReport> {
    const api = new ObjectApi(this.session.client, counter, cleanupSignal(this.cleanupBoundMs()), () => this.session.discovery());
    return this.runLedger.cleanup(api, cleanupOptions(this.clock, this.options.cleanupPhaseMs));
  }

  /** Whether the run created anything that close() deletes. */
  get hasNamespace(): boolean {
    return this.runLedger.size > 0;
  }

  private cleanupBoundMs(): number {
    // Five phases, the namespace's counted twice, plus room for the requests themselves.
    return (this.options.cleanupPhaseMs ?? CLEANUP_PHASE_TIMEOUT_MS) * 7 + 60_000;
  }

  /** Created once, on first use, labelled with the run (the first check to ask names the requirement label). */
  private namespace(api: ObjectApi, requirementId: string): Promise<string> {
    this.namespacePromise ??= (async () => {
      const name = this.namespaceName;
      const ref: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', name };
      this.runLedger.record({ ref, kind: 'Namespace', namespaced: false });
      try {
        await api.create(ref, {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name,
            labels: { [RUN_LABEL]: this.runId, [REQUIREMENT_LABEL]: requirementId, [MANAGED_BY_LABEL]: MANAGED_BY }
          }
        });
      } catch (err) {
        if (err instanceof KubeError && err.status === 409) {
          const existing = await api.get(ref);
          if (existing?.metadata?.labels?.[RUN_LABEL] === this.runId && !existing?.metadata?.deletionTimestamp) return name;
          this.runLedger.forget(ref);
          throw new Error(
            `namespace ${name} already exists${existing?.metadata?.deletionTimestamp ? ' and is terminating' : ' and is not this run\'s'}: give another run id`,
            { cause: err }
          );
        }
        if (err instanceof KubeError && err.status !== undefined) this.runLedger.forget(ref);
        // A failed creation is retried by the next check that asks.
        this.namespacePromise = undefined;
        throw err;
      }
      return name;
    })();
    return this.namespacePromise;
  }
}

function cleanupOptions(clock: RunClock, phaseTimeoutMs?: number) {
  return { clock, phaseTimeoutMs: phaseTimeoutMs ?? CLEANUP_PHASE_TIMEOUT_MS };
}

/** A signal for cleanup only: never the check's or the run's (those may have aborted already). */
function cleanupSignal(boundMs: number): AbortSignal {
  // Real time: a request that hangs must not hold the run forever, whatever clock drives the waits.
  return AbortSignal.timeout(boundMs);
}

function kindOf(ref: ResourceRef): string {
  // remove() of something the ledger does not know: its kind only names it in messages.
  const r = ref.resource;
  return r.endsWith('ies') ? `${r.slice(0, -3)}y` : r.replace(/s$/, '');
}
