import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { CliIO } from '../../src/cli/command.js';
import { makeAckCommand } from '../../src/cli/commands/ack.js';
import { main } from '../../src/cli/main.js';
import { findLeaks, PROVIDER_ARN, ROLE_ARN, startStand, type Stand } from '../target/ack/stand.js';

let stand: Stand;
let dir: string;
let out: string[];
let err: string[];

beforeEach(async () => {
  stand = await startStand();
  dir = mkdtempSync(join(tmpdir(), 'ack-cli-'));
  out = [];
  err = [];
});
afterEach(async () => {
  await stand.stop();
  rmSync(dir, { recursive: true, force: true });
});

function io(env: NodeJS.ProcessEnv): CliIO {
  return {
    stdout: t => out.push(t),
    stderr: t => err.push(t),
    cwd: dir,
    env,
    signal: new AbortController().signal
  };
}

const keyEnv = () => ({
  ALIBABA_CLOUD_ACCESS_KEY_ID: stand.key.id,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: stand.key.secret
});

async function run(argv: string[], env: NodeJS.ProcessEnv = keyEnv()): Promise<number> {
  const { endpoints, now, sleep, random, getIdToken } = stand.deps;
  return main(argv, io(env), [makeAckCommand({ endpoints, now, sleep, random, getIdToken })]);
}

describe('ai-conformance ack sweep', () => {
  it('deletes expired tagged clusters of the region and prints what it did', async () => {
    const past = new Date(stand.time.now() - 1000).toISOString();
    stand.ack.addCluster({
      cluster_id: 'cexpired00001',
      name: 'nightly-1',
      tags: [
        { key: 'ai-conformance/run-id', value: '1-1' },
        { key: 'ai-conformance/expires-at', value: past }
      ]
    });
    stand.ack.addCluster({ cluster_id: 'cuntagged0001', name: 'prod' });
    expect(await run(['ack', 'sweep', '--region', 'cn-hangzhou'])).toBe(0);
    expect(stand.ack.calls('DeleteCluster').map(c => c.path)).toEqual(['/clusters/cexpired00001']);
    expect(out.join('')).toMatch(
      /ACK sweep: deleting cexpired00001 \(nightly-1, run 1-1, expired .*\), task T-\w+\nACK sweep: cn-hangzhou: 2 clusters scanned, deleted 1\n$/
    );
  });

  it('--dry-run deletes nothing', async () => {
    stand.ack.addCluster({
      cluster_id: 'cexpired00001',
      tags: [
        { key: 'ai-conformance/run-id', value: '1-1' },
        { key: 'ai-conformance/expires-at', value: '2020-01-01T00:00:00Z' }
      ]
    });
    expect(await run(['ack', 'sweep', '--region', 'cn-hangzhou', '--dry-run'])).toBe(0);
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(0);
    expect(out.join('')).toContain('would delete 1');
  });

  it('exits 1 when a delete failed', async () => {
    stand.ack.addCluster({
      cluster_id: 'cexpired00001',
      tags: [
        { key: 'ai-conformance/run-id', value: '1-1' },
        { key: 'ai-conformance/expires-at', value: '2020-01-01T00:00:00Z' }
      ]
    });
    stand.ack.denied.add('DeleteCluster');
    expect(await run(['ack', 'sweep', '--region', 'cn-hangzhou'])).toBe(1);
  });

  it('uses OIDC from ALIBABA_CLOUD_ROLE_ARN / ALIBABA_CLOUD_OIDC_PROVIDER_ARN and masks what it obtains in a workflow', async () => {
    const env = {
      GITHUB_ACTIONS: 'true',
      ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN,
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER_ARN
    };
    expect(await run(['ack', 'sweep', '--region', 'cn-hangzhou'], env)).toBe(0);
    const issued = stand.sts.issued[0];
    const text = out.join('');
    for (const v of [issued.accessKeyId, issued.accessKeySecret, issued.securityToken])
      expect(text).toContain(`::add-mask::${v}\n`);
    // Nothing but the mask commands carries a credential.
    const lines = text.split('\n').filter(l => !l.startsWith('::add-mask::'));
    expect(findLeaks(stand.secrets(), [...lines, ...err])).toEqual([]);
  });

  it('reports bad usage and credential problems with exit 2, a rejection with exit 1', async () => {
    expect(await run(['ack', 'sweep'])).toBe(2);
    expect(err.at(-1)).toBe('ai-conformance ack: --region is required (e.g. cn-hangzhou)\n');
    expect(await run(['ack', 'sweep', '--region', 'cn-hangzhou'], {})).toBe(2);
    expect(err.at(-1)).toMatch(/^ai-conformance ack sweep: no Alibaba Cloud credentials: /);
    expect(
      await run(['ack', 'sweep', '--region', 'cn-hangzhou'], {
        ...keyEnv(),
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'wrong-secret-value'
      })
    ).toBe(1);
    expect(err.at(-1)).toMatch(
      /\(SignatureDoesNotMatch\): ALIBABA_CLOUD_ACCESS_KEY_SECRET does not belong to ALIBABA_CLOUD_ACCESS_KEY_ID/
    );
    expect(await run(['ack', 'prune'])).toBe(2);
    expect(err.at(-1)).toBe('ai-conformance ack: unknown subcommand "prune": expected sweep or kubeconfig\n');
  });
});

