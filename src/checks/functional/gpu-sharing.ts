/**
 * gpu_sharing, functional: two pods share one physical GPU through the strategy the cluster
 * exposes, as `nvidia-smi -L` in each pod shows it (the parent GPU's UUID, and the MIG instance's).
 * - MIG: two pods each ask for one MIG instance on the same node; each must get a MIG device (not a
 *   whole GPU), the instances must differ, and they are reported as sharing when their parent GPU
 *   is the same.
 * - Time-slicing or MPS: as many pods as the node has physical GPUs, plus one, each ask for one
 *   shared GPU on that node, so at least two must land on the same device. All must run at once
 *   (oversubscription is what the requirement asks software sharing to allow).
 * - ACK cGPU (aliyun.com/gpu-mem): two pods ask for 1 GiB of GPU memory each on the shared node;
 *   they must see the same GPU.
 * Other mechanisms (HAMi, DRA shared devices) keep the detect verdict and say so.
 */
import type { FunctionalCheck, FunctionalContext, KubeObject } from '../../kube/functional/types.js';
import type { AcceleratorNode } from '../../kube/nodes.js';
import { fail, listShort, partial, pass } from '../finding.js';
import { listedGpus, type ListedGpu } from './kit/accelerators.js';
import { isWaitTimeout } from './kit/gateway.js';
import { describePod, PODS, podManifest, waitForPods } from './kit/pods.js';
import { prerequisite } from './kit/skip.js';

export const GPU_SHARING = { runningMs: 180_000, listMs: 60_000, maxPods: 9 };

interface Plan {
  strategy: 'MIG' | 'time-slicing' | 'MPS' | 'ACK cGPU';
  node: string;
  resource: string;
  amount: number;
  pods: number;
  detail: string;
}

const SCRIPT = 'nvidia-smi -L; sleep 3600';

export const gpuSharingFunctional: FunctionalCheck = {
  id: 'gpu_sharing',
  // Holds an accelerator: never beside another check that needs one.
  exclusive: true,
  skip(detect) {
    return prerequisite(detect, 'no GPU sharing strategy is exposed');
  },
  async run(ctx, detect) {
    const nodes = (await ctx.nodes()).accelerated.filter(n => n.ready && n.schedulable);
    const plan = planFor(nodes);
    if (!plan) {
      return {
        ...detect,
        reason: `${detect.reason} (the functional depth exercises MIG, time-slicing, MPS and ACK cGPU; the sharing found here is kept at detect)`,
        evidence: []
      };
    }
    const allocatable = nodes.find(n => n.name === plan.node)!.resources[plan.resource]?.allocatable ?? 0;
    const used = await usedOnNode(ctx, plan.node, plan.resource);
    // Shares that other pods already hold prove nothing either way now.
    if (allocatable >= plan.pods * plan.amount && allocatable - used < plan.pods * plan.amount) {
      throw new Error(
        `${plan.node} advertises ${plan.resource}=${allocatable} but other pods hold ${used}: not enough free for ${plan.pods} pods to show ${plan.strategy}`
      );
    }
    ctx.note(
      `${plan.strategy} on ${plan.node} (${plan.detail}): ${plan.pods} pods ask for ${plan.resource}: ${plan.amount} each at once`
    );
    const ns = await ctx.namespace();
    const tolerations = await ctx.gpuTolerations();
    const names = Array.from({ length: plan.pods }, (_, i) => `share-${i}`);
    for (const name of names) {
      await ctx.create(
        podManifest({
          name,
          image: ctx.images.gpuProbe,
          command: ['sh', '-c', SCRIPT],
          nodeSelector: { 'kubernetes.io/hostname': plan.node },
          tolerations,
          limits: { [plan.resource]: plan.amount },
          activeDeadlineSeconds: 900
        })
      );
    }
    const { pods, timedOut } = await waitForPods(ctx, ns, names, 'running', GPU_SHARING.runningMs);
    const solution = detect.solution;
    if (timedOut) {
      const ran = names.filter(n => pods.get(n)?.status?.phase === 'Running');
      const stuck = names.filter(n => !ran.includes(n)).map(n => `${n}: ${describePod(pods.get(n))}`);
      // Software sharing exists to let more pods than GPUs run: a refusal is the failure asked about.
      if (plan.strategy === 'time-slicing' || plan.strategy === 'MPS') {
        return fail(
          `${plan.strategy} does not oversubscribe: only ${ran.length} of ${plan.pods} pods asking for ${plan.resource} ran at once on ${plan.node} (${plan.detail}); ${listShort(stuck, 2)}`,
          [],
          solution
        );
      }
      throw timedOut;
    }
    const seen = new Map<string, ListedGpu[]>();
    try {
      await ctx.waitFor(
        `nvidia-smi -L in ${names.length} pods`,
        async () => {
          for (const n of names) if (!seen.get(n)?.length) seen.set(n, listedGpus(await ctx.logs(ns, n)));
          const missing = names.filter(n => !seen.get(n)?.length);
          return missing.length
            ? { done: false, observed: `no device listed by ${missing.join(', ')}` }
            : { done: true, value: true };
        },
        { timeoutMs: GPU_SHARING.listMs, intervalMs: 2000 }
      );
    } catch (err) {
      if (!isWaitTimeout(err)) throw err;
      return fail(
        `pods holding ${plan.resource} on ${plan.node} list no GPU with nvidia-smi -L (${err.lastObserved})`,
        [],
        solution
      );
    }
    for (const n of names)
      ctx.note(
        `${n}: ${seen
          .get(n)!
          .map(g => (g.mig ? `${g.uuid} / ${g.mig}` : g.uuid))
          .join(', ')}`
      );
    return judge(plan, names, seen, solution);
  }
};

