/**
 * What every object a run creates gets before it is sent: the run labels (on the object and on the
 * pods its workload creates, so leftovers are found by label) and a bounded life for pods
 * (`activeDeadlineSeconds`, so a checker that crashed cannot pin nodes or GPUs for long).
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject } from './types.js';

/** A pod's deadline when the check sets none. */
export const DEFAULT_POD_DEADLINE_S = 1800;
/** The longest a run's pod may live, whatever the check asks. */
export const MAX_POD_DEADLINE_S = 3 * 3600;

/** Workload kinds whose pod template the run labels (the pods then carry the run id too). */
const TEMPLATE_OWNERS = new Set(['Job', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

export function prepareObject<T extends KubeObject>(obj: T, labels: Record<string, string>): T {
  const out: KubeObject = structuredClone(obj);
  out.metadata = { ...out.metadata, labels: { ...(out.metadata.labels ?? {}), ...labels } };
  if (!out.metadata.name && out.metadata.generateName) {
    // Named here rather than by the server: the ledger knows the name before the create is sent.
    out.metadata.name = `${out.metadata.generateName}${randomSuffix()}`.slice(0, 253);
    delete out.metadata.generateName;
  }
  const group = out.apiVersion.includes('/') ? out.apiVersion.split('/')[0] : '';
  if (out.kind === 'Pod' && group === '') out.spec = boundedPodSpec(out.spec ?? {});
  if (TEMPLATE_OWNERS.has(out.kind) && (group === 'apps' || group === 'batch') && out.spec?.template) {
    const template = out.spec.template;
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), ...labels } };
    // Controllers that keep pods running (Deployments, ...) reject activeDeadlineSeconds: Jobs only.
    if (out.kind === 'Job') template.spec = boundedPodSpec(template.spec ?? {});
  }
  return out as T;
}

function boundedPodSpec(spec: any): any {
  const given = Number(spec.activeDeadlineSeconds);
  const deadline = Number.isFinite(given) && given > 0 ? Math.min(given, MAX_POD_DEADLINE_S) : DEFAULT_POD_DEADLINE_S;
  return { ...spec, activeDeadlineSeconds: deadline };
}

function randomSuffix(): string {
  return [...randomBytes(5)].map(b => 'bcdfghjklmnpqrstvwxz2456789'[b % 27]).join('');
}
