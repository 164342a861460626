/**
 * Connecting to an ACK cluster by id: DescribeClusterUserKubeconfig with a temporary duration (the
 * API's default is a 3-year certificate) and the public or private API endpoint. Returns the
 * kubeconfig text and its expiry; the caller passes it through the same masking and temp-file path
 * as a kubeconfig secret. Its credential fields are masked here as well, before anything else
 * can print them.
 */
import { isMap, isSeq, parseDocument } from 'yaml';
import type { AckClient } from './client.js';
import { AckError } from './errors.js';
import { KUBECONFIG_TTL_RANGE } from './inputs.js';

export interface ConnectRequest {
  clusterId: string;
  /** Use the cluster's VPC address (the runner must be inside the VPC). */
  privateEndpoint: boolean;
  /** 15–4320 (input "kubeconfig-ttl-minutes"). */
  ttlMinutes: number;
}

export interface AckConnection {
  clusterId: string;
  /** The kubeconfig YAML: a secret. */
  kubeconfig: string;
  /** When its credential expires (RFC 3339), or null if ACK did not say. */
  expiresAt: string | null;
  privateEndpoint: boolean;
}

const USER_SECRET_FIELDS = ['token', 'client-key-data', 'client-certificate-data', 'password'];

export async function connectCluster(
  client: AckClient,
  req: ConnectRequest,
  deps: { log: (line: string) => void; mask: (value: string) => void }
): Promise<AckConnection> {
  const { min, max } = KUBECONFIG_TTL_RANGE;
  if (!Number.isInteger(req.ttlMinutes) || req.ttlMinutes < min || req.ttlMinutes > max) {
    throw new AckError(
      'input',
      `input "kubeconfig-ttl-minutes": ${req.ttlMinutes} is not a whole number of minutes from ${min} to ${max}`
    );
  }
  const answer = await client.describeClusterUserKubeconfig(req.clusterId, {
    privateIpAddress: req.privateEndpoint,
    temporaryDurationMinutes: req.ttlMinutes
  });
  maskKubeconfigCredentials(answer.config, deps.mask, req.clusterId);
  deps.log(
    `ACK: kubeconfig for cluster ${req.clusterId} (${req.privateEndpoint ? 'private' : 'public'} endpoint), valid ${answer.expiration ? `until ${answer.expiration}` : `for ${req.ttlMinutes} minutes`}`
  );
  return {
    clusterId: req.clusterId,
    kubeconfig: answer.config,
    expiresAt: answer.expiration,
    privateEndpoint: req.privateEndpoint
  };
}

/** Masks each user credential of a kubeconfig (not the whole text: that would star out "kind: Config"). */
export function maskKubeconfigCredentials(
  text: string,
  mask: (value: string) => void,
  clusterId: string
): void {
  const doc = parseDocument(text);
  const users = doc.errors.length === 0 && isMap(doc.contents) ? doc.get('users') : null;
  if (!isSeq(users)) {
    throw new AckError(
      'api',
      `ACK DescribeClusterUserKubeconfig returned something that is not a kubeconfig for cluster ${clusterId}`
    );
  }
  for (const entry of users.toJSON() as Array<{ user?: Record<string, unknown> }>) {
    const user = entry?.user ?? {};
    for (const field of USER_SECRET_FIELDS) {
      const value = user[field];
      if (typeof value === 'string' && value) mask(value);
    }
  }
}
