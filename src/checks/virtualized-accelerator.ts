/**
 * virtualized_accelerator (1.35+, SHOULD): virtualized accelerators (vGPU, passthrough to VMs)
 * exposed and managed. Recognised: nodes whose accelerators are vGPUs (GPU Feature Discovery's
 * nvidia.com/vgpu.present, vGPU profile product names such as "GRID-A100-4C" or "NVIDIA-A10-8Q"),
 * vGPU and passthrough resources the GPU Operator's sandbox device plugin advertises, the GPU
 * Operator's vGPU/VFIO managers, and VFIO devices published through DRA (vfio.gpu.nvidia.com). A
 * mechanism installed but exposing nothing is partial.
 */
import { acceleratorDrivers } from '../kube/dra.js';
import { acceleratorProduct } from '../kube/nodes.js';
import { describeWorkload, findWorkloads } from '../kube/workloads.js';
import { fail, listShort, notApplicable, partial, pass, plural } from './finding.js';
import type { Check } from './types.js';

/** vGPU profile names end in a framebuffer size and a series letter (Q, C, B, A). */
const VGPU_PRODUCT = /(GRID|vGPU|[-_ ]\d+[QCAB]$)/i;
/** Device plugin resources that are not whole physical GPUs or their MIG/time-sliced shares. */
const PHYSICAL = /^nvidia\.com\/(gpu(\.shared)?|mig-.*|gpumem.*)$/;
const COMPONENTS = {
  kinds: ['DaemonSet' as const],
  name: /(vgpu-manager|vgpu-device-manager|sandbox-device-plugin|vfio-manager|kubevirt-gpu)/
};

export const virtualizedAccelerator: Check = {
  id: 'virtualized_accelerator',
  title: 'Virtualized Accelerator',
  async detect(ctx) {
    const [nodes, dra, workloads, discovery] = await Promise.all([
      ctx.nodes(),
      ctx.dra(),
      ctx.workloads(),
      ctx.discovery()
    ]);
    const drivers = acceleratorDrivers(dra);
    if (nodes.accelerated.length === 0 && drivers.length === 0) {
      return notApplicable('no accelerators on this cluster: there is no accelerator to virtualize', [
        `${plural(nodes.total, 'node')}, none with accelerators`
      ]);
    }
    const evidence: string[] = [];
    const exposed: string[] = [];
    const vgpuNodes: string[] = [];
    for (const n of nodes.accelerated) {
      const product = acceleratorProduct(n);
      const vgpu =
        n.labels['nvidia.com/vgpu.present'] === 'true' ||
        (product !== undefined && VGPU_PRODUCT.test(product));
      const workloadConfig = n.labels['nvidia.com/gpu.workload.config'];
      const virtualResources = Object.entries(n.resources).filter(
        ([k, r]) => k.startsWith('nvidia.com/') && !PHYSICAL.test(k) && r.allocatable > 0
      );
      if (vgpu && (n.resources['nvidia.com/gpu']?.allocatable ?? 0) > 0) {
        vgpuNodes.push(n.name);
        evidence.push(
          `node ${n.name}: vGPU ${product ?? ''} advertised as nvidia.com/gpu=${n.resources['nvidia.com/gpu'].allocatable}`.replace(
            '  ',
            ' '
          )
        );
      } else if (vgpu) {
        evidence.push(
          `node ${n.name}: vGPU ${product ?? ''} present but no nvidia.com/gpu allocatable`.replace('  ', ' ')
        );
      }
      if (virtualResources.length > 0) {
        exposed.push(`${virtualResources.map(([k, r]) => `${k}=${r.allocatable}`).join(', ')} on ${n.name}`);
        evidence.push(
          `node ${n.name}: ${virtualResources.map(([k, r]) => `${k}=${r.allocatable}`).join(', ')}${workloadConfig ? ` (gpu.workload.config=${workloadConfig})` : ''}`
        );
      } else if (workloadConfig && /vm-/.test(workloadConfig)) {
        evidence.push(
          `node ${n.name}: nvidia.com/gpu.workload.config=${workloadConfig} but no virtual device resource allocatable`
        );
      }
    }
    const vfio = drivers.filter(d => [...d.types].some(t => /vfio|vgpu/i.test(t)));
    for (const d of vfio)
      exposed.push(`${d.driver} VFIO devices through DRA on ${plural(d.nodes.size, 'node')}`);
    const vfioClasses = dra.classes.filter(c => /vfio|vgpu/i.test(c.name));
    if (vfioClasses.length) evidence.push(`DeviceClass ${vfioClasses.map(c => c.name).join(', ')}`);
    const components = findWorkloads(workloads, COMPONENTS);
    for (const c of components) evidence.push(`component ${describeWorkload(c)}`);
    if (discovery.serves('kubevirt.io'))
      evidence.push(`kubevirt.io served: ${discovery.versions('kubevirt.io').join(', ')}`);

    if (vgpuNodes.length > 0 || exposed.length > 0) {
      const parts = [
        ...(vgpuNodes.length
          ? [`vGPUs schedulable on ${plural(vgpuNodes.length, 'node')} (${listShort(vgpuNodes)})`]
          : []),
        ...exposed
      ];
      const down = components.filter(c => !c.state.allReady);
      if (down.length > 0)
        return partial(
          `${parts.join('; ')}, but ${down.map(describeWorkload).join('; ')}`,
          evidence,
          parts[0]
        );
      return pass(
        parts.join('; '),
        evidence,
        vgpuNodes.length
          ? 'NVIDIA vGPU'
          : vfio.length
            ? 'VFIO passthrough through DRA'
            : 'virtual accelerator devices'
      );
    }
    if (components.length > 0 || vfioClasses.length > 0 || evidence.length > 0) {
      return partial(
        `a virtualization mechanism is installed but exposes no virtual accelerator (${listShort([...components.map(c => c.name), ...vfioClasses.map(c => `DeviceClass ${c.name}`)], 3) || 'node labels only'})`,
        evidence
      );
    }
    return fail(
      `no virtualized accelerator mechanism (vGPU, VFIO passthrough) on ${plural(nodes.accelerated.length, 'accelerator node')}`,
      [
        ...nodes.accelerated
          .slice(0, 5)
          .map(n => `node ${n.name}: ${acceleratorProduct(n) ?? 'unknown product'}, physical devices only`)
      ]
    );
  }
};
