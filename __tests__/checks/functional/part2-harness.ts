/**
 * A FunctionalContext implemented directly over the simulator, for the part-2 functional checks'
 * tests: writes go through the real HTTPS API (client-node's fetch and credentials), time is a
 * FakeClock that only the check's sleeps and waits move (so the simulated cluster advances exactly
 * as long as the check waits), and every object the check creates is recorded and deleted after
 * the run in the cleanup order (pods, other namespaced objects, cluster-scoped ones, the
 * namespace), waiting for NotFound. What is left afterwards is read from the simulator's store.
 */
import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  KubeConfig,
  KubernetesObjectApi,
  RequestContext,
  type KubernetesObject
} from '@kubernetes/client-node';
import { checkFor } from '../../../src/checks/index.js';
import type { CheckContext, Finding } from '../../../src/checks/types.js';
import { chooseVersion } from '../../../src/catalog/index.js';
import { errorForStatus, KubeError } from '../../../src/kube/errors.js';
import {
  MANAGED_BY,
  MANAGED_BY_LABEL,
  NAMESPACE_PREFIX,
  REQUIREMENT_LABEL,
  RUN_LABEL,
  WaitTimeoutError,
  type FunctionalCheck,
  type FunctionalContext,
  type KubeObject,
  type WorkloadImages
} from '../../../src/kube/functional/types.js';
import { proxyPath, resourcePath, withQuery, type ResourceRef } from '../../../src/kube/paths.js';
import { KubeSession } from '../../../src/kube/session.js';
import { FakeClock } from '../../../src/sim/clock.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../src/sim/index.js';
import type { KObject } from '../../../src/sim/store.js';
import { selectRequirements } from '../../../src/suite/select.js';
import type { SetupEnv } from '../helpers.js';

export const TEST_IMAGES: WorkloadImages = {
  shell: 'registry.k8s.io/e2e-test-images/busybox:1.37.0-1',
  cuda: 'nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda12.5.0-ubuntu22.04',
  gpuProbe: 'nvcr.io/nvidia/cuda:12.8.1-base-ubuntu24.04',
  agnhost: 'registry.k8s.io/e2e-test-images/agnhost:2.53',
  curl: 'curlimages/curl:8.14.1',
  python: 'python:3.13-alpine',
  metricsConsumer: 'registry.k8s.io/e2e-test-images/resource-consumer:1.13',
  ray: 'rayproject/ray:2.46.0'
};

export interface FunctionalRunOptions extends Omit<SimulatorOptions, 'clock'> {
  /** The requirement set checked against (default: the cluster's minor). */
  version?: string;
  runId?: string;
  /** Cancels the run (its signal aborts) once the check has waited this much simulated time. */
  cancelAfterMs?: number;
  /** Changes to the cluster before the run, settled for 2 simulated minutes. */
  setup?: (env: SetupEnv) => Promise<void> | void;
  /** Looks at the cluster after cleanup, before the simulator stops. */
  inspect?: (sim: Simulator) => Promise<void> | void;
  /** Called as the check waits (simulated ms since its start), e.g. to change the cluster midway. */
  during?: (sim: Simulator, elapsedMs: number) => void;
}

export interface FunctionalRun {
  detect: Finding;
  /** Why the functional depth did not run (null when it ran). */
  skipped: string | null;
  /** The functional verdict (an error verdict when the check threw). */
  finding: Finding;
  /** The check's notes, then its finding's own evidence. */
  evidence: string[];
  /** Objects still there after cleanup: labelled with the run id, or cluster-scoped ones it created. */
  leftovers: string[];
  /** "Kind namespace/name" of everything the run created (in order). */
  created: string[];
  runId: string;
  /** Simulated time the check took. */
  elapsedMs: number;
  thrown?: unknown;
}

interface LedgerEntry {
  ref: ResourceRef;
  kind: string;
}

let counter = 0;

