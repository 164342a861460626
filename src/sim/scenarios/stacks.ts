/**
 * AI stack add-ons. Names, namespaces, labels and API versions follow the projects' release
 * manifests: kubernetes-sigs/gateway-api standard-install (v1.4), envoyproxy/gateway quickstart
 * (GatewayClass eg), gateway-api-inference-extension (InferencePool v1), kubernetes-sigs/kueue
 * (kustomize namePrefix kueue-, namespace kueue-system), volcano-sh/volcano installer,
 * kubernetes/autoscaler cluster-autoscaler, Karpenter helm chart, prometheus-community
 * kube-prometheus-stack and prometheus-adapter charts, ray-project/kuberay helm chart,
 * kubeflow/trainer manifests.
 */
import { CA_BUNDLE, HEADER } from './common.js';

const deploy = (ns: string, name: string, labels: string, image: string, extra = ''): string => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}, labels: {${labels}}}
spec:
  replicas: 1
  selector: {matchLabels: {${labels}}}
  template:
    metadata: {labels: {${labels}}}
    spec:
      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
      containers: [{name: manager, image: "${image}"${extra}}]
`;
const ns = (name: string): string => `---
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: {kubernetes.io/metadata.name: ${name}}}
`;
const svc = (namespace: string, name: string, selector: string, ports: string): string => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {${selector}}
  ports: [${ports}]
`;

export const GATEWAY_API = `${HEADER}
kind: AddOn
metadata:
  name: gateway-api
  description: Gateway API v1.4.0 standard channel CRDs
  source: kubernetes-sigs/gateway-api releases v1.4.0 standard-install.yaml
spec:
  crds:
  - {group: gateway.networking.k8s.io, kind: GatewayClass, plural: gatewayclasses, scope: Cluster, versions: [v1, v1beta1], shortNames: [gc], categories: [gateway-api], annotations: {gateway.networking.k8s.io/bundle-version: v1.4.0, gateway.networking.k8s.io/channel: standard}}
  - {group: gateway.networking.k8s.io, kind: Gateway, plural: gateways, scope: Namespaced, versions: [v1, v1beta1], shortNames: [gtw], categories: [gateway-api], annotations: {gateway.networking.k8s.io/bundle-version: v1.4.0, gateway.networking.k8s.io/channel: standard}}
  - {group: gateway.networking.k8s.io, kind: HTTPRoute, plural: httproutes, scope: Namespaced, versions: [v1, v1beta1], categories: [gateway-api], annotations: {gateway.networking.k8s.io/bundle-version: v1.4.0, gateway.networking.k8s.io/channel: standard}}
  - {group: gateway.networking.k8s.io, kind: GRPCRoute, plural: grpcroutes, scope: Namespaced, versions: [v1], categories: [gateway-api], annotations: {gateway.networking.k8s.io/bundle-version: v1.4.0, gateway.networking.k8s.io/channel: standard}}
  - {group: gateway.networking.k8s.io, kind: ReferenceGrant, plural: referencegrants, scope: Namespaced, versions: [v1beta1], shortNames: [refgrant], categories: [gateway-api], annotations: {gateway.networking.k8s.io/bundle-version: v1.4.0, gateway.networking.k8s.io/channel: standard}}
  - {group: gateway.networking.k8s.io, kind: BackendTLSPolicy, plural: backendtlspolicies, scope: Namespaced, versions: [v1], shortNames: [btlspolicy], categories: [gateway-api], annotations: {gateway.networking.k8s.io/bundle-version: v1.4.0, gateway.networking.k8s.io/channel: standard}}
`;

const GATEWAY_STAGES = (controller: string): string => `
  stages:
  - apiVersion: sim.ai-conformance.dev/v1alpha1
    kind: Stage
    metadata: {name: gatewayclass-accepted, description: the controller accepts GatewayClasses naming it}
    spec:
      resourceRef: {apiGroup: gateway.networking.k8s.io, kind: GatewayClass}
      selector:
        matchExpressions: [{key: .spec.controllerName, operator: In, values: [${controller}]}]
        matchConditions: [{type: Accepted, status: NotTrue}]
      delay: 500ms
      steps:
      - setCondition: {type: Accepted, status: "True", reason: Accepted, message: Valid GatewayClass}
`;

