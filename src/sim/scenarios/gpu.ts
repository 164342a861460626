/**
 * GPU add-ons: GPU worker nodes, the NVIDIA device plugin (static manifest
 * NVIDIA/k8s-device-plugin deployments/static/nvidia-device-plugin.yml: DaemonSet
 * nvidia-device-plugin-daemonset in kube-system), the NVIDIA DRA driver (helm chart
 * nvidia-dra-driver-gpu in namespace nvidia-dra-driver-gpu), the DRA example driver
 * (kubernetes-sigs/dra-example-driver, DeviceClass gpu.example.com) and the DCGM exporter
 * (NVIDIA/dcgm-exporter deployment/examples/dcgm-exporter.yaml: DaemonSet and Service
 * dcgm-exporter, port 9400 named metrics).
 */
import { HEADER } from './common.js';

function gpuNode(name: string, index: number): string {
  return `---
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: ${name}
    kubernetes.io/os: linux
    # As GPU feature discovery labels a node with GPUs.
    nvidia.com/gpu.present: "true"
    nvidia.com/gpu.product: NVIDIA-A10
    nvidia.com/gpu.count: "2"
    nvidia.com/gpu.memory: "23028"
spec:
  podCIDR: 10.244.${index}.0/24
  podCIDRs: [10.244.${index}.0/24]
  providerID: kind://docker/kind/${name}
  taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
status:
  addresses: [{type: InternalIP, address: 172.18.0.${index + 2}}, {type: Hostname, address: ${name}}]
  capacity: {cpu: "16", memory: 65838072Ki, ephemeral-storage: 102625208Ki, pods: "110"}
  allocatable: {cpu: "16", memory: 65838072Ki, ephemeral-storage: 102625208Ki, pods: "110"}
  nodeInfo: {architecture: amd64, containerRuntimeVersion: containerd://2.1.1, kernelVersion: 6.8.0-60-generic, operatingSystem: linux, osImage: Debian GNU/Linux 12 (bookworm)}
`;
}

export const GPU_NODES = `${HEADER}
kind: AddOn
metadata:
  name: gpu-nodes
  description: two GPU workers (kind-gpu-worker, kind-gpu-worker2), 2 x NVIDIA A10 each, tainted nvidia.com/gpu:NoSchedule
  source: simulated hardware; labels as NVIDIA GPU feature discovery writes them
spec:
  gpus:
  - {nodes: [kind-gpu-worker, kind-gpu-worker2], model: NVIDIA A10, count: 2}
  # The NVIDIA toolkit configured as hardened installs do it (accept-nvidia-visible-devices-envvar-when-unprivileged
  # = false): an unprivileged container's NVIDIA_VISIBLE_DEVICES does not expose GPUs it was not allocated.
  runtime: {acceptVisibleDevicesEnv: false}
  # The workers' node group, for a cluster autoscaler (add-on cluster-autoscaler).
  nodeGroups:
  - name: gpu-a10
    minSize: 1
    maxSize: 4
    nodeSelector: {nvidia.com/gpu.product: NVIDIA-A10}
    template:
      namePattern: "kind-gpu-worker{n}"
      firstIndex: 3
      providerID: "kind://docker/kind/{name}"
      labels: {kubernetes.io/arch: amd64, kubernetes.io/os: linux, nvidia.com/gpu.present: "true", nvidia.com/gpu.product: NVIDIA-A10, nvidia.com/gpu.count: "2", nvidia.com/gpu.memory: "23028"}
      taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
      capacity: {cpu: "16", memory: 65838072Ki, ephemeral-storage: 102625208Ki, pods: "110"}
      gpus: {model: NVIDIA A10, count: 2}
  breaks:
  - name: runtime-exposes-all-gpus
    description: the container runtime gives every container on a GPU node all of that node's GPUs (also those that requested none)
    runtime: {exposeAllGpus: true}
  - name: driver-version-skew
    description: kind-gpu-worker2 was left on an older NVIDIA driver (550.144.03, CUDA 12.4) than kind-gpu-worker (570.133.20, CUDA 12.8)
    gpus:
    - {nodes: [kind-gpu-worker2], model: NVIDIA A10, count: 2, driverVersion: 550.144.03, cudaVersion: "12.4"}
${gpuNode('kind-gpu-worker', 3)}${gpuNode('kind-gpu-worker2', 4)}`;

