/**
 * ACK end to end through the action's entry points: run() with ACK inputs, the ACK and STS
 * stand-ins (signature-checking, over HTTPS on loopback) whose kubeconfig answer points at the
 * simulator, then runPost(). Connect with keys, an STS token and keyless OIDC (the workflow's ID
 * token fetched by @actions/core from ACTIONS_ID_TOKEN_REQUEST_URL, here a local server);
 * provision → suite → report → teardown; teardown after a failed suite and after a cancel; and no
 * key, secret, token or kubeconfig credential anywhere the run wrote.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ackTeardownHandler, type ActionAckDeps } from '../../src/action/ack.js';
import type { Sleep } from '../../src/target/ack/client.js';
import { run } from '../../src/main.js';
import { CLEANUP_HANDLERS, runPost } from '../../src/post-run.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { pullRequestEvent, scheduleEvent, type ActionEnv, type EventSpec } from '../helpers/action-env.js';
import { GitHubServer } from '../helpers/github-server.js';
import { productYaml } from '../helpers/results.js';
import { PROVIDER_ARN, REGION, ROLE_ARN, startStand, type Stand } from '../target/ack/stand.js';
import {
  clearState,
  everyPlace,
  handOverState,
  kubeServerOf,
  leaks,
  masksOf,
  signals,
  startStep,
  statuses,
  SummaryFile,
  testDeps,
  TOKEN,
  waitFor
} from './harness.js';

const CLUSTER = 'c0123456789abcdef0123456789abcdef';
const FILES = ['PRODUCT.yaml', 'PRODUCT.md'];

let ack: Simulator;
let kind: Simulator;
let server: GitHubServer;
let stand: Stand | null = null;
let idTokens: IdTokenServer | null = null;
let env: ActionEnv | null = null;
const summary = new SummaryFile();

beforeAll(async () => {
  [ack, kind] = await Promise.all([
    startSimulator({ scenario: 'ack-gpu-1.34' }),
    startSimulator({ scenario: 'kind-1.34' })
  ]);
});
afterAll(async () => {
  await Promise.all([ack?.stop(), kind?.stop()]);
  summary.remove();
});

beforeEach(async () => {
  server = await new GitHubServer().start();
  server.addToken(TOKEN, { login: 'github-actions[bot]', viewerLogin: 'github-actions', type: 'Bot' });
  server.pushFiles(
    'main',
    { 'PRODUCT.yaml': productYaml({ gang_scheduling: 'Not Implemented' }), 'PRODUCT.md': '# old\n' },
    'initial'
  );
});
afterEach(async () => {
  env?.restore();
  env = null;
  clearState();
  process.exitCode = undefined;
  await server.close();
  await stand?.stop();
  stand = null;
  await idTokens?.stop();
  idTokens = null;
});

/** The ACK stand-in answering kubeconfigs for `sim`, with a running cluster CLUSTER. */
async function standFor(sim: Simulator): Promise<Stand> {
  stand = await startStand({ kubeServer: kubeServerOf(sim.kubeconfig) });
  stand.ack.addCluster({ cluster_id: CLUSTER });
  return stand;
}

/** The ACK runtime the tests give both steps: the stand-ins' endpoints and the fake clock. */
function ackDeps(s: Stand, over: ActionAckDeps = {}): ActionAckDeps {
  return {
    endpoints: s.deps.endpoints,
    now: s.time.now,
    sleep: s.time.sleep,
    random: () => 0.5,
    ...over
  };
}

function step(event: EventSpec, inputs: Record<string, string>): ActionEnv {
  env?.restore();
  clearState();
  process.exitCode = undefined;
  env = startStep(
    server,
    summary,
    event,
    { 'alibaba-cloud-region': REGION, ...inputs },
    {
      branch: 'main',
      files: FILES
    }
  );
  return env;
}

async function post(s: Stand, e: ActionEnv, over: ActionAckDeps = {}): Promise<Record<string, string>> {
  const saved = handOverState(e);
  await runPost({ ...CLEANUP_HANDLERS, 'ack-cluster': ackTeardownHandler(ackDeps(s, over)) });
  return saved;
}

const keys = (s: Stand) => ({
  'alibaba-cloud-access-key-id': s.key.id,
  'alibaba-cloud-access-key-secret': s.key.secret
});
const errors = (e: ActionEnv): string[] => e.log.filter(l => l.startsWith('::error::'));
const warnings = (e: ActionEnv): string[] => e.log.filter(l => l.startsWith('::warning::'));

