/**
 * A scenario booted on a FakeClock for the AI-stack behaviour tests: objects go in through the
 * real HTTPS API (client-node), time moves only when the test advances it, and requests are made
 * from inside the cluster through the simulated network.
 */
import * as k8s from '@kubernetes/client-node';
import { FakeClock } from '../../../src/sim/clock.js';
import { startSimulator, type Simulator } from '../../../src/sim/index.js';
import type { FetchInit } from '../../../src/sim/net/network.js';

export interface Booted {
  sim: Simulator;
  clock: FakeClock;
  kc: k8s.KubeConfig;
  objects: k8s.KubernetesObjectApi;
  core: k8s.CoreV1Api;
  custom: k8s.CustomObjectsApi;
  /** Advances simulated time in steps, letting the API machinery's microtasks run between them. */
  run(ms: number, step?: number): Promise<void>;
  /** Creates objects through the API, in order. */
  apply(...objs: object[]): Promise<void>;
  /** A request made from a pod in `namespace` (status and body text, or the connection error). */
  fetch(namespace: string, url: string, init?: FetchInit): { status: number; body: string } | { error: string };
  /** The container's log, as `kubectl logs` shows it. */
  logs(namespace: string, pod: string, container?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function boot(scenario: string, addons: string[] = [], breaks: string[] = []): Promise<Booted> {
  const clock = new FakeClock();
  const sim = await startSimulator({ scenario, addons, breaks, clock });
  const kc = new k8s.KubeConfig();
  kc.loadFromString(sim.kubeconfig);
  const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const run = async (ms: number, step = 250): Promise<void> => {
    for (let t = 0; t < ms; t += step) {
      clock.advance(Math.min(step, ms - t));
      await new Promise<void>(r => setImmediate(r));
    }
  };
  return {
    sim,
    clock,
    kc,
    objects,
    core,
    custom: kc.makeApiClient(k8s.CustomObjectsApi),
    run,
    async apply(...objs) {
      for (const o of objs) await objects.create(o as k8s.KubernetesObject);
    },
    fetch(namespace, url, init) {
      const res = networkOf(sim).fetch(namespace, url, init);
      return res.ok ? { status: res.response.status, body: res.response.body.toString() } : { error: `${res.error} ${res.host}:${res.port}` };
    },
    async logs(namespace, pod, container) {
      return core.readNamespacedPodLog({ namespace, name: pod, container });
    },
    stop: () => sim.stop()
  };
}

/** The simulator's cluster network (what pods reach). */
export function networkOf(sim: Simulator) {
  const net = sim.network;
  if (!net) throw new Error('the simulator has no cluster network');
  return net;
}

export const ns = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

/** A Deployment of agnhost netexec pods and its Service (port 80 → 8080), as kOps' gateway test deploys them. */
export function netexecApp(namespace: string, name: string, replicas = 1): object[] {
  const labels = { app: name };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'netexec', image: 'registry.k8s.io/e2e-test-images/agnhost:2.39', command: ['/agnhost', 'netexec', '--http-port', '8080'], ports: [{ name: 'http', containerPort: 8080 }] }] }
        }
      }
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels }, spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } }
  ];
}
