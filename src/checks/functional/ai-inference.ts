/**
 * ai_inference, functional: traffic through a Gateway of the cluster's own implementation. Two
 * agnhost backends (whose /hostname answers with the pod's name), a Gateway on an Accepted
 * GatewayClass, an HTTPRoute splitting 80/20 by weight and one routing by the X-Model-Version
 * header, then one client pod inside the cluster sending a few hundred requests to the Gateway's
 * address (see kit/gateway.ts for why a client pod rather than the service proxy). Passes when the
 * split lands within 80 % ± 10 % over 200 requests (the 80/20 draw's standard deviation at n=200
 * is 2.8 %, so ± 10 % is 3.5 sigma: a correct data plane passes, a uniform one at 50 % fails), every
 * v1 request reaches app1 and every v2 request app2, and requests without the header reach neither.
 * With the Inference Extension installed, an InferencePool on the same Gateway must be Accepted
 * with its endpoint picker resolved and its model server endpoints ready; otherwise the result is
 * partial.
 */
import type { FunctionalCheck, FunctionalContext } from '../../kube/functional/types.js';
import { implementationName } from '../gateway.js';
import { fail, partial, pass, plural } from '../finding.js';
import {
  acceptedClasses,
  clientScript,
  codes,
  gatewayApi,
  gatewayManifest,
  httpRoute,
  parseClientLog,
  runClient,
  waitProgrammed,
  waitRoutesAccepted,
  type Answer,
  GATEWAY_NAME
} from './kit/gateway.js';
import {
  createInferencePool,
  inferencePoolVersion,
  POOL_NAME,
  waitPoolAccepted
} from './kit/inference-pool.js';
import { podManifest, serviceManifest, waitForPods } from './kit/pods.js';
import { prerequisite } from './kit/skip.js';

export const AI_INFERENCE = {
  weightedRequests: 200,
  headerRequests: 20,
  unmatchedRequests: 5,
  expectedShare: 0.8,
  tolerance: 0.1,
  /** Requests allowed to fail (warm-up of a fresh data plane) before the split counts as broken. */
  maxFailedShare: 0.05,
  backendsMs: 180_000,
  programmedMs: 300_000,
  routesMs: 120_000,
  clientMs: 300_000,
  poolMs: 180_000
};

const APPS = ['app1', 'app2'] as const;
const WEIGHTED_HOST = 'weighted.example.com';
const HEADER_HOST = 'header.example.com';
const HEADER = 'X-Model-Version';

