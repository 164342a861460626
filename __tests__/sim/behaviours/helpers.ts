import { EventRecorder } from '../../../src/sim/behaviours/events.js';
import { loadStages } from '../../../src/sim/behaviours/load.js';
import { CORE_STAGES } from '../../../src/sim/behaviours/defaults/core.js';
import { registerBuiltinTypes } from '../../../src/sim/builtin-types.js';
import { FakeClock } from '../../../src/sim/clock.js';
import { createContext, type SimContext } from '../../../src/sim/controllers/context.js';
import { startCluster } from '../../../src/sim/controllers/index.js';
import { templateFunctions } from '../../../src/sim/controllers/template-functions.js';
import { GPU_MODELS, Hardware } from '../../../src/sim/pods/hardware.js';
import { ObjectStore, type KObject } from '../../../src/sim/store.js';

export function makeCluster(
  opts: Partial<Pick<SimContext, 'rules' | 'devicePlugins' | 'draDrivers' | 'runtime' | 'controllers' | 'nodeGroups'>> & { minor?: number } = {}
) {
  const clock = new FakeClock();
  const store = new ObjectStore(clock);
  const minor = opts.minor ?? 34;
  registerBuiltinTypes(store, minor);
  const events = new EventRecorder(store, clock);
  const hardware = new Hardware();
  const warnings: string[] = [];
  const ctx = createContext({ store, clock, events, hardware, minor, warn: m => warnings.push(m), ...opts });
  const cluster = startCluster(ctx, loadStages(CORE_STAGES, 'core', Object.keys(templateFunctions())));
  /** Advances the clock in steps, letting microtask work (the API machinery's GC) run between. */
  const run = async (ms: number, step = 100): Promise<void> => {
    for (let t = 0; t < ms; t += step) {
      clock.advance(Math.min(step, ms - t));
      for (let i = 0; i < 5; i++) await Promise.resolve();
    }
    clock.advance(0);
  };
  const node = (name: string, extra: { labels?: Record<string, string>; taints?: unknown[]; cpu?: string; memory?: string; gpus?: number } = {}): KObject => {
    if (extra.gpus) hardware.setGpus(name, GPU_MODELS['NVIDIA A10'], extra.gpus);
    return store.create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...(extra.labels ?? {}) } },
      spec: { ...(extra.taints ? { taints: extra.taints } : {}), podCIDR: '10.244.1.0/24' },
      status: {
        capacity: { cpu: extra.cpu ?? '8', memory: extra.memory ?? '32Gi', pods: '110' },
        allocatable: { cpu: extra.cpu ?? '8', memory: extra.memory ?? '32Gi', pods: '110' }
      }
    });
  };
  const ns = (name: string): KObject => store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const events_ = (name: string): string[] =>
    store.list('', 'events').filter(e => e.involvedObject?.name === name).map(e => `${e.type} ${e.reason}: ${e.message}`);
  const pod = (ns_: string, name: string) => store.get('', 'pods', ns_, name);
  return { clock, store, ctx, cluster, hardware, warnings, run, node, ns, events: events_, pod };
}

export function simplePod(name: string, spec: Record<string, unknown>, ns = 'default'): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, spec };
}
