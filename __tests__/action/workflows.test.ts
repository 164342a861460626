/** Every workflow, example and action.yml validates with @action-validator/cli (SchemaStore schemas). */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

const CLI = 'node_modules/@action-validator/cli/cli.mjs';
const tmp = mkdtempSync(join(tmpdir(), 'validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function validate(file: string): { status: number | null; output: string } {
  const result = spawnSync('sh', ['scripts/node24.sh', CLI, file], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' }
  });
  // The validator cannot check path globs and says so on every file using them: not a finding.
  const output = `${result.stdout}${result.stderr}`
    .split('\n')
    .filter(line => line.trim() !== '' && !line.startsWith('WARNING: Glob validation is not yet supported'))
    .join('\n');
  return { status: result.status, output };
}

const workflows = [
  ...readdirSync('.github/workflows').map(f => join('.github/workflows', f)),
  ...readdirSync('examples')
    .filter(f => f.endsWith('.yml'))
    .map(f => join('examples', f))
];

describe('workflow and action files', () => {
  it('include the CI, check-dist and kind e2e workflows and the examples (PR, push, nightly, ACK nightly)', () => {
    expect(workflows.sort()).toEqual(
      [
        'examples/ack-nightly.yml',
        '.github/workflows/check-dist.yml',
        '.github/workflows/ci.yml',
        '.github/workflows/e2e-kind.yml',
        'examples/nightly.yml',
        'examples/pr-check.yml',
        'examples/push-main.yml'
      ].sort()
    );
  });

  it.each(workflows)('%s is a valid workflow', file => {
    const { status, output } = validate(file);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('action.yml is a valid action running on node24 with an always-run post step', () => {
    const action = parse(readFileSync('action.yml', 'utf8'));
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/post/index.js',
      'post-if': 'always()'
    });
    // action-validator 0.6.0's schema predates node24 (it lists node12/16/20): validate everything
    // else with the runtime swapped for one it knows.
    const copy = join(tmp, 'action.yml');
    writeFileSync(copy, readFileSync('action.yml', 'utf8').replace(/^(\s+using:\s*)node24\s*$/m, '$1node20'));
    const { status, output } = validate(copy);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('the validator does reject a broken workflow (so the checks above mean something)', () => {
    const bad = join(tmp, 'bad.yml');
    copyFileSync('examples/pr-check.yml', bad);
    writeFileSync(
      bad,
      readFileSync(bad, 'utf8').replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    stepz: []')
    );
    expect(validate(bad).status).not.toBe(0);
  });

  it('examples ask for the permissions they use and serialise runs that commit', () => {
    for (const file of ['examples/push-main.yml', 'examples/nightly.yml']) {
      const wf = parse(readFileSync(file, 'utf8'));
      expect(wf.permissions).toMatchObject({ contents: 'write' });
      expect(wf.concurrency).toEqual({ group: 'ai-conformance-main', 'cancel-in-progress': false });
    }
    const pr = parse(readFileSync('examples/pr-check.yml', 'utf8'));
    expect(pr.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(pr.on).toHaveProperty('pull_request');
    expect(pr.on).not.toHaveProperty('pull_request_target');
  });
});
