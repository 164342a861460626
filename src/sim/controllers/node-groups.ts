/**
 * Node groups a cluster autoscaler may grow and shrink, as scenario parts declare them under
 * `spec.nodeGroups`: the labels that make a node a member, the size bounds, and the template a
 * new node is made from (labels, taints, capacity, GPUs).
 *
 *   nodeGroups:
 *   - name: gpu-a10
 *     minSize: 1
 *     maxSize: 4
 *     nodeSelector: {nvidia.com/gpu.product: NVIDIA-A10}
 *     template:
 *       namePattern: kind-gpu-worker{n}      # {n}: a counter from firstIndex
 *       firstIndex: 3
 *       labels: {...}                        # must include the nodeSelector labels
 *       taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
 *       capacity: {cpu: "16", memory: 64Gi, pods: "110"}
 *       gpus: {model: NVIDIA A10, count: 2}
 */
import { GPU_MODELS } from '../pods/hardware.js';

export interface NodeGroupSpec {
  name: string;
  minSize: number;
  maxSize: number;
  nodeSelector: Record<string, string>;
  template: {
    namePattern: string;
    firstIndex: number;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    taints: Array<{ key: string; value?: string; effect: string }>;
    capacity: Record<string, string>;
    gpus?: { model: string; count: number };
    /** Written into each new node's spec.providerID ({name} is the node name). */
    providerID?: string;
  };
}

export class NodeGroupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NodeGroupError';
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function stringMap(v: unknown, at: string): Record<string, string> {
  if (v === undefined) return {};
  if (!isMap(v) || Object.values(v).some(x => typeof x !== 'string'))
    throw new NodeGroupError(`${at}: expected a mapping of strings (quote numbers)`);
  return v as Record<string, string>;
}

function count(v: unknown, at: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw new NodeGroupError(`${at}: expected a whole number of at least 0`);
  return v;
}

export function parseNodeGroups(raw: unknown[], where: string): NodeGroupSpec[] {
  const names = new Set<string>();
  return raw.map((g, i) => {
    const at = `${where}[${i}]`;
    if (!isMap(g)) throw new NodeGroupError(`${at}: expected a mapping`);
    if (typeof g.name !== 'string' || !g.name)
      throw new NodeGroupError(`${at}.name: expected a non-empty string`);
    if (names.has(g.name)) throw new NodeGroupError(`${at}.name: node group "${g.name}" is declared twice`);
    names.add(g.name);
    const minSize = count(g.minSize, `${at}.minSize`);
    const maxSize = count(g.maxSize, `${at}.maxSize`);
    if (maxSize < minSize) throw new NodeGroupError(`${at}.maxSize: ${maxSize} is below minSize ${minSize}`);
    const nodeSelector = stringMap(g.nodeSelector, `${at}.nodeSelector`);
    if (!Object.keys(nodeSelector).length)
      throw new NodeGroupError(
        `${at}.nodeSelector: expected at least one label that marks the group's nodes`
      );
    const t = g.template;
    if (!isMap(t)) throw new NodeGroupError(`${at}.template: expected a mapping`);
    if (typeof t.namePattern !== 'string' || !t.namePattern.includes('{n}')) {
      throw new NodeGroupError(
        `${at}.template.namePattern: expected a node name with {n} where the counter goes`
      );
    }
    const labels = stringMap(t.labels, `${at}.template.labels`);
    const missing = Object.entries(nodeSelector).find(([k, v]) => labels[k] !== v);
    if (missing)
      throw new NodeGroupError(
        `${at}.template.labels: must carry the nodeSelector label ${missing[0]}: "${missing[1]}" so new nodes join the group`
      );
    if (
      t.taints !== undefined &&
      (!Array.isArray(t.taints) ||
        t.taints.some(x => !isMap(x) || typeof x.key !== 'string' || typeof x.effect !== 'string'))
    ) {
      throw new NodeGroupError(`${at}.template.taints: expected a list of {key, value?, effect}`);
    }
    const capacity = stringMap(t.capacity, `${at}.template.capacity`);
    for (const k of ['cpu', 'memory', 'pods'])
      if (!capacity[k]) throw new NodeGroupError(`${at}.template.capacity.${k}: required`);
    let gpus: NodeGroupSpec['template']['gpus'];
    if (t.gpus !== undefined) {
      if (!isMap(t.gpus) || typeof t.gpus.model !== 'string')
        throw new NodeGroupError(`${at}.template.gpus: expected {model, count}`);
      if (!GPU_MODELS[t.gpus.model]) {
        throw new NodeGroupError(
          `${at}.template.gpus.model: "${t.gpus.model}" is not simulated; choose one of ${Object.keys(GPU_MODELS).join(', ')}`
        );
      }
      gpus = { model: t.gpus.model, count: count(t.gpus.count, `${at}.template.gpus.count`) };
    }
    return {
      name: g.name,
      minSize,
      maxSize,
      nodeSelector,
      template: {
        namePattern: t.namePattern,
        firstIndex: t.firstIndex === undefined ? 1 : count(t.firstIndex, `${at}.template.firstIndex`),
        labels,
        annotations: stringMap(t.annotations, `${at}.template.annotations`),
        taints: (t.taints as NodeGroupSpec['template']['taints']) ?? [],
        capacity,
        ...(gpus ? { gpus } : {}),
        ...(typeof t.providerID === 'string' ? { providerID: t.providerID } : {})
      }
    };
  });
}
