/**
 * gang_scheduling, functional: the gang scheduler detect found places a group all or nothing.
 * - Kueue: a ResourceFlavor and ClusterQueue named after the run (quota 1 CPU, 1Gi) and a
 *   LocalQueue; a 3-pod Job within the quota is admitted and all its pods run; a 3-pod Job needing
 *   1.5 CPU stays suspended with no pod started for 30 s. The queue objects go with the run.
 * - Volcano (PodGroup minMember) and ACK's coscheduling labels (name and min-available): a 2-pod
 *   group that fits is bound and runs; then a group with one pod more than the untainted nodes can
 *   hold at once (each pod asking for what the roomiest node has left, so each fits alone) must
 *   have no pod bound for 30 s — bound is spec.nodeName, not the phase.
 * The negative is what the requirement asks ("all-or-nothing"); the positive shows the scheduler
 * is not simply refusing everything.
 */
import type { FunctionalCheck, FunctionalContext, KubeObject } from '../../kube/functional/types.js';
import type { ResourceRef } from '../../kube/paths.js';
import { condition, isTrue } from '../../kube/readiness.js';
import type { Finding } from '../types.js';
import { fail, partial, pass, plural } from '../finding.js';
import { formatCpu, unfittableGang } from './kit/part1-capacity.js';
import { describePod, PODS, podManifest, waitForPods } from './kit/pods.js';
import { prerequisite } from './kit/skip.js';

export const GANG = {
  queueActiveMs: 60_000,
  /** Pulling busybox and running 10 s on a busy cluster. */
  positiveMs: 180_000,
  /** How long the group that cannot fit is watched (WG Kueue negative: 30 s). */
  negativeWindowMs: 30_000,
  pods: 3
};

const KUEUE = 'kueue.x-k8s.io';
const QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';
const VOLCANO = 'scheduling.volcano.sh';
const VOLCANO_GROUP = 'scheduling.k8s.io/group-name';
const PG_NAME = 'pod-group.scheduling.sigs.k8s.io/name';
const PG_MIN = 'pod-group.scheduling.sigs.k8s.io/min-available';

type Backend = { kind: 'kueue'; version: string } | { kind: 'volcano' } | { kind: 'coscheduling' };

export const gangSchedulingFunctional: FunctionalCheck = {
  id: 'gang_scheduling',
  // Sizes its groups by the cluster's free CPU: nothing else may run beside it.
  exclusive: true,
  timeoutMs: 10 * 60_000,
  skip(detect) {
    return prerequisite(detect, 'no gang scheduler is ready');
  },
  async run(ctx, detect) {
    const backend = await backendOf(ctx, detect.solution ?? '');
    if (!backend) {
      return {
        ...detect,
        reason: `${detect.reason} (the functional depth exercises Kueue, Volcano and ACK coscheduling; ${detect.solution ?? 'this scheduler'} is kept at detect)`,
        evidence: []
      };
    }
    return backend.kind === 'kueue' ? kueue(ctx, backend.version, detect) : podGroups(ctx, backend, detect);
  }
};

async function backendOf(ctx: FunctionalContext, solution: string): Promise<Backend | null> {
  const d = await ctx.discovery();
  if (/Kueue/.test(solution)) {
    const version = ['v1beta2', 'v1beta1'].find(v => d.serves(KUEUE, v, 'clusterqueues'));
    if (version) return { kind: 'kueue', version };
  }
  if (/Volcano/.test(solution) && d.serves(VOLCANO, 'v1beta1', 'podgroups')) return { kind: 'volcano' };
  if (/ACK coscheduling/.test(solution)) return { kind: 'coscheduling' };
  return null;
}

// ---- Kueue -------------------------------------------------------------------------------------

const JOBS = (namespace: string, name?: string): ResourceRef => ({
  group: 'batch',
  version: 'v1',
  resource: 'jobs',
  namespace,
  ...(name ? { name } : {})
});

function job(
  ns: string,
  name: string,
  queue: string,
  image: string,
  cpu: string,
  memory: string
): KubeObject {
  const pod = podManifest({
    name,
    image,
    command: ['sh', '-c', 'sleep 10'],
    requests: { cpu, memory },
    limits: { cpu, memory }
  });
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: ns, labels: { [QUEUE_LABEL]: queue } },
    spec: {
      parallelism: GANG.pods,
      completions: GANG.pods,
      suspend: true,
      backoffLimit: 0,
      activeDeadlineSeconds: 600,
      template: { metadata: {}, spec: pod.spec }
    }
  };
}

