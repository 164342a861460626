import { describe, expect, it } from '@jest/globals';
import { advancedInferenceIngressFunctional } from '../../../src/checks/functional/advanced-inference-ingress.js';
import { deny } from '../helpers.js';
import { runFunctional } from './part2-harness.js';

const run = (options: Parameters<typeof runFunctional>[2]) =>
  runFunctional('advanced_inference_ingress', advancedInferenceIngressFunctional, options);

describe('advanced_inference_ingress functional', () => {
  it('passes on ACK 1.36: completions through the Gateway reach the pool model servers via the endpoint picker', async () => {
    const r = await run({ scenario: 'ack-gpu-1.36' });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toBe(
      'Envoy Gateway routed 20/20 OpenAI completions through InferencePool conformance-pool (endpoint picker resolved) to its model servers (model-0 10, model-1 10)'
    );
    expect(r.finding.solution).toBe(
      'Gateway API Inference Extension (inference.networking.k8s.io/v1) on Envoy Gateway'
    );
    expect(r.evidence).toContainEqual(
      expect.stringMatching(
        /^20 completions for model ai-conformance-sim through \d+\.\d+\.\d+\.\d+ \(Host pool\.example\.com\): 20 answered by the pool's model$/
      )
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the Gateway does not accept InferencePools', async () => {
    const r = await run({ scenario: 'ack-gpu-1.36', breaks: ['inferencepool-not-accepted'] });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^InferencePool ai-conformance-\S+\/conformance-pool is not accepted by Gateway conformance-gateway \(Accepted=False \(NotSupportedByParent: /
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the endpoint picker never serves: the pool does not route (fail-closed)', async () => {
    const r = await run({
      scenario: 'ack-gpu-1.36',
      setup: ({ sim }) => {
        sim.scenario.rules.unshift({
          name: 'epp-not-ready',
          match: { podLabels: { 'ai-conformance.cncf.io/app': 'conformance-epp' } },
          ready: false
        });
      }
    });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toBe(
      'the Gateway accepted InferencePool conformance-pool but routed only 0 of 20 completions to its model servers (500 ×20)'
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is skipped where the Inference Extension is absent', async () => {
    const r = await run({ scenario: 'kind-1.36' });
    expect(r.skipped).toBe(
      'no Gateway API Inference Extension implementation to route through (the Gateway API Inference Extension is not installed (no InferencePool CRD))'
    );
  });

  it('is an error when the run cannot create pods, and leaves nothing', async () => {
    const r = await run({ scenario: 'ack-gpu-1.36', rbac: deny(['create'], ['pods'], ['']) });
    expect(r.finding.verdict).toBe('error');
    expect(r.leftovers).toEqual([]);
  });

  it('leaves nothing behind when cancelled midway', async () => {
    const r = await run({ scenario: 'ack-gpu-1.36', cancelAfterMs: 3000 });
    expect(r.finding.verdict).toBe('error');
    expect(r.leftovers).toEqual([]);
  });
});
