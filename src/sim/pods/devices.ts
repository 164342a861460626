/**
 * Which accelerators each container sees: the devices a device plugin allocated for its limits,
 * the devices of its DRA claims, nothing else — unless the runtime is broken or bypassed
 * (every GPU exposed, NVIDIA_VISIBLE_DEVICES=all honoured, privileged containers).
 */
import type { SimContext } from '../controllers/context.js';
import type { KObject } from '../store.js';
import { podClaims } from './dra.js';
import { migInstance, type GpuDevice } from './hardware.js';
import { count } from './quantity.js';

export class DeviceAssigner {
  /** pod uid → container → GPUs a device plugin handed out (whole GPUs). */
  private readonly exclusive = new Map<string, Map<string, GpuDevice[]>>();
  /** pod uid → container → (GPU, GiB) of a shared-memory plugin. */
  private readonly shared = new Map<string, Map<string, { gpu: GpuDevice; gib: number }>>();

  constructor(private readonly ctx: SimContext) {}

  release(podUid: string): void {
    this.exclusive.delete(podUid);
    this.shared.delete(podUid);
  }

  /**
   * Allocates device-plugin GPUs for a starting pod; per container, what it was allocated and
   * what it sees (more than allocated when the runtime exposes more).
   */
  assign(pod: KObject): Map<string, { allocated: GpuDevice[]; visible: GpuDevice[] }> {
    const node = pod.spec?.nodeName as string;
    const gpus = this.ctx.hardware.gpus(node);
    const out = new Map<string, { allocated: GpuDevice[]; visible: GpuDevice[] }>();
    const uid = pod.metadata.uid!;
    /** GPU uuid → device-plugin allocations of it (more than one only under time-slicing). */
    const uses = new Map<string, number>();
    /** GPU uuid → MIG instance indexes handed out. */
    const migUsed = new Map<string, Set<number>>();
    const memUsed = new Map<string, number>();
    for (const [otherUid, byContainer] of this.exclusive) {
      if (otherUid === uid) continue;
      for (const list of byContainer.values()) {
        for (const g of list) {
          if (g.node !== node) continue;
          if (g.migInstance) migUsed.set(g.uuid, new Set([...(migUsed.get(g.uuid) ?? []), g.migInstance.index]));
          else uses.set(g.uuid, (uses.get(g.uuid) ?? 0) + 1);
        }
      }
    }
    for (const byContainer of this.shared.values()) {
      for (const { gpu, gib } of byContainer.values()) if (gpu.node === node) memUsed.set(gpu.uuid, (memUsed.get(gpu.uuid) ?? 0) + gib);
    }
    const wholePlugins = this.ctx.devicePlugins.filter(d => d.unit === 'gpu');
    const wholeResources = wholePlugins.map(d => d.resource);
    const memResources = this.ctx.devicePlugins.filter(d => d.unit === 'gpu-mem-gib').map(d => d.resource);
    const migPlugins = this.ctx.devicePlugins.filter(d => d.unit === 'mig');
    const mine = new Map<string, GpuDevice[]>();
    const mineShared = new Map<string, { gpu: GpuDevice; gib: number }>();
    for (const c of pod.spec?.containers ?? []) {
      const limits = { ...(c.resources?.requests ?? {}), ...(c.resources?.limits ?? {}) };
      const visible: GpuDevice[] = [];
      const n = wholeResources.reduce((s, r) => s + count(limits[r]), 0);
      if (n > 0) {
        const replicas = Math.max(1, ...wholePlugins.filter(d => count(limits[d.resource]) > 0).map(d => d.replicas ?? 1));
        const picked: GpuDevice[] = [];
        for (let i = 0; i < n; i++) {
          const free = gpus.filter(g => !g.mig && (uses.get(g.uuid) ?? 0) < replicas && !memUsed.has(g.uuid));
          if (!free.length) break;
          // Time-sliced replicas spread over the GPUs (the plugin's preferred allocation); whole GPUs go in order.
          const g = free.reduce((a, b) => ((uses.get(b.uuid) ?? 0) < (uses.get(a.uuid) ?? 0) ? b : a));
          uses.set(g.uuid, (uses.get(g.uuid) ?? 0) + 1);
          picked.push(g);
        }
        mine.set(c.name, picked);
        visible.push(...picked);
      }
      for (const dp of migPlugins) {
        for (let i = 0; i < count(limits[dp.resource]); i++) {
          // Instances are packed onto the first GPU with one free, as the plugin hands them out.
          const gpu = gpus.find(g => g.mig?.profile === dp.profile && (migUsed.get(g.uuid)?.size ?? 0) < (g.mig?.count ?? 0));
          if (!gpu) break;
          const used = migUsed.get(gpu.uuid) ?? new Set<number>();
          let index = 0;
          while (used.has(index)) index++;
          migUsed.set(gpu.uuid, used.add(index));
          const instance = migInstance(gpu, index);
          mine.set(c.name, [...(mine.get(c.name) ?? []), instance]);
          visible.push(instance);
        }
      }
      const gib = memResources.reduce((s, r) => s + count(limits[r]), 0);
      if (gib > 0) {
        const fit = gpus.find(g => !g.mig && !uses.has(g.uuid) && (memUsed.get(g.uuid) ?? 0) + gib <= Math.floor(g.model.memoryMiB / 1024));
        if (fit) {
          memUsed.set(fit.uuid, (memUsed.get(fit.uuid) ?? 0) + gib);
          mineShared.set(c.name, { gpu: fit, gib });
          visible.push(fit);
        }
      }
      visible.push(...this.claimGpus(pod, c, gpus));
      const allocated = dedupe(visible);
      out.set(c.name, { allocated, visible: this.override(c, gpus, allocated) });
    }
    this.exclusive.set(uid, mine);
    this.shared.set(uid, mineShared);
    return out;
  }