/** The Workload Kueue made for a Job, and its pods. */
async function jobState(ctx: FunctionalContext, ns: string, name: string, version: string) {
  const [j, workloads, pods] = await Promise.all([
    ctx.get<KubeObject>(JOBS(ns, name)),
    ctx.list<KubeObject>({ group: KUEUE, version, resource: 'workloads', namespace: ns }),
    ctx.list<KubeObject>({ ...PODS, namespace: ns }, { labelSelector: `job-name=${name}` })
  ]);
  const wl = workloads.find(w =>
    (w.metadata.ownerReferences as any[] | undefined)?.some(r => r.kind === 'Job' && r.name === name)
  );
  const reserved = condition(wl, 'QuotaReserved');
  const wlText = wl
    ? `Workload ${wl.metadata.name} QuotaReserved=${reserved?.status ?? 'unset'}${reserved?.message ? ` (${reserved.message})` : ''}`
    : 'no Workload yet';
  const started = pods.filter(p => p.spec?.nodeName || p.status?.startTime);
  return {
    job: j,
    suspended: j?.spec?.suspend === true,
    succeeded: Number(j?.status?.succeeded ?? 0),
    pods,
    started,
    admitted: reserved?.status === 'True',
    text: `suspend=${j?.spec?.suspend}, ${plural(started.length, 'pod')} started, ${Number(j?.status?.succeeded ?? 0)} succeeded; ${wlText}`
  };
}

async function kueue(ctx: FunctionalContext, version: string, detect: Finding): Promise<Finding> {
  const ns = await ctx.namespace();
  const rf = `aiconf-${ctx.runId}-flavor`;
  const cq = `aiconf-${ctx.runId}-queue`;
  const lq = 'gang';
  const api = `${KUEUE}/${version}`;
  await ctx.create({ apiVersion: api, kind: 'ResourceFlavor', metadata: { name: rf }, spec: {} });
  await ctx.create({
    apiVersion: api,
    kind: 'ClusterQueue',
    metadata: { name: cq },
    spec: {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } },
      resourceGroups: [
        {
          coveredResources: ['cpu', 'memory'],
          flavors: [
            {
              name: rf,
              resources: [
                { name: 'cpu', nominalQuota: '1' },
                { name: 'memory', nominalQuota: '1Gi' }
              ]
            }
          ]
        }
      ]
    }
  });
  await ctx.create({
    apiVersion: api,
    kind: 'LocalQueue',
    metadata: { name: lq },
    spec: { clusterQueue: cq }
  });
  await ctx.waitFor(
    `ClusterQueue ${cq} to be Active`,
    async () => {
      const q = await ctx.get<KubeObject>({ group: KUEUE, version, resource: 'clusterqueues', name: cq });
      if (isTrue(q, 'Active')) return { done: true, value: true };
      const c = condition(q, 'Active');
      return {
        done: false,
        observed: c ? `Active=${c.status} ${c.reason ?? ''}: ${c.message ?? ''}` : 'no Active condition'
      };
    },
    { timeoutMs: GANG.queueActiveMs, intervalMs: 2000 }
  );
  ctx.note(
    `Kueue ${api}: ClusterQueue ${cq} (quota cpu 1, memory 1Gi, flavor ${rf}), LocalQueue ${ns}/${lq}`
  );

  // Within quota: 3 × 100m.
  await ctx.create(job(ns, 'gang-fits', lq, ctx.images.shell, '100m', '64Mi'));
  let last = await jobState(ctx, ns, 'gang-fits', version);
  try {
    last = await ctx.waitFor(
      `Job ${ns}/gang-fits to complete its ${GANG.pods} pods`,
      async () => {
        const s = await jobState(ctx, ns, 'gang-fits', version);
        last = s;
        return s.succeeded >= GANG.pods ? { done: true, value: s } : { done: false, observed: s.text };
      },
      { timeoutMs: GANG.positiveMs, intervalMs: 2000 }
    );
  } catch (err) {
    // Never admitted although it fits: Kueue's failure. Admitted but not finished: the environment's.
    if (!last.admitted && last.started.length === 0)
      return fail(
        `a ${GANG.pods}-pod Job within ClusterQueue ${cq}'s quota was never admitted (${last.text})`,
        [],
        detect.solution
      );
    throw err;
  }
  const spread = startSpread(last.pods);
  ctx.note(`gang-fits: ${last.text}${spread !== null ? `; pods started within ${spread} s` : ''}`);

  // Beyond quota: 3 × 500m = 1.5 CPU > 1.
  await ctx.create(job(ns, 'gang-too-big', lq, ctx.images.shell, '500m', '512Mi'));
  const seen = await watch(ctx, GANG.negativeWindowMs, async () => {
    const s = await jobState(ctx, ns, 'gang-too-big', version);
    return { broken: !s.suspended || s.started.length > 0, text: s.text, state: s };
  });
  ctx.note(`gang-too-big: ${seen.text}`);
  if (seen.broken) {
    return fail(
      `a ${GANG.pods}-pod Job needing 1500m CPU, more than ClusterQueue ${cq}'s quota of 1 CPU, was admitted and ${seen.state.started.length} of its ${GANG.pods} pods started (${seen.text}): not all-or-nothing`,
      [],
      detect.solution
    );
  }
  return pass(
    `Kueue ${api}: a ${GANG.pods}-pod Job within the ClusterQueue quota (cpu 1, memory 1Gi) was admitted and all ${GANG.pods} pods ran; a ${GANG.pods}-pod Job needing 1500m CPU stayed suspended with no pod started for ${GANG.negativeWindowMs / 1000} s`,
    [],
    detect.solution
  );
}

// ---- Volcano and coscheduling ------------------------------------------------------------------

