/**
 * DRA as the part-1 checks use it: device requests in the shape of each resource.k8s.io version,
 * ResourceClaim and ResourceClaimTemplate manifests, and how many devices of a driver each node
 * publishes and how many of them claims already hold (so a claim that stays pending can be told
 * apart from a cluster whose devices are all in use).
 */
import { DRA_GROUP } from '../../../kube/dra.js';
import type { FunctionalContext, KubeObject } from '../../../kube/functional/types.js';

export interface DeviceRequest {
  name: string;
  deviceClassName: string;
  count?: number;
  /** CEL expressions on the device (`device.attributes["gpu.nvidia.com"].productName == "…"`). */
  selectors?: string[];
}

/** One request; v1beta1 has its fields flat, v1beta2 and v1 under `exactly`. */
export function deviceRequest(version: string, r: DeviceRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    deviceClassName: r.deviceClassName,
    allocationMode: 'ExactCount',
    count: r.count ?? 1,
    ...(r.selectors?.length ? { selectors: r.selectors.map(expression => ({ cel: { expression } })) } : {})
  };
  return version === 'v1beta1' ? { name: r.name, ...body } : { name: r.name, exactly: body };
}

export function resourceClaim(version: string, name: string, r: DeviceRequest): KubeObject {
  return {
    apiVersion: `${DRA_GROUP}/${version}`,
    kind: 'ResourceClaim',
    metadata: { name },
    spec: { devices: { requests: [deviceRequest(version, r)] } }
  };
}

export function resourceClaimTemplate(version: string, name: string, r: DeviceRequest): KubeObject {
  return {
    apiVersion: `${DRA_GROUP}/${version}`,
    kind: 'ResourceClaimTemplate',
    metadata: { name },
    spec: { spec: { devices: { requests: [deviceRequest(version, r)] } } }
  };
}

export interface DeviceRoom {
  /** Devices the driver publishes on the node. */
  devices: number;
  /** Of those, not allocated to any claim. */
  free: number;
}

/** Devices of a driver per node, and how many no claim holds (read from ResourceSlices and ResourceClaims). */
export async function draDeviceRoom(
  ctx: FunctionalContext,
  version: string,
  driver: string
): Promise<Map<string, DeviceRoom>> {
  const [slices, claims] = await Promise.all([
    ctx.list<KubeObject>({ group: DRA_GROUP, version, resource: 'resourceslices' }),
    ctx.list<KubeObject>({ group: DRA_GROUP, version, resource: 'resourceclaims' })
  ]);
  const nodeOf = new Map<string, string>();
  for (const s of slices) {
    if (s.spec?.driver !== driver || !s.spec?.nodeName) continue;
    for (const d of s.spec?.devices ?? [])
      nodeOf.set(`${s.spec.pool?.name}/${d.name}`, String(s.spec.nodeName));
  }
  const out = new Map<string, DeviceRoom>();
  for (const node of nodeOf.values()) {
    const r = out.get(node) ?? { devices: 0, free: 0 };
    r.devices++;
    r.free++;
    out.set(node, r);
  }
  for (const c of claims) {
    for (const res of c.status?.allocation?.devices?.results ?? []) {
      if (res?.driver !== driver) continue;
      const node = nodeOf.get(`${res.pool}/${res.device}`);
      const r = node ? out.get(node) : undefined;
      if (r && r.free > 0) r.free--;
    }
  }
  return out;
}

/** "gpu.nvidia.com cn-hangzhou.10.0.2.21/gpu-0" for each device a claim was allocated. */
export function allocatedDevices(claim: any): string[] {
  return (claim?.status?.allocation?.devices?.results ?? []).map(
    (r: any) => `${r.driver} ${r.pool}/${r.device}`
  );
}

/** Whether a claim is reserved for the pod with this uid. */
export function reservedFor(claim: any, podUid: string): boolean {
  return (claim?.status?.reservedFor ?? []).some((r: any) => r?.uid === podUid);
}
