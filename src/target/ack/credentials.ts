/**
 * Alibaba Cloud credentials for the ACK calls, from (in this order) the access-key inputs, the
 * keyless OIDC inputs, or the standard ALIBABA_CLOUD_* environment (which
 * aliyun/configure-aliyun-credentials-action exports). Every value obtained goes through `mask`
 * before any request is made, so a later log line cannot show it.
 *
 * OIDC: the workflow's ID token (audience sts.aliyuncs.com) is exchanged for an STS session with
 * AssumeRoleWithOIDC. @alicloud/credentials' oidc_role_arn provider cannot be used for that: it
 * only reads the token from a file and always speaks HTTPS with the system CAs to its STS host, so
 * neither a token fetched in memory nor a test endpoint fits. The exchange is made instead with
 * the official @alicloud/openapi-core client (the same call the STS SDK makes: RPC style,
 * anonymous, form body), wrapped in a @alicloud/credentials provider that refreshes the session
 * before it expires (a provisioning run can outlast one session).
 */
import { readFile } from 'node:fs/promises';
import { AckError, type CredentialHints } from './errors.js';
import {
  $OpenApiUtil,
  Credential,
  CredentialConfig,
  OpenApiClient,
  type CredentialsProvider
} from './sdk.js';

/** The credential inputs exactly as given (empty strings for unset inputs are not allowed here). */
export interface CredentialInputs {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  roleArn?: string;
  oidcProviderArn?: string;
}

/** Where a test (or a VPC endpoint) points the STS calls. */
export interface StsEndpoint {
  /** host[:port], default sts.aliyuncs.com. */
  endpoint?: string;
  protocol?: 'https' | 'http';
  /** PEM CA to trust (tests). */
  ca?: string;
}

export interface CredentialDeps {
  env: NodeJS.ProcessEnv;
  /** core.setSecret in the action. */
  mask: (value: string) => void;
  /** core.getIDToken in the action; needed only for OIDC. */
  getIdToken?: (audience: string) => Promise<string>;
  sts?: StsEndpoint;
  now?: () => number;
}

export type CredentialKind = 'access-key' | 'sts-token' | 'oidc';

export interface ResolvedCredentials {
  kind: CredentialKind;
  /** One line for the log, without any secret: "access key from inputs". */
  description: string;
  /** Pass as `credential` in the SDK Config. */
  credential: Credential;
  hints: CredentialHints;
  /** Every secret value known so far (for redaction of server messages). */
  secrets(): string[];
}

export const OIDC_AUDIENCE = 'sts.aliyuncs.com';
const DEFAULT_STS_ENDPOINT = 'sts.aliyuncs.com';
const SESSION_SECONDS = 3600;
/** Refresh an STS session this long before it expires. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

const INPUT_HINTS = {
  accessKeyId: 'input "alibaba-cloud-access-key-id"',
  accessKeySecret: 'input "alibaba-cloud-access-key-secret"',
  securityToken: 'input "alibaba-cloud-security-token"'
};
const ENV_HINTS = {
  accessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  accessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  securityToken: 'ALIBABA_CLOUD_SECURITY_TOKEN'
};

/**
 * Picks the credential source. Throws AckError('input') for half-given pairs and when nothing is
 * configured; makes no network call (an OIDC exchange happens on the first API request).
 */
export function resolveCredentials(inputs: CredentialInputs, deps: CredentialDeps): ResolvedCredentials {
  const given = (v: string | undefined): v is string => typeof v === 'string' && v.trim() !== '';
  const keyInputs = given(inputs.accessKeyId) || given(inputs.accessKeySecret) || given(inputs.securityToken);
  const oidcInputs = given(inputs.roleArn) || given(inputs.oidcProviderArn);
  if (keyInputs && oidcInputs) {
    throw new AckError(
      'input',
      'inputs "alibaba-cloud-access-key-id"/"alibaba-cloud-access-key-secret" and "alibaba-cloud-role-arn"/"alibaba-cloud-oidc-provider-arn" are both set: use access keys or OIDC, not both'
    );
  }
  if (keyInputs) {
    if (!given(inputs.accessKeyId) || !given(inputs.accessKeySecret)) {
      throw new AckError(
        'input',
        'inputs "alibaba-cloud-access-key-id" and "alibaba-cloud-access-key-secret" go together: set both (and "alibaba-cloud-security-token" for an STS token)'
      );
    }
    return staticCredentials(
      inputs.accessKeyId,
      inputs.accessKeySecret,
      inputs.securityToken,
      'inputs',
      INPUT_HINTS,
      deps
    );
  }
  if (oidcInputs) {
    if (!given(inputs.roleArn) || !given(inputs.oidcProviderArn)) {
      throw new AckError(
        'input',
        'inputs "alibaba-cloud-role-arn" and "alibaba-cloud-oidc-provider-arn" go together: set both for keyless OIDC'
      );
    }
    return oidcCredentials(inputs.roleArn.trim(), inputs.oidcProviderArn.trim(), deps, 'inputs');
  }

  const env = deps.env;
  if (given(env.ALIBABA_CLOUD_ACCESS_KEY_ID) || given(env.ALIBABA_CLOUD_ACCESS_KEY_SECRET)) {
    if (!given(env.ALIBABA_CLOUD_ACCESS_KEY_ID) || !given(env.ALIBABA_CLOUD_ACCESS_KEY_SECRET)) {
      throw new AckError(
        'input',
        'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET go together: the environment has only one of them'
      );
    }
    return staticCredentials(
      env.ALIBABA_CLOUD_ACCESS_KEY_ID,
      env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
      env.ALIBABA_CLOUD_SECURITY_TOKEN,
      'environment',
      ENV_HINTS,
      deps
    );
  }
  if (given(env.ALIBABA_CLOUD_ROLE_ARN) && given(env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN)) {
    return oidcCredentials(
      env.ALIBABA_CLOUD_ROLE_ARN.trim(),
      env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN.trim(),
      deps,
      'environment'
    );
  }
  throw new AckError(
    'input',
    'no Alibaba Cloud credentials: set inputs "alibaba-cloud-access-key-id" and "alibaba-cloud-access-key-secret" (plus "alibaba-cloud-security-token" for STS), or "alibaba-cloud-role-arn" and "alibaba-cloud-oidc-provider-arn" with `permissions: id-token: write`, or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET in the environment'
  );
}

