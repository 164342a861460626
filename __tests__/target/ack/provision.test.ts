import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import {
  parseAckOptions,
  parseState,
  serializeState,
  teardownFromState,
  withAckCluster,
  type AckOptions,
  type AckState,
  type RunOutcome
} from '../../../src/target/ack/index.js';
import { AckError } from '../../../src/target/ack/errors.js';
import type { AckInputName } from '../../../src/target/ack/inputs.js';
import { findLeaks, REGION, startStand, type Stand } from './stand.js';

const RUN = '98765-1';

let stand: Stand;
let saved: string[];
let outcomes: RunOutcome[];
const errors: string[] = [];

beforeEach(async () => {
  stand = await startStand();
  saved = [];
  outcomes = [];
});

afterEach(async () => {
  // No credential in a log line, an error, or the state handed to the post step.
  expect(findLeaks(stand.secrets(), [...stand.log, ...errors, ...saved])).toEqual([]);
  errors.length = 0;
  await stand.stop();
});

function inputs(
  over: Partial<Record<AckInputName, string>> = {},
  conformanceVersion: string | null = '1.34'
): AckOptions {
  const values: Partial<Record<AckInputName, string>> = {
    'ack-provision': 'true',
    'alibaba-cloud-region': REGION,
    'alibaba-cloud-access-key-id': stand.key.id,
    'alibaba-cloud-access-key-secret': stand.key.secret,
    'ack-max-lifetime-minutes': '180',
    'ack-cluster-spec': '{"vpcid": "vpc-bp1abc", "vswitch_ids": ["vsw-bp1one"]}',
    ...over
  };
  return parseAckOptions(name => values[name] ?? '', { conformanceVersion })!;
}

function deps(over: Record<string, unknown> = {}) {
  return {
    ...stand.deps,
    runId: RUN,
    onCreated: (s: AckState) => {
      saved.push(serializeState(s));
    },
    onOutcome: (o: RunOutcome) => {
      outcomes.push(o);
    },
    ...over
  };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    errors.push((e as Error).message);
    return e as Error;
  }
  throw new Error('expected a failure');
}

const passingSuite = async (conn: { kubeconfig: string }) => {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(conn.kubeconfig);
  return { value: kc.getCurrentContext(), outcome: 'success' as const };
};

