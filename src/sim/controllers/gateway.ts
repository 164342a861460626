/**
 * A Gateway API controller as Envoy Gateway runs it: for each Gateway of a GatewayClass naming
 * its controller (and Accepted), it creates the envoy proxy Deployment and LoadBalancer Service in
 * its own namespace, named `envoy-<gateway namespace>-<gateway name>-<8 hex of sha256>` and
 * labelled `gateway.envoyproxy.io/owning-gateway-name` / `-namespace` (listener port 80 → container
 * port 10080), and reports the Gateway Accepted, then Programmed with the Service's address once
 * an envoy replica is ready. HTTPRoutes get one status.parents entry per parentRef to such a
 * Gateway (Accepted, ResolvedRefs, controllerName); InferencePools referenced by an accepted
 * route's backendRefs get one status.parents entry per Gateway (Accepted, ResolvedRefs). The
 * controller only acts while its own pod runs ready. Infrastructure of deleted Gateways is removed.
 */
import { createHash } from 'node:crypto';
import { getCondition } from '../behaviours/match.js';
import { applyCreateDefaults } from '../defaults.js';
import { attachment, containerPortFor, gatewayOptions, GW, INF, OWNING_NAME, OWNING_NAMESPACE, refersTo, type GatewayOptions } from '../net/gateway.js';
import type { HandlerSpec } from '../scenarios/types.js';
import type { KObject } from '../store.js';
import type { SimContext } from './context.js';
import { isPodReady } from './pod-index.js';
import { WorkQueue } from './queue.js';

const PROXY_LABELS = { 'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway' };