export const ENVOY_GATEWAY = `${HEADER}
kind: AddOn
metadata:
  name: envoy-gateway
  description: Envoy Gateway v1.5 with GatewayClass eg (Accepted)
  source: envoyproxy/gateway helm chart gateway-helm (release eg, namespace envoy-gateway-system) and quickstart GatewayClass eg
spec:
  requires: [gateway-api]
  crds:
  - {group: gateway.envoyproxy.io, kind: EnvoyProxy, plural: envoyproxies, scope: Namespaced, versions: [v1alpha1]}
  - {group: gateway.envoyproxy.io, kind: BackendTrafficPolicy, plural: backendtrafficpolicies, scope: Namespaced, versions: [v1alpha1], shortNames: [btp]}
  - {group: gateway.envoyproxy.io, kind: ClientTrafficPolicy, plural: clienttrafficpolicies, scope: Namespaced, versions: [v1alpha1], shortNames: [ctp]}
  - {group: gateway.envoyproxy.io, kind: SecurityPolicy, plural: securitypolicies, scope: Namespaced, versions: [v1alpha1], shortNames: [sp]}
  - {group: gateway.envoyproxy.io, kind: EnvoyExtensionPolicy, plural: envoyextensionpolicies, scope: Namespaced, versions: [v1alpha1], shortNames: [eep]}
  - {group: gateway.envoyproxy.io, kind: Backend, plural: backends, scope: Namespaced, versions: [v1alpha1], shortNames: [be]}
${GATEWAY_STAGES('gateway.envoyproxy.io/gatewayclass-controller')}
  # Gateways, their envoy Deployment/Service, HTTPRoute and InferencePool status and the data plane: src/sim/controllers/gateway.ts, src/sim/net/gateway.ts.
  handlers:
  - {name: envoy-gateway, type: gateway, namespace: envoy-gateway-system, podLabels: {control-plane: envoy-gateway}, options: {controllerName: gateway.envoyproxy.io/gatewayclass-controller, proxyImage: "docker.io/envoyproxy/envoy:distroless-v1.35.0"}}
  breaks:
  - name: gatewayclass-not-accepted
    description: no controller accepts the GatewayClass (it stays Accepted=Unknown, Waiting for controller)
    disableStages: [gatewayclass-accepted]
  - name: gateway-ignores-weights
    description: the data plane splits traffic uniformly between a rule's backendRefs, whatever their weights
    handlerOptions: {envoy-gateway: {ignoreWeights: true}}
  - name: gateway-ignores-header-match
    description: the data plane ignores HTTPRoute header matches, so the first of otherwise equal rules takes every request
    handlerOptions: {envoy-gateway: {ignoreHeaderMatch: true}}
${ns('envoy-gateway-system')}${deploy('envoy-gateway-system', 'envoy-gateway', 'app.kubernetes.io/instance: eg, app.kubernetes.io/name: gateway-helm, control-plane: envoy-gateway', 'docker.io/envoyproxy/gateway:v1.5.0', ', args: [server, --config-path=/config/envoy-gateway.yaml], ports: [{name: grpc, containerPort: 18000}, {name: ratelimit, containerPort: 18001}, {name: wasm, containerPort: 18002}, {name: metrics, containerPort: 19001}, {name: webhook, containerPort: 9443}]')}${svc('envoy-gateway-system', 'envoy-gateway', 'app.kubernetes.io/instance: eg, app.kubernetes.io/name: gateway-helm, control-plane: envoy-gateway', '{name: grpc, port: 18000, targetPort: 18000}, {name: ratelimit, port: 18001, targetPort: 18001}, {name: wasm, port: 18002, targetPort: 18002}, {name: metrics, port: 19001, targetPort: 19001}, {name: webhook, port: 9443, targetPort: 9443}')}---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
status:
  conditions: [{type: Accepted, status: Unknown, reason: Pending, message: Waiting for controller, lastTransitionTime: "1970-01-01T00:00:00Z"}]
`;

export const INFERENCE_EXTENSION = `${HEADER}
kind: AddOn
metadata:
  name: inference-extension
  description: Gateway API Inference Extension v1.0 CRDs (InferencePool v1, InferenceObjective v1alpha2)
  source: kubernetes-sigs/gateway-api-inference-extension config/crd/bases (v1.0 manifests)
spec:
  requires: [gateway-api]
  crds:
  - {group: inference.networking.k8s.io, kind: InferencePool, plural: inferencepools, scope: Namespaced, versions: [v1], shortNames: [infpool], annotations: {inference.networking.k8s.io/bundle-version: v1.0.0}}
  - {group: inference.networking.x-k8s.io, kind: InferencePool, plural: inferencepools, scope: Namespaced, versions: [v1alpha2], shortNames: [infpool], annotations: {inference.networking.k8s.io/bundle-version: v1.0.0}}
  - {group: inference.networking.x-k8s.io, kind: InferenceObjective, plural: inferenceobjectives, scope: Namespaced, versions: [v1alpha2], annotations: {inference.networking.k8s.io/bundle-version: v1.0.0}}
  # InferencePool status and endpoint picking are done by the Gateway implementation (the gateway handler of envoy-gateway).
  breaks:
  - name: inferencepool-not-accepted
    description: the Gateway implementation does not support InferencePool backends (pools Accepted=False NotSupportedByParent, requests to them fail with 500)
    handlerOptions: {envoy-gateway: {inferencePoolSupport: false}}
`;

const kueueWebhook = (kind: string, verb: 'mutate' | 'validate', group: string, version: string, resource: string, prefix: string): string =>
  `  - {name: ${prefix}${kind}.kb.io, admissionReviewVersions: [v1], sideEffects: None, failurePolicy: Fail, clientConfig: {caBundle: ${CA_BUNDLE}, service: {name: kueue-webhook-service, namespace: kueue-system, path: /${verb}-${group.replace(/\./g, '-')}-${version}-${kind}}}, rules: [{apiGroups: ["${group === 'batch' ? 'batch' : group}"], apiVersions: [${version}], operations: [CREATE${verb === 'validate' ? ', UPDATE' : ''}], resources: [${resource}]}]}\n`;

