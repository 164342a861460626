/**
 * An installed component (an operator, a scheduler, a gateway controller) judged the same way
 * everywhere: its API group served, its CRDs Established, its controller ready, its webhooks
 * backed by a Service with ready endpoints and a CA bundle. Presence alone is never "ready".
 */
import type { CrdState } from '../kube/readiness.js';
import { webhookHealth, webhooksForGroups, type WebhookHealth } from '../kube/webhooks.js';
import {
  describeWorkload,
  findWorkloads,
  imageTag,
  type Workload,
  type WorkloadMatch
} from '../kube/workloads.js';
import { listShort } from './finding.js';
import type { CheckContext } from './types.js';

export interface ComponentSpec {
  /** Display name, e.g. "Kueue". */
  name: string;
  /** Its API group, e.g. "kueue.x-k8s.io". */
  group: string;
  /** CRDs it cannot work without, full names ("clusterqueues.kueue.x-k8s.io"). */
  crds: string[];
  /** Its controller(s); omitted when it runs outside the cluster (managed control planes). */
  controller?: WorkloadMatch;
  /** Groups its admission webhooks serve (default: its own group). */
  webhookGroups?: string[];
  /** Image whose tag is its version (default: the first controller's first image). */
  versionImage?: RegExp;
  /** Controllers (by name or image) it cannot work without: others down make it degraded, these broken. */
  essential?: RegExp;
  /** Present only when one of its CRDs is (its controller also serves other APIs, e.g. KServe). */
  presentByCrds?: boolean;
}

export type Health = 'ready' | 'degraded' | 'broken' | 'absent';

export interface ComponentReport {
  spec: ComponentSpec;
  health: Health;
  /** Served versions of its group, preferred first. */
  served: string[];
  crds: Map<string, CrdState | null>;
  controllers: Workload[];
  webhooks: WebhookHealth[];
  /** What keeps it from ready, one line each. */
  problems: string[];
  evidence: string[];
  version?: string;
}

export async function inspectComponent(ctx: CheckContext, spec: ComponentSpec): Promise<ComponentReport> {
  const [discovery, workloads, crds, inventory] = await Promise.all([
    ctx.discovery(),
    spec.controller ? ctx.workloads() : Promise.resolve(null),
    ctx.kube.crds(spec.crds),
    ctx.webhooks()
  ]);
  // Versions serving one of its own resources: a group can be shared (nvidia.com: GPU Operator and Dynamo).
  const plurals = spec.crds.filter(n => n.endsWith(`.${spec.group}`)).map(n => n.slice(0, n.indexOf('.')));
  const served = discovery
    .versions(spec.group)
    .filter(v => plurals.length === 0 || plurals.some(r => discovery.serves(spec.group, v, r)));
  const controllers = workloads && spec.controller ? findWorkloads(workloads, spec.controller) : [];
  const evidence: string[] = [];
  const problems: string[] = [];

  const missing = spec.crds.filter(n => !crds.get(n));
  const unestablished = spec.crds.map(n => crds.get(n)).filter((c): c is CrdState => !!c && !c.established);
  const anyCrd = spec.crds.some(n => crds.get(n));
  if (served.length === 0 && !anyCrd && (controllers.length === 0 || spec.presentByCrds)) {
    return {
      spec,
      health: 'absent',
      served,
      crds,
      controllers,
      webhooks: [],
      problems: [`${spec.name} is not installed`],
      evidence
    };
  }

  if (served.length > 0) evidence.push(`${spec.group} served: ${served.join(', ')}`);
  else evidence.push(`${spec.group} not served by the API server`);
  for (const name of spec.crds) {
    const c = crds.get(name);
    evidence.push(
      c
        ? `CRD ${name}: ${c.established ? 'Established' : `not Established (${c.problem})`} (versions ${c.served.join(', ') || 'none served'})`
        : `CRD ${name}: not installed`
    );
  }
  if (missing.length > 0)
    problems.push(`CRD${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not installed`);
  for (const c of unestablished) problems.push(`CRD ${c.name} is not Established (${c.problem})`);

  let controllerOk = true;
  if (spec.controller) {
    for (const w of controllers)
      evidence.push(`controller ${describeWorkload(w)}, image ${w.images.join(', ')}`);
    const serving = controllers.filter(w => w.state.serving);
    if (controllers.length === 0) {
      problems.push(`no ${spec.name} controller runs in the cluster`);
      controllerOk = false;
    } else if (serving.length === 0) {
      problems.push(`${spec.name} controller not ready: ${controllers.map(describeWorkload).join('; ')}`);
      controllerOk = false;
    } else {
      const down = controllers.filter(w => !w.state.serving);
      const isEssential = (w: Workload): boolean =>
        !!spec.essential && (spec.essential.test(w.name) || w.images.some(i => spec.essential!.test(i)));
      const essentialMissing = !!spec.essential && !controllers.some(isEssential);
      if (down.some(isEssential) || essentialMissing) controllerOk = false;
      if (essentialMissing) problems.push(`its essential component (${spec.essential!.source}) does not run`);
      if (down.length > 0)
        problems.push(
          `${spec.name} component${down.length > 1 ? 's' : ''} not ready: ${down.map(describeWorkload).join('; ')}`
        );
    }
  }

  // Webhooks: those whose rules name the group, and those served from the controllers' Services.
  const groups = spec.webhookGroups ?? [spec.group];
  const byGroup = webhooksForGroups(inventory, groups);
  const namespaces = new Set(controllers.map(w => w.namespace));
  const extra = inventory.all.filter(
    h =>
      !byGroup.includes(h) &&
      h.service &&
      namespaces.has(h.service.namespace) &&
      serviceBelongs(h.service.name, spec, controllers)
  );
  const hooks = [...byGroup, ...extra];
  const webhooks = await webhookHealth(ctx.kube, hooks);
  for (const h of webhooks) evidence.push(h.summary);
  problems.push(...webhookProblems(webhooks));

  const crdsOk = missing.length === 0 && unestablished.length === 0;
  const health: Health = !crdsOk || !controllerOk ? 'broken' : problems.length > 0 ? 'degraded' : 'ready';
  const versionSource = spec.versionImage
    ? controllers.find(w => w.images.some(i => spec.versionImage!.test(i)))
    : controllers[0];
  const version = versionSource ? imageTag(versionSource, spec.versionImage) : undefined;
  return { spec, health, served, crds, controllers, webhooks, problems, evidence, version };
}

