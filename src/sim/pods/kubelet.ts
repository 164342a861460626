/**
 * The simulated kubelet: a bound pod's containers start after the start delay, run their
 * simulated programs (programs.ts, overridden by container rules), exit with their code after
 * their run time, restart by restartPolicy with back-off, and the pod's phase, conditions,
 * container statuses, IPs and events follow as a real kubelet reports them.
 */
import { withCondition, type Condition } from '../behaviours/match.js';
import type { SimContext } from '../controllers/context.js';
import { isTerminal } from '../controllers/pod-index.js';
import type { KObject } from '../store.js';
import { DeviceAssigner } from './devices.js';
import type { GpuDevice } from './hardware.js';
import { runContainer, type LogLine, type ProgramRun } from './programs.js';
import { ruleFor } from './rules.js';
import { kernelFor, sandboxProblem } from './sandbox.js';

interface ContainerRun {
  name: string;
  image: string;
  run: ProgramRun;
  ready: boolean;
  startedAt: number;
  restarts: number;
  timer?: unknown;
  state: 'running' | 'terminated' | 'waiting';
  exitCode?: number;
  finishedAt?: number;
  lastTerminated?: { exitCode: number; reason: string; startedAt: number; finishedAt: number };
  previousLog: string;
  allocated: GpuDevice[];
  visible: GpuDevice[];
  waitingReason?: string;
  waitingMessage?: string;
}

interface PodRun {
  uid: string;
  namespace: string;
  name: string;
  node: string;
  phase: 'Starting' | 'Running' | 'Done';
  containers: ContainerRun[];
  podIP?: string;
  hostIP?: string;
  startTime?: number;
  timers: unknown[];
}

const BACKOFF_MS = 10_000;
const MAX_BACKOFF_MS = 300_000;

export interface Kubelet {
  stop(): void;
  /** A container's log as `kubectl logs` shows it; undefined when it never started. */
  log(namespace: string, pod: string, container: string | undefined, opts: { tailLines?: number; previous?: boolean }): string | undefined;
  /** GPUs allocated to running containers on a node. */
  gpuUsers(node: string): Array<{ gpu: GpuDevice; namespace: string; pod: string; container: string }>;
}

