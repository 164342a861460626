/**
 * Dynamic Resource Allocation as the scheduler and the resourceclaim controller do it: claims
 * generated from a pod's ResourceClaimTemplates, devices allocated from ResourceSlices through the
 * DeviceClass and request selectors, reservations for the pod, and release when it is done.
 */
import type { SimContext } from '../controllers/context.js';
import { isTerminal } from '../controllers/pod-index.js';
import type { KObject } from '../store.js';
import { celDevice, CelError, evalSelector } from './cel.js';
import { derivedSuffix } from './defaults.js';

const G = 'resource.k8s.io';

export interface PodClaim {
  /** The entry name in pod.spec.resourceClaims. */
  name: string;
  claimName?: string;
  templateName?: string;
}

export function podClaims(pod: KObject): PodClaim[] {
  return (pod.spec?.resourceClaims ?? []).map((c: any) => {
    const generated = (pod.status?.resourceClaimStatuses ?? []).find((s: any) => s.name === c.name)?.resourceClaimName;
    return {
      name: c.name,
      claimName: c.resourceClaimName ?? generated,
      templateName: c.resourceClaimTemplateName
    };
  });
}

function preferredVersion(ctx: SimContext, resource: string): string | undefined {
  const t = ctx.store.typeOf(G, resource);
  return t ? `${G}/${t.versions[0]}` : undefined;
}

/**
 * Creates the claims of a pod's templates (once) and records them in the pod's status.
 * Returns a message when a claim or template the pod needs does not exist.
 */
export function ensureGeneratedClaims(ctx: SimContext, pod: KObject): string | undefined {
  const claims = podClaims(pod);
  if (!claims.length) return undefined;
  const statuses = [...(pod.status?.resourceClaimStatuses ?? [])];
  let changed = false;
  for (const c of claims) {
    if (c.templateName && !c.claimName) {
      const tmpl = ctx.store.get(G, 'resourceclaimtemplates', pod.metadata.namespace, c.templateName);
      if (!tmpl) return `resourceclaimtemplate.resource.k8s.io "${c.templateName}" not found`;
      const name = `${pod.metadata.name}-${c.name}-${derivedSuffix(`${pod.metadata.uid}/${c.name}`)}`.slice(0, 253);
      if (!ctx.store.get(G, 'resourceclaims', pod.metadata.namespace, name)) {
        ctx.store.create({
          apiVersion: preferredVersion(ctx, 'resourceclaims') ?? tmpl.apiVersion,
          kind: 'ResourceClaim',
          metadata: {
            name,
            namespace: pod.metadata.namespace,
            annotations: { 'resource.kubernetes.io/pod-claim-name': c.name },
            labels: { ...(tmpl.spec?.metadata?.labels ?? {}) },
            ownerReferences: [
              { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name!, uid: pod.metadata.uid!, controller: true, blockOwnerDeletion: true }
            ]
          },
          spec: structuredClone(tmpl.spec?.spec ?? {})
        });
      }
      statuses.push({ name: c.name, resourceClaimName: name });
      changed = true;
    } else if (c.claimName && !c.templateName) {
      if (!ctx.store.get(G, 'resourceclaims', pod.metadata.namespace, c.claimName)) {
        return `resourceclaim "${c.claimName}" not found`;
      }
    }
  }
  if (changed) {
    const cur = ctx.store.get('', 'pods', pod.metadata.namespace, pod.metadata.name!);
    if (cur) ctx.store.update({ ...cur, status: { ...(cur.status ?? {}), resourceClaimStatuses: statuses } }, { subresource: 'status' });
  }
  return undefined;
}

interface Request {
  name: string;
  deviceClassName: string;
  allocationMode: string;
  count: number;
  selectors: string[];
}

