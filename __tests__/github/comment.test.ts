import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  commentMarker,
  normalizeLogin,
  upsertComment,
  type CommentOutcome
} from '../../src/github/comment.js';
import { createGitHubClient } from '../../src/github/octokit.js';
import { GitHubServer, immediateThrottle } from '../helpers/github-server.js';

const TOKEN = 'ghs_commentTestToken0000000000000000000';
const log = { info: () => {}, warning: (m: string) => warnings.push(m) };
let warnings: string[] = [];
let server: GitHubServer;

function client(token = TOKEN) {
  return createGitHubClient(token, {
    baseUrl: server.url,
    throttle: immediateThrottle() as any,
    retry: { retryAfterBaseValue: 1 }
  });
}

function upsert(
  body: string,
  header = 'ai-conformance',
  reportPath = 'PRODUCT.md',
  token = TOKEN
): Promise<CommentOutcome> {
  return upsertComment(
    client(token),
    { owner: 'acme', repo: 'cluster', issueNumber: 7, header, reportPath, body },
    log
  );
}

function ourComments() {
  return (server.comments.get(7) ?? []).filter(c => c.user.login === 'github-actions[bot]');
}

beforeEach(async () => {
  warnings = [];
  server = await new GitHubServer().start();
  // GraphQL spells the workflow token's bot without "[bot]"; REST comments carry it.
  server.addToken(TOKEN, { login: 'github-actions[bot]', viewerLogin: 'github-actions', type: 'Bot' });
});
afterEach(async () => server.close());

describe('sticky PR comment', () => {
  it('creates the comment on the first run and updates that one on the second', async () => {
    const first = await upsert('run 1');
    expect(first.status).toBe('created');
    const second = await upsert('run 2');
    expect(second.status).toBe('updated');
    expect(ourComments()).toHaveLength(1);
    expect(ourComments()[0].body).toBe(`${commentMarker('ai-conformance', 'PRODUCT.md')}\nrun 2`);
    expect(second.status === 'updated' && first.status === 'created' && second.id === first.id).toBe(true);
    expect(second.status === 'updated' && second.url).toBe(ourComments()[0].html_url);
  });

  it('finds its comment beyond the first 100 among lookalikes from other bots and people', async () => {
    const marker = commentMarker('ai-conformance', 'PRODUCT.md');
    for (let i = 0; i < 120; i++) server.addComment(7, { login: `person${i}`, type: 'User' }, `comment ${i}`);
    // Another bot and a person carry the exact marker; others a similar one.
    const spoofBot = server.addComment(7, { login: 'other-bot[bot]', type: 'Bot' }, `${marker}\nnot ours`);
    const spoofUser = server.addComment(7, { login: 'mallory', type: 'User' }, `${marker}\nplanted`);
    server.addComment(
      7,
      { login: 'github-actions[bot]', type: 'Bot' },
      `${commentMarker('ai-conformance-gpu', 'PRODUCT.md')}\nother header`
    );
    server.addComment(
      7,
      { login: 'github-actions[bot]', type: 'Bot' },
      `${commentMarker('ai-conformance', 'v1.34/PRODUCT.md')}\nother report`
    );
    await upsert('run 1'); // lands at position 125: on page 2 of 100
    for (let i = 0; i < 100; i++) server.addComment(7, { login: `late${i}`, type: 'User' }, `later ${i}`);
    const second = await upsert('run 2');

    expect(second.status).toBe('updated');
    const withMarker = ourComments().filter(c => c.body.startsWith(marker));
    expect(withMarker).toHaveLength(1);
    expect(withMarker[0].body).toBe(`${marker}\nrun 2`);
    expect(spoofBot.body).toBe(`${marker}\nnot ours`);
    expect(spoofUser.body).toBe(`${marker}\nplanted`);
    // Every page was read, 100 at a time.
    const lists = server.requests.filter(r => r.method === 'GET' && r.path.endsWith('/issues/7/comments'));
    expect(lists.map(r => r.query.per_page)).toContain('100');
    expect(new Set(lists.map(r => r.query.page ?? '1'))).toEqual(new Set(['1', '2', '3']));
  });

  it('keeps one comment per header and report path', async () => {
    await upsert('a', 'ai-conformance', 'PRODUCT.md');
    await upsert('b', 'ai-conformance', 'v1.35/PRODUCT.md');
    await upsert('c', 'nightly', 'PRODUCT.md');
    await upsert('a2', 'ai-conformance', 'PRODUCT.md');
    expect(ourComments().map(c => c.body.split('\n')[1])).toEqual(['a2', 'b', 'c']);
  });

  it('a header or path cannot break out of the hidden marker', () => {
    const marker = commentMarker('x --> <b>hi</b>', 'a b/PRODUCT.md');
    expect(marker.match(/-->/g)).toHaveLength(1);
    expect(marker.endsWith('-->')).toBe(true);
  });

  it('without GraphQL falls back to bot comments with the marker, and says so', async () => {
    server.hooks.graphqlStatus = 502;
    const marker = commentMarker('ai-conformance', 'PRODUCT.md');
    server.addComment(7, { login: 'mallory', type: 'User' }, `${marker}\nplanted`);
    await upsert('run 1');
    const second = await upsert('run 2');
    expect(second.status).toBe('updated');
    expect(ourComments()).toHaveLength(1);
    expect(server.comments.get(7)!.find(c => c.user.login === 'mallory')!.body).toBe(`${marker}\nplanted`);
    expect(warnings.some(w => /GraphQL/.test(w))).toBe(true);
  });

  it('a read-only token (fork PR) gets a notice, not a crash', async () => {
    server.addToken('ghs_readonly', { login: 'github-actions[bot]', type: 'Bot', readOnly: true });
    const outcome = await upsert('run 1', 'ai-conformance', 'PRODUCT.md', 'ghs_readonly');
    expect(outcome.status).toBe('skipped');
    expect(outcome.status === 'skipped' && outcome.notice).toMatch(/pull-requests: write.*fork/);
    expect(server.comments.get(7)).toBeUndefined();
  });

  it('treats "name" and "name[bot]" as one identity', () => {
    expect(normalizeLogin('My-App[bot]')).toBe(normalizeLogin('my-app'));
    expect(normalizeLogin('octocat')).not.toBe(normalizeLogin('octocat2'));
  });
});

