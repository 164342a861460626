/**
 * startSimulator: a scenario (base cluster + add-ons + breaks) loaded into a store, the simulated
 * cluster components started on it, settled, and served over HTTPS by the API server.
 */
import { EventRecorder } from './behaviours/events.js';
import { CORE_STAGES } from './behaviours/defaults/core.js';
import { loadStages } from './behaviours/load.js';
import { registerBuiltinTypes } from './builtin-types.js';
import { realClock, type Clock } from './clock.js';
import { BootClock } from './controllers/boot-clock.js';
import { createContext, defaultRuntime } from './controllers/context.js';
import { startCluster } from './controllers/index.js';
import { templateFunctions } from './controllers/template-functions.js';
import { makeHooks } from './handlers/index.js';
import type { ClusterNetwork } from './net/network.js';
import { GPU_MODELS, Hardware } from './pods/hardware.js';
import { composeScenario, expandCrd, ScenarioError, type ComposedScenario } from './scenario.js';
import { startApiServer, type ApiServerOptions } from './server.js';
import type { KObject, ObjectStore } from './store.js';
import { ObjectStore as Store } from './store.js';

export interface SimulatorOptions {
  scenario: string;
  addons?: string[];
  breaks?: string[];
  /** A FakeClock (tests): the boot advances it until the scenario has settled. Default: real time. */
  clock?: Clock & { advance?: (ms: number) => void };
  faults?: ApiServerOptions['faults'];
  rbac?: ApiServerOptions['rbac'];
  kubeconfigPath?: string;
  port?: number;
  /** Extra generated nodes (and running pods on them) for scale tests. */
  scale?: { nodes?: number; podsPerNode?: number };
}

export interface Simulator {
  url: string;
  kubeconfig: string;
  kubeconfigPath?: string;
  store: ObjectStore;
  clock: Clock;
  scenario: ComposedScenario;
  /** Problems simulated components reported (empty when all is well). */
  warnings: string[];
  /** The cluster network: what pods, Services and gateways answer from inside the cluster. */
  network?: ClusterNetwork;
  stop(): Promise<void>;
}

/** Virtual time the boot runs so controllers, scheduler and kubelet reach steady state. */
const SETTLE_MS = 120_000;

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const composed = composeScenario(opts.scenario, opts.addons ?? [], opts.breaks ?? []);
  const live = opts.clock ?? realClock;
  const boot = opts.clock?.advance ? undefined : new BootClock(live.now() - SETTLE_MS);
  const clock: Clock = boot ?? live;
  const store = new Store(clock);
  registerBuiltinTypes(store, composed.minor);
  const events = new EventRecorder(store, clock);
  const hardware = new Hardware();
  for (const g of composed.gpus) {
    const model = GPU_MODELS[g.model];
    if (!model) throw new ScenarioError(`GPU model "${g.model}" is not simulated: choose one of ${Object.keys(GPU_MODELS).join(', ')}`);
    const installed = g.driverVersion ? { ...model, driverVersion: g.driverVersion, cudaDriverVersion: g.cudaVersion ?? model.cudaDriverVersion } : model;
    for (const n of g.nodes) hardware.setGpus(n, installed, g.count, g.mig);
  }
  const warnings: string[] = [];
  const ctx = createContext({
    store,
    clock,
    events,
    hardware,
    minor: composed.minor,
    rules: composed.rules,
    devicePlugins: composed.devicePlugins,
    draDrivers: composed.draDrivers,
    runtime: { ...defaultRuntime(), ...composed.runtime },
    controllers: composed.controllers,
    nodeGroups: composed.nodeGroups,
    handlers: composed.handlers,
    warn: m => warnings.push(m)
  });
  const stages = [...loadStages(CORE_STAGES, 'core stages', Object.keys(templateFunctions())), ...composed.stages];
  const cluster = startCluster(ctx, stages);
  loadObjects(store, composed);
  if (opts.scale) generateScale(store, composed, opts.scale);
  if (boot) {
    await settle(ms => boot.advance(ms), SETTLE_MS);
    boot.goLive(live);
  } else {
    await settle(ms => opts.clock!.advance!(ms), SETTLE_MS);
  }
  const hooks = makeHooks(ctx, cluster.kubelet, composed.handlers);
  // The HPA controller reads custom/external metrics through the same aggregation hooks.
  cluster.workloads.metrics.aggregated = hooks.aggregated;
  const server = await startApiServer({
    store,
    hooks: { ...hooks, admission: [...(hooks.admission ?? []), ...cluster.workloads.admission] },
    faults: opts.faults,
    rbac: opts.rbac,
    port: opts.port,
    version: { gitVersion: composed.gitVersion }
  });
  if (opts.kubeconfigPath) server.writeKubeconfig(opts.kubeconfigPath);
  return {
    url: server.url,
    kubeconfig: server.kubeconfig(),
    kubeconfigPath: opts.kubeconfigPath,
    store,
    clock,
    scenario: composed,
    warnings,
    network: ctx.network,
    async stop() {
      cluster.stop();
      await server.close();
    }
  };
}