  /** GPUs of the node a container's DRA claims were allocated. */
  private claimGpus(pod: KObject, container: any, gpus: GpuDevice[]): GpuDevice[] {
    const refs: Array<{ name: string; request?: string }> = container.resources?.claims ?? [];
    if (!refs.length) return [];
    const nvidiaDrivers = new Set(this.ctx.draDrivers.filter(d => d.devices === 'nvidia').map(d => d.driver));
    const byEntry = new Map(podClaims(pod).map(c => [c.name, c.claimName]));
    const out: GpuDevice[] = [];
    for (const ref of refs) {
      const claimName = byEntry.get(ref.name);
      const claim = claimName ? this.ctx.store.get('resource.k8s.io', 'resourceclaims', pod.metadata.namespace, claimName) : undefined;
      for (const r of claim?.status?.allocation?.devices?.results ?? []) {
        if (ref.request && r.request !== ref.request && !String(r.request).startsWith(`${ref.request}/`)) continue;
        if (!nvidiaDrivers.has(r.driver) || r.pool !== pod.spec.nodeName) continue;
        const m = /^gpu-(\d+)$/.exec(r.device);
        const g = m && gpus.find(x => x.minor === Number(m[1]));
        if (g) out.push(g);
      }
    }
    return out;
  }

  private override(container: any, gpus: GpuDevice[], visible: GpuDevice[]): GpuDevice[] {
    if (!gpus.length) return visible;
    if (this.ctx.runtime.exposeAllGpus) return gpus;
    if (container.securityContext?.privileged) return gpus;
    const env = (container.env ?? []).find((e: any) => e.name === 'NVIDIA_VISIBLE_DEVICES')?.value;
    if (this.ctx.runtime.acceptVisibleDevicesEnv && env && env !== 'void' && env !== 'none') {
      if (env === 'all') return gpus;
      const wanted = String(env).split(',');
      return gpus.filter(g => wanted.includes(String(g.index)) || wanted.includes(g.uuid));
    }
    return visible;
  }
}

function dedupe(gpus: GpuDevice[]): GpuDevice[] {
  const seen = new Set<string>();
  const id = (g: GpuDevice): string => g.migInstance?.uuid ?? g.uuid;
  return gpus.filter(g => !seen.has(id(g)) && seen.add(id(g))).sort((a, b) => a.minor - b.minor || (a.migInstance?.index ?? 0) - (b.migInstance?.index ?? 0));
}
