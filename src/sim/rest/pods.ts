/**
 * Pod subresources: log (through hooks.podLog, with the kubelet's errors for missing or
 * waiting containers), binding (what a scheduler posts) and eviction (honouring
 * PodDisruptionBudgets' disruptionsAllowed).
 */
import { badRequest, conflict, notFound, StatusError } from '../errors.js';
import { fromLabelSelectorObject, matchesLabels } from '../selectors.js';
import type { KObject } from '../store.js';
import { isDryRun, ok, parseBody, type Call, type Reply } from './context.js';

function pod(call: Call, name = call.info.name!): KObject {
  const p = call.api.store.get('', 'pods', call.info.namespace, name);
  if (!p) throw notFound('', 'pods', name);
  return p;
}

function names(list: unknown): string[] {
  return Array.isArray(list) ? list.map((c: any) => String(c?.name ?? '')) : [];
}

function waitingReason(p: KObject, container: string): string {
  const all = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
  const st = all.find((c: any) => c?.name === container);
  return (
    st?.state?.waiting?.reason ??
    (p.status?.phase === 'Pending' && p.spec?.initContainers?.length
      ? 'PodInitializing'
      : 'ContainerCreating')
  );
}

export function podLog(call: Call): Reply {
  const p = pod(call);
  const q = call.info.query;
  const name = p.metadata.name!;
  const containers = names(p.spec?.containers);
  const init = names(p.spec?.initContainers);
  const ephemeral = names(p.spec?.ephemeralContainers);
  let container = q.get('container') ?? undefined;
  if (!container) {
    if (containers.length !== 1) {
      const initPart = init.length ? ` or one of the init containers: [${init.join(' ')}]` : '';
      throw badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${initPart}`
      );
    }
    container = containers[0];
  } else if (![...containers, ...init, ...ephemeral].includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  }
  const previous = q.get('previous') === 'true';
  const tail = q.get('tailLines') !== null ? Number(q.get('tailLines')) : undefined;
  const text = call.api.hooks.podLog?.(p.metadata.namespace!, name, container, { tailLines: tail, previous });
  if (text === undefined) {
    if (previous) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    throw badRequest(
      `container "${container}" in pod "${name}" is waiting to start: ${waitingReason(p, container)}`
    );
  }
  let out = text;
  if (tail !== undefined && Number.isFinite(tail) && tail >= 0) {
    const lines = out.split('\n');
    const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
    out =
      lines.slice(Math.max(0, lines.length - tail)).join('\n') +
      (trailing !== undefined && tail > 0 ? '\n' : '');
  }
  const limit = q.get('limitBytes');
  if (limit !== null && Number(limit) >= 0)
    out = Buffer.from(out).subarray(0, Number(limit)).toString('utf8');
  return { status: 200, body: out, raw: true, headers: { 'Content-Type': 'text/plain' } };
}

function success(): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}

/** Binds a pod to a node: spec.nodeName and the PodScheduled condition. */
export function bindPod(call: Call, podName: string, body: any): Reply {
  const p = pod(call, podName);
  const node = body?.target?.name;
  if (!node) throw badRequest('target.name: Required value: a node name is required');
  if (p.spec?.nodeName) {
    throw conflict(
      '',
      'pods/binding',
      podName,
      `pod ${podName} is already assigned to node "${p.spec.nodeName}"`
    );
  }
  if (isDryRun(call.info.query)) return ok(success(), 201);
  const now = call.api.store.timestamp();
  const conditions = (p.status?.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
  const bound = call.api.store.update({
    ...p,
    metadata: { ...p.metadata, resourceVersion: undefined },
    spec: { ...p.spec, nodeName: node }
  });
  call.api.store.update(
    {
      ...bound,
      metadata: { ...bound.metadata, resourceVersion: undefined },
      status: {
        ...(bound.status ?? {}),
        conditions: [
          ...conditions,
          { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }
        ]
      }
    },
    { subresource: 'status' }
  );
  return ok(success(), 201);
}

export function binding(call: Call): Reply {
  return bindPod(call, call.info.name!, parseBody(call, 'Binding'));
}

export function eviction(call: Call): Reply {
  const p = pod(call);
  const body = parseBody(call, 'Eviction');
  if (body?.metadata?.name && body.metadata.name !== p.metadata.name) {
    throw badRequest(`name in URL does not match name in Eviction object`);
  }
  const dryRun = isDryRun(call.info.query, body?.deleteOptions?.dryRun);
  const store = call.api.store;
  const running = p.status?.phase === 'Running';
  if (running && store.typeOf('policy', 'poddisruptionbudgets')) {
    const pdbs = store
      .list('policy', 'poddisruptionbudgets', p.metadata.namespace)
      .filter(
        b => b.spec?.selector && matchesLabels(fromLabelSelectorObject(b.spec.selector), p.metadata.labels)
      );
    if (pdbs.length > 1) {
      throw new StatusError(
        500,
        'InternalError',
        'Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.'
      );
    }
    const pdb = pdbs[0];
    if (pdb) {
      const allowed = Number(pdb.status?.disruptionsAllowed ?? 0);
      if (allowed <= 0) {
        throw new StatusError(
          429,
          'TooManyRequests',
          "Cannot evict pod as it would violate the pod's disruption budget.",
          {
            causes: [
              {
                reason: 'DisruptionBudget',
                message: `The disruption budget ${pdb.metadata.name} needs ${pdb.status?.desiredHealthy ?? 0} healthy pods and has ${pdb.status?.currentHealthy ?? 0} currently`
              }
            ]
          }
        );
      }
      if (!dryRun)
        store.update(
          {
            ...pdb,
            metadata: { ...pdb.metadata, resourceVersion: undefined },
            status: { ...pdb.status, disruptionsAllowed: allowed - 1 }
          },
          { subresource: 'status' }
        );
    }
  }
  if (!dryRun) store.delete('', 'pods', p.metadata.namespace, p.metadata.name!);
  return ok(success(), 201);
}
