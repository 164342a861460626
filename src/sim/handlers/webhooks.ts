/**
 * Admission webhooks of simulated operators, called as the API server calls them: for every
 * (Mutating, then Validating) WebhookConfiguration entry whose name has a simulated
 * implementation and whose rules, object selector and namespace selector match the request. The
 * call needs the configured Service to have a ready endpoint; otherwise, with failurePolicy Fail,
 * the request fails as the API server words it (`failed calling webhook "…": failed to call
 * webhook: Post "https://svc.ns.svc:443/path?timeout=10s": no endpoints available for service
 * "svc"`). A denial reads `admission webhook "…" denied the request: …` with the webhook's code.
 * Dry-run requests are sent only to webhooks whose sideEffects are None or NoneOnDryRun.
 */
import { matchesSelector } from '../behaviours/match.js';
import type { AdmissionPlugin, AdmissionRequest } from '../contracts.js';
import type { SimContext } from '../controllers/context.js';
import { internalError, StatusError, type StatusDetails } from '../errors.js';
import { runtimeClassAdmission } from '../pods/sandbox.js';
import type { KObject } from '../store.js';

export type WebhookVerdict =
  | { allowed: true; object?: KObject }
  | { allowed: false; code: number; reason: string; message: string; details?: StatusDetails };

export type WebhookImpl = (req: AdmissionRequest) => WebhookVerdict;

const registries = new WeakMap<SimContext, Map<string, WebhookImpl>>();

/** Makes a webhook (by its name in a webhook configuration) answer with this implementation. */
export function registerWebhook(ctx: SimContext, name: string, impl: WebhookImpl): void {
  if (!registries.has(ctx)) registries.set(ctx, new Map());
  registries.get(ctx)!.set(name, impl);
}

/** A denial as controller-runtime answers for a validator error: 403 Forbidden with the error text. */
export function denied(message: string): WebhookVerdict {
  return { allowed: false, code: 403, reason: 'Forbidden', message };
}

function ruleMatches(rule: any, req: AdmissionRequest): boolean {
  const version = req.object.apiVersion.includes('/') ? req.object.apiVersion.split('/')[1] : req.object.apiVersion;
  const resource = req.subresource ? `${req.rtype.resource}/${req.subresource}` : req.rtype.resource;
  const has = (list: unknown, v: string): boolean => Array.isArray(list) && (list.includes('*') || list.includes(v));
  return has(rule.apiGroups, req.rtype.group) && has(rule.apiVersions, version) && has(rule.resources, resource) && has(rule.operations, req.operation);
}

/** The simulated webhooks as one admission plugin (mutating first, then validating). */
export function webhookAdmission(ctx: SimContext): AdmissionPlugin {
  const { store } = ctx;
  return req => {
    const impls = registries.get(ctx);
    if (!impls?.size) return;
    let object = req.object;
    for (const kind of ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations']) {
      if (!store.typeOf('admissionregistration.k8s.io', kind)) continue;
      for (const cfg of store.list('admissionregistration.k8s.io', kind)) {
        for (const wh of cfg.webhooks ?? []) {
          const impl = impls.get(wh.name);
          if (!impl || !(wh.rules ?? []).some((r: any) => ruleMatches(r, req))) continue;
          if (wh.objectSelector && !matchesSelector(wh.objectSelector, object.metadata.labels ?? {})) continue;
          if (wh.namespaceSelector && object.metadata.namespace) {
            const ns = store.get('', 'namespaces', undefined, object.metadata.namespace);
            if (!matchesSelector(wh.namespaceSelector, ns?.metadata.labels ?? {})) continue;
          }
          if (req.dryRun && !['None', 'NoneOnDryRun'].includes(wh.sideEffects)) {
            throw new StatusError(400, 'BadRequest', `admission webhook "${wh.name}" does not support dry run`);
          }
          const unreachable = reachProblem(ctx, wh);
          if (unreachable) {
            if ((wh.failurePolicy ?? 'Fail') === 'Ignore') continue;
            throw internalError(`failed calling webhook "${wh.name}": failed to call webhook: ${unreachable}`);
          }
          const verdict = impl({ ...req, object });
          if (!verdict.allowed) {
            throw new StatusError(verdict.code, verdict.reason, `admission webhook "${wh.name}" denied the request: ${verdict.message}`, verdict.details);
          }
          if (verdict.object && kind === 'mutatingwebhookconfigurations') object = verdict.object;
        }
      }
    }
    return object === req.object ? undefined : object;
  };
}

/** Why the API server cannot reach a webhook's Service, or undefined when it can. */
function reachProblem(ctx: SimContext, wh: any): string | undefined {
  const ref = wh.clientConfig?.service;
  if (!ref) return undefined;
  const port = ref.port ?? 443;
  const url = `Post "https://${ref.name}.${ref.namespace}.svc:${port}${ref.path ?? ''}?timeout=${wh.timeoutSeconds ?? 10}s"`;
  const svc = ctx.store.get('', 'services', ref.namespace, ref.name);
  if (!svc) return `${url}: service "${ref.name}" not found`;
  const net = ctx.network;
  const sp = net?.servicePort(svc, port);
  if (!net || !sp || !net.endpoints(svc, sp).length) return `${url}: no endpoints available for service "${ref.name}"`;
  return undefined;
}

/** What the simulated API server adds to its admission chain for the AI stack. */
export function aiAdmission(ctx: SimContext): AdmissionPlugin[] {
  return [runtimeClassAdmission(ctx.store), webhookAdmission(ctx)];
}
