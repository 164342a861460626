/**
 * advanced_inference_ingress (1.36+, SHOULD): the Gateway API Inference Extension. Its InferencePool
 * CRD (inference.networking.k8s.io/v1; the pre-GA inference.networking.x-k8s.io/v1alpha2 counts as
 * partial) must be Established and served by a gateway whose class is Accepted; existing pools must
 * be Accepted by a parent, and endpoint pickers (EPP) ready.
 */
import { describeCondition } from '../kube/readiness.js';
import { describeWorkload, findWorkloads } from '../kube/workloads.js';
import { fail, listShort, partial, pass } from './finding.js';
import { implementationName, readGatewayApi } from './gateway.js';
import type { Check } from './types.js';

const GA_GROUP = 'inference.networking.k8s.io';
const ALPHA_GROUP = 'inference.networking.x-k8s.io';
const CRDS = [
  `inferencepools.${GA_GROUP}`,
  `inferencepools.${ALPHA_GROUP}`,
  `inferenceobjectives.${ALPHA_GROUP}`,
  `inferencemodels.${ALPHA_GROUP}`
];
/** The endpoint picker: GAIE's EPP image, llm-d's inference scheduler, or a "-epp" Deployment. */
const EPP = {
  kinds: ['Deployment' as const],
  name: /(-epp$|^epp-|endpoint-picker|inference-scheduler)/,
  image: /(gateway-api-inference-extension\/epp|\/epp:|llm-d-inference-scheduler|endpoint-picker)/
};

export const advancedInferenceIngress: Check = {
  id: 'advanced_inference_ingress',
  title: 'Advanced Inference Ingress',
  async detect(ctx) {
    const discovery = await ctx.discovery();
    const gaVersion = discovery.versionsOf(GA_GROUP, 'inferencepools')[0];
    const alphaVersion = discovery.versionsOf(ALPHA_GROUP, 'inferencepools')[0];
    const poolGroup = gaVersion ? GA_GROUP : alphaVersion ? ALPHA_GROUP : undefined;
    const poolVersion = gaVersion ?? alphaVersion;
    const [crds, gw, workloads, pools] = await Promise.all([
      ctx.kube.crds(CRDS),
      readGatewayApi(ctx),
      ctx.workloads(),
      poolGroup
        ? ctx.kube.list({ group: poolGroup, version: poolVersion!, resource: 'inferencepools' })
        : Promise.resolve([])
    ]);
    const evidence: string[] = [];
    for (const name of CRDS) {
      const c = crds.get(name);
      if (c)
        evidence.push(
          `CRD ${name}: ${c.established ? 'Established' : `not Established (${c.problem})`}, versions ${c.served.join(', ')}`
        );
    }
    const ga = crds.get(CRDS[0]);
    const alpha = crds.get(CRDS[1]);
    if (!ga && !alpha) {
      return fail('the Gateway API Inference Extension is not installed (no InferencePool CRD)', [
        'CRD inferencepools.inference.networking.k8s.io: not installed',
        'CRD inferencepools.inference.networking.x-k8s.io: not installed',
        ...gw.evidence.filter(e => e.startsWith('GatewayClass'))
      ]);
    }
    const usable = [ga, alpha].filter(c => c && c.established);
    if (usable.length === 0) return fail('the InferencePool CRD is installed but not Established', evidence);

    const accepted = gw.classes.filter(c => c.accepted);
    evidence.push(
      ...gw.evidence.filter(e => e.startsWith('GatewayClass') || e.startsWith('Gateway API bundle'))
    );
    const epps = findWorkloads(workloads, EPP);
    for (const e of epps)
      evidence.push(`endpoint picker ${describeWorkload(e)}, image ${e.images.join(', ')}`);
    for (const p of pools) {
      evidence.push(
        `InferencePool ${p?.metadata?.namespace}/${p?.metadata?.name}: ${poolAccepted(p) ? 'Accepted by a parent' : describeParents(p)}`
      );
    }
    const api = `InferencePool ${ga?.established ? `${GA_GROUP}/${ga.served[0]}` : `${ALPHA_GROUP}/${alpha!.served[0]}`}`;
    if (accepted.length === 0) {
      return fail(
        `${api} is installed but no GatewayClass is Accepted: nothing routes to inference pools`,
        evidence
      );
    }
    const impls = [...new Set(accepted.map(c => implementationName(c.controllerName)))].join(', ');
    const solution = `Gateway API Inference Extension (${api.replace('InferencePool ', '')}) on ${impls}`;
    if (!ga?.established) {
      return partial(
        `only the pre-GA ${api} is installed; the Inference Extension's v1 API (${GA_GROUP}) is not`,
        evidence,
        solution
      );
    }
    const notAccepted = pools.filter(p => !poolAccepted(p));
    if (pools.length > 0 && notAccepted.length === pools.length) {
      return partial(
        `${api} installed, but no InferencePool is Accepted by a Gateway (${listShort(notAccepted.map(p => `${p.metadata?.namespace}/${p.metadata?.name}`))})`,
        evidence,
        solution
      );
    }
    const downEpp = epps.filter(e => !e.state.serving);
    if (downEpp.length > 0) {
      return partial(
        `${api} installed, but endpoint picker ${downEpp.map(describeWorkload).join('; ')}`,
        evidence,
        solution
      );
    }
    const poolText =
      pools.length > 0
        ? `; ${pools.length - notAccepted.length}/${pools.length} InferencePools Accepted`
        : '';
    return pass(
      `${api} Established with GatewayClass ${listShort(accepted.map(c => c.name))} Accepted (${impls})${poolText}`,
      evidence,
      solution
    );
  }
};

/** InferencePool status lists parents (`parents` in v1, `parent` in v1alpha2) with conditions. */
function parentsOf(pool: any): any[] {
  const s = pool?.status ?? {};
  const list = s.parents ?? s.parent;
  return Array.isArray(list) ? list : [];
}

function poolAccepted(pool: any): boolean {
  return parentsOf(pool).some(
    p =>
      Array.isArray(p?.conditions) &&
      p.conditions.some((c: any) => c.type === 'Accepted' && c.status === 'True')
  );
}

function describeParents(pool: any): string {
  const parents = parentsOf(pool);
  if (parents.length === 0) return 'no parent Gateway reports it';
  return parents.map(p => describeCondition({ status: { conditions: p.conditions } }, 'Accepted')).join('; ');
}