export const aiInferenceFunctional: FunctionalCheck = {
  id: 'ai_inference',
  skip(detect) {
    const absent = prerequisite(detect, 'no Gateway API implementation to send traffic through');
    if (absent) return absent;
    if (/HTTPRoute CRD is/.test(detect.reason))
      return 'the HTTPRoute API is not served: no route to send traffic through';
    return null;
  },
  async run(ctx, detect) {
    const api = await gatewayApi(ctx);
    if (!api)
      return partial(
        'the Gateway API serves no HTTPRoute at the Gateway version: no route to send traffic through',
        [],
        detect.solution
      );
    const classes = await acceptedClasses(ctx, api);
    if (classes.length === 0)
      return fail('no GatewayClass is Accepted: no implementation to route traffic', [], detect.solution);
    const cls = classes[0];
    const impl = implementationName(cls.controllerName);
    ctx.note(
      `GatewayClass ${cls.name} (controller ${cls.controllerName}) Accepted; the run's Gateway uses it`
    );
    const ns = await ctx.namespace();
    const started = ctx.now();

    for (const app of APPS) {
      const labels = { 'ai-conformance.cncf.io/app': app };
      await ctx.create(
        podManifest({
          name: app,
          image: ctx.images.agnhost,
          command: ['/agnhost', 'netexec', '--http-port=8080'],
          labels,
          ports: [{ name: 'http', containerPort: 8080 }],
          readinessPath: { path: '/healthz', port: 8080 },
          restartPolicy: 'Always'
        })
      );
      await ctx.create(serviceManifest(app, labels, [{ name: 'http', port: 80, targetPort: 8080 }]));
    }
    await ctx.create(gatewayManifest(api, cls.name));
    await ctx.create(
      httpRoute(
        api,
        'weighted',
        [WEIGHTED_HOST],
        [
          {
            backendRefs: [
              { name: 'app1', port: 80, weight: 80 },
              { name: 'app2', port: 80, weight: 20 }
            ]
          }
        ]
      )
    );
    await ctx.create(
      httpRoute(
        api,
        'header',
        [HEADER_HOST],
        [
          {
            matches: [{ headers: [{ name: HEADER, value: 'v1' }] }],
            backendRefs: [{ name: 'app1', port: 80 }]
          },
          {
            matches: [{ headers: [{ name: HEADER, value: 'v2' }] }],
            backendRefs: [{ name: 'app2', port: 80 }]
          }
        ]
      )
    );
    const poolVersion = await inferencePoolVersion(ctx);
    if (poolVersion) await createInferencePool(ctx, api, poolVersion, ns);

    const backends = await waitForPods(ctx, ns, [...APPS], 'ready', AI_INFERENCE.backendsMs);
    if (backends.timedOut) throw backends.timedOut;
    const programmed = await waitProgrammed(ctx, api, ns, AI_INFERENCE.programmedMs);
    if (!programmed.ok) return fail(programmed.reason, [], detect.solution);
    const address = programmed.value;
    ctx.note(`Gateway ${ns}/${GATEWAY_NAME} Programmed at ${address} after ${seconds(ctx.now() - started)}`);
    const routes = await waitRoutesAccepted(
      ctx,
      api,
      ns,
      ['weighted', 'header'],
      cls.controllerName,
      AI_INFERENCE.routesMs
    );
    if (!routes.ok) return fail(routes.reason, [], detect.solution);
    ctx.note(
      `HTTPRoutes weighted (app1 80, app2 20) and header (${HEADER}: v1 → app1, v2 → app2) Accepted, references resolved`
    );

    const log = await runClient(
      ctx,
      ns,
      'traffic-client',
      clientScript(address, [
        {
          tag: 'w',
          count: AI_INFERENCE.weightedRequests,
          path: '/hostname',
          headers: { Host: WEIGHTED_HOST }
        },
        {
          tag: 'v1',
          count: AI_INFERENCE.headerRequests,
          path: '/hostname',
          headers: { Host: HEADER_HOST, [HEADER]: 'v1' }
        },
        {
          tag: 'v2',
          count: AI_INFERENCE.headerRequests,
          path: '/hostname',
          headers: { Host: HEADER_HOST, [HEADER]: 'v2' }
        },
        {
          tag: 'none',
          count: AI_INFERENCE.unmatchedRequests,
          path: '/hostname',
          headers: { Host: HEADER_HOST }
        }
      ]),
      AI_INFERENCE.clientMs
    );
    const verdict = judgeTraffic(ctx, parseClientLog(log));
    const solution = detect.solution ?? `${impl} (GatewayClass ${cls.name})`;
    if (verdict.failure) return fail(verdict.failure, [], solution);

    if (!poolVersion) {
      ctx.note(
        'Inference Extension (inference.networking.k8s.io InferencePool) not installed: no pool checked'
      );
      return pass(`${impl}: ${verdict.summary}`, [], solution);
    }
    const pool = await waitPoolAccepted(ctx, poolVersion, ns, AI_INFERENCE.poolMs);
    if (!pool.ok) return partial(`${impl}: ${verdict.summary}; but ${pool.reason}`, [], solution);
    ctx.note(
      `InferencePool ${ns}/${POOL_NAME} (${poolVersion}): ${pool.value.detail} (${pool.value.endpoints.join(', ')})`
    );
    return pass(
      `${impl}: ${verdict.summary}; InferencePool Accepted with ${plural(pool.value.endpoints.length, 'ready endpoint')}`,
      [],
      solution
    );
  }
};

