/** `ai-conformance run --depth functional` against the simulator (real clock, small selections). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { main } from '../../src/cli/main.js';
import { runLeftovers } from '../helpers/leftovers.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { captureIO, run, tempDir } from './helpers.js';

let ack: Simulator;
const cwd = tempDir('run-fn-');

beforeAll(async () => {
  ack = await startSimulator({ scenario: 'ack-gpu-1.34', kubeconfigPath: join(cwd, 'ack.yaml') });
});
afterAll(async () => {
  await ack?.stop();
});

describe('ai-conformance run --depth functional', () => {
  it('runs detect then the functional check, says the run id, and leaves nothing behind', async () => {
    const r = await run(
      cwd,
      'run',
      '--kubeconfig',
      'ack.yaml',
      '--depth',
      'functional',
      '--only',
      'accelerator_metrics',
      '--run-id',
      'cli-fn-1',
      '--images',
      'mirror.example.com/ai',
      '--json',
      'fn.json'
    );
    expect(r.err).toContain('functional run cli-fn-1 in namespace ai-conformance-cli-fn-1');
    expect(r.err).toContain('`ai-conformance cleanup --run-id cli-fn-1`');
    const json = JSON.parse(readFileSync(join(cwd, 'fn.json'), 'utf8'));
    expect(json.depth).toBe('functional');
    expect(json.runId).toBe('cli-fn-1');
    const asm = json.requirements.find((x: { id: string }) => x.id === 'accelerator_metrics');
    expect(asm).toMatchObject({ depth: 'functional', verdict: 'pass' });
    expect(asm.evidence.some((e: string) => e.startsWith('detect: '))).toBe(true);
    expect(r.out).toContain('Kubernetes AI Conformance 1.34 (functional)');
    expect(runLeftovers(ack, 'cli-fn-1')).toEqual([]);
  });

  it('exits 130 after cleaning up when interrupted', async () => {
    const c = captureIO(cwd);
    const controller = new AbortController();
    const io = { ...c.io, signal: controller.signal };
    const done = main(
      [
        'run',
        '--kubeconfig',
        'ack.yaml',
        '--depth',
        'functional',
        '--only',
        'ai_inference',
        '--run-id',
        'cli-fn-2'
      ],
      io
    );
    // Interrupt once the run's namespace exists (the functional check is under way).
    for (let i = 0; i < 400 && !ack.store.get('', 'namespaces', undefined, 'ai-conformance-cli-fn-2'); i++)
      await new Promise(r => setTimeout(r, 25));
    expect(ack.store.get('', 'namespaces', undefined, 'ai-conformance-cli-fn-2')).toBeDefined();
    controller.abort(new Error('interrupted by SIGINT'));
    expect(await done).toBe(130);
    // At the interrupt, the user learns what to run should they quit before cleanup is done.
    expect(c.err()).toContain(
      'interrupted: deleting what functional run cli-fn-2 created; if you stop it again, run `ai-conformance cleanup --run-id cli-fn-2`'
    );
    expect(runLeftovers(ack, 'cli-fn-2')).toEqual([]);
  });

  it('exits 2 on bad functional flags, naming the flag and what it expects', async () => {
    const base = ['run', '--kubeconfig', 'ack.yaml', '--depth', 'functional'];
    expect((await run(cwd, ...base, '--images', 'gpu=x')).err).toMatch(
      /^ai-conformance run: --images: unknown image key "gpu": expected one of shell, cuda, /
    );
    expect((await run(cwd, ...base, '--run-id', 'Not_Valid')).err).toMatch(
      /^ai-conformance run: --run-id: "Not_Valid" is not a DNS label/
    );
    const t = await run(cwd, ...base, '--functional-timeout', '0');
    expect(t).toMatchObject({
      code: 2,
      err: 'ai-conformance run: --functional-timeout 0: expected a number of minutes above 0\n'
    });
  });
});
