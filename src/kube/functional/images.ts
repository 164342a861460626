/**
 * The workload images and the option that changes them (`--images` / the `workload-images` input),
 * for private registries and air-gapped clusters. The option is a list separated by commas or
 * newlines; each entry is either
 * - `KEY=IMAGE`: that image for that role (keys: the WorkloadImages fields), or
 * - a registry prefix (no `=`): every default image is pulled through it instead of its own
 *   registry, keeping its path: with `mirror.example.com/ai`, registry.k8s.io/e2e-test-images/agnhost:2.52
 *   becomes mirror.example.com/ai/e2e-test-images/agnhost:2.52 and Docker Hub's python:3.13-alpine
 *   becomes mirror.example.com/ai/library/python:3.13-alpine (how registry mirrors lay them out).
 * `KEY=IMAGE` entries win over the prefix.
 */
import type { WorkloadImages } from './types.js';

/** Upstream images: the Kubernetes e2e images where one fits, NVIDIA's for GPU work. */
export const DEFAULT_IMAGES: Readonly<WorkloadImages> = Object.freeze({
  shell: 'registry.k8s.io/e2e-test-images/busybox:1.36.1-1',
  cuda: 'nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda12.5.0-ubuntu22.04',
  gpuProbe: 'nvcr.io/nvidia/cuda:12.8.1-base-ubuntu24.04',
  agnhost: 'registry.k8s.io/e2e-test-images/agnhost:2.52',
  curl: 'docker.io/curlimages/curl:8.14.1',
  python: 'docker.io/library/python:3.13-alpine',
  metricsConsumer: 'registry.k8s.io/e2e-test-images/resource-consumer:1.13',
  ray: 'docker.io/rayproject/ray:2.46.0'
});

export const IMAGE_KEYS = Object.keys(DEFAULT_IMAGES) as Array<keyof WorkloadImages>;

/** A bad images option: the message names the option and what it expects. */
export class ImagesOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImagesOptionError';
  }
}

/**
 * The images an option asks for (empty: the defaults). `source` names the option in errors
 * (`--images`, `input "workload-images"`).
 */
export function parseImages(value: string | undefined, source = '--images'): WorkloadImages {
  const images: WorkloadImages = { ...DEFAULT_IMAGES };
  const entries = (value ?? '')
    .split(/[,\n\r]/)
    .map(s => s.trim())
    .filter(Boolean);
  const prefixes = entries.filter(e => !e.includes('='));
  if (prefixes.length > 1)
    throw new ImagesOptionError(
      `${source}: more than one registry prefix (${prefixes.join(', ')}): give one prefix, and KEY=IMAGE for anything else`
    );
  if (prefixes.length === 1) {
    const prefix = prefixes[0].replace(/\/+$/, '');
    if (!validReference(prefix))
      throw new ImagesOptionError(`${source}: ${JSON.stringify(prefixes[0])} is not a registry prefix such as mirror.example.com/ai`);
    for (const key of IMAGE_KEYS) images[key] = throughRegistry(DEFAULT_IMAGES[key], prefix);
  }
  const seen = new Set<string>();
  for (const entry of entries.filter(e => e.includes('='))) {
    const at = entry.indexOf('=');
    const key = entry.slice(0, at).trim();
    const image = entry.slice(at + 1).trim();
    if (!(IMAGE_KEYS as string[]).includes(key))
      throw new ImagesOptionError(`${source}: unknown image key ${JSON.stringify(key)}: expected one of ${IMAGE_KEYS.join(', ')}`);
    if (seen.has(key)) throw new ImagesOptionError(`${source}: ${key} is given twice`);
    seen.add(key);
    if (!validReference(image))
      throw new ImagesOptionError(`${source}: ${key}=${JSON.stringify(image)} is not an image reference such as registry.example.com/busybox:1.36`);
    images[key as keyof WorkloadImages] = image;
  }
  return images;
}

/** An image's path on the registry a prefix names (Docker Hub's official images under library/). */
export function throughRegistry(image: string, prefix: string): string {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const hasRegistry = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  let path = hasRegistry ? image.slice(slash + 1) : image;
  if ((!hasRegistry || first === 'docker.io') && !path.includes('/')) path = `library/${path}`;
  return `${prefix}/${path}`;
}

function validReference(ref: string): boolean {
  return ref.length > 0 && ref.length <= 512 && !/\s/.test(ref) && /^[A-Za-z0-9]/.test(ref) && !/[=,]/.test(ref);
}
