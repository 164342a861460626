/**
 * The built-in resource types of a kube-apiserver of a given minor version, registered in the
 * store in the apiserver's discovery order. What is served follows the real defaults:
 * resource.k8s.io/v1 from 1.34 (with v1beta2 and v1beta1 also served); on 1.33 the DRA beta APIs
 * are off unless `dra: 'beta'` turns them on.
 */
import { installApiMachinery } from './machinery.js';
import { ALL_VERBS, type ObjectStore, type ResourceType } from './store.js';

export interface BuiltinOptions {
  /** DRA API: 'default' follows the minor version; 'beta' also serves v1beta2/v1beta1 on 1.33; 'off' serves none. */
  dra?: 'default' | 'beta' | 'off';
}

const NO_DELETECOLLECTION = ALL_VERBS.filter(v => v !== 'deletecollection');
const CREATE_ONLY = ['create'];

interface Spec {
  resource: string;
  kind: string;
  namespaced: boolean;
  subresources?: string[];
  shortNames?: string[];
  categories?: string[];
  verbs?: string[];
  singular?: string;
}

function add(store: ObjectStore, group: string, versions: string[], specs: Spec[]): void {
  for (const s of specs) {
    const t: ResourceType = {
      group,
      versions,
      resource: s.resource,
      kind: s.kind,
      listKind: `${s.kind}List`,
      singular: s.singular ?? s.kind.toLowerCase(),
      namespaced: s.namespaced,
      subresources: s.subresources ?? [],
      verbs: s.verbs ?? ALL_VERBS
    };
    if (s.shortNames) t.shortNames = s.shortNames;
    if (s.categories) t.categories = s.categories;
    store.registerType(t);
  }
}

/** Review types answered at create time and never stored. */
const VIRTUAL = new Set([
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  'authorization.k8s.io/subjectaccessreviews',
  'authorization.k8s.io/localsubjectaccessreviews',
  'authentication.k8s.io/selfsubjectreviews',
  'authentication.k8s.io/tokenreviews',
  '/bindings'
]);

export function isVirtual(t: ResourceType): boolean {
  return VIRTUAL.has(`${t.group}/${t.resource}`);
}

const minors = new WeakMap<ObjectStore, number>();

/** The minor version registerBuiltinTypes was called with for this store (for /version). */
export function builtinMinor(store: ObjectStore): number | undefined {
  return minors.get(store);
}

/** DRA (resource.k8s.io) versions served by default for a minor version. */
export function draVersions(minor: number, mode: BuiltinOptions['dra'] = 'default'): string[] {
  if (mode === 'off') return [];
  if (minor >= 34) return ['v1', 'v1beta2', 'v1beta1'];
  if (mode === 'beta') return minor >= 33 ? ['v1beta2', 'v1beta1'] : ['v1beta1'];
  return [];
}