export function startKubelet(ctx: SimContext): Kubelet {
  const { store, clock } = ctx;
  const runs = new Map<string, PodRun>();
  const devices = new DeviceAssigner(ctx);
  const ipCounters = new Map<string, number>();

  const ts = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

  const nodeIP = (node: KObject): string =>
    (node.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address ?? '10.0.0.1';

  const podIPFor = (node: KObject): string => {
    const cidr: string = node.spec?.podCIDR ?? '10.244.0.0/24';
    const base = cidr.split('/')[0].split('.').map(Number);
    const n = (ipCounters.get(node.metadata.name!) ?? 1) + 1;
    ipCounters.set(node.metadata.name!, n);
    return `${base[0]}.${base[1]}.${base[2] + Math.floor(n / 254)}.${(n % 254) + 1}`;
  };

  const wantsStart = (pod: KObject): boolean =>
    Boolean(pod.spec?.nodeName) && !pod.metadata.deletionTimestamp && !isTerminal(pod) && !runs.has(pod.metadata.uid!);

  function begin(pod: KObject): void {
    const run: PodRun = {
      uid: pod.metadata.uid!,
      namespace: pod.metadata.namespace!,
      name: pod.metadata.name!,
      node: pod.spec.nodeName,
      phase: 'Starting',
      containers: [],
      timers: []
    };
    runs.set(run.uid, run);
    run.timers.push(clock.setTimeout(() => start(run), ctx.runtime.startDelayMs));
  }

  function current(run: PodRun): KObject | undefined {
    const p = store.get('', 'pods', run.namespace, run.name);
    return p && p.metadata.uid === run.uid ? p : undefined;
  }

  function start(run: PodRun): void {
    const pod = current(run);
    const node = store.get('', 'nodes', undefined, run.node);
    if (!pod || !node) return;
    // Pods written already running (scale data) keep the status they were given.
    if (pod.status?.containerStatuses) {
      runs.delete(run.uid);
      return;
    }
    const sandboxError = sandboxProblem(ctx, pod);
    if (sandboxError) {
      // The runtime cannot make the pod's sandbox: it stays Pending, as with a missing RuntimeClass handler.
      ctx.events.record(pod, 'Warning', 'FailedCreatePodSandBox', sandboxError, { component: 'kubelet', host: run.node });
      return;
    }
    const now = clock.now();
    run.startTime = now;
    run.hostIP = nodeIP(node);
    run.podIP = pod.spec?.hostNetwork ? run.hostIP : podIPFor(node);
    const seen = devices.assign(pod);
    const env = (c: any): Record<string, string> => {
      const out: Record<string, string> = { HOSTNAME: run.name, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
      for (const e of c.env ?? []) if (typeof e.value === 'string') out[e.name] = e.value;
      return out;
    };
    run.containers = (pod.spec?.containers ?? []).map((c: any) => {
      const g = seen.get(c.name) ?? { allocated: [], visible: [] };
      const cr: ContainerRun = {
        name: c.name,
        image: c.image ?? '',
        run: programFor(pod, c, { env: env(c), gpus: g.visible, startedAt: now }),
        ready: true,
        startedAt: now,
        restarts: 0,
        state: 'running',
        previousLog: '',
        allocated: g.allocated,
        visible: g.visible
      };
      const rule = ruleFor(ctx.rules, pod, c);
      if (rule?.ready === false) cr.ready = false;
      return cr;
    });
    run.phase = 'Running';
    for (const c of run.containers) {
      ctx.events.record(pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, { component: 'kubelet', host: run.node });
      if (c.run.startError) {
        ctx.events.record(pod, 'Warning', 'Failed', `Error: ${c.run.startError}`, { component: 'kubelet', host: run.node });
        exit(run, c, true);
        continue;
      }
      ctx.events.record(pod, 'Normal', 'Created', `Created container: ${c.name}`, { component: 'kubelet', host: run.node });
      ctx.events.record(pod, 'Normal', 'Started', `Started container ${c.name}`, { component: 'kubelet', host: run.node });
      armExit(run, c);
    }
    const deadline = pod.spec?.activeDeadlineSeconds;
    if (typeof deadline === 'number') run.timers.push(clock.setTimeout(() => deadlineExceeded(run), deadline * 1000));
    finishIfDone(run);
    writeStatus(run);
  }

  function programFor(pod: KObject, c: any, base: { env: Record<string, string>; gpus: GpuDevice[]; startedAt: number }): ProgramRun {
    const run = runContainer(c.command, c.args, {
      image: c.image ?? '',
      env: base.env,
      gpus: base.gpus,
      podName: pod.metadata.name!,
      namespace: pod.metadata.namespace!,
      nodeName: pod.spec.nodeName,
      startedAt: base.startedAt,
      http: ctx.network ? (url, init) => ctx.network!.fetch(pod.metadata.namespace!, url, init) : undefined,
      kernel: kernelFor(ctx, pod)
    });
    const rule = ruleFor(ctx.rules, pod, c);
    if (!rule) return run;
    const out = { ...run };
    if (rule.exitCode !== undefined || rule.afterMs !== undefined) {
      out.startError = undefined;
      out.exitCode = rule.exitCode ?? 0;
      out.runMs = rule.afterMs === undefined ? 0 : rule.afterMs;
    }
    if (rule.log !== undefined) out.log = [{ atMs: 0, text: rule.log.endsWith('\n') || !rule.log ? rule.log : `${rule.log}\n` }];
    return out;
  }

  function armExit(run: PodRun, c: ContainerRun): void {
    if (c.run.runMs === null) return;
    c.timer = clock.setTimeout(() => exit(run, c, false), c.run.runMs);
  }

  function restartPolicy(pod: KObject | undefined): string {
    return pod?.spec?.restartPolicy ?? 'Always';
  }

  function exit(run: PodRun, c: ContainerRun, startError: boolean): void {
    if (run.phase === 'Done') return;
    const now = clock.now();
    c.state = 'terminated';
    c.exitCode = c.run.exitCode;
    c.finishedAt = now;
    const pod = current(run);
    if (!pod) return;
    const policy = restartPolicy(pod);
    const restart = policy === 'Always' || (policy === 'OnFailure' && c.exitCode !== 0);
    if (restart) {
      c.lastTerminated = { exitCode: c.exitCode!, reason: startError ? 'StartError' : c.exitCode === 0 ? 'Completed' : 'Error', startedAt: c.startedAt, finishedAt: now };
      c.previousLog = logText(c.run.log, c.run.runMs ?? 0);
      c.restarts += 1;
      const backoff = Math.min(BACKOFF_MS * 2 ** (c.restarts - 1), MAX_BACKOFF_MS);
      c.state = 'waiting';
      c.waitingReason = 'CrashLoopBackOff';
      c.waitingMessage = `back-off ${Math.round(backoff / 1000)}s restarting failed container=${c.name} pod=${run.name}_${run.namespace}(${run.uid})`;
      ctx.events.record(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${run.name}_${run.namespace}(${run.uid})`, {
        component: 'kubelet',
        host: run.node
      });
      c.timer = clock.setTimeout(() => {
        if (run.phase === 'Done' || !current(run)) return;
        c.state = 'running';
        c.startedAt = clock.now();
        c.waitingReason = c.waitingMessage = undefined;
        ctx.events.record(current(run)!, 'Normal', 'Started', `Started container ${c.name}`, { component: 'kubelet', host: run.node });
        if (!c.run.startError) armExit(run, c);
        else clock.setTimeout(() => exit(run, c, true), 0);
        writeStatus(run);
      }, backoff);
    }
    finishIfDone(run);
    writeStatus(run);
  }

  function finishIfDone(run: PodRun): void {
    if (run.containers.length && run.containers.every(c => c.state === 'terminated')) {
      run.phase = 'Done';
      release(run);
    }
  }

  function deadlineExceeded(run: PodRun): void {
    const pod = current(run);
    if (!pod || run.phase === 'Done') return;
    for (const c of run.containers) {
      if (c.timer) clock.clearTimeout(c.timer);
      if (c.state !== 'terminated') {
        c.state = 'terminated';
        c.exitCode = 137;
        c.finishedAt = clock.now();
      }
    }
    run.phase = 'Done';
    release(run);
    ctx.events.record(pod, 'Warning', 'DeadlineExceeded', 'Pod was active on the node longer than the specified deadline', {
      component: 'kubelet',
      host: run.node
    });
    writeStatus(run, { phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
  }

  function release(run: PodRun): void {
    devices.release(run.uid);
  }

  function containerStatus(c: ContainerRun, pod: KObject): Record<string, unknown> {
    const id = `containerd://${hexId(`${pod.metadata.uid}/${c.name}/${c.restarts}`)}`;
    let state: Record<string, unknown>;
    if (c.state === 'running') state = { running: { startedAt: ts(c.startedAt) } };
    else if (c.state === 'waiting') state = { waiting: { reason: c.waitingReason, message: c.waitingMessage } };
    else {
      state = {
        terminated: {
          exitCode: c.exitCode,
          reason: c.run.startError ? 'StartError' : c.exitCode === 0 ? 'Completed' : 'Error',
          ...(c.run.startError ? { message: c.run.startError } : {}),
          startedAt: ts(c.startedAt),
          finishedAt: ts(c.finishedAt ?? c.startedAt),
          containerID: id
        }
      };
    }
    return {
      name: c.name,
      state,
      lastState: c.lastTerminated
        ? {
            terminated: {
              exitCode: c.lastTerminated.exitCode,
              reason: c.lastTerminated.reason,
              startedAt: ts(c.lastTerminated.startedAt),
              finishedAt: ts(c.lastTerminated.finishedAt)
            }
          }
        : {},
      ready: c.state === 'running' && c.ready,
      restartCount: c.restarts,
      image: c.image,
      imageID: `${c.image.split(':')[0]}@sha256:${hexId(c.image)}`,
      containerID: id,
      started: c.state === 'running'
    };
  }

  function writeStatus(run: PodRun, failed?: { phase: string; reason: string; message: string }): void {
    const pod = current(run);
    if (!pod) return;
    const now = store.timestamp();
    let phase = 'Running';
    if (failed) phase = failed.phase;
    else if (run.phase === 'Done') phase = run.containers.every(c => c.exitCode === 0) ? 'Succeeded' : 'Failed';
    const allReady = run.containers.every(c => c.state === 'running' && c.ready);
    const done = phase === 'Succeeded' || phase === 'Failed';
    const readyReason = done ? 'PodCompleted' : 'ContainersNotReady';
    const notReady = run.containers.filter(c => !(c.state === 'running' && c.ready)).map(c => c.name);
    const readyMsg = done ? undefined : `containers with unready status: [${notReady.join(' ')}]`;
    let conditions: Condition[] | undefined = pod.status?.conditions;
    const set = (type: string, ok: boolean, reason?: string, message?: string): void => {
      conditions = withCondition(
        conditions,
        { type, status: ok ? 'True' : 'False', lastProbeTime: null, ...(ok ? {} : { reason, message }) } as never,
        now
      );
      if (ok) conditions = conditions!.map(c => (c.type === type ? stripReason(c) : c));
    };
    set('PodReadyToStartContainers', !done);
    set('Initialized', true);
    set('Ready', allReady && !done, readyReason, readyMsg);
    set('ContainersReady', allReady && !done, readyReason, readyMsg);
    set('PodScheduled', true);
    const order = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
    conditions = [...conditions!].sort((a, b) => (order.indexOf(a.type) + 99) % 99 - (order.indexOf(b.type) + 99) % 99);
    const status: Record<string, unknown> = {
      ...(pod.status ?? {}),
      phase,
      conditions,
      hostIP: run.hostIP,
      hostIPs: [{ ip: run.hostIP }],
      podIP: run.podIP,
      podIPs: [{ ip: run.podIP }],
      startTime: ts(run.startTime!),
      containerStatuses: run.containers.map(c => containerStatus(c, pod))
    };
    if (failed) {
      status.reason = failed.reason;
      status.message = failed.message;
    }
    store.update({ ...pod, status }, { subresource: 'status' });
  }

  function stopRun(uid: string): void {
    const run = runs.get(uid);
    if (!run) return;
    for (const t of run.timers) clock.clearTimeout(t);
    for (const c of run.containers) if (c.timer) clock.clearTimeout(c.timer);
    devices.release(uid);
    runs.delete(uid);
  }

  for (const p of store.list('', 'pods')) if (wantsStart(p) && !p.status?.containerStatuses) begin(p);

  const unsubscribe = store.onChange(ch => {
    if (ch.rtype.group !== '' || ch.rtype.resource !== 'pods') return;
    if (ch.type === 'DELETED') return stopRun(ch.object.metadata.uid!);
    // Pods created already running (scale data) are left as they are.
    if (wantsStart(ch.object) && !ch.object.status?.containerStatuses) begin(ch.object);
  });

  return {
    stop(): void {
      unsubscribe();
      for (const uid of Array.from(runs.keys())) stopRun(uid);
    },
    log(namespace, podName, container, opts) {
      const run = Array.from(runs.values()).find(r => r.namespace === namespace && r.name === podName);
      if (!run || !run.containers.length) return undefined;
      const c = container ? run.containers.find(x => x.name === container) : run.containers[0];
      if (!c) return undefined;
      let text = opts.previous ? c.previousLog : logText(c.run.log, clock.now() - c.startedAt);
      if (opts.tailLines !== undefined) {
        const lines = text.split('\n');
        const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
        text = lines.slice(-opts.tailLines).join('\n') + (trailing === '' && opts.tailLines > 0 ? '\n' : '');
      }
      return text;
    },
    gpuUsers(node) {
      const out: Array<{ gpu: GpuDevice; namespace: string; pod: string; container: string }> = [];
      for (const r of runs.values()) {
        if (r.node !== node || r.phase === 'Done') continue;
        // Only running containers load their GPUs (one in back-off or finished does not).
        for (const c of r.containers) if (c.state === 'running') for (const g of c.allocated) out.push({ gpu: g, namespace: r.namespace, pod: r.name, container: c.name });
      }
      return out;
    }
  };
}

function stripReason(c: any): any {
  const { reason: _r, message: _m, ...rest } = c;
  return rest;
}

function logText(lines: LogLine[], elapsedMs: number): string {
  return lines
    .filter(l => l.atMs <= elapsedMs)
    .map(l => l.text)
    .join('');
}

function hexId(seed: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; round < 8; round++) {
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ round, 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}
