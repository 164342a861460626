/**
 * Scenarios: a base cluster plus add-ons (their `requires` resolved, each once, dependencies
 * first) plus named breaks. Files are YAML text embedded in src/sim/scenarios; the first
 * document describes the part, the others are the objects it installs.
 */
import { parseAllDocuments } from 'yaml';
import { mergePatch } from './behaviours/engine.js';
import { normaliseStageList, parseDuration } from './behaviours/load.js';
import type { Stage } from './behaviours/types.js';
import type { DevicePluginSpec, DraDriverSpec, RuntimeSettings } from './controllers/context.js';
import { parseNodeGroups, type NodeGroupSpec } from './controllers/node-groups.js';
import { parseControllerSettings, resolveControllerSettings, type ControllerSettings, type PartialControllerSettings } from './controllers/settings.js';
import { templateFunctions } from './controllers/template-functions.js';
import { parseRules, type ContainerRule } from './pods/rules.js';
import { SCENARIO_SOURCES } from './scenarios/index.js';
import { HANDLER_TYPES, SCENARIO_API_VERSION, type BreakSpec, type CrdShorthand, type HandlerSpec, type ScenarioPart } from './scenarios/types.js';
import type { KObject } from './store.js';

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

type Obj = Record<string, any>;

const cache = new Map<string, ScenarioPart>();

export function parseScenario(text: string, source: string): ScenarioPart {
  const docs = parseAllDocuments(text);
  const values: unknown[] = [];
  docs.forEach((d, i) => {
    if (d.errors.length) throw new ScenarioError(`${source}: document ${i + 1}: ${d.errors[0].message}`);
    const v = d.toJS();
    if (v !== null && v !== undefined) values.push(v);
  });
  const head = values.shift() as Obj | undefined;
  const where = `scenario ${source}`;
  if (!head || head.apiVersion !== SCENARIO_API_VERSION || !['Cluster', 'AddOn'].includes(head.kind)) {
    throw new ScenarioError(`${where}: the first document must be apiVersion ${SCENARIO_API_VERSION}, kind Cluster or AddOn`);
  }
  const name = head.metadata?.name;
  if (typeof name !== 'string' || !name) throw new ScenarioError(`${where}: metadata.name is required`);
  const spec: Obj = head.spec ?? {};
  const at = (p: string): string => `${where}: spec.${p}`;
  const list = (v: unknown, p: string): any[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new ScenarioError(`${at(p)}: expected a list`);
    return v;
  };
  const crds: CrdShorthand[] = list(spec.crds, 'crds').map((c, i) => {
    for (const k of ['group', 'kind', 'plural']) if (typeof c?.[k] !== 'string') throw new ScenarioError(`${at(`crds[${i}].${k}`)}: expected a string`);
    if (!['Namespaced', 'Cluster'].includes(c.scope)) throw new ScenarioError(`${at(`crds[${i}].scope`)}: expected Namespaced or Cluster`);
    if (!Array.isArray(c.versions) || !c.versions.length) throw new ScenarioError(`${at(`crds[${i}].versions`)}: expected a list of versions`);
    return c as CrdShorthand;
  });
  const handlers: HandlerSpec[] = list(spec.handlers, 'handlers').map((h, i) => {
    if (!(HANDLER_TYPES as readonly string[]).includes(h?.type)) {
      throw new ScenarioError(`${at(`handlers[${i}].type`)}: expected one of ${HANDLER_TYPES.join(', ')}`);
    }
    return { name: h.name ?? h.type, ...h } as HandlerSpec;
  });
  let stages: Stage[];
  try {
    stages = normaliseStageList(list(spec.stages, 'stages'), `${where}: spec.stages`, Object.keys(templateFunctions()));
  } catch (e) {
    throw new ScenarioError((e as Error).message);
  }
  const rules = (v: unknown, p: string): ContainerRule[] => {
    try {
      return parseRules(v, at(p));
    } catch (e) {
      throw new ScenarioError((e as Error).message);
    }
  };
  const controllers = (v: unknown, p: string): PartialControllerSettings => {
    try {
      return parseControllerSettings(v, at(p));
    } catch (e) {
      throw new ScenarioError((e as Error).message);
    }
  };
  let nodeGroups: NodeGroupSpec[];
  try {
    nodeGroups = parseNodeGroups(list(spec.nodeGroups, 'nodeGroups'), at('nodeGroups'));
  } catch (e) {
    throw new ScenarioError((e as Error).message);
  }
  const breaks: BreakSpec[] = list(spec.breaks, 'breaks').map((b, i) => {
    const p = `breaks[${i}]`;
    if (typeof b?.name !== 'string' || typeof b?.description !== 'string') throw new ScenarioError(`${at(p)}: name and description are required`);
    return {
      name: b.name,
      description: b.description,
      disableStages: list(b.disableStages, `${p}.disableStages`),
      containerRules: rules(b.containerRules, `${p}.containerRules`),
      patches: list(b.patches, `${p}.patches`),
      remove: list(b.remove, `${p}.remove`),
      runtime: b.runtime,
      handlerOptions: b.handlerOptions ?? {},
      controllers: controllers(b.controllers, `${p}.controllers`),
      gpus: list(b.gpus, `${p}.gpus`)
    };
  });
  const objects = values.map((o, i) => {
    const obj = o as KObject;
    if (!obj || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || !obj.metadata?.name) {
      throw new ScenarioError(`${where}: document ${i + 2}: expected a Kubernetes object with apiVersion, kind and metadata.name`);
    }
    return obj;
  });
  return {
    kind: head.kind,
    name,
    description: String(head.metadata?.description ?? ''),
    source: String(head.metadata?.source ?? ''),
    requires: list(spec.requires, 'requires'),
    kubernetes: spec.kubernetes,
    crds,
    gpus: list(spec.gpus, 'gpus'),
    devicePlugins: list(spec.devicePlugins, 'devicePlugins') as DevicePluginSpec[],
    draDrivers: list(spec.draDrivers, 'draDrivers') as DraDriverSpec[],
    containerRules: rules(spec.containerRules, 'containerRules'),
    stages,
    handlers,
    breaks,
    runtime: spec.runtime,
    controllers: controllers(spec.controllers, 'controllers'),
    nodeGroups,
    objects
  };
}

