/**
 * workload_sandboxing, functional: a pod of a sandbox RuntimeClass runs and sees another kernel
 * than its node. The sandboxed pod prints `uname -r`, /proc/version and the kernel's boot id; a
 * control pod pinned to the same node without a RuntimeClass prints the same; the node's
 * status.nodeInfo.kernelVersion is the third witness. A sandbox (gVisor's Sentry, a Kata or runV
 * guest VM) answers with its own kernel release or at least its own boot id; a "sandbox" that
 * answers exactly as the control pod runs on the host kernel, which is what the requirement's
 * isolation from the host kernel excludes. A sandboxed pod that cannot start fails too.
 */
import type { FunctionalCheck, FunctionalContext, KubeObject } from '../../kube/functional/types.js';
import { fail, listShort, pass } from '../finding.js';
import { SANDBOX_HANDLER } from '../workload-sandboxing.js';
import { isWaitTimeout } from './kit/gateway.js';
import { describePod, NODES, podManifest, podWarnings, waitForPod } from './kit/pods.js';
import { prerequisite } from './kit/skip.js';

export const WORKLOAD_SANDBOXING = { runMs: 180_000 };

const SCRIPT =
  'echo "release $(uname -r)"; echo "version $(cat /proc/version)"; echo "boot $(cat /proc/sys/kernel/random/boot_id)"';

interface Kernel {
  release: string;
  version: string;
  boot: string;
}

export const workloadSandboxingFunctional: FunctionalCheck = {
  id: 'workload_sandboxing',
  skip(detect) {
    return prerequisite(detect, 'no sandbox RuntimeClass to run a pod with');
  },
  async run(ctx, detect) {
    const classes = await sandboxClasses(ctx);
    if (classes.length === 0) return fail('no sandbox RuntimeClass can run on any node', [], detect.solution);
    const rc = classes[0];
    const handler = String(rc.handler);
    ctx.note(
      `RuntimeClass ${rc.metadata.name} (handler ${handler}) runs the sandboxed pod${classes.length > 1 ? `; also present: ${listShort(classes.slice(1).map(c => String(c.metadata.name)))}` : ''}`
    );
    const ns = await ctx.namespace();
    await ctx.create(
      podManifest({
        name: 'sandboxed',
        image: ctx.images.shell,
        command: ['sh', '-c', SCRIPT],
        runtimeClassName: String(rc.metadata.name),
        activeDeadlineSeconds: 600
      })
    );
    let sandboxed: any;
    try {
      sandboxed = await waitForPod(ctx, ns, 'sandboxed', 'finished', WORKLOAD_SANDBOXING.runMs);
    } catch (err) {
      if (!isWaitTimeout(err)) throw err;
      const pod = await ctx.get<KubeObject>({
        group: '',
        version: 'v1',
        resource: 'pods',
        namespace: ns,
        name: 'sandboxed'
      });
      const warnings = await podWarnings(ctx, ns, 'sandboxed');
      // Images that cannot be pulled are the environment's problem, not the sandbox's.
      if (/ErrImagePull|ImagePullBackOff|InvalidImageName/.test(describePod(pod))) throw err;
      return fail(
        `a pod of RuntimeClass ${rc.metadata.name} (handler ${handler}) did not run within ${Math.round(WORKLOAD_SANDBOXING.runMs / 1000)} s: ${describePod(pod)}${warnings.length ? `; ${warnings[warnings.length - 1]}` : ''}`,
        [],
        detect.solution
      );
    }
    const node = String(sandboxed.spec?.nodeName ?? '');
    const inside = kernelOf(await ctx.logs(ns, 'sandboxed'));
    if (sandboxed.status?.phase !== 'Succeeded' || !inside.release) {
      return fail(
        `the pod of RuntimeClass ${rc.metadata.name} ended ${describePod(sandboxed)} without reporting its kernel`,
        [],
        detect.solution
      );
    }
    await ctx.create(
      podManifest({
        name: 'control',
        image: ctx.images.shell,
        command: ['sh', '-c', SCRIPT],
        nodeName: node,
        activeDeadlineSeconds: 600,
        tolerations: [{ operator: 'Exists' }]
      })
    );
    const control = await waitForPod(ctx, ns, 'control', 'finished', WORKLOAD_SANDBOXING.runMs);
    const host = kernelOf(await ctx.logs(ns, 'control'));
    if (control.status?.phase !== 'Succeeded' || !host.release)
      throw new Error(
        `the control pod on ${node} ended ${describePod(control)} without reporting its kernel`
      );
    const nodeObj = await ctx.get<KubeObject>({ ...NODES, name: node });
    const nodeKernel = String(nodeObj?.status?.nodeInfo?.kernelVersion ?? 'not reported');
    ctx.note(
      `sandboxed pod on ${node}: uname -r ${inside.release}; ${inside.version || 'no /proc/version'}; boot id ${inside.boot || 'not readable'}`
    );
    ctx.note(
      `control pod on ${node}: uname -r ${host.release}; ${host.version || 'no /proc/version'}; boot id ${host.boot || 'not readable'}; node kernelVersion ${nodeKernel}`
    );
    const otherRelease = inside.release !== host.release;
    const otherVersion = Boolean(inside.version && host.version && inside.version !== host.version);
    const otherBoot = Boolean(inside.boot && host.boot && inside.boot !== host.boot);
    const solution = detect.solution ?? `RuntimeClass ${rc.metadata.name} (${handler})`;
    if (!otherRelease && !otherVersion && !otherBoot) {
      return fail(
        `a pod of RuntimeClass ${rc.metadata.name} (handler ${handler}) runs on the node's own kernel: uname -r ${inside.release}, /proc/version and boot id as in a pod without it on ${node} (node kernelVersion ${nodeKernel})`,
        [],
        solution
      );
    }
    const how = otherRelease
      ? `kernel ${inside.release} while a pod on the same node sees ${host.release}`
      : otherVersion
        ? `another kernel build (/proc/version differs) than a pod on the same node (${host.release})`
        : `its own kernel instance (another boot id) than a pod on the same node`;
    return pass(
      `a pod of RuntimeClass ${rc.metadata.name} (handler ${handler}) ran on ${node} and saw ${how} (node kernelVersion ${nodeKernel})`,
      [],
      solution
    );
  }
};

/** Sandbox RuntimeClasses some node can run (nodeSelector matches, handler reported where nodes report handlers). */
async function sandboxClasses(ctx: FunctionalContext): Promise<KubeObject[]> {
  const [all, nodes] = await Promise.all([
    ctx.list<KubeObject>({ group: 'node.k8s.io', version: 'v1', resource: 'runtimeclasses' }),
    ctx.nodes()
  ]);
  const out: KubeObject[] = [];
  for (const rc of all.sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)))) {
    if (!SANDBOX_HANDLER.test(String(rc.handler ?? '')) && !SANDBOX_HANDLER.test(String(rc.metadata.name)))
      continue;
    const selector = Object.entries<string>(rc.scheduling?.nodeSelector ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    if (selector && (await ctx.list({ ...NODES }, { labelSelector: selector })).length === 0) continue;
    if (nodes.handlersReported > 0 && !nodes.runtimeHandlers.get(String(rc.handler))) continue;
    out.push(rc);
  }
  return out;
}

function kernelOf(log: string): Kernel {
  const line = (key: string): string =>
    log
      .split('\n')
      .find(l => l.startsWith(`${key} `))
      ?.slice(key.length + 1)
      .trim() ?? '';
  return { release: line('release'), version: line('version'), boot: line('boot') };
}
