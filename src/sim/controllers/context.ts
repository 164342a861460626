/**
 * What every simulated component (controllers, scheduler, kubelet, handlers) shares: the store,
 * the clock, the event recorder, the node hardware, and the scenario's settings.
 */
import type { EventRecorder } from '../behaviours/events.js';
import type { Clock } from '../clock.js';
import type { ClusterNetwork } from '../net/network.js';
import type { Hardware } from '../pods/hardware.js';
import type { ContainerRule } from '../pods/rules.js';
import type { HandlerSpec } from '../scenarios/types.js';
import type { KObject, ObjectStore } from '../store.js';
import type { NodeGroupSpec } from './node-groups.js';
import { PodIndex } from './pod-index.js';
import { defaultControllerSettings, type ControllerSettings } from './settings.js';

export interface RuntimeSettings {
  /** A broken runtime: every container on a GPU node sees all of that node's GPUs. */
  exposeAllGpus: boolean;
  /**
   * The NVIDIA toolkit honours NVIDIA_VISIBLE_DEVICES in unprivileged containers (its upstream
   * default); a hardened runtime ignores it, so only allocated devices are visible.
   */
  acceptVisibleDevicesEnv: boolean;
  /** Time from binding to containers running (image pull, create). */
  startDelayMs: number;
  /** Sandbox runtime handlers the nodes' container runtime offers (RuntimeClass handler name → guest kernel). */
  sandboxHandlers?: Record<string, SandboxKernel>;
  /** A broken sandbox: pods of a sandbox RuntimeClass run, but on the node's own kernel. */
  sandboxSharesHostKernel?: boolean;
}

/** What a container of a sandbox runtime sees as its kernel (`uname -r`, /proc/version). */
export interface SandboxKernel {
  release: string;
  version: string;
}

export interface DevicePluginSpec {
  /** The extended resource advertised, e.g. nvidia.com/gpu or aliyun.com/gpu-mem. */
  resource: string;
  /** What one unit is: a whole GPU, a GiB of GPU memory, a count of GPUs, or a MIG instance (of `profile`). */
  unit: 'gpu' | 'gpu-mem-gib' | 'gpu-count' | 'mig';
  /** For MIG resources: the instance profile, e.g. 1g.5gb (resource nvidia.com/mig-1g.5gb). */
  profile?: string;
  /** The plugin's pods: when one runs ready on a GPU node, the node advertises the resource. */
  namespace: string;
  podLabels: Record<string, string>;
  /** Time-slicing: each GPU is advertised (and handed out) this many times. */
  replicas?: number;
}

export interface DraDriverSpec {
  driver: string;
  /** nvidia: the node's GPUs with NVIDIA's attributes; example: the example driver's fake GPUs. */
  devices: 'nvidia' | 'example';
  /** For example devices: how many each node has. */
  perNode?: number;
  namespace: string;
  podLabels: Record<string, string>;
}

export interface SimContext {
  store: ObjectStore;
  clock: Clock;
  events: EventRecorder;
  hardware: Hardware;
  runtime: RuntimeSettings;
  rules: ContainerRule[];
  devicePlugins: DevicePluginSpec[];
  draDrivers: DraDriverSpec[];
  /** Which optional controllers run (Kueue, Volcano, ...) and how (breaks). */
  controllers: ControllerSettings;
  /** Node groups a cluster autoscaler may scale. */
  nodeGroups: NodeGroupSpec[];
  /** The Kubernetes minor version simulated (messages changed across versions). */
  minor: number;
  pods: PodIndex;
  /** Problems a component hit and carried on from (shown by the CLI, asserted by tests). */
  warn(message: string): void;
  /** Simulated software run by pods (exporters, Prometheus, gateways, operators). */
  handlers?: HandlerSpec[];
  /** The cluster network, set by startCluster: what pods, Services and gateways answer. */
  network?: ClusterNetwork;
}

export function defaultRuntime(): RuntimeSettings {
  return { exposeAllGpus: false, acceptVisibleDevicesEnv: true, startDelayMs: 1000 };
}

export function createContext(
  parts: Omit<SimContext, 'pods' | 'warn' | 'rules' | 'devicePlugins' | 'draDrivers' | 'runtime' | 'controllers' | 'nodeGroups'> &
    Partial<Pick<SimContext, 'rules' | 'devicePlugins' | 'draDrivers' | 'runtime' | 'warn' | 'controllers' | 'nodeGroups'>>
): SimContext {
  return {
    rules: [],
    devicePlugins: [],
    draDrivers: [],
    runtime: defaultRuntime(),
    controllers: defaultControllerSettings(),
    nodeGroups: [],
    warn: () => undefined,
    ...parts,
    pods: new PodIndex(parts.store)
  };
}

/** "ns/name" of a namespaced object, "name" of a cluster-scoped one. */
export function keyOf(obj: KObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name!;
}

export function splitKey(key: string): [string | undefined, string] {
  const i = key.indexOf('/');
  return i < 0 ? [undefined, key] : [key.slice(0, i), key.slice(i + 1)];
}
