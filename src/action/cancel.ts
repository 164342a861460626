/**
 * Cancelling a run on GitHub: the runner sends the step SIGINT, then SIGTERM about 7.5 s later, then
 * kills it. The first signal aborts the run's AbortSignal, so the suite stops its checks and the
 * main step records how it ended; whatever is still left (a namespace, a provisioned cluster, the
 * kubeconfig file) is cleaned up by the post step, which the runner also runs after a cancel.
 */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Where the signals come from: the process, or an EventEmitter in tests. */
export interface SignalSource {
  on(event: StopSignal, listener: (signal: StopSignal) => void): unknown;
  off(event: StopSignal, listener: (signal: StopSignal) => void): unknown;
}

export interface Cancellation {
  signal: AbortSignal;
  /** Stops listening (always call it: a listener left on the process would outlive the run). */
  dispose(): void;
}

export function cancelOnSignals(source: SignalSource, log: (line: string) => void): Cancellation {
  const controller = new AbortController();
  const onSignal = (signal: StopSignal): void => {
    if (controller.signal.aborted) {
      log(`${signal}: still stopping; the post step removes whatever is left`);
      return;
    }
    log(`${signal}: the run was cancelled; stopping the checks (the post step cleans up)`);
    controller.abort(new CancelledError(`the run was cancelled (${signal})`));
  };
  const signals: StopSignal[] = ['SIGINT', 'SIGTERM'];
  for (const s of signals) source.on(s, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of signals) source.off(s, onSignal);
    }
  };
}

export class CancelledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CancelledError';
  }
}
