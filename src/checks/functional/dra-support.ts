/**
 * dra_support, functional: the DRA APIs work, and with a usable driver a claim gets a device.
 * - API: a ResourceClaimTemplate and a ResourceClaim are created, read, listed, patched and
 *   deleted in the run namespace (validation runs on create and patch), and a DeviceClass is
 *   created with server-side dry-run (`dryRun=All`), so nothing cluster-scoped is written.
 * - Allocation: where a driver publishes devices with one free on a ready node, a pod using a
 *   ResourceClaim (of the driver's DeviceClass) runs to completion; while it runs the claim must
 *   show its allocation (driver, pool, device) and be reserved for the pod. A claim is
 *   deallocated once its pod ends, so the claim is read while the pod runs (pitfall from aicr).
 *   With NVIDIA's driver the pod runs vectorAdd and must print "Test PASSED".
 * A claim that is never allocated although devices are free is the failure asked about.
 */
import { DRA_GROUP, acceleratorDrivers } from '../../kube/dra.js';
import type { FunctionalCheck, FunctionalContext, KubeObject } from '../../kube/functional/types.js';
import type { ResourceRef } from '../../kube/paths.js';
import { isTrue } from '../../kube/readiness.js';
import type { Finding } from '../types.js';
import { fail, pass } from '../finding.js';
import { isWaitTimeout } from './kit/gateway.js';
import {
  allocatedDevices,
  draDeviceRoom,
  resourceClaim,
  resourceClaimTemplate,
  reservedFor,
  type DeviceRequest
} from './kit/part1-dra.js';
import { describePod, PODS, podManifest, waitForPod } from './kit/pods.js';
import { prerequisite } from './kit/skip.js';

export const DRA_FUNCTIONAL = {
  /** Scheduling, allocation and a cold pull of the CUDA sample image. */
  allocatedMs: 300_000,
  finishMs: 300_000,
  /** How long the claim-backed pod keeps running after its work (the claim is read meanwhile). */
  holdS: 20
};

const CLAIM = 'gpu-claim';
const POD = 'claim-user';
const PASSED = 'Test PASSED';

interface Usable {
  driver: string;
  deviceClass: string;
  free: number;
  nodes: number;
}

export const draSupportFunctional: FunctionalCheck = {
  id: 'dra_support',
  // Holds a device when a driver offers one.
  exclusive: true,
  timeoutMs: 12 * 60_000,
  skip(detect) {
    return prerequisite(detect, 'the DRA APIs are not served');
  },
  async run(ctx, detect) {
    const dra = await ctx.dra();
    const version = dra.version;
    if (!version) throw new Error(`${DRA_GROUP} is no longer served`);
    const api = await crud(ctx, version, dra.classes[0]?.name ?? 'gpu.example.com');
    if (api.problem) return fail(api.problem, [], detect.solution);
    const usable = await usableDriver(ctx, version);
    if (!usable) {
      return pass(
        `${api.summary}; allocation not exercised: no DRA driver publishes a free device on a ready node`,
        [],
        detect.solution
      );
    }
    ctx.note(
      `allocation: driver ${usable.driver}, DeviceClass ${usable.deviceClass} (${usable.free} free device${usable.free === 1 ? '' : 's'} on ${usable.nodes} node${usable.nodes === 1 ? '' : 's'})`
    );
    return allocation(ctx, version, usable, api.summary, detect);
  }
};

/** Create, read, list, patch and delete of the namespaced kinds; dry-run create of a DeviceClass. */
async function crud(
  ctx: FunctionalContext,
  version: string,
  deviceClassName: string
): Promise<{ summary: string; problem?: string }> {
  const ns = await ctx.namespace();
  const request: DeviceRequest = { name: 'gpu', deviceClassName };
  const kinds: Array<{ kind: string; resource: string; obj: KubeObject }> = [
    {
      kind: 'ResourceClaimTemplate',
      resource: 'resourceclaimtemplates',
      obj: resourceClaimTemplate(version, 'crud-template', request)
    },
    { kind: 'ResourceClaim', resource: 'resourceclaims', obj: resourceClaim(version, 'crud-claim', request) }
  ];
  for (const { kind, resource, obj } of kinds) {
    const name = obj.metadata.name!;
    const ref: ResourceRef = { group: DRA_GROUP, version, resource, namespace: ns, name };
    await ctx.create(obj);
    const read = await ctx.get<KubeObject>(ref);
    if (!read)
      return { summary: '', problem: `${kind} ${ns}/${name} was created but reading it back found nothing` };
    const listed = await ctx.list<KubeObject>({ group: DRA_GROUP, version, resource, namespace: ns });
    if (!listed.some(o => o.metadata.name === name))
      return {
        summary: '',
        problem: `${kind} ${ns}/${name} was created but listing ${resource} in ${ns} does not show it`
      };
    const patched = await ctx.patch<KubeObject>(ref, {
      metadata: { annotations: { 'ai-conformance.cncf.io/patched': 'true' } }
    });
    if (patched.metadata.annotations?.['ai-conformance.cncf.io/patched'] !== 'true')
      return { summary: '', problem: `patching ${kind} ${ns}/${name} did not keep the annotation it set` };
    await ctx.remove(ref);
  }
  const dry = await ctx.create(
    {
      apiVersion: `${DRA_GROUP}/${version}`,
      kind: 'DeviceClass',
      metadata: { name: `aiconf-${ctx.runId}.example.com` },
      spec: {}
    },
    { dryRun: true }
  );
  const summary = `${DRA_GROUP}/${version}: ResourceClaimTemplate and ResourceClaim created, read, listed, patched and deleted; DeviceClass ${dry.metadata.name} accepted by server-side dry-run`;
  ctx.note(summary);
  return { summary };
}

