/**
 * An InferencePool of the Gateway API Inference Extension (inference.networking.k8s.io/v1) in the
 * run namespace: two OpenAI-compatible model server pods (llm-d's inference simulator: CPU only,
 * seconds to start), the endpoint picker (EPP) the pool names with its Service and the namespaced
 * RBAC it reads pods and pools with, the pool, and an HTTPRoute sending a hostname of the run's
 * Gateway to it. What the Gateway implementation then reports (status.parents Accepted,
 * ResolvedRefs) and how it routes is what the checks judge.
 */
import type { FunctionalContext, KubeObject, WorkloadImages } from '../../../kube/functional/types.js';
import type { ResourceRef } from '../../../kube/paths.js';
import { describeCondition, isTrue } from '../../../kube/readiness.js';
import { httpRoute, isWaitTimeout, GATEWAY_NAME, type GatewayApi, type Outcome } from './gateway.js';
import { PODS, podManifest, podReady, serviceManifest } from './pods.js';

export const INFERENCE_GROUP = 'inference.networking.k8s.io';
export const POOL_NAME = 'conformance-pool';
export const POOL_ROUTE = 'pool-route';
export const POOL_HOST = 'pool.example.com';
export const MODEL_NAME = 'ai-conformance-sim';
export const MODEL_PODS = ['model-0', 'model-1'];
const POOL_LABEL = 'ai-conformance.cncf.io/pool';
const EPP = 'conformance-epp';
const MODEL_PORT = 8000;
const EPP_PORT = 9002;

/** Images beyond the shared set (WorkloadImages may carry them; these are the defaults). */
export const MODEL_SERVER_IMAGE = 'ghcr.io/llm-d/llm-d-inference-sim:v0.5.1';
export const ENDPOINT_PICKER_IMAGE = 'registry.k8s.io/gateway-api-inference-extension/epp:v1.0.1';

type Images = WorkloadImages & Partial<{ modelServer: string; endpointPicker: string }>;

export function poolRef(version: string, namespace: string, name?: string): ResourceRef {
  return {
    group: INFERENCE_GROUP,
    version,
    resource: 'inferencepools',
    namespace,
    ...(name ? { name } : {})
  };
}

/** The served InferencePool version of the GA group, or null. */
export async function inferencePoolVersion(ctx: FunctionalContext): Promise<string | null> {
  const d = await ctx.discovery();
  return d.versionsOf(INFERENCE_GROUP, 'inferencepools')[0] ?? null;
}

/** Creates the model servers, the endpoint picker, the pool and its route. */
export async function createInferencePool(
  ctx: FunctionalContext,
  api: GatewayApi,
  poolVersion: string,
  namespace: string
): Promise<void> {
  const images = ctx.images as Images;
  const selector = { [POOL_LABEL]: POOL_NAME };
  await ctx.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: EPP } });
  await ctx.create({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: EPP },
    rules: [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      {
        apiGroups: [INFERENCE_GROUP, 'inference.networking.x-k8s.io'],
        resources: ['*'],
        verbs: ['get', 'list', 'watch']
      }
    ]
  });
  await ctx.create({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: EPP },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: EPP },
    subjects: [{ kind: 'ServiceAccount', name: EPP, namespace }]
  });
  for (const name of MODEL_PODS) {
    await ctx.create(
      podManifest({
        name,
        image: images.modelServer ?? MODEL_SERVER_IMAGE,
        args: ['--model', MODEL_NAME, '--port', String(MODEL_PORT)],
        labels: selector,
        ports: [{ name: 'http', containerPort: MODEL_PORT }],
        readinessPath: { path: '/health', port: MODEL_PORT },
        restartPolicy: 'Always'
      })
    );
  }
  await ctx.create(
    podManifest({
      name: EPP,
      image: images.endpointPicker ?? ENDPOINT_PICKER_IMAGE,
      args: [
        '--pool-name',
        POOL_NAME,
        '--pool-namespace',
        namespace,
        '--grpc-port',
        String(EPP_PORT),
        '--grpc-health-port',
        '9003'
      ],
      labels: { 'ai-conformance.cncf.io/app': EPP },
      ports: [{ name: 'grpc', containerPort: EPP_PORT }],
      restartPolicy: 'Always',
      serviceAccountName: EPP
    })
  );
  await ctx.create(
    serviceManifest(EPP, { 'ai-conformance.cncf.io/app': EPP }, [
      { name: 'grpc', port: EPP_PORT, targetPort: EPP_PORT }
    ])
  );
  await ctx.create({
    apiVersion: `${INFERENCE_GROUP}/${poolVersion}`,
    kind: 'InferencePool',
    metadata: { name: POOL_NAME },
    spec: {
      selector: { matchLabels: selector },
      targetPorts: [{ number: MODEL_PORT }],
      endpointPickerRef: { kind: 'Service', name: EPP, port: { number: EPP_PORT }, failureMode: 'FailClose' }
    }
  });
  await ctx.create(
    httpRoute(
      api,
      POOL_ROUTE,
      [POOL_HOST],
      [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ group: INFERENCE_GROUP, kind: 'InferencePool', name: POOL_NAME }]
        }
      ]
    )
  );
}

