/**
 * Requirements the functional depth leaves at detect, and why: proving them needs what a short
 * conformance run cannot bring (virtual machines with vGPUs, RDMA fabrics, a disaggregated serving
 * stack with its models). The suite gives these as the reason a functional run keeps the detect
 * verdict.
 */
export const DETECT_ONLY: Readonly<Record<string, string>> = {
  virtualized_accelerator:
    'detect only: proving vGPU or passthrough behaviour needs a virtual machine workload, beyond a conformance run',
  high_performance_networking:
    'detect only: proving RDMA or secondary-network throughput needs a fabric between nodes, beyond a conformance run',
  disaggregated_inference:
    'detect only: proving prefill/decode disaggregation needs a serving stack and models, beyond a conformance run'
};
