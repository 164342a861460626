/**
 * The ACK inputs, read once into typed options before any request. Every bad value is reported
 * (all at once, like the other inputs) naming the input and what it accepts; secret inputs are
 * never quoted. ACK is off unless `ack-cluster-id` or `ack-provision: true` is given.
 */
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import type { CredentialInputs } from './credentials.js';

export const ACK_INPUT_DEFAULTS = {
  'ack-cluster-id': '',
  'alibaba-cloud-region': '',
  'alibaba-cloud-access-key-id': '',
  'alibaba-cloud-access-key-secret': '',
  'alibaba-cloud-security-token': '',
  'alibaba-cloud-role-arn': '',
  'alibaba-cloud-oidc-provider-arn': '',
  'ack-private-endpoint': 'false',
  'kubeconfig-ttl-minutes': '60',
  'ack-provision': 'false',
  'ack-cluster-spec': '',
  'ack-gpu-instance-type': 'ecs.gn7i-c8g1.2xlarge',
  'ack-gpu-count': '1',
  'ack-max-lifetime-minutes': '',
  'ack-teardown': 'always'
} as const;

export type AckInputName = keyof typeof ACK_INPUT_DEFAULTS;

export const TEARDOWN_POLICIES = ['always', 'on-success', 'never'] as const;
export type TeardownPolicy = (typeof TEARDOWN_POLICIES)[number];

export const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;
export const CLUSTER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{3,63}$/;

export const KUBECONFIG_TTL_RANGE = { min: 15, max: 4320 } as const;
export const MAX_LIFETIME_RANGE = { min: 30, max: 4320 } as const;
export const GPU_COUNT_RANGE = { min: 1, max: 50 } as const;

export interface AckProvisionOptions {
  /** The CreateCluster body from `ack-cluster-spec` (snake_case, merged over the defaults), or null. */
  spec: Record<string, unknown> | null;
  gpuInstanceType: string;
  gpuCount: number;
  maxLifetimeMinutes: number;
  /** "1.34" from `conformance-version`; null: ACK's newest. */
  kubernetesMinor: string | null;
}

export interface AckOptions {
  mode: 'connect' | 'provision';
  region: string;
  /** The cluster to connect to (mode connect). */
  clusterId: string | null;
  credentials: CredentialInputs;
  privateEndpoint: boolean;
  kubeconfigTtlMinutes: number;
  provision: AckProvisionOptions | null;
  teardown: TeardownPolicy;
}

export class AckInputError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      problems.length === 1
        ? problems[0]
        : `${problems.length} invalid inputs:\n${problems.map(p => `- ${p}`).join('\n')}`
    );
    this.name = 'AckInputError';
    this.problems = problems;
  }
}

/** Reads inputs the way the runner passes them (INPUT_<NAME>, hyphens kept), like core.getInput. */
export function inputsFromEnv(env: NodeJS.ProcessEnv): (name: AckInputName) => string {
  return name => (env[`INPUT_${name.toUpperCase()}`] ?? '').trim();
}

const SECRET_INPUTS: ReadonlySet<AckInputName> = new Set([
  'alibaba-cloud-access-key-id',
  'alibaba-cloud-access-key-secret',
  'alibaba-cloud-security-token'
]);

const PROVISION_ONLY: AckInputName[] = [
  'ack-cluster-spec',
  'ack-gpu-instance-type',
  'ack-gpu-count',
  'ack-max-lifetime-minutes',
  'ack-teardown'
];

/**
 * The ACK options, or null when ACK is not used. Problems are appended to `problems` (so the
 * caller reports them with its own); the returned value is meaningful only when none were added.
 * `get` returns an input's raw value, '' when not given (defaults are applied here).
 */
