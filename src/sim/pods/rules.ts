/**
 * Container rules: data that overrides what a container does, matched on namespace, pod labels,
 * container name, image or command. Scenarios use them for images the runtime does not model,
 * and breaks use them for failure (a controller that never readies, a crash loop).
 */
import { parseDuration } from '../behaviours/load.js';
import type { KObject } from '../store.js';

export interface ContainerRule {
  /** Shown in errors and listings. */
  name: string;
  match: {
    namespace?: string;
    podLabels?: Record<string, string>;
    container?: string;
    /** A regular expression on the image. */
    image?: string;
    /** A regular expression on the command and args joined by spaces. */
    command?: string;
  };
  /** Replaces the program's exit code. */
  exitCode?: number;
  /** When it exits after starting; null: it keeps running. */
  afterMs?: number | null;
  /** Replaces the program's log. */
  log?: string;
  /** false: the container runs but never passes its readiness probe. */
  ready?: boolean;
}

export function ruleFor(rules: ContainerRule[], pod: KObject, container: any): ContainerRule | undefined {
  const argv = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
  return rules.find(r => {
    const m = r.match;
    if (m.namespace && m.namespace !== pod.metadata.namespace) return false;
    if (m.container && m.container !== container.name) return false;
    if (m.image && !new RegExp(m.image).test(container.image ?? '')) return false;
    if (m.command && !new RegExp(m.command).test(argv)) return false;
    for (const [k, v] of Object.entries(m.podLabels ?? {})) if (pod.metadata.labels?.[k] !== v) return false;
    return true;
  });
}

/** Reads rules from scenario data; errors name the source and index. */
export function parseRules(raw: unknown, where: string): ContainerRule[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new Error(`${where}: expected a list of container rules`);
  return raw.map((r, i) => {
    const at = `${where}[${i}]`;
    if (!r || typeof r !== 'object') throw new Error(`${at}: expected a mapping`);
    const o = r as Record<string, any>;
    if (!o.match || typeof o.match !== 'object') throw new Error(`${at}.match: expected a mapping (namespace, podLabels, container, image, command)`);
    for (const k of Object.keys(o.match)) {
      if (!['namespace', 'podLabels', 'container', 'image', 'command'].includes(k)) {
        throw new Error(`${at}.match.${k}: unknown key (expected namespace, podLabels, container, image or command)`);
      }
    }
    for (const k of ['image', 'command']) {
      if (o.match[k] !== undefined) {
        try {
          new RegExp(o.match[k]);
        } catch {
          throw new Error(`${at}.match.${k}: not a valid regular expression`);
        }
      }
    }
    const after = o.after === undefined ? undefined : o.after === 'never' ? null : parseDuration(o.after, `${at}.after`);
    if (o.exitCode !== undefined && !Number.isInteger(o.exitCode)) throw new Error(`${at}.exitCode: expected an integer`);
    if (o.ready !== undefined && typeof o.ready !== 'boolean') throw new Error(`${at}.ready: expected true or false`);
    return {
      name: typeof o.name === 'string' ? o.name : `rule ${i}`,
      match: o.match,
      exitCode: o.exitCode,
      afterMs: after,
      log: typeof o.log === 'string' ? o.log : undefined,
      ready: o.ready
    };
  });
}