/** Boots the scenario, runs detect then the functional check, cleans up, reports what is left. */
export async function runFunctional(
  id: string,
  check: FunctionalCheck,
  options: FunctionalRunOptions
): Promise<FunctionalRun> {
  const { version, runId: givenRunId, cancelAfterMs, setup, inspect, during, ...simOptions } = options;
  const runId = givenRunId ?? `t${Date.now().toString(36).slice(-5)}${(counter++).toString(36)}`;
  const clock = new FakeClock();
  const sim = await startSimulator({ ...simOptions, clock });
  try {
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig);
    if (setup) await runSetup(sim, kc, clock, setup);
    const session = KubeSession.fromKubeConfig(kc, { now: () => clock.now(), maxRetryDelayMs: 0 });
    const cluster = await session.version();
    const chosen = chooseVersion(cluster, version).version;
    const requirement = selectRequirements(chosen, [id])[0];
    const abort = new AbortController();
    const signal = abort.signal;
    const base: CheckContext = {
      requirement,
      conformanceVersion: chosen,
      cluster,
      kube: session.reader(signal),
      discovery: () => session.discovery(signal),
      nodes: () => session.nodes(signal),
      workloads: () => session.workloads(signal),
      webhooks: () => session.webhooks(signal),
      dra: () => session.dra(signal),
      now: () => clock.now(),
      signal
    };
    // The suite turns whatever detect throws into an error verdict.
    const detect = await checkFor(id)!
      .detect(base)
      .catch((err: unknown) => errorFinding(err, signal));
    const skipped = check.skip(detect, base);
    const notes: string[] = [];
    const ledger: LedgerEntry[] = [];
    const created: string[] = [];
    const started = clock.now();
    if (skipped !== null) {
      return {
        detect,
        skipped,
        finding: detect,
        evidence: [],
        leftovers: leftovers(sim, runId, ledger),
        created,
        runId,
        elapsedMs: 0
      };
    }
    const api = new Api(kc, sim.url);
    const advance = async (ms: number): Promise<void> => {
      for (let done = 0; done < ms;) {
        if (signal.aborted) throw signal.reason;
        const step = Math.min(500, ms - done);
        clock.advance(step);
        done += step;
        await new Promise<void>(r => setImmediate(r));
        const elapsed = clock.now() - started;
        during?.(sim, elapsed);
        if (cancelAfterMs !== undefined && elapsed >= cancelAfterMs && !signal.aborted)
          abort.abort(new Error('the run was cancelled'));
      }
    };
    const ctx = functionalContext(base, {
      api,
      runId,
      requirementId: id,
      ledger,
      created,
      notes,
      advance,
      clock
    });
    let finding: Finding;
    let thrown: unknown;
    try {
      finding = await check.run(ctx, detect);
    } catch (err) {
      thrown = err;
      finding = errorFinding(err, signal);
    }
    const elapsedMs = clock.now() - started;
    await cleanup(api, ledger, clock);
    const left = leftovers(sim, runId, ledger);
    if (inspect) await inspect(sim);
    return {
      detect,
      skipped: null,
      finding,
      evidence: [...notes, ...finding.evidence],
      leftovers: left,
      created,
      runId,
      elapsedMs,
      thrown
    };
  } finally {
    await sim.stop();
  }
}

/** What the suite makes of a thrown error: `error`, never `fail`. */
function errorFinding(err: unknown, signal: AbortSignal): Finding {
  const message = err instanceof Error ? err.message : String(err);
  if (signal.aborted)
    return { verdict: 'error', reason: `could not finish: ${message}`, evidence: [], solution: null };
  return { verdict: 'error', reason: message.replace(/\s+/g, ' '), evidence: [], solution: null };
}

async function runSetup(
  sim: Simulator,
  kc: KubeConfig,
  clock: FakeClock,
  setup: NonNullable<FunctionalRunOptions['setup']>
): Promise<void> {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  await setup({
    sim,
    apply: async (...list) => {
      for (const o of list) await objects.create(o as KubernetesObject);
    },
    remove: async o => {
      await objects.delete(o as KubernetesObject);
    },
    node: (name, change) => {
      const node = structuredClone(sim.store.mustGet('', 'nodes', undefined, name));
      change(node);
      const updated = sim.store.update(node);
      sim.store.update({ ...updated, status: node.status }, { subresource: 'status' });
    }
  });
  for (let t = 0; t < 120_000; t += 1000) {
    clock.advance(1000);
    await new Promise<void>(r => setImmediate(r));
  }
}

/** Raw requests to the API server with the kubeconfig's credentials (any verb). */
class Api {
  private readonly http = new IsomorphicFetchHttpLibrary();
  constructor(
    private readonly kc: KubeConfig,
    private readonly server: string
  ) {}

  async call(
    method: HttpMethod,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    headers: Record<string, string> = {}
  ): Promise<{ status: number; text: string }> {
    const rc = new RequestContext(this.server + path, method);
    rc.setHeaderParam('Accept', 'application/json, */*');
    for (const [k, v] of Object.entries(headers)) rc.setHeaderParam(k, v);
    if (body !== undefined) {
      rc.setHeaderParam('Content-Type', contentType);
      rc.setBody(JSON.stringify(body));
    }
    await this.kc.applySecurityAuthentication(rc);
    const res = await this.http.send(rc).toPromise();
    return { status: res.httpStatusCode, text: await res.body.text() };
  }