/** Every credential of the run: ACK keys and STS sessions, ID tokens, kubeconfig tokens, the GitHub token. */
function secretsOf(s: Stand): string[] {
  return [
    ...s.secrets(),
    kubeServerOf(ack.kubeconfig).token,
    kubeServerOf(kind.kubeconfig).token,
    TOKEN
  ].concat(idTokens ? [idTokens.requestToken] : []);
}

function expectNoLeaks(s: Stand, e: ActionEnv): void {
  const places = everyPlace(e, server, [...s.log]);
  expect(leaks(secretsOf(s), places)).toEqual([]);
}

describe('connect to an ACK cluster by id → suite → report', () => {
  const credentials: Array<[string, (s: Stand) => Record<string, string>]> = [
    ['access keys', keys],
    [
      'an STS token',
      s => ({
        'alibaba-cloud-access-key-id': s.stsKey.id,
        'alibaba-cloud-access-key-secret': s.stsKey.secret,
        'alibaba-cloud-security-token': s.stsKey.token
      })
    ],
    [
      "keyless OIDC with the workflow's ID token",
      () => ({ 'alibaba-cloud-role-arn': ROLE_ARN, 'alibaba-cloud-oidc-provider-arn': PROVIDER_ARN })
    ]
  ];

  it.each(credentials)('with %s', async (kind, inputs) => {
    const s = await standFor(ack);
    const e = step(scheduleEvent('main'), { 'ack-cluster-id': CLUSTER, ...inputs(s) });
    if (kind.startsWith('keyless')) {
      idTokens = await IdTokenServer.start(s.idToken);
      process.env['ACTIONS_ID_TOKEN_REQUEST_URL'] = `${idTokens.url}/token?api-version=2.0`;
      process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] = idTokens.requestToken;
    }
    await run(testDeps({ ack: ackDeps(s) }));
    expect(errors(e)).toEqual([]);
    expect(process.exitCode ?? 0).toBe(0);

    // A temporary kubeconfig for the cluster, through the same temp-file path as a secret.
    const call = s.ack.calls('DescribeClusterUserKubeconfig');
    expect(call.map(c => [c.path, c.query.TemporaryDurationMinutes, c.status])).toEqual([
      [`/k8s/${CLUSTER}/user_config`, '60', 200]
    ]);
    expect(e.log).toContain(
      `kubeconfig written to ${e.runnerTemp}/${kubeconfigFile(e)} (mode 0600, context ack-${CLUSTER})`
    );
    // The suite ran on the simulator behind it, and the report was committed.
    expect(e.outputs()).toMatchObject({ passed: 'true', implemented: '9', total: '9' });
    expect(statuses(server.fileAt('main', 'PRODUCT.yaml')!).gang_scheduling).toBe('Implemented');
    expect(server.changedPaths(server.headOf('main')!)).toEqual(['PRODUCT.md', 'PRODUCT.yaml']);
    // Connecting provisions nothing, so nothing is torn down.
    expect(s.ack.calls('DeleteCluster')).toEqual([]);
    expect(JSON.parse(handOverState(e).cleanup).map((t: { type: string }) => t.type)).toEqual([
      'kubeconfig-file'
    ]);

    if (kind.startsWith('keyless')) {
      expect(idTokens!.requests).toEqual([{ audience: 'sts.aliyuncs.com', authorized: true }]);
      expect(s.sts.requests.map(r => r.form.RoleArn)).toEqual([ROLE_ARN]);
      expect(call[0].accessKeyId).toBe(s.sts.issued[0].accessKeyId);
    }
    await post(s, e);
    expect(kubeconfigFile(e)).toBeUndefined();
    // Every credential the run obtained was registered for masking; none is anywhere it wrote.
    const obtained = [
      kubeServerOf(ack.kubeconfig).token,
      ...Object.values(inputs(s)).filter(v => !v.startsWith('acs:')),
      ...(kind.startsWith('keyless')
        ? [
            s.idToken,
            s.sts.issued[0].accessKeyId,
            s.sts.issued[0].accessKeySecret,
            s.sts.issued[0].securityToken
          ]
        : [])
    ];
    expect(masksOf(e)).toEqual(expect.arrayContaining(obtained));
    expectNoLeaks(s, e);
  });

  it('a fork PR gets no credentials: green, with a notice, and no ACK call', async () => {
    const s = await standFor(ack);
    const e = step(
      pullRequestEvent({ baseSha: server.headOf('main')!, headRef: 'patch-1', headRepo: 'forker/cluster' }),
      {
        'ack-cluster-id': CLUSTER,
        'alibaba-cloud-role-arn': ROLE_ARN,
        'alibaba-cloud-oidc-provider-arn': PROVIDER_ARN
      }
    );
    await run(testDeps({ ack: ackDeps(s) }));
    expect(process.exitCode ?? 0).toBe(0);
    expect(errors(e)).toEqual([]);
    expect(e.log.filter(l => l.startsWith('::notice::')).join('\n')).toMatch(
      /fork forker\/cluster.*no cluster was checked/
    );
    expect(s.ack.requests).toEqual([]);
    expect(server.writes()).toEqual([]);
  });
});