describe('provision → suite → teardown', () => {
  it('creates a tagged managed Pro GPU cluster, waits for it, runs the suite on it and deletes it', async () => {
    const start = stand.time.now();
    let tasksPolledBeforeSave = -1;
    const result = await withAckCluster(
      inputs({ 'ack-gpu-instance-type': 'ecs.gn7i-c16g1.4xlarge', 'ack-gpu-count': '2' }),
      deps({
        onCreated: (s: AckState) => {
          tasksPolledBeforeSave = stand.ack.calls('DescribeTaskInfo').length;
          saved.push(serializeState(s));
        }
      }),
      passingSuite
    );

    const [create] = stand.ack.calls('CreateCluster');
    const body = create.body as Record<string, any>;
    expect(body).toMatchObject({
      name: `ai-conformance-${RUN}`,
      cluster_type: 'ManagedKubernetes',
      profile: 'Default',
      cluster_spec: 'ack.pro.small',
      region_id: REGION,
      kubernetes_version: '1.34.3-aliyun.1',
      vpcid: 'vpc-bp1abc',
      vswitch_ids: ['vsw-bp1one'],
      endpoint_public_access: true,
      deletion_protection: false
    });
    expect(body.nodepools).toEqual([
      {
        nodepool_info: { name: 'gpu' },
        scaling_group: {
          instance_types: ['ecs.gn7i-c16g1.4xlarge'],
          desired_size: 2,
          instance_charge_type: 'PostPaid',
          system_disk_category: 'cloud_essd',
          system_disk_size: 120,
          vswitch_ids: ['vsw-bp1one']
        }
      }
    ]);
    const expiresAt = new Date(start + 180 * 60_000).toISOString();
    expect(body.tags).toEqual([
      { key: 'ai-conformance/run-id', value: RUN },
      { key: 'ai-conformance/expires-at', value: expiresAt }
    ]);
    expect(stand.ack.calls('DescribeKubernetesVersionMetadata')[0].query).toMatchObject({
      Region: REGION,
      ClusterType: 'ManagedKubernetes',
      Mode: 'creatable'
    });

    // The post step learns the cluster id before any waiting.
    expect(tasksPolledBeforeSave).toBe(0);
    const state = parseState(saved[0])!;
    expect(state).toEqual({
      version: 1,
      clusterId: expect.stringMatching(/^c/),
      region: REGION,
      runId: RUN,
      teardown: 'always',
      expiresAt
    });

    expect(result.value).toBe(`ack-${state.clusterId}`);
    expect(outcomes).toEqual(['success']);
    expect(result.teardown).toEqual({ action: 'deleted', clusterId: state.clusterId });
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(1);
    expect(stand.ack.clusters.has(state.clusterId)).toBe(false);

    const id = state.clusterId;
    expect(stand.log).toEqual(
      expect.arrayContaining([
        `ACK: creating cluster ai-conformance-${RUN} (${id}) in ${REGION}: ack.pro.small, Kubernetes 1.34.3-aliyun.1, node pools 2 × ecs.gn7i-c16g1.4xlarge; expires at ${expiresAt}`,
        `ACK: ${id} cluster initial, task running (CreateControlPlane), 0m20s elapsed`,
        `ACK: ${id} cluster initial, task running (CreateNodePool), 6m00s elapsed`,
        `ACK: cluster ${id} is running (Kubernetes 1.34.3-aliyun.1) after 12m00s`,
        expect.stringMatching(new RegExp(`^ACK: deleting cluster ${id} \\(run success, task T-\\w+\\)$`)),
        expect.stringMatching(new RegExp(`^ACK: cluster ${id} deleted after \\d+s$`))
      ])
    );
    // A line per change and a heartbeat every 5 minutes, not a line per poll (36 polls here).
    expect(
      stand.ack
        .calls('DescribeTaskInfo')
        .filter(c => stand.ack.tasks.get(c.path.split('/')[2])?.task_type === 'cluster_create')
    ).toHaveLength(36);
    expect(stand.log.filter(l => l.includes('task running (CreateControlPlane)'))).toEqual([
      `ACK: ${id} cluster initial, task running (CreateControlPlane), 0m20s elapsed`,
      `ACK: ${id} cluster initial, task running (CreateControlPlane), 5m20s elapsed`
    ]);
  });

  it('uses a full cluster spec as given: its version, node pools and tags, plus the run tags', async () => {
    const spec = {
      name: 'nightly-gpu',
      cluster_type: 'ManagedKubernetes',
      cluster_spec: 'ack.pro.small',
      kubernetes_version: '1.33.3-aliyun.1',
      vpcid: 'vpc-x',
      vswitch_ids: ['vsw-a', 'vsw-b'],
      tags: [
        { key: 'team', value: 'ml-platform' },
        { key: 'ai-conformance/run-id', value: 'stale' }
      ],
      nodepools: [
        {
          nodepool_info: { name: 'a10' },
          scaling_group: {
            instance_types: ['ecs.gn7i-c8g1.2xlarge'],
            desired_size: 1,
            vswitch_ids: ['vsw-a']
          }
        }
      ],
      some_future_field: { kept: true }
    };
    await withAckCluster(inputs({ 'ack-cluster-spec': JSON.stringify(spec) }), deps(), passingSuite);
    const body = stand.ack.calls('CreateCluster')[0].body as Record<string, any>;
    expect(body.name).toBe('nightly-gpu');
    expect(body.kubernetes_version).toBe('1.33.3-aliyun.1');
    expect(body.nodepools).toEqual(spec.nodepools);
    expect(body.some_future_field).toEqual({ kept: true });
    expect(body.tags.map((t: { key: string }) => t.key)).toEqual([
      'team',
      'ai-conformance/run-id',
      'ai-conformance/expires-at'
    ]);
    expect(body.tags[1].value).toBe(RUN);
    expect(stand.ack.calls('DescribeKubernetesVersionMetadata')).toHaveLength(0);
  });

  it('takes the spec as YAML too', async () => {
    await withAckCluster(
      inputs({
        'ack-cluster-spec': 'vpcid: vpc-yaml\nvswitch_ids:\n  - vsw-yaml\ncluster_spec: ack.pro.xlarge\n'
      }),
      deps(),
      passingSuite
    );
    expect(stand.ack.calls('CreateCluster')[0].body).toMatchObject({
      vpcid: 'vpc-yaml',
      cluster_spec: 'ack.pro.xlarge'
    });
  });

  it('asks ACK for its newest version when no conformance version is given', async () => {
    await withAckCluster(inputs({}, null), deps(), passingSuite);
    expect(
      (stand.ack.calls('CreateCluster')[0].body as Record<string, unknown>).kubernetes_version
    ).toBeUndefined();
    expect(stand.ack.calls('DescribeKubernetesVersionMetadata')).toHaveLength(0);
  });

  it('says which Kubernetes minors the region offers when the conformance version cannot be created', async () => {
    const e = await rejection(withAckCluster(inputs({}, '1.37'), deps(), passingSuite));
    expect(e.message).toBe(
      'input "conformance-version" 1.37: ACK cannot create a Kubernetes 1.37 cluster in cn-hangzhou (it offers 1.33, 1.34, 1.35); pick one of those, or set "kubernetes_version" in input "ack-cluster-spec"'
    );
    expect(stand.ack.calls('CreateCluster')).toHaveLength(0);
  });
});