/** Advances time in steps, letting microtask work (the API machinery's GC, CRD status) run. */
async function settle(advance: (ms: number) => void, total: number): Promise<void> {
  const steps = [0, 0, 10, 100, 500, 1000, 2000, 5000];
  let done = 0;
  for (const s of steps) {
    advance(s);
    done += s;
    await new Promise<void>(r => setImmediate(r));
  }
  while (done < total) {
    advance(10_000);
    done += 10_000;
    await Promise.resolve();
  }
}

function loadObjects(store: ObjectStore, s: ComposedScenario): void {
  for (const c of s.crds) store.create(expandCrd(c));
  const version = s.gitVersion;
  for (const raw of s.objects) {
    const obj: KObject = structuredClone(raw);
    if (obj.kind === 'Node' && obj.status?.nodeInfo && !obj.status.nodeInfo.kubeletVersion) {
      obj.status.nodeInfo = { ...obj.status.nodeInfo, kubeletVersion: version, kubeProxyVersion: version };
    }
    const t = store.typeForKind(obj.apiVersion, obj.kind);
    if (!t) {
      throw new ScenarioError(
        `scenario ${s.name}: ${obj.kind} ${obj.metadata.name} (${obj.apiVersion}) is not served by Kubernetes 1.${s.minor} or any CRD of the scenario`
      );
    }
    if (obj.apiVersion.includes('/') && !t.versions.includes(obj.apiVersion.split('/')[1])) obj.apiVersion = `${t.group}/${t.versions[0]}`;
    const { status, ...rest } = obj;
    const created = store.create(rest as KObject);
    if (status) store.update({ ...created, status: { ...(created.status ?? {}), ...status } }, { subresource: 'status' });
  }
}

/** Ready nodes and running pods created directly in their final state (no controllers involved). */
function generateScale(store: ObjectStore, s: ComposedScenario, scale: { nodes?: number; podsPerNode?: number }): void {
  const nodes = scale.nodes ?? 0;
  const per = scale.podsPerNode ?? 0;
  const now = store.timestamp();
  if (per && !store.get('', 'namespaces', undefined, 'scale')) store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scale' } });
  for (let i = 0; i < nodes; i++) {
    const name = `sim-node-${String(i).padStart(5, '0')}`;
    const ip = `10.${100 + Math.floor(i / 65025)}.${Math.floor(i / 255) % 255}.${(i % 255) + 1}`;
    const node = store.create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } },
      spec: { podCIDR: `10.${128 + Math.floor(i / 256)}.${i % 256}.0/24` }
    });
    store.update(
      {
        ...node,
        status: {
          capacity: { cpu: '16', memory: '64Gi', pods: '110' },
          allocatable: { cpu: '16', memory: '64Gi', pods: '110' },
          addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }],
          conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastTransitionTime: now, lastHeartbeatTime: now }],
          nodeInfo: { kubeletVersion: s.gitVersion, kubeProxyVersion: s.gitVersion, operatingSystem: 'linux', architecture: 'amd64', containerRuntimeVersion: 'containerd://2.1.1' }
        }
      },
      { subresource: 'status' }
    );
    for (let j = 0; j < per; j++) {
      const pod = store.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${name}-pod-${j}`, namespace: 'scale', labels: { app: 'scale' } },
        spec: { nodeName: name, containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] }
      });
      store.update(
        {
          ...pod,
          status: {
            phase: 'Running',
            podIP: `${ip.split('.').slice(0, 3).join('.')}.${j + 2}`,
            startTime: now,
            conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
            containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'registry.k8s.io/pause:3.10', state: { running: { startedAt: now } } }]
          }
        },
        { subresource: 'status' }
      );
    }
  }
}

export { catalog, composeScenario, ScenarioError } from './scenario.js';
