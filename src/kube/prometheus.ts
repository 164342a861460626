/**
 * The Prometheus text exposition format (0.0.4; OpenMetrics text is close enough for samples),
 * parsed into samples, and what accelerator checks ask of it: which series carry a per-device
 * label, and which families measure utilization, memory, temperature, power and interconnect.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Samples of an exposition; malformed lines are skipped and counted. */
export function parsePrometheusText(text: string): { samples: Sample[]; malformed: number } {
  const samples: Sample[] = [];
  let malformed = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const sample = parseLine(line);
    if (sample) samples.push(sample);
    else malformed++;
  }
  return { samples, malformed };
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

function parseLine(line: string): Sample | null {
  const m = NAME.exec(line);
  if (!m) return null;
  const name = m[0];
  let i = name.length;
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i++;
    for (;;) {
      while (line[i] === ' ' || line[i] === ',') i++;
      if (line[i] === '}') {
        i++;
        break;
      }
      const lm = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i));
      if (!lm) return null;
      const key = lm[0];
      i += key.length;
      while (line[i] === ' ') i++;
      if (line[i] !== '=') return null;
      i++;
      while (line[i] === ' ') i++;
      if (line[i] !== '"') return null;
      i++;
      let value = '';
      for (;;) {
        const c = line[i];
        if (c === undefined) return null;
        if (c === '\\') {
          const next = line[i + 1];
          value += next === 'n' ? '\n' : (next ?? '');
          i += 2;
          continue;
        }
        if (c === '"') {
          i++;
          break;
        }
        value += c;
        i++;
      }
      labels[key] = value;
    }
  }
  const rest = line.slice(i).trim().split(/\s+/);
  if (rest.length < 1 || rest[0] === '') return null;
  const value = parseValue(rest[0]);
  if (value === null) return null;
  return { name, labels, value };
}

function parseValue(text: string): number | null {
  if (text === 'NaN') return NaN;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const n = Number(text);
  return Number.isNaN(n) ? null : n;
}

/**
 * Labels that name one device: DCGM (gpu, UUID, device, pci_bus_id), ACK's exporter
 * (minor_number, uuid), AMD (card_id), Intel (dev_id), MIG instances (GPU_I_ID).
 */
export const DEVICE_LABELS = [
  'gpu',
  'UUID',
  'uuid',
  'device',
  'device_id',
  'dev_id',
  'card_id',
  'GPU_I_ID',
  'minor_number',
  'pci_bus_id'
];

/** The device a sample is about, or undefined when it is not per device. */
export function deviceOf(sample: Sample): string | undefined {
  for (const key of DEVICE_LABELS) {
    const v = sample.labels[key];
    if (v !== undefined && v !== '') return `${key}=${v}`;
  }
  return undefined;
}

export type MetricClass = 'utilization' | 'memory' | 'temperature' | 'power' | 'interconnect';

/** Known names first (DCGM, ACK, AMD), then the name patterns the WG suite accepts. */
const KNOWN: Record<string, MetricClass> = {
  DCGM_FI_DEV_GPU_UTIL: 'utilization',
  DCGM_FI_PROF_GR_ENGINE_ACTIVE: 'utilization',
  nvidia_gpu_duty_cycle: 'utilization',
  DCGM_FI_DEV_FB_USED: 'memory',
  DCGM_FI_DEV_FB_FREE: 'memory',
  nvidia_gpu_memory_used_bytes: 'memory',
  DCGM_FI_DEV_GPU_TEMP: 'temperature',
  DCGM_FI_DEV_MEMORY_TEMP: 'temperature',
  DCGM_FI_DEV_POWER_USAGE: 'power',
  DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION: 'power',
  DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL: 'interconnect',
  DCGM_FI_DEV_PCIE_TX_THROUGHPUT: 'interconnect',
  DCGM_FI_DEV_PCIE_RX_THROUGHPUT: 'interconnect',
  DCGM_FI_PROF_PCIE_TX_BYTES: 'interconnect',
  DCGM_FI_PROF_PCIE_RX_BYTES: 'interconnect',
  DCGM_FI_PROF_NVLINK_TX_BYTES: 'interconnect',
  DCGM_FI_PROF_NVLINK_RX_BYTES: 'interconnect'
};

const PATTERNS: Array<[RegExp, MetricClass]> = [
  // Copy-engine, encoder and decoder utilizations are not the device's utilization.
  [
    /^(?!.*(mem_copy|enc|dec)_util).*(gpu_util|utilization|duty_cycle|gfx_activity|busy_percent)/i,
    'utilization'
  ],
  [/(fb_used|fb_free|memory_used|memory_usage|mem_used|vram_used|hbm_used|memory_free)/i, 'memory'],
  [/temp/i, 'temperature'],
  [/(power|watt|energy)/i, 'power'],
  [/(nvlink|pcie_tx|pcie_rx|xgmi|bandwidth)/i, 'interconnect']
];

export function classify(name: string): MetricClass | undefined {
  if (KNOWN[name]) return KNOWN[name];
  for (const [re, cls] of PATTERNS) if (re.test(name)) return cls;
  return undefined;
}

export interface DeviceMetrics {
  /** Devices seen in any per-device series ("UUID=GPU-..."). */
  devices: Set<string>;
  /** Per class: metric names carrying a device label. */
  byClass: Map<MetricClass, Set<string>>;
  /** Per class: devices covered. */
  devicesByClass: Map<MetricClass, Set<string>>;
  families: number;
  samples: number;
}

/** What an exposition says per device. */
export function deviceMetrics(samples: Sample[]): DeviceMetrics {
  const out: DeviceMetrics = {
    devices: new Set(),
    byClass: new Map(),
    devicesByClass: new Map(),
    families: new Set(samples.map(s => s.name)).size,
    samples: samples.length
  };
  for (const s of samples) {
    const device = deviceOf(s);
    if (!device) continue;
    out.devices.add(device);
    const cls = classify(s.name);
    if (!cls) continue;
    if (!out.byClass.has(cls)) out.byClass.set(cls, new Set());
    out.byClass.get(cls)!.add(s.name);
    if (!out.devicesByClass.has(cls)) out.devicesByClass.set(cls, new Set());
    out.devicesByClass.get(cls)!.add(device);
  }
  return out;
}