describe('GitHub client', () => {
  it('retries a 5xx and a secondary rate limit instead of failing', async () => {
    let failures = 0;
    server.hooks.intercept = r => {
      if (r.path.endsWith('/issues/7/comments') && r.method === 'GET' && failures < 1) {
        failures++;
        return { status: 502, body: { message: 'Bad Gateway' } };
      }
      if (r.method === 'POST' && r.path.endsWith('/issues/7/comments') && failures < 2) {
        failures++;
        return {
          status: 403,
          body: { message: 'You have exceeded a secondary rate limit' },
          headers: { 'retry-after': '0' }
        };
      }
      return undefined;
    };
    const outcome = await upsert('run 1');
    expect(outcome.status).toBe('created');
    expect(failures).toBe(2);
    expect(ourComments()).toHaveLength(1);
  });

  it('uses GITHUB_API_URL read at call time (GHES and local servers)', async () => {
    const saved = process.env['GITHUB_API_URL'];
    process.env['GITHUB_API_URL'] = server.url;
    try {
      const octokit = createGitHubClient(TOKEN, { throttle: immediateThrottle() as any });
      const { data } = await octokit.rest.issues.listComments({
        owner: 'acme',
        repo: 'cluster',
        issue_number: 7
      });
      expect(data).toEqual([]);
      expect(server.requests.at(-1)!.token).toBe(TOKEN);
    } finally {
      if (saved === undefined) delete process.env['GITHUB_API_URL'];
      else process.env['GITHUB_API_URL'] = saved;
    }
  });
});
