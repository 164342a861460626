/**
 * One request to the API server through @kubernetes/client-node: its KubeConfig applies the
 * credentials (tokens, client certificates, exec plugins) and TLS settings, and its own fetch sends
 * the request. Checks read arbitrary paths (discovery, custom resources, service and pod proxies),
 * which the generated API classes do not cover, so the request is built here on the same pieces.
 * Reads use `get`; the functional depth's writes (create, patch, delete, proxied POSTs) `request`.
 */
import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  RequestContext,
  type KubeConfig
} from '@kubernetes/client-node';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface GetOptions {
  accept?: string;
  signal?: AbortSignal;
  /** Answers longer than this many bytes are cut (and `truncated` is set). */
  maxBytes?: number;
}

export interface RequestOptions extends GetOptions {
  /** Extra request headers (a proxied request's own headers). */
  headers?: Record<string, string>;
}

export interface Transport {
  /** The API server's URL (scheme, host, port), for messages. */
  readonly server: string;
  /** Resolves with any HTTP answer; rejects only when there is none (network, abort). */
  get(path: string, options?: GetOptions): Promise<RawResponse & { truncated?: boolean }>;
  /**
   * Any verb, with a body of the given content type; same answers as `get`. Optional so read-only
   * transports (test fakes) stay valid: writes through one without it fail with a clear error.
   */
  request?(
    method: string,
    path: string,
    body?: string,
    contentType?: string,
    options?: RequestOptions
  ): Promise<RawResponse & { truncated?: boolean }>;
}

/** A Transport for the current context of a KubeConfig. */
export function kubeconfigTransport(kc: KubeConfig): Transport {
  const cluster = kc.getCurrentCluster();
  if (!cluster)
    throw new Error(`kubeconfig context ${JSON.stringify(kc.getCurrentContext())} names no cluster`);
  const server = cluster.server.replace(/\/+$/, '');
  const http = new IsomorphicFetchHttpLibrary();
  const send = async (
    method: HttpMethod,
    path: string,
    body: string | undefined,
    contentType: string | undefined,
    options: RequestOptions
  ): Promise<RawResponse & { truncated?: boolean }> => {
    const ctx = new RequestContext(server + path, method);
    ctx.setHeaderParam('Accept', options.accept ?? 'application/json');
    for (const [k, v] of Object.entries(options.headers ?? {})) ctx.setHeaderParam(k, v);
    if (body !== undefined) {
      ctx.setHeaderParam('Content-Type', contentType ?? 'application/json');
      ctx.setBody(body);
    }
    // Credentials last: a caller's header never replaces the kubeconfig's Authorization.
    await kc.applySecurityAuthentication(ctx);
    if (options.signal) ctx.setSignal(options.signal);
    const response = await http.send(ctx).toPromise();
    const read = await readBody(response.body.stream(), options.maxBytes);
    return { status: response.httpStatusCode, headers: response.headers, body: read.body, truncated: read.truncated };
  };
  return {
    server,
    get: (path, options = {}) => send(HttpMethod.GET, path, undefined, undefined, options),
    request: (method, path, body, contentType, options = {}) =>
      send(httpMethod(method), path, body, contentType, options)
  };
}

function httpMethod(method: string): HttpMethod {
  const m = method.toUpperCase();
  const known = Object.values(HttpMethod) as string[];
  if (!known.includes(m)) throw new Error(`unsupported HTTP method ${method}`);
  return m as HttpMethod;
}

async function readBody(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes = Number.POSITIVE_INFINITY
): Promise<{ body: string; truncated: boolean }> {
  if (!stream) return { body: '', truncated: false };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { body: Buffer.concat(chunks).toString('utf8'), truncated };
}
