/**
 * Settings of the simulated controllers a scenario part switches on (Kueue, Volcano, the
 * coscheduling plugin, the cluster autoscaler) or tunes (the HPA controller and DRA allocation,
 * always on), as scenario files give them under `spec.controllers` and breaks override them under
 * `breaks[].controllers`. Durations are written like "2s" and held in milliseconds. Defaults are
 * short so a CLI run on the real clock stays quick.
 */
import { parseDuration } from '../behaviours/load.js';

/** A controller acts only while a pod like this runs ready (its Deployment in the scenario). */
export interface PodGate {
  namespace: string;
  labels: Record<string, string>;
}

export interface ServiceRef {
  namespace: string;
  name: string;
}

export interface KueueSettings {
  pod?: PodGate;
  /** The Service behind Kueue's webhooks: with no ready endpoints, managed Job creation fails. */
  webhookService?: ServiceRef;
  /** Broken: every workload is admitted regardless of quota and its pods start one at a time. */
  admitPartially: boolean;
  /** Broken mode: time between one more pod being allowed to start. */
  partialStep: number;
}

export interface GangSettings {
  pod?: PodGate;
  /** Broken: pods of a group are bound one by one as each fits, ignoring the group's minimum. */
  bindPartially: boolean;
}

export interface AutoscalerSettings {
  pod?: PodGate;
  /** Time between two autoscaler loops. */
  scanInterval: number;
  /** Time from a scale-up decision until the new Node registers. */
  provisionDelay: number;
  /** How long an added node must stay empty before it is removed. */
  scaleDownUnneeded: number;
  /** Time a requested node may take to register before the scale-up counts as failed. */
  provisionTimeout: number;
  /** Broken: scale-ups are requested but the node never registers. */
  neverAddsNode: boolean;
}

export interface HpaSettings {
  /** --horizontal-pod-autoscaler-sync-period (15 s, as upstream). */
  syncPeriod: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization (when the HPA sets no behavior). */
  downscaleStabilization: number;
  /** --horizontal-pod-autoscaler-tolerance. */
  tolerance: number;
  /** Broken: metrics are read and reported, but the target is never rescaled. */
  neverScales: boolean;
}

export interface DraSettings {
  /** Broken drivers: their devices are published but never allocated. */
  neverAllocate: string[];
}

export interface ControllerSettings {
  kueue?: KueueSettings;
  volcano?: GangSettings;
  coscheduling?: GangSettings;
  'cluster-autoscaler'?: AutoscalerSettings;
  hpa: HpaSettings;
  dra: DraSettings;
}

type FieldType = 'boolean' | 'duration' | 'number' | 'strings' | 'pod' | 'service';

interface Field {
  type: FieldType;
  default?: unknown;
}

const POD: Field = { type: 'pod' };
const SCHEMA: Record<keyof ControllerSettings, Record<string, Field>> = {
  kueue: {
    pod: POD,
    webhookService: { type: 'service' },
    admitPartially: { type: 'boolean', default: false },
    partialStep: { type: 'duration', default: 2000 }
  },
  volcano: { pod: POD, bindPartially: { type: 'boolean', default: false } },
  coscheduling: { pod: POD, bindPartially: { type: 'boolean', default: false } },
  'cluster-autoscaler': {
    pod: POD,
    scanInterval: { type: 'duration', default: 2000 },
    provisionDelay: { type: 'duration', default: 2000 },
    scaleDownUnneeded: { type: 'duration', default: 10_000 },
    provisionTimeout: { type: 'duration', default: 30_000 },
    neverAddsNode: { type: 'boolean', default: false }
  },
  hpa: {
    syncPeriod: { type: 'duration', default: 15_000 },
    downscaleStabilization: { type: 'duration', default: 300_000 },
    tolerance: { type: 'number', default: 0.1 },
    neverScales: { type: 'boolean', default: false }
  },
  dra: { neverAllocate: { type: 'strings', default: [] } }
};

/** Controllers that always run (built into kube-controller-manager / kube-scheduler). */
const ALWAYS_ON = ['hpa', 'dra'] as const;

