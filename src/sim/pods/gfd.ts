/**
 * NVIDIA GPU feature discovery on nodes it runs on (those labelled `nvidia.com/gpu.present=true`):
 * the driver and CUDA versions of the node's GPUs (`nvidia.com/cuda.driver-version.*`, the
 * deprecated `nvidia.com/cuda.driver.*`, `nvidia.com/cuda.runtime-version.*`), and the device
 * plugin's sharing (`nvidia.com/gpu.replicas`, `nvidia.com/gpu.sharing-strategy`, the `-SHARED`
 * product suffix under time-slicing) and MIG (`nvidia.com/mig.strategy`, `nvidia.com/mig-<profile>.count`). Values come from the node's simulated hardware, so a node
 * with another driver shows it here, in nvidia-smi, in DCGM and in its ResourceSlice alike.
 */
import type { SimContext } from '../controllers/context.js';
import { WorkQueue } from '../controllers/queue.js';

export function gfdLabels(ctx: SimContext, node: string, current: Record<string, string>): Record<string, string> {
  const gpus = ctx.hardware.gpus(node);
  if (!gpus.length || current['nvidia.com/gpu.present'] !== 'true') return {};
  const m = gpus[0].model;
  const [major, minor, rev] = m.driverVersion.split('.');
  const [cudaMajor, cudaMinor] = m.cudaDriverVersion.split('.');
  const out: Record<string, string> = {
    'nvidia.com/cuda.driver-version.major': major,
    'nvidia.com/cuda.driver-version.minor': minor,
    'nvidia.com/cuda.driver-version.revision': rev ?? '0',
    'nvidia.com/cuda.driver-version.full': m.driverVersion,
    'nvidia.com/cuda.driver.major': major,
    'nvidia.com/cuda.driver.minor': minor,
    'nvidia.com/cuda.driver.rev': rev ?? '0',
    'nvidia.com/cuda.runtime-version.major': cudaMajor,
    'nvidia.com/cuda.runtime-version.minor': cudaMinor ?? '0',
    'nvidia.com/cuda.runtime-version.full': m.cudaDriverVersion,
    'nvidia.com/cuda.runtime.major': cudaMajor,
    'nvidia.com/cuda.runtime.minor': cudaMinor ?? '0'
  };
  const mig = gpus.filter(g => g.mig);
  if (mig.length) {
    out['nvidia.com/mig.capable'] = 'true';
    out['nvidia.com/mig.strategy'] = 'mixed';
    for (const p of new Set(mig.map(g => g.mig!.profile))) {
      out[`nvidia.com/mig-${p}.count`] = String(mig.filter(g => g.mig!.profile === p).reduce((s, g) => s + g.mig!.count, 0));
    }
  }
  const plugin = ctx.devicePlugins.find(d => d.resource === 'nvidia.com/gpu');
  if (plugin) {
    const replicas = plugin.replicas ?? 1;
    out['nvidia.com/gpu.replicas'] = String(replicas);
    out['nvidia.com/gpu.sharing-strategy'] = replicas > 1 ? 'time-slicing' : 'none';
    const product = (current['nvidia.com/gpu.product'] ?? m.product.replace(/ /g, '-')).replace(/-SHARED$/, '');
    out['nvidia.com/gpu.product'] = replicas > 1 ? `${product}-SHARED` : product;
  }
  return out;
}

export function startGpuFeatureDiscovery(ctx: SimContext): () => void {
  const { store } = ctx;
  const queue = new WorkQueue(ctx.clock, name => {
    const node = store.get('', 'nodes', undefined, name);
    if (!node) return;
    const labels = node.metadata.labels ?? {};
    const want = gfdLabels(ctx, name, labels);
    if (Object.entries(want).every(([k, v]) => labels[k] === v)) return;
    store.update({ ...node, metadata: { ...node.metadata, labels: { ...labels, ...want } } });
  });
  for (const n of store.list('', 'nodes')) queue.add(n.metadata.name!);
  const unsubscribe = store.onChange(c => {
    if (c.rtype.group === '' && c.rtype.resource === 'nodes' && c.type !== 'DELETED') queue.add(c.object.metadata.name!);
  });
  return () => {
    unsubscribe();
    queue.stop();
  };
}