/** The name Envoy Gateway gives a Gateway's proxy Deployment and Service. */
export function envoyResourceName(namespace: string, name: string): string {
  const nsName = `${namespace}/${name}`;
  const hash = createHash('sha256').update(nsName).digest('hex').slice(0, 8);
  const base = nsName.replace(/\//g, '-');
  return `envoy-${base.length > 48 ? base.slice(0, 48).replace(/-+$/, '') : base}-${hash}`;
}

interface Cond {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** Conditions with observedGeneration, keeping lastTransitionTime while the status holds. */
function conditions(prev: any[] | undefined, next: Cond[], generation: number | undefined, now: string): any[] {
  return next.map(c => {
    const p = (prev ?? []).find(x => x.type === c.type);
    return {
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
      observedGeneration: generation ?? 1,
      lastTransitionTime: p && p.status === c.status ? p.lastTransitionTime : now
    };
  });
}

export function startGatewayController(ctx: SimContext, spec: HandlerSpec): () => void {
  const { store } = ctx;
  const opts: GatewayOptions = gatewayOptions(spec);
  const queue = new WorkQueue(ctx.clock, reconcile, 0, (_k, e) => ctx.warn(`gateway controller ${spec.name}: ${(e as Error).message}`));
  const image = String(spec.options?.proxyImage ?? 'docker.io/envoyproxy/envoy:distroless-v1.35.0');

  const running = (): boolean =>
    store
      .list('', 'pods', spec.namespace)
      .some(p => Object.entries(spec.podLabels ?? {}).every(([k, v]) => p.metadata.labels?.[k] === v) && p.status?.phase === 'Running' && isPodReady(p));

  const ours = (gw: KObject): boolean => {
    const cls = store.get(GW, 'gatewayclasses', undefined, gw.spec?.gatewayClassName ?? '');
    return Boolean(cls && cls.spec?.controllerName === opts.controllerName && getCondition(cls, 'Accepted')?.status === 'True');
  };

  function reconcile(): void {
    if (!store.typeOf(GW, 'gateways') || !running()) return;
    const gateways = store.list(GW, 'gateways').filter(g => !g.metadata.deletionTimestamp && ours(g));
    const keep = new Set(gateways.map(g => envoyResourceName(g.metadata.namespace!, g.metadata.name!)));
    for (const kind of ['deployments', 'services'] as const) {
      const group = kind === 'deployments' ? 'apps' : '';
      for (const o of store.list(group, kind, spec.namespace)) {
        if (o.metadata.labels?.[OWNING_NAME] && !keep.has(o.metadata.name!)) store.delete(group, kind, spec.namespace, o.metadata.name!);
      }
    }
    const routes = store.typeOf(GW, 'httproutes') ? store.list(GW, 'httproutes') : [];
    for (const gw of gateways) {
      ensureInfra(gw);
      writeGatewayStatus(gw, routes);
    }
    for (const r of routes) writeRouteStatus(r);
    if (store.typeOf(INF, 'inferencepools')) for (const pool of store.list(INF, 'inferencepools')) writePoolStatus(pool, routes);
  }

  function ensureInfra(gw: KObject): void {
    const ns = gw.metadata.namespace!;
    const name = gw.metadata.name!;
    const resource = envoyResourceName(ns, name);
    const labels = { ...PROXY_LABELS, [OWNING_NAME]: name, [OWNING_NAMESPACE]: ns };
    const listeners: any[] = gw.spec?.listeners ?? [];
    const ports = Array.from(new Map(listeners.map(l => [l.port as number, l])).values()).map(l => ({
      name: `${String(l.protocol ?? 'HTTP').toLowerCase()}-${l.port}`,
      port: l.port,
      targetPort: containerPortFor(l.port),
      protocol: 'TCP'
    }));
    const template = {
      metadata: { labels, annotations: { 'prometheus.io/path': '/stats/prometheus', 'prometheus.io/port': '19001', 'prometheus.io/scrape': 'true' } },
      spec: {
        serviceAccountName: resource,
        containers: [
          {
            name: 'envoy',
            image,
            command: ['envoy'],
            args: ['--service-cluster', resource, '--service-node', '$(ENVOY_POD_NAME)', '--config-yaml', '<bootstrap>', '--log-level', 'warn'],
            ports: [...ports.map(p => ({ name: p.name, containerPort: p.targetPort, protocol: 'TCP' })), { name: 'metrics', containerPort: 19001, protocol: 'TCP' }],
            resources: { requests: { cpu: '100m', memory: '512Mi' } }
          },
          { name: 'shutdown-manager', image: 'docker.io/envoyproxy/gateway:v1.5.0', command: ['envoy-gateway'], args: ['envoy', 'shutdown-manager'] }
        ]
      }
    };
    const deployment = store.get('apps', 'deployments', spec.namespace, resource);
    if (!deployment) {
      const d: KObject = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: resource, namespace: spec.namespace, labels },
        spec: { replicas: 1, selector: { matchLabels: labels }, template }
      };
      applyCreateDefaults(store, store.typeOf('apps', 'deployments')!, d);
      store.create(d);
    } else if (JSON.stringify(deployment.spec?.template?.spec?.containers?.[0]?.ports) !== JSON.stringify(template.spec.containers[0].ports)) {
      store.update({ ...deployment, spec: { ...deployment.spec, template } });
    }
    const svc = store.get('', 'services', spec.namespace, resource);
    if (!svc) {
      const s: KObject = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: resource, namespace: spec.namespace, labels },
        spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', selector: labels, ports, sessionAffinity: 'None' }
      };
      applyCreateDefaults(store, store.typeOf('', 'services')!, s);
      store.create(s);
    } else if (JSON.stringify(svc.spec?.ports) !== JSON.stringify(ports)) {
      store.update({ ...svc, spec: { ...svc.spec, ports } });
    }
  }

  function writeGatewayStatus(gw: KObject, routes: KObject[]): void {
    const resource = envoyResourceName(gw.metadata.namespace!, gw.metadata.name!);
    const svc = store.get('', 'services', spec.namespace, resource);
    const ips: string[] = (svc?.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip ?? i.hostname).filter(Boolean);
    const ready = store
      .list('', 'pods', spec.namespace)
      .filter(p => p.metadata.labels?.[OWNING_NAME] === gw.metadata.name && p.metadata.labels?.[OWNING_NAMESPACE] === gw.metadata.namespace && isPodReady(p)).length;
    const programmed: Cond = !ips.length
      ? { type: 'Programmed', status: 'False', reason: 'AddressNotAssigned', message: 'No addresses have been assigned to the Gateway' }
      : !ready
        ? { type: 'Programmed', status: 'False', reason: 'NoResources', message: 'Envoy replicas unavailable' }
        : { type: 'Programmed', status: 'True', reason: 'Programmed', message: `Address assigned to the Gateway, ${ready}/1 envoy replicas available` };
    const now = store.timestamp();
    const gen = gw.metadata.generation;
    const listeners = (gw.spec?.listeners ?? []).map((l: any) => {
      const attached = routes.filter(r =>
        (r.spec?.parentRefs ?? []).some((ref: any) => refersTo(ref, r, gw) && attachment(store, gw, r, ref).listeners.some((x: any) => x.name === l.name))
      ).length;
      const prev = (gw.status?.listeners ?? []).find((x: any) => x.name === l.name);
      return {
        name: l.name,
        supportedKinds: [
          { group: GW, kind: 'HTTPRoute' },
          { group: GW, kind: 'GRPCRoute' }
        ],
        attachedRoutes: attached,
        conditions: conditions(
          prev?.conditions,
          [
            { type: 'Programmed', status: 'True', reason: 'Programmed', message: 'Sending translated listener configuration to the data plane' },
            { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Listener has been successfully translated' },
            { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'Listener references have been resolved' }
          ],
          gen,
          now
        )
      };
    });
    const status = {
      ...(ips.length ? { addresses: ips.map(ip => ({ type: /^[\d.]+$/.test(ip) ? 'IPAddress' : 'Hostname', value: ip })) } : {}),
      conditions: conditions(
        gw.status?.conditions,
        [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: 'The Gateway has been scheduled by Envoy Gateway' }, programmed],
        gen,
        now
      ),
      listeners
    };
    write(GW, 'gateways', gw, status);
  }

  /** Why a backendRef does not resolve, or undefined when it does. */
  function backendProblem(route: KObject, ri: number, bi: number, ref: any): { reason: string; message: string } | undefined {
    const ns = ref.namespace ?? route.metadata.namespace;
    const at = `Failed to process route rule ${ri} backendRef ${bi}`;
    const group = ref.group ?? '';
    const kind = ref.kind ?? 'Service';
    if (group === '' && kind === 'Service') {
      if (!store.get('', 'services', ns, ref.name)) return { reason: 'BackendNotFound', message: `${at}: service ${ns}/${ref.name} not found.` };
      return undefined;
    }
    if (group === INF && kind === 'InferencePool' && opts.inferencePoolSupport) {
      if (!store.typeOf(INF, 'inferencepools') || !store.get(INF, 'inferencepools', ns, ref.name)) {
        return { reason: 'BackendNotFound', message: `${at}: InferencePool ${ns}/${ref.name} not found.` };
      }
      return undefined;
    }
    return { reason: 'InvalidKind', message: `${at}: ${kind} is not supported as a backendRef kind.` };
  }

  function writeRouteStatus(route: KObject): void {
    const now = store.timestamp();
    const mine: any[] = [];
    for (const ref of route.spec?.parentRefs ?? []) {
      if ((ref.group ?? GW) !== GW || (ref.kind ?? 'Gateway') !== 'Gateway') continue;
      const gw = store.get(GW, 'gateways', ref.namespace ?? route.metadata.namespace, ref.name);
      if (!gw || !ours(gw)) continue;
      const att = attachment(store, gw, route, ref);
      let problem: { reason: string; message: string } | undefined;
      (route.spec?.rules ?? []).forEach((rule: any, ri: number) =>
        (rule.backendRefs ?? []).forEach((b: any, bi: number) => {
          problem ??= backendProblem(route, ri, bi, b);
        })
      );
      const parentRef = { group: GW, kind: 'Gateway', name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}), ...(ref.sectionName ? { sectionName: ref.sectionName } : {}), ...(ref.port ? { port: ref.port } : {}) };
      const prev = (route.status?.parents ?? []).find((p: any) => p.controllerName === opts.controllerName && JSON.stringify(p.parentRef) === JSON.stringify(parentRef));
      mine.push({
        parentRef,
        controllerName: opts.controllerName,
        conditions: conditions(
          prev?.conditions,
          [
            { type: 'Accepted', status: att.ok ? 'True' : 'False', reason: att.reason, message: att.message },
            problem
              ? { type: 'ResolvedRefs', status: 'False', ...problem }
              : { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'Resolved all the Object references for the Route' }
          ],
          route.metadata.generation,
          now
        )
      });
    }
    const others = (route.status?.parents ?? []).filter((p: any) => p.controllerName !== opts.controllerName);
    if (!mine.length && others.length === (route.status?.parents ?? []).length) return;
    write(GW, 'httproutes', route, { ...(route.status ?? {}), parents: [...others, ...mine] });
  }

  function writePoolStatus(pool: KObject, routes: KObject[]): void {
    const now = store.timestamp();
    const parents = new Map<string, { gw: KObject; routeAccepted: boolean }>();
    for (const r of routes) {
      const uses = (r.spec?.rules ?? []).some((rule: any) =>
        (rule.backendRefs ?? []).some(
          (b: any) => (b.group ?? '') === INF && b.kind === 'InferencePool' && b.name === pool.metadata.name && (b.namespace ?? r.metadata.namespace) === pool.metadata.namespace
        )
      );
      if (!uses) continue;
      for (const ref of r.spec?.parentRefs ?? []) {
        const gw = store.get(GW, 'gateways', ref.namespace ?? r.metadata.namespace, ref.name);
        if (!gw || !refersTo(ref, r, gw) || !ours(gw)) continue;
        const key = `${gw.metadata.namespace}/${gw.metadata.name}`;
        const ok = attachment(store, gw, r, ref).ok;
        parents.set(key, { gw, routeAccepted: ok || Boolean(parents.get(key)?.routeAccepted) });
      }
    }
    const ourKeys = new Set(
      store
        .list(GW, 'gateways')
        .filter(ours)
        .map(g => `${g.metadata.namespace}/${g.metadata.name}`)
    );
    const others = (pool.status?.parents ?? []).filter((p: any) => !ourKeys.has(`${p.parentRef?.namespace}/${p.parentRef?.name}`));
    const epp = pool.spec?.endpointPickerRef;
    const eppFound = Boolean(epp?.name && (epp.kind ?? 'Service') === 'Service' && store.get('', 'services', pool.metadata.namespace, epp.name));
    const mine = Array.from(parents.values()).map(({ gw, routeAccepted }) => {
      const parentRef = { group: GW, kind: 'Gateway', name: gw.metadata.name, namespace: gw.metadata.namespace };
      const prev = (pool.status?.parents ?? []).find((p: any) => p.parentRef?.name === gw.metadata.name && p.parentRef?.namespace === gw.metadata.namespace);
      const accepted: Cond = !opts.inferencePoolSupport
        ? { type: 'Accepted', status: 'False', reason: 'NotSupportedByParent', message: `InferencePool is not supported by ${opts.controllerName}` }
        : routeAccepted
          ? { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'InferencePool has been accepted by the parent Gateway' }
          : { type: 'Accepted', status: 'False', reason: 'HTTPRouteNotAccepted', message: 'The HTTPRoute referencing this InferencePool is not accepted by the parent Gateway' };
      const resolved: Cond = eppFound
        ? { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'Resolved the endpoint picker reference' }
        : { type: 'ResolvedRefs', status: 'False', reason: 'InvalidExtensionRef', message: `Endpoint picker Service ${pool.metadata.namespace}/${epp?.name ?? ''} not found` };
      return { parentRef, conditions: conditions(prev?.conditions, [accepted, resolved], pool.metadata.generation, now) };
    });
    if (!mine.length && others.length === (pool.status?.parents ?? []).length) return;
    write(INF, 'inferencepools', pool, { ...(pool.status ?? {}), parents: [...others, ...mine] });
  }

  function write(group: string, resource: string, obj: KObject, status: unknown): void {
    if (JSON.stringify(status) === JSON.stringify(obj.status ?? {})) return;
    const cur = store.get(group, resource, obj.metadata.namespace, obj.metadata.name!);
    if (cur) store.update({ ...cur, status }, { subresource: 'status' });
  }

  const watched = new Set([`${GW}/gateways`, `${GW}/httproutes`, `${GW}/gatewayclasses`, `${GW}/referencegrants`, `${INF}/inferencepools`, '/services', '/namespaces']);
  const unsubscribe = store.onChange(c => {
    const k = `${c.rtype.group}/${c.rtype.resource}`;
    if (watched.has(k) || ((k === '/pods' || k === 'apps/deployments') && c.object.metadata.namespace === spec.namespace)) queue.add('*');
  });
  queue.add('*');
  return () => {
    unsubscribe();
    queue.stop();
  };
}
