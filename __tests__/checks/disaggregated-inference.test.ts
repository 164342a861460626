import { describe, expect, it } from '@jest/globals';
import { deny, detect, failing } from './helpers.js';

const crd = (group: string, kind: string, plural: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${group}` },
  spec: {
    group,
    names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }
      }
    ]
  }
});
const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const deployment = (
  ns: string,
  name: string,
  image: string,
  labels: Record<string, string> = { app: name }
) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns, labels },
  spec: {
    replicas: 1,
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: { containers: [{ name: 'main', image }] } }
  }
});

describe('disaggregated_inference detect', () => {
  it('fails on a bare kind 1.36 cluster', async () => {
    const r = await detect('disaggregated_inference', { scenario: 'kind-1.36' });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      'no disaggregated inference solution found (looked for NVIDIA Dynamo, RoleBasedGroup, KServe LLMInferenceService, llm-d and LeaderWorkerSet)'
    );
  });

  it('passes on ACK 1.36 with RoleBasedGroup installed and running, prefill and decode roles recorded', async () => {
    const r = await detect('disaggregated_inference', {
      scenario: 'ack-gpu-1.36',
      setup: ({ apply }) =>
        apply(
          crd('workloads.x-k8s.io', 'RoleBasedGroup', 'rolebasedgroups'),
          namespace('rbgs-system'),
          deployment(
            'rbgs-system',
            'rbgs-controller-manager',
            'registry-cn-hangzhou.ack.aliyuncs.com/acs/rbgs-controller:v0.4.0'
          ),
          deployment('default', 'qwen-prefill', 'lmsysorg/sglang:v0.5.2', {
            app: 'qwen',
            'rolebasedgroup.workloads.x-k8s.io/role': 'prefill'
          }),
          deployment('default', 'qwen-decode', 'lmsysorg/sglang:v0.5.2', {
            app: 'qwen-d',
            'rolebasedgroup.workloads.x-k8s.io/role': 'decode'
          })
        )
    });
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe(
      'RoleBasedGroup (RBG) v0.4.0 ready (workloads.x-k8s.io/v1alpha1; rbgs-system/rbgs-controller-manager 1/1 ready); prefill and decode workloads run'
    );
  });

  it('passes with llm-d prefill and decode deployments', async () => {
    const r = await detect('disaggregated_inference', {
      scenario: 'kind-1.36',
      setup: ({ apply }) =>
        apply(
          deployment('default', 'ms-prefill', 'ghcr.io/llm-d/llm-d:v0.2.0', {
            app: 'ms-p',
            'llm-d.ai/role': 'prefill'
          }),
          deployment('default', 'ms-decode', 'ghcr.io/llm-d/llm-d:v0.2.0', {
            app: 'ms-d',
            'llm-d.ai/role': 'decode'
          })
        )
    });
    expect(r.verdict).toBe('pass');
    expect(r.solution).toBe('llm-d');
    expect(r.reason).toBe(
      'separate prefill (default/ms-prefill (1/1 ready)) and decode (default/ms-decode (1/1 ready)) workloads run (llm-d)'
    );
  });

  it('is partial with only LeaderWorkerSet, a building block', async () => {
    const r = await detect('disaggregated_inference', {
      scenario: 'kind-1.36',
      setup: ({ apply }) =>
        apply(
          crd('leaderworkerset.x-k8s.io', 'LeaderWorkerSet', 'leaderworkersets'),
          namespace('lws-system'),
          deployment('lws-system', 'lws-controller-manager', 'registry.k8s.io/lws/lws:v0.7.0')
        )
    });
    expect(r.verdict).toBe('partial');
    expect(r.reason).toBe(
      'only LeaderWorkerSet v0.7.0 (multi-node serving) is installed; no disaggregated serving solution (Dynamo, RBG, llm-d, KServe LLMInferenceService) runs'
    );
  });

  it('fails when a solution is installed without its controller', async () => {
    const r = await detect('disaggregated_inference', {
      scenario: 'kind-1.36',
      setup: ({ apply }) => apply(crd('workloads.x-k8s.io', 'RoleBasedGroup', 'rolebasedgroups'))
    });
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe(
      'RoleBasedGroup (RBG) is installed but not working: no RoleBasedGroup (RBG) controller runs in the cluster'
    );
  });

  it('is an error when Deployments cannot be listed', async () => {
    expect(
      (
        await detect('disaggregated_inference', {
          scenario: 'ack-gpu-1.36',
          rbac: deny(['list'], ['deployments'], ['apps'])
        })
      ).verdict
    ).toBe('error');
    expect(
      (
        await detect('disaggregated_inference', {
          scenario: 'ack-gpu-1.36',
          faults: failing(['customresourcedefinitions.apiextensions.k8s.io'], 500)
        })
      ).verdict
    ).toBe('error');
  });
});
