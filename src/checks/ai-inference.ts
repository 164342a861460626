/**
 * ai_inference: the Gateway API with an implementation. CRDs alone prove nothing (anyone can apply
 * them): a GatewayClass must be Accepted by its controller. HTTPRoute is what carries weighted
 * splits and header matches, so an implementation without it is partial, as is one whose Gateways
 * are all un-Programmed. The Inference Extension is recorded but not required here.
 */
import { fail, listShort, partial, pass } from './finding.js';
import { GATEWAY_GROUP, implementationName, readGatewayApi } from './gateway.js';
import type { Check } from './types.js';

export const aiInference: Check = {
  id: 'ai_inference',
  title: 'AI Inference',
  async detect(ctx) {
    const state = await readGatewayApi(ctx);
    const { crds, classes, gateways, evidence } = state;
    const core = [`gatewayclasses.${GATEWAY_GROUP}`, `gateways.${GATEWAY_GROUP}`];
    const coreStates = core.map(n => crds.get(n));
    if (coreStates.every(c => !c) && state.served.length === 0) {
      return fail(`the Gateway API is not installed (no ${GATEWAY_GROUP} CRDs)`, evidence);
    }
    const broken = core.filter((n, i) => !coreStates[i] || !coreStates[i]!.established);
    if (broken.length > 0) {
      return fail(
        `Gateway API CRD ${broken.join(', ')} ${broken.length > 1 ? 'are' : 'is'} missing or not Established`,
        evidence
      );
    }
    const accepted = classes.filter(c => c.accepted);
    if (accepted.length === 0) {
      const what =
        classes.length === 0
          ? 'there is no GatewayClass'
          : `no GatewayClass is Accepted (${listShort(
              classes.map(c => `${c.name}: ${c.detail}`),
              2
            )})`;
      return fail(
        `Gateway API CRDs${state.bundle ? ` ${state.bundle}` : ''} are installed but ${what}: no controller implements them`,
        evidence
      );
    }
    const impls = [...new Set(accepted.map(c => implementationName(c.controllerName)))];
    const solution = `${impls.join(', ')}, Gateway API ${state.bundle ?? `${GATEWAY_GROUP}/${state.served[0] ?? 'v1'}`}`;
    const classText = `GatewayClass ${listShort(accepted.map(c => c.name))} Accepted by ${listShort([...new Set(accepted.map(c => c.controllerName))])}`;

    const routes = crds.get(`httproutes.${GATEWAY_GROUP}`);
    if (!routes || !routes.established) {
      return partial(
        `${classText}, but the HTTPRoute CRD is ${routes ? 'not Established' : 'not installed'}: no weighted or header-based routes`,
        evidence,
        solution
      );
    }
    const acceptedNames = new Set(accepted.map(c => c.name));
    const own = gateways.filter(g => acceptedNames.has(g.className));
    if (own.length > 0 && !own.some(g => g.programmed)) {
      return partial(
        `${classText}, but none of its ${own.length} Gateway${own.length > 1 ? 's is' : ' is'} Programmed (${listShort(
          own.map(g => `${g.namespace}/${g.name}: ${g.detail}`),
          2
        )})`,
        evidence,
        solution
      );
    }
    const gatewaysText =
      own.length > 0 ? `; ${own.filter(g => g.programmed).length}/${own.length} Gateways Programmed` : '';
    return pass(`${classText}; HTTPRoute served at ${routes.served[0]}${gatewaysText}`, evidence, solution);
  }
};
