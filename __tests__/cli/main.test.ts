import { describe, expect, it } from '@jest/globals';
import { UsageError, type Command } from '../../src/cli/command.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { main } from '../../src/cli/main.js';
import { ProductError } from '../../src/product/errors.js';
import { captureIO, run, tempDir } from './helpers.js';

describe('main', () => {
  const cwd = tempDir();

  it('lists every command with its summary on --help', async () => {
    const { code, out, err } = await run(cwd, '--help');
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/^usage: ai-conformance <command>/);
    for (const c of COMMANDS) expect(out).toContain(`  ${c.name.padEnd(8)}  ${c.summary}\n`);
    expect(COMMANDS.map(c => c.name)).toEqual(['run', 'cleanup', 'report', 'validate', 'init', 'set', 'demo', 'ack', 'sim']);
  });

  it('prints the help on stderr and exits 2 without a command', async () => {
    const { code, out, err } = await run(cwd);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('Commands:');
  });

  it('exits 2 on an unknown command, naming it', async () => {
    const { code, err } = await run(cwd, 'frobnicate', 'x');
    expect(code).toBe(2);
    expect(err).toBe(
      'ai-conformance: unknown command "frobnicate": expected one of run, cleanup, report, validate, init, set, demo, ack, sim (see --help)\n'
    );
  });

  it.each(COMMANDS.map(c => c.name))('%s --help prints its usage and exits 0', async name => {
    const { code, out } = await run(cwd, name, '--bogus', '--help');
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^usage: ai-conformance ${name}\\b`));
    expect((await run(cwd, 'help', name)).out).toBe(out);
    expect((await run(cwd, name, '-h')).out).toBe(out);
  });

  it('prints usage and input errors as one line "ai-conformance <cmd>: ..." and exits 2; other errors propagate', async () => {
    const failing = (error: Error): Command => ({
      name: 'x',
      summary: 's',
      usage: 'usage: ai-conformance x',
      run: () => Promise.reject(error)
    });
    const c = captureIO(cwd);
    expect(await main(['x'], c.io, [failing(new UsageError('bad flag\nmore'))])).toBe(2);
    expect(await main(['x'], c.io, [failing(new ProductError('P.yaml', 'spec', 'broken', 3))])).toBe(2);
    expect(c.err()).toBe('ai-conformance x: bad flag\nai-conformance x: P.yaml:3: spec: broken\n');
    await expect(main(['x'], c.io, [failing(new Error('boom'))])).rejects.toThrow('boom');
  });

  it('passes the arguments after the command name and returns its exit code', async () => {
    const seen: string[][] = [];
    const echo: Command = { name: 'echo', summary: 's', usage: 'u', run: async argv => (seen.push(argv), 1) };
    expect(await main(['echo', 'a', '--', '--help'], captureIO(cwd).io, [echo])).toBe(1);
    expect(seen).toEqual([['a', '--', '--help']]);
  });
});