describe('provision an ACK GPU cluster → suite → report → teardown', () => {
  const provisionInputs = (s: Stand, more: Record<string, string> = {}) => ({
    ...keys(s),
    'ack-provision': 'true',
    'ack-max-lifetime-minutes': '240',
    'conformance-version': '1.34',
    ...more
  });

  it('creates a tagged cluster, checks it, commits the report, deletes it; the post step finds it gone', async () => {
    const s = await standFor(ack);
    const e = step(scheduleEvent('main'), provisionInputs(s));
    await run(testDeps({ ack: ackDeps(s) }));
    expect(errors(e)).toEqual([]);
    expect(process.exitCode ?? 0).toBe(0);

    const [create] = s.ack.calls('CreateCluster');
    const body = create.body as {
      name: string;
      kubernetes_version: string;
      tags: Array<{ key: string; value: string }>;
    };
    expect(body.name).toBe('ai-conformance-4242-1');
    expect(body.kubernetes_version).toBe('1.34.3-aliyun.1');
    expect(body.tags).toEqual([
      { key: 'ai-conformance/run-id', value: '4242-1' },
      {
        key: 'ai-conformance/expires-at',
        value: new Date(Date.parse('2026-03-01T02:00:00Z') + 240 * 60_000).toISOString()
      }
    ]);
    const clusterId = provisioned(s);
    // Progress while it starts, then the suite on it, then the teardown.
    expect(e.log.filter(l => l.startsWith(`ACK: ${clusterId} cluster`)).length).toBeGreaterThan(1);
    expect(e.log).toContain(`ACK: cluster ${clusterId} is running (Kubernetes 1.34.3-aliyun.1) after 12m00s`);
    expect(e.outputs()).toMatchObject({ passed: 'true', total: '9' });
    expect(server.changedPaths(server.headOf('main')!)).toEqual(['PRODUCT.md', 'PRODUCT.yaml']);
    expect(s.ack.calls('DeleteCluster').map(c => c.path)).toEqual([`/clusters/${clusterId}`]);
    expect(s.ack.clusters.has(clusterId)).toBe(false);

    // The post step gets the cluster from the saved state (no secret in it) and the outcome.
    const saved = await post(s, e);
    expect(JSON.parse(saved.cleanup).map((t: { type: string }) => t.type)).toEqual([
      'ack-cluster',
      'kubeconfig-file'
    ]);
    expect(saved['ack-outcome']).toBe('success');
    expect(e.log).toContain(`cleanup: ACK cluster ${clusterId} was already deleted`);
    expect(s.ack.calls('DeleteCluster')).toHaveLength(1);
    expectNoLeaks(s, e);
  });

  it('a failed suite fails the step by fail-on, and the cluster is still deleted (by the post step when the main step could not)', async () => {
    const s = await standFor(kind);
    const e = step(scheduleEvent('main'), provisionInputs(s, { commit: 'never' }));
    s.ack.denied.add('DeleteCluster'); // the main step's teardown is refused...
    await run(testDeps({ ack: ackDeps(s) }));
    expect(process.exitCode).toBe(1);
    expect(errors(e)[0]).toMatch(/requirements not proven implemented \(fail-on: must\)/);
    const clusterId = provisioned(s);
    expect(warnings(e).join('\n')).toContain(
      `ACK: teardown of cluster ${clusterId} failed, the post step tries again`
    );
    expect(s.ack.clusters.get(clusterId)?.state).toBe('running');

    s.ack.denied.clear(); // ...the post step's is not.
    const saved = await post(s, e);
    expect(saved['ack-outcome']).toBe('failure');
    expect(e.log).toContain(`cleanup: deleted ACK cluster ${clusterId}`);
    expect(s.ack.clusters.has(clusterId)).toBe(false);
    expectNoLeaks(s, e);
  });

  it('ack-teardown: on-success keeps the cluster of a failed run, in both steps', async () => {
    const s = await standFor(kind);
    const e = step(
      scheduleEvent('main'),
      provisionInputs(s, { commit: 'never', 'ack-teardown': 'on-success' })
    );
    await run(testDeps({ ack: ackDeps(s) }));
    expect(process.exitCode).toBe(1);
    await post(s, e);
    expect(s.ack.calls('DeleteCluster')).toEqual([]);
    const clusterId = provisioned(s);
    expect(s.ack.clusters.get(clusterId)!.state).toBe('running');
    expect(e.log).toContain(`cleanup: kept ACK cluster ${clusterId} (ack-teardown)`);
    expect(e.log.join('\n')).toContain(
      `ACK: keeping cluster ${clusterId} (ack-teardown: on-success, run failure)`
    );
  });

  it('cancelled while the cluster starts: the main step asks for the delete, the post step sees it through', async () => {
    const s = await standFor(ack);
    const e = step(scheduleEvent('main'), provisionInputs(s));
    const source = signals();
    s.time.onSleep = () => {
      if (s.ack.clusters.size > 1 && !e.log.some(l => l.includes('SIGINT'))) source.emit('SIGINT');
    };
    await run(testDeps({ signals: source, ack: ackDeps(s) }));
    s.time.onSleep = undefined;
    expect(process.exitCode).toBe(1);
    const clusterId = provisioned(s);
    expect(errors(e)).toEqual([`::error::cancelled while waiting for ACK cluster ${clusterId} to start`]);
    expect(s.ack.calls('DescribeClusterUserKubeconfig')).toEqual([]);
    expect(s.ack.clusters.get(clusterId)!.state).toBe('deleting');
    expect(server.writes()).toEqual([]);

    const saved = await post(s, e);
    expect(saved['ack-outcome']).toBe('cancelled');
    expect(e.log).toContain(`cleanup: deleted ACK cluster ${clusterId}`);
    expect(s.ack.clusters.has(clusterId)).toBe(false);
    expect(s.ack.calls('DeleteCluster')).toHaveLength(1);
    expectNoLeaks(s, e);
  });

  it('killed before it could tear down (the runner gave up on it): the post step deletes the cluster', async () => {
    const s = await standFor(ack);
    const e = step(scheduleEvent('main'), provisionInputs(s));
    const source = signals();
    // Once the cluster exists, the main step's waiting never ends (until the test lets it go).
    const stuck: Sleep = (ms, signal) =>
      s.ack.clusters.size > 1
        ? new Promise((_, reject) =>
            signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
          )
        : s.time.sleep(ms, signal);
    const running = run(testDeps({ signals: source, ack: ackDeps(s, { sleep: stuck }) }));
    await waitFor(() => e.state().includes('ack-cluster'), 'the cluster to be registered for the post step');
    const clusterId = provisioned(s);

    const saved = await post(s, e);
    expect(saved['ack-outcome']).toBeUndefined(); // the main step never said how it ended
    expect(e.log).toContain(`cleanup: deleted ACK cluster ${clusterId}`);
    expect(s.ack.calls('DeleteCluster')).toHaveLength(1);
    expect(s.ack.clusters.has(clusterId)).toBe(false);

    source.emit('SIGINT'); // let the abandoned main step end
    await running;
    expectNoLeaks(s, e);
  });
});