export function readAckOptions(
  get: (name: AckInputName) => string,
  problems: string[],
  ctx: { conformanceVersion: string | null }
): AckOptions | null {
  const raw = (name: AckInputName) => get(name).trim();
  const value = (name: AckInputName) => raw(name) || ACK_INPUT_DEFAULTS[name];
  const bool = (name: AckInputName): boolean => {
    const v = value(name);
    if (/^(true|True|TRUE)$/.test(v)) return true;
    if (/^(false|False|FALSE)$/.test(v)) return false;
    problems.push(`input "${name}": ${show(v)} is not a boolean: use true or false`);
    return false;
  };
  const integer = (name: AckInputName, range: { min: number; max: number }, unit: string): number => {
    const v = value(name);
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < range.min || n > range.max) {
      problems.push(
        `input "${name}": ${show(v)} is not a whole number of ${unit} from ${range.min} to ${range.max}`
      );
      return range.min;
    }
    return n;
  };

  const clusterId = raw('ack-cluster-id');
  const provision = bool('ack-provision');
  if (!clusterId && !provision) {
    const stray = (Object.keys(ACK_INPUT_DEFAULTS) as AckInputName[]).filter(
      n =>
        n !== 'ack-provision' &&
        raw(n) !== '' &&
        raw(n) !== ACK_INPUT_DEFAULTS[n] &&
        !n.startsWith('alibaba-cloud-') &&
        n !== 'kubeconfig-ttl-minutes'
    );
    for (const n of stray)
      problems.push(
        `input "${n}" is set but neither "ack-cluster-id" nor "ack-provision: true" is: set one of them, or remove it`
      );
    return null;
  }
  if (clusterId && provision) {
    problems.push(
      'inputs "ack-cluster-id" and "ack-provision: true" are both set: connect to an existing cluster or provision a new one, not both'
    );
  }
  if (clusterId && !CLUSTER_ID_PATTERN.test(clusterId)) {
    problems.push(
      `input "ack-cluster-id": ${show(clusterId)} is not an ACK cluster id (letters, digits and hyphens, e.g. c3fb96524f9274b4495df0f12a6b5xxxx)`
    );
  }
  if (!provision) {
    for (const n of PROVISION_ONLY) {
      if (raw(n) !== '' && raw(n) !== ACK_INPUT_DEFAULTS[n])
        problems.push(`input "${n}" only applies with "ack-provision: true"`);
    }
  }

  const region = raw('alibaba-cloud-region');
  if (!region)
    problems.push(
      'input "alibaba-cloud-region" is required with ACK: the region id of the cluster, e.g. cn-hangzhou'
    );
  else if (!REGION_PATTERN.test(region))
    problems.push(
      `input "alibaba-cloud-region": ${show(region)} is not a region id (e.g. cn-hangzhou, ap-southeast-1)`
    );

  const credentials = readCredentialInputs(raw, problems);
  const privateEndpoint = bool('ack-private-endpoint');
  const kubeconfigTtlMinutes = integer('kubeconfig-ttl-minutes', KUBECONFIG_TTL_RANGE, 'minutes');
  const teardownValue = value('ack-teardown');
  const teardown = (TEARDOWN_POLICIES as readonly string[]).includes(teardownValue)
    ? (teardownValue as TeardownPolicy)
    : 'always';
  if (teardown !== teardownValue)
    problems.push(
      `input "ack-teardown": ${show(teardownValue)} is not one of ${TEARDOWN_POLICIES.join(', ')}`
    );

  let provisionOptions: AckProvisionOptions | null = null;
  if (provision) {
    let maxLifetimeMinutes = 0;
    if (!raw('ack-max-lifetime-minutes')) {
      problems.push(
        `input "ack-max-lifetime-minutes" is required with "ack-provision: true": the minutes after which \`ai-conformance ack sweep\` may delete the cluster (${MAX_LIFETIME_RANGE.min}–${MAX_LIFETIME_RANGE.max}); it caps the cost of a cluster a failed teardown leaves behind`
      );
    } else {
      maxLifetimeMinutes = integer('ack-max-lifetime-minutes', MAX_LIFETIME_RANGE, 'minutes');
    }
    const gpuInstanceType = value('ack-gpu-instance-type');
    if (!/^ecs\.[a-z0-9-]+\.[a-z0-9-]+$/.test(gpuInstanceType)) {
      problems.push(
        `input "ack-gpu-instance-type": ${show(gpuInstanceType)} is not an ECS instance type (e.g. ecs.gn7i-c8g1.2xlarge)`
      );
    }
    provisionOptions = {
      spec: readClusterSpec(raw('ack-cluster-spec'), region, problems),
      gpuInstanceType,
      gpuCount: integer('ack-gpu-count', GPU_COUNT_RANGE, 'GPU nodes'),
      maxLifetimeMinutes,
      kubernetesMinor: ctx.conformanceVersion
    };
  }

  return {
    mode: provision ? 'provision' : 'connect',
    region,
    clusterId: clusterId || null,
    credentials,
    privateEndpoint,
    kubeconfigTtlMinutes,
    provision: provisionOptions,
    teardown
  };
}

/** readAckOptions that throws AckInputError listing every problem. */
export function parseAckOptions(
  get: (name: AckInputName) => string,
  ctx: { conformanceVersion: string | null }
): AckOptions | null {
  const problems: string[] = [];
  const options = readAckOptions(get, problems, ctx);
  if (problems.length > 0) throw new AckInputError(problems);
  return options;
}