describe('a cluster that fails to start', () => {
  it('shows the task error and still tears the cluster down', async () => {
    stand.ack.createOutcome = {
      outcome: 'failed',
      failure: {
        code: 'InstanceTypeNotAvailable',
        message: 'ecs.gn7i-c8g1.2xlarge is sold out in cn-hangzhou-k'
      }
    };
    let suiteRan = false;
    const e = await rejection(
      withAckCluster(inputs(), deps(), async () => {
        suiteRan = true;
        return { value: null, outcome: 'success' };
      })
    );
    const id = parseState(saved[0])!.clusterId;
    expect(e).toBeInstanceOf(AckError);
    expect(e.message).toMatch(
      new RegExp(
        `^ACK cluster ${id} failed to start: ecs\\.gn7i-c8g1\\.2xlarge is sold out in cn-hangzhou-k \\(teardown follows input "ack-teardown"; the task is T-`
      )
    );
    expect(suiteRan).toBe(false);
    expect(outcomes).toEqual(['failure']);
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(1);
    expect(stand.ack.clusters.has(id)).toBe(false);
  });

  it('gives up after the provisioning timeout and tears down', async () => {
    const e = await rejection(withAckCluster(inputs(), deps({ timeoutMs: 5 * 60_000 }), passingSuite));
    expect((e as AckError).kind).toBe('timeout');
    expect(e.message).toMatch(
      /is not running after 5m00s \(cluster initial, task running \(CreateControlPlane\)\): see its events in the ACK console/
    );
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(1);
  });

  it('reports an exhausted quota without creating anything to tear down', async () => {
    stand.ack.clusterQuota = 0;
    const e = await rejection(withAckCluster(inputs(), deps(), passingSuite));
    expect((e as AckError).kind).toBe('quota');
    expect(e.message).toMatch(
      /^quota exhausted for cs:CreateCluster \(QuotaExceeded\.Cluster: The number of clusters in the region has reached the quota \(0\)\.\): raise the quota in the Alibaba Cloud Quota Center or delete unused clusters \(`ai-conformance ack sweep --region cn-hangzhou` removes expired test clusters\)/
    );
    expect(saved).toEqual([]);
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(0);
  });

  it('retries a throttled CreateCluster but never repeats one that may have gone through', async () => {
    stand.ack.fault('CreateCluster', { status: 429, code: 'Throttling.User', message: 'flow control' });
    await withAckCluster(inputs(), deps(), passingSuite);
    expect(stand.ack.calls('CreateCluster').map(c => c.status)).toEqual([429, 200]);

    stand.ack.fault('CreateCluster', { status: 500, code: 'InternalError', message: 'oops' });
    const e = await rejection(withAckCluster(inputs(), deps(), passingSuite));
    expect(e.message).toMatch(/^ACK CreateCluster failed \(InternalError, HTTP 500\): oops/);
    expect(stand.ack.calls('CreateCluster').map(c => c.status)).toEqual([429, 200, 500]);
  });

  it('names the RAM action CreateCluster when provisioning is not allowed', async () => {
    stand.ack.denied.add('CreateCluster');
    const e = await rejection(withAckCluster(inputs(), deps(), passingSuite));
    expect(e.message).toMatch(
      /is not allowed to call cs:CreateCluster \(Forbidden\.RAM\): grant the RAM action "cs:CreateCluster"/
    );
  });
});

