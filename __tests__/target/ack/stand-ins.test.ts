/**
 * The ACK stand-in is only worth its tests if its signature check is real: requests signed with
 * the SDK's own signing function pass, and any change after signing, a wrong secret, a replay or a
 * missing STS token is refused with the code Alibaba Cloud uses.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OpenApiUtil } from '@alicloud/openapi-core';
import { startStand, type Stand } from './stand.js';

let stand: Stand;
beforeAll(async () => {
  stand = await startStand();
  stand.ack.addCluster({ cluster_id: 'cone000000001' });
  stand.ack.addCluster({ cluster_id: 'ctwo000000002' });
});
afterAll(async () => {
  await stand.stop();
});

interface Req {
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: string;
  action: string;
  id?: string;
  secret?: string;
  token?: string;
}

function sign(r: Req): Record<string, string> {
  const body = r.body ?? '';
  const payload = createHash('sha256').update(body).digest('hex');
  const headers: Record<string, string> = {
    host: stand.ack.endpoint,
    'x-acs-action': r.action,
    'x-acs-version': '2015-12-15',
    'x-acs-date': new Date().toISOString(),
    'x-acs-signature-nonce': randomBytes(16).toString('hex'),
    'x-acs-content-sha256': payload,
    ...(body ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    ...(r.token ? { 'x-acs-security-token': r.token, 'x-acs-accesskey-id': r.id ?? stand.key.id } : {})
  };
  const signable = {
    method: r.method,
    pathname: r.path,
    query: r.query ?? {},
    headers
  } as unknown as Parameters<typeof OpenApiUtil.getAuthorization>[0];
  headers.Authorization = OpenApiUtil.getAuthorization(
    signable,
    'ACS3-HMAC-SHA256',
    payload,
    r.id ?? stand.key.id,
    r.secret ?? stand.key.secret
  );
  return headers;
}

function send(
  r: { method: string; path: string; query?: Record<string, string>; body?: string },
  headers: Record<string, string>
): Promise<{ status: number; json: any }> {
  const qs = new URLSearchParams(r.query ?? {}).toString();
  const [host, port] = stand.ack.endpoint.split(':');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port: Number(port),
        method: r.method,
        path: r.path + (qs ? `?${qs}` : ''),
        headers,
        ca: stand.ack.caPem
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
        );
      }
    );
    req.on('error', reject);
    req.end(r.body ?? '');
  });
}

const code = (json: any) => json.Code ?? json.code;
const detail = { method: 'GET', path: '/clusters/cone000000001', action: 'DescribeClusterDetail' };

describe('the ACK stand-in checks signatures', () => {
  it('accepts a request signed with the SDK signing function', async () => {
    const res = await send(detail, sign(detail));
    expect(res.status).toBe(200);
    expect(res.json.cluster_id).toBe('cone000000001');
  });

  it('refuses a replayed nonce', async () => {
    const headers = sign(detail);
    expect((await send(detail, headers)).status).toBe(200);
    const again = await send(detail, headers);
    expect([again.status, code(again.json)]).toEqual([400, 'SignatureNonceUsed']);
  });

  it('refuses a wrong secret, a changed path, a changed query, a changed body', async () => {
    const wrong = await send(detail, sign({ ...detail, secret: 'not-the-secret' }));
    expect([wrong.status, code(wrong.json)]).toEqual([400, 'SignatureDoesNotMatch']);

    const otherPath = await send({ ...detail, path: '/clusters/ctwo000000002' }, sign(detail));
    expect(code(otherPath.json)).toBe('SignatureDoesNotMatch');

    const kc = {
      method: 'GET',
      path: '/k8s/cone000000001/user_config',
      action: 'DescribeClusterUserKubeconfig',
      query: { TemporaryDurationMinutes: '15' }
    };
    const longer = await send({ ...kc, query: { TemporaryDurationMinutes: '4320' } }, sign(kc));
    expect(code(longer.json)).toBe('SignatureDoesNotMatch');
    expect((await send(kc, sign(kc))).status).toBe(200);

    const create = {
      method: 'POST',
      path: '/clusters',
      action: 'CreateCluster',
      body: JSON.stringify({ name: 'a', cluster_type: 'ManagedKubernetes', region_id: 'cn-hangzhou' })
    };
    const headers = sign(create);
    const tampered = await send({ ...create, body: create.body.replace('"a"', '"b"') }, headers);
    expect(code(tampered.json)).toBe('SignatureDoesNotMatch');
  });

  it('refuses x-acs- headers that were not signed, and an unknown key', async () => {
    const extra = await send(detail, { ...sign(detail), 'x-acs-security-token': 'added later' });
    expect(code(extra.json)).toBe('IncompleteSignature');
    const unknown = await send(detail, sign({ ...detail, id: 'LTAI5tNobodyKnowsMe' }));
    expect([unknown.status, code(unknown.json)]).toEqual([404, 'InvalidAccessKeyId.NotFound']);
  });

  it('requires the token of a temporary key', async () => {
    const { id, secret, token } = stand.stsKey;
    expect((await send(detail, sign({ ...detail, id, secret, token }))).status).toBe(200);
    const without = await send(detail, sign({ ...detail, id, secret }));
    expect(code(without.json)).toBe('InvalidSecurityToken.Malformed');
  });
});
