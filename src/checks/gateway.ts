/**
 * The Gateway API as installed: its CRDs (with the bundle version and channel they carry), the
 * GatewayClasses and whether a controller Accepted them, and the Gateways of accepted classes.
 * Shared by ai_inference and advanced_inference_ingress.
 */
import { condition, describeCondition, isTrue, type CrdState } from '../kube/readiness.js';
import type { CheckContext } from './types.js';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const GATEWAY_CRDS = ['gatewayclasses', 'gateways', 'httproutes', 'grpcroutes', 'referencegrants'].map(
  r => `${r}.${GATEWAY_GROUP}`
);

/** Controller names of common implementations, for the solution line. */
const IMPLEMENTATIONS: Array<[RegExp, string]> = [
  [/^gateway\.envoyproxy\.io\//, 'Envoy Gateway'],
  [/^istio\.io\//, 'Istio'],
  [/^networking\.gke\.io\//, 'GKE Gateway'],
  [/^gateway\.nginx\.org\//, 'NGINX Gateway Fabric'],
  [/^konghq\.com\//, 'Kong'],
  [/^gateway\.k8s\.aws\//, 'AWS Gateway API Controller'],
  [/^io\.cilium\//, 'Cilium'],
  [/^traefik\.io\//, 'Traefik'],
  [/^kgateway\.dev\//, 'kgateway'],
  [/^(alibabacloud\.com|aliyun\.com|alibaba\.com)\//, 'Alibaba Cloud gateway'],
  [/^application-networking\.k8s\.aws\//, 'Amazon VPC Lattice']
];

export function implementationName(controllerName: string): string {
  for (const [re, name] of IMPLEMENTATIONS) if (re.test(controllerName)) return name;
  return controllerName;
}

export interface GatewayClassInfo {
  name: string;
  controllerName: string;
  accepted: boolean;
  detail: string;
  features: string[];
}

export interface GatewayInfo {
  namespace: string;
  name: string;
  className: string;
  programmed: boolean;
  detail: string;
}

export interface GatewayApiState {
  served: string[];
  crds: Map<string, CrdState | null>;
  classes: GatewayClassInfo[];
  gateways: GatewayInfo[];
  /** "v1.3.0 standard" from the CRD annotations. */
  bundle?: string;
  evidence: string[];
}

export async function readGatewayApi(ctx: CheckContext): Promise<GatewayApiState> {
  const discovery = await ctx.discovery();
  const served = discovery.versions(GATEWAY_GROUP);
  const classVersion = discovery.versionsOf(GATEWAY_GROUP, 'gatewayclasses')[0];
  const gatewayVersion = discovery.versionsOf(GATEWAY_GROUP, 'gateways')[0];
  const [crds, classObjs, gatewayObjs] = await Promise.all([
    ctx.kube.crds(GATEWAY_CRDS),
    classVersion
      ? ctx.kube.list({ group: GATEWAY_GROUP, version: classVersion, resource: 'gatewayclasses' })
      : Promise.resolve([]),
    gatewayVersion
      ? ctx.kube.list({ group: GATEWAY_GROUP, version: gatewayVersion, resource: 'gateways' })
      : Promise.resolve([])
  ]);
  const classes: GatewayClassInfo[] = classObjs.map((c: any) => ({
    name: String(c?.metadata?.name ?? ''),
    controllerName: String(c?.spec?.controllerName ?? ''),
    accepted: isTrue(c, 'Accepted'),
    detail: describeCondition(c, 'Accepted'),
    features: (Array.isArray(c?.status?.supportedFeatures) ? c.status.supportedFeatures : []).map((f: any) =>
      String(typeof f === 'string' ? f : f?.name)
    )
  }));
  const gateways: GatewayInfo[] = gatewayObjs.map((g: any) => ({
    namespace: String(g?.metadata?.namespace ?? ''),
    name: String(g?.metadata?.name ?? ''),
    className: String(g?.spec?.gatewayClassName ?? ''),
    programmed: isTrue(g, 'Programmed'),
    detail: condition(g, 'Programmed') ? describeCondition(g, 'Programmed') : describeCondition(g, 'Accepted')
  }));

  const evidence: string[] = [];
  evidence.push(
    served.length > 0 ? `${GATEWAY_GROUP} served: ${served.join(', ')}` : `${GATEWAY_GROUP} not served`
  );
  let bundle: string | undefined;
  for (const name of GATEWAY_CRDS) {
    const c = crds.get(name);
    if (!c) {
      evidence.push(`CRD ${name}: not installed`);
      continue;
    }
    const version = c.annotations['gateway.networking.k8s.io/bundle-version'];
    const channel = c.annotations['gateway.networking.k8s.io/channel'];
    if (version && !bundle) bundle = `${version}${channel ? ` ${channel}` : ''}`;
    evidence.push(
      `CRD ${name}: ${c.established ? 'Established' : `not Established (${c.problem})`}, versions ${c.served.join(', ')}`
    );
  }
  if (bundle) evidence.push(`Gateway API bundle ${bundle}`);
  for (const c of classes) {
    const features = c.features.length ? `, ${c.features.length} supported features` : '';
    evidence.push(`GatewayClass ${c.name}: controller ${c.controllerName}, ${c.detail}${features}`);
  }
  for (const g of gateways)
    evidence.push(`Gateway ${g.namespace}/${g.name} (class ${g.className}): ${g.detail}`);
  return { served, crds, classes, gateways, bundle, evidence };
}