function readCredentialInputs(raw: (name: AckInputName) => string, problems: string[]): CredentialInputs {
  const credentials: CredentialInputs = {
    accessKeyId: raw('alibaba-cloud-access-key-id') || undefined,
    accessKeySecret: raw('alibaba-cloud-access-key-secret') || undefined,
    securityToken: raw('alibaba-cloud-security-token') || undefined,
    roleArn: raw('alibaba-cloud-role-arn') || undefined,
    oidcProviderArn: raw('alibaba-cloud-oidc-provider-arn') || undefined
  };
  const keys = Boolean(credentials.accessKeyId || credentials.accessKeySecret || credentials.securityToken);
  const oidc = Boolean(credentials.roleArn || credentials.oidcProviderArn);
  if (keys && oidc) {
    problems.push(
      'inputs "alibaba-cloud-access-key-id"/"alibaba-cloud-access-key-secret" and "alibaba-cloud-role-arn"/"alibaba-cloud-oidc-provider-arn" are both set: use access keys or OIDC, not both'
    );
  } else if (keys && (!credentials.accessKeyId || !credentials.accessKeySecret)) {
    const missing = credentials.accessKeyId
      ? 'alibaba-cloud-access-key-secret'
      : 'alibaba-cloud-access-key-id';
    problems.push(
      `input "${missing}" is missing: "alibaba-cloud-access-key-id" and "alibaba-cloud-access-key-secret" go together (a security token needs both)`
    );
  } else if (oidc && (!credentials.roleArn || !credentials.oidcProviderArn)) {
    const missing = credentials.roleArn ? 'alibaba-cloud-oidc-provider-arn' : 'alibaba-cloud-role-arn';
    problems.push(
      `input "${missing}" is missing: "alibaba-cloud-role-arn" and "alibaba-cloud-oidc-provider-arn" go together for keyless OIDC`
    );
  }
  if (credentials.roleArn && !/^acs:ram::\d+:role\/[\w.@+=,-]+$/i.test(credentials.roleArn)) {
    problems.push(
      `input "alibaba-cloud-role-arn": ${show(credentials.roleArn)} is not a RAM role ARN (acs:ram::<account id>:role/<role name>)`
    );
  }
  if (
    credentials.oidcProviderArn &&
    !/^acs:ram::\d+:oidc-provider\/[\w.@+=,-]+$/i.test(credentials.oidcProviderArn)
  ) {
    problems.push(
      `input "alibaba-cloud-oidc-provider-arn": ${show(credentials.oidcProviderArn)} is not an OIDC provider ARN (acs:ram::<account id>:oidc-provider/<provider name>)`
    );
  }
  for (const name of SECRET_INPUTS) {
    if (/[\r\n]/.test(raw(name))) problems.push(`input "${name}" has a line break: paste the value alone`);
  }
  return credentials;
}

/** `ack-cluster-spec`: a CreateCluster body as YAML or JSON, in the API's snake_case fields. */
function readClusterSpec(text: string, region: string, problems: string[]): Record<string, unknown> | null {
  if (!text) return null;
  const where = 'input "ack-cluster-spec"';
  let doc: Document;
  try {
    doc = parseDocument(text, { uniqueKeys: true });
  } catch (e) {
    problems.push(`${where}: not YAML or JSON (${(e as Error).message.split('\n')[0]})`);
    return null;
  }
  if (doc.errors.length > 0) {
    problems.push(`${where}: not YAML or JSON (${doc.errors[0].message.split('\n')[0]})`);
    return null;
  }
  if (!isMap(doc.contents)) {
    problems.push(
      `${where}: must be a mapping (a CreateCluster request body), e.g. {"vpcid": "vpc-...", "vswitch_ids": ["vsw-..."]}`
    );
    return null;
  }
  const spec = doc.toJS() as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(spec)) {
    if (/[A-Z]/.test(key)) {
      problems.push(
        `${where}: field "${key}": use the API's snake_case names (${key.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`)})`
      );
    }
  }
  const str = (key: string) => {
    if (spec[key] !== undefined && typeof spec[key] !== 'string')
      problems.push(`${where}: "${key}" must be a string`);
  };
  ['name', 'cluster_type', 'cluster_spec', 'profile', 'kubernetes_version', 'vpcid', 'region_id'].forEach(
    str
  );
  if (typeof spec.region_id === 'string' && region && spec.region_id !== region) {
    problems.push(
      `${where}: "region_id" is ${show(spec.region_id)} but input "alibaba-cloud-region" is ${show(region)}: make them the same (or drop region_id)`
    );
  }
  if (spec.deletion_protection === true) {
    problems.push(
      `${where}: "deletion_protection: true" would stop teardown and the sweep from deleting the cluster: remove it`
    );
  }
  const nodepools = doc.get('nodepools');
  if (spec.nodepools !== undefined && !isSeq(nodepools))
    problems.push(`${where}: "nodepools" must be a list of node pools`);
  const tags = spec.tags;
  if (
    tags !== undefined &&
    (!Array.isArray(tags) ||
      tags.some(t => !t || typeof t !== 'object' || typeof (t as { key?: unknown }).key !== 'string'))
  ) {
    problems.push(`${where}: "tags" must be a list of {key, value}`);
  }
  if (Array.isArray(spec.vswitch_ids) === false && spec.vswitch_ids !== undefined)
    problems.push(`${where}: "vswitch_ids" must be a list`);
  return problems.length === before ? spec : null;
}

/** A value quoted for an error message, cut short so a pasted blob cannot flood the log. */
function show(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}
