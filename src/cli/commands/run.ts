/**
 * `ai-conformance run`: the requirement suite against the cluster of a kubeconfig. A line per check
 * as it finishes, then the status table; with --product the verdicts go into PRODUCT.yaml and the
 * report is regenerated. Exit 0 when every MUST passes (or is not applicable), 1 otherwise, 2 on bad
 * input or when the cluster cannot be reached.
 */
import { relative } from 'node:path';
import { ClusterUnreachableError, SuiteInputError } from '../../suite/errors.js';
import { runPipeline, type KubeconfigSource, type PipelineResult, type WrittenFile } from '../../pipeline.js';
import { progressLine, statusTable } from '../../render/terminal.js';
import { IMAGE_KEYS, ImagesOptionError, parseImages } from '../../kube/functional/images.js';
import { newRunId, runIdProblem } from '../../kube/functional/run-id.js';
import { RUN_LABEL } from '../../kube/functional/types.js';
import type { Depth } from '../../types.js';
import { parseCommandArgs, stringFlag } from '../args.js';
import { ACK_RUN_FLAGS, ACK_RUN_USAGE, ackOptionsFromFlags, runOnAck } from '../ack-run.js';
import { UsageError, type CliIO, type Command } from '../command.js';
import type { AckCommandDeps } from './ack.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'check a cluster against the AI conformance requirements',
  usage: `usage: ai-conformance run [--kubeconfig FILE] [--context NAME] [--version 1.34] [--depth detect]
                          [--only ID,...] [--skip ID,...] [--product PRODUCT.yaml] [--report FILE]
                          [--json FILE] [--junit FILE] [--timeout SECONDS]
                          [--allow-scale] [--images LIST] [--run-id ID] [--functional-timeout MINUTES]

Checks the cluster against the requirements of its Kubernetes minor (or --version), printing a line
per check as it finishes and then the status table. Read-only at --depth detect; --depth functional
also runs small workloads in a namespace ai-conformance-<run id>, deleted afterwards (also on Ctrl-C).

  --kubeconfig FILE   the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME      the context to use (default: current-context)
  --version V         the requirement set: 1.33 to 1.37 (default: PRODUCT.yaml's kubernetesVersion,
                      else the cluster's minor)
  --depth D           detect (default; read-only) or functional
  --only IDS          check only these requirement ids (comma-separated)
  --skip IDS          leave these requirement ids out (comma-separated)
  --product FILE      write the verdicts into this PRODUCT.yaml (errors leave a status as it was)
                      and regenerate its report
  --report FILE       where the report goes (default: PRODUCT.md beside PRODUCT.yaml)
  --json FILE         write the results as JSON
  --junit FILE        write the results as JUnit XML
  --timeout SECONDS   deadline of each detect check (default 60)
  --allow-scale       functional: let cluster_autoscaling add a node (a pending GPU pod) and wait
                      for its removal; off, that check keeps its detect verdict
  --images LIST       functional: workload images, comma-separated: a registry mirror prefix
                      (mirror.example.com/ai) and/or KEY=IMAGE (keys: ${IMAGE_KEYS.join(', ')})
  --run-id ID         functional: the run id (a DNS label; default: a fresh one); what the run
                      creates is labelled ${RUN_LABEL}=ID
  --functional-timeout MINUTES
                      functional: deadline of each functional check (default: the check's own)

${ACK_RUN_USAGE}
Exit status: 0 every MUST passed or is not applicable, 1 otherwise, 2 bad input or the cluster
cannot be reached, 130 interrupted (after cleanup).
`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, {
      flags: {
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        version: { type: 'string' },
        depth: { type: 'string' },
        only: { type: 'string' },
        skip: { type: 'string' },
        product: { type: 'string' },
        report: { type: 'string' },
        json: { type: 'string' },
        junit: { type: 'string' },
        timeout: { type: 'string' },
        'allow-scale': { type: 'boolean' },
        images: { type: 'string' },
        'run-id': { type: 'string' },
        'functional-timeout': { type: 'string' },
        ...ACK_RUN_FLAGS
      }
    });
    const depth = (stringFlag(args, 'depth') ?? 'detect') as Depth;
    if (depth !== 'detect' && depth !== 'functional')
      throw new UsageError(`--depth ${depth}: expected detect or functional`);
    const timeout = stringFlag(args, 'timeout');
    const timeoutMs = timeout === undefined ? undefined : seconds(timeout);
    const functional = functionalOptions(args);
    if (depth === 'functional')
      io.stderr(
        `ai-conformance run: functional run ${functional.runId} in namespace ai-conformance-${functional.runId}; if it is killed, \`ai-conformance cleanup --run-id ${functional.runId}\` removes what it left\n`
      );
    // When interrupted, say what happens now and what to run if the user quits before it is done.
    const onAbort = (): void =>
      io.stderr(
        `ai-conformance run: interrupted: deleting what functional run ${functional.runId} created; if you stop it again, run \`ai-conformance cleanup --run-id ${functional.runId}\`\n`
      );
    const ack = ackOptionsFromFlags(args, stringFlag(args, 'version'));
    if (ack && (stringFlag(args, 'kubeconfig') || stringFlag(args, 'context')))
      throw new UsageError(
        `--${stringFlag(args, 'kubeconfig') ? 'kubeconfig' : 'context'} and ${ack.mode === 'provision' ? '--ack-provision' : '--ack-cluster-id'} both name the cluster: give one of them`
      );
    const check = (kubeconfig: KubeconfigSource) =>
      runPipeline({
        kubeconfig,
        version: stringFlag(args, 'version'),
        depth,
        only: ids(args, 'only'),
        skip: ids(args, 'skip'),
        timeoutMs,
        ...functional,
        product: stringFlag(args, 'product') ? { path: stringFlag(args, 'product')! } : undefined,
        report: stringFlag(args, 'report'),
        json: stringFlag(args, 'json'),
        junit: stringFlag(args, 'junit'),
        cwd: io.cwd,
        env: io.env,
        signal: io.signal,
        onResult: (r, done, total) => io.stdout(progressLine(r, done, total)),
        onWarning: message => io.stderr(`ai-conformance run: ${message}\n`)
      });
    let result: PipelineResult;
    if (depth === 'functional') io.signal.addEventListener('abort', onAbort, { once: true });
    try {
      result = ack
        ? await runOnAck(ack, io, ackOverrides.get(io) ?? {}, async text => {
            const r = await check({ text });
            return { value: r, success: r.mustsPass };
          })
        : await check({ path: stringFlag(args, 'kubeconfig'), context: stringFlag(args, 'context') });
    } catch (err) {
      if (err instanceof SuiteInputError || err instanceof ClusterUnreachableError)
        throw new UsageError(err.message);
      throw err;
    } finally {
      io.signal.removeEventListener('abort', onAbort);
    }
    io.stdout(`\n${statusTable(result.results)}`);
    io.stdout(filesWritten(result, io));
    // Interrupted: what the run created is deleted by now; the results are incomplete.
    if (io.signal.aborted) return 130;
    return result.mustsPass ? 0 : 1;
  }
};

