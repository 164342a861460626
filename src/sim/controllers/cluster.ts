/**
 * Cluster-wide controllers (garbage collection is the API machinery's, src/sim/gc.ts): the
 * namespace deletion cascade, EndpointSlices (and legacy Endpoints) for Services, and APIService availability
 * from the backing Service's endpoints.
 */
import { getCondition, matchesMap, withCondition } from '../behaviours/match.js';
import { derivedSuffix } from '../pods/defaults.js';
import type { KObject } from '../store.js';
import type { SimContext } from './context.js';
import { isPodReady, isTerminal } from './pod-index.js';
import { WorkQueue } from './queue.js';
import { writeStatus } from './workload-util.js';

/** Deletes a terminating namespace's content, then lifts its "kubernetes" finalizer. */
export function startNamespaceController(ctx: SimContext): () => void {
  const { store } = ctx;
  const queue = new WorkQueue(ctx.clock, reconcile, 0, (k, e) => ctx.warn(`namespace controller: ${k}: ${(e as Error).message}`));
  const retries = new Map<string, unknown>();

  function reconcile(name: string): void {
    retries.delete(name);
    const ns = store.get('', 'namespaces', undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    let remaining = 0;
    const kinds: string[] = [];
    for (const t of store.allTypes()) {
      if (!t.namespaced || (t.group === '' && t.resource === 'events')) continue;
      const items = store.list(t.group, t.resource, name);
      if (items.length) kinds.push(`${t.resource}${t.group ? `.${t.group}` : ''} has ${items.length} resource instances`);
      for (const o of items) {
        remaining++;
        if (!o.metadata.deletionTimestamp) {
          try {
            store.delete(t.group, t.resource, name, o.metadata.name!);
          } catch {
            // Raced with another deletion.
          }
        }
      }
    }
    const now = store.timestamp();
    let conditions = ns.status?.conditions;
    const set = (type: string, status: string, reason: string, message: string): void => {
      conditions = withCondition(conditions, { type, status, reason, message }, now);
    };
    set('NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered');
    set('NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed');
    set('NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization');
    set('NamespaceContentRemaining', remaining ? 'True' : 'False', remaining ? 'SomeResourcesRemain' : 'ContentRemoved', remaining ? `Some resources are remaining: ${kinds.join(', ')}` : 'All content successfully removed');
    set('NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished');
    const left = remaining
      ? 0
      : store.allTypes().filter(t => t.namespaced && !(t.group === '' && t.resource === 'events')).reduce((s, t) => s + store.list(t.group, t.resource, name).length, 0);
    const fresh = store.get('', 'namespaces', undefined, name)!;
    writeStatus(store, fresh, { ...(fresh.status ?? {}), phase: 'Terminating', conditions });
    if (remaining || left) {
      retries.set(name, queue.addAfter(name, 1000));
      return;
    }
    for (const e of store.list('', 'events', name)) store.delete('', 'events', name, e.metadata.name!);
    const last = store.get('', 'namespaces', undefined, name)!;
    const finalizers = (last.spec?.finalizers ?? []).filter((f: string) => f !== 'kubernetes');
    store.update({ ...last, spec: { ...last.spec, finalizers } });
  }

  for (const n of store.list('', 'namespaces')) if (n.metadata.deletionTimestamp) queue.add(n.metadata.name!);
  const unsubscribe = store.onChange(c => {
    if (c.rtype.group === '' && c.rtype.resource === 'namespaces' && c.type === 'MODIFIED' && c.object.metadata.deletionTimestamp) {
      queue.add(c.object.metadata.name!);
    } else if (c.type === 'DELETED' && c.rtype.namespaced && c.object.metadata.namespace) {
      const ns = store.get('', 'namespaces', undefined, c.object.metadata.namespace);
      if (ns?.metadata.deletionTimestamp) queue.add(ns.metadata.name!);
    }
  });
  return () => {
    unsubscribe();
    queue.stop();
    for (const h of retries.values()) ctx.clock.clearTimeout(h);
  };
}

function resolvePort(svcPort: any, pod: KObject): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(String(target))) return Number(target);
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
  return undefined;
}