export const KUEUE = `${HEADER}
kind: AddOn
metadata:
  name: kueue
  description: Kueue v0.15 (kueue.x-k8s.io v1beta2, v1beta1 still served) with its webhooks and visibility API
  source: kubernetes-sigs/kueue config/default (namePrefix kueue-, namespace kueue-system); webhook and ConfigMap names from config/components (kueue-manager-config)
spec:
  crds:
  - {group: kueue.x-k8s.io, kind: AdmissionCheck, plural: admissionchecks, scope: Cluster, versions: [v1beta2, v1beta1]}
  - {group: kueue.x-k8s.io, kind: ClusterQueue, plural: clusterqueues, scope: Cluster, versions: [v1beta2, v1beta1], shortNames: [cq]}
  - {group: kueue.x-k8s.io, kind: Cohort, plural: cohorts, scope: Cluster, versions: [v1beta2, v1beta1]}
  - {group: kueue.x-k8s.io, kind: LocalQueue, plural: localqueues, scope: Namespaced, versions: [v1beta2, v1beta1], shortNames: [queue, queues, lq]}
  - {group: kueue.x-k8s.io, kind: MultiKueueCluster, plural: multikueueclusters, scope: Cluster, versions: [v1beta2, v1beta1]}
  - {group: kueue.x-k8s.io, kind: MultiKueueConfig, plural: multikueueconfigs, scope: Cluster, versions: [v1beta2, v1beta1]}
  - {group: kueue.x-k8s.io, kind: ProvisioningRequestConfig, plural: provisioningrequestconfigs, scope: Cluster, versions: [v1beta2, v1beta1]}
  - {group: kueue.x-k8s.io, kind: ResourceFlavor, plural: resourceflavors, scope: Cluster, versions: [v1beta2, v1beta1], shortNames: [flavor, flavors, rf]}
  - {group: kueue.x-k8s.io, kind: Topology, plural: topologies, scope: Cluster, versions: [v1beta2, v1beta1]}
  - {group: kueue.x-k8s.io, kind: WorkloadPriorityClass, plural: workloadpriorityclasses, scope: Cluster, versions: [v1beta2, v1beta1]}
  - {group: kueue.x-k8s.io, kind: Workload, plural: workloads, scope: Namespaced, versions: [v1beta2, v1beta1], shortNames: [wl]}
  # Admission (quota, Workloads, suspend/unsuspend) and the Job webhook: src/sim/controllers/kueue.ts.
  controllers:
    kueue:
      pod: {namespace: kueue-system, labels: {control-plane: controller-manager}}
      webhookService: {namespace: kueue-system, name: kueue-webhook-service}
  breaks:
  - name: kueue-admits-partially
    description: Kueue admits every workload whatever its ClusterQueue's quota and the job's pods start one at a time (not all-or-nothing)
    controllers: {kueue: {admitPartially: true}}
  - name: kueue-controller-not-ready
    description: the kueue-controller-manager pod runs but never becomes ready (webhooks have no ready endpoints)
    containerRules:
    - {name: kueue-controller-not-ready, match: {namespace: kueue-system, podLabels: {control-plane: controller-manager}}, ready: false}
  - name: kueue-webhooks-without-endpoints
    description: the Kueue webhook Service selects no pods, so its EndpointSlice has no endpoints
    patches:
    - {apiVersion: v1, kind: Service, namespace: kueue-system, name: kueue-webhook-service, patch: {spec: {selector: {control-plane: no-such-pod}}}}
${ns('kueue-system')}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: kueue-controller-manager, namespace: kueue-system, labels: {app.kubernetes.io/component: controller, app.kubernetes.io/name: kueue, control-plane: controller-manager}}
spec:
  replicas: 1
  selector: {matchLabels: {app.kubernetes.io/component: controller, app.kubernetes.io/name: kueue, control-plane: controller-manager}}
  template:
    metadata: {labels: {app.kubernetes.io/component: controller, app.kubernetes.io/name: kueue, control-plane: controller-manager}, annotations: {kubectl.kubernetes.io/default-container: manager}}
    spec:
      serviceAccountName: kueue-controller-manager
      containers:
      - name: manager
        image: registry.k8s.io/kueue/kueue:v0.15.2
        command: [/manager]
        args: [--config=/controller_manager_config.yaml, --zap-log-level=2]
        ports: [{name: visibility, containerPort: 8082}, {name: webhook-server, containerPort: 9443}, {name: metrics, containerPort: 8443}]
        resources: {limits: {cpu: "2", memory: 512Mi}, requests: {cpu: 500m, memory: 512Mi}}
${svc('kueue-system', 'kueue-webhook-service', 'control-plane: controller-manager', '{port: 443, protocol: TCP, targetPort: webhook-server}')}${svc('kueue-system', 'kueue-controller-manager-metrics-service', 'control-plane: controller-manager', '{name: https, port: 8443, protocol: TCP, targetPort: 8443}')}${svc('kueue-system', 'kueue-visibility-server', 'control-plane: controller-manager', '{name: https, port: 443, protocol: TCP, targetPort: 8082}')}---
apiVersion: v1
kind: ConfigMap
metadata: {name: kueue-manager-config, namespace: kueue-system}
data:
  controller_manager_config.yaml: |
    apiVersion: config.kueue.x-k8s.io/v1beta1
    kind: Configuration
    health: {healthProbeBindAddress: ":8081"}
    metrics: {bindAddress: ":8443"}
    webhook: {port: 9443}
    manageJobsWithoutQueueName: false
    waitForPodsReady: {enable: false}
    integrations:
      frameworks: [batch/job, kubeflow.org/mpijob, ray.io/rayjob, ray.io/raycluster, jobset.x-k8s.io/jobset, trainer.kubeflow.org/trainjob, pod, deployment, statefulset]
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: kueue-mutating-webhook-configuration}
webhooks:
${kueueWebhook('job', 'mutate', 'batch', 'v1', 'jobs', 'm')}${kueueWebhook('clusterqueue', 'mutate', 'kueue.x-k8s.io', 'v1beta2', 'clusterqueues', 'm')}${kueueWebhook('resourceflavor', 'mutate', 'kueue.x-k8s.io', 'v1beta2', 'resourceflavors', 'm')}${kueueWebhook('workload', 'mutate', 'kueue.x-k8s.io', 'v1beta2', 'workloads', 'm')}---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: kueue-validating-webhook-configuration}
webhooks:
${kueueWebhook('job', 'validate', 'batch', 'v1', 'jobs', 'v')}${kueueWebhook('clusterqueue', 'validate', 'kueue.x-k8s.io', 'v1beta2', 'clusterqueues', 'v')}${kueueWebhook('resourceflavor', 'validate', 'kueue.x-k8s.io', 'v1beta2', 'resourceflavors', 'v')}${kueueWebhook('workload', 'validate', 'kueue.x-k8s.io', 'v1beta2', 'workloads', 'v')}---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta2.visibility.kueue.x-k8s.io}
spec: {group: visibility.kueue.x-k8s.io, version: v1beta2, groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: {name: kueue-visibility-server, namespace: kueue-system, port: 443}}
`;

