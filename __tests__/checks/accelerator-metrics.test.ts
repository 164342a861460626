import { describe, expect, it } from '@jest/globals';
import { deny, detect, failing } from './helpers.js';

describe('accelerator_metrics detect', () => {
  it('is not applicable on a cluster without accelerators', async () => {
    const r = await detect('accelerator_metrics', { scenario: 'kind-1.34' });
    expect(r.verdict).toBe('not-applicable');
    expect(r.reason).toBe(
      'no accelerator nodes on this cluster: there are no per-accelerator metrics to show'
    );
    expect(r.evidence).toEqual(['3 nodes, none with an accelerator resource or label']);
  });

  it("passes on ACK 1.34: ACK's GPU exporter answers on every GPU node through the pod proxy", async () => {
    const r = await detect('accelerator_metrics', { scenario: 'ack-gpu-1.34' });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      'every accelerator node (2) answers through the pod proxy with per-device utilization (DCGM_FI_DEV_GPU_UTIL, DCGM_FI_PROF_GR_ENGINE_ACTIVE) and memory (DCGM_FI_DEV_FB_FREE, DCGM_FI_DEV_FB_USED) for 3 devices'
    );
    expect(r.solution).toBe('ACK GPU exporter v2.0.0 (arms-prom/ack-gpu-exporter)');
    expect(r.requests).toBe(3);
  });

  it('passes with the NVIDIA DCGM exporter', async () => {
    const r = await detect('accelerator_metrics', {
      scenario: 'kind-1.34',
      addons: ['gpu-nodes', 'nvidia-device-plugin', 'dcgm-exporter']
    });
    expect(r.verdict).toBe('pass');
    expect(r.solution).toBe('NVIDIA DCGM exporter 4.6.1-4.8.4-distroless (default/dcgm-exporter)');
    expect(r.evidence.filter(e => e.startsWith('pod default/dcgm-exporter-'))).toHaveLength(2);
  });

  it('fails when accelerator nodes have no exporter', async () => {
    const r = await detect('accelerator_metrics', {
      scenario: 'kind-1.34',
      addons: ['gpu-nodes', 'nvidia-device-plugin']
    });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      '2 accelerator nodes but no accelerator metrics exporter (DCGM exporter, ACK GPU exporter) runs'
    );
  });

  it('is partial when the exporter serves utilization but no memory series', async () => {
    const r = await detect('accelerator_metrics', {
      scenario: 'ack-gpu-1.34',
      breaks: ['ack-exporter-missing-memory-metric']
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe('exporter pods answer with per-device utilization but no per-device memory series');
  });

  it('fails when no exporter pod answers', async () => {
    const r = await detect('accelerator_metrics', {
      scenario: 'kind-1.34',
      addons: ['gpu-nodes', 'nvidia-device-plugin', 'dcgm-exporter'],
      breaks: ['exporter-not-ready']
    });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(
      /^no exporter pod answers \/metrics \(default\/dcgm-exporter-\S+: not Ready \(out of its Service endpoints; nothing scrapes it\), /
    );
  });

  it("reads the proxy's 503 (the pod does not answer) as a finding about the exporter", async () => {
    const r = await detect('accelerator_metrics', {
      scenario: 'ack-gpu-1.34',
      faults: failing(['pods/proxy'], 503)
    });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(
      /^no exporter pod answers \/metrics \(arms-prom\/ack-gpu-exporter-\S+: does not answer \/metrics on port 9445 \(503\)/
    );
  });

  it('is an error, not a fail, when the pod proxy is forbidden or pods cannot be listed', async () => {
    const forbidden = await detect('accelerator_metrics', {
      scenario: 'ack-gpu-1.34',
      rbac: deny(['get'], ['pods/proxy'], [''])
    });
    expect(forbidden.verdict).toBe('error');
    expect(forbidden.reason).toMatch(
      /^not allowed to read \/api\/v1\/namespaces\/arms-prom\/pods\/ack-gpu-exporter-\S+:9445\/proxy\/metrics: 403 Forbidden/
    );
    const failed = await detect('accelerator_metrics', {
      scenario: 'ack-gpu-1.34',
      faults: {
        rules: [
          {
            resources: ['pods'],
            namespaces: ['arms-prom'],
            verbs: ['list'],
            action: { type: 'error', code: 500 }
          }
        ]
      }
    });
    expect(failed.verdict).toBe('error');
    const proxyDown = await detect('accelerator_metrics', {
      scenario: 'ack-gpu-1.34',
      faults: failing(['pods/proxy'], 500)
    });
    expect(proxyDown.verdict).toBe('error');
  });
});
