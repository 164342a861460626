/**
 * Runs stages against the store: when an object is added or changes, the first stage whose
 * selector matches it is scheduled after its delay on the injected clock; when it fires and
 * still matches, its steps run in order. The writes change the object, which selects the next
 * stage — so behaviours chain without code. Writes happen in timers, never inside a change
 * notification, so watchers see changes in order.
 */
import type { Clock } from '../clock.js';
import type { Change, KObject, ObjectStore, ResourceType } from '../store.js';
import type { EventRecorder } from './events.js';
import { getCondition, withCondition } from './match.js';
import { getPath } from './path.js';
import { render, type TemplateFunction } from './template.js';
import type { Stage, Step } from './types.js';

interface Pending {
  stage: Stage;
  handle: unknown;
}

export interface EngineOptions {
  functions?: Record<string, TemplateFunction>;
  /** Told when a stage fails or loops; the engine carries on. */
  onError?: (message: string) => void;
}

/** A stage firing more often than this for one object at one instant is a loop and is stopped. */
const MAX_FIRINGS_PER_INSTANT = 50;

export class BehaviourEngine {
  private byKind = new Map<string, Stage[]>();
  private readonly pending = new Map<string, Pending>();
  private readonly firings = new Map<string, { at: number; n: number }>();
  private unsubscribe?: () => void;
  private readonly functions: Record<string, TemplateFunction>;

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
    private readonly events: EventRecorder,
    private readonly opts: EngineOptions = {}
  ) {
    this.functions = opts.functions ?? {};
  }

  /** The template functions stages may call (for load-time checks). */
  get functionNames(): string[] {
    return Object.keys(this.functions);
  }

  /** Replaces the stages run; objects already in the store are re-evaluated. */
  setStages(stages: Stage[]): void {
    this.byKind = new Map();
    for (const s of stages) {
      const k = `${s.group}/${s.kind}`;
      if (!this.byKind.has(k)) this.byKind.set(k, []);
      this.byKind.get(k)!.push(s);
    }
    for (const p of this.pending.values()) this.clock.clearTimeout(p.handle);
    this.pending.clear();
    if (this.unsubscribe) this.scanAll();
  }

  get stages(): Stage[] {
    return Array.from(this.byKind.values()).flat();
  }

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.store.onChange(c => this.onChange(c));
    this.scanAll();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const p of this.pending.values()) this.clock.clearTimeout(p.handle);
    this.pending.clear();
  }

  /**
   * The first stage matching an object now, if any. A terminating object is only matched by
   * stages that name `.metadata.deletionTimestamp` (as kwok's deletion stages do).
   */
  match(rtype: ResourceType, obj: KObject): Stage | undefined {
    const stages = this.byKind.get(`${rtype.group}/${rtype.kind}`);
    if (!stages) return undefined;
    const terminating = Boolean(obj.metadata.deletionTimestamp);
    return stages.find(
      s => (!terminating || s.selector.matchExpressions.some(e => e.key === '.metadata.deletionTimestamp')) && selects(s, obj)
    );
  }

  private scanAll(): void {
    for (const key of this.byKind.keys()) {
      const [group, kind] = splitKey(key);
      const rtype = this.store.allTypes().find(t => t.group === group && t.kind === kind);
      if (!rtype) continue;
      for (const obj of this.store.list(rtype.group, rtype.resource)) this.evaluate(rtype, obj);
    }
  }

  private onChange(c: Change): void {
    if (!this.byKind.has(`${c.rtype.group}/${c.rtype.kind}`)) return;
    if (c.type === 'DELETED') {
      this.cancel(c.object.metadata.uid!);
      this.firings.delete(c.object.metadata.uid!);
      return;
    }
    this.evaluate(c.rtype, c.object);
  }

  private evaluate(rtype: ResourceType, obj: KObject): void {
    const uid = obj.metadata.uid!;
    const stage = this.match(rtype, obj);
    const prior = this.pending.get(uid);
    if (prior && prior.stage === stage) return;
    this.cancel(uid);
    if (!stage) return;
    const handle = this.clock.setTimeout(() => this.fire(rtype, obj, stage), stage.delayMs);
    this.pending.set(uid, { stage, handle });
  }

  private cancel(uid: string): void {
    const p = this.pending.get(uid);
    if (p) {
      this.clock.clearTimeout(p.handle);
      this.pending.delete(uid);
    }
  }

  private fire(rtype: ResourceType, seen: KObject, stage: Stage): void {
    const uid = seen.metadata.uid!;
    this.pending.delete(uid);
    const current = this.store.get(rtype.group, rtype.resource, seen.metadata.namespace, seen.metadata.name!);
    if (!current || current.metadata.uid !== uid || this.match(rtype, current) !== stage) {
      if (current && current.metadata.uid === uid) this.evaluate(rtype, current);
      return;
    }
    const now = this.clock.now();
    const f = this.firings.get(uid);
    const n = f && f.at === now ? f.n + 1 : 1;
    this.firings.set(uid, { at: now, n });
    if (n > MAX_FIRINGS_PER_INSTANT) {
      this.opts.onError?.(`stage ${stage.name} keeps matching ${rtype.kind} ${current.metadata.name} without time passing; stopped`);
      return;
    }
    let changed = false;
    try {
      for (const step of stage.steps) {
        const r = this.apply(rtype, uid, current.metadata.namespace, current.metadata.name!, step);
        changed = changed || r;
      }
    } catch (e) {
      this.opts.onError?.(`stage ${stage.name} on ${rtype.kind} ${current.metadata.name}: ${(e as Error).message}`);
      return;
    }
    // A stage whose steps changed nothing would not be re-evaluated by a change; do it here.
    if (!changed) {
      const after = this.store.get(rtype.group, rtype.resource, current.metadata.namespace, current.metadata.name!);
      if (after && after.metadata.uid === uid && this.match(rtype, after) !== stage) this.evaluate(rtype, after);
    }
  }

  /** Applies one step to the latest version of the object; true when the store changed. */
  private apply(rtype: ResourceType, uid: string, namespace: string | undefined, name: string, step: Step): boolean {
    const obj = this.store.get(rtype.group, rtype.resource, namespace, name);
    if (!obj || obj.metadata.uid !== uid) return false;
    const ctx = { object: obj, now: this.store.timestamp(), functions: this.functions };
    switch (step.kind) {
      case 'patchStatus': {
        const status = mergePatch(obj.status ?? {}, render(step.patch, ctx));
        return this.writeStatus(obj, status);
      }
      case 'setCondition': {
        const c = render(step.condition, ctx) as { type: string; status: string; reason?: string; message?: string };
        const prev = getCondition(obj, c.type);
        if (prev && prev.status === c.status && prev.reason === c.reason && prev.message === c.message) return false;
        const conditions = withCondition(obj.status?.conditions, { ...c, lastTransitionTime: undefined } as never, ctx.now);
        for (const cond of conditions) if (cond.lastTransitionTime === undefined) cond.lastTransitionTime = ctx.now;
        const cleaned = conditions.map(x => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)));
        return this.writeStatus(obj, { ...(obj.status ?? {}), conditions: cleaned });
      }
      case 'patch': {
        const patched = mergePatch(obj, render(step.patch, ctx)) as KObject;
        if (JSON.stringify(patched) === JSON.stringify(obj)) return false;
        this.store.update({ ...patched, status: obj.status, metadata: { ...patched.metadata, resourceVersion: obj.metadata.resourceVersion } });
        return true;
      }
      case 'event': {
        const rendered = render({ reason: step.reason, message: step.message }, ctx) as { reason: string; message: string };
        this.events.record(obj, step.type, rendered.reason, rendered.message, { component: step.component ?? 'kubelet' });
        return false;
      }
      case 'addFinalizers':
      case 'removeFinalizers': {
        const have = obj.metadata.finalizers ?? [];
        const next =
          step.kind === 'addFinalizers'
            ? [...have, ...step.finalizers.filter(f => !have.includes(f))]
            : have.filter(f => !step.finalizers.includes(f));
        if (next.length === have.length) return false;
        this.store.update({ ...obj, metadata: { ...obj.metadata, finalizers: next } });
        return true;
      }
      case 'delete':
        this.store.delete(rtype.group, rtype.resource, namespace, name);
        return true;
    }
  }

  private writeStatus(obj: KObject, status: unknown): boolean {
    if (JSON.stringify(status) === JSON.stringify(obj.status ?? {})) return false;
    this.store.update({ ...obj, status }, { subresource: 'status' });
    return true;
  }
}

