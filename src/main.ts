/**
 * The action's main step, and the one place setFailed happens. Inputs and the GitHub context are
 * read here, at call time, into typed options; then the cluster comes from the `kubeconfig` secret
 * or from ACK (connect or provision), goes through the same masking and temp-file path, and the
 * pipeline checks it; publish writes the summary, outputs, comment and commit and decides the exit
 * status by `fail-on`. Everything created on the way is registered for the post step.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { ackClusterTask, actionAckDeps, type ActionAckDeps } from './action/ack.js';
import { cancelOnSignals, CancelledError, type SignalSource } from './action/cancel.js';
import { createMasker, type Masker } from './action/mask.js';
import { publish, publishWithoutCluster, type PublishOutcome } from './action/publish.js';
import { CleanupRegistry } from './action/state.js';
import { readRunContext, type RunContext } from './github/context.js';
import { createGitHubClient, type ClientSettings } from './github/octokit.js';
import { writeJobSummary } from './github/summary.js';
import { InputError, rawInput, readOptions, type Options } from './inputs.js';
import { RUN_OBJECTS_TASK } from './action/run-objects.js';
import { newRunId } from './kube/functional/run-id.js';
import { runPipeline } from './pipeline.js';
import { progressLine } from './render/terminal.js';
import { SuiteInputError } from './suite/errors.js';
import {
  inputsFromEnv,
  OUTCOME_STATE_KEY,
  readAckOptions,
  withAckCluster,
  type AckInputName,
  type AckOptions
} from './target/ack/index.js';
import { writeKubeconfig } from './target/kubeconfig.js';

/** What tests replace; the action itself runs with none of it. */
export interface RunDeps {
  /** Where SIGINT and SIGTERM come from (default: the process). */
  signals?: SignalSource;
  /** Octokit settings (tests shorten the throttling waits); the URL comes from GITHUB_API_URL. */
  github?: ClientSettings;
  /** Delay between report-commit retries. */
  commitBackoff?: (attempt: number) => Promise<void>;
  /** ACK endpoints, clock and poll timings. */
  ack?: ActionAckDeps;
}

interface ActionInputs {
  options: Options;
  ack: AckOptions | null;
}

interface Step {
  options: Options;
  context: RunContext;
  masker: Masker;
  cleanup: CleanupRegistry;
  signal: AbortSignal;
  deps: RunDeps;
}

const SECRET_ACK_INPUTS: AckInputName[] = [
  'alibaba-cloud-access-key-id',
  'alibaba-cloud-access-key-secret',
  'alibaba-cloud-security-token'
];

export async function run(deps: RunDeps = {}): Promise<void> {
  const masker = createMasker(value => core.setSecret(value));
  const cancellation = cancelOnSignals(deps.signals ?? process, line => core.warning(line));
  try {
    const { options, ack } = readActionInputs(process.env, masker);
    const context = readRunContext(process.env);
    const step: Step = {
      options,
      context,
      masker,
      cleanup: new CleanupRegistry((name, value) => core.saveState(name, value)),
      signal: cancellation.signal,
      deps
    };
    let outcome: PublishOutcome;
    if (ack && context.pullRequest?.fromFork && !ackCredentialsAvailable(ack, process.env)) {
      // Fork PRs get neither secrets nor an ID token: like a missing kubeconfig, not an error.
      outcome = await publishWithoutCluster({ options, context });
    } else if (ack) outcome = await runOnAck(ack, step);
    else if (options.kubeconfig) outcome = await checkAndPublish(options.kubeconfig, options.context, step);
    else outcome = await publishWithoutCluster({ options, context });
    if (outcome.exitCode !== 0) core.setFailed(masker.redact(outcome.failure ?? 'the run failed'));
  } catch (error) {
    const message = masker.redact(describeError(error));
    try {
      await writeJobSummary(
        `### Kubernetes AI Conformance\n\n> ❌ ${message.replace(/\n/g, '\n> ')}\n`,
        core
      );
    } catch {
      // The failure itself is what matters; a summary that cannot be written is not.
    }
    core.setFailed(message);
  } finally {
    cancellation.dispose();
  }
}

/**
 * Every input, validated before any I/O, all problems reported at once. Secret inputs are masked
 * first, so no later line (not even an error) can show them.
 */
function readActionInputs(env: NodeJS.ProcessEnv, masker: Masker): ActionInputs {
  const getAck = inputsFromEnv(env);
  masker.mask(rawInput('github-token', env));
  // A base64 kubeconfig is one line: masked whole (raw YAML is not: that would mask every line of
  // it, "apiVersion: v1" included; its credentials are masked one by one when it is parsed).
  const kubeconfig = rawInput('kubeconfig', env);
  if (!kubeconfig.includes('\n')) masker.mask(kubeconfig);
  for (const name of SECRET_ACK_INPUTS) masker.mask(getAck(name));

  const problems: string[] = [];
  let options: Options | null = null;
  try {
    options = readOptions(env);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.problems);
  }
  const conformanceVersion = options?.conformanceVersion ?? null;
  const ack = readAckOptions(getAck, problems, { conformanceVersion });
  if (ack && rawInput('kubeconfig', env) !== '') {
    const ackInput = ack.mode === 'provision' ? '"ack-provision: true"' : '"ack-cluster-id"';
    problems.push(
      `inputs "kubeconfig" and ${ackInput} are both set: give the cluster either as a kubeconfig secret or as an ACK cluster, not both`
    );
  }
  if (ack && rawInput('context', env) !== '') {
    problems.push(
      'input "context" applies to the "kubeconfig" input only: remove it when the cluster comes from ACK'
    );
  }
  if (problems.length > 0 || !options) throw new InputError(problems);
  return { options, ack };
}

