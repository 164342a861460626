/** Kubernetes API version ordering: GA before beta before alpha, higher numbers first. */
const RE = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

function rank(v: string): [number, number, number] | undefined {
  const m = v.match(RE);
  if (!m) return undefined;
  const level = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
  return [level, Number(m[1]), m[3] === undefined ? 0 : Number(m[3])];
}

/** Compares for sorting, preferred version first (v1 < v1beta2 < v1beta1 < v1alpha1 < "foo"). */
export function compareVersions(a: string, b: string): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra && rb) {
    for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
    return 0;
  }
  if (ra) return -1;
  if (rb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortVersions(versions: string[]): string[] {
  return [...versions].sort(compareVersions);
}
