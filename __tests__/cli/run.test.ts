import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { productYaml } from '../helpers/results.js';
import { run, tempDir } from './helpers.js';

let ack: Simulator;
let kind: Simulator;
let denied: Simulator;
const cwd = tempDir('run-');

beforeAll(async () => {
  ack = await startSimulator({ scenario: 'ack-gpu-1.34', kubeconfigPath: join(cwd, 'ack.yaml') });
  kind = await startSimulator({ scenario: 'kind-1.34', kubeconfigPath: join(cwd, 'kind.yaml') });
  denied = await startSimulator({
    scenario: 'ack-gpu-1.34',
    kubeconfigPath: join(cwd, 'denied.yaml'),
    rbac: [
      {
        verbs: ['list'],
        resources: ['gatewayclasses'],
        apiGroups: ['gateway.networking.k8s.io'],
        effect: 'deny'
      }
    ]
  });
});
afterAll(async () => {
  await Promise.all([ack?.stop(), kind?.stop(), denied?.stop()]);
});

const token = (sim: Simulator): string => /token: (\S+)/.exec(sim.kubeconfig)![1];

describe('ai-conformance run', () => {
  it('prints a line per check as it finishes, then the table; exits 0 when every MUST passes', async () => {
    const r = await run(
      cwd,
      'run',
      '--kubeconfig',
      'ack.yaml',
      '--json',
      'out/results.json',
      '--junit',
      'out/junit.xml'
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const progress = r.out.split('\n').filter(l => /^\[\s*\d+\/9\] /.test(l));
    expect(progress).toHaveLength(9);
    expect(progress.every(l => /^\[\s*\d+\/9\] ✓ pass\s+\w+\s+(\d+ ms|\d+\.\d\d s)$/.test(l))).toBe(true);
    expect(r.out).toContain('Kubernetes AI Conformance 1.34 (detect) on v1.34.1-aliyun.1');
    expect(r.out).toMatch(/\nAccelerator Metrics\s+MUST\s+pass\s+Implemented\s+/);
    expect(r.out).toContain('MUST 9/9 passed or not applicable');
    expect(r.out).toContain('results JSON  out/results.json\nJUnit         out/junit.xml\n');
    const json = JSON.parse(readFileSync(join(cwd, 'out/results.json'), 'utf8'));
    expect(json.requirements.map((x: { verdict: string }) => x.verdict)).toEqual(Array(9).fill('pass'));
    expect(readFileSync(join(cwd, 'out/junit.xml'), 'utf8')).toContain(
      'tests="9" failures="0" errors="0" skipped="0"'
    );
    expect(r.out).not.toContain(token(ack));
  });

  it('exits 1 when a MUST does not pass, with the reasons listed', async () => {
    const r = await run(
      cwd,
      'run',
      '--kubeconfig',
      'kind.yaml',
      '--only',
      'gang_scheduling,cluster_autoscaling'
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\[\s*\d\/2\] ✗ fail\s+gang_scheduling/);
    expect(r.out).toMatch(/\[\s*\d\/2\] - not-applicable\s+cluster_autoscaling/);
    expect(r.out).toContain('\nReasons:\n  gang_scheduling (MUST, fail): no gang scheduler found');
  });

  it('writes verdicts into PRODUCT.yaml and regenerates the report, leaving errored checks as they were', async () => {
    const dir = tempDir('run-product-');
    writeFileSync(
      join(dir, 'PRODUCT.yaml'),
      productYaml({ ai_inference: 'Not Implemented', gang_scheduling: 'Not Implemented' })
    );
    writeFileSync(join(dir, 'denied.yaml'), readFileSync(join(cwd, 'denied.yaml')));
    const r = await run(dir, 'run', '--kubeconfig', 'denied.yaml', '--product', 'PRODUCT.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\] ! error\s+ai_inference/);
    expect(r.out).toContain('(unchanged: error)');
    const spec = parse(readFileSync(join(dir, 'PRODUCT.yaml'), 'utf8')).spec;
    // ai_inference errored (listing GatewayClasses is forbidden): its status stays; gang_scheduling passed.
    expect(spec.networking[0]).toMatchObject({ id: 'ai_inference', status: 'Not Implemented' });
    expect(spec.schedulingOrchestration[0]).toMatchObject({ id: 'gang_scheduling', status: 'Implemented' });
    expect(r.out).toContain(
      'PRODUCT.yaml  PRODUCT.yaml\n              1 requirement changed; errored checks left as they were\nreport        PRODUCT.md\n'
    );
    expect(readFileSync(join(dir, 'PRODUCT.md'), 'utf8')).toContain('#### ✅ Gang Scheduling');
  });

  it('exits 2 on bad input, naming it, before touching the cluster', async () => {
    expect(await run(cwd, 'run', '--kubeconfig', 'missing.yaml')).toEqual({
      code: 2,
      out: '',
      err: 'ai-conformance run: --kubeconfig missing.yaml: cannot read the file: no such file (ENOENT)\n'
    });
    expect((await run(cwd, 'run', '--kubeconfig', 'ack.yaml', '--depth', 'deep')).err).toBe(
      'ai-conformance run: --depth deep: expected detect or functional\n'
    );
    expect((await run(cwd, 'run', '--kubeconfig', 'ack.yaml', '--only', 'gpu_sharing')).err).toBe(
      'ai-conformance run: --only gpu_sharing: the 1.34 requirement set has no gpu_sharing (it is in 1.35, 1.36, 1.37)\n'
    );
    expect((await run(cwd, 'run', '--kubeconfig', 'ack.yaml', '--version', '1.20')).code).toBe(2);
    expect((await run(cwd, 'run', '--kubeconfig', 'ack.yaml', '--context', 'nope')).err).toMatch(
      /^ai-conformance run: --kubeconfig ack\.yaml has no context "nope"; it has "/
    );
    expect((await run(cwd, 'run', '--kubeconfig', 'ack.yaml', '--product', 'none.yaml')).err).toMatch(
      /^ai-conformance run: none\.yaml: cannot read the file: no such file \(ENOENT\)/
    );
    expect((await run(cwd, 'run', '--bogus')).code).toBe(2);
    writeFileSync(join(cwd, 'broken.yaml'), `users: [{name: a, user: {token: "${token(ack)}"}]\n  - x: [`);
    const broken = await run(cwd, 'run', '--kubeconfig', 'broken.yaml');
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/^ai-conformance run: --kubeconfig broken\.yaml is not a valid kubeconfig/);
    expect(broken.err).not.toContain(token(ack));
  });

  it('exits 2 when the cluster cannot be reached', async () => {
    const gone = await startSimulator({ scenario: 'kind-1.34', kubeconfigPath: join(cwd, 'gone.yaml') });
    await gone.stop();
    const r = await run(cwd, 'run', '--kubeconfig', 'gone.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^ai-conformance run: cannot reach the cluster at https:\/\/127\.0\.0\.1:\d+: GET \/version: no answer from the API server/
    );
  });
});
