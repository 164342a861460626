/**
 * Default stages for built-in kinds, as the kubelet and a cloud's service controller act (CRD
 * and local APIService status come from the API server itself). Embedded as text so the bundles need no files.
 */
export const CORE_STAGES = `
apiVersion: sim.ai-conformance.dev/v1alpha1
kind: Stage
metadata:
  name: node-initialize
  description: A node without a Ready condition registers as a kubelet does.
spec:
  resourceRef: {kind: Node}
  selector:
    matchConditions: [{type: Ready, status: Absent}]
    matchExpressions: [{key: .status.addresses, operator: DoesNotExist}]
  steps:
  - patchStatus:
      addresses:
      - {type: InternalIP, address: "{{ ipFor .metadata.name }}"}
      - {type: Hostname, address: "{{ .metadata.name }}"}
      daemonEndpoints: {kubeletEndpoint: {Port: 10250}}
---
apiVersion: sim.ai-conformance.dev/v1alpha1
kind: Stage
metadata:
  name: node-ready
  description: The kubelet reports the node healthy and ready.
spec:
  resourceRef: {kind: Node}
  selector:
    matchConditions: [{type: Ready, status: Absent}]
    matchExpressions: [{key: .status.addresses, operator: Exists}]
  delay: 1s
  steps:
  - setCondition: {type: MemoryPressure, status: "False", reason: KubeletHasSufficientMemory, message: kubelet has sufficient memory available}
  - setCondition: {type: DiskPressure, status: "False", reason: KubeletHasNoDiskPressure, message: kubelet has no disk pressure}
  - setCondition: {type: PIDPressure, status: "False", reason: KubeletHasSufficientPID, message: kubelet has sufficient PID available}
  - setCondition: {type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status}
  - event: {type: Normal, reason: NodeReady, message: "Node {{ .metadata.name }} status is now: NodeReady", component: kubelet}
---
apiVersion: sim.ai-conformance.dev/v1alpha1
kind: Stage
metadata:
  name: service-load-balancer
  description: A LoadBalancer Service gets an ingress address from the cloud's service controller.
spec:
  resourceRef: {kind: Service}
  selector:
    matchExpressions:
    - {key: .spec.type, operator: In, values: [LoadBalancer]}
    - {key: .status.loadBalancer.ingress, operator: DoesNotExist}
  delay: 2s
  steps:
  - event: {type: Normal, reason: EnsuringLoadBalancer, message: Ensuring load balancer, component: service-controller}
  - patchStatus:
      loadBalancer:
        ingress: [{ip: "{{ lbIPFor .metadata.namespace .metadata.name }}", ipMode: VIP}]
  - event: {type: Normal, reason: EnsuredLoadBalancer, message: Ensured load balancer, component: service-controller}
`;
