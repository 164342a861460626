import { describe, expect, it } from '@jest/globals';
import { deny, detect, failing } from './helpers.js';

describe('ai_inference detect', () => {
  it('fails on a bare kind cluster: no Gateway API', async () => {
    const r = await detect('ai_inference', { scenario: 'kind-1.34' });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe('the Gateway API is not installed (no gateway.networking.k8s.io CRDs)');
  });

  it('passes on ACK 1.34: Envoy Gateway accepts its GatewayClass, HTTPRoute served', async () => {
    const r = await detect('ai_inference', { scenario: 'ack-gpu-1.34' });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      'GatewayClass eg Accepted by gateway.envoyproxy.io/gatewayclass-controller; HTTPRoute served at v1'
    );
    expect(r.solution).toBe('Envoy Gateway, Gateway API v1.4.0 standard');
    expect(r.evidence).toContain(
      'GatewayClass eg: controller gateway.envoyproxy.io/gatewayclass-controller, Accepted=True (Accepted: Valid GatewayClass)'
    );
  });

  it('fails when the CRDs are installed but no controller runs (no GatewayClass)', async () => {
    const r = await detect('ai_inference', { scenario: 'kind-1.34', addons: ['gateway-api'] });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      'Gateway API CRDs v1.4.0 standard are installed but there is no GatewayClass: no controller implements them'
    );
  });

  it('fails when the GatewayClass is never Accepted', async () => {
    const r = await detect('ai_inference', {
      scenario: 'kind-1.34',
      addons: ['envoy-gateway'],
      breaks: ['gatewayclass-not-accepted']
    });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      'Gateway API CRDs v1.4.0 standard are installed but no GatewayClass is Accepted (eg: Accepted=Unknown (Pending: Waiting for controller)): no controller implements them'
    );
  });

  it('is partial with an accepted class but no HTTPRoute API (no weighted or header routes)', async () => {
    const r = await detect('ai_inference', {
      scenario: 'ack-gpu-1.34',
      setup: ({ remove }) =>
        remove({
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'httproutes.gateway.networking.k8s.io' }
        })
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'GatewayClass eg Accepted by gateway.envoyproxy.io/gatewayclass-controller, but the HTTPRoute CRD is not installed: no weighted or header-based routes'
    );
  });

  it('counts Programmed Gateways of the accepted class', async () => {
    const r = await detect('ai_inference', {
      scenario: 'ack-gpu-1.34',
      setup: ({ apply }) =>
        apply(
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'inference' } },
          {
            apiVersion: 'gateway.networking.k8s.io/v1',
            kind: 'Gateway',
            metadata: { name: 'llm', namespace: 'inference' },
            spec: { gatewayClassName: 'eg', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] }
          }
        )
    });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toMatch(/; 1\/1 Gateways Programmed$/);
  });

  it('is partial on ACK when its Gateways are never Programmed (envoy proxies not ready)', async () => {
    const r = await detect('ai_inference', {
      scenario: 'ack-gpu-1.34',
      breaks: ['gateway-not-programmed'],
      setup: ({ apply }) =>
        apply(
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'inference' } },
          {
            apiVersion: 'gateway.networking.k8s.io/v1',
            kind: 'Gateway',
            metadata: { name: 'llm', namespace: 'inference' },
            spec: { gatewayClassName: 'eg', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] }
          }
        )
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'GatewayClass eg Accepted by gateway.envoyproxy.io/gatewayclass-controller, but none of its 1 Gateway is Programmed (inference/llm: Programmed=False (NoResources: Envoy replicas unavailable))'
    );
  });

  it('is an error, not a fail, when listing GatewayClasses is forbidden', async () => {
    const r = await detect('ai_inference', {
      scenario: 'ack-gpu-1.34',
      rbac: deny(['list'], ['gatewayclasses'], ['gateway.networking.k8s.io'])
    });
    expect(r.verdict).toBe('error');
    expect(r.status).toBeNull();
    expect(r.reason).toMatch(/^not allowed to read \/apis\/gateway\.networking\.k8s\.io\/v1\/gatewayclasses/);
  });

  it('is an error when reading CRDs fails with 503', async () => {
    const r = await detect('ai_inference', {
      scenario: 'ack-gpu-1.34',
      faults: failing(['customresourcedefinitions.apiextensions.k8s.io'], 503)
    });
    expect(r.verdict).toBe('error');
    expect(r.reason).toMatch(
      /^could not read \/apis\/apiextensions\.k8s\.io\/v1\/customresourcedefinitions\/\S+: 503 ServiceUnavailable/
    );
  });
});
