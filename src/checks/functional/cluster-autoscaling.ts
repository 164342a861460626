/**
 * cluster_autoscaling, functional (opt-in: `allow-scale` / `--allow-scale`; it adds a node, which
 * costs money and takes minutes): a pod asking for an accelerator the cluster has no free unit of
 * must make the autoscaler add a node, and the pod must run there.
 * - As many pods as there are free units of the device plugin resource, plus one, each ask for one
 *   (only the request: no affinity to a pool, as Gardener's guide insists). One of them stays
 *   Unschedulable: the trigger.
 * - Within 20 minutes a node not there before must be Ready and the trigger Running on it
 *   (TriggeredScaleUp and the like are kept as evidence).
 * - The pods are deleted and the new node is watched for removal for up to 20 minutes; a
 *   scale-down not seen in that time is reported as not waited for, not as a failure.
 * Without `allow-scale`, the detect verdict stands and the evidence says scale-up was not tried.
 */
import type { FunctionalCheck, FunctionalContext, KubeObject } from '../../kube/functional/types.js';
import { ACCELERATOR_RESOURCE } from '../../kube/nodes.js';
import { isTrue } from '../../kube/readiness.js';
import { fail, listShort, pass } from '../finding.js';
import { isWaitTimeout } from './kit/gateway.js';
import { freeDevices } from './kit/part1-capacity.js';
import { describePod, NODES, PODS, podManifest } from './kit/pods.js';
import { prerequisite } from './kit/skip.js';

export const CLUSTER_AUTOSCALING = {
  unschedulableMs: 120_000,
  /** WG default; real GPU nodes take minutes to boot and register their device plugin. */
  scaleUpMs: 20 * 60_000,
  scaleDownMs: 20 * 60_000,
  /** More free devices than this: filling them is not a small test any more. */
  maxPods: 16,
  pollMs: 10_000
};

export const ALLOW_SCALE_OFF = 'scale-up not exercised: allow-scale is off';

export const clusterAutoscalingFunctional: FunctionalCheck = {
  id: 'cluster_autoscaling',
  // Holds every free accelerator and changes the cluster's nodes.
  exclusive: true,
  timeoutMs: 45 * 60_000,
  skip(detect) {
    if (detect.verdict === 'not-applicable') return `no cluster autoscaler to exercise (${detect.reason})`;
    return prerequisite(detect, 'no healthy cluster autoscaler');
  },
  async run(ctx, detect) {
    if (!ctx.allowScale)
      return { ...detect, reason: `${detect.reason} (${ALLOW_SCALE_OFF})`, evidence: [ALLOW_SCALE_OFF] };
    const inv = await ctx.nodes();
    const resource = inv.accelerated
      .flatMap(n => Object.keys(n.resources))
      .filter(k => ACCELERATOR_RESOURCE.test(k) && /\/gpu$|gaudi|neuron/.test(k))
      .sort()[0];
    if (!resource) {
      return {
        ...detect,
        reason: `${detect.reason} (scale-up not exercised: no node advertises a whole-accelerator device plugin resource to request)`,
        evidence: []
      };
    }
    const before = await ctx.list<KubeObject>({ ...NODES });
    const known = new Set(before.map(n => String(n.metadata.name)));
    const free = [...(await freeDevices(ctx, resource, [...known])).values()].reduce((a, b) => a + b, 0);
    if (free + 1 > CLUSTER_AUTOSCALING.maxPods)
      throw new Error(
        `${free} units of ${resource} are free: more than ${CLUSTER_AUTOSCALING.maxPods - 1}, too many to fill before a scale-up`
      );
    ctx.note(`before: ${before.length} nodes; ${free} free ${resource}; ${free + 1} pods ask for one each`);
    const ns = await ctx.namespace();
    const tolerations = await ctx.gpuTolerations();
    const names = Array.from({ length: free + 1 }, (_, i) => `gpu-${i}`);
    for (const name of names) {
      await ctx.create(
        podManifest({
          name,
          image: ctx.images.shell,
          command: ['sh', '-c', 'sleep 3600'],
          limits: { [resource]: 1 },
          tolerations,
          activeDeadlineSeconds: 3600
        })
      );
    }
    const trigger = await ctx.waitFor(
      `one of ${names.length} pods asking for ${resource} to be Unschedulable`,
      async () => {
        const pods = await Promise.all(
          names.map(name => ctx.get<KubeObject>({ ...PODS, namespace: ns, name }))
        );
        const stuck = pods.find(p => unschedulable(p));
        return stuck
          ? { done: true, value: String(stuck.metadata.name) }
          : { done: false, observed: pods.map(p => `${p?.metadata.name}: ${describePod(p)}`).join('; ') };
      },
      { timeoutMs: CLUSTER_AUTOSCALING.unschedulableMs, intervalMs: 2000 }
    );
    const pendingSince = ctx.now();
    ctx.note(`${trigger}: ${describePod(await ctx.get({ ...PODS, namespace: ns, name: trigger }))}`);

    let added: { node: string; ms: number };
    try {
      added = await ctx.waitFor(
        `a new node with ${trigger} running on it`,
        async () => {
          const pod = await ctx.get<KubeObject>({ ...PODS, namespace: ns, name: trigger });
          const node = pod?.spec?.nodeName ? String(pod.spec.nodeName) : '';
          if (node && !known.has(node) && pod?.status?.phase === 'Running')
            return { done: true, value: { node, ms: ctx.now() - pendingSince } };
          const fresh = (await ctx.list<KubeObject>({ ...NODES })).filter(
            n => !known.has(String(n.metadata.name))
          );
          const events = await eventsOf(ctx, ns, trigger);
          return {
            done: false,
            observed: `${trigger} ${describePod(pod)}; new nodes: ${fresh.length ? fresh.map(n => `${n.metadata.name} (${isTrue(n, 'Ready') ? 'Ready' : 'not Ready'})`).join(', ') : 'none'}${events.length ? `; events: ${listShort(events, 3)}` : ''}`
          };
        },
        { timeoutMs: CLUSTER_AUTOSCALING.scaleUpMs, intervalMs: CLUSTER_AUTOSCALING.pollMs }
      );
    } catch (err) {
      if (!isWaitTimeout(err)) throw err;
      return fail(
        `a pod asking for ${resource} stayed pending ${Math.round(CLUSTER_AUTOSCALING.scaleUpMs / 60_000)} min with every unit in use and no new node ran it (${err.lastObserved})`,
        [],
        detect.solution
      );
    }
    const events = await eventsOf(ctx, ns, trigger);
    ctx.note(
      `scale-up: ${trigger} Running on new node ${added.node} after ${Math.round(added.ms / 1000)} s${events.length ? `; events: ${listShort(events, 3)}` : ''}`
    );

    for (const name of names) await ctx.remove({ ...PODS, namespace: ns, name });
    const down = await scaleDown(ctx, added.node);
    return pass(
      `a pod asking for ${resource} with none free made the autoscaler add node ${added.node} (${Math.round(added.ms / 1000)} s) and ran there; ${down}`,
      [],
      detect.solution
    );
  }
};

