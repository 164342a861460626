/** Milli-unit amounts written back as Kubernetes quantities, as controllers print them. */

const BINARY: Array<[string, number]> = [
  ['Ei', 1024 ** 6],
  ['Pi', 1024 ** 5],
  ['Ti', 1024 ** 4],
  ['Gi', 1024 ** 3],
  ['Mi', 1024 ** 2],
  ['Ki', 1024]
];

/** "1500m", "2", "64Mi", "1Gi"; memory-like resources in binary units when they divide evenly. */
export function formatQuantity(milli: number, resource = 'cpu'): string {
  const m = Math.round(milli);
  if (m % 1000 !== 0) return `${m}m`;
  const whole = m / 1000;
  if (/memory|storage|mem/.test(resource) && whole !== 0) {
    for (const [suffix, size] of BINARY) if (whole % size === 0) return `${whole / size}${suffix}`;
  }
  return String(whole);
}
