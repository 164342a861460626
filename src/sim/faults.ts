/**
 * Fault injection, changeable at run time: latency per request, errors by verb and resource
 * with a rate drawn from a seeded RNG (deterministic runs), 429 with Retry-After, connection
 * resets and requests that hang until the client gives up or the server closes.
 */
import { StatusError, tooManyRequests } from './errors.js';

export type FaultAction =
  | { type: 'error'; code: number; reason?: string; message?: string }
  | { type: 'throttle'; retryAfterSeconds?: number }
  | { type: 'reset' }
  | { type: 'hang' }
  | { type: 'latency'; ms: number };

export interface FaultRule {
  /** Request verbs (get, list, watch, create, update, patch, delete, deletecollection); omitted: all. */
  verbs?: string[];
  /** "pods", "pods/log", "services/proxy", "deployments.apps"; omitted: all (non-resource paths too). */
  resources?: string[];
  namespaces?: string[];
  /** Path prefixes such as "/apis/custom.metrics.k8s.io"; omitted: all. */
  paths?: string[];
  /** Probability 0..1 that a matching request gets the fault; default 1. */
  rate?: number;
  /** At most this many faults from this rule; default unlimited. */
  times?: number;
  action: FaultAction;
}

export interface FaultConfig {
  /** Seed of the RNG that decides rates (default 1). */
  seed?: number;
  /** Latency added to every request: fixed milliseconds or a uniform range. */
  latencyMs?: number | { min: number; max: number };
  rules?: FaultRule[];
}

export interface RequestFacts {
  verb: string;
  group: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  path: string;
}

export type FaultDecision =
  | { kind: 'none'; delayMs: number }
  | { kind: 'error'; delayMs: number; error: StatusError }
  | { kind: 'reset'; delayMs: number }
  | { kind: 'hang'; delayMs: number };

/** mulberry32: small, fast, good enough for fault rates. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout'
};

const MESSAGES: Record<number, string> = {
  500: 'Internal error occurred: injected fault',
  503: 'the server is currently unable to handle the request',
  504: 'the server was unable to return a response in the time allotted, but may still be processing the request'
};

function matches(rule: FaultRule, f: RequestFacts): boolean {
  if (rule.verbs && !rule.verbs.includes(f.verb)) return false;
  if (rule.namespaces && (!f.namespace || !rule.namespaces.includes(f.namespace))) return false;
  if (rule.paths && !rule.paths.some(p => f.path.startsWith(p))) return false;
  if (rule.resources) {
    if (!f.resource) return false;
    const plain = f.subresource ? `${f.resource}/${f.subresource}` : f.resource;
    const qualified = f.group ? `${f.resource}.${f.group}` : f.resource;
    const qualifiedSub = f.subresource ? `${qualified}/${f.subresource}` : qualified;
    if (
      !rule.resources.some(
        r => r === '*' || r === plain || r === qualifiedSub || (!f.subresource && r === qualified)
      )
    )
      return false;
  }
  return true;
}

export function validateFaults(cfg: unknown): FaultConfig {
  if (cfg === undefined || cfg === null) return {};
  if (typeof cfg !== 'object') throw new Error('faults: expected an object with seed, latencyMs and rules');
  const c = cfg as FaultConfig;
  (c.rules ?? []).forEach((r, i) => {
    const t = (r as FaultRule)?.action?.type;
    if (!['error', 'throttle', 'reset', 'hang', 'latency'].includes(t)) {
      throw new Error(
        `faults.rules[${i}].action.type: expected one of error, throttle, reset, hang, latency (got ${JSON.stringify(t)})`
      );
    }
    if (r.rate !== undefined && (typeof r.rate !== 'number' || r.rate < 0 || r.rate > 1))
      throw new Error(`faults.rules[${i}].rate: expected a number from 0 to 1`);
    if (t === 'error' && !Number.isInteger((r.action as { code: number }).code))
      throw new Error(`faults.rules[${i}].action.code: expected an HTTP status code`);
  });
  return c;
}

export class Faults {
  private cfg: FaultConfig = {};
  private random: () => number = rng(1);
  private used = new Map<FaultRule, number>();

  constructor(cfg?: FaultConfig) {
    this.set(cfg ?? {});
  }

  /** Replaces the configuration (and restarts the RNG from its seed). */
  set(cfg: FaultConfig): void {
    this.cfg = validateFaults(cfg);
    this.random = rng(cfg.seed ?? 1);
    this.used = new Map();
  }

  get config(): FaultConfig {
    return this.cfg;
  }

  decide(f: RequestFacts): FaultDecision {
    let delayMs = 0;
    const lat = this.cfg.latencyMs;
    if (typeof lat === 'number') delayMs += lat;
    else if (lat) delayMs += lat.min + Math.floor(this.random() * Math.max(0, lat.max - lat.min));
    for (const rule of this.cfg.rules ?? []) {
      if (!matches(rule, f)) continue;
      const n = this.used.get(rule) ?? 0;
      if (rule.times !== undefined && n >= rule.times) continue;
      if (rule.rate !== undefined && rule.rate < 1 && this.random() >= rule.rate) continue;
      this.used.set(rule, n + 1);
      const a = rule.action;
      switch (a.type) {
        case 'latency':
          delayMs += a.ms;
          continue;
        case 'throttle':
          return { kind: 'error', delayMs, error: tooManyRequests(a.retryAfterSeconds ?? 1) };
        case 'error': {
          const headers: Record<string, string> = a.code === 429 ? { 'Retry-After': '1' } : {};
          const details = a.code === 429 ? { retryAfterSeconds: 1 } : undefined;
          return {
            kind: 'error',
            delayMs,
            error: new StatusError(
              a.code,
              a.reason ?? REASONS[a.code] ?? 'InternalError',
              a.message ?? MESSAGES[a.code] ?? `injected fault (${a.code})`,
              details,
              headers
            )
          };
        }
        case 'reset':
          return { kind: 'reset', delayMs };
        case 'hang':
          return { kind: 'hang', delayMs };
      }
    }
    return { kind: 'none', delayMs };
  }
}
