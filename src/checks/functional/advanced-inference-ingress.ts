/**
 * advanced_inference_ingress, functional: an InferencePool with an endpoint picker routes OpenAI
 * requests to the pool's model servers. The run's Gateway (on the Accepted GatewayClass) gets an
 * HTTPRoute whose backend is the pool; once the Gateway accepts the pool and resolves its picker,
 * a client pod in the cluster sends completions for the pool's model through the Gateway's
 * address. Passes when every request is answered 200 by the model the pool serves (the run's own
 * model name, served by nothing else the Gateway routes to); the model servers' own request
 * counters, read through the pod proxy where they expose them, show how the picker spread them.
 */
import type { FunctionalCheck, FunctionalContext } from '../../kube/functional/types.js';
import { parsePrometheusText } from '../../kube/prometheus.js';
import { fail, pass } from '../finding.js';
import { implementationName } from '../gateway.js';
import {
  acceptedClasses,
  clientScript,
  codes,
  gatewayApi,
  gatewayManifest,
  parseClientLog,
  runClient,
  waitProgrammed
} from './kit/gateway.js';
import {
  createInferencePool,
  inferencePoolVersion,
  MODEL_NAME,
  MODEL_PODS,
  POOL_HOST,
  POOL_NAME,
  waitPoolAccepted
} from './kit/inference-pool.js';
import { proxyGet } from './kit/proxy.js';
import { prerequisite } from './kit/skip.js';

export const ADVANCED_INFERENCE_INGRESS = {
  requests: 20,
  programmedMs: 300_000,
  poolMs: 300_000,
  clientMs: 300_000
};

export const advancedInferenceIngressFunctional: FunctionalCheck = {
  id: 'advanced_inference_ingress',
  // Builds its Gateway, InferencePool and endpoint picker with the same kit (and names) as
  // ai_inference's pool check in the same run namespace: never beside it.
  exclusive: true,
  skip(detect) {
    const absent = prerequisite(detect, 'no Gateway API Inference Extension implementation to route through');
    if (absent) return absent;
    if (/only the pre-GA/.test(detect.reason))
      return 'only the pre-GA InferencePool API is installed: the v1 pool the check creates is not served';
    return null;
  },
  async run(ctx, detect) {
    const api = await gatewayApi(ctx);
    const poolVersion = await inferencePoolVersion(ctx);
    if (!api || !poolVersion)
      return fail('the Gateway API or the InferencePool v1 API is not served', [], detect.solution);
    const classes = await acceptedClasses(ctx, api);
    if (classes.length === 0)
      return fail('no GatewayClass is Accepted: nothing routes to inference pools', [], detect.solution);
    const cls = classes[0];
    const impl = implementationName(cls.controllerName);
    ctx.note(
      `GatewayClass ${cls.name} (controller ${cls.controllerName}) Accepted; the run's Gateway uses it`
    );
    const ns = await ctx.namespace();
    await ctx.create(gatewayManifest(api, cls.name));
    await createInferencePool(ctx, api, poolVersion, ns);

    const programmed = await waitProgrammed(ctx, api, ns, ADVANCED_INFERENCE_INGRESS.programmedMs);
    if (!programmed.ok) return fail(programmed.reason, [], detect.solution);
    const pool = await waitPoolAccepted(ctx, poolVersion, ns, ADVANCED_INFERENCE_INGRESS.poolMs);
    if (!pool.ok) return fail(pool.reason, [], detect.solution);
    ctx.note(
      `InferencePool ${ns}/${POOL_NAME} (${poolVersion}, endpoint picker conformance-epp): ${pool.value.detail}`
    );

    const n = ADVANCED_INFERENCE_INGRESS.requests;
    const body = JSON.stringify({ model: MODEL_NAME, prompt: 'Say hello.', max_tokens: 8 });
    const log = await runClient(
      ctx,
      ns,
      'inference-client',
      clientScript(programmed.value, [
        { tag: 'c', count: n, path: '/v1/completions', headers: { Host: POOL_HOST }, json: body }
      ]),
      ADVANCED_INFERENCE_INGRESS.clientMs
    );
    const answers = parseClientLog(log).get('c') ?? [];
    const served = answers.filter(a => a.code === 200 && modelOf(a.body) === MODEL_NAME);
    const spread = await perPodRequests(ctx, ns);
    ctx.note(
      `${answers.length} completions for model ${MODEL_NAME} through ${programmed.value} (Host ${POOL_HOST}): ${served.length} answered by the pool's model${answers.length > served.length ? `; others: ${codes(answers.filter(a => !served.includes(a)))}` : ''}`
    );
    if (spread) ctx.note(`model server request counters (vllm:request_success_total): ${spread}`);
    const solution = detect.solution ?? `Gateway API Inference Extension on ${impl}`;
    if (served.length < n) {
      return fail(
        `the Gateway accepted InferencePool ${POOL_NAME} but routed only ${served.length} of ${n} completions to its model servers (${codes(answers.filter(a => !served.includes(a))) || 'no answer logged'})`,
        [],
        solution
      );
    }
    return pass(
      `${impl} routed ${n}/${n} OpenAI completions through InferencePool ${POOL_NAME} (endpoint picker resolved) to its model servers${spread ? ` (${spread})` : ''}`,
      [],
      solution
    );
  }
};

function modelOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body);
    return typeof parsed?.model === 'string' ? parsed.model : undefined;
  } catch {
    return undefined;
  }
}

/** "model-0 10, model-1 10" from the model servers' own counters, when they expose them. */
async function perPodRequests(ctx: FunctionalContext, namespace: string): Promise<string | null> {
  const parts: string[] = [];
  for (const pod of MODEL_PODS) {
    const res = await proxyGet(ctx, { kind: 'pod', namespace, name: pod, port: 8000, path: '/metrics' });
    if (res.status !== 200) return null;
    const samples = parsePrometheusText(res.body).samples.filter(
      s => s.name === 'vllm:request_success_total'
    );
    if (samples.length === 0) return null;
    parts.push(`${pod} ${samples.reduce((t, s) => t + s.value, 0)}`);
  }
  return parts.join(', ');
}
