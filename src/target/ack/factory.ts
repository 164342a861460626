/**
 * One place that turns credential inputs and the injected runtime (log, mask, clock, OIDC token
 * source, endpoints) into an AckClient, so connect, provision, teardown, the post step and the CLI
 * build it the same way.
 */
import { AckClient, realSleep, type CsEndpoint, type RetryPolicy, type Sleep } from './client.js';
import { resolveCredentials, type CredentialInputs, type StsEndpoint } from './credentials.js';

export interface AckDeps {
  env: NodeJS.ProcessEnv;
  /** A progress line (core.info in the action). Never given a secret. */
  log: (line: string) => void;
  /** core.setSecret in the action: every credential value obtained is registered here first. */
  mask: (value: string) => void;
  /** core.getIDToken in the action (keyless OIDC). */
  getIdToken?: (audience: string) => Promise<string>;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
  /** Endpoint overrides (tests, VPC endpoints); default: the public regional endpoints. */
  endpoints?: { cs?: CsEndpoint; sts?: StsEndpoint };
  retry?: Partial<RetryPolicy>;
}

export function createAckClient(region: string, credentials: CredentialInputs, deps: AckDeps): AckClient {
  const resolved = resolveCredentials(credentials, {
    env: deps.env,
    mask: deps.mask,
    getIdToken: deps.getIdToken,
    sts: deps.endpoints?.sts,
    now: deps.now
  });
  deps.log(`ACK: region ${region}, credentials: ${resolved.description}`);
  return new AckClient({
    region,
    credentials: resolved,
    endpoint: deps.endpoints?.cs,
    retry: deps.retry,
    sleep: deps.sleep ?? realSleep,
    random: deps.random,
    log: deps.log
  });
}
