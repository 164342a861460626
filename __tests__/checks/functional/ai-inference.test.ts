import { describe, expect, it } from '@jest/globals';
import { aiInferenceFunctional } from '../../../src/checks/functional/ai-inference.js';
import { deny } from '../helpers.js';
import { runFunctional } from './part2-harness.js';

const run = (options: Parameters<typeof runFunctional>[2]) =>
  runFunctional('ai_inference', aiInferenceFunctional, options);

describe('ai_inference functional', () => {
  it('passes on kind with Envoy Gateway: 80/20 split within tolerance, exclusive header routing, nothing left', async () => {
    let envoyLeft: string[] = [];
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['envoy-gateway'],
      inspect: sim => {
        envoyLeft = sim.store
          .list('', 'services', 'envoy-gateway-system')
          .filter(s => s.metadata.labels?.['gateway.envoyproxy.io/owning-gateway-name'])
          .map(s => s.metadata.name!);
      }
    });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /^Envoy Gateway: weighted 80\/20 route split 200 requests (\d+)\/(\d+) \(app1 (\d+\.\d)%, within ± 10\.0%\); X-Model-Version v1 → app1 20\/20, v2 → app2 20\/20, no header → no backend 5\/5$/
    );
    const share = Number(/app1 (\d+\.\d)%/.exec(r.finding.reason)![1]);
    expect(share).toBeGreaterThanOrEqual(70);
    expect(share).toBeLessThanOrEqual(90);
    expect(r.evidence).toContain(
      'Inference Extension (inference.networking.k8s.io InferencePool) not installed: no pool checked'
    );
    expect(
      r.evidence.some(e =>
        /^Gateway ai-conformance-\S+\/conformance-gateway Programmed at \d+\.\d+\.\d+\.\d+ after \d+ s$/.test(
          e
        )
      )
    ).toBe(true);
    expect(r.created).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Gateway ai-conformance-\S+\/conformance-gateway$/),
        expect.stringMatching(/^HTTPRoute .*\/weighted$/)
      ])
    );
    expect(r.leftovers).toEqual([]);
    // The Gateway's envoy Service went with the Gateway.
    expect(envoyLeft).toEqual([]);
  });

  it('on ACK (Gateway with Inference Extension) also proves an InferencePool accepted with its endpoints', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34' });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(/; InferencePool Accepted with 2 ready endpoints$/);
    expect(r.evidence).toContainEqual(
      expect.stringMatching(
        /^InferencePool \S+\/conformance-pool \(v1\): Accepted=True .*ResolvedRefs=True.*2\/2 model server pods ready \(model-0, model-1\)$/
      )
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the data plane ignores weights', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['envoy-gateway'],
      breaks: ['gateway-ignores-weights']
    });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^the weighted split is not honoured: app1 answered (\d+\.\d)% of 200 requests \(\d+\/\d+\), expected 80\/20 within ± 10\.0%$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the data plane ignores header matches', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['envoy-gateway'],
      breaks: ['gateway-ignores-header-match']
    });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toBe(
      'header-based routing is not exclusive: X-Model-Version: v2 reached app2 in 0 of 20 requests (app1 20, app2 0)'
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the Gateway is never Programmed (ACK break gateway-not-programmed)', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34', breaks: ['gateway-not-programmed'] });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^Gateway ai-conformance-\S+\/conformance-gateway was not Programmed within 300 s \(Accepted=True \(Accepted: The Gateway has been scheduled by Envoy Gateway\), Programmed=False \(NoResources: Envoy replicas unavailable\)\)$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is partial when the Gateway routes but does not accept InferencePools', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34', breaks: ['inferencepool-not-accepted'] });
    expect(r.finding.verdict).toBe('partial');
    expect(r.finding.reason).toMatch(
      /; but InferencePool \S+\/conformance-pool is not accepted by Gateway conformance-gateway \(Accepted=False \(NotSupportedByParent: InferencePool is not supported by gateway\.envoyproxy\.io\/gatewayclass-controller\)/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is skipped, keeping the detect verdict, without a Gateway API implementation', async () => {
    const r = await run({ scenario: 'kind-1.34' });
    expect(r.detect.verdict).toBe('fail');
    expect(r.skipped).toBe(
      'no Gateway API implementation to send traffic through (the Gateway API is not installed (no gateway.networking.k8s.io CRDs))'
    );
  });

  it('is an error, not a fail, when creating pods is forbidden, and leaves nothing', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['envoy-gateway'],
      rbac: deny(['create'], ['pods'], [''])
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toMatch(/^POST \/api\/v1\/namespaces\/ai-conformance-\S+\/pods: 403 Forbidden/);
    expect(r.leftovers).toEqual([]);
  });

  it('is an error when reading the Gateway fails with 503', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['envoy-gateway'],
      faults: {
        rules: [
          {
            verbs: ['get'],
            resources: ['gateways.gateway.networking.k8s.io'],
            times: 1,
            action: { type: 'error', code: 503 }
          }
        ]
      }
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toMatch(
      /^GET \/apis\/gateway\.networking\.k8s\.io\/v1\/namespaces\/ai-conformance-\S+\/gateways\/conformance-gateway: 503 ServiceUnavailable/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('leaves nothing behind when cancelled midway', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: ['envoy-gateway'], cancelAfterMs: 4000 });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toBe('could not finish: the run was cancelled');
    expect(r.created.length).toBeGreaterThan(3);
    expect(r.leftovers).toEqual([]);
  });
});