export function getPart(name: string): ScenarioPart | undefined {
  if (!cache.has(name)) {
    const text = SCENARIO_SOURCES[name];
    if (text === undefined) return undefined;
    const part = parseScenario(text, name);
    if (part.name !== name) throw new ScenarioError(`scenario ${name}: metadata.name is "${part.name}"`);
    cache.set(name, part);
  }
  return cache.get(name);
}

export interface Catalog {
  scenarios: Array<{ name: string; description: string }>;
  addons: Array<{ name: string; description: string }>;
  breaks: Array<{ name: string; addon: string; description: string }>;
}

/** Every scenario, add-on and break, for --list and error messages. */
export function catalog(): Catalog {
  const out: Catalog = { scenarios: [], addons: [], breaks: [] };
  for (const name of Object.keys(SCENARIO_SOURCES)) {
    const p = getPart(name)!;
    (p.kind === 'Cluster' ? out.scenarios : out.addons).push({ name, description: p.description });
    for (const b of p.breaks) out.breaks.push({ name: b.name, addon: name, description: b.description });
  }
  return out;
}

export interface ComposedScenario {
  name: string;
  minor: number;
  gitVersion: string;
  platform?: string;
  parts: ScenarioPart[];
  breaks: BreakSpec[];
  crds: CrdShorthand[];
  objects: KObject[];
  stages: Stage[];
  rules: ContainerRule[];
  devicePlugins: DevicePluginSpec[];
  draDrivers: DraDriverSpec[];
  handlers: HandlerSpec[];
  gpus: ScenarioPart['gpus'];
  runtime: Partial<RuntimeSettings>;
  controllers: ControllerSettings;
  nodeGroups: NodeGroupSpec[];
}

