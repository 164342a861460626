/**
 * The CLI dispatcher: `ai-conformance <command> [args]`. Commands come from commands/index.ts; bad
 * usage or input prints `ai-conformance <command>: <message>` and exits 2.
 */
import { ProductError } from '../product/errors.js';
import { UsageError, type CliIO, type Command } from './command.js';
import { COMMANDS } from './commands/index.js';

export async function main(
  argv: string[],
  io: CliIO,
  commands: readonly Command[] = COMMANDS
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(topLevelHelp(commands));
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const about = rest[0] !== undefined ? commands.find(c => c.name === rest[0]) : undefined;
    io.stdout(about ? withNewline(about.usage) : topLevelHelp(commands));
    return 0;
  }
  const command = commands.find(c => c.name === name);
  if (!command) {
    io.stderr(
      `ai-conformance: unknown command ${JSON.stringify(name)}: expected one of ${commands.map(c => c.name).join(', ')} (see --help)\n`
    );
    return 2;
  }
  if (wantsHelp(rest)) {
    io.stdout(withNewline(command.usage));
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ProductError) {
      io.stderr(`${formatCliError(command.name, err)}\n`);
      return 2;
    }
    throw err;
  }
}

/** `ai-conformance <command>: <message>`, one line. */
export function formatCliError(command: string | undefined, err: Error): string {
  const line = err.message.split('\n')[0];
  return command ? `ai-conformance ${command}: ${line}` : `ai-conformance: ${line}`;
}

/** `--help` / `-h` before any `--` asks for the command's usage, whatever else is given. */
function wantsHelp(argv: string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

export function topLevelHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map(c => c.name.length));
  const lines = commands.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: ai-conformance <command> [arguments]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run "ai-conformance <command> --help" for the arguments of a command.',
    'Exit status: 0 success, 1 a negative finding, 2 bad usage or input.',
    ''
  ].join('\n');
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
