/**
 * Every Deployment, DaemonSet and StatefulSet, reduced to name, labels, images, selector, ports
 * and readiness. Components are recognised by what they run (images) and how they are named, not
 * by the namespace one vendor installs them in.
 */
import { controllerState, type ControllerState } from './readiness.js';
import type { KubeReader } from './reader.js';

export interface Workload {
  kind: ControllerState['kind'];
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** Container images (not init containers), e.g. "nvcr.io/nvidia/k8s/dcgm-exporter:4.2.3-4.1.3-ubuntu22.04". */
  images: string[];
  /** spec.selector.matchLabels, to find its pods. */
  selector: Record<string, string>;
  /** Container ports of the pod template. */
  ports: Array<{ name?: string; port: number; container: string }>;
  state: ControllerState;
}

export interface WorkloadInventory {
  all: Workload[];
}

const KINDS: Array<[ControllerState['kind'], string]> = [
  ['Deployment', 'deployments'],
  ['DaemonSet', 'daemonsets'],
  ['StatefulSet', 'statefulsets']
];

export async function readWorkloads(reader: KubeReader): Promise<WorkloadInventory> {
  const lists = await Promise.all(
    KINDS.map(([kind, resource]) =>
      reader.list({ group: 'apps', version: 'v1', resource }, {}, obj => summarize(kind, obj))
    )
  );
  return { all: lists.flat() };
}

function summarize(kind: ControllerState['kind'], obj: any): Workload {
  const containers: any[] = obj?.spec?.template?.spec?.containers ?? [];
  const ports: Workload['ports'] = [];
  for (const c of containers) {
    for (const p of Array.isArray(c?.ports) ? c.ports : []) {
      if (typeof p?.containerPort === 'number')
        ports.push({ name: p.name, port: p.containerPort, container: String(c.name) });
    }
  }
  return {
    kind,
    namespace: String(obj?.metadata?.namespace ?? ''),
    name: String(obj?.metadata?.name ?? ''),
    labels: { ...(obj?.metadata?.labels ?? {}) },
    images: containers.map(c => String(c?.image ?? '')),
    selector: { ...(obj?.spec?.selector?.matchLabels ?? {}) },
    ports,
    state: controllerState(kind, obj)
  };
}

export interface WorkloadMatch {
  /** Matched against the workload's name. */
  name?: RegExp;
  /** Matched against each image's repository path (registry and tag included). */
  image?: RegExp;
  /** Matched against app.kubernetes.io/name, app, k8s-app and app.kubernetes.io/component labels. */
  label?: RegExp;
  kinds?: ControllerState['kind'][];
}

const APP_LABELS = [
  'app.kubernetes.io/name',
  'app',
  'k8s-app',
  'app.kubernetes.io/component',
  'control-plane'
];

/** Workloads matching any of the given tests (and one of the kinds, when given). */
export function findWorkloads(inv: WorkloadInventory, match: WorkloadMatch): Workload[] {
  return inv.all.filter(w => {
    if (match.kinds && !match.kinds.includes(w.kind)) return false;
    if (match.name?.test(w.name)) return true;
    if (match.image && w.images.some(i => match.image!.test(i))) return true;
    if (match.label && APP_LABELS.some(k => w.labels[k] !== undefined && match.label!.test(w.labels[k])))
      return true;
    return false;
  });
}

/** "kueue-system/kueue-controller-manager (Deployment, 1/1 ready)". */
export function describeWorkload(w: Workload): string {
  return `${w.namespace}/${w.name} (${w.kind}, ${w.state.summary})`;
}

/** The tag of the first image matching, e.g. "v0.14.1". */
export function imageTag(w: Workload, image?: RegExp): string | undefined {
  const img = w.images.find(i => !image || image.test(i)) ?? w.images[0];
  if (!img) return undefined;
  const at = img.indexOf('@');
  const ref = at >= 0 ? img.slice(0, at) : img;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(colon + 1) : undefined;
}
