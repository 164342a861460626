/**
 * Kueue (kueue.x-k8s.io, v0.15): a batch/v1 Job carrying the queue-name label (or the legacy
 * annotation) is created suspended by Kueue's mutating webhook and gets a Workload; the Workload
 * is admitted only when the whole job (podSet count × per-pod requests) fits the unused quota of
 * its ClusterQueue in one flavor per resource group — all or nothing — and then the Job is
 * unsuspended so all its pods start together. Quota is released when the Job finishes or goes.
 * ClusterQueues and LocalQueues report Active and their workload counts, as Kueue does.
 *
 * Broken (`admitPartially`): every workload is admitted whatever the quota, and the job's pods
 * start one at a time (parallelism raised step by step), i.e. not all-or-nothing.
 */
import { getCondition, matchesSelector, withCondition, type Condition } from '../behaviours/match.js';
import type { AdmissionPlugin } from '../contracts.js';
import { internalError } from '../errors.js';
import { derivedSuffix } from '../pods/defaults.js';
import { milli, podRequests } from '../pods/quantity.js';
import type { KObject } from '../store.js';
import type { SimContext } from './context.js';
import { gateOpen, isGatePod, serviceHasReadyEndpoints } from './gates.js';
import { formatQuantity } from './quantity-format.js';
import { WorkQueue } from './queue.js';
import { writeStatus } from './workload-util.js';

const G = 'kueue.x-k8s.io';
export const QUEUE_NAME_LABEL = 'kueue.x-k8s.io/queue-name';
/** Namespaces Kueue's default managedJobsNamespaceSelector leaves alone. */
const UNMANAGED_NAMESPACES = ['kube-system', 'kueue-system'];
const COMPONENT = 'kueue-admission';
export const RESOURCE_IN_USE = 'kueue.x-k8s.io/resource-in-use';

/** The LocalQueue a Job asks for (label, or the legacy annotation). */
export function queueNameOf(job: KObject): string | undefined {
  return job.metadata.labels?.[QUEUE_NAME_LABEL] ?? job.metadata.annotations?.[QUEUE_NAME_LABEL];
}

/** The mutating webhooks of Kueue's configuration, by the resource they are called for. */
const WEBHOOKS: Record<string, { name: string; path: string }> = {
  'batch/jobs': { name: 'mjob.kb.io', path: '/mutate-batch-v1-job' },
  [`${G}/clusterqueues`]: { name: 'mclusterqueue.kb.io', path: '/mutate-kueue-x-k8s-io-v1beta2-clusterqueue' },
  [`${G}/resourceflavors`]: { name: 'mresourceflavor.kb.io', path: '/mutate-kueue-x-k8s-io-v1beta2-resourceflavor' },
  [`${G}/workloads`]: { name: 'mworkload.kb.io', path: '/mutate-kueue-x-k8s-io-v1beta2-workload' }
};

/**
 * Kueue's mutating webhooks: a managed batch/v1 Job is created suspended (mjob.kb.io). With the
 * webhook Service down, the apiserver cannot call them and (failurePolicy Fail) refuses every Job
 * in the namespaces the Job webhook covers, and every ClusterQueue, ResourceFlavor and Workload.
 */
export function kueueAdmission(ctx: SimContext): AdmissionPlugin {
  return req => {
    const s = ctx.controllers.kueue;
    const hook = WEBHOOKS[`${req.rtype.group}/${req.rtype.resource}`];
    if (!s || !hook || req.operation !== 'CREATE' || req.subresource) return;
    const isJob = req.rtype.group === 'batch';
    if (isJob && UNMANAGED_NAMESPACES.includes(req.object.metadata.namespace ?? '')) return;
    const svc = s.webhookService;
    if (svc && !serviceHasReadyEndpoints(ctx.store, svc)) {
      throw internalError(
        `failed calling webhook "${hook.name}": failed to call webhook: Post "https://${svc.name}.${svc.namespace}.svc:443${hook.path}?timeout=10s": no endpoints available for service "${svc.name}"`
      );
    }
    if (!isJob) {
      // The ResourceFlavor and ClusterQueue webhooks default the resource-in-use finalizer.
      const have = req.object.metadata.finalizers ?? [];
      if (req.rtype.resource === 'workloads' || have.includes(RESOURCE_IN_USE)) return;
      return { ...req.object, metadata: { ...req.object.metadata, finalizers: [...have, RESOURCE_IN_USE] } };
    }
    if (!queueNameOf(req.object) || req.object.spec?.suspend === true) return;
    return { ...req.object, spec: { ...(req.object.spec ?? {}), suspend: true } };
  };
}