/** Which backend answered: its pod name, as agnhost's /hostname says it. */
function backendOf(a: Answer): string | undefined {
  return a.code === 200 ? APPS.find(app => a.body === app) : undefined;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

function judgeTraffic(
  ctx: FunctionalContext,
  answers: Map<string, Answer[]>
): { failure?: string; summary: string } {
  const w = answers.get('w') ?? [];
  const ok = w.filter(a => a.code === 200);
  const n1 = ok.filter(a => backendOf(a) === 'app1').length;
  const n2 = ok.filter(a => backendOf(a) === 'app2').length;
  const stray = ok.length - n1 - n2;
  const share = n1 + n2 > 0 ? n1 / (n1 + n2) : 0;
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const lo = AI_INFERENCE.expectedShare - AI_INFERENCE.tolerance;
  const hi = AI_INFERENCE.expectedShare + AI_INFERENCE.tolerance;
  ctx.note(
    `weighted route: ${w.length} requests, ${ok.length} answered 200; app1 ${n1} (${pct(share)}), app2 ${n2}; expected app1 ${pct(AI_INFERENCE.expectedShare)} ± ${pct(AI_INFERENCE.tolerance)}${ok.length < w.length ? `; other answers: ${codes(w.filter(a => a.code !== 200))}` : ''}`
  );
  const tally = (tag: string): { list: Answer[]; app1: number; app2: number; other: number } => {
    const list = answers.get(tag) ?? [];
    const app1 = list.filter(a => backendOf(a) === 'app1').length;
    const app2 = list.filter(a => backendOf(a) === 'app2').length;
    return { list, app1, app2, other: list.length - app1 - app2 };
  };
  const v1 = tally('v1');
  const v2 = tally('v2');
  const none = tally('none');
  const describe = (t: ReturnType<typeof tally>): string =>
    `app1 ${t.app1}, app2 ${t.app2}${t.other ? `, other ${codes(t.list.filter(a => !backendOf(a)))}` : ''}`;
  ctx.note(
    `header route: ${HEADER}: v1 → ${describe(v1)}; v2 → ${describe(v2)}; no header → ${describe(none)}`
  );

  const expected = AI_INFERENCE.weightedRequests;
  if (w.length < expected || expected - ok.length > expected * AI_INFERENCE.maxFailedShare) {
    return {
      failure: `the Gateway failed ${expected - ok.length} of ${expected} requests of the weighted route (${codes(w.filter(a => a.code !== 200)) || 'no answer logged'})`,
      summary: ''
    };
  }
  if (stray > 0)
    return {
      failure: `${stray} requests of the weighted route were answered by neither backend`,
      summary: ''
    };
  if (share < lo || share > hi) {
    return {
      failure: `the weighted split is not honoured: app1 answered ${pct(share)} of ${n1 + n2} requests (${n1}/${n2}), expected 80/20 within ± ${pct(AI_INFERENCE.tolerance)}`,
      summary: ''
    };
  }
  const exclusive = (
    t: ReturnType<typeof tally>,
    want: 'app1' | 'app2',
    value: string
  ): string | undefined => {
    if (
      t.list.length === AI_INFERENCE.headerRequests &&
      (want === 'app1' ? t.app1 : t.app2) === t.list.length
    )
      return undefined;
    return `${HEADER}: ${value} reached ${want} in ${want === 'app1' ? t.app1 : t.app2} of ${t.list.length} requests (${describe(t)})`;
  };
  const headerProblem = [exclusive(v1, 'app1', 'v1'), exclusive(v2, 'app2', 'v2')].filter(Boolean);
  if (headerProblem.length > 0)
    return { failure: `header-based routing is not exclusive: ${headerProblem.join('; ')}`, summary: '' };
  if (none.app1 + none.app2 > 0) {
    return {
      failure: `header-based routing is not exclusive: requests without ${HEADER} reached a backend (${describe(none)}), expected no route (404)`,
      summary: ''
    };
  }
  return {
    summary: `weighted 80/20 route split ${n1 + n2} requests ${n1}/${n2} (app1 ${pct(share)}, within ± ${pct(AI_INFERENCE.tolerance)}); ${HEADER} v1 → app1 ${v1.app1}/${v1.list.length}, v2 → app2 ${v2.app2}/${v2.list.length}, no header → no backend ${none.list.length}/${none.list.length}`
  };
}
