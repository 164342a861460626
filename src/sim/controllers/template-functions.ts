/** Functions stage templates may call; each derives its answer from its arguments only. */
import { createHash } from 'node:crypto';
import type { TemplateFunction } from '../behaviours/template.js';

function octets(seed: string, n: number): number[] {
  return Array.from(createHash('sha256').update(seed).digest().subarray(0, n));
}

export function templateFunctions(): Record<string, TemplateFunction> {
  return {
    /** A node address in 172.18.0.0/16 (kind's docker network), stable per name. */
    ipFor: (name: unknown) => {
      const [a, b] = octets(String(name), 2);
      return `172.18.${a % 250}.${(b % 250) + 2}`;
    },
    /** A load balancer address, stable per namespace/name. */
    lbIPFor: (ns: unknown, name: unknown) => {
      const [a, b] = octets(`${ns}/${name}`, 2);
      return `172.18.${200 + (a % 50)}.${(b % 250) + 2}`;
    },
    /** The storage version names of a CRD's versions. */
    storageVersions: (versions: unknown) =>
      Array.isArray(versions) ? versions.filter((v: any) => v?.storage).map((v: any) => v.name) : []
  };
}