export function registerBuiltinTypes(store: ObjectStore, minor: number, opts: BuiltinOptions = {}): void {
  if (!Number.isInteger(minor) || minor < 20 || minor > 99) {
    throw new Error(
      `registerBuiltinTypes: minor must be a Kubernetes 1.x minor version such as 34 (got ${String(minor)})`
    );
  }
  minors.set(store, minor);
  const all = ['all'];
  add(
    store,
    '',
    ['v1'],
    [
      { resource: 'bindings', kind: 'Binding', namespaced: true, verbs: CREATE_ONLY },
      { resource: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
      {
        resource: 'endpoints',
        kind: 'Endpoints',
        namespaced: true,
        shortNames: ['ep'],
        singular: 'endpoints'
      },
      { resource: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'] },
      { resource: 'limitranges', kind: 'LimitRange', namespaced: true, shortNames: ['limits'] },
      {
        resource: 'namespaces',
        kind: 'Namespace',
        namespaced: false,
        shortNames: ['ns'],
        subresources: ['status', 'finalize'],
        verbs: NO_DELETECOLLECTION
      },
      {
        resource: 'nodes',
        kind: 'Node',
        namespaced: false,
        shortNames: ['no'],
        subresources: ['status', 'proxy']
      },
      {
        resource: 'persistentvolumeclaims',
        kind: 'PersistentVolumeClaim',
        namespaced: true,
        shortNames: ['pvc'],
        subresources: ['status']
      },
      {
        resource: 'persistentvolumes',
        kind: 'PersistentVolume',
        namespaced: false,
        shortNames: ['pv'],
        subresources: ['status']
      },
      {
        resource: 'pods',
        kind: 'Pod',
        namespaced: true,
        shortNames: ['po'],
        categories: all,
        subresources: ['status', 'log', 'proxy', 'binding', 'eviction']
      },
      {
        resource: 'resourcequotas',
        kind: 'ResourceQuota',
        namespaced: true,
        shortNames: ['quota'],
        subresources: ['status']
      },
      { resource: 'secrets', kind: 'Secret', namespaced: true },
      { resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] },
      {
        resource: 'services',
        kind: 'Service',
        namespaced: true,
        shortNames: ['svc'],
        categories: all,
        subresources: ['status', 'proxy']
      }
    ]
  );
  add(
    store,
    'apiregistration.k8s.io',
    ['v1'],
    [
      {
        resource: 'apiservices',
        kind: 'APIService',
        namespaced: false,
        subresources: ['status'],
        categories: ['api-extensions']
      }
    ]
  );
  add(
    store,
    'apps',
    ['v1'],
    [
      { resource: 'controllerrevisions', kind: 'ControllerRevision', namespaced: true },
      {
        resource: 'daemonsets',
        kind: 'DaemonSet',
        namespaced: true,
        shortNames: ['ds'],
        categories: all,
        subresources: ['status']
      },
      {
        resource: 'deployments',
        kind: 'Deployment',
        namespaced: true,
        shortNames: ['deploy'],
        categories: all,
        subresources: ['status', 'scale']
      },
      {
        resource: 'replicasets',
        kind: 'ReplicaSet',
        namespaced: true,
        shortNames: ['rs'],
        categories: all,
        subresources: ['status', 'scale']
      },
      {
        resource: 'statefulsets',
        kind: 'StatefulSet',
        namespaced: true,
        shortNames: ['sts'],
        categories: all,
        subresources: ['status', 'scale']
      }
    ]
  );
  add(
    store,
    'events.k8s.io',
    ['v1'],
    [{ resource: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'] }]
  );
  add(
    store,
    'authentication.k8s.io',
    ['v1'],
    [
      { resource: 'selfsubjectreviews', kind: 'SelfSubjectReview', namespaced: false, verbs: CREATE_ONLY },
      { resource: 'tokenreviews', kind: 'TokenReview', namespaced: false, verbs: CREATE_ONLY }
    ]
  );
  add(
    store,
    'authorization.k8s.io',
    ['v1'],
    [
      {
        resource: 'localsubjectaccessreviews',
        kind: 'LocalSubjectAccessReview',
        namespaced: true,
        verbs: CREATE_ONLY
      },
      {
        resource: 'selfsubjectaccessreviews',
        kind: 'SelfSubjectAccessReview',
        namespaced: false,
        verbs: CREATE_ONLY
      },
      {
        resource: 'selfsubjectrulesreviews',
        kind: 'SelfSubjectRulesReview',
        namespaced: false,
        verbs: CREATE_ONLY
      },
      { resource: 'subjectaccessreviews', kind: 'SubjectAccessReview', namespaced: false, verbs: CREATE_ONLY }
    ]
  );
  add(
    store,
    'autoscaling',
    ['v2', 'v1'],
    [
      {
        resource: 'horizontalpodautoscalers',
        kind: 'HorizontalPodAutoscaler',
        namespaced: true,
        shortNames: ['hpa'],
        categories: all,
        subresources: ['status']
      }
    ]
  );
  add(
    store,
    'batch',
    ['v1'],
    [
      {
        resource: 'cronjobs',
        kind: 'CronJob',
        namespaced: true,
        shortNames: ['cj'],
        categories: all,
        subresources: ['status']
      },
      { resource: 'jobs', kind: 'Job', namespaced: true, categories: all, subresources: ['status'] }
    ]
  );
  add(
    store,
    'networking.k8s.io',
    ['v1'],
    [
      { resource: 'ingressclasses', kind: 'IngressClass', namespaced: false },
      {
        resource: 'ingresses',
        kind: 'Ingress',
        namespaced: true,
        shortNames: ['ing'],
        subresources: ['status']
      },
      { resource: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true, shortNames: ['netpol'] }
    ]
  );
  add(
    store,
    'policy',
    ['v1'],
    [
      {
        resource: 'poddisruptionbudgets',
        kind: 'PodDisruptionBudget',
        namespaced: true,
        shortNames: ['pdb'],
        subresources: ['status']
      }
    ]
  );
  add(
    store,
    'rbac.authorization.k8s.io',
    ['v1'],
    [
      { resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
      { resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
      { resource: 'rolebindings', kind: 'RoleBinding', namespaced: true },
      { resource: 'roles', kind: 'Role', namespaced: true }
    ]
  );
  add(
    store,
    'storage.k8s.io',
    ['v1'],
    [
      { resource: 'csidrivers', kind: 'CSIDriver', namespaced: false },
      { resource: 'csinodes', kind: 'CSINode', namespaced: false },
      { resource: 'storageclasses', kind: 'StorageClass', namespaced: false, shortNames: ['sc'] },
      { resource: 'volumeattachments', kind: 'VolumeAttachment', namespaced: false, subresources: ['status'] }
    ]
  );
  add(
    store,
    'admissionregistration.k8s.io',
    ['v1'],
    [
      {
        resource: 'mutatingwebhookconfigurations',
        kind: 'MutatingWebhookConfiguration',
        namespaced: false,
        categories: ['api-extensions']
      },
      {
        resource: 'validatingadmissionpolicies',
        kind: 'ValidatingAdmissionPolicy',
        namespaced: false,
        categories: ['api-extensions'],
        subresources: ['status']
      },
      {
        resource: 'validatingadmissionpolicybindings',
        kind: 'ValidatingAdmissionPolicyBinding',
        namespaced: false,
        categories: ['api-extensions']
      },
      {
        resource: 'validatingwebhookconfigurations',
        kind: 'ValidatingWebhookConfiguration',
        namespaced: false,
        categories: ['api-extensions']
      }
    ]
  );
  add(
    store,
    'apiextensions.k8s.io',
    ['v1'],
    [
      {
        resource: 'customresourcedefinitions',
        kind: 'CustomResourceDefinition',
        namespaced: false,
        shortNames: ['crd', 'crds'],
        categories: ['api-extensions'],
        subresources: ['status']
      }
    ]
  );
  add(
    store,
    'scheduling.k8s.io',
    ['v1'],
    [{ resource: 'priorityclasses', kind: 'PriorityClass', namespaced: false, shortNames: ['pc'] }]
  );
  add(store, 'coordination.k8s.io', ['v1'], [{ resource: 'leases', kind: 'Lease', namespaced: true }]);
  add(
    store,
    'node.k8s.io',
    ['v1'],
    [{ resource: 'runtimeclasses', kind: 'RuntimeClass', namespaced: false }]
  );
  add(
    store,
    'discovery.k8s.io',
    ['v1'],
    [{ resource: 'endpointslices', kind: 'EndpointSlice', namespaced: true }]
  );
  const dra = draVersions(minor, opts.dra);
  if (dra.length) {
    add(store, 'resource.k8s.io', dra, [
      { resource: 'deviceclasses', kind: 'DeviceClass', namespaced: false },
      { resource: 'resourceclaims', kind: 'ResourceClaim', namespaced: true, subresources: ['status'] },
      { resource: 'resourceclaimtemplates', kind: 'ResourceClaimTemplate', namespaced: true },
      { resource: 'resourceslices', kind: 'ResourceSlice', namespaced: false }
    ]);
  }
  installApiMachinery(store);
}
