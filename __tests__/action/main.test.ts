/**
 * The action's entry point, run() and then runPost(), with the environment a runner gives a step:
 * INPUT_* variables, event payloads (pull_request, push, schedule, a fork's pull_request), the
 * output/summary/state files, RUNNER_TEMP and a checked-out workspace holding PRODUCT.yaml. The
 * cluster is the simulator (its kubeconfig given as the `kubeconfig` input, raw or base64), and
 * Octokit talks to the local GitHub API server through GITHUB_API_URL.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { commentMarker } from '../../src/github/comment.js';
import { run } from '../../src/main.js';
import { runPost } from '../../src/post-run.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { SECRETS } from '../../__fixtures__/kubeconfig/secrets.js';
import {
  parseFileCommand,
  pullRequestEvent,
  pushEvent,
  scheduleEvent,
  type ActionEnv,
  type EventSpec
} from '../helpers/action-env.js';
import { GitHubServer } from '../helpers/github-server.js';
import { runLeftovers } from '../helpers/leftovers.js';
import { productYaml } from '../helpers/results.js';
import {
  clearState,
  everyPlace,
  FORK_TOKEN,
  handOverState,
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

const FILES = ['PRODUCT.yaml', 'PRODUCT.md'];
const MARKER = commentMarker('ai-conformance', 'PRODUCT.md');

let ack: Simulator; // every 1.34 MUST passes
let kind: Simulator; // a plain kind cluster: several MUSTs fail
let server: GitHubServer;
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
  server.addToken(FORK_TOKEN, {
    login: 'github-actions[bot]',
    viewerLogin: 'github-actions',
    type: 'Bot',
    readOnly: true
  });
  // The vendor's repository: gang scheduling not yet claimed, an old report, a PR branch.
  server.pushFiles(
    'main',
    {
      'PRODUCT.yaml': productYaml({ gang_scheduling: 'Not Implemented' }),
      'PRODUCT.md': '# old report\n',
      'README.md': 'hello\n'
    },
    'initial'
  );
  server.refs.get('acme/cluster')!.set('feature', server.headOf('main')!);
  server.pushFiles('feature', { 'src.txt': 'x\n' }, 'feature work');
});
afterEach(async () => {
  env?.restore();
  env = null;
  clearState();
  process.exitCode = undefined;
  await server.close();
});

/** One step on a runner: its environment with the workspace checked out from `branch`. */
function step(event: EventSpec, inputs: Record<string, string>, branch = 'main'): ActionEnv {
  env?.restore();
  clearState();
  process.exitCode = undefined;
  env = startStep(server, summary, event, inputs, { branch, files: FILES });
  return env;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const errors = (e: ActionEnv): string[] => e.log.filter(l => l.startsWith('::error::'));
const notices = (e: ActionEnv): string[] => e.log.filter(l => l.startsWith('::notice::'));
const ourComments = (issue = 7) => (server.comments.get(issue) ?? []).filter(c => c.body.startsWith(MARKER));

describe('depth: functional', () => {
  it('runs the workloads, registers the run for the post step before creating anything, and leaves nothing', async () => {
    const e = step(pushEvent('main'), {
      kubeconfig: ack.kubeconfig,
      depth: 'functional',
      only: 'accelerator_metrics',
      'workload-images': 'mirror.example.com/ai',
      commit: 'never'
    });
    await run(testDeps());
    expect(errors(e)).toEqual([]);
    expect(process.exitCode ?? 0).toBe(0);
    const results = JSON.parse(readFileSync(e.outputs()['results-json'], 'utf8'));
    expect(results.depth).toBe('functional');
    expect(results.requirements[0]).toMatchObject({
      id: 'accelerator_metrics',
      depth: 'functional',
      verdict: 'pass'
    });
    const runId: string = results.runId;
    expect(e.log).toContain(
      `functional run ${runId}: workloads in namespace ai-conformance-${runId}, deleted afterwards`
    );

    const saved = handOverState(e);
    const tasks = JSON.parse(saved.cleanup);
    expect(tasks).toEqual([
      { type: 'kubeconfig-file', path: expect.any(String) },
      { type: 'run-objects', runId, kubeconfig: tasks[0].path, context: expect.any(String) }
    ]);
    await runPost();
    // Newest first: the sweep still had the kubeconfig; then the file went.
    expect(e.log.filter(l => l.startsWith('cleanup: '))).toEqual([
      `cleanup: functional run ${runId}: nothing left behind`,
      'cleanup: deleted the kubeconfig file'
    ]);
    expect(runLeftovers(ack, runId)).toEqual([]);
  });

  it('SIGINT during a functional check: the step fails, the check cleans up, the post step finds nothing left', async () => {
    const e = step(pushEvent('main'), {
      kubeconfig: ack.kubeconfig,
      depth: 'functional',
      only: 'ai_inference'
    });
    const source = signals();
    const running = run(testDeps({ signals: source }));
    await waitFor(
      () => ack.store.list('', 'namespaces').some(n => n.metadata.name?.startsWith('ai-conformance-')),
      'the run namespace'
    );
    source.emit('SIGINT');
    await running;
    expect(process.exitCode).toBe(1);
    const saved = handOverState(e);
    const runId = JSON.parse(saved.cleanup)[1].runId as string;
    expect(runLeftovers(ack, runId)).toEqual([]);
    await runPost();
    expect(e.log).toContain(`cleanup: functional run ${runId}: nothing left behind`);
  });
});

describe('a pull request from a branch of this repository', () => {
  it('the first run creates the comment and commits the report, the second updates the comment and commits nothing', async () => {
    const baseSha = server.headOf('main')!;
    const featureHead = server.headOf('feature')!;
    const first = step(
      pullRequestEvent({ baseSha, headRef: 'feature' }),
      { kubeconfig: ack.kubeconfig },
      'feature'
    );
    await run(testDeps());
    expect(errors(first)).toEqual([]);
    expect(process.exitCode ?? 0).toBe(0);

    expect(ourComments()).toHaveLength(1);
    const comment = ourComments()[0];
    // This run against the PR base: gang scheduling moves up from Not Implemented.
    expect(comment.body).toMatch(/Gang Scheduling \| MUST \| ❌ Not Implemented \| ✅ Implemented/);
    expect(comment.body).toContain('https://github.com/acme/cluster/actions/runs/4242');
    const outputs = first.outputs();
    expect(outputs).toMatchObject({
      passed: 'true',
      implemented: '9',
      total: '9',
      'report-path': 'PRODUCT.md',
      'comment-url': comment.html_url
    });
    // The outputs point at files that exist and hold this run.
    expect(JSON.parse(readFileSync(outputs['results-json'], 'utf8')).requirements).toHaveLength(9);
    expect(readFileSync(outputs.junit, 'utf8')).toContain('tests="9" failures="0" errors="0"');
    expect(outputs['results-json'].startsWith(first.runnerTemp)).toBe(true);

    // One commit on the PR's head branch with exactly the two files; main untouched.
    const sha = server.headOf('feature')!;
    expect(outputs['commit-sha']).toBe(sha);
    expect(server.commit(sha)!.parents).toEqual([featureHead]);
    expect(server.changedPaths(sha)).toEqual(['PRODUCT.md', 'PRODUCT.yaml']);
    expect(statuses(server.fileAt('feature', 'PRODUCT.yaml')!).gang_scheduling).toBe('Implemented');
    expect(server.fileAt('feature', 'PRODUCT.md')).toBe(
      readFileSync(`${first.workspace}/PRODUCT.md`, 'utf8')
    );
    expect(server.headOf('main')).toBe(baseSha);
    expect(first.summary()).toContain('### Kubernetes AI Conformance 1.34');

    // The next push to the PR: the workspace is the branch with the report committed.
    const second = step(
      pullRequestEvent({ baseSha, headRef: 'feature' }),
      { kubeconfig: ack.kubeconfig },
      'feature'
    );
    const writesBefore = server.writes().length;
    await run(testDeps());
    expect(errors(second)).toEqual([]);
    expect(ourComments()).toHaveLength(1);
    expect(second.outputs()['comment-url']).toBe(comment.html_url);
    expect(second.outputs()['commit-sha']).toBe('');
    expect(server.headOf('feature')).toBe(sha);
    // The only write of the second run is the comment update.
    expect(
      server
        .writes()
        .slice(writesBefore)
        .map(r => `${r.method} ${r.path}`)
    ).toEqual([`PATCH /repos/acme/cluster/issues/comments/${comment.id}`]);
  });
});

describe('push and schedule', () => {
  it('a changed report makes exactly one commit with exactly the two files; the rerun on that head makes none', async () => {
    const head = server.headOf('main')!;
    const first = step(pushEvent('main'), { kubeconfig: b64(ack.kubeconfig) });
    await run(testDeps());
    expect(errors(first)).toEqual([]);
    const sha = server.headOf('main')!;
    expect(server.history('main').map(c => c.message)).toEqual(['Update AI conformance report', 'initial']);
    expect(server.commit(sha)!.parents).toEqual([head]);
    expect(server.changedPaths(sha)).toEqual(['PRODUCT.md', 'PRODUCT.yaml']);
    expect(server.writes().filter(r => r.path.endsWith('/git/commits'))).toHaveLength(1);
    expect(first.outputs()).toMatchObject({ 'commit-sha': sha, 'comment-url': '' });

    const second = step(pushEvent('main'), { kubeconfig: b64(ack.kubeconfig) });
    const writesBefore = server.writes().length;
    await run(testDeps());
    expect(errors(second)).toEqual([]);
    expect(server.writes().length).toBe(writesBefore);
    expect(server.headOf('main')).toBe(sha);
    expect(second.outputs()['commit-sha']).toBe('');
    expect(second.summary()).toContain('Report unchanged on main: no commit');
  });

  it('a branch moved during a scheduled run ends with both changes present, never force-pushed', async () => {
    step(scheduleEvent('main'), { kubeconfig: ack.kubeconfig });
    let moved = false;
    server.hooks.beforeRefUpdate = (branch, s) => {
      if (moved) return;
      moved = true;
      s.pushFiles(branch, { 'README.md': 'edited during the run\n' }, 'someone else');
    };
    await run(testDeps());
    expect(errors(env!)).toEqual([]);
    expect(server.fileAt('main', 'README.md')).toBe('edited during the run\n');
    expect(statuses(server.fileAt('main', 'PRODUCT.yaml')!).gang_scheduling).toBe('Implemented');
    expect(server.fileAt('main', 'PRODUCT.md')).toBe(readFileSync(`${env!.workspace}/PRODUCT.md`, 'utf8'));
    expect(server.history('main').map(c => c.message)).toEqual([
      'Update AI conformance report',
      'someone else',
      'initial'
    ]);
    expect(server.requests.filter(r => r.method === 'PATCH').every(r => r.body.force === false)).toBe(true);
  });
});

describe('a pull request from a fork', () => {
  const forkPr = () =>
    pullRequestEvent({ baseSha: server.headOf('main')!, headRef: 'patch-1', headRepo: 'forker/cluster' });

  it('with a cluster that needs no secret: checks it, green, summary and notice, no write attempted', async () => {
    const e = step(forkPr(), { kubeconfig: ack.kubeconfig, 'github-token': FORK_TOKEN });
    await run(testDeps());
    expect(process.exitCode ?? 0).toBe(0);
    expect(errors(e)).toEqual([]);
    expect(server.writes()).toEqual([]);
    expect(server.requests.every(r => r.method === 'GET' || r.path === '/graphql')).toBe(true);
    expect(notices(e).join('\n')).toMatch(/fork forker\/cluster.*read-only.*job summary/);
    expect(e.summary()).toContain('| Requirement | Level |');
    expect(e.outputs()).toMatchObject({ total: '9', 'comment-url': '', 'commit-sha': '' });
  });

  it('without the kubeconfig secret: green, summary and notice, no API call at all', async () => {
    const e = step(forkPr(), { kubeconfig: '', 'github-token': FORK_TOKEN });
    await run(testDeps());
    expect(process.exitCode ?? 0).toBe(0);
    expect(errors(e)).toEqual([]);
    expect(server.requests).toEqual([]);
    expect(notices(e).join('\n')).toMatch(/fork forker\/cluster.*no secrets.*no cluster was checked/);
    expect(e.summary()).toMatch(/no cluster was checked/);
    expect(e.outputs()).toMatchObject({ total: '0', passed: 'false', 'commit-sha': '' });
    expect(readdirSync(e.runnerTemp)).toEqual([]);
  });
});

describe('fail-on decides the exit status', () => {
  const cases: Array<[string, 'ack' | 'kind', string, boolean]> = [
    ['must, every MUST passes', 'ack', 'must', false],
    ['must, MUSTs fail', 'kind', 'must', true],
    ['should, MUSTs fail', 'kind', 'should', true],
    ['never, MUSTs fail', 'kind', 'never', false]
  ];
  it.each(cases)('%s', async (_name, cluster, failOn, fails) => {
    const sim = cluster === 'ack' ? ack : kind;
    const e = step(pushEvent('main'), { kubeconfig: sim.kubeconfig, 'fail-on': failOn, commit: 'never' });
    await run(testDeps());
    expect(process.exitCode ?? 0).toBe(fails ? 1 : 0);
    expect(e.outputs().passed).toBe(cluster === 'ack' ? 'true' : 'false');
    if (fails) {
      expect(errors(e)).toHaveLength(1);
      expect(errors(e)[0]).toMatch(
        new RegExp(
          `requirements? not proven implemented \\(fail-on: ${failOn}\\): .*gang_scheduling \\(MUST fail\\)`
        )
      );
    } else {
      expect(errors(e)).toEqual([]);
    }
    // The verdicts are written whatever the gate says.
    expect(e.summary()).toContain('| Requirement | Level |');
  });
});

describe('bad input', () => {
  it('reports every problem at once, names the inputs, and touches nothing', async () => {
    const e = step(pushEvent('main'), {
      kubeconfig: ack.kubeconfig,
      'ack-cluster-id': 'c0123456789abcdef',
      'alibaba-cloud-region': 'cn-hangzhou',
      'fail-on': 'sometimes'
    });
    await run(testDeps());
    expect(process.exitCode).toBe(1);
    const [error] = errors(e);
    expect(error).toContain('2 invalid inputs');
    expect(error).toContain('input "fail-on": "sometimes" is not one of must, should, never');
    expect(error).toContain('inputs "kubeconfig" and "ack-cluster-id" are both set');
    expect(server.requests).toEqual([]);
    expect(readdirSync(e.runnerTemp)).toEqual([]);
    expect(e.state()).toBe('');
  });

  it('a missing PRODUCT.yaml fails with the path and what to do; the kubeconfig is still cleaned up', async () => {
    const e = step(pushEvent('main'), { kubeconfig: ack.kubeconfig, 'product-path': 'vendor/PRODUCT.yaml' });
    await run(testDeps());
    expect(process.exitCode).toBe(1);
    expect(errors(e)[0]).toMatch(/vendor\/PRODUCT\.yaml.*cannot read the file.*ai-conformance init/);
    expect(e.summary()).toMatch(/❌ .*vendor\/PRODUCT\.yaml/);
    handOverState(e);
    await runPost();
    expect(readdirSync(e.runnerTemp).filter(f => f.includes('kubeconfig'))).toEqual([]);
  });
});

describe('secrets', () => {
  it.each(['raw', 'base64'])(
    'a %s kubeconfig: no credential or token appears in any log line, comment, summary, output, state or file',
    async encoding => {
      // The simulator's kubeconfig plus a user with client key and certificate data (masked though unused).
      const kc = parse(ack.kubeconfig);
      kc.users.push({
        name: 'cert-user',
        user: { 'client-key-data': SECRETS.clientKeyData, 'client-certificate-data': SECRETS.clientCertData }
      });
      const simToken: string = kc.users[0].user.token;
      const input = encoding === 'raw' ? stringify(kc) : b64(stringify(kc));
      const e = step(
        pullRequestEvent({ baseSha: server.headOf('main')!, headRef: 'feature' }),
        { kubeconfig: input },
        'feature'
      );
      await run(testDeps());
      expect(errors(e)).toEqual([]);
      expect(ourComments()).toHaveLength(1);
      expect(server.changedPaths(server.headOf('feature')!)).toEqual(['PRODUCT.md', 'PRODUCT.yaml']);
      const kubeconfigFile = readdirSync(e.runnerTemp).find(f => f.startsWith('ai-conformance-kubeconfig-'))!;
      expect(statSync(`${e.runnerTemp}/${kubeconfigFile}`).mode & 0o777).toBe(0o600);

      handOverState(e);
      await runPost();
      expect(existsSync(`${e.runnerTemp}/${kubeconfigFile}`)).toBe(false);

      const secrets = [simToken, SECRETS.clientKeyData, SECRETS.clientCertData, TOKEN];
      // Each one was registered with the runner's masking before anything could print it...
      expect(masksOf(e)).toEqual(expect.arrayContaining(secrets));
      // ...only those (and a one-line base64 input whole): ordinary kubeconfig words are not masked.
      expect(masksOf(e)).toHaveLength(encoding === 'raw' ? 4 : 5);
      // ...and neither they nor the input itself are anywhere the run wrote to.
      const places = everyPlace(e, server);
      expect(places.length).toBeGreaterThan(10);
      expect(leaks([...secrets, input], places)).toEqual([]);
    }
  );
});

describe('cancel', () => {
  let slow: Simulator;
  beforeAll(async () => {
    // pod_autoscaling's read of the custom metrics API never answers: the run is stuck on it.
    slow = await startSimulator({
      scenario: 'ack-gpu-1.34',
      faults: { rules: [{ paths: ['/apis/custom.metrics.k8s.io/v1beta1'], action: { type: 'hang' } }] }
    });
  });
  afterAll(async () => slow?.stop());

  it('SIGINT midway stops the checks, publishes nothing, fails the step; the post step removes the kubeconfig', async () => {
    const e = step(pushEvent('main'), { kubeconfig: slow.kubeconfig });
    const source = signals();
    const running = run(testDeps({ signals: source }));
    await waitFor(() => e.log.some(l => /^\[\s*8\/9\]/.test(l)), 'every check but the stuck one to finish');
    source.emit('SIGINT');
    await running;
    expect(process.exitCode).toBe(1);
    expect(errors(e)).toEqual([
      '::error::the run was cancelled (SIGINT) before the checks finished: nothing was published; the post step cleans up'
    ]);
    expect(server.writes()).toEqual([]);
    expect(server.requests).toEqual([]);
    expect(e.outputs()).toEqual({});

    const saved = handOverState(e);
    expect(JSON.parse(saved.cleanup)).toEqual([{ type: 'kubeconfig-file', path: expect.any(String) }]);
    await runPost();
    expect(readdirSync(e.runnerTemp).filter(f => f.includes('kubeconfig'))).toEqual([]);
    expect(process.exitCode).toBe(1);
  });

  it("as a process: the runner's SIGINT ends the main step with a failure; the post step still cleans up", async () => {
    const e = step(pushEvent('main'), { kubeconfig: slow.kubeconfig });
    const main = node('src/index.ts');
    await waitFor(() => /\[\s*8\/9\]/.test(main.text()), 'every check but the stuck one to finish');
    main.child.kill('SIGINT');
    expect(await main.exited).toBe(1);
    expect(main.text()).toContain('::warning::SIGINT: the run was cancelled');
    expect(main.text()).toContain('::error::the run was cancelled (SIGINT) before the checks finished');
    expect(server.requests).toEqual([]);

    handOverState(e);
    const post = node('src/post.ts');
    expect(await post.exited).toBe(0);
    expect(readdirSync(e.runnerTemp).filter(f => f.includes('kubeconfig'))).toEqual([]);
  });
});

/**
 * Starts an entry file as the runner does (node itself: a shell in between would drop INPUT_FAIL-ON
 * and every other variable whose name holds a hyphen), with the step's environment.
 */
function node(entry: string) {
  const child = spawn(
    process.execPath,
    ['--experimental-transform-types', '--no-warnings', '--import', './scripts/ts-resolve.mjs', entry],
    { env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  const out: string[] = [];
  child.stdout.on('data', chunk => out.push(String(chunk)));
  child.stderr.on('data', chunk => out.push(String(chunk)));
  const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
  return { child, text: () => out.join(''), exited };
}

describe('the entry point as a process (src/index.ts, then src/post.ts)', () => {
  it('checks, comments, commits, sets the exit status by fail-on and ends by itself; the post step cleans up', async () => {
    const e = step(
      pullRequestEvent({ baseSha: server.headOf('main')!, headRef: 'feature' }),
      { kubeconfig: kind.kubeconfig },
      'feature'
    );
    const main = node('src/index.ts');
    // Resolves only once the process has ended by itself: nothing was left holding it open.
    expect(await main.exited).toBe(1);
    expect(main.text()).toMatch(/::error::5 requirements not proven implemented \(fail-on: must\)/);
    expect(e.outputs().total).toBe('9');
    expect(ourComments()).toHaveLength(1);
    expect(e.outputs()['commit-sha']).toBe(server.headOf('feature'));

    handOverState(e);
    const post = node('src/post.ts');
    expect(await post.exited).toBe(0);
    expect(post.text()).toContain('cleanup: deleted the kubeconfig file');
    expect(readdirSync(e.runnerTemp).filter(f => f.includes('kubeconfig'))).toEqual([]);
  });
});

describe("ci.yml's job that runs the action (uses: ./) on the simulator", () => {
  it('its simulator step starts the simulator in the background and hands over the kubeconfig through GITHUB_ENV', async () => {
    const workflow = parse(readFileSync('.github/workflows/ci.yml', 'utf8'));
    const steps: Array<{ name?: string; run?: string; uses?: string; with?: Record<string, string> }> =
      workflow.jobs.action.steps;
    const simStep = steps.find(s => s.run?.includes(' sim --scenario ack-gpu-1.34'))!;
    const actionStep = steps.find(s => s.uses === './')!;
    expect(actionStep.with!.kubeconfig).toBe('${{ env.SIM_KUBECONFIG }}');

    const e = step(pushEvent('main'), {});
    const githubEnv = join(e.dir, 'github-env');
    writeFileSync(githubEnv, '');
    // The step as the runner runs it (bash -e), with the CLI from the sources instead of dist/,
    // and the background simulator's pid noted so the test can stop it.
    const cli = `"${process.execPath}" --experimental-transform-types --no-warnings --import ./scripts/ts-resolve.mjs src/cli/bin.ts`;
    const script = `${simStep.run!.replace('node dist/cli/index.js', cli).replace(/&\n/, '&\necho $! > "$RUNNER_TEMP/sim.pid"\n')}`;
    const shell = spawn('bash', ['-e', '-c', script], {
      env: { ...process.env, RUNNER_TEMP: e.runnerTemp, GITHUB_ENV: githubEnv },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    shell.stdout.on('data', chunk => (stdout += String(chunk)));
    const code = await new Promise<number | null>(resolve => shell.on('exit', resolve));
    const pid = Number(readFileSync(join(e.runnerTemp, 'sim.pid'), 'utf8'));
    try {
      expect(code).toBe(0);
      const kubeconfig = parseFileCommand(readFileSync(githubEnv, 'utf8'))['SIM_KUBECONFIG'];
      expect(kubeconfig).toBe(readFileSync(join(e.runnerTemp, 'kubeconfig'), 'utf8').replace(/\n$/, ''));
      expect(stdout).toBe(`::add-mask::${parse(kubeconfig).users[0].user.token}\n`);

      // The action with that value as its input checks the simulator behind it.
      process.env['INPUT_KUBECONFIG'] = kubeconfig;
      process.env['INPUT_COMMIT'] = 'never';
      await run(testDeps());
      expect(errors(e)).toEqual([]);
      expect(e.outputs()).toMatchObject({ passed: 'true', total: '9' });
    } finally {
      process.kill(pid, 'SIGTERM');
    }
  });
});