/** A claim's requests (v1 `exactly` and `firstAvailable`, or the v1beta1 flat shape), alternatives in order. */
function requests(claim: KObject): Array<Request[]> {
  return (claim.spec?.devices?.requests ?? []).map((r: any) => {
    const one = (x: any, name: string): Request => ({
      name,
      deviceClassName: x.deviceClassName,
      allocationMode: x.allocationMode ?? 'ExactCount',
      count: x.count ?? 1,
      selectors: (x.selectors ?? []).map((s: any) => s?.cel?.expression).filter(Boolean)
    });
    if (Array.isArray(r.firstAvailable)) return r.firstAvailable.map((s: any) => one(s, `${r.name}/${s.name}`));
    return [one(r.exactly ?? r, r.name)];
  });
}

export interface DeviceRef {
  driver: string;
  pool: string;
  device: string;
}

export const refKey = (d: DeviceRef): string => `${d.driver}/${d.pool}/${d.device}`;

function allocatedDevices(ctx: SimContext, except: Set<string>): Set<string> {
  const used = new Set<string>();
  for (const c of ctx.store.list(G, 'resourceclaims')) {
    if (except.has(`${c.metadata.namespace}/${c.metadata.name}`)) continue;
    for (const r of c.status?.allocation?.devices?.results ?? []) used.add(refKey(r));
  }
  return used;
}

function sliceOnNode(slice: KObject, node: KObject): boolean {
  const s = slice.spec ?? {};
  if (s.nodeName) return s.nodeName === node.metadata.name;
  if (s.allNodes) return true;
  return false;
}

/**
 * Complete pools of the highest generation only, as the allocator uses them. A broken driver's
 * devices (the dra-driver-never-allocates break) are published but never handed out.
 */
function candidateDevices(ctx: SimContext, node: KObject): Array<{ ref: DeviceRef; device: any }> {
  const broken = ctx.controllers.dra.neverAllocate;
  const slices = ctx.store.list(G, 'resourceslices').filter(s => sliceOnNode(s, node) && !broken.includes(s.spec?.driver));
  const maxGen = new Map<string, number>();
  for (const s of slices) {
    const k = `${s.spec.driver}/${s.spec.pool?.name}`;
    maxGen.set(k, Math.max(maxGen.get(k) ?? 0, s.spec.pool?.generation ?? 0));
  }
  const out: Array<{ ref: DeviceRef; device: any }> = [];
  for (const s of slices) {
    const pool = s.spec.pool?.name;
    if ((s.spec.pool?.generation ?? 0) !== maxGen.get(`${s.spec.driver}/${pool}`)) continue;
    for (const d of s.spec.devices ?? []) out.push({ ref: { driver: s.spec.driver, pool, device: d.name }, device: d });
  }
  return out;
}

export type AllocationPlan = Map<string, { results: Array<DeviceRef & { request: string }> }>;

/**
 * Tries to allocate every unallocated claim on a node. Returns the plan, or undefined when some
 * claim cannot be satisfied there ("cannot allocate all claims").
 */
export function planAllocation(ctx: SimContext, claims: KObject[], node: KObject, alsoUsed?: Set<string>): AllocationPlan | undefined {
  const plan: AllocationPlan = new Map();
  const pending = claims.filter(c => !c.status?.allocation);
  for (const c of claims) {
    if (!c.status?.allocation) continue;
    // An allocated claim binds its pods to the node it was allocated on.
    const terms = c.status.allocation.nodeSelector?.nodeSelectorTerms ?? [];
    const names = terms.flatMap((t: any) => (t.matchFields ?? []).flatMap((f: any) => f.values ?? []));
    if (names.length && !names.includes(node.metadata.name)) return undefined;
  }
  if (!pending.length) return plan;
  const used = allocatedDevices(ctx, new Set(pending.map(c => `${c.metadata.namespace}/${c.metadata.name}`)));
  // Devices planned for other pods not yet bound (a gang placed together).
  for (const k of alsoUsed ?? []) used.add(k);
  const devices = candidateDevices(ctx, node);
  for (const claim of pending) {
    const results: Array<DeviceRef & { request: string }> = [];
    for (const alternatives of requests(claim)) {
      let satisfied = false;
      for (const req of alternatives) {
        const cls = ctx.store.get(G, 'deviceclasses', undefined, req.deviceClassName);
        if (!cls) continue;
        const selectors = [...(cls.spec?.selectors ?? []).map((s: any) => s?.cel?.expression).filter(Boolean), ...req.selectors];
        const fit = devices.filter(d => {
          if (used.has(refKey(d.ref))) return false;
          const view = celDevice(d.ref.driver, d.device);
          try {
            return selectors.every((e: string) => evalSelector(e, view));
          } catch (e) {
            if (!(e instanceof CelError)) throw e;
            return false;
          }
        });
        const want = req.allocationMode === 'All' ? fit.length : req.count;
        if (want === 0 || fit.length < want) continue;
        for (const d of fit.slice(0, want)) {
          used.add(refKey(d.ref));
          results.push({ request: req.name, ...d.ref });
        }
        satisfied = true;
        break;
      }
      if (!satisfied) return undefined;
    }
    plan.set(`${claim.metadata.namespace}/${claim.metadata.name}`, { results });
  }
  return plan;
}

