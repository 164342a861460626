/**
 * Asking for one whole accelerator on a given node, whichever way the node offers it: a device
 * plugin resource the node advertises (nvidia.com/gpu, amd.com/gpu, ...), or a DRA DeviceClass of
 * a driver publishing devices on it (a ResourceClaimTemplate per pod). And reading which GPUs a
 * container got from `nvidia-smi -L` in its log.
 */
import { acceleratorDrivers } from '../../../kube/dra.js';
import type { FunctionalContext, KubeObject } from '../../../kube/functional/types.js';
import { ACCELERATOR_RESOURCE } from '../../../kube/nodes.js';
import { podManifest, type PodOptions } from './pods.js';

/** Device plugin resources that are one whole device (not MIG slices, shares or memory). */
const WHOLE_DEVICE =
  /^(nvidia\.com\/gpu|amd\.com\/gpu|gpu\.intel\.com\/i915|gpu\.intel\.com\/xe|habana\.ai\/gaudi)$/;

export interface AcceleratorSlot {
  node: string;
  /** A device plugin resource, or a DRA DeviceClass (with the resource.k8s.io version). */
  via:
    | { kind: 'resource'; resource: string }
    | { kind: 'dra'; deviceClass: string; version: string; driver: string };
}

export function describeSlot(s: AcceleratorSlot): string {
  return s.via.kind === 'resource'
    ? `${s.via.resource} on ${s.node}`
    : `DRA DeviceClass ${s.via.deviceClass} on ${s.node}`;
}

/**
 * Per accelerator node, how to ask for one whole device there (device plugin first, then DRA).
 * With `anyShare`, a node offering only a share of a device (a MIG instance, a time-sliced replica,
 * GPU memory) counts too: enough to run a tool on its GPU.
 */
export async function acceleratorSlots(
  ctx: FunctionalContext,
  opts: { anyShare?: boolean } = {}
): Promise<Map<string, AcceleratorSlot>> {
  const [nodes, dra] = await Promise.all([ctx.nodes(), ctx.dra()]);
  const out = new Map<string, AcceleratorSlot>();
  for (const n of nodes.accelerated) {
    if (!n.ready || !n.schedulable) continue;
    const offered = Object.entries(n.resources).filter(
      ([k, r]) => ACCELERATOR_RESOURCE.test(k) && r.allocatable >= 1
    );
    const resource = (offered.find(([k]) => WHOLE_DEVICE.test(k)) ??
      (opts.anyShare
        ? offered.filter(([k]) => !/gpu-count$/.test(k)).sort(([a], [b]) => a.localeCompare(b))[0]
        : undefined))?.[0];
    if (resource) out.set(n.name, { node: n.name, via: { kind: 'resource', resource } });
  }
  if (dra.version) {
    for (const d of acceleratorDrivers(dra)) {
      const classes = dra.classes.filter(
        c => c.drivers.includes(d.driver) && !/mig|vfio|compute-domain/i.test(c.name)
      );
      const cls = classes.find(c => c.name === d.driver) ?? classes[0];
      if (!cls) continue;
      for (const node of d.nodes) {
        if (!out.has(node) && nodes.accelerated.some(n => n.name === node && n.ready && n.schedulable)) {
          out.set(node, {
            node,
            via: { kind: 'dra', deviceClass: cls.name, version: dra.version, driver: d.driver }
          });
        }
      }
    }
  }
  return out;
}

/** Creates a pod holding one device of the slot (its claim template first, for DRA). */
export async function createAcceleratorPod(
  ctx: FunctionalContext,
  slot: AcceleratorSlot,
  pod: Omit<PodOptions, 'limits' | 'resourceClaims' | 'nodeSelector' | 'tolerations'>
): Promise<void> {
  const tolerations = await ctx.gpuTolerations();
  const nodeSelector = { 'kubernetes.io/hostname': slot.node };
  if (slot.via.kind === 'resource') {
    await ctx.create(podManifest({ ...pod, nodeSelector, tolerations, limits: { [slot.via.resource]: 1 } }));
    return;
  }
  const template = `${pod.name}-gpu`;
  await ctx.create(claimTemplate(template, slot.via.deviceClass, slot.via.version));
  await ctx.create(
    podManifest({
      ...pod,
      nodeSelector,
      tolerations,
      resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: template }]
    })
  );
}

function claimTemplate(name: string, deviceClassName: string, version: string): KubeObject {
  // v1beta1 has the request fields flat; v1beta2 and v1 put them under `exactly`.
  const request =
    version === 'v1beta1'
      ? { name: 'gpu', deviceClassName, allocationMode: 'ExactCount', count: 1 }
      : { name: 'gpu', exactly: { deviceClassName, allocationMode: 'ExactCount', count: 1 } };
  return {
    apiVersion: `resource.k8s.io/${version}`,
    kind: 'ResourceClaimTemplate',
    metadata: { name },
    spec: { spec: { devices: { requests: [request] } } }
  };
}

export interface ListedGpu {
  uuid: string;
  /** The MIG instance's UUID when the device is a MIG slice. */
  mig?: string;
}

/** The devices `nvidia-smi -L` listed (MIG instances under their parent GPU). */
export function listedGpus(log: string): ListedGpu[] {
  const out: ListedGpu[] = [];
  let parent: string | undefined;
  for (const line of log.split('\n')) {
    const gpu = /^GPU \d+: .*\(UUID: (GPU-[0-9a-fA-F-]+)\)/.exec(line.trim());
    if (gpu) {
      parent = gpu[1];
      out.push({ uuid: parent });
      continue;
    }
    const mig = /^MIG .*\(UUID: (MIG-[0-9a-zA-Z/-]+)\)/.exec(line.trim());
    if (mig && parent) {
      const last = out[out.length - 1];
      if (last && last.uuid === parent && !last.mig) last.mig = mig[1];
      else out.push({ uuid: parent, mig: mig[1] });
    }
  }
  return out;
}
