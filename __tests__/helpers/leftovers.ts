/** What a functional run left in the simulator: objects with its run label or in its namespace. */
import { NAMESPACE_PREFIX, RUN_LABEL } from '../../src/kube/functional/types.js';
import type { Simulator } from '../../src/sim/index.js';
import type { KObject } from '../../src/sim/store.js';

/** "Kind namespace/name" of every object labelled with the run id or in `ai-conformance-<run id>`. */
export function runLeftovers(sim: Simulator, runId: string): string[] {
  const out: string[] = [];
  const ns = `${NAMESPACE_PREFIX}${runId}`;
  for (const t of sim.store.allTypes())
    for (const o of sim.store.list(t.group, t.resource) as KObject[])
      if (o.metadata.labels?.[RUN_LABEL] === runId || o.metadata.namespace === ns)
        out.push(`${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`);
  return out;
}
