import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { planWrites, readRunContext, runUrl, type CommitMode } from '../../src/github/context.js';
import { pullRequestEvent, pushEvent, scheduleEvent, type EventSpec } from '../helpers/action-env.js';

const dir = mkdtempSync(join(tmpdir(), 'ctx-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function contextOf(event: EventSpec) {
  const path = join(dir, `${event.name}-${Math.random()}.json`);
  writeFileSync(path, JSON.stringify(event.payload));
  return readRunContext({
    GITHUB_REPOSITORY: 'acme/cluster',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: path,
    GITHUB_REF: event.ref,
    GITHUB_RUN_ID: '99',
    GITHUB_RUN_ATTEMPT: '2'
  });
}

const base = 'b'.repeat(40);
const events: Record<string, EventSpec> = {
  push: pushEvent('main'),
  schedule: scheduleEvent('main'),
  dispatch: { name: 'workflow_dispatch', ref: 'refs/heads/release-1', payload: { inputs: {} } },
  tagPush: { name: 'push', ref: 'refs/tags/v1.0.0', payload: {} },
  pr: pullRequestEvent({ baseSha: base, headRef: 'feature' }),
  forkPr: pullRequestEvent({ baseSha: base, headRef: 'patch-1', headRepo: 'forker/cluster' }),
  repoDispatch: { name: 'repository_dispatch', ref: 'refs/heads/main', payload: {} }
};

describe('what the action writes per event', () => {
  const table: Array<[string, CommitMode, string | null, number | null]> = [
    ['push', 'auto', 'main', null],
    ['schedule', 'auto', 'main', null],
    ['dispatch', 'auto', 'release-1', null],
    ['tagPush', 'auto', null, null],
    ['pr', 'auto', 'feature', 7],
    ['forkPr', 'auto', null, null],
    ['forkPr', 'always', null, null],
    ['repoDispatch', 'auto', null, null],
    ['repoDispatch', 'always', 'main', null],
    ['push', 'never', null, null],
    ['pr', 'never', null, 7]
  ];
  it.each(table)('%s with commit: %s commits to %s and comments on %s', (event, commit, branch, pr) => {
    const plan = planWrites(contextOf(events[event]), { comment: true, commit });
    expect(plan.commitTo).toBe(branch);
    expect(plan.commentOn).toBe(pr);
  });

  it('a fork PR writes nothing and explains why', () => {
    const plan = planWrites(contextOf(events.forkPr), { comment: true, commit: 'always' });
    expect(plan.readOnly).toBe(true);
    expect(plan.notes.join(' ')).toMatch(
      /fork forker\/cluster.*read-only.*no comment and no commit.*job summary/
    );
    expect(plan.baseRef).toBe(base);
  });

  it('comment: false keeps the PR quiet', () => {
    expect(planWrites(contextOf(events.pr), { comment: false, commit: 'auto' }).commentOn).toBeNull();
  });

  it('reads the PR from the payload and links the run attempt', () => {
    const ctx = contextOf(events.pr);
    expect(ctx.pullRequest).toMatchObject({
      number: 7,
      baseRef: 'main',
      baseSha: base,
      headRef: 'feature',
      fromFork: false
    });
    expect(runUrl(ctx)).toBe('https://github.com/acme/cluster/actions/runs/99/attempts/2');
  });

  it('treats a PR whose fork was deleted as a fork', () => {
    const event = pullRequestEvent({ baseSha: base });
    (event.payload.pull_request as any).head.repo = null;
    expect(contextOf(event).pullRequest?.fromFork).toBe(true);
  });
});