/** ACK endpoints and clock of a makeRunCommand command, by the io of its call. */
const ackOverrides = new WeakMap<CliIO, AckCommandDeps>();

/** The run command with its ACK calls pointed elsewhere (tests: the ACK stand-ins). */
export function makeRunCommand(overrides: AckCommandDeps): Command {
  return {
    ...runCommand,
    run: (argv, io) => {
      const own = { ...io };
      ackOverrides.set(own, overrides);
      return runCommand.run(argv, own);
    }
  };
}

function ids(args: ReturnType<typeof parseCommandArgs>, name: string): string[] | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  const list = value.split(',').map(s => s.trim());
  if (list.some(s => s === ''))
    throw new UsageError(`--${name} ${value}: expected requirement ids separated by commas`);
  return list;
}

/** The functional depth's options from their flags (checked even at detect, so typos surface). */
function functionalOptions(args: ReturnType<typeof parseCommandArgs>) {
  const runId = stringFlag(args, 'run-id') ?? newRunId();
  const problem = runIdProblem(runId);
  if (problem) throw new UsageError(`--run-id: ${problem}`);
  let images;
  try {
    images = parseImages(stringFlag(args, 'images'), '--images');
  } catch (err) {
    if (err instanceof ImagesOptionError) throw new UsageError(err.message);
    throw err;
  }
  const minutes = stringFlag(args, 'functional-timeout');
  let functionalTimeoutMs: number | undefined;
  if (minutes !== undefined) {
    const n = Number(minutes);
    if (!Number.isFinite(n) || n <= 0)
      throw new UsageError(`--functional-timeout ${minutes}: expected a number of minutes above 0`);
    functionalTimeoutMs = Math.round(n * 60_000);
  }
  return { runId, images, allowScale: args.flags['allow-scale'] === true, functionalTimeoutMs };
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--timeout ${value}: expected a number of seconds above 0`);
  return Math.round(n * 1000);
}

export function filesWritten(result: PipelineResult, io: Pick<CliIO, 'cwd'>): string {
  const lines: string[] = [];
  const show = (what: string, f: WrittenFile | undefined): void => {
    if (f)
      lines.push(
        `${what.padEnd(13)} ${relative(io.cwd, f.path) || f.path}${f.written ? '' : ' (unchanged)'}`
      );
  };
  if (result.product) {
    const changed = result.product.changes.length;
    show('PRODUCT.yaml', result.product);
    if (result.product.created)
      lines.push(`              created from the ${result.results.conformanceVersion} template`);
    lines.push(
      `              ${changed} requirement${changed === 1 ? '' : 's'} changed${result.errored ? '; errored checks left as they were' : ''}`
    );
  }
  show('report', result.report);
  show('results JSON', result.json);
  show('JUnit', result.junit);
  return lines.length ? `\n${lines.join('\n')}\n` : '';
}