/** EndpointSlices and Endpoints for Services with a selector, from their pods' IPs and readiness. */
export function startEndpointsController(ctx: SimContext): () => void {
  const { store } = ctx;
  const queue = new WorkQueue(ctx.clock, reconcile, 0, (k, e) => ctx.warn(`endpointslice controller: ${k}: ${(e as Error).message}`));

  function reconcile(k: string): void {
    const [ns, name] = [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)];
    const svc = store.get('', 'services', ns, name);
    const sliceName = `${name}-${derivedSuffix(`${ns}/${name}/slice`)}`;
    const hasSlices = Boolean(store.typeOf('discovery.k8s.io', 'endpointslices'));
    if (!svc || !svc.spec?.selector || !Object.keys(svc.spec.selector).length) {
      if (!svc && hasSlices && store.get('discovery.k8s.io', 'endpointslices', ns, sliceName)) store.delete('discovery.k8s.io', 'endpointslices', ns, sliceName);
      return;
    }
    const pods = store.list('', 'pods', ns).filter(p => matchesMap(svc.spec.selector, p.metadata.labels) && p.status?.podIP && !isTerminal(p));
    pods.sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    const ports = (svc.spec.ports ?? []).map((p: any) => ({ name: p.name ?? '', port: pods.length ? resolvePort(p, pods[0]) : undefined, protocol: p.protocol ?? 'TCP' }));
    const owner = { apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true };
    if (hasSlices) {
      const slice: KObject = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: sliceName,
          namespace: ns,
          labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': name },
          annotations: {},
          ownerReferences: [owner]
        },
        addressType: 'IPv4',
        endpoints: pods.map(p => ({
          addresses: [p.status.podIP],
          conditions: { ready: isPodReady(p), serving: isPodReady(p), terminating: false },
          nodeName: p.spec?.nodeName,
          targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid }
        })),
        ports: ports.filter((p: any) => p.port !== undefined)
      };
      upsert('discovery.k8s.io', 'endpointslices', slice);
    }
    if (store.typeOf('', 'endpoints')) {
      const ready = pods.filter(isPodReady);
      const notReady = pods.filter(p => !isPodReady(p));
      const addr = (p: KObject): unknown => ({ ip: p.status.podIP, nodeName: p.spec?.nodeName, targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid } });
      const subsets = pods.length
        ? [
            {
              ...(ready.length ? { addresses: ready.map(addr) } : {}),
              ...(notReady.length ? { notReadyAddresses: notReady.map(addr) } : {}),
              ports: ports.filter((p: any) => p.port !== undefined)
            }
          ]
        : undefined;
      upsert('', 'endpoints', {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name, namespace: ns, labels: { ...(svc.metadata.labels ?? {}) } },
        ...(subsets ? { subsets } : {})
      });
    }
  }

  function upsert(group: string, resource: string, obj: KObject): void {
    const cur = store.get(group, resource, obj.metadata.namespace, obj.metadata.name!);
    if (!cur) {
      store.create(obj);
      return;
    }
    const strip = (o: KObject): string => {
      const { metadata: _m, ...rest } = o;
      return JSON.stringify({ ...rest, labels: o.metadata.labels });
    };
    if (strip(cur) === strip(obj)) return;
    store.update({ ...obj, metadata: { ...cur.metadata, labels: obj.metadata.labels } });
  }

  const bySelector = (ns: string | undefined, labels: Record<string, string> | undefined): void => {
    for (const s of store.list('', 'services', ns)) if (matchesMap(s.spec?.selector, labels)) queue.add(`${ns}/${s.metadata.name}`);
  };
  for (const s of store.list('', 'services')) queue.add(`${s.metadata.namespace}/${s.metadata.name}`);
  const unsubscribe = store.onChange(c => {
    const r = c.rtype;
    if (r.group === '' && r.resource === 'services') queue.add(`${c.object.metadata.namespace}/${c.object.metadata.name}`);
    else if (r.group === '' && r.resource === 'pods') {
      const o = c.old;
      const n = c.object;
      const relevant =
        c.type !== 'MODIFIED' ||
        o?.status?.podIP !== n.status?.podIP ||
        isPodReady(o!) !== isPodReady(n) ||
        isTerminal(o!) !== isTerminal(n) ||
        JSON.stringify(o?.metadata.labels) !== JSON.stringify(n.metadata.labels);
      if (relevant) {
        bySelector(n.metadata.namespace, n.metadata.labels);
        if (o && JSON.stringify(o.metadata.labels) !== JSON.stringify(n.metadata.labels)) bySelector(o.metadata.namespace, o.metadata.labels);
      }
    }
  });
  return () => {
    unsubscribe();
    queue.stop();
  };
}

/** APIServices backed by a Service are Available only while that Service has ready endpoints. */
export function startApiServiceController(ctx: SimContext): () => void {
  const { store } = ctx;
  const G = 'apiregistration.k8s.io';
  const queue = new WorkQueue(ctx.clock, reconcile, 0, (k, e) => ctx.warn(`apiservice controller: ${k}: ${(e as Error).message}`));

  function reconcile(name: string): void {
    const api = store.get(G, 'apiservices', undefined, name);
    const svcRef = api?.spec?.service;
    if (!api || !svcRef) return;
    const svc = store.get('', 'services', svcRef.namespace, svcRef.name);
    let status = 'True';
    let reason = 'Passed';
    let message = 'all checks passed';
    if (!svc) {
      status = 'False';
      reason = 'ServiceNotFound';
      message = `service/${svcRef.name} in "${svcRef.namespace}" is not present`;
    } else {
      const slices = store.typeOf('discovery.k8s.io', 'endpointslices')
        ? store.list('discovery.k8s.io', 'endpointslices', svcRef.namespace).filter(s => s.metadata.labels?.['kubernetes.io/service-name'] === svcRef.name)
        : [];
      const ready = slices.some(s => (s.endpoints ?? []).some((e: any) => e.conditions?.ready));
      if (!ready) {
        status = 'False';
        reason = 'MissingEndpoints';
        const portName = (svc.spec?.ports ?? []).find((p: any) => p.port === (svcRef.port ?? 443))?.name ?? '';
        message = `endpoints for service/${svcRef.name} in "${svcRef.namespace}" have no addresses with port name "${portName}"`;
      }
    }
    const prev = getCondition(api, 'Available');
    if (prev && prev.status === status && prev.reason === reason && prev.message === message) return;
    const conditions = withCondition(api.status?.conditions, { type: 'Available', status, reason, message }, store.timestamp());
    store.update({ ...api, status: { ...(api.status ?? {}), conditions } }, { subresource: 'status' });
  }

  const all = (): void => {
    for (const a of store.list(G, 'apiservices')) if (a.spec?.service) queue.add(a.metadata.name!);
  };
  all();
  const unsubscribe = store.onChange(c => {
    const r = c.rtype;
    if (r.group === G && r.resource === 'apiservices' && c.type !== 'DELETED') queue.add(c.object.metadata.name!);
    else if ((r.group === 'discovery.k8s.io' && r.resource === 'endpointslices') || (r.group === '' && r.resource === 'services')) all();
  });
  return () => {
    unsubscribe();
    queue.stop();
  };
}
