/**
 * What went wrong with an Alibaba Cloud call, as one line that names what to fix. The SDK's own
 * messages ("code: 404, ... request id: ...") say what the server saw; these say which input,
 * environment variable or RAM grant the user has to change.
 */

export type AckErrorKind =
  | 'input'
  | 'credentials'
  | 'permission'
  | 'throttling'
  | 'quota'
  | 'not-found'
  | 'provision'
  | 'timeout'
  | 'cancelled'
  | 'api';

export class AckError extends Error {
  readonly kind: AckErrorKind;
  /** The Alibaba Cloud error code when the server answered, e.g. "Forbidden.RAM". */
  readonly code: string | null;
  constructor(kind: AckErrorKind, message: string, code: string | null = null) {
    super(message);
    this.name = 'AckError';
    this.kind = kind;
    this.code = code;
  }
}

/** Where the credentials came from, so a rejection names the inputs or variables to check. */
export interface CredentialHints {
  /** e.g. `input "alibaba-cloud-access-key-id"` or `ALIBABA_CLOUD_ACCESS_KEY_ID`. */
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  /** Who needs the RAM grant, e.g. `the RAM role in input "alibaba-cloud-role-arn"`. */
  identity: string;
}

export interface ApiFailure {
  code: string;
  statusCode: number | null;
  message: string;
  requestId: string | null;
}

/** Context of one call: the RAM action it needs and the resource it names. */
export interface CallContext {
  /** The API action, e.g. "DescribeClusterUserKubeconfig" (RAM action cs:<action>). */
  action: string;
  clusterId?: string;
  region: string;
  hints: CredentialHints;
  /** How many attempts were made (for throttling messages). */
  attempts?: number;
}

const SWEEP_HINT = 'ai-conformance ack sweep --region';

/** Maps a failed call to the message that says what to fix. */
export function explainFailure(failure: ApiFailure, ctx: CallContext): AckError {
  const { code } = failure;
  const ram = `cs:${ctx.action}`;
  const tail = failure.requestId ? ` (request id ${failure.requestId})` : '';

  if (
    code === 'InvalidAccessKeyId.NotFound' ||
    code === 'InvalidAccessKeyId' ||
    code.startsWith('InvalidAccessKeyId.')
  ) {
    return new AckError(
      'credentials',
      `Alibaba Cloud does not accept the access key (${code}): check that ${ctx.hints.accessKeyId} is the AccessKey ID of an active key in this account${tail}`,
      code
    );
  }
  if (code === 'SignatureDoesNotMatch' || code === 'IncompleteSignature' || code === 'InvalidSignature') {
    return new AckError(
      'credentials',
      `Alibaba Cloud rejected the request signature (${code}): ${ctx.hints.accessKeySecret} does not belong to ${ctx.hints.accessKeyId}; copy the AccessKey secret again${tail}`,
      code
    );
  }
  if (code.startsWith('InvalidSecurityToken')) {
    return new AckError(
      'credentials',
      `Alibaba Cloud rejected the STS security token (${code}): ${ctx.hints.securityToken} is expired, malformed or was issued for another access key; issue a fresh STS token${tail}`,
      code
    );
  }
  if (isPermissionCode(code) || failure.statusCode === 403) {
    return new AckError(
      'permission',
      `${ctx.hints.identity} is not allowed to call ${ram} (${code}): grant the RAM action "${ram}"${ctx.clusterId ? ` on cluster ${ctx.clusterId}` : ''} (README "Alibaba Cloud ACK" lists every action the action needs)${tail}`,
      code
    );
  }
  if (code.includes('Throttling')) {
    const attempts = ctx.attempts ?? 1;
    return new AckError(
      'throttling',
      `Alibaba Cloud kept throttling ${ram} (${code}) after ${attempts} attempt${attempts === 1 ? '' : 's'}: too many API calls on this account; run again later or spread scheduled runs apart${tail}`,
      code
    );
  }
  if (code.startsWith('QuotaExceeded') || code.startsWith('Quota.')) {
    return new AckError(
      'quota',
      `quota exhausted for ${ram} (${code}: ${failure.message}): raise the quota in the Alibaba Cloud Quota Center or delete unused clusters (\`${SWEEP_HINT} ${ctx.region}\` removes expired test clusters)${tail}`,
      code
    );
  }
  if (code === 'ErrorClusterNotFound' || code === 'ClusterNotFound') {
    return new AckError(
      'not-found',
      `ACK cluster ${JSON.stringify(ctx.clusterId ?? '')} not found in region ${ctx.region} (${code}): check inputs "ack-cluster-id" and "alibaba-cloud-region"${tail}`,
      code
    );
  }
  const status = failure.statusCode ? `, HTTP ${failure.statusCode}` : '';
  return new AckError(
    'api',
    `ACK ${ctx.action} failed (${code || 'no error code'}${status}): ${failure.message}${tail}`,
    code || null
  );
}

function isPermissionCode(code: string): boolean {
  return (
    code === 'NoPermission' ||
    code.startsWith('NoPermission.') ||
    code.startsWith('Forbidden') ||
    code === 'StatusForbidden' ||
    code.startsWith('ErrorRamPolicy') ||
    code === 'NotAuthorized' ||
    code === 'AccessDenied'
  );
}

/** Replaces every known secret in a text (server messages are echoed into errors). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = out.split(secret).join('***');
  }
  return out;
}
