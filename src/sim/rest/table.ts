/**
 * Server-side printing (meta.k8s.io/v1 Table), which kubectl asks for first: the columns
 * `kubectl get` shows for nodes, pods, namespaces, deployments, services and CRDs, a custom
 * resource's additionalPrinterColumns, and Name/Age for everything else.
 */
import { crdVersion } from '../crd.js';
import type { KObject } from '../store.js';
import type { Call } from './context.js';

interface Column {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  cell: (o: KObject) => unknown;
}

export function wantsTable(accept: string | undefined): boolean {
  return (
    !!accept &&
    accept.split(',').some(p => p.replace(/\s+/g, '').includes('as=Table') && p.includes('g=meta.k8s.io'))
  );
}

/** Kubernetes' HumanDuration. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (y < 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

const name: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: o => o.metadata.name
};

function age(now: number): Column {
  return {
    name: 'Age',
    type: 'string',
    description:
      'CreationTimestamp is a timestamp representing the server time when this object was created.',
    cell: o =>
      o.metadata.creationTimestamp
        ? humanDuration(now - Date.parse(o.metadata.creationTimestamp))
        : '<unknown>'
  };
}

function nodeStatus(o: KObject): string {
  const ready = (o.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  let s = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
  if (o.spec?.unschedulable) s += ',SchedulingDisabled';
  return s;
}

function nodeRoles(o: KObject): string {
  const roles = Object.keys(o.metadata.labels ?? {})
    .filter(k => k.startsWith('node-role.kubernetes.io/'))
    .map(k => k.slice('node-role.kubernetes.io/'.length))
    .filter(Boolean);
  if (o.metadata.labels?.['kubernetes.io/role']) roles.push(o.metadata.labels['kubernetes.io/role']);
  return roles.length ? roles.sort().join(',') : '<none>';
}

function podStatus(o: KObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  let reason = o.status?.reason ?? o.status?.phase ?? 'Pending';
  for (const c of o.status?.containerStatuses ?? []) {
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
  }
  return reason;
}

function servicePorts(o: KObject): string {
  const ports: any[] = o.spec?.ports ?? [];
  if (!ports.length) return '<none>';
  return ports.map(p => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

/** Evaluates the JSONPath subset printer columns use: `.a.b`, `.a[0].b`, `.a[?(@.k=="v")].b`. */
export function jsonPath(obj: unknown, path: string): unknown {
  const re = /\.([^.[\]]+)|\[(\d+)\]|\[\?\(@\.([^=!]+)\s*==\s*["']([^"']*)["']\)\]/g;
  let cur: any = obj;
  let m: RegExpExecArray | null;
  const p = path.replace(/^\{|\}$/g, '').replace(/^\$/, '');
  while ((m = re.exec(p)) !== null) {
    if (cur === undefined || cur === null) return undefined;
    if (m[1] !== undefined) cur = cur[m[1]];
    else if (m[2] !== undefined) cur = Array.isArray(cur) ? cur[Number(m[2])] : undefined;
    else cur = Array.isArray(cur) ? cur.find(x => x && String(x[m![3].trim()]) === m![4]) : undefined;
  }
  return cur;
}