const volcanoWebhook = (kind: 'Mutating' | 'Validating', res: string, group: string, version: string, path: string): string => `---
apiVersion: admissionregistration.k8s.io/v1
kind: ${kind}WebhookConfiguration
metadata: {name: volcano-admission-service-${res}-${kind === 'Mutating' ? 'mutate' : 'validate'}}
webhooks:
- {name: ${kind === 'Mutating' ? 'mutate' : 'validate'}${res}.volcano.sh, admissionReviewVersions: [v1], sideEffects: NoneOnDryRun, failurePolicy: Fail, clientConfig: {caBundle: ${CA_BUNDLE}, service: {name: volcano-admission-service, namespace: volcano-system, path: /${res}/${path}, port: 443}}, rules: [{apiGroups: ["${group}"], apiVersions: [${version}], operations: [CREATE${kind === 'Validating' ? ', UPDATE' : ''}], resources: [${res}]}]}
`;

export const VOLCANO = `${HEADER}
kind: AddOn
metadata:
  name: volcano
  description: Volcano v1.12 batch scheduler (scheduling.volcano.sh v1beta1 PodGroup and Queue, batch.volcano.sh v1alpha1 Job)
  source: volcano-sh/volcano installer/volcano-development.yaml (namespace volcano-system; webhook configuration names from the webhook-manager)
spec:
  crds:
  - {group: batch.volcano.sh, kind: Job, plural: jobs, scope: Namespaced, versions: [v1alpha1], shortNames: [vcjob, vj]}
  - {group: bus.volcano.sh, kind: Command, plural: commands, scope: Namespaced, versions: [v1alpha1]}
  - {group: scheduling.volcano.sh, kind: PodGroup, plural: podgroups, scope: Namespaced, versions: [v1beta1], shortNames: [pg, podgroup-v1beta1]}
  - {group: scheduling.volcano.sh, kind: Queue, plural: queues, scope: Cluster, versions: [v1beta1], shortNames: [q, queue-v1beta1]}
  - {group: nodeinfo.volcano.sh, kind: Numatopology, plural: numatopologies, scope: Cluster, versions: [v1alpha1], shortNames: [numatopo]}
  - {group: flow.volcano.sh, kind: JobFlow, plural: jobflows, scope: Namespaced, versions: [v1alpha1], shortNames: [jf]}
  - {group: flow.volcano.sh, kind: JobTemplate, plural: jobtemplates, scope: Namespaced, versions: [v1alpha1], shortNames: [jt]}
  - {group: topology.volcano.sh, kind: HyperNode, plural: hypernodes, scope: Cluster, versions: [v1alpha1], shortNames: [hn]}
  stages:
  - apiVersion: sim.ai-conformance.dev/v1alpha1
    kind: Stage
    metadata: {name: volcano-queue-open, description: the Volcano controllers open queues}
    spec:
      resourceRef: {apiGroup: scheduling.volcano.sh, kind: Queue}
      selector: {matchExpressions: [{key: .status.state, operator: DoesNotExist}]}
      steps: [{patchStatus: {state: Open, reservation: {}}}]
  # PodGroups: src/sim/controllers/volcano.ts; binding pods of schedulerName volcano by gangs: src/sim/scheduler.ts.
  controllers:
    volcano:
      pod: {namespace: volcano-system, labels: {app: volcano-scheduler}}
  breaks:
  - name: volcano-binds-partially
    description: the Volcano scheduler binds the pods of a PodGroup one by one as each fits, ignoring minMember
    controllers: {volcano: {bindPartially: true}}
  - name: volcano-scheduler-not-ready
    description: the volcano-scheduler pod runs but never becomes ready
    containerRules:
    - {name: volcano-scheduler-not-ready, match: {namespace: volcano-system, podLabels: {app: volcano-scheduler}}, ready: false}
${ns('volcano-system')}${deploy('volcano-system', 'volcano-scheduler', 'app: volcano-scheduler', 'docker.io/volcanosh/vc-scheduler:v1.12.1')}${deploy('volcano-system', 'volcano-controllers', 'app: volcano-controller', 'docker.io/volcanosh/vc-controller-manager:v1.12.1')}${deploy('volcano-system', 'volcano-admission', 'app: volcano-admission', 'docker.io/volcanosh/vc-webhook-manager:v1.12.1', ', ports: [{containerPort: 8443}]')}${svc('volcano-system', 'volcano-admission-service', 'app: volcano-admission', '{port: 443, protocol: TCP, targetPort: 8443}')}${svc('volcano-system', 'volcano-scheduler-service', 'app: volcano-scheduler', '{name: metrics, port: 8080, protocol: TCP, targetPort: 8080}')}${volcanoWebhook('Mutating', 'pods', '', 'v1', 'mutate')}${volcanoWebhook('Mutating', 'queues', 'scheduling.volcano.sh', 'v1beta1', 'mutate')}${volcanoWebhook('Mutating', 'podgroups', 'scheduling.volcano.sh', 'v1beta1', 'mutate')}${volcanoWebhook('Mutating', 'jobs', 'batch.volcano.sh', 'v1alpha1', 'mutate')}${volcanoWebhook('Validating', 'jobs', 'batch.volcano.sh', 'v1alpha1', 'validate')}${volcanoWebhook('Validating', 'pods', '', 'v1', 'validate')}${volcanoWebhook('Validating', 'queues', 'scheduling.volcano.sh', 'v1beta1', 'validate')}---
apiVersion: scheduling.volcano.sh/v1beta1
kind: Queue
metadata: {name: default}
spec: {weight: 1, reclaimable: true}
`;