function unschedulable(pod: any): boolean {
  return (pod?.status?.conditions ?? []).some(
    (c: any) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable'
  );
}

/** "TriggeredScaleUp: pod triggered scale-up: [{gpu-a10 1->2 (max: 4)}]", oldest first. */
async function eventsOf(ctx: FunctionalContext, ns: string, pod: string): Promise<string[]> {
  const events = await ctx.list<KubeObject>(
    { group: '', version: 'v1', resource: 'events', namespace: ns },
    { fieldSelector: `involvedObject.name=${pod}` }
  );
  return (
    events
      // The autoscaler's own (TriggeredScaleUp, NotTriggerScaleUp, ...); the scheduler's are in the pod's state.
      .filter(e => e.involvedObject?.name === pod && /ScaleUp|ScaleDown/.test(String(e.reason)))
      .map(
        e =>
          `${e.reason}: ${String(e.message ?? '')
            .replace(/\s+/g, ' ')
            .slice(0, 160)}`
      )
  );
}

/** Watches the added node go once the pods are gone (bounded); says what was seen. */
async function scaleDown(ctx: FunctionalContext, node: string): Promise<string> {
  const start = ctx.now();
  try {
    await ctx.waitFor(
      `node ${node} to be removed`,
      async () => {
        const n = await ctx.get<KubeObject>({ ...NODES, name: node });
        if (!n) return { done: true, value: true };
        const taints = (n.spec?.taints ?? []).map((t: any) => t.key).join(', ');
        return {
          done: false,
          observed: `${node} ${isTrue(n, 'Ready') ? 'Ready' : 'not Ready'}${taints ? `, taints ${taints}` : ''}`
        };
      },
      { timeoutMs: CLUSTER_AUTOSCALING.scaleDownMs, intervalMs: CLUSTER_AUTOSCALING.pollMs }
    );
  } catch (err) {
    if (!isWaitTimeout(err)) throw err;
    const line = `scale-down not observed: ${node} still there ${Math.round(CLUSTER_AUTOSCALING.scaleDownMs / 60_000)} min after its pods went (not waited longer; last: ${err.lastObserved})`;
    ctx.note(line);
    return line;
  }
  const line = `scale-down observed: ${node} removed ${Math.round((ctx.now() - start) / 1000)} s after its pods went`;
  ctx.note(line);
  return line;
}
