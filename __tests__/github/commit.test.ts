import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { commitFiles, gitBlobSha, reportBranchFor, type CommitRequest } from '../../src/github/commit.js';
import { createGitHubClient } from '../../src/github/octokit.js';
import { GitHubServer, immediateThrottle } from '../helpers/github-server.js';

const TOKEN = 'ghs_commitTestToken000000000000000000000';
const noWait = async () => {};
const log = { info: () => {}, warning: () => {} };
let server: GitHubServer;

function client() {
  return createGitHubClient(TOKEN, {
    baseUrl: server.url,
    throttle: immediateThrottle() as any,
    retry: { retryAfterBaseValue: 1 }
  });
}

function request(files: Record<string, string>, over: Partial<CommitRequest> = {}): CommitRequest {
  return {
    owner: 'acme',
    repo: 'cluster',
    branch: 'main',
    files: Object.entries(files).map(([path, content]) => ({ path, content })),
    message: 'Update AI conformance report',
    fallback: 'none',
    backoff: noWait,
    ...over
  };
}

const OLD = {
  'conformance/PRODUCT.yaml': 'status: old\n',
  'conformance/PRODUCT.md': '# old\n',
  'README.md': 'readme\n'
};
const NEW = { 'conformance/PRODUCT.yaml': 'status: new\n', 'conformance/PRODUCT.md': '# new\n' };

beforeEach(async () => {
  server = await new GitHubServer().start();
  server.addToken(TOKEN, { login: 'github-actions[bot]', type: 'Bot' });
  server.pushFiles('main', OLD, 'initial');
});
afterEach(async () => server.close());

function refUpdates() {
  return server.requests.filter(r => r.method === 'PATCH' && r.path.includes('/git/refs/'));
}

