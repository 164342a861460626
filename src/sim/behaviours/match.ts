/** Kubernetes label selectors and status conditions, as controllers and stages match them. */
import type { KObject } from '../store.js';

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** A LabelSelector against labels; an empty selector matches everything (as in Deployments). */
export function matchesSelector(selector: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const r of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(l, r.key);
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
        if (!has || !values.includes(l[r.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[r.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A Service-style selector (a plain map); an empty or missing map selects nothing. */
export function matchesMap(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  const l = labels ?? {};
  return Object.entries(selector).every(([k, v]) => l[k] === v);
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  [key: string]: unknown;
}

export function getCondition(obj: KObject | undefined, type: string): Condition | undefined {
  const list = obj?.status?.conditions;
  return Array.isArray(list) ? list.find((c: Condition) => c?.type === type) : undefined;
}

/**
 * Conditions with one set (added or replaced). lastTransitionTime only moves when the status
 * changes, as controllers do.
 */
export function withCondition(conditions: Condition[] | undefined, next: Condition, now: string): Condition[] {
  const list = Array.isArray(conditions) ? [...conditions] : [];
  const i = list.findIndex(c => c.type === next.type);
  const prev = i >= 0 ? list[i] : undefined;
  const merged: Condition = {
    ...(prev ?? {}),
    ...next,
    lastTransitionTime: prev && prev.status === next.status && prev.lastTransitionTime ? prev.lastTransitionTime : next.lastTransitionTime ?? now
  };
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list;
}
