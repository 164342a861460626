/**
 * secure_accelerator_access, functional: containers see exactly the accelerators they were granted
 * through the device plugin or DRA (whichever offers whole devices on the node with the most free),
 * proven by probes that list /dev/nvidia* and `nvidia-smi -L` on one accelerator node:
 * - a pod granted one device sees exactly one;
 * - a pod pinned to the same node with the GPU tolerations and no request sees none, in a plain
 *   container and in one that sets NVIDIA_VISIBLE_DEVICES=all (the runtime must not honour it);
 * - in a pod with two containers, only the one that asks for the device sees it;
 * - the two granted pods got different devices (when the node has two free; with one, the pods
 *   run one after the other and the evidence says the cross-pod part was not exercised).
 * Negatives only count when the probe ran to its end on the accelerator node.
 */
import type { FunctionalCheck, FunctionalContext } from '../../kube/functional/types.js';
import { fail, pass } from '../finding.js';
import { acceleratorSlots, describeSlot, type AcceleratorSlot } from './kit/accelerators.js';
import { freeDevices } from './kit/part1-capacity.js';
import { draDeviceRoom } from './kit/part1-dra.js';
import {
  createProbePod,
  describeProbe,
  readProbe,
  seen,
  type ProbeContainer,
  type ProbeResult
} from './kit/part1-probe.js';
import { describePod, waitForPods } from './kit/pods.js';
import { prerequisite } from './kit/skip.js';

export const SECURE_ACCESS = {
  /** Cold GPU nodes pull multi-GB CUDA images: 5 minutes to Running. */
  runningMs: 300_000,
  probeMs: 60_000
};

const GRANTED: ProbeContainer[] = [{ name: 'probe', granted: true }];
const BARE: ProbeContainer[] = [
  { name: 'plain', granted: false },
  { name: 'env-all', granted: false, env: { NVIDIA_VISIBLE_DEVICES: 'all' } }
];
const SPLIT: ProbeContainer[] = [
  { name: 'granted', granted: true },
  { name: 'ungranted', granted: false }
];

type Probes = Map<string, ProbeResult>;

export const secureAcceleratorAccessFunctional: FunctionalCheck = {
  id: 'secure_accelerator_access',
  // Holds up to two accelerators of one node.
  exclusive: true,
  timeoutMs: 15 * 60_000,
  skip(detect) {
    if (detect.verdict === 'not-applicable') return `no accelerators to isolate (${detect.reason})`;
    return prerequisite(detect, 'no device plugin or DRA driver mediates accelerator access');
  },
  async run(ctx, detect) {
    const chosen = await roomiest(ctx);
    if (!chosen) {
      return {
        ...detect,
        reason: `${detect.reason} (isolation not exercised: no ready, schedulable node offers a whole accelerator to a pod)`,
        evidence: []
      };
    }
    const { slot, free } = chosen;
    if (free < 1)
      throw new Error(
        `every accelerator of ${describeSlot(slot)} is in use: no device free to grant a probe pod`
      );
    const mechanism =
      slot.via.kind === 'resource'
        ? `device plugin resource ${slot.via.resource}`
        : `DRA DeviceClass ${slot.via.deviceClass}`;
    ctx.note(
      `isolation probed on ${slot.node} through ${mechanism} (${free} device${free === 1 ? '' : 's'} free)`
    );
    const ns = await ctx.namespace();
    const probes: Probes = new Map();

    await createProbePod(ctx, slot, 'granted', GRANTED);
    await createProbePod(ctx, slot, 'bare', BARE);
    if (free >= 2) await createProbePod(ctx, slot, 'split', SPLIT);
    await settle(ctx, ns, free >= 2 ? ['granted', 'bare', 'split'] : ['granted', 'bare'], probes);
    if (free < 2) {
      // One device: the two-container pod gets it once the first pod let go of it.
      await ctx.remove({ group: '', version: 'v1', resource: 'pods', namespace: ns, name: 'granted' });
      await createProbePod(ctx, slot, 'split', SPLIT);
      await settle(ctx, ns, ['split'], probes);
    }
    for (const [key, p] of probes) ctx.note(`${key}: ${describeProbe(p)}`);
    return judge(probes, slot, mechanism, free >= 2, detect.solution);
  }
};