export const NVIDIA_DEVICE_PLUGIN = `${HEADER}
kind: AddOn
metadata:
  name: nvidia-device-plugin
  description: NVIDIA device plugin advertising nvidia.com/gpu on GPU nodes
  source: NVIDIA/k8s-device-plugin deployments/static/nvidia-device-plugin.yml (v0.17)
spec:
  devicePlugins:
  - {resource: nvidia.com/gpu, unit: gpu, namespace: kube-system, podLabels: {name: nvidia-device-plugin-ds}}
  breaks:
  - name: device-plugin-not-ready
    description: the device plugin pods never become ready, so no node advertises nvidia.com/gpu
    containerRules:
    - {name: device-plugin-not-ready, match: {namespace: kube-system, podLabels: {name: nvidia-device-plugin-ds}}, ready: false}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: nvidia-device-plugin-daemonset, namespace: kube-system}
spec:
  selector: {matchLabels: {name: nvidia-device-plugin-ds}}
  updateStrategy: {type: RollingUpdate}
  template:
    metadata: {labels: {name: nvidia-device-plugin-ds}}
    spec:
      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
      priorityClassName: system-node-critical
      nodeSelector: {nvidia.com/gpu.present: "true"}
      containers:
      - name: nvidia-device-plugin-ctr
        image: nvcr.io/nvidia/k8s-device-plugin:v0.17.1
        env: [{name: FAIL_ON_INIT_ERROR, value: "false"}]
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`;

export const NVIDIA_DRA_DRIVER = `${HEADER}
kind: AddOn
metadata:
  name: nvidia-dra-driver
  description: NVIDIA DRA driver for GPUs publishing ResourceSlices (driver gpu.nvidia.com) and DeviceClass gpu.nvidia.com
  source: NVIDIA/k8s-dra-driver-gpu helm chart nvidia-dra-driver-gpu (release nvidia-dra-driver-gpu, namespace nvidia-dra-driver-gpu)
spec:
  draDrivers:
  - {driver: gpu.nvidia.com, devices: nvidia, namespace: nvidia-dra-driver-gpu, podLabels: {nvidia-dra-driver-gpu-component: kubelet-plugin}}
  crds:
  - {group: resource.nvidia.com, kind: ComputeDomain, plural: computedomains, scope: Namespaced, versions: [v1beta1]}
  breaks:
  - name: dra-driver-never-allocates
    description: the driver publishes its ResourceSlices but no claim is ever allocated its devices (pods stay Pending, FailedScheduling)
    controllers: {dra: {neverAllocate: [gpu.nvidia.com]}}
  - name: dra-driver-not-ready
    description: the DRA kubelet plugin never becomes ready, so no ResourceSlices are published
    containerRules:
    - {name: dra-driver-not-ready, match: {namespace: nvidia-dra-driver-gpu, podLabels: {nvidia-dra-driver-gpu-component: kubelet-plugin}}, ready: false}
---
apiVersion: v1
kind: Namespace
metadata: {name: nvidia-dra-driver-gpu, labels: {kubernetes.io/metadata.name: nvidia-dra-driver-gpu}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: nvidia-dra-driver-gpu-kubelet-plugin
  namespace: nvidia-dra-driver-gpu
  labels: {app.kubernetes.io/name: nvidia-dra-driver-gpu, app.kubernetes.io/instance: nvidia-dra-driver-gpu, app.kubernetes.io/managed-by: Helm, helm.sh/chart: nvidia-dra-driver-gpu-25.8.0}
spec:
  selector: {matchLabels: {nvidia-dra-driver-gpu-component: kubelet-plugin}}
  template:
    metadata: {labels: {app.kubernetes.io/name: nvidia-dra-driver-gpu, app.kubernetes.io/instance: nvidia-dra-driver-gpu, nvidia-dra-driver-gpu-component: kubelet-plugin}}
    spec:
      serviceAccountName: nvidia-dra-driver-gpu-service-account-kubeletplugin
      nodeSelector: {nvidia.com/gpu.present: "true"}
      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
      containers:
      - name: gpus
        image: nvcr.io/nvidia/k8s-dra-driver-gpu:v25.8.0
        command: [bash, -c]
        args: [gpu-kubelet-plugin -v $(LOG_VERBOSITY)]
        env: [{name: NVIDIA_VISIBLE_DEVICES, value: void}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nvidia-dra-driver-gpu-controller
  namespace: nvidia-dra-driver-gpu
  labels: {app.kubernetes.io/name: nvidia-dra-driver-gpu, app.kubernetes.io/instance: nvidia-dra-driver-gpu}
spec:
  replicas: 1
  selector: {matchLabels: {nvidia-dra-driver-gpu-component: controller}}
  template:
    metadata: {labels: {app.kubernetes.io/name: nvidia-dra-driver-gpu, app.kubernetes.io/instance: nvidia-dra-driver-gpu, nvidia-dra-driver-gpu-component: controller}}
    spec:
      serviceAccountName: nvidia-dra-driver-gpu-service-account-controller
      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
      containers: [{name: compute-domain, image: "nvcr.io/nvidia/k8s-dra-driver-gpu:v25.8.0", command: [compute-domain-controller, -v, "6"]}]
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: {name: gpu.nvidia.com}
spec:
  selectors: [{cel: {expression: "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'gpu'"}}]
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: {name: mig.nvidia.com}
spec:
  selectors: [{cel: {expression: "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'mig'"}}]
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: {name: compute-domain-daemon.nvidia.com}
spec:
  selectors: [{cel: {expression: "device.driver == 'compute-domain.nvidia.com' && device.attributes['compute-domain.nvidia.com'].type == 'daemon'"}}]
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: {name: compute-domain-default-channel.nvidia.com}
spec:
  selectors: [{cel: {expression: "device.driver == 'compute-domain.nvidia.com' && device.attributes['compute-domain.nvidia.com'].type == 'channel' && device.attributes['compute-domain.nvidia.com'].id == 0"}}]
`;