/** Keys (inputs or ALIBABA_CLOUD_* environment), or OIDC with the workflow's ID token at hand. */
function ackCredentialsAvailable(ack: AckOptions, env: NodeJS.ProcessEnv): boolean {
  const c = ack.credentials;
  if (c.accessKeyId || env['ALIBABA_CLOUD_ACCESS_KEY_ID']) return true;
  const oidc = c.roleArn || env['ALIBABA_CLOUD_ROLE_ARN'];
  return Boolean(oidc && (env['ACTIONS_ID_TOKEN_REQUEST_URL'] || env['ALIBABA_CLOUD_OIDC_TOKEN_FILE']));
}

/** ACK: connect (or provision, with teardown in the main step and again in the post step). */
async function runOnAck(ack: AckOptions, step: Step): Promise<PublishOutcome> {
  const ackDeps = step.deps.ack ?? {};
  const { value } = await withAckCluster(
    ack,
    {
      ...actionAckDeps(value => step.masker.mask(value), ackDeps),
      signal: step.signal,
      // The cluster id is saved before waiting for it to start, so a failure or a cancel from
      // here on still leaves the post step what it needs to delete it.
      onCreated: state => step.cleanup.add(ackClusterTask(state)),
      onOutcome: outcome => core.saveState(OUTCOME_STATE_KEY, outcome),
      warn: line => core.warning(line)
    },
    async connection => {
      const outcome = await checkAndPublish(connection.kubeconfig, null, step);
      return { value: outcome, outcome: outcome.exitCode === 0 ? 'success' : 'failure' };
    }
  );
  return value;
}

/** The kubeconfig (secret or ACK's) → temp file → pipeline → publish. */
async function checkAndPublish(
  kubeconfig: string,
  context: string | null,
  step: Step
): Promise<PublishOutcome> {
  const { options, signal } = step;
  const written = await writeKubeconfig(kubeconfig, { context, mask: value => step.masker.mask(value) });
  step.cleanup.add({ type: 'kubeconfig-file', path: written.path });
  core.info(`kubeconfig written to ${written.path} (mode 0600, context ${written.context})`);

  // Results JSON and JUnit: a folder of this step under RUNNER_TEMP, for the outputs.
  const out = await mkdtemp(join(process.env['RUNNER_TEMP'] || tmpdir(), 'ai-conformance-results-'));
  const notices: string[] = [];
  const runId = newRunId();
  if (options.depth === 'functional') {
    // Before anything is created: a failed or cancelled job still has its objects swept by the post step.
    step.cleanup.add({ type: RUN_OBJECTS_TASK, runId, kubeconfig: written.path, context: written.context });
    core.info(`functional run ${runId}: workloads in namespace ai-conformance-${runId}, deleted afterwards`);
  }
  let result;
  try {
    result = await runPipeline({
      kubeconfig: { path: written.path, context: written.context },
      version: options.conformanceVersion ?? undefined,
      depth: options.depth,
      only: options.only,
      skip: options.skip,
      timeoutMs: Math.round(options.checkTimeoutMinutes * 60_000),
      runId,
      allowScale: options.allowScale,
      images: options.workloadImages,
      product: { path: options.productPath, update: options.updateProduct },
      report: options.reportPath,
      json: join(out, 'results.json'),
      junit: join(out, 'junit.xml'),
      cwd: step.context.workspace,
      env: process.env,
      signal,
      onResult: (r, done, total) => core.info(progressLine(r, done, total).trimEnd()),
      onWarning: message => notices.push(message)
    });
  } catch (error) {
    if (signal.aborted) throw new CancelledError(`${reasonOf(signal)} before the checks finished`);
    if (error instanceof SuiteInputError) throw new SuiteInputError(asInputMessage(error.message));
    throw error;
  }
  if (signal.aborted) {
    // A cancelled run has verdicts only for what finished: nothing is published from it.
    throw new CancelledError(
      `${reasonOf(signal)} before the checks finished: nothing was published; the post step cleans up`
    );
  }
  const product = result.product!;
  return publish({
    results: result.results,
    files: {
      productPath: options.productPath,
      reportPath: options.reportPath,
      product: options.updateProduct ? product.document.text : null,
      report: result.report!.text.toString('utf8'),
      productBefore: product.before
    },
    artifacts: { resultsJson: result.json?.path, junit: result.junit?.path },
    options,
    context: step.context,
    notices,
    github: token => createGitHubClient(token, step.deps.github),
    commitBackoff: step.deps.commitBackoff
  });
}

/** The suite names its options as CLI flags; in the action they are inputs. */
function asInputMessage(message: string): string {
  return message
    .replace(/--(only|skip)\b/g, 'input "$1"')
    .replace(/--version\b/g, 'input "conformance-version"');
}

function reasonOf(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : 'the run was cancelled';
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