interface Usage {
  /** clusterQueue → flavor → resource → milli-units. */
  [cq: string]: Record<string, Record<string, number>>;
}

const isFinished = (o: KObject): boolean => getCondition(o, 'Finished')?.status === 'True';
const hasQuota = (wl: KObject): boolean => getCondition(wl, 'QuotaReserved')?.status === 'True';
const jobDone = (job: KObject): Condition | undefined =>
  (job.status?.conditions ?? []).find(
    (c: Condition) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True'
  );

export function startKueueController(ctx: SimContext): () => void {
  const { store } = ctx;
  const queue = new WorkQueue(
    ctx.clock,
    () => reconcile(),
    0,
    (_k, e) => ctx.warn(`kueue: ${(e as Error).message}`)
  );
  /** job uid → the parallelism the broken mode is stepping up to. */
  const stepping = new Map<string, { target: number; timer: unknown }>();
  const lastPending = new Map<string, string>();

  const version = (): string => `${G}/${store.typeOf(G, 'workloads')?.versions[0] ?? 'v1beta2'}`;

  function reconcile(): void {
    const s = ctx.controllers.kueue;
    if (!s || !store.typeOf(G, 'workloads') || !gateOpen(ctx, s.pod)) return;
    ensureWorkloads();
    const flavors = new Map(store.list(G, 'resourceflavors').map(f => [f.metadata.name!, f]));
    const cqs = new Map(store.list(G, 'clusterqueues').map(c => [c.metadata.name!, c]));
    const active = new Map<string, { ok: boolean; reason: string; message: string }>();
    for (const [name, cq] of cqs) active.set(name, cqActive(cq, flavors));
    const workloads = store
      .list(G, 'workloads')
      .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
    const usage: Usage = {};
    const add = (cq: string, flavor: string, r: string, v: number): void => {
      usage[cq] ??= {};
      usage[cq][flavor] ??= {};
      usage[cq][flavor][r] = (usage[cq][flavor][r] ?? 0) + v;
    };
    for (const wl of workloads) finishIfJobDone(wl);
    for (const wl of store.list(G, 'workloads')) {
      if (!hasQuota(wl) || isFinished(wl) || wl.metadata.deletionTimestamp) continue;
      const adm = wl.status?.admission;
      const req = workloadRequests(wl);
      for (const ps of adm?.podSetAssignments ?? [])
        for (const [r, flavor] of Object.entries<string>(ps.flavors ?? {}))
          add(adm.clusterQueue, flavor, r, req[r] ?? 0);
    }
    for (const wl of workloads) {
      const cur = store.get(G, 'workloads', wl.metadata.namespace, wl.metadata.name!);
      if (!cur || isFinished(cur) || hasQuota(cur) || cur.metadata.deletionTimestamp) continue;
      admitOrQueue(cur, cqs, active, usage, s.admitPartially);
    }
    for (const wl of store.list(G, 'workloads')) if (hasQuota(wl) && !isFinished(wl)) startJob(wl, flavors);
    writeQueueStatus(cqs, active);
    guardDeletion();
  }

  /**
   * The resource-in-use finalizer: a Workload holding quota, a ClusterQueue with such Workloads
   * and a ResourceFlavor some ClusterQueue names are only deleted once no longer in use.
   */
  function guardDeletion(): void {
    const holding = (wl: KObject): boolean => hasQuota(wl) && !isFinished(wl) && !wl.metadata.deletionTimestamp;
    for (const wl of store.list(G, 'workloads')) setFinalizer('workloads', wl, holding(wl));
    const inUse = new Set(
      store
        .list(G, 'workloads')
        .filter(holding)
        .map(w => w.status?.admission?.clusterQueue)
    );
    for (const cq of store.list(G, 'clusterqueues')) {
      setFinalizer('clusterqueues', cq, !cq.metadata.deletionTimestamp || inUse.has(cq.metadata.name));
    }
    // ClusterQueues still present (terminating ones included) keep their flavors.
    const named = new Set(
      store
        .list(G, 'clusterqueues')
        .flatMap(cq => (cq.spec?.resourceGroups ?? []).flatMap((g: any) => (g.flavors ?? []).map((f: any) => String(f.name))))
    );
    for (const rf of store.list(G, 'resourceflavors')) {
      setFinalizer('resourceflavors', rf, !rf.metadata.deletionTimestamp || named.has(rf.metadata.name!));
    }
  }

  function setFinalizer(resource: string, obj: KObject, want: boolean): void {
    const have = obj.metadata.finalizers ?? [];
    if (have.includes(RESOURCE_IN_USE) === want) return;
    const finalizers = want ? [...have, RESOURCE_IN_USE] : have.filter(f => f !== RESOURCE_IN_USE);
    const cur = store.get(G, resource, obj.metadata.namespace, obj.metadata.name!);
    if (cur) store.update({ ...cur, metadata: { ...cur.metadata, finalizers } });
  }

  /** A Workload for every managed, unfinished Job that has none (Kueue's job reconciler). */
  function ensureWorkloads(): void {
    for (const job of store.list('batch', 'jobs')) {
      const q = queueNameOf(job);
      if (!q || job.metadata.deletionTimestamp || UNMANAGED_NAMESPACES.includes(job.metadata.namespace!))
        continue;
      const name = workloadName(job);
      if (store.get(G, 'workloads', job.metadata.namespace, name) || jobDone(job)) continue;
      const template = structuredClone(job.spec?.template ?? {});
      const parallelism = job.spec?.parallelism ?? 1;
      const count = Math.max(1, Math.min(parallelism, job.spec?.completions ?? parallelism));
      const wl = store.create({
        apiVersion: version(),
        kind: 'Workload',
        metadata: {
          name,
          namespace: job.metadata.namespace,
          labels: { 'kueue.x-k8s.io/job-uid': job.metadata.uid! },
          ownerReferences: [
            {
              apiVersion: 'batch/v1',
              kind: 'Job',
              name: job.metadata.name!,
              uid: job.metadata.uid!,
              controller: true,
              blockOwnerDeletion: true
            }
          ]
        },
        spec: { active: true, queueName: q, priority: 0, podSets: [{ name: 'main', count, template }] }
      });
      ctx.events.record(
        job,
        'Normal',
        'CreatedWorkload',
        `Created Workload: ${wl.metadata.namespace}/${wl.metadata.name}`,
        { component: 'batch/job-kueue-controller' }
      );
      // A managed job running without admission is stopped until Kueue admits it.
      if (job.spec?.suspend !== true) {
        store.update({ ...job, spec: { ...job.spec, suspend: true } });
        ctx.events.record(
          job,
          'Normal',
          'Stopped',
          'No matching Workload; restoring pod templates according to existent Workload',
          { component: 'batch/job-kueue-controller' }
        );
      }
    }
  }

  function workloadName(job: KObject): string {
    return `job-${job.metadata.name}-${derivedSuffix(`${job.metadata.uid}/batch/v1/Job`, 5)}`.slice(0, 253);
  }

  function jobOf(wl: KObject): KObject | undefined {
    const ref = (wl.metadata.ownerReferences ?? []).find(r => r.kind === 'Job');
    const job = ref && store.get('batch', 'jobs', wl.metadata.namespace, ref.name);
    return job && job.metadata.uid === ref!.uid ? job : undefined;
  }

  function finishIfJobDone(wl: KObject): void {
    if (isFinished(wl)) return;
    const job = jobOf(wl);
    const done = job && jobDone(job);
    if (!done) return;
    const ok = done.type === 'Complete';
    const now = store.timestamp();
    const conditions = withCondition(
      wl.status?.conditions,
      {
        type: 'Finished',
        status: 'True',
        reason: ok ? 'Succeeded' : 'Failed',
        message: ok ? 'Job finished successfully' : String(done.message ?? 'Job failed')
      },
      now
    );
    writeStatus(store, wl, { ...(wl.status ?? {}), conditions });
    stopStepping(job!.metadata.uid!);
  }

  function cqActive(
    cq: KObject,
    flavors: Map<string, KObject>
  ): { ok: boolean; reason: string; message: string } {
    const stop = cq.spec?.stopPolicy;
    if (stop === 'Hold' || stop === 'HoldAndDrain')
      return { ok: false, reason: 'Stopped', message: "Can't admit new workloads: is stopped." };
    const referenced = (cq.spec?.resourceGroups ?? []).flatMap((g: any) =>
      (g.flavors ?? []).map((f: any) => String(f.name))
    );
    const missing = referenced.filter((f: string) => !flavors.has(f));
    if (missing.length)
      return {
        ok: false,
        reason: 'FlavorNotFound',
        message: `Can't admit new workloads: references missing ResourceFlavor(s): [${missing.join(' ')}].`
      };
    return { ok: true, reason: 'Ready', message: 'Can admit new workloads' };
  }

  /** Total requests of a workload's pod sets (count × per-pod requests), by resource. */
  function workloadRequests(wl: KObject): Record<string, number> {
    const out: Record<string, number> = {};
    for (const ps of wl.spec?.podSets ?? []) {
      for (const [r, v] of Object.entries(podRequests({ spec: ps.template?.spec })))
        if (v > 0) out[r] = (out[r] ?? 0) + v * (ps.count ?? 1);
    }
    return out;
  }

  function pending(wl: KObject, reason: string, message: string): void {
    const now = store.timestamp();
    let conditions = withCondition(
      wl.status?.conditions,
      { type: 'QuotaReserved', status: 'False', reason, message },
      now
    );
    conditions = withCondition(
      conditions,
      {
        type: 'Admitted',
        status: 'False',
        reason: 'NoReservation',
        message: 'The workload has no reservation'
      },
      now
    );
    writeStatus(store, wl, { ...(wl.status ?? {}), conditions });
    const key = wl.metadata.uid!;
    if (lastPending.get(key) !== message) {
      lastPending.set(key, message);
      ctx.events.record(wl, 'Warning', 'Pending', message, { component: COMPONENT });
    }
  }

  function admitOrQueue(
    wl: KObject,
    cqs: Map<string, KObject>,
    active: Map<string, { ok: boolean }>,
    usage: Usage,
    admitRegardless: boolean
  ): void {
    const lqName = wl.spec?.queueName;
    const lq = store.get(G, 'localqueues', wl.metadata.namespace, lqName);
    if (!lq) return pending(wl, 'Inadmissible', `LocalQueue ${lqName} doesn't exist`);
    const cqName = lq.spec?.clusterQueue;
    const cq = cqs.get(cqName);
    if (!cq) return pending(wl, 'Inadmissible', `ClusterQueue ${cqName} doesn't exist`);
    if (!active.get(cqName)?.ok) return pending(wl, 'Inadmissible', `ClusterQueue ${cqName} is inactive`);
    const ns = store.get('', 'namespaces', undefined, wl.metadata.namespace!);
    if (!cq.spec?.namespaceSelector || !matchesSelector(cq.spec.namespaceSelector, ns?.metadata.labels)) {
      return pending(wl, 'Inadmissible', "Workload namespace doesn't match ClusterQueue selector");
    }
    const req = workloadRequests(wl);
    const assignment = assignFlavors(cq, req, usage[cqName] ?? {});
    if (!assignment.flavors) {
      if (!admitRegardless)
        return pending(
          wl,
          'Pending',
          `couldn't assign flavors to pod set main: ${assignment.problems.join(', ')}`
        );
    }
    const chosen = assignment.flavors ?? assignment.anyFlavors;
    for (const [r, f] of Object.entries(chosen)) {
      usage[cqName] ??= {};
      usage[cqName][f] ??= {};
      usage[cqName][f][r] = (usage[cqName][f][r] ?? 0) + (req[r] ?? 0);
    }
    const now = store.timestamp();
    const waited = Math.max(
      0,
      Math.round((ctx.clock.now() - Date.parse(wl.metadata.creationTimestamp ?? now)) / 1000)
    );
    let conditions = withCondition(
      wl.status?.conditions,
      {
        type: 'QuotaReserved',
        status: 'True',
        reason: 'QuotaReserved',
        message: `Quota reserved in ClusterQueue ${cqName}`
      },
      now
    );
    conditions = withCondition(
      conditions,
      { type: 'Admitted', status: 'True', reason: 'Admitted', message: 'The workload is admitted' },
      now
    );
    const ps = wl.spec?.podSets?.[0] ?? { name: 'main', count: 1 };
    writeStatus(store, wl, {
      ...(wl.status ?? {}),
      conditions,
      admission: {
        clusterQueue: cqName,
        podSetAssignments: [
          {
            name: ps.name,
            count: ps.count,
            flavors: chosen,
            resourceUsage: Object.fromEntries(Object.entries(req).map(([r, v]) => [r, formatQuantity(v, r)]))
          }
        ]
      }
    });
    const fresh = store.get(G, 'workloads', wl.metadata.namespace, wl.metadata.name!)!;
    ctx.events.record(
      fresh,
      'Normal',
      'QuotaReserved',
      `Quota reserved in ClusterQueue ${cqName}, wait time since queued was ${waited}s`,
      { component: COMPONENT }
    );
    ctx.events.record(
      fresh,
      'Normal',
      'Admitted',
      `Admitted by ClusterQueue ${cqName}, wait time since reservation was 0s`,
      { component: COMPONENT }
    );
  }

  /**
   * One flavor per resource group, the first whose quota holds the whole request on top of what
   * is in use; otherwise the reasons, worded as Kueue's flavor assigner does.
   */
  function assignFlavors(
    cq: KObject,
    req: Record<string, number>,
    used: Record<string, Record<string, number>>
  ): { flavors?: Record<string, string>; anyFlavors: Record<string, string>; problems: string[] } {
    const groups: any[] = cq.spec?.resourceGroups ?? [];
    const problems: string[] = [];
    const out: Record<string, string> = {};
    const any: Record<string, string> = {};
    let ok = true;
    for (const r of Object.keys(req)) {
      if (!groups.some(g => (g.coveredResources ?? []).includes(r))) {
        problems.push(`resource ${r} unavailable in ClusterQueue`);
        ok = false;
      }
    }
    for (const g of groups) {
      const wanted = Object.keys(req).filter(r => (g.coveredResources ?? []).includes(r));
      if (!wanted.length) continue;
      let fit: string | undefined;
      for (const f of g.flavors ?? []) {
        const quota = new Map<string, number>(
          (f.resources ?? []).map((x: any) => [x.name, milliOf(x.nominalQuota)])
        );
        const why: string[] = [];
        for (const r of wanted) {
          const nominal = quota.get(r) ?? 0;
          const inUse = used[f.name]?.[r] ?? 0;
          if (req[r] > nominal) {
            why.push(
              `insufficient quota for ${r} in flavor ${f.name}, previously considered podsets requests (0) + current podset request (${formatQuantity(req[r], r)}) > maximum capacity (${formatQuantity(nominal, r)})`
            );
          } else if (inUse + req[r] > nominal) {
            why.push(
              `insufficient unused quota for ${r} in flavor ${f.name}, ${formatQuantity(inUse + req[r] - nominal, r)} more needed`
            );
          }
        }
        for (const r of wanted) any[r] ??= f.name;
        if (!why.length) {
          fit = f.name;
          break;
        }
        problems.push(...why);
      }
      if (fit) for (const r of wanted) out[r] = fit;
      else ok = false;
    }
    return ok ? { flavors: out, anyFlavors: any, problems: [] } : { anyFlavors: any, problems };
  }

  /** An admitted workload's Job runs: unsuspended, with its flavors' node labels and tolerations. */
  function startJob(wl: KObject, flavors: Map<string, KObject>): void {
    const job = jobOf(wl);
    if (!job || job.spec?.suspend !== true || jobDone(job)) return;
    const s = ctx.controllers.kueue!;
    const assigned = new Set<string>(
      Object.values(wl.status?.admission?.podSetAssignments?.[0]?.flavors ?? {})
    );
    const nodeSelector: Record<string, string> = { ...(job.spec?.template?.spec?.nodeSelector ?? {}) };
    const tolerations: any[] = [...(job.spec?.template?.spec?.tolerations ?? [])];
    for (const f of assigned) {
      const rf = flavors.get(f);
      Object.assign(nodeSelector, rf?.spec?.nodeLabels ?? {});
      for (const t of rf?.spec?.tolerations ?? [])
        if (!tolerations.some(x => JSON.stringify(x) === JSON.stringify(t))) tolerations.push(t);
    }
    const templateSpec = {
      ...job.spec.template.spec,
      ...(Object.keys(nodeSelector).length ? { nodeSelector } : {}),
      ...(tolerations.length ? { tolerations } : {})
    };
    const spec: any = { ...job.spec, suspend: false, template: { ...job.spec.template, spec: templateSpec } };
    if (s.admitPartially) {
      const target = job.spec?.parallelism ?? 1;
      if (target > 1) {
        spec.parallelism = 1;
        stepping.set(job.metadata.uid!, {
          target,
          timer: ctx.clock.setTimeout(
            () => step(job.metadata.namespace!, job.metadata.name!, job.metadata.uid!),
            s.partialStep
          )
        });
      }
    }
    store.update({ ...job, spec });
    ctx.events.record(
      job,
      'Normal',
      'Started',
      `Admitted by clusterQueue ${wl.status.admission.clusterQueue}`,
      { component: 'batch/job-kueue-controller' }
    );
  }

  /** Broken mode: one more pod of the job may start. */
  function step(ns: string, name: string, uid: string): void {
    const st = stepping.get(uid);
    const job = store.get('batch', 'jobs', ns, name);
    if (!st || !job || job.metadata.uid !== uid || jobDone(job)) return stopStepping(uid);
    const next = Math.min(st.target, (job.spec?.parallelism ?? 1) + 1);
    store.update({ ...job, spec: { ...job.spec, parallelism: next } });
    if (next < st.target)
      st.timer = ctx.clock.setTimeout(() => step(ns, name, uid), ctx.controllers.kueue!.partialStep);
    else stepping.delete(uid);
  }

  function stopStepping(uid: string): void {
    const st = stepping.get(uid);
    if (st) ctx.clock.clearTimeout(st.timer);
    stepping.delete(uid);
  }

  function writeQueueStatus(
    cqs: Map<string, KObject>,
    active: Map<string, { ok: boolean; reason: string; message: string }>
  ): void {
    const now = store.timestamp();
    const workloads = store.list(G, 'workloads').filter(w => !isFinished(w));
    const lqs = store.list(G, 'localqueues');
    const lqTarget = new Map(
      lqs.map(l => [`${l.metadata.namespace}/${l.metadata.name}`, l.spec?.clusterQueue as string])
    );
    const cqOf = (wl: KObject): string | undefined =>
      hasQuota(wl)
        ? wl.status?.admission?.clusterQueue
        : lqTarget.get(`${wl.metadata.namespace}/${wl.spec?.queueName}`);
    for (const [name, cq] of cqs) {
      const mine = workloads.filter(w => cqOf(w) === name);
      const reserving = mine.filter(hasQuota);
      const a = active.get(name)!;
      const conditions = withCondition(
        cq.status?.conditions,
        { type: 'Active', status: a.ok ? 'True' : 'False', reason: a.reason, message: a.message },
        now
      );
      const flavorsUsage = (cq.spec?.resourceGroups ?? []).flatMap((g: any) =>
        (g.flavors ?? []).map((f: any) => ({
          name: f.name,
          resources: (g.coveredResources ?? []).map((r: string) => {
            const total = reserving
              .filter(w =>
                (w.status?.admission?.podSetAssignments ?? []).some((p: any) => p.flavors?.[r] === f.name)
              )
              .reduce((sum, w) => sum + (workloadRequests(w)[r] ?? 0), 0);
            return { name: r, total: formatQuantity(total, r), borrowed: '0' };
          })
        }))
      );
      writeStatus(store, cq, {
        ...(cq.status ?? {}),
        conditions,
        pendingWorkloads: mine.length - reserving.length,
        reservingWorkloads: reserving.length,
        admittedWorkloads: reserving.filter(w => getCondition(w, 'Admitted')?.status === 'True').length,
        flavorsReservation: flavorsUsage,
        flavorsUsage
      });
    }
    for (const lq of lqs) {
      const cqName = lq.spec?.clusterQueue;
      const cq = cqs.get(cqName);
      const ok = Boolean(cq && active.get(cqName)?.ok);
      const reason = !cq ? 'ClusterQueueDoesNotExist' : ok ? 'Ready' : 'ClusterQueueIsInactive';
      const message = ok
        ? 'Can submit new workloads to localQueue'
        : "Can't submit new workloads to clusterQueue";
      const mine = workloads.filter(
        w => w.metadata.namespace === lq.metadata.namespace && w.spec?.queueName === lq.metadata.name
      );
      const reserving = mine.filter(hasQuota);
      writeStatus(store, lq, {
        ...(lq.status ?? {}),
        conditions: withCondition(
          lq.status?.conditions,
          { type: 'Active', status: ok ? 'True' : 'False', reason, message },
          now
        ),
        pendingWorkloads: mine.length - reserving.length,
        reservingWorkloads: reserving.length,
        admittedWorkloads: reserving.filter(w => getCondition(w, 'Admitted')?.status === 'True').length
      });
    }
  }

  queue.add('*');
  const unsubscribe = store.onChange(c => {
    const r = c.rtype;
    if (r.group === G) {
      if (c.type === 'DELETED') lastPending.delete(c.object.metadata.uid!);
      queue.add('*');
    } else if (r.group === 'batch' && r.resource === 'jobs') {
      if (queueNameOf(c.object)) queue.add('*');
      if (c.type === 'DELETED') stopStepping(c.object.metadata.uid!);
    } else if (r.group === '' && r.resource === 'pods' && isGatePod(ctx.controllers.kueue?.pod, c.object))
      queue.add('*');
    else if (r.group === '' && r.resource === 'namespaces' && c.type !== 'DELETED') queue.add('*');
  });
  return () => {
    unsubscribe();
    queue.stop();
    for (const st of stepping.values()) ctx.clock.clearTimeout(st.timer);
  };
}

function milliOf(q: unknown): number {
  const v = milli(typeof q === 'number' ? String(q) : q);
  return Number.isNaN(v) ? 0 : v;
}
