import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  deleteKubeconfig,
  KubeconfigError,
  parseKubeconfig,
  writeKubeconfig
} from '../../src/target/kubeconfig.js';
import { CA_DATA, KUBECONFIG, SECRET_VALUES, SECRETS } from '../../__fixtures__/kubeconfig/secrets.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kc-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('kubeconfig secret', () => {
  it('writes raw YAML to RUNNER_TEMP with mode 0600 and the chosen context current', async () => {
    const masked: string[] = [];
    const written = await writeKubeconfig(KUBECONFIG, {
      context: 'ack-gpu-exec',
      dir,
      mask: v => masked.push(v)
    });
    expect(written.path.startsWith(dir)).toBe(true);
    expect(statSync(written.path).mode & 0o777).toBe(0o600);
    expect(written.context).toBe('ack-gpu-exec');
    const doc = parse(readFileSync(written.path, 'utf8'));
    expect(doc['current-context']).toBe('ack-gpu-exec');
    expect(doc.users[0].user.token).toBe(SECRETS.token);
    await deleteKubeconfig(written.path);
    expect(existsSync(written.path)).toBe(false);
    await deleteKubeconfig(written.path); // already gone: fine
  });

  it('accepts the secret base64-encoded, wrapped or not', () => {
    const b64 = Buffer.from(KUBECONFIG).toString('base64');
    expect(parseKubeconfig(b64).context).toBe('ack-gpu-admin');
    expect(parseKubeconfig(b64.replace(/.{76}/g, '$&\n')).context).toBe('ack-gpu-admin');
  });

  it('masks every credential value and nothing else', () => {
    const { secrets } = parseKubeconfig(KUBECONFIG);
    expect(new Set(secrets)).toEqual(new Set(SECRET_VALUES));
    for (const harmless of [
      'v1',
      'Config',
      'kube-admin',
      'ack-gpu',
      'https://203.0.113.10:6443',
      CA_DATA,
      'cn-hangzhou',
      'kubernetes',
      'aliyun-credential-helper'
    ]) {
      expect(secrets).not.toContain(harmless);
    }
  });

  it('takes the only context when there is no current-context', () => {
    const single = `clusters: [{name: c, cluster: {server: "https://x"}}]\ncontexts: [{name: only, context: {cluster: c, user: u}}]\nusers: [{name: u, user: {token: t0k3n}}]\n`;
    expect(parseKubeconfig(single).context).toBe('only');
  });

  const bad: Array<[string, string, string | null, RegExp]> = [
    [
      'neither YAML nor base64',
      `not: [valid\n token: ${SECRETS.token}`,
      null,
      /neither kubeconfig YAML nor base64/
    ],
    ['a YAML string', SECRETS.token, null, /neither kubeconfig YAML nor base64/],
    [
      'base64 of garbage',
      Buffer.from(`{{{ ${SECRETS.token}`).toString('base64'),
      null,
      /neither kubeconfig YAML nor base64/
    ],
    [
      'no clusters',
      `apiVersion: v1\ncontexts: [{name: a, context: {cluster: c}}]\nusers: [{name: u, user: {token: ${SECRETS.token}}}]\n`,
      null,
      /has no clusters/
    ],
    [
      'no contexts',
      `apiVersion: v1\nclusters: [{name: c, cluster: {server: "https://x"}}]\nusers: [{name: u, user: {token: ${SECRETS.token}}}]\n`,
      null,
      /has no contexts/
    ],
    [
      'a missing context',
      KUBECONFIG,
      'prod',
      /has no context "prod" \(input "context"\); it has "ack-gpu-admin", "ack-gpu-exec", "other-oidc"/
    ],
    [
      'several contexts, none current',
      KUBECONFIG.replace(/^current-context:.*$/m, ''),
      null,
      /set input "context"/
    ],
    [
      'a context naming a missing cluster',
      KUBECONFIG.replace('cluster: other', 'cluster: gone'),
      'other-oidc',
      /names cluster "gone"/
    ]
  ];
  it.each(bad)(
    'rejects %s with an error naming the input and no secret',
    (_what, secret, context, message) => {
      const err = errorOf(() => parseKubeconfig(secret, context));
      expect(err).toBeInstanceOf(KubeconfigError);
      expect(err.message).toMatch(/^input "kubeconfig": /);
      expect(err.message).toMatch(message);
      for (const value of SECRET_VALUES) expect(err.message).not.toContain(value);
      expect(err.message).not.toContain('t0k3n');
    }
  );

  it('writes nothing when the secret is bad', async () => {
    await expect(writeKubeconfig('nope: [', { dir, mask: () => {} })).rejects.toThrow(KubeconfigError);
    expect(readdirSync(dir)).toEqual([]);
  });
});
