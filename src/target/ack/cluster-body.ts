/**
 * The CreateCluster body: the defaults (a managed Pro cluster with a public API endpoint and one
 * GPU node pool), with `ack-cluster-spec` laid over them field by field, then the region and the
 * run tags. A spec can be a full body (the console's "Equivalent Code") or only the fields that
 * differ, typically the VPC and vSwitches of the account.
 */
import type { ClusterTag } from './client.js';
import { AckError } from './errors.js';
import type { AckProvisionOptions } from './inputs.js';
import { EXPIRES_AT_TAG, RUN_ID_TAG } from './tags.js';

export const DEFAULT_CLUSTER_TYPE = 'ManagedKubernetes';
export const DEFAULT_CLUSTER_SPEC = 'ack.pro.small';
export const DEFAULT_PROFILE = 'Default';

export interface BodyContext {
  region: string;
  runId: string;
  tags: ClusterTag[];
  /** A full ACK version ("1.34.1-aliyun.1") resolved from the conformance minor, or null. */
  kubernetesVersion: string | null;
}

export function clusterName(runId: string): string {
  // 1–63 characters: letters, digits, hyphens; must not start with a hyphen.
  return `ai-conformance-${runId}`.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 63);
}

export function buildClusterBody(options: AckProvisionOptions, ctx: BodyContext): Record<string, unknown> {
  const spec = options.spec ?? {};
  const vswitchIds = Array.isArray(spec.vswitch_ids) ? spec.vswitch_ids : undefined;
  const defaults: Record<string, unknown> = {
    name: clusterName(ctx.runId),
    cluster_type: DEFAULT_CLUSTER_TYPE,
    profile: DEFAULT_PROFILE,
    cluster_spec: DEFAULT_CLUSTER_SPEC,
    // The runner reaches the API server over the internet; nodes pull images through SNAT.
    endpoint_public_access: true,
    snat_entry: true,
    deletion_protection: false,
    nodepools: [
      {
        nodepool_info: { name: 'gpu' },
        scaling_group: {
          instance_types: [options.gpuInstanceType],
          desired_size: options.gpuCount,
          instance_charge_type: 'PostPaid',
          system_disk_category: 'cloud_essd',
          system_disk_size: 120,
          ...(vswitchIds ? { vswitch_ids: vswitchIds } : {})
        }
      }
    ]
  };
  const body: Record<string, unknown> = { ...defaults, ...spec };
  body.region_id = ctx.region;
  if (body.kubernetes_version === undefined && ctx.kubernetesVersion)
    body.kubernetes_version = ctx.kubernetesVersion;
  const own = new Set([RUN_ID_TAG, EXPIRES_AT_TAG]);
  const userTags = Array.isArray(spec.tags) ? (spec.tags as ClusterTag[]).filter(t => !own.has(t.key)) : [];
  body.tags = [...userTags, ...ctx.tags];
  return body;
}

/**
 * The newest creatable ACK version of a Kubernetes minor ("1.34" → "1.34.3-aliyun.1"), or an
 * error listing the minors the region offers.
 */
export function pickVersion(minor: string, creatable: readonly string[], region: string): string {
  const parse = (v: string) => v.replace(/^v/, '').split(/[.-]/);
  const matching = creatable.filter(v => {
    const [major, min] = parse(v);
    return `${major}.${min}` === minor;
  });
  if (matching.length === 0) {
    const minors = [...new Set(creatable.map(v => parse(v).slice(0, 2).join('.')))].sort();
    throw new AckError(
      'input',
      `input "conformance-version" ${minor}: ACK cannot create a Kubernetes ${minor} cluster in ${region} (it offers ${minors.join(', ') || 'none'}); pick one of those, or set "kubernetes_version" in input "ack-cluster-spec"`
    );
  }
  const numeric = (v: string) => v.match(/\d+/g)!.map(Number);
  return [...matching].sort((a, b) => {
    const x = numeric(a);
    const y = numeric(b);
    for (let i = 0; i < Math.max(x.length, y.length); i++)
      if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
    return 0;
  })[0];
}
