/**
 * What the entry-point tests share: one job summary file per test file (@actions/core remembers
 * the first one it writes), a runner environment per step with a checked-out workspace, the
 * handoff of saved state from the main step to the post step, bounded waits on conditions, and a
 * search of everything a run left behind for secret values.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { actionEnv, parseFileCommand, type ActionEnv, type EventSpec } from '../helpers/action-env.js';
import type { GitHubServer } from '../helpers/github-server.js';
import { immediateThrottle } from '../helpers/github-server.js';
import type { RunDeps } from '../../src/main.js';
import type { SignalSource } from '../../src/action/cancel.js';

export const TOKEN = 'ghs_workflowTokenSECRET0123456789abcdef';
export const FORK_TOKEN = 'ghs_forkReadOnlyTokenSECRET9876543210';

export class SummaryFile {
  readonly dir = mkdtempSync(join(tmpdir(), 'main-summary-'));
  readonly path = join(this.dir, 'summary.md');
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A runner step: environment, inputs, the workspace checked out from `branch` of the server. */
export function startStep(
  server: GitHubServer,
  summary: SummaryFile,
  event: EventSpec,
  inputs: Record<string, string>,
  checkout: { branch: string; files: string[] }
): ActionEnv {
  const env = actionEnv(event, { 'github-token': TOKEN, ...inputs }, server.url, summary.path);
  for (const path of checkout.files) {
    const text = server.fileAt(checkout.branch, path);
    if (text === undefined) continue;
    mkdirSync(dirname(join(env.workspace, path)), { recursive: true });
    writeFileSync(join(env.workspace, path), text);
  }
  return env;
}

/** The post step sees what the main step saved as STATE_<name> variables. */
export function handOverState(env: ActionEnv): Record<string, string> {
  const saved = parseFileCommand(env.state());
  for (const [name, value] of Object.entries(saved)) process.env[`STATE_${name}`] = value;
  return saved;
}

export function clearState(): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('STATE_')) delete process.env[key];
}

/** A signal source the test fires (the process's own SIGINT is left alone). */
export function signals(): SignalSource & { emit(signal: 'SIGINT' | 'SIGTERM'): void } {
  const emitter = new EventEmitter();
  return {
    on: (e, l) => emitter.on(e, l),
    off: (e, l) => emitter.off(e, l),
    emit: s => void emitter.emit(s, s)
  };
}

export function testDeps(over: Partial<RunDeps> = {}): RunDeps {
  return {
    signals: signals(),
    github: { throttle: immediateThrottle() as never, retry: { retryAfterBaseValue: 1 } },
    commitBackoff: async () => {},
    ...over
  };
}

/** Waits until `cond` holds, checking on every turn of the event loop; fails after `ms`. */
export async function waitFor(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(d => d.isFile())
    .map(d => join(d.parentPath, d.name));
}

/**
 * Every place a run writes to, as [where, text]: log lines (without the ::add-mask:: commands that
 * register the secrets), outputs, summary, saved state, comments, commits and request bodies sent
 * to GitHub, and every file under the step's folder (workspace and RUNNER_TEMP).
 */
export function everyPlace(
  env: ActionEnv,
  server: GitHubServer,
  extra: string[] = []
): Array<[string, string]> {
  return [
    ['log', env.log.filter(l => !l.startsWith('::add-mask::')).join('\n')],
    ['outputs', JSON.stringify(env.outputs())],
    ['summary', env.summary()],
    ['state', env.state()],
    ['comments', JSON.stringify([...server.comments.values()])],
    ['pull requests', JSON.stringify(server.pulls)],
    ['blobs', [...server.blobs.values()].map(b => b.toString('utf8')).join('\n')],
    ['request bodies', JSON.stringify(server.requests.map(r => r.body))],
    ...extra.map((text, i) => [`extra #${i}`, text] as [string, string]),
    ...filesUnder(env.dir).map(f => [`file ${f}`, readFileSync(f, 'utf8')] as [string, string])
  ];
}

/** Where (not what) any of the secrets occur. */
export function leaks(secrets: readonly string[], places: Array<[string, string]>): string[] {
  const found: string[] = [];
  secrets.forEach((secret, i) => {
    for (const [where, text] of places)
      if (secret && text.includes(secret)) found.push(`secret #${i} in ${where}`);
  });
  return found;
}

export function masksOf(env: ActionEnv): string[] {
  return env.log.filter(l => l.startsWith('::add-mask::')).map(l => l.slice('::add-mask::'.length));
}

/** The API server URL, CA and token of a simulator's kubeconfig (for the ACK stand-in's answers). */
export function kubeServerOf(kubeconfig: string): { url: string; caPem: string; token: string } {
  const kc = parse(kubeconfig);
  return {
    url: kc.clusters[0].cluster.server,
    caPem: Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString('utf8'),
    token: kc.users[0].user.token
  };
}

/** Statuses by requirement id of a PRODUCT.yaml text. */
export function statuses(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const list of Object.values(parse(text).spec as Record<string, Array<{ id: string; status: string }>>))
    for (const r of list) out[r.id] = r.status;
  return out;
}
