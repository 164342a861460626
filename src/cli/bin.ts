#!/usr/bin/env node
// The ai-conformance CLI entry point: process → CliIO (SIGINT/SIGTERM abort the signal), exit code.
import { UsageError, type CliIO } from './command.js';
import { formatCliError, main } from './main.js';

const controller = new AbortController();
let interrupts = 0;
const onSignal = (signal: NodeJS.Signals) => {
  interrupts += 1;
  // The first signal asks the command to stop and clean up; a second one stops at once.
  if (interrupts > 1) {
    process.stderr.write(`ai-conformance: ${signal} again: quitting before cleanup finished\n`);
    process.exit(130);
  }
  process.stderr.write(`ai-conformance: ${signal}: stopping (send it again to quit at once)\n`);
  controller.abort(new Error(`interrupted by ${signal}`));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// A closed pipe (`ai-conformance validate … | head`) is not an error of ours: stop writing quietly.
process.stdout.on('error', err => {
  if ((err as NodeJS.ErrnoException).code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const io: CliIO = {
  stdout: text => void process.stdout.write(text),
  stderr: text => void process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  signal: controller.signal
};

const argv = process.argv.slice(2);
try {
  process.exitCode = await main(argv, io);
} catch (err) {
  const error = err instanceof Error ? err : new Error(String(err));
  const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : undefined;
  // main() reports usage and input errors itself; anything reaching here is unexpected.
  process.stderr.write(`${formatCliError(command, error)}\n`);
  if (!(error instanceof UsageError) && process.env.AI_CONFORMANCE_DEBUG)
    process.stderr.write(`${error.stack}\n`);
  process.exitCode = 2;
} finally {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
