/** Shared set-up for the part-1 behaviour tests (Kueue, gangs, HPA, autoscaler, DRA, device isolation). */
import { request } from 'node:https';
import { parse } from 'yaml';
import type { FakeClock } from '../../../src/sim/clock.js';
import {
  resolveControllerSettings,
  type PartialControllerSettings
} from '../../../src/sim/controllers/settings.js';
import { startSimulator, type Simulator } from '../../../src/sim/index.js';
import { expandCrd } from '../../../src/sim/scenario.js';
import type { CrdShorthand } from '../../../src/sim/scenarios/types.js';
import type { KObject, ObjectStore } from '../../../src/sim/store.js';
import { FakeClock as Clock } from '../../../src/sim/clock.js';

/** Controller settings as a scenario part would give them (defaults filled in). */
export function controllers(parts: PartialControllerSettings, breaks: PartialControllerSettings = {}) {
  return resolveControllerSettings([parts], [breaks]);
}

export function createCrds(store: ObjectStore, crds: CrdShorthand[]): void {
  for (const c of crds) store.create(expandCrd(c));
}

export const KUEUE_CRDS: CrdShorthand[] = [
  {
    group: 'kueue.x-k8s.io',
    kind: 'ResourceFlavor',
    plural: 'resourceflavors',
    scope: 'Cluster',
    versions: ['v1beta2', 'v1beta1']
  },
  {
    group: 'kueue.x-k8s.io',
    kind: 'ClusterQueue',
    plural: 'clusterqueues',
    scope: 'Cluster',
    versions: ['v1beta2', 'v1beta1']
  },
  {
    group: 'kueue.x-k8s.io',
    kind: 'LocalQueue',
    plural: 'localqueues',
    scope: 'Namespaced',
    versions: ['v1beta2', 'v1beta1']
  },
  {
    group: 'kueue.x-k8s.io',
    kind: 'Workload',
    plural: 'workloads',
    scope: 'Namespaced',
    versions: ['v1beta2', 'v1beta1']
  }
];

export const VOLCANO_CRDS: CrdShorthand[] = [
  {
    group: 'scheduling.volcano.sh',
    kind: 'PodGroup',
    plural: 'podgroups',
    scope: 'Namespaced',
    versions: ['v1beta1']
  },
  { group: 'scheduling.volcano.sh', kind: 'Queue', plural: 'queues', scope: 'Cluster', versions: ['v1beta1'] }
];

/** A simulator on a FakeClock, and a way to run its time forward with the async work in between. */
export async function startFakeSim(
  scenario: string,
  addons: string[] = [],
  breaks: string[] = []
): Promise<{ sim: Simulator; run: (ms: number, step?: number) => Promise<void> }> {
  const clock = new Clock();
  const sim = await startSimulator({ scenario, addons, breaks, clock });
  const run = async (ms: number, step = 250): Promise<void> => {
    for (let t = 0; t < ms; t += step) {
      (clock as FakeClock).advance(Math.min(step, ms - t));
      for (let i = 0; i < 5; i++) await new Promise<void>(r => setImmediate(r));
    }
  };
  return { sim, run };
}

export function batchJob(
  name: string,
  ns: string,
  opts: {
    queue?: string;
    annotationQueue?: string;
    parallelism: number;
    cpu: string;
    memory: string;
    command?: string;
    suspend?: boolean;
  }
): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: ns,
      ...(opts.queue ? { labels: { 'kueue.x-k8s.io/queue-name': opts.queue } } : {}),
      ...(opts.annotationQueue ? { annotations: { 'kueue.x-k8s.io/queue-name': opts.annotationQueue } } : {})
    },
    spec: {
      parallelism: opts.parallelism,
      completions: opts.parallelism,
      ...(opts.suspend !== undefined ? { suspend: opts.suspend } : {}),
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'c',
              image: 'busybox:1.36',
              command: ['sh', '-c', opts.command ?? 'sleep 5'],
              resources: {
                requests: { cpu: opts.cpu, memory: opts.memory },
                limits: { cpu: opts.cpu, memory: opts.memory }
              }
            }
          ]
        }
      }
    }
  };
}

export const condition = (o: KObject | undefined, type: string): any =>
  (o?.status?.conditions ?? []).find((c: any) => c.type === type);

/** A request to the simulator's API server with its kubeconfig's CA and token (what a check's client sends). */
export function apiRequest(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown
): Promise<{ status: number; text: string; json(): any }> {
  const kc = parse(sim.kubeconfig);
  const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
  const token: string = kc.users[0].user.token;
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (data !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(data));
    }
    const req = request(new URL(path, sim.url), { method, ca, headers, agent: false }, res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}
