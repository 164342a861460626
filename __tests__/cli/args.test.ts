import { describe, expect, it } from '@jest/globals';
import { parseCommandArgs } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/command.js';

const spec = {
  flags: { output: { type: 'string' as const, short: 'o' }, force: { type: 'boolean' as const } },
  positionals: ['PRODUCT.yaml']
};

describe('parseCommandArgs', () => {
  it('reads flags, short aliases, inline values and positionals', () => {
    expect(parseCommandArgs(['p.yaml', '--output', 'x.md', '--force'], spec)).toEqual({
      help: false,
      flags: { output: 'x.md', force: true },
      positionals: ['p.yaml']
    });
    expect(parseCommandArgs(['-o', '-', 'p.yaml'], spec).flags).toEqual({ output: '-' });
    expect(parseCommandArgs(['--output=--odd', 'p.yaml'], spec).flags).toEqual({ output: '--odd' });
    expect(parseCommandArgs(['--', '--literal.yaml'], spec).positionals).toEqual(['--literal.yaml']);
  });

  it('answers --help before checking anything else', () => {
    expect(parseCommandArgs(['--nope', '-h'], spec).help).toBe(true);
  });

  it.each([
    [['p.yaml', '--outptu', 'x'], 'unknown flag --outptu (see --help)'],
    [['p.yaml', '-x'], 'unknown flag -x (see --help)'],
    [['p.yaml', '--output'], '--output needs a value'],
    [['p.yaml', '--output', '--force'], '--output needs a value'],
    [['p.yaml', '--output='], '--output needs a value'],
    [['p.yaml', '--force=yes'], '--force takes no value'],
    [['p.yaml', '-o', 'a', '--output', 'b'], '--output given twice: give it once'],
    [[], 'missing PRODUCT.yaml (see --help)'],
    [['a.yaml', 'b.yaml'], 'unexpected argument "b.yaml"']
  ])('%j → UsageError "%s"', (argv, message) => {
    expect(() => parseCommandArgs(argv, spec)).toThrow(new UsageError(message));
  });
});