/** The driver with the most free devices on ready, schedulable nodes, and its DeviceClass. */
async function usableDriver(ctx: FunctionalContext, version: string): Promise<Usable | null> {
  const dra = await ctx.dra();
  const drivers = acceleratorDrivers(dra);
  for (const d of dra.drivers.values()) if (d.devices > 0 && !drivers.includes(d)) drivers.push(d);
  const readyNodes = new Set<string>();
  const nodeList = await ctx.list<KubeObject>({ group: '', version: 'v1', resource: 'nodes' });
  for (const n of nodeList) {
    if (isTrue(n, 'Ready') && !n.spec?.unschedulable) readyNodes.add(String(n.metadata.name));
  }
  let best: Usable | null = null;
  for (const d of drivers) {
    const classes = dra.classes.filter(
      c => c.drivers.includes(d.driver) && !/mig|vfio|compute-domain/i.test(c.name)
    );
    const cls = classes.find(c => c.name === d.driver) ?? classes[0];
    if (!cls) continue;
    const room = await draDeviceRoom(ctx, version, d.driver);
    let free = 0;
    let withRoom = 0;
    for (const [node, r] of room) {
      if (!readyNodes.has(node) || r.free < 1) continue;
      free += r.free;
      withRoom++;
    }
    if (free > 0 && (!best || free > best.free))
      best = { driver: d.driver, deviceClass: cls.name, free, nodes: withRoom };
  }
  return best;
}

async function allocation(
  ctx: FunctionalContext,
  version: string,
  usable: Usable,
  api: string,
  detect: Finding
): Promise<Finding> {
  const ns = await ctx.namespace();
  const nvidia = usable.driver === 'gpu.nvidia.com';
  await ctx.create(resourceClaim(version, CLAIM, { name: 'gpu', deviceClassName: usable.deviceClass }));
  const pod = podManifest({
    name: POD,
    image: nvidia ? ctx.images.cuda : ctx.images.shell,
    command: ['sh', '-c', `${nvidia ? '/cuda-samples/vectorAdd && ' : ''}sleep ${DRA_FUNCTIONAL.holdS}`],
    tolerations: await ctx.gpuTolerations(),
    resourceClaims: [{ name: 'gpu', resourceClaimName: CLAIM }]
  });
  await ctx.create(pod);
  const claimRef: ResourceRef = {
    group: DRA_GROUP,
    version,
    resource: 'resourceclaims',
    namespace: ns,
    name: CLAIM
  };
  let seen: { devices: string[]; node: string };
  try {
    seen = await ctx.waitFor(
      `ResourceClaim ${ns}/${CLAIM} allocated and reserved for pod ${POD} while it runs`,
      async () => {
        const [p, claim] = await Promise.all([
          ctx.get<KubeObject>({ ...PODS, namespace: ns, name: POD }),
          ctx.get<KubeObject>(claimRef)
        ]);
        const devices = allocatedDevices(claim);
        const reserved = Boolean(p?.metadata.uid && reservedFor(claim, p.metadata.uid));
        if (p?.status?.phase === 'Running' && devices.length && reserved)
          return { done: true, value: { devices, node: String(p.spec?.nodeName) } };
        return {
          done: false,
          observed: `claim ${devices.length ? `allocated ${devices.join(', ')}` : 'not allocated'}, ${reserved ? 'reserved for the pod' : 'not reserved for the pod'}; pod ${describePod(p)}`
        };
      },
      { timeoutMs: DRA_FUNCTIONAL.allocatedMs, intervalMs: 2000 }
    );
  } catch (err) {
    if (!isWaitTimeout(err)) throw err;
    // The pod ended before it was seen running with its claim: nothing was shown either way.
    if (/claim allocated/.test(err.lastObserved) || /pod (Succeeded|Failed)/.test(err.lastObserved))
      throw err;
    return fail(
      `a ResourceClaim for DeviceClass ${usable.deviceClass} was never allocated although ${usable.driver} publishes ${usable.free} free device${usable.free === 1 ? '' : 's'} (${err.lastObserved})`,
      [],
      detect.solution
    );
  }
  ctx.note(
    `while ${POD} ran on ${seen.node}: claim ${CLAIM} allocated ${seen.devices.join(', ')} and reserved for the pod`
  );
  const done = await waitForPod(ctx, ns, POD, 'finished', DRA_FUNCTIONAL.finishMs);
  const log = nvidia ? await ctx.logs(ns, POD) : '';
  if (done?.status?.phase !== 'Succeeded' || (nvidia && !log.includes(PASSED))) {
    return fail(
      `the pod using claim ${CLAIM} (allocated ${seen.devices.join(', ')}) did not complete: ${describePod(done)}${nvidia ? `; vectorAdd ${log.includes(PASSED) ? 'passed' : `did not print "${PASSED}"`}` : ''}`,
      [],
      detect.solution
    );
  }
  return pass(
    `${api}; a pod using a ResourceClaim of DeviceClass ${usable.deviceClass} ran to completion on ${seen.node}${nvidia ? ` (vectorAdd: ${PASSED})` : ''}, its claim allocated ${seen.devices.join(', ')} and reserved for it while it ran`,
    [],
    detect.solution
  );
}
