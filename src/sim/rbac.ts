/**
 * Scenario authorization: everything is allowed except what deny rules name, and a denial is
 * answered exactly as the RBAC authorizer words it (errors.forbidden). Rules are data:
 * `{ verbs: ["get"], resources: ["pods/log"], apiGroups: [""], namespaces: ["kube-system"], effect: "deny" }`.
 * A rule limited to namespaces also denies the same request across all namespaces (a
 * cluster-wide list needs cluster-wide permission).
 */
import { forbidden, type StatusError } from './errors.js';
import type { ObjectStore } from './store.js';

export interface RbacRule {
  verbs: string[];
  /** "pods", "pods/log", "services/proxy", "*", "*\/scale", "pods/*". */
  resources: string[];
  /** API groups ("" is core); omitted means every group. */
  apiGroups?: string[];
  /** Namespaces the rule applies to; omitted means every namespace and the cluster scope. */
  namespaces?: string[];
  resourceNames?: string[];
  effect?: 'deny';
}

export interface Attributes {
  user: string;
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

function matchesResource(patterns: string[], resource: string, subresource?: string): boolean {
  const full = subresource ? `${resource}/${subresource}` : resource;
  return patterns.some(p => {
    if (p === '*' || p === full) return true;
    if (subresource && (p === `*/${subresource}` || p === `${resource}/*`)) return true;
    return false;
  });
}

export function ruleMatches(rule: RbacRule, a: Attributes): boolean {
  if (!rule.verbs.includes('*') && !rule.verbs.includes(a.verb)) return false;
  if (rule.apiGroups && !rule.apiGroups.includes('*') && !rule.apiGroups.includes(a.group)) return false;
  if (!matchesResource(rule.resources, a.resource, a.subresource)) return false;
  if (rule.namespaces && a.namespace && !rule.namespaces.includes(a.namespace)) return false;
  if (rule.resourceNames?.length && (!a.name || !rule.resourceNames.includes(a.name))) return false;
  return true;
}

export function isAllowed(rules: readonly RbacRule[], a: Attributes): boolean {
  return !rules.some(r => (r.effect ?? 'deny') === 'deny' && ruleMatches(r, a));
}

/** Throws 403 Forbidden worded as the RBAC authorizer when a deny rule matches. */
export function authorize(rules: readonly RbacRule[], a: Attributes): void {
  if (!isAllowed(rules, a)) throw denial(a);
}

export function denial(a: Attributes): StatusError {
  return forbidden(a.user, a.verb, a.group, a.resource, a.namespace, a.name, a.subresource);
}

/** Validates scenario rules, naming the bad entry. */
export function validateRules(rules: unknown): RbacRule[] {
  if (rules === undefined) return [];
  if (!Array.isArray(rules)) throw new Error('rbac: expected a list of rules');
  rules.forEach((r, i) => {
    const where = `rbac[${i}]`;
    if (typeof r !== 'object' || r === null)
      throw new Error(`${where}: expected an object with verbs and resources`);
    for (const f of ['verbs', 'resources'] as const) {
      if (!Array.isArray((r as any)[f]) || !(r as any)[f].every((x: unknown) => typeof x === 'string')) {
        throw new Error(`${where}.${f}: expected a list of strings`);
      }
    }
    for (const f of ['apiGroups', 'namespaces', 'resourceNames'] as const) {
      const v = (r as any)[f];
      if (v !== undefined && (!Array.isArray(v) || !v.every((x: unknown) => typeof x === 'string')))
        throw new Error(`${where}.${f}: expected a list of strings`);
    }
    if ((r as any).effect !== undefined && (r as any).effect !== 'deny')
      throw new Error(`${where}.effect: only "deny" is supported`);
  });
  return rules as RbacRule[];
}

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * SelfSubjectRulesReview status for a namespace: everything when no rule applies there, else
 * the allowed verbs per resource (deny rules cannot be expressed as RBAC allow rules otherwise).
 */
export function rulesFor(
  store: ObjectStore,
  rules: readonly RbacRule[],
  user: string,
  namespace: string
): { resourceRules: any[]; nonResourceRules: any[]; incomplete: boolean } {
  const nonResourceRules = [{ verbs: ['*'], nonResourceURLs: ['*'] }];
  const applies = rules.filter(r => !r.namespaces || r.namespaces.includes(namespace));
  if (!applies.length)
    return {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules,
      incomplete: false
    };
  const resourceRules: any[] = [];
  for (const t of store.allTypes()) {
    const names = [t.resource, ...t.subresources.map(s => `${t.resource}/${s}`)];
    for (const full of names) {
      const [resource, subresource] = full.split('/');
      const verbs = VERBS.filter(verb =>
        isAllowed(applies, { user, verb, group: t.group, resource, subresource, namespace })
      );
      if (verbs.length) resourceRules.push({ verbs, apiGroups: [t.group], resources: [full] });
    }
  }
  return { resourceRules, nonResourceRules, incomplete: false };
}
