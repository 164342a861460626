/**
 * The nodes, reduced to what the checks ask: how many there are and, for every node that shows an
 * accelerator (by allocatable resources or by the labels GPU Feature Discovery, ACK, GKE or NFD
 * put on it), its accelerator resources and labels. Read page by page; nothing else is kept.
 */
import { isTrue } from './readiness.js';
import type { KubeReader } from './reader.js';

/** Extended resources that are accelerators, slices or virtual functions of one (NVIDIA's RDMA devices are network). */
export const ACCELERATOR_RESOURCE =
  /^(nvidia\.com\/(?!.*rdma)|amd\.com\/gpu|gpu\.intel\.com\/|habana\.ai\/|aws\.amazon\.com\/neuron|google\.com\/tpu|aliyun\.com\/gpu)/;
/** Resources of high-performance network devices (RDMA, SR-IOV, EFA, eRDMA). */
export const NETWORK_RESOURCE = /(rdma|sriov|erdma|vpc\.amazonaws\.com\/efa|networking\.gke\.io\/)/i;

/** Labels that say a node has accelerators, whatever advertises them. */
const ACCELERATOR_LABELS: Array<[RegExp, RegExp | null]> = [
  [/^nvidia\.com\/gpu\.present$/, /^true$/i],
  [/^nvidia\.com\/gpu\.(count|product)$/, null],
  [/^aliyun\.accelerator\/nvidia_(name|count)$/, null],
  [/^cloud\.google\.com\/gke-accelerator$/, null],
  [/^feature\.node\.kubernetes\.io\/pci-(10de|1002)\.present$/, /^true$/i],
  [/^amd\.com\/gpu\.(family|device-id)$/, null]
];

/** Labels kept on accelerator nodes: accelerator facts, node pools, runtimes, sharing modes. */
const KEPT_LABEL =
  /^(nvidia\.com\/|aliyun\.accelerator\/|amd\.com\/|feature\.node\.kubernetes\.io\/pci-|cloud\.google\.com\/gke-(accelerator|nodepool)|alibabacloud\.com\/nodepool-id|eks\.amazonaws\.com\/nodegroup|karpenter\.sh\/nodepool|node\.kubernetes\.io\/instance-type|ack\.node\.gpu\.|ack\.aliyun\.com\/|kubernetes\.io\/hostname)/;

export interface AcceleratorNode {
  name: string;
  ready: boolean;
  schedulable: boolean;
  /** Accelerator and network resources: allocatable and capacity counts. */
  resources: Record<string, { allocatable: number; capacity: number }>;
  labels: Record<string, string>;
  containerRuntime: string;
  kubelet: string;
}

export interface NodeInventory {
  total: number;
  ready: number;
  /** Nodes with an accelerator resource or label. */
  accelerated: AcceleratorNode[];
  /** Nodes advertising high-performance network resources (a subset may also be accelerated). */
  networked: AcceleratorNode[];
  /** Runtime handlers nodes report in status.runtimeHandlers (1.30+), with how many nodes report each. */
  runtimeHandlers: Map<string, number>;
  /** Nodes that report status.runtimeHandlers at all. */
  handlersReported: number;
}

export async function readNodes(reader: KubeReader): Promise<NodeInventory> {
  const inv: NodeInventory = {
    total: 0,
    ready: 0,
    accelerated: [],
    networked: [],
    runtimeHandlers: new Map(),
    handlersReported: 0
  };
  await reader.each({ group: '', version: 'v1', resource: 'nodes' }, {}, node => {
    inv.total++;
    const ready = isTrue(node, 'Ready');
    if (ready) inv.ready++;
    const handlers = node?.status?.runtimeHandlers;
    if (Array.isArray(handlers)) {
      inv.handlersReported++;
      for (const h of handlers) {
        const name = String(h?.name ?? '');
        inv.runtimeHandlers.set(name, (inv.runtimeHandlers.get(name) ?? 0) + 1);
      }
    }
    const resources: AcceleratorNode['resources'] = {};
    let accelerated = false;
    let networked = false;
    const allocatable = node?.status?.allocatable ?? {};
    const capacity = node?.status?.capacity ?? {};
    for (const key of new Set([...Object.keys(allocatable), ...Object.keys(capacity)])) {
      const isAccel = ACCELERATOR_RESOURCE.test(key);
      const isNet = NETWORK_RESOURCE.test(key);
      if (!isAccel && !isNet) continue;
      const entry = { allocatable: quantity(allocatable[key]), capacity: quantity(capacity[key]) };
      resources[key] = entry;
      if (isAccel && (entry.allocatable > 0 || entry.capacity > 0)) accelerated = true;
      if (isNet && (entry.allocatable > 0 || entry.capacity > 0)) networked = true;
    }
    const allLabels: Record<string, string> = node?.metadata?.labels ?? {};
    if (!accelerated) {
      accelerated = Object.entries(allLabels).some(([k, v]) =>
        ACCELERATOR_LABELS.some(([key, value]) => key.test(k) && (!value || value.test(String(v))))
      );
    }
    if (!accelerated && !networked) return;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(allLabels)) if (KEPT_LABEL.test(k)) labels[k] = String(v);
    const entry: AcceleratorNode = {
      name: String(node?.metadata?.name ?? ''),
      ready,
      schedulable: !node?.spec?.unschedulable,
      resources,
      labels,
      containerRuntime: String(node?.status?.nodeInfo?.containerRuntimeVersion ?? ''),
      kubelet: String(node?.status?.nodeInfo?.kubeletVersion ?? '')
    };
    if (accelerated) inv.accelerated.push(entry);
    if (networked) inv.networked.push(entry);
  });
  return inv;
}

/** Whole-unit quantities ("4", "8k", "16Gi" → numbers); accelerator counts are plain integers. */
export function quantity(value: unknown): number {
  if (value === undefined || value === null) return 0;
  const m = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(String(value).trim());
  if (!m) return 0;
  const n = Number(m[1]);
  const mult: Record<string, number> = {
    '': 1,
    m: 0.001,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4
  };
  return n * (mult[m[2]] ?? 1);
}

/** The accelerator count a node offers: allocatable devices, else what its labels say. */
export function acceleratorCount(node: AcceleratorNode): number {
  let n = 0;
  for (const [key, r] of Object.entries(node.resources)) {
    if (
      /^(nvidia\.com\/gpu|amd\.com\/gpu|habana\.ai\/gaudi|google\.com\/tpu|aws\.amazon\.com\/neuron(core)?)$/.test(
        key
      )
    ) {
      n += r.allocatable;
    }
  }
  if (n > 0) return n;
  const fromLabel = Number(
    node.labels['nvidia.com/gpu.count'] ?? node.labels['aliyun.accelerator/nvidia_count']
  );
  return Number.isFinite(fromLabel) ? fromLabel : 0;
}

/** "NVIDIA-A10" / "NVIDIA A10": the product a node's labels name. */
export function acceleratorProduct(node: AcceleratorNode): string | undefined {
  return (
    node.labels['nvidia.com/gpu.product'] ??
    node.labels['aliyun.accelerator/nvidia_name'] ??
    node.labels['cloud.google.com/gke-accelerator']
  );
}

/** Nodes that advertise whole devices to the scheduler through a device plugin resource. */
export function advertising(nodes: AcceleratorNode[]): AcceleratorNode[] {
  return nodes.filter(n =>
    Object.entries(n.resources).some(([k, r]) => ACCELERATOR_RESOURCE.test(k) && r.allocatable > 0)
  );
}
