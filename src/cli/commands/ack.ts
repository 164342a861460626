/**
 * `ai-conformance ack sweep|kubeconfig`: the ACK helpers outside a conformance run. Credentials
 * come from the standard environment (ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET/_SECURITY_TOKEN, or
 * ALIBABA_CLOUD_ROLE_ARN + ALIBABA_CLOUD_OIDC_PROVIDER_ARN with the workflow's ID token or
 * ALIBABA_CLOUD_OIDC_TOKEN_FILE), so the sweep runs from a scheduled workflow with no inputs.
 */
import { writeFile, chmod } from 'node:fs/promises';
import { resolve } from 'node:path';
import { getIDToken } from '@actions/core';
import { connectCluster } from '../../target/ack/connect.js';
import { AckError } from '../../target/ack/errors.js';
import { createAckClient, type AckDeps } from '../../target/ack/factory.js';
import { CLUSTER_ID_PATTERN, KUBECONFIG_TTL_RANGE, REGION_PATTERN } from '../../target/ack/inputs.js';
import { sweepExpiredClusters } from '../../target/ack/sweep.js';
import { parseCommandArgs, stringFlag, type ParsedArgs } from '../args.js';
import { UsageError, type CliIO, type Command } from '../command.js';

const USAGE = `usage: ai-conformance ack sweep --region REGION [--dry-run]
       ai-conformance ack kubeconfig --cluster-id ID --region REGION [--ttl-minutes N] [--private] [--output FILE]

sweep        deletes every ACK cluster in REGION that carries this action's tags
             (ai-conformance/run-id and ai-conformance/expires-at) and whose expires-at time has
             passed; clusters without both tags are never touched. --dry-run lists them only.
             Exit status 1 when a delete failed.
kubeconfig   a temporary kubeconfig for cluster ID (DescribeClusterUserKubeconfig), valid for
             --ttl-minutes (${KUBECONFIG_TTL_RANGE.min}–${KUBECONFIG_TTL_RANGE.max}, default 60), for the VPC address with --private.
             Written to FILE with mode 0600; printed only outside GitHub Actions when no --output.

Credentials come from the environment: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET
(plus ALIBABA_CLOUD_SECURITY_TOKEN for STS), or ALIBABA_CLOUD_ROLE_ARN and
ALIBABA_CLOUD_OIDC_PROVIDER_ARN with a GitHub ID token (permissions: id-token: write) or
ALIBABA_CLOUD_OIDC_TOKEN_FILE.
`;

/** The runtime pieces tests replace (endpoints, clock); everything else comes from the CLI's io. */
export type AckCommandDeps = Partial<
  Pick<AckDeps, 'endpoints' | 'now' | 'sleep' | 'random' | 'retry' | 'getIdToken'>
>;

export function makeAckCommand(overrides: AckCommandDeps = {}): Command {
  return {
    name: 'ack',
    summary: 'Alibaba Cloud ACK helpers: sweep expired test clusters, fetch a temporary kubeconfig',
    usage: USAGE,
    async run(argv, io) {
      const [sub, ...rest] = argv;
      try {
        if (sub === 'sweep') return await sweep(rest, io, overrides);
        if (sub === 'kubeconfig') return await kubeconfig(rest, io, overrides);
      } catch (e) {
        if (e instanceof AckError) {
          io.stderr(`ai-conformance ack ${sub}: ${e.message}\n`);
          return e.kind === 'input' ? 2 : 1;
        }
        throw e;
      }
      throw new UsageError(
        sub === undefined
          ? 'missing subcommand: sweep or kubeconfig (see --help)'
          : `unknown subcommand ${JSON.stringify(sub)}: expected sweep or kubeconfig`
      );
    }
  };
}

export const ackCommand: Command = makeAckCommand();

async function sweep(argv: string[], io: CliIO, overrides: AckCommandDeps): Promise<number> {
  const args = parseCommandArgs(argv, {
    flags: { region: { type: 'string' }, 'dry-run': { type: 'boolean' } }
  });
  const region = requireRegion(args);
  const deps = cliDeps(io, overrides, line => io.stdout(`${line}\n`));
  const client = createAckClient(region, {}, deps);
  const result = await sweepExpiredClusters(
    client,
    { dryRun: args.flags['dry-run'] === true, now: (deps.now ?? Date.now)() },
    deps.log
  );
  return result.failed.length > 0 ? 1 : 0;
}

async function kubeconfig(argv: string[], io: CliIO, overrides: AckCommandDeps): Promise<number> {
  const args = parseCommandArgs(argv, {
    flags: {
      'cluster-id': { type: 'string' },
      region: { type: 'string' },
      'ttl-minutes': { type: 'string' },
      private: { type: 'boolean' },
      output: { type: 'string', short: 'o' }
    }
  });
  const clusterId = stringFlag(args, 'cluster-id');
  if (!clusterId) throw new UsageError('--cluster-id is required');
  if (!CLUSTER_ID_PATTERN.test(clusterId))
    throw new UsageError(`--cluster-id ${JSON.stringify(clusterId)} is not an ACK cluster id`);
  const region = requireRegion(args);
  const ttlText = stringFlag(args, 'ttl-minutes') ?? '60';
  const ttl = Number(ttlText);
  const { min, max } = KUBECONFIG_TTL_RANGE;
  if (!/^\d+$/.test(ttlText) || ttl < min || ttl > max)
    throw new UsageError(
      `--ttl-minutes ${JSON.stringify(ttlText)} is not a whole number from ${min} to ${max}`
    );
  const output = stringFlag(args, 'output');
  if (!output && io.env.GITHUB_ACTIONS === 'true') {
    throw new UsageError(
      'give --output FILE: printing a kubeconfig into a workflow log would expose its credentials'
    );
  }

  const deps = cliDeps(io, overrides, line => io.stderr(`${line}\n`));
  const client = createAckClient(region, {}, deps);
  const conn = await connectCluster(
    client,
    { clusterId, privateEndpoint: args.flags.private === true, ttlMinutes: ttl },
    deps
  );
  if (!output) {
    io.stdout(conn.kubeconfig.endsWith('\n') ? conn.kubeconfig : `${conn.kubeconfig}\n`);
    return 0;
  }
  const path = resolve(io.cwd, output);
  await writeFile(path, conn.kubeconfig, { mode: 0o600 });
  await chmod(path, 0o600); // an existing file keeps its mode on writeFile
  io.stdout(
    `kubeconfig for ACK cluster ${clusterId} written to ${output}${conn.expiresAt ? ` (valid until ${conn.expiresAt})` : ''}\n`
  );
  return 0;
}

function requireRegion(args: ParsedArgs): string {
  const region = stringFlag(args, 'region');
  if (!region) throw new UsageError('--region is required (e.g. cn-hangzhou)');
  if (!REGION_PATTERN.test(region))
    throw new UsageError(`--region ${JSON.stringify(region)} is not a region id (e.g. cn-hangzhou)`);
  return region;
}

/** The ACK runtime of a CLI command: log lines, masking inside GitHub Actions, the workflow's ID token. */
export function cliDeps(io: CliIO, overrides: AckCommandDeps, log: (line: string) => void): AckDeps {
  const inActions = io.env.GITHUB_ACTIONS === 'true';
  return {
    env: io.env,
    log,
    // In a workflow, register each credential with the runner before anything could print it.
    mask: value => {
      if (inActions)
        io.stdout(`::add-mask::${value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
    },
    getIdToken:
      overrides.getIdToken ??
      (io.env.ACTIONS_ID_TOKEN_REQUEST_URL ? audience => getIDToken(audience) : undefined),
    ...overrides
  };
}