export const CLUSTER_AUTOSCALER = `${HEADER}
kind: AddOn
metadata:
  name: cluster-autoscaler
  description: cluster-autoscaler 1.33 scaling the scenario's node groups for unschedulable pods (2 s scans here), keeping kube-system/cluster-autoscaler-status current
  source: kubernetes/autoscaler cluster-autoscaler (Deployment cluster-autoscaler in kube-system, app=cluster-autoscaler; status ConfigMap in the YAML format of 1.30+)
spec:
  stages:
  - apiVersion: sim.ai-conformance.dev/v1alpha1
    kind: Stage
    metadata: {name: cluster-autoscaler-status-heartbeat, description: the autoscaler refreshes its status ConfigMap every scan interval}
    spec:
      resourceRef: {kind: ConfigMap}
      selector: {namespaces: [kube-system], names: [cluster-autoscaler-status]}
      delay: 10s
      steps:
      - patch: {metadata: {annotations: {cluster-autoscaler.kubernetes.io/last-updated: "{{ now }}"}}}
  # Scale-up for unschedulable pods, scale-down of empty added nodes and the status ConfigMap, over the
  # node groups the scenario declares (spec.nodeGroups of gpu-nodes, ack-gpu-*): src/sim/controllers/autoscaler.ts.
  controllers:
    cluster-autoscaler:
      pod: {namespace: kube-system, labels: {app: cluster-autoscaler}}
  breaks:
  - name: autoscaler-never-adds-node
    description: the autoscaler requests scale-ups (TriggeredScaleUp) but no node ever registers; the group backs off (ScaleUpTimedOut)
    controllers: {cluster-autoscaler: {neverAddsNode: true}}
  - name: autoscaler-not-ready
    description: the cluster-autoscaler pod runs but never becomes ready, and its status stops being refreshed
    disableStages: [cluster-autoscaler-status-heartbeat]
    containerRules:
    - {name: autoscaler-not-ready, match: {namespace: kube-system, podLabels: {app: cluster-autoscaler}}, ready: false}
${deploy('kube-system', 'cluster-autoscaler', 'app: cluster-autoscaler', 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.0', ', command: [./cluster-autoscaler, --v=4, --cloud-provider=clusterapi, --scan-interval=10s]')}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-autoscaler-status
  namespace: kube-system
  annotations: {cluster-autoscaler.kubernetes.io/last-updated: "2026-01-01T00:00:00Z"}
data:
  status: |
    autoscalerStatus: Running
    clusterWide:
      health:
        status: Healthy
        nodeCounts:
          registered: {total: 3, ready: 3, notStarted: 0}
          longUnregistered: 0
          unregistered: 0
      scaleUp: {status: NoActivity}
      scaleDown: {status: NoCandidates}
    nodeGroups:
    - name: gpu-a10
      health:
        status: Healthy
        nodeCounts:
          registered: {total: 2, ready: 2, notStarted: 0}
          longUnregistered: 0
          unregistered: 0
        cloudProviderTarget: 2
        minSize: 1
        maxSize: 4
      scaleUp: {status: NoActivity}
      scaleDown: {status: NoCandidates}
`;

export const KARPENTER = `${HEADER}
kind: AddOn
metadata:
  name: karpenter
  description: Karpenter v1 (karpenter.sh/v1 NodePool and NodeClaim) with a GPU NodePool
  source: aws/karpenter-provider-aws helm chart karpenter (namespace kube-system), kubernetes-sigs/karpenter CRDs
spec:
  crds:
  - {group: karpenter.sh, kind: NodePool, plural: nodepools, scope: Cluster, versions: [v1], categories: [karpenter]}
  - {group: karpenter.sh, kind: NodeClaim, plural: nodeclaims, scope: Cluster, versions: [v1], categories: [karpenter]}
  - {group: karpenter.k8s.aws, kind: EC2NodeClass, plural: ec2nodeclasses, scope: Cluster, versions: [v1], shortNames: [ec2nc, ec2ncs], categories: [karpenter]}
  stages:
  - apiVersion: sim.ai-conformance.dev/v1alpha1
    kind: Stage
    metadata: {name: karpenter-nodepool-ready, description: Karpenter marks NodePools ready}
    spec:
      resourceRef: {apiGroup: karpenter.sh, kind: NodePool}
      selector: {matchConditions: [{type: Ready, status: NotTrue}]}
      steps:
      - setCondition: {type: ValidationSucceeded, status: "True", reason: ValidationSucceeded, message: ""}
      - setCondition: {type: NodeClassReady, status: "True", reason: NodeClassReady, message: ""}
      - setCondition: {type: Ready, status: "True", reason: Ready, message: ""}
${deploy('kube-system', 'karpenter', 'app.kubernetes.io/instance: karpenter, app.kubernetes.io/name: karpenter', 'public.ecr.aws/karpenter/controller:1.6.0', ', ports: [{name: http-metrics, containerPort: 8080}]')}---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: gpu}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
      - {key: karpenter.k8s.aws/instance-gpu-manufacturer, operator: In, values: [nvidia]}
      taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
  limits: {nvidia.com/gpu: "8"}
`;

