/**
 * Node agents that publish hardware once their pods run: a device plugin makes its node
 * advertise the extended resource (capacity and allocatable), a DRA kubelet plugin publishes the
 * node's ResourceSlice. A plugin that never gets ready publishes nothing, as on a real node.
 */
import type { DraDriverSpec, SimContext } from '../controllers/context.js';
import { isPodReady } from '../controllers/pod-index.js';
import { WorkQueue } from '../controllers/queue.js';
import type { KObject } from '../store.js';
import { derivedSuffix } from './defaults.js';
import type { GpuDevice } from './hardware.js';

function labelsMatch(want: Record<string, string>, have: Record<string, string> | undefined): boolean {
  return Object.entries(want).every(([k, v]) => have?.[k] === v);
}

function nvidiaDevice(g: GpuDevice): Record<string, unknown> {
  return {
    name: `gpu-${g.minor}`,
    attributes: {
      type: { string: 'gpu' },
      uuid: { string: g.uuid },
      productName: { string: g.model.product },
      brand: { string: g.model.brand },
      architecture: { string: g.model.architecture },
      cudaComputeCapability: { version: `${g.model.computeCapability}.0` },
      driverVersion: { version: g.model.driverVersion },
      cudaDriverVersion: { version: `${g.model.cudaDriverVersion}.0` },
      pcieBusID: { string: g.pciBusId.toLowerCase().replace(/^00000000:/, '0000:') },
      addressingMode: { string: 'None' }
    },
    capacity: { memory: { value: `${g.model.memoryMiB}Mi` } }
  };
}

function exampleDevice(node: string, i: number): Record<string, unknown> {
  const h = derivedSuffix(`${node}/example/${i}`, 8);
  return {
    name: `gpu-${i}`,
    attributes: {
      index: { int: i },
      uuid: { string: `gpu-${h}-${i}` },
      model: { string: 'LATEST-GPU-MODEL' },
      driverVersion: { version: '1.0.0' }
    },
    capacity: { memory: { value: '80Gi' } }
  };
}

export function startNodeAgents(ctx: SimContext): () => void {
  const { store } = ctx;
  const queue = new WorkQueue(ctx.clock, reconcileNode, 0, (k, e) => ctx.warn(`node agents: ${k}: ${(e as Error).message}`));

  const pluginReady = (node: string, ns: string, labels: Record<string, string>): boolean =>
    ctx.pods.onNode(node).some(p => p.metadata.namespace === ns && labelsMatch(labels, p.metadata.labels) && p.status?.phase === 'Running' && isPodReady(p));

  function reconcileNode(name: string): void {
    const node = store.get('', 'nodes', undefined, name);
    if (!node) return;
    const gpus = ctx.hardware.gpus(name);
    const capacity = { ...(node.status?.capacity ?? {}) };
    const alloc = { ...(node.status?.allocatable ?? {}) };
    for (const dp of ctx.devicePlugins) {
      if (!gpus.length) continue;
      const up = pluginReady(name, dp.namespace, dp.podLabels);
      // MIG-enabled GPUs are advertised only as their instances (the plugin's mixed strategy).
      const whole = gpus.filter(g => !g.mig);
      const amount =
        dp.unit === 'gpu'
          ? whole.length * (dp.replicas ?? 1)
          : dp.unit === 'gpu-count'
            ? gpus.length
            : dp.unit === 'mig'
              ? gpus.reduce((s, g) => s + (g.mig && g.mig.profile === dp.profile ? g.mig.count : 0), 0)
              : whole.reduce((s, g) => s + Math.floor(g.model.memoryMiB / 1024), 0);
      if (dp.unit === 'mig' && !amount && capacity[dp.resource] === undefined) continue;
      if (up) {
        capacity[dp.resource] = String(amount);
        alloc[dp.resource] = String(amount);
      } else if (capacity[dp.resource] !== undefined) {
        // The kubelet keeps capacity but nothing is allocatable while the plugin is away.
        alloc[dp.resource] = '0';
      }
    }
    if (JSON.stringify(capacity) !== JSON.stringify(node.status?.capacity ?? {}) || JSON.stringify(alloc) !== JSON.stringify(node.status?.allocatable ?? {})) {
      store.update({ ...node, status: { ...(node.status ?? {}), capacity, allocatable: alloc } }, { subresource: 'status' });
    }
    for (const d of ctx.draDrivers) publishSlice(node, d);
  }

  function publishSlice(node: KObject, d: DraDriverSpec): void {
    const t = store.typeOf('resource.k8s.io', 'resourceslices');
    if (!t) return;
    const name = node.metadata.name!;
    const devices =
      d.devices === 'nvidia' ? ctx.hardware.gpus(name).map(nvidiaDevice) : Array.from({ length: d.perNode ?? 8 }, (_x, i) => exampleDevice(name, i));
    if (!devices.length || !pluginReady(name, d.namespace, d.podLabels)) return;
    const sliceName = `${name}-${d.driver}-${derivedSuffix(`${name}/${d.driver}`)}`;
    if (store.get('resource.k8s.io', 'resourceslices', undefined, sliceName)) return;
    const version = t.versions[0];
    const shaped = version === 'v1beta1' ? devices.map(x => ({ name: x.name, basic: { attributes: x.attributes, capacity: x.capacity } })) : devices;
    store.create({
      apiVersion: `resource.k8s.io/${version}`,
      kind: 'ResourceSlice',
      metadata: {
        name: sliceName,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid!, controller: true }]
      },
      spec: { driver: d.driver, nodeName: name, pool: { name, generation: 1, resourceSliceCount: 1 }, devices: shaped }
    });
  }

  for (const n of store.list('', 'nodes')) queue.add(n.metadata.name!);
  const unsubscribe = store.onChange(c => {
    const r = c.rtype;
    if (r.group === '' && r.resource === 'nodes' && c.type === 'ADDED') queue.add(c.object.metadata.name!);
    else if (r.group === '' && r.resource === 'pods' && c.object.spec?.nodeName) {
      const watched = [...ctx.devicePlugins, ...ctx.draDrivers].some(
        a => a.namespace === c.object.metadata.namespace && labelsMatch(a.podLabels, c.object.metadata.labels)
      );
      if (watched) queue.add(c.object.spec.nodeName);
    }
  });
  return () => {
    unsubscribe();
    queue.stop();
  };
}
