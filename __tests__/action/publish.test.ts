/**
 * publish() driven the way main.ts will drive it: inputs and GitHub context read from the
 * environment a runner provides (event payloads for pull_request, push, schedule and a fork PR),
 * @actions/core writing to real output/summary/state files, Octokit talking to the local GitHub
 * API server.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import * as core from '@actions/core';
import { evaluateGate, publish, publishWithoutCluster, type PublishInput } from '../../src/action/publish.js';
import { CleanupRegistry } from '../../src/action/state.js';
import { readRunContext } from '../../src/github/context.js';
import { commentMarker } from '../../src/github/comment.js';
import { createGitHubClient } from '../../src/github/octokit.js';
import { readOptions, type FailOn } from '../../src/inputs.js';
import { runPost } from '../../src/post-run.js';
import { writeKubeconfig } from '../../src/target/kubeconfig.js';
import type { RunResults, Verdict } from '../../src/types.js';
import { KUBECONFIG, SECRET_VALUES } from '../../__fixtures__/kubeconfig/secrets.js';
import {
  actionEnv,
  parseFileCommand,
  pullRequestEvent,
  pushEvent,
  scheduleEvent,
  type ActionEnv,
  type EventSpec
} from '../helpers/action-env.js';
import { GitHubServer, immediateThrottle } from '../helpers/github-server.js';
import { productYaml, runResults } from '../helpers/results.js';

const TOKEN = 'ghs_workflowTokenSECRET0123456789abcdef';
const FORK_TOKEN = 'ghs_forkReadOnlyTokenSECRET9876543210';
const MARKER = commentMarker('ai-conformance', 'PRODUCT.md');

let server: GitHubServer;
let env: ActionEnv | null = null;
let summaryDir: string;
let summaryFile: string;

beforeAll(() => {
  // @actions/core remembers the summary file of its first write: one file for this whole suite.
  summaryDir = mkdtempSync(join(tmpdir(), 'publish-summary-'));
  summaryFile = join(summaryDir, 'summary.md');
});
afterAll(() => rmSync(summaryDir, { recursive: true, force: true }));

beforeEach(async () => {
  server = await new GitHubServer().start();
  server.addToken(TOKEN, { login: 'github-actions[bot]', viewerLogin: 'github-actions', type: 'Bot' });
  server.addToken(FORK_TOKEN, {
    login: 'github-actions[bot]',
    viewerLogin: 'github-actions',
    type: 'Bot',
    readOnly: true
  });
  // The vendor's repository: main as it was (gang scheduling implemented), a PR branch off it.
  server.pushFiles(
    'main',
    { 'PRODUCT.yaml': productYaml(), 'PRODUCT.md': '# old report\n', 'README.md': 'hello\n' },
    'initial'
  );
  server.pushFiles('feature', {}, 'feature work');
  server.pushFiles('feature', { 'src.txt': 'x\n' }, 'feature work');
});
afterEach(async () => {
  env?.restore();
  env = null;
  await server.close();
});

function start(event: EventSpec, inputs: Record<string, string> = {}): ActionEnv {
  env?.restore();
  env = actionEnv(event, { 'github-token': TOKEN, ...inputs }, server.url, summaryFile);
  return env;
}

/** The files a run of these verdicts produces: PRODUCT.yaml with its statuses, and a report. */
function filesFor(
  results: RunResults,
  before: string | null = server.fileAt('main', 'PRODUCT.yaml') ?? null
): PublishInput['files'] {
  const statuses = Object.fromEntries(results.requirements.map(r => [r.id, r.status ?? 'Implemented']));
  return {
    productPath: 'PRODUCT.yaml',
    reportPath: 'PRODUCT.md',
    product: productYaml(statuses),
    report: `# Test Platform — AI Conformance Report\n\n${results.requirements.map(r => `- ${r.id}: ${r.status}`).join('\n')}\n`,
    productBefore: before
  };
}

async function run(results: RunResults, files = filesFor(results)) {
  const input: PublishInput = {
    results,
    files,
    artifacts: {
      resultsJson: join(env!.workspace, 'results.json'),
      junit: join(env!.workspace, 'junit.xml')
    },
    options: readOptions(process.env),
    context: readRunContext(process.env),
    github: token =>
      createGitHubClient(token, {
        baseUrl: server.url,
        throttle: immediateThrottle() as any,
        retry: { retryAfterBaseValue: 1 }
      }),
    commitBackoff: async () => {}
  };
  return publish(input);
}

function ourComments(issue = 7) {
  return (server.comments.get(issue) ?? []).filter(
    c => c.user.login === 'github-actions[bot]' && c.body.startsWith(MARKER)
  );
}

