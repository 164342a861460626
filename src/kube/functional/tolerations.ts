/**
 * The tolerations a pod needs to land on the cluster's accelerator nodes: the usual
 * nvidia.com/gpu taint (also on nodes a scale-up has yet to add), and whatever other taints the
 * accelerator nodes carry (ACK, GKE and AKS pools add their own). Node-lifecycle taints (not
 * ready, unschedulable, ...) are left alone: tolerating them would put pods on broken nodes.
 */
import type { CheckContext } from '../../checks/types.js';
import type { ObjectApi } from './objects.js';

const LIFECYCLE = /^(node\.kubernetes\.io\/|node\.cloudprovider\.kubernetes\.io\/|ToBeDeletedByClusterAutoscaler$|DeletionCandidateOfClusterAutoscaler$)/;

const MAX_NODES_READ = 20;

export async function gpuTolerations(base: CheckContext, api: ObjectApi): Promise<Array<Record<string, string>>> {
  const out: Array<Record<string, string>> = [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }];
  // Pools taint their nodes alike: a few nodes of each are enough to learn the taints.
  const names = (await base.nodes()).accelerated.map(n => n.name).slice(0, MAX_NODES_READ);
  const nodes = await Promise.all(names.map(name => api.get<any>({ group: '', version: 'v1', resource: 'nodes', name })));
  for (const node of nodes) {
    for (const t of node?.spec?.taints ?? []) {
      const key = String(t?.key ?? '');
      const effect = String(t?.effect ?? '');
      if (!key || !effect || LIFECYCLE.test(key) || effect === 'PreferNoSchedule') continue;
      if (!out.some(x => x.key === key && x.effect === effect)) out.push({ key, operator: 'Exists', effect });
    }
  }
  return out;
}
