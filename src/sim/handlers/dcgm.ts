/**
 * A DCGM-exporter-like /metrics: per-GPU series for the node the exporter pod runs on, labelled
 * as dcgm-exporter labels them (gpu, UUID, pci_bus_id, device, modelName, Hostname, driver
 * version; container/namespace/pod for GPUs allocated to running pods). Values follow from
 * whether a GPU is in use, so they are stable from run to run.
 */
import type { GpuDevice } from '../pods/hardware.js';

export interface GpuUse {
  gpu: GpuDevice;
  namespace: string;
  pod: string;
  container: string;
}

export interface DcgmOptions {
  /** Metric names to leave out (a broken exporter). */
  omitMetrics?: string[];
}

interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  value: (g: GpuDevice, used: boolean) => number | undefined;
}

const FAMILIES: Family[] = [
  { name: 'DCGM_FI_DEV_SM_CLOCK', help: 'SM clock frequency (in MHz).', type: 'gauge', value: (_g, u) => (u ? 1695 : 210) },
  { name: 'DCGM_FI_DEV_MEM_CLOCK', help: 'Memory clock frequency (in MHz).', type: 'gauge', value: (_g, u) => (u ? 6251 : 405) },
  { name: 'DCGM_FI_DEV_GPU_TEMP', help: 'GPU temperature (in C).', type: 'gauge', value: (_g, u) => (u ? 54 : 34) },
  { name: 'DCGM_FI_DEV_POWER_USAGE', help: 'Power draw (in W).', type: 'gauge', value: (g, u) => Math.round(g.model.powerLimitW * (u ? 0.62 : 0.1) * 10) / 10 },
  { name: 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', help: 'Total energy consumption since boot (in mJ).', type: 'counter', value: (g, u) => 3_600_000 * g.model.powerLimitW * (u ? 2 : 1) },
  { name: 'DCGM_FI_DEV_PCIE_REPLAY_COUNTER', help: 'Total number of PCIe retries.', type: 'counter', value: () => 0 },
  { name: 'DCGM_FI_DEV_GPU_UTIL', help: 'GPU utilization (in %).', type: 'gauge', value: (_g, u) => (u ? 37 : 0) },
  { name: 'DCGM_FI_DEV_MEM_COPY_UTIL', help: 'Memory utilization (in %).', type: 'gauge', value: (_g, u) => (u ? 12 : 0) },
  { name: 'DCGM_FI_DEV_ENC_UTIL', help: 'Encoder utilization (in %).', type: 'gauge', value: () => 0 },
  { name: 'DCGM_FI_DEV_DEC_UTIL', help: 'Decoder utilization (in %).', type: 'gauge', value: () => 0 },
  { name: 'DCGM_FI_DEV_XID_ERRORS', help: 'Value of the last XID error encountered.', type: 'gauge', value: () => 0 },
  { name: 'DCGM_FI_DEV_FB_FREE', help: 'Framebuffer memory free (in MiB).', type: 'gauge', value: (g, u) => g.model.memoryMiB - 455 - (u ? 8123 : 0) },
  { name: 'DCGM_FI_DEV_FB_USED', help: 'Framebuffer memory used (in MiB).', type: 'gauge', value: (_g, u) => (u ? 8123 : 0) },
  { name: 'DCGM_FI_DEV_PCIE_TX_THROUGHPUT', help: 'Total number of bytes transmitted through PCIe TX (in KB) via NVML.', type: 'counter', value: (_g, u) => (u ? 48213 : 1024) },
  { name: 'DCGM_FI_DEV_PCIE_RX_THROUGHPUT', help: 'Total number of bytes received through PCIe RX (in KB) via NVML.', type: 'counter', value: (_g, u) => (u ? 91877 : 2048) },
  { name: 'DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL', help: 'Total number of NVLink bandwidth counters for all lanes.', type: 'counter', value: (g, u) => (g.model.nvlinks ? (u ? 1_204_233 : 0) : undefined) },
  { name: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', help: 'Ratio of time the graphics engine is active.', type: 'gauge', value: (_g, u) => (u ? 0.35 : 0) },
  { name: 'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE', help: 'Ratio of cycles the tensor (HMMA) pipe is active.', type: 'gauge', value: (_g, u) => (u ? 0.12 : 0) },
  { name: 'DCGM_FI_PROF_DRAM_ACTIVE', help: 'Ratio of cycles the device memory interface is active sending or receiving data.', type: 'gauge', value: (_g, u) => (u ? 0.21 : 0) },
  { name: 'DCGM_FI_PROF_PCIE_TX_BYTES', help: 'The rate of data transmitted over the PCIe bus - including both protocol headers and data payloads - in bytes per second.', type: 'gauge', value: (_g, u) => (u ? 5_242_880 : 40_960) },
  { name: 'DCGM_FI_PROF_PCIE_RX_BYTES', help: 'The rate of data received over the PCIe bus - including both protocol headers and data payloads - in bytes per second.', type: 'gauge', value: (_g, u) => (u ? 10_485_760 : 81_920) }
];

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples an exporter on a node serves. */
export function dcgmSamples(node: string, gpus: GpuDevice[], uses: GpuUse[], opts: DcgmOptions = {}): Sample[] {
  const omit = new Set(opts.omitMetrics ?? []);
  const out: Sample[] = [];
  for (const f of FAMILIES) {
    if (omit.has(f.name)) continue;
    for (const g of gpus) {
      const use = uses.find(u => u.gpu.uuid === g.uuid);
      const v = f.value(g, Boolean(use));
      if (v === undefined) continue;
      out.push({
        name: f.name,
        labels: {
          gpu: String(g.index),
          UUID: g.uuid,
          pci_bus_id: g.pciBusId,
          device: `nvidia${g.minor}`,
          modelName: g.model.product,
          Hostname: node,
          DCGM_FI_DRIVER_VERSION: g.model.driverVersion,
          ...(use ? { container: use.container, namespace: use.namespace, pod: use.pod } : {})
        },
        value: v
      });
    }
  }
  return out;
}

const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Prometheus text exposition (format 0.0.4) of samples, grouped by family with HELP/TYPE. */
export function exposition(samples: Sample[]): string {
  let out = '';
  let last = '';
  for (const s of samples) {
    if (s.name !== last) {
      const f = FAMILIES.find(x => x.name === s.name);
      if (f) out += `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n`;
      last = s.name;
    }
    const labels = Object.entries(s.labels)
      .map(([k, v]) => `${k}="${esc(v)}"`)
      .join(',');
    out += `${s.name}{${labels}} ${s.value}\n`;
  }
  return out;
}
