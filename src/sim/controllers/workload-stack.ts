/**
 * The controllers the part-1 functional checks exercise beyond the core ones: Kueue admission,
 * Volcano's PodGroup controller (its scheduler lives in scheduler.ts with the coscheduling gang
 * gate), the HPA controller and the cluster autoscaler — each acting only when the scenario
 * switches it on (ctx.controllers) — and the admission plugins they bring (Kueue's Job webhook).
 */
import type { AdmissionPlugin } from '../contracts.js';
import { startClusterAutoscaler } from './autoscaler.js';
import type { SimContext } from './context.js';
import { startHpaController, type MetricsApi } from './hpa.js';
import { kueueAdmission, startKueueController } from './kueue.js';
import { startVolcanoController } from './volcano.js';

export interface WorkloadStack {
  /** Filled by startSimulator once the API server's hooks exist: where the HPA reads metrics. */
  metrics: MetricsApi;
  admission: AdmissionPlugin[];
  stop(): void;
}

export function startWorkloadStack(ctx: SimContext): WorkloadStack {
  const metrics: MetricsApi = {};
  const stops = [startHpaController(ctx, metrics)];
  if (ctx.controllers.kueue) stops.push(startKueueController(ctx));
  if (ctx.controllers.volcano) stops.push(startVolcanoController(ctx));
  if (ctx.controllers['cluster-autoscaler']) stops.push(startClusterAutoscaler(ctx));
  return {
    metrics,
    admission: [kueueAdmission(ctx)],
    stop: () => stops.forEach(s => s())
  };
}
