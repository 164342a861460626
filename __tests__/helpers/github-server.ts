/**
 * A local GitHub API for tests (node:http on 127.0.0.1): the endpoints the action uses, with
 * GitHub's observable behaviour — paginated comments with Link headers, real git blob SHAs in the
 * contents API, base_tree semantics, 422 "Update is not a fast forward" on a non-fast-forward ref
 * update without force, protected branches, read-only (fork) tokens — and a record of every
 * request. Hooks let a test move a branch in the middle of a run.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Identity {
  /** The REST login, e.g. "github-actions[bot]". */
  login: string;
  type: 'Bot' | 'User';
  /** What GraphQL `viewer { login }` answers (GitHub spells bots without "[bot]" there). */
  viewerLogin?: string;
  /** A fork PR's token: every write is refused with 403. */
  readOnly?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Decoded path, e.g. /repos/o/r/git/ref/heads/main */
  path: string;
  query: Record<string, string>;
  body: any;
  token: string | null;
}

export interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
  html_url: string;
  created_at: string;
  updated_at: string;
}

interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author?: unknown;
  committer?: unknown;
}

interface TreeEntry {
  mode: string;
  sha: string;
}

export interface PullRequest {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
}

export interface ServerHooks {
  /** Called before a ref update is applied (e.g. to push another commit meanwhile). */
  beforeRefUpdate?: (branch: string, server: GitHubServer) => void;
  /** Makes GraphQL fail with this status. */
  graphqlStatus?: number;
  /** Answers a request instead of the API (fault injection); undefined lets it through. */
  intercept?: (
    request: RecordedRequest
  ) => { status: number; body: unknown; headers?: Record<string, string> } | undefined;
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export class GitHubServer {
  readonly requests: RecordedRequest[] = [];
  readonly tokens = new Map<string, Identity>();
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, Map<string, TreeEntry>>();
  readonly commits = new Map<string, CommitObject>();
  /** "owner/repo" → branch → commit sha */
  readonly refs = new Map<string, Map<string, string>>();
  readonly comments = new Map<number, Comment[]>();
  readonly pulls: PullRequest[] = [];
  readonly protectedBranches = new Set<string>();
  /** Status GitHub answers a ref update on a protected branch with (422 for the Git Data API). */
  protectionStatus = 422;
  hooks: ServerHooks = {};
  url = '';
  private server: Server | null = null;
  private nextId = 1000;
  private commitCounter = 0;

  constructor(
    readonly owner = 'acme',
    readonly repo = 'cluster'
  ) {
    this.refs.set(`${owner}/${repo}`, new Map());
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(err =>
        send(res, 500, { message: `test server: ${(err as Error).message}` })
      );
    });
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server!.close(() => resolve()));
  }

  // ---- seeding and inspection -------------------------------------------------------------

  addToken(token: string, identity: Identity): void {
    this.tokens.set(token, identity);
  }

  private get branches(): Map<string, string> {
    return this.refs.get(`${this.owner}/${this.repo}`)!;
  }

  /** Makes a commit on a branch (created if missing) setting these files; returns its sha. */
  pushFiles(branch: string, files: Record<string, string>, message = 'test commit'): string {
    const head = this.branches.get(branch);
    const base = head ? new Map(this.trees.get(this.commits.get(head)!.tree)!) : new Map<string, TreeEntry>();
    for (const [path, content] of Object.entries(files))
      base.set(path, { mode: '100644', sha: this.storeBlob(Buffer.from(content, 'utf8')) });
    const tree = this.storeTree(base);
    const sha = this.storeCommit({ tree, parents: head ? [head] : [], message });
    this.branches.set(branch, sha);
    return sha;
  }

  headOf(branch: string): string | undefined {
    return this.branches.get(branch);
  }

  /** File text at a branch or commit, or undefined. */
  fileAt(refOrSha: string, path: string): string | undefined {
    const sha = this.branches.get(refOrSha) ?? refOrSha;
    const commit = this.commits.get(sha);
    const entry = commit && this.trees.get(commit.tree)?.get(path);
    return entry ? this.blobs.get(entry.sha)!.toString('utf8') : undefined;
  }

  commit(sha: string): CommitObject | undefined {
    return this.commits.get(sha);
  }

  /** Paths whose blob differs between a commit and its first parent. */
  changedPaths(sha: string): string[] {
    const commit = this.commits.get(sha)!;
    const now = this.trees.get(commit.tree)!;
    const before = commit.parents[0]
      ? this.trees.get(this.commits.get(commit.parents[0])!.tree)!
      : new Map<string, TreeEntry>();
    const paths = new Set([...now.keys(), ...before.keys()]);
    return [...paths].filter(p => now.get(p)?.sha !== before.get(p)?.sha).sort();
  }

  /** Commits reachable from a branch head, newest first (first parents). */
  history(branch: string): CommitObject[] {
    const out: CommitObject[] = [];
    for (let sha = this.branches.get(branch); sha; sha = this.commits.get(sha)!.parents[0])
      out.push(this.commits.get(sha)!);
    return out;
  }

  addComment(issue: number, user: { login: string; type: string }, body: string): Comment {
    const list = this.comments.get(issue) ?? [];
    const id = this.nextId++;
    const now = new Date(Date.UTC(2026, 0, 1, 0, 0, id % 60)).toISOString();
    const comment = {
      id,
      body,
      user,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${issue}#issuecomment-${id}`,
      created_at: now,
      updated_at: now
    };
    list.push(comment);
    this.comments.set(issue, list);
    return comment;
  }

  writes(): RecordedRequest[] {
    return this.requests.filter(r => WRITE_METHODS.has(r.method) && r.path !== '/graphql');
  }

  // ---- git objects ------------------------------------------------------------------------

  private storeBlob(bytes: Buffer): string {
    const sha = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    this.blobs.set(sha, bytes);
    return sha;
  }

  private storeTree(entries: Map<string, TreeEntry>): string {
    const sorted = [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    const sha = createHash('sha1')
      .update(`tree ${JSON.stringify(sorted)}`)
      .digest('hex');
    this.trees.set(sha, new Map(sorted));
    return sha;
  }

  private storeCommit(c: Omit<CommitObject, 'sha'>): string {
    const sha = createHash('sha1')
      .update(`commit ${JSON.stringify(c)} ${this.commitCounter++}`)
      .digest('hex');
    this.commits.set(sha, { sha, ...c });
    return sha;
  }

  private isAncestor(ancestor: string, sha: string): boolean {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (s === ancestor) return true;
      if (seen.has(s)) continue;
      seen.add(s);
      stack.push(...(this.commits.get(s)?.parents ?? []));
    }
    return false;
  }

  // ---- HTTP -------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? JSON.parse(raw) : undefined;
    const auth = req.headers.authorization ?? '';
    const token = /^(?:token|bearer) (.+)$/i.exec(auth)?.[1] ?? null;
    const method = req.method ?? 'GET';
    const segments = url.pathname.split('/').filter(Boolean);
    const path = '/' + segments.map(decodeURIComponent).join('/');
    const recorded = { method, path, query: Object.fromEntries(url.searchParams), body, token };
    this.requests.push(recorded);
    const injected = this.hooks.intercept?.(recorded);
    if (injected) return send(res, injected.status, injected.body, injected.headers);

    const identity = token ? this.tokens.get(token) : undefined;
    if (!identity) return send(res, 401, { message: 'Bad credentials' });
    if (path === '/graphql' && method === 'POST') return this.graphql(res, identity, body);
    if (identity.readOnly && WRITE_METHODS.has(method))
      return send(res, 403, { message: 'Resource not accessible by integration' });

    const [root, owner, repo, ...rest] = segments;
    if (root !== 'repos' || owner !== this.owner || repo !== this.repo)
      return send(res, 404, { message: 'Not Found' });
    const tail = rest.map(decodeURIComponent);
    const joinFrom = (i: number): string => rest.slice(i).map(decodeURIComponent).join('/');
    const route = `${method} ${tail[0]}/${tail[1] ?? ''}`;

    if (tail[0] === 'issues' && tail[2] === 'comments' && method === 'GET')
      return this.listComments(res, url, Number(tail[1]));
    if (tail[0] === 'issues' && tail[2] === 'comments' && method === 'POST') {
      const c = this.addComment(
        Number(tail[1]),
        { login: identity.login, type: identity.type },
        String(body.body)
      );
      return send(res, 201, c);
    }
    if (route === 'PATCH issues/comments')
      return this.updateComment(res, Number(tail[2]), identity, String(body.body));
    if (method === 'GET' && tail[0] === 'contents')
      return this.contents(res, joinFrom(1), url.searchParams.get('ref'));
    if (route === 'GET git/ref') return this.getRef(res, joinFrom(2));
    if (route === 'PATCH git/refs') return this.updateRef(res, joinFrom(2), body);
    if (route === 'POST git/refs') return this.createRef(res, body);
    if (route === 'GET git/commits') return this.getCommit(res, tail[2]);
    if (route === 'POST git/commits') return this.createCommit(res, body);
    if (route === 'GET git/trees') return this.getTree(res, tail[2]);
    if (route === 'POST git/trees') return this.createTree(res, body);
    if (route === 'POST git/blobs') {
      const bytes = Buffer.from(body.content, body.encoding === 'base64' ? 'base64' : 'utf8');
      return send(res, 201, { sha: this.storeBlob(bytes), url: '' });
    }
    if (method === 'GET' && tail[0] === 'pulls' && tail.length === 1) return this.listPulls(res, url);
    if (method === 'POST' && tail[0] === 'pulls' && tail.length === 1) return this.createPull(res, body);
    if (method === 'PATCH' && tail[0] === 'pulls' && tail.length === 2)
      return this.updatePull(res, Number(tail[1]), body);
    return send(res, 404, { message: `Not Found (test server has no ${method} ${path})` });
  }

  private graphql(res: ServerResponse, identity: Identity, body: any): void {
    if (this.hooks.graphqlStatus)
      return send(res, this.hooks.graphqlStatus, { message: 'GraphQL unavailable' });
    if (/viewer\s*\{\s*login/.test(String(body?.query))) {
      return send(res, 200, { data: { viewer: { login: identity.viewerLogin ?? identity.login } } });
    }
    return send(res, 200, { errors: [{ message: 'test server: unsupported query' }] });
  }

  private listComments(res: ServerResponse, url: URL, issue: number): void {
    const all = this.comments.get(issue) ?? [];
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number, rel: string): string => {
      const u = new URL(url.toString());
      u.searchParams.set('page', String(p));
      u.searchParams.set('per_page', String(perPage));
      return `<${u.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    send(
      res,
      200,
      all.slice((page - 1) * perPage, page * perPage),
      links.length ? { link: links.join(', ') } : {}
    );
  }

  private updateComment(res: ServerResponse, id: number, identity: Identity, body: string): void {
    for (const list of this.comments.values()) {
      const c = list.find(x => x.id === id);
      if (!c) continue;
      if (c.user.login !== identity.login && identity.type !== 'User') {
        return send(res, 403, { message: 'Resource not accessible by integration' });
      }
      c.body = body;
      c.updated_at = new Date(Date.UTC(2026, 0, 2)).toISOString();
      return send(res, 200, c);
    }
    send(res, 404, { message: 'Not Found' });
  }

  private contents(res: ServerResponse, path: string, ref: string | null): void {
    const sha = ref
      ? (this.branches.get(ref.replace(/^refs\/heads\//, '')) ?? ref)
      : this.branches.get('main');
    const commit = sha ? this.commits.get(sha) : undefined;
    if (!commit) return send(res, 404, { message: `No commit found for the ref ${ref}` });
    const tree = this.trees.get(commit.tree)!;
    const entry = tree.get(path);
    if (entry) {
      const bytes = this.blobs.get(entry.sha)!;
      const b64 = bytes.toString('base64').replace(/.{60}/g, '$&\n');
      return send(res, 200, {
        type: 'file',
        encoding: 'base64',
        size: bytes.length,
        name: path.split('/').pop(),
        path,
        content: b64,
        sha: entry.sha
      });
    }
    const inDir = [...tree.keys()].filter(p => p.startsWith(`${path}/`));
    if (inDir.length > 0)
      return send(
        res,
        200,
        inDir.map(p => ({ type: 'file', path: p, name: p.split('/').pop(), sha: tree.get(p)!.sha }))
      );
    send(res, 404, { message: 'Not Found' });
  }

  private getRef(res: ServerResponse, ref: string): void {
    const branch = ref.replace(/^heads\//, '');
    const sha = ref.startsWith('heads/') ? this.branches.get(branch) : undefined;
    if (!sha) return send(res, 404, { message: 'Not Found' });
    send(res, 200, { ref: `refs/heads/${branch}`, object: { sha, type: 'commit' } });
  }

  private updateRef(res: ServerResponse, ref: string, body: any): void {
    const branch = ref.replace(/^heads\//, '');
    this.hooks.beforeRefUpdate?.(branch, this);
    const current = this.branches.get(branch);
    if (!current) return send(res, 422, { message: 'Reference does not exist' });
    if (!this.commits.has(body.sha)) return send(res, 422, { message: 'Object does not exist' });
    if (this.protectedBranches.has(branch)) {
      return send(res, this.protectionStatus, {
        message: `Protected branch update failed for refs/heads/${branch}.`
      });
    }
    if (!body.force && !this.isAncestor(current, body.sha))
      return send(res, 422, { message: 'Update is not a fast forward' });
    this.branches.set(branch, body.sha);
    send(res, 200, { ref: `refs/heads/${branch}`, object: { sha: body.sha, type: 'commit' } });
  }

  private createRef(res: ServerResponse, body: any): void {
    const branch = String(body.ref).replace(/^refs\/heads\//, '');
    if (this.branches.has(branch)) return send(res, 422, { message: 'Reference already exists' });
    if (!this.commits.has(body.sha)) return send(res, 422, { message: 'Object does not exist' });
    this.branches.set(branch, body.sha);
    send(res, 201, { ref: `refs/heads/${branch}`, object: { sha: body.sha, type: 'commit' } });
  }

  private getCommit(res: ServerResponse, sha: string): void {
    const c = this.commits.get(sha);
    if (!c) return send(res, 404, { message: 'Not Found' });
    send(res, 200, {
      sha,
      tree: { sha: c.tree },
      parents: c.parents.map(p => ({ sha: p })),
      message: c.message
    });
  }

  private createCommit(res: ServerResponse, body: any): void {
    if (!this.trees.has(body.tree)) return send(res, 422, { message: 'Tree SHA does not exist' });
    for (const p of body.parents ?? [])
      if (!this.commits.has(p)) return send(res, 422, { message: 'Parent SHA does not exist' });
    const sha = this.storeCommit({
      tree: body.tree,
      parents: body.parents ?? [],
      message: body.message,
      author: body.author,
      committer: body.committer
    });
    send(res, 201, {
      sha,
      tree: { sha: body.tree },
      parents: (body.parents ?? []).map((p: string) => ({ sha: p })),
      message: body.message,
      verification: { verified: !body.author && !body.committer }
    });
  }

  private getTree(res: ServerResponse, sha: string): void {
    const t = this.trees.get(sha);
    if (!t) return send(res, 404, { message: 'Not Found' });
    send(res, 200, {
      sha,
      truncated: false,
      tree: [...t.entries()].map(([path, e]) => ({ path, mode: e.mode, type: 'blob', sha: e.sha }))
    });
  }

  private createTree(res: ServerResponse, body: any): void {
    const entries = new Map<string, TreeEntry>();
    if (body.base_tree) {
      const base = this.trees.get(body.base_tree);
      if (!base) return send(res, 422, { message: 'base_tree does not exist' });
      for (const [k, v] of base) entries.set(k, v);
    }
    for (const e of body.tree ?? []) {
      if (e.sha === null) entries.delete(e.path);
      else if (typeof e.content === 'string')
        entries.set(e.path, { mode: e.mode, sha: this.storeBlob(Buffer.from(e.content, 'utf8')) });
      else if (this.blobs.has(e.sha)) entries.set(e.path, { mode: e.mode, sha: e.sha });
      else return send(res, 422, { message: `tree.sha ${e.sha} is not a valid blob` });
    }
    send(res, 201, { sha: this.storeTree(entries), truncated: false });
  }

  private pullJson(p: PullRequest): object {
    return {
      number: p.number,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${p.number}`,
      title: p.title,
      body: p.body,
      state: p.state,
      head: { ref: p.head, label: `${this.owner}:${p.head}` },
      base: { ref: p.base }
    };
  }

  private listPulls(res: ServerResponse, url: URL): void {
    const head = url.searchParams.get('head');
    const base = url.searchParams.get('base');
    const state = url.searchParams.get('state') ?? 'open';
    const list = this.pulls.filter(
      p =>
        (!head || `${this.owner}:${p.head}` === head) &&
        (!base || p.base === base) &&
        (state === 'all' || p.state === state)
    );
    send(
      res,
      200,
      list.map(p => this.pullJson(p))
    );
  }

  private createPull(res: ServerResponse, body: any): void {
    if (!this.branches.has(body.head))
      return send(res, 422, { message: 'Validation Failed: head does not exist' });
    if (this.pulls.some(p => p.head === body.head && p.base === body.base && p.state === 'open')) {
      return send(res, 422, { message: `A pull request already exists for ${this.owner}:${body.head}.` });
    }
    const pr: PullRequest = {
      number: this.nextId++,
      title: body.title,
      body: body.body ?? '',
      head: body.head,
      base: body.base,
      state: 'open'
    };
    this.pulls.push(pr);
    send(res, 201, this.pullJson(pr));
  }

  private updatePull(res: ServerResponse, number: number, body: any): void {
    const pr = this.pulls.find(p => p.number === number);
    if (!pr) return send(res, 404, { message: 'Not Found' });
    if (typeof body.title === 'string') pr.title = body.title;
    if (typeof body.body === 'string') pr.body = body.body;
    send(res, 200, this.pullJson(pr));
  }
}

function send(
  res: ServerResponse,
  status: number,
  data: unknown,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(data));
}

/**
 * Throttle settings for tests: plugin-throttling stays installed, but its write (1 s) and
 * notification (3 s) spacing is replaced by immediate scheduling.
 */
export function immediateThrottle(): Record<string, unknown> {
  const group = {
    key: () => ({
      schedule: (_opts: unknown, fn: (...a: unknown[]) => unknown, ...args: unknown[]) =>
        Promise.resolve(fn(...args))
    })
  };
  return {
    write: group,
    notifications: group,
    search: group,
    retryAfterBaseValue: 1,
    fallbackSecondaryRateRetryAfter: 0
  };
}
