/**
 * What went wrong talking to the API server, classified the way verdicts need it: a 404 is an
 * absence (a finding), everything else (403, 401, 429, 5xx, timeouts, connection errors, answers
 * that are not what the API promises) means the check could not see, so its verdict is `error`.
 * Messages are one line and never quote request headers, so no credential reaches them.
 */

export type KubeErrorKind =
  /** 404: the object or API is not there. */
  | 'absent'
  /** 403: the credentials may not read it. */
  | 'forbidden'
  /** 401: the credentials were refused. */
  | 'unauthorized'
  /** 429 after the retries allowed. */
  | 'throttled'
  /** Any other non-2xx answer (5xx, 410, 400 ...). */
  | 'server'
  /** The per-check or per-run deadline passed. */
  | 'timeout'
  /** No answer: connection refused or reset, DNS, TLS. */
  | 'unreachable'
  /** A 2xx answer that is not what the API promises (not JSON, wrong shape). */
  | 'invalid';

export class KubeError extends Error {
  constructor(
    readonly kind: KubeErrorKind,
    message: string,
    /** The request path (no host, no credentials). */
    readonly path: string,
    /** HTTP status, when there was an answer. */
    readonly status?: number,
    /** The Status reason (Forbidden, NotFound, ServiceUnavailable ...), when given. */
    readonly reason?: string
  ) {
    super(message);
    this.name = 'KubeError';
  }
}

export function isAbsent(err: unknown): err is KubeError {
  return err instanceof KubeError && err.kind === 'absent';
}

/** The error an answer with a non-2xx status means; the Status body's message when there is one. */
export function errorForStatus(path: string, status: number, body: string, method = 'GET'): KubeError {
  let message = '';
  let reason: string | undefined;
  try {
    const parsed = JSON.parse(body) as { kind?: string; message?: string; reason?: string };
    if (parsed && parsed.kind === 'Status') {
      message = parsed.message ?? '';
      reason = parsed.reason;
    }
  } catch {
    // Not a Status object: proxies and load balancers answer with text or HTML.
  }
  if (!message) message = oneLine(body).slice(0, 200);
  const kind: KubeErrorKind =
    status === 404
      ? 'absent'
      : status === 403
        ? 'forbidden'
        : status === 401
          ? 'unauthorized'
          : status === 429
            ? 'throttled'
            : 'server';
  const label = `${status}${reason ? ` ${reason}` : ''}`;
  return new KubeError(
    kind,
    `${method} ${path}: ${label}${message ? `: ${oneLine(message)}` : ''}`,
    path,
    status,
    reason
  );
}

/** The error a request that got no answer means. */
export function errorForFailure(path: string, err: unknown, signal?: AbortSignal, method = 'GET'): KubeError {
  if (err instanceof KubeError) return err;
  if (signal?.aborted) {
    const why = signal.reason instanceof Error ? signal.reason.message : 'aborted';
    return new KubeError('timeout', `${method} ${path}: ${why}`, path);
  }
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError')
    return new KubeError('timeout', `${method} ${path}: timed out`, path);
  const cause = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
  return new KubeError(
    'unreachable',
    `${method} ${path}: no answer from the API server (${oneLine(String(cause))})`,
    path
  );
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A one-line description of any error, for a verdict's reason. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return oneLine(err.message);
  return oneLine(String(err));
}