export const PROMETHEUS_OPERATOR = `${HEADER}
kind: AddOn
metadata:
  name: prometheus-operator
  description: kube-prometheus-stack (Prometheus Operator v0.85, Prometheus kube-prometheus-stack-prometheus selecting release=kube-prometheus-stack)
  source: prometheus-community/helm-charts kube-prometheus-stack (release kube-prometheus-stack, namespace monitoring)
spec:
  crds:
  - {group: monitoring.coreos.com, kind: Prometheus, plural: prometheuses, scope: Namespaced, versions: [v1], shortNames: [prom], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: ServiceMonitor, plural: servicemonitors, scope: Namespaced, versions: [v1], shortNames: [smon], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: PodMonitor, plural: podmonitors, scope: Namespaced, versions: [v1], shortNames: [pmon], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: PrometheusRule, plural: prometheusrules, scope: Namespaced, versions: [v1], shortNames: [promrule], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: Alertmanager, plural: alertmanagers, scope: Namespaced, versions: [v1], shortNames: [am], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: Probe, plural: probes, scope: Namespaced, versions: [v1], shortNames: [prb], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: ThanosRuler, plural: thanosrulers, scope: Namespaced, versions: [v1], shortNames: [ruler], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: AlertmanagerConfig, plural: alertmanagerconfigs, scope: Namespaced, versions: [v1alpha1], shortNames: [amcfg], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: ScrapeConfig, plural: scrapeconfigs, scope: Namespaced, versions: [v1alpha1], shortNames: [scfg], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: PrometheusAgent, plural: prometheusagents, scope: Namespaced, versions: [v1alpha1], shortNames: [promagent], categories: [prometheus-operator]}
  handlers:
  # Discovery and scraping of ServiceMonitors/PodMonitors: src/sim/handlers/scraper.ts (every 5s).
  - {name: prometheus, type: prometheus, namespace: monitoring, podLabels: {app.kubernetes.io/name: prometheus}, port: 9090, options: {scrapeInterval: 5s}}
  stages:
  - apiVersion: sim.ai-conformance.dev/v1alpha1
    kind: Stage
    metadata: {name: prometheus-available, description: the operator reconciles Prometheus resources}
    spec:
      resourceRef: {apiGroup: monitoring.coreos.com, kind: Prometheus}
      selector: {matchConditions: [{type: Available, status: NotTrue}]}
      delay: 1s
      steps:
      - patchStatus: {availableReplicas: 1, replicas: 1, updatedReplicas: 1, unavailableReplicas: 0, paused: false, shardStatuses: [{shardID: "0", availableReplicas: 1, replicas: 1, updatedReplicas: 1, unavailableReplicas: 0}]}
      - setCondition: {type: Available, status: "True", reason: "", message: ""}
      - setCondition: {type: Reconciled, status: "True", reason: "", message: ""}
  breaks:
  - name: prometheus-not-ready
    description: the Prometheus server pod runs but never becomes ready (the query API has no ready endpoints)
    containerRules:
    - {name: prometheus-not-ready, match: {namespace: monitoring, podLabels: {app.kubernetes.io/name: prometheus}}, ready: false}
  - name: prometheus-never-scrapes-new-targets
    description: Prometheus never reloads its configuration, so ServiceMonitors and PodMonitors created after it started are never scraped
    handlerOptions: {prometheus: {neverScrapeNewTargets: true}}
${ns('monitoring')}${deploy('monitoring', 'kube-prometheus-stack-operator', 'app: kube-prometheus-stack-operator, app.kubernetes.io/name: kube-prometheus-stack-prometheus-operator, release: kube-prometheus-stack', 'quay.io/prometheus-operator/prometheus-operator:v0.85.0', ', ports: [{name: https, containerPort: 10250}]')}${svc('monitoring', 'kube-prometheus-stack-operator', 'app: kube-prometheus-stack-operator, release: kube-prometheus-stack', '{name: https, port: 443, targetPort: https}')}---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: kube-prometheus-stack-prometheus, namespace: monitoring, labels: {app: kube-prometheus-stack-prometheus, release: kube-prometheus-stack}}
spec:
  replicas: 1
  version: v3.5.0
  serviceMonitorSelector: {matchLabels: {release: kube-prometheus-stack}}
  serviceMonitorNamespaceSelector: {}
  podMonitorSelector: {matchLabels: {release: kube-prometheus-stack}}
  podMonitorNamespaceSelector: {}
  ruleSelector: {matchLabels: {release: kube-prometheus-stack}}
  scrapeInterval: 30s
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: prometheus-kube-prometheus-stack-prometheus, namespace: monitoring, labels: {app: kube-prometheus-stack-prometheus, operator.prometheus.io/name: kube-prometheus-stack-prometheus}}
spec:
  replicas: 1
  serviceName: prometheus-operated
  selector: {matchLabels: {app.kubernetes.io/instance: kube-prometheus-stack-prometheus, app.kubernetes.io/managed-by: prometheus-operator, app.kubernetes.io/name: prometheus, operator.prometheus.io/name: kube-prometheus-stack-prometheus, operator.prometheus.io/shard: "0", prometheus: kube-prometheus-stack-prometheus}}
  template:
    metadata: {labels: {app.kubernetes.io/instance: kube-prometheus-stack-prometheus, app.kubernetes.io/managed-by: prometheus-operator, app.kubernetes.io/name: prometheus, operator.prometheus.io/name: kube-prometheus-stack-prometheus, operator.prometheus.io/shard: "0", prometheus: kube-prometheus-stack-prometheus}}
    spec:
      containers:
      - {name: prometheus, image: "quay.io/prometheus/prometheus:v3.5.0", args: [--web.enable-lifecycle, --storage.tsdb.retention.time=10d], ports: [{name: http-web, containerPort: 9090}]}
      - {name: config-reloader, image: "quay.io/prometheus-operator/prometheus-config-reloader:v0.85.0", ports: [{name: reloader-web, containerPort: 8080}]}
${svc('monitoring', 'kube-prometheus-stack-prometheus', 'app.kubernetes.io/name: prometheus, operator.prometheus.io/name: kube-prometheus-stack-prometheus', '{name: http-web, port: 9090, targetPort: 9090}, {name: reloader-web, port: 8080, targetPort: reloader-web}')}${svc('monitoring', 'prometheus-operated', 'app.kubernetes.io/name: prometheus', '{name: web, port: 9090, targetPort: http-web}')}---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: kube-prometheus-stack-admission, labels: {app: kube-prometheus-stack-admission, release: kube-prometheus-stack}}
webhooks:
- {name: prometheusrulevalidate.monitoring.coreos.com, admissionReviewVersions: [v1, v1beta1], sideEffects: None, failurePolicy: Ignore, clientConfig: {caBundle: ${CA_BUNDLE}, service: {name: kube-prometheus-stack-operator, namespace: monitoring, path: /admission-prometheusrules/validate}}, rules: [{apiGroups: [monitoring.coreos.com], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: [prometheusrules]}]}
`;

