/**
 * The environment a GitHub runner gives an action step, built in a temp folder: GITHUB_* variables,
 * the event payload file, the output/summary/state files, RUNNER_TEMP, a workspace, INPUT_*
 * variables, and a capture of everything written to stdout (the step log).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';

export interface ActionEnv {
  dir: string;
  workspace: string;
  runnerTemp: string;
  log: string[];
  outputs(): Record<string, string>;
  summary(): string;
  state(): string;
  restore(): void;
}

export interface EventSpec {
  name: string;
  payload: Record<string, unknown>;
  ref: string;
  sha?: string;
}

const REPO = 'acme/cluster';

export function pullRequestEvent(opts: {
  number?: number;
  baseSha: string;
  headRef?: string;
  headRepo?: string;
}): EventSpec {
  const number = opts.number ?? 7;
  return {
    name: 'pull_request',
    ref: `refs/pull/${number}/merge`,
    sha: 'f'.repeat(40),
    payload: {
      action: 'synchronize',
      number,
      pull_request: {
        number,
        base: { ref: 'main', sha: opts.baseSha, repo: { full_name: REPO } },
        head: {
          ref: opts.headRef ?? 'feature',
          sha: 'e'.repeat(40),
          repo: { full_name: opts.headRepo ?? REPO }
        }
      },
      repository: { full_name: REPO, name: 'cluster', owner: { login: 'acme' } }
    }
  };
}

export function pushEvent(branch = 'main'): EventSpec {
  return {
    name: 'push',
    ref: `refs/heads/${branch}`,
    payload: { ref: `refs/heads/${branch}`, after: 'a'.repeat(40) }
  };
}

export function scheduleEvent(branch = 'main'): EventSpec {
  return { name: 'schedule', ref: `refs/heads/${branch}`, payload: { schedule: '0 3 * * *' } };
}

/** Sets process.env like a runner would for one step; restore() puts it back. */
export function actionEnv(
  event: EventSpec,
  inputs: Record<string, string>,
  apiUrl: string,
  summaryFile?: string
): ActionEnv {
  const dir = mkdtempSync(join(tmpdir(), 'ai-conf-action-'));
  const workspace = join(dir, 'workspace');
  const runnerTemp = join(dir, 'runner-temp');
  mkdirSync(workspace);
  mkdirSync(runnerTemp);
  const files = { event: join(dir, 'event.json'), output: join(dir, 'output'), state: join(dir, 'state') };
  const summary = summaryFile ?? join(dir, 'summary.md');
  writeFileSync(files.event, JSON.stringify(event.payload));
  for (const f of [files.output, files.state]) writeFileSync(f, '');
  writeFileSync(summary, '');
  const saved = { ...process.env };
  for (const key of Object.keys(process.env))
    if (key.startsWith('INPUT_') || key.startsWith('GITHUB_') || key.startsWith('STATE_'))
      delete process.env[key];
  Object.assign(process.env, {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REF: event.ref,
    GITHUB_SHA: event.sha ?? 'a'.repeat(40),
    GITHUB_REPOSITORY: REPO,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: apiUrl,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_STATE: files.state,
    RUNNER_TEMP: runnerTemp
  });
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;

  const log: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    log.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  return {
    dir,
    workspace,
    runnerTemp,
    log,
    outputs: () => parseFileCommand(readFileSync(files.output, 'utf8')),
    summary: () => readFileSync(summary, 'utf8'),
    state: () => readFileSync(files.state, 'utf8'),
    restore: () => {
      spy.mockRestore();
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** name<<delimiter\nvalue\ndelimiter lines, as @actions/core writes GITHUB_OUTPUT and GITHUB_STATE. */
export function parseFileCommand(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out[m[1]] = m[3];
  return out;
}