/** Dead webhooks grouped by the Service they call: "ray-system/x has no ready endpoints (4 webhooks: a, b and 2 more)". */
export function webhookProblems(webhooks: WebhookHealth[]): string[] {
  const byTarget = new Map<string, { why: string; names: string[] }>();
  for (const h of webhooks.filter(x => !x.operational)) {
    const svc = h.webhook.service;
    const target = svc ? `${svc.namespace}/${svc.name}` : (h.webhook.url ?? 'no target');
    const why =
      svc && h.endpoints && !h.endpoints.exists
        ? `webhook Service ${target} does not exist`
        : svc && h.endpoints && h.endpoints.ready === 0
          ? `webhook Service ${target} has no ready endpoints`
          : `webhooks calling ${target} have no caBundle`;
    const entry = byTarget.get(why) ?? { why, names: [] };
    entry.names.push(h.webhook.name);
    byTarget.set(why, entry);
  }
  return [...byTarget.values()].map(
    e =>
      `${e.why} (${e.names.length > 1 ? `${e.names.length} webhooks: ` : 'webhook '}${listShort(e.names, 2)})`
  );
}

/** A webhook Service belongs to a component when its name shares the component's or controller's stem. */
function serviceBelongs(service: string, spec: ComponentSpec, controllers: Workload[]): boolean {
  const stems = [
    spec.name.toLowerCase().replace(/\s+/g, '-'),
    ...controllers.map(w => w.name.replace(/-(controller-manager|operator|controller|manager)$/, ''))
  ];
  return stems.some(s => s.length >= 3 && service.toLowerCase().includes(s.toLowerCase()));
}

/** "Kueue v0.14.1 (kueue.x-k8s.io/v1beta2)". */
export function solutionName(report: ComponentReport, resourceVersion?: string): string {
  const version = report.version ? ` ${report.version}` : '';
  const api = resourceVersion ?? (report.served[0] ? `${report.spec.group}/${report.served[0]}` : undefined);
  return `${report.spec.name}${version}${api ? ` (${api})` : ''}`;
}
