/**
 * GETs with what every check needs around them: each attempt counted against the caller's
 * counter, the caller's AbortSignal (its deadline) applied, 429 and Retry-After honoured a bounded
 * number of times, a reset connection retried once (reads are idempotent), and every failure
 * turned into a classified KubeError. Writes (`send`) get the same counting, deadline and 429
 * handling, but a reset connection is retried only for idempotent verbs.
 */
import { errorForFailure, errorForStatus, KubeError } from './errors.js';
import type { Transport } from './transport.js';

/** Requests made on behalf of someone (a check, or the run's shared reads). */
export class RequestCounter {
  count = 0;
}

export interface RequestOptions {
  signal?: AbortSignal;
  counter?: RequestCounter;
  accept?: string;
  maxBytes?: number;
}

export interface ClientOptions {
  /** Retries after a 429 (or a 5xx carrying Retry-After) or a reset connection; default 2. */
  maxRetries?: number;
  /** A Retry-After longer than this is not waited for: the 429 becomes the error. Default 5 s. */
  maxRetryDelayMs?: number;
  /** Waits between retries (tests inject one that does not sleep). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface TextResponse {
  text: string;
  contentType: string;
  truncated: boolean;
}

export interface SendOptions extends RequestOptions {
  /** JSON-encoded unless a string. */
  body?: unknown;
  /** Default application/json when there is a body. */
  contentType?: string;
  headers?: Record<string, string>;
}

/** Any answer to a write: callers decide what a status means (404 on delete is fine). */
export interface SentResponse {
  status: number;
  text: string;
  contentType: string;
}

/** Verbs that may be sent again after a dropped connection. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

export class KubeClient {
  private readonly maxRetries: number;
  private readonly maxRetryDelayMs: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(
    readonly transport: Transport,
    options: ClientOptions = {}
  ) {
    this.maxRetries = options.maxRetries ?? 2;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5000;
    this.sleep = options.sleep ?? abortableSleep;
  }

  get server(): string {
    return this.transport.server;
  }

  /** GET a path and parse the JSON answer; any non-2xx is a KubeError. */
  async getJson<T>(path: string, options: RequestOptions = {}): Promise<{ body: T; contentType: string }> {
    const res = await this.getText(path, options);
    try {
      return { body: JSON.parse(res.text) as T, contentType: res.contentType };
    } catch {
      throw new KubeError('invalid', `GET ${path}: the answer is not JSON`, path);
    }
  }

  /** GET a path as text (metrics through a proxy); any non-2xx is a KubeError. */
  async getText(path: string, options: RequestOptions = {}): Promise<TextResponse> {
    const { signal, counter } = options;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw errorForFailure(path, signal.reason, signal);
      if (counter) counter.count++;
      let res;
      try {
        res = await this.transport.get(path, { accept: options.accept, signal, maxBytes: options.maxBytes });
      } catch (err) {
        const error = errorForFailure(path, err, signal);
        if (error.kind === 'unreachable' && isReset(err) && attempt < this.maxRetries) continue;
        throw error;
      }
      if (res.status >= 200 && res.status < 300) {
        return {
          text: res.body,
          contentType: header(res.headers, 'content-type') ?? '',
          truncated: !!res.truncated
        };
      }
      const retryAfter = retryAfterMs(header(res.headers, 'retry-after'));
      const retriable = res.status === 429 || (res.status >= 500 && retryAfter !== undefined);
      if (retriable && attempt < this.maxRetries) {
        const delay = retryAfter ?? 1000;
        if (delay <= this.maxRetryDelayMs) {
          try {
            await this.sleep(delay, signal);
          } catch (err) {
            throw errorForFailure(path, err, signal);
          }
          continue;
        }
      }
      throw errorForStatus(path, res.status, res.body);
    }
  }

  /** Any verb; resolves with every HTTP answer (2xx or not), rejects with a KubeError when there is none. */
  async send(method: string, path: string, options: SendOptions = {}): Promise<SentResponse> {
    const verb = method.toUpperCase();
    const { signal, counter } = options;
    const transport = this.transport;
    if (!transport.request)
      throw new KubeError('invalid', `${verb} ${path}: this connection to the API server is read-only`, path);
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const contentType = body === undefined ? undefined : (options.contentType ?? 'application/json');
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw errorForFailure(path, signal.reason, signal, verb);
      if (counter) counter.count++;
      let res;
      try {
        res = await transport.request(verb, path, body, contentType, {
          accept: options.accept,
          signal,
          maxBytes: options.maxBytes,
          headers: options.headers
        });
      } catch (err) {
        const error = errorForFailure(path, err, signal, verb);
        if (error.kind === 'unreachable' && IDEMPOTENT.has(verb) && isReset(err) && attempt < this.maxRetries)
          continue;
        throw error;
      }
      // Only a 429 says the server did not act on the request: then any verb may be sent again.
      if (res.status === 429 && attempt < this.maxRetries) {
        const delay = retryAfterMs(header(res.headers, 'retry-after')) ?? 1000;
        if (delay <= this.maxRetryDelayMs) {
          try {
            await this.sleep(delay, signal);
          } catch (err) {
            throw errorForFailure(path, err, signal, verb);
          }
          continue;
        }
      }
      return { status: res.status, text: res.body, contentType: header(res.headers, 'content-type') ?? '' };
    }
  }
}


function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** A connection the server dropped mid-request: worth one more try. Refused connections are not. */
function isReset(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const codes = [e?.code, e?.cause?.code];
  if (codes.includes('ECONNRESET') || codes.includes('UND_ERR_SOCKET') || codes.includes('EPIPE'))
    return true;
  return /other side closed|socket hang up/i.test(`${e?.message ?? ''} ${e?.cause?.message ?? ''}`);
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
