/**
 * `ai-conformance cleanup` against the simulator: leftovers of old runs are deleted by label, a run
 * still young is left alone, `--run-id` picks one run, `--dry-run` deletes nothing. The simulator's
 * clock starts three hours ago and ticks along while the command runs (pods need time to terminate).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { parseAge } from '../../src/cli/commands/cleanup.js';
import { RUN_LABEL } from '../../src/kube/functional/types.js';
import { FakeClock } from '../../src/sim/clock.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { runLeftovers } from '../helpers/leftovers.js';
import { run, tempDir } from './helpers.js';

const HOUR = 3_600_000;
const cwd = tempDir('cleanup-');
const clock = new FakeClock(Date.now() - 3 * HOUR);
let sim: Simulator;
let objects: KubernetesObjectApi;
let ticker: NodeJS.Timeout;

/** A run's leftovers: its namespace with a pod, and a cluster-scoped DeviceClass. */
async function leave(runId: string): Promise<void> {
  const labels = { [RUN_LABEL]: runId };
  const ns = `ai-conformance-${runId}`;
  await objects.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels } });
  await objects.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'probe', namespace: ns, labels },
    spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] }
  } as KubernetesObject);
  await objects.create({
    apiVersion: 'resource.k8s.io/v1',
    kind: 'DeviceClass',
    metadata: { name: `aiconf-${runId}`, labels },
    spec: { selectors: [{ cel: { expression: 'true' } }] }
  } as KubernetesObject);
}

const left = (runId: string) => runLeftovers(sim, runId).filter(o => !o.startsWith('Event '));

beforeAll(async () => {
  sim = await startSimulator({
    scenario: 'ack-gpu-1.34',
    clock,
    kubeconfigPath: join(cwd, 'kubeconfig.yaml')
  });
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig);
  objects = KubernetesObjectApi.makeApiClient(kc);
  await leave('old-1'); // 3 h ago
  await leave('old-2');
  clock.advance(2.5 * HOUR);
  await leave('young-3'); // 30 min ago
  // From here the simulated cluster runs at 100x, so terminating pods go away within the test.
  ticker = setInterval(() => clock.advance(1000), 10);
});
afterAll(async () => {
  clearInterval(ticker);
  await sim?.stop();
});

describe('ai-conformance cleanup', () => {
  it('--dry-run lists what is older than --older-than and deletes nothing', async () => {
    const r = await run(cwd, 'cleanup', '--kubeconfig', 'kubeconfig.yaml', '--older-than', '2h', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^would delete 6 objects older than 2h \(runs: old-1, old-2\):\n/);
    expect(r.out).toContain('  DeviceClass aiconf-old-1  (run old-1)\n');
    expect(r.out).not.toContain('young-3');
    expect(left('old-1')).toHaveLength(3);
  });

  it('--run-id deletes one run, whatever its age', async () => {
    const r = await run(cwd, 'cleanup', '--kubeconfig', 'kubeconfig.yaml', '--run-id', 'young-3');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('deleted Pod ai-conformance-young-3/probe\n');
    expect(r.out).toMatch(/\n\d+ objects of run young-3 deleted \(runs: young-3\)\n$/);
    expect(left('young-3')).toEqual([]);
    expect(left('old-1')).toHaveLength(3);
  });

  it('deletes the old runs (pods before their namespace, cluster-scoped objects too); then finds nothing', async () => {
    const r = await run(cwd, 'cleanup', '--kubeconfig', 'kubeconfig.yaml');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const at = (name: string) => lines.indexOf(`deleted ${name}`);
    expect(at('Pod ai-conformance-old-1/probe')).toBeGreaterThanOrEqual(0);
    expect(at('Pod ai-conformance-old-1/probe')).toBeLessThan(at('Namespace ai-conformance-old-1'));
    expect(at('Namespace ai-conformance-old-1')).toBeLessThan(at('DeviceClass aiconf-old-1'));
    expect(left('old-1')).toEqual([]);
    expect(left('old-2')).toEqual([]);
    const again = await run(cwd, 'cleanup', '--kubeconfig', 'kubeconfig.yaml', '--older-than', '0');
    expect(again).toMatchObject({
      code: 0,
      out: `nothing to clean up: no object of any run carries ${RUN_LABEL}\n`
    });
  });

  it('exits 2 on bad flags, naming the flag and the expected form', async () => {
    expect((await run(cwd, 'cleanup', '--older-than', '2 hours')).err).toBe(
      'ai-conformance cleanup: --older-than 2 hours: expected an age such as 90m, 2h or 1d (or 0 for every run)\n'
    );
    expect((await run(cwd, 'cleanup', '--run-id', 'Bad_Id')).code).toBe(2);
    expect((await run(cwd, 'cleanup', '--run-id', 'a', '--older-than', '1h')).code).toBe(2);
    expect((await run(cwd, 'cleanup', '--kubeconfig', 'missing.yaml')).err).toBe(
      'ai-conformance cleanup: --kubeconfig missing.yaml: cannot read the file: no such file (ENOENT)\n'
    );
    expect([parseAge('90m'), parseAge('2h'), parseAge('1d'), parseAge('0')]).toEqual([
      90 * 60_000,
      2 * HOUR,
      24 * HOUR,
      0
    ]);
  });
});