export const PROMETHEUS_ADAPTER = `${HEADER}
kind: AddOn
metadata:
  name: prometheus-adapter
  description: prometheus-adapter serving custom.metrics.k8s.io/v1beta1 from the kube-prometheus-stack Prometheus
  source: prometheus-community/helm-charts prometheus-adapter (release prometheus-adapter, namespace monitoring; APIService v1beta1.custom.metrics.k8s.io)
spec:
  requires: [prometheus-operator]
  handlers:
  - {name: prometheus-adapter, type: custom-metrics, namespace: monitoring, podLabels: {app.kubernetes.io/name: prometheus-adapter}, port: 6443}
  breaks:
  - name: hpa-never-scales
    description: the HPA controller reads the custom metrics and reports them, but never changes the desired or actual replicas
    controllers: {hpa: {neverScales: true}}
  - name: apiservice-unavailable
    description: the adapter pod never becomes ready, so APIService v1beta1.custom.metrics.k8s.io is Available=False (MissingEndpoints)
    containerRules:
    - {name: adapter-not-ready, match: {namespace: monitoring, podLabels: {app.kubernetes.io/name: prometheus-adapter}}, ready: false}
${deploy('monitoring', 'prometheus-adapter', 'app.kubernetes.io/instance: prometheus-adapter, app.kubernetes.io/name: prometheus-adapter', 'registry.k8s.io/prometheus-adapter/prometheus-adapter:v0.12.0', ', args: [/adapter, --secure-port=6443, --cert-dir=/tmp/cert, --prometheus-url=http://kube-prometheus-stack-prometheus.monitoring.svc:9090, --metrics-relist-interval=1m, --config=/etc/adapter/config.yaml], ports: [{name: https, containerPort: 6443}]')}${svc('monitoring', 'prometheus-adapter', 'app.kubernetes.io/instance: prometheus-adapter, app.kubernetes.io/name: prometheus-adapter', '{name: https, port: 443, protocol: TCP, targetPort: https}')}---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.custom.metrics.k8s.io, labels: {app.kubernetes.io/name: prometheus-adapter}}
spec: {group: custom.metrics.k8s.io, version: v1beta1, groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: {name: prometheus-adapter, namespace: monitoring, port: 443}}
`;

const KUBERAY_CRDS = `  crds:
  - {group: ray.io, kind: RayCluster, plural: rayclusters, scope: Namespaced, versions: [v1], categories: [all]}
  - {group: ray.io, kind: RayJob, plural: rayjobs, scope: Namespaced, versions: [v1], categories: [all]}
  - {group: ray.io, kind: RayService, plural: rayservices, scope: Namespaced, versions: [v1], categories: [all]}
  - {group: ray.io, kind: RayCronJob, plural: raycronjobs, scope: Namespaced, versions: [v1], categories: [all]}
`;

export const KUBERAY = `${HEADER}
kind: AddOn
metadata:
  name: kuberay
  description: KubeRay operator v1.5 (ray.io/v1), installed without admission webhooks (the chart default)
  source: ray-project/kuberay helm-chart/kuberay-operator (release kuberay-operator, namespace ray-system as kOps installs it)
spec:
${KUBERAY_CRDS}  breaks:
  - name: kuberay-operator-not-ready
    description: the kuberay-operator pod runs but never becomes ready
    containerRules:
    - {name: kuberay-operator-not-ready, match: {namespace: ray-system, podLabels: {app.kubernetes.io/name: kuberay-operator}}, ready: false}
  - name: kuberay-never-reconciles
    description: the kuberay-operator runs ready but never reconciles RayClusters or RayJobs (no pods, no status)
    handlerOptions: {kuberay-operator: {reconcile: false}}
  # RayCluster/RayJob reconciliation and the webhooks' answers: src/sim/controllers/kuberay.ts.
  handlers:
  - {name: kuberay-operator, type: kuberay, namespace: ray-system, podLabels: {app.kubernetes.io/name: kuberay-operator}}
${ns('ray-system')}${deploy('ray-system', 'kuberay-operator', 'app.kubernetes.io/instance: kuberay-operator, app.kubernetes.io/name: kuberay-operator', 'quay.io/kuberay/operator:v1.5.0', ', command: [/manager], ports: [{name: http, containerPort: 8080}, {name: webhook-server, containerPort: 9443}]')}${svc('ray-system', 'kuberay-operator', 'app.kubernetes.io/instance: kuberay-operator, app.kubernetes.io/name: kuberay-operator', '{name: monitoring-port, port: 8080, protocol: TCP, targetPort: 8080}')}`;

const rayWebhook = (kind: string): string =>
  `- {name: v${kind}.kb.io, admissionReviewVersions: [v1], sideEffects: None, failurePolicy: Fail, clientConfig: {caBundle: ${CA_BUNDLE}, service: {name: kuberay-operator-webhook, namespace: ray-system, path: /validate-ray-io-v1-${kind}}}, rules: [{apiGroups: [ray.io], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [${kind}s]}]}\n`;

