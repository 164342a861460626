/**
 * The `kubeconfig` secret: decoded (raw YAML or base64), checked, its credential values masked
 * one by one (masking the whole file would star out `apiVersion: v1` in every later log), written
 * to RUNNER_TEMP with mode 0600 and deleted by the post step. Error messages never quote the
 * secret: they name the input and the YAML path.
 */
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMap, parseDocument, type Document } from 'yaml';

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(`input "kubeconfig": ${message}`);
    this.name = 'KubeconfigError';
  }
}

export interface ParsedKubeconfig {
  /** The YAML text to write (current-context set to the chosen context). */
  text: string;
  context: string;
  contexts: string[];
  /** Credential values found in it, to be masked before anything else happens. */
  secrets: string[];
}

/** Decodes and checks the secret; `context` (the input) picks the context, else current-context. */
export function parseKubeconfig(secret: string, context: string | null = null): ParsedKubeconfig {
  const doc = decode(secret);
  const root = doc.toJS() as Record<string, any>;
  const clusters = namedList(root, 'clusters');
  const contexts = namedList(root, 'contexts');
  const users = namedList(root, 'users');
  // Collect secrets first so a later error cannot happen before they are known.
  const secrets = credentialValues(users);
  if (clusters.length === 0)
    throw new KubeconfigError('has no clusters (expected a kubeconfig with clusters, users and contexts)');
  if (contexts.length === 0)
    throw new KubeconfigError('has no contexts (expected a kubeconfig with clusters, users and contexts)');
  const names = contexts.map(c => String(c.name));

  let chosen: string;
  if (context) {
    if (!names.includes(context)) {
      throw new KubeconfigError(
        `has no context ${JSON.stringify(context)} (input "context"); it has ${names.map(n => JSON.stringify(n)).join(', ')}`
      );
    }
    chosen = context;
  } else if (typeof root['current-context'] === 'string' && root['current-context'] !== '') {
    chosen = root['current-context'];
    if (!names.includes(chosen)) {
      throw new KubeconfigError(
        `current-context ${JSON.stringify(chosen)} is not among its contexts (${names.map(n => JSON.stringify(n)).join(', ')}); set input "context"`
      );
    }
  } else if (names.length === 1) {
    chosen = names[0];
  } else {
    throw new KubeconfigError(
      `has no current-context and ${names.length} contexts: set input "context" to one of ${names.map(n => JSON.stringify(n)).join(', ')}`
    );
  }

  const entry = contexts.find(c => String(c.name) === chosen)!;
  const clusterName = entry.context?.cluster;
  if (!clusters.some(c => c.name === clusterName)) {
    throw new KubeconfigError(
      `context ${JSON.stringify(chosen)} names cluster ${JSON.stringify(clusterName ?? null)}, which is not in clusters`
    );
  }
  const userName = entry.context?.user;
  if (userName !== undefined && userName !== '' && !users.some(u => u.name === userName)) {
    throw new KubeconfigError(
      `context ${JSON.stringify(chosen)} names user ${JSON.stringify(userName)}, which is not in users`
    );
  }

  doc.set('current-context', chosen);
  return { text: doc.toString(), context: chosen, contexts: names, secrets };
}

function decode(secret: string): Document {
  const text = secret.trim();
  if (text === '') throw new KubeconfigError('is empty');
  const asYaml = tryYaml(text);
  if (asYaml) return asYaml;
  // Secrets are often stored base64-encoded to survive copy and paste.
  if (/^[A-Za-z0-9+/=_\-\s]+$/.test(text)) {
    const decoded = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
    const fromBase64 = tryYaml(decoded);
    if (fromBase64) return fromBase64;
  }
  throw new KubeconfigError(
    'is neither kubeconfig YAML nor base64-encoded kubeconfig YAML (expected a mapping with clusters, users and contexts)'
  );
}

