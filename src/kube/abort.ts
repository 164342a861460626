/** Waiting on work that may ignore its signal: the wait ends when the signal aborts, whatever the work does. */

/**
 * Settles like `work`, or rejects as soon as `signal` aborts (with `reasonFor(signal.reason)`,
 * default the reason itself). The work itself goes on; callers that must know it ended await it.
 */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
  reasonFor: (reason: unknown) => unknown = reason => reason
): Promise<T> {
  if (signal.aborted) return Promise.reject(reasonFor(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(reasonFor(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      v => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      e => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      }
    );
  });
}