function judge(
  plan: Plan,
  names: string[],
  seen: Map<string, ListedGpu[]>,
  solution: string | null | undefined
) {
  const first = (n: string): ListedGpu => seen.get(n)![0];
  if (plan.strategy === 'MIG') {
    const whole = names.filter(n => !first(n).mig);
    if (whole.length)
      return fail(
        `${listShort(whole)} asked for ${plan.resource} but got a whole GPU, not a MIG instance`,
        [],
        solution
      );
    const [a, b] = names.map(first);
    if (a.mig === b.mig)
      return fail(
        `two pods got the same MIG instance ${a.mig}: the partitions are not exclusive`,
        [],
        solution
      );
    if (a.uuid !== b.uuid)
      return partial(
        `two pods got distinct ${plan.resource} instances, but on different GPUs (${a.uuid}, ${b.uuid}): sharing one GPU not shown`,
        [],
        solution
      );
    return pass(
      `MIG on ${plan.node}: two pods got distinct ${plan.resource} instances (${a.mig}, ${b.mig}) of the same GPU ${a.uuid}`,
      [],
      solution
    );
  }
  const byGpu = new Map<string, string[]>();
  for (const n of names) for (const g of seen.get(n)!) byGpu.set(g.uuid, [...(byGpu.get(g.uuid) ?? []), n]);
  const shared = [...byGpu].find(([, pods]) => pods.length > 1);
  if (!shared) {
    const verdict = plan.strategy === 'ACK cGPU' ? partial : fail;
    return verdict(
      `${names.length} pods asking for ${plan.resource} on ${plan.node} each saw a different GPU (${[...byGpu.keys()].join(', ')}): no device was shared`,
      [],
      solution
    );
  }
  return pass(
    `${plan.strategy} on ${plan.node}: pods ${shared[1].join(' and ')} ran at once on the same GPU ${shared[0]} (${names.length} pods asking for ${plan.resource}: ${plan.amount} each; ${plan.detail})`,
    [],
    solution
  );
}

/** How much of a resource the pods bound to a node (not finished) ask for. */
async function usedOnNode(ctx: FunctionalContext, node: string, resource: string): Promise<number> {
  const pods = await ctx.list<KubeObject>({ ...PODS }, { fieldSelector: `spec.nodeName=${node}` });
  let used = 0;
  for (const p of pods) {
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    for (const c of p.spec?.containers ?? [])
      used += Number(c.resources?.limits?.[resource] ?? c.resources?.requests?.[resource] ?? 0) || 0;
  }
  return used;
}

/** The first sharing strategy a node exposes that a small workload can prove. */
function planFor(nodes: AcceleratorNode[]): Plan | null {
  const alloc = (n: AcceleratorNode, k: string): number => n.resources[k]?.allocatable ?? 0;
  for (const n of nodes) {
    const mig = Object.keys(n.resources)
      .filter(k => k.startsWith('nvidia.com/mig-') && alloc(n, k) >= 2)
      .sort()[0];
    if (mig)
      return {
        strategy: 'MIG',
        node: n.name,
        resource: mig,
        amount: 1,
        pods: 2,
        detail: `${mig}=${alloc(n, mig)}`
      };
  }
  for (const n of nodes) {
    const strategy = n.labels['nvidia.com/gpu.sharing-strategy'];
    const replicas = Number(n.labels['nvidia.com/gpu.replicas'] ?? 1);
    const resource = alloc(n, 'nvidia.com/gpu.shared') > 0 ? 'nvidia.com/gpu.shared' : 'nvidia.com/gpu';
    const physical = Number(
      n.labels['nvidia.com/gpu.count'] ?? n.labels['aliyun.accelerator/nvidia_count'] ?? NaN
    );
    const sharing = (strategy === 'time-slicing' || strategy === 'mps') && replicas > 1;
    if (
      (sharing || resource === 'nvidia.com/gpu.shared') &&
      Number.isFinite(physical) &&
      physical + 1 <= GPU_SHARING.maxPods
    ) {
      return {
        strategy: strategy === 'mps' ? 'MPS' : 'time-slicing',
        node: n.name,
        resource,
        amount: 1,
        pods: physical + 1,
        detail: `${physical} physical GPUs, nvidia.com/gpu.replicas=${replicas}, ${resource}=${alloc(n, resource)}`
      };
    }
  }
  for (const n of nodes) {
    if (alloc(n, 'aliyun.com/gpu-mem') >= 2) {
      return {
        strategy: 'ACK cGPU',
        node: n.name,
        resource: 'aliyun.com/gpu-mem',
        amount: 1,
        pods: 2,
        detail: `aliyun.com/gpu-mem=${alloc(n, 'aliyun.com/gpu-mem')} GiB`
      };
    }
  }
  return null;
}
