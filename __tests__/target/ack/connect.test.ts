import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { connectAck } from '../../../src/target/ack/index.js';
import { AckError } from '../../../src/target/ack/errors.js';
import type { AckOptions } from '../../../src/target/ack/inputs.js';
import { startSim, type Sim } from '../../sim/server/harness.js';
import { findLeaks, PROVIDER_ARN, REGION, ROLE_ARN, startStand, type Stand } from './stand.js';

const CLUSTER = 'c0123456789abcdef0123456789abcdef';

let stand: Stand;
let sim: Sim | null = null;
const errors: string[] = [];

afterEach(async () => {
  // Whatever a test did, no credential reached a log line or an error message.
  expect(findLeaks(stand.secrets(), [...stand.log, ...errors])).toEqual([]);
  errors.length = 0;
  await stand.stop();
  await sim?.close();
  sim = null;
});

async function setup(kubeServer?: { url: string; caPem: string; token?: string }) {
  stand = await startStand({ kubeServer });
  stand.ack.addCluster({ cluster_id: CLUSTER });
}

function options(over: Partial<AckOptions> = {}): AckOptions {
  return {
    mode: 'connect',
    region: REGION,
    clusterId: CLUSTER,
    credentials: { accessKeyId: stand.key.id, accessKeySecret: stand.key.secret },
    privateEndpoint: false,
    kubeconfigTtlMinutes: 60,
    provision: null,
    teardown: 'always',
    ...over
  };
}

