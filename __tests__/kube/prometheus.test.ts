import { describe, expect, it } from '@jest/globals';
import { classify, deviceMetrics, deviceOf, parsePrometheusText } from '../../src/kube/prometheus.js';

const DCGM = `# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).
# TYPE DCGM_FI_DEV_GPU_UTIL gauge
DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-aaa",device="nvidia0",modelName="NVIDIA A10",Hostname="n1"} 37
DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-bbb",device="nvidia1",modelName="NVIDIA A10",Hostname="n1"} 0
DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-aaa"} 1024
DCGM_FI_DEV_MEM_COPY_UTIL{gpu="0",UUID="GPU-aaa"} 3
DCGM_FI_DEV_GPU_TEMP{gpu="0",UUID="GPU-aaa"} 41 1700000000000
dcgm_exporter_up 1
`;

describe('parsePrometheusText', () => {
  it('reads names, labels (with escapes), values and timestamps; skips comments and counts bad lines', () => {
    const { samples, malformed } = parsePrometheusText(
      'a_total{path="/x\\"y\\\\z",msg="line\\nbreak"} 12.5\nb NaN\nc{} +Inf\nd{x="1",} -Inf\n{bad} 1\ne{x=1} 2\nf 3 1700000000\n'
    );
    expect(samples).toEqual([
      { name: 'a_total', labels: { path: '/x"y\\z', msg: 'line\nbreak' }, value: 12.5 },
      { name: 'b', labels: {}, value: NaN },
      { name: 'c', labels: {}, value: Infinity },
      { name: 'd', labels: { x: '1' }, value: -Infinity },
      { name: 'f', labels: {}, value: 3 }
    ]);
    expect(malformed).toBe(2);
  });
});

describe('per-device metrics', () => {
  it('finds devices and the classes of their series, ignoring copy-engine utilization and series without a device label', () => {
    const m = deviceMetrics(parsePrometheusText(DCGM).samples);
    expect([...m.devices].sort()).toEqual(['gpu=0', 'gpu=1']);
    expect([...m.byClass.get('utilization')!]).toEqual(['DCGM_FI_DEV_GPU_UTIL']);
    expect([...m.byClass.get('memory')!]).toEqual(['DCGM_FI_DEV_FB_USED']);
    expect([...m.devicesByClass.get('memory')!]).toEqual(['gpu=0']);
    expect([...m.byClass.get('temperature')!]).toEqual(['DCGM_FI_DEV_GPU_TEMP']);
    expect(m.families).toBe(5);
  });

  it("recognises ACK's older exporter and other vendors' device labels", () => {
    expect(classify('nvidia_gpu_duty_cycle')).toBe('utilization');
    expect(classify('nvidia_gpu_memory_used_bytes')).toBe('memory');
    expect(classify('amd_gpu_gfx_activity')).toBe('utilization');
    expect(classify('DCGM_FI_DEV_ENC_UTIL')).toBeUndefined();
    expect(classify('DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL')).toBe('interconnect');
    expect(classify('DCGM_FI_DEV_POWER_USAGE')).toBe('power');
    expect(deviceOf({ name: 'x', labels: { minor_number: '3' }, value: 1 })).toBe('minor_number=3');
    expect(deviceOf({ name: 'x', labels: { card_id: '0' }, value: 1 })).toBe('card_id=0');
    expect(deviceOf({ name: 'x', labels: { instance: 'a' }, value: 1 })).toBeUndefined();
  });
});