export const DRA_EXAMPLE_DRIVER = `${HEADER}
kind: AddOn
metadata:
  name: dra-example-driver
  description: the Kubernetes DRA example driver with 8 fake GPUs per worker (DeviceClass gpu.example.com)
  source: kubernetes-sigs/dra-example-driver helm chart (namespace dra-example-driver)
spec:
  draDrivers:
  - {driver: gpu.example.com, devices: example, perNode: 8, namespace: dra-example-driver, podLabels: {app.kubernetes.io/name: dra-example-driver}}
  breaks:
  - name: dra-driver-never-allocates
    description: the driver publishes its ResourceSlices but no claim is ever allocated its devices (pods stay Pending, FailedScheduling)
    controllers: {dra: {neverAllocate: [gpu.example.com]}}
---
apiVersion: v1
kind: Namespace
metadata: {name: dra-example-driver, labels: {kubernetes.io/metadata.name: dra-example-driver}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: dra-example-driver-kubeletplugin, namespace: dra-example-driver, labels: {app.kubernetes.io/name: dra-example-driver, app.kubernetes.io/instance: dra-example-driver}}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: dra-example-driver, app.kubernetes.io/instance: dra-example-driver}}
  template:
    metadata: {labels: {app.kubernetes.io/name: dra-example-driver, app.kubernetes.io/instance: dra-example-driver}}
    spec:
      serviceAccountName: dra-example-driver-service-account
      containers: [{name: plugin, image: "registry.k8s.io/dra-example-driver/dra-example-driver:v0.2.0", command: [dra-example-kubeletplugin]}]
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: {name: gpu.example.com}
spec:
  selectors: [{cel: {expression: "device.driver == 'gpu.example.com'"}}]
`;

export const DCGM_EXPORTER = `${HEADER}
kind: AddOn
metadata:
  name: dcgm-exporter
  description: NVIDIA DCGM exporter on every GPU node, answering /metrics on port 9400 with per-GPU series
  source: NVIDIA/dcgm-exporter deployment/examples/dcgm-exporter.yaml (4.8.4 labels, nodeSelector and GPU toleration as its gpu-tainted-nodes patch)
spec:
  handlers:
  - {name: dcgm-exporter, type: dcgm-exporter, namespace: default, podLabels: {app.kubernetes.io/name: dcgm-exporter}, port: 9400}
  breaks:
  - name: exporter-missing-memory-metric
    description: the exporter serves no framebuffer memory series (DCGM_FI_DEV_FB_USED, DCGM_FI_DEV_FB_FREE)
    handlerOptions: {dcgm-exporter: {omitMetrics: [DCGM_FI_DEV_FB_USED, DCGM_FI_DEV_FB_FREE]}}
  - name: exporter-not-ready
    description: the exporter pods run but never become ready (no ready endpoints, nothing answers)
    containerRules:
    - {name: exporter-not-ready, match: {podLabels: {app.kubernetes.io/name: dcgm-exporter}}, ready: false}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: dcgm-exporter
  namespace: default
  labels: {app.kubernetes.io/name: dcgm-exporter, app.kubernetes.io/version: "4.8.4"}
spec:
  updateStrategy: {type: RollingUpdate}
  selector: {matchLabels: {app.kubernetes.io/name: dcgm-exporter, app.kubernetes.io/version: "4.8.4"}}
  template:
    metadata: {labels: {app.kubernetes.io/name: dcgm-exporter, app.kubernetes.io/version: "4.8.4"}, name: dcgm-exporter}
    spec:
      automountServiceAccountToken: false
      nodeSelector: {nvidia.com/gpu.present: "true"}
      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
      containers:
      - name: dcgm-exporter
        image: nvcr.io/nvidia/k8s/dcgm-exporter:4.6.1-4.8.4-distroless
        env: [{name: DCGM_EXPORTER_LISTEN, value: ":9400"}, {name: DCGM_EXPORTER_KUBERNETES, value: "true"}]
        ports: [{name: metrics, containerPort: 9400}]
        resources: {limits: {cpu: 200m, memory: 256Mi}, requests: {cpu: 100m, memory: 128Mi}}
---
kind: Service
apiVersion: v1
metadata:
  name: dcgm-exporter
  namespace: default
  labels: {app.kubernetes.io/name: dcgm-exporter, app.kubernetes.io/version: "4.8.4"}
spec:
  selector: {app.kubernetes.io/name: dcgm-exporter, app.kubernetes.io/version: "4.8.4"}
  ports: [{name: metrics, port: 9400}]
`;
