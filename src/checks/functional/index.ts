/**
 * The functional checks by requirement id: what `depth: functional` runs after detect. A
 * requirement without one keeps its detect verdict (DETECT_ONLY says why for the SHOULD items that
 * stay detect-only by design).
 */
import type { FunctionalCheck } from '../../kube/functional/types.js';
import { acceleratorMetricsFunctional } from './accelerator-metrics.js';
import { advancedInferenceIngressFunctional } from './advanced-inference-ingress.js';
import { aiInferenceFunctional } from './ai-inference.js';
import { aiServiceMetricsFunctional } from './ai-service-metrics.js';
import { driverRuntimeManagementFunctional } from './driver-runtime-management.js';
import { gpuSharingFunctional } from './gpu-sharing.js';
import { robustControllerFunctional } from './robust-controller.js';
import { workloadSandboxingFunctional } from './workload-sandboxing.js';
import { clusterAutoscalingFunctional } from './cluster-autoscaling.js';
import { draSupportFunctional } from './dra-support.js';
import { gangSchedulingFunctional } from './gang-scheduling.js';
import { podAutoscalingFunctional } from './pod-autoscaling.js';
import { secureAcceleratorAccessFunctional } from './secure-accelerator-access.js';

export { DETECT_ONLY } from './detect-only.js';

export const FUNCTIONAL_CHECKS: readonly FunctionalCheck[] = [
  draSupportFunctional,
  secureAcceleratorAccessFunctional,
  gangSchedulingFunctional,
  podAutoscalingFunctional,
  clusterAutoscalingFunctional,
  aiInferenceFunctional,
  acceleratorMetricsFunctional,
  aiServiceMetricsFunctional,
  robustControllerFunctional,
  gpuSharingFunctional,
  workloadSandboxingFunctional,
  advancedInferenceIngressFunctional,
  driverRuntimeManagementFunctional
];

const BY_ID = new Map(FUNCTIONAL_CHECKS.map(c => [c.id, c]));

export function functionalCheckFor(id: string): FunctionalCheck | undefined {
  return BY_ID.get(id);
}