async function podGroups(
  ctx: FunctionalContext,
  backend: { kind: 'volcano' } | { kind: 'coscheduling' },
  detect: Finding
): Promise<Finding> {
  const ns = await ctx.namespace();
  const label = backend.kind === 'volcano' ? 'Volcano PodGroup' : 'ACK coscheduling';
  const fits = await createGroup(ctx, backend, 'gang-fits', 2, '100m');
  const { pods, timedOut } = await waitForPods(ctx, ns, fits, 'running', GANG.positiveMs);
  if (timedOut) {
    const bound = fits.filter(n => pods.get(n)?.spec?.nodeName);
    if (bound.length === 0)
      return fail(
        `a 2-pod group that fits was never scheduled by ${label} (${timedOut.lastObserved})`,
        [],
        detect.solution
      );
    throw timedOut;
  }
  ctx.note(
    `gang-fits: both pods of the 2-pod group bound and running (${fits.map(n => pods.get(n)?.spec?.nodeName).join(', ')})`
  );
  // Their CPU is small, but the group that must not fit is sized on what is left without them.
  for (const n of fits) await ctx.remove({ ...PODS, namespace: ns, name: n });

  const gang = await unfittableGang(ctx);
  if (!gang) {
    return partial(
      `${label}: a 2-pod group ran, but all-or-nothing was not exercised: the untainted nodes' free CPU does not allow a group that cannot fit while each pod fits alone (at most 8 pods)`,
      [],
      detect.solution
    );
  }
  const cpu = formatCpu(gang.cpuMilli);
  ctx.note(
    `gang-too-big: ${gang.pods} pods asking for ${cpu} CPU each (what ${gang.roomiest} has left); the untainted nodes hold ${gang.fits} at once`
  );
  const names = await createGroup(ctx, backend, 'gang-too-big', gang.pods, cpu);
  const seen = await watch(ctx, GANG.negativeWindowMs, async () => {
    const list = await Promise.all(names.map(name => ctx.get<KubeObject>({ ...PODS, namespace: ns, name })));
    const bound = list.filter(p => p?.spec?.nodeName);
    return {
      broken: bound.length > 0,
      text: bound.length
        ? `${bound.length} of ${gang.pods} bound (${bound.map(p => `${p!.metadata.name} on ${p!.spec.nodeName}`).join(', ')})`
        : `none bound; ${names[0]}: ${describePod(list[0])}`,
      state: bound.length
    };
  });
  ctx.note(`gang-too-big: ${seen.text}`);
  if (seen.broken) {
    return fail(
      `${seen.state} of ${gang.pods} pods of a group that cannot fit (${label}, min ${gang.pods}, each asking ${cpu} CPU; the nodes hold ${gang.fits}) were bound: the group was not scheduled all-or-nothing`,
      [],
      detect.solution
    );
  }
  return pass(
    `${label}: a 2-pod group was bound and ran; no pod of a ${gang.pods}-pod group that cannot fit (each asking ${cpu} CPU, room for ${gang.fits}) was bound in ${GANG.negativeWindowMs / 1000} s`,
    [],
    detect.solution
  );
}

/** Creates a group's pods (and Volcano's PodGroup first); returns the pod names. */
async function createGroup(
  ctx: FunctionalContext,
  backend: { kind: 'volcano' } | { kind: 'coscheduling' },
  group: string,
  size: number,
  cpu: string
): Promise<string[]> {
  if (backend.kind === 'volcano') {
    await ctx.create({
      apiVersion: `${VOLCANO}/v1beta1`,
      kind: 'PodGroup',
      metadata: { name: group },
      spec: { minMember: size, queue: 'default' }
    });
  }
  const names = Array.from({ length: size }, (_, i) => `${group}-${i}`);
  for (const name of names) {
    const pod = podManifest({
      name,
      image: ctx.images.shell,
      command: ['sh', '-c', 'sleep 30'],
      requests: { cpu, memory: '64Mi' },
      limits: { cpu, memory: '64Mi' },
      ...(backend.kind === 'volcano'
        ? { annotations: { [VOLCANO_GROUP]: group } }
        : { labels: { [PG_NAME]: group, [PG_MIN]: String(size) } })
    });
    if (backend.kind === 'volcano') pod.spec.schedulerName = 'volcano';
    await ctx.create(pod);
  }
  return names;
}

/** Polls for the whole window, stopping early once the probe sees the gang broken. */
async function watch<T>(
  ctx: FunctionalContext,
  windowMs: number,
  probe: () => Promise<{ broken: boolean; text: string; state: T }>
): Promise<{ broken: boolean; text: string; state: T }> {
  let last = await probe();
  for (let waited = 0; !last.broken && waited < windowMs; waited += 2000) {
    await ctx.sleep(2000);
    last = await probe();
  }
  return last;
}

/** Seconds between the first and the last pod start (null when unknown). */
function startSpread(pods: KubeObject[]): number | null {
  const starts = pods.map(p => Date.parse(p.status?.startTime ?? '')).filter(t => Number.isFinite(t));
  if (starts.length < 2) return null;
  return Math.round((Math.max(...starts) - Math.min(...starts)) / 1000);
}
