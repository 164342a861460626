/** Test helpers for CLI commands: a captured CliIO in a temporary working folder. */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';

export interface Captured {
  io: CliIO;
  out: () => string;
  err: () => string;
}

export function captureIO(cwd: string): Captured {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: t => void (out += t),
    stderr: t => void (err += t),
    cwd,
    env: {},
    signal: new AbortController().signal
  };
  return { io, out: () => out, err: () => err };
}

export function tempDir(prefix = 'cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs `ai-conformance ...argv` in `cwd`, returning the exit code and what it printed. */
export async function run(
  cwd: string,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  const c = captureIO(cwd);
  const code = await main(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

/** Copies a CNCF fixture into `dir` and returns its name there. */
export function copyFixture(dir: string, fixture: string, name = 'PRODUCT.yaml'): string {
  copyFileSync(fixture, join(dir, name));
  return name;
}

/** Bytes, mtime and the folder listing: what "nothing written" must leave unchanged. */
export function snapshot(dir: string, file: string): { bytes: string; mtimeMs: number; files: string[] } {
  const path = join(dir, file);
  return {
    bytes: readFileSync(path, 'latin1'),
    mtimeMs: statSync(path).mtimeMs,
    files: readdirSync(dir).sort()
  };
}