function staticCredentials(
  id: string,
  secret: string,
  token: string | undefined,
  origin: 'inputs' | 'environment',
  hints: typeof INPUT_HINTS,
  deps: CredentialDeps
): ResolvedCredentials {
  const accessKeyId = id.trim();
  const accessKeySecret = secret.trim();
  const securityToken = token?.trim() || undefined;
  for (const value of [accessKeyId, accessKeySecret, securityToken]) if (value) deps.mask(value);
  const kind: CredentialKind = securityToken ? 'sts-token' : 'access-key';
  const credential = new Credential(
    new CredentialConfig(
      securityToken
        ? { type: 'sts', accessKeyId, accessKeySecret, securityToken }
        : { type: 'access_key', accessKeyId, accessKeySecret }
    )
  );
  return {
    kind,
    description: `${securityToken ? 'STS token' : 'access key'} from ${origin === 'inputs' ? 'inputs' : 'ALIBABA_CLOUD_* environment'}`,
    credential,
    hints: { ...hints, identity: `the RAM identity of ${hints.accessKeyId}` },
    secrets: () => [accessKeyId, accessKeySecret, ...(securityToken ? [securityToken] : [])]
  };
}

function oidcCredentials(
  roleArn: string,
  providerArn: string,
  deps: CredentialDeps,
  origin: 'inputs' | 'environment'
): ResolvedCredentials {
  const provider = new OidcRoleProvider(roleArn, providerArn, deps, origin);
  const roleHint = origin === 'inputs' ? 'input "alibaba-cloud-role-arn"' : 'ALIBABA_CLOUD_ROLE_ARN';
  const sessionHint = `the STS session of the role in ${roleHint}`;
  return {
    kind: 'oidc',
    description: `OIDC role ${roleArn}`,
    credential: new Credential(null, provider),
    hints: {
      accessKeyId: sessionHint,
      accessKeySecret: sessionHint,
      securityToken: sessionHint,
      identity: `the RAM role in ${roleHint}`
    },
    secrets: () => provider.secrets()
  };
}

interface Session {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  expiresAt: number;
}

/** A @alicloud/credentials provider: GitHub ID token → AssumeRoleWithOIDC → cached STS session. */
class OidcRoleProvider implements CredentialsProvider {
  private session: Session | null = null;
  private pending: Promise<Session> | null = null;
  private readonly known: string[] = [];

  constructor(
    private readonly roleArn: string,
    private readonly providerArn: string,
    private readonly deps: CredentialDeps,
    private readonly origin: 'inputs' | 'environment'
  ) {}

  getProviderName(): string {
    return 'oidc_role_arn';
  }

  secrets(): string[] {
    return [...this.known];
  }

  async getCredentials() {
    const now = (this.deps.now ?? Date.now)();
    if (!this.session || this.session.expiresAt - REFRESH_MARGIN_MS <= now) {
      this.pending ??= this.assume().finally(() => {
        this.pending = null;
      });
      this.session = await this.pending;
    }
    const { accessKeyId, accessKeySecret, securityToken } = this.session;
    return { accessKeyId, accessKeySecret, securityToken, providerName: this.getProviderName() };
  }

  private remember(value: string): void {
    if (!value) return;
    this.deps.mask(value);
    if (!this.known.includes(value)) this.known.push(value);
  }

