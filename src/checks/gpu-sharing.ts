/**
 * gpu_sharing (1.35+, SHOULD): at least one GPU sharing strategy exposed as something the scheduler
 * can allocate. Recognised: MIG partitions (nvidia.com/mig-* resources, or MIG devices and
 * partitionable devices through DRA), time-slicing and MPS (GPU Feature Discovery's
 * nvidia.com/gpu.sharing-strategy and gpu.replicas, nvidia.com/gpu.shared, more allocatable GPUs than
 * physical ones), ACK cGPU / GPU sharing (aliyun.com/gpu-mem), HAMi (nvidia.com/gpumem), DRA devices
 * allowing several allocations. A mode configured on nodes but exposing nothing is partial.
 */
import { acceleratorDrivers } from '../kube/dra.js';
import type { AcceleratorNode } from '../kube/nodes.js';
import { fail, listShort, notApplicable, partial, pass, plural } from './finding.js';
import type { Check } from './types.js';

interface Found {
  strategy: string;
  nodes: Set<string>;
  detail: string;
}

export const gpuSharing: Check = {
  id: 'gpu_sharing',
  title: 'GPU Sharing',
  async detect(ctx) {
    const [nodes, dra] = await Promise.all([ctx.nodes(), ctx.dra()]);
    const drivers = acceleratorDrivers(dra);
    if (nodes.accelerated.length === 0 && drivers.length === 0) {
      return notApplicable('no accelerators on this cluster: there is no GPU to share', [
        `${plural(nodes.total, 'node')}, none with accelerators`
      ]);
    }
    const exposed = new Map<string, Found>();
    const configured: string[] = [];
    const add = (strategy: string, node: string, detail: string): void => {
      const f = exposed.get(strategy) ?? { strategy, nodes: new Set<string>(), detail };
      f.nodes.add(node);
      exposed.set(strategy, f);
    };
    for (const n of nodes.accelerated) inspectNode(n, add, configured);
    for (const d of drivers) {
      const mig = [...d.types].some(t => /mig/i.test(t));
      if (d.partitions > 0 || mig) {
        for (const n of d.nodes)
          add(
            `MIG through DRA (${d.driver})`,
            n,
            `${plural(d.partitions, 'partitionable device')}${mig ? ', MIG devices' : ''}`
          );
      }
      if (d.shareable > 0)
        for (const n of d.nodes)
          add(
            `shared DRA devices (${d.driver})`,
            n,
            `${plural(d.shareable, 'device')} allowing several allocations`
          );
    }
    const migClasses = dra.classes.filter(c => /mig/i.test(c.name));
    const evidence: string[] = [];
    for (const f of exposed.values())
      evidence.push(
        `${f.strategy}: ${f.detail} on ${plural(f.nodes.size, 'node')} (${listShort([...f.nodes], 3)})`
      );
    evidence.push(...configured);
    if (migClasses.length > 0 && ![...exposed.keys()].some(k => k.startsWith('MIG through DRA'))) {
      evidence.push(
        `DeviceClass ${migClasses.map(c => c.name).join(', ')} exists, but no MIG device is published`
      );
    }
    if (exposed.size > 0) {
      const list = [...exposed.values()];
      return pass(
        `${list.map(f => `${f.strategy} on ${plural(f.nodes.size, 'node')}`).join('; ')}`,
        evidence,
        list.map(f => f.strategy).join('; ')
      );
    }
    if (configured.length > 0) {
      return partial(
        `a GPU sharing mode is configured but exposes no shareable resource: ${listShort(configured, 2)}`,
        evidence
      );
    }
    return fail(
      `no GPU sharing strategy is exposed on ${plural(nodes.accelerated.length, 'accelerator node')} (no MIG, time-slicing, MPS, cGPU or shared DRA devices)`,
      evidence.length
        ? evidence
        : nodes.accelerated.slice(0, 5).map(
            n =>
              `node ${n.name}: ${
                Object.entries(n.resources)
                  .map(([k, r]) => `${k}=${r.allocatable}`)
                  .join(', ') || 'no accelerator resources'
              }`
          )
    );
  }
};

function inspectNode(
  n: AcceleratorNode,
  add: (strategy: string, node: string, detail: string) => void,
  configured: string[]
): void {
  const alloc = (key: string): number => n.resources[key]?.allocatable ?? 0;
  const migResources = Object.keys(n.resources).filter(k => k.startsWith('nvidia.com/mig-') && alloc(k) > 0);
  if (migResources.length > 0)
    add('MIG (device plugin)', n.name, migResources.map(k => `${k}=${alloc(k)}`).join(', '));
  const migStrategy = n.labels['nvidia.com/mig.strategy'];
  const migState = n.labels['nvidia.com/mig.config.state'];
  if (migStrategy === 'single' && migState === 'success' && alloc('nvidia.com/gpu') > 0) {
    add('MIG (single strategy)', n.name, `nvidia.com/gpu=${alloc('nvidia.com/gpu')} MIG instances`);
  } else if (migStrategy && migStrategy !== 'none' && migResources.length === 0) {
    configured.push(
      `node ${n.name}: nvidia.com/mig.strategy=${migStrategy}, mig.config.state=${migState ?? 'unset'}, no MIG resource allocatable`
    );
  }

  const strategy = n.labels['nvidia.com/gpu.sharing-strategy'];
  const replicas = Number(n.labels['nvidia.com/gpu.replicas'] ?? 1);
  const physical = Number(
    n.labels['nvidia.com/gpu.count'] ?? n.labels['aliyun.accelerator/nvidia_count'] ?? NaN
  );
  if (alloc('nvidia.com/gpu.shared') > 0) {
    add(
      `${strategy && strategy !== 'none' ? strategy : 'time-slicing'} (nvidia.com/gpu.shared)`,
      n.name,
      `nvidia.com/gpu.shared=${alloc('nvidia.com/gpu.shared')}`
    );
  } else if (strategy && strategy !== 'none' && replicas > 1 && alloc('nvidia.com/gpu') > 0) {
    add(strategy, n.name, `nvidia.com/gpu.replicas=${replicas}, nvidia.com/gpu=${alloc('nvidia.com/gpu')}`);
  } else if (Number.isFinite(physical) && alloc('nvidia.com/gpu') > physical && migResources.length === 0) {
    add(
      'GPU oversubscription',
      n.name,
      `nvidia.com/gpu=${alloc('nvidia.com/gpu')} on ${physical} physical GPUs`
    );
  } else if (strategy && strategy !== 'none') {
    configured.push(`node ${n.name}: nvidia.com/gpu.sharing-strategy=${strategy} but replicas ${replicas}`);
  }

  const gpuMem = alloc('aliyun.com/gpu-mem');
  const ackMode = n.labels['ack.node.gpu.schedule'];
  if (gpuMem > 0)
    add(
      'ACK GPU sharing (cGPU, aliyun.com/gpu-mem)',
      n.name,
      `aliyun.com/gpu-mem=${gpuMem}${ackMode ? `, ack.node.gpu.schedule=${ackMode}` : ''}`
    );
  else if (ackMode && /share|cgpu|core_mem/.test(ackMode))
    configured.push(`node ${n.name}: ack.node.gpu.schedule=${ackMode} but no aliyun.com/gpu-mem allocatable`);
  if (alloc('nvidia.com/gpumem') > 0)
    add('HAMi (nvidia.com/gpumem)', n.name, `nvidia.com/gpumem=${alloc('nvidia.com/gpumem')}`);
}
