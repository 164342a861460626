/** The parsed form of scenario files (base clusters and add-ons); see src/sim/scenario.ts. */
import type { Stage } from '../behaviours/types.js';
import type { DevicePluginSpec, DraDriverSpec, RuntimeSettings } from '../controllers/context.js';
import type { NodeGroupSpec } from '../controllers/node-groups.js';
import type { PartialControllerSettings } from '../controllers/settings.js';
import type { ContainerRule } from '../pods/rules.js';
import type { KObject } from '../store.js';

export const SCENARIO_API_VERSION = 'sim.ai-conformance.dev/v1alpha1';

export interface CrdShorthand {
  group: string;
  kind: string;
  plural: string;
  scope: 'Namespaced' | 'Cluster';
  /** Served versions, the storage version first. */
  versions: string[];
  shortNames?: string[];
  categories?: string[];
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  /** Serve the status subresource (default true). */
  status?: boolean;
}

export interface GpuSpec {
  nodes: string[];
  model: string;
  count: number;
  /** The installed driver when it differs from the model's default (e.g. a node left behind). */
  driverVersion?: string;
  /** The CUDA version that driver supports (nvidia-smi "CUDA Version"). */
  cudaVersion?: string;
  /** MIG mode: each GPU partitioned into `count` instances of `profile` (the MIG manager's config). */
  mig?: { profile: string; count: number };
}

export const HANDLER_TYPES = ['dcgm-exporter', 'prometheus', 'custom-metrics', 'gateway', 'kuberay', 'kubeflow-trainer'] as const;
export type HandlerType = (typeof HANDLER_TYPES)[number];

export interface HandlerSpec {
  name: string;
  /** What the pods run: exporters and servers answer HTTP; gateway and operator types also reconcile objects. */
  type: HandlerType;
  namespace: string;
  podLabels?: Record<string, string>;
  /** Container port the handler listens on. */
  port?: number;
  options?: Record<string, unknown>;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface BreakSpec {
  name: string;
  description: string;
  disableStages: string[];
  containerRules: ContainerRule[];
  patches: Array<ObjectRef & { patch: Record<string, unknown> }>;
  remove: ObjectRef[];
  runtime?: Partial<RuntimeSettings>;
  handlerOptions: Record<string, Record<string, unknown>>;
  /** Overrides of simulated controllers' settings (src/sim/controllers/settings.ts). */
  controllers: PartialControllerSettings;
  /** GPUs that replace what parts put into the same nodes (e.g. another driver version). */
  gpus: GpuSpec[];
}

export interface ScenarioPart {
  kind: 'Cluster' | 'AddOn';
  name: string;
  description: string;
  /** Where its names and manifests come from, and what is unverified. */
  source: string;
  requires: string[];
  kubernetes?: { minor: number; gitVersion: string; platform?: string };
  crds: CrdShorthand[];
  gpus: GpuSpec[];
  devicePlugins: DevicePluginSpec[];
  draDrivers: DraDriverSpec[];
  containerRules: ContainerRule[];
  stages: Stage[];
  handlers: HandlerSpec[];
  breaks: BreakSpec[];
  runtime?: Partial<RuntimeSettings>;
  /** Simulated controllers this part switches on, with their settings. */
  controllers: PartialControllerSettings;
  /** Node groups a cluster autoscaler may scale. */
  nodeGroups: NodeGroupSpec[];
  objects: KObject[];
}
