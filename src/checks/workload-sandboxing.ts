/**
 * workload_sandboxing (1.37, SHOULD): a way to run workloads in a sandbox isolated from the host
 * kernel. Recognised: RuntimeClasses whose handler is a sandboxing runtime (gVisor runsc, Kata
 * Containers, Firecracker, ACK Sandboxed-Container runv), usable on at least one node: nodes that
 * match the class's scheduling.nodeSelector and, where kubelets report status.runtimeHandlers
 * (1.30+), report the handler. A class no node can run is partial.
 */
import { describeWorkload, findWorkloads } from '../kube/workloads.js';
import { fail, listShort, partial, pass, plural } from './finding.js';
import type { Check } from './types.js';

export const SANDBOX_HANDLER = /(runsc|gvisor|kata|firecracker|fc$|clh|qemu|runv|sandbox)/i;
const KATA_DEPLOY = { kinds: ['DaemonSet' as const], name: /kata-deploy/, image: /kata-deploy/ };

interface SandboxClass {
  name: string;
  handler: string;
  nodeSelector?: Record<string, string>;
}

export const workloadSandboxing: Check = {
  id: 'workload_sandboxing',
  title: 'Workload Sandboxing',
  async detect(ctx) {
    const [classes, nodes, workloads] = await Promise.all([
      ctx.kube.list(
        { group: 'node.k8s.io', version: 'v1', resource: 'runtimeclasses' },
        {},
        (rc): SandboxClass | undefined => {
          const handler = String(rc?.handler ?? '');
          if (!SANDBOX_HANDLER.test(handler) && !SANDBOX_HANDLER.test(String(rc?.metadata?.name ?? '')))
            return undefined;
          return {
            name: String(rc?.metadata?.name ?? ''),
            handler,
            nodeSelector: rc?.scheduling?.nodeSelector
          };
        }
      ),
      ctx.nodes(),
      ctx.workloads()
    ]);
    const agents = findWorkloads(workloads, KATA_DEPLOY);
    const evidence = agents.map(a => `installer ${describeWorkload(a)}`);
    if (classes.length === 0) {
      return fail('no sandbox RuntimeClass (gVisor runsc, Kata Containers, runv) on this cluster', [
        'RuntimeClasses with a sandboxing handler: none',
        ...evidence
      ]);
    }
    const usable: string[] = [];
    const problems: string[] = [];
    await Promise.all(
      classes.map(async c => {
        const selector = Object.entries(c.nodeSelector ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
        let matching = nodes.total;
        if (selector) {
          matching = (
            await ctx.kube.list(
              { group: '', version: 'v1', resource: 'nodes' },
              { labelSelector: selector, limit: 500, max: 500 },
              () => 1
            )
          ).length;
        }
        const reporting = nodes.runtimeHandlers.get(c.handler);
        const handlerText =
          nodes.handlersReported > 0 ? `, ${plural(reporting ?? 0, 'node')} report handler ${c.handler}` : '';
        evidence.push(
          `RuntimeClass ${c.name}: handler ${c.handler}, ${selector ? `nodeSelector ${selector} matches ${plural(matching, 'node')}` : 'no nodeSelector'}${handlerText}`
        );
        if (matching === 0)
          problems.push(`RuntimeClass ${c.name}'s nodeSelector ${selector} matches no node`);
        else if (nodes.handlersReported > 0 && !reporting)
          problems.push(`no node reports the ${c.handler} runtime handler for RuntimeClass ${c.name}`);
        else usable.push(`${c.name} (${c.handler})`);
      })
    );
    const solution = `RuntimeClass ${classes.map(c => `${c.name} (${c.handler})`).join(', ')}`;
    const down = agents.filter(a => !a.state.allReady);
    if (usable.length > 0 && down.length === 0) {
      return pass(
        `sandboxed runtime${usable.length > 1 ? 's' : ''} ${listShort(usable)} available through RuntimeClass`,
        evidence,
        solution
      );
    }
    if (usable.length > 0)
      return partial(
        `RuntimeClass ${listShort(usable)} exists, but ${down.map(describeWorkload).join('; ')}`,
        evidence,
        solution
      );
    return partial(
      `sandbox RuntimeClasses exist but no node can run them: ${problems.join('; ')}`,
      evidence,
      solution
    );
  }
};
