/** The parsed form of scenario files (base clusters and add-ons); see src/sim/scenario.ts. */
import type { Stage } from '../behaviours/types.js';
import type { DevicePluginSpec, DraDriverSpec, RuntimeSettings } from '../controllers/context.js';
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
}

export interface HandlerSpec {
  name: string;
  type: 'dcgm-exporter' | 'prometheus' | 'custom-metrics';
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
  objects: KObject[];
}
