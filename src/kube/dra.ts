/**
 * Dynamic Resource Allocation as published: DeviceClasses, and ResourceSlices reduced per driver
 * (nodes, devices, pools, attribute names, partitionable devices). Read at the newest served
 * version of resource.k8s.io; v1beta1's `basic` device wrapper is unwrapped.
 */
import type { Discovery } from './discovery.js';
import type { KubeReader } from './reader.js';

export const DRA_GROUP = 'resource.k8s.io';
export const DRA_KINDS = [
  'deviceclasses',
  'resourceclaims',
  'resourceclaimtemplates',
  'resourceslices'
] as const;

export interface DeviceClassInfo {
  name: string;
  /** Drivers its CEL selectors name (`device.driver == "gpu.nvidia.com"`). */
  drivers: string[];
  extendedResourceName?: string;
}

export interface DraDriver {
  driver: string;
  slices: number;
  nodes: Set<string>;
  devices: number;
  pools: Set<string>;
  /** Attribute names seen on devices (e.g. "productName", "driverVersion", "type"). */
  attributes: Set<string>;
  /** Attribute values of the first device, stringified (for evidence). */
  sample: Record<string, string>;
  /** Devices with consumesCounters (partitions of a shared device: MIG through DRA). */
  partitions: number;
  /** Devices allowing several allocations (consumable capacity). */
  shareable: number;
  /** Values of a "type" attribute ("gpu", "mig", "vfio" ...). */
  types: Set<string>;
  allNodes: boolean;
}

export interface DraInventory {
  /** The resource.k8s.io version read (null when the group is not served). */
  version: string | null;
  classes: DeviceClassInfo[];
  drivers: Map<string, DraDriver>;
}

/** The newest served version with all four kinds, else the preferred one serving resourceslices. */
export function draVersion(discovery: Discovery): string | null {
  const versions = discovery.versions(DRA_GROUP);
  const full = versions.find(v => DRA_KINDS.every(k => discovery.serves(DRA_GROUP, v, k)));
  return full ?? discovery.versionsOf(DRA_GROUP, 'resourceslices')[0] ?? null;
}

export async function readDra(reader: KubeReader, discovery: Discovery): Promise<DraInventory> {
  const version = draVersion(discovery);
  if (!version) return { version: null, classes: [], drivers: new Map() };
  const drivers = new Map<string, DraDriver>();
  const [classes] = await Promise.all([
    discovery.serves(DRA_GROUP, version, 'deviceclasses')
      ? reader.list({ group: DRA_GROUP, version, resource: 'deviceclasses' }, {}, deviceClass)
      : Promise.resolve([] as DeviceClassInfo[]),
    discovery.serves(DRA_GROUP, version, 'resourceslices')
      ? reader.each({ group: DRA_GROUP, version, resource: 'resourceslices' }, {}, slice =>
          addSlice(drivers, slice)
        )
      : Promise.resolve(0)
  ]);
  return { version, classes, drivers };
}

function deviceClass(obj: any): DeviceClassInfo {
  const drivers = new Set<string>();
  for (const sel of Array.isArray(obj?.spec?.selectors) ? obj.spec.selectors : []) {
    const expr = String(sel?.cel?.expression ?? '');
    for (const m of expr.matchAll(/device\.driver\s*==\s*["']([^"']+)["']/g)) drivers.add(m[1]);
  }
  return {
    name: String(obj?.metadata?.name ?? ''),
    drivers: [...drivers],
    extendedResourceName: obj?.spec?.extendedResourceName || undefined
  };
}

function addSlice(drivers: Map<string, DraDriver>, slice: any): void {
  const spec = slice?.spec ?? {};
  const name = String(spec.driver ?? '');
  let d = drivers.get(name);
  if (!d) {
    d = {
      driver: name,
      slices: 0,
      nodes: new Set(),
      devices: 0,
      pools: new Set(),
      attributes: new Set(),
      sample: {},
      partitions: 0,
      shareable: 0,
      types: new Set(),
      allNodes: false
    };
    drivers.set(name, d);
  }
  d.slices++;
  if (spec.nodeName) d.nodes.add(String(spec.nodeName));
  if (spec.allNodes) d.allNodes = true;
  if (spec.pool?.name) d.pools.add(String(spec.pool.name));
  for (const raw of Array.isArray(spec.devices) ? spec.devices : []) {
    const device = raw?.basic ? { ...raw, ...raw.basic } : raw;
    d.devices++;
    const attrs: Record<string, any> = device?.attributes ?? {};
    for (const [k, v] of Object.entries(attrs)) {
      d.attributes.add(k);
      if (k === 'type' || k.endsWith('/type')) d.types.add(attrValue(v));
    }
    if (Object.keys(d.sample).length === 0) {
      for (const [k, v] of Object.entries(attrs).slice(0, 12)) d.sample[k] = attrValue(v);
    }
    if (Array.isArray(device?.consumesCounters) && device.consumesCounters.length > 0) d.partitions++;
    if (device?.allowMultipleAllocations) d.shareable++;
  }
}

function attrValue(v: any): string {
  if (v === null || typeof v !== 'object') return String(v);
  for (const key of ['string', 'version', 'int', 'bool']) if (v[key] !== undefined) return String(v[key]);
  return JSON.stringify(v);
}

/** Drivers that publish accelerators (by name or by what their devices say). */
export function acceleratorDrivers(inv: DraInventory): DraDriver[] {
  return [...inv.drivers.values()].filter(
    d =>
      d.devices > 0 &&
      (/gpu|tpu|neuron|accelerator|gaudi|habana/i.test(d.driver) ||
        [...d.attributes].some(a => /productName|cudaComputeCapability|architecture/i.test(a)))
  );
}