describe('teardown policies and outcomes', () => {
  it('tears down after a suite that throws, and the error still surfaces', async () => {
    const e = await rejection(
      withAckCluster(inputs(), deps(), async () => {
        throw new Error('suite exploded');
      })
    );
    expect(e.message).toBe('suite exploded');
    expect(outcomes).toEqual(['failure']);
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(1);
  });

  it('on-success keeps the cluster of a failed run for inspection and says how it will go', async () => {
    const result = await withAckCluster(inputs({ 'ack-teardown': 'on-success' }), deps(), async () => ({
      value: 'verdicts',
      outcome: 'failure'
    }));
    const state = parseState(saved[0])!;
    expect(result.teardown).toEqual({ action: 'kept', clusterId: state.clusterId });
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(0);
    expect(stand.log).toContain(
      `ACK: keeping cluster ${state.clusterId} (ack-teardown: on-success, run failure); \`ai-conformance ack sweep --region ${REGION}\` deletes it after ${state.expiresAt}`
    );
  });

  it('on-success deletes after a successful run; never keeps it', async () => {
    await withAckCluster(inputs({ 'ack-teardown': 'on-success' }), deps(), passingSuite);
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(1);
    const kept = await withAckCluster(inputs({ 'ack-teardown': 'never' }), deps(), passingSuite);
    expect(kept.teardown?.action).toBe('kept');
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(1);
  });

  it('after a cancel while the cluster starts: requests the delete at once, and the post step sees it gone', async () => {
    const controller = new AbortController();
    stand.time.onSleep = now => {
      if (stand.ack.calls('DescribeTaskInfo').length >= 3)
        controller.abort(new Error('The operation was canceled.'));
      void now;
    };
    const e = await rejection(withAckCluster(inputs(), deps({ signal: controller.signal }), passingSuite));
    stand.time.onSleep = undefined;
    expect((e as AckError).kind).toBe('cancelled');
    expect(e.message).toMatch(/^cancelled while waiting for ACK cluster c\w+ to start$/);
    expect(outcomes).toEqual(['cancelled']);
    const id = parseState(saved[0])!.clusterId;
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(1);
    expect(stand.ack.clusters.get(id)?.state).toBe('deleting');

    // The post step: same inputs, the saved state; waits until ACK has removed the cluster.
    const post = await teardownFromState(saved[0], {
      ...stand.deps,
      credentials: inputs().credentials,
      pollIntervalMs: 30_000
    });
    expect(post).toEqual({ action: 'deleted', clusterId: id });
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(1);
    expect(stand.ack.clusters.has(id)).toBe(false);
  });

  it('after a cancel during the suite: the cluster is deleted', async () => {
    const controller = new AbortController();
    await rejection(
      withAckCluster(inputs(), deps({ signal: controller.signal }), async () => {
        controller.abort(new Error('cancelled'));
        throw new Error('suite stopped: cancelled');
      })
    );
    expect(outcomes).toEqual(['cancelled']);
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(1);
  });

  it('the post step tears down after a crash of the main step (no outcome saved): cancelled counts as not successful', async () => {
    // The main step saved the state, then died before the suite ended.
    const options = inputs({ 'ack-teardown': 'on-success' });
    await rejection(
      withAckCluster(options, deps({ onOutcome: undefined }), async () => {
        throw new Error('main step killed');
      })
    );
    const state = parseState(saved[0])!;
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(0); // on-success: a failed run is kept
    const post = await teardownFromState(saved[0], { ...stand.deps, credentials: options.credentials });
    expect(post).toEqual({ action: 'kept', clusterId: state.clusterId });
    const always = await teardownFromState(
      { ...state, teardown: 'always' },
      { ...stand.deps, credentials: options.credentials }
    );
    expect(always).toEqual({ action: 'deleted', clusterId: state.clusterId });
  });

  it('is idempotent: a second teardown finds the cluster gone and deletes nothing', async () => {
    await withAckCluster(inputs(), deps(), passingSuite);
    const again = await teardownFromState(saved[0], {
      ...stand.deps,
      credentials: inputs().credentials,
      outcome: 'success'
    });
    expect(again?.action).toBe('already-gone');
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(1);
    expect(await teardownFromState('', { ...stand.deps, credentials: inputs().credentials })).toBeNull();
  });

  it("refuses to delete a cluster that does not carry this run's tag", async () => {
    stand.ack.addCluster({
      cluster_id: 'cprecious000000',
      tags: [{ key: 'ai-conformance/run-id', value: 'someone-else' }]
    });
    const state: AckState = {
      version: 1,
      clusterId: 'cprecious000000',
      region: REGION,
      runId: RUN,
      teardown: 'always',
      expiresAt: '2026-03-01T05:00:00.000Z'
    };
    const e = await rejection(
      teardownFromState(serializeState(state), { ...stand.deps, credentials: inputs().credentials })
    );
    expect(e.message).toBe(
      'ACK: refusing to delete cluster cprecious000000: its ai-conformance/run-id tag is "someone-else", not this run\'s "98765-1"'
    );
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(0);
  });

  it('stops waiting for a slow delete after its bound and says ACK keeps deleting', async () => {
    const result = await withAckCluster(inputs(), deps({ deleteTimeoutMs: 60_000 }), passingSuite);
    expect(result.teardown?.action).toBe('deleting');
    expect(stand.log.at(-1)).toMatch(
      /^ACK: cluster c\w+ is still deleting after 1 minutes; ACK keeps deleting it, and the sweep removes it if it stays$/
    );
  });

  it('warns when the main step cannot delete, and the post step deletes it later', async () => {
    stand.ack.denied.add('DeleteCluster');
    const warnings: string[] = [];
    const result = await withAckCluster(
      inputs(),
      deps({ warn: (l: string) => warnings.push(l) }),
      passingSuite
    );
    const state = parseState(saved[0])!;
    expect(result.teardown).toBeNull();
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^ACK: teardown of cluster ${state.clusterId} failed, the post step tries again: .* is not allowed to call cs:DeleteCluster \\(Forbidden\\.RAM\\)`
        )
      )
    ]);
    stand.ack.denied.clear();
    const post = await teardownFromState(saved[0], {
      ...stand.deps,
      credentials: inputs().credentials,
      outcome: 'success'
    });
    expect(post?.action).toBe('deleted');
  });

  it('provisionAck provisions and connects, and leaves teardown to the caller', async () => {
    const { provisionAck } = await import('../../../src/target/ack/index.js');
    const { cluster, connection } = await provisionAck(inputs(), deps());
    expect(connection.clusterId).toBe(cluster.clusterId);
    expect(connection.kubeconfig).toContain('kind: Config');
    expect(stand.ack.clusters.get(cluster.clusterId)?.state).toBe('running');
    expect(stand.ack.calls('DeleteCluster')).toHaveLength(0);
  });

  it('keeps the outcome saved by the main step for the post step', async () => {
    const state = { ...(await provisionOnly()), outcome: 'success' as const };
    const post = await teardownFromState(JSON.stringify({ ...state, teardown: 'on-success' }), {
      ...stand.deps,
      credentials: inputs().credentials
    });
    expect(post?.action).toBe('deleted');
  });
});

/** Provisions through withAckCluster with teardown "never" and returns the saved state. */
async function provisionOnly(): Promise<AckState> {
  await withAckCluster(inputs({ 'ack-teardown': 'never' }), deps(), passingSuite);
  return parseState(saved.at(-1))!;
}
