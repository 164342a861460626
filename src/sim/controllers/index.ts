/**
 * Starts every simulated cluster component on a store: the stage engine, the scheduler, the
 * kubelet, the workload controllers, namespace deletion, endpoints, APIService availability,
 * node agents (device plugins, DRA drivers) and DRA claim release.
 */
import { BehaviourEngine } from '../behaviours/engine.js';
import type { Stage } from '../behaviours/types.js';
import { startClaimReleaser } from '../pods/dra.js';
import { startKubelet, type Kubelet } from '../pods/kubelet.js';
import { startNodeAgents } from '../pods/node-agents.js';
import { startScheduler } from '../scheduler.js';
import { startApiServiceController, startEndpointsController, startNamespaceController } from './cluster.js';
import type { SimContext } from './context.js';
import { startDaemonSetController, startStatefulSetController } from './daemonset.js';
import { startDeploymentControllers } from './deployment.js';
import { startJobController } from './job.js';
import { templateFunctions } from './template-functions.js';

export interface Cluster {
  engine: BehaviourEngine;
  kubelet: Kubelet;
  stop(): void;
}

export function startCluster(ctx: SimContext, stages: Stage[]): Cluster {
  const engine = new BehaviourEngine(ctx.store, ctx.clock, ctx.events, { functions: templateFunctions(), onError: m => ctx.warn(m) });
  engine.setStages(stages);
  engine.start();
  const kubelet = startKubelet(ctx);
  const stops = [
    startScheduler(ctx),
    startDeploymentControllers(ctx),
    startJobController(ctx),
    startDaemonSetController(ctx),
    startStatefulSetController(ctx),
    startNamespaceController(ctx),
    startEndpointsController(ctx),
    startApiServiceController(ctx),
    startNodeAgents(ctx),
    startClaimReleaser(ctx)
  ];
  return {
    engine,
    kubelet,
    stop(): void {
      engine.stop();
      kubelet.stop();
      for (const s of stops) s();
      ctx.pods.stop();
    }
  };
}
