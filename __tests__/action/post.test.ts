/**
 * The post step, runPost(), as the runner starts it after the main step (also after a failure or a
 * cancel): the state the main step saved arrives as STATE_* variables, the inputs as INPUT_*. It
 * runs every registered cleanup, best effort, and never fails the job.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ackTeardownHandler, type ActionAckDeps } from '../../src/action/ack.js';
import type { CleanupTask } from '../../src/action/state.js';
import { CLEANUP_HANDLERS, runPost } from '../../src/post-run.js';
import type { AckState } from '../../src/target/ack/index.js';
import { actionEnv, pushEvent, type ActionEnv } from '../helpers/action-env.js';
import { REGION, startStand, type Stand } from '../target/ack/stand.js';
import { clearState, leaks, SummaryFile } from './harness.js';

const RUN_ID = '4242-1';
let stand: Stand;
let env: ActionEnv;
const summary = new SummaryFile();

beforeEach(async () => {
  stand = await startStand();
});
afterEach(async () => {
  env?.restore();
  clearState();
  process.exitCode = undefined;
  await stand.stop();
});
afterAll(() => summary.remove());

function postStep(inputs: Record<string, string>, saved: { cleanup: CleanupTask[]; outcome?: string }) {
  env = actionEnv(pushEvent('main'), inputs, 'http://127.0.0.1:9', summary.path);
  process.env['STATE_cleanup'] = JSON.stringify(saved.cleanup);
  if (saved.outcome) process.env['STATE_ack-outcome'] = saved.outcome;
  return env;
}

const keys = () => ({
  'alibaba-cloud-region': REGION,
  'alibaba-cloud-access-key-id': stand.key.id,
  'alibaba-cloud-access-key-secret': stand.key.secret
});

/** A cluster this run provisioned, as the ACK stand-in and the saved state know it. */
function provisioned(teardown: AckState['teardown'], runTag = RUN_ID): AckState {
  const id = `c${Math.random().toString(16).slice(2).padEnd(16, '0')}`;
  stand.ack.addCluster({
    cluster_id: id,
    tags: [
      { key: 'ai-conformance/run-id', value: runTag },
      { key: 'ai-conformance/expires-at', value: '2026-03-01T06:00:00.000Z' }
    ]
  });
  return {
    version: 1,
    clusterId: id,
    region: REGION,
    runId: RUN_ID,
    teardown,
    expiresAt: '2026-03-01T06:00:00.000Z'
  };
}

function handlers(over: ActionAckDeps = {}) {
  const { endpoints, now, sleep, random } = stand.deps;
  return {
    ...CLEANUP_HANDLERS,
    'ack-cluster': ackTeardownHandler({ endpoints, now, sleep, random, ...over })
  };
}

const warnings = () => env.log.filter(l => l.startsWith('::warning::'));

describe('post step: a provisioned ACK cluster', () => {
  const cases: Array<[AckState['teardown'], string | undefined, boolean]> = [
    ['always', 'success', true],
    ['always', 'failure', true],
    ['always', undefined, true], // the main step was killed before it said how it ended
    ['on-success', 'success', true],
    ['on-success', 'failure', false],
    ['on-success', 'cancelled', false],
    ['on-success', undefined, false],
    ['never', 'success', false]
  ];
  it.each(cases)('ack-teardown: %s, run outcome %s → deleted: %s', async (teardown, outcome, deleted) => {
    const state = provisioned(teardown);
    postStep(keys(), { cleanup: [{ type: 'ack-cluster', state }], outcome });
    await runPost(handlers());
    expect(stand.ack.clusters.has(state.clusterId)).toBe(!deleted);
    expect(env.log).toContain(
      deleted
        ? `cleanup: deleted ACK cluster ${state.clusterId}`
        : `cleanup: kept ACK cluster ${state.clusterId} (ack-teardown)`
    );
    expect(warnings()).toEqual([]);
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('reads the credentials again from the inputs (the state holds none), masks them, and leaks none', async () => {
    const state = provisioned('always');
    postStep(keys(), { cleanup: [{ type: 'ack-cluster', state }], outcome: 'success' });
    expect(JSON.stringify(state)).not.toContain(stand.key.secret);
    await runPost(handlers());
    expect(stand.ack.calls('DeleteCluster')[0].accessKeyId).toBe(stand.key.id);
    expect(env.log).toEqual(
      expect.arrayContaining([`::add-mask::${stand.key.id}`, `::add-mask::${stand.key.secret}`])
    );
    const log = env.log.filter(l => !l.startsWith('::add-mask::')).join('\n');
    expect(
      leaks(stand.secrets(), [
        ['log', log],
        ['summary', env.summary()]
      ])
    ).toEqual([]);
  });

  it("never deletes a cluster that does not carry this run's tag", async () => {
    const state = provisioned('always', 'someone-else');
    postStep(keys(), { cleanup: [{ type: 'ack-cluster', state }], outcome: 'success' });
    await runPost(handlers());
    expect(stand.ack.calls('DeleteCluster')).toEqual([]);
    expect(warnings().join('\n')).toContain(`refusing to delete cluster ${state.clusterId}`);
    expect(process.exitCode ?? 0).toBe(0);
  });
});

describe('post step: best effort over every registered task', () => {
  it('one failing cleanup is a warning; the others still run, newest first, and the job is not failed', async () => {
    const state = provisioned('always');
    postStep(keys(), { cleanup: [], outcome: 'failure' });
    const kubeconfig = join(env.runnerTemp, 'ai-conformance-kubeconfig-x.yaml');
    writeFileSync(kubeconfig, 'secret', { mode: 0o600 });
    const order: string[] = [];
    process.env['STATE_cleanup'] = JSON.stringify([
      { type: 'ack-cluster', state },
      { type: 'kubeconfig-file', path: kubeconfig },
      { type: 'run-objects', namespace: 'ai-conformance-run-1' }
    ]);
    // The ACK API refuses the delete; a later stage's handler for its own task type runs too.
    stand.ack.denied.add('DeleteCluster');
    await runPost({
      ...handlers(),
      'run-objects': async task => {
        const { namespace } = task as { namespace?: string };
        order.push(`run-objects ${namespace}`);
        return `deleted namespace ${namespace}`;
      }
    });
    expect(order).toEqual(['run-objects ai-conformance-run-1']);
    expect(existsSync(kubeconfig)).toBe(false);
    expect(env.log.filter(l => l.startsWith('cleanup: '))).toEqual([
      'cleanup: deleted namespace ai-conformance-run-1',
      'cleanup: deleted the kubeconfig file'
    ]);
    expect(warnings()).toEqual([
      expect.stringMatching(/^::warning::cleanup failed: ack-cluster: .*not allowed to call cs:DeleteCluster/)
    ]);
    expect(stand.ack.clusters.has(state.clusterId)).toBe(true);
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('an unreadable cluster state says what to do instead of failing', async () => {
    postStep(keys(), { cleanup: [{ type: 'ack-cluster', state: { clusterId: 42 } }] });
    await runPost(handlers());
    expect(warnings()).toEqual([
      '::warning::cleanup failed: ack-cluster: the saved ACK cluster state is unreadable; `ai-conformance ack sweep` removes the cluster once it expires'
    ]);
    expect(process.exitCode ?? 0).toBe(0);
  });
});
