/**
 * secure_accelerator_access: access to accelerators goes through the device plugin or DRA. Detect
 * reads what mediates it: accelerator nodes that advertise their devices (allocatable extended
 * resources, or DRA ResourceSlices), the plugins' DaemonSets ready, and a hygiene scan of the
 * pods on accelerator nodes for workloads reaching devices without asking (privileged without a
 * request, a hostPath to /dev/nvidia*, NVIDIA_VISIBLE_DEVICES=all without a request). Whether a
 * container really sees only its devices is the functional depth's job.
 */
import { acceleratorDrivers } from '../kube/dra.js';
import { ACCELERATOR_RESOURCE, advertising, type AcceleratorNode } from '../kube/nodes.js';
import { describeWorkload, findWorkloads } from '../kube/workloads.js';
import { DRA_PLUGIN } from './dra-support.js';
import { fail, listShort, mapPool, notApplicable, partial, pass, plural } from './finding.js';
import type { Check, CheckContext } from './types.js';

export const DEVICE_PLUGIN = {
  kinds: ['DaemonSet' as const],
  name: /device-plugin/,
  image: /(k8s-device-plugin|device-plugin)/
};
/** Pods on at most this many accelerator nodes are scanned (one list per node). */
export const HYGIENE_NODE_LIMIT = 50;
const SCAN_CONCURRENCY = 8;

interface Violation {
  pod: string;
  why: string;
}

export const secureAcceleratorAccess: Check = {
  id: 'secure_accelerator_access',
  title: 'Secure Accelerator Access',
  async detect(ctx) {
    const [nodes, dra, workloads] = await Promise.all([ctx.nodes(), ctx.dra(), ctx.workloads()]);
    const draDrivers = acceleratorDrivers(dra);
    const draNodes = new Set(draDrivers.flatMap(d => [...d.nodes]));
    const accelerated = nodes.accelerated;
    if (accelerated.length === 0 && draNodes.size === 0) {
      return notApplicable(
        'no accelerators on this cluster: there is no device access to mediate or isolate',
        [`${plural(nodes.total, 'node')}, none with an accelerator resource, label or DRA device`]
      );
    }
    const evidence: string[] = [];
    const byPlugin = new Set(advertising(accelerated).map(n => n.name));
    for (const n of accelerated) {
      const res = Object.entries(n.resources)
        .filter(([k, r]) => ACCELERATOR_RESOURCE.test(k) && r.allocatable > 0)
        .map(([k, r]) => `${k}=${r.allocatable}`);
      evidence.push(
        `node ${n.name}: ${res.length ? res.join(', ') : 'no allocatable accelerator resource'}${draNodes.has(n.name) ? ', DRA devices published' : ''}`
      );
    }
    for (const d of draDrivers)
      evidence.push(
        `DRA driver ${d.driver}: ${plural(d.devices, 'device')} on ${plural(d.nodes.size, 'node')}`
      );
    const plugins = [...findWorkloads(workloads, DEVICE_PLUGIN), ...findWorkloads(workloads, DRA_PLUGIN)];
    for (const p of plugins) evidence.push(`plugin ${describeWorkload(p)}`);

    const mechanisms: string[] = [];
    if (byPlugin.size > 0) mechanisms.push(`device plugin (${[...resourceNames(accelerated)].join(', ')})`);
    if (draDrivers.length > 0) mechanisms.push(`DRA (${draDrivers.map(d => d.driver).join(', ')})`);
    const solution = mechanisms.length ? mechanisms.join(' and ') : null;

    const names = new Set([...accelerated.map(n => n.name), ...draNodes]);
    const unmediated = [...names].filter(n => !byPlugin.has(n) && !draNodes.has(n));
    if (unmediated.length === names.size) {
      return fail(
        `${plural(names.size, 'accelerator node')} but neither a device plugin nor a DRA driver advertises their devices: access is not mediated by Kubernetes${
          plugins.some(p => !p.state.allReady)
            ? ` (${plugins
                .filter(p => !p.state.allReady)
                .map(describeWorkload)
                .join('; ')})`
            : ''
        }`,
        evidence,
        solution
      );
    }

    const violations = await hygieneScan(ctx, accelerated, evidence);
    const problems: string[] = [];
    if (unmediated.length > 0)
      problems.push(
        `${listShort(unmediated)} advertise${unmediated.length === 1 ? 's' : ''} no devices to the scheduler`
      );
    const notReady = plugins.filter(p => !p.state.allReady);
    if (notReady.length > 0) problems.push(`${notReady.map(describeWorkload).join('; ')}`);
    if (violations.length > 0) {
      problems.push(
        `${plural(violations.length, 'pod')} can reach accelerators without requesting them (${listShort(
          violations.map(v => `${v.pod}: ${v.why}`),
          2
        )})`
      );
    }
    if (problems.length > 0)
      return partial(`access is mediated by ${solution}, but ${problems.join('; ')}`, evidence, solution);
    const counts: string[] = [];
    const pluginDevices = accelerated.reduce((n, node) => n + deviceCount(node), 0);
    if (byPlugin.size > 0)
      counts.push(
        `${plural(pluginDevices, 'device')} on ${plural(byPlugin.size, 'node')} through the device plugin`
      );
    for (const d of draDrivers)
      counts.push(
        `${plural(d.devices, 'device')} on ${plural(d.nodes.size, 'node')} through DRA ${d.driver}`
      );
    return pass(
      `access to accelerators is mediated by Kubernetes (${counts.join('; ')}); no pod on accelerator nodes reaches devices without a request`,
      evidence,
      solution
    );
  }
};