/** Validated settings as one scenario part or break gives them (unset fields left out). */
export type PartialControllerSettings = Record<string, Record<string, unknown>>;

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** Checks `spec.controllers` (or a break's) and converts durations; every error names the YAML path. */
export function parseControllerSettings(raw: unknown, where: string): PartialControllerSettings {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new SettingsError(`${where}: expected a mapping of controller names to settings`);
  const out: PartialControllerSettings = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const schema = SCHEMA[name as keyof ControllerSettings];
    if (!schema)
      throw new SettingsError(
        `${where}.${name}: unknown controller; expected one of ${Object.keys(SCHEMA).join(', ')}`
      );
    const v = value ?? {};
    if (typeof v !== 'object' || Array.isArray(v))
      throw new SettingsError(`${where}.${name}: expected a mapping of settings`);
    const parsed: Record<string, unknown> = {};
    for (const [key, x] of Object.entries(v as Record<string, unknown>)) {
      const field = schema[key];
      const at = `${where}.${name}.${key}`;
      if (!field)
        throw new SettingsError(`${at}: unknown setting; expected one of ${Object.keys(schema).join(', ')}`);
      parsed[key] = parseField(field.type, x, at);
    }
    out[name] = parsed;
  }
  return out;
}

function parseField(type: FieldType, x: unknown, at: string): unknown {
  switch (type) {
    case 'boolean':
      if (typeof x !== 'boolean') throw new SettingsError(`${at}: expected true or false`);
      return x;
    case 'number':
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0)
        throw new SettingsError(`${at}: expected a number of at least 0`);
      return x;
    case 'duration':
      try {
        return parseDuration(x, at);
      } catch (e) {
        throw new SettingsError((e as Error).message);
      }
    case 'strings':
      if (!Array.isArray(x) || x.some(s => typeof s !== 'string'))
        throw new SettingsError(`${at}: expected a list of strings`);
      return [...x];
    case 'pod': {
      const o = x as Record<string, unknown>;
      if (
        !o ||
        typeof o !== 'object' ||
        typeof o.namespace !== 'string' ||
        !o.labels ||
        typeof o.labels !== 'object'
      ) {
        throw new SettingsError(`${at}: expected {namespace, labels} of the controller's pod`);
      }
      return { namespace: o.namespace, labels: { ...(o.labels as Record<string, string>) } };
    }
    case 'service': {
      const o = x as Record<string, unknown>;
      if (!o || typeof o !== 'object' || typeof o.namespace !== 'string' || typeof o.name !== 'string') {
        throw new SettingsError(`${at}: expected {namespace, name} of a Service`);
      }
      return { namespace: o.namespace, name: o.name };
    }
  }
}

/**
 * The settings the simulator runs with: controllers named by some part are on, with their
 * defaults, the parts' settings, then the breaks' overrides (which never switch a controller on).
 * Lists from several breaks add up.
 */
export function resolveControllerSettings(
  parts: PartialControllerSettings[],
  breaks: PartialControllerSettings[] = []
): ControllerSettings {
  const on = new Set<string>([...ALWAYS_ON, ...parts.flatMap(p => Object.keys(p))]);
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of on) {
    const schema = SCHEMA[name as keyof ControllerSettings];
    const merged: Record<string, unknown> = {};
    for (const [key, f] of Object.entries(schema))
      if (f.default !== undefined) merged[key] = structuredClone(f.default);
    for (const layer of [...parts, ...breaks]) {
      for (const [key, v] of Object.entries(layer[name] ?? {})) {
        merged[key] =
          schema[key].type === 'strings'
            ? [...new Set([...((merged[key] as string[]) ?? []), ...(v as string[])])]
            : v;
      }
    }
    out[name] = merged;
  }
  return out as unknown as ControllerSettings;
}

/** Settings with everything at its default and no optional controller on (tests, bare contexts). */
export function defaultControllerSettings(): ControllerSettings {
  return resolveControllerSettings([]);
}
