/**
 * disaggregated_inference (1.36+, SHOULD): a disaggregated serving solution (separately scalable
 * prefill and decode) can be installed and run. Recognised: NVIDIA Dynamo, RoleBasedGroup (RBG, the
 * SGLang project's operator that ACK uses for PD disaggregation), KServe's LLMInferenceService, and
 * llm-d (prefill/decode workloads labelled llm-d.ai/role); LeaderWorkerSet alone is a building block
 * (multi-node serving), so it is partial. Running prefill and decode workloads are recorded.
 */
import { findWorkloads } from '../kube/workloads.js';
import { inspectComponent, solutionName, type ComponentReport, type ComponentSpec } from './components.js';
import { fail, listShort, partial, pass } from './finding.js';
import type { Check } from './types.js';

const SOLUTIONS: ComponentSpec[] = [
  {
    name: 'NVIDIA Dynamo',
    group: 'nvidia.com',
    crds: ['dynamographdeployments.nvidia.com'],
    controller: { kinds: ['Deployment'], name: /dynamo-operator/, image: /dynamo.*operator/ }
  },
  {
    name: 'RoleBasedGroup (RBG)',
    group: 'workloads.x-k8s.io',
    crds: ['rolebasedgroups.workloads.x-k8s.io'],
    controller: {
      kinds: ['Deployment'],
      name: /^rbgs?-controller|rolebasedgroup/,
      image: /(rbgs?-controller|rolebasedgroup|\/rbgs?:)/
    }
  },
  {
    name: 'KServe LLMInferenceService',
    group: 'serving.kserve.io',
    crds: ['llminferenceservices.serving.kserve.io'],
    controller: {
      kinds: ['Deployment'],
      name: /^(kserve-controller-manager|llmisvc-controller-manager)$/,
      image: /kserve\/(kserve-controller|llmisvc-controller)/
    },
    presentByCrds: true
  }
];
const LWS: ComponentSpec = {
  name: 'LeaderWorkerSet',
  group: 'leaderworkerset.x-k8s.io',
  crds: ['leaderworkersets.leaderworkerset.x-k8s.io'],
  controller: { kinds: ['Deployment'], name: /^lws-controller-manager$/, image: /\/lws(:|@|$)/ }
};
const ROLE_LABELS = [
  'llm-d.ai/role',
  'role',
  'app.kubernetes.io/component',
  'rolebasedgroup.workloads.x-k8s.io/role'
];

export const disaggregatedInference: Check = {
  id: 'disaggregated_inference',
  title: 'Disaggregated Inference',
  async detect(ctx) {
    const [reports, lws, workloads] = await Promise.all([
      Promise.all(SOLUTIONS.map(s => inspectComponent(ctx, s))),
      inspectComponent(ctx, LWS),
      ctx.workloads()
    ]);
    const present = reports.filter(r => r.health !== 'absent');
    const evidence = [...present.flatMap(r => r.evidence), ...(lws.health !== 'absent' ? lws.evidence : [])];
    // Running phases: workloads labelled prefill or decode.
    const phases = { prefill: [] as string[], decode: [] as string[] };
    for (const w of workloads.all) {
      for (const key of ROLE_LABELS) {
        const v = (w.labels[key] ?? '').toLowerCase();
        if (v === 'prefill' || v === 'decode')
          phases[v].push(`${w.namespace}/${w.name} (${w.state.summary})`);
      }
    }
    const llmd = findWorkloads(workloads, { image: /llm-d/ });
    if (phases.prefill.length || phases.decode.length) {
      evidence.push(
        `prefill workloads: ${listShort(phases.prefill) || 'none'}; decode workloads: ${listShort(phases.decode) || 'none'}`
      );
    }
    const running = phases.prefill.length > 0 && phases.decode.length > 0;

    const ready = present.filter(r => r.health === 'ready');
    if (ready.length > 0) {
      const text = ready.map(r => describe(r)).join('; ');
      return pass(
        `${text}${running ? '; prefill and decode workloads run' : ''}`,
        evidence,
        ready.map(r => solutionName(r)).join('; ')
      );
    }
    if (running && (llmd.length > 0 || lws.health === 'ready')) {
      return pass(
        `separate prefill (${listShort(phases.prefill, 2)}) and decode (${listShort(phases.decode, 2)}) workloads run${llmd.length ? ' (llm-d)' : ''}`,
        evidence,
        llmd.length ? 'llm-d' : solutionName(lws)
      );
    }
    const degraded = present.find(r => r.health === 'degraded');
    if (degraded)
      return partial(
        `${degraded.spec.name} runs, but ${degraded.problems.join('; ')}`,
        evidence,
        solutionName(degraded)
      );
    if (lws.health === 'ready') {
      return partial(
        `only LeaderWorkerSet${lws.version ? ` ${lws.version}` : ''} (multi-node serving) is installed; no disaggregated serving solution (Dynamo, RBG, llm-d, KServe LLMInferenceService) runs`,
        evidence,
        solutionName(lws)
      );
    }
    if (present.length > 0) {
      const r = present[0];
      return fail(
        `${r.spec.name} is installed but not working: ${r.problems.join('; ')}`,
        evidence,
        solutionName(r)
      );
    }
    return fail(
      'no disaggregated inference solution found (looked for NVIDIA Dynamo, RoleBasedGroup, KServe LLMInferenceService, llm-d and LeaderWorkerSet)',
      [
        'nvidia.com dynamographdeployments, workloads.x-k8s.io, serving.kserve.io llminferenceservices, leaderworkerset.x-k8s.io: not served',
        'no workload labelled as a prefill or decode phase'
      ]
    );
  }
};

function describe(r: ComponentReport): string {
  const controllers = r.controllers
    .filter(w => w.state.serving)
    .map(w => `${w.namespace}/${w.name} ${w.state.summary}`)
    .join(', ');
  return `${r.spec.name}${r.version ? ` ${r.version}` : ''} ready (${r.served[0] ? `${r.spec.group}/${r.served[0]}` : 'API'}; ${controllers})`;
}