describe('publish on a pull request from this repository', () => {
  it('creates the comment, then updates it: one comment, among 150 others and lookalikes', async () => {
    for (let i = 0; i < 150; i++) server.addComment(7, { login: `dev${i}`, type: 'User' }, `review ${i}`);
    server.addComment(7, { login: 'other-bot[bot]', type: 'Bot' }, `${MARKER}\nanother bot's table`);
    const baseSha = server.headOf('main')!;
    start(pullRequestEvent({ baseSha, headRef: 'feature' }));

    const results = runResults({ gang_scheduling: 'fail' }, { gang_scheduling: 'Kueue not found' });
    const first = await run(results);
    expect(first.comment.status).toBe('created');
    const afterFirst = env!.outputs();
    expect(afterFirst['comment-url']).toBe(ourComments()[0].html_url);

    start(pullRequestEvent({ baseSha, headRef: 'feature' }));
    const second = await run(results);
    expect(second.comment.status).toBe('updated');
    expect(ourComments()).toHaveLength(1);
    expect(env!.outputs()['comment-url']).toBe(afterFirst['comment-url']);
    expect(server.comments.get(7)!.find(c => c.user.login === 'other-bot[bot]')!.body).toBe(
      `${MARKER}\nanother bot's table`
    );

    // The comment compares against the base's PRODUCT.yaml, regression first, with the reason.
    const body = ourComments()[0].body;
    expect(body.split('\n').find(l => l.startsWith('| ') && !l.startsWith('| Requirement'))).toMatch(
      /Gang Scheduling \| MUST \| ✅ Implemented \| ❌ Not Implemented \| ⬇️ regression/
    );
    expect(body).toContain(`against main ${baseSha.slice(0, 7)}`);
    expect(body).toContain('Kueue not found');
    expect(body).toContain('https://github.com/acme/cluster/actions/runs/4242');
    const baseRead = server.requests.find(r => r.path === '/repos/acme/cluster/contents/PRODUCT.yaml');
    expect(baseRead?.query.ref).toBe(baseSha);
  });

  it('commits the two files to the PR head branch once, and not again when unchanged', async () => {
    const baseSha = server.headOf('main')!;
    const featureHead = server.headOf('feature')!;
    start(pullRequestEvent({ baseSha, headRef: 'feature' }));
    const results = runResults({ gang_scheduling: 'fail' });
    const first = await run(results);
    expect(first.commit.status).toBe('committed');
    const sha = server.headOf('feature')!;
    expect(server.commit(sha)!.parents).toEqual([featureHead]);
    expect(server.changedPaths(sha)).toEqual(['PRODUCT.md', 'PRODUCT.yaml']);
    expect(env!.outputs()['commit-sha']).toBe(sha);
    expect(server.headOf('main')).toBe(baseSha);

    start(pullRequestEvent({ baseSha, headRef: 'feature' }));
    const second = await run(results);
    expect(second.commit.status).toBe('unchanged');
    expect(server.headOf('feature')).toBe(sha);
    expect(env!.outputs()['commit-sha']).toBe('');
  });
});

