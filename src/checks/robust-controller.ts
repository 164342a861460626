/**
 * robust_controller: at least one complex AI operator with CRDs whose pods run and whose webhooks
 * are operational. Recognised: KubeRay, Kubeflow Trainer (v2), the Kubeflow training-operator (v1),
 * KServe and NVIDIA Dynamo. "Operational" webhooks have a Service with ready endpoints and a CA
 * bundle; configured webhooks without them make the result partial (the operator runs, but its
 * admission calls fail). An operator with no webhooks configured (KubeRay's default chart) passes on
 * its CRDs and controller, and the reason says so. Reconciliation is proven by the functional depth.
 */
import { inspectComponent, solutionName, type ComponentReport, type ComponentSpec } from './components.js';
import { fail, partial, pass } from './finding.js';
import type { Check } from './types.js';

export const OPERATORS: ComponentSpec[] = [
  {
    name: 'KubeRay',
    group: 'ray.io',
    crds: ['rayclusters.ray.io', 'rayjobs.ray.io', 'rayservices.ray.io'],
    controller: { kinds: ['Deployment'], name: /^kuberay-operator$/, image: /kuberay\/operator/ }
  },
  {
    name: 'Kubeflow Trainer',
    group: 'trainer.kubeflow.org',
    crds: ['trainjobs', 'trainingruntimes', 'clustertrainingruntimes'].map(r => `${r}.trainer.kubeflow.org`),
    controller: {
      kinds: ['Deployment'],
      name: /^kubeflow-trainer-controller-manager$/,
      image: /trainer-controller-manager/
    }
  },
  {
    name: 'Kubeflow training-operator',
    group: 'kubeflow.org',
    crds: ['pytorchjobs.kubeflow.org'],
    controller: { kinds: ['Deployment'], name: /^training-operator$/, image: /kubeflow\/training-operator/ }
  },
  {
    name: 'KServe',
    group: 'serving.kserve.io',
    crds: ['inferenceservices.serving.kserve.io', 'servingruntimes.serving.kserve.io'],
    controller: {
      kinds: ['Deployment'],
      name: /^kserve-controller-manager$/,
      image: /kserve\/kserve-controller/
    }
  },
  {
    name: 'NVIDIA Dynamo',
    group: 'nvidia.com',
    crds: ['dynamographdeployments.nvidia.com'],
    controller: { kinds: ['Deployment'], name: /dynamo-operator/, image: /dynamo.*operator/ }
  }
];

export const robustController: Check = {
  id: 'robust_controller',
  title: 'Robust Controller',
  async detect(ctx) {
    const reports = await Promise.all(OPERATORS.map(spec => inspectComponent(ctx, spec)));
    const present = reports.filter(r => r.health !== 'absent');
    const evidence = present.flatMap(r => r.evidence);
    const ready = present.filter(r => r.health === 'ready');
    if (ready.length > 0) {
      // Prefer one that proves operational webhooks.
      const withHooks = ready.filter(r => r.webhooks.length > 0);
      const text = [...withHooks, ...ready.filter(r => r.webhooks.length === 0)].map(describeReady);
      return pass(text.join('; '), evidence, ready.map(r => solutionName(r)).join('; '));
    }
    const degraded = present.find(r => r.health === 'degraded');
    if (degraded) {
      return partial(
        `${degraded.spec.name}${degraded.version ? ` ${degraded.version}` : ''} runs, but ${degraded.problems.join('; ')}`,
        evidence,
        solutionName(degraded)
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
    return fail(`no AI operator found (looked for ${OPERATORS.map(o => o.name).join(', ')})`, [
      `${OPERATORS.map(o => o.group).join(', ')}: not served`,
      'no kuberay-operator, kubeflow-trainer-controller-manager, training-operator, kserve-controller-manager or dynamo operator'
    ]);
  }
};

function describeReady(r: ComponentReport): string {
  const crds = [...r.crds.values()].filter(Boolean).length;
  const controllers = r.controllers
    .filter(w => w.state.serving)
    .map(w => `${w.namespace}/${w.name} ${w.state.summary}`)
    .join(', ');
  const hooks =
    r.webhooks.length > 0
      ? `${r.webhooks.length} webhook${r.webhooks.length > 1 ? 's' : ''} with ready endpoints`
      : 'no admission webhooks configured';
  return `${r.spec.name}${r.version ? ` ${r.version}` : ''} ready: ${crds} CRDs Established, ${controllers}, ${hooks}`;
}
