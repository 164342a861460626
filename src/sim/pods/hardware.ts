/**
 * The accelerators physically in each node: what device plugins and DRA drivers discover.
 * Ids are derived from the node name and index, so every run shows the same UUIDs.
 */
import { createHash } from 'node:crypto';

export interface GpuModel {
  /** As nvidia-smi prints it, e.g. "NVIDIA A10". */
  product: string;
  memoryMiB: number;
  architecture: string;
  computeCapability: string;
  brand: string;
  powerLimitW: number;
  driverVersion: string;
  cudaDriverVersion: string;
  /** NVLink links per GPU (0 for PCIe-only cards such as A10 or L4). */
  nvlinks: number;
}

export interface GpuDevice {
  node: string;
  index: number;
  /** /dev/nvidia<minor>. */
  minor: number;
  uuid: string;
  pciBusId: string;
  model: GpuModel;
  /** MIG mode: the GPU is partitioned into `count` instances of one profile (e.g. 1g.5gb). */
  mig?: { profile: string; count: number };
  /** When this device is one MIG instance of the GPU: its index and MIG UUID. */
  migInstance?: { index: number; uuid: string; profile: string };
}

export const GPU_MODELS: Record<string, GpuModel> = {
  'NVIDIA A10': {
    product: 'NVIDIA A10', memoryMiB: 23028, architecture: 'Ampere', computeCapability: '8.6', brand: 'Nvidia',
    powerLimitW: 150, driverVersion: '570.133.20', cudaDriverVersion: '12.8', nvlinks: 0
  },
  'NVIDIA L4': {
    product: 'NVIDIA L4', memoryMiB: 23034, architecture: 'Ada Lovelace', computeCapability: '8.9', brand: 'Nvidia',
    powerLimitW: 72, driverVersion: '570.133.20', cudaDriverVersion: '12.8', nvlinks: 0
  },
  'NVIDIA H100 80GB HBM3': {
    product: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559, architecture: 'Hopper', computeCapability: '9.0', brand: 'Nvidia',
    powerLimitW: 700, driverVersion: '570.133.20', cudaDriverVersion: '12.8', nvlinks: 18
  },
  'NVIDIA A100-SXM4-40GB': {
    product: 'NVIDIA A100-SXM4-40GB', memoryMiB: 40960, architecture: 'Ampere', computeCapability: '8.0', brand: 'Nvidia',
    powerLimitW: 400, driverVersion: '570.133.20', cudaDriverVersion: '12.8', nvlinks: 12
  },
  'Tesla V100-SXM2-16GB': {
    product: 'Tesla V100-SXM2-16GB', memoryMiB: 16384, architecture: 'Volta', computeCapability: '7.0', brand: 'Tesla',
    powerLimitW: 300, driverVersion: '570.133.20', cudaDriverVersion: '12.8', nvlinks: 6
  }
};

function hex(seed: string, n: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, n);
}

/** A GPU UUID as NVIDIA formats them, derived from node and index. */
export function gpuUuid(node: string, index: number): string {
  const h = hex(`${node}/gpu/${index}`, 32);
  return `GPU-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export class Hardware {
  private readonly byNode = new Map<string, GpuDevice[]>();

  /** Puts `count` GPUs of a model into a node (replacing what it had), optionally in MIG mode. */
  setGpus(node: string, model: GpuModel, count: number, mig?: { profile: string; count: number }): void {
    const gpus: GpuDevice[] = [];
    for (let i = 0; i < count; i++) {
      gpus.push({
        node,
        index: i,
        minor: i,
        uuid: gpuUuid(node, i),
        pciBusId: `00000000:${(0x10 + i * 0x10).toString(16).toUpperCase().padStart(2, '0')}:00.0`,
        model,
        ...(mig ? { mig } : {})
      });
    }
    this.byNode.set(node, gpus);
  }

  gpus(node: string | undefined): GpuDevice[] {
    return (node && this.byNode.get(node)) || [];
  }

  nodes(): string[] {
    return Array.from(this.byNode.keys());
  }
}

/** One MIG instance of a GPU as a container sees it (its parent GPU with the instance's identity). */
export function migInstance(gpu: GpuDevice, index: number): GpuDevice {
  const h = hex(`${gpu.uuid}/mig/${index}`, 32);
  const uuid = `MIG-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  return { ...gpu, migInstance: { index, uuid, profile: gpu.mig?.profile ?? '' } };
}
