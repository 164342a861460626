/** Every scenario file by name: base clusters first, then add-ons (the order --list shows). */
import { ackGpuCluster } from './ack.js';
import { DCGM_EXPORTER, DRA_EXAMPLE_DRIVER, GPU_NODES, NVIDIA_DEVICE_PLUGIN, NVIDIA_DRA_DRIVER } from './gpu.js';
import { kindCluster } from './kind.js';
import { ACK_SANDBOXED_CONTAINER, GVISOR, KATA } from './sandbox.js';
import { ACK_GPUSHARE, NVIDIA_MIG, NVIDIA_TIME_SLICING } from './sharing.js';
import {
  CLUSTER_AUTOSCALER,
  ENVOY_GATEWAY,
  GATEWAY_API,
  INFERENCE_EXTENSION,
  KARPENTER,
  KUBEFLOW_TRAINER,
  KUBERAY,
  KUBERAY_WEBHOOKS,
  KUEUE,
  PROMETHEUS_ADAPTER,
  PROMETHEUS_OPERATOR,
  VOLCANO
} from './stacks.js';

export const SCENARIO_SOURCES: Record<string, string> = {
  'kind-1.33': kindCluster(33),
  'kind-1.34': kindCluster(34),
  'kind-1.35': kindCluster(35),
  'kind-1.36': kindCluster(36),
  'kind-1.37': kindCluster(37),
  'ack-gpu-1.34': ackGpuCluster(34),
  'ack-gpu-1.35': ackGpuCluster(35),
  'ack-gpu-1.36': ackGpuCluster(36),
  'gpu-nodes': GPU_NODES,
  'nvidia-device-plugin': NVIDIA_DEVICE_PLUGIN,
  'nvidia-dra-driver': NVIDIA_DRA_DRIVER,
  'dra-example-driver': DRA_EXAMPLE_DRIVER,
  'gateway-api': GATEWAY_API,
  'envoy-gateway': ENVOY_GATEWAY,
  'inference-extension': INFERENCE_EXTENSION,
  kueue: KUEUE,
  volcano: VOLCANO,
  'cluster-autoscaler': CLUSTER_AUTOSCALER,
  karpenter: KARPENTER,
  'prometheus-operator': PROMETHEUS_OPERATOR,
  'prometheus-adapter': PROMETHEUS_ADAPTER,
  'dcgm-exporter': DCGM_EXPORTER,
  kuberay: KUBERAY,
  'kuberay-webhooks': KUBERAY_WEBHOOKS,
  'kubeflow-trainer': KUBEFLOW_TRAINER,
  'nvidia-time-slicing': NVIDIA_TIME_SLICING,
  'ack-gpushare': ACK_GPUSHARE,
  'nvidia-mig': NVIDIA_MIG,
  gvisor: GVISOR,
  kata: KATA,
  'ack-sandboxed-container': ACK_SANDBOXED_CONTAINER
};
