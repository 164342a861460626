/**
 * The test stand for the ACK target: the ACK and STS stand-ins on one TLS identity, a fake clock
 * the client's sleeps advance, test credentials made fresh per stand (so a leak search finds
 * only real leaks), and deps that capture every log line and masked value.
 */
import { randomBytes } from 'node:crypto';
import {
  AckServer,
  StsServer,
  fakeIdToken,
  fakeTime,
  makeTls,
  type FakeTime
} from '../../helpers/ack-server.js';
import type { AckDeps } from '../../../src/target/ack/factory.js';

export const REGION = 'cn-hangzhou';
export const ROLE_ARN = 'acs:ram::1234567890123456:role/ai-conformance-ci';
export const PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/github';

export interface Stand {
  time: FakeTime;
  ack: AckServer;
  sts: StsServer;
  key: { id: string; secret: string };
  stsKey: { id: string; secret: string; token: string };
  idToken: string;
  log: string[];
  masked: string[];
  deps: AckDeps;
  /** Every secret the stand handed out so far (keys, tokens, kubeconfig credentials). */
  secrets(): string[];
  stop(): Promise<void>;
}

export async function startStand(
  opts: { kubeServer?: { url: string; caPem: string; token?: string } } = {}
): Promise<Stand> {
  const time = fakeTime();
  const tls = await makeTls();
  const key = {
    id: `LTAI5t${randomBytes(9).toString('hex')}`,
    secret: randomBytes(15).toString('base64url')
  };
  const stsKey = {
    id: `STS.NT${randomBytes(10).toString('hex')}`,
    secret: randomBytes(15).toString('base64url'),
    token: `CAIS${randomBytes(40).toString('base64url')}`
  };
  const ack = await AckServer.start({
    now: time.now,
    tls,
    kubeServer: opts.kubeServer,
    keys: [
      key,
      { id: stsKey.id, secret: stsKey.secret, securityToken: stsKey.token, expiresAt: time.now() + 3600_000 }
    ]
  });
  const idToken = fakeIdToken({
    aud: 'sts.aliyuncs.com',
    sub: 'repo:acme/cluster:ref:refs/heads/main',
    exp: 4102444800
  });
  const sts = await StsServer.start({
    roles: [{ roleArn: ROLE_ARN, oidcProviderArn: PROVIDER_ARN, tokens: [idToken] }],
    ack,
    now: time.now,
    tls
  });
  const log: string[] = [];
  const masked: string[] = [];
  const deps: AckDeps = {
    env: {},
    log: line => log.push(line),
    mask: value => masked.push(value),
    getIdToken: async audience => {
      if (audience !== 'sts.aliyuncs.com') throw new Error(`unexpected audience ${audience}`);
      return idToken;
    },
    now: time.now,
    sleep: time.sleep,
    random: () => 0.5,
    endpoints: {
      cs: { endpoint: ack.endpoint, ca: ack.caPem },
      sts: { endpoint: sts.endpoint, ca: sts.caPem }
    }
  };
  return {
    time,
    ack,
    sts,
    key,
    stsKey,
    idToken,
    log,
    masked,
    deps,
    secrets: () => [
      key.id,
      key.secret,
      stsKey.id,
      stsKey.secret,
      stsKey.token,
      idToken,
      ...ack.issuedSecrets,
      ...sts.issued.flatMap(c => [c.accessKeyId, c.accessKeySecret, c.securityToken])
    ],
    stop: async () => {
      await ack.stop();
      await sts.stop();
    }
  };
}

/** Which of the secrets occur in the texts (as "secret #i in text #j"; the values are not repeated). */
export function findLeaks(secrets: readonly string[], texts: readonly string[]): string[] {
  const found: string[] = [];
  secrets.forEach((secret, i) => {
    texts.forEach((text, j) => {
      if (secret && text.includes(secret)) found.push(`secret #${i} in text #${j}`);
    });
  });
  return found;
}
