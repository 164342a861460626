/**
 * Sandbox runtimes: a pod's runtimeClassName names a RuntimeClass whose handler (runsc for
 * gVisor, kata for Kata Containers, runv for ACK's sandboxed containers) the node's container
 * runtime must offer; its containers then see the sandbox's guest kernel (`uname -r`,
 * /proc/version, boot_id) instead of the node's. The RuntimeClass admission plugin of the API
 * server rejects pods naming a RuntimeClass that does not exist, adds its pod overhead and merges
 * its scheduling constraints.
 */
import { createHash } from 'node:crypto';
import type { AdmissionPlugin } from '../contracts.js';
import type { SandboxKernel, SimContext } from '../controllers/context.js';
import { forbiddenBecause, StatusError } from '../errors.js';
import type { KObject, ObjectStore } from '../store.js';

export interface KernelIdentity {
  release: string;
  version: string;
  bootId: string;
}

const DEFAULT_NODE_KERNEL = '6.8.0-60-generic';

function bootId(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The runtime handler a pod runs with ('runc' without a RuntimeClass), or undefined when its RuntimeClass is gone. */
export function runtimeHandler(store: ObjectStore, pod: KObject): string | undefined {
  const name = pod.spec?.runtimeClassName;
  if (!name) return 'runc';
  return store.get('node.k8s.io', 'runtimeclasses', undefined, name)?.handler;
}

/** Why the node's runtime cannot create the pod's sandbox, as the kubelet reports it (FailedCreatePodSandBox). */
export function sandboxProblem(ctx: SimContext, pod: KObject): string | undefined {
  const handler = runtimeHandler(ctx.store, pod);
  if (handler === undefined) return `RuntimeClass "${pod.spec.runtimeClassName}" not found`;
  if (handler === 'runc' || handler === 'nvidia' || ctx.runtime.sandboxHandlers?.[handler]) return undefined;
  return `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for "${handler}" is configured`;
}

/** The kernel a container of the pod sees. */
export function kernelFor(ctx: SimContext, pod: KObject): KernelIdentity {
  const node = ctx.store.get('', 'nodes', undefined, pod.spec?.nodeName ?? '');
  const release = node?.status?.nodeInfo?.kernelVersion ?? DEFAULT_NODE_KERNEL;
  const host: KernelIdentity = {
    release,
    version: `Linux version ${release} (buildd@lcy02-amd64-100) (x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC`,
    bootId: node?.status?.nodeInfo?.bootID ?? bootId(`${pod.spec?.nodeName}/boot`)
  };
  const handler = runtimeHandler(ctx.store, pod);
  const sandbox: SandboxKernel | undefined = handler ? ctx.runtime.sandboxHandlers?.[handler] : undefined;
  if (!sandbox || ctx.runtime.sandboxSharesHostKernel) return host;
  return { release: sandbox.release, version: sandbox.version, bootId: bootId(`${pod.metadata.uid}/sandbox`) };
}

/** The API server's RuntimeClass admission plugin. */
export function runtimeClassAdmission(store: ObjectStore): AdmissionPlugin {
  return req => {
    if (req.operation !== 'CREATE' || req.subresource || req.rtype.group !== '' || req.rtype.resource !== 'pods') return;
    const pod = req.object;
    const name = pod.spec?.runtimeClassName;
    if (!name || !store.typeOf('node.k8s.io', 'runtimeclasses')) return;
    const rc = store.get('node.k8s.io', 'runtimeclasses', undefined, name);
    if (!rc) throw forbiddenBecause('', 'pods', pod.metadata.name, `pod rejected: RuntimeClass "${name}" not found`);
    const spec = { ...(pod.spec ?? {}) };
    const overhead = rc.overhead?.podFixed;
    if (overhead) {
      if (spec.overhead && JSON.stringify(spec.overhead) !== JSON.stringify(overhead)) {
        throw forbiddenBecause('', 'pods', pod.metadata.name, `pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead`);
      }
      spec.overhead = overhead;
    }
    const selector: Record<string, string> = rc.scheduling?.nodeSelector ?? {};
    for (const [k, v] of Object.entries(selector)) {
      if (spec.nodeSelector?.[k] !== undefined && spec.nodeSelector[k] !== v) {
        throw new StatusError(403, 'Forbidden', `pods "${pod.metadata.name}" is forbidden: pod rejected: conflict: RuntimeClass.scheduling.nodeSelector[${k}] = ${v}; Pod.spec.nodeSelector[${k}] = ${spec.nodeSelector[k]}`);
      }
    }
    if (Object.keys(selector).length) spec.nodeSelector = { ...(spec.nodeSelector ?? {}), ...selector };
    const tolerations: any[] = rc.scheduling?.tolerations ?? [];
    if (tolerations.length) spec.tolerations = [...(spec.tolerations ?? []), ...tolerations.filter(t => !(spec.tolerations ?? []).some((x: any) => JSON.stringify(x) === JSON.stringify(t)))];
    return { ...pod, spec };
  };
}