/** The id of the cluster the run created (its create task outlives it). */
function provisioned(s: Stand): string {
  const task = [...s.ack.tasks.values()].find(t => t.task_type === 'cluster_create');
  if (!task) throw new Error('no cluster was created');
  return task.cluster_id;
}

function kubeconfigFile(e: ActionEnv): string | undefined {
  return readdirSync(e.runnerTemp).find(f => f.startsWith('ai-conformance-kubeconfig-'));
}

/** ACTIONS_ID_TOKEN_REQUEST_URL's answer: the workflow's OIDC token for the asked audience. */
class IdTokenServer {
  readonly requests: Array<{ audience: string | null; authorized: boolean }> = [];
  readonly requestToken = `idreq-${randomBytes(16).toString('hex')}`;
  url = '';
  private constructor(
    private readonly server: Server,
    private readonly idToken: string
  ) {}

  static async start(idToken: string): Promise<IdTokenServer> {
    const s: IdTokenServer = new IdTokenServer(
      createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        const authorized = req.headers.authorization === `Bearer ${s.requestToken}`;
        s.requests.push({ audience: url.searchParams.get('audience'), authorized });
        res.writeHead(authorized ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify(authorized ? { value: s.idToken } : { message: 'bad token' }));
      }),
      idToken
    );
    await new Promise<void>(resolve => s.server.listen(0, '127.0.0.1', resolve));
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }
}