/** Whether a stage's selector holds for an object. */
export function selects(stage: Stage, obj: KObject): boolean {
  const s = stage.selector;
  const meta = obj.metadata;
  if (s.namespaces && !s.namespaces.includes(meta.namespace ?? '')) return false;
  if (s.names && !s.names.includes(meta.name ?? '')) return false;
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) if (meta.labels?.[k] !== v) return false;
  for (const [k, v] of Object.entries(s.matchAnnotations ?? {})) if (meta.annotations?.[k] !== v) return false;
  for (const e of s.matchExpressions) {
    const v = getPath(obj, e.path);
    const present = v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
    const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (e.operator === 'Exists' && !present) return false;
    if (e.operator === 'DoesNotExist' && present) return false;
    if (e.operator === 'In' && (!present || !e.values.includes(text))) return false;
    if (e.operator === 'NotIn' && present && e.values.includes(text)) return false;
  }
  for (const m of s.matchConditions) {
    const c = getCondition(obj, m.type);
    if (m.status === 'Absent' ? c !== undefined : m.status === 'NotTrue' ? c?.status === 'True' : c?.status !== m.status) return false;
  }
  return true;
}

/** RFC 7386 JSON merge patch: objects merge, null removes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k], v);
  }
  return base;
}

function splitKey(key: string): [string, string] {
  const i = key.lastIndexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
