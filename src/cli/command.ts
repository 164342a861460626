/** The shape every CLI command has, so main.ts dispatches and tests drive commands without a process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM, so long commands can clean up and stop. */
  signal: AbortSignal;
}

export interface Command {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** Full `--help` text. */
  usage: string;
  /** Exit code: 0 success, 1 a negative finding, 2 bad usage or input. */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** A usage or input error: the CLI prints its message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
