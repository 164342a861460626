/**
 * The CNCF requirement sets per Kubernetes minor (1.33..1.37), read from the embedded templates so
 * ids, levels and descriptions are exactly the checklist's, and the choice of a set for a cluster.
 */
import { parse } from 'yaml';
import { CATEGORIES, type Category, type Level, type Requirement, type RequirementSet } from '../types.js';
import { TEMPLATE_TEXT } from './templates.generated.js';

export const VERSIONS: readonly string[] = Object.keys(TEMPLATE_TEXT).sort(compareVersions);
export const OLDEST = VERSIONS[0];
export const NEWEST = VERSIONS[VERSIONS.length - 1];

const cache = new Map<string, RequirementSet>();

/** The raw template text of a version, byte for byte as CNCF publishes it. */
export function templateText(version: string): string {
  const text = TEMPLATE_TEXT[normalizeVersion(version)];
  if (text === undefined) throw new UnknownVersionError(version);
  return text;
}

/** The requirement set of a version ("1.34" or "v1.34"). */
export function requirementSet(version: string): RequirementSet {
  const v = normalizeVersion(version);
  const cached = cache.get(v);
  if (cached) return cached;
  const text = TEMPLATE_TEXT[v];
  if (text === undefined) throw new UnknownVersionError(version);
  const doc = parse(text) as { spec: Record<string, Array<Record<string, string>>> };
  const requirements: Requirement[] = [];
  for (const category of CATEGORIES) {
    for (const item of doc.spec[category] ?? []) {
      requirements.push({
        id: item.id,
        category: category as Category,
        level: item.level as Level,
        description: item.description
      });
    }
  }
  const set = { version: v, requirements };
  cache.set(v, set);
  return set;
}

export class UnknownVersionError extends Error {
  constructor(version: string) {
    super(`unknown conformance version "${version}": expected one of ${VERSIONS.join(', ')}`);
    this.name = 'UnknownVersionError';
  }
}

export interface VersionChoice {
  version: string;
  /** Set when the choice is not the cluster's own minor. */
  warning?: string;
}

/**
 * The requirement set for a cluster: an explicit version wins; else the cluster's own minor;
 * newer than the newest set gets the newest with a warning; older than the oldest is an error.
 */
export function chooseVersion(cluster: { major: string; minor: string } | null, explicit?: string): VersionChoice {
  if (explicit !== undefined && explicit !== '') {
    const v = normalizeVersion(explicit);
    if (!(v in TEMPLATE_TEXT)) throw new UnknownVersionError(explicit);
    const own = cluster ? clusterMinor(cluster) : null;
    if (own && own !== v) {
      return { version: v, warning: `checking against the ${v} requirements as asked, though the cluster is ${own}` };
    }
    return { version: v };
  }
  if (!cluster) throw new Error('no cluster version and no explicit conformance version: pass --version (e.g. 1.34)');
  const own = clusterMinor(cluster);
  if (own in TEMPLATE_TEXT) return { version: own };
  if (compareVersions(own, NEWEST) > 0) {
    return {
      version: NEWEST,
      warning: `the cluster is Kubernetes ${own}, newer than the newest requirement set; checking against ${NEWEST}`
    };
  }
  throw new Error(
    `the cluster is Kubernetes ${own}: AI conformance requirement sets start at ${OLDEST} (${VERSIONS.join(', ')})`
  );
}

/** "1.34" from {major: "1", minor: "34+"} (GKE and EKS append "+"). */
export function clusterMinor(cluster: { major: string; minor: string }): string {
  const major = String(cluster.major).replace(/\D.*$/, '');
  const minor = String(cluster.minor).replace(/\D.*$/, '');
  if (!major || !minor) throw new Error(`cannot read the cluster's version from major "${cluster.major}", minor "${cluster.minor}"`);
  return `${Number(major)}.${Number(minor)}`;
}

/** "v1.34" / "1.34" / "1.34.2" → "1.34". */
export function normalizeVersion(version: string): string {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(String(version).trim());
  if (!m) throw new UnknownVersionError(version);
  return `${Number(m[1])}.${Number(m[2])}`;
}

export function compareVersions(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}
