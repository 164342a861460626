/**
 * Pod defaulting as the apiserver's defaulters and admission plugins do it (restartPolicy,
 * schedulerName, default tolerations, Pending status with a QoS class), and pods made from
 * a controller's template.
 */
import { createHash } from 'node:crypto';
import type { KObject } from '../store.js';

export function qosClass(spec: any): string {
  const cs = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let anySet = false;
  let guaranteed = true;
  for (const c of cs) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) anySet = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || q === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }
];

/** Fills the fields the apiserver defaults on create; leaves given values alone. */
export function defaultPod(pod: KObject): KObject {
  const spec = { ...(pod.spec ?? {}) };
  spec.restartPolicy ??= 'Always';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  const tolerations = [...(spec.tolerations ?? [])];
  for (const t of DEFAULT_TOLERATIONS) {
    if (!tolerations.some((x: any) => x.key === t.key && (x.effect === t.effect || !x.effect))) tolerations.push(t);
  }
  spec.tolerations = tolerations;
  spec.containers = (spec.containers ?? []).map((c: any) => ({
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: /:latest$|^[^:]*$/.test(c.image ?? '') ? 'Always' : 'IfNotPresent',
    resources: {},
    ...c
  }));
  const status = pod.status?.phase ? pod.status : { phase: 'Pending', qosClass: qosClass(spec) };
  return { ...pod, spec, status };
}

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A generateName-style suffix derived from a seed, so controller-made names are stable. */
export function derivedSuffix(seed: string, n = 5): string {
  const h = createHash('sha256').update(seed).digest();
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[h[i] % ALPHABET.length];
  return s;
}

/** The pod-template-hash of a template (ten characters of the safe alphabet). */
export function templateHash(template: unknown): string {
  return derivedSuffix(JSON.stringify(template ?? {}), 10);
}

export function ownerRef(owner: KObject): NonNullable<KObject['metadata']['ownerReferences']>[number] {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true
  };
}

/** A pod made from a controller's pod template. */
export function podFromTemplate(
  owner: KObject,
  template: any,
  name: string,
  extra: { labels?: Record<string, string>; annotations?: Record<string, string>; spec?: Record<string, unknown> } = {}
): KObject {
  const meta = template?.metadata ?? {};
  return defaultPod({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}), ...(extra.labels ?? {}) },
      ...(meta.annotations || extra.annotations ? { annotations: { ...(meta.annotations ?? {}), ...(extra.annotations ?? {}) } } : {}),
      ownerReferences: [ownerRef(owner)]
    },
    spec: { ...structuredClone(template?.spec ?? {}), ...(extra.spec ?? {}) }
  });
}