export const KUBERAY_WEBHOOKS = `${HEADER}
kind: AddOn
metadata:
  name: kuberay-webhooks
  description: the KubeRay chart's admission webhooks (webhooks.enabled=true, certificates by cert-manager)
  source: ray-project/kuberay helm-chart/kuberay-operator templates/webhooks.yaml
spec:
  requires: [kuberay]
  breaks:
  - name: kuberay-webhooks-without-endpoints
    description: the webhook Service kuberay-operator-webhook selects no pods, so it has no endpoints
    patches:
    - {apiVersion: v1, kind: Service, namespace: ray-system, name: kuberay-operator-webhook, patch: {spec: {selector: {app.kubernetes.io/name: no-such-pod}}}}
  - name: kuberay-webhook-admits-all
    description: the validating webhook vraycluster.kb.io admits every RayCluster, even with duplicate worker group names
    handlerOptions: {kuberay-operator: {webhookAdmitsAll: true}}
${svc('ray-system', 'kuberay-operator-webhook', 'app.kubernetes.io/instance: kuberay-operator, app.kubernetes.io/name: kuberay-operator', '{port: 443, protocol: TCP, targetPort: webhook-server}')}---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: kuberay-operator-mutating-webhook-configuration, annotations: {cert-manager.io/inject-ca-from: ray-system/kuberay-operator-serving-cert}}
webhooks:
- {name: mpod.kb.io, admissionReviewVersions: [v1], sideEffects: None, failurePolicy: Fail, objectSelector: {matchLabels: {ray.io/is-ray-node: "yes"}}, clientConfig: {caBundle: ${CA_BUNDLE}, service: {name: kuberay-operator-webhook, namespace: ray-system, path: /mutate-v1-pod}}, rules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}]}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: kuberay-operator-validating-webhook-configuration, annotations: {cert-manager.io/inject-ca-from: ray-system/kuberay-operator-serving-cert}}
webhooks:
${rayWebhook('raycluster')}${rayWebhook('rayjob')}${rayWebhook('rayservice')}`;

const trainerWebhook = (kind: string): string =>
  `- {name: validator.${kind}.trainer.kubeflow.org, admissionReviewVersions: [v1], sideEffects: None, failurePolicy: Fail, clientConfig: {caBundle: ${CA_BUNDLE}, service: {name: kubeflow-trainer-controller-manager, namespace: kubeflow-system, path: /validate-trainer-kubeflow-org-v1alpha1-${kind}}}, rules: [{apiGroups: [trainer.kubeflow.org], apiVersions: [v1alpha1], operations: [CREATE, UPDATE], resources: [${kind}s]}]}\n`;

export const KUBEFLOW_TRAINER = `${HEADER}
kind: AddOn
metadata:
  name: kubeflow-trainer
  description: Kubeflow Trainer v2 (trainer.kubeflow.org/v1alpha1 TrainJob) with JobSet and its validating webhooks
  source: kubeflow/trainer manifests/base (namespace kubeflow-system, Deployment and Service kubeflow-trainer-controller-manager, ValidatingWebhookConfiguration validator.trainer.kubeflow.org)
spec:
  crds:
  - {group: trainer.kubeflow.org, kind: TrainJob, plural: trainjobs, scope: Namespaced, versions: [v1alpha1]}
  - {group: trainer.kubeflow.org, kind: TrainingRuntime, plural: trainingruntimes, scope: Namespaced, versions: [v1alpha1]}
  - {group: trainer.kubeflow.org, kind: ClusterTrainingRuntime, plural: clustertrainingruntimes, scope: Cluster, versions: [v1alpha1]}
  - {group: jobset.x-k8s.io, kind: JobSet, plural: jobsets, scope: Namespaced, versions: [v1alpha2]}
  breaks:
  - name: trainer-webhooks-without-endpoints
    description: the trainer controller never becomes ready, so its webhook Service has no ready endpoints
    containerRules:
    - {name: trainer-not-ready, match: {namespace: kubeflow-system, podLabels: {app.kubernetes.io/name: trainer}}, ready: false}
  - name: trainer-webhook-admits-all
    description: the validating webhook validator.trainjob.trainer.kubeflow.org admits every TrainJob, even one naming a runtime that does not exist
    handlerOptions: {kubeflow-trainer: {webhookAdmitsAll: true}}
  - name: trainer-never-reconciles
    description: the trainer controller runs ready but never reconciles TrainJobs (no JobSet, no status)
    handlerOptions: {kubeflow-trainer: {reconcile: false}}
  # TrainJob → JobSet → Jobs and the webhooks' answers: src/sim/controllers/trainer.ts.
  handlers:
  - {name: kubeflow-trainer, type: kubeflow-trainer, namespace: kubeflow-system, podLabels: {app.kubernetes.io/name: trainer}}
${ns('kubeflow-system')}${deploy('kubeflow-system', 'kubeflow-trainer-controller-manager', 'app.kubernetes.io/component: manager, app.kubernetes.io/name: trainer, app.kubernetes.io/part-of: kubeflow', 'ghcr.io/kubeflow/trainer/trainer-controller-manager:v2.0.0', ', ports: [{name: health, containerPort: 8081}, {name: metrics, containerPort: 8443}, {name: webhook, containerPort: 9443}]')}${svc('kubeflow-system', 'kubeflow-trainer-controller-manager', 'app.kubernetes.io/component: manager', '{name: metrics, port: 8443, targetPort: metrics}, {name: webhook, port: 443, protocol: TCP, targetPort: webhook}')}${deploy('kubeflow-system', 'jobset-controller-manager', 'app.kubernetes.io/name: jobset, control-plane: controller-manager', 'registry.k8s.io/jobset/jobset:v0.10.1', ', ports: [{name: webhook-server, containerPort: 9443}]')}${svc('kubeflow-system', 'jobset-webhook-service', 'control-plane: controller-manager, app.kubernetes.io/name: jobset', '{port: 443, protocol: TCP, targetPort: 9443}')}---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: validator.trainer.kubeflow.org}
webhooks:
${trainerWebhook('clustertrainingruntime')}${trainerWebhook('trainingruntime')}${trainerWebhook('trainjob')}---
apiVersion: trainer.kubeflow.org/v1alpha1
kind: ClusterTrainingRuntime
metadata: {name: torch-distributed, labels: {trainer.kubeflow.org/framework: torch}}
spec:
  mlPolicy: {numNodes: 1, torch: {numProcPerNode: auto}}
  template:
    spec:
      replicatedJobs:
      - name: node
        template:
          metadata: {labels: {trainer.kubeflow.org/trainjob-ancestor-step: trainer}}
          spec:
            template:
              spec:
                containers: [{name: node, image: "pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime", command: [/bin/bash, -c, "echo 'Training complete'"]}]
`;