  /** Throws the KubeError a non-2xx answer means (the verb in its message). */
  async ok(method: HttpMethod, path: string, body?: unknown, contentType?: string): Promise<any> {
    const res = await this.call(method, path, body, contentType);
    if (res.status >= 200 && res.status < 300) return res.text ? JSON.parse(res.text) : {};
    const e = errorForStatus(path, res.status, res.text);
    throw new KubeError(e.kind, e.message.replace(/^GET /, `${method} `), e.path, e.status, e.reason);
  }
}

interface Parts {
  api: Api;
  runId: string;
  requirementId: string;
  ledger: LedgerEntry[];
  created: string[];
  notes: string[];
  advance: (ms: number) => Promise<void>;
  clock: FakeClock;
}

function functionalContext(base: CheckContext, p: Parts): FunctionalContext {
  const namespace = `${NAMESPACE_PREFIX}${p.runId}`;
  let nsCreated: Promise<string> | undefined;
  const labels = {
    [RUN_LABEL]: p.runId,
    [REQUIREMENT_LABEL]: p.requirementId,
    [MANAGED_BY_LABEL]: MANAGED_BY
  };

  const resolve = async (obj: KubeObject): Promise<ResourceRef & { namespaced: boolean }> => {
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    const discovery = await base.discovery();
    const r = discovery.resources(group, version).find(x => x.kind === obj.kind && !x.name.includes('/'));
    if (!r) throw new Error(`${obj.kind} ${obj.apiVersion} is not served by this cluster`);
    return { group, version, resource: r.name, namespaced: r.namespaced };
  };

  const ensureNamespace = (): Promise<string> => {
    nsCreated ??= (async () => {
      await p.api.ok(HttpMethod.POST, '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace, labels }
      });
      p.ledger.push({
        ref: { group: '', version: 'v1', resource: 'namespaces', name: namespace },
        kind: 'Namespace'
      });
      p.created.push(`Namespace ${namespace}`);
      return namespace;
    })();
    return nsCreated;
  };

  return {
    ...base,
    runId: p.runId,
    images: TEST_IMAGES,
    allowScale: false,
    namespace: ensureNamespace,
    async gpuTolerations() {
      const nodes = await base.nodes();
      const out = [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }];
      for (const n of nodes.accelerated) {
        const node = await base.kube.object({ group: '', version: 'v1', resource: 'nodes', name: n.name });
        for (const t of node?.spec?.taints ?? []) {
          if (!out.some(x => x.key === t.key && x.effect === t.effect))
            out.push({ key: t.key, operator: 'Exists', effect: t.effect });
        }
      }
      return out;
    },
    async create<T extends KubeObject>(obj: T, opts: { dryRun?: boolean } = {}): Promise<T> {
      const where = await resolve(obj);
      const ns = where.namespaced ? (obj.metadata.namespace ?? (await ensureNamespace())) : undefined;
      const body = {
        ...obj,
        metadata: {
          ...obj.metadata,
          ...(ns ? { namespace: ns } : {}),
          labels: { ...(obj.metadata.labels ?? {}), ...labels }
        }
      };
      const path = resourcePath({ ...where, namespace: ns });
      const out = await p.api.ok(HttpMethod.POST, opts.dryRun ? `${path}?dryRun=All` : path, body);
      if (!opts.dryRun) {
        p.ledger.push({
          ref: {
            group: where.group,
            version: where.version,
            resource: where.resource,
            namespace: ns,
            name: out.metadata.name
          },
          kind: obj.kind
        });
        p.created.push(`${obj.kind} ${ns ? `${ns}/` : ''}${out.metadata.name}`);
      }
      return out as T;
    },
    async get<T extends KubeObject>(ref: ResourceRef): Promise<T | null> {
      const res = await p.api.call(HttpMethod.GET, resourcePath(ref));
      if (res.status === 404) return null;
      if (res.status >= 300) throw errorForStatus(resourcePath(ref), res.status, res.text);
      return JSON.parse(res.text) as T;
    },
    async list<T extends KubeObject>(
      ref: ResourceRef,
      opts: { labelSelector?: string; fieldSelector?: string } = {}
    ): Promise<T[]> {
      const path = withQuery(resourcePath({ ...ref, name: undefined }), {
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector
      });
      return (await p.api.ok(HttpMethod.GET, path)).items as T[];
    },
    async patch<T extends KubeObject>(ref: ResourceRef, patch: unknown): Promise<T> {
      return (await p.api.ok(
        HttpMethod.PATCH,
        resourcePath(ref),
        patch,
        'application/merge-patch+json'
      )) as T;
    },
    async remove(ref: ResourceRef, opts: { timeoutMs?: number } = {}): Promise<void> {
      await deleteAndWait(p.api, ref, p.advance, opts.timeoutMs ?? 60_000);
      const i = p.ledger.findIndex(e => resourcePath(e.ref) === resourcePath(ref));
      if (i >= 0) p.ledger.splice(i, 1);
    },
    async logs(ns: string, pod: string, container?: string): Promise<string> {
      const path = withQuery(`/api/v1/namespaces/${ns}/pods/${pod}/log`, { container });
      const res = await p.api.call(HttpMethod.GET, path);
      if (res.status === 200) return res.text;
      if (res.status === 400 || res.status === 404) return '';
      throw errorForStatus(path, res.status, res.text);
    },
    async proxyGet(target) {
      const q = target.path.indexOf('?');
      const path =
        proxyPath({
          kind: target.kind,
          namespace: target.namespace,
          name: target.name,
          port: target.port,
          path: q < 0 ? target.path : target.path.slice(0, q)
        }) + (q < 0 ? '' : target.path.slice(q));
      const res = await p.api.call(HttpMethod.GET, path, undefined, undefined, target.headers ?? {});
      return { status: res.status, body: res.text };
    },
    async waitFor(what, probe, opts) {
      const start = p.clock.now();
      for (;;) {
        const r = await probe();
        if (r.done) return r.value;
        if (p.clock.now() - start >= opts.timeoutMs)
          throw new WaitTimeoutError(what, opts.timeoutMs, r.observed);
        await p.advance(opts.intervalMs ?? 1000);
      }
    },
    sleep: ms => p.advance(ms),
    note: line => {
      p.notes.push(line);
    }
  };
}

