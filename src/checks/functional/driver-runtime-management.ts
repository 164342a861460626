/**
 * driver_runtime_management, functional: the driver and runtime on accelerator nodes are what the
 * platform says, and the same everywhere. On each accelerator node (up to 16) a probe pod takes a
 * device (or a share of one) and runs `nvidia-smi --query-gpu=driver_version --format=csv,noheader`:
 * that it runs at all shows the container runtime is configured to inject the driver; what it
 * prints is the installed driver. The probes are compared with what the platform publishes (driver
 * version labels, DRA ResourceSlice driverVersion attributes) and with each other, and the nodes'
 * container runtime versions with each other. Any disagreement fails; nodes that could not be
 * probed (no free device) leave the result partial.
 */
import { DRA_GROUP } from '../../kube/dra.js';
import type { FunctionalCheck, FunctionalContext, KubeObject } from '../../kube/functional/types.js';
import { VERSION_LABELS } from '../driver-runtime-management.js';
import { fail, listShort, partial, pass, plural } from '../finding.js';
import { acceleratorSlots, createAcceleratorPod, describeSlot } from './kit/accelerators.js';
import { describePod, waitForPods } from './kit/pods.js';
import { prerequisite } from './kit/skip.js';

export const DRIVER_RUNTIME = { probeMs: 300_000, maxProbes: 16 };

const QUERY = ['nvidia-smi', '--query-gpu=driver_version', '--format=csv,noheader'];

interface NodeFacts {
  node: string;
  runtime: string;
  /** Versions the platform publishes for the node, by source ("label …", "ResourceSlice …"). */
  reported: Map<string, string>;
  probed?: string;
  problem?: string;
}

export const driverRuntimeManagementFunctional: FunctionalCheck = {
  id: 'driver_runtime_management',
  skip(detect) {
    if (detect.verdict === 'not-applicable') return `no accelerator nodes to probe (${detect.reason})`;
    return prerequisite(detect, 'the platform publishes no driver information to verify');
  },
  async run(ctx, detect) {
    const nodes = (await ctx.nodes()).accelerated.filter(n => n.ready);
    const facts = new Map<string, NodeFacts>(
      nodes.map(n => {
        const reported = new Map<string, string>();
        const label = VERSION_LABELS.find(k => n.labels[k] !== undefined);
        if (label) reported.set(`label ${label}`, n.labels[label]);
        return [n.name, { node: n.name, runtime: n.containerRuntime || 'unknown', reported }];
      })
    );
    for (const [node, version] of await sliceVersions(ctx))
      facts.get(node)?.reported.set('ResourceSlice driverVersion', version);

    const slots = [...(await acceleratorSlots(ctx, { anyShare: true })).values()].filter(s =>
      facts.has(s.node)
    );
    const probed = slots.slice(0, DRIVER_RUNTIME.maxProbes);
    if (slots.length > probed.length)
      ctx.note(`${slots.length} accelerator nodes; probing the first ${probed.length}`);
    const ns = await ctx.namespace();
    const names = probed.map((_, i) => `driver-probe-${i}`);
    for (const [i, slot] of probed.entries()) {
      ctx.note(`probe ${names[i]}: ${describeSlot(slot)}`);
      await createAcceleratorPod(ctx, slot, {
        name: names[i],
        image: ctx.images.gpuProbe,
        command: QUERY,
        restartPolicy: 'Never',
        activeDeadlineSeconds: 600
      });
    }
    const { pods } = await waitForPods(ctx, ns, names, 'finished', DRIVER_RUNTIME.probeMs);
    for (const [i, slot] of probed.entries()) {
      const f = facts.get(slot.node)!;
      const pod = pods.get(names[i]);
      const phase = pod?.status?.phase;
      if (phase !== 'Succeeded' && phase !== 'Failed') {
        f.problem = `not probed: ${describePod(pod)}`;
        continue;
      }
      const log = (await ctx.logs(ns, names[i])).trim();
      const versions = [
        ...new Set(
          log
            .split('\n')
            .map(l => l.trim())
            .filter(l => /^\d+(\.\d+)+$/.test(l))
        )
      ];
      if (phase === 'Failed' || versions.length === 0)
        f.problem = `nvidia-smi failed: ${describePod(pod)}${log ? `: ${log.slice(0, 160)}` : ''}`;
      else if (versions.length > 1)
        f.problem = `GPUs on one node report different drivers: ${versions.join(', ')}`;
      else f.probed = versions[0];
    }
    for (const f of facts.values()) {
      const reported = [...f.reported].map(([src, v]) => `${src}=${v}`).join(', ') || 'nothing reported';
      ctx.note(
        `node ${f.node}: nvidia-smi ${f.probed ?? f.problem ?? 'not probed (no device to request)'}; ${reported}; runtime ${f.runtime}`
      );
    }
    return judge([...facts.values()], detect.solution ?? null);
  }
};

