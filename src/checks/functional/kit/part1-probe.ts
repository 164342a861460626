/**
 * The device probe of secure_accelerator_access: a container lists the NVIDIA device nodes it can
 * open and the GPUs `nvidia-smi -L` shows, then prints a marker so the reader knows the probe ran
 * to its end. Device nodes are what counts (the runtime injects the nvidia-smi binary only with a
 * device, so a missing binary proves little); nvidia-smi adds the GPUs' UUIDs.
 */
import type { FunctionalContext } from '../../../kube/functional/types.js';
import { listedGpus, type AcceleratorSlot } from './accelerators.js';
import { resourceClaimTemplate } from './part1-dra.js';
import { podManifest } from './pods.js';

export const PROBE_DONE = 'ai-conformance-probe-done';
/** Runs the probe, then stays up so the devices stay held while the other probes run. */
export const PROBE_SCRIPT = `ls /dev/nvidia* 2>&1; nvidia-smi -L 2>&1; echo ${PROBE_DONE}; sleep 900`;

export interface ProbeResult {
  /** /dev/nvidiaN device nodes (control and UVM nodes aside). */
  devices: string[];
  /** GPU UUIDs nvidia-smi listed. */
  gpus: string[];
  done: boolean;
}

export function readProbe(log: string): ProbeResult {
  const lines = log.split('\n').map(l => l.trim());
  return {
    devices: lines.filter(l => /^\/dev\/nvidia\d+$/.test(l)),
    gpus: [...new Set(listedGpus(log).map(g => g.uuid))],
    done: lines.includes(PROBE_DONE)
  };
}

/** How many devices a probe saw: device nodes or listed GPUs, whichever shows more. */
export function seen(p: ProbeResult): number {
  return Math.max(p.devices.length, p.gpus.length);
}

/** "no device" or "2 devices (/dev/nvidia0, /dev/nvidia1; GPU-…, GPU-…)". */
export function describeProbe(p: ProbeResult): string {
  if (seen(p) === 0) return 'no device';
  const parts = [p.devices.join(', '), p.gpus.join(', ')].filter(Boolean).join('; ');
  return `${seen(p)} device${seen(p) === 1 ? '' : 's'} (${parts})`;
}

/** One container of a probe pod: whether it asks for the pod's device, and extra env. */
export interface ProbeContainer {
  name: string;
  granted: boolean;
  env?: Record<string, string>;
}

/**
 * A pod pinned to an accelerator node (tolerations given) whose containers run the probe. The
 * granted ones ask for one whole device of the slot: a device plugin limit each, or, for DRA, one
 * claim from a template of the pod's own (created first) that only the granted containers use.
 */
export async function createProbePod(
  ctx: FunctionalContext,
  slot: AcceleratorSlot,
  name: string,
  containers: ProbeContainer[]
): Promise<void> {
  const tolerations = await ctx.gpuTolerations();
  const dra = slot.via.kind === 'dra' ? slot.via : null;
  const anyGranted = containers.some(c => c.granted);
  if (dra && anyGranted) {
    await ctx.create(
      resourceClaimTemplate(dra.version, `${name}-gpu`, { name: 'gpu', deviceClassName: dra.deviceClass })
    );
  }
  const pod = podManifest({
    name,
    image: ctx.images.gpuProbe,
    nodeSelector: { 'kubernetes.io/hostname': slot.node },
    tolerations,
    ...(dra && anyGranted
      ? { resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: `${name}-gpu` }] }
      : {})
  });
  pod.spec.containers = containers.map(c => ({
    name: c.name,
    image: ctx.images.gpuProbe,
    command: ['sh', '-c', PROBE_SCRIPT],
    ...(c.env ? { env: Object.entries(c.env).map(([k, value]) => ({ name: k, value })) } : {}),
    ...(c.granted
      ? {
          resources:
            slot.via.kind === 'resource'
              ? { limits: { [slot.via.resource]: '1' } }
              : { claims: [{ name: 'gpu' }] }
        }
      : {})
  }));
  await ctx.create(pod);
}