/** Waits for the pods to run and each container's probe to finish; fills `probes` by "pod/container". */
async function settle(ctx: FunctionalContext, ns: string, pods: string[], probes: Probes): Promise<void> {
  const { pods: last, timedOut } = await waitForPods(ctx, ns, pods, 'running', SECURE_ACCESS.runningMs);
  if (timedOut) throw timedOut;
  const containers = pods.flatMap(p =>
    ((last.get(p)?.spec?.containers ?? []) as Array<{ name: string }>).map(c => [p, c.name] as const)
  );
  await ctx.waitFor(
    `the device probe in ${containers.length} containers`,
    async () => {
      for (const [pod, c] of containers) {
        const key = `${pod}/${c}`;
        if (probes.get(key)?.done) continue;
        probes.set(key, readProbe(await ctx.logs(ns, pod, c)));
      }
      const waiting = containers.filter(([pod, c]) => !probes.get(`${pod}/${c}`)?.done);
      if (waiting.length === 0) return { done: true, value: true };
      return {
        done: false,
        observed: waiting
          .map(([pod, c]) => `${pod}/${c} has not finished (${describePod(last.get(pod))})`)
          .join('; ')
      };
    },
    { timeoutMs: SECURE_ACCESS.probeMs, intervalMs: 2000 }
  );
}

function judge(
  probes: Probes,
  slot: AcceleratorSlot,
  mechanism: string,
  crossPod: boolean,
  solution: string | null | undefined
) {
  const at = (k: string): ProbeResult => probes.get(k)!;
  const problems: string[] = [];
  for (const k of ['bare/plain', 'bare/env-all', 'split/ungranted']) {
    if (seen(at(k)) === 0) continue;
    const who =
      k === 'bare/plain'
        ? `a pod on ${slot.node} with no request`
        : k === 'bare/env-all'
          ? `a pod on ${slot.node} with no request and NVIDIA_VISIBLE_DEVICES=all`
          : 'the container without a request in a pod whose other container was granted one';
    problems.push(`${who} sees ${describeProbe(at(k))}`);
  }
  for (const k of ['granted/probe', 'split/granted']) {
    if (seen(at(k)) !== 1)
      problems.push(`a container granted one device through ${mechanism} sees ${describeProbe(at(k))}`);
  }
  const id = (p: ProbeResult): string => p.gpus[0] ?? p.devices[0] ?? '';
  const a = id(at('granted/probe'));
  const b = id(at('split/granted'));
  if (crossPod && a && a === b)
    problems.push(`two pods each granted one device on ${slot.node} got the same one (${a})`);
  if (problems.length) return fail([...new Set(problems)].join('; '), [], solution);
  return pass(
    `on ${slot.node} through ${mechanism}: a pod granted one device sees exactly it (${a}); a pod with no request sees none, also with NVIDIA_VISIBLE_DEVICES=all; in a two-container pod only the granted container sees a device; ${
      crossPod
        ? `two pods on the node got different devices (${a}, ${b})`
        : 'two pods at once on one node not exercised (one device free)'
    }`,
    [],
    solution
  );
}

/** The whole-device slot with the most free devices (name order breaks ties). */
async function roomiest(ctx: FunctionalContext): Promise<{ slot: AcceleratorSlot; free: number } | null> {
  const slots = [...(await acceleratorSlots(ctx)).values()].sort((x, y) => x.node.localeCompare(y.node));
  let best: { slot: AcceleratorSlot; free: number } | null = null;
  for (const slot of slots) {
    const free =
      slot.via.kind === 'resource'
        ? ((await freeDevices(ctx, slot.via.resource, [slot.node])).get(slot.node) ?? 0)
        : ((await draDeviceRoom(ctx, slot.via.version, slot.via.driver)).get(slot.node)?.free ?? 0);
    if (!best || free > best.free) best = { slot, free };
  }
  return best;
}