function columnsFor(call: Call, now: number): Column[] {
  const key = `${call.rtype.group}/${call.rtype.resource}`;
  switch (key) {
    case '/nodes':
      return [
        name,
        { name: 'Status', type: 'string', cell: nodeStatus },
        { name: 'Roles', type: 'string', cell: nodeRoles },
        age(now),
        { name: 'Version', type: 'string', cell: o => o.status?.nodeInfo?.kubeletVersion ?? '' },
        {
          name: 'Internal-IP',
          type: 'string',
          priority: 1,
          cell: o =>
            (o.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address ?? '<none>'
        }
      ];
    case '/pods':
      return [
        name,
        {
          name: 'Ready',
          type: 'string',
          cell: o =>
            `${(o.status?.containerStatuses ?? []).filter((c: any) => c.ready).length}/${(o.spec?.containers ?? []).length}`
        },
        { name: 'Status', type: 'string', cell: podStatus },
        {
          name: 'Restarts',
          type: 'string',
          cell: o =>
            String(
              (o.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + (c.restartCount ?? 0), 0)
            )
        },
        age(now),
        { name: 'IP', type: 'string', priority: 1, cell: o => o.status?.podIP ?? '<none>' },
        { name: 'Node', type: 'string', priority: 1, cell: o => o.spec?.nodeName ?? '<none>' }
      ];
    case '/namespaces':
      return [name, { name: 'Status', type: 'string', cell: o => o.status?.phase ?? 'Active' }, age(now)];
    case '/services':
      return [
        name,
        { name: 'Type', type: 'string', cell: o => o.spec?.type ?? 'ClusterIP' },
        { name: 'Cluster-IP', type: 'string', cell: o => o.spec?.clusterIP ?? '<none>' },
        {
          name: 'External-IP',
          type: 'string',
          cell: o =>
            (o.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip ?? i.hostname).join(',') || '<none>'
        },
        { name: 'Port(s)', type: 'string', cell: servicePorts },
        age(now)
      ];
    case 'apps/deployments':
      return [
        name,
        {
          name: 'Ready',
          type: 'string',
          cell: o => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`
        },
        { name: 'Up-to-date', type: 'integer', cell: o => o.status?.updatedReplicas ?? 0 },
        { name: 'Available', type: 'integer', cell: o => o.status?.availableReplicas ?? 0 },
        age(now)
      ];
    case 'apiextensions.k8s.io/customresourcedefinitions':
      return [name, { name: 'Created At', type: 'date', cell: o => o.metadata.creationTimestamp }];
    case 'apiregistration.k8s.io/apiservices':
      return [
        name,
        {
          name: 'Service',
          type: 'string',
          cell: o => (o.spec?.service ? `${o.spec.service.namespace}/${o.spec.service.name}` : 'Local')
        },
        {
          name: 'Available',
          type: 'string',
          cell: o => {
            const c = (o.status?.conditions ?? []).find((x: any) => x.type === 'Available');
            if (!c) return 'Unknown';
            return c.status === 'True' ? 'True' : `${c.status} (${c.reason ?? ''})`;
          }
        },
        age(now)
      ];
    case 'apps/replicasets':
      return [
        name,
        { name: 'Desired', type: 'integer', cell: o => o.spec?.replicas ?? 1 },
        { name: 'Current', type: 'integer', cell: o => o.status?.replicas ?? 0 },
        { name: 'Ready', type: 'integer', cell: o => o.status?.readyReplicas ?? 0 },
        age(now)
      ];
    case 'apps/statefulsets':
      return [
        name,
        {
          name: 'Ready',
          type: 'string',
          cell: o => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`
        },
        age(now)
      ];
    case 'apps/daemonsets':
      return [
        name,
        { name: 'Desired', type: 'integer', cell: o => o.status?.desiredNumberScheduled ?? 0 },
        { name: 'Current', type: 'integer', cell: o => o.status?.currentNumberScheduled ?? 0 },
        { name: 'Ready', type: 'integer', cell: o => o.status?.numberReady ?? 0 },
        { name: 'Up-to-date', type: 'integer', cell: o => o.status?.updatedNumberScheduled ?? 0 },
        { name: 'Available', type: 'integer', cell: o => o.status?.numberAvailable ?? 0 },
        {
          name: 'Node Selector',
          type: 'string',
          cell: o =>
            Object.entries(o.spec?.template?.spec?.nodeSelector ?? {})
              .map(([k, v]) => `${k}=${v}`)
              .join(',') || '<none>'
        },
        age(now)
      ];
    case 'batch/jobs':
      return [
        name,
        {
          name: 'Status',
          type: 'string',
          cell: o => {
            const conds: any[] = o.status?.conditions ?? [];
            const on = (t: string) => conds.some(c => c.type === t && c.status === 'True');
            if (on('Complete')) return 'Complete';
            if (on('Failed')) return 'Failed';
            if (on('Suspended')) return 'Suspended';
            return 'Running';
          }
        },
        {
          name: 'Completions',
          type: 'string',
          cell: o => `${o.status?.succeeded ?? 0}/${o.spec?.completions ?? 1}`
        },
        age(now)
      ];
    case '/events':
      return [
        {
          name: 'Last Seen',
          type: 'string',
          cell: o =>
            o.lastTimestamp || o.eventTime
              ? humanDuration(now - Date.parse(o.lastTimestamp ?? o.eventTime))
              : '<unknown>'
        },
        { name: 'Type', type: 'string', cell: o => o.type ?? '' },
        { name: 'Reason', type: 'string', cell: o => o.reason ?? '' },
        {
          name: 'Object',
          type: 'string',
          cell: o => `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`
        },
        { name: 'Message', type: 'string', cell: o => o.message ?? '' }
      ];
    case '/configmaps':
      return [
        name,
        {
          name: 'Data',
          type: 'integer',
          cell: o => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length
        },
        age(now)
      ];
    case '/secrets':
      return [
        name,
        { name: 'Type', type: 'string', cell: o => o.type ?? 'Opaque' },
        { name: 'Data', type: 'integer', cell: o => Object.keys(o.data ?? {}).length },
        age(now)
      ];
  }
  if (call.custom) {
    const version = crdVersion(call.api.store, call.rtype.group, call.rtype.resource, call.info.version);
    const extra: any[] = version?.additionalPrinterColumns ?? [];
    if (extra.length) {
      return [
        name,
        ...extra.map(c => ({
          name: String(c.name),
          type: String(c.type ?? 'string'),
          priority: c.priority ?? 0,
          description: c.description,
          cell: (o: KObject) => {
            const v = jsonPath(o, String(c.jsonPath ?? ''));
            if (c.type === 'date' && typeof v === 'string') return humanDuration(now - Date.parse(v));
            return v === undefined ? null : v;
          }
        }))
      ];
    }
  }
  return [name, age(now)];
}

export function tableFor(call: Call, objects: KObject[], resourceVersion: string): Record<string, unknown> {
  const now = call.api.store.clock.now();
  const columns = columnsFor(call, now);
  const include = call.info.query.get('includeObject') ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map(c => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description ?? '',
      priority: c.priority ?? 0
    })),
    rows: objects.map(o => ({
      cells: columns.map(c => c.cell(o) ?? null),
      object:
        include === 'None'
          ? undefined
          : include === 'Object'
            ? { ...o, apiVersion: call.apiVersion }
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata }
    }))
  };
}