/** Writes the allocations of a plan and reserves every claim of the pod for it. */
export function commitAllocation(ctx: SimContext, pod: KObject, claims: KObject[], node: KObject, plan: AllocationPlan): void {
  const now = ctx.store.timestamp();
  for (const c of claims) {
    const cur = ctx.store.get(G, 'resourceclaims', c.metadata.namespace, c.metadata.name!);
    if (!cur) continue;
    const status = { ...(cur.status ?? {}) };
    const p = plan.get(`${c.metadata.namespace}/${c.metadata.name}`);
    if (p && !status.allocation) {
      status.allocation = {
        devices: { results: p.results },
        nodeSelector: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node.metadata.name] }] }]
        },
        allocationTimestamp: now
      };
    }
    const reserved = [...(status.reservedFor ?? [])];
    if (!reserved.some((r: any) => r.uid === pod.metadata.uid)) reserved.push({ resource: 'pods', name: pod.metadata.name, uid: pod.metadata.uid });
    status.reservedFor = reserved;
    ctx.store.update({ ...cur, status }, { subresource: 'status' });
  }
}

/** The claims of a pod, when all exist. */
export function claimsOf(ctx: SimContext, pod: KObject): KObject[] | undefined {
  const out: KObject[] = [];
  for (const c of podClaims(pod)) {
    const claim = c.claimName && ctx.store.get(G, 'resourceclaims', pod.metadata.namespace, c.claimName);
    if (!claim) return undefined;
    out.push(claim);
  }
  return out;
}

/**
 * The resourceclaim controller's release: a pod that finished or is gone no longer reserves
 * its claims, and a claim nobody reserves is deallocated.
 */
export function startClaimReleaser(ctx: SimContext): () => void {
  const release = (pod: KObject): void => {
    if (!ctx.store.typeOf(G, 'resourceclaims')) return;
    for (const c of podClaims(pod)) {
      if (!c.claimName) continue;
      const cur = ctx.store.get(G, 'resourceclaims', pod.metadata.namespace, c.claimName);
      if (!cur?.status?.reservedFor?.some((r: any) => r.uid === pod.metadata.uid)) continue;
      const reservedFor = cur.status.reservedFor.filter((r: any) => r.uid !== pod.metadata.uid);
      const status: any = { ...cur.status, reservedFor };
      if (!reservedFor.length) {
        delete status.reservedFor;
        delete status.allocation;
      }
      ctx.store.update({ ...cur, status }, { subresource: 'status' });
    }
  };
  const queue: KObject[] = [];
  let handle: unknown = null;
  const flush = (): void => {
    handle = null;
    for (const p of queue.splice(0)) release(p);
  };
  return ctx.store.onChange(ch => {
    if (ch.rtype.group !== '' || ch.rtype.resource !== 'pods') return;
    if (!ch.object.spec?.resourceClaims?.length) return;
    if (ch.type === 'DELETED' || isTerminal(ch.object)) {
      queue.push(ch.object);
      if (handle === null) handle = ctx.clock.setTimeout(flush, 0);
    }
  });
}
