/**
 * `ai-conformance run --ack-cluster-id ...` and `--ack-provision ...`: the action's ACK inputs as
 * flags, against the ACK stand-in whose kubeconfig answer points at the simulator.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { CliIO } from '../../src/cli/command.js';
import { makeRunCommand } from '../../src/cli/commands/run.js';
import { main } from '../../src/cli/main.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { kubeServerOf } from '../action/harness.js';
import { productYaml } from '../helpers/results.js';
import { findLeaks, REGION, startStand, type Stand } from '../target/ack/stand.js';
import { tempDir } from './helpers.js';

const CLUSTER = 'c0123456789abcdef0123456789abcdef';
let sim: Simulator;
let stand: Stand;
let cwd: string;

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'ack-gpu-1.34' });
});
afterAll(async () => sim?.stop());
beforeEach(async () => {
  stand = await startStand({ kubeServer: kubeServerOf(sim.kubeconfig) });
  stand.ack.addCluster({ cluster_id: CLUSTER });
  cwd = tempDir('run-ack-');
  writeFileSync(join(cwd, 'PRODUCT.yaml'), productYaml({ gang_scheduling: 'Not Implemented' }));
});
afterEach(async () => stand.stop());

async function run(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  signal = new AbortController().signal
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: t => void (out += t), stderr: t => void (err += t), cwd, env, signal };
  const { endpoints, now, sleep, random } = stand.deps;
  const command = makeRunCommand({ endpoints, now, sleep, random });
  const code = await main(['run', ...argv], io, [command]);
  return { code, out, err };
}

const keyEnv = () => ({
  ALIBABA_CLOUD_ACCESS_KEY_ID: stand.key.id,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: stand.key.secret
});

describe('ai-conformance run on ACK', () => {
  it('--ack-cluster-id with keys from the environment: checks the cluster and writes the product', async () => {
    const r = await run(
      ['--ack-cluster-id', CLUSTER, '--alibaba-cloud-region', REGION, '--product', 'PRODUCT.yaml'],
      keyEnv()
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('MUST 9/9 passed or not applicable');
    expect(r.err).toContain(`ACK: kubeconfig for cluster ${CLUSTER} (public endpoint), valid until`);
    expect(stand.ack.calls('DescribeClusterUserKubeconfig')[0].query.TemporaryDurationMinutes).toBe('60');
    expect(readFileSync(join(cwd, 'PRODUCT.yaml'), 'utf8')).not.toContain('Not Implemented');
    expect(findLeaks(stand.secrets(), [r.out, r.err, readFileSync(join(cwd, 'PRODUCT.md'), 'utf8')])).toEqual(
      []
    );
  });

  it('takes the credentials as flags of the same names as the inputs, and masks them in a workflow', async () => {
    const r = await run(
      [
        '--ack-cluster-id',
        CLUSTER,
        '--alibaba-cloud-region',
        REGION,
        '--alibaba-cloud-access-key-id',
        stand.stsKey.id,
        '--alibaba-cloud-access-key-secret',
        stand.stsKey.secret,
        '--alibaba-cloud-security-token',
        stand.stsKey.token,
        '--kubeconfig-ttl-minutes',
        '30'
      ],
      { GITHUB_ACTIONS: 'true' }
    );
    expect(r.code).toBe(0);
    expect(stand.ack.calls('DescribeClusterUserKubeconfig')[0]).toMatchObject({
      accessKeyId: stand.stsKey.id,
      query: { TemporaryDurationMinutes: '30', PrivateIpAddress: 'false' }
    });
    const masks = r.out.split('\n').filter(l => l.startsWith('::add-mask::'));
    expect(masks).toEqual(
      expect.arrayContaining(
        [stand.stsKey.secret, stand.stsKey.token, kubeServerOf(sim.kubeconfig).token].map(
          v => `::add-mask::${v}`
        )
      )
    );
    const rest = r.out
      .split('\n')
      .filter(l => !l.startsWith('::add-mask::'))
      .join('\n');
    expect(findLeaks(stand.secrets(), [rest, r.err])).toEqual([]);
  });

  it('--ack-provision: creates the cluster, checks it, and deletes it before exiting', async () => {
    const r = await run(
      [
        '--ack-provision',
        '--ack-max-lifetime-minutes',
        '120',
        '--alibaba-cloud-region',
        REGION,
        '--version',
        '1.34'
      ],
      keyEnv()
    );
    expect(r.code).toBe(0);
    const [create] = stand.ack.calls('CreateCluster');
    expect((create.body as { kubernetes_version: string }).kubernetes_version).toBe('1.34.3-aliyun.1');
    const created = [...stand.ack.tasks.values()].find(t => t.task_type === 'cluster_create')!.cluster_id;
    expect(r.err).toContain(`ACK: cluster ${created} is this run's (--ack-teardown always)`);
    expect(r.err).toMatch(new RegExp(`ACK: cluster ${created} deleted after \\d+s`));
    expect(stand.ack.clusters.has(created)).toBe(false);
    expect(r.out).toContain('MUST 9/9 passed or not applicable');
  });

  it('Ctrl-C while the cluster starts: the delete is still requested', async () => {
    const controller = new AbortController();
    stand.time.onSleep = () => {
      if (stand.ack.clusters.size > 1) controller.abort(new Error('interrupted by SIGINT'));
    };
    const r = await run(
      ['--ack-provision', '--ack-max-lifetime-minutes', '120', '--alibaba-cloud-region', REGION],
      keyEnv(),
      controller.signal
    );
    expect(r.code).toBe(2);
    const created = [...stand.ack.tasks.values()].find(t => t.task_type === 'cluster_create')!.cluster_id;
    expect(r.err).toContain(
      `ai-conformance run: cancelled while waiting for ACK cluster ${created} to start`
    );
    expect(stand.ack.calls('DeleteCluster').map(c => c.path)).toEqual([`/clusters/${created}`]);
  });

  it.each([
    [
      ['--ack-provision', '--alibaba-cloud-region', REGION],
      /--ack-max-lifetime-minutes is required with --ack-provision/
    ],
    [['--ack-cluster-id', CLUSTER], /--alibaba-cloud-region is required with ACK/],
    [
      ['--ack-cluster-id', CLUSTER, '--alibaba-cloud-region', REGION, '--kubeconfig', 'kc.yaml'],
      /--kubeconfig and --ack-cluster-id both name the cluster/
    ],
    [
      ['--ack-cluster-id', CLUSTER, '--alibaba-cloud-region', REGION, '--alibaba-cloud-access-key-id', 'x'],
      /--alibaba-cloud-access-key-secret is missing/
    ]
  ])('bad flags %j exit 2 naming the flag', async (argv, message) => {
    const r = await run(argv, keyEnv());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(stand.ack.requests).toEqual([]);
  });

  it('a refused permission exits 2 naming the RAM action to grant', async () => {
    stand.ack.denied.add('DescribeClusterUserKubeconfig');
    const r = await run(['--ack-cluster-id', CLUSTER, '--alibaba-cloud-region', REGION], keyEnv());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not allowed to call cs:DescribeClusterUserKubeconfig .*grant the RAM action/);
  });
});
