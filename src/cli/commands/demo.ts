/**
 * `ai-conformance demo [--output DIR]` (what `npm start` runs): the whole job on the embedded
 * simulator. It starts a simulated ACK GPU cluster (ack-gpu-1.34), runs the detect suite against
 * it, writes the example PRODUCT.yaml with the verdicts applied, its PRODUCT.md report, the results
 * JSON and JUnit into DIR, prints the table, and stops the simulator.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runPipeline } from '../../pipeline.js';
import { EXAMPLE_PRODUCT_YAML } from '../../product/example.js';
import { writeFileAtomic } from '../../product/write.js';
import { progressLine, statusTable } from '../../render/terminal.js';
import { parseCommandArgs, stringFlag } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { filesWritten } from './run.js';

export const DEFAULT_DEMO_DIR = 'ai-conformance-demo';
export const DEMO_SCENARIO = 'ack-gpu-1.34';
const EXAMPLE_HEADER = EXAMPLE_PRODUCT_YAML.split('\n').slice(0, 3).join('\n');

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the whole job on a simulated ACK GPU cluster and write its report into a folder',
  usage: `usage: ai-conformance demo [--output DIR]

Starts the embedded cluster simulator (scenario ${DEMO_SCENARIO}: an ACK GPU cluster with DRA, the
device plugin, a GPU exporter, a metrics adapter, Envoy Gateway, KubeRay, coscheduling, an
autoscaler and Prometheus), runs the detect suite against it, and writes into DIR:

  PRODUCT.yaml   the bundled example product with the verdicts applied
  PRODUCT.md     its CNCF report
  results.json   the results
  junit.xml      the results as JUnit XML

then prints the status table and stops the simulator. Nothing outside DIR is touched.

  --output DIR   the folder to write into (default: ./${DEFAULT_DEMO_DIR}/); a PRODUCT.yaml there
                 that is not the demo's example is never overwritten
`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, { flags: { output: { type: 'string', short: 'o' } } });
    const dir = stringFlag(args, 'output') ?? DEFAULT_DEMO_DIR;
    const yamlPath = join(dir, 'PRODUCT.yaml');
    const existing = await readFile(resolve(io.cwd, yamlPath), 'utf8').catch(() => null);
    // Rewrites its own example (also after a run or a `set` on it), never somebody's real PRODUCT.yaml.
    if (existing !== null && !existing.startsWith(EXAMPLE_HEADER)) {
      throw new UsageError(
        `${yamlPath} exists and is not the demo's example: choose another --output folder`
      );
    }
    await mkdir(resolve(io.cwd, dir), { recursive: true });
    // Each demo starts from the example, so the same cluster gives the same files.
    await writeFileAtomic(resolve(io.cwd, yamlPath), EXAMPLE_PRODUCT_YAML, yamlPath);

    io.stdout(`starting the simulated cluster ${DEMO_SCENARIO} ...\n`);
    const { startSimulator } = await import('../../sim/index.js');
    const sim = await startSimulator({ scenario: DEMO_SCENARIO });
    try {
      io.stdout(`simulated cluster at ${sim.url}; running the detect suite\n\n`);
      const result = await runPipeline({
        kubeconfig: { text: sim.kubeconfig },
        depth: 'detect',
        product: { path: yamlPath },
        json: join(dir, 'results.json'),
        junit: join(dir, 'junit.xml'),
        cwd: io.cwd,
        env: io.env,
        signal: io.signal,
        onResult: (r, done, total) => io.stdout(progressLine(r, done, total)),
        onWarning: message => io.stderr(`ai-conformance demo: ${message}\n`)
      });
      io.stdout(`\n${statusTable(result.results)}`);
      io.stdout(filesWritten(result, io));
      return result.mustsPass ? 0 : 1;
    } finally {
      await sim.stop();
      io.stdout('simulated cluster stopped\n');
    }
  }
};
