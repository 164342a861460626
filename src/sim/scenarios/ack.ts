/**
 * ACK (Alibaba Cloud Container Service for Kubernetes) GPU clusters: managed control plane, CPU
 * and GPU node pools, and what an ACK GPU cluster runs for AI workloads. Verified from ACK's
 * conformance evidence and docs: the NVIDIA DRA driver in nvidia-dra-driver-gpu with DeviceClass
 * gpu.nvidia.com, the GPU taint nvidia.com/gpu, the aliyun.accelerator/* node labels, the
 * coscheduling pod-group labels of ACK Pro, Gateway with Inference Extension (Envoy Gateway
 * based), KubeRay, ack-gpu-exporter (DCGM-compatible names) and ack-alibaba-cloud-metrics-adapter.
 * Object names, namespaces and ports marked (unverified) below are assumptions.
 */
import { GPU_MODELS } from '../pods/hardware.js';
import { CA_BUNDLE, HEADER } from './common.js';
import { RUNV_KERNEL } from './sandbox.js';

const VERSIONS: Record<number, string> = { 34: 'v1.34.1-aliyun.1', 35: 'v1.35.0-aliyun.1', 36: 'v1.36.0-aliyun.1' };

function ackNode(
  name: string,
  pool: string,
  instanceType: string,
  v: string,
  gpu: { count: number; dra: boolean; driverVersion?: string } | null
): string {
  const gpuLabels = gpu
    ? `    aliyun.accelerator/nvidia_name: NVIDIA-A10
    aliyun.accelerator/nvidia_count: "${gpu.count}"
    aliyun.accelerator/nvidia_mem: 23028MiB
    # Scheduling policy label of ACK GPU node pools; the DRA pool value is unverified.
    ack.node.gpu.schedule: ${gpu.dra ? 'disabled' : 'default'}
${gpu.dra ? '    # Selects the DRA kubelet plugin (GPU feature discovery label; its presence on ACK is unverified).\n    nvidia.com/gpu.present: "true"\n' : ''}${gpu.driverVersion ? `    # The node pool label choosing the NVIDIA driver ACK installs (its value is the simulated A10's driver).\n    ack.aliyun.com/nvidia-driver-version: ${gpu.driverVersion}\n` : ''}`
    : '';
  return `---
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
    alibabacloud.com/nodepool-id: ${pool}
    beta.kubernetes.io/arch: amd64
    beta.kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: ${name}
    kubernetes.io/os: linux
    node.kubernetes.io/instance-type: ${instanceType}
    topology.kubernetes.io/region: cn-hangzhou
    topology.kubernetes.io/zone: cn-hangzhou-k
${gpuLabels}spec:
  providerID: cn-hangzhou.i-bp1${name.replace(/\D/g, '').slice(-8)}
  podCIDR: 10.${200 + Number(name.split('.').pop())}.0.0/24
${gpu ? '  taints: [{key: nvidia.com/gpu, effect: NoSchedule}]\n' : ''}status:
  addresses: [{type: InternalIP, address: ${name.slice('cn-hangzhou.'.length)}}, {type: Hostname, address: ${name}}]
  capacity: {cpu: "${gpu ? 32 : 8}", memory: ${gpu ? '194519264Ki' : '32386624Ki'}, ephemeral-storage: 123722704Ki, pods: "64"}
  allocatable: {cpu: "${gpu ? '31600m' : '7600m'}", memory: ${gpu ? '185937632Ki' : '28517184Ki'}, ephemeral-storage: 114022843818, pods: "64"}
  nodeInfo: {architecture: amd64, containerRuntimeVersion: containerd://1.6.38, kernelVersion: 5.10.134-18.al8.x86_64, kubeProxyVersion: ${v}, kubeletVersion: ${v}, operatingSystem: linux, osImage: Alibaba Cloud Linux 3.2104 U11 (OpenAnolis Edition)}
`;
}

const ds = (ns: string, name: string, labels: string, image: string, extra = ''): string => `---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}, namespace: ${ns}, labels: {${labels}}}
spec:
  selector: {matchLabels: {${labels}}}
  template:
    metadata: {labels: {${labels}}}
    spec:
      tolerations: [{operator: Exists}]
${extra}      containers: [{name: ${name}, image: "${image}"}]
`;

