/**
 * `ai-conformance run` on an ACK cluster: the action's ACK inputs as flags of the same names
 * (`--ack-cluster-id`, `--alibaba-cloud-region`, `--ack-provision`, ...), read by the same
 * validation, and the same lifecycle: connect, or provision and delete the cluster again by
 * `--ack-teardown` before the command exits (also after a failure or Ctrl-C). ACK progress goes to
 * stderr, so stdout keeps the results.
 */
import { normalizeVersion } from '../catalog/index.js';
import {
  ACK_INPUT_DEFAULTS,
  AckError,
  AckInputError,
  parseAckOptions,
  withAckCluster,
  type AckInputName,
  type AckOptions
} from '../target/ack/index.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import { UsageError, type CliIO } from './command.js';
import { cliDeps, type AckCommandDeps } from './commands/ack.js';

const BOOLEAN_INPUTS = new Set<AckInputName>(['ack-provision', 'ack-private-endpoint']);

/** One flag per ACK input, named like it. */
export const ACK_RUN_FLAGS: Record<string, FlagSpec> = Object.fromEntries(
  (Object.keys(ACK_INPUT_DEFAULTS) as AckInputName[]).map(name => [
    name,
    { type: BOOLEAN_INPUTS.has(name) ? 'boolean' : 'string' }
  ])
);

export const ACK_RUN_USAGE = `
On Alibaba Cloud ACK (instead of --kubeconfig; the flags are the action's ACK inputs):
  --ack-cluster-id ID             check this ACK cluster (a temporary kubeconfig is fetched)
  --alibaba-cloud-region R        its region, e.g. cn-hangzhou (required with ACK)
  --alibaba-cloud-access-key-id ID, --alibaba-cloud-access-key-secret S, --alibaba-cloud-security-token T
                                  credentials (default: ALIBABA_CLOUD_* in the environment)
  --alibaba-cloud-role-arn ARN, --alibaba-cloud-oidc-provider-arn ARN
                                  keyless OIDC (in a workflow with id-token: write)
  --ack-private-endpoint          use the cluster's VPC address
  --kubeconfig-ttl-minutes N      lifetime of the temporary kubeconfig, 15-4320 (default 60)
  --ack-provision                 create a GPU cluster for the run, delete it afterwards; needs
                                  --ack-max-lifetime-minutes N (30-4320); with --ack-cluster-spec
                                  YAML|JSON, --ack-gpu-instance-type T, --ack-gpu-count N,
                                  --ack-teardown always|on-success|never
`;

/** The ACK options `run`'s flags ask for, or null without --ack-cluster-id / --ack-provision. */
export function ackOptionsFromFlags(args: ParsedArgs, version: string | undefined): AckOptions | null {
  const get = (name: AckInputName): string => {
    const value = args.flags[name];
    return value === true ? 'true' : typeof value === 'string' ? value : '';
  };
  let conformanceVersion: string | null = null;
  if (version !== undefined) {
    try {
      conformanceVersion = normalizeVersion(version);
    } catch {
      // runPipeline reports a bad --version with the versions it knows.
    }
  }
  try {
    return parseAckOptions(get, { conformanceVersion });
  } catch (error) {
    if (error instanceof AckInputError) throw new UsageError(error.problems.map(asFlags).join('; '));
    throw error;
  }
}

/**
 * Runs `check` with the kubeconfig of the ACK cluster (fetched, or of a cluster provisioned for
 * the run and torn down afterwards). `check` says whether the run succeeded, for `on-success`.
 */
export async function runOnAck<T>(
  options: AckOptions,
  io: CliIO,
  overrides: AckCommandDeps,
  check: (kubeconfig: string) => Promise<{ value: T; success: boolean }>
): Promise<T> {
  const log = (line: string): void => io.stderr(`${line}\n`);
  try {
    const { value } = await withAckCluster(
      options,
      {
        ...cliDeps(io, overrides, log),
        signal: io.signal,
        onCreated: state =>
          log(
            `ACK: cluster ${state.clusterId} is this run's (--ack-teardown ${state.teardown}); should this command be killed, \`ai-conformance ack sweep --region ${state.region}\` deletes it after ${state.expiresAt}`
          ),
        warn: log
      },
      async connection => {
        const { value, success } = await check(connection.kubeconfig);
        return { value, outcome: success ? 'success' : 'failure' };
      }
    );
    return value;
  } catch (error) {
    if (error instanceof AckError) throw new UsageError(asFlags(error.message));
    throw error;
  }
}

const INPUT_NAMES = Object.keys(ACK_INPUT_DEFAULTS).join('|');

/** The ACK module names inputs; on the command line they are flags. */
function asFlags(message: string): string {
  return message
    .replace(/"ack-provision: true"/g, '--ack-provision')
    .replace(new RegExp(`inputs? "(${INPUT_NAMES})"`, 'g'), '--$1')
    .replace(new RegExp(`"(${INPUT_NAMES})"`, 'g'), '--$1');
}
