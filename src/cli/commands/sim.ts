/**
 * `ai-conformance sim --scenario NAME [--addon NAME]... [--break NAME]... [--kubeconfig-out FILE]`:
 * runs the cluster simulator in the foreground until SIGINT/SIGTERM; `--list` names the
 * scenarios, add-ons and breaks.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.js';

export const simCommand: Command = {
  name: 'sim',
  summary: 'run the cluster simulator (a local Kubernetes API with scenario add-ons) until stopped',
  usage: `usage: ai-conformance sim --scenario NAME [--addon NAME]... [--break NAME]... [--kubeconfig-out FILE]
       ai-conformance sim --list

Starts a simulated cluster over HTTPS on 127.0.0.1 and prints where its kubeconfig is; stops on
Ctrl-C (SIGINT) or SIGTERM.

  --scenario NAME        base cluster (kind-1.33 ... kind-1.37, ack-gpu-1.34 ... ack-gpu-1.36)
  --addon NAME           add an add-on (repeatable); its requirements come along
  --break NAME           switch on a named failure (repeatable), e.g. exporter-missing-memory-metric
  --kubeconfig-out FILE  where to write the kubeconfig (default: ./sim-kubeconfig.yaml)
  --list                 list scenarios, add-ons and breaks
`,
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options: {
          scenario: { type: 'string' },
          addon: { type: 'string', multiple: true },
          break: { type: 'string', multiple: true },
          'kubeconfig-out': { type: 'string' },
          list: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' }
        },
        allowPositionals: false,
        strict: true
      });
    } catch (e) {
      throw new UsageError(`${(e as Error).message} (see --help)`);
    }
    const v = parsed.values;
    if (v.help) {
      io.stdout(simCommand.usage);
      return 0;
    }
    const { catalog, startSimulator, ScenarioError } = await import('../../sim/index.js');
    if (v.list) {
      const c = catalog();
      const w = Math.max(...[...c.scenarios, ...c.addons, ...c.breaks].map(x => x.name.length)) + 2;
      let out = 'scenarios:\n' + c.scenarios.map(s => `  ${s.name.padEnd(w)}${s.description}\n`).join('');
      out += 'add-ons:\n' + c.addons.map(s => `  ${s.name.padEnd(w)}${s.description}\n`).join('');
      out += 'breaks (--break NAME, with the add-on that offers it):\n' + c.breaks.map(b => `  ${b.name.padEnd(w)}[${b.addon}] ${b.description}\n`).join('');
      io.stdout(out);
      return 0;
    }
    if (!v.scenario) throw new UsageError('--scenario is required (see --list for names)');
    const kubeconfigPath = resolve(io.cwd, v['kubeconfig-out'] ?? 'sim-kubeconfig.yaml');
    let sim;
    try {
      sim = await startSimulator({ scenario: v.scenario, addons: v.addon ?? [], breaks: v.break ?? [], kubeconfigPath });
    } catch (e) {
      if (e instanceof ScenarioError) throw new UsageError(e.message);
      throw e;
    }
    const parts = sim.scenario.parts.map(p => p.name).join(', ');
    io.stdout(
      `simulator: ${sim.scenario.name} (${sim.scenario.gitVersion}) at ${sim.url}\n` +
        `installed: ${parts}\n` +
        (sim.scenario.breaks.length ? `breaks:    ${sim.scenario.breaks.map(b => b.name).join(', ')}\n` : '') +
        `kubeconfig: ${kubeconfigPath}\n` +
        `try: kubectl --kubeconfig ${kubeconfigPath} get nodes\n` +
        'press Ctrl-C to stop\n'
    );
    if (!io.signal.aborted) await new Promise<void>(r => io.signal.addEventListener('abort', () => r(), { once: true }));
    await sim.stop();
    for (const w of sim.warnings) io.stderr(`warning: ${w}\n`);
    io.stdout('simulator stopped\n');
    return 0;
  }
};
