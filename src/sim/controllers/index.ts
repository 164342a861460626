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
import { startAiStack } from './ai-stack.js';
import type { SimContext } from './context.js';
import { startDaemonSetController, startStatefulSetController } from './daemonset.js';
import { startDeploymentControllers } from './deployment.js';
import { startJobController } from './job.js';
import { templateFunctions } from './template-functions.js';
import { startWorkloadStack, type WorkloadStack } from './workload-stack.js';

export interface Cluster {
  engine: BehaviourEngine;
  kubelet: Kubelet;
  /** Kueue, Volcano, HPA and cluster autoscaler: their metrics hook and admission plugins. */
  workloads: WorkloadStack;
  stop(): void;
}

export function startCluster(ctx: SimContext, stages: Stage[]): Cluster {
  const engine = new BehaviourEngine(ctx.store, ctx.clock, ctx.events, { functions: templateFunctions(), onError: m => ctx.warn(m) });
  engine.setStages(stages);
  engine.start();
  const kubelet = startKubelet(ctx);
  const workloads = startWorkloadStack(ctx);
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
    startClaimReleaser(ctx),
    // The cluster network (ctx.network), gateways, Prometheus, KubeRay, Kubeflow Trainer, GPU feature discovery.
    startAiStack(ctx)
  ];
  return {
    engine,
    kubelet,
    workloads,
    stop(): void {
      engine.stop();
      kubelet.stop();
      workloads.stop();
      for (const s of stops) s();
      ctx.pods.stop();
    }
  };
}
