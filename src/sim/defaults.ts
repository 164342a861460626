/**
 * Defaulting the apiserver does on create (type defaults and the strategies' PrepareForCreate):
 * a pod starts Pending with its QoS class, workloads get replicas 1, a Service gets a cluster IP,
 * a Job its controller-uid selector, and status a client sent is dropped where the real
 * strategy drops it. Exported so behaviours creating objects straight in the store can use it.
 */
import { randomUUID } from 'node:crypto';
import type { KObject, ObjectStore, ResourceType } from './store.js';

type Json = any;

/** Types whose create strategy resets status (set by controllers, not by clients). */
const RESET_STATUS = new Set([
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  'batch/cronjobs',
  'autoscaling/horizontalpodautoscalers',
  'policy/poddisruptionbudgets',
  'resource.k8s.io/resourceclaims',
  'apiregistration.k8s.io/apiservices',
  'apiextensions.k8s.io/customresourcedefinitions',
  '/services',
  '/persistentvolumeclaims'
]);

const serviceIps = new WeakMap<ObjectStore, number>();

function nextClusterIp(store: ObjectStore): string {
  const n = (serviceIps.get(store) ?? 10) + 1;
  serviceIps.set(store, n);
  return `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

function podSpecDefaults(spec: Json): void {
  if (!spec || typeof spec !== 'object') return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  if (spec.serviceAccountName === undefined && spec.serviceAccount === undefined)
    spec.serviceAccountName = 'default';
  spec.serviceAccountName ??= spec.serviceAccount;
  for (const list of ['initContainers', 'containers']) {
    for (const c of Array.isArray(spec[list]) ? spec[list] : []) {
      if (!c || typeof c !== 'object') continue;
      const image = String(c.image ?? '');
      const tagged = /:[^/]+$/.test(image) || image.includes('@');
      c.imagePullPolicy ??= !tagged || image.endsWith(':latest') ? 'Always' : 'IfNotPresent';
      c.terminationMessagePath ??= '/dev/termination-log';
      c.terminationMessagePolicy ??= 'File';
      c.resources ??= {};
      // Limits without requests: requests default to the limits.
      if (c.resources.limits && typeof c.resources.limits === 'object') {
        c.resources.requests = { ...c.resources.limits, ...(c.resources.requests ?? {}) };
      }
      for (const p of Array.isArray(c.ports) ? c.ports : [])
        if (p && typeof p === 'object') p.protocol ??= 'TCP';
    }
  }
}

/** BestEffort, Burstable or Guaranteed, from cpu and memory requests and limits. */
export function qosClass(spec: Json): string {
  const containers: Json[] = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r])))
        guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * Applies create-time defaults in place. Returns the uid to create the object with when the
 * defaults needed it (a Job's selector names its own uid).
 */
export function applyCreateDefaults(store: ObjectStore, t: ResourceType, obj: KObject): { uid?: string } {
  const key = `${t.group}/${t.resource}`;
  if (RESET_STATUS.has(key)) delete obj.status;
  const meta = obj.metadata;
  switch (key) {
    case '/namespaces':
      if (meta.name) meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name };
      break;
    case '/pods': {
      obj.spec ??= {};
      podSpecDefaults(obj.spec);
      obj.spec.tolerations ??= [];
      // DefaultTolerationSeconds admission.
      for (const taint of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
        if (
          !obj.spec.tolerations.some((x: Json) => x?.key === taint || (x?.operator === 'Exists' && !x?.key))
        ) {
          obj.spec.tolerations.push({
            key: taint,
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300
          });
        }
      }
      obj.status = { phase: 'Pending', qosClass: qosClass(obj.spec) };
      break;
    }
    case '/services': {
      obj.spec ??= {};
      const s = obj.spec;
      s.type ??= 'ClusterIP';
      s.sessionAffinity ??= 'None';
      if (s.type !== 'ExternalName') {
        if (s.clusterIP === undefined || s.clusterIP === '') s.clusterIP = nextClusterIp(store);
        s.clusterIPs ??= [s.clusterIP];
        s.ipFamilies ??= s.clusterIP === 'None' ? ['IPv4'] : ['IPv4'];
        s.ipFamilyPolicy ??= 'SingleStack';
        s.internalTrafficPolicy ??= 'Cluster';
      }
      for (const p of Array.isArray(s.ports) ? s.ports : []) {
        if (!p || typeof p !== 'object') continue;
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
      obj.status = { loadBalancer: {} };
      break;
    }
    case '/secrets':
      obj.type ??= 'Opaque';
      break;
    case '/persistentvolumeclaims':
      obj.status = { phase: 'Pending' };
      break;
    case 'apps/deployments':
      obj.spec ??= {};
      obj.spec.replicas ??= 1;
      obj.spec.revisionHistoryLimit ??= 10;
      obj.spec.progressDeadlineSeconds ??= 600;
      obj.spec.strategy ??= {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }
      };
      podSpecDefaults(obj.spec.template?.spec);
      break;
    case 'apps/replicasets':
    case 'apps/statefulsets':
      obj.spec ??= {};
      obj.spec.replicas ??= 1;
      podSpecDefaults(obj.spec.template?.spec);
      break;
    case 'apps/daemonsets':
      obj.spec ??= {};
      obj.spec.updateStrategy ??= {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }
      };
      podSpecDefaults(obj.spec.template?.spec);
      break;
    case 'batch/jobs': {
      obj.spec ??= {};
      const s = obj.spec;
      s.parallelism ??= 1;
      s.completions ??= 1;
      s.backoffLimit ??= 6;
      s.completionMode ??= 'NonIndexed';
      s.suspend ??= false;
      podSpecDefaults(s.template?.spec);
      if (!s.manualSelector) {
        const uid = randomUUID();
        const labels = {
          'batch.kubernetes.io/controller-uid': uid,
          'batch.kubernetes.io/job-name': meta.name ?? '',
          'controller-uid': uid,
          'job-name': meta.name ?? ''
        };
        s.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
        s.template ??= {};
        s.template.metadata = {
          ...(s.template.metadata ?? {}),
          labels: { ...(s.template.metadata?.labels ?? {}), ...labels }
        };
        return { uid };
      }
      break;
    }
  }
  return {};
}
