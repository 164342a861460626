import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { CleanupRegistry, readCleanupTasks, runCleanup, type CleanupTask } from '../../src/action/state.js';
import { runPost } from '../../src/post-run.js';

let dir: string;
let log: string[];
let spy: ReturnType<typeof jest.spyOn>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'state-test-'));
  log = [];
  spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    log.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  spy.mockRestore();
  delete process.env['STATE_cleanup'];
  rmSync(dir, { recursive: true, force: true });
});

describe('cleanup registry', () => {
  it('saves the whole list after every registration, so a crash mid-run loses nothing', () => {
    const saved: Array<[string, string]> = [];
    const registry = new CleanupRegistry((name, value) => saved.push([name, value]));
    registry.add({ type: 'kubeconfig-file', path: '/tmp/a' });
    registry.add({ type: 'namespace', name: 'ai-conformance-x' });
    expect(saved).toHaveLength(2);
    expect(saved[1][0]).toBe('cleanup');
    expect(readCleanupTasks(saved[1][1]).tasks).toEqual([
      { type: 'kubeconfig-file', path: '/tmp/a' },
      { type: 'namespace', name: 'ai-conformance-x' }
    ]);
  });

  it('runs every task newest first, and one failure does not stop the rest', async () => {
    const order: string[] = [];
    const tasks: CleanupTask[] = [{ type: 'a' }, { type: 'boom' }, { type: 'c' }, { type: 'unknown' }];
    const report = await runCleanup(tasks, {
      a: async () => void order.push('a'),
      boom: async () => {
        order.push('boom');
        throw new Error('API unreachable');
      },
      c: async () => void order.push('c')
    });
    expect(order).toEqual(['c', 'boom', 'a']);
    expect(report.done).toEqual(['c', 'a']);
    expect(report.failed).toEqual([
      'unknown: no cleanup handler for this task type',
      'boom: API unreachable'
    ]);
  });

  it('tolerates missing or corrupt state', () => {
    expect(readCleanupTasks('')).toEqual({ tasks: [] });
    expect(readCleanupTasks('{not json').problem).toMatch(/not JSON/);
    expect(readCleanupTasks('{"a":1}').problem).toMatch(/not a list/);
  });
});

describe('post step', () => {
  it('deletes the kubeconfig file and reports leftovers as warnings without failing', async () => {
    const file = join(dir, 'kubeconfig.yaml');
    writeFileSync(file, 'x', { mode: 0o600 });
    process.env['STATE_cleanup'] = JSON.stringify([
      { type: 'kubeconfig-file', path: file },
      { type: 'cluster', id: 'c-1' }
    ]);
    await runPost();
    expect(existsSync(file)).toBe(false);
    const text = log.join('');
    expect(text).toContain('cleanup: deleted the kubeconfig file');
    expect(text).toContain('::warning::cleanup failed: cluster: no cleanup handler for this task type');
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('has nothing to do when the main step registered nothing', async () => {
    await runPost();
    expect(log.join('')).toContain('nothing to clean up');
  });
});
