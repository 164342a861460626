/**
 * One run through every credential path with everything captured — progress lines, warnings,
 * error messages, the state for the post step, the CLI's output, anything written to the process's
 * stdout/stderr or the console, and the files left in the working folder — then searched for every
 * key, secret, token and kubeconfig credential the stand handed out.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, jest } from '@jest/globals';
import { makeAckCommand } from '../../../src/cli/commands/ack.js';
import { main } from '../../../src/cli/main.js';
import {
  connectAck,
  serializeState,
  teardownFromState,
  withAckCluster,
  type AckOptions
} from '../../../src/target/ack/index.js';
import { findLeaks, PROVIDER_ARN, REGION, ROLE_ARN, startStand, type Stand } from './stand.js';

let stand: Stand;
let dir: string;
const captured: string[] = [];

beforeEach(async () => {
  stand = await startStand();
  dir = mkdtempSync(join(tmpdir(), 'ack-leaks-'));
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      captured.push(args.map(String).join(' '));
    });
  }
});

afterEach(async () => {
  jest.restoreAllMocks();
  await stand.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('no credential appears in any log line, error, output, state or file', async () => {
  const cluster = 'c0123456789abcdef';
  stand.ack.addCluster({ cluster_id: cluster });
  const base: AckOptions = {
    mode: 'connect',
    region: REGION,
    clusterId: cluster,
    credentials: {},
    privateEndpoint: false,
    kubeconfigTtlMinutes: 60,
    provision: null,
    teardown: 'always'
  };
  const errors: string[] = [];
  const attempt = async (p: Promise<unknown>) =>
    p.catch((e: Error) => errors.push(e.message, String(e.stack)));
  const state: string[] = [];

  // Keys, STS token, OIDC; then the rejections of each.
  await connectAck(
    { ...base, credentials: { accessKeyId: stand.key.id, accessKeySecret: stand.key.secret } },
    stand.deps
  );
  await connectAck(
    {
      ...base,
      credentials: {
        accessKeyId: stand.stsKey.id,
        accessKeySecret: stand.stsKey.secret,
        securityToken: stand.stsKey.token
      }
    },
    stand.deps
  );
  await connectAck(
    { ...base, credentials: { roleArn: ROLE_ARN, oidcProviderArn: PROVIDER_ARN } },
    stand.deps
  );
  await attempt(
    connectAck(
      { ...base, credentials: { accessKeyId: stand.key.id, accessKeySecret: `${stand.key.secret}x` } },
      stand.deps
    )
  );
  await attempt(
    connectAck(
      {
        ...base,
        credentials: {
          accessKeyId: stand.stsKey.id,
          accessKeySecret: stand.stsKey.secret,
          securityToken: `${stand.stsKey.token}x`
        }
      },
      stand.deps
    )
  );
  stand.ack.denied.add('DescribeClusterUserKubeconfig');
  await attempt(
    connectAck({ ...base, credentials: { roleArn: ROLE_ARN, oidcProviderArn: PROVIDER_ARN } }, stand.deps)
  );
  stand.ack.denied.clear();

  // Provision with OIDC → suite → teardown, a failed start, a cancel and the post step.
  const provision: AckOptions = {
    ...base,
    mode: 'provision',
    clusterId: null,
    credentials: { roleArn: ROLE_ARN, oidcProviderArn: PROVIDER_ARN },
    provision: {
      spec: null,
      gpuInstanceType: 'ecs.gn7i-c8g1.2xlarge',
      gpuCount: 1,
      maxLifetimeMinutes: 120,
      kubernetesMinor: '1.34'
    }
  };
  const deps = {
    ...stand.deps,
    runId: '1-1',
    onCreated: (s: Parameters<typeof serializeState>[0]) => void state.push(serializeState(s))
  };
  await withAckCluster(provision, deps, async conn => ({
    value: conn.kubeconfig.length,
    outcome: 'success'
  }));
  stand.ack.createOutcome = { outcome: 'failed', failure: { code: 'X', message: 'no stock' } };
  await attempt(withAckCluster(provision, deps, async () => ({ value: 0, outcome: 'success' })));
  stand.ack.createOutcome = { outcome: 'running' };
  const controller = new AbortController();
  await attempt(
    withAckCluster(provision, { ...deps, signal: controller.signal }, async () => {
      controller.abort();
      throw new Error('cancelled');
    })
  );
  await teardownFromState(state.at(-1), { ...stand.deps, credentials: provision.credentials });

  // The CLI, with keys from the environment, in a workflow (so it prints mask commands).
  const out: string[] = [];
  const io = {
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => out.push(t),
    cwd: dir,
    env: {
      GITHUB_ACTIONS: 'true',
      ALIBABA_CLOUD_ACCESS_KEY_ID: stand.key.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: stand.key.secret
    },
    signal: controller.signal
  };
  const command = makeAckCommand({
    endpoints: stand.deps.endpoints,
    now: stand.time.now,
    sleep: stand.time.sleep,
    random: stand.deps.random
  });
  expect(
    await main(
      ['ack', 'kubeconfig', '--cluster-id', cluster, '--region', REGION, '--output', 'kc.yaml'],
      io,
      [command]
    )
  ).toBe(0);
  expect(await main(['ack', 'sweep', '--region', REGION], io, [command])).toBe(0);

  const files = readdirSync(dir)
    .filter(f => f !== 'kc.yaml') // the kubeconfig the user asked for
    .map(f => readFileSync(join(dir, f), 'utf8'));
  const cliLines = out
    .join('')
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'));

  expect(stand.sts.issued.length).toBeGreaterThan(0);
  expect(stand.ack.issuedSecrets.length).toBeGreaterThanOrEqual(5);
  expect(errors.length).toBeGreaterThanOrEqual(8);
  expect(
    findLeaks(stand.secrets(), [...stand.log, ...errors, ...state, ...captured, ...cliLines, ...files])
  ).toEqual([]);
  // Every credential obtained at run time was registered for masking first.
  const registered = new Set(stand.masked);
  for (const c of stand.sts.issued)
    for (const v of [c.accessKeyId, c.accessKeySecret, c.securityToken]) expect(registered.has(v)).toBe(true);
  const [cliToken] = stand.ack.issuedSecrets.slice(-1); // the CLI's kubeconfig: masked through the workflow command
  for (const token of stand.ack.issuedSecrets.slice(0, -1)) expect(registered.has(token)).toBe(true);
  expect(out.join('')).toContain(`::add-mask::${cliToken}\n`);
});