/**
 * ACK Sandboxed-Container's RuntimeClass (runV) on the GPU node pool (unverified: its node pool and
 * whether ACK adds the GPU toleration). Do not combine with the ack-sandboxed-container add-on,
 * which installs its own runv.
 */
const RUNV_CLASS = `---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: runv}
handler: runv
scheduling:
  nodeSelector: {alibabacloud.com/nodepool-id: np-gpu-a10}
  tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
`;

export function ackGpuCluster(minor: number): string {
  const v = VERSIONS[minor];
  return `${HEADER}
kind: Cluster
metadata:
  name: ack-gpu-1.${minor}
  description: ACK Pro ${v} GPU cluster (2 CPU nodes, ${minor >= 36 ? '3 A10 GPU nodes, one a cGPU pool' : '2 A10 GPU nodes'}) with DRA, device plugin, ack-gpu-exporter, metrics adapter, Gateway with Inference Extension, KubeRay, coscheduling, autoscaler, Prometheus${minor >= 36 ? ', sandboxed containers (runv)' : ''}
  source: ACK docs and AliyunContainerService/ai-models-on-ack conformance evidence; ${minor > 34 ? 'the version string is assumed (unverified); ' : ''}names marked unverified are assumptions
spec:
  kubernetes: {minor: ${minor}, gitVersion: ${v}, platform: ack}
  # 1.36 adds a cGPU (shared GPU scheduling) node pool: the ack-gpushare add-on's node cn-hangzhou.10.0.2.22.
  requires: [nvidia-dra-driver, envoy-gateway, inference-extension, kuberay-webhooks, prometheus-operator, cluster-autoscaler${minor >= 36 ? ', ack-gpushare' : ''}]
  gpus:
  - {nodes: [cn-hangzhou.10.0.2.20], model: NVIDIA A10, count: 1}
  - {nodes: [cn-hangzhou.10.0.2.21], model: NVIDIA A10, count: 2}
  devicePlugins:
  # ACK's device plugin DaemonSet name and labels are unverified.
  - {resource: nvidia.com/gpu, unit: gpu, namespace: kube-system, podLabels: {component: nvidia-device-plugin}}
  crds:
  # ACK Pro's coscheduling PodGroup (scheduler-plugins group; unverified on ACK).
  - {group: scheduling.sigs.k8s.io, kind: PodGroup, plural: podgroups, scope: Namespaced, versions: [v1alpha1], shortNames: [pg, pgs]}
  - {group: scheduling.sigs.k8s.io, kind: ElasticQuota, plural: elasticquotas, scope: Namespaced, versions: [v1alpha1], shortNames: [eq, eqs]}
  handlers:
  # ack-gpu-exporter namespace and port are unverified.
  - {name: ack-gpu-exporter, type: dcgm-exporter, namespace: arms-prom, podLabels: {app: ack-gpu-exporter}, port: 9445, options: {flavour: ack}}
  - {name: alibaba-cloud-metrics-adapter, type: custom-metrics, namespace: kube-system, podLabels: {app: alibaba-cloud-metrics-adapter}, port: 443}
  # ACK Pro's kube-scheduler gangs pods by the coscheduling labels (src/sim/gang.ts, src/sim/scheduler.ts).
  controllers:
    coscheduling: {}
  # ACK's GPU runtime does not honour NVIDIA_VISIBLE_DEVICES in containers that were allocated no GPU (unverified).
  runtime: {acceptVisibleDevicesEnv: false${minor >= 36 ? `, sandboxHandlers: {runv: ${RUNV_KERNEL}}` : ''}}
  # The GPU node pool np-gpu-a10 as the managed autoscaler sees it (group name as its status reports it; unverified).
  nodeGroups:
  - name: gpu-a10
    minSize: 1
    maxSize: 4
    nodeSelector: {alibabacloud.com/nodepool-id: np-gpu-a10}
    template:
      namePattern: "cn-hangzhou.10.0.2.{n}"
      firstIndex: 30
      labels: {alibabacloud.com/nodepool-id: np-gpu-a10, beta.kubernetes.io/arch: amd64, beta.kubernetes.io/os: linux, kubernetes.io/arch: amd64, kubernetes.io/os: linux, node.kubernetes.io/instance-type: ecs.gn7i-c32g1.8xlarge, topology.kubernetes.io/region: cn-hangzhou, topology.kubernetes.io/zone: cn-hangzhou-k, aliyun.accelerator/nvidia_name: NVIDIA-A10, aliyun.accelerator/nvidia_count: "1", aliyun.accelerator/nvidia_mem: 23028MiB, ack.node.gpu.schedule: default}
      taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
      capacity: {cpu: 31600m, memory: 185937632Ki, ephemeral-storage: "114022843818", pods: "64"}
      gpus: {model: NVIDIA A10, count: 1}
  breaks:
  - name: coscheduling-binds-partially
    description: the scheduler ignores the coscheduling labels and binds the pods of a group one by one as each fits
    controllers: {coscheduling: {bindPartially: true}}
  - name: runtime-exposes-all-gpus
    description: the container runtime gives every container on a GPU node all of that node's GPUs (also those that requested none)
    runtime: {exposeAllGpus: true}
  - name: hpa-never-scales
    description: the HPA controller reads the custom metrics and reports them, but never changes the desired or actual replicas
    controllers: {hpa: {neverScales: true}}
  - name: ack-driver-version-skew
    description: GPU node cn-hangzhou.10.0.2.21 runs an older NVIDIA driver (550.144.03, CUDA 12.4) than cn-hangzhou.10.0.2.20 (570.133.20, CUDA 12.8)
    gpus:
    - {nodes: [cn-hangzhou.10.0.2.21], model: NVIDIA A10, count: 2, driverVersion: 550.144.03, cudaVersion: "12.4"}
  - name: ack-exporter-missing-memory-metric
    description: ack-gpu-exporter serves no framebuffer memory series (DCGM_FI_DEV_FB_USED, DCGM_FI_DEV_FB_FREE)
    handlerOptions: {ack-gpu-exporter: {omitMetrics: [DCGM_FI_DEV_FB_USED, DCGM_FI_DEV_FB_FREE]}}
  - name: gateway-not-programmed
    description: the Gateway's envoy proxy pods never become ready, so every Gateway stays Programmed=False (NoResources)
    containerRules:
    - {name: gateway-proxy-not-ready, match: {namespace: envoy-gateway-system, podLabels: {app.kubernetes.io/component: proxy, app.kubernetes.io/managed-by: envoy-gateway}}, ready: false}
  - name: ack-metrics-adapter-unavailable
    description: the metrics adapter never becomes ready, so its APIServices are Available=False
    containerRules:
    - {name: ack-adapter-not-ready, match: {namespace: kube-system, podLabels: {app: alibaba-cloud-metrics-adapter}}, ready: false}
${ackNode('cn-hangzhou.10.0.1.10', 'np-cpu', 'ecs.g7.2xlarge', v, null)}${ackNode('cn-hangzhou.10.0.1.11', 'np-cpu', 'ecs.g7.2xlarge', v, null)}${ackNode('cn-hangzhou.10.0.2.20', 'np-gpu-a10', 'ecs.gn7i-c32g1.8xlarge', v, { count: 1, dra: false, ...(minor >= 35 ? { driverVersion: GPU_MODELS['NVIDIA A10'].driverVersion } : {}) })}${ackNode('cn-hangzhou.10.0.2.21', 'np-gpu-a10-dra', 'ecs.gn7i-2x.8xlarge', v, { count: 2, dra: true })}---
apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {kubernetes.io/metadata.name: default}}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-system, labels: {kubernetes.io/metadata.name: kube-system}}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-public, labels: {kubernetes.io/metadata.name: kube-public}}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-node-lease, labels: {kubernetes.io/metadata.name: kube-node-lease}}
---
apiVersion: v1
kind: Namespace
metadata: {name: arms-prom, labels: {kubernetes.io/metadata.name: arms-prom}}
${minor >= 36 ? RUNV_CLASS : ''}---
apiVersion: v1
kind: Service
metadata: {name: kubernetes, namespace: default, labels: {component: apiserver, provider: kubernetes}}
spec: {type: ClusterIP, clusterIP: 192.168.0.1, ports: [{name: https, port: 443, protocol: TCP, targetPort: 6443}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  replicas: 2
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      priorityClassName: system-cluster-critical
      containers: [{name: coredns, image: "registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/coredns:v1.12.1.1-aliyun", args: [-conf, /etc/coredns/Corefile], resources: {requests: {cpu: 100m, memory: 70Mi}}}]
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec: {clusterIP: 192.168.0.10, selector: {k8s-app: kube-dns}, ports: [{name: dns, port: 53, protocol: UDP, targetPort: 53}, {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}]}
${ds('kube-system', 'kube-proxy-worker', 'k8s-app: kube-proxy-worker', `registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/kube-proxy:${v}`)}${ds('kube-system', 'terway-eniip', 'app: terway-eniip', 'registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/terway:v1.13.0')}${ds('kube-system', 'csi-plugin', 'app: csi-plugin', 'registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/csi-plugin:v1.33.1')}${ds('kube-system', 'ack-nvidia-device-plugin', 'component: nvidia-device-plugin', 'registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/k8s-device-plugin:v0.17.1-aliyun', '      nodeSelector: {ack.node.gpu.schedule: default}\n')}${ds('arms-prom', 'ack-gpu-exporter', 'app: ack-gpu-exporter', 'registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/ack-gpu-exporter:v2.0.0', '      nodeSelector: {aliyun.accelerator/nvidia_count: "1"}\n').replace('containers: [{name: ack-gpu-exporter, image: "registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/ack-gpu-exporter:v2.0.0"}]', 'containers: [{name: ack-gpu-exporter, image: "registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/ack-gpu-exporter:v2.0.0", ports: [{name: http-metrics, containerPort: 9445}], env: [{name: NVIDIA_VISIBLE_DEVICES, value: all}]}]').replace('nodeSelector: {aliyun.accelerator/nvidia_count: "1"}', 'affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: aliyun.accelerator/nvidia_name, operator: Exists}]}]}}}')}---
apiVersion: v1
kind: Service
metadata: {name: ack-gpu-exporter, namespace: arms-prom, labels: {app: ack-gpu-exporter}}
spec: {selector: {app: ack-gpu-exporter}, ports: [{name: http-metrics, port: 9445, targetPort: 9445}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: metrics-server, namespace: kube-system, labels: {k8s-app: metrics-server}}
spec:
  replicas: 1
  selector: {matchLabels: {k8s-app: metrics-server}}
  template:
    metadata: {labels: {k8s-app: metrics-server}}
    spec: {containers: [{name: metrics-server, image: "registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/metrics-server:v0.7.2", ports: [{name: https, containerPort: 443}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: metrics-server, namespace: kube-system, labels: {k8s-app: metrics-server}}
spec: {selector: {k8s-app: metrics-server}, ports: [{name: https, port: 443, targetPort: https}]}
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io}
spec: {group: metrics.k8s.io, version: v1beta1, groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: {name: metrics-server, namespace: kube-system, port: 443}}
---
# ack-alibaba-cloud-metrics-adapter (Deployment and Service names unverified).
apiVersion: apps/v1
kind: Deployment
metadata: {name: alibaba-cloud-metrics-adapter, namespace: kube-system, labels: {app: alibaba-cloud-metrics-adapter}}
spec:
  replicas: 1
  selector: {matchLabels: {app: alibaba-cloud-metrics-adapter}}
  template:
    metadata: {labels: {app: alibaba-cloud-metrics-adapter}}
    spec: {containers: [{name: alibaba-cloud-metrics-adapter, image: "registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/alibaba-cloud-metrics-adapter-amd64:v0.2.6", ports: [{name: https, containerPort: 443}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: alibaba-cloud-metrics-adapter, namespace: kube-system, labels: {app: alibaba-cloud-metrics-adapter}}
spec: {selector: {app: alibaba-cloud-metrics-adapter}, ports: [{name: https, port: 443, targetPort: https}]}
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.custom.metrics.k8s.io}
spec: {group: custom.metrics.k8s.io, version: v1beta1, groupPriorityMinimum: 100, versionPriority: 100, caBundle: ${CA_BUNDLE}, service: {name: alibaba-cloud-metrics-adapter, namespace: kube-system, port: 443}}
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.external.metrics.k8s.io}
spec: {group: external.metrics.k8s.io, version: v1beta1, groupPriorityMinimum: 100, versionPriority: 100, caBundle: ${CA_BUNDLE}, service: {name: alibaba-cloud-metrics-adapter, namespace: kube-system, port: 443}}
`;
}