/** The pool's status entry for the run's Gateway (`parents` in v1, `parent` before). */
function parentEntry(pool: any, namespace: string): any {
  const list = pool?.status?.parents ?? pool?.status?.parent ?? [];
  return (Array.isArray(list) ? list : []).find(
    (p: any) => p?.parentRef?.name === GATEWAY_NAME && (p?.parentRef?.namespace ?? namespace) === namespace
  );
}

export interface PoolState {
  /** Ready pods the pool's selector picks. */
  endpoints: string[];
  detail: string;
}

/**
 * Waits for the Gateway to accept the pool and resolve its endpoint picker, and for its model
 * server pods to be ready. Not accepted or not resolved in time is the implementation's failure.
 */
export async function waitPoolAccepted(
  ctx: FunctionalContext,
  poolVersion: string,
  namespace: string,
  timeoutMs: number
): Promise<Outcome<PoolState>> {
  let last = '';
  let acceptedAndResolved = false;
  try {
    const state = await ctx.waitFor(
      `InferencePool ${namespace}/${POOL_NAME} to be accepted`,
      async () => {
        const pool = await ctx.get<KubeObject>(poolRef(poolVersion, namespace, POOL_NAME));
        const entry = parentEntry(pool, namespace);
        const view = { status: { conditions: entry?.conditions ?? [] } };
        const pods = await ctx.list<KubeObject>(
          { ...PODS, namespace },
          { labelSelector: `${POOL_LABEL}=${POOL_NAME}` }
        );
        const ready = pods
          .filter(podReady)
          .map(p => String(p.metadata.name))
          .sort();
        const accepted = isTrue(view, 'Accepted');
        const resolved = isTrue(view, 'ResolvedRefs');
        acceptedAndResolved = accepted && resolved;
        last = entry
          ? `${describeCondition(view, 'Accepted')}, ${describeCondition(view, 'ResolvedRefs')}; ${ready.length}/${MODEL_PODS.length} model server pods ready`
          : `no status for Gateway ${GATEWAY_NAME}; ${ready.length}/${MODEL_PODS.length} model server pods ready`;
        // A parent that said no will not change its mind within the wait.
        if (
          entry &&
          (view.status.conditions as any[]).some(
            c => c.type === 'Accepted' && c.status === 'False' && c.reason === 'NotSupportedByParent'
          )
        )
          return { done: true, value: { endpoints: ready, detail: last, rejected: true } };
        if (accepted && resolved && ready.length === MODEL_PODS.length)
          return { done: true, value: { endpoints: ready, detail: last, rejected: false } };
        return { done: false, observed: last };
      },
      { timeoutMs, intervalMs: 2000 }
    );
    if (state.rejected)
      return {
        ok: false,
        reason: `InferencePool ${namespace}/${POOL_NAME} is not accepted by Gateway ${GATEWAY_NAME} (${state.detail})`
      };
    return { ok: true, value: { endpoints: state.endpoints, detail: state.detail } };
  } catch (err) {
    // Accepted and resolved, only the model servers not ready: the environment (images, capacity), not the gateway.
    if (isWaitTimeout(err) && !acceptedAndResolved)
      return {
        ok: false,
        reason: `InferencePool ${namespace}/${POOL_NAME} was not accepted with its endpoints resolved within ${Math.round(timeoutMs / 1000)} s (${last})`
      };
    throw err;
  }
}