function resourceNames(nodes: AcceleratorNode[]): Set<string> {
  const out = new Set<string>();
  for (const n of nodes)
    for (const [k, r] of Object.entries(n.resources))
      if (ACCELERATOR_RESOURCE.test(k) && r.allocatable > 0) out.add(k);
  return out;
}

function deviceCount(n: AcceleratorNode): number {
  const r = n.resources['nvidia.com/gpu'] ?? n.resources['amd.com/gpu'];
  return r ? r.allocatable : 0;
}

/** Pods on accelerator nodes that get devices without a request. Node agents (DaemonSets) and kube-system are the platform's own. */
async function hygieneScan(
  ctx: CheckContext,
  nodes: AcceleratorNode[],
  evidence: string[]
): Promise<Violation[]> {
  const scanned = nodes.slice(0, HYGIENE_NODE_LIMIT);
  const perNode = await mapPool(scanned, SCAN_CONCURRENCY, node =>
    ctx.kube.list(
      { group: '', version: 'v1', resource: 'pods' },
      { fieldSelector: `spec.nodeName=${node.name}` },
      inspectPod
    )
  );
  const all = perNode.flat();
  const violations = all.filter((v): v is Violation => v !== undefined && v !== null);
  evidence.push(
    `hygiene scan: pods on ${plural(scanned.length, 'accelerator node')}${nodes.length > scanned.length ? ` (of ${nodes.length})` : ''}, ${plural(violations.length, 'pod')} reaching devices without a request`
  );
  return violations;
}

function inspectPod(pod: any): Violation | undefined {
  const ns = String(pod?.metadata?.namespace ?? '');
  if (ns === 'kube-system') return undefined;
  if ((pod?.metadata?.ownerReferences ?? []).some((o: any) => o?.kind === 'DaemonSet')) return undefined;
  if (pod?.status?.phase && !['Running', 'Pending'].includes(pod.status.phase)) return undefined;
  const spec = pod?.spec ?? {};
  const devHostPaths = (spec.volumes ?? []).filter((v: any) =>
    /^\/dev\/(nvidia|dri|kfd|accel|neuron)/.test(String(v?.hostPath?.path ?? ''))
  );
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const requests = { ...(c?.resources?.limits ?? {}), ...(c?.resources?.requests ?? {}) };
    const asks =
      Object.keys(requests).some(k => ACCELERATOR_RESOURCE.test(k)) ||
      (c?.resources?.claims ?? []).length > 0;
    if (asks) continue;
    const name = `${ns}/${pod?.metadata?.name}`;
    if (c?.securityContext?.privileged) return { pod: name, why: `container ${c.name} is privileged` };
    if (devHostPaths.length > 0) return { pod: name, why: `hostPath ${devHostPaths[0].hostPath.path}` };
    const env = (c?.env ?? []).find((e: any) => e?.name === 'NVIDIA_VISIBLE_DEVICES');
    if (env && env.value && !/^(void|none|)$/i.test(String(env.value))) {
      return { pod: name, why: `container ${c.name} sets NVIDIA_VISIBLE_DEVICES=${env.value}` };
    }
  }
  return undefined;
}
