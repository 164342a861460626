/**
 * A tiny HTTP API server on 127.0.0.1 for unit tests of the kube layer: each test answers requests
 * with a function, and every request is recorded. The real client (client-node's KubeConfig and
 * fetch) talks to it over a socket, as it would to a cluster.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

export const TOKEN = 'fake-token-0123456789abcdef';

export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface FakeAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (the client must give up). */
  hang?: boolean;
  /** Destroy the socket without an answer. */
  reset?: boolean;
}

export type Handler = (req: FakeRequest) => FakeAnswer | Promise<FakeAnswer>;

export interface FakeApi {
  url: string;
  requests: FakeRequest[];
  kubeconfig(): KubeConfig;
  kubeconfigText(): string;
  close(): Promise<void>;
}

export async function startFakeApi(handler: Handler): Promise<FakeApi> {
  const requests: FakeRequest[] = [];
  const open = new Set<ServerResponse>();
  const server: Server = createServer(async (req, res) => {
    const r: FakeRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers };
    requests.push(r);
    const answer = await handler(r);
    if (answer.hang) {
      open.add(res);
      return;
    }
    if (answer.reset) {
      req.socket.destroy();
      return;
    }
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
    res.end(body);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters: [{name: fake, cluster: {server: "' + url + '", insecure-skip-tls-verify: true}}]',
    'users: [{name: tester, user: {token: ' + TOKEN + '}}]',
    'contexts: [{name: fake, context: {cluster: fake, user: tester}}]',
    'current-context: fake',
    ''
  ].join('\n');
  return {
    url,
    requests,
    kubeconfigText: () => text,
    kubeconfig() {
      const kc = new KubeConfig();
      kc.loadFromString(text);
      return kc;
    },
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    }
  };
}

/** A Status error body, as the API server sends it. */
export function status(code: number, reason: string, message: string): FakeAnswer {
  return {
    status: code,
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }
  };
}

/** A list answer. */
export function list(items: unknown[], cont?: string): FakeAnswer {
  return { body: { kind: 'List', apiVersion: 'v1', metadata: cont ? { continue: cont } : {}, items } };
}