export function composeScenario(scenario: string, addons: string[] = [], breaks: string[] = []): ComposedScenario {
  const cat = catalog();
  const base = getPart(scenario);
  if (!base || base.kind !== 'Cluster') {
    throw new ScenarioError(`unknown scenario "${scenario}": choose one of ${cat.scenarios.map(s => s.name).join(', ')}`);
  }
  const parts: ScenarioPart[] = [base];
  const seen = new Set([base.name]);
  const visit = (name: string, via: string): void => {
    if (seen.has(name)) return;
    const p = getPart(name);
    if (!p || p.kind !== 'AddOn') {
      throw new ScenarioError(`unknown add-on "${name}" (${via}): choose from ${cat.addons.map(a => a.name).join(', ')}`);
    }
    seen.add(name);
    for (const r of p.requires) visit(r, `required by ${name}`);
    parts.push(p);
  };
  for (const r of base.requires) visit(r, `required by ${base.name}`);
  for (const a of addons) visit(a, 'given with --addon');
  const chosen: BreakSpec[] = [];
  for (const b of breaks) {
    const hit = parts.flatMap(p => p.breaks).find(x => x.name === b);
    if (!hit) {
      const elsewhere = cat.breaks.find(x => x.name === b);
      const available = parts.flatMap(p => p.breaks.map(x => x.name));
      throw new ScenarioError(
        elsewhere
          ? `break "${b}" belongs to add-on ${elsewhere.addon}: add --addon ${elsewhere.addon}`
          : `unknown break "${b}": this scenario offers ${available.length ? available.join(', ') : 'no breaks'}`
      );
    }
    if (!chosen.includes(hit)) chosen.push(hit);
  }
  const k = base.kubernetes;
  if (!k?.minor || !k.gitVersion) throw new ScenarioError(`scenario ${base.name}: spec.kubernetes needs minor and gitVersion`);
  const disabled = new Set(chosen.flatMap(b => b.disableStages));
  const removed = chosen.flatMap(b => b.remove);
  const patches = chosen.flatMap(b => b.patches);
  const sameRef = (o: KObject, r: { apiVersion: string; kind: string; namespace?: string; name: string }): boolean =>
    o.apiVersion === r.apiVersion && o.kind === r.kind && o.metadata.name === r.name && (o.metadata.namespace ?? undefined) === (r.namespace ?? undefined);
  const objects = parts
    .flatMap(p => p.objects)
    .filter(o => !removed.some(r => sameRef(o, r)))
    .map(o => {
      let out = structuredClone(o);
      for (const p of patches) if (sameRef(o, p)) out = mergePatch(out, p.patch) as KObject;
      return out;
    });
  for (const r of [...removed, ...patches]) {
    if (!parts.some(p => p.objects.some(o => sameRef(o, r)))) {
      throw new ScenarioError(`a break names ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}, which no part of this scenario installs`);
    }
  }
  const groupNames = parts.flatMap(p => p.nodeGroups.map(g => `${g.name} (${p.name})`));
  const twice = groupNames.find((g, i) => groupNames.findIndex(x => x.split(' ')[0] === g.split(' ')[0]) !== i);
  if (twice) throw new ScenarioError(`node group ${twice} is declared by more than one part of scenario ${base.name}`);
  const handlerOptions = Object.assign({}, ...chosen.map(b => b.handlerOptions)) as Record<string, Record<string, unknown>>;
  return {
    name: base.name,
    minor: k.minor,
    gitVersion: k.gitVersion,
    platform: k.platform,
    parts,
    breaks: chosen,
    crds: parts.flatMap(p => p.crds),
    objects,
    stages: parts.flatMap(p => p.stages).filter(s => !disabled.has(s.name)),
    rules: [...chosen.flatMap(b => b.containerRules), ...parts.flatMap(p => p.containerRules)],
    devicePlugins: byResource(parts.flatMap(p => p.devicePlugins)),
    draDrivers: parts.flatMap(p => p.draDrivers),
    handlers: parts.flatMap(p => p.handlers).map(h => ({ ...h, options: { ...(h.options ?? {}), ...(handlerOptions[h.name] ?? {}) } })),
    // Later entries for a node replace earlier ones (a break's GPUs win).
    gpus: [...parts.flatMap(p => p.gpus), ...chosen.flatMap(b => b.gpus)],
    // Deep merge: two add-ons may each add a sandbox runtime handler.
    runtime: [...parts.map(p => p.runtime), ...chosen.map(b => b.runtime)].reduce<Partial<RuntimeSettings>>(
      (acc, r) => mergePatch(acc, r ?? {}) as Partial<RuntimeSettings>,
      {}
    ),
    controllers: resolveControllerSettings(
      parts.map(p => p.controllers),
      chosen.map(b => b.controllers)
    ),
    nodeGroups: parts.flatMap(p => p.nodeGroups)
  };
}

/** A full CustomResourceDefinition (schema open, status served) from the shorthand, Established. */
export function expandCrd(c: CrdShorthand): KObject {
  const singular = c.kind.toLowerCase();
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${c.plural}.${c.group}`,
      ...(c.annotations ? { annotations: c.annotations } : {}),
      ...(c.labels ? { labels: c.labels } : {})
    },
    spec: {
      group: c.group,
      names: {
        kind: c.kind,
        listKind: `${c.kind}List`,
        plural: c.plural,
        singular,
        ...(c.shortNames ? { shortNames: c.shortNames } : {}),
        ...(c.categories ? { categories: c.categories } : {})
      },
      scope: c.scope,
      versions: c.versions.map((v, i) => ({
        name: v,
        served: true,
        storage: i === 0,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        ...(c.status === false ? {} : { subresources: { status: {} } })
      }))
    }
  };
}

export { parseDuration };

/** One device plugin per resource and namespace: a later part reconfigures it (e.g. time-slicing replicas). */
function byResource(list: DevicePluginSpec[]): DevicePluginSpec[] {
  const out = new Map<string, DevicePluginSpec>();
  for (const d of list) out.set(`${d.namespace}/${d.resource}`, d);
  return Array.from(out.values());
}
