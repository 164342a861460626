/**
 * GPU sharing: NVIDIA device plugin time-slicing (sharing.timeSlicing.resources[].replicas in the
 * plugin's config: each GPU advertised `replicas` times, replicas spread over a node's GPUs, GFD
 * labels nvidia.com/gpu.replicas, nvidia.com/gpu.sharing-strategy=time-slicing and the -SHARED
 * product suffix) and ACK's shared GPU scheduling (cGPU): a node pool labelled
 * ack.node.gpu.schedule=cgpu whose gpushare device plugin advertises aliyun.com/gpu-mem (GiB) and
 * aliyun.com/gpu-count, pods packed onto the first GPU with room. The gpushare DaemonSet name and
 * labels follow ACK's ack-ai-installer as documented; they are unverified. MIG: a node whose A100 is
 * partitioned into 1g.5gb instances (nvidia.com/mig-1g.5gb, mixed strategy).
 */
import { HEADER } from './common.js';

export const NVIDIA_TIME_SLICING = `${HEADER}
kind: AddOn
metadata:
  name: nvidia-time-slicing
  description: NVIDIA device plugin with time-slicing (4 replicas per GPU) on the GPU workers
  source: NVIDIA/k8s-device-plugin README (config sharing.timeSlicing, renameByDefault false, GFD sharing labels)
spec:
  requires: [gpu-nodes, nvidia-device-plugin]
  devicePlugins:
  - {resource: nvidia.com/gpu, unit: gpu, namespace: kube-system, podLabels: {name: nvidia-device-plugin-ds}, replicas: 4}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: nvidia-device-plugin-config, namespace: kube-system}
data:
  config.yaml: |
    version: v1
    flags:
      migStrategy: none
    sharing:
      timeSlicing:
        renameByDefault: false
        failRequestsGreaterThanOne: false
        resources:
        - name: nvidia.com/gpu
          replicas: 4
`;

export const ACK_GPUSHARE = `${HEADER}
kind: AddOn
metadata:
  name: ack-gpushare
  description: ACK shared GPU scheduling (cGPU) node pool, one A10 shared by GPU memory (aliyun.com/gpu-mem)
  source: ACK docs (shared GPU scheduling, node label ack.node.gpu.schedule=cgpu, resource aliyun.com/gpu-mem); DaemonSet name and labels unverified
spec:
  gpus:
  - {nodes: [cn-hangzhou.10.0.2.22], model: NVIDIA A10, count: 1}
  devicePlugins:
  - {resource: aliyun.com/gpu-mem, unit: gpu-mem-gib, namespace: kube-system, podLabels: {name: gpushare-device-plugin-ds}}
  - {resource: aliyun.com/gpu-count, unit: gpu-count, namespace: kube-system, podLabels: {name: gpushare-device-plugin-ds}}
---
apiVersion: v1
kind: Node
metadata:
  name: cn-hangzhou.10.0.2.22
  labels:
    alibabacloud.com/nodepool-id: np-gpu-a10-share
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: cn-hangzhou.10.0.2.22
    kubernetes.io/os: linux
    node.kubernetes.io/instance-type: ecs.gn7i-c32g1.8xlarge
    aliyun.accelerator/nvidia_name: NVIDIA-A10
    aliyun.accelerator/nvidia_count: "1"
    aliyun.accelerator/nvidia_mem: 23028MiB
    ack.node.gpu.schedule: cgpu
spec:
  providerID: cn-hangzhou.i-bp1share0022
  podCIDR: 10.222.0.0/24
  taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
status:
  addresses: [{type: InternalIP, address: 10.0.2.22}, {type: Hostname, address: cn-hangzhou.10.0.2.22}]
  capacity: {cpu: "32", memory: 194519264Ki, ephemeral-storage: 123722704Ki, pods: "64"}
  allocatable: {cpu: 31600m, memory: 185937632Ki, ephemeral-storage: "114022843818", pods: "64"}
  nodeInfo: {architecture: amd64, containerRuntimeVersion: containerd://1.6.38, kernelVersion: 5.10.134-18.al8.x86_64, operatingSystem: linux, osImage: Alibaba Cloud Linux 3.2104 U11 (OpenAnolis Edition)}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: gpushare-device-plugin-ds, namespace: kube-system, labels: {app: gpushare}}
spec:
  selector: {matchLabels: {name: gpushare-device-plugin-ds}}
  template:
    metadata: {labels: {name: gpushare-device-plugin-ds, app: gpushare}}
    spec:
      nodeSelector: {ack.node.gpu.schedule: cgpu}
      tolerations: [{operator: Exists}]
      containers: [{name: gpushare, image: "registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/k8s-gpushare-plugin:v4.0.0", env: [{name: KUBECONFIG, value: /etc/kubernetes/kubelet.conf}]}]
`;

export const NVIDIA_MIG = `${HEADER}
kind: AddOn
metadata:
  name: nvidia-mig
  description: a GPU worker with one A100 40GB partitioned by MIG into 7 x 1g.5gb (device plugin mixed strategy, nvidia.com/mig-1g.5gb)
  source: NVIDIA/k8s-device-plugin (MIG strategy mixed, resources nvidia.com/mig-<profile>) and NVIDIA mig-parted profile all-1g.5gb
spec:
  requires: [nvidia-device-plugin]
  gpus:
  - {nodes: [kind-mig-worker], model: NVIDIA A100-SXM4-40GB, count: 1, mig: {profile: 1g.5gb, count: 7}}
  devicePlugins:
  - {resource: nvidia.com/mig-1g.5gb, unit: mig, profile: 1g.5gb, namespace: kube-system, podLabels: {name: nvidia-device-plugin-ds}}
---
apiVersion: v1
kind: Node
metadata:
  name: kind-mig-worker
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: kind-mig-worker
    kubernetes.io/os: linux
    nvidia.com/gpu.present: "true"
    nvidia.com/gpu.product: NVIDIA-A100-SXM4-40GB
    nvidia.com/gpu.count: "1"
    nvidia.com/gpu.memory: "40960"
    nvidia.com/mig.config: all-1g.5gb
spec:
  podCIDR: 10.244.9.0/24
  podCIDRs: [10.244.9.0/24]
  providerID: kind://docker/kind/kind-mig-worker
  taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
status:
  addresses: [{type: InternalIP, address: 172.18.0.11}, {type: Hostname, address: kind-mig-worker}]
  capacity: {cpu: "16", memory: 65838072Ki, ephemeral-storage: 102625208Ki, pods: "110"}
  allocatable: {cpu: "16", memory: 65838072Ki, ephemeral-storage: 102625208Ki, pods: "110"}
  nodeInfo: {architecture: amd64, containerRuntimeVersion: containerd://2.1.1, kernelVersion: 6.8.0-60-generic, operatingSystem: linux, osImage: Debian GNU/Linux 12 (bookworm)}
`;