describe('publish on push and schedule', () => {
  it('an unchanged report makes no commit and no write at all', async () => {
    start(pushEvent('main'));
    const results = runResults();
    const files = filesFor(results);
    server.pushFiles(
      'main',
      { 'PRODUCT.yaml': files.product!, 'PRODUCT.md': files.report },
      'previous report'
    );
    const head = server.headOf('main');
    const outcome = await run(results, files);
    expect(outcome.commit.status).toBe('unchanged');
    expect(server.writes()).toEqual([]);
    expect(server.headOf('main')).toBe(head);
    expect(outcome.comment.status).toBe('not-planned');
  });

  it('a changed report makes exactly one commit with exactly the two files', async () => {
    start(pushEvent('main'));
    const head = server.headOf('main')!;
    const outcome = await run(runResults({ ai_inference: 'partial' }));
    expect(outcome.commit.status).toBe('committed');
    expect(server.history('main').map(c => c.message)).toEqual(['Update AI conformance report', 'initial']);
    expect(server.commit(server.headOf('main')!)!.parents).toEqual([head]);
    expect(server.changedPaths(server.headOf('main')!)).toEqual(['PRODUCT.md', 'PRODUCT.yaml']);
    expect(server.writes().filter(r => r.path.endsWith('/git/commits'))).toHaveLength(1);
  });

  it('update-product: false commits only the report', async () => {
    start(pushEvent('main'), { 'update-product': 'false' });
    await run(runResults({ ai_inference: 'partial' }));
    expect(server.changedPaths(server.headOf('main')!)).toEqual(['PRODUCT.md']);
  });

  it('a branch moved during a scheduled run ends with both changes', async () => {
    start(scheduleEvent('main'));
    let moved = false;
    server.hooks.beforeRefUpdate = (branch, s) => {
      if (!moved) {
        moved = true;
        s.pushFiles(branch, { 'README.md': 'edited during the run\n' }, 'someone else');
      }
    };
    const outcome = await run(runResults({ ai_inference: 'fail' }));
    expect(outcome.commit.status === 'committed' && outcome.commit.attempts).toBe(2);
    expect(server.fileAt('main', 'README.md')).toBe('edited during the run\n');
    expect(server.fileAt('main', 'PRODUCT.md')).toContain('ai_inference: Not Implemented');
    expect(server.history('main').map(c => c.message)).toEqual([
      'Update AI conformance report',
      'someone else',
      'initial'
    ]);
    expect(server.requests.filter(r => r.method === 'PATCH').every(r => r.body.force === false)).toBe(true);
  });

  it('a branch that never stops moving fails the step with a clear message, summary still written', async () => {
    start(pushEvent('main'));
    let n = 0;
    server.hooks.beforeRefUpdate = (branch, s) =>
      void s.pushFiles(branch, { 'README.md': `${n++}\n` }, 'busy');
    const outcome = await run(runResults());
    expect(outcome.exitCode).toBe(1);
    expect(outcome.failure).toMatch(
      /could not commit the report to main: branch "main" kept moving.*5 attempts/
    );
    expect(env!.summary()).toContain('### Kubernetes AI Conformance 1.34');
  });

  it('a protected branch gets a warning, and the job is not failed for it', async () => {
    server.protectedBranches.add('main');
    start(pushEvent('main'));
    const outcome = await run(runResults());
    expect(outcome.commit.status).toBe('protected');
    expect(outcome.exitCode).toBe(0);
    expect(env!.log.some(l => l.startsWith('::warning::') && l.includes('branch "main" is protected'))).toBe(
      true
    );
    expect(env!.summary()).toContain('commit-fallback: pull-request');
  });
});

describe('publish on a pull request from a fork', () => {
  it('writes nothing to GitHub, passes, and explains in a notice and the summary', async () => {
    start(
      pullRequestEvent({ baseSha: server.headOf('main')!, headRef: 'patch-1', headRepo: 'forker/cluster' }),
      { 'github-token': FORK_TOKEN }
    );
    const outcome = await run(runResults());
    expect(server.writes()).toEqual([]);
    expect(server.requests.every(r => r.method === 'GET' || r.path === '/graphql')).toBe(true);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.comment.status).toBe('not-planned');
    expect(outcome.commit.status).toBe('not-planned');
    const notices = env!.log.filter(l => l.startsWith('::notice::'));
    expect(notices.join('\n')).toMatch(/fork forker\/cluster.*read-only.*job summary/);
    const summary = env!.summary();
    expect(summary).toContain('| Requirement | Level |');
    expect(summary).toMatch(/fork forker\/cluster/);
    expect(env!.outputs()).toMatchObject({ passed: 'true', 'comment-url': '', 'commit-sha': '' });
  });
});

describe('a run without a cluster', () => {
  it('a fork PR without the kubeconfig secret stays green with a notice and a summary, and calls no API', async () => {
    const e = start(
      pullRequestEvent({ baseSha: server.headOf('main')!, headRef: 'patch-1', headRepo: 'forker/cluster' }),
      { 'github-token': FORK_TOKEN, kubeconfig: '' }
    );
    const outcome = await publishWithoutCluster({
      options: readOptions(process.env),
      context: readRunContext(process.env)
    });
    expect(outcome.exitCode).toBe(0);
    expect(server.requests).toEqual([]);
    expect(e.log.find(l => l.startsWith('::notice::'))).toMatch(
      /fork forker\/cluster.*no secrets.*no cluster was checked/
    );
    expect(e.summary()).toMatch(/fork forker\/cluster.*no cluster was checked/);
    expect(e.outputs()).toMatchObject({
      total: '0',
      passed: 'false',
      'report-path': 'PRODUCT.md',
      'comment-url': '',
      'commit-sha': ''
    });
  });

  it('an unset secret on a push says which input is empty', async () => {
    const e = start(pushEvent('main'));
    await publishWithoutCluster({ options: readOptions(process.env), context: readRunContext(process.env) });
    expect(e.log.find(l => l.startsWith('::notice::'))).toMatch(/"kubeconfig" input is empty/);
  });
});

