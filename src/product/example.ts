/**
 * The example PRODUCT.yaml the `demo` command renders: an ACK-like managed platform on the 1.34
 * checklist. Embedded as text because the CLI bundle cannot read repository files at run time.
 * Illustrative only: it is not a CNCF submission and its URLs are placeholders on example.com.
 */
export const EXAMPLE_PRODUCT_YAML = `# Kubernetes AI Conformance Checklist
# Example product for the ai-conformance demo: an ACK-like managed Kubernetes service.
# Illustrative only; not a CNCF submission.

metadata:
  kubernetesVersion: v1.34
  platformName: "Example Managed Kubernetes (ACK-like)"
  platformVersion: "1.34.1-example.1"
  vendorName: "Example Cloud"
  websiteUrl: "https://example.com/managed-kubernetes"
  repoUrl: "https://github.com/example/managed-kubernetes-ai"
  documentationUrl: "https://example.com/managed-kubernetes/docs"
  productLogoUrl: "https://example.com/managed-kubernetes/logo.svg"
  description: "An example managed Kubernetes service with GPU node pools, used to demonstrate the ai-conformance report."
  contactEmailAddress: "conformance@example.com"
  k8sConformanceUrl: "https://github.com/cncf/k8s-conformance/tree/master/v1.34/example-managed-kubernetes"

spec:
  accelerators:
    - id: dra_support
      description: "Support Dynamic Resource Allocation (DRA) APIs to enable more flexible and fine-grained resource requests beyond simple counts."
      level: MUST
      status: "Implemented"   # Implemented, Not Implemented, Partially Implemented, N/A
      evidence:
        - "https://example.com/managed-kubernetes/docs/gpu/dynamic-resource-allocation"
      notes: "resource.k8s.io/v1 is served by default on 1.34 clusters; the NVIDIA DRA driver is an add-on."
  networking:
    - id: ai_inference
      description: "Support the Kubernetes Gateway API with an implementation for advanced traffic management for inference services, which enables capabilities like weighted traffic splitting, header-based routing (for OpenAI protocol headers), and optional integration with service meshes."
      level: MUST
      status: "Implemented"
      evidence:
        - "https://example.com/managed-kubernetes/docs/networking/gateway-api"
        - "https://example.com/managed-kubernetes/docs/networking/gateway-with-inference-extension"
      notes: ""
  schedulingOrchestration:
    - id: gang_scheduling
      description: "The platform must allow for the installation and successful operation of at least one gang scheduling solution that ensures all-or-nothing scheduling for distributed AI workloads (e.g. Kueue, Volcano, etc.) To be conformant, the vendor must demonstrate that their platform can successfully run at least one such solution."
      level: MUST
      status: "Implemented"
      evidence:
        - "https://example.com/managed-kubernetes/docs/scheduling/gang-scheduling" # built-in coscheduling
        - "https://example.com/managed-kubernetes/docs/scheduling/kueue"
      notes: "Both the scheduler's coscheduling and Kueue are supported."
    - id: cluster_autoscaling
      description: "If the platform provides a cluster autoscaler or an equivalent mechanism, it must be able to scale up/down node groups containing specific accelerator types based on pending pods requesting those accelerators."
      level: MUST
      status: "Implemented"
      evidence:
        - "https://example.com/managed-kubernetes/docs/node-pools/autoscaling-gpu-node-pools"
      notes: ""
    - id: pod_autoscaling
      description: "If the platform supports the HorizontalPodAutoscaler, it must function correctly for pods utilizing accelerators. This includes the ability to scale these Pods based on custom metrics relevant to AI/ML workloads."
      level: MUST
      status: "Implemented"
      evidence:
        - "https://example.com/managed-kubernetes/docs/autoscaling/hpa-with-gpu-metrics"
      notes: "Custom metrics come from the managed Prometheus through the metrics adapter."
  observability:
    - id: accelerator_metrics
      description: "For supported accelerator types, the platform must allow for the installation and successful operation of at least one accelerator metrics solution that exposes fine-grained performance metrics via a standardized, machine-readable metrics endpoint. This must include a core set of metrics for per-accelerator utilization and memory usage. Additionally, other relevant metrics such as temperature, power draw, and interconnect bandwidth should be exposed if the underlying hardware or virtualization layer makes them available. The list of metrics should align with emerging standards, such as OpenTelemetry metrics, to ensure interoperability. The platform may provide a managed solution, but this is not required for conformance."
      level: MUST
      status: "Implemented"
      evidence:
        - "https://example.com/managed-kubernetes/docs/observability/gpu-metrics"
      notes: "A DCGM-compatible exporter serves per-GPU utilization and memory metrics."
    - id: ai_service_metrics
      description: "Provide a monitoring system capable of discovering and collecting metrics from workloads that expose them in a standard format (e.g. Prometheus exposition format). This ensures easy integration for collecting key metrics from common AI frameworks and servers."
      level: MUST
      status: "Implemented"
      evidence:
        - "https://example.com/managed-kubernetes/docs/observability/managed-prometheus"
      notes: ""
  security:
    - id: secure_accelerator_access
      description: "Ensure that access to accelerators from within containers is properly isolated and mediated by the Kubernetes resource management framework (device plugin or DRA) and container runtime, preventing unauthorized access or interference between workloads."
      level: MUST
      status: "Implemented"
      evidence:
        - "https://example.com/managed-kubernetes/docs/security/gpu-isolation"
      notes: ""
  operator:
    - id: robust_controller
      description: "The platform must prove that at least one complex AI operator with a CRD (e.g., Ray, Kubeflow) can be installed and functions reliably. This includes verifying that the operator's pods run correctly, its webhooks are operational, and its custom resources can be reconciled."
      level: MUST
      status: "Implemented"
      evidence:
        - "https://example.com/managed-kubernetes/docs/ai/kuberay-operator"
      notes: "KubeRay is offered as a managed add-on."
`;
