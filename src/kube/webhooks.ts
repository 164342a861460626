/**
 * Admission webhooks, and whether each is operational as far as reading can tell: it has a CA
 * bundle, and the Service it calls exists with ready endpoints. Listing a configuration is not
 * "operational" (research: vendors that only listed webhooks proved nothing).
 */
import type { KubeReader, ServiceEndpoints } from './reader.js';

export interface Webhook {
  configuration: string;
  kind: 'Validating' | 'Mutating';
  name: string;
  service?: { namespace: string; name: string; port: number; path?: string };
  url?: string;
  caBundleBytes: number;
  /** API groups its rules name ("*" included). */
  apiGroups: string[];
  failurePolicy: string;
}

export interface WebhookInventory {
  all: Webhook[];
}

export async function readWebhooks(reader: KubeReader): Promise<WebhookInventory> {
  const [validating, mutating] = await Promise.all(
    (['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'] as const).map(resource =>
      reader.list({ group: 'admissionregistration.k8s.io', version: 'v1', resource }, {}, cfg =>
        flatten(resource, cfg)
      )
    )
  );
  return { all: [...validating.flat(), ...mutating.flat()] };
}

function flatten(resource: string, cfg: any): Webhook[] {
  const kind = resource.startsWith('validating') ? 'Validating' : 'Mutating';
  const hooks: any[] = Array.isArray(cfg?.webhooks) ? cfg.webhooks : [];
  return hooks.map(h => {
    const svc = h?.clientConfig?.service;
    const groups = new Set<string>();
    for (const rule of Array.isArray(h?.rules) ? h.rules : []) {
      for (const g of Array.isArray(rule?.apiGroups) ? rule.apiGroups : []) groups.add(String(g));
    }
    return {
      configuration: String(cfg?.metadata?.name ?? ''),
      kind,
      name: String(h?.name ?? ''),
      service: svc
        ? {
            namespace: String(svc.namespace),
            name: String(svc.name),
            port: Number(svc.port ?? 443),
            path: svc.path
          }
        : undefined,
      url: h?.clientConfig?.url,
      // caBundle is base64 text; its decoded size is what matters, roughly 3/4 of it.
      caBundleBytes:
        typeof h?.clientConfig?.caBundle === 'string'
          ? Math.floor((h.clientConfig.caBundle.length * 3) / 4)
          : 0,
      apiGroups: [...groups],
      failurePolicy: String(h?.failurePolicy ?? 'Fail')
    } satisfies Webhook;
  });
}

/** Webhooks whose rules name one of the groups (not the "*" catch-alls of policy engines). */
export function webhooksForGroups(inv: WebhookInventory, groups: readonly string[]): Webhook[] {
  return inv.all.filter(w => w.apiGroups.some(g => groups.includes(g)));
}

export interface WebhookHealth {
  webhook: Webhook;
  endpoints?: ServiceEndpoints;
  operational: boolean;
  /** "vraycluster.kb.io → ray-system/kuberay-webhook-service: 1 ready endpoint, caBundle 1.1 kB". */
  summary: string;
}

/** Checks each webhook's Service and endpoints (one pair of reads per distinct Service, in parallel). */
export async function webhookHealth(reader: KubeReader, hooks: Webhook[]): Promise<WebhookHealth[]> {
  const services = new Map<string, Promise<ServiceEndpoints>>();
  for (const h of hooks) {
    if (!h.service) continue;
    const key = `${h.service.namespace}/${h.service.name}`;
    if (!services.has(key)) services.set(key, reader.serviceEndpoints(h.service.namespace, h.service.name));
  }
  const resolved = new Map<string, ServiceEndpoints>();
  await Promise.all([...services].map(async ([k, p]) => resolved.set(k, await p)));
  return hooks.map(h => {
    const ca = h.caBundleBytes > 0 ? `caBundle ${h.caBundleBytes} B` : 'no caBundle';
    if (!h.service) {
      // A URL webhook (out-of-cluster) cannot be probed by reading; count it as configured.
      return {
        webhook: h,
        operational: h.caBundleBytes > 0 || !!h.url?.startsWith('https://'),
        summary: `${h.name} → ${h.url ?? 'no target'} (${ca})`
      };
    }
    const ep = resolved.get(`${h.service.namespace}/${h.service.name}`)!;
    const target = `${h.service.namespace}/${h.service.name}`;
    const state = !ep.exists ? 'Service missing' : `${ep.ready} ready endpoint${ep.ready === 1 ? '' : 's'}`;
    return {
      webhook: h,
      endpoints: ep,
      operational: ep.exists && ep.ready > 0 && h.caBundleBytes > 0,
      summary: `${h.kind.toLowerCase()} webhook ${h.name} → ${target}: ${state}, ${ca}`
    };
  });
}
