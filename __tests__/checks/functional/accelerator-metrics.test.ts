import { describe, expect, it } from '@jest/globals';
import { acceleratorMetricsFunctional } from '../../../src/checks/functional/accelerator-metrics.js';
import { deny } from '../helpers.js';
import { runFunctional } from './part2-harness.js';

const run = (options: Parameters<typeof runFunctional>[2]) =>
  runFunctional('accelerator_metrics', acceleratorMetricsFunctional, options);
const KIND_GPU = ['gpu-nodes', 'nvidia-device-plugin', 'dcgm-exporter'];

describe('accelerator_metrics functional', () => {
  it('passes on kind with the DCGM exporter: the device the workload holds shows utilization and memory', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: KIND_GPU });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /^exporter pod default\/dcgm-exporter-\S+ reports GPU-[0-9a-f-]+, held by ai-conformance-\S+\/gpu-load on kind-gpu-worker2?, with utilization \(DCGM_FI_DEV_GPU_UTIL 37, DCGM_FI_PROF_GR_ENGINE_ACTIVE 0\.35\) and memory \(DCGM_FI_DEV_FB_FREE \d+, DCGM_FI_DEV_FB_USED 8123\); should-have: temperature present, power present, interconnect present$/
    );
    expect(r.evidence).toContainEqual(
      expect.stringMatching(
        /^load: pod \S+\/gpu-load holds one device \(nvidia\.com\/gpu on kind-gpu-worker2?\)/
      )
    );
    expect(r.evidence).toContainEqual(
      expect.stringMatching(
        /^should-have series of GPU-\S+: temperature DCGM_FI_DEV_GPU_TEMP 54; power DCGM_FI_DEV_POWER_USAGE/
      )
    );
    expect(r.leftovers).toEqual([]);
  });

  it('passes on ACK through ack-gpu-exporter', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34' });
    expect(r.finding.verdict).toBe('pass');
    expect(r.finding.reason).toMatch(
      /^exporter pod arms-prom\/ack-gpu-exporter-\S+ reports GPU-\S+, held by \S+\/gpu-load on cn-hangzhou\.10\.0\.2\.20, with utilization/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('holds the device through a DRA claim where no device plugin advertises it', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: ['gpu-nodes', 'nvidia-dra-driver', 'dcgm-exporter']
    });
    expect(r.evidence).toContainEqual(
      expect.stringMatching(
        /^load: pod \S+\/gpu-load holds one device \(DRA DeviceClass gpu\.nvidia\.com on kind-gpu-worker2?\)/
      )
    );
    expect(r.finding.verdict).toBe('pass');
    expect(r.created).toContainEqual(expect.stringMatching(/^ResourceClaimTemplate \S+\/gpu-load-gpu$/));
    expect(r.leftovers).toEqual([]);
  });

  it('fails when the exporter serves no memory metric for the allocated device', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: KIND_GPU,
      breaks: ['exporter-missing-memory-metric']
    });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^exporter pod default\/dcgm-exporter-\S+ reports GPU-[0-9a-f-]+ but with no memory series \(it has DCGM_FI_DEV_DEC_UTIL, DCGM_FI_DEV_ENC_UTIL, DCGM_FI_DEV_GPU_TEMP, DCGM_FI_DEV_GPU_UTIL and \d+ more\)$/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('fails on ACK when ack-gpu-exporter drops the framebuffer series', async () => {
    const r = await run({ scenario: 'ack-gpu-1.34', breaks: ['ack-exporter-missing-memory-metric'] });
    expect(r.finding.verdict).toBe('fail');
    expect(r.finding.reason).toMatch(
      /^exporter pod arms-prom\/ack-gpu-exporter-\S+ reports GPU-\S+ but with no memory series/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is skipped on a cluster without accelerators', async () => {
    const r = await run({ scenario: 'kind-1.34' });
    expect(r.skipped).toBe(
      'no accelerators to load (no accelerator nodes on this cluster: there are no per-accelerator metrics to show)'
    );
  });

  it('is an error, not a fail, when the pod proxy is forbidden', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: KIND_GPU,
      rbac: deny(['get'], ['pods/proxy'], [''])
    });
    // Detect already cannot scrape: the functional depth is not attempted on an error.
    expect(r.detect.verdict).toBe('error');
    expect(r.skipped).toMatch(
      /^detect could not finish, so no workload was created \(GET \/api\/v1\/namespaces\/default\/pods\/dcgm-exporter-\S+:9400\/proxy\/metrics: 403 Forbidden/
    );
    expect(r.leftovers).toEqual([]);
  });

  it('is an error when the run may not create pods, and leaves nothing', async () => {
    const r = await run({ scenario: 'kind-1.34', addons: KIND_GPU, rbac: deny(['create'], ['pods'], ['']) });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toMatch(/^POST \/api\/v1\/namespaces\/\S+\/pods: 403 Forbidden/);
    expect(r.leftovers).toEqual([]);
  });

  it('leaves nothing behind when cancelled while scraping', async () => {
    const r = await run({
      scenario: 'kind-1.34',
      addons: KIND_GPU,
      breaks: ['exporter-missing-memory-metric'],
      cancelAfterMs: 30_000
    });
    expect(r.finding.verdict).toBe('error');
    expect(r.finding.reason).toBe('could not finish: the run was cancelled');
    expect(r.leftovers).toEqual([]);
  });
});
