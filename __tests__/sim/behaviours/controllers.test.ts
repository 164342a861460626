import { describe, expect, it } from '@jest/globals';
import { BehaviourEngine } from '../../../src/sim/behaviours/engine.js';
import { loadStages, StageError } from '../../../src/sim/behaviours/load.js';
import { makeCluster } from './helpers.js';

describe('DaemonSet, Job, namespace cascade, stages', () => {
  it('runs one DaemonSet pod per matching node and counts them', async () => {
    const c = makeCluster();
    c.node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
    c.node('w1');
    c.node('w2');
    c.store.create({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent:1' }] } } }
    });
    await c.run(5000);
    const ds = c.store.get('apps', 'daemonsets', 'default', 'agent')!;
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, numberAvailable: 2 });
    expect(c.store.list('', 'pods').map(p => p.spec.nodeName).sort()).toEqual(['w1', 'w2']);
  });

  it('completes a Job after its completions succeed, and fails one past its backoff limit', async () => {
    const c = makeCluster();
    c.node('w1');
    const job = (name: string, cmd: string, extra: Record<string, unknown> = {}) =>
      c.store.create({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name, namespace: 'default' },
        spec: { ...extra, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', cmd] }] } } }
      });
    job('ok', 'sleep 5', { completions: 3, parallelism: 3 });
    job('bad', 'exit 2', { backoffLimit: 1 });
    await c.run(4000);
    expect(c.store.get('batch', 'jobs', 'default', 'ok')!.status).toMatchObject({ active: 3 });
    await c.run(10_000);
    const ok = c.store.get('batch', 'jobs', 'default', 'ok')!;
    expect(ok.status).toMatchObject({ succeeded: 3 });
    expect(ok.status.conditions.map((x: any) => `${x.type}=${x.status}`)).toEqual(['SuccessCriteriaMet=True', 'Complete=True']);
    const bad = c.store.get('batch', 'jobs', 'default', 'bad')!;
    expect(bad.status.failed).toBe(2);
    expect(bad.status.conditions.find((x: any) => x.type === 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded' });
    expect(c.store.list('', 'pods').filter(p => p.metadata.name!.startsWith('bad-'))).toHaveLength(2);
  });

  it('deletes a namespace after its content, then lifts the kubernetes finalizer', async () => {
    const c = makeCluster();
    c.node('w1');
    c.ns('team');
    c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'team' } });
    c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'team', finalizers: ['example.com/hold'] } });
    c.store.delete('', 'namespaces', undefined, 'team');
    await c.run(500);
    const ns = c.store.get('', 'namespaces', undefined, 'team')!;
    expect(ns.status.phase).toBe('Terminating');
    expect(ns.status.conditions.find((x: any) => x.type === 'NamespaceContentRemaining')).toMatchObject({ status: 'True' });
    expect(c.store.get('', 'configmaps', 'team', 'cm')).toBeUndefined();
    const held = c.store.get('', 'configmaps', 'team', 'held')!;
    c.store.update({ ...held, metadata: { ...held.metadata, finalizers: [] } });
    await c.run(2000);
    expect(c.store.get('', 'namespaces', undefined, 'team')).toBeUndefined();
  });

  it('chains stages: each selector matches what the previous one wrote', () => {
    const c = makeCluster();
    const stages = loadStages(
      `apiVersion: sim.ai-conformance.dev/v1alpha1
kind: Stage
metadata: {name: one}
spec:
  resourceRef: {kind: ConfigMap}
  selector: {matchExpressions: [{key: .data.step, operator: DoesNotExist}]}
  delay: 1s
  steps: [{patch: {data: {step: "1"}}}]
---
apiVersion: sim.ai-conformance.dev/v1alpha1
kind: Stage
metadata: {name: two}
spec:
  resourceRef: {kind: ConfigMap}
  selector: {matchExpressions: [{key: .data.step, operator: In, values: ["1"]}]}
  delay: 2s
  steps:
  - patch: {data: {step: "2", name: "{{ .metadata.name }}"}}
  - event: {type: Normal, reason: Stepped, message: "{{ .metadata.name }} reached two"}
`,
      'test'
    );
    const engine = new BehaviourEngine(c.store, c.clock, c.ctx.events);
    engine.setStages(stages);
    engine.start();
    c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } });
    c.clock.advance(999);
    expect(c.store.get('', 'configmaps', 'default', 'x')!.data).toBeUndefined();
    c.clock.advance(1);
    expect(c.store.get('', 'configmaps', 'default', 'x')!.data).toEqual({ step: '1' });
    c.clock.advance(2000);
    expect(c.store.get('', 'configmaps', 'default', 'x')!.data).toEqual({ step: '2', name: 'x' });
    expect(c.events('x')).toEqual(['Normal Stepped: x reached two']);
    engine.stop();
  });

  it('rejects malformed stage files naming the stage and the path', () => {
    expect(() =>
      loadStages('apiVersion: sim.ai-conformance.dev/v1alpha1\nkind: Stage\nmetadata: {name: s}\nspec: {resourceRef: {kind: Pod}, delay: soon, steps: [{patch: {}}]}', 'f.yaml')
    ).toThrow(new StageError('f.yaml: document 1 (stage s): spec.delay: expected a duration like "500ms", "2s" or "1m", got "soon"'));
    expect(() =>
      loadStages('apiVersion: sim.ai-conformance.dev/v1alpha1\nkind: Stage\nmetadata: {name: s}\nspec: {resourceRef: {kind: Pod}, steps: [{explode: true}]}', 'f.yaml')
    ).toThrow(/spec.steps\[0\]: a step has exactly one of patchStatus, patch/);
  });
});
