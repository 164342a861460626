/**
 * Flag parsing for every command (node:util parseArgs underneath), with errors that name the flag:
 * unknown flags, missing values, flags given twice, missing or extra arguments → UsageError.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './command.js';

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
}

export interface ArgSpec {
  flags: Record<string, FlagSpec>;
  /** Names of the positional arguments, in order (all required). */
  positionals?: string[];
}

export interface ParsedArgs {
  help: boolean;
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseCommandArgs(argv: string[], spec: ArgSpec): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    ...spec.flags,
    help: { type: 'boolean', short: 'h' }
  };
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  if (tokens.some(t => t.kind === 'option' && t.name === 'help'))
    return { help: true, flags: {}, positionals: [] };

  const flags: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const name = `${token.rawName.startsWith('--') ? '--' : '-'}${token.name}`;
    // Short aliases declared in the spec arrive under their long name.
    const key = token.name;
    const flag = Object.hasOwn(spec.flags, key) ? spec.flags[key] : undefined;
    if (!flag) throw new UsageError(`unknown flag ${name} (see --help)`);
    if (flags[key] !== undefined) throw new UsageError(`${name} given twice: give it once`);
    if (flag.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${name} takes no value`);
      flags[key] = true;
      continue;
    }
    // A following "--other" is a flag, not a value ("-" alone means stdout where allowed).
    const value = token.value;
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('--'))) {
      throw new UsageError(`${name} needs a value`);
    }
    flags[key] = value;
  }

  const names = spec.positionals ?? [];
  if (positionals.length < names.length)
    throw new UsageError(`missing ${names[positionals.length]} (see --help)`);
  if (positionals.length > names.length)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[names.length])}`);
  return { help: false, flags, positionals };
}

/** A string flag's value (parseCommandArgs guarantees the type). */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}
