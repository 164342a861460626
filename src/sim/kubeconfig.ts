/**
 * A kubeconfig for the simulator: one cluster (server URL + CA data), one user (bearer token),
 * one context. Written with mode 0600 because it holds the token.
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export interface KubeconfigParams {
  server: string;
  caPem: string;
  token: string;
  contextName?: string;
  namespace?: string;
}

export const DEFAULT_CONTEXT = 'ai-conformance-sim';

export function buildKubeconfig(p: KubeconfigParams): string {
  const context = p.contextName ?? DEFAULT_CONTEXT;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name: context,
        cluster: { server: p.server, 'certificate-authority-data': Buffer.from(p.caPem).toString('base64') }
      }
    ],
    users: [{ name: `${context}-admin`, user: { token: p.token } }],
    contexts: [
      {
        name: context,
        context: {
          cluster: context,
          user: `${context}-admin`,
          ...(p.namespace ? { namespace: p.namespace } : {})
        }
      }
    ],
    'current-context': context
  });
}

export function writeKubeconfigFile(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
}