async function deleteAndWait(
  api: Api,
  ref: ResourceRef,
  advance: (ms: number) => Promise<void>,
  timeoutMs: number
): Promise<void> {
  const path = resourcePath(ref);
  const res = await api.call(HttpMethod.DELETE, path, {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    propagationPolicy: 'Background'
  });
  if (res.status === 404) return;
  if (res.status >= 300) throw errorForStatus(path, res.status, res.text);
  for (let waited = 0; waited <= timeoutMs; waited += 1000) {
    if ((await api.call(HttpMethod.GET, path)).status === 404) return;
    await advance(1000);
  }
  throw new Error(`${path} still exists ${timeoutMs / 1000} s after its deletion`);
}

/** The cleanup ledger's order: pods, other namespaced objects (newest first), cluster-scoped ones, the namespace. */
async function cleanup(api: Api, ledger: LedgerEntry[], clock: FakeClock): Promise<void> {
  const advance = async (ms: number): Promise<void> => {
    clock.advance(ms);
    await new Promise<void>(r => setImmediate(r));
  };
  const rank = (e: LedgerEntry): number =>
    e.kind === 'Pod' ? 0 : e.kind === 'Namespace' ? 3 : e.ref.namespace ? 1 : 2;
  const order = ledger.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e) - rank(b.e) || b.i - a.i);
  for (const { e } of order) await deleteAndWait(api, e.ref, advance, 120_000);
}

/** Objects labelled with the run id or in its namespace, and cluster-scoped objects the run created, still in the store. */
function leftovers(sim: Simulator, runId: string, ledger: LedgerEntry[]): string[] {
  const out: string[] = [];
  const ns = `${NAMESPACE_PREFIX}${runId}`;
  for (const t of sim.store.allTypes()) {
    for (const o of sim.store.list(t.group, t.resource) as KObject[]) {
      if (o.metadata.labels?.[RUN_LABEL] === runId || o.metadata.namespace === ns)
        out.push(`${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`);
    }
  }
  for (const e of ledger) {
    if (e.ref.namespace) continue;
    const o = sim.store.get(e.ref.group, e.ref.resource, undefined, e.ref.name!);
    if (o && !out.includes(`${e.kind} ${e.ref.name}`)) out.push(`${e.kind} ${e.ref.name}`);
  }
  return out;
}