async function failure(p: Promise<unknown>): Promise<AckError> {
  try {
    await p;
  } catch (e) {
    errors.push((e as Error).message);
    if (e instanceof AckError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('connect with access keys', () => {
  it('asks for a temporary kubeconfig and returns it with its expiry, credential fields masked', async () => {
    await setup();
    const conn = await connectAck(options({ kubeconfigTtlMinutes: 120 }), stand.deps);
    const kc = new k8s.KubeConfig();
    kc.loadFromString(conn.kubeconfig);
    expect(kc.getCurrentCluster()?.server).toBe('https://127.0.0.1:6443');
    expect(conn.expiresAt).toBe(new Date(stand.time.now() + 120 * 60_000).toISOString());
    const call = stand.ack.calls('DescribeClusterUserKubeconfig')[0];
    expect(call).toMatchObject({
      path: `/k8s/${CLUSTER}/user_config`,
      accessKeyId: stand.key.id,
      status: 200
    });
    expect(call.query).toEqual({ PrivateIpAddress: 'false', TemporaryDurationMinutes: '120' });
    expect(stand.masked).toEqual(
      expect.arrayContaining([stand.key.id, stand.key.secret, kc.getCurrentUser()!.token!])
    );
    expect(stand.log).toContain(
      `ACK: kubeconfig for cluster ${CLUSTER} (public endpoint), valid until ${conn.expiresAt}`
    );
  });

  it('asks for the private endpoint with ack-private-endpoint', async () => {
    await setup();
    const conn = await connectAck(options({ privateEndpoint: true }), stand.deps);
    expect(stand.ack.calls('DescribeClusterUserKubeconfig')[0].query.PrivateIpAddress).toBe('true');
    expect(conn.privateEndpoint).toBe(true);
  });

  it('takes the keys from ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET when no key input is given', async () => {
    await setup();
    const deps = {
      ...stand.deps,
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: stand.key.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: stand.key.secret }
    };
    await connectAck(options({ credentials: {} }), deps);
    expect(stand.ack.calls('DescribeClusterUserKubeconfig')[0].accessKeyId).toBe(stand.key.id);
    expect(stand.log).toContain(
      `ACK: region ${REGION}, credentials: access key from ALIBABA_CLOUD_* environment`
    );
  });

  it('is rejected with SignatureDoesNotMatch for a wrong secret, naming the secret input', async () => {
    await setup();
    const e = await failure(
      connectAck(
        options({ credentials: { accessKeyId: stand.key.id, accessKeySecret: 'not-the-secret-at-all' } }),
        stand.deps
      )
    );
    expect(e.kind).toBe('credentials');
    expect(e.message).toMatch(
      /^Alibaba Cloud rejected the request signature \(SignatureDoesNotMatch\): input "alibaba-cloud-access-key-secret" does not belong to input "alibaba-cloud-access-key-id"/
    );
    expect(stand.ack.calls('DescribeClusterUserKubeconfig')[0].status).toBe(400);
  });

  it('reports an unknown access key (InvalidAccessKeyId.NotFound), naming the environment variable it came from', async () => {
    await setup();
    const deps = {
      ...stand.deps,
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tUnknownKey0000',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'whatever-secret'
      }
    };
    const e = await failure(connectAck(options({ credentials: {} }), deps));
    expect(e.message).toMatch(
      /^Alibaba Cloud does not accept the access key \(InvalidAccessKeyId\.NotFound\): check that ALIBABA_CLOUD_ACCESS_KEY_ID is the AccessKey ID of an active key/
    );
  });
});

describe('connect with an STS token', () => {
  it('signs with the temporary key and sends its token', async () => {
    await setup();
    const creds = {
      accessKeyId: stand.stsKey.id,
      accessKeySecret: stand.stsKey.secret,
      securityToken: stand.stsKey.token
    };
    await connectAck(options({ credentials: creds }), stand.deps);
    expect(stand.ack.calls('DescribeClusterUserKubeconfig')[0]).toMatchObject({
      accessKeyId: stand.stsKey.id,
      status: 200
    });
    expect(stand.masked).toEqual(expect.arrayContaining([stand.stsKey.token, stand.stsKey.secret]));
    expect(stand.log).toContain(`ACK: region ${REGION}, credentials: STS token from inputs`);
  });

  it('names the token input when the token does not belong to the key', async () => {
    await setup();
    const creds = {
      accessKeyId: stand.stsKey.id,
      accessKeySecret: stand.stsKey.secret,
      securityToken: 'CAISsomeoneelsestoken'
    };
    const e = await failure(connectAck(options({ credentials: creds }), stand.deps));
    expect(e.message).toMatch(
      /^Alibaba Cloud rejected the STS security token \(InvalidSecurityToken\.MismatchWithAccessKey\): input "alibaba-cloud-security-token" is expired/
    );
  });

  it('reports an expired token', async () => {
    await setup();
    await stand.time.sleep(2 * 3600_000);
    const creds = {
      accessKeyId: stand.stsKey.id,
      accessKeySecret: stand.stsKey.secret,
      securityToken: stand.stsKey.token
    };
    const e = await failure(connectAck(options({ credentials: creds }), stand.deps));
    expect(e.code).toBe('InvalidSecurityToken.Expired');
  });
});

describe('connect with OIDC', () => {
  it('exchanges the workflow ID token for an STS session and signs with it', async () => {
    await setup();
    const conn = await connectAck(
      options({ credentials: { roleArn: ROLE_ARN, oidcProviderArn: PROVIDER_ARN } }),
      stand.deps
    );
    expect(conn.kubeconfig).toContain('current-context:');
    const [exchange] = stand.sts.requests;
    expect(exchange.action).toBe('AssumeRoleWithOIDC');
    // The token goes in the form body, not the URL.
    expect(exchange.form).toMatchObject({
      RoleArn: ROLE_ARN,
      OIDCProviderArn: PROVIDER_ARN,
      OIDCToken: stand.idToken,
      DurationSeconds: '3600'
    });
    expect(exchange.query.OIDCToken).toBeUndefined();
    const issued = stand.sts.issued[0];
    expect(stand.ack.calls('DescribeClusterUserKubeconfig')[0]).toMatchObject({
      accessKeyId: issued.accessKeyId,
      status: 200
    });
    expect(stand.masked).toEqual(
      expect.arrayContaining([
        stand.idToken,
        issued.accessKeyId,
        issued.accessKeySecret,
        issued.securityToken
      ])
    );
    expect(stand.log).toContain(`ACK: region ${REGION}, credentials: OIDC role ${ROLE_ARN}`);
  });

  it('renews the STS session before it expires', async () => {
    await setup();
    const { createAckClient } = await import('../../../src/target/ack/factory.js');
    const client = createAckClient(REGION, { roleArn: ROLE_ARN, oidcProviderArn: PROVIDER_ARN }, stand.deps);
    await client.describeClusterDetail(CLUSTER);
    await client.describeClusterDetail(CLUSTER);
    expect(stand.sts.issued).toHaveLength(1);
    await stand.time.sleep(56 * 60_000); // inside the 5-minute margin of the 1-hour session
    await client.describeClusterDetail(CLUSTER);
    expect(stand.sts.issued).toHaveLength(2);
    expect(stand.ack.requests.at(-1)!.accessKeyId).toBe(stand.sts.issued[1].accessKeyId);
  });

  it('names the trust setup when STS rejects the token audience', async () => {
    await setup();
    const deps = {
      ...stand.deps,
      getIdToken: async () =>
        (await import('../../helpers/ack-server.js')).fakeIdToken({ aud: 'https://github.com/acme' })
    };
    const e = await failure(
      connectAck(options({ credentials: { roleArn: ROLE_ARN, oidcProviderArn: PROVIDER_ARN } }), deps)
    );
    expect(e.kind).toBe('credentials');
    expect(e.message).toMatch(
      /^AssumeRoleWithOIDC rejected the GitHub ID token \(AuthenticationFail\.OIDCToken\.Audience\): the OIDC provider in input "alibaba-cloud-oidc-provider-arn" must have issuer https:\/\/token\.actions\.githubusercontent\.com and client ID sts\.aliyuncs\.com/
    );
  });

  it('names the role input for an unknown role and the provider input for an unknown provider', async () => {
    await setup();
    const role = await failure(
      connectAck(
        options({
          credentials: { roleArn: 'acs:ram::1234567890123456:role/nope', oidcProviderArn: PROVIDER_ARN }
        }),
        stand.deps
      )
    );
    expect(role.message).toBe(
      'AssumeRoleWithOIDC: the role does not exist (EntityNotExist.Role): check input "alibaba-cloud-role-arn"'
    );
    const provider = await failure(
      connectAck(
        options({
          credentials: { roleArn: ROLE_ARN, oidcProviderArn: 'acs:ram::1234567890123456:oidc-provider/other' }
        }),
        stand.deps
      )
    );
    expect(provider.message).toBe(
      'AssumeRoleWithOIDC: the OIDC provider does not exist (EntityNotExist.OIDCProvider): check input "alibaba-cloud-oidc-provider-arn"'
    );
  });

  it('says to grant id-token: write when the ID token cannot be fetched', async () => {
    await setup();
    const deps = {
      ...stand.deps,
      getIdToken: async () =>
        Promise.reject(new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable'))
    };
    const e = await failure(
      connectAck(options({ credentials: { roleArn: ROLE_ARN, oidcProviderArn: PROVIDER_ARN } }), deps)
    );
    expect(e.message).toMatch(/give the job `permissions: id-token: write`$/);
    expect(stand.ack.requests).toHaveLength(0);
  });
});

describe('connect errors', () => {
  it('names the RAM action when the identity lacks permission', async () => {
    await setup();
    stand.ack.denied.add('DescribeClusterUserKubeconfig');
    const e = await failure(connectAck(options(), stand.deps));
    expect(e.kind).toBe('permission');
    expect(e.message).toMatch(
      /^the RAM identity of input "alibaba-cloud-access-key-id" is not allowed to call cs:DescribeClusterUserKubeconfig \(Forbidden\.RAM\): grant the RAM action "cs:DescribeClusterUserKubeconfig" on cluster c0123/
    );
  });

  it('treats NoPermission like Forbidden.RAM and names the OIDC role as who needs the grant', async () => {
    await setup();
    stand.ack.fault('DescribeClusterUserKubeconfig', {
      status: 403,
      code: 'NoPermission',
      message: 'no permission'
    });
    const e = await failure(
      connectAck(options({ credentials: { roleArn: ROLE_ARN, oidcProviderArn: PROVIDER_ARN } }), stand.deps)
    );
    expect(e.message).toMatch(
      /^the RAM role in input "alibaba-cloud-role-arn" is not allowed to call cs:DescribeClusterUserKubeconfig \(NoPermission\)/
    );
  });

  it('names the cluster id and region when the cluster does not exist', async () => {
    await setup();
    const e = await failure(connectAck(options({ clusterId: 'cdoesnotexist' }), stand.deps));
    expect(e.kind).toBe('not-found');
    expect(e.message).toMatch(
      /^ACK cluster "cdoesnotexist" not found in region cn-hangzhou \(ErrorClusterNotFound\): check inputs "ack-cluster-id" and "alibaba-cloud-region"/
    );
  });

  it('retries throttling with growing backoff and succeeds', async () => {
    await setup();
    stand.ack.fault('DescribeClusterUserKubeconfig', {
      status: 429,
      code: 'Throttling.User',
      message: 'Request was denied due to user flow control.',
      times: 3
    });
    await connectAck(options(), stand.deps);
    const calls = stand.ack.calls('DescribeClusterUserKubeconfig');
    expect(calls.map(c => c.status)).toEqual([429, 429, 429, 200]);
    // random() = 0.5 → 3/4 of the capped exponential step: 0.75 s, 1.5 s, 3 s.
    expect(stand.time.sleeps).toEqual([750, 1500, 3000]);
    expect(stand.log).toContain(
      'ACK DescribeClusterUserKubeconfig: Throttling.User, retrying in 0.8s (attempt 2 of 6)'
    );
  });

  it("honours the server's retry-after as the least wait", async () => {
    await setup();
    stand.ack.fault('DescribeClusterUserKubeconfig', {
      status: 429,
      code: 'Throttling.User',
      message: 'slow down',
      retryAfterMs: 5000
    });
    await connectAck(options(), stand.deps);
    expect(stand.time.sleeps).toEqual([5000]);
  });

  it('gives up on throttling after the last attempt with a message saying what to do', async () => {
    await setup();
    stand.ack.fault('DescribeClusterUserKubeconfig', {
      status: 429,
      code: 'Throttling.User',
      message: 'flow control',
      times: 10
    });
    const e = await failure(connectAck(options(), stand.deps));
    expect(e.kind).toBe('throttling');
    expect(e.message).toMatch(
      /^Alibaba Cloud kept throttling cs:DescribeClusterUserKubeconfig \(Throttling\.User\) after 6 attempts: too many API calls on this account/
    );
    expect(stand.ack.calls('DescribeClusterUserKubeconfig')).toHaveLength(6);
  });

  it('retries a server error, then succeeds', async () => {
    await setup();
    stand.ack.fault('DescribeClusterUserKubeconfig', {
      status: 503,
      code: 'ServiceUnavailable',
      message: 'busy'
    });
    await connectAck(options(), stand.deps);
    expect(stand.ack.calls('DescribeClusterUserKubeconfig').map(c => c.status)).toEqual([503, 200]);
  });

  it('retries when the API does not answer, then says so', async () => {
    await setup();
    const closed = createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>(resolve => closed.close(() => resolve()));
    const deps = {
      ...stand.deps,
      endpoints: { ...stand.deps.endpoints, cs: { endpoint: `127.0.0.1:${port}`, ca: stand.ack.caPem } }
    };
    const e = await failure(connectAck(options(), deps));
    expect(e.message).toMatch(
      /^ACK DescribeClusterUserKubeconfig got no answer from the API \(.*ECONNREFUSED.*\) after 6 attempts: check the runner's network and input "alibaba-cloud-region"$/
    );
    expect(stand.time.sleeps).toHaveLength(5);
  });

  it('refuses a TTL outside 15–4320 minutes before calling, naming the input', async () => {
    await setup();
    const e = await failure(connectAck(options({ kubeconfigTtlMinutes: 5000 }), stand.deps));
    expect(e.message).toBe(
      'input "kubeconfig-ttl-minutes": 5000 is not a whole number of minutes from 15 to 4320'
    );
    expect(stand.ack.requests).toHaveLength(0);
  });

  it('refuses to start without any credentials, listing the ways to give them', async () => {
    await setup();
    const e = await failure(connectAck(options({ credentials: {} }), stand.deps));
    expect(e.kind).toBe('input');
    expect(e.message).toMatch(
      /^no Alibaba Cloud credentials: set inputs "alibaba-cloud-access-key-id" and "alibaba-cloud-access-key-secret"/
    );
  });
});

describe('connect end to end', () => {
  it('hands back a kubeconfig that reaches the cluster (the simulator stands in for it)', async () => {
    sim = await startSim();
    await setup({ url: sim.server.url, caPem: sim.server.caPem, token: sim.server.token });
    const conn = await connectAck(options(), stand.deps);
    const kc = new k8s.KubeConfig();
    kc.loadFromString(conn.kubeconfig);
    const version = await kc.makeApiClient(k8s.VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\.34\./);
    const namespaces = await kc.makeApiClient(k8s.CoreV1Api).listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).toContain('kube-system');
    expect(stand.masked).toContain(sim.server.token);
  });
});