describe('report commit', () => {
  it('makes no commit when the files are unchanged on the branch', async () => {
    const head = server.headOf('main');
    const outcome = await commitFiles(
      client(),
      request({
        'conformance/PRODUCT.yaml': OLD['conformance/PRODUCT.yaml'],
        'conformance/PRODUCT.md': OLD['conformance/PRODUCT.md']
      }),
      log
    );
    expect(outcome).toEqual({ status: 'unchanged', branch: 'main', headSha: head });
    expect(server.writes()).toEqual([]);
    expect(server.headOf('main')).toBe(head);
  });

  it('makes exactly one commit holding exactly the two files, on the branch head, unsigned-by-us', async () => {
    const head = server.headOf('main')!;
    const outcome = await commitFiles(client(), request(NEW), log);
    expect(outcome.status).toBe('committed');
    const sha = server.headOf('main')!;
    expect(outcome.status === 'committed' && outcome.sha).toBe(sha);
    expect(server.history('main').map(c => c.message)).toEqual(['Update AI conformance report', 'initial']);
    const commit = server.commit(sha)!;
    expect(commit.parents).toEqual([head]);
    expect(server.changedPaths(sha)).toEqual(['conformance/PRODUCT.md', 'conformance/PRODUCT.yaml']);
    expect(server.fileAt('main', 'conformance/PRODUCT.yaml')).toBe('status: new\n');
    expect(server.fileAt('main', 'README.md')).toBe('readme\n');
    // No author/committer, so GitHub signs it for the token's bot; never forced.
    expect(commit.author).toBeUndefined();
    expect(commit.committer).toBeUndefined();
    expect(refUpdates().map(r => r.body.force)).toEqual([false]);
  });

  it('commits only the file that changed', async () => {
    const outcome = await commitFiles(
      client(),
      request({ ...NEW, 'conformance/PRODUCT.yaml': OLD['conformance/PRODUCT.yaml'] }),
      log
    );
    expect(outcome.status === 'committed' && outcome.paths).toEqual(['conformance/PRODUCT.md']);
    expect(server.changedPaths(server.headOf('main')!)).toEqual(['conformance/PRODUCT.md']);
    expect(server.requests.filter(r => r.path.endsWith('/git/blobs'))).toHaveLength(1);
  });

  it('re-applies the report on a branch that moved meanwhile: both changes end up on it', async () => {
    let moved = false;
    server.hooks.beforeRefUpdate = (branch, s) => {
      if (branch === 'main' && !moved) {
        moved = true;
        s.pushFiles('main', { 'README.md': 'readme changed by someone else\n' }, 'concurrent push');
      }
    };
    const outcome = await commitFiles(client(), request(NEW), log);
    expect(outcome.status === 'committed' && outcome.attempts).toBe(2);
    expect(server.fileAt('main', 'README.md')).toBe('readme changed by someone else\n');
    expect(server.fileAt('main', 'conformance/PRODUCT.md')).toBe('# new\n');
    expect(server.fileAt('main', 'conformance/PRODUCT.yaml')).toBe('status: new\n');
    expect(server.history('main').map(c => c.message)).toEqual([
      'Update AI conformance report',
      'concurrent push',
      'initial'
    ]);
    expect(refUpdates().map(r => r.body.force)).toEqual([false, false]);
  });

  it('stops after the bounded number of attempts when the branch keeps moving, never forcing', async () => {
    let n = 0;
    server.hooks.beforeRefUpdate = (_branch, s) =>
      void s.pushFiles('main', { 'README.md': `edit ${n++}\n` }, 'busy');
    await expect(commitFiles(client(), request(NEW, { maxAttempts: 3 }), log)).rejects.toThrow(
      /kept moving.*3 attempts.*nothing was force-pushed/
    );
    expect(refUpdates()).toHaveLength(3);
    expect(refUpdates().every(r => r.body.force === false)).toBe(true);
    expect(server.fileAt('main', 'conformance/PRODUCT.md')).toBe('# old\n');
  });

  it('finds nothing to do when a concurrent run already committed the same report', async () => {
    server.hooks.beforeRefUpdate = (_b, s) => {
      server.hooks.beforeRefUpdate = undefined;
      s.pushFiles('main', NEW, 'the other run');
    };
    const outcome = await commitFiles(client(), request(NEW), log);
    expect(outcome.status).toBe('unchanged');
    expect(server.history('main').map(c => c.message)).toEqual(['the other run', 'initial']);
  });

  it('warns clearly on a protected branch and leaves it alone', async () => {
    server.protectedBranches.add('main');
    const head = server.headOf('main');
    const outcome = await commitFiles(client(), request(NEW), log);
    expect(outcome.status).toBe('protected');
    expect(outcome.status === 'protected' && outcome.warning).toMatch(
      /branch "main" is protected.*commit-fallback: pull-request/
    );
    expect(server.headOf('main')).toBe(head);
  });

  it('recognises protection answered with 403 and with a ruleset message', async () => {
    server.protectedBranches.add('main');
    server.protectionStatus = 403;
    expect((await commitFiles(client(), request(NEW), log)).status).toBe('protected');
    server.protectedBranches.clear();
    server.hooks.intercept = r =>
      r.method === 'PATCH'
        ? {
            status: 422,
            body: {
              message: 'Repository rule violations found\n\nChanges must be made through a pull request.'
            }
          }
        : undefined;
    expect((await commitFiles(client(), request(NEW), log)).status).toBe('protected');
  });

  it('with commit-fallback: pull-request opens a PR from ai-conformance/report-<branch>, then updates it', async () => {
    server.protectedBranches.add('main');
    const first = await commitFiles(client(), request(NEW, { fallback: 'pull-request' }), log);
    expect(first.status).toBe('pull-request');
    const branch = reportBranchFor('main');
    expect(branch).toBe('ai-conformance/report-main');
    expect(server.pulls).toHaveLength(1);
    expect(server.pulls[0]).toMatchObject({ head: branch, base: 'main', state: 'open' });
    expect(server.changedPaths(server.headOf(branch)!)).toEqual([
      'conformance/PRODUCT.md',
      'conformance/PRODUCT.yaml'
    ]);
    expect(first.status === 'pull-request' && first.warning).toMatch(/protected.*pull request #\d+/);

    // main moves on, and the next run has a newer report: the same PR gets it, fast-forward only.
    server.pushFiles('main', { 'README.md': 'newer readme\n' }, 'main moved');
    const previous = server.headOf(branch)!;
    const second = await commitFiles(
      client(),
      request({ ...NEW, 'conformance/PRODUCT.md': '# newer\n' }, { fallback: 'pull-request' }),
      log
    );
    expect(second.status).toBe('pull-request');
    expect(server.pulls).toHaveLength(1);
    const head = server.commit(server.headOf(branch)!)!;
    expect(head.parents).toEqual([previous, server.headOf('main')]);
    expect(server.fileAt(branch, 'conformance/PRODUCT.md')).toBe('# newer\n');
    expect(server.fileAt(branch, 'README.md')).toBe('newer readme\n');
    expect(
      server.requests
        .filter(r => r.method === 'PATCH' && r.path.includes('/git/refs/'))
        .every(r => r.body.force === false)
    ).toBe(true);

    // Same report again: no new commit on the report branch.
    const before = server.headOf(branch);
    await commitFiles(
      client(),
      request({ ...NEW, 'conformance/PRODUCT.md': '# newer\n' }, { fallback: 'pull-request' }),
      log
    );
    expect(server.headOf(branch)).toBe(before);
    expect(server.pulls).toHaveLength(1);
  });

  it('a read-only token gets a notice instead of an error', async () => {
    server.addToken('ghs_ro', { login: 'github-actions[bot]', type: 'Bot', readOnly: true });
    const ro = createGitHubClient('ghs_ro', { baseUrl: server.url, throttle: immediateThrottle() as any });
    const outcome = await commitFiles(ro, request(NEW), log);
    expect(outcome.status).toBe('skipped');
    expect(outcome.status === 'skipped' && outcome.notice).toMatch(/contents: write/);
  });

  it('computes the SHA git gives the content', () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(gitBlobSha('hello\n')).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });
});
