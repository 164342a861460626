/** Every requirement's check, by id. A requirement set names the ids; the suite looks them up here. */
import { acceleratorMetrics } from './accelerator-metrics.js';
import { advancedInferenceIngress } from './advanced-inference-ingress.js';
import { aiInference } from './ai-inference.js';
import { aiServiceMetrics } from './ai-service-metrics.js';
import { clusterAutoscaling } from './cluster-autoscaling.js';
import { disaggregatedInference } from './disaggregated-inference.js';
import { draSupport } from './dra-support.js';
import { driverRuntimeManagement } from './driver-runtime-management.js';
import { gangScheduling } from './gang-scheduling.js';
import { gpuSharing } from './gpu-sharing.js';
import { highPerformanceNetworking } from './high-performance-networking.js';
import { podAutoscaling } from './pod-autoscaling.js';
import { robustController } from './robust-controller.js';
import { secureAcceleratorAccess } from './secure-accelerator-access.js';
import type { Check } from './types.js';
import { virtualizedAccelerator } from './virtualized-accelerator.js';
import { workloadSandboxing } from './workload-sandboxing.js';

export type { Check, CheckContext, Finding } from './types.js';

export const CHECKS: readonly Check[] = [
  draSupport,
  driverRuntimeManagement,
  gpuSharing,
  virtualizedAccelerator,
  aiInference,
  advancedInferenceIngress,
  highPerformanceNetworking,
  disaggregatedInference,
  gangScheduling,
  clusterAutoscaling,
  podAutoscaling,
  acceleratorMetrics,
  aiServiceMetrics,
  secureAcceleratorAccess,
  workloadSandboxing,
  robustController
];

const BY_ID = new Map(CHECKS.map(c => [c.id, c]));

export function checkFor(id: string): Check | undefined {
  return BY_ID.get(id);
}