describe('ai-conformance ack kubeconfig', () => {
  beforeEach(() => {
    stand.ack.addCluster({ cluster_id: 'c0123456789abcdef' });
  });

  it('writes a temporary kubeconfig with mode 0600 and says until when it is valid', async () => {
    writeFileSync(join(dir, 'kc.yaml'), 'old', { mode: 0o644 });
    const code = await run([
      'ack',
      'kubeconfig',
      '--cluster-id',
      'c0123456789abcdef',
      '--region',
      'cn-hangzhou',
      '--ttl-minutes',
      '30',
      '--private',
      '--output',
      'kc.yaml'
    ]);
    expect(code).toBe(0);
    const text = readFileSync(join(dir, 'kc.yaml'), 'utf8');
    expect(text).toContain(stand.ack.issuedSecrets[0]);
    expect(statSync(join(dir, 'kc.yaml')).mode & 0o777).toBe(0o600);
    expect(stand.ack.calls('DescribeClusterUserKubeconfig')[0].query).toEqual({
      PrivateIpAddress: 'true',
      TemporaryDurationMinutes: '30'
    });
    expect(out.join('')).toBe(
      `kubeconfig for ACK cluster c0123456789abcdef written to kc.yaml (valid until ${new Date(stand.time.now() + 30 * 60_000).toISOString()})\n`
    );
    expect(findLeaks(stand.secrets(), [...out, ...err])).toEqual([]);
  });

  it('prints the kubeconfig on a terminal, but refuses to print it into a workflow log', async () => {
    expect(
      await run(['ack', 'kubeconfig', '--cluster-id', 'c0123456789abcdef', '--region', 'cn-hangzhou'])
    ).toBe(0);
    expect(out.join('')).toContain('kind: Config');
    out = [];
    expect(
      await run(['ack', 'kubeconfig', '--cluster-id', 'c0123456789abcdef', '--region', 'cn-hangzhou'], {
        ...keyEnv(),
        GITHUB_ACTIONS: 'true'
      })
    ).toBe(2);
    expect(err.at(-1)).toBe(
      'ai-conformance ack: give --output FILE: printing a kubeconfig into a workflow log would expose its credentials\n'
    );
    expect(out).toEqual([]);
  });

  it('checks its flags', async () => {
    expect(await run(['ack', 'kubeconfig', '--region', 'cn-hangzhou'])).toBe(2);
    expect(err.at(-1)).toBe('ai-conformance ack: --cluster-id is required\n');
    expect(
      await run([
        'ack',
        'kubeconfig',
        '--cluster-id',
        'c0123456789abcdef',
        '--region',
        'cn-hangzhou',
        '--ttl-minutes',
        '5000'
      ])
    ).toBe(2);
    expect(err.at(-1)).toBe(
      'ai-conformance ack: --ttl-minutes "5000" is not a whole number from 15 to 4320\n'
    );
    expect(
      await run(['ack', 'kubeconfig', '--cluster-id', 'cnotthere0000', '--region', 'cn-hangzhou', '-o', 'x'])
    ).toBe(1);
    expect(err.at(-1)).toMatch(
      /^ai-conformance ack kubeconfig: ACK cluster "cnotthere0000" not found in region cn-hangzhou \(ErrorClusterNotFound\)/
    );
  });

  it('is listed in the top-level help', async () => {
    const { COMMANDS } = await import('../../src/cli/commands/index.js');
    expect(COMMANDS.map(c => c.name)).toContain('ack');
  });
});
