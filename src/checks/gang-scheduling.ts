/**
 * gang_scheduling: a gang scheduler installed and running. Recognised: Kueue (by the version its
 * API serves), Volcano, the scheduler-plugins coscheduling plugin (PodGroup, scheduling.x-k8s.io,
 * or the older scheduling.sigs.k8s.io), NVIDIA KAI, the Kubernetes Workload API, and ACK's managed
 * kube-scheduler, which gangs pods labelled pod-group.scheduling.sigs.k8s.io/name (its PodGroup CRD
 * is in the cluster, the scheduler is not, so readiness is the CRD's and the control plane's).
 */
import { compareVersions } from '../catalog/index.js';
import { inspectComponent, solutionName, type ComponentReport, type ComponentSpec } from './components.js';
import { fail, partial, pass } from './finding.js';
import type { Check, CheckContext } from './types.js';

const KUEUE: ComponentSpec = {
  name: 'Kueue',
  group: 'kueue.x-k8s.io',
  crds: ['clusterqueues', 'localqueues', 'resourceflavors', 'workloads'].map(r => `${r}.kueue.x-k8s.io`),
  controller: { kinds: ['Deployment'], name: /^kueue-controller-manager$/, image: /\/kueue(:|@|$)/ }
};

const VOLCANO: ComponentSpec = {
  name: 'Volcano',
  group: 'scheduling.volcano.sh',
  crds: ['podgroups.scheduling.volcano.sh', 'queues.scheduling.volcano.sh', 'jobs.batch.volcano.sh'],
  controller: {
    kinds: ['Deployment'],
    name: /^volcano-(scheduler|controllers|admission)$/,
    image: /volcanosh\/vc-(scheduler|controller-manager|webhook-manager)/
  },
  webhookGroups: ['scheduling.volcano.sh', 'batch.volcano.sh', 'bus.volcano.sh'],
  versionImage: /vc-scheduler/,
  essential: /(^volcano-scheduler$|volcanosh\/vc-scheduler)/
};

const COSCHEDULING: ComponentSpec = {
  name: 'scheduler-plugins coscheduling',
  group: 'scheduling.x-k8s.io',
  crds: ['podgroups.scheduling.x-k8s.io'],
  controller: {
    kinds: ['Deployment'],
    name: /^scheduler-plugins-(scheduler|controller)$/,
    image: /scheduler-plugins\/(kube-scheduler|controller)/
  }
};

const COSCHEDULING_LEGACY: ComponentSpec = {
  ...COSCHEDULING,
  group: 'scheduling.sigs.k8s.io',
  crds: ['podgroups.scheduling.sigs.k8s.io']
};

/** ACK Pro's managed scheduler: no controller in the cluster to read. */
const ACK_COSCHEDULING: ComponentSpec = {
  name: 'ACK coscheduling',
  group: 'scheduling.sigs.k8s.io',
  crds: ['podgroups.scheduling.sigs.k8s.io']
};

const KAI: ComponentSpec = {
  name: 'NVIDIA KAI Scheduler',
  group: 'scheduling.run.ai',
  crds: ['podgroups.scheduling.run.ai', 'queues.scheduling.run.ai'],
  controller: { kinds: ['Deployment'], name: /^kai-scheduler/, image: /kai-scheduler/ }
};

/** Control planes whose kube-scheduler ships the coscheduling plugin, told by /version. */
export function managedCoscheduling(gitVersion: string): boolean {
  return /-aliyun/.test(gitVersion);
}

export const gangScheduling: Check = {
  id: 'gang_scheduling',
  title: 'Gang Scheduling',
  async detect(ctx) {
    const specs = [
      KUEUE,
      VOLCANO,
      COSCHEDULING,
      managedCoscheduling(ctx.cluster.version) ? ACK_COSCHEDULING : COSCHEDULING_LEGACY,
      KAI
    ];
    const [reports, workloadApi] = await Promise.all([
      Promise.all(specs.map(s => inspectComponent(ctx, s))),
      nativeWorkloadApi(ctx)
    ]);
    const present = reports.filter(r => r.health !== 'absent');
    const evidence = present.flatMap(r => r.evidence);
    if (workloadApi)
      evidence.push(
        `scheduling.k8s.io/${workloadApi.version} serves ${workloadApi.resource} (Kubernetes gang scheduling)`
      );

    const ready = present.filter(r => r.health === 'ready');
    if (ready.length > 0) {
      const names = ready.map(r => describeReady(r));
      return pass(
        `${names.join('; ')}`,
        evidence,
        ready.map(r => solutionName(r, servedVersion(r))).join('; ')
      );
    }
    if (workloadApi) {
      return pass(
        `the kube-scheduler gangs pods through the Workload API (scheduling.k8s.io/${workloadApi.version} ${workloadApi.resource})`,
        evidence,
        `Kubernetes Workload API (scheduling.k8s.io/${workloadApi.version})`
      );
    }
    const degraded = present.filter(r => r.health === 'degraded');
    if (degraded.length > 0) {
      const r = degraded[0];
      return partial(
        `${r.spec.name} runs, but ${r.problems.join('; ')}`,
        evidence,
        solutionName(r, servedVersion(r))
      );
    }
    if (present.length > 0) {
      const r = present[0];
      return fail(
        `${r.spec.name} is installed but not working: ${r.problems.join('; ')}`,
        evidence,
        solutionName(r, servedVersion(r))
      );
    }
    return fail(
      'no gang scheduler found (looked for Kueue, Volcano, scheduler-plugins coscheduling, KAI and the Workload API)',
      [
        'kueue.x-k8s.io, scheduling.volcano.sh, scheduling.x-k8s.io, scheduling.sigs.k8s.io, scheduling.run.ai: not served',
        'no kueue-controller-manager, volcano-scheduler, scheduler-plugins or kai-scheduler controller'
      ]
    );
  }
};

function servedVersion(r: ComponentReport): string | undefined {
  return r.served[0] ? `${r.spec.group}/${r.served[0]}` : undefined;
}

function describeReady(r: ComponentReport): string {
  const version = r.version ? ` ${r.version}` : '';
  const api = servedVersion(r);
  const controllers = r.controllers
    .filter(w => w.state.serving)
    .map(w => `${w.namespace}/${w.name} ${w.state.summary}`);
  const hooks =
    r.webhooks.length > 0
      ? `, ${r.webhooks.length} webhook${r.webhooks.length > 1 ? 's' : ''} with ready endpoints`
      : '';
  if (!r.spec.controller) {
    return `${r.spec.name}: the managed kube-scheduler gangs pods labelled pod-group.scheduling.sigs.k8s.io/name and min-available; PodGroup CRD Established (${api ?? 'not served'})`;
  }
  return `${r.spec.name}${version} ready (${api ?? 'API not served'}; ${controllers.join(', ')}${hooks})`;
}

/** The in-tree Workload API: scheduling.k8s.io v1alpha1 workloads (1.35) or v1alpha2 podgroups (1.36+). */
async function nativeWorkloadApi(ctx: CheckContext): Promise<{ version: string; resource: string } | null> {
  if (compareVersions(ctx.conformanceVersion, '1.35') < 0) return null;
  const discovery = await ctx.discovery();
  for (const v of discovery.versions('scheduling.k8s.io')) {
    for (const resource of ['podgroups', 'workloads']) {
      if (discovery.serves('scheduling.k8s.io', v, resource)) return { version: v, resource };
    }
  }
  return null;
}