/** A YAML mapping that looks like a kubeconfig, else null. yaml's error texts quote the source, so they are dropped. */
function tryYaml(text: string): Document | null {
  let doc: Document;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  } catch {
    return null;
  }
  if (doc.errors.length > 0 || !isMap(doc.contents)) return null;
  const keys = ['clusters', 'contexts', 'users', 'apiVersion', 'kind'];
  if (!keys.some(k => doc.has(k))) return null;
  return doc;
}

function namedList(root: Record<string, any>, key: string): Array<Record<string, any>> {
  const list = root[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new KubeconfigError(`${key} is not a list`);
  return list.filter(item => item && typeof item === 'object');
}

/** Fields of users[].user that are credentials. */
const USER_SECRET_FIELDS = ['token', 'client-key-data', 'client-certificate-data', 'password'];
/** auth-provider config keys that hold credentials. */
const AUTH_PROVIDER_SECRETS =
  /^(access-token|refresh-token|id-token|client-secret|secret|token|password|apikey|api-key)$/i;
/** exec env names and command-line flags whose values are credentials. */
const SECRET_NAME =
  /(token|secret|password|passwd|credential|api[-_]?key|access[-_]?key|private[-_]?key|auth)/i;

/** Every credential value of the users section, longest first (so a shorter one masks no part of a longer one first). */
export function credentialValues(users: Array<Record<string, any>>): string[] {
  const found = new Set<string>();
  const add = (value: unknown): void => {
    if (typeof value === 'string' && value.trim() !== '') found.add(value);
  };
  for (const entry of users) {
    const user = entry.user;
    if (!user || typeof user !== 'object') continue;
    for (const field of USER_SECRET_FIELDS) add(user[field]);
    const config = user['auth-provider']?.config;
    if (config && typeof config === 'object') {
      for (const [k, v] of Object.entries(config)) if (AUTH_PROVIDER_SECRETS.test(k)) add(v);
    }
    const exec = user.exec;
    if (exec && typeof exec === 'object') {
      for (const env of Array.isArray(exec.env) ? exec.env : []) {
        if (env && SECRET_NAME.test(String(env.name ?? ''))) add(env.value);
      }
      secretArgs(Array.isArray(exec.args) ? exec.args.map(String) : []).forEach(add);
    }
  }
  return [...found].sort((a, b) => b.length - a.length);
}

/** Values of `--token=x`, `--token x`, `--client-secret x`... in exec args. */
function secretArgs(args: string[]): string[] {
  const values: string[] = [];
  args.forEach((arg, i) => {
    const m = /^--?([^=]+)(?:=(.*))?$/.exec(arg);
    if (!m || !SECRET_NAME.test(m[1])) return;
    if (m[2] !== undefined) values.push(m[2]);
    else if (i + 1 < args.length && !args[i + 1].startsWith('-')) values.push(args[i + 1]);
  });
  return values;
}

export interface WrittenKubeconfig {
  path: string;
  context: string;
}

export interface WriteKubeconfigOptions {
  context?: string | null;
  /** Where to write; default RUNNER_TEMP, else the OS temp folder. */
  dir?: string;
  /** Registers a value with the runner's log masking (core.setSecret). */
  mask: (value: string) => void;
}

/** Parses the secret, masks its credentials, writes it (0600) and returns the file and context. */
export async function writeKubeconfig(
  secret: string,
  options: WriteKubeconfigOptions
): Promise<WrittenKubeconfig> {
  const parsed = parseKubeconfig(secret, options.context ?? null);
  for (const value of parsed.secrets) options.mask(value);
  const dir = options.dir ?? (process.env['RUNNER_TEMP'] || tmpdir());
  const path = join(dir, `ai-conformance-kubeconfig-${randomBytes(6).toString('hex')}.yaml`);
  await writeFile(path, parsed.text, { mode: 0o600, flag: 'wx' });
  return { path, context: parsed.context };
}

/** Deletes the written file (the post step); a file already gone is fine. */
export async function deleteKubeconfig(path: string): Promise<void> {
  await rm(path, { force: true });
}