  private async idToken(): Promise<string> {
    const file = this.deps.env.ALIBABA_CLOUD_OIDC_TOKEN_FILE;
    if (this.origin === 'environment' && file) return (await readFile(file, 'utf8')).trim();
    if (!this.deps.getIdToken) {
      throw new AckError(
        'credentials',
        "keyless OIDC needs the workflow's ID token: give the job `permissions: id-token: write` (and run as the action, or set ALIBABA_CLOUD_OIDC_TOKEN_FILE)"
      );
    }
    try {
      return await this.deps.getIdToken(OIDC_AUDIENCE);
    } catch (e) {
      throw new AckError(
        'credentials',
        `could not get the workflow's OIDC ID token for audience ${OIDC_AUDIENCE} (${(e as Error).message}): give the job \`permissions: id-token: write\``
      );
    }
  }

  private async assume(): Promise<Session> {
    const token = await this.idToken();
    this.remember(token);
    const sts = this.deps.sts ?? {};
    const client = new OpenApiClient(
      new $OpenApiUtil.Config({
        endpoint: sts.endpoint ?? DEFAULT_STS_ENDPOINT,
        protocol: sts.protocol ?? 'https',
        ca: sts.ca,
        regionId: 'cn-hangzhou',
        readTimeout: 15000,
        connectTimeout: 10000
      })
    );
    const params = new $OpenApiUtil.Params({
      action: 'AssumeRoleWithOIDC',
      version: '2015-04-01',
      protocol: 'HTTPS',
      pathname: '/',
      method: 'POST',
      authType: 'Anonymous',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json'
    });
    // The token travels in the form body, not the URL, so proxies do not log it.
    const request = new $OpenApiUtil.OpenApiRequest({
      body: {
        RoleArn: this.roleArn,
        OIDCProviderArn: this.providerArn,
        OIDCToken: token,
        RoleSessionName: sessionName(this.deps.env),
        DurationSeconds: String(SESSION_SECONDS)
      }
    });
    let answer: { body?: any };
    try {
      answer = await client.callApi(params, request, {} as Parameters<typeof client.callApi>[2]);
    } catch (e) {
      throw stsFailure(e, this.origin);
    }
    const c = answer.body?.Credentials;
    if (!c?.AccessKeyId || !c?.AccessKeySecret || !c?.SecurityToken) {
      throw new AckError(
        'credentials',
        'AssumeRoleWithOIDC answered without credentials: check the STS endpoint'
      );
    }
    for (const v of [c.AccessKeyId, c.AccessKeySecret, c.SecurityToken]) this.remember(String(v));
    const expiresAt = Date.parse(String(c.Expiration ?? ''));
    return {
      accessKeyId: String(c.AccessKeyId),
      accessKeySecret: String(c.AccessKeySecret),
      securityToken: String(c.SecurityToken),
      expiresAt: Number.isFinite(expiresAt)
        ? expiresAt
        : (this.deps.now ?? Date.now)() + SESSION_SECONDS * 1000
    };
  }
}

/** A session name STS accepts ([\w.@-]{2,64}) that ties the session to the workflow run. */
function sessionName(env: NodeJS.ProcessEnv): string {
  const run = [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter(Boolean).join('-');
  return `ai-conformance-${run || Date.now()}`.replace(/[^\w.@-]/g, '-').slice(0, 64);
}

function stsFailure(e: unknown, origin: 'inputs' | 'environment'): AckError {
  if (e instanceof AckError) return e;
  const err = e as { code?: string; message?: string; data?: Record<string, unknown> };
  const code = String(err.code ?? (err.data?.Code as string | undefined) ?? '');
  const role = origin === 'inputs' ? 'input "alibaba-cloud-role-arn"' : 'ALIBABA_CLOUD_ROLE_ARN';
  const provider =
    origin === 'inputs' ? 'input "alibaba-cloud-oidc-provider-arn"' : 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN';
  if (code === 'EntityNotExist.Role' || code === 'InvalidParameter.RoleArn') {
    return new AckError(
      'credentials',
      `AssumeRoleWithOIDC: the role does not exist (${code}): check ${role}`,
      code
    );
  }
  if (code.startsWith('EntityNotExist.OIDCProvider') || code === 'InvalidParameter.OIDCProviderArn') {
    return new AckError(
      'credentials',
      `AssumeRoleWithOIDC: the OIDC provider does not exist (${code}): check ${provider}`,
      code
    );
  }
  if (code.includes('OIDCToken') || code.startsWith('AuthenticationFail')) {
    return new AckError(
      'credentials',
      `AssumeRoleWithOIDC rejected the GitHub ID token (${code}): the OIDC provider in ${provider} must have issuer https://token.actions.githubusercontent.com and client ID ${OIDC_AUDIENCE}, and the trust policy of the role in ${role} must allow this repository's "sub" claim`,
      code
    );
  }
  if (code.startsWith('NoPermission') || code.startsWith('Forbidden')) {
    return new AckError(
      'permission',
      `AssumeRoleWithOIDC refused (${code}): the trust policy of the role in ${role} does not allow the OIDC provider in ${provider}`,
      code
    );
  }
  const detail = code ? `${code}` : (err.message ?? String(e)).split('\n')[0];
  return new AckError(
    'credentials',
    `AssumeRoleWithOIDC failed (${detail}): check ${role}, ${provider} and the STS endpoint`,
    code || null
  );
}
