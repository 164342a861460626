import { describe, expect, it } from '@jest/globals';
import { deny, detect, failing } from './helpers.js';

const pool = {
  apiVersion: 'inference.networking.k8s.io/v1',
  kind: 'InferencePool',
  metadata: { name: 'qwen', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'vllm-qwen' } },
    targetPorts: [{ number: 8000 }],
    endpointPickerRef: { name: 'qwen-epp', port: { number: 9002 } }
  }
};

describe('advanced_inference_ingress detect', () => {
  it('fails on a bare kind 1.36 cluster', async () => {
    const r = await detect('advanced_inference_ingress', { scenario: 'kind-1.36' });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe('the Gateway API Inference Extension is not installed (no InferencePool CRD)');
  });

  it('passes on ACK 1.36: InferencePool v1 with an accepted Envoy Gateway class', async () => {
    const r = await detect('advanced_inference_ingress', { scenario: 'ack-gpu-1.36' });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      'InferencePool inference.networking.k8s.io/v1 Established with GatewayClass eg Accepted (Envoy Gateway)'
    );
    expect(r.solution).toBe(
      'Gateway API Inference Extension (inference.networking.k8s.io/v1) on Envoy Gateway'
    );
  });

  it('is partial with only the pre-GA InferencePool API', async () => {
    const r = await detect('advanced_inference_ingress', {
      scenario: 'ack-gpu-1.36',
      setup: ({ remove }) =>
        remove({
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'inferencepools.inference.networking.k8s.io' }
        })
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      "only the pre-GA InferencePool inference.networking.x-k8s.io/v1alpha2 is installed; the Inference Extension's v1 API (inference.networking.k8s.io) is not"
    );
  });

  it('is partial when no gateway accepts the existing InferencePools', async () => {
    const r = await detect('advanced_inference_ingress', {
      scenario: 'ack-gpu-1.36',
      setup: ({ apply }) => apply(pool)
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'InferencePool inference.networking.k8s.io/v1 installed, but no InferencePool is Accepted by a Gateway (default/qwen)'
    );
    expect(r.evidence).toContain('InferencePool default/qwen: no parent Gateway reports it');
  });

  it('fails when no GatewayClass is Accepted', async () => {
    const r = await detect('advanced_inference_ingress', {
      scenario: 'kind-1.36',
      addons: ['envoy-gateway', 'inference-extension'],
      breaks: ['gatewayclass-not-accepted']
    });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      'InferencePool inference.networking.k8s.io/v1 is installed but no GatewayClass is Accepted: nothing routes to inference pools'
    );
  });

  it('is an error when InferencePools cannot be listed', async () => {
    const forbidden = await detect('advanced_inference_ingress', {
      scenario: 'ack-gpu-1.36',
      rbac: deny(['list'], ['inferencepools'], ['inference.networking.k8s.io'])
    });
    expect(forbidden.verdict).toBe('error');
    expect(forbidden.reason).toMatch(
      /^not allowed to read \/apis\/inference\.networking\.k8s\.io\/v1\/inferencepools/
    );
    expect(
      (
        await detect('advanced_inference_ingress', {
          scenario: 'ack-gpu-1.36',
          faults: failing(['gateways.gateway.networking.k8s.io'], 500)
        })
      ).verdict
    ).toBe('error');
  });
});