function judge(facts: NodeFacts[], solution: string | null) {
  const broken = facts.filter(f => f.problem && !f.problem.startsWith('not probed'));
  if (broken.length)
    return fail(
      `the driver cannot be queried from a pod on ${listShort(
        broken.map(f => `${f.node} (${f.problem})`),
        2
      )}`,
      [],
      solution
    );
  const disagree: string[] = [];
  for (const f of facts) {
    if (!f.probed) continue;
    for (const [src, v] of f.reported)
      if (!sameVersion(f.probed, v)) disagree.push(`${f.node}: nvidia-smi ${f.probed}, ${src} ${v}`);
  }
  if (disagree.length)
    return fail(
      `the platform reports another driver than the node runs (${listShort(disagree, 2)})`,
      [],
      solution
    );
  const driverOf = (f: NodeFacts): string | undefined =>
    f.probed ?? [...f.reported.values()].find(v => /^\d+\.\d+/.test(v));
  const drivers = groups(facts, driverOf);
  if (drivers.size > 1)
    return fail(`driver versions differ across accelerator nodes: ${describeGroups(drivers)}`, [], solution);
  const runtimes = groups(facts, f => (f.runtime === 'unknown' ? undefined : f.runtime));
  if (runtimes.size > 1)
    return fail(
      `container runtime versions differ across accelerator nodes: ${describeGroups(runtimes)}`,
      [],
      solution
    );
  const [driver] = drivers.keys();
  const [runtime] = runtimes.keys();
  const probedCount = facts.filter(f => f.probed).length;
  const summary = `driver ${driver ?? 'unknown'} on ${plural(facts.length, 'accelerator node')} (${probedCount} confirmed by nvidia-smi in a pod, matching what the platform reports), runtime ${runtime ?? 'unknown'}`;
  const unprobed = facts.filter(f => !f.probed);
  if (unprobed.length) {
    return partial(
      `${summary}; not probed: ${listShort(
        unprobed.map(f => `${f.node} (${f.problem ?? 'no device to request'})`),
        2
      )}`,
      [],
      solution
    );
  }
  return pass(summary, [], solution);
}

/** "570" (a major-only label) agrees with "570.133.20". */
function sameVersion(probed: string, reported: string): boolean {
  return probed === reported || probed.startsWith(`${reported}.`);
}

function groups(facts: NodeFacts[], key: (f: NodeFacts) => string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of facts) {
    const k = key(f);
    if (k) out.set(k, [...(out.get(k) ?? []), f.node]);
  }
  return out;
}

function describeGroups(g: Map<string, string[]>): string {
  return [...g].map(([v, nodes]) => `${v} on ${listShort(nodes, 2)}`).join('; ');
}

/** driverVersion device attributes of ResourceSlices, per node. */
async function sliceVersions(ctx: FunctionalContext): Promise<Map<string, string>> {
  const dra = await ctx.dra();
  const out = new Map<string, string>();
  if (!dra.version) return out;
  for (const slice of await ctx.list<KubeObject>({
    group: DRA_GROUP,
    version: dra.version,
    resource: 'resourceslices'
  })) {
    const node = slice.spec?.nodeName;
    if (!node) continue;
    for (const raw of slice.spec?.devices ?? []) {
      const attrs = (raw?.basic ?? raw)?.attributes ?? {};
      const v = attrs.driverVersion ?? attrs['gpu.nvidia.com/driverVersion'];
      const text = v?.version ?? v?.string;
      if (text) out.set(String(node), String(text));
    }
  }
  return out;
}
