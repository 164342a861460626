/**
 * Suite benchmark: the detect suite against the simulator at 0, 20 and 100 ms injected latency per
 * request, and against a 5,000-node cluster: wall time (median of the runs, /version included),
 * API requests, and the suite process's peak RSS.
 *
 * The simulator runs in its own process and every measurement in a fresh one running the suite
 * compiled to JavaScript, so the figures are the suite's alone (not the simulated cluster's memory,
 * not Node's TypeScript transform) and one case's peak does not leak into the next. Run: npm run bench  (Node 24 runs the TypeScript directly; see scripts/ts-resolve.mjs).
 * Options: --runs N (default 5), --nodes N (default 5000), --pods-per-node N (default 10).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

/** Child: serves a scenario until its stdin closes, printing its kubeconfig path when ready. */
async function serve(
  scenario: string,
  latencyMs: number,
  nodes: number,
  podsPerNode: number,
  kubeconfigPath: string
): Promise<void> {
  const { startSimulator } = await import('../src/sim/index.js');
  const sim = await startSimulator({
    scenario,
    kubeconfigPath,
    faults: latencyMs ? { latencyMs } : undefined,
    scale: nodes ? { nodes, podsPerNode } : undefined
  });
  process.stdout.write(`READY ${JSON.stringify({ warnings: sim.warnings })}\n`);
  process.stdin.resume();
  await new Promise<void>(resolve => process.stdin.on('end', resolve));
  await sim.stop();
}

/** Child: runs the suite `runs` times (a fresh session each), printing one JSON line of figures. */
async function measure(kubeconfigPath: string, runs: number): Promise<void> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { KubeSession } = await import('../src/kube/session.js');
  const { runSuite } = await import('../src/suite/index.js');
  const kc = new KubeConfig();
  kc.loadFromString(readFileSync(kubeconfigPath, 'utf8'));
  const times: number[] = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const session = KubeSession.fromKubeConfig(kc);
    const t0 = performance.now();
    last = await runSuite({ session });
    times.push(performance.now() - t0);
  }
  const verdicts: Record<string, number> = {};
  for (const r of last!.requirements) verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
  const slowest = [...last!.requirements].sort((a, b) => b.durationMs - a.durationMs)[0];
  process.stdout.write(
    `${JSON.stringify({
      times,
      checks: last!.requirements.length,
      requests: last!.requests,
      shared: last!.sharedRequests,
      verdicts,
      slowest: `${slowest.id} ${slowest.durationMs} ms, ${slowest.requests} requests`,
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024)
    })}\n`
  );
}

function child(args: string[], script = SELF, execArgv = process.execArgv): ChildProcess {
  return spawn(process.execPath, [...execArgv, script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
}

/**
 * This script compiled to JavaScript, so measurements run the code as it ships: Node's TypeScript
 * transform alone adds some 50 MB of RSS that the bundled CLI and action never carry. Written under
 * node_modules/.cache so its imports resolve to the repository's node_modules.
 */
async function compile(): Promise<string> {
  const root = join(dirname(SELF), '..');
  const out = join(root, 'node_modules', '.cache', 'ai-conformance-bench');
  rmSync(out, { recursive: true, force: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [
    tsc,
    '--outDir',
    out,
    '--rootDir',
    root,
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--target',
    'es2023',
    '--skipLibCheck',
    '--esModuleInterop',
    '--resolveJsonModule',
    '--types',
    'node',
    SELF
  ];
  // Type errors elsewhere in the tree do not stop the emit; a missing output does.
  await new Promise(resolve => spawn(process.execPath, args, { stdio: 'ignore' }).once('exit', resolve));
  const compiled = join(out, 'scripts', 'bench-suite.js');
  if (!existsSync(compiled)) throw new Error(`could not compile ${SELF} to ${compiled}`);
  return compiled;
}

async function firstLine(p: ChildProcess, prefix = ''): Promise<string> {
  const lines = createInterface({ input: p.stdout! });
  for await (const line of lines) if (line.startsWith(prefix)) return line.slice(prefix.length);
  throw new Error(`child exited before printing ${prefix || 'a line'}`);
}

interface Case {
  name: string;
  scenario: string;
  latencyMs: number;
  nodes: number;
}

async function orchestrate(): Promise<void> {
  const runs = arg('runs', 5);
  const nodes = arg('nodes', 5000);
  const podsPerNode = arg('pods-per-node', 10);
  const cases: Case[] = [
    { name: 'ack-gpu-1.34, 0 ms', scenario: 'ack-gpu-1.34', latencyMs: 0, nodes: 0 },
    { name: 'ack-gpu-1.34, 20 ms', scenario: 'ack-gpu-1.34', latencyMs: 20, nodes: 0 },
    { name: 'ack-gpu-1.34, 100 ms', scenario: 'ack-gpu-1.34', latencyMs: 100, nodes: 0 },
    { name: 'ack-gpu-1.36, 100 ms (14 checks)', scenario: 'ack-gpu-1.36', latencyMs: 100, nodes: 0 },
    {
      name: `ack-gpu-1.34 + ${nodes} nodes, ${nodes * podsPerNode} pods, 0 ms`,
      scenario: 'ack-gpu-1.34',
      latencyMs: 0,
      nodes
    }
  ];
  process.stderr.write('compiling the suite to JavaScript ...\n');
  const compiled = await compile();
  const dir = mkdtempSync(join(tmpdir(), 'bench-suite-'));
  const rows: string[][] = [
    [
      'case',
      'checks',
      'median wall',
      'min',
      'max',
      'requests (shared)',
      'peak RSS',
      'slowest check',
      'verdicts'
    ]
  ];
  try {
    for (const c of cases) {
      const kubeconfig = join(dir, `${rows.length}.yaml`);
      const server = child([
        '--serve',
        c.scenario,
        String(c.latencyMs),
        String(c.nodes),
        String(podsPerNode),
        kubeconfig
      ]);
      try {
        await firstLine(server, 'READY ');
        const m = child(['--measure', kubeconfig, String(runs)], compiled, []);
        const figures = JSON.parse(await firstLine(m));
        const sorted = [...figures.times].sort((a: number, b: number) => a - b);
        const ms = (v: number) => `${Math.round(v)} ms`;
        rows.push([
          c.name,
          String(figures.checks),
          ms(sorted[Math.floor(sorted.length / 2)]),
          ms(sorted[0]),
          ms(sorted[sorted.length - 1]),
          `${figures.requests} (${figures.shared})`,
          `${figures.maxRssMb} MB`,
          figures.slowest,
          Object.entries(figures.verdicts)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')
        ]);
        process.stderr.write(`done: ${c.name}\n`);
      } finally {
        server.stdin!.end();
        await new Promise(resolve => server.once('exit', resolve));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(
    [
      `Detect suite, ${runs} runs per case (first run included; wall time includes /version and discovery)`,
      '',
      line(rows[0]),
      `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`,
      ...rows.slice(1).map(line),
      ''
    ].join('\n')
  );
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === '--serve') await serve(rest[0], Number(rest[1]), Number(rest[2]), Number(rest[3]), rest[4]);
else if (mode === '--measure') await measure(rest[0], Number(rest[1]));
else await orchestrate();
