/**
 * Base clusters as `kind create cluster --config` makes them (a control-plane node and two
 * workers, kindnet, kube-proxy, CoreDNS, local-path-provisioner), nothing AI installed.
 * kindest/node tags for 1.36 and 1.37 are assumed (unverified).
 */
import { HEADER } from './common.js';

const PATCH: Record<number, string> = { 33: '1.33.1', 34: '1.34.0', 35: '1.35.0', 36: '1.36.0', 37: '1.37.0' };

function node(name: string, index: number, v: string, controlPlane: boolean): string {
  return `---
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
    beta.kubernetes.io/arch: amd64
    beta.kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: ${name}
    kubernetes.io/os: linux
${controlPlane ? '    node-role.kubernetes.io/control-plane: ""\n    node.kubernetes.io/exclude-from-external-load-balancers: ""\n' : ''}  annotations:
    kubeadm.alpha.kubernetes.io/cri-socket: unix:///run/containerd/containerd.sock
    node.alpha.kubernetes.io/ttl: "0"
spec:
  podCIDR: 10.244.${index}.0/24
  podCIDRs: [10.244.${index}.0/24]
  providerID: kind://docker/kind/${name}
${controlPlane ? '  taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]\n' : ''}status:
  addresses: [{type: InternalIP, address: 172.18.0.${index + 2}}, {type: Hostname, address: ${name}}]
  capacity: {cpu: "8", ephemeral-storage: 102625208Ki, hugepages-1Gi: "0", hugepages-2Mi: "0", memory: 32859580Ki, pods: "110"}
  allocatable: {cpu: "8", ephemeral-storage: 102625208Ki, hugepages-1Gi: "0", hugepages-2Mi: "0", memory: 32859580Ki, pods: "110"}
  daemonEndpoints: {kubeletEndpoint: {Port: 10250}}
  nodeInfo:
    architecture: amd64
    bootID: 00000000-0000-0000-0000-00000000000${index}
    containerRuntimeVersion: containerd://2.1.1
    kernelVersion: 6.8.0-60-generic
    kubeProxyVersion: v${v}
    kubeletVersion: v${v}
    machineID: kind${index}
    operatingSystem: linux
    osImage: Debian GNU/Linux 12 (bookworm)
    systemUUID: 00000000-0000-0000-0000-00000000000${index}
`;
}

function staticPod(component: string, v: string, image: string, tier = 'control-plane'): string {
  return `---
apiVersion: v1
kind: Pod
metadata:
  name: ${component}-kind-control-plane
  namespace: kube-system
  labels: {component: ${component}, tier: ${tier}}
  annotations: {kubernetes.io/config.source: file}
spec:
  nodeName: kind-control-plane
  hostNetwork: true
  priorityClassName: system-node-critical
  tolerations: [{operator: Exists, effect: NoExecute}]
  containers: [{name: ${component}, image: "${image}:v${v}", command: [${component}]}]
`;
}

export function kindCluster(minor: number): string {
  const v = PATCH[minor];
  return `${HEADER}
kind: Cluster
metadata:
  name: kind-1.${minor}
  description: kind v1.${minor} cluster (kindest/node:v${v}), control-plane and two workers, nothing AI installed
  source: kubernetes-sigs/kind default cluster; kindest/node:v${v}
spec:
  kubernetes: {minor: ${minor}, gitVersion: v${v}}
${node('kind-control-plane', 0, v, true)}${node('kind-worker', 1, v, false)}${node('kind-worker2', 2, v, false)}---
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
metadata: {name: local-path-storage, labels: {kubernetes.io/metadata.name: local-path-storage}}
---
apiVersion: v1
kind: Service
metadata: {name: kubernetes, namespace: default, labels: {component: apiserver, provider: kubernetes}}
spec:
  type: ClusterIP
  clusterIP: 10.96.0.1
  clusterIPs: [10.96.0.1]
  ports: [{name: https, port: 443, protocol: TCP, targetPort: 6443}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: kubernetes, namespace: default, labels: {kubernetes.io/service-name: kubernetes, endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io}}
addressType: IPv4
endpoints: [{addresses: [172.18.0.2], conditions: {ready: true, serving: true, terminating: false}}]
ports: [{name: https, port: 6443, protocol: TCP}]
${staticPod('etcd', '3.5.21-0'.replace(/^/, ''), 'registry.k8s.io/etcd').replace(/:v3\.5\.21-0/, ':3.5.21-0')}${staticPod('kube-apiserver', v, 'registry.k8s.io/kube-apiserver')}${staticPod('kube-controller-manager', v, 'registry.k8s.io/kube-controller-manager')}${staticPod('kube-scheduler', v, 'registry.k8s.io/kube-scheduler')}---
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
      serviceAccountName: coredns
      tolerations: [{key: CriticalAddonsOnly, operator: Exists}, {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
      nodeSelector: {kubernetes.io/os: linux}
      containers:
      - name: coredns
        image: registry.k8s.io/coredns/coredns:v1.12.0
        args: [-conf, /etc/coredns/Corefile]
        ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53, protocol: TCP}, {name: metrics, containerPort: 9153, protocol: TCP}]
        resources: {requests: {cpu: 100m, memory: 70Mi}, limits: {memory: 170Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns, kubernetes.io/name: CoreDNS}}
spec:
  clusterIP: 10.96.0.10
  selector: {k8s-app: kube-dns}
  ports: [{name: dns, port: 53, protocol: UDP, targetPort: 53}, {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}, {name: metrics, port: 9153, protocol: TCP, targetPort: 9153}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system, labels: {k8s-app: kube-proxy}}
spec:
  selector: {matchLabels: {k8s-app: kube-proxy}}
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      hostNetwork: true
      priorityClassName: system-node-critical
      tolerations: [{operator: Exists}]
      nodeSelector: {kubernetes.io/os: linux}
      containers: [{name: kube-proxy, image: "registry.k8s.io/kube-proxy:v${v}", command: [/usr/local/bin/kube-proxy, --config=/var/lib/kube-proxy/config.conf]}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kindnet, namespace: kube-system, labels: {app: kindnet, k8s-app: kindnet, tier: node}}
spec:
  selector: {matchLabels: {app: kindnet}}
  template:
    metadata: {labels: {app: kindnet, k8s-app: kindnet, tier: node}}
    spec:
      hostNetwork: true
      tolerations: [{operator: Exists}]
      containers: [{name: kindnet-cni, image: "docker.io/kindest/kindnetd:v20250512-df8de77b", resources: {requests: {cpu: 100m, memory: 50Mi}, limits: {cpu: 100m, memory: 50Mi}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: local-path-provisioner, namespace: local-path-storage}
spec:
  replicas: 1
  selector: {matchLabels: {app: local-path-provisioner}}
  template:
    metadata: {labels: {app: local-path-provisioner}}
    spec:
      serviceAccountName: local-path-provisioner-service-account
      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Equal, effect: NoSchedule}]
      containers: [{name: local-path-provisioner, image: "docker.io/kindest/local-path-provisioner:v20250214-acbabc1a", command: [local-path-provisioner, --debug, start]}]
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: standard, annotations: {storageclass.kubernetes.io/is-default-class: "true"}}
provisioner: rancher.io/local-path
reclaimPolicy: Delete
volumeBindingMode: WaitForFirstConsumer
`;
}
