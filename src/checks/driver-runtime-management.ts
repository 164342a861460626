/**
 * driver_runtime_management (1.35+, SHOULD): a verifiable way to know that accelerator drivers
 * and container runtime configuration are installed on accelerator nodes. Recognised, best first:
 * the NVIDIA GPU Operator's ClusterPolicy (it installs and upgrades both) in state ready; driver
 * versions a DRA driver publishes as device attributes (the mechanism the requirement prefers);
 * driver versions on node labels (GPU Feature Discovery's nvidia.com/cuda.driver*, ACK's
 * ack.aliyun.com/nvidia-driver-version). The runtime side (RuntimeClass nvidia, the container
 * toolkit, nodes reporting an nvidia runtime handler) is recorded as evidence.
 */
import { acceleratorDrivers } from '../kube/dra.js';
import { describeWorkload, findWorkloads } from '../kube/workloads.js';
import { fail, listShort, notApplicable, partial, pass, plural } from './finding.js';
import type { Check, CheckContext } from './types.js';

const VERSION_ATTRIBUTES = /^(driverVersion|cudaDriverVersion|driver-version|firmwareVersion)$/i;
/** Node labels carrying the driver version, most precise first (GPU Feature Discovery, ACK node pools). */
export const VERSION_LABELS = [
  'nvidia.com/cuda.driver-version.full',
  'ack.aliyun.com/nvidia-driver-version',
  'aliyun.accelerator/nvidia_driver_version',
  'nvidia.com/cuda.driver-version.major',
  'nvidia.com/cuda.driver.major'
];
const TOOLKIT = { kinds: ['DaemonSet' as const], name: /container-toolkit/, image: /container-toolkit/ };

export const driverRuntimeManagement: Check = {
  id: 'driver_runtime_management',
  title: 'Driver Runtime Management',
  async detect(ctx) {
    const [nodes, dra, workloads, discovery] = await Promise.all([
      ctx.nodes(),
      ctx.dra(),
      ctx.workloads(),
      ctx.discovery()
    ]);
    const drivers = acceleratorDrivers(dra);
    const names = new Set([...nodes.accelerated.map(n => n.name), ...drivers.flatMap(d => [...d.nodes])]);
    if (names.size === 0) {
      return notApplicable(
        'no accelerator nodes on this cluster: there are no accelerator drivers to verify',
        [`${plural(nodes.total, 'node')}, none with accelerators`]
      );
    }
    const evidence: string[] = [];
    const policy = await clusterPolicies(ctx, discovery.versionsOf('nvidia.com', 'clusterpolicies')[0]);
    evidence.push(...policy.evidence);

    // Driver versions per node, from DRA device attributes and from node labels.
    const versioned = new Map<string, string>();
    for (const d of drivers) {
      const keys = [...d.attributes].filter(a => VERSION_ATTRIBUTES.test(a.replace(/^.*\//, '')));
      if (keys.length === 0) continue;
      const shown = keys.map(k => `${k}=${d.sample[k] ?? '?'}`).join(', ');
      evidence.push(`DRA driver ${d.driver} publishes ${shown} on ${plural(d.nodes.size, 'node')}`);
      for (const n of d.nodes) versioned.set(n, `DRA ${d.driver}`);
    }
    for (const n of nodes.accelerated) {
      const label = VERSION_LABELS.find(k => n.labels[k] !== undefined);
      if (label) {
        if (!versioned.has(n.name)) versioned.set(n.name, `label ${label}`);
        evidence.push(
          `node ${n.name}: ${label}=${n.labels[label]}, runtime ${n.containerRuntime || 'unknown'}`
        );
      }
    }

    // The runtime side, for evidence.
    const runtimeClasses = await ctx.kube.list(
      { group: 'node.k8s.io', version: 'v1', resource: 'runtimeclasses' },
      {},
      rc =>
        /nvidia/.test(String(rc?.handler)) ? `${rc?.metadata?.name} (handler ${rc?.handler})` : undefined
    );
    if (runtimeClasses.length) evidence.push(`RuntimeClass ${runtimeClasses.join(', ')}`);
    const toolkits = findWorkloads(workloads, TOOLKIT);
    for (const t of toolkits) evidence.push(`container toolkit ${describeWorkload(t)}`);
    const handlerNodes = nodes.runtimeHandlers.get('nvidia');
    if (handlerNodes) evidence.push(`${plural(handlerNodes, 'node')} report the nvidia runtime handler`);

    if (policy.ready.length > 0) {
      return pass(
        `NVIDIA GPU Operator ClusterPolicy ${policy.ready.join(', ')} is ready: it installs and maintains drivers and the container toolkit on accelerator nodes`,
        evidence,
        'NVIDIA GPU Operator (ClusterPolicy nvidia.com/v1)'
      );
    }
    const sources = [...new Set(versioned.values())];
    const solution = sources.length ? `driver versions from ${sources.join(', ')}` : null;
    if (policy.notReady.length > 0) {
      return partial(
        `NVIDIA GPU Operator ClusterPolicy ${policy.notReady.join(', ')} is not ready`,
        evidence,
        'NVIDIA GPU Operator (ClusterPolicy nvidia.com/v1)'
      );
    }
    if (versioned.size === 0) {
      return fail(
        `no verifiable driver information on ${plural(names.size, 'accelerator node')}: no GPU Operator ClusterPolicy, no driver version in DRA device attributes or node labels`,
        evidence
      );
    }
    const missing = [...names].filter(n => !versioned.has(n));
    if (missing.length > 0) {
      return partial(
        `driver versions are verifiable on ${versioned.size} of ${plural(names.size, 'accelerator node')}; not on ${listShort(missing)}`,
        evidence,
        solution
      );
    }
    const via = [
      sources.some(s => s.startsWith('DRA')) && 'DRA device attributes',
      sources.some(s => s.startsWith('label')) && 'node labels'
    ].filter(Boolean);
    return pass(
      `driver versions are verifiable on every accelerator node (${names.size}) through ${via.join(' and ')} (${sources.join(', ')})`,
      evidence,
      solution
    );
  }
};

async function clusterPolicies(
  ctx: CheckContext,
  version: string | undefined
): Promise<{ ready: string[]; notReady: string[]; evidence: string[] }> {
  if (!version) return { ready: [], notReady: [], evidence: [] };
  const policies = await ctx.kube.list({ group: 'nvidia.com', version, resource: 'clusterpolicies' });
  const ready: string[] = [];
  const notReady: string[] = [];
  const evidence: string[] = [];
  for (const p of policies) {
    const name = String(p?.metadata?.name ?? '');
    const state = String(p?.status?.state ?? 'unknown');
    evidence.push(`ClusterPolicy ${name}: state ${state}`);
    (state === 'ready' ? ready : notReady).push(name);
  }
  return { ready, notReady, evidence };
}