describe('fail-on', () => {
  const cases: Array<[FailOn, Record<string, Verdict>, boolean]> = [
    ['must', {}, false],
    ['must', { gang_scheduling: 'fail' }, true],
    ['must', { gang_scheduling: 'partial' }, true],
    ['must', { gang_scheduling: 'error' }, true],
    ['must', { gang_scheduling: 'not-applicable' }, false],
    ['should', { gang_scheduling: 'not-applicable' }, false],
    ['should', { ai_inference: 'error' }, true],
    ['never', { gang_scheduling: 'fail', ai_inference: 'error' }, false]
  ];
  it.each(cases)('fail-on: %s with %j fails: %s', (failOn, verdicts, fails) => {
    expect(evaluateGate(runResults(verdicts), failOn).failed).toBe(fails);
  });

  it('SHOULD requirements count only with fail-on: should', () => {
    const results = runResults();
    results.requirements[0] = {
      ...results.requirements[0],
      level: 'SHOULD',
      verdict: 'fail',
      status: 'Not Implemented'
    };
    expect(evaluateGate(results, 'must').failed).toBe(false);
    expect(evaluateGate(results, 'should').failed).toBe(true);
  });

  it('decides the exit status and says which requirements broke the gate', async () => {
    start(pushEvent('main'), { 'fail-on': 'must', commit: 'never' });
    const failing = await run(runResults({ gang_scheduling: 'fail', pod_autoscaling: 'error' }));
    expect(failing.exitCode).toBe(1);
    expect(failing.failure).toBe(
      '2 requirements not proven implemented (fail-on: must): gang_scheduling (MUST fail), pod_autoscaling (MUST error)'
    );
    expect(env!.outputs()).toMatchObject({
      passed: 'false',
      implemented: String(failing.total - 2),
      total: String(failing.total)
    });

    start(pushEvent('main'), { 'fail-on': 'never', commit: 'never' });
    const lenient = await run(runResults({ gang_scheduling: 'fail' }));
    expect(lenient.exitCode).toBe(0);
    expect(env!.outputs().passed).toBe('false');
  });
});

describe('secrets', () => {
  it('never appear in a log line, comment, summary, output, commit or file, and the kubeconfig is gone after the post step', async () => {
    const e = start(pullRequestEvent({ baseSha: server.headOf('main')!, headRef: 'feature' }), {
      kubeconfig: KUBECONFIG,
      context: 'ack-gpu-exec'
    });
    // What main.ts does first: mask the token, write the kubeconfig, register its cleanup.
    const options = readOptions(process.env);
    core.setSecret(options.githubToken);
    const cleanup = new CleanupRegistry(core.saveState);
    const kc = await writeKubeconfig(options.kubeconfig!, { context: options.context, mask: core.setSecret });
    cleanup.add({ type: 'kubeconfig-file', path: kc.path });
    expect(kc.path.startsWith(e.runnerTemp)).toBe(true);
    expect(statSync(kc.path).mode & 0o777).toBe(0o600);

    const outcome = await run(
      runResults(
        { ai_inference: 'fail', gang_scheduling: 'error' },
        { gang_scheduling: 'the API server at https://203.0.113.10:6443 timed out' }
      )
    );
    expect(outcome.comment.status).toBe('created');
    expect(outcome.commit.status).toBe('committed');

    // The post step, with the state the runner hands it.
    process.env['STATE_cleanup'] = parseFileCommand(e.state())['cleanup'];
    await runPost();
    expect(readdirSync(e.runnerTemp)).toEqual([]);

    const secrets = [...SECRET_VALUES, TOKEN];
    const masks = e.log.filter(l => l.startsWith('::add-mask::')).map(l => l.slice('::add-mask::'.length));
    expect(new Set(masks)).toEqual(new Set(secrets.filter(s => s !== TOKEN).concat(TOKEN)));
    const places: Array<[string, string]> = [
      ['log', e.log.filter(l => !l.startsWith('::add-mask::')).join('\n')],
      ['outputs', JSON.stringify(e.outputs())],
      ['summary', e.summary()],
      ['state', e.state()],
      ['comments', JSON.stringify([...server.comments.values()])],
      ['pull requests', JSON.stringify(server.pulls)],
      ['committed blobs', [...server.blobs.values()].map(b => b.toString('utf8')).join('\n')],
      ['request bodies', JSON.stringify(server.requests.map(r => r.body))],
      ...filesUnder(e.dir).map(f => [`file ${f}`, readFileSync(f, 'utf8')] as [string, string])
    ];
    expect(places.length).toBeGreaterThan(8);
    for (const [where, text] of places) {
      for (const secret of secrets) {
        if (text.includes(secret)) throw new Error(`a secret appears in ${where}`);
      }
    }
    // Masking is targeted: ordinary kubeconfig words are not masked.
    expect(masks).not.toContain('v1');
    expect(masks).not.toContain('ack-gpu');
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(d => d.isFile())
    .map(d => join(d.parentPath, d.name));
}
