export const id = 230;
export const ids = [230];
export const modules = {

/***/ 70230:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ScenarioError: () => (/* reexport */ ScenarioError),
  catalog: () => (/* reexport */ catalog),
  startSimulator: () => (/* binding */ startSimulator)
});

// UNUSED EXPORTS: composeScenario

;// CONCATENATED MODULE: ./src/sim/behaviours/events.ts
class EventRecorder {
    store;
    clock;
    seq = 0;
    /** object uid → (reason, message) → Event, for counting repeats. */
    seen = new Map();
    enabled = true;
    constructor(store, clock) {
        this.store = store;
        this.clock = clock;
    }
    /** Stops recording (e.g. when the store has no events type). */
    disable() {
        this.enabled = false;
    }
    record(obj, type, reason, message, source) {
        if (!this.enabled || !this.store.typeOf('', 'events'))
            return;
        const namespace = obj.metadata.namespace || 'default';
        const now = this.store.timestamp();
        const uid = obj.metadata.uid ?? '';
        const key = `${reason}\u0000${message}`;
        const prior = this.seen.get(uid)?.get(key);
        if (prior) {
            const ev = this.store.get('', 'events', prior.namespace, prior.name);
            if (ev) {
                this.store.update({ ...ev, count: (ev.count ?? 1) + 1, lastTimestamp: now, metadata: { ...ev.metadata, resourceVersion: undefined } });
                return;
            }
        }
        // BigInt: as a float, now × 10^6 loses the sequence number and same-instant events would collide.
        const hex = (BigInt(this.clock.now()) * 1000000n + BigInt(this.seq++)).toString(16);
        const name = `${obj.metadata.name}.${hex}`;
        const ev = {
            apiVersion: 'v1',
            kind: 'Event',
            metadata: { name, namespace },
            involvedObject: {
                apiVersion: obj.apiVersion,
                kind: obj.kind,
                name: obj.metadata.name,
                ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
                uid: obj.metadata.uid,
                resourceVersion: obj.metadata.resourceVersion
            },
            reason,
            message,
            type,
            source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
            firstTimestamp: now,
            lastTimestamp: now,
            count: 1,
            reportingComponent: source.component,
            reportingInstance: source.host ?? ''
        };
        try {
            this.store.create(ev);
            let byObject = this.seen.get(uid);
            if (!byObject)
                this.seen.set(uid, (byObject = new Map()));
            byObject.set(key, { namespace, name });
        }
        catch {
            // The namespace of a cluster-scoped object's events may be gone; events are best effort.
        }
    }
    /** Forgets counters of an object (when it is deleted). */
    forget(uid) {
        if (uid)
            this.seen.delete(uid);
    }
}

;// CONCATENATED MODULE: ./src/sim/behaviours/defaults/core.ts
/**
 * Default stages for built-in kinds, as the kubelet and a cloud's service controller act (CRD
 * and local APIService status come from the API server itself). Embedded as text so the bundles need no files.
 */
const CORE_STAGES = `
apiVersion: sim.ai-conformance.dev/v1alpha1
kind: Stage
metadata:
  name: node-initialize
  description: A node without a Ready condition registers as a kubelet does.
spec:
  resourceRef: {kind: Node}
  selector:
    matchConditions: [{type: Ready, status: Absent}]
    matchExpressions: [{key: .status.addresses, operator: DoesNotExist}]
  steps:
  - patchStatus:
      addresses:
      - {type: InternalIP, address: "{{ ipFor .metadata.name }}"}
      - {type: Hostname, address: "{{ .metadata.name }}"}
      daemonEndpoints: {kubeletEndpoint: {Port: 10250}}
---
apiVersion: sim.ai-conformance.dev/v1alpha1
kind: Stage
metadata:
  name: node-ready
  description: The kubelet reports the node healthy and ready.
spec:
  resourceRef: {kind: Node}
  selector:
    matchConditions: [{type: Ready, status: Absent}]
    matchExpressions: [{key: .status.addresses, operator: Exists}]
  delay: 1s
  steps:
  - setCondition: {type: MemoryPressure, status: "False", reason: KubeletHasSufficientMemory, message: kubelet has sufficient memory available}
  - setCondition: {type: DiskPressure, status: "False", reason: KubeletHasNoDiskPressure, message: kubelet has no disk pressure}
  - setCondition: {type: PIDPressure, status: "False", reason: KubeletHasSufficientPID, message: kubelet has sufficient PID available}
  - setCondition: {type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status}
  - event: {type: Normal, reason: NodeReady, message: "Node {{ .metadata.name }} status is now: NodeReady", component: kubelet}
---
apiVersion: sim.ai-conformance.dev/v1alpha1
kind: Stage
metadata:
  name: service-load-balancer
  description: A LoadBalancer Service gets an ingress address from the cloud's service controller.
spec:
  resourceRef: {kind: Service}
  selector:
    matchExpressions:
    - {key: .spec.type, operator: In, values: [LoadBalancer]}
    - {key: .status.loadBalancer.ingress, operator: DoesNotExist}
  delay: 2s
  steps:
  - event: {type: Normal, reason: EnsuringLoadBalancer, message: Ensuring load balancer, component: service-controller}
  - patchStatus:
      loadBalancer:
        ingress: [{ip: "{{ lbIPFor .metadata.namespace .metadata.name }}", ipMode: VIP}]
  - event: {type: Normal, reason: EnsuredLoadBalancer, message: Ensured load balancer, component: service-controller}
`;

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/sim/behaviours/path.ts
/**
 * Field paths into objects, as stages write them: `.status.phase`, `.spec.nodeName`,
 * `.metadata.labels["app.kubernetes.io/name"]` (bracket quotes for keys with dots or slashes).
 */
/** Splits a path into keys; throws on a malformed path so stage files fail at load. */
function parsePath(path) {
    const keys = [];
    let i = 0;
    if (!path.startsWith('.'))
        throw new Error(`field path ${JSON.stringify(path)} must start with "."`);
    while (i < path.length) {
        if (path[i] === '.') {
            i++;
            let j = i;
            while (j < path.length && path[j] !== '.' && path[j] !== '[')
                j++;
            if (j === i)
                throw new Error(`field path ${JSON.stringify(path)} has an empty key`);
            keys.push(path.slice(i, j));
            i = j;
        }
        else if (path[i] === '[') {
            const m = /^\["((?:[^"\\]|\\.)*)"\]/.exec(path.slice(i));
            if (!m)
                throw new Error(`field path ${JSON.stringify(path)}: expected ["key"] at ${i}`);
            keys.push(m[1]);
            i += m[0].length;
        }
        else {
            throw new Error(`field path ${JSON.stringify(path)}: unexpected ${JSON.stringify(path[i])} at ${i}`);
        }
    }
    return keys;
}
function getPath(obj, keys) {
    let cur = obj;
    for (const k of keys) {
        if (cur === null || typeof cur !== 'object')
            return undefined;
        cur = Array.isArray(cur) && /^\d+$/.test(k) ? cur[Number(k)] : cur[k];
    }
    return cur;
}

;// CONCATENATED MODULE: ./src/sim/behaviours/template.ts
/**
 * Values in stage steps may hold `{{ ... }}` placeholders: `{{ now }}`, a field path of the object
 * (`{{ .metadata.name }}`), or a named function with arguments (`{{ ipFor .metadata.name }}`).
 * A string that is exactly one placeholder takes the value's own type (a number stays a number).
 */

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
/** Throws when a placeholder names an unknown function or a malformed path (checked at load). */
function checkTemplate(value, functions, where) {
    walkStrings(value, s => {
        for (const m of s.matchAll(PLACEHOLDER)) {
            const [head, ...args] = m[1].split(/\s+/);
            if (head === 'now')
                continue;
            for (const a of head.startsWith('.') ? [head] : args)
                if (a.startsWith('.'))
                    parsePath(a);
            if (!head.startsWith('.') && !functions.includes(head)) {
                throw new Error(`${where}: unknown template function "${head}" (known: now, ${functions.join(', ')})`);
            }
        }
    });
}
function render(value, ctx) {
    if (typeof value === 'string')
        return renderString(value, ctx);
    if (Array.isArray(value))
        return value.map(v => render(v, ctx));
    if (value && typeof value === 'object') {
        const out = {};
        for (const [k, v] of Object.entries(value))
            out[k] = render(v, ctx);
        return out;
    }
    return value;
}
function renderString(s, ctx) {
    const whole = /^\{\{\s*([^}]*?)\s*\}\}$/.exec(s);
    if (whole)
        return evaluate(whole[1], ctx);
    return s.replace(PLACEHOLDER, (_m, expr) => {
        const v = evaluate(expr, ctx);
        return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
}
function evaluate(expr, ctx) {
    const [head, ...rest] = expr.split(/\s+/);
    if (head === 'now')
        return ctx.now;
    const arg = (a) => (a.startsWith('.') ? getPath(ctx.object, parsePath(a)) : a.replace(/^"(.*)"$/, '$1'));
    if (head.startsWith('.'))
        return arg(head);
    const fn = ctx.functions[head];
    if (!fn)
        throw new Error(`unknown template function "${head}"`);
    return fn(...rest.map(arg));
}
function walkStrings(value, fn) {
    if (typeof value === 'string')
        fn(value);
    else if (Array.isArray(value))
        value.forEach(v => walkStrings(v, fn));
    else if (value && typeof value === 'object')
        Object.values(value).forEach(v => walkStrings(v, fn));
}

;// CONCATENATED MODULE: ./src/sim/behaviours/types.ts
/**
 * Behaviours as data (kwok-style stages): a resource, a selector on the object's current state, a
 * delay and ordered steps. Stages chain: each selector matches the state the previous one wrote.
 * This is the normalised form the engine runs; files are parsed and checked by load.ts.
 */
/** The version of the stage file format. */
const STAGE_API_VERSION = 'sim.ai-conformance.dev/v1alpha1';

;// CONCATENATED MODULE: ./src/sim/behaviours/load.ts
/**
 * Reads stage files (YAML text, one Stage per document), checks them and normalises them into
 * the engine's form. Every error names the source, the stage and the YAML path at fault.
 */




class StageError extends Error {
    constructor(message) {
        super(message);
        this.name = 'StageError';
    }
}
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const CONDITION_STATUSES = ['True', 'False', 'Unknown', 'Absent', 'NotTrue'];
const STEP_KINDS = ['patchStatus', 'patch', 'setCondition', 'event', 'addFinalizers', 'removeFinalizers', 'delete'];
/** Parses "1s", "250ms", "2m", or a number of milliseconds. */
function parseDuration(value, where) {
    if (typeof value === 'number' && value >= 0)
        return value;
    const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim()) : null;
    if (!m)
        throw new StageError(`${where}: expected a duration like "500ms", "2s" or "1m", got ${JSON.stringify(value)}`);
    const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2]];
    return Math.round(Number(m[1]) * factor);
}
/** Loads every stage of one source text; `functions` are the template functions the engine offers. */
function loadStages(text, source, functions = []) {
    const docs = (0,dist/* parseAllDocuments */.hR)(text);
    const stages = [];
    docs.forEach((doc, i) => {
        if (doc.errors.length)
            throw new StageError(`${source}: document ${i + 1}: ${doc.errors[0].message}`);
        const raw = doc.toJS();
        if (raw === null || raw === undefined)
            return;
        stages.push(normaliseStage(raw, `${source}: document ${i + 1}`, functions));
    });
    return stages;
}
/** Stages given inline as a list of Stage objects (scenario files). */
function normaliseStageList(raw, where, functions = []) {
    return raw.map((s, i) => normaliseStage(s, `${where}[${i}]`, functions));
}
function normaliseStage(raw, where, functions) {
    const o = mapping(raw, where);
    if (o.apiVersion !== STAGE_API_VERSION) {
        throw new StageError(`${where}: apiVersion must be ${STAGE_API_VERSION}, got ${JSON.stringify(o.apiVersion)}`);
    }
    if (o.kind !== 'Stage')
        throw new StageError(`${where}: kind must be Stage, got ${JSON.stringify(o.kind)}`);
    const meta = mapping(o.metadata, `${where}: metadata`);
    const name = str(meta.name, `${where}: metadata.name`);
    const at = `${where} (stage ${name})`;
    const spec = mapping(o.spec, `${at}: spec`);
    const ref = mapping(spec.resourceRef, `${at}: spec.resourceRef`);
    const group = ref.apiGroup === undefined ? '' : strAllowEmpty(ref.apiGroup, `${at}: spec.resourceRef.apiGroup`);
    const kind = str(ref.kind, `${at}: spec.resourceRef.kind`);
    const sel = spec.selector === undefined ? {} : mapping(spec.selector, `${at}: spec.selector`);
    const selector = {
        namespaces: optStrings(sel.namespaces, `${at}: spec.selector.namespaces`),
        names: optStrings(sel.names, `${at}: spec.selector.names`),
        matchLabels: optStringMap(sel.matchLabels, `${at}: spec.selector.matchLabels`),
        matchAnnotations: optStringMap(sel.matchAnnotations, `${at}: spec.selector.matchAnnotations`),
        matchExpressions: list(sel.matchExpressions, `${at}: spec.selector.matchExpressions`).map((e, i) => expression(e, `${at}: spec.selector.matchExpressions[${i}]`)),
        matchConditions: list(sel.matchConditions, `${at}: spec.selector.matchConditions`).map((c, i) => conditionMatch(c, `${at}: spec.selector.matchConditions[${i}]`))
    };
    const delayMs = spec.delay === undefined ? 0 : parseDuration(spec.delay, `${at}: spec.delay`);
    const rawSteps = list(spec.steps, `${at}: spec.steps`);
    if (!rawSteps.length)
        throw new StageError(`${at}: spec.steps must list at least one step`);
    const steps = rawSteps.map((s, i) => step(s, `${at}: spec.steps[${i}]`, functions));
    const description = typeof meta.description === 'string' ? meta.description : undefined;
    return { name, description, group, kind, selector, delayMs, steps };
}
function step(raw, where, functions) {
    const o = mapping(raw, where);
    const keys = Object.keys(o);
    if (keys.length !== 1 || !STEP_KINDS.includes(keys[0])) {
        throw new StageError(`${where}: a step has exactly one of ${STEP_KINDS.join(', ')}; got ${keys.join(', ') || 'nothing'}`);
    }
    const key = keys[0];
    const v = o[key];
    const at = `${where}.${key}`;
    switch (key) {
        case 'patchStatus':
        case 'patch': {
            const patch = mapping(v, at);
            checkTemplate(patch, functions, at);
            return { kind: key, patch };
        }
        case 'setCondition': {
            const c = mapping(v, at);
            checkTemplate(c, functions, at);
            return {
                kind: 'setCondition',
                condition: {
                    type: str(c.type, `${at}.type`),
                    status: oneOf(c.status, ['True', 'False', 'Unknown'], `${at}.status`),
                    reason: c.reason === undefined ? undefined : strAllowEmpty(c.reason, `${at}.reason`),
                    message: c.message === undefined ? undefined : strAllowEmpty(c.message, `${at}.message`)
                }
            };
        }
        case 'event': {
            const e = mapping(v, at);
            checkTemplate(e, functions, at);
            return {
                kind: 'event',
                type: oneOf(e.type ?? 'Normal', ['Normal', 'Warning'], `${at}.type`),
                reason: str(e.reason, `${at}.reason`),
                message: strAllowEmpty(e.message ?? '', `${at}.message`),
                component: e.component === undefined ? undefined : str(e.component, `${at}.component`)
            };
        }
        case 'addFinalizers':
        case 'removeFinalizers':
            return { kind: key, finalizers: optStrings(v, at) ?? [] };
        default:
            if (v !== true)
                throw new StageError(`${at}: must be true`);
            return { kind: 'delete' };
    }
}
function expression(raw, where) {
    const o = mapping(raw, where);
    const key = str(o.key, `${where}.key`);
    let path;
    try {
        path = parsePath(key);
    }
    catch (e) {
        throw new StageError(`${where}.key: ${e.message}`);
    }
    const operator = oneOf(o.operator, OPERATORS, `${where}.operator`);
    if (o.values !== undefined && !Array.isArray(o.values))
        throw new StageError(`${where}.values: expected a list`);
    const values = (o.values ?? []).map(String);
    if ((operator === 'In' || operator === 'NotIn') && !values.length) {
        throw new StageError(`${where}.values: ${operator} needs at least one value`);
    }
    return { key, path, operator, values };
}
function conditionMatch(raw, where) {
    const o = mapping(raw, where);
    return {
        type: str(o.type, `${where}.type`),
        status: oneOf(o.status, CONDITION_STATUSES, `${where}.status`)
    };
}
// ---- small typed readers ----
function mapping(v, where) {
    if (!v || typeof v !== 'object' || Array.isArray(v))
        throw new StageError(`${where}: expected a mapping`);
    return v;
}
function list(v, where) {
    if (v === undefined || v === null)
        return [];
    if (!Array.isArray(v))
        throw new StageError(`${where}: expected a list`);
    return v;
}
function str(v, where) {
    if (typeof v !== 'string' || !v)
        throw new StageError(`${where}: expected a non-empty string`);
    return v;
}
function strAllowEmpty(v, where) {
    if (typeof v !== 'string')
        throw new StageError(`${where}: expected a string`);
    return v;
}
function oneOf(v, allowed, where) {
    if (typeof v !== 'string' || !allowed.includes(v)) {
        throw new StageError(`${where}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
    }
    return v;
}
function optStrings(v, where) {
    if (v === undefined)
        return undefined;
    if (!Array.isArray(v) || v.some(x => typeof x !== 'string'))
        throw new StageError(`${where}: expected a list of strings`);
    return v;
}
function optStringMap(v, where) {
    if (v === undefined)
        return undefined;
    const o = mapping(v, where);
    for (const [k, x] of Object.entries(o)) {
        if (typeof x !== 'string')
            throw new StageError(`${where}["${k}"]: expected a string value (quote it in YAML)`);
    }
    return o;
}

;// CONCATENATED MODULE: ./src/sim/versions.ts
/** Kubernetes API version ordering: GA before beta before alpha, higher numbers first. */
const RE = /^v(\d+)(?:(alpha|beta)(\d+))?$/;
function rank(v) {
    const m = v.match(RE);
    if (!m)
        return undefined;
    const level = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
    return [level, Number(m[1]), m[3] === undefined ? 0 : Number(m[3])];
}
/** Compares for sorting, preferred version first (v1 < v1beta2 < v1beta1 < v1alpha1 < "foo"). */
function compareVersions(a, b) {
    const ra = rank(a);
    const rb = rank(b);
    if (ra && rb) {
        for (let i = 0; i < 3; i++)
            if (ra[i] !== rb[i])
                return rb[i] - ra[i];
        return 0;
    }
    if (ra)
        return -1;
    if (rb)
        return 1;
    return a < b ? -1 : a > b ? 1 : 0;
}
function sortVersions(versions) {
    return [...versions].sort(compareVersions);
}

;// CONCATENATED MODULE: ./src/sim/aggregation.ts

const APISERVICE_GROUP = 'apiregistration.k8s.io';
const APISERVICE_RESOURCE = 'apiservices';
function apiServiceName(group, version) {
    return `${version}.${group}`;
}
function isRemote(apiService) {
    return !!apiService.spec?.service;
}
function isAvailable(apiService) {
    return (apiService.status?.conditions ?? []).some((c) => c?.type === 'Available' && c?.status === 'True');
}
/** The APIService that routes a group/version away from the local store, if any. */
function remoteApiService(store, group, version) {
    if (!store.typeOf(APISERVICE_GROUP, APISERVICE_RESOURCE))
        return undefined;
    const svc = store.get(APISERVICE_GROUP, APISERVICE_RESOURCE, undefined, apiServiceName(group, version));
    return svc && isRemote(svc) ? svc : undefined;
}
/** Remote group/versions grouped by group, versions in priority order (versionPriority, then kube order). */
function remoteGroups(store) {
    const out = new Map();
    if (!store.typeOf(APISERVICE_GROUP, APISERVICE_RESOURCE))
        return out;
    for (const s of store.list(APISERVICE_GROUP, APISERVICE_RESOURCE)) {
        if (!isRemote(s) || !s.spec?.group || !s.spec?.version)
            continue;
        const list = out.get(s.spec.group) ?? [];
        list.push(s);
        out.set(s.spec.group, list);
    }
    for (const list of out.values()) {
        list.sort((a, b) => (b.spec.versionPriority ?? 0) - (a.spec.versionPriority ?? 0) ||
            compareVersions(a.spec.version, b.spec.version));
    }
    return out;
}
const installed = new WeakSet();
/** Keeps a local APIService for each served group/version (created and removed with the types). */
function installLocalApiServices(store) {
    if (installed.has(store))
        return;
    installed.add(store);
    let scheduled = false;
    const sync = () => {
        scheduled = false;
        if (!store.typeOf(APISERVICE_GROUP, APISERVICE_RESOURCE))
            return;
        const wanted = new Map();
        const groups = [];
        for (const t of store.allTypes())
            if (!groups.includes(t.group))
                groups.push(t.group);
        for (const t of store.allTypes()) {
            const gi = groups.indexOf(t.group);
            t.versions.forEach((version, vi) => {
                const custom = !KNOWN_BUILTIN.has(t.group);
                wanted.set(apiServiceName(t.group, version), {
                    group: t.group,
                    version,
                    groupPriority: custom ? 1000 : 18000 - gi * 100,
                    versionPriority: Math.max(1, 15 - vi)
                });
            });
        }
        const now = store.timestamp();
        for (const [name, w] of wanted) {
            if (store.get(APISERVICE_GROUP, APISERVICE_RESOURCE, undefined, name))
                continue;
            store.create({
                apiVersion: 'apiregistration.k8s.io/v1',
                kind: 'APIService',
                metadata: {
                    name,
                    labels: {
                        'kube-aggregator.kubernetes.io/automanaged': KNOWN_BUILTIN.has(w.group) ? 'onstart' : 'true'
                    }
                },
                spec: {
                    ...(w.group ? { group: w.group } : {}),
                    version: w.version,
                    groupPriorityMinimum: w.groupPriority,
                    versionPriority: w.versionPriority
                },
                status: {
                    conditions: [
                        {
                            type: 'Available',
                            status: 'True',
                            lastTransitionTime: now,
                            reason: 'Local',
                            message: 'Local APIServices are always available'
                        }
                    ]
                }
            });
        }
        for (const s of store.list(APISERVICE_GROUP, APISERVICE_RESOURCE)) {
            if (!isRemote(s) &&
                s.metadata.labels?.['kube-aggregator.kubernetes.io/automanaged'] &&
                !wanted.has(s.metadata.name)) {
                store.delete(APISERVICE_GROUP, APISERVICE_RESOURCE, undefined, s.metadata.name);
            }
        }
    };
    const schedule = () => {
        if (scheduled)
            return;
        scheduled = true;
        queueMicrotask(sync);
    };
    store.onTypesChanged(schedule);
    schedule();
}
const KNOWN_BUILTIN = new Set([
    '',
    'apiregistration.k8s.io',
    'apps',
    'events.k8s.io',
    'authentication.k8s.io',
    'authorization.k8s.io',
    'autoscaling',
    'batch',
    'certificates.k8s.io',
    'networking.k8s.io',
    'policy',
    'rbac.authorization.k8s.io',
    'storage.k8s.io',
    'admissionregistration.k8s.io',
    'apiextensions.k8s.io',
    'scheduling.k8s.io',
    'coordination.k8s.io',
    'node.k8s.io',
    'discovery.k8s.io',
    'flowcontrol.apiserver.k8s.io',
    'resource.k8s.io'
]);

;// CONCATENATED MODULE: ./src/sim/errors.ts
class errors_StatusError extends Error {
    code;
    reason;
    details;
    headers;
    constructor(code, reason, message, details, 
    /** Extra response headers, e.g. Retry-After for 429. */
    headers = {}) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
        this.headers = headers;
        this.name = 'StatusError';
    }
    toStatus() {
        return {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: this.message,
            reason: this.reason,
            ...(this.details ? { details: this.details } : {}),
            code: this.code
        };
    }
}
/** "pods" or "deployments.apps": how the apiserver names a resource in messages. */
function qualified(group, resource) {
    return group ? `${resource}.${group}` : resource;
}
function notFound(group, resource, name) {
    return new errors_StatusError(404, 'NotFound', `${qualified(group, resource)} "${name}" not found`, {
        name,
        group,
        kind: resource
    });
}
function alreadyExists(group, resource, name) {
    return new errors_StatusError(409, 'AlreadyExists', `${qualified(group, resource)} "${name}" already exists`, {
        name,
        group,
        kind: resource
    });
}
function conflict(group, resource, name, why) {
    return new errors_StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(group, resource)} "${name}": ${why ?? 'the object has been modified; please apply your changes to the latest version and try again'}`, { name, group, kind: resource });
}
function invalid(group, kind, name, causes) {
    const text = causes.map(c => `${c.field}: ${c.message}`).join(', ');
    const shown = causes.length > 1 ? `[${text}]` : text;
    const qualifiedKind = group ? `${kind}.${group}` : kind;
    return new errors_StatusError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${shown}`, {
        name,
        group,
        kind,
        causes: causes.map(c => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, field: c.field }))
    });
}
function badRequest(message) {
    return new errors_StatusError(400, 'BadRequest', message);
}
function methodNotAllowed(message = 'the server does not allow this method on the requested resource') {
    return new errors_StatusError(405, 'MethodNotAllowed', message);
}
function unauthorized() {
    return new errors_StatusError(401, 'Unauthorized', 'Unauthorized');
}
/** As the RBAC authorizer words it. */
function forbidden(user, verb, group, resource, namespace, name, subresource) {
    const res = subresource ? `${resource}/${subresource}` : resource;
    const q = qualified(group, resource);
    const scope = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
    return new errors_StatusError(403, 'Forbidden', `${name ? `${q} "${name}"` : q} is forbidden: User "${user}" cannot ${verb} resource "${res}" in API group "${group}"${scope}`, { ...(name ? { name } : {}), group, kind: resource });
}
function tooManyRequests(retryAfterSeconds) {
    return new errors_StatusError(429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later', { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
}
function serverTimeout(message = 'the server was unable to return a response in the time allotted, but may still be processing the request') {
    return new errors_StatusError(504, 'Timeout', message);
}
function serviceUnavailable(message = 'the server is currently unable to handle the request') {
    return new errors_StatusError(503, 'ServiceUnavailable', message);
}
function internalError(message) {
    return new errors_StatusError(500, 'InternalError', `Internal error occurred: ${message}`);
}
function gone(message = 'too old resource version') {
    return new errors_StatusError(410, 'Expired', message);
}
/** The apiserver's answer for paths and resources it does not serve. */
function notServed() {
    return new errors_StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}
/** As admission plugins word a denial: `pods "p" is forbidden: <why>`. */
function forbiddenBecause(group, resource, name, why) {
    const q = qualified(group, resource);
    return new errors_StatusError(403, 'Forbidden', `${name ? `${q} "${name}"` : q} is forbidden: ${why}`, {
        ...(name ? { name } : {}),
        group,
        kind: resource
    });
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/sim/store.ts
/**
 * The simulator's object store: typed resources, uids, resourceVersions with optimistic
 * concurrency, generateName, timestamps, finalizers and change events. The HTTP layer (server)
 * and the behaviours (controllers, scheduler, scenarios) both work through this one API.
 */


const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
/** Identity of a resource type in the store: its group and plural (versions share storage). */
function typeKey(group, resource) {
    return `${group}/${resource}`;
}
function objectKey(namespace, name) {
    return namespace ? `${namespace}/${name}` : name;
}
class Bucket {
    items = new Map();
    sorted = null;
    set(key, obj) {
        if (!this.items.has(key))
            this.sorted = null;
        this.items.set(key, obj);
    }
    delete(key) {
        if (this.items.delete(key))
            this.sorted = null;
    }
    /** Keys in the apiserver's list order (namespace, then name). */
    keys() {
        if (!this.sorted)
            this.sorted = Array.from(this.items.keys()).sort();
        return this.sorted;
    }
}
/** First index whose key is >= target (keys sorted). */
function lowerBound(keys, target) {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid] < target)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
/** First index whose key is > target (keys sorted). */
function upperBound(keys, target) {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid] <= target)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
/** A bounded log of changes in resourceVersion order, so watches can resume from a version. */
class ChangeLog {
    capacity;
    entries = [];
    /** Every change with a resourceVersion above floor is still in the log. */
    floor;
    constructor(capacity, start) {
        this.capacity = capacity;
        this.floor = start;
    }
    add(rv, change) {
        this.entries.push({ rv, change });
        if (this.entries.length > this.capacity * 2) {
            const drop = this.entries.length - this.capacity;
            this.floor = this.entries[drop - 1].rv;
            this.entries = this.entries.slice(drop);
        }
    }
    /** Changes after rv, oldest first; undefined when some of them were already forgotten. */
    since(rv) {
        if (rv < this.floor)
            return undefined;
        let lo = 0;
        let hi = this.entries.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.entries[mid].rv <= rv)
                lo = mid + 1;
            else
                hi = mid;
        }
        const out = [];
        for (let i = lo; i < this.entries.length; i++)
            out.push(this.entries[i].change);
        return out;
    }
    get oldest() {
        return this.floor;
    }
}
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
class ObjectStore {
    clock;
    types = new Map();
    byKind = new Map();
    buckets = new Map();
    listeners = new Set();
    typeListeners = new Set();
    rv = 1000;
    log;
    lastSecond = NaN;
    lastStamp = '';
    constructor(clock, opts = {}) {
        this.clock = clock;
        this.log = new ChangeLog(Math.max(16, opts.historySize ?? 10_000), this.rv);
    }
    // ---- types ----
    registerType(t) {
        const key = typeKey(t.group, t.resource);
        this.types.set(key, t);
        this.byKind.set(`${t.group}/${t.kind}`, t);
        if (!this.buckets.has(key))
            this.buckets.set(key, new Bucket());
        this.typesChanged();
    }
    /** Stops serving a type; its objects are dropped (as when a CRD is deleted). */
    unregisterType(group, resource) {
        const key = typeKey(group, resource);
        const t = this.types.get(key);
        if (!t)
            return;
        this.types.delete(key);
        this.byKind.delete(`${t.group}/${t.kind}`);
        this.buckets.delete(key);
        this.typesChanged();
    }
    /** Subscribes to types being registered or unregistered (discovery, watches); returns the unsubscribe function. */
    onTypesChanged(listener) {
        this.typeListeners.add(listener);
        return () => this.typeListeners.delete(listener);
    }
    typeOf(group, resource) {
        return this.types.get(typeKey(group, resource));
    }
    /** The type of an apiVersion + kind, e.g. ("apps/v1", "Deployment"). */
    typeForKind(apiVersion, kind) {
        const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
        return this.byKind.get(`${group}/${kind}`);
    }
    allTypes() {
        return Array.from(this.types.values());
    }
    // ---- reads ----
    get(group, resource, namespace, name) {
        const t = this.types.get(typeKey(group, resource));
        if (!t)
            return undefined;
        return this.buckets
            .get(typeKey(group, resource))
            ?.items.get(objectKey(t.namespaced ? namespace : undefined, name));
    }
    /** Like get, but a NotFound StatusError when absent. */
    mustGet(group, resource, namespace, name) {
        const obj = this.get(group, resource, namespace, name);
        if (!obj)
            throw notFound(group, resource, name);
        return obj;
    }
    /** Objects of a type in list order; all namespaces when namespace is undefined. */
    list(group, resource, namespace) {
        const bucket = this.buckets.get(typeKey(group, resource));
        if (!bucket)
            return [];
        const keys = bucket.keys();
        // Keys "ns/name" of one namespace sit between "ns/" and "ns0" ('0' follows '/').
        const lo = namespace ? lowerBound(keys, `${namespace}/`) : 0;
        const hi = namespace ? lowerBound(keys, `${namespace}0`) : keys.length;
        const out = new Array(hi - lo);
        for (let i = lo; i < hi; i++)
            out[i - lo] = bucket.items.get(keys[i]);
        return out;
    }
    /**
     * One page of a type's objects in list order, starting after the key `after` (an opaque
     * continue position) — a binary search, so paging through n objects costs O(n) in total.
     */
    listPage(group, resource, opts = {}) {
        const t = this.types.get(typeKey(group, resource));
        const bucket = this.buckets.get(typeKey(group, resource));
        if (!t || !bucket)
            return { items: [] };
        const keys = bucket.keys();
        const ns = t.namespaced ? opts.namespace : undefined;
        // Keys "ns/name" of one namespace sit between "ns/" and "ns0" ('0' follows '/').
        const lo = ns ? lowerBound(keys, `${ns}/`) : 0;
        const hi = ns ? lowerBound(keys, `${ns}0`) : keys.length;
        let i = opts.after !== undefined ? Math.max(lo, upperBound(keys, opts.after)) : lo;
        const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
        const items = [];
        for (; i < hi && items.length < limit; i++) {
            const obj = bucket.items.get(keys[i]);
            if (!opts.filter || opts.filter(obj))
                items.push(obj);
        }
        const page = { items };
        if (i < hi && items.length >= limit) {
            page.next = keys[i - 1];
            if (!opts.filter)
                page.remaining = hi - i;
        }
        return page;
    }
    /** The key listPage continues after for this object. */
    static keyOf(obj) {
        return objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
    }
    /**
     * Changes after a resourceVersion, oldest first, for watches; undefined when that version is
     * older than the history kept (the apiserver's 410 Expired).
     */
    changesSince(resourceVersion) {
        return this.log.since(Number(resourceVersion));
    }
    /** The oldest resourceVersion a watch can resume from. */
    get oldestResourceVersion() {
        return String(this.log.oldest);
    }
    /** Creates many objects (scenario data, benchmarks): create() in a loop, failing on the first error. */
    createMany(objs) {
        return objs.map(o => this.create(o));
    }
    count(group, resource) {
        return this.buckets.get(typeKey(group, resource))?.items.size ?? 0;
    }
    /** The current resourceVersion of the whole store (for list metadata). */
    get resourceVersion() {
        return String(this.rv);
    }
    // ---- writes ----
    /**
     * Creates an object: generateName, uid, resourceVersion, creationTimestamp, generation.
     * Throws AlreadyExists or Invalid as the apiserver would.
     */
    create(obj, opts = {}) {
        const t = this.requireType(obj);
        const meta = { ...(obj.metadata ?? {}) };
        if (!meta.name && meta.generateName)
            meta.name = `${meta.generateName}${randomSuffix()}`;
        if (!meta.name) {
            throw invalid(t.group, t.kind, '', [
                {
                    field: 'metadata.name',
                    reason: 'FieldValueRequired',
                    message: 'Required value: name or generateName is required'
                }
            ]);
        }
        if (!DNS1123_SUBDOMAIN.test(meta.name) && t.kind !== 'APIService') {
            throw invalid(t.group, t.kind, meta.name, [
                {
                    field: 'metadata.name',
                    message: `Invalid value: "${meta.name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`
                }
            ]);
        }
        if (t.namespaced) {
            if (!meta.namespace)
                meta.namespace = 'default';
        }
        else {
            delete meta.namespace;
        }
        const bucket = this.buckets.get(typeKey(t.group, t.resource));
        const key = objectKey(meta.namespace, meta.name);
        if (bucket.items.has(key))
            throw alreadyExists(t.group, t.resource, meta.name);
        meta.uid = opts.uid ?? (0,external_node_crypto_.randomUUID)();
        meta.creationTimestamp = this.timestamp();
        meta.generation = 1;
        delete meta.deletionTimestamp;
        const stored = { ...obj, apiVersion: obj.apiVersion, kind: t.kind, metadata: meta };
        if (isNamespace(t)) {
            // As the namespace strategy: the "kubernetes" finalizer holds it until its content is gone.
            stored.spec = { ...(stored.spec ?? {}), finalizers: stored.spec?.finalizers ?? ['kubernetes'] };
            stored.status = { ...(stored.status ?? {}), phase: 'Active' };
        }
        if (opts.dryRun)
            return { ...stored, metadata: { ...meta } };
        meta.resourceVersion = this.nextRv();
        bucket.set(key, stored);
        this.emit({ type: 'ADDED', rtype: t, object: stored });
        return stored;
    }
    /**
     * Replaces an object. A resourceVersion that is set and not current is a Conflict.
     * With subresource "status" only status changes; otherwise status is kept and generation
     * rises when the spec changed.
     */
    update(obj, opts = {}) {
        const t = this.requireType(obj);
        const name = obj.metadata?.name;
        if (!name) {
            throw invalid(t.group, t.kind, '', [
                { field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name is required' }
            ]);
        }
        const namespace = t.namespaced ? obj.metadata.namespace || 'default' : undefined;
        const bucket = this.buckets.get(typeKey(t.group, t.resource));
        const key = objectKey(namespace, name);
        const current = bucket.items.get(key);
        if (!current) {
            if (opts.create)
                return this.create({ ...obj, metadata: { ...obj.metadata, namespace } }, opts);
            throw notFound(t.group, t.resource, name);
        }
        const rv = obj.metadata.resourceVersion;
        if (rv && rv !== current.metadata.resourceVersion)
            throw conflict(t.group, t.resource, name);
        let next;
        if (opts.subresource === 'status') {
            next = { ...current, status: obj.status };
        }
        else {
            const { status: _ignored, ...rest } = obj;
            next = { ...rest, kind: t.kind, metadata: { ...obj.metadata } };
            if (current.status !== undefined && t.subresources.includes('status'))
                next.status = current.status;
            else if (obj.status !== undefined)
                next.status = obj.status;
            // Server-owned fields cannot be changed by an update.
            next.metadata.uid = current.metadata.uid;
            next.metadata.creationTimestamp = current.metadata.creationTimestamp;
            next.metadata.namespace = current.metadata.namespace;
            next.metadata.name = current.metadata.name;
            if (current.metadata.deletionTimestamp)
                next.metadata.deletionTimestamp = current.metadata.deletionTimestamp;
            const specChanged = JSON.stringify(specOf(current)) !== JSON.stringify(specOf(next));
            next.metadata.generation = (current.metadata.generation ?? 1) + (specChanged ? 1 : 0);
        }
        next.apiVersion = obj.apiVersion || current.apiVersion;
        if (opts.dryRun)
            return next;
        next.metadata = { ...next.metadata, resourceVersion: this.nextRv() };
        // A terminating object whose last finalizer went away is removed.
        if (next.metadata.deletionTimestamp && !hasFinalizers(t, next)) {
            bucket.delete(key);
            this.emit({ type: 'DELETED', rtype: t, object: next, old: current });
            return next;
        }
        bucket.set(key, next);
        this.emit({ type: 'MODIFIED', rtype: t, object: next, old: current });
        return next;
    }
    /**
     * Deletes an object. With finalizers it only gets a deletionTimestamp (and stays until they are
     * removed); otherwise it is gone. Returns the object as the apiserver reports it.
     */
    delete(group, resource, namespace, name, opts = {}) {
        const t = this.types.get(typeKey(group, resource));
        if (!t)
            throw notFound(group, resource, name);
        const bucket = this.buckets.get(typeKey(group, resource));
        const key = objectKey(t.namespaced ? namespace : undefined, name);
        const current = bucket.items.get(key);
        if (!current)
            throw notFound(group, resource, name);
        if (opts.preconditionUid && opts.preconditionUid !== current.metadata.uid) {
            throw conflict(group, resource, name, `Precondition failed: UID in precondition: ${opts.preconditionUid}, UID in object meta: ${current.metadata.uid}`);
        }
        if (opts.preconditionRv && opts.preconditionRv !== current.metadata.resourceVersion) {
            throw conflict(group, resource, name, `Precondition failed: ResourceVersion in precondition: ${opts.preconditionRv}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
        }
        if (opts.dryRun)
            return { object: current, removed: false };
        if (hasFinalizers(t, current)) {
            if (current.metadata.deletionTimestamp)
                return { object: current, removed: false };
            const next = {
                ...current,
                metadata: {
                    ...current.metadata,
                    deletionTimestamp: this.timestamp(),
                    deletionGracePeriodSeconds: 0,
                    resourceVersion: this.nextRv()
                }
            };
            if (isNamespace(t))
                next.status = { ...(current.status ?? {}), phase: 'Terminating' };
            bucket.set(key, next);
            this.emit({ type: 'MODIFIED', rtype: t, object: next, old: current });
            return { object: next, removed: false };
        }
        bucket.delete(key);
        const gone = { ...current, metadata: { ...current.metadata, resourceVersion: this.nextRv() } };
        this.emit({ type: 'DELETED', rtype: t, object: gone, old: current });
        return { object: gone, removed: true };
    }
    // ---- events ----
    /** Subscribes to every change; returns the unsubscribe function. */
    onChange(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    timestamp() {
        // Seconds resolution, as the apiserver: one formatted string per second, not per object.
        const second = Math.floor(this.clock.now() / 1000);
        if (second !== this.lastSecond) {
            this.lastSecond = second;
            this.lastStamp = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
        }
        return this.lastStamp;
    }
    nextRv() {
        this.rv += 1;
        return String(this.rv);
    }
    emit(change) {
        // Logged before listeners run, so the log stays in resourceVersion order even when a
        // listener writes to the store while being told about this change.
        this.log.add(Number(change.object.metadata.resourceVersion), change);
        for (const l of Array.from(this.listeners))
            l(change);
    }
    typesChanged() {
        for (const l of Array.from(this.typeListeners))
            l();
    }
    requireType(obj) {
        const t = obj && typeof obj === 'object'
            ? this.typeForKind(String(obj.apiVersion ?? ''), String(obj.kind ?? ''))
            : undefined;
        if (!t) {
            throw new errors_StatusError(404, 'NotFound', `the server could not find the requested resource (kind "${obj?.kind}" in "${obj?.apiVersion}")`);
        }
        return t;
    }
}
function isNamespace(t) {
    return t.group === '' && t.resource === 'namespaces';
}
/** metadata.finalizers, and for a namespace also spec.finalizers (the namespace controller's). */
function hasFinalizers(t, obj) {
    if ((obj.metadata.finalizers ?? []).length > 0)
        return true;
    return isNamespace(t) && Array.isArray(obj.spec?.finalizers) && obj.spec.finalizers.length > 0;
}
function specOf(obj) {
    const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
    return rest;
}
const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';
/** Five characters from the apiserver's generateName alphabet. */
function randomSuffix(n = 5) {
    let s = '';
    for (let i = 0; i < n; i++)
        s += ALNUM[Math.floor(Math.random() * ALNUM.length)];
    return s;
}

;// CONCATENATED MODULE: ./src/sim/crd.ts
/**
 * CustomResourceDefinitions: creating one serves its versions (store.registerType, which
 * discovery follows) and the server sets NamesAccepted and Established; deleting one stops
 * serving it and drops its objects. Works for CRDs written through the API and for those a
 * scenario puts straight into the store.
 */



const CRD_GROUP = 'apiextensions.k8s.io';
const CRD_RESOURCE = 'customresourcedefinitions';
/** The ResourceType a CRD serves, or undefined when it serves no version. */
function crdToType(crd) {
    const spec = crd.spec ?? {};
    const names = spec.names ?? {};
    if (!spec.group || !names.plural || !names.kind)
        return undefined;
    const served = (spec.versions ?? []).filter((v) => v && v.served !== false);
    const subresources = new Set();
    for (const v of served) {
        if (v.subresources?.status)
            subresources.add('status');
        if (v.subresources?.scale)
            subresources.add('scale');
    }
    const t = {
        group: spec.group,
        versions: sortVersions(served.map((v) => String(v.name))),
        resource: names.plural,
        kind: names.kind,
        listKind: names.listKind ?? `${names.kind}List`,
        singular: names.singular ?? String(names.kind).toLowerCase(),
        namespaced: spec.scope !== 'Cluster',
        subresources: [...subresources],
        verbs: ALL_VERBS
    };
    if (Array.isArray(names.shortNames) && names.shortNames.length)
        t.shortNames = names.shortNames;
    if (Array.isArray(names.categories) && names.categories.length)
        t.categories = names.categories;
    return t;
}
/** The definition of a served custom resource version (schema, scale paths, printer columns). */
function crdVersion(store, group, resource, version) {
    const crd = store.get(CRD_GROUP, CRD_RESOURCE, undefined, `${resource}.${group}`);
    return (crd?.spec?.versions ?? []).find((v) => v?.name === version);
}
/** Whether a type is served from a CRD (custom resources have no strategic merge, generic field selectors). */
function isCustom(store, t) {
    const crd = store.get(CRD_GROUP, CRD_RESOURCE, undefined, `${t.resource}.${t.group}`);
    return crd !== undefined && crd.spec?.names?.kind === t.kind;
}
/** The apiserver's CRD validation of what this simulator relies on. */
function validateCrd(crd) {
    const causes = [];
    const spec = crd.spec ?? {};
    const name = crd.metadata?.name ?? '';
    if (!spec.group)
        causes.push({ field: 'spec.group', reason: 'FieldValueRequired', message: 'Required value' });
    if (!spec.names?.plural)
        causes.push({ field: 'spec.names.plural', reason: 'FieldValueRequired', message: 'Required value' });
    if (!spec.names?.kind)
        causes.push({ field: 'spec.names.kind', reason: 'FieldValueRequired', message: 'Required value' });
    if (spec.group && spec.names?.plural && name !== `${spec.names.plural}.${spec.group}`) {
        causes.push({
            field: 'metadata.name',
            message: `Invalid value: "${name}": must be spec.names.plural+"."+spec.group`
        });
    }
    if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
        causes.push({
            field: 'spec.scope',
            reason: 'FieldValueNotSupported',
            message: `Unsupported value: "${spec.scope ?? ''}": supported values: "Cluster", "Namespaced"`
        });
    }
    const versions = Array.isArray(spec.versions) ? spec.versions : [];
    if (!versions.length)
        causes.push({
            field: 'spec.versions',
            reason: 'FieldValueInvalid',
            message: 'Invalid value: null: must have exactly one version marked as storage version'
        });
    else if (versions.filter((v) => v?.storage === true).length !== 1) {
        causes.push({
            field: 'spec.versions',
            message: `Invalid value: ${JSON.stringify(versions.map((v) => v?.name))}: must have exactly one version marked as storage version`
        });
    }
    if (causes.length)
        throw invalid(CRD_GROUP, 'CustomResourceDefinition', name, causes);
}
function condition(type, reason, message, now) {
    return { type, status: 'True', lastTransitionTime: now, reason, message };
}
function needsStatus(crd) {
    const conds = crd.status?.conditions ?? [];
    const ok = (t) => conds.some(c => c.type === t && c.status === 'True');
    const storage = (crd.spec?.versions ?? []).find((v) => v?.storage)?.name;
    return (!ok('NamesAccepted') ||
        !ok('Established') ||
        (storage && !(crd.status?.storedVersions ?? []).includes(storage)) ||
        JSON.stringify(crd.status?.acceptedNames ?? {}) !== JSON.stringify(acceptedNames(crd)));
}
function acceptedNames(crd) {
    const n = crd.spec?.names ?? {};
    const out = {
        plural: n.plural,
        singular: n.singular ?? String(n.kind ?? '').toLowerCase(),
        kind: n.kind,
        listKind: n.listKind ?? `${n.kind}List`
    };
    if (n.shortNames)
        out.shortNames = n.shortNames;
    if (n.categories)
        out.categories = n.categories;
    return out;
}
const crd_installed = new WeakSet();
/** Serves every CRD in the store now and from now on. Idempotent per store. */
function installCrdController(store) {
    if (crd_installed.has(store))
        return;
    crd_installed.add(store);
    const served = new Map(); // crd name -> type key it registered
    const pendingStatus = new Set();
    const flushStatus = () => {
        for (const name of pendingStatus) {
            pendingStatus.delete(name);
            const crd = store.get(CRD_GROUP, CRD_RESOURCE, undefined, name);
            if (!crd || !needsStatus(crd))
                continue;
            const now = store.timestamp();
            const storage = (crd.spec?.versions ?? []).find((v) => v?.storage)?.name;
            const stored = new Set(crd.status?.storedVersions ?? []);
            if (storage)
                stored.add(storage);
            const others = (crd.status?.conditions ?? []).filter((c) => c.type !== 'NamesAccepted' && c.type !== 'Established');
            store.update({
                ...crd,
                metadata: { ...crd.metadata, resourceVersion: undefined },
                status: {
                    ...(crd.status ?? {}),
                    conditions: [
                        condition('NamesAccepted', 'NoConflicts', 'no conflicts found', now),
                        condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted', now),
                        ...others
                    ],
                    acceptedNames: acceptedNames(crd),
                    storedVersions: [...stored]
                }
            }, { subresource: 'status' });
        }
    };
    const serve = (crd) => {
        const name = crd.metadata.name;
        const t = crdToType(crd);
        const previous = served.get(name);
        if (!t)
            return;
        const key = `${t.group}/${t.resource}`;
        if (previous && previous !== key) {
            const [g, r] = [previous.slice(0, previous.indexOf('/')), previous.slice(previous.indexOf('/') + 1)];
            store.unregisterType(g, r);
        }
        const current = store.typeOf(t.group, t.resource);
        if (!current || JSON.stringify(current) !== JSON.stringify(t))
            store.registerType(t);
        served.set(name, key);
        if (needsStatus(crd)) {
            if (!pendingStatus.size)
                queueMicrotask(flushStatus);
            pendingStatus.add(name);
        }
    };
    const stop = (crd) => {
        const key = served.get(crd.metadata.name);
        if (!key)
            return;
        served.delete(crd.metadata.name);
        const i = key.indexOf('/');
        store.unregisterType(key.slice(0, i), key.slice(i + 1));
    };
    for (const crd of store.list(CRD_GROUP, CRD_RESOURCE))
        serve(crd);
    store.onChange((c) => {
        if (c.rtype.group !== CRD_GROUP || c.rtype.resource !== CRD_RESOURCE)
            return;
        if (c.type === 'DELETED')
            stop(c.object);
        else
            serve(c.object);
    });
}

;// CONCATENATED MODULE: ./src/sim/event-mirror.ts
const CORE = { group: '', resource: 'events' };
const V1 = { group: 'events.k8s.io', resource: 'events' };
function drop(o) {
    for (const k of Object.keys(o))
        if (o[k] === undefined)
            delete o[k];
    return o;
}
function meta(o) {
    const { resourceVersion: _rv, creationTimestamp: _c, generation: _g, managedFields: _m, ...rest } = o.metadata;
    return rest;
}
function coreToEventsV1(e) {
    return drop({
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: meta(e),
        eventTime: e.eventTime ?? null,
        series: e.series,
        reportingController: e.reportingComponent || e.source?.component || undefined,
        reportingInstance: e.reportingInstance || e.source?.host || undefined,
        action: e.action,
        reason: e.reason,
        regarding: e.involvedObject,
        related: e.related,
        note: e.message,
        type: e.type,
        deprecatedSource: e.source,
        deprecatedFirstTimestamp: e.firstTimestamp,
        deprecatedLastTimestamp: e.lastTimestamp,
        deprecatedCount: e.count
    });
}
function eventsV1ToCore(e) {
    return drop({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: meta(e),
        involvedObject: e.regarding ?? {},
        reason: e.reason,
        message: e.note,
        source: e.deprecatedSource ??
            (e.reportingController ? { component: e.reportingController, host: e.reportingInstance } : undefined),
        firstTimestamp: e.deprecatedFirstTimestamp,
        lastTimestamp: e.deprecatedLastTimestamp,
        count: e.deprecatedCount,
        type: e.type,
        eventTime: e.eventTime,
        series: e.series,
        action: e.action,
        related: e.related,
        reportingComponent: e.reportingController ?? '',
        reportingInstance: e.reportingInstance ?? ''
    });
}
const event_mirror_installed = new WeakSet();
function installEventMirror(store) {
    if (event_mirror_installed.has(store))
        return;
    event_mirror_installed.add(store);
    let mirroring = false;
    const mirror = (c) => {
        const fromCore = c.rtype.group === CORE.group && c.rtype.resource === CORE.resource;
        const fromV1 = c.rtype.group === V1.group && c.rtype.resource === V1.resource;
        if (mirroring || (!fromCore && !fromV1))
            return;
        const target = fromCore ? V1 : CORE;
        if (!store.typeOf(target.group, target.resource))
            return;
        const { namespace, name, uid } = c.object.metadata;
        mirroring = true;
        try {
            const existing = store.get(target.group, target.resource, namespace, name);
            if (c.type === 'DELETED') {
                if (existing)
                    store.delete(target.group, target.resource, namespace, name);
                return;
            }
            const converted = fromCore ? coreToEventsV1(c.object) : eventsV1ToCore(c.object);
            if (!existing)
                store.create(converted, { uid });
            else
                store.update({ ...converted, metadata: { ...converted.metadata, resourceVersion: undefined } });
        }
        finally {
            mirroring = false;
        }
    };
    store.onChange(mirror);
}

;// CONCATENATED MODULE: ./src/sim/gc.ts
/**
 * The garbage collector: objects whose owners (metadata.ownerReferences) are gone are deleted
 * (background propagation); an owner deleted with propagationPolicy=Foreground keeps the
 * `foregroundDeletion` finalizer until its dependents are gone. Orphaning is done by the REST
 * layer before the owner is deleted (see orphanDependents). Work runs in a microtask after the
 * change, so watch streams see the owner's event before its dependents'.
 */

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';
const collectors = new WeakMap();
class GarbageCollector {
    store;
    /** uid -> where the object lives, for every object in the store. */
    byUid = new Map();
    /** owner uid -> dependent uids. */
    dependents = new Map();
    queue = new Set();
    scheduled = false;
    constructor(store) {
        this.store = store;
        for (const t of store.allTypes())
            for (const o of store.list(t.group, t.resource))
                this.index(o, { group: t.group, resource: t.resource });
        store.onChange(c => this.observe(c));
    }
    /** Dependents of an owner that still exist. */
    dependentsOf(ownerUid) {
        const out = [];
        for (const uid of this.dependents.get(ownerUid) ?? []) {
            const o = this.lookup(uid);
            if (o)
                out.push(o);
        }
        return out;
    }
    /** Removes the owner reference to ownerUid from every dependent (propagationPolicy=Orphan). */
    orphanDependents(ownerUid) {
        for (const dep of this.dependentsOf(ownerUid)) {
            const refs = (dep.metadata.ownerReferences ?? []).filter(r => r.uid !== ownerUid);
            this.store.update({
                ...dep,
                metadata: {
                    ...dep.metadata,
                    resourceVersion: undefined,
                    ownerReferences: refs.length ? refs : undefined
                }
            });
        }
    }
    lookup(uid) {
        const ref = this.byUid.get(uid);
        if (!ref)
            return undefined;
        const o = this.store.get(ref.group, ref.resource, ref.namespace, ref.name);
        return o && o.metadata.uid === uid ? o : undefined;
    }
    index(o, t) {
        const uid = o.metadata.uid;
        if (!uid)
            return;
        this.byUid.set(uid, {
            group: t.group,
            resource: t.resource,
            namespace: o.metadata.namespace,
            name: o.metadata.name
        });
        for (const r of o.metadata.ownerReferences ?? []) {
            let set = this.dependents.get(r.uid);
            if (!set)
                this.dependents.set(r.uid, (set = new Set()));
            set.add(uid);
        }
    }
    unindexOwners(o) {
        for (const r of o.metadata.ownerReferences ?? []) {
            const set = this.dependents.get(r.uid);
            set?.delete(o.metadata.uid);
            if (set && !set.size)
                this.dependents.delete(r.uid);
        }
    }
    observe(c) {
        const uid = c.object.metadata.uid;
        if (!uid)
            return;
        if (c.old)
            this.unindexOwners(c.old);
        if (c.type === 'DELETED') {
            this.unindexOwners(c.object);
            this.byUid.delete(uid);
            if (this.dependents.has(uid))
                this.enqueue(uid);
            // An owner waiting in the foreground may now be free.
            for (const r of c.object.metadata.ownerReferences ?? [])
                this.enqueue(r.uid);
            return;
        }
        this.index(c.object, c.rtype);
        if (c.object.metadata.deletionTimestamp && (c.object.metadata.finalizers ?? []).includes(FOREGROUND))
            this.enqueue(uid);
    }
    enqueue(uid) {
        this.queue.add(uid);
        if (!this.scheduled) {
            this.scheduled = true;
            queueMicrotask(() => this.drain());
        }
    }
    drain() {
        this.scheduled = false;
        while (this.queue.size) {
            const uid = this.queue.values().next().value;
            this.queue.delete(uid);
            try {
                this.process(uid);
            }
            catch (e) {
                if (!(e instanceof errors_StatusError))
                    throw e;
                // NotFound/Conflict: someone else got there first; the next change re-queues if needed.
            }
        }
    }
    process(uid) {
        const owner = this.lookup(uid);
        if (!owner) {
            // The owner is gone: delete dependents that have no other live owner.
            for (const dep of this.dependentsOf(uid)) {
                const others = (dep.metadata.ownerReferences ?? []).filter(r => r.uid !== uid && this.lookup(r.uid));
                if (others.length) {
                    this.store.update({
                        ...dep,
                        metadata: { ...dep.metadata, resourceVersion: undefined, ownerReferences: others }
                    });
                }
                else if (!dep.metadata.deletionTimestamp) {
                    this.deleteObject(dep);
                }
            }
            return;
        }
        if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FOREGROUND)) {
            const deps = this.dependentsOf(uid);
            for (const dep of deps)
                if (!dep.metadata.deletionTimestamp)
                    this.deleteObject(dep, true);
            if (!this.dependentsOf(uid).length) {
                const fresh = this.lookup(uid);
                const finalizers = (fresh.metadata.finalizers ?? []).filter(f => f !== FOREGROUND);
                this.store.update({
                    ...fresh,
                    metadata: { ...fresh.metadata, resourceVersion: undefined, finalizers }
                });
            }
        }
    }
    deleteObject(o, foreground = false) {
        const ref = this.byUid.get(o.metadata.uid);
        if (foreground && this.dependents.has(o.metadata.uid)) {
            const finalizers = [...(o.metadata.finalizers ?? []), FOREGROUND];
            this.store.update({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, finalizers } });
        }
        this.store.delete(ref.group, ref.resource, ref.namespace, ref.name);
    }
}
/** The collector of a store, started on first use. */
function installGarbageCollector(store) {
    let gc = collectors.get(store);
    if (!gc)
        collectors.set(store, (gc = new GarbageCollector(store)));
    return gc;
}

;// CONCATENATED MODULE: ./src/sim/machinery.ts
/**
 * What a kube-apiserver runs next to its REST handlers, installed once per store: CRDs served
 * as they appear, the garbage collector, the local APIService objects of served groups, and the
 * one Event resource behind core/v1 and events.k8s.io/v1.
 */




function installApiMachinery(store) {
    installCrdController(store);
    installGarbageCollector(store);
    installLocalApiServices(store);
    installEventMirror(store);
}

;// CONCATENATED MODULE: ./src/sim/builtin-types.ts
/**
 * The built-in resource types of a kube-apiserver of a given minor version, registered in the
 * store in the apiserver's discovery order. What is served follows the real defaults:
 * resource.k8s.io/v1 from 1.34 (with v1beta2 and v1beta1 also served); on 1.33 the DRA beta APIs
 * are off unless `dra: 'beta'` turns them on.
 */


const NO_DELETECOLLECTION = ALL_VERBS.filter(v => v !== 'deletecollection');
const CREATE_ONLY = ['create'];
function add(store, group, versions, specs) {
    for (const s of specs) {
        const t = {
            group,
            versions,
            resource: s.resource,
            kind: s.kind,
            listKind: `${s.kind}List`,
            singular: s.singular ?? s.kind.toLowerCase(),
            namespaced: s.namespaced,
            subresources: s.subresources ?? [],
            verbs: s.verbs ?? ALL_VERBS
        };
        if (s.shortNames)
            t.shortNames = s.shortNames;
        if (s.categories)
            t.categories = s.categories;
        store.registerType(t);
    }
}
/** Review types answered at create time and never stored. */
const VIRTUAL = new Set([
    'authorization.k8s.io/selfsubjectaccessreviews',
    'authorization.k8s.io/selfsubjectrulesreviews',
    'authorization.k8s.io/subjectaccessreviews',
    'authorization.k8s.io/localsubjectaccessreviews',
    'authentication.k8s.io/selfsubjectreviews',
    'authentication.k8s.io/tokenreviews',
    '/bindings'
]);
function isVirtual(t) {
    return VIRTUAL.has(`${t.group}/${t.resource}`);
}
const minors = new WeakMap();
/** The minor version registerBuiltinTypes was called with for this store (for /version). */
function builtinMinor(store) {
    return minors.get(store);
}
/** DRA (resource.k8s.io) versions served by default for a minor version. */
function draVersions(minor, mode = 'default') {
    if (mode === 'off')
        return [];
    if (minor >= 34)
        return ['v1', 'v1beta2', 'v1beta1'];
    if (mode === 'beta')
        return minor >= 33 ? ['v1beta2', 'v1beta1'] : ['v1beta1'];
    return [];
}
function registerBuiltinTypes(store, minor, opts = {}) {
    if (!Number.isInteger(minor) || minor < 20 || minor > 99) {
        throw new Error(`registerBuiltinTypes: minor must be a Kubernetes 1.x minor version such as 34 (got ${String(minor)})`);
    }
    minors.set(store, minor);
    const all = ['all'];
    add(store, '', ['v1'], [
        { resource: 'bindings', kind: 'Binding', namespaced: true, verbs: CREATE_ONLY },
        { resource: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
        {
            resource: 'endpoints',
            kind: 'Endpoints',
            namespaced: true,
            shortNames: ['ep'],
            singular: 'endpoints'
        },
        { resource: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'] },
        { resource: 'limitranges', kind: 'LimitRange', namespaced: true, shortNames: ['limits'] },
        {
            resource: 'namespaces',
            kind: 'Namespace',
            namespaced: false,
            shortNames: ['ns'],
            subresources: ['status', 'finalize'],
            verbs: NO_DELETECOLLECTION
        },
        {
            resource: 'nodes',
            kind: 'Node',
            namespaced: false,
            shortNames: ['no'],
            subresources: ['status', 'proxy']
        },
        {
            resource: 'persistentvolumeclaims',
            kind: 'PersistentVolumeClaim',
            namespaced: true,
            shortNames: ['pvc'],
            subresources: ['status']
        },
        {
            resource: 'persistentvolumes',
            kind: 'PersistentVolume',
            namespaced: false,
            shortNames: ['pv'],
            subresources: ['status']
        },
        {
            resource: 'pods',
            kind: 'Pod',
            namespaced: true,
            shortNames: ['po'],
            categories: all,
            subresources: ['status', 'log', 'proxy', 'binding', 'eviction']
        },
        {
            resource: 'resourcequotas',
            kind: 'ResourceQuota',
            namespaced: true,
            shortNames: ['quota'],
            subresources: ['status']
        },
        { resource: 'secrets', kind: 'Secret', namespaced: true },
        { resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] },
        {
            resource: 'services',
            kind: 'Service',
            namespaced: true,
            shortNames: ['svc'],
            categories: all,
            subresources: ['status', 'proxy']
        }
    ]);
    add(store, 'apiregistration.k8s.io', ['v1'], [
        {
            resource: 'apiservices',
            kind: 'APIService',
            namespaced: false,
            subresources: ['status'],
            categories: ['api-extensions']
        }
    ]);
    add(store, 'apps', ['v1'], [
        { resource: 'controllerrevisions', kind: 'ControllerRevision', namespaced: true },
        {
            resource: 'daemonsets',
            kind: 'DaemonSet',
            namespaced: true,
            shortNames: ['ds'],
            categories: all,
            subresources: ['status']
        },
        {
            resource: 'deployments',
            kind: 'Deployment',
            namespaced: true,
            shortNames: ['deploy'],
            categories: all,
            subresources: ['status', 'scale']
        },
        {
            resource: 'replicasets',
            kind: 'ReplicaSet',
            namespaced: true,
            shortNames: ['rs'],
            categories: all,
            subresources: ['status', 'scale']
        },
        {
            resource: 'statefulsets',
            kind: 'StatefulSet',
            namespaced: true,
            shortNames: ['sts'],
            categories: all,
            subresources: ['status', 'scale']
        }
    ]);
    add(store, 'events.k8s.io', ['v1'], [{ resource: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'] }]);
    add(store, 'authentication.k8s.io', ['v1'], [
        { resource: 'selfsubjectreviews', kind: 'SelfSubjectReview', namespaced: false, verbs: CREATE_ONLY },
        { resource: 'tokenreviews', kind: 'TokenReview', namespaced: false, verbs: CREATE_ONLY }
    ]);
    add(store, 'authorization.k8s.io', ['v1'], [
        {
            resource: 'localsubjectaccessreviews',
            kind: 'LocalSubjectAccessReview',
            namespaced: true,
            verbs: CREATE_ONLY
        },
        {
            resource: 'selfsubjectaccessreviews',
            kind: 'SelfSubjectAccessReview',
            namespaced: false,
            verbs: CREATE_ONLY
        },
        {
            resource: 'selfsubjectrulesreviews',
            kind: 'SelfSubjectRulesReview',
            namespaced: false,
            verbs: CREATE_ONLY
        },
        { resource: 'subjectaccessreviews', kind: 'SubjectAccessReview', namespaced: false, verbs: CREATE_ONLY }
    ]);
    add(store, 'autoscaling', ['v2', 'v1'], [
        {
            resource: 'horizontalpodautoscalers',
            kind: 'HorizontalPodAutoscaler',
            namespaced: true,
            shortNames: ['hpa'],
            categories: all,
            subresources: ['status']
        }
    ]);
    add(store, 'batch', ['v1'], [
        {
            resource: 'cronjobs',
            kind: 'CronJob',
            namespaced: true,
            shortNames: ['cj'],
            categories: all,
            subresources: ['status']
        },
        { resource: 'jobs', kind: 'Job', namespaced: true, categories: all, subresources: ['status'] }
    ]);
    add(store, 'networking.k8s.io', ['v1'], [
        { resource: 'ingressclasses', kind: 'IngressClass', namespaced: false },
        {
            resource: 'ingresses',
            kind: 'Ingress',
            namespaced: true,
            shortNames: ['ing'],
            subresources: ['status']
        },
        { resource: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true, shortNames: ['netpol'] }
    ]);
    add(store, 'policy', ['v1'], [
        {
            resource: 'poddisruptionbudgets',
            kind: 'PodDisruptionBudget',
            namespaced: true,
            shortNames: ['pdb'],
            subresources: ['status']
        }
    ]);
    add(store, 'rbac.authorization.k8s.io', ['v1'], [
        { resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
        { resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
        { resource: 'rolebindings', kind: 'RoleBinding', namespaced: true },
        { resource: 'roles', kind: 'Role', namespaced: true }
    ]);
    add(store, 'storage.k8s.io', ['v1'], [
        { resource: 'csidrivers', kind: 'CSIDriver', namespaced: false },
        { resource: 'csinodes', kind: 'CSINode', namespaced: false },
        { resource: 'storageclasses', kind: 'StorageClass', namespaced: false, shortNames: ['sc'] },
        { resource: 'volumeattachments', kind: 'VolumeAttachment', namespaced: false, subresources: ['status'] }
    ]);
    add(store, 'admissionregistration.k8s.io', ['v1'], [
        {
            resource: 'mutatingwebhookconfigurations',
            kind: 'MutatingWebhookConfiguration',
            namespaced: false,
            categories: ['api-extensions']
        },
        {
            resource: 'validatingadmissionpolicies',
            kind: 'ValidatingAdmissionPolicy',
            namespaced: false,
            categories: ['api-extensions'],
            subresources: ['status']
        },
        {
            resource: 'validatingadmissionpolicybindings',
            kind: 'ValidatingAdmissionPolicyBinding',
            namespaced: false,
            categories: ['api-extensions']
        },
        {
            resource: 'validatingwebhookconfigurations',
            kind: 'ValidatingWebhookConfiguration',
            namespaced: false,
            categories: ['api-extensions']
        }
    ]);
    add(store, 'apiextensions.k8s.io', ['v1'], [
        {
            resource: 'customresourcedefinitions',
            kind: 'CustomResourceDefinition',
            namespaced: false,
            shortNames: ['crd', 'crds'],
            categories: ['api-extensions'],
            subresources: ['status']
        }
    ]);
    add(store, 'scheduling.k8s.io', ['v1'], [{ resource: 'priorityclasses', kind: 'PriorityClass', namespaced: false, shortNames: ['pc'] }]);
    add(store, 'coordination.k8s.io', ['v1'], [{ resource: 'leases', kind: 'Lease', namespaced: true }]);
    add(store, 'node.k8s.io', ['v1'], [{ resource: 'runtimeclasses', kind: 'RuntimeClass', namespaced: false }]);
    add(store, 'discovery.k8s.io', ['v1'], [{ resource: 'endpointslices', kind: 'EndpointSlice', namespaced: true }]);
    const dra = draVersions(minor, opts.dra);
    if (dra.length) {
        add(store, 'resource.k8s.io', dra, [
            { resource: 'deviceclasses', kind: 'DeviceClass', namespaced: false },
            { resource: 'resourceclaims', kind: 'ResourceClaim', namespaced: true, subresources: ['status'] },
            { resource: 'resourceclaimtemplates', kind: 'ResourceClaimTemplate', namespaced: true },
            { resource: 'resourceslices', kind: 'ResourceSlice', namespaced: false }
        ]);
    }
    installApiMachinery(store);
}

;// CONCATENATED MODULE: ./src/sim/clock.ts
const realClock = {
    now: () => Date.now(),
    setTimeout: (fn, ms) => {
        const t = setTimeout(fn, ms);
        t.unref?.();
        return t;
    },
    clearTimeout: h => clearTimeout(h)
};
/** A clock that only moves when told to; due timers run in time order. */
class FakeClock {
    t;
    seq = 0;
    timers = new Set();
    constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
        this.t = start;
    }
    now() {
        return this.t;
    }
    setTimeout(fn, ms) {
        const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
        this.timers.add(timer);
        return timer;
    }
    clearTimeout(handle) {
        this.timers.delete(handle);
    }
    /** Moves time forward by ms, running every timer that falls due (timers may add timers). */
    advance(ms) {
        const end = this.t + ms;
        for (;;) {
            let next;
            for (const timer of this.timers) {
                if (timer.at <= end && (!next || timer.at < next.at || (timer.at === next.at && timer.seq < next.seq)))
                    next = timer;
            }
            if (!next)
                break;
            this.timers.delete(next);
            this.t = Math.max(this.t, next.at);
            next.fn();
        }
        this.t = end;
    }
    /** Timers still waiting. */
    get pending() {
        return this.timers.size;
    }
}

;// CONCATENATED MODULE: ./src/sim/controllers/boot-clock.ts
class BootClock {
    t;
    seq = 0;
    timers = new Set();
    liveClock = null;
    constructor(start) {
        this.t = start;
    }
    now() {
        return this.liveClock ? this.liveClock.now() : this.t;
    }
    setTimeout(fn, ms) {
        const h = { at: this.now() + Math.max(0, ms), seq: this.seq++, fn };
        if (this.liveClock)
            h.live = this.liveClock.setTimeout(() => this.fire(h), Math.max(0, ms));
        else
            this.timers.add(h);
        return h;
    }
    clearTimeout(handle) {
        const h = handle;
        if (!h)
            return;
        h.done = true;
        this.timers.delete(h);
        if (h.live !== undefined)
            this.liveClock?.clearTimeout(h.live);
    }
    /** Runs virtual time forward (boot only). */
    advance(ms) {
        if (this.liveClock)
            throw new Error('BootClock.advance after goLive');
        const end = this.t + ms;
        for (;;) {
            let next;
            for (const h of this.timers)
                if (h.at <= end && (!next || h.at < next.at || (h.at === next.at && h.seq < next.seq)))
                    next = h;
            if (!next)
                break;
            this.timers.delete(next);
            this.t = Math.max(this.t, next.at);
            this.fire(next);
        }
        this.t = end;
    }
    /** Switches to the live clock; virtual time must have reached the live time. */
    goLive(live) {
        const offset = live.now() - this.t;
        this.liveClock = live;
        for (const h of Array.from(this.timers)) {
            this.timers.delete(h);
            h.live = live.setTimeout(() => this.fire(h), Math.max(0, h.at + offset - live.now()));
        }
    }
    fire(h) {
        if (h.done)
            return;
        h.done = true;
        h.fn();
    }
}

;// CONCATENATED MODULE: ./src/sim/controllers/pod-index.ts
function isTerminal(pod) {
    const phase = pod.status?.phase;
    return phase === 'Succeeded' || phase === 'Failed';
}
function isPodReady(pod) {
    return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}
class PodIndex {
    byNode = new Map();
    byOwner = new Map();
    unsubscribe;
    constructor(store) {
        for (const p of store.list('', 'pods'))
            this.put(p);
        this.unsubscribe = store.onChange(c => {
            if (c.rtype.group !== '' || c.rtype.resource !== 'pods')
                return;
            if (c.old)
                this.remove(c.old);
            if (c.type !== 'DELETED')
                this.put(c.object);
        });
    }
    stop() {
        this.unsubscribe();
    }
    /** Pods bound to a node (every phase). */
    onNode(node) {
        return Array.from(this.byNode.get(node)?.values() ?? []);
    }
    /** Pods whose controller owner has this uid. */
    ownedBy(uid) {
        return Array.from(this.byOwner.get(uid)?.values() ?? []);
    }
    put(p) {
        const key = `${p.metadata.namespace}/${p.metadata.name}`;
        const node = p.spec?.nodeName;
        if (node) {
            if (!this.byNode.has(node))
                this.byNode.set(node, new Map());
            this.byNode.get(node).set(key, p);
        }
        for (const ref of p.metadata.ownerReferences ?? []) {
            if (!this.byOwner.has(ref.uid))
                this.byOwner.set(ref.uid, new Map());
            this.byOwner.get(ref.uid).set(key, p);
        }
    }
    remove(p) {
        const key = `${p.metadata.namespace}/${p.metadata.name}`;
        const node = p.spec?.nodeName;
        if (node)
            this.byNode.get(node)?.delete(key);
        for (const ref of p.metadata.ownerReferences ?? [])
            this.byOwner.get(ref.uid)?.delete(key);
    }
}

;// CONCATENATED MODULE: ./src/sim/controllers/settings.ts
/**
 * Settings of the simulated controllers a scenario part switches on (Kueue, Volcano, the
 * coscheduling plugin, the cluster autoscaler) or tunes (the HPA controller and DRA allocation,
 * always on), as scenario files give them under `spec.controllers` and breaks override them under
 * `breaks[].controllers`. Durations are written like "2s" and held in milliseconds. Defaults are
 * short so a CLI run on the real clock stays quick.
 */

const POD = { type: 'pod' };
const SCHEMA = {
    kueue: {
        pod: POD,
        webhookService: { type: 'service' },
        admitPartially: { type: 'boolean', default: false },
        partialStep: { type: 'duration', default: 2000 }
    },
    volcano: { pod: POD, bindPartially: { type: 'boolean', default: false } },
    coscheduling: { pod: POD, bindPartially: { type: 'boolean', default: false } },
    'cluster-autoscaler': {
        pod: POD,
        scanInterval: { type: 'duration', default: 2000 },
        provisionDelay: { type: 'duration', default: 2000 },
        scaleDownUnneeded: { type: 'duration', default: 10_000 },
        provisionTimeout: { type: 'duration', default: 30_000 },
        neverAddsNode: { type: 'boolean', default: false }
    },
    hpa: {
        syncPeriod: { type: 'duration', default: 15_000 },
        downscaleStabilization: { type: 'duration', default: 300_000 },
        tolerance: { type: 'number', default: 0.1 },
        neverScales: { type: 'boolean', default: false }
    },
    dra: { neverAllocate: { type: 'strings', default: [] } }
};
/** Controllers that always run (built into kube-controller-manager / kube-scheduler). */
const ALWAYS_ON = ['hpa', 'dra'];
class SettingsError extends Error {
    constructor(message) {
        super(message);
        this.name = 'SettingsError';
    }
}
/** Checks `spec.controllers` (or a break's) and converts durations; every error names the YAML path. */
function parseControllerSettings(raw, where) {
    if (raw === undefined || raw === null)
        return {};
    if (typeof raw !== 'object' || Array.isArray(raw))
        throw new SettingsError(`${where}: expected a mapping of controller names to settings`);
    const out = {};
    for (const [name, value] of Object.entries(raw)) {
        const schema = SCHEMA[name];
        if (!schema)
            throw new SettingsError(`${where}.${name}: unknown controller; expected one of ${Object.keys(SCHEMA).join(', ')}`);
        const v = value ?? {};
        if (typeof v !== 'object' || Array.isArray(v))
            throw new SettingsError(`${where}.${name}: expected a mapping of settings`);
        const parsed = {};
        for (const [key, x] of Object.entries(v)) {
            const field = schema[key];
            const at = `${where}.${name}.${key}`;
            if (!field)
                throw new SettingsError(`${at}: unknown setting; expected one of ${Object.keys(schema).join(', ')}`);
            parsed[key] = parseField(field.type, x, at);
        }
        out[name] = parsed;
    }
    return out;
}
function parseField(type, x, at) {
    switch (type) {
        case 'boolean':
            if (typeof x !== 'boolean')
                throw new SettingsError(`${at}: expected true or false`);
            return x;
        case 'number':
            if (typeof x !== 'number' || !Number.isFinite(x) || x < 0)
                throw new SettingsError(`${at}: expected a number of at least 0`);
            return x;
        case 'duration':
            try {
                return parseDuration(x, at);
            }
            catch (e) {
                throw new SettingsError(e.message);
            }
        case 'strings':
            if (!Array.isArray(x) || x.some(s => typeof s !== 'string'))
                throw new SettingsError(`${at}: expected a list of strings`);
            return [...x];
        case 'pod': {
            const o = x;
            if (!o ||
                typeof o !== 'object' ||
                typeof o.namespace !== 'string' ||
                !o.labels ||
                typeof o.labels !== 'object') {
                throw new SettingsError(`${at}: expected {namespace, labels} of the controller's pod`);
            }
            return { namespace: o.namespace, labels: { ...o.labels } };
        }
        case 'service': {
            const o = x;
            if (!o || typeof o !== 'object' || typeof o.namespace !== 'string' || typeof o.name !== 'string') {
                throw new SettingsError(`${at}: expected {namespace, name} of a Service`);
            }
            return { namespace: o.namespace, name: o.name };
        }
    }
}
/**
 * The settings the simulator runs with: controllers named by some part are on, with their
 * defaults, the parts' settings, then the breaks' overrides (which never switch a controller on).
 * Lists from several breaks add up.
 */
function resolveControllerSettings(parts, breaks = []) {
    const on = new Set([...ALWAYS_ON, ...parts.flatMap(p => Object.keys(p))]);
    const out = {};
    for (const name of on) {
        const schema = SCHEMA[name];
        const merged = {};
        for (const [key, f] of Object.entries(schema))
            if (f.default !== undefined)
                merged[key] = structuredClone(f.default);
        for (const layer of [...parts, ...breaks]) {
            for (const [key, v] of Object.entries(layer[name] ?? {})) {
                merged[key] =
                    schema[key].type === 'strings'
                        ? [...new Set([...(merged[key] ?? []), ...v])]
                        : v;
            }
        }
        out[name] = merged;
    }
    return out;
}
/** Settings with everything at its default and no optional controller on (tests, bare contexts). */
function defaultControllerSettings() {
    return resolveControllerSettings([]);
}

;// CONCATENATED MODULE: ./src/sim/controllers/context.ts


function defaultRuntime() {
    return { exposeAllGpus: false, acceptVisibleDevicesEnv: true, startDelayMs: 1000 };
}
function createContext(parts) {
    return {
        rules: [],
        devicePlugins: [],
        draDrivers: [],
        runtime: defaultRuntime(),
        controllers: defaultControllerSettings(),
        nodeGroups: [],
        warn: () => undefined,
        ...parts,
        pods: new PodIndex(parts.store)
    };
}
/** "ns/name" of a namespaced object, "name" of a cluster-scoped one. */
function keyOf(obj) {
    return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}
function splitKey(key) {
    const i = key.indexOf('/');
    return i < 0 ? [undefined, key] : [key.slice(0, i), key.slice(i + 1)];
}

;// CONCATENATED MODULE: ./src/sim/behaviours/match.ts
/** A LabelSelector against labels; an empty selector matches everything (as in Deployments). */
function matchesSelector(selector, labels) {
    if (!selector)
        return false;
    const l = labels ?? {};
    for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
        if (l[k] !== v)
            return false;
    for (const r of selector.matchExpressions ?? []) {
        const has = Object.hasOwn(l, r.key);
        const values = r.values ?? [];
        switch (r.operator) {
            case 'In':
                if (!has || !values.includes(l[r.key]))
                    return false;
                break;
            case 'NotIn':
                if (has && values.includes(l[r.key]))
                    return false;
                break;
            case 'Exists':
                if (!has)
                    return false;
                break;
            case 'DoesNotExist':
                if (has)
                    return false;
                break;
            default:
                return false;
        }
    }
    return true;
}
/** A Service-style selector (a plain map); an empty or missing map selects nothing. */
function matchesMap(selector, labels) {
    if (!selector || Object.keys(selector).length === 0)
        return false;
    const l = labels ?? {};
    return Object.entries(selector).every(([k, v]) => l[k] === v);
}
function getCondition(obj, type) {
    const list = obj?.status?.conditions;
    return Array.isArray(list) ? list.find((c) => c?.type === type) : undefined;
}
/**
 * Conditions with one set (added or replaced). lastTransitionTime only moves when the status
 * changes, as controllers do.
 */
function withCondition(conditions, next, now) {
    const list = Array.isArray(conditions) ? [...conditions] : [];
    const i = list.findIndex(c => c.type === next.type);
    const prev = i >= 0 ? list[i] : undefined;
    const merged = {
        ...(prev ?? {}),
        ...next,
        lastTransitionTime: prev && prev.status === next.status && prev.lastTransitionTime ? prev.lastTransitionTime : next.lastTransitionTime ?? now
    };
    if (i >= 0)
        list[i] = merged;
    else
        list.push(merged);
    return list;
}

;// CONCATENATED MODULE: ./src/sim/behaviours/engine.ts



/** A stage firing more often than this for one object at one instant is a loop and is stopped. */
const MAX_FIRINGS_PER_INSTANT = 50;
class BehaviourEngine {
    store;
    clock;
    events;
    opts;
    byKind = new Map();
    pending = new Map();
    firings = new Map();
    unsubscribe;
    functions;
    constructor(store, clock, events, opts = {}) {
        this.store = store;
        this.clock = clock;
        this.events = events;
        this.opts = opts;
        this.functions = opts.functions ?? {};
    }
    /** The template functions stages may call (for load-time checks). */
    get functionNames() {
        return Object.keys(this.functions);
    }
    /** Replaces the stages run; objects already in the store are re-evaluated. */
    setStages(stages) {
        this.byKind = new Map();
        for (const s of stages) {
            const k = `${s.group}/${s.kind}`;
            if (!this.byKind.has(k))
                this.byKind.set(k, []);
            this.byKind.get(k).push(s);
        }
        for (const p of this.pending.values())
            this.clock.clearTimeout(p.handle);
        this.pending.clear();
        if (this.unsubscribe)
            this.scanAll();
    }
    get stages() {
        return Array.from(this.byKind.values()).flat();
    }
    start() {
        if (this.unsubscribe)
            return;
        this.unsubscribe = this.store.onChange(c => this.onChange(c));
        this.scanAll();
    }
    stop() {
        this.unsubscribe?.();
        this.unsubscribe = undefined;
        for (const p of this.pending.values())
            this.clock.clearTimeout(p.handle);
        this.pending.clear();
    }
    /**
     * The first stage matching an object now, if any. A terminating object is only matched by
     * stages that name `.metadata.deletionTimestamp` (as kwok's deletion stages do).
     */
    match(rtype, obj) {
        const stages = this.byKind.get(`${rtype.group}/${rtype.kind}`);
        if (!stages)
            return undefined;
        const terminating = Boolean(obj.metadata.deletionTimestamp);
        return stages.find(s => (!terminating || s.selector.matchExpressions.some(e => e.key === '.metadata.deletionTimestamp')) && selects(s, obj));
    }
    scanAll() {
        for (const key of this.byKind.keys()) {
            const [group, kind] = engine_splitKey(key);
            const rtype = this.store.allTypes().find(t => t.group === group && t.kind === kind);
            if (!rtype)
                continue;
            for (const obj of this.store.list(rtype.group, rtype.resource))
                this.evaluate(rtype, obj);
        }
    }
    onChange(c) {
        if (!this.byKind.has(`${c.rtype.group}/${c.rtype.kind}`))
            return;
        if (c.type === 'DELETED') {
            this.cancel(c.object.metadata.uid);
            this.firings.delete(c.object.metadata.uid);
            return;
        }
        this.evaluate(c.rtype, c.object);
    }
    evaluate(rtype, obj) {
        const uid = obj.metadata.uid;
        const stage = this.match(rtype, obj);
        const prior = this.pending.get(uid);
        if (prior && prior.stage === stage)
            return;
        this.cancel(uid);
        if (!stage)
            return;
        const handle = this.clock.setTimeout(() => this.fire(rtype, obj, stage), stage.delayMs);
        this.pending.set(uid, { stage, handle });
    }
    cancel(uid) {
        const p = this.pending.get(uid);
        if (p) {
            this.clock.clearTimeout(p.handle);
            this.pending.delete(uid);
        }
    }
    fire(rtype, seen, stage) {
        const uid = seen.metadata.uid;
        this.pending.delete(uid);
        const current = this.store.get(rtype.group, rtype.resource, seen.metadata.namespace, seen.metadata.name);
        if (!current || current.metadata.uid !== uid || this.match(rtype, current) !== stage) {
            if (current && current.metadata.uid === uid)
                this.evaluate(rtype, current);
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
                const r = this.apply(rtype, uid, current.metadata.namespace, current.metadata.name, step);
                changed = changed || r;
            }
        }
        catch (e) {
            this.opts.onError?.(`stage ${stage.name} on ${rtype.kind} ${current.metadata.name}: ${e.message}`);
            return;
        }
        // A stage whose steps changed nothing would not be re-evaluated by a change; do it here.
        if (!changed) {
            const after = this.store.get(rtype.group, rtype.resource, current.metadata.namespace, current.metadata.name);
            if (after && after.metadata.uid === uid && this.match(rtype, after) !== stage)
                this.evaluate(rtype, after);
        }
    }
    /** Applies one step to the latest version of the object; true when the store changed. */
    apply(rtype, uid, namespace, name, step) {
        const obj = this.store.get(rtype.group, rtype.resource, namespace, name);
        if (!obj || obj.metadata.uid !== uid)
            return false;
        const ctx = { object: obj, now: this.store.timestamp(), functions: this.functions };
        switch (step.kind) {
            case 'patchStatus': {
                const status = mergePatch(obj.status ?? {}, render(step.patch, ctx));
                return this.writeStatus(obj, status);
            }
            case 'setCondition': {
                const c = render(step.condition, ctx);
                const prev = getCondition(obj, c.type);
                if (prev && prev.status === c.status && prev.reason === c.reason && prev.message === c.message)
                    return false;
                const conditions = withCondition(obj.status?.conditions, { ...c, lastTransitionTime: undefined }, ctx.now);
                for (const cond of conditions)
                    if (cond.lastTransitionTime === undefined)
                        cond.lastTransitionTime = ctx.now;
                const cleaned = conditions.map(x => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)));
                return this.writeStatus(obj, { ...(obj.status ?? {}), conditions: cleaned });
            }
            case 'patch': {
                const patched = mergePatch(obj, render(step.patch, ctx));
                if (JSON.stringify(patched) === JSON.stringify(obj))
                    return false;
                this.store.update({ ...patched, status: obj.status, metadata: { ...patched.metadata, resourceVersion: obj.metadata.resourceVersion } });
                return true;
            }
            case 'event': {
                const rendered = render({ reason: step.reason, message: step.message }, ctx);
                this.events.record(obj, step.type, rendered.reason, rendered.message, { component: step.component ?? 'kubelet' });
                return false;
            }
            case 'addFinalizers':
            case 'removeFinalizers': {
                const have = obj.metadata.finalizers ?? [];
                const next = step.kind === 'addFinalizers'
                    ? [...have, ...step.finalizers.filter(f => !have.includes(f))]
                    : have.filter(f => !step.finalizers.includes(f));
                if (next.length === have.length)
                    return false;
                this.store.update({ ...obj, metadata: { ...obj.metadata, finalizers: next } });
                return true;
            }
            case 'delete':
                this.store.delete(rtype.group, rtype.resource, namespace, name);
                return true;
        }
    }
    writeStatus(obj, status) {
        if (JSON.stringify(status) === JSON.stringify(obj.status ?? {}))
            return false;
        this.store.update({ ...obj, status }, { subresource: 'status' });
        return true;
    }
}
/** Whether a stage's selector holds for an object. */
function selects(stage, obj) {
    const s = stage.selector;
    const meta = obj.metadata;
    if (s.namespaces && !s.namespaces.includes(meta.namespace ?? ''))
        return false;
    if (s.names && !s.names.includes(meta.name ?? ''))
        return false;
    for (const [k, v] of Object.entries(s.matchLabels ?? {}))
        if (meta.labels?.[k] !== v)
            return false;
    for (const [k, v] of Object.entries(s.matchAnnotations ?? {}))
        if (meta.annotations?.[k] !== v)
            return false;
    for (const e of s.matchExpressions) {
        const v = getPath(obj, e.path);
        const present = v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
        const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
        if (e.operator === 'Exists' && !present)
            return false;
        if (e.operator === 'DoesNotExist' && present)
            return false;
        if (e.operator === 'In' && (!present || !e.values.includes(text)))
            return false;
        if (e.operator === 'NotIn' && present && e.values.includes(text))
            return false;
    }
    for (const m of s.matchConditions) {
        const c = getCondition(obj, m.type);
        if (m.status === 'Absent' ? c !== undefined : m.status === 'NotTrue' ? c?.status === 'True' : c?.status !== m.status)
            return false;
    }
    return true;
}
/** RFC 7386 JSON merge patch: objects merge, null removes, everything else replaces. */
function mergePatch(target, patch) {
    if (!patch || typeof patch !== 'object' || Array.isArray(patch))
        return patch;
    const base = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
    for (const [k, v] of Object.entries(patch)) {
        if (v === null)
            delete base[k];
        else
            base[k] = mergePatch(base[k], v);
    }
    return base;
}
function engine_splitKey(key) {
    const i = key.lastIndexOf('/');
    return [key.slice(0, i), key.slice(i + 1)];
}

;// CONCATENATED MODULE: ./src/sim/pods/quantity.ts
/** Kubernetes resource quantities ("100m", "2Gi", "1.5", "1e3") as integer milli-units. */
const SUFFIX = {
    '': 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    Pi: 1024 ** 5,
    Ei: 1024 ** 6
};
/** Milli-units of a quantity (cpu "100m" → 100, memory "1Ki" → 1024000); NaN when malformed. */
function milli(q) {
    if (typeof q === 'number')
        return Math.round(q * 1000);
    if (typeof q !== 'string')
        return NaN;
    const m = /^([+-]?\d+(?:\.\d+)?)(?:[eE]([+-]?\d+))?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
    if (!m)
        return NaN;
    const base = Number(m[1]) * (m[2] ? 10 ** Number(m[2]) : 1) * SUFFIX[m[3] ?? ''];
    return Math.round(base * 1000);
}
/** A whole-number quantity (device counts): "4" → 4. */
function count(q) {
    const v = milli(q);
    return Number.isNaN(v) ? 0 : Math.floor(v / 1000);
}
/** Milli-unit totals of a resource map; malformed values count as zero. */
function toResourceList(map) {
    const out = {};
    for (const [k, v] of Object.entries(map ?? {})) {
        const n = milli(v);
        out[k] = Number.isNaN(n) ? 0 : n;
    }
    return out;
}
/** What a pod requests: containers summed, init containers as the max, requests defaulting to limits. */
function podRequests(pod) {
    const sum = {};
    const one = (c) => {
        const req = toResourceList(c?.resources?.requests);
        const lim = toResourceList(c?.resources?.limits);
        for (const [k, v] of Object.entries(lim))
            if (req[k] === undefined)
                req[k] = v;
        return req;
    };
    for (const c of pod.spec?.containers ?? [])
        for (const [k, v] of Object.entries(one(c)))
            sum[k] = (sum[k] ?? 0) + v;
    for (const c of pod.spec?.initContainers ?? []) {
        for (const [k, v] of Object.entries(one(c)))
            sum[k] = Math.max(sum[k] ?? 0, v);
    }
    return sum;
}
/** Formats milli-units of memory as the apiserver would show a MiB amount ("23028Mi"). */
function mebibytes(n) {
    return `${Math.round(n)}Mi`;
}

;// CONCATENATED MODULE: ./src/sim/pods/cel.ts
/**
 * The part of CEL that DRA device selectors use: `device.driver`, `device.attributes["domain"].name`,
 * `device.capacity["domain"].name.compareTo(quantity("10Gi"))`, comparisons, `&&`, `||`, `!`,
 * string methods (startsWith, endsWith, contains, matches). Anything else is reported as
 * unsupported rather than guessed.
 */

class CelError extends Error {
}
function lex(src) {
    const out = [];
    let i = 0;
    while (i < src.length) {
        const c = src[i];
        if (/\s/.test(c))
            i++;
        else if (/[A-Za-z_]/.test(c)) {
            let j = i;
            while (j < src.length && /[A-Za-z0-9_]/.test(src[j]))
                j++;
            out.push({ t: 'id', v: src.slice(i, j) });
            i = j;
        }
        else if (/\d/.test(c)) {
            let j = i;
            while (j < src.length && /[\d.]/.test(src[j]))
                j++;
            out.push({ t: 'num', v: src.slice(i, j) });
            i = j;
        }
        else if (c === '"' || c === "'") {
            let j = i + 1;
            let s = '';
            while (j < src.length && src[j] !== c) {
                if (src[j] === '\\')
                    j++;
                s += src[j++];
            }
            if (j >= src.length)
                throw new CelError('unterminated string');
            out.push({ t: 'str', v: s });
            i = j + 1;
        }
        else {
            const two = src.slice(i, i + 2);
            if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
                out.push({ t: 'op', v: two });
                i += 2;
            }
            else if ('<>!()[].,'.includes(c)) {
                out.push({ t: 'op', v: c });
                i++;
            }
            else
                throw new CelError(`unexpected character ${JSON.stringify(c)}`);
        }
    }
    return out;
}
function isQ(v) {
    return typeof v === 'object' && v !== null && 'q' in v;
}
class Parser {
    toks;
    vars;
    i = 0;
    constructor(toks, vars) {
        this.toks = toks;
        this.vars = vars;
    }
    parse() {
        const v = this.or();
        if (this.i < this.toks.length)
            throw new CelError(`unexpected ${this.toks[this.i].v}`);
        return v;
    }
    peek(v) {
        const t = this.toks[this.i];
        return Boolean(t && (v === undefined || (t.t === 'op' && t.v === v)));
    }
    take(v) {
        if (!this.peek(v))
            throw new CelError(`expected ${v}`);
        this.i++;
    }
    or() {
        let v = this.and();
        while (this.peek('||')) {
            this.i++;
            const r = this.and();
            v = Boolean(v) || Boolean(r);
        }
        return v;
    }
    and() {
        let v = this.unary();
        while (this.peek('&&')) {
            this.i++;
            const r = this.unary();
            v = Boolean(v) && Boolean(r);
        }
        return v;
    }
    unary() {
        if (this.peek('!')) {
            this.i++;
            return !this.unary();
        }
        return this.cmp();
    }
    cmp() {
        const l = this.postfix();
        const t = this.toks[this.i];
        if (t && t.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
            this.i++;
            const r = this.postfix();
            const a = isQ(l) ? l.q : l;
            const b = isQ(r) ? r.q : r;
            switch (t.v) {
                case '==':
                    return a === b;
                case '!=':
                    return a !== b;
                case '<':
                    return a < b;
                case '<=':
                    return a <= b;
                case '>':
                    return a > b;
                default:
                    return a >= b;
            }
        }
        return l;
    }
    args() {
        this.take('(');
        const out = [];
        while (!this.peek(')')) {
            out.push(this.or());
            if (this.peek(','))
                this.i++;
        }
        this.take(')');
        return out;
    }
    postfix() {
        let v = this.primary();
        for (;;) {
            if (this.peek('.')) {
                this.i++;
                const id = this.toks[this.i++];
                if (!id || id.t !== 'id')
                    throw new CelError('expected a field name after "."');
                if (this.peek('('))
                    v = method(v, id.v, this.args());
                else
                    v = field(v, id.v);
            }
            else if (this.peek('[')) {
                this.i++;
                const k = this.or();
                this.take(']');
                v = field(v, String(k));
            }
            else
                return v;
        }
    }
    primary() {
        const t = this.toks[this.i++];
        if (!t)
            throw new CelError('unexpected end of expression');
        if (t.t === 'str')
            return t.v;
        if (t.t === 'num')
            return Number(t.v);
        if (t.t === 'op' && t.v === '(') {
            const v = this.or();
            this.take(')');
            return v;
        }
        if (t.t === 'id') {
            if (t.v === 'true')
                return true;
            if (t.v === 'false')
                return false;
            if (this.peek('(')) {
                const a = this.args();
                if (t.v === 'quantity')
                    return { q: milli(String(a[0])) };
                throw new CelError(`unsupported function ${t.v}()`);
            }
            if (!(t.v in this.vars))
                throw new CelError(`undeclared reference to '${t.v}'`);
            return this.vars[t.v];
        }
        throw new CelError(`unexpected ${t.v}`);
    }
}
function field(v, k) {
    if (v === null || typeof v !== 'object' || !(k in v))
        throw new CelError(`no such key: ${k}`);
    return v[k];
}
function method(v, name, args) {
    if (isQ(v) && name === 'compareTo' && isQ(args[0]))
        return Math.sign(v.q - args[0].q);
    if (isQ(v) && name === 'isGreaterThan' && isQ(args[0]))
        return v.q > args[0].q;
    if (isQ(v) && name === 'isLessThan' && isQ(args[0]))
        return v.q < args[0].q;
    if (typeof v === 'string') {
        const a = String(args[0]);
        if (name === 'startsWith')
            return v.startsWith(a);
        if (name === 'endsWith')
            return v.endsWith(a);
        if (name === 'contains')
            return v.includes(a);
        if (name === 'matches')
            return new RegExp(a).test(v);
    }
    throw new CelError(`unsupported method ${name}()`);
}
/** The CEL view of a ResourceSlice device (v1 or v1beta1 shape). */
function celDevice(driver, device) {
    const body = device.basic ?? device;
    const attributes = {};
    const capacity = {};
    const split = (k) => {
        const i = k.lastIndexOf('/');
        return i < 0 ? [driver, k] : [k.slice(0, i), k.slice(i + 1)];
    };
    for (const [k, a] of Object.entries(body.attributes ?? {})) {
        const [d, n] = split(k);
        (attributes[d] ??= {})[n] = a.string ?? a.int ?? a.bool ?? a.version;
    }
    for (const [k, c] of Object.entries(body.capacity ?? {})) {
        const [d, n] = split(k);
        (capacity[d] ??= {})[n] = { q: milli(String(c.value ?? c)) };
    }
    return { driver, attributes, capacity };
}
/** Evaluates a selector expression for a device; throws CelError for what it cannot evaluate. */
function evalSelector(expression, device) {
    return Boolean(new Parser(lex(expression), { device }).parse());
}

;// CONCATENATED MODULE: ./src/sim/pods/defaults.ts
/**
 * Pod defaulting as the apiserver's defaulters and admission plugins do it (restartPolicy,
 * schedulerName, default tolerations, Pending status with a QoS class), and pods made from
 * a controller's template.
 */

function qosClass(spec) {
    const cs = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
    let anySet = false;
    let guaranteed = true;
    for (const c of cs) {
        const req = c.resources?.requests ?? {};
        const lim = c.resources?.limits ?? {};
        if (Object.keys(req).length || Object.keys(lim).length)
            anySet = true;
        for (const r of ['cpu', 'memory']) {
            const l = lim[r];
            const q = req[r] ?? l;
            if (l === undefined || q === undefined || String(q) !== String(l))
                guaranteed = false;
        }
    }
    if (!anySet)
        return 'BestEffort';
    return guaranteed ? 'Guaranteed' : 'Burstable';
}
const DEFAULT_TOLERATIONS = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }
];
/** Fills the fields the apiserver defaults on create; leaves given values alone. */
function defaultPod(pod) {
    const spec = { ...(pod.spec ?? {}) };
    spec.restartPolicy ??= 'Always';
    spec.schedulerName ??= 'default-scheduler';
    spec.terminationGracePeriodSeconds ??= 30;
    spec.dnsPolicy ??= 'ClusterFirst';
    spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
    spec.serviceAccount ??= spec.serviceAccountName;
    spec.securityContext ??= {};
    spec.enableServiceLinks ??= true;
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
    spec.priority ??= 0;
    const tolerations = [...(spec.tolerations ?? [])];
    for (const t of DEFAULT_TOLERATIONS) {
        if (!tolerations.some((x) => x.key === t.key && (x.effect === t.effect || !x.effect)))
            tolerations.push(t);
    }
    spec.tolerations = tolerations;
    spec.containers = (spec.containers ?? []).map((c) => ({
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: /:latest$|^[^:]*$/.test(c.image ?? '') ? 'Always' : 'IfNotPresent',
        resources: {},
        ...c
    }));
    const status = pod.status?.phase ? pod.status : { phase: 'Pending', qosClass: qosClass(spec) };
    return { ...pod, spec, status };
}
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** A generateName-style suffix derived from a seed, so controller-made names are stable. */
function derivedSuffix(seed, n = 5) {
    const h = (0,external_node_crypto_.createHash)('sha256').update(seed).digest();
    let s = '';
    for (let i = 0; i < n; i++)
        s += ALPHABET[h[i] % ALPHABET.length];
    return s;
}
/** The pod-template-hash of a template (ten characters of the safe alphabet). */
function templateHash(template) {
    return derivedSuffix(JSON.stringify(template ?? {}), 10);
}
function ownerRef(owner) {
    return {
        apiVersion: owner.apiVersion,
        kind: owner.kind,
        name: owner.metadata.name,
        uid: owner.metadata.uid,
        controller: true,
        blockOwnerDeletion: true
    };
}
/** A pod made from a controller's pod template. */
function podFromTemplate(owner, template, name, extra = {}) {
    const meta = template?.metadata ?? {};
    return defaultPod({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
            name,
            namespace: owner.metadata.namespace,
            labels: { ...(meta.labels ?? {}), ...(extra.labels ?? {}) },
            ...(meta.annotations || extra.annotations ? { annotations: { ...(meta.annotations ?? {}), ...(extra.annotations ?? {}) } } : {}),
            ownerReferences: [ownerRef(owner)]
        },
        spec: { ...structuredClone(template?.spec ?? {}), ...(extra.spec ?? {}) }
    });
}

;// CONCATENATED MODULE: ./src/sim/pods/dra.ts



const G = 'resource.k8s.io';
function podClaims(pod) {
    return (pod.spec?.resourceClaims ?? []).map((c) => {
        const generated = (pod.status?.resourceClaimStatuses ?? []).find((s) => s.name === c.name)?.resourceClaimName;
        return {
            name: c.name,
            claimName: c.resourceClaimName ?? generated,
            templateName: c.resourceClaimTemplateName
        };
    });
}
function preferredVersion(ctx, resource) {
    const t = ctx.store.typeOf(G, resource);
    return t ? `${G}/${t.versions[0]}` : undefined;
}
/**
 * Creates the claims of a pod's templates (once) and records them in the pod's status.
 * Returns a message when a claim or template the pod needs does not exist.
 */
function ensureGeneratedClaims(ctx, pod) {
    const claims = podClaims(pod);
    if (!claims.length)
        return undefined;
    const statuses = [...(pod.status?.resourceClaimStatuses ?? [])];
    let changed = false;
    for (const c of claims) {
        if (c.templateName && !c.claimName) {
            const tmpl = ctx.store.get(G, 'resourceclaimtemplates', pod.metadata.namespace, c.templateName);
            if (!tmpl)
                return `resourceclaimtemplate.resource.k8s.io "${c.templateName}" not found`;
            const name = `${pod.metadata.name}-${c.name}-${derivedSuffix(`${pod.metadata.uid}/${c.name}`)}`.slice(0, 253);
            if (!ctx.store.get(G, 'resourceclaims', pod.metadata.namespace, name)) {
                ctx.store.create({
                    apiVersion: preferredVersion(ctx, 'resourceclaims') ?? tmpl.apiVersion,
                    kind: 'ResourceClaim',
                    metadata: {
                        name,
                        namespace: pod.metadata.namespace,
                        annotations: { 'resource.kubernetes.io/pod-claim-name': c.name },
                        labels: { ...(tmpl.spec?.metadata?.labels ?? {}) },
                        ownerReferences: [
                            { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid, controller: true, blockOwnerDeletion: true }
                        ]
                    },
                    spec: structuredClone(tmpl.spec?.spec ?? {})
                });
            }
            statuses.push({ name: c.name, resourceClaimName: name });
            changed = true;
        }
        else if (c.claimName && !c.templateName) {
            if (!ctx.store.get(G, 'resourceclaims', pod.metadata.namespace, c.claimName)) {
                return `resourceclaim "${c.claimName}" not found`;
            }
        }
    }
    if (changed) {
        const cur = ctx.store.get('', 'pods', pod.metadata.namespace, pod.metadata.name);
        if (cur)
            ctx.store.update({ ...cur, status: { ...(cur.status ?? {}), resourceClaimStatuses: statuses } }, { subresource: 'status' });
    }
    return undefined;
}
/** A claim's requests (v1 `exactly` and `firstAvailable`, or the v1beta1 flat shape), alternatives in order. */
function requests(claim) {
    return (claim.spec?.devices?.requests ?? []).map((r) => {
        const one = (x, name) => ({
            name,
            deviceClassName: x.deviceClassName,
            allocationMode: x.allocationMode ?? 'ExactCount',
            count: x.count ?? 1,
            selectors: (x.selectors ?? []).map((s) => s?.cel?.expression).filter(Boolean)
        });
        if (Array.isArray(r.firstAvailable))
            return r.firstAvailable.map((s) => one(s, `${r.name}/${s.name}`));
        return [one(r.exactly ?? r, r.name)];
    });
}
const refKey = (d) => `${d.driver}/${d.pool}/${d.device}`;
function allocatedDevices(ctx, except) {
    const used = new Set();
    for (const c of ctx.store.list(G, 'resourceclaims')) {
        if (except.has(`${c.metadata.namespace}/${c.metadata.name}`))
            continue;
        for (const r of c.status?.allocation?.devices?.results ?? [])
            used.add(refKey(r));
    }
    return used;
}
function sliceOnNode(slice, node) {
    const s = slice.spec ?? {};
    if (s.nodeName)
        return s.nodeName === node.metadata.name;
    if (s.allNodes)
        return true;
    return false;
}
/**
 * Complete pools of the highest generation only, as the allocator uses them. A broken driver's
 * devices (the dra-driver-never-allocates break) are published but never handed out.
 */
function candidateDevices(ctx, node) {
    const broken = ctx.controllers.dra.neverAllocate;
    const slices = ctx.store.list(G, 'resourceslices').filter(s => sliceOnNode(s, node) && !broken.includes(s.spec?.driver));
    const maxGen = new Map();
    for (const s of slices) {
        const k = `${s.spec.driver}/${s.spec.pool?.name}`;
        maxGen.set(k, Math.max(maxGen.get(k) ?? 0, s.spec.pool?.generation ?? 0));
    }
    const out = [];
    for (const s of slices) {
        const pool = s.spec.pool?.name;
        if ((s.spec.pool?.generation ?? 0) !== maxGen.get(`${s.spec.driver}/${pool}`))
            continue;
        for (const d of s.spec.devices ?? [])
            out.push({ ref: { driver: s.spec.driver, pool, device: d.name }, device: d });
    }
    return out;
}
/**
 * Tries to allocate every unallocated claim on a node. Returns the plan, or undefined when some
 * claim cannot be satisfied there ("cannot allocate all claims").
 */
function planAllocation(ctx, claims, node, alsoUsed) {
    const plan = new Map();
    const pending = claims.filter(c => !c.status?.allocation);
    for (const c of claims) {
        if (!c.status?.allocation)
            continue;
        // An allocated claim binds its pods to the node it was allocated on.
        const terms = c.status.allocation.nodeSelector?.nodeSelectorTerms ?? [];
        const names = terms.flatMap((t) => (t.matchFields ?? []).flatMap((f) => f.values ?? []));
        if (names.length && !names.includes(node.metadata.name))
            return undefined;
    }
    if (!pending.length)
        return plan;
    const used = allocatedDevices(ctx, new Set(pending.map(c => `${c.metadata.namespace}/${c.metadata.name}`)));
    // Devices planned for other pods not yet bound (a gang placed together).
    for (const k of alsoUsed ?? [])
        used.add(k);
    const devices = candidateDevices(ctx, node);
    for (const claim of pending) {
        const results = [];
        for (const alternatives of requests(claim)) {
            let satisfied = false;
            for (const req of alternatives) {
                const cls = ctx.store.get(G, 'deviceclasses', undefined, req.deviceClassName);
                if (!cls)
                    continue;
                const selectors = [...(cls.spec?.selectors ?? []).map((s) => s?.cel?.expression).filter(Boolean), ...req.selectors];
                const fit = devices.filter(d => {
                    if (used.has(refKey(d.ref)))
                        return false;
                    const view = celDevice(d.ref.driver, d.device);
                    try {
                        return selectors.every((e) => evalSelector(e, view));
                    }
                    catch (e) {
                        if (!(e instanceof CelError))
                            throw e;
                        return false;
                    }
                });
                const want = req.allocationMode === 'All' ? fit.length : req.count;
                if (want === 0 || fit.length < want)
                    continue;
                for (const d of fit.slice(0, want)) {
                    used.add(refKey(d.ref));
                    results.push({ request: req.name, ...d.ref });
                }
                satisfied = true;
                break;
            }
            if (!satisfied)
                return undefined;
        }
        plan.set(`${claim.metadata.namespace}/${claim.metadata.name}`, { results });
    }
    return plan;
}
/** Writes the allocations of a plan and reserves every claim of the pod for it. */
function commitAllocation(ctx, pod, claims, node, plan) {
    const now = ctx.store.timestamp();
    for (const c of claims) {
        const cur = ctx.store.get(G, 'resourceclaims', c.metadata.namespace, c.metadata.name);
        if (!cur)
            continue;
        const status = { ...(cur.status ?? {}) };
        const p = plan.get(`${c.metadata.namespace}/${c.metadata.name}`);
        if (p && !status.allocation) {
            status.allocation = {
                devices: { results: p.results },
                nodeSelector: {
                    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node.metadata.name] }] }]
                },
                allocationTimestamp: now
            };
        }
        const reserved = [...(status.reservedFor ?? [])];
        if (!reserved.some((r) => r.uid === pod.metadata.uid))
            reserved.push({ resource: 'pods', name: pod.metadata.name, uid: pod.metadata.uid });
        status.reservedFor = reserved;
        ctx.store.update({ ...cur, status }, { subresource: 'status' });
    }
}
/** The claims of a pod, when all exist. */
function claimsOf(ctx, pod) {
    const out = [];
    for (const c of podClaims(pod)) {
        const claim = c.claimName && ctx.store.get(G, 'resourceclaims', pod.metadata.namespace, c.claimName);
        if (!claim)
            return undefined;
        out.push(claim);
    }
    return out;
}
/**
 * The resourceclaim controller's release: a pod that finished or is gone no longer reserves
 * its claims, and a claim nobody reserves is deallocated.
 */
function startClaimReleaser(ctx) {
    const release = (pod) => {
        if (!ctx.store.typeOf(G, 'resourceclaims'))
            return;
        for (const c of podClaims(pod)) {
            if (!c.claimName)
                continue;
            const cur = ctx.store.get(G, 'resourceclaims', pod.metadata.namespace, c.claimName);
            if (!cur?.status?.reservedFor?.some((r) => r.uid === pod.metadata.uid))
                continue;
            const reservedFor = cur.status.reservedFor.filter((r) => r.uid !== pod.metadata.uid);
            const status = { ...cur.status, reservedFor };
            if (!reservedFor.length) {
                delete status.reservedFor;
                delete status.allocation;
            }
            ctx.store.update({ ...cur, status }, { subresource: 'status' });
        }
    };
    const queue = [];
    let handle = null;
    const flush = () => {
        handle = null;
        for (const p of queue.splice(0))
            release(p);
    };
    return ctx.store.onChange(ch => {
        if (ch.rtype.group !== '' || ch.rtype.resource !== 'pods')
            return;
        if (!ch.object.spec?.resourceClaims?.length)
            return;
        if (ch.type === 'DELETED' || isTerminal(ch.object)) {
            queue.push(ch.object);
            if (handle === null)
                handle = ctx.clock.setTimeout(flush, 0);
        }
    });
}

;// CONCATENATED MODULE: ./src/sim/pods/hardware.ts
/**
 * The accelerators physically in each node: what device plugins and DRA drivers discover.
 * Ids are derived from the node name and index, so every run shows the same UUIDs.
 */

const GPU_MODELS = {
    'NVIDIA A10': {
        product: 'NVIDIA A10', memoryMiB: 23028, architecture: 'Ampere', computeCapability: '8.6', brand: 'Nvidia',
        powerLimitW: 150, driverVersion: '570.133.20', cudaDriverVersion: '12.8', nvlinks: 0
    },
    'NVIDIA L4': {
        product: 'NVIDIA L4', memoryMiB: 23034, architecture: 'Ada Lovelace', computeCapability: '8.9', brand: 'Nvidia',
        powerLimitW: 72, driverVersion: '570.133.20', cudaDriverVersion: '12.8', nvlinks: 0
    },
    'NVIDIA H100 80GB HBM3': {
        product: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559, architecture: 'Hopper', computeCapability: '9.0', brand: 'Nvidia',
        powerLimitW: 700, driverVersion: '570.133.20', cudaDriverVersion: '12.8', nvlinks: 18
    },
    'NVIDIA A100-SXM4-40GB': {
        product: 'NVIDIA A100-SXM4-40GB', memoryMiB: 40960, architecture: 'Ampere', computeCapability: '8.0', brand: 'Nvidia',
        powerLimitW: 400, driverVersion: '570.133.20', cudaDriverVersion: '12.8', nvlinks: 12
    },
    'Tesla V100-SXM2-16GB': {
        product: 'Tesla V100-SXM2-16GB', memoryMiB: 16384, architecture: 'Volta', computeCapability: '7.0', brand: 'Tesla',
        powerLimitW: 300, driverVersion: '570.133.20', cudaDriverVersion: '12.8', nvlinks: 6
    }
};
function hex(seed, n) {
    return (0,external_node_crypto_.createHash)('sha256').update(seed).digest('hex').slice(0, n);
}
/** A GPU UUID as NVIDIA formats them, derived from node and index. */
function gpuUuid(node, index) {
    const h = hex(`${node}/gpu/${index}`, 32);
    return `GPU-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
class Hardware {
    byNode = new Map();
    /** Puts `count` GPUs of a model into a node (replacing what it had), optionally in MIG mode. */
    setGpus(node, model, count, mig) {
        const gpus = [];
        for (let i = 0; i < count; i++) {
            gpus.push({
                node,
                index: i,
                minor: i,
                uuid: gpuUuid(node, i),
                pciBusId: `00000000:${(0x10 + i * 0x10).toString(16).toUpperCase().padStart(2, '0')}:00.0`,
                model,
                ...(mig ? { mig } : {})
            });
        }
        this.byNode.set(node, gpus);
    }
    gpus(node) {
        return (node && this.byNode.get(node)) || [];
    }
    nodes() {
        return Array.from(this.byNode.keys());
    }
}
/** One MIG instance of a GPU as a container sees it (its parent GPU with the instance's identity). */
function migInstance(gpu, index) {
    const h = hex(`${gpu.uuid}/mig/${index}`, 32);
    const uuid = `MIG-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    return { ...gpu, migInstance: { index, uuid, profile: gpu.mig?.profile ?? '' } };
}

;// CONCATENATED MODULE: ./src/sim/pods/devices.ts



class DeviceAssigner {
    ctx;
    /** pod uid → container → GPUs a device plugin handed out (whole GPUs). */
    exclusive = new Map();
    /** pod uid → container → (GPU, GiB) of a shared-memory plugin. */
    shared = new Map();
    constructor(ctx) {
        this.ctx = ctx;
    }
    release(podUid) {
        this.exclusive.delete(podUid);
        this.shared.delete(podUid);
    }
    /**
     * Allocates device-plugin GPUs for a starting pod; per container, what it was allocated and
     * what it sees (more than allocated when the runtime exposes more).
     */
    assign(pod) {
        const node = pod.spec?.nodeName;
        const gpus = this.ctx.hardware.gpus(node);
        const out = new Map();
        const uid = pod.metadata.uid;
        /** GPU uuid → device-plugin allocations of it (more than one only under time-slicing). */
        const uses = new Map();
        /** GPU uuid → MIG instance indexes handed out. */
        const migUsed = new Map();
        const memUsed = new Map();
        for (const [otherUid, byContainer] of this.exclusive) {
            if (otherUid === uid)
                continue;
            for (const list of byContainer.values()) {
                for (const g of list) {
                    if (g.node !== node)
                        continue;
                    if (g.migInstance)
                        migUsed.set(g.uuid, new Set([...(migUsed.get(g.uuid) ?? []), g.migInstance.index]));
                    else
                        uses.set(g.uuid, (uses.get(g.uuid) ?? 0) + 1);
                }
            }
        }
        for (const byContainer of this.shared.values()) {
            for (const { gpu, gib } of byContainer.values())
                if (gpu.node === node)
                    memUsed.set(gpu.uuid, (memUsed.get(gpu.uuid) ?? 0) + gib);
        }
        const wholePlugins = this.ctx.devicePlugins.filter(d => d.unit === 'gpu');
        const wholeResources = wholePlugins.map(d => d.resource);
        const memResources = this.ctx.devicePlugins.filter(d => d.unit === 'gpu-mem-gib').map(d => d.resource);
        const migPlugins = this.ctx.devicePlugins.filter(d => d.unit === 'mig');
        const mine = new Map();
        const mineShared = new Map();
        for (const c of pod.spec?.containers ?? []) {
            const limits = { ...(c.resources?.requests ?? {}), ...(c.resources?.limits ?? {}) };
            const visible = [];
            const n = wholeResources.reduce((s, r) => s + count(limits[r]), 0);
            if (n > 0) {
                const replicas = Math.max(1, ...wholePlugins.filter(d => count(limits[d.resource]) > 0).map(d => d.replicas ?? 1));
                const picked = [];
                for (let i = 0; i < n; i++) {
                    const free = gpus.filter(g => !g.mig && (uses.get(g.uuid) ?? 0) < replicas && !memUsed.has(g.uuid));
                    if (!free.length)
                        break;
                    // Time-sliced replicas spread over the GPUs (the plugin's preferred allocation); whole GPUs go in order.
                    const g = free.reduce((a, b) => ((uses.get(b.uuid) ?? 0) < (uses.get(a.uuid) ?? 0) ? b : a));
                    uses.set(g.uuid, (uses.get(g.uuid) ?? 0) + 1);
                    picked.push(g);
                }
                mine.set(c.name, picked);
                visible.push(...picked);
            }
            for (const dp of migPlugins) {
                for (let i = 0; i < count(limits[dp.resource]); i++) {
                    // Instances are packed onto the first GPU with one free, as the plugin hands them out.
                    const gpu = gpus.find(g => g.mig?.profile === dp.profile && (migUsed.get(g.uuid)?.size ?? 0) < (g.mig?.count ?? 0));
                    if (!gpu)
                        break;
                    const used = migUsed.get(gpu.uuid) ?? new Set();
                    let index = 0;
                    while (used.has(index))
                        index++;
                    migUsed.set(gpu.uuid, used.add(index));
                    const instance = migInstance(gpu, index);
                    mine.set(c.name, [...(mine.get(c.name) ?? []), instance]);
                    visible.push(instance);
                }
            }
            const gib = memResources.reduce((s, r) => s + count(limits[r]), 0);
            if (gib > 0) {
                const fit = gpus.find(g => !g.mig && !uses.has(g.uuid) && (memUsed.get(g.uuid) ?? 0) + gib <= Math.floor(g.model.memoryMiB / 1024));
                if (fit) {
                    memUsed.set(fit.uuid, (memUsed.get(fit.uuid) ?? 0) + gib);
                    mineShared.set(c.name, { gpu: fit, gib });
                    visible.push(fit);
                }
            }
            visible.push(...this.claimGpus(pod, c, gpus));
            const allocated = dedupe(visible);
            out.set(c.name, { allocated, visible: this.override(c, gpus, allocated) });
        }
        this.exclusive.set(uid, mine);
        this.shared.set(uid, mineShared);
        return out;
    }
    /** GPUs of the node a container's DRA claims were allocated. */
    claimGpus(pod, container, gpus) {
        const refs = container.resources?.claims ?? [];
        if (!refs.length)
            return [];
        const nvidiaDrivers = new Set(this.ctx.draDrivers.filter(d => d.devices === 'nvidia').map(d => d.driver));
        const byEntry = new Map(podClaims(pod).map(c => [c.name, c.claimName]));
        const out = [];
        for (const ref of refs) {
            const claimName = byEntry.get(ref.name);
            const claim = claimName ? this.ctx.store.get('resource.k8s.io', 'resourceclaims', pod.metadata.namespace, claimName) : undefined;
            for (const r of claim?.status?.allocation?.devices?.results ?? []) {
                if (ref.request && r.request !== ref.request && !String(r.request).startsWith(`${ref.request}/`))
                    continue;
                if (!nvidiaDrivers.has(r.driver) || r.pool !== pod.spec.nodeName)
                    continue;
                const m = /^gpu-(\d+)$/.exec(r.device);
                const g = m && gpus.find(x => x.minor === Number(m[1]));
                if (g)
                    out.push(g);
            }
        }
        return out;
    }
    override(container, gpus, visible) {
        if (!gpus.length)
            return visible;
        if (this.ctx.runtime.exposeAllGpus)
            return gpus;
        if (container.securityContext?.privileged)
            return gpus;
        const env = (container.env ?? []).find((e) => e.name === 'NVIDIA_VISIBLE_DEVICES')?.value;
        if (this.ctx.runtime.acceptVisibleDevicesEnv && env && env !== 'void' && env !== 'none') {
            if (env === 'all')
                return gpus;
            const wanted = String(env).split(',');
            return gpus.filter(g => wanted.includes(String(g.index)) || wanted.includes(g.uuid));
        }
        return visible;
    }
}
function dedupe(gpus) {
    const seen = new Set();
    const id = (g) => g.migInstance?.uuid ?? g.uuid;
    return gpus.filter(g => !seen.has(id(g)) && seen.add(id(g))).sort((a, b) => a.minor - b.minor || (a.migInstance?.index ?? 0) - (b.migInstance?.index ?? 0));
}

;// CONCATENATED MODULE: ./src/sim/pods/net-tools.ts
const REQUEST_MS = 5;
const done = (out, code = 0, err = '', ms = 0) => ({ out, err, code, ms });
/** `curl [-s] [-S] [-f] [-i] [-o FILE] [-w FORMAT] [-H H]... [-X M] [-d DATA] [-m SECS] URL`. */
function curl(args, ctx) {
    let silent = false;
    let showErrors = false;
    let fail = false;
    let include = false;
    let output;
    let format = '';
    let method;
    let data;
    const headers = {};
    let url;
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        const value = () => args[++i] ?? '';
        if (/^-[a-zA-Z]+$/.test(a) && a.length > 2 && !['-H', '-X', '-d', '-o', '-w', '-m'].includes(a)) {
            // Bundled short flags, e.g. -sS, -sf, -fsSL.
            for (const f of a.slice(1)) {
                if (f === 's')
                    silent = true;
                else if (f === 'S')
                    showErrors = true;
                else if (f === 'f')
                    fail = true;
                else if (f === 'i')
                    include = true;
            }
            continue;
        }
        switch (a) {
            case '-s':
            case '--silent':
                silent = true;
                break;
            case '-S':
            case '--show-error':
                showErrors = true;
                break;
            case '-f':
            case '--fail':
                fail = true;
                break;
            case '-i':
            case '--include':
                include = true;
                break;
            case '-o':
            case '--output':
                output = value();
                break;
            case '-w':
            case '--write-out':
                format = value();
                break;
            case '-X':
            case '--request':
                method = value();
                break;
            case '-H':
            case '--header': {
                const h = value();
                const c = h.indexOf(':');
                if (c > 0)
                    headers[h.slice(0, c).trim()] = h.slice(c + 1).trim();
                break;
            }
            case '-d':
            case '--data':
            case '--data-raw':
            case '--data-binary':
                data = value();
                break;
            case '-m':
            case '--max-time':
            case '--connect-timeout':
            case '--retry':
            case '-A':
            case '--user-agent':
                value();
                break;
            default:
                if (!a.startsWith('-'))
                    url = a;
        }
    }
    const quietErr = silent && !showErrors;
    if (!url)
        return done('', 2, "curl: try 'curl --help' or 'curl --manual' for more information\n");
    if (!ctx.http)
        return done('', 6, quietErr ? '' : `curl: (6) Could not resolve host: ${hostOf(url)}\n`, REQUEST_MS);
    if (data !== undefined && !Object.keys(headers).some(h => h.toLowerCase() === 'content-type'))
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const r = ctx.http(withScheme(url), { method: method ?? (data !== undefined ? 'POST' : 'GET'), headers, body: data ?? '' });
    if (!r.ok) {
        const err = r.error === 'resolve'
            ? `curl: (6) Could not resolve host: ${r.host}\n`
            : `curl: (7) Failed to connect to ${r.host} port ${r.port} after 0 ms: Could not connect to server\n`;
        return done(writeOut(format, 0), r.error === 'resolve' ? 6 : 7, quietErr ? '' : err, REQUEST_MS);
    }
    const res = r.response;
    const body = res.body.toString();
    if (fail && res.status >= 400) {
        return done(writeOut(format, res.status), 22, quietErr ? '' : `curl: (22) The requested URL returned error: ${res.status}\n`, REQUEST_MS);
    }
    const head = include ? `HTTP/1.1 ${res.status} ${reason(res.status)}\r\n${Object.entries(res.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n` : '';
    const shown = output === undefined || output === '-' ? head + body : '';
    return done(shown + writeOut(format, res.status), 0, '', REQUEST_MS);
}
/** busybox `wget [-q] [-O FILE|-] [--header 'H: v'] [-T SECS] URL` (also -qO-). */
function wget(args, ctx) {
    let quiet = false;
    let toStdout = false;
    let url;
    const headers = {};
    let data;
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === '-q')
            quiet = true;
        else if (a === '-O' || a === '--output-document')
            toStdout = args[++i] === '-';
        else if (a === '-qO-' || a === '-O-') {
            toStdout = true;
            quiet = quiet || a === '-qO-';
        }
        else if (a === '-qO') {
            quiet = true;
            toStdout = args[++i] === '-';
        }
        else if (a === '--header' || a.startsWith('--header=')) {
            const h = a.startsWith('--header=') ? a.slice(9) : (args[++i] ?? '');
            const c = h.indexOf(':');
            if (c > 0)
                headers[h.slice(0, c).trim()] = h.slice(c + 1).trim();
        }
        else if (a === '--post-data' || a.startsWith('--post-data='))
            data = a.startsWith('--post-data=') ? a.slice(12) : args[++i];
        else if (a === '-T' || a === '-U' || a === '--timeout')
            i++;
        else if (!a.startsWith('-'))
            url = a;
    }
    if (!url)
        return done('', 1, 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR] [--post-data STR | --post-file FILE] URL...\n');
    const full = withScheme(url);
    if (!ctx.http)
        return done('', 1, `wget: bad address '${hostOf(url)}'\n`, REQUEST_MS);
    const r = ctx.http(full, { method: data !== undefined ? 'POST' : 'GET', headers, body: data ?? '' });
    if (!r.ok) {
        return done('', 1, r.error === 'resolve' ? `wget: bad address '${r.host}'\n` : `wget: can't connect to remote host (${r.host}): Connection refused\n`, REQUEST_MS);
    }
    const status = r.response.status;
    const progress = quiet ? '' : `Connecting to ${hostOf(url)}\n`;
    if (status >= 400)
        return done('', 1, `${progress}wget: server returned error: HTTP/1.1 ${status} ${reason(status)}\n`, REQUEST_MS);
    const body = r.response.body.toString();
    return done(toStdout ? body : '', 0, progress + (toStdout || quiet ? '' : "saving to 'index.html'\n"), REQUEST_MS);
}
function withScheme(url) {
    return /^[a-z]+:\/\//i.test(url) ? url : `http://${url}`;
}
function hostOf(url) {
    return withScheme(url).replace(/^[a-z]+:\/\//i, '').split(/[/:?#]/)[0];
}
function writeOut(format, status) {
    return format.replace(/%\{http_code\}|%\{response_code\}/g, String(status).padStart(3, '0')).replace(/\\n/g, '\n').replace(/\\t/g, '\t');
}
function reason(status) {
    return { 200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' }[status] ?? '';
}
/** `uname [-a|-r|-s|-n|-m|-v]` on the kernel the container sees. */
function uname(args, ctx) {
    const k = ctx.kernel ?? { release: '6.8.0-60-generic', version: 'Linux version 6.8.0-60-generic #1 SMP PREEMPT_DYNAMIC', bootId: '' };
    const build = k.version.replace(/^Linux version \S+\s*(\([^)]*\)\s*)*(\([^)]*\)\s*)?/, '').trim() || '#1 SMP';
    const parts = { s: 'Linux', n: ctx.podName, r: k.release, v: build, m: 'x86_64' };
    const flags = args.filter(a => a.startsWith('-')).flatMap(a => a.slice(1).split(''));
    if (flags.includes('a'))
        return done(`Linux ${ctx.podName} ${k.release} ${build} x86_64 GNU/Linux\n`);
    const want = flags.length ? flags.filter(f => parts[f] !== undefined) : ['s'];
    return done(`${want.map(f => parts[f]).join(' ')}\n`);
}
/** The /proc files a shell script may read for kernel identity; undefined for any other path. */
function procFile(path, ctx) {
    const k = ctx.kernel;
    if (!k)
        return undefined;
    if (path === '/proc/version')
        return `${k.version}\n`;
    if (path === '/proc/sys/kernel/osrelease')
        return `${k.release}\n`;
    if (path === '/proc/sys/kernel/random/boot_id')
        return `${k.bootId}\n`;
    return undefined;
}
/** `seq [FIRST [INCREMENT]] LAST`. */
function seq(args) {
    const n = args.map(Number);
    if (!n.length || n.some(x => !Number.isFinite(x)))
        return done('', 1, `seq: invalid argument\n`);
    const [first, step, last] = n.length === 1 ? [1, 1, n[0]] : n.length === 2 ? [n[0], 1, n[1]] : [n[0], n[1], n[2]];
    const out = [];
    for (let x = first; step > 0 ? x <= last : x >= last; x += step) {
        out.push(x);
        if (out.length > 100_000)
            break;
    }
    return done(out.map(x => `${x}\n`).join(''));
}
/**
 * `ray job submit [--address A] [--submission-id ID] ... -- ENTRYPOINT`: submits to the Ray
 * dashboard and tails the job to its end, printing what the Ray CLI prints. The job fails when
 * its entrypoint exits non-zero (`exit N`, `sys.exit(N)`) or raises.
 */
function rayCli(args, ctx) {
    if (args[0] !== 'job' || args[1] !== 'submit')
        return done('', 2, `Usage: ray [OPTIONS] COMMAND [ARGS]...\nTry 'ray --help' for help.\n`);
    const sep = args.indexOf('--');
    const opts = sep < 0 ? args.slice(2) : args.slice(2, sep);
    const entry = sep < 0 ? '' : args.slice(sep + 1).join(' ');
    const opt = (n) => {
        const i = opts.findIndex(a => a === n || a.startsWith(`${n}=`));
        return i < 0 ? undefined : opts[i].includes('=') ? opts[i].slice(n.length + 1) : opts[i + 1];
    };
    const address = opt('--address') ?? ctx.env.RAY_DASHBOARD_ADDRESS ?? 'http://127.0.0.1:8265';
    const id = opt('--submission-id') ?? `raysubmit_${ctx.podName.slice(-12)}`;
    const failed = /sys\.exit\(\s*[1-9]|exit\s+[1-9]|\braise\b/.test(entry);
    const t = (ms) => {
        const d = new Date(ctx.startedAt + ms);
        return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)},${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
    };
    const line = '------------------------------------------';
    const out = [
        `${t(400)}\tINFO cli.py:41 -- Job submission server address: ${address}`,
        `${t(1200)}\tSUCC cli.py:65 -- ${line}------`,
        `${t(1200)}\tSUCC cli.py:66 -- Job '${id}' submitted successfully`,
        `${t(1200)}\tSUCC cli.py:67 -- ${line}------`,
        `${t(1200)}\tINFO cli.py:291 -- Next steps`,
        `${t(1200)}\tINFO cli.py:292 -- Query the logs of the job:`,
        `${t(1200)}\tINFO cli.py:294 -- ray job logs ${id}`,
        `${t(1200)}\tINFO cli.py:295 -- Query the status of the job:`,
        `${t(1200)}\tINFO cli.py:297 -- ray job status ${id}`,
        `${t(1200)}\tINFO cli.py:298 -- Request the job to be stopped:`,
        `${t(1200)}\tINFO cli.py:300 -- ray job stop ${id}`,
        `${t(1300)}\tINFO cli.py:307 -- Tailing logs until the job exits (disable with --no-wait):`,
        `${t(2000)}\tINFO job_manager.py:531 -- Runtime env is setting up.`,
        failed ? 'Traceback (most recent call last):' : 'test_counter got 1',
        failed ? 'RuntimeError: the entrypoint failed' : 'test_counter got 2',
        `${t(3000)}\t${failed ? 'ERR' : 'SUCC'} cli.py:${failed ? 63 : 65} -- ${line}`,
        `${t(3000)}\t${failed ? 'ERR' : 'SUCC'} cli.py:${failed ? 64 : 66} -- Job '${id}' ${failed ? 'failed' : 'succeeded'}`,
        `${t(3000)}\t${failed ? 'ERR' : 'SUCC'} cli.py:${failed ? 65 : 67} -- ${line}`
    ];
    return done(`${out.join('\n')}\n`, failed ? 1 : 0, '', 3000);
}

;// CONCATENATED MODULE: ./src/sim/pods/programs.ts

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
/** Images whose default command is an interactive shell, which exits at once without a TTY. */
const SHELL_IMAGES = /(^|\/)(busybox|alpine|ubuntu|debian|fedora|centos|rockylinux|amazonlinux|python)(:|@|$)/;
function runContainer(command, args, ctx) {
    const argv = [...(command ?? []), ...(args ?? [])];
    if (!argv.length) {
        return SHELL_IMAGES.test(ctx.image) ? { exitCode: 0, runMs: 0, log: [] } : { exitCode: 0, runMs: null, log: [] };
    }
    const exe = basename(argv[0]);
    if (SHELLS.has(exe)) {
        const ci = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
        if (ci > 0 && argv[ci + 1] !== undefined)
            return new Shell(ctx, `${exe}: `).runScript(argv[ci + 1]);
        if (argv.length === 1)
            return { exitCode: 0, runMs: 0, log: [] };
    }
    const shell = new Shell(ctx, '');
    if (!shell.knows(argv[0])) {
        // exec'd directly: a missing binary is a runtime start error, not an exit status.
        if (shell.missing(argv[0])) {
            return {
                exitCode: 128,
                runMs: 0,
                log: [],
                startError: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${argv[0]}": executable file not found in $PATH: unknown`
            };
        }
        return { exitCode: 0, runMs: null, log: [] };
    }
    return shell.runArgv(argv);
}
function basename(p) {
    return p.slice(p.lastIndexOf('/') + 1);
}
/** Splits a script into words and operators, honouring quotes; drops redirections. */
function tokenize(script) {
    const out = [];
    let i = 0;
    let word = null;
    const flush = () => {
        if (word !== null)
            out.push({ word });
        word = null;
    };
    while (i < script.length) {
        const c = script[i];
        if (c === '$' && script[i + 1] === '(') {
            // Command substitution stays one word; it is run when the word is expanded.
            let depth = 0;
            let j = i + 1;
            for (; j < script.length; j++) {
                if (script[j] === '(')
                    depth++;
                else if (script[j] === ')' && --depth === 0)
                    break;
            }
            word = (word ?? '') + script.slice(i, j + 1);
            i = j + 1;
        }
        else if (c === '\\' && i + 1 < script.length) {
            word = (word ?? '') + script[i + 1];
            i += 2;
        }
        else if (c === "'") {
            const end = script.indexOf("'", i + 1);
            word = (word ?? '') + script.slice(i + 1, end < 0 ? undefined : end);
            i = end < 0 ? script.length : end + 1;
        }
        else if (c === '"') {
            let j = i + 1;
            let s = '';
            while (j < script.length && script[j] !== '"') {
                if (script[j] === '\\' && j + 1 < script.length && '"\\$`'.includes(script[j + 1])) {
                    s += script[j + 1];
                    j += 2;
                }
                else
                    s += script[j++];
            }
            word = (word ?? '') + s;
            i = j + 1;
        }
        else if (c === '#' && word === null) {
            while (i < script.length && script[i] !== '\n')
                i++;
        }
        else if (c === ' ' || c === '\t') {
            flush();
            i++;
        }
        else if (c === '\n' || c === ';') {
            flush();
            out.push({ op: ';' });
            i++;
        }
        else if (script.startsWith('&&', i) || script.startsWith('||', i)) {
            flush();
            out.push({ op: script.slice(i, i + 2) });
            i += 2;
        }
        else if (c === '|') {
            flush();
            out.push({ op: '|' });
            i++;
        }
        else if (c === '>' || (c === '2' && script[i + 1] === '>' && word === null) || (c === '&' && script[i + 1] === '>')) {
            // Redirections: skip the operator and its target; output still reaches the log.
            flush();
            i += c === '>' ? 1 : 2;
            if (script[i] === '>')
                i++;
            if (script[i] === '&') {
                i++;
                while (i < script.length && /\d/.test(script[i]))
                    i++;
                continue;
            }
            while (script[i] === ' ')
                i++;
            while (i < script.length && !/[\s;&|]/.test(script[i]))
                i++;
        }
        else if (c === '&') {
            flush();
            out.push({ op: ';' });
            i++;
        }
        else {
            word = (word ?? '') + c;
            i++;
        }
    }
    flush();
    return out;
}
class Forever extends Error {
}
class Exit extends Error {
    code;
    constructor(code) {
        super(`exit ${code}`);
        this.code = code;
    }
}
const DEV_BASE = ['core', 'fd', 'full', 'mqueue', 'null', 'ptmx', 'pts', 'random', 'shm', 'stderr', 'stdin', 'stdout', 'termination-log', 'tty', 'urandom', 'zero'];
class Shell {
    ctx;
    prefix;
    elapsed = 0;
    log = [];
    last = 0;
    /** Shell variables set by assignments and for loops (over the container's environment). */
    vars = {};
    /** Where standard output goes while a `$(...)` substitution runs. */
    sink;
    constructor(ctx, 
    /** How errors are prefixed ("sh: " inside a shell). */
    prefix) {
        this.ctx = ctx;
        this.prefix = prefix;
    }
    runScript(script) {
        if (/(^|[\s;])(while|until)\s/.test(script) || /\btail\s+-f\b/.test(script)) {
            // Endless loops and followers: take what runs before the loop, then run forever.
            const head = script.split(/(^|[\s;])(?:while|until)\s|\btail\s+-f\b/)[0];
            return this.finish(() => {
                this.exec(tokenize(head));
                throw new Forever();
            });
        }
        return this.finish(() => this.exec(tokenize(script)));
    }
    runArgv(argv) {
        return this.finish(() => {
            this.last = this.pipeline([argv]);
        });
    }
    knows(cmd) {
        return this.command(basename(cmd)) !== undefined;
    }
    /** A binary the container image does not have (only nvidia-smi without GPUs is modelled). */
    missing(cmd) {
        return basename(cmd) === 'nvidia-smi' && !this.ctx.gpus.length;
    }
    finish(body) {
        try {
            body();
            return { exitCode: this.last, runMs: this.elapsed, log: this.log };
        }
        catch (e) {
            if (e instanceof Exit)
                return { exitCode: e.code, runMs: this.elapsed, log: this.log };
            if (e instanceof Forever)
                return { exitCode: 0, runMs: null, log: this.log };
            throw e;
        }
    }
    emit(text) {
        if (text)
            this.log.push({ atMs: this.elapsed, text });
    }
    exec(tokens) {
        // Statements separated by ';', each a chain of pipelines joined by && / ||.
        let pipeline = [[]];
        let connector = ';';
        const run = () => {
            const words = pipeline.filter(p => p.length);
            if (!words.length)
                return;
            if (connector === '&&' && this.last !== 0)
                return;
            if (connector === '||' && this.last === 0)
                return;
            this.last = this.pipeline(pipeline);
        };
        for (let i = 0; i < tokens.length; i++) {
            const t = tokens[i];
            if ('word' in t && t.word === 'for' && pipeline.length === 1 && !pipeline[0].length) {
                i = this.forLoop(tokens, i);
                continue;
            }
            if ('word' in t)
                pipeline[pipeline.length - 1].push(t.word);
            else if (t.op === '|')
                pipeline.push([]);
            else {
                run();
                connector = t.op;
                pipeline = [[]];
            }
        }
        run();
    }
    /** `for NAME in WORDS; do BODY; done` starting at tokens[i]; returns the index of `done`. */
    forLoop(tokens, i) {
        const word = (k) => {
            const t = tokens[k];
            return t && 'word' in t ? t.word : undefined;
        };
        const name = word(i + 1) ?? '';
        let k = i + 2;
        const items = [];
        if (word(k) === 'in')
            for (k++; k < tokens.length && word(k) !== undefined && word(k) !== 'do'; k++)
                items.push(...this.expand(word(k)).split(/\s+/).filter(Boolean));
        while (k < tokens.length && word(k) !== 'do')
            k++;
        let depth = 1;
        let end = k + 1;
        for (; end < tokens.length; end++) {
            if (word(end) === 'do')
                depth++;
            else if (word(end) === 'done' && --depth === 0)
                break;
        }
        const body = tokens.slice(k + 1, end);
        for (const item of items) {
            this.vars[name] = item;
            this.exec(body);
        }
        return end;
    }
    pipeline(commands) {
        let input = '';
        let code = 0;
        for (let i = 0; i < commands.length; i++) {
            const r = this.simple(commands[i].map(w => this.expand(w)), input);
            input = r.out;
            code = r.code;
            if (r.err)
                this.emit(r.err);
            if (i === commands.length - 1) {
                if (this.sink)
                    this.sink.push(r.out);
                else
                    this.emit(r.out);
            }
        }
        return code;
    }
    expand(w) {
        const withOutput = w.includes('$(') ? this.substitute(w) : w;
        return withOutput.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*|\?)\}?/g, (_m, name) => name === '?' ? String(this.last) : (this.vars[name] ?? this.ctx.env[name] ?? ''));
    }
    /** Replaces each `$(...)` in a word by what the command prints (trailing newlines removed). */
    substitute(w) {
        let out = '';
        let i = 0;
        while (i < w.length) {
            const start = w.indexOf('$(', i);
            if (start < 0)
                break;
            let depth = 0;
            let end = start + 1;
            for (; end < w.length; end++) {
                if (w[end] === '(')
                    depth++;
                else if (w[end] === ')' && --depth === 0)
                    break;
            }
            out += w.slice(i, start);
            const saved = this.sink;
            this.sink = [];
            try {
                this.exec(tokenize(w.slice(start + 2, end)));
            }
            catch (e) {
                if (!(e instanceof Forever) && !(e instanceof Exit))
                    throw e;
            }
            out += this.sink.join('').replace(/\n+$/, '');
            this.sink = saved;
            i = end + 1;
        }
        return out + w.slice(i);
    }
    /** A command of net-tools.ts, its time added to the container's clock. */
    tool(r) {
        this.elapsed += r.ms;
        return { out: r.out, err: r.err, code: r.code };
    }
    simple(argv, stdin) {
        const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(argv[0] ?? '');
        if (assignment) {
            this.vars[assignment[1]] = assignment[2];
            if (argv.length === 1)
                return { out: '', err: '', code: 0 };
            return this.simple(argv.slice(1), stdin);
        }
        const [cmd, ...rest] = argv;
        const fn = this.command(basename(cmd));
        if (!fn) {
            if (this.missing(cmd))
                return { out: '', err: `${this.prefix || 'sh: '}${cmd}: not found\n`, code: 127 };
            throw new Forever();
        }
        return fn(rest, stdin);
    }
    command(name) {
        const ok = (out) => ({ out, err: '', code: 0 });
        switch (name) {
            case 'echo':
                return a => {
                    const noNewline = a[0] === '-n';
                    const words = a.filter((x, i) => !(i === 0 && (x === '-n' || x === '-e')));
                    return ok(words.join(' ') + (noNewline ? '' : '\n'));
                };
            case 'printf':
                return a => ok((a[0] ?? '').replace(/%s/g, () => a.splice(1, 1)[0] ?? '').replace(/\\n/g, '\n'));
            case 'true':
            case ':':
                return () => ok('');
            case 'false':
                return () => ({ out: '', err: '', code: 1 });
            case 'exit':
                return a => {
                    throw new Exit(Number(a[0] ?? this.last) & 255);
                };
            case 'sleep':
                return a => {
                    const ms = parseSleep(a[0]);
                    if (ms === null)
                        throw new Forever();
                    this.elapsed += ms;
                    return ok('');
                };
            case 'hostname':
                return () => ok(`${this.ctx.podName}\n`);
            case 'date':
                return () => ok(`${new Date(this.ctx.startedAt + this.elapsed).toUTCString()}\n`);
            case 'env':
            case 'printenv':
                return a => a.length
                    ? this.ctx.env[a[0]] === undefined
                        ? { out: '', err: '', code: 1 }
                        : ok(`${this.ctx.env[a[0]]}\n`)
                    : ok(Object.entries(this.ctx.env).map(([k, v]) => `${k}=${v}\n`).join(''));
            case 'nvidia-smi':
                return this.ctx.gpus.length ? a => nvidiaSmi(a, this.ctx) : undefined;
            case 'ls':
                return a => this.ls(a);
            case 'cat':
                return (a, stdin) => {
                    if (!a.length)
                        return ok(stdin);
                    const files = a.map(f => ({ f, text: procFile(f, this.ctx) }));
                    const err = files.filter(x => x.text === undefined).map(x => `cat: ${x.f}: No such file or directory\n`).join('');
                    return { out: files.map(x => x.text ?? '').join(''), err, code: err ? 1 : 0 };
                };
            case 'curl':
                return a => this.tool(curl(a, this.ctx));
            case 'wget':
                return a => this.tool(wget(a, this.ctx));
            case 'uname':
                return a => this.tool(uname(a, this.ctx));
            case 'seq':
                return a => this.tool(seq(a));
            case 'ray':
                return a => this.tool(rayCli(a, this.ctx));
            case 'grep':
                return (a, stdin) => grep(a, stdin);
            case 'wc':
                return (_a, stdin) => ok(`${stdin ? stdin.split('\n').filter((l, i, all) => i < all.length - 1 || l).length : 0}\n`);
            case 'head':
            case 'tail':
                return (a, stdin) => {
                    const n = Number(a[a.indexOf('-n') + 1] ?? 10) || 10;
                    const lines = stdin.split('\n').filter(Boolean);
                    const pick = name === 'head' ? lines.slice(0, n) : lines.slice(-n);
                    return ok(pick.map(l => `${l}\n`).join(''));
                };
            case 'vectorAdd':
                return () => vectorAdd(this.ctx);
            case 'python':
            case 'python3':
                return a => {
                    const code = a[a.indexOf('-c') + 1] ?? '';
                    if (a.includes('-c') && /device_count\(\)/.test(code))
                        return ok(`${this.ctx.gpus.length}\n`);
                    if (a.includes('-c') && /^\s*print\((["'])(.*)\1\)\s*$/.test(code))
                        return ok(`${/^\s*print\((["'])(.*)\1\)\s*$/.exec(code)[2]}\n`);
                    throw new Forever();
                };
            default:
                return undefined;
        }
    }
    ls(args) {
        const paths = args.filter(a => !a.startsWith('-'));
        const files = ['/dev', ...DEV_BASE.map(d => `/dev/${d}`), ...nvidiaDevices(this.ctx.gpus)];
        let out = '';
        let err = '';
        let code = 0;
        for (const p of paths.length ? paths : ['.']) {
            if (p === '/dev' || p === '/dev/') {
                out += files.filter(f => f.startsWith('/dev/')).map(f => f.slice(5)).sort().join('\n') + '\n';
                continue;
            }
            const re = globToRegExp(p);
            const hits = files.filter(f => re.test(f)).sort();
            if (!hits.length) {
                err += `ls: cannot access '${p}': No such file or directory\n`;
                code = 2;
            }
            else
                out += hits.map(h => `${h}\n`).join('');
        }
        return { out, err, code };
    }
}
function parseSleep(v) {
    if (!v || v === 'infinity' || v === 'inf')
        return null;
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(v);
    if (!m)
        return 0;
    return Math.round(Number(m[1]) * { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]]);
}
function globToRegExp(glob) {
    let re = '^';
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '*')
            re += '[^/]*';
        else if (c === '?')
            re += '[^/]';
        else if (c === '[') {
            const end = glob.indexOf(']', i);
            if (end < 0)
                re += '\\[';
            else {
                re += `[${glob.slice(i + 1, end).replace(/^!/, '^')}]`;
                i = end;
            }
        }
        else
            re += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
    return new RegExp(`${re}$`);
}
/** The device nodes a container with these GPUs sees. */
function nvidiaDevices(gpus) {
    if (!gpus.length)
        return [];
    return ['/dev/nvidia-uvm', '/dev/nvidia-uvm-tools', ...gpus.map(g => `/dev/nvidia${g.minor}`), '/dev/nvidiactl'];
}
function grep(args, stdin) {
    const flags = args.filter(a => a.startsWith('-')).join('');
    const pattern = args.find(a => !a.startsWith('-')) ?? '';
    let re;
    try {
        re = new RegExp(pattern, flags.includes('i') ? 'i' : '');
    }
    catch {
        re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
    const lines = stdin.split('\n').filter(Boolean);
    const hits = lines.filter(l => (flags.includes('v') ? !re.test(l) : re.test(l)));
    const code = hits.length ? 0 : 1;
    if (flags.includes('q'))
        return { out: '', err: '', code };
    if (flags.includes('c'))
        return { out: `${hits.length}\n`, err: '', code };
    return { out: hits.map(l => `${l}\n`).join(''), err: '', code };
}
function vectorAdd(ctx) {
    const head = '[Vector addition of 50000 elements]\n';
    if (!ctx.gpus.length) {
        return { out: head, err: 'Failed to allocate device vector A (error code no CUDA-capable device is detected)!\n', code: 1 };
    }
    return {
        out: `${head}Copy input data from the host memory to the CUDA device\nCUDA kernel launch with 196 blocks of 256 threads\nCopy output data from the CUDA device to the host memory\nTest PASSED\nDone\n`,
        err: '',
        code: 0
    };
}
const QUERY_FIELDS = {
    index: (_g, i) => String(i),
    uuid: g => g.uuid,
    name: g => g.model.product,
    'gpu_name': g => g.model.product,
    'memory.total': g => `${g.model.memoryMiB} MiB`,
    'memory.used': () => '0 MiB',
    'memory.free': g => `${g.model.memoryMiB} MiB`,
    'pci.bus_id': g => g.pciBusId,
    'driver_version': g => g.model.driverVersion,
    'utilization.gpu': () => '0 %'
};
function nvidiaSmi(args, ctx) {
    const gpus = ctx.gpus;
    if (args.includes('-L') || args.includes('--list-gpus')) {
        // A MIG instance is listed under its parent GPU, as nvidia-smi -L shows them.
        let out = '';
        let parent = '';
        let index = -1;
        let mig = 0;
        for (const g of gpus) {
            if (g.uuid !== parent) {
                parent = g.uuid;
                index++;
                mig = 0;
                out += `GPU ${index}: ${g.model.product} (UUID: ${g.uuid})\n`;
            }
            if (g.migInstance)
                out += `  MIG ${g.migInstance.profile.padEnd(10)} Device ${String(mig++).padStart(2)}: (UUID: ${g.migInstance.uuid})\n`;
        }
        return { out, err: '', code: 0 };
    }
    const q = args.find(a => a.startsWith('--query-gpu='));
    if (q) {
        const fields = q.slice('--query-gpu='.length).split(',').map(f => f.trim());
        const unknown = fields.find(f => !QUERY_FIELDS[f]);
        if (unknown)
            return { out: '', err: `Field "${unknown}" is not a valid field to query.\n`, code: 2 };
        const fmt = args.find(a => a.startsWith('--format=')) ?? '';
        const header = fmt.includes('noheader') ? '' : `${fields.join(', ')}\n`;
        return { out: header + gpus.map((g, i) => `${fields.map(f => QUERY_FIELDS[f](g, i)).join(', ')}\n`).join(''), err: '', code: 0 };
    }
    const m = gpus[0].model;
    const when = new Date(ctx.startedAt).toUTCString();
    const rows = gpus
        .map((g, i) => `|   ${i}  ${g.model.product.padEnd(24).slice(0, 24)}  On  |   ${g.pciBusId.slice(4)} Off |                    0 |\n` +
        `|  0%   34C    P8     ${String(Math.round(g.model.powerLimitW / 8)).padStart(3)}W / ${String(g.model.powerLimitW).padStart(3)}W |      0MiB / ${String(g.model.memoryMiB).padStart(5)}MiB |      0%      Default |\n`)
        .join('+-----------------------------------------+------------------------+----------------------+\n');
    const out = `${when}\n` +
        '+-----------------------------------------------------------------------------------------+\n' +
        `| NVIDIA-SMI ${m.driverVersion}             Driver Version: ${m.driverVersion}     CUDA Version: ${m.cudaDriverVersion}     |\n` +
        '|-----------------------------------------+------------------------+----------------------+\n' +
        '| GPU  Name                 Persistence-M | Bus-Id          Disp.A | Volatile Uncorr. ECC |\n' +
        '| Fan  Temp   Perf          Pwr:Usage/Cap |           Memory-Usage | GPU-Util  Compute M. |\n' +
        '|=========================================+========================+======================|\n' +
        rows +
        '+-----------------------------------------+------------------------+----------------------+\n';
    return { out, err: '', code: 0 };
}

;// CONCATENATED MODULE: ./src/sim/pods/rules.ts
/**
 * Container rules: data that overrides what a container does, matched on namespace, pod labels,
 * container name, image or command. Scenarios use them for images the runtime does not model,
 * and breaks use them for failure (a controller that never readies, a crash loop).
 */

function ruleFor(rules, pod, container) {
    const argv = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
    return rules.find(r => {
        const m = r.match;
        if (m.namespace && m.namespace !== pod.metadata.namespace)
            return false;
        if (m.container && m.container !== container.name)
            return false;
        if (m.image && !new RegExp(m.image).test(container.image ?? ''))
            return false;
        if (m.command && !new RegExp(m.command).test(argv))
            return false;
        for (const [k, v] of Object.entries(m.podLabels ?? {}))
            if (pod.metadata.labels?.[k] !== v)
                return false;
        return true;
    });
}
/** Reads rules from scenario data; errors name the source and index. */
function parseRules(raw, where) {
    if (raw === undefined || raw === null)
        return [];
    if (!Array.isArray(raw))
        throw new Error(`${where}: expected a list of container rules`);
    return raw.map((r, i) => {
        const at = `${where}[${i}]`;
        if (!r || typeof r !== 'object')
            throw new Error(`${at}: expected a mapping`);
        const o = r;
        if (!o.match || typeof o.match !== 'object')
            throw new Error(`${at}.match: expected a mapping (namespace, podLabels, container, image, command)`);
        for (const k of Object.keys(o.match)) {
            if (!['namespace', 'podLabels', 'container', 'image', 'command'].includes(k)) {
                throw new Error(`${at}.match.${k}: unknown key (expected namespace, podLabels, container, image or command)`);
            }
        }
        for (const k of ['image', 'command']) {
            if (o.match[k] !== undefined) {
                try {
                    new RegExp(o.match[k]);
                }
                catch {
                    throw new Error(`${at}.match.${k}: not a valid regular expression`);
                }
            }
        }
        const after = o.after === undefined ? undefined : o.after === 'never' ? null : parseDuration(o.after, `${at}.after`);
        if (o.exitCode !== undefined && !Number.isInteger(o.exitCode))
            throw new Error(`${at}.exitCode: expected an integer`);
        if (o.ready !== undefined && typeof o.ready !== 'boolean')
            throw new Error(`${at}.ready: expected true or false`);
        return {
            name: typeof o.name === 'string' ? o.name : `rule ${i}`,
            match: o.match,
            exitCode: o.exitCode,
            afterMs: after,
            log: typeof o.log === 'string' ? o.log : undefined,
            ready: o.ready
        };
    });
}

;// CONCATENATED MODULE: ./src/sim/pods/sandbox.ts
/**
 * Sandbox runtimes: a pod's runtimeClassName names a RuntimeClass whose handler (runsc for
 * gVisor, kata for Kata Containers, runv for ACK's sandboxed containers) the node's container
 * runtime must offer; its containers then see the sandbox's guest kernel (`uname -r`,
 * /proc/version, boot_id) instead of the node's. The RuntimeClass admission plugin of the API
 * server rejects pods naming a RuntimeClass that does not exist, adds its pod overhead and merges
 * its scheduling constraints.
 */


const DEFAULT_NODE_KERNEL = '6.8.0-60-generic';
function bootId(seed) {
    const h = (0,external_node_crypto_.createHash)('sha256').update(seed).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
/** The runtime handler a pod runs with ('runc' without a RuntimeClass), or undefined when its RuntimeClass is gone. */
function runtimeHandler(store, pod) {
    const name = pod.spec?.runtimeClassName;
    if (!name)
        return 'runc';
    return store.get('node.k8s.io', 'runtimeclasses', undefined, name)?.handler;
}
/** Why the node's runtime cannot create the pod's sandbox, as the kubelet reports it (FailedCreatePodSandBox). */
function sandboxProblem(ctx, pod) {
    const handler = runtimeHandler(ctx.store, pod);
    if (handler === undefined)
        return `RuntimeClass "${pod.spec.runtimeClassName}" not found`;
    if (handler === 'runc' || handler === 'nvidia' || ctx.runtime.sandboxHandlers?.[handler])
        return undefined;
    return `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for "${handler}" is configured`;
}
/** The kernel a container of the pod sees. */
function kernelFor(ctx, pod) {
    const node = ctx.store.get('', 'nodes', undefined, pod.spec?.nodeName ?? '');
    const release = node?.status?.nodeInfo?.kernelVersion ?? DEFAULT_NODE_KERNEL;
    const host = {
        release,
        version: `Linux version ${release} (buildd@lcy02-amd64-100) (x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC`,
        bootId: node?.status?.nodeInfo?.bootID ?? bootId(`${pod.spec?.nodeName}/boot`)
    };
    const handler = runtimeHandler(ctx.store, pod);
    const sandbox = handler ? ctx.runtime.sandboxHandlers?.[handler] : undefined;
    if (!sandbox || ctx.runtime.sandboxSharesHostKernel)
        return host;
    return { release: sandbox.release, version: sandbox.version, bootId: bootId(`${pod.metadata.uid}/sandbox`) };
}
/** The API server's RuntimeClass admission plugin. */
function runtimeClassAdmission(store) {
    return req => {
        if (req.operation !== 'CREATE' || req.subresource || req.rtype.group !== '' || req.rtype.resource !== 'pods')
            return;
        const pod = req.object;
        const name = pod.spec?.runtimeClassName;
        if (!name || !store.typeOf('node.k8s.io', 'runtimeclasses'))
            return;
        const rc = store.get('node.k8s.io', 'runtimeclasses', undefined, name);
        if (!rc)
            throw forbiddenBecause('', 'pods', pod.metadata.name, `pod rejected: RuntimeClass "${name}" not found`);
        const spec = { ...(pod.spec ?? {}) };
        const overhead = rc.overhead?.podFixed;
        if (overhead) {
            if (spec.overhead && JSON.stringify(spec.overhead) !== JSON.stringify(overhead)) {
                throw forbiddenBecause('', 'pods', pod.metadata.name, `pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead`);
            }
            spec.overhead = overhead;
        }
        const selector = rc.scheduling?.nodeSelector ?? {};
        for (const [k, v] of Object.entries(selector)) {
            if (spec.nodeSelector?.[k] !== undefined && spec.nodeSelector[k] !== v) {
                throw new errors_StatusError(403, 'Forbidden', `pods "${pod.metadata.name}" is forbidden: pod rejected: conflict: RuntimeClass.scheduling.nodeSelector[${k}] = ${v}; Pod.spec.nodeSelector[${k}] = ${spec.nodeSelector[k]}`);
            }
        }
        if (Object.keys(selector).length)
            spec.nodeSelector = { ...(spec.nodeSelector ?? {}), ...selector };
        const tolerations = rc.scheduling?.tolerations ?? [];
        if (tolerations.length)
            spec.tolerations = [...(spec.tolerations ?? []), ...tolerations.filter(t => !(spec.tolerations ?? []).some((x) => JSON.stringify(x) === JSON.stringify(t)))];
        return { ...pod, spec };
    };
}

;// CONCATENATED MODULE: ./src/sim/pods/kubelet.ts
/**
 * The simulated kubelet: a bound pod's containers start after the start delay, run their
 * simulated programs (programs.ts, overridden by container rules), exit with their code after
 * their run time, restart by restartPolicy with back-off, and the pod's phase, conditions,
 * container statuses, IPs and events follow as a real kubelet reports them.
 */






const BACKOFF_MS = 10_000;
const MAX_BACKOFF_MS = 300_000;
function startKubelet(ctx) {
    const { store, clock } = ctx;
    const runs = new Map();
    const devices = new DeviceAssigner(ctx);
    const ipCounters = new Map();
    const ts = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const nodeIP = (node) => (node.status?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address ?? '10.0.0.1';
    const podIPFor = (node) => {
        const cidr = node.spec?.podCIDR ?? '10.244.0.0/24';
        const base = cidr.split('/')[0].split('.').map(Number);
        const n = (ipCounters.get(node.metadata.name) ?? 1) + 1;
        ipCounters.set(node.metadata.name, n);
        return `${base[0]}.${base[1]}.${base[2] + Math.floor(n / 254)}.${(n % 254) + 1}`;
    };
    const wantsStart = (pod) => Boolean(pod.spec?.nodeName) && !pod.metadata.deletionTimestamp && !isTerminal(pod) && !runs.has(pod.metadata.uid);
    function begin(pod) {
        const run = {
            uid: pod.metadata.uid,
            namespace: pod.metadata.namespace,
            name: pod.metadata.name,
            node: pod.spec.nodeName,
            phase: 'Starting',
            containers: [],
            timers: []
        };
        runs.set(run.uid, run);
        run.timers.push(clock.setTimeout(() => start(run), ctx.runtime.startDelayMs));
    }
    function current(run) {
        const p = store.get('', 'pods', run.namespace, run.name);
        return p && p.metadata.uid === run.uid ? p : undefined;
    }
    function start(run) {
        const pod = current(run);
        const node = store.get('', 'nodes', undefined, run.node);
        if (!pod || !node)
            return;
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
        const env = (c) => {
            const out = { HOSTNAME: run.name, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
            for (const e of c.env ?? [])
                if (typeof e.value === 'string')
                    out[e.name] = e.value;
            return out;
        };
        run.containers = (pod.spec?.containers ?? []).map((c) => {
            const g = seen.get(c.name) ?? { allocated: [], visible: [] };
            const cr = {
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
            if (rule?.ready === false)
                cr.ready = false;
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
        if (typeof deadline === 'number')
            run.timers.push(clock.setTimeout(() => deadlineExceeded(run), deadline * 1000));
        finishIfDone(run);
        writeStatus(run);
    }
    function programFor(pod, c, base) {
        const run = runContainer(c.command, c.args, {
            image: c.image ?? '',
            env: base.env,
            gpus: base.gpus,
            podName: pod.metadata.name,
            namespace: pod.metadata.namespace,
            nodeName: pod.spec.nodeName,
            startedAt: base.startedAt,
            http: ctx.network ? (url, init) => ctx.network.fetch(pod.metadata.namespace, url, init) : undefined,
            kernel: kernelFor(ctx, pod)
        });
        const rule = ruleFor(ctx.rules, pod, c);
        if (!rule)
            return run;
        const out = { ...run };
        if (rule.exitCode !== undefined || rule.afterMs !== undefined) {
            out.startError = undefined;
            out.exitCode = rule.exitCode ?? 0;
            out.runMs = rule.afterMs === undefined ? 0 : rule.afterMs;
        }
        if (rule.log !== undefined)
            out.log = [{ atMs: 0, text: rule.log.endsWith('\n') || !rule.log ? rule.log : `${rule.log}\n` }];
        return out;
    }
    function armExit(run, c) {
        if (c.run.runMs === null)
            return;
        c.timer = clock.setTimeout(() => exit(run, c, false), c.run.runMs);
    }
    function restartPolicy(pod) {
        return pod?.spec?.restartPolicy ?? 'Always';
    }
    function exit(run, c, startError) {
        if (run.phase === 'Done')
            return;
        const now = clock.now();
        c.state = 'terminated';
        c.exitCode = c.run.exitCode;
        c.finishedAt = now;
        const pod = current(run);
        if (!pod)
            return;
        const policy = restartPolicy(pod);
        const restart = policy === 'Always' || (policy === 'OnFailure' && c.exitCode !== 0);
        if (restart) {
            c.lastTerminated = { exitCode: c.exitCode, reason: startError ? 'StartError' : c.exitCode === 0 ? 'Completed' : 'Error', startedAt: c.startedAt, finishedAt: now };
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
                if (run.phase === 'Done' || !current(run))
                    return;
                c.state = 'running';
                c.startedAt = clock.now();
                c.waitingReason = c.waitingMessage = undefined;
                ctx.events.record(current(run), 'Normal', 'Started', `Started container ${c.name}`, { component: 'kubelet', host: run.node });
                if (!c.run.startError)
                    armExit(run, c);
                else
                    clock.setTimeout(() => exit(run, c, true), 0);
                writeStatus(run);
            }, backoff);
        }
        finishIfDone(run);
        writeStatus(run);
    }
    function finishIfDone(run) {
        if (run.containers.length && run.containers.every(c => c.state === 'terminated')) {
            run.phase = 'Done';
            release(run);
        }
    }
    function deadlineExceeded(run) {
        const pod = current(run);
        if (!pod || run.phase === 'Done')
            return;
        for (const c of run.containers) {
            if (c.timer)
                clock.clearTimeout(c.timer);
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
    function release(run) {
        devices.release(run.uid);
    }
    function containerStatus(c, pod) {
        const id = `containerd://${hexId(`${pod.metadata.uid}/${c.name}/${c.restarts}`)}`;
        let state;
        if (c.state === 'running')
            state = { running: { startedAt: ts(c.startedAt) } };
        else if (c.state === 'waiting')
            state = { waiting: { reason: c.waitingReason, message: c.waitingMessage } };
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
    function writeStatus(run, failed) {
        const pod = current(run);
        if (!pod)
            return;
        const now = store.timestamp();
        let phase = 'Running';
        if (failed)
            phase = failed.phase;
        else if (run.phase === 'Done')
            phase = run.containers.every(c => c.exitCode === 0) ? 'Succeeded' : 'Failed';
        const allReady = run.containers.every(c => c.state === 'running' && c.ready);
        const done = phase === 'Succeeded' || phase === 'Failed';
        const readyReason = done ? 'PodCompleted' : 'ContainersNotReady';
        const notReady = run.containers.filter(c => !(c.state === 'running' && c.ready)).map(c => c.name);
        const readyMsg = done ? undefined : `containers with unready status: [${notReady.join(' ')}]`;
        let conditions = pod.status?.conditions;
        const set = (type, ok, reason, message) => {
            conditions = withCondition(conditions, { type, status: ok ? 'True' : 'False', lastProbeTime: null, ...(ok ? {} : { reason, message }) }, now);
            if (ok)
                conditions = conditions.map(c => (c.type === type ? stripReason(c) : c));
        };
        set('PodReadyToStartContainers', !done);
        set('Initialized', true);
        set('Ready', allReady && !done, readyReason, readyMsg);
        set('ContainersReady', allReady && !done, readyReason, readyMsg);
        set('PodScheduled', true);
        const order = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
        conditions = [...conditions].sort((a, b) => (order.indexOf(a.type) + 99) % 99 - (order.indexOf(b.type) + 99) % 99);
        const status = {
            ...(pod.status ?? {}),
            phase,
            conditions,
            hostIP: run.hostIP,
            hostIPs: [{ ip: run.hostIP }],
            podIP: run.podIP,
            podIPs: [{ ip: run.podIP }],
            startTime: ts(run.startTime),
            containerStatuses: run.containers.map(c => containerStatus(c, pod))
        };
        if (failed) {
            status.reason = failed.reason;
            status.message = failed.message;
        }
        store.update({ ...pod, status }, { subresource: 'status' });
    }
    function stopRun(uid) {
        const run = runs.get(uid);
        if (!run)
            return;
        for (const t of run.timers)
            clock.clearTimeout(t);
        for (const c of run.containers)
            if (c.timer)
                clock.clearTimeout(c.timer);
        devices.release(uid);
        runs.delete(uid);
    }
    for (const p of store.list('', 'pods'))
        if (wantsStart(p) && !p.status?.containerStatuses)
            begin(p);
    const unsubscribe = store.onChange(ch => {
        if (ch.rtype.group !== '' || ch.rtype.resource !== 'pods')
            return;
        if (ch.type === 'DELETED')
            return stopRun(ch.object.metadata.uid);
        // Pods created already running (scale data) are left as they are.
        if (wantsStart(ch.object) && !ch.object.status?.containerStatuses)
            begin(ch.object);
    });
    return {
        stop() {
            unsubscribe();
            for (const uid of Array.from(runs.keys()))
                stopRun(uid);
        },
        log(namespace, podName, container, opts) {
            const run = Array.from(runs.values()).find(r => r.namespace === namespace && r.name === podName);
            if (!run || !run.containers.length)
                return undefined;
            const c = container ? run.containers.find(x => x.name === container) : run.containers[0];
            if (!c)
                return undefined;
            let text = opts.previous ? c.previousLog : logText(c.run.log, clock.now() - c.startedAt);
            if (opts.tailLines !== undefined) {
                const lines = text.split('\n');
                const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
                text = lines.slice(-opts.tailLines).join('\n') + (trailing === '' && opts.tailLines > 0 ? '\n' : '');
            }
            return text;
        },
        gpuUsers(node) {
            const out = [];
            for (const r of runs.values()) {
                if (r.node !== node || r.phase === 'Done')
                    continue;
                // Only running containers load their GPUs (one in back-off or finished does not).
                for (const c of r.containers)
                    if (c.state === 'running')
                        for (const g of c.allocated)
                            out.push({ gpu: g, namespace: r.namespace, pod: r.name, container: c.name });
            }
            return out;
        }
    };
}
function stripReason(c) {
    const { reason: _r, message: _m, ...rest } = c;
    return rest;
}
function logText(lines, elapsedMs) {
    return lines
        .filter(l => l.atMs <= elapsedMs)
        .map(l => l.text)
        .join('');
}
function hexId(seed) {
    let h = 0x811c9dc5;
    let out = '';
    for (let round = 0; round < 8; round++) {
        for (let i = 0; i < seed.length; i++)
            h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
        h = Math.imul(h ^ round, 0x01000193) >>> 0;
        out += h.toString(16).padStart(8, '0');
    }
    return out;
}

;// CONCATENATED MODULE: ./src/sim/controllers/queue.ts
class WorkQueue {
    clock;
    handler;
    delayMs;
    onError;
    keys = new Set();
    handle = null;
    stopped = false;
    constructor(clock, handler, delayMs = 0, onError = () => undefined) {
        this.clock = clock;
        this.handler = handler;
        this.delayMs = delayMs;
        this.onError = onError;
    }
    add(key) {
        if (this.stopped)
            return;
        this.keys.add(key);
        if (this.handle === null)
            this.handle = this.clock.setTimeout(() => this.drain(), this.delayMs);
    }
    /** Runs the handler for a key after a delay (a requeue), independent of the batch. */
    addAfter(key, ms) {
        return this.clock.setTimeout(() => this.add(key), ms);
    }
    stop() {
        this.stopped = true;
        if (this.handle !== null)
            this.clock.clearTimeout(this.handle);
        this.handle = null;
        this.keys.clear();
    }
    drain() {
        this.handle = null;
        const batch = Array.from(this.keys);
        this.keys = new Set();
        for (const k of batch) {
            try {
                this.handler(k);
            }
            catch (e) {
                this.onError(k, e);
            }
        }
    }
}

;// CONCATENATED MODULE: ./src/sim/pods/node-agents.ts



function labelsMatch(want, have) {
    return Object.entries(want).every(([k, v]) => have?.[k] === v);
}
function nvidiaDevice(g) {
    return {
        name: `gpu-${g.minor}`,
        attributes: {
            type: { string: 'gpu' },
            uuid: { string: g.uuid },
            productName: { string: g.model.product },
            brand: { string: g.model.brand },
            architecture: { string: g.model.architecture },
            cudaComputeCapability: { version: `${g.model.computeCapability}.0` },
            driverVersion: { version: g.model.driverVersion },
            cudaDriverVersion: { version: `${g.model.cudaDriverVersion}.0` },
            pcieBusID: { string: g.pciBusId.toLowerCase().replace(/^00000000:/, '0000:') },
            addressingMode: { string: 'None' }
        },
        capacity: { memory: { value: `${g.model.memoryMiB}Mi` } }
    };
}
function exampleDevice(node, i) {
    const h = derivedSuffix(`${node}/example/${i}`, 8);
    return {
        name: `gpu-${i}`,
        attributes: {
            index: { int: i },
            uuid: { string: `gpu-${h}-${i}` },
            model: { string: 'LATEST-GPU-MODEL' },
            driverVersion: { version: '1.0.0' }
        },
        capacity: { memory: { value: '80Gi' } }
    };
}
function startNodeAgents(ctx) {
    const { store } = ctx;
    const queue = new WorkQueue(ctx.clock, reconcileNode, 0, (k, e) => ctx.warn(`node agents: ${k}: ${e.message}`));
    const pluginReady = (node, ns, labels) => ctx.pods.onNode(node).some(p => p.metadata.namespace === ns && labelsMatch(labels, p.metadata.labels) && p.status?.phase === 'Running' && isPodReady(p));
    function reconcileNode(name) {
        const node = store.get('', 'nodes', undefined, name);
        if (!node)
            return;
        const gpus = ctx.hardware.gpus(name);
        const capacity = { ...(node.status?.capacity ?? {}) };
        const alloc = { ...(node.status?.allocatable ?? {}) };
        for (const dp of ctx.devicePlugins) {
            if (!gpus.length)
                continue;
            const up = pluginReady(name, dp.namespace, dp.podLabels);
            // MIG-enabled GPUs are advertised only as their instances (the plugin's mixed strategy).
            const whole = gpus.filter(g => !g.mig);
            const amount = dp.unit === 'gpu'
                ? whole.length * (dp.replicas ?? 1)
                : dp.unit === 'gpu-count'
                    ? gpus.length
                    : dp.unit === 'mig'
                        ? gpus.reduce((s, g) => s + (g.mig && g.mig.profile === dp.profile ? g.mig.count : 0), 0)
                        : whole.reduce((s, g) => s + Math.floor(g.model.memoryMiB / 1024), 0);
            if (dp.unit === 'mig' && !amount && capacity[dp.resource] === undefined)
                continue;
            if (up) {
                capacity[dp.resource] = String(amount);
                alloc[dp.resource] = String(amount);
            }
            else if (capacity[dp.resource] !== undefined) {
                // The kubelet keeps capacity but nothing is allocatable while the plugin is away.
                alloc[dp.resource] = '0';
            }
        }
        if (JSON.stringify(capacity) !== JSON.stringify(node.status?.capacity ?? {}) || JSON.stringify(alloc) !== JSON.stringify(node.status?.allocatable ?? {})) {
            store.update({ ...node, status: { ...(node.status ?? {}), capacity, allocatable: alloc } }, { subresource: 'status' });
        }
        for (const d of ctx.draDrivers)
            publishSlice(node, d);
    }
    function publishSlice(node, d) {
        const t = store.typeOf('resource.k8s.io', 'resourceslices');
        if (!t)
            return;
        const name = node.metadata.name;
        const devices = d.devices === 'nvidia' ? ctx.hardware.gpus(name).map(nvidiaDevice) : Array.from({ length: d.perNode ?? 8 }, (_x, i) => exampleDevice(name, i));
        if (!devices.length || !pluginReady(name, d.namespace, d.podLabels))
            return;
        const sliceName = `${name}-${d.driver}-${derivedSuffix(`${name}/${d.driver}`)}`;
        if (store.get('resource.k8s.io', 'resourceslices', undefined, sliceName))
            return;
        const version = t.versions[0];
        const shaped = version === 'v1beta1' ? devices.map(x => ({ name: x.name, basic: { attributes: x.attributes, capacity: x.capacity } })) : devices;
        store.create({
            apiVersion: `resource.k8s.io/${version}`,
            kind: 'ResourceSlice',
            metadata: {
                name: sliceName,
                ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid, controller: true }]
            },
            spec: { driver: d.driver, nodeName: name, pool: { name, generation: 1, resourceSliceCount: 1 }, devices: shaped }
        });
    }
    for (const n of store.list('', 'nodes'))
        queue.add(n.metadata.name);
    const unsubscribe = store.onChange(c => {
        const r = c.rtype;
        if (r.group === '' && r.resource === 'nodes' && c.type === 'ADDED')
            queue.add(c.object.metadata.name);
        else if (r.group === '' && r.resource === 'pods' && c.object.spec?.nodeName) {
            const watched = [...ctx.devicePlugins, ...ctx.draDrivers].some(a => a.namespace === c.object.metadata.namespace && labelsMatch(a.podLabels, c.object.metadata.labels));
            if (watched)
                queue.add(c.object.spec.nodeName);
        }
    });
    return () => {
        unsubscribe();
        queue.stop();
    };
}

;// CONCATENATED MODULE: ./src/sim/controllers/gates.ts

function isGatePod(gate, pod) {
    if (!gate || pod.metadata.namespace !== gate.namespace)
        return false;
    return Object.entries(gate.labels).every(([k, v]) => pod.metadata.labels?.[k] === v);
}
/** True without a gate (a managed component with no pod in the cluster). */
function gateOpen(ctx, gate) {
    if (!gate)
        return true;
    return ctx.store
        .list('', 'pods', gate.namespace)
        .some(p => isGatePod(gate, p) && p.status?.phase === 'Running' && isPodReady(p));
}
/** Whether a Service's EndpointSlices list a ready endpoint (what the apiserver needs to call a webhook). */
function serviceHasReadyEndpoints(store, ref) {
    if (!store.get('', 'services', ref.namespace, ref.name) ||
        !store.typeOf('discovery.k8s.io', 'endpointslices'))
        return false;
    return store
        .list('discovery.k8s.io', 'endpointslices', ref.namespace)
        .some(s => s.metadata.labels?.['kubernetes.io/service-name'] === ref.name &&
        (s.endpoints ?? []).some((e) => e.conditions?.ready));
}

;// CONCATENATED MODULE: ./src/sim/gang.ts

const VOLCANO_SCHEDULER = 'volcano';
const VOLCANO_GROUP_ANNOTATION = 'scheduling.k8s.io/group-name';
const PODGROUP_NAME_LABEL = 'pod-group.scheduling.sigs.k8s.io/name';
const PODGROUP_MIN_LABEL = 'pod-group.scheduling.sigs.k8s.io/min-available';
const VG = 'scheduling.volcano.sh';
function isVolcanoPod(ctx, pod) {
    return Boolean(ctx.controllers.volcano) && pod.spec?.schedulerName === VOLCANO_SCHEDULER;
}
/**
 * The gang a pod belongs to, or undefined when it is scheduled alone (no group, or a broken
 * coscheduling plugin that ignores the labels). A broken Volcano binds pods one by one (min 1).
 */
function gangOf(ctx, pod) {
    const ns = pod.metadata.namespace;
    if (isVolcanoPod(ctx, pod)) {
        const name = pod.metadata.annotations?.[VOLCANO_GROUP_ANNOTATION];
        if (!name)
            return undefined;
        const podGroup = ctx.store.typeOf(VG, 'podgroups') ? ctx.store.get(VG, 'podgroups', ns, name) : undefined;
        const min = ctx.controllers.volcano.bindPartially
            ? 1
            : Math.max(1, Number(podGroup?.spec?.minMember ?? 1));
        return { kind: 'volcano', namespace: ns, name, min, podGroup };
    }
    const cs = ctx.controllers.coscheduling;
    const name = pod.metadata.labels?.[PODGROUP_NAME_LABEL];
    if (!cs || cs.bindPartially || !name)
        return undefined;
    const min = Number(pod.metadata.labels?.[PODGROUP_MIN_LABEL] ?? 1);
    return { kind: 'coscheduling', namespace: ns, name, min: Number.isInteger(min) && min > 0 ? min : 1 };
}
/** The live (not finished, not terminating) pods of a gang, in creation order. */
function gangMembers(ctx, gang) {
    const same = gang.kind === 'volcano'
        ? (p) => p.spec?.schedulerName === VOLCANO_SCHEDULER &&
            p.metadata.annotations?.[VOLCANO_GROUP_ANNOTATION] === gang.name
        : (p) => p.metadata.labels?.[PODGROUP_NAME_LABEL] === gang.name;
    return ctx.store
        .list('', 'pods', gang.namespace)
        .filter(p => same(p) && !isTerminal(p) && !p.metadata.deletionTimestamp)
        .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
        a.metadata.name.localeCompare(b.metadata.name));
}
/** Counts as Volcano's FitError prints them: "<n> <status>" strings in byte order (Go's sort.Strings). */
function histogram(counts) {
    return Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${k}`)
        .sort()
        .join(', ');
}
/** Volcano's gang refusal (PodGroup Unschedulable condition, pod condition and events). */
function volcanoGangMessage(gang, bound, pending, fit) {
    let msg = `${pending}/${bound + pending} tasks in gang unschedulable: pod group is not ready, ${histogram({ Pending: pending, Running: bound, minAvailable: gang.min })}`;
    if (fit >= 0 && pending > 0)
        msg += `; Pending: ${histogram({ Schedulable: fit, Unschedulable: pending - fit })}`;
    return msg;
}
/** scheduler-plugins' PostFilter rejection appended to the usual FailedScheduling message. */
function coschedulingRejection(gang, failing) {
    return `PodGroup ${gang.namespace}/${gang.name} gets rejected due to Pod ${failing} is unschedulable even after PostFilter`;
}
/** scheduler-plugins' PreFilter refusal while fewer pods than min-available exist. */
function coschedulingTooFew(pod, members, min) {
    return `pre-filter pod ${pod} cannot find enough sibling pods, current pods number: ${members}, minMember of group: ${min}`;
}

;// CONCATENATED MODULE: ./src/sim/controllers/quantity-format.ts
/** Milli-unit amounts written back as Kubernetes quantities, as controllers print them. */
const BINARY = [
    ['Ei', 1024 ** 6],
    ['Pi', 1024 ** 5],
    ['Ti', 1024 ** 4],
    ['Gi', 1024 ** 3],
    ['Mi', 1024 ** 2],
    ['Ki', 1024]
];
/** "1500m", "2", "64Mi", "1Gi"; memory-like resources in binary units when they divide evenly. */
function formatQuantity(milli, resource = 'cpu') {
    const m = Math.round(milli);
    if (m % 1000 !== 0)
        return `${m}m`;
    const whole = m / 1000;
    if (/memory|storage|mem/.test(resource) && whole !== 0) {
        for (const [suffix, size] of BINARY)
            if (whole % size === 0)
                return `${whole / size}${suffix}`;
    }
    return String(whole);
}

;// CONCATENATED MODULE: ./src/sim/controllers/workload-util.ts
function ownedBy(objs, uid) {
    return objs.filter(o => (o.metadata.ownerReferences ?? []).some(r => r.uid === uid && r.controller));
}
function controllerOf(obj) {
    return (obj.metadata.ownerReferences ?? []).find(r => r.controller);
}
/** Writes status only when it changed (no resourceVersion churn, no change storms). */
function writeStatus(store, obj, status) {
    const clean = Object.fromEntries(Object.entries(status).filter(([, v]) => v !== undefined));
    if (JSON.stringify(clean) === JSON.stringify(obj.status ?? {}))
        return;
    store.update({ ...obj, status: clean }, { subresource: 'status' });
}
/** Omits zero counts as the apps controllers' status does (readyReplicas: 0 is not shown). */
function nz(n) {
    return n ? n : undefined;
}

;// CONCATENATED MODULE: ./src/sim/controllers/volcano.ts
/**
 * Volcano's controllers around its scheduler (scheduling.volcano.sh/v1beta1): a pod with
 * schedulerName volcano and no group gets its own PodGroup (minMember 1), as volcano-controllers
 * does; a PodGroup goes Pending → Inqueue when its minResources fit the cluster's idle capacity,
 * Inqueue → Running once minMember of its pods are bound, Running → Completed when they are done,
 * and reports running/succeeded/failed counts. The scheduler (src/sim/scheduler.ts) binds the
 * pods and records the Scheduled/Unschedulable conditions through markPodGroup.
 */








const volcano_VG = 'scheduling.volcano.sh';
/** Records the scheduler's verdict on a PodGroup: its conditions and an event, as Volcano's cache does. */
function markPodGroup(ctx, gang, result) {
    const pg = ctx.store.get(volcano_VG, 'podgroups', gang.namespace, gang.name);
    if (!pg)
        return;
    const now = ctx.store.timestamp();
    const conditions = 'scheduled' in result
        ? withCondition(pg.status?.conditions, {
            type: 'Scheduled',
            status: 'True',
            reason: 'tasks in gang are ready to be scheduled',
            message: ''
        }, now)
        : withCondition(pg.status?.conditions, {
            type: 'Unschedulable',
            status: 'True',
            reason: 'NotEnoughResources',
            message: result.unschedulable
        }, now);
    writeStatus(ctx.store, pg, { ...(pg.status ?? {}), conditions });
    if ('scheduled' in result)
        ctx.events.record(pg, 'Normal', 'Scheduled', 'pod group is ready', { component: VOLCANO_SCHEDULER });
    else
        ctx.events.record(pg, 'Warning', 'Unschedulable', result.unschedulable, { component: VOLCANO_SCHEDULER });
}
function startVolcanoController(ctx) {
    const { store } = ctx;
    const queue = new WorkQueue(ctx.clock, () => reconcile(), 0, (_k, e) => ctx.warn(`volcano controllers: ${e.message}`));
    const volcanoPods = (ns) => store.list('', 'pods', ns).filter(p => p.spec?.schedulerName === VOLCANO_SCHEDULER);
    function reconcile() {
        const s = ctx.controllers.volcano;
        if (!s || !store.typeOf(volcano_VG, 'podgroups') || !gateOpen(ctx, s.pod))
            return;
        for (const pod of volcanoPods()) {
            if (pod.metadata.annotations?.[VOLCANO_GROUP_ANNOTATION] ||
                isTerminal(pod) ||
                pod.metadata.deletionTimestamp)
                continue;
            const name = `podgroup-${pod.metadata.uid}`;
            if (!store.get(volcano_VG, 'podgroups', pod.metadata.namespace, name)) {
                store.create({
                    apiVersion: `${volcano_VG}/v1beta1`,
                    kind: 'PodGroup',
                    metadata: {
                        name,
                        namespace: pod.metadata.namespace,
                        ownerReferences: [
                            {
                                apiVersion: 'v1',
                                kind: 'Pod',
                                name: pod.metadata.name,
                                uid: pod.metadata.uid,
                                controller: true
                            }
                        ]
                    },
                    spec: { minMember: 1, queue: 'default', minResources: podRequestsAsQuantities(pod) }
                });
            }
            store.update({
                ...pod,
                metadata: {
                    ...pod.metadata,
                    annotations: { ...(pod.metadata.annotations ?? {}), [VOLCANO_GROUP_ANNOTATION]: name }
                }
            });
        }
        for (const pg of store.list(volcano_VG, 'podgroups'))
            updatePodGroup(pg);
    }
    function updatePodGroup(pg) {
        const members = volcanoPods(pg.metadata.namespace).filter(p => p.metadata.annotations?.[VOLCANO_GROUP_ANNOTATION] === pg.metadata.name);
        const running = members.filter(p => p.status?.phase === 'Running').length;
        const succeeded = members.filter(p => p.status?.phase === 'Succeeded').length;
        const failed = members.filter(p => p.status?.phase === 'Failed').length;
        const bound = members.filter(p => p.spec?.nodeName && !isTerminal(p)).length;
        const min = Math.max(1, Number(pg.spec?.minMember ?? 1));
        let phase = pg.status?.phase ?? 'Pending';
        if (phase === 'Pending' && fitsIdle(pg.spec?.minResources))
            phase = 'Inqueue';
        if (phase === 'Inqueue' && bound + succeeded >= min)
            phase = 'Running';
        if (phase === 'Running' && succeeded >= min && bound === 0)
            phase = 'Completed';
        writeStatus(store, pg, {
            ...(pg.status ?? {}),
            phase,
            running: running || undefined,
            succeeded: succeeded || undefined,
            failed: failed || undefined
        });
    }
    /** Volcano's enqueue step: the group's minResources fit what the Ready nodes have idle. */
    function fitsIdle(minResources) {
        const want = toResourceList(minResources);
        if (!Object.keys(want).length)
            return true;
        const idle = {};
        for (const node of store.list('', 'nodes')) {
            if (node.spec?.unschedulable ||
                !(node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'))
                continue;
            for (const [k, v] of Object.entries(toResourceList(node.status?.allocatable)))
                idle[k] = (idle[k] ?? 0) + v;
            for (const p of ctx.pods.onNode(node.metadata.name)) {
                if (isTerminal(p))
                    continue;
                for (const [k, v] of Object.entries(podRequests(p)))
                    idle[k] = (idle[k] ?? 0) - v;
            }
        }
        // Quota-style keys (pods, count/pods, requests.cpu, limits.cpu) are not node resources.
        const resources = Object.entries(want).filter(([k]) => k !== 'pods' && !/^(count\/|requests\.|limits\.)/.test(k));
        return resources.every(([k, v]) => (idle[k] ?? 0) >= v);
    }
    queue.add('*');
    const unsubscribe = store.onChange(c => {
        const r = c.rtype;
        if (r.group === volcano_VG && r.resource === 'podgroups' && c.type !== 'DELETED')
            queue.add('*');
        else if (r.group === '' &&
            r.resource === 'pods' &&
            (c.object.spec?.schedulerName === VOLCANO_SCHEDULER ||
                isGatePod(ctx.controllers.volcano?.pod, c.object)))
            queue.add('*');
        else if (r.group === '' && r.resource === 'nodes')
            queue.add('*');
    });
    return () => {
        unsubscribe();
        queue.stop();
    };
}
function podRequestsAsQuantities(pod) {
    const out = {};
    for (const [k, v] of Object.entries(podRequests(pod)))
        if (v > 0)
            out[k] = formatQuantity(v, k);
    return out;
}

;// CONCATENATED MODULE: ./src/sim/scheduler.ts
/**
 * The default scheduler: filters nodes as kube-scheduler's plugins do (NodeUnschedulable,
 * TaintToleration, NodeAffinity, NodeResourcesFit, DynamicResources), binds to the least loaded
 * feasible node, and records Scheduled / FailedScheduling with the real message shapes, e.g.
 * `0/3 nodes are available: 1 Insufficient nvidia.com/gpu, 2 node(s) had untolerated taint
 * {nvidia.com/gpu: }. still not schedulable, preemption: 0/3 nodes are available: 1 No preemption
 * victims found for incoming pod, 2 Preemption is not helpful for scheduling.`
 * Gangs (gang.ts: Volcano PodGroups, coscheduling labels) are bound all together or not at all;
 * pods with schedulerName volcano are bound for Volcano while its scheduler pod is ready.
 */








const SCHEDULER_NAME = 'default-scheduler';
function tolerates(tolerations, taint) {
    return (tolerations ?? []).some(t => {
        if (t.effect && t.effect !== taint.effect)
            return false;
        if (t.operator === 'Exists')
            return !t.key || t.key === taint.key;
        return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
    });
}
/** The node's taints, with not-ready added as the node lifecycle controller does. */
function effectiveTaints(node) {
    const taints = [...(node.spec?.taints ?? [])];
    if (getCondition(node, 'Ready')?.status !== 'True' && !taints.some(t => t.key === 'node.kubernetes.io/not-ready')) {
        taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
    }
    return taints;
}
function untoleratedTaint(pod, node) {
    return effectiveTaints(node).find(t => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod.spec?.tolerations, t));
}
function matchRequirement(value, r) {
    const values = r.values ?? [];
    switch (r.operator) {
        case 'In':
            return value !== undefined && values.includes(value);
        case 'NotIn':
            return value === undefined || !values.includes(value);
        case 'Exists':
            return value !== undefined;
        case 'DoesNotExist':
            return value === undefined;
        case 'Gt':
            return value !== undefined && Number(value) > Number(values[0]);
        case 'Lt':
            return value !== undefined && Number(value) < Number(values[0]);
        default:
            return false;
    }
}
/** nodeSelector and required node affinity (OR of terms, AND within a term). */
function matchesNodeSelection(pod, node) {
    const labels = node.metadata.labels ?? {};
    for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {}))
        if (labels[k] !== v)
            return false;
    const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    if (!terms)
        return true;
    return terms.some((t) => (t.matchExpressions?.length || t.matchFields?.length) &&
        (t.matchExpressions ?? []).every((r) => matchRequirement(labels[r.key], r)) &&
        (t.matchFields ?? []).every((r) => r.key === 'metadata.name' && matchRequirement(node.metadata.name, r)));
}
function allocatable(node) {
    return toResourceList(node.status?.allocatable ?? node.status?.capacity);
}
function taintMessage(ctx, t) {
    // Newer schedulers stopped naming the taint (seen from 1.35 on; unverified for exactly which minor).
    return ctx.minor >= 35 ? 'node(s) had untolerated taint(s)' : `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;
}
/**
 * Why a pod cannot run on a node (every filter but DRA), or undefined when it fits. `assumed`
 * are pods planned onto the node but not bound yet (a gang placed together).
 */
function filterNode(ctx, pod, node, assumed = []) {
    if (node.spec?.unschedulable && !tolerates(pod.spec?.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
        return { reasons: ['node(s) were unschedulable'], unresolvable: true };
    }
    if (pod.spec?.nodeName && pod.spec.nodeName !== node.metadata.name) {
        return { reasons: ["node(s) didn't match the requested node name"], unresolvable: true };
    }
    const taint = untoleratedTaint(pod, node);
    if (taint)
        return { reasons: [taintMessage(ctx, taint)], unresolvable: true };
    if (!matchesNodeSelection(pod, node))
        return { reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true };
    const alloc = allocatable(node);
    const want = podRequests(pod);
    const used = {};
    let podCount = 0;
    for (const p of [...ctx.pods.onNode(node.metadata.name), ...assumed]) {
        if (isTerminal(p) || p.metadata.uid === pod.metadata.uid)
            continue;
        podCount++;
        for (const [k, v] of Object.entries(podRequests(p)))
            used[k] = (used[k] ?? 0) + v;
    }
    const reasons = [];
    if (alloc.pods !== undefined && podCount + 1 > alloc.pods / 1000)
        reasons.push('Too many pods');
    for (const [k, v] of Object.entries(want)) {
        if (v <= 0)
            continue;
        if ((alloc[k] ?? 0) - (used[k] ?? 0) < v)
            reasons.push(`Insufficient ${k}`);
    }
    return reasons.length ? { reasons, unresolvable: false } : undefined;
}
function scheduler_histogram(entries) {
    const counts = new Map();
    for (const e of entries)
        counts.set(e, (counts.get(e) ?? 0) + 1);
    return Array.from(counts, ([k, n]) => `${n} ${k}`)
        .sort()
        .join(', ');
}
function failureMessage(total, perNode, preFilter) {
    let msg = `0/${total} nodes are available:`;
    if (preFilter)
        msg += ` ${preFilter}.`;
    else if (perNode.length)
        msg += ` ${scheduler_histogram(perNode.flatMap(f => f.reasons))}.`;
    const preemption = perNode.map(f => (f.unresolvable ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod'));
    const tail = preFilter ? `${total} Preemption is not helpful for scheduling` : scheduler_histogram(preemption);
    return `${msg} still not schedulable, preemption: 0/${total} nodes are available: ${tail}.`;
}
/** Starts the scheduler; returns its stop function. */
function startScheduler(ctx) {
    const { store } = ctx;
    const unschedulable = new Set();
    const queue = new WorkQueue(ctx.clock, key => (key === '*' ? retryAll() : schedule(key)), 0, (k, e) => ctx.warn(`scheduler: ${k}: ${e.message}`));
    const wants = (pod) => !pod.spec?.nodeName &&
        !pod.metadata.deletionTimestamp &&
        !isTerminal(pod) &&
        ((pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME || isVolcanoPod(ctx, pod));
    const keyOf = (pod) => `${pod.metadata.namespace}/${pod.metadata.name}`;
    const retryAll = () => {
        for (const k of Array.from(unschedulable))
            schedule(k);
    };
    const setScheduled = (pod, cond) => {
        const cur = store.get('', 'pods', pod.metadata.namespace, pod.metadata.name);
        if (!cur)
            return;
        const prev = getCondition(cur, 'PodScheduled');
        if (prev && prev.status === cond.status && prev.reason === cond.reason && prev.message === cond.message)
            return;
        const c = { type: 'PodScheduled', status: cond.status, lastProbeTime: null, ...(cond.reason ? { reason: cond.reason } : {}), ...(cond.message ? { message: cond.message } : {}) };
        const conditions = withCondition(cur.status?.conditions, c, store.timestamp());
        store.update({ ...cur, status: { ...(cur.status ?? {}), phase: cur.status?.phase ?? 'Pending', conditions } }, { subresource: 'status' });
    };
    const fail = (pod, message, component) => {
        unschedulable.add(keyOf(pod));
        setScheduled(pod, { status: 'False', reason: 'Unschedulable', message });
        ctx.events.record(pod, 'Warning', 'FailedScheduling', message, { component });
    };
    /**
     * Where a pod would go: the least loaded node that passes every filter, with its claims'
     * allocation planned. `assumed` pods and `devices` are what a gang placed before it takes.
     */
    function place(input, nodes, assumed, devices) {
        let pod = input;
        let claims = [];
        if (pod.spec?.resourceClaims?.length) {
            const missing = ensureGeneratedClaims(ctx, pod);
            pod = store.get('', 'pods', pod.metadata.namespace, pod.metadata.name) ?? pod;
            if (missing)
                return { pod, perNode: [], preFilter: missing };
            claims = claimsOf(ctx, pod) ?? [];
        }
        const perNode = [];
        const feasible = [];
        for (const node of nodes) {
            const extra = assumed?.get(node.metadata.name) ?? [];
            const f = filterNode(ctx, pod, node, extra);
            if (f) {
                perNode.push(f);
                continue;
            }
            let plan;
            if (claims.length) {
                plan = planAllocation(ctx, claims, node, devices);
                if (!plan) {
                    perNode.push({ reasons: ['cannot allocate all claims'], unresolvable: true });
                    continue;
                }
            }
            feasible.push({ node, load: ctx.pods.onNode(node.metadata.name).filter(p => !isTerminal(p)).length + extra.length, plan });
        }
        if (!feasible.length)
            return { pod, perNode };
        feasible.sort((a, b) => a.load - b.load || a.node.metadata.name.localeCompare(b.node.metadata.name));
        return { pod, node: feasible[0].node, plan: feasible[0].plan, claims };
    }
    function bind(p, component) {
        const { node, claims, plan } = p;
        if (claims.length && plan)
            commitAllocation(ctx, p.pod, claims, node, plan);
        const cur = store.get('', 'pods', p.pod.metadata.namespace, p.pod.metadata.name);
        store.update({ ...cur, spec: { ...cur.spec, nodeName: node.metadata.name } });
        setScheduled(cur, { status: 'True' });
        unschedulable.delete(keyOf(cur));
        ctx.events.record(cur, 'Normal', 'Scheduled', `Successfully assigned ${cur.metadata.namespace}/${cur.metadata.name} to ${node.metadata.name}`, {
            component
        });
    }
    function schedule(key) {
        const [ns, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
        const pod = store.get('', 'pods', ns, name);
        if (!pod || !wants(pod)) {
            unschedulable.delete(key);
            return;
        }
        if (pod.spec?.schedulingGates?.length) {
            setScheduled(pod, { status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' });
            return;
        }
        const volcano = isVolcanoPod(ctx, pod);
        // Nothing binds Volcano's pods while its scheduler is down, nor before its PodGroup is known.
        if (volcano && (!gateOpen(ctx, ctx.controllers.volcano.pod) || !pod.metadata.annotations?.[VOLCANO_GROUP_ANNOTATION])) {
            unschedulable.add(key);
            return;
        }
        const gang = gangOf(ctx, pod);
        if (gang)
            return scheduleGang(gang);
        const nodes = store.list('', 'nodes');
        const r = place(pod, nodes);
        if ('node' in r)
            bind(r, SCHEDULER_NAME);
        else
            fail(r.pod, failureMessage(nodes.length, r.perNode, r.preFilter), SCHEDULER_NAME);
    }
    /** All of a gang's pending pods are bound together once at least its minimum fit; otherwise none is. */
    function scheduleGang(gang) {
        const members = gangMembers(ctx, gang);
        const bound = members.filter(p => p.spec?.nodeName);
        const pending = members.filter(p => !p.spec?.nodeName);
        if (!pending.length)
            return;
        const component = gang.kind === 'volcano' ? VOLCANO_SCHEDULER : SCHEDULER_NAME;
        if (gang.kind === 'volcano' && !['Inqueue', 'Running'].includes(gang.podGroup?.status?.phase)) {
            // Volcano only allocates to PodGroups its enqueue step admitted.
            for (const p of pending)
                unschedulable.add(keyOf(p));
            return;
        }
        const nodes = store.list('', 'nodes');
        if (members.length < gang.min) {
            const volcanoMsg = volcanoGangMessage(gang, bound.length, pending.length, -1);
            for (const p of pending) {
                const n = p.metadata.name;
                fail(p, gang.kind === 'volcano' ? volcanoMsg : `${failureMessage(nodes.length, [], coschedulingTooFew(n, members.length, gang.min))}, ${coschedulingRejection(gang, n)}`, component);
            }
            if (gang.kind === 'volcano')
                markPodGroup(ctx, gang, { unschedulable: volcanoMsg });
            return;
        }
        const assumed = new Map();
        const devices = new Set();
        const placed = [];
        const refused = [];
        for (const p of pending) {
            const r = place(p, nodes, assumed, devices);
            if ('node' in r) {
                placed.push(r);
                const on = assumed.get(r.node.metadata.name) ?? [];
                assumed.set(r.node.metadata.name, [...on, r.pod]);
                for (const plan of r.plan?.values() ?? [])
                    for (const d of plan.results)
                        devices.add(refKey(d));
            }
            else
                refused.push(r);
        }
        if (bound.length + placed.length >= gang.min) {
            for (const r of placed)
                bind(r, component);
            // Members beyond the minimum that do not fit wait on their own.
            for (const r of refused)
                fail(r.pod, failureMessage(nodes.length, r.perNode, r.preFilter), component);
            if (gang.kind === 'volcano')
                markPodGroup(ctx, gang, { scheduled: true });
            return;
        }
        const first = refused[0];
        const volcanoMsg = volcanoGangMessage(gang, bound.length, pending.length, placed.length);
        const cosched = `${failureMessage(nodes.length, first.perNode, first.preFilter)}, ${coschedulingRejection(gang, first.pod.metadata.name)}`;
        for (const p of pending)
            fail(p, gang.kind === 'volcano' ? volcanoMsg : cosched, component);
        if (gang.kind === 'volcano')
            markPodGroup(ctx, gang, { unschedulable: volcanoMsg });
    }
    for (const p of store.list('', 'pods'))
        if (wants(p))
            queue.add(`${p.metadata.namespace}/${p.metadata.name}`);
    const unsubscribe = store.onChange(c => {
        const r = c.rtype;
        if (r.group === '' && r.resource === 'pods') {
            const p = c.object;
            if (c.type !== 'DELETED' && wants(p))
                queue.add(`${p.metadata.namespace}/${p.metadata.name}`);
            // The Volcano scheduler came up or went away.
            if (unschedulable.size && isGatePod(ctx.controllers.volcano?.pod, p))
                queue.add('*');
            // Freed capacity: a pod went away or finished.
            if (unschedulable.size && (c.type === 'DELETED' || (isTerminal(p) && c.old && !isTerminal(c.old))))
                queue.add('*');
            if (c.type === 'DELETED')
                unschedulable.delete(`${p.metadata.namespace}/${p.metadata.name}`);
        }
        else if (unschedulable.size &&
            ((r.group === '' && r.resource === 'nodes') ||
                (r.group === 'resource.k8s.io' && ['resourceslices', 'resourceclaims', 'deviceclasses', 'resourceclaimtemplates'].includes(r.resource)) ||
                (r.group === 'scheduling.volcano.sh' && r.resource === 'podgroups'))) {
            queue.add('*');
        }
    });
    return () => {
        unsubscribe();
        queue.stop();
    };
}

;// CONCATENATED MODULE: ./src/sim/controllers/cluster.ts
/**
 * Cluster-wide controllers (garbage collection is the API machinery's, src/sim/gc.ts): the
 * namespace deletion cascade, EndpointSlices (and legacy Endpoints) for Services, and APIService availability
 * from the backing Service's endpoints.
 */





/** Deletes a terminating namespace's content, then lifts its "kubernetes" finalizer. */
function startNamespaceController(ctx) {
    const { store } = ctx;
    const queue = new WorkQueue(ctx.clock, reconcile, 0, (k, e) => ctx.warn(`namespace controller: ${k}: ${e.message}`));
    const retries = new Map();
    function reconcile(name) {
        retries.delete(name);
        const ns = store.get('', 'namespaces', undefined, name);
        if (!ns?.metadata.deletionTimestamp)
            return;
        let remaining = 0;
        const kinds = [];
        for (const t of store.allTypes()) {
            if (!t.namespaced || (t.group === '' && t.resource === 'events'))
                continue;
            const items = store.list(t.group, t.resource, name);
            if (items.length)
                kinds.push(`${t.resource}${t.group ? `.${t.group}` : ''} has ${items.length} resource instances`);
            for (const o of items) {
                remaining++;
                if (!o.metadata.deletionTimestamp) {
                    try {
                        store.delete(t.group, t.resource, name, o.metadata.name);
                    }
                    catch {
                        // Raced with another deletion.
                    }
                }
            }
        }
        const now = store.timestamp();
        let conditions = ns.status?.conditions;
        const set = (type, status, reason, message) => {
            conditions = withCondition(conditions, { type, status, reason, message }, now);
        };
        set('NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered');
        set('NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed');
        set('NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization');
        set('NamespaceContentRemaining', remaining ? 'True' : 'False', remaining ? 'SomeResourcesRemain' : 'ContentRemoved', remaining ? `Some resources are remaining: ${kinds.join(', ')}` : 'All content successfully removed');
        set('NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished');
        const left = remaining
            ? 0
            : store.allTypes().filter(t => t.namespaced && !(t.group === '' && t.resource === 'events')).reduce((s, t) => s + store.list(t.group, t.resource, name).length, 0);
        const fresh = store.get('', 'namespaces', undefined, name);
        writeStatus(store, fresh, { ...(fresh.status ?? {}), phase: 'Terminating', conditions });
        if (remaining || left) {
            retries.set(name, queue.addAfter(name, 1000));
            return;
        }
        for (const e of store.list('', 'events', name))
            store.delete('', 'events', name, e.metadata.name);
        const last = store.get('', 'namespaces', undefined, name);
        const finalizers = (last.spec?.finalizers ?? []).filter((f) => f !== 'kubernetes');
        store.update({ ...last, spec: { ...last.spec, finalizers } });
    }
    for (const n of store.list('', 'namespaces'))
        if (n.metadata.deletionTimestamp)
            queue.add(n.metadata.name);
    const unsubscribe = store.onChange(c => {
        if (c.rtype.group === '' && c.rtype.resource === 'namespaces' && c.type === 'MODIFIED' && c.object.metadata.deletionTimestamp) {
            queue.add(c.object.metadata.name);
        }
        else if (c.type === 'DELETED' && c.rtype.namespaced && c.object.metadata.namespace) {
            const ns = store.get('', 'namespaces', undefined, c.object.metadata.namespace);
            if (ns?.metadata.deletionTimestamp)
                queue.add(ns.metadata.name);
        }
    });
    return () => {
        unsubscribe();
        queue.stop();
        for (const h of retries.values())
            ctx.clock.clearTimeout(h);
    };
}
function resolvePort(svcPort, pod) {
    const target = svcPort.targetPort ?? svcPort.port;
    if (typeof target === 'number')
        return target;
    if (/^\d+$/.test(String(target)))
        return Number(target);
    for (const c of pod.spec?.containers ?? [])
        for (const p of c.ports ?? [])
            if (p.name === target)
                return p.containerPort;
    return undefined;
}
/** EndpointSlices and Endpoints for Services with a selector, from their pods' IPs and readiness. */
function startEndpointsController(ctx) {
    const { store } = ctx;
    const queue = new WorkQueue(ctx.clock, reconcile, 0, (k, e) => ctx.warn(`endpointslice controller: ${k}: ${e.message}`));
    function reconcile(k) {
        const [ns, name] = [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)];
        const svc = store.get('', 'services', ns, name);
        const sliceName = `${name}-${derivedSuffix(`${ns}/${name}/slice`)}`;
        const hasSlices = Boolean(store.typeOf('discovery.k8s.io', 'endpointslices'));
        if (!svc || !svc.spec?.selector || !Object.keys(svc.spec.selector).length) {
            if (!svc && hasSlices && store.get('discovery.k8s.io', 'endpointslices', ns, sliceName))
                store.delete('discovery.k8s.io', 'endpointslices', ns, sliceName);
            return;
        }
        const pods = store.list('', 'pods', ns).filter(p => matchesMap(svc.spec.selector, p.metadata.labels) && p.status?.podIP && !isTerminal(p));
        pods.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
        const ports = (svc.spec.ports ?? []).map((p) => ({ name: p.name ?? '', port: pods.length ? resolvePort(p, pods[0]) : undefined, protocol: p.protocol ?? 'TCP' }));
        const owner = { apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true };
        if (hasSlices) {
            const slice = {
                apiVersion: 'discovery.k8s.io/v1',
                kind: 'EndpointSlice',
                metadata: {
                    name: sliceName,
                    namespace: ns,
                    labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': name },
                    annotations: {},
                    ownerReferences: [owner]
                },
                addressType: 'IPv4',
                endpoints: pods.map(p => ({
                    addresses: [p.status.podIP],
                    conditions: { ready: isPodReady(p), serving: isPodReady(p), terminating: false },
                    nodeName: p.spec?.nodeName,
                    targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid }
                })),
                ports: ports.filter((p) => p.port !== undefined)
            };
            upsert('discovery.k8s.io', 'endpointslices', slice);
        }
        if (store.typeOf('', 'endpoints')) {
            const ready = pods.filter(isPodReady);
            const notReady = pods.filter(p => !isPodReady(p));
            const addr = (p) => ({ ip: p.status.podIP, nodeName: p.spec?.nodeName, targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid } });
            const subsets = pods.length
                ? [
                    {
                        ...(ready.length ? { addresses: ready.map(addr) } : {}),
                        ...(notReady.length ? { notReadyAddresses: notReady.map(addr) } : {}),
                        ports: ports.filter((p) => p.port !== undefined)
                    }
                ]
                : undefined;
            upsert('', 'endpoints', {
                apiVersion: 'v1',
                kind: 'Endpoints',
                metadata: { name, namespace: ns, labels: { ...(svc.metadata.labels ?? {}) } },
                ...(subsets ? { subsets } : {})
            });
        }
    }
    function upsert(group, resource, obj) {
        const cur = store.get(group, resource, obj.metadata.namespace, obj.metadata.name);
        if (!cur) {
            store.create(obj);
            return;
        }
        const strip = (o) => {
            const { metadata: _m, ...rest } = o;
            return JSON.stringify({ ...rest, labels: o.metadata.labels });
        };
        if (strip(cur) === strip(obj))
            return;
        store.update({ ...obj, metadata: { ...cur.metadata, labels: obj.metadata.labels } });
    }
    const bySelector = (ns, labels) => {
        for (const s of store.list('', 'services', ns))
            if (matchesMap(s.spec?.selector, labels))
                queue.add(`${ns}/${s.metadata.name}`);
    };
    for (const s of store.list('', 'services'))
        queue.add(`${s.metadata.namespace}/${s.metadata.name}`);
    const unsubscribe = store.onChange(c => {
        const r = c.rtype;
        if (r.group === '' && r.resource === 'services')
            queue.add(`${c.object.metadata.namespace}/${c.object.metadata.name}`);
        else if (r.group === '' && r.resource === 'pods') {
            const o = c.old;
            const n = c.object;
            const relevant = c.type !== 'MODIFIED' ||
                o?.status?.podIP !== n.status?.podIP ||
                isPodReady(o) !== isPodReady(n) ||
                isTerminal(o) !== isTerminal(n) ||
                JSON.stringify(o?.metadata.labels) !== JSON.stringify(n.metadata.labels);
            if (relevant) {
                bySelector(n.metadata.namespace, n.metadata.labels);
                if (o && JSON.stringify(o.metadata.labels) !== JSON.stringify(n.metadata.labels))
                    bySelector(o.metadata.namespace, o.metadata.labels);
            }
        }
    });
    return () => {
        unsubscribe();
        queue.stop();
    };
}
/** APIServices backed by a Service are Available only while that Service has ready endpoints. */
function startApiServiceController(ctx) {
    const { store } = ctx;
    const G = 'apiregistration.k8s.io';
    const queue = new WorkQueue(ctx.clock, reconcile, 0, (k, e) => ctx.warn(`apiservice controller: ${k}: ${e.message}`));
    function reconcile(name) {
        const api = store.get(G, 'apiservices', undefined, name);
        const svcRef = api?.spec?.service;
        if (!api || !svcRef)
            return;
        const svc = store.get('', 'services', svcRef.namespace, svcRef.name);
        let status = 'True';
        let reason = 'Passed';
        let message = 'all checks passed';
        if (!svc) {
            status = 'False';
            reason = 'ServiceNotFound';
            message = `service/${svcRef.name} in "${svcRef.namespace}" is not present`;
        }
        else {
            const slices = store.typeOf('discovery.k8s.io', 'endpointslices')
                ? store.list('discovery.k8s.io', 'endpointslices', svcRef.namespace).filter(s => s.metadata.labels?.['kubernetes.io/service-name'] === svcRef.name)
                : [];
            const ready = slices.some(s => (s.endpoints ?? []).some((e) => e.conditions?.ready));
            if (!ready) {
                status = 'False';
                reason = 'MissingEndpoints';
                const portName = (svc.spec?.ports ?? []).find((p) => p.port === (svcRef.port ?? 443))?.name ?? '';
                message = `endpoints for service/${svcRef.name} in "${svcRef.namespace}" have no addresses with port name "${portName}"`;
            }
        }
        const prev = getCondition(api, 'Available');
        if (prev && prev.status === status && prev.reason === reason && prev.message === message)
            return;
        const conditions = withCondition(api.status?.conditions, { type: 'Available', status, reason, message }, store.timestamp());
        store.update({ ...api, status: { ...(api.status ?? {}), conditions } }, { subresource: 'status' });
    }
    const all = () => {
        for (const a of store.list(G, 'apiservices'))
            if (a.spec?.service)
                queue.add(a.metadata.name);
    };
    all();
    const unsubscribe = store.onChange(c => {
        const r = c.rtype;
        if (r.group === G && r.resource === 'apiservices' && c.type !== 'DELETED')
            queue.add(c.object.metadata.name);
        else if ((r.group === 'discovery.k8s.io' && r.resource === 'endpointslices') || (r.group === '' && r.resource === 'services'))
            all();
    });
    return () => {
        unsubscribe();
        queue.stop();
    };
}

;// CONCATENATED MODULE: ./src/sim/net/network.ts

const json = (status, body) => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
});
/** A Status as the API server answers a proxy request it could not complete. */
function proxyStatus(code, reason, message) {
    return json(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}
function network_labelsMatch(want, have) {
    const w = want ?? {};
    return Object.keys(w).length > 0 && Object.entries(w).every(([k, v]) => have?.[k] === v);
}
/** A request with lower-case header names, a query and a body. */
function makeRequest(method, pathAndQuery, headers = {}, body = '') {
    const i = pathAndQuery.indexOf('?');
    const path = i < 0 ? pathAndQuery : pathAndQuery.slice(0, i);
    const query = new URLSearchParams(i < 0 ? '' : pathAndQuery.slice(i + 1));
    const lower = {};
    for (const [k, v] of Object.entries(headers))
        lower[k.toLowerCase()] = v;
    return { method, path: path || '/', query, headers: lower, body: Buffer.isBuffer(body) ? body : Buffer.from(body) };
}
class ClusterNetwork {
    ctx;
    resolvers = [];
    next = new Map();
    constructor(ctx) {
        this.ctx = ctx;
    }
    /** Adds who may answer on pods' ports; `first` resolvers win over the others. */
    addResolver(resolver, first = false) {
        if (first)
            this.resolvers.unshift(resolver);
        else
            this.resolvers.push(resolver);
    }
    /** A container port from a number or one of the pod's port names. */
    podPort(pod, port) {
        if (port === undefined || port === '') {
            for (const c of pod.spec?.containers ?? [])
                for (const p of c.ports ?? [])
                    return p.containerPort;
            return undefined;
        }
        if (typeof port === 'number' || /^\d+$/.test(port))
            return Number(port);
        for (const c of pod.spec?.containers ?? [])
            for (const p of c.ports ?? [])
                if (p.name === port)
                    return p.containerPort;
        return undefined;
    }
    /** What answers on a pod's port now (a running pod with an IP), if anything. */
    handlerAt(pod, port) {
        if (pod.status?.phase !== 'Running' || !pod.status?.podIP || pod.metadata.deletionTimestamp)
            return undefined;
        for (const r of this.resolvers) {
            const h = r(pod, port);
            if (h)
                return h;
        }
        return undefined;
    }
    /** Sends a request to a pod's port; undefined when the connection is refused. */
    toPod(pod, port, req) {
        const h = this.handlerAt(pod, port);
        return h ? h(req) : undefined;
    }
    /** The Service port a number or name refers to (the first port when none is given). */
    servicePort(svc, port) {
        const ports = svc.spec?.ports ?? [];
        if (port === undefined || port === '')
            return ports[0];
        return ports.find(p => String(p.port) === String(port) || p.name === port);
    }
    /** Ready endpoints of a Service port: its selected pods, running and ready, with the target port. */
    endpoints(svc, servicePort) {
        // Services without a selector have no simulated endpoints.
        const selector = svc.spec?.selector;
        if (!servicePort || !selector || !Object.keys(selector).length)
            return [];
        const out = [];
        for (const pod of this.ctx.store.list('', 'pods', svc.metadata.namespace)) {
            if (!network_labelsMatch(selector, pod.metadata.labels) || !isPodReady(pod) || pod.status?.phase !== 'Running' || !pod.status?.podIP)
                continue;
            const port = this.podPort(pod, servicePort.targetPort ?? servicePort.port);
            if (port !== undefined)
                out.push({ pod, port });
        }
        return out.sort((a, b) => a.pod.metadata.name.localeCompare(b.pod.metadata.name));
    }
    /** One ready endpoint of a Service port, taken in turn (as kube-proxy spreads connections). */
    pickEndpoint(svc, servicePort) {
        const eps = this.endpoints(svc, servicePort);
        if (!eps.length)
            return undefined;
        const key = `${svc.metadata.uid}/${servicePort.port}`;
        const n = this.next.get(key) ?? 0;
        this.next.set(key, n + 1);
        return eps[n % eps.length];
    }
    /** The API server's services/proxy and pods/proxy. Undefined: nothing answers (the REST layer says 503). */
    proxy(target, req) {
        const { store } = this.ctx;
        if (target.kind === 'pod') {
            const pod = store.get('', 'pods', target.namespace, target.name);
            const port = pod && this.podPort(pod, target.port);
            return pod && port !== undefined ? this.toPod(pod, port, req) : undefined;
        }
        const svc = store.get('', 'services', target.namespace, target.name);
        if (!svc)
            return proxyStatus(404, 'NotFound', `services "${target.name}" not found`);
        const sp = this.servicePort(svc, target.port);
        const ep = sp && this.pickEndpoint(svc, sp);
        if (!ep)
            return proxyStatus(503, 'ServiceUnavailable', `no endpoints available for service "${target.name}"`);
        const answer = this.toPod(ep.pod, ep.port, req);
        return (answer ??
            proxyStatus(503, 'ServiceUnavailable', `error trying to reach service: dial tcp ${ep.pod.status.podIP}:${ep.port}: connect: connection refused`));
    }
    /** Sends a request to a Service port through one of its ready endpoints; undefined when none answers. */
    toService(svc, port, req) {
        const sp = this.servicePort(svc, port);
        const ep = sp && this.pickEndpoint(svc, sp);
        return ep ? this.toPod(ep.pod, ep.port, req) : undefined;
    }
    /**
     * A request from a pod in `namespace` to a URL: the host is a Service DNS name (`svc`,
     * `svc.ns`, `svc.ns.svc[.cluster.local]`), a cluster IP, a load-balancer IP or a pod IP.
     */
    fetch(namespace, url, init = {}) {
        const m = /^(https?):\/\/([^/:?#]+)(?::(\d+))?([^#]*)/i.exec(url.trim()) ?? /^()([^/:?#]+)(?::(\d+))?([^#]*)/.exec(url.trim());
        const host = (m?.[2] ?? '').toLowerCase().replace(/\.$/, '');
        const port = m?.[3] ? Number(m[3]) : m?.[1]?.toLowerCase() === 'https' ? 443 : 80;
        const headers = { host: m?.[3] ? `${host}:${port}` : host, 'user-agent': 'curl/8.14.1', accept: '*/*', ...lowerKeys(init.headers ?? {}) };
        const req = makeRequest(init.method ?? 'GET', m?.[4] || '/', headers, init.body ?? '');
        const target = this.resolve(namespace, host);
        if (!target)
            return { ok: false, error: 'resolve', host, port };
        let answer;
        if (target.kind === 'pod')
            answer = this.toPod(target.obj, port, req);
        else if (target.obj.spec?.ports?.some((p) => p.port === port))
            answer = this.toService(target.obj, port, req);
        return answer ? { ok: true, response: answer } : { ok: false, error: 'connect', host, port };
    }
    /** The Service or pod a host name or address means to a pod in `namespace`. */
    resolve(namespace, host) {
        const { store } = this.ctx;
        if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
            for (const svc of store.list('', 'services')) {
                const ips = [svc.spec?.clusterIP, ...(svc.spec?.clusterIPs ?? []), ...(svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip)];
                if (ips.includes(host))
                    return { kind: 'service', obj: svc };
            }
            const pod = store.list('', 'pods').find(p => p.status?.podIP === host && !p.spec?.hostNetwork && p.status?.phase === 'Running');
            return pod ? { kind: 'pod', obj: pod } : undefined;
        }
        const labels = host.split('.');
        const suffix = labels.slice(2).join('.');
        if (labels.length > 2 && !['svc', 'svc.cluster.local'].includes(suffix))
            return undefined;
        const ns = labels[1] ?? namespace;
        const svc = store.get('', 'services', ns, labels[0]);
        return svc ? { kind: 'service', obj: svc } : undefined;
    }
}
function lowerKeys(h) {
    const out = {};
    for (const [k, v] of Object.entries(h))
        out[k.toLowerCase()] = v;
    return out;
}

;// CONCATENATED MODULE: ./src/sim/handlers/scraper.ts
/**
 * A Prometheus server managed by the Prometheus Operator: it discovers targets from the
 * ServiceMonitors and PodMonitors its Prometheus resource selects (serviceMonitorSelector,
 * serviceMonitorNamespaceSelector, podMonitorSelector, podMonitorNamespaceSelector; a nil
 * selector selects no monitors, `{}` all; a nil namespace selector means only the Prometheus
 * object's own namespace), scrapes each target's `/metrics` through the cluster network on an
 * interval, keeps the latest samples with the operator's target labels (job, namespace, service,
 * pod, container, endpoint, instance; scraped labels that clash become `exported_<name>` unless
 * honorLabels), and describes its targets as `/api/v1/targets` does (scrape pools
 * `serviceMonitor/<ns>/<name>/<i>`, `podMonitor/<ns>/<name>/<i>`).
 *
 * Handler options: `scrapeInterval` (default 5s, also on the real clock, whatever the monitors
 * ask for, so runs stay short), `annotationDiscovery` (also scrape pods annotated
 * `prometheus.io/scrape: "true"`, as the classic `kubernetes-pods` job does) and, for the broken
 * variant, `neverScrapeNewTargets` (the configuration is never reloaded: monitors created after
 * the server first came up are never scraped).
 */



const MON = 'monitoring.coreos.com';
const LOOKBACK_MS = 5 * 60_000;
const scrapers = new WeakMap();
/** The scraper behind a Prometheus handler, when it runs. */
function scraperFor(ctx, handlerName) {
    return scrapers.get(ctx)?.get(handlerName);
}
/** Parses Prometheus text exposition (format 0.0.4) into samples. */
function parseExposition(body) {
    const out = [];
    for (const raw of body.split('\n')) {
        const line = raw.trim();
        if (!line || line.startsWith('#'))
            continue;
        const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line);
        if (!m)
            continue;
        const labels = {};
        const re = /([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/g;
        for (const l of (m[3] ?? '').matchAll(re))
            labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\(.)/g, '$1');
        const v = m[4] === '+Inf' ? Infinity : m[4] === '-Inf' ? -Infinity : Number(m[4]);
        out.push({ name: m[1], labels, value: v });
    }
    return out;
}
function durationMs(v, fallback) {
    if (typeof v === 'number')
        return v;
    const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(v) : null;
    return m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2]] : fallback;
}
class PrometheusScraper {
    ctx;
    spec;
    network;
    series = new Map();
    states = new Map();
    targets = [];
    /** Monitors loaded into the configuration, when it is never reloaded (broken variant). */
    frozen;
    timer;
    stopped = false;
    intervalMs;
    constructor(ctx, spec, network) {
        this.ctx = ctx;
        this.spec = spec;
        this.network = network;
        this.intervalMs = durationMs(spec.options?.scrapeInterval, 5000);
    }
    start() {
        if (!scrapers.has(this.ctx))
            scrapers.set(this.ctx, new Map());
        scrapers.get(this.ctx).set(this.spec.name, this);
        const tick = () => {
            if (this.stopped)
                return;
            try {
                this.tick();
            }
            catch (e) {
                this.ctx.warn(`prometheus ${this.spec.name}: ${e.message}`);
            }
            this.timer = this.ctx.clock.setTimeout(tick, this.intervalMs);
        };
        this.timer = this.ctx.clock.setTimeout(tick, this.intervalMs);
        return () => {
            this.stopped = true;
            this.ctx.clock.clearTimeout(this.timer);
            scrapers.get(this.ctx)?.delete(this.spec.name);
        };
    }
    /** The Prometheus resource this server belongs to, while one of its server pods runs ready. */
    server() {
        const { store } = this.ctx;
        const pods = store
            .list('', 'pods', this.spec.namespace)
            .filter(p => Object.entries(this.spec.podLabels ?? {}).every(([k, v]) => p.metadata.labels?.[k] === v) && p.status?.phase === 'Running' && isPodReady(p));
        if (!pods.length || !store.typeOf(MON, 'prometheuses'))
            return undefined;
        const crs = store.list(MON, 'prometheuses', this.spec.namespace);
        const named = pods.map(p => p.metadata.labels?.prometheus ?? p.metadata.labels?.['operator.prometheus.io/name']).filter(Boolean);
        return crs.find(c => named.includes(c.metadata.name)) ?? crs[0];
    }
    tick() {
        const prom = this.server();
        if (!prom)
            return;
        const monitors = this.monitors(prom);
        if (this.spec.options?.neverScrapeNewTargets) {
            this.frozen ??= new Set(monitors.map(m => m.metadata.uid));
        }
        const loaded = this.frozen ? monitors.filter(m => this.frozen.has(m.metadata.uid)) : monitors;
        this.targets = this.discover(prom, loaded);
        const live = new Set(this.targets.map(t => t.key));
        for (const [k, s] of this.series)
            if (!live.has(s.target))
                this.series.delete(k);
        for (const k of this.states.keys())
            if (!live.has(k))
                this.states.delete(k);
        for (const t of this.targets)
            this.scrape(t);
    }
    /** The ServiceMonitors and PodMonitors the Prometheus resource selects. */
    monitors(prom) {
        const { store } = this.ctx;
        const pick = (resource, selector, nsSelector) => {
            if (!store.typeOf(MON, resource) || selector === undefined || selector === null)
                return [];
            return store.list(MON, resource).filter(m => this.namespaceSelected(prom, nsSelector, m.metadata.namespace) && matchesSelector(selector, m.metadata.labels));
        };
        return [
            ...pick('servicemonitors', prom.spec?.serviceMonitorSelector, prom.spec?.serviceMonitorNamespaceSelector),
            ...pick('podmonitors', prom.spec?.podMonitorSelector, prom.spec?.podMonitorNamespaceSelector)
        ];
    }
    namespaceSelected(prom, selector, ns) {
        if (selector === undefined || selector === null)
            return ns === prom.metadata.namespace;
        const nsObj = this.ctx.store.get('', 'namespaces', undefined, ns);
        return matchesSelector(selector, nsObj?.metadata.labels ?? { 'kubernetes.io/metadata.name': ns });
    }
    /** Namespaces a monitor looks in: its namespaceSelector (any, matchNames) or its own. */
    monitorNamespaces(m) {
        const sel = m.spec?.namespaceSelector;
        if (sel?.any)
            return 'any';
        if (Array.isArray(sel?.matchNames) && sel.matchNames.length)
            return sel.matchNames;
        return [m.metadata.namespace];
    }
    discover(prom, monitors) {
        const { store } = this.ctx;
        const out = [];
        const defaultInterval = String(prom.spec?.scrapeInterval ?? '30s');
        const inNamespaces = (resource, nss) => nss === 'any' ? store.list('', resource) : nss.flatMap(ns => store.list('', resource, ns));
        const running = (p) => Boolean(p.status?.podIP) && !['Succeeded', 'Failed'].includes(p.status?.phase);
        for (const m of monitors) {
            const ns = m.metadata.namespace;
            if (m.kind === 'ServiceMonitor') {
                const services = inNamespaces('services', this.monitorNamespaces(m)).filter(s => matchesSelector(m.spec?.selector ?? {}, s.metadata.labels));
                (m.spec?.endpoints ?? []).forEach((ep, i) => {
                    const pool = `serviceMonitor/${ns}/${m.metadata.name}/${i}`;
                    for (const svc of services) {
                        const sp = (svc.spec?.ports ?? []).find((p) => ep.port !== undefined ? p.name === ep.port : ep.targetPort !== undefined ? String(p.targetPort ?? p.port) === String(ep.targetPort) : true);
                        if (!sp)
                            continue;
                        const pods = store.list('', 'pods', svc.metadata.namespace).filter(p => matchesLabels(svc.spec?.selector, p.metadata.labels) && running(p));
                        for (const pod of pods) {
                            const port = this.network.podPort(pod, sp.targetPort ?? sp.port);
                            if (port === undefined)
                                continue;
                            const job = (m.spec?.jobLabel && svc.metadata.labels?.[m.spec.jobLabel]) || svc.metadata.name;
                            out.push(this.target(pool, pod, port, ep, defaultInterval, {
                                job,
                                service: svc.metadata.name,
                                endpoint: ep.port ?? String(ep.targetPort ?? sp.port),
                                ...copyLabels(m.spec?.targetLabels, svc.metadata.labels),
                                ...copyLabels(m.spec?.podTargetLabels, pod.metadata.labels)
                            }));
                        }
                    }
                });
            }
            else {
                const pods = inNamespaces('pods', this.monitorNamespaces(m)).filter(p => matchesSelector(m.spec?.selector ?? {}, p.metadata.labels) && running(p));
                (m.spec?.podMetricsEndpoints ?? []).forEach((ep, i) => {
                    const pool = `podMonitor/${ns}/${m.metadata.name}/${i}`;
                    for (const pod of pods) {
                        const port = this.network.podPort(pod, ep.port ?? ep.portNumber ?? ep.targetPort);
                        if (port === undefined || (ep.port && !hasNamedPort(pod, ep.port)))
                            continue;
                        const job = (m.spec?.jobLabel && pod.metadata.labels?.[m.spec.jobLabel]) || `${ns}/${m.metadata.name}`;
                        out.push(this.target(pool, pod, port, ep, defaultInterval, { job, endpoint: ep.port ?? String(port), ...copyLabels(m.spec?.podTargetLabels, pod.metadata.labels) }));
                    }
                });
            }
        }
        if (this.spec.options?.annotationDiscovery) {
            for (const pod of store.list('', 'pods')) {
                const a = pod.metadata.annotations ?? {};
                if (a['prometheus.io/scrape'] !== 'true' || !running(pod))
                    continue;
                const port = this.network.podPort(pod, a['prometheus.io/port']);
                if (port === undefined)
                    continue;
                out.push(this.target('kubernetes-pods', pod, port, { path: a['prometheus.io/path'] }, defaultInterval, { job: 'kubernetes-pods' }));
            }
        }
        return out;
    }
    target(pool, pod, port, ep, interval, extra) {
        const instance = `${pod.status.podIP}:${port}`;
        const container = (pod.spec?.containers ?? []).find((c) => (c.ports ?? []).some((p) => p.containerPort === port))?.name;
        const path = ep.path || '/metrics';
        return {
            key: `${pool}/${pod.metadata.namespace}/${pod.metadata.name}/${port}`,
            scrapePool: pool,
            pod,
            port,
            path,
            labels: { instance, namespace: pod.metadata.namespace, pod: pod.metadata.name, ...(container ? { container } : {}), ...extra },
            discovered: {
                __address__: instance,
                __metrics_path__: path,
                __scheme__: 'http',
                __meta_kubernetes_namespace: pod.metadata.namespace,
                __meta_kubernetes_pod_name: pod.metadata.name,
                job: pool
            },
            interval: String(ep.interval ?? interval),
            honorLabels: Boolean(ep.honorLabels)
        };
    }
    scrape(t) {
        const now = this.ctx.clock.now();
        const state = this.states.get(t.key) ?? { health: 'unknown', lastError: '' };
        this.states.set(t.key, state);
        const res = this.network.toPod(t.pod, t.port, makeRequest('GET', t.path, { accept: 'text/plain;version=0.0.4', 'user-agent': 'Prometheus/3.5.0' }));
        for (const [k, s] of this.series)
            if (s.target === t.key)
                this.series.delete(k);
        state.lastScrape = now;
        const up = res !== undefined && res.status === 200;
        state.health = up ? 'up' : 'down';
        state.lastError = up ? '' : res ? `server returned HTTP status ${res.status}` : `Get "http://${t.labels.instance}${t.path}": dial tcp ${t.labels.instance}: connect: connection refused`;
        this.put({ name: 'up', labels: t.labels, value: up ? 1 : 0 }, t, now);
        if (!up)
            return;
        for (const s of parseExposition(res.body.toString())) {
            const labels = { ...s.labels };
            for (const [k, v] of Object.entries(t.labels)) {
                if (labels[k] !== undefined && !t.honorLabels)
                    labels[`exported_${k}`] = labels[k];
                if (labels[k] === undefined || !t.honorLabels)
                    labels[k] = v;
            }
            this.put({ name: s.name, labels, value: s.value }, t, now);
        }
    }
    put(s, t, at) {
        const key = `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`;
        this.series.set(key, { ...s, at, target: t.key });
    }
    /** The latest sample of every series seen within the lookback window. */
    samples() {
        const since = this.ctx.clock.now() - LOOKBACK_MS;
        return Array.from(this.series.values())
            .filter(s => s.at >= since)
            .map(({ name, labels, value }) => ({ name, labels, value }));
    }
    /** Active targets as `/api/v1/targets` lists them. */
    activeTargets() {
        return this.targets.map(t => {
            const s = this.states.get(t.key);
            return {
                discoveredLabels: t.discovered,
                labels: t.labels,
                scrapePool: t.scrapePool,
                scrapeUrl: `http://${t.labels.instance}${t.path}`,
                globalUrl: `http://${t.labels.instance}${t.path}`,
                lastError: s?.lastError ?? '',
                lastScrape: s?.lastScrape ? new Date(s.lastScrape).toISOString() : '0001-01-01T00:00:00Z',
                lastScrapeDuration: s?.lastScrape ? 0.004 : 0,
                health: s?.health ?? 'unknown',
                scrapeInterval: t.interval,
                scrapeTimeout: '10s'
            };
        });
    }
}
function matchesLabels(selector, labels) {
    return Boolean(selector && Object.keys(selector).length) && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}
function hasNamedPort(pod, name) {
    return (pod.spec?.containers ?? []).some((c) => (c.ports ?? []).some((p) => p.name === name));
}
function copyLabels(names, from) {
    const out = {};
    for (const n of Array.isArray(names) ? names : [])
        if (typeof n === 'string' && from?.[n] !== undefined)
            out[n] = from[n];
    return out;
}
/** Starts a scraper per Prometheus handler of the scenario; returns the stop function. */
function startPrometheusScrapers(ctx, network) {
    const stops = (ctx.handlers ?? []).filter(h => h.type === 'prometheus').map(h => new PrometheusScraper(ctx, h, network).start());
    return () => {
        for (const s of stops)
            s();
    };
}

;// CONCATENATED MODULE: ./src/sim/net/gateway.ts
/**
 * A Gateway API data plane as Envoy Gateway programs it: requests reaching a Gateway's envoy
 * pods are matched against the HTTPRoutes attached to the Gateway's listeners (hostnames, path
 * Exact/PathPrefix/RegularExpression, exact or regex header matches, query parameters, method,
 * with the Gateway API's precedence between rules), then sent to one backendRef picked by weight
 * (a seeded random draw per rule, so runs repeat) — a Service's ready endpoints, or an
 * InferencePool's pods chosen by its endpoint picker. No matching rule: 404, as Envoy answers.
 *
 * Handler options: `controllerName` (the GatewayClass controller implemented), and for broken
 * variants `ignoreWeights` (backends picked uniformly), `ignoreHeaderMatch` (header matches are
 * not applied, so the first of otherwise equal rules takes every request) and
 * `inferencePoolSupport: false` (InferencePool backends are not accepted).
 */


const GW = 'gateway.networking.k8s.io';
const INF = 'inference.networking.k8s.io';
const OWNING_NAME = 'gateway.envoyproxy.io/owning-gateway-name';
const OWNING_NAMESPACE = 'gateway.envoyproxy.io/owning-gateway-namespace';
function gatewayOptions(spec) {
    const o = spec.options ?? {};
    return {
        controllerName: String(o.controllerName ?? 'gateway.envoyproxy.io/gatewayclass-controller'),
        ignoreWeights: o.ignoreWeights === true,
        ignoreHeaderMatch: o.ignoreHeaderMatch === true,
        inferencePoolSupport: o.inferencePoolSupport !== false
    };
}
/** The port an envoy container listens on for a listener port (privileged ports shifted by 10000). */
function containerPortFor(listenerPort) {
    return listenerPort < 1024 ? listenerPort + 10000 : listenerPort;
}
/** Whether a hostname pattern (`*.example.com` or exact) matches a host. */
function hostMatches(pattern, host) {
    const p = pattern.toLowerCase();
    const h = host.toLowerCase();
    if (p.startsWith('*.'))
        return h.endsWith(p.slice(1)) && h.length > p.length - 1;
    return p === h;
}
/** Whether a listener hostname and a route hostname have any host in common. */
function hostnamesIntersect(a, b) {
    if (!a || !b)
        return true;
    if (!a.startsWith('*.') && !b.startsWith('*.'))
        return a.toLowerCase() === b.toLowerCase();
    if (a.startsWith('*.') && b.startsWith('*.'))
        return a.endsWith(b.slice(1)) || b.endsWith(a.slice(1));
    return a.startsWith('*.') ? hostMatches(a, b) : hostMatches(b, a);
}
const routeNamespace = (ref, route) => ref.namespace ?? route.metadata.namespace;
/** Whether a parentRef of a route names this Gateway. */
function refersTo(ref, route, gw) {
    return ((ref.group ?? GW) === GW &&
        (ref.kind ?? 'Gateway') === 'Gateway' &&
        ref.name === gw.metadata.name &&
        routeNamespace(ref, route) === gw.metadata.namespace);
}
/** Whether a Gateway's listeners accept a route through one parentRef, and which listeners. */
function attachment(store, gw, route, ref) {
    const listeners = (gw.spec?.listeners ?? []).filter((l) => (ref.sectionName === undefined || l.name === ref.sectionName) && (ref.port === undefined || l.port === ref.port));
    const allowed = listeners.filter(l => {
        if (!['HTTP', 'HTTPS'].includes(l.protocol))
            return false;
        const kinds = l.allowedRoutes?.kinds;
        if (Array.isArray(kinds) && kinds.length && !kinds.some((k) => k.kind === 'HTTPRoute'))
            return false;
        const from = l.allowedRoutes?.namespaces?.from ?? 'Same';
        if (from === 'All')
            return true;
        if (from === 'Same')
            return route.metadata.namespace === gw.metadata.namespace;
        const ns = store.get('', 'namespaces', undefined, route.metadata.namespace);
        const sel = l.allowedRoutes?.namespaces?.selector ?? {};
        return Object.entries(sel.matchLabels ?? {}).every(([k, v]) => ns?.metadata.labels?.[k] === v);
    });
    if (!allowed.length) {
        return { ok: false, reason: 'NotAllowedByListeners', message: 'No listeners included by this parent ref allowed this attachment.', listeners: [] };
    }
    const hostnames = route.spec?.hostnames ?? [];
    const matching = allowed.filter(l => !hostnames.length || hostnames.some(h => hostnamesIntersect(l.hostname, h)));
    if (!matching.length) {
        return {
            ok: false,
            reason: 'NoMatchingListenerHostname',
            message: "There were no hostname intersections between the HTTPRoute and this parent ref's Listener(s).",
            listeners: []
        };
    }
    return { ok: true, reason: 'Accepted', message: 'Route is accepted', listeners: matching };
}
const headerValue = (req, name) => req.headers[name.toLowerCase()];
function fullMatch(pattern, value) {
    try {
        return new RegExp(`^(?:${pattern})$`).test(value);
    }
    catch {
        return false;
    }
}
function pathMatches(match, path) {
    const type = match?.type ?? 'PathPrefix';
    const value = match?.value ?? '/';
    if (type === 'Exact')
        return { ok: path === value, exact: true, length: value.length };
    if (type === 'RegularExpression')
        return { ok: fullMatch(value, path), exact: false, length: value.length };
    const prefix = value.replace(/\/+$/, '');
    const ok = prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
    return { ok, exact: false, length: value.length };
}
/** Deterministic pseudo-random number in [0, 1) from a seed. */
function unit(seed) {
    return (0,external_node_crypto_.createHash)('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;
}
const response = (status, body = '', headers = {}) => ({
    status,
    headers: { server: 'envoy', ...(body ? { 'content-type': 'text/plain' } : {}), ...headers },
    body
});
/** The envoy pods of Gateways implemented by this handler, answering on their listeners' ports. */
function gatewayDataPlane(ctx, network, spec) {
    const opts = gatewayOptions(spec);
    const draws = new Map();
    /** pod uid → requests the endpoint picker sent it. */
    const picked = new Map();
    const { store } = ctx;
    function routeRequest(gw, port, req) {
        const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
        const listeners = (gw.spec?.listeners ?? []).filter((l) => containerPortFor(l.port) === port && ['HTTP', 'HTTPS'].includes(l.protocol) && (!l.hostname || hostMatches(l.hostname, host)));
        if (!listeners.length)
            return response(404);
        if (store.typeOf(INF, 'inferencepools') && !headerValue(req, 'x-gateway-model-name'))
            bodyBasedRouting(req);
        const candidates = [];
        for (const route of store.list(GW, 'httproutes')) {
            const refs = (route.spec?.parentRefs ?? []).filter((r) => refersTo(r, route, gw));
            const attached = refs.map((r) => attachment(store, gw, route, r)).filter((a) => a.ok);
            const names = new Set(listeners.map((l) => l.name));
            if (!attached.some((a) => a.listeners.some(l => names.has(l.name))))
                continue;
            const hostnames = route.spec?.hostnames ?? [];
            const hostHit = hostnames.length ? hostnames.filter(h => hostMatches(h, host)) : [''];
            if (!hostHit.length)
                continue;
            const exactHost = Math.max(...hostHit.map(h => (h && !h.startsWith('*.') ? h.length : 0)));
            const anyHost = Math.max(...hostHit.map(h => h.length));
            (route.spec?.rules ?? []).forEach((rule, ri) => {
                const matches = rule.matches?.length ? rule.matches : [{}];
                matches.forEach((m, mi) => {
                    const p = pathMatches(m.path, req.path);
                    if (!p.ok)
                        return;
                    if (m.method && m.method !== req.method)
                        return;
                    const headers = opts.ignoreHeaderMatch ? [] : (m.headers ?? []);
                    for (const h of headers) {
                        const v = headerValue(req, h.name);
                        if (v === undefined || ((h.type ?? 'Exact') === 'Exact' ? v !== h.value : !fullMatch(h.value, v)))
                            return;
                    }
                    for (const q of m.queryParams ?? []) {
                        const v = req.query.get(q.name);
                        if (v === null || ((q.type ?? 'Exact') === 'Exact' ? v !== q.value : !fullMatch(q.value, v)))
                            return;
                    }
                    candidates.push({
                        route,
                        ruleIndex: ri,
                        matchIndex: mi,
                        rule,
                        score: [exactHost, anyHost, p.exact ? 1 : 0, p.length, m.method ? 1 : 0, headers.length, (m.queryParams ?? []).length]
                    });
                });
            });
        }
        if (!candidates.length)
            return response(404);
        candidates.sort((a, b) => {
            for (let i = 0; i < a.score.length; i++)
                if (a.score[i] !== b.score[i])
                    return b.score[i] - a.score[i];
            const age = (a.route.metadata.creationTimestamp ?? '').localeCompare(b.route.metadata.creationTimestamp ?? '');
            if (age)
                return age;
            const name = `${a.route.metadata.namespace}/${a.route.metadata.name}`.localeCompare(`${b.route.metadata.namespace}/${b.route.metadata.name}`);
            return name || a.ruleIndex - b.ruleIndex || a.matchIndex - b.matchIndex;
        });
        const best = candidates[0];
        return forward(best.route, best.ruleIndex, best.rule, withHeaderFilters(best.rule, req));
    }
    function forward(route, ruleIndex, rule, req) {
        const refs = rule.backendRefs ?? [];
        const weighted = opts.ignoreWeights ? refs.map(r => ({ r, w: 1 })) : refs.map(r => ({ r, w: r.weight ?? 1 })).filter(x => x.w > 0);
        const total = weighted.reduce((s, x) => s + x.w, 0);
        if (!total)
            return response(500);
        const key = `${route.metadata.namespace}/${route.metadata.name}/${ruleIndex}`;
        const n = draws.get(key) ?? 0;
        draws.set(key, n + 1);
        let x = unit(`${key}/${n}`) * total;
        const choice = weighted.find(b => (x -= b.w) < 0)?.r ?? weighted[weighted.length - 1].r;
        const ns = choice.namespace ?? route.metadata.namespace;
        const upstream = {
            ...req,
            headers: { ...req.headers, 'x-forwarded-proto': 'http', 'x-envoy-external-address': '10.244.0.1', 'x-request-id': requestId(key, n) }
        };
        let answer;
        if ((choice.group ?? '') === INF && choice.kind === 'InferencePool') {
            const pool = store.get(INF, 'inferencepools', ns, choice.name);
            if (!pool || !opts.inferencePoolSupport)
                return response(500);
            const endpoint = pickPoolEndpoint(pool, upstream);
            if (endpoint === 'unavailable')
                return response(500, 'ext_proc error');
            if (!endpoint)
                return response(503, 'no healthy upstream');
            answer = network.toPod(endpoint.pod, endpoint.port, upstream);
        }
        else {
            if ((choice.group ?? '') !== '' || (choice.kind ?? 'Service') !== 'Service')
                return response(500);
            const svc = store.get('', 'services', ns, choice.name);
            if (!svc)
                return response(500);
            const sp = network.servicePort(svc, choice.port);
            const ep = sp && network.pickEndpoint(svc, sp);
            if (!ep)
                return response(503, 'no healthy upstream');
            answer = network.toPod(ep.pod, ep.port, upstream);
        }
        if (!answer)
            return response(503, 'upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused');
        return { ...answer, headers: { ...(answer.headers ?? {}), server: 'envoy', 'x-envoy-upstream-service-time': '1' } };
    }
    /**
     * The endpoint picker of an InferencePool: the pod a `test-epp-endpoint-selection` header names
     * (as the conformance picker honours), otherwise the ready pod that got the fewest requests.
     * 'unavailable' when the picker's Service has no ready endpoint and the pool fails closed.
     */
    function pickPoolEndpoint(pool, req) {
        const ns = pool.metadata.namespace;
        const port = Number(pool.spec?.targetPorts?.[0]?.number ?? 8000);
        const sel = pool.spec?.selector?.matchLabels ?? {};
        const pods = store
            .list('', 'pods', ns)
            .filter(p => Object.keys(sel).length && Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v) && p.status?.phase === 'Running' && isPodReady(p))
            .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
        const epp = pool.spec?.endpointPickerRef;
        const eppSvc = epp?.name ? store.get('', 'services', ns, epp.name) : undefined;
        const eppUp = Boolean(eppSvc && network.endpoints(eppSvc, network.servicePort(eppSvc, epp.port?.number ?? epp.portNumber ?? 9002) ?? eppSvc.spec?.ports?.[0]).length);
        if (!eppUp && (epp?.failureMode ?? 'FailClose') === 'FailClose')
            return 'unavailable';
        if (!pods.length)
            return undefined;
        const wanted = (headerValue(req, 'test-epp-endpoint-selection') ?? '').split(',').map(s => s.trim()).filter(Boolean);
        const named = pods.find(p => wanted.includes(p.status.podIP) || wanted.includes(`${p.status.podIP}:${port}`));
        const pod = named ?? pods.reduce((a, b) => ((picked.get(b.metadata.uid) ?? 0) < (picked.get(a.metadata.uid) ?? 0) ? b : a));
        picked.set(pod.metadata.uid, (picked.get(pod.metadata.uid) ?? 0) + 1);
        return { pod, port };
    }
    return (pod, port) => {
        if (pod.metadata.namespace !== spec.namespace || pod.metadata.labels?.['app.kubernetes.io/managed-by'] !== 'envoy-gateway')
            return undefined;
        const name = pod.metadata.labels?.[OWNING_NAME];
        const ns = pod.metadata.labels?.[OWNING_NAMESPACE];
        const gw = name && ns ? store.get(GW, 'gateways', ns, name) : undefined;
        if (!gw || !(gw.spec?.listeners ?? []).some((l) => containerPortFor(l.port) === port))
            return undefined;
        return req => routeRequest(gw, port, req);
    };
}
/** RequestHeaderModifier filters of a rule (set, add, remove), applied before forwarding. */
function withHeaderFilters(rule, req) {
    const headers = { ...req.headers };
    for (const f of rule.filters ?? []) {
        if (f.type !== 'RequestHeaderModifier')
            continue;
        const m = f.requestHeaderModifier ?? {};
        for (const h of m.set ?? [])
            headers[h.name.toLowerCase()] = h.value;
        for (const h of m.add ?? [])
            headers[h.name.toLowerCase()] = headers[h.name.toLowerCase()] ? `${headers[h.name.toLowerCase()]},${h.value}` : h.value;
        for (const n of m.remove ?? [])
            delete headers[String(n).toLowerCase()];
    }
    return { ...req, headers };
}
/** Body-based routing: the OpenAI request's `model` becomes the X-Gateway-Model-Name header before routes are matched. */
function bodyBasedRouting(req) {
    if (!req.body.length || !/json/.test(req.headers['content-type'] ?? 'application/json'))
        return;
    try {
        const model = JSON.parse(req.body.toString('utf8'))?.model;
        if (typeof model === 'string' && model)
            req.headers['x-gateway-model-name'] = model;
    }
    catch {
        // Not JSON: nothing to route on.
    }
}
function requestId(key, n) {
    const h = (0,external_node_crypto_.createHash)('sha256').update(`${key}#${n}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

;// CONCATENATED MODULE: ./src/sim/net/servers.ts
const METRICS_STUB_MARKER = 'ai_conformance_inference_requests_total';
const servers_text = (status, body, type = 'text/plain; charset=utf-8') => ({ status, headers: { 'content-type': type }, body });
const servers_json = (status, body) => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
/** An argument value given as `--name=value`, `--name value`, `-name=value` or `-name value`. */
function flagValue(argv, ...names) {
    for (let i = 0; i < argv.length; i++) {
        for (const n of names) {
            if (argv[i] === n)
                return argv[i + 1];
            if (argv[i].startsWith(`${n}=`))
                return argv[i].slice(n.length + 1);
        }
    }
    return undefined;
}
/** A container's environment: literal values and the pod fields (fieldRef) the downward API gives. */
function containerEnv(pod, c) {
    const out = {};
    for (const e of c.env ?? []) {
        if (typeof e.value === 'string')
            out[e.name] = e.value;
        const path = e.valueFrom?.fieldRef?.fieldPath;
        if (path === 'metadata.name')
            out[e.name] = pod.metadata.name;
        else if (path === 'metadata.namespace')
            out[e.name] = pod.metadata.namespace;
        else if (path === 'status.podIP')
            out[e.name] = pod.status?.podIP ?? '';
        else if (path === 'spec.nodeName')
            out[e.name] = pod.spec?.nodeName ?? '';
    }
    return out;
}
/** Which server a container runs, and on which port. */
function programOf(pod, c) {
    const image = c.image ?? '';
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    const env = containerEnv(pod, c);
    const firstPort = (c.ports ?? [])[0]?.containerPort;
    if (/(^|\/)agnhost(:|@|$)/.test(image) && argv.includes('netexec')) {
        return { kind: 'netexec', port: Number(flagValue(argv, '--http-port') ?? 8080), container: c };
    }
    if (/(^|\/)(echo-basic|echoserver)(:|@|$)/.test(image))
        return { kind: 'echo-basic', port: Number(env.PORT ?? 3000), container: c };
    if (/(^|\/)http-echo(:|@|$)/.test(image)) {
        const listen = flagValue(argv, '-listen', '--listen') ?? ':5678';
        return { kind: 'http-echo', port: Number(listen.split(':').pop()), container: c };
    }
    if (/(^|\/)(llm-d-inference-sim|vllm-sim)(:|@|$)/.test(image))
        return { kind: 'model-server', port: Number(flagValue(argv, '--port') ?? 8000), container: c };
    if (/(^|\/)nginx(-unprivileged)?(:|@|$)/.test(image))
        return { kind: 'nginx', port: image.includes('unprivileged') ? 8080 : 80, container: c };
    const py = argv.findIndex(a => /(^|\/)python3?(\.\d+)?$/.test(a));
    const script = py >= 0 ? argv[argv.indexOf('-c', py) + 1] : undefined;
    if (script && script.includes(METRICS_STUB_MARKER)) {
        return { kind: 'metrics-stub', port: Number(env.PORT ?? firstPort ?? 8080), container: c };
    }
    return undefined;
}
function runningRestarts(pod, name) {
    const s = (pod.status?.containerStatuses ?? []).find((x) => x.name === name);
    return s?.state?.running ? (s.restartCount ?? 0) : undefined;
}
/** The resolver for container programs; state (counters) is kept per container run. */
function programServers(ctx) {
    const state = new Map();
    return (pod, port) => {
        for (const c of pod.spec?.containers ?? []) {
            const p = programOf(pod, c);
            if (!p || p.port !== port)
                continue;
            const restarts = runningRestarts(pod, c.name);
            if (restarts === undefined)
                return undefined;
            const key = `${pod.metadata.uid}/${c.name}/${restarts}`;
            if (!state.has(key))
                state.set(key, {});
            return serve(ctx, pod, p, state.get(key));
        }
        return undefined;
    };
}
function serve(ctx, pod, p, st) {
    const env = containerEnv(pod, p.container);
    const name = pod.spec?.hostname ?? pod.metadata.name;
    switch (p.kind) {
        case 'netexec':
            return req => netexec(ctx, name, req);
        case 'echo-basic':
            return req => servers_json(200, {
                path: req.path + (req.query.toString() ? `?${req.query}` : ''),
                host: req.headers.host ?? '',
                method: req.method,
                proto: 'HTTP/1.1',
                headers: canonicalHeaders(req.headers),
                namespace: env.NAMESPACE ?? '',
                ingress: env.INGRESS_NAME ?? '',
                service: env.SERVICE_NAME ?? '',
                pod: env.POD_NAME ?? ''
            });
        case 'http-echo': {
            const argv = [...(p.container.command ?? []), ...(p.container.args ?? [])];
            const body = `${flagValue(argv, '-text', '--text') ?? 'hello-world'}\n`;
            return req => (req.path === '/health' ? servers_json(200, { status: 'ok' }) : servers_text(200, body));
        }
        case 'nginx':
            return req => req.path === '/' || req.path === '/index.html'
                ? servers_text(200, '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n', 'text/html')
                : servers_text(404, '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n', 'text/html');
        case 'metrics-stub':
            return req => metricsStub(env.RUN_ID ?? env.CONFORMANCE_RUN ?? '', req, st);
        case 'model-server':
            return req => modelServer(ctx, p, req, st);
    }
}
function netexec(ctx, hostname, req) {
    switch (req.path) {
        case '/hostname':
        case '/hostName':
            return servers_text(200, hostname);
        case '/healthz':
            return servers_text(200, '');
        case '/clientip':
            return servers_text(200, `${req.headers['x-forwarded-for']?.split(',')[0]?.trim() || '10.244.0.1'}:${40000 + (ctx.clock.now() % 20000)}`);
        case '/echo': {
            const code = req.query.get('code');
            return servers_text(code && /^\d+$/.test(code) ? Number(code) : 200, req.query.get('msg') ?? '');
        }
        default: {
            const d = new Date(ctx.clock.now());
            const go = `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)}.${String(d.getUTCMilliseconds()).padStart(3, '0')}000000 +0000 UTC`;
            return servers_text(200, `NOW: ${go}`);
        }
    }
}
/** Header names as Go canonicalises them (x-model-version → X-Model-Version), values as lists. */
function canonicalHeaders(h) {
    const out = {};
    for (const [k, v] of Object.entries(h)) {
        if (k === 'host')
            continue;
        out[k.replace(/(^|-)([a-z])/g, (_m, d, c) => d + c.toUpperCase())] = [v];
    }
    return out;
}
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];
/** A request's simulated latency: the stub sleeps 10 ms. */
const INFER_SECONDS = 0.0102;
function metricsStub(run, req, st) {
    st.count ??= 0;
    if (req.path === '/healthz')
        return servers_text(200, 'ok', 'text/plain');
    if (req.path === '/metrics') {
        const lbl = `conformance_run="${run}"`;
        const n = st.count;
        const lines = [
            '# HELP ai_conformance_inference_requests_total Total inference requests served.',
            '# TYPE ai_conformance_inference_requests_total counter',
            `ai_conformance_inference_requests_total{${lbl}} ${n}`,
            '# HELP ai_conformance_inference_request_duration_seconds Inference request latency.',
            '# TYPE ai_conformance_inference_request_duration_seconds histogram',
            ...BUCKETS.map(le => `ai_conformance_inference_request_duration_seconds_bucket{${lbl},le="${le}"} ${INFER_SECONDS <= le ? n : 0}`),
            `ai_conformance_inference_request_duration_seconds_bucket{${lbl},le="+Inf"} ${n}`,
            `ai_conformance_inference_request_duration_seconds_sum{${lbl}} ${(n * INFER_SECONDS).toFixed(6)}`,
            `ai_conformance_inference_request_duration_seconds_count{${lbl}} ${n}`,
            '# HELP ai_conformance_inference_queue_depth Requests currently queued or in flight.',
            '# TYPE ai_conformance_inference_queue_depth gauge',
            `ai_conformance_inference_queue_depth{${lbl}} 0`
        ];
        return servers_text(200, `${lines.join('\n')}\n`, 'text/plain; version=0.0.4; charset=utf-8');
    }
    if (req.path.startsWith('/v1/infer')) {
        st.count += 1;
        return servers_json(200, { output: 'ok' });
    }
    return servers_text(404, 'not found', 'text/plain');
}
function modelServer(ctx, p, req, st) {
    const argv = [...(p.container.command ?? []), ...(p.container.args ?? [])];
    const model = flagValue(argv, '--model') ?? 'sim-model';
    st.requests ??= 0;
    const created = Math.floor(ctx.clock.now() / 1000);
    if (req.path === '/health' || req.path === '/ready')
        return servers_text(200, '');
    if (req.path === '/v1/models')
        return servers_json(200, { object: 'list', data: [{ id: model, object: 'model', created, owned_by: 'vllm', root: model, parent: null }] });
    if (req.path === '/metrics') {
        return servers_text(200, [
            '# HELP vllm:num_requests_running Number of requests currently running on GPU.',
            '# TYPE vllm:num_requests_running gauge',
            `vllm:num_requests_running{model_name="${model}"} 0`,
            '# HELP vllm:num_requests_waiting Number of requests waiting to be processed.',
            '# TYPE vllm:num_requests_waiting gauge',
            `vllm:num_requests_waiting{model_name="${model}"} 0`,
            '# HELP vllm:gpu_cache_usage_perc GPU KV-cache usage. 1 means 100 percent usage.',
            '# TYPE vllm:gpu_cache_usage_perc gauge',
            `vllm:gpu_cache_usage_perc{model_name="${model}"} 0`,
            '# HELP vllm:request_success_total Count of successfully processed requests.',
            '# TYPE vllm:request_success_total counter',
            `vllm:request_success_total{finished_reason="stop",model_name="${model}"} ${st.requests}`
        ].join('\n') + '\n', 'text/plain; version=0.0.4; charset=utf-8');
    }
    const chat = req.path === '/v1/chat/completions';
    if (req.method === 'POST' && (chat || req.path === '/v1/completions')) {
        let body;
        try {
            body = JSON.parse(req.body.toString('utf8') || '{}');
        }
        catch {
            return servers_json(400, { error: { message: 'invalid JSON body', type: 'BadRequestError', code: 400 } });
        }
        if (body.model && body.model !== model) {
            return servers_json(404, { error: { message: `The model \`${body.model}\` does not exist.`, type: 'NotFoundError', param: 'model', code: 404 } });
        }
        st.requests += 1;
        const id = `${chat ? 'chatcmpl' : 'cmpl'}-${st.requests}`;
        const usage = { prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 };
        return servers_json(200, chat
            ? { id, object: 'chat.completion', created, model, choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the simulator.' }, finish_reason: 'stop' }], usage }
            : { id, object: 'text_completion', created, model, choices: [{ index: 0, text: ' Hello from the simulator.', finish_reason: 'stop' }], usage });
    }
    return servers_text(404, '{"detail":"Not Found"}', 'application/json');
}

;// CONCATENATED MODULE: ./src/sim/pods/gfd.ts

function gfdLabels(ctx, node, current) {
    const gpus = ctx.hardware.gpus(node);
    if (!gpus.length || current['nvidia.com/gpu.present'] !== 'true')
        return {};
    const m = gpus[0].model;
    const [major, minor, rev] = m.driverVersion.split('.');
    const [cudaMajor, cudaMinor] = m.cudaDriverVersion.split('.');
    const out = {
        'nvidia.com/cuda.driver-version.major': major,
        'nvidia.com/cuda.driver-version.minor': minor,
        'nvidia.com/cuda.driver-version.revision': rev ?? '0',
        'nvidia.com/cuda.driver-version.full': m.driverVersion,
        'nvidia.com/cuda.driver.major': major,
        'nvidia.com/cuda.driver.minor': minor,
        'nvidia.com/cuda.driver.rev': rev ?? '0',
        'nvidia.com/cuda.runtime-version.major': cudaMajor,
        'nvidia.com/cuda.runtime-version.minor': cudaMinor ?? '0',
        'nvidia.com/cuda.runtime-version.full': m.cudaDriverVersion,
        'nvidia.com/cuda.runtime.major': cudaMajor,
        'nvidia.com/cuda.runtime.minor': cudaMinor ?? '0'
    };
    const mig = gpus.filter(g => g.mig);
    if (mig.length) {
        out['nvidia.com/mig.capable'] = 'true';
        out['nvidia.com/mig.strategy'] = 'mixed';
        for (const p of new Set(mig.map(g => g.mig.profile))) {
            out[`nvidia.com/mig-${p}.count`] = String(mig.filter(g => g.mig.profile === p).reduce((s, g) => s + g.mig.count, 0));
        }
    }
    const plugin = ctx.devicePlugins.find(d => d.resource === 'nvidia.com/gpu');
    if (plugin) {
        const replicas = plugin.replicas ?? 1;
        out['nvidia.com/gpu.replicas'] = String(replicas);
        out['nvidia.com/gpu.sharing-strategy'] = replicas > 1 ? 'time-slicing' : 'none';
        const product = (current['nvidia.com/gpu.product'] ?? m.product.replace(/ /g, '-')).replace(/-SHARED$/, '');
        out['nvidia.com/gpu.product'] = replicas > 1 ? `${product}-SHARED` : product;
    }
    return out;
}
function startGpuFeatureDiscovery(ctx) {
    const { store } = ctx;
    const queue = new WorkQueue(ctx.clock, name => {
        const node = store.get('', 'nodes', undefined, name);
        if (!node)
            return;
        const labels = node.metadata.labels ?? {};
        const want = gfdLabels(ctx, name, labels);
        if (Object.entries(want).every(([k, v]) => labels[k] === v))
            return;
        store.update({ ...node, metadata: { ...node.metadata, labels: { ...labels, ...want } } });
    });
    for (const n of store.list('', 'nodes'))
        queue.add(n.metadata.name);
    const unsubscribe = store.onChange(c => {
        if (c.rtype.group === '' && c.rtype.resource === 'nodes' && c.type !== 'DELETED')
            queue.add(c.object.metadata.name);
    });
    return () => {
        unsubscribe();
        queue.stop();
    };
}

;// CONCATENATED MODULE: ./src/sim/defaults.ts
/**
 * Defaulting the apiserver does on create (type defaults and the strategies' PrepareForCreate):
 * a pod starts Pending with its QoS class, workloads get replicas 1, a Service gets a cluster IP,
 * a Job its controller-uid selector, and status a client sent is dropped where the real
 * strategy drops it. Exported so behaviours creating objects straight in the store can use it.
 */

/** Types whose create strategy resets status (set by controllers, not by clients). */
const RESET_STATUS = new Set([
    'apps/deployments',
    'apps/replicasets',
    'apps/statefulsets',
    'apps/daemonsets',
    'batch/jobs',
    'batch/cronjobs',
    'autoscaling/horizontalpodautoscalers',
    'policy/poddisruptionbudgets',
    'resource.k8s.io/resourceclaims',
    'apiregistration.k8s.io/apiservices',
    'apiextensions.k8s.io/customresourcedefinitions',
    '/services',
    '/persistentvolumeclaims'
]);
const serviceIps = new WeakMap();
function nextClusterIp(store) {
    const n = (serviceIps.get(store) ?? 10) + 1;
    serviceIps.set(store, n);
    return `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}
function podSpecDefaults(spec) {
    if (!spec || typeof spec !== 'object')
        return;
    spec.restartPolicy ??= 'Always';
    spec.terminationGracePeriodSeconds ??= 30;
    spec.dnsPolicy ??= 'ClusterFirst';
    spec.securityContext ??= {};
    spec.schedulerName ??= 'default-scheduler';
    spec.enableServiceLinks ??= true;
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
    spec.priority ??= 0;
    if (spec.serviceAccountName === undefined && spec.serviceAccount === undefined)
        spec.serviceAccountName = 'default';
    spec.serviceAccountName ??= spec.serviceAccount;
    for (const list of ['initContainers', 'containers']) {
        for (const c of Array.isArray(spec[list]) ? spec[list] : []) {
            if (!c || typeof c !== 'object')
                continue;
            const image = String(c.image ?? '');
            const tagged = /:[^/]+$/.test(image) || image.includes('@');
            c.imagePullPolicy ??= !tagged || image.endsWith(':latest') ? 'Always' : 'IfNotPresent';
            c.terminationMessagePath ??= '/dev/termination-log';
            c.terminationMessagePolicy ??= 'File';
            c.resources ??= {};
            // Limits without requests: requests default to the limits.
            if (c.resources.limits && typeof c.resources.limits === 'object') {
                c.resources.requests = { ...c.resources.limits, ...(c.resources.requests ?? {}) };
            }
            for (const p of Array.isArray(c.ports) ? c.ports : [])
                if (p && typeof p === 'object')
                    p.protocol ??= 'TCP';
        }
    }
}
/** BestEffort, Burstable or Guaranteed, from cpu and memory requests and limits. */
function defaults_qosClass(spec) {
    const containers = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
    let any = false;
    let guaranteed = containers.length > 0;
    for (const c of containers) {
        const req = c?.resources?.requests ?? {};
        const lim = c?.resources?.limits ?? {};
        for (const r of ['cpu', 'memory']) {
            if (req[r] !== undefined || lim[r] !== undefined)
                any = true;
            if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r])))
                guaranteed = false;
        }
    }
    if (!any)
        return 'BestEffort';
    return guaranteed ? 'Guaranteed' : 'Burstable';
}
/**
 * Applies create-time defaults in place. Returns the uid to create the object with when the
 * defaults needed it (a Job's selector names its own uid).
 */
function applyCreateDefaults(store, t, obj) {
    const key = `${t.group}/${t.resource}`;
    if (RESET_STATUS.has(key))
        delete obj.status;
    const meta = obj.metadata;
    switch (key) {
        case '/namespaces':
            if (meta.name)
                meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name };
            break;
        case '/pods': {
            obj.spec ??= {};
            podSpecDefaults(obj.spec);
            obj.spec.tolerations ??= [];
            // DefaultTolerationSeconds admission.
            for (const taint of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
                if (!obj.spec.tolerations.some((x) => x?.key === taint || (x?.operator === 'Exists' && !x?.key))) {
                    obj.spec.tolerations.push({
                        key: taint,
                        operator: 'Exists',
                        effect: 'NoExecute',
                        tolerationSeconds: 300
                    });
                }
            }
            obj.status = { phase: 'Pending', qosClass: defaults_qosClass(obj.spec) };
            break;
        }
        case '/services': {
            obj.spec ??= {};
            const s = obj.spec;
            s.type ??= 'ClusterIP';
            s.sessionAffinity ??= 'None';
            if (s.type !== 'ExternalName') {
                if (s.clusterIP === undefined || s.clusterIP === '')
                    s.clusterIP = nextClusterIp(store);
                s.clusterIPs ??= [s.clusterIP];
                s.ipFamilies ??= s.clusterIP === 'None' ? ['IPv4'] : ['IPv4'];
                s.ipFamilyPolicy ??= 'SingleStack';
                s.internalTrafficPolicy ??= 'Cluster';
            }
            for (const p of Array.isArray(s.ports) ? s.ports : []) {
                if (!p || typeof p !== 'object')
                    continue;
                p.protocol ??= 'TCP';
                p.targetPort ??= p.port;
            }
            obj.status = { loadBalancer: {} };
            break;
        }
        case '/secrets':
            obj.type ??= 'Opaque';
            break;
        case '/persistentvolumeclaims':
            obj.status = { phase: 'Pending' };
            break;
        case 'apps/deployments':
            obj.spec ??= {};
            obj.spec.replicas ??= 1;
            obj.spec.revisionHistoryLimit ??= 10;
            obj.spec.progressDeadlineSeconds ??= 600;
            obj.spec.strategy ??= {
                type: 'RollingUpdate',
                rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }
            };
            podSpecDefaults(obj.spec.template?.spec);
            break;
        case 'apps/replicasets':
        case 'apps/statefulsets':
            obj.spec ??= {};
            obj.spec.replicas ??= 1;
            podSpecDefaults(obj.spec.template?.spec);
            break;
        case 'apps/daemonsets':
            obj.spec ??= {};
            obj.spec.updateStrategy ??= {
                type: 'RollingUpdate',
                rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }
            };
            podSpecDefaults(obj.spec.template?.spec);
            break;
        case 'batch/jobs': {
            obj.spec ??= {};
            const s = obj.spec;
            s.parallelism ??= 1;
            s.completions ??= 1;
            s.backoffLimit ??= 6;
            s.completionMode ??= 'NonIndexed';
            s.suspend ??= false;
            podSpecDefaults(s.template?.spec);
            if (!s.manualSelector) {
                const uid = (0,external_node_crypto_.randomUUID)();
                const labels = {
                    'batch.kubernetes.io/controller-uid': uid,
                    'batch.kubernetes.io/job-name': meta.name ?? '',
                    'controller-uid': uid,
                    'job-name': meta.name ?? ''
                };
                s.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
                s.template ??= {};
                s.template.metadata = {
                    ...(s.template.metadata ?? {}),
                    labels: { ...(s.template.metadata?.labels ?? {}), ...labels }
                };
                return { uid };
            }
            break;
        }
    }
    return {};
}

;// CONCATENATED MODULE: ./src/sim/controllers/gateway.ts
/**
 * A Gateway API controller as Envoy Gateway runs it: for each Gateway of a GatewayClass naming
 * its controller (and Accepted), it creates the envoy proxy Deployment and LoadBalancer Service in
 * its own namespace, named `envoy-<gateway namespace>-<gateway name>-<8 hex of sha256>` and
 * labelled `gateway.envoyproxy.io/owning-gateway-name` / `-namespace` (listener port 80 → container
 * port 10080), and reports the Gateway Accepted, then Programmed with the Service's address once
 * an envoy replica is ready. HTTPRoutes get one status.parents entry per parentRef to such a
 * Gateway (Accepted, ResolvedRefs, controllerName); InferencePools referenced by an accepted
 * route's backendRefs get one status.parents entry per Gateway (Accepted, ResolvedRefs). The
 * controller only acts while its own pod runs ready. Infrastructure of deleted Gateways is removed.
 */






const PROXY_LABELS = { 'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway' };
/** The name Envoy Gateway gives a Gateway's proxy Deployment and Service. */
function envoyResourceName(namespace, name) {
    const nsName = `${namespace}/${name}`;
    const hash = (0,external_node_crypto_.createHash)('sha256').update(nsName).digest('hex').slice(0, 8);
    const base = nsName.replace(/\//g, '-');
    return `envoy-${base.length > 48 ? base.slice(0, 48).replace(/-+$/, '') : base}-${hash}`;
}
/** Conditions with observedGeneration, keeping lastTransitionTime while the status holds. */
function conditions(prev, next, generation, now) {
    return next.map(c => {
        const p = (prev ?? []).find(x => x.type === c.type);
        return {
            type: c.type,
            status: c.status,
            reason: c.reason,
            message: c.message,
            observedGeneration: generation ?? 1,
            lastTransitionTime: p && p.status === c.status ? p.lastTransitionTime : now
        };
    });
}
function startGatewayController(ctx, spec) {
    const { store } = ctx;
    const opts = gatewayOptions(spec);
    const queue = new WorkQueue(ctx.clock, reconcile, 0, (_k, e) => ctx.warn(`gateway controller ${spec.name}: ${e.message}`));
    const image = String(spec.options?.proxyImage ?? 'docker.io/envoyproxy/envoy:distroless-v1.35.0');
    const running = () => store
        .list('', 'pods', spec.namespace)
        .some(p => Object.entries(spec.podLabels ?? {}).every(([k, v]) => p.metadata.labels?.[k] === v) && p.status?.phase === 'Running' && isPodReady(p));
    const ours = (gw) => {
        const cls = store.get(GW, 'gatewayclasses', undefined, gw.spec?.gatewayClassName ?? '');
        return Boolean(cls && cls.spec?.controllerName === opts.controllerName && getCondition(cls, 'Accepted')?.status === 'True');
    };
    function reconcile() {
        if (!store.typeOf(GW, 'gateways') || !running())
            return;
        const gateways = store.list(GW, 'gateways').filter(g => !g.metadata.deletionTimestamp && ours(g));
        const keep = new Set(gateways.map(g => envoyResourceName(g.metadata.namespace, g.metadata.name)));
        for (const kind of ['deployments', 'services']) {
            const group = kind === 'deployments' ? 'apps' : '';
            for (const o of store.list(group, kind, spec.namespace)) {
                if (o.metadata.labels?.[OWNING_NAME] && !keep.has(o.metadata.name))
                    store.delete(group, kind, spec.namespace, o.metadata.name);
            }
        }
        const routes = store.typeOf(GW, 'httproutes') ? store.list(GW, 'httproutes') : [];
        for (const gw of gateways) {
            ensureInfra(gw);
            writeGatewayStatus(gw, routes);
        }
        for (const r of routes)
            writeRouteStatus(r);
        if (store.typeOf(INF, 'inferencepools'))
            for (const pool of store.list(INF, 'inferencepools'))
                writePoolStatus(pool, routes);
    }
    function ensureInfra(gw) {
        const ns = gw.metadata.namespace;
        const name = gw.metadata.name;
        const resource = envoyResourceName(ns, name);
        const labels = { ...PROXY_LABELS, [OWNING_NAME]: name, [OWNING_NAMESPACE]: ns };
        const listeners = gw.spec?.listeners ?? [];
        const ports = Array.from(new Map(listeners.map(l => [l.port, l])).values()).map(l => ({
            name: `${String(l.protocol ?? 'HTTP').toLowerCase()}-${l.port}`,
            port: l.port,
            targetPort: containerPortFor(l.port),
            protocol: 'TCP'
        }));
        const template = {
            metadata: { labels, annotations: { 'prometheus.io/path': '/stats/prometheus', 'prometheus.io/port': '19001', 'prometheus.io/scrape': 'true' } },
            spec: {
                serviceAccountName: resource,
                containers: [
                    {
                        name: 'envoy',
                        image,
                        command: ['envoy'],
                        args: ['--service-cluster', resource, '--service-node', '$(ENVOY_POD_NAME)', '--config-yaml', '<bootstrap>', '--log-level', 'warn'],
                        ports: [...ports.map(p => ({ name: p.name, containerPort: p.targetPort, protocol: 'TCP' })), { name: 'metrics', containerPort: 19001, protocol: 'TCP' }],
                        resources: { requests: { cpu: '100m', memory: '512Mi' } }
                    },
                    { name: 'shutdown-manager', image: 'docker.io/envoyproxy/gateway:v1.5.0', command: ['envoy-gateway'], args: ['envoy', 'shutdown-manager'] }
                ]
            }
        };
        const deployment = store.get('apps', 'deployments', spec.namespace, resource);
        if (!deployment) {
            const d = {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                metadata: { name: resource, namespace: spec.namespace, labels },
                spec: { replicas: 1, selector: { matchLabels: labels }, template }
            };
            applyCreateDefaults(store, store.typeOf('apps', 'deployments'), d);
            store.create(d);
        }
        else if (JSON.stringify(deployment.spec?.template?.spec?.containers?.[0]?.ports) !== JSON.stringify(template.spec.containers[0].ports)) {
            store.update({ ...deployment, spec: { ...deployment.spec, template } });
        }
        const svc = store.get('', 'services', spec.namespace, resource);
        if (!svc) {
            const s = {
                apiVersion: 'v1',
                kind: 'Service',
                metadata: { name: resource, namespace: spec.namespace, labels },
                spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', selector: labels, ports, sessionAffinity: 'None' }
            };
            applyCreateDefaults(store, store.typeOf('', 'services'), s);
            store.create(s);
        }
        else if (JSON.stringify(svc.spec?.ports) !== JSON.stringify(ports)) {
            store.update({ ...svc, spec: { ...svc.spec, ports } });
        }
    }
    function writeGatewayStatus(gw, routes) {
        const resource = envoyResourceName(gw.metadata.namespace, gw.metadata.name);
        const svc = store.get('', 'services', spec.namespace, resource);
        const ips = (svc?.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname).filter(Boolean);
        const ready = store
            .list('', 'pods', spec.namespace)
            .filter(p => p.metadata.labels?.[OWNING_NAME] === gw.metadata.name && p.metadata.labels?.[OWNING_NAMESPACE] === gw.metadata.namespace && isPodReady(p)).length;
        const programmed = !ips.length
            ? { type: 'Programmed', status: 'False', reason: 'AddressNotAssigned', message: 'No addresses have been assigned to the Gateway' }
            : !ready
                ? { type: 'Programmed', status: 'False', reason: 'NoResources', message: 'Envoy replicas unavailable' }
                : { type: 'Programmed', status: 'True', reason: 'Programmed', message: `Address assigned to the Gateway, ${ready}/1 envoy replicas available` };
        const now = store.timestamp();
        const gen = gw.metadata.generation;
        const listeners = (gw.spec?.listeners ?? []).map((l) => {
            const attached = routes.filter(r => (r.spec?.parentRefs ?? []).some((ref) => refersTo(ref, r, gw) && attachment(store, gw, r, ref).listeners.some((x) => x.name === l.name))).length;
            const prev = (gw.status?.listeners ?? []).find((x) => x.name === l.name);
            return {
                name: l.name,
                supportedKinds: [
                    { group: GW, kind: 'HTTPRoute' },
                    { group: GW, kind: 'GRPCRoute' }
                ],
                attachedRoutes: attached,
                conditions: conditions(prev?.conditions, [
                    { type: 'Programmed', status: 'True', reason: 'Programmed', message: 'Sending translated listener configuration to the data plane' },
                    { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Listener has been successfully translated' },
                    { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'Listener references have been resolved' }
                ], gen, now)
            };
        });
        const status = {
            ...(ips.length ? { addresses: ips.map(ip => ({ type: /^[\d.]+$/.test(ip) ? 'IPAddress' : 'Hostname', value: ip })) } : {}),
            conditions: conditions(gw.status?.conditions, [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: 'The Gateway has been scheduled by Envoy Gateway' }, programmed], gen, now),
            listeners
        };
        write(GW, 'gateways', gw, status);
    }
    /** Why a backendRef does not resolve, or undefined when it does. */
    function backendProblem(route, ri, bi, ref) {
        const ns = ref.namespace ?? route.metadata.namespace;
        const at = `Failed to process route rule ${ri} backendRef ${bi}`;
        const group = ref.group ?? '';
        const kind = ref.kind ?? 'Service';
        if (group === '' && kind === 'Service') {
            if (!store.get('', 'services', ns, ref.name))
                return { reason: 'BackendNotFound', message: `${at}: service ${ns}/${ref.name} not found.` };
            return undefined;
        }
        if (group === INF && kind === 'InferencePool' && opts.inferencePoolSupport) {
            if (!store.typeOf(INF, 'inferencepools') || !store.get(INF, 'inferencepools', ns, ref.name)) {
                return { reason: 'BackendNotFound', message: `${at}: InferencePool ${ns}/${ref.name} not found.` };
            }
            return undefined;
        }
        return { reason: 'InvalidKind', message: `${at}: ${kind} is not supported as a backendRef kind.` };
    }
    function writeRouteStatus(route) {
        const now = store.timestamp();
        const mine = [];
        for (const ref of route.spec?.parentRefs ?? []) {
            if ((ref.group ?? GW) !== GW || (ref.kind ?? 'Gateway') !== 'Gateway')
                continue;
            const gw = store.get(GW, 'gateways', ref.namespace ?? route.metadata.namespace, ref.name);
            if (!gw || !ours(gw))
                continue;
            const att = attachment(store, gw, route, ref);
            let problem;
            (route.spec?.rules ?? []).forEach((rule, ri) => (rule.backendRefs ?? []).forEach((b, bi) => {
                problem ??= backendProblem(route, ri, bi, b);
            }));
            const parentRef = { group: GW, kind: 'Gateway', name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}), ...(ref.sectionName ? { sectionName: ref.sectionName } : {}), ...(ref.port ? { port: ref.port } : {}) };
            const prev = (route.status?.parents ?? []).find((p) => p.controllerName === opts.controllerName && JSON.stringify(p.parentRef) === JSON.stringify(parentRef));
            mine.push({
                parentRef,
                controllerName: opts.controllerName,
                conditions: conditions(prev?.conditions, [
                    { type: 'Accepted', status: att.ok ? 'True' : 'False', reason: att.reason, message: att.message },
                    problem
                        ? { type: 'ResolvedRefs', status: 'False', ...problem }
                        : { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'Resolved all the Object references for the Route' }
                ], route.metadata.generation, now)
            });
        }
        const others = (route.status?.parents ?? []).filter((p) => p.controllerName !== opts.controllerName);
        if (!mine.length && others.length === (route.status?.parents ?? []).length)
            return;
        write(GW, 'httproutes', route, { ...(route.status ?? {}), parents: [...others, ...mine] });
    }
    function writePoolStatus(pool, routes) {
        const now = store.timestamp();
        const parents = new Map();
        for (const r of routes) {
            const uses = (r.spec?.rules ?? []).some((rule) => (rule.backendRefs ?? []).some((b) => (b.group ?? '') === INF && b.kind === 'InferencePool' && b.name === pool.metadata.name && (b.namespace ?? r.metadata.namespace) === pool.metadata.namespace));
            if (!uses)
                continue;
            for (const ref of r.spec?.parentRefs ?? []) {
                const gw = store.get(GW, 'gateways', ref.namespace ?? r.metadata.namespace, ref.name);
                if (!gw || !refersTo(ref, r, gw) || !ours(gw))
                    continue;
                const key = `${gw.metadata.namespace}/${gw.metadata.name}`;
                const ok = attachment(store, gw, r, ref).ok;
                parents.set(key, { gw, routeAccepted: ok || Boolean(parents.get(key)?.routeAccepted) });
            }
        }
        const ourKeys = new Set(store
            .list(GW, 'gateways')
            .filter(ours)
            .map(g => `${g.metadata.namespace}/${g.metadata.name}`));
        const others = (pool.status?.parents ?? []).filter((p) => !ourKeys.has(`${p.parentRef?.namespace}/${p.parentRef?.name}`));
        const epp = pool.spec?.endpointPickerRef;
        const eppFound = Boolean(epp?.name && (epp.kind ?? 'Service') === 'Service' && store.get('', 'services', pool.metadata.namespace, epp.name));
        const mine = Array.from(parents.values()).map(({ gw, routeAccepted }) => {
            const parentRef = { group: GW, kind: 'Gateway', name: gw.metadata.name, namespace: gw.metadata.namespace };
            const prev = (pool.status?.parents ?? []).find((p) => p.parentRef?.name === gw.metadata.name && p.parentRef?.namespace === gw.metadata.namespace);
            const accepted = !opts.inferencePoolSupport
                ? { type: 'Accepted', status: 'False', reason: 'NotSupportedByParent', message: `InferencePool is not supported by ${opts.controllerName}` }
                : routeAccepted
                    ? { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'InferencePool has been accepted by the parent Gateway' }
                    : { type: 'Accepted', status: 'False', reason: 'HTTPRouteNotAccepted', message: 'The HTTPRoute referencing this InferencePool is not accepted by the parent Gateway' };
            const resolved = eppFound
                ? { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'Resolved the endpoint picker reference' }
                : { type: 'ResolvedRefs', status: 'False', reason: 'InvalidExtensionRef', message: `Endpoint picker Service ${pool.metadata.namespace}/${epp?.name ?? ''} not found` };
            return { parentRef, conditions: conditions(prev?.conditions, [accepted, resolved], pool.metadata.generation, now) };
        });
        if (!mine.length && others.length === (pool.status?.parents ?? []).length)
            return;
        write(INF, 'inferencepools', pool, { ...(pool.status ?? {}), parents: [...others, ...mine] });
    }
    function write(group, resource, obj, status) {
        if (JSON.stringify(status) === JSON.stringify(obj.status ?? {}))
            return;
        const cur = store.get(group, resource, obj.metadata.namespace, obj.metadata.name);
        if (cur)
            store.update({ ...cur, status }, { subresource: 'status' });
    }
    const watched = new Set([`${GW}/gateways`, `${GW}/httproutes`, `${GW}/gatewayclasses`, `${GW}/referencegrants`, `${INF}/inferencepools`, '/services', '/namespaces']);
    const unsubscribe = store.onChange(c => {
        const k = `${c.rtype.group}/${c.rtype.resource}`;
        if (watched.has(k) || ((k === '/pods' || k === 'apps/deployments') && c.object.metadata.namespace === spec.namespace))
            queue.add('*');
    });
    queue.add('*');
    return () => {
        unsubscribe();
        queue.stop();
    };
}

;// CONCATENATED MODULE: ./src/sim/handlers/webhooks.ts
/**
 * Admission webhooks of simulated operators, called as the API server calls them: for every
 * (Mutating, then Validating) WebhookConfiguration entry whose name has a simulated
 * implementation and whose rules, object selector and namespace selector match the request. The
 * call needs the configured Service to have a ready endpoint; otherwise, with failurePolicy Fail,
 * the request fails as the API server words it (`failed calling webhook "…": failed to call
 * webhook: Post "https://svc.ns.svc:443/path?timeout=10s": no endpoints available for service
 * "svc"`). A denial reads `admission webhook "…" denied the request: …` with the webhook's code.
 * Dry-run requests are sent only to webhooks whose sideEffects are None or NoneOnDryRun.
 */



const registries = new WeakMap();
/** Makes a webhook (by its name in a webhook configuration) answer with this implementation. */
function registerWebhook(ctx, name, impl) {
    if (!registries.has(ctx))
        registries.set(ctx, new Map());
    registries.get(ctx).set(name, impl);
}
/** A denial as controller-runtime answers for a validator error: 403 Forbidden with the error text. */
function denied(message) {
    return { allowed: false, code: 403, reason: 'Forbidden', message };
}
function ruleMatches(rule, req) {
    const version = req.object.apiVersion.includes('/') ? req.object.apiVersion.split('/')[1] : req.object.apiVersion;
    const resource = req.subresource ? `${req.rtype.resource}/${req.subresource}` : req.rtype.resource;
    const has = (list, v) => Array.isArray(list) && (list.includes('*') || list.includes(v));
    return has(rule.apiGroups, req.rtype.group) && has(rule.apiVersions, version) && has(rule.resources, resource) && has(rule.operations, req.operation);
}
/** The simulated webhooks as one admission plugin (mutating first, then validating). */
function webhookAdmission(ctx) {
    const { store } = ctx;
    return req => {
        const impls = registries.get(ctx);
        if (!impls?.size)
            return;
        let object = req.object;
        for (const kind of ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations']) {
            if (!store.typeOf('admissionregistration.k8s.io', kind))
                continue;
            for (const cfg of store.list('admissionregistration.k8s.io', kind)) {
                for (const wh of cfg.webhooks ?? []) {
                    const impl = impls.get(wh.name);
                    if (!impl || !(wh.rules ?? []).some((r) => ruleMatches(r, req)))
                        continue;
                    if (wh.objectSelector && !matchesSelector(wh.objectSelector, object.metadata.labels ?? {}))
                        continue;
                    if (wh.namespaceSelector && object.metadata.namespace) {
                        const ns = store.get('', 'namespaces', undefined, object.metadata.namespace);
                        if (!matchesSelector(wh.namespaceSelector, ns?.metadata.labels ?? {}))
                            continue;
                    }
                    if (req.dryRun && !['None', 'NoneOnDryRun'].includes(wh.sideEffects)) {
                        throw new errors_StatusError(400, 'BadRequest', `admission webhook "${wh.name}" does not support dry run`);
                    }
                    const unreachable = reachProblem(ctx, wh);
                    if (unreachable) {
                        if ((wh.failurePolicy ?? 'Fail') === 'Ignore')
                            continue;
                        throw internalError(`failed calling webhook "${wh.name}": failed to call webhook: ${unreachable}`);
                    }
                    const verdict = impl({ ...req, object });
                    if (!verdict.allowed) {
                        throw new errors_StatusError(verdict.code, verdict.reason, `admission webhook "${wh.name}" denied the request: ${verdict.message}`, verdict.details);
                    }
                    if (verdict.object && kind === 'mutatingwebhookconfigurations')
                        object = verdict.object;
                }
            }
        }
        return object === req.object ? undefined : object;
    };
}
/** Why the API server cannot reach a webhook's Service, or undefined when it can. */
function reachProblem(ctx, wh) {
    const ref = wh.clientConfig?.service;
    if (!ref)
        return undefined;
    const port = ref.port ?? 443;
    const url = `Post "https://${ref.name}.${ref.namespace}.svc:${port}${ref.path ?? ''}?timeout=${wh.timeoutSeconds ?? 10}s"`;
    const svc = ctx.store.get('', 'services', ref.namespace, ref.name);
    if (!svc)
        return `${url}: service "${ref.name}" not found`;
    const net = ctx.network;
    const sp = net?.servicePort(svc, port);
    if (!net || !sp || !net.endpoints(svc, sp).length)
        return `${url}: no endpoints available for service "${ref.name}"`;
    return undefined;
}
/** What the simulated API server adds to its admission chain for the AI stack. */
function aiAdmission(ctx) {
    return [runtimeClassAdmission(ctx.store), webhookAdmission(ctx)];
}

;// CONCATENATED MODULE: ./src/sim/controllers/kuberay.ts
/**
 * The KubeRay operator (ray.io/v1): a RayCluster gets a head pod (`<cluster>-head-<suffix>`), a
 * head Service (`<cluster>-head-svc`: gcs-server 6379, dashboard 8265, client 10001, metrics 8080)
 * and its worker groups' pods (`<cluster>-<group>-worker-<suffix>`), all labelled ray.io/cluster,
 * ray.io/node-type, ray.io/group and owned by the RayCluster; once every pod runs ready its status
 * is `state: ready` with HeadPodReady and RayClusterProvisioned conditions. A RayJob gets a
 * RayCluster `<job>-raycluster-<suffix>` (`jobDeploymentStatus: Initializing`), then a submitter
 * Job `<job>` running `ray job submit … --submission-id <job>-<suffix> -- <entrypoint>` (Running,
 * jobStatus RUNNING), and ends Complete/SUCCEEDED (or Failed/FAILED) with the submitter; with
 * shutdownAfterJobFinishes its cluster is deleted after ttlSecondsAfterFinished.
 *
 * Webhooks (with the kuberay-webhooks add-on's configuration): `vraycluster.kb.io` rejects
 * duplicate worker group names as KubeRay's RayCluster validator does (422 Invalid:
 * `RayCluster.ray.io "<name>" is invalid: spec.workerGroupSpecs[i]: Invalid value:
 * v1.WorkerGroupSpec{…}: worker group names must be unique`); vrayjob, vrayservice and mpod admit.
 *
 * Handler options: `reconcile: false` (broken: the operator runs but never reconciles) and
 * `webhookAdmitsAll: true` (broken: the webhook admits every spec).
 */









const RAY = 'ray.io';
const COMPONENT = 'raycluster-controller';
const HEAD_PORTS = [
    { name: 'gcs-server', containerPort: 6379 },
    { name: 'dashboard', containerPort: 8265 },
    { name: 'client', containerPort: 10001 },
    { name: 'metrics', containerPort: 8080 }
];
/** A pointer as Go's %#v prints it: stable per seed, shaped like a heap address. */
function goPointer(type, seed) {
    return `(*${type})(0xc000${(0,external_node_crypto_.createHash)('sha256').update(seed).digest('hex').slice(0, 6)})`;
}
/** A WorkerGroupSpec as apimachinery's field.Invalid prints a struct value (%#v); the pod template is abbreviated. */
function goWorkerGroup(name, i, g) {
    const int = (v, f) => (v === undefined ? '(*int32)(nil)' : goPointer('int32', `${name}/${i}/${f}`));
    const params = Object.entries(g.rayStartParams ?? {})
        .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(String(v))}`)
        .join(', ');
    return (`v1.WorkerGroupSpec{Suspend:(*bool)(nil), GroupName:${JSON.stringify(g.groupName ?? '')}, Replicas:${int(g.replicas, 'replicas')}, ` +
        `MinReplicas:${int(g.minReplicas, 'min')}, MaxReplicas:${int(g.maxReplicas, 'max')}, IdleTimeoutSeconds:(*int32)(nil), ` +
        `RayStartParams:map[string]string{${params}}, Template:v1.PodTemplateSpec{...}, ScaleStrategy:v1.ScaleStrategy{WorkersToDelete:[]string(nil)}, NumOfHosts:${g.numOfHosts ?? 1}}`);
}
/** KubeRay's RayCluster validation (worker group names unique), as the webhook answers it. */
function validateRayCluster(rc) {
    const seen = new Set();
    const groups = rc.spec?.workerGroupSpecs ?? [];
    for (let i = 0; i < groups.length; i++) {
        const g = groups[i];
        if (seen.has(g?.groupName)) {
            const field = `spec.workerGroupSpecs[${i}]`;
            const detail = `Invalid value: ${goWorkerGroup(rc.metadata.name ?? '', i, g)}: worker group names must be unique`;
            return {
                allowed: false,
                code: 422,
                reason: 'Invalid',
                message: `RayCluster.ray.io "${rc.metadata.name}" is invalid: ${field}: ${detail}`,
                details: { name: rc.metadata.name, group: RAY, kind: 'RayCluster', causes: [{ reason: 'FieldValueInvalid', message: detail, field }] }
            };
        }
        seen.add(g?.groupName);
    }
    return { allowed: true };
}
const sumResource = (pods, name) => pods.reduce((s, spec) => s + (spec?.containers ?? []).reduce((t, c) => t + (milli(c.resources?.limits?.[name] ?? c.resources?.requests?.[name]) || 0), 0), 0);
function startKubeRay(ctx, spec) {
    const { store } = ctx;
    const opts = { reconcile: spec.options?.reconcile !== false, admitAll: spec.options?.webhookAdmitsAll === true };
    const warn = (k, e) => ctx.warn(`kuberay-operator: ${k}: ${e.message}`);
    const clusters = new WorkQueue(ctx.clock, reconcileCluster, 0, warn);
    const jobs = new WorkQueue(ctx.clock, reconcileJob, 0, warn);
    const timers = new Map();
    registerWebhook(ctx, 'vraycluster.kb.io', req => (opts.admitAll || req.operation === 'DELETE' ? { allowed: true } : validateRayCluster(req.object)));
    for (const name of ['vrayjob.kb.io', 'vrayservice.kb.io', 'mpod.kb.io'])
        registerWebhook(ctx, name, () => ({ allowed: true }));
    const active = () => opts.reconcile &&
        store
            .list('', 'pods', spec.namespace)
            .some(p => Object.entries(spec.podLabels ?? {}).every(([k, v]) => p.metadata.labels?.[k] === v) && p.status?.phase === 'Running' && isPodReady(p));
    const split = (k) => [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)];
    const podsOf = (ns, cluster) => store.list('', 'pods', ns).filter(p => p.metadata.labels?.['ray.io/cluster'] === cluster && !p.metadata.deletionTimestamp);
    function rayLabels(cluster, type, group, extra = {}) {
        return {
            ...extra,
            'ray.io/cluster': cluster,
            'ray.io/node-type': type,
            'ray.io/group': group,
            'ray.io/identifier': `${cluster}-${type}`,
            'ray.io/is-ray-node': 'yes',
            'app.kubernetes.io/name': 'kuberay',
            'app.kubernetes.io/created-by': 'kuberay-operator'
        };
    }
    function rayPod(rc, type, group, template, name) {
        const start = type === 'head'
            ? `ulimit -n 65536; ray start --head --block --dashboard-host=0.0.0.0 --metrics-export-port=8080 --dashboard-agent-listen-port=52365`
            : `ulimit -n 65536; ray start --block --address=${rc.metadata.name}-head-svc.${rc.metadata.namespace}.svc.cluster.local:6379 --metrics-export-port=8080`;
        const containers = (template?.spec?.containers ?? []).map((c, i) => i === 0
            ? {
                ...c,
                command: ['/bin/bash', '-c', '--'],
                args: [start],
                ports: type === 'head' ? [...(c.ports ?? []), ...HEAD_PORTS.filter(p => !(c.ports ?? []).some((x) => x.containerPort === p.containerPort))] : c.ports,
                env: [...(c.env ?? []), { name: 'RAY_CLUSTER_NAME', value: rc.metadata.name }, { name: 'RAY_PORT', value: '6379' }]
            }
            : c);
        return podFromTemplate(rc, { ...template, spec: { ...(template?.spec ?? {}), containers } }, name, {
            labels: rayLabels(rc.metadata.name, type, group, template?.metadata?.labels)
        });
    }
    function reconcileCluster(k) {
        const [ns, name] = split(k);
        const rc = store.get(RAY, 'rayclusters', ns, name);
        if (!rc || rc.metadata.deletionTimestamp || !active())
            return;
        const pods = podsOf(ns, name);
        const head = pods.filter(p => p.metadata.labels?.['ray.io/node-type'] === 'head' && !isTerminal(p));
        if (!head.length) {
            const podName = `${name}-head-${derivedSuffix(`${rc.metadata.uid}/head/${pods.length}`)}`;
            store.create(rayPod(rc, 'head', 'headgroup', rc.spec?.headGroupSpec?.template, podName));
            ctx.events.record(rc, 'Normal', 'CreatedHeadPod', `Created head Pod ${ns}/${podName}`, { component: COMPONENT });
        }
        const svcName = `${name}-head-svc`;
        if (!store.get('', 'services', ns, svcName)) {
            const svc = {
                apiVersion: 'v1',
                kind: 'Service',
                metadata: {
                    name: svcName,
                    namespace: ns,
                    labels: { 'ray.io/cluster': name, 'ray.io/node-type': 'head', 'ray.io/identifier': `${name}-head`, 'app.kubernetes.io/name': 'kuberay', 'app.kubernetes.io/created-by': 'kuberay-operator' },
                    ownerReferences: [ownerRef(rc)]
                },
                spec: { selector: { 'ray.io/cluster': name, 'ray.io/node-type': 'head' }, ports: HEAD_PORTS.map(p => ({ name: p.name, port: p.containerPort, targetPort: p.containerPort, protocol: 'TCP' })) }
            };
            applyCreateDefaults(store, store.typeOf('', 'services'), svc);
            store.create(svc);
            ctx.events.record(rc, 'Normal', 'CreatedService', `Created service ${ns}/${svcName}`, { component: COMPONENT });
        }
        const groups = rc.spec?.workerGroupSpecs ?? [];
        for (const g of groups) {
            const want = rc.spec?.suspend || g.suspend ? 0 : (g.replicas ?? g.minReplicas ?? 0) * (g.numOfHosts ?? 1);
            const mine = pods.filter(p => p.metadata.labels?.['ray.io/node-type'] === 'worker' && p.metadata.labels?.['ray.io/group'] === g.groupName && !isTerminal(p));
            for (let i = mine.length; i < want; i++) {
                const podName = `${name}-${g.groupName}-worker-${derivedSuffix(`${rc.metadata.uid}/${g.groupName}/${i}/${pods.length}`)}`;
                store.create(rayPod(rc, 'worker', g.groupName, g.template, podName));
                ctx.events.record(rc, 'Normal', 'CreatedWorkerPod', `Created worker Pod ${ns}/${podName}`, { component: COMPONENT });
            }
            for (const extra of mine.slice(want))
                store.delete('', 'pods', ns, extra.metadata.name);
        }
        writeClusterStatus(rc, groups);
    }
    function writeClusterStatus(rc, groups) {
        const ns = rc.metadata.namespace;
        const name = rc.metadata.name;
        const pods = podsOf(ns, name);
        const head = pods.find(p => p.metadata.labels?.['ray.io/node-type'] === 'head' && !isTerminal(p));
        const workers = pods.filter(p => p.metadata.labels?.['ray.io/node-type'] === 'worker' && !isTerminal(p));
        const readyWorkers = workers.filter(p => p.status?.phase === 'Running' && isPodReady(p)).length;
        const perGroup = (g) => (rc.spec?.suspend || g.suspend ? 0 : (g.replicas ?? g.minReplicas ?? 0) * (g.numOfHosts ?? 1));
        const desired = groups.reduce((s, g) => s + perGroup(g), 0);
        const headReady = Boolean(head && head.status?.phase === 'Running' && isPodReady(head));
        const allReady = headReady && readyWorkers >= desired;
        const now = store.timestamp();
        const prev = rc.status ?? {};
        const cond = (type, ok, reason, message) => {
            const p = (prev.conditions ?? []).find((c) => c.type === type);
            return { type, status: ok ? 'True' : 'False', reason, message, lastTransitionTime: p && p.status === (ok ? 'True' : 'False') ? p.lastTransitionTime : now };
        };
        const provisioned = allReady || getCondition(rc, 'RayClusterProvisioned')?.status === 'True';
        const specs = [rc.spec?.headGroupSpec?.template?.spec, ...groups.flatMap(g => Array(perGroup(g)).fill(g.template?.spec))];
        const svc = store.get('', 'services', ns, `${name}-head-svc`);
        const status = {
            ...((allReady || prev.state === 'ready') ? { state: 'ready' } : {}),
            desiredCPU: formatQuantity(sumResource(specs, 'cpu')),
            desiredGPU: formatQuantity(sumResource(specs, 'nvidia.com/gpu')),
            desiredMemory: formatQuantity(sumResource(specs, 'memory'), 'memory'),
            desiredTPU: '0',
            desiredWorkerReplicas: desired,
            minWorkerReplicas: groups.reduce((s, g) => s + (g.minReplicas ?? 0), 0),
            maxWorkerReplicas: groups.reduce((s, g) => s + (g.maxReplicas ?? 0), 0),
            availableWorkerReplicas: readyWorkers,
            readyWorkerReplicas: readyWorkers,
            endpoints: { client: '10001', dashboard: '8265', 'gcs-server': '6379', metrics: '8080' },
            head: {
                ...(head?.status?.podIP ? { podIP: head.status.podIP } : {}),
                ...(head ? { podName: head.metadata.name } : {}),
                ...(svc?.spec?.clusterIP ? { serviceIP: svc.spec.clusterIP } : {}),
                serviceName: `${name}-head-svc`
            },
            conditions: [
                cond('HeadPodReady', headReady, headReady ? 'HeadPodRunningAndReady' : 'HeadPodNotReady', headReady ? '' : 'the head Pod is not running and ready'),
                cond('RayClusterProvisioned', provisioned, provisioned ? 'AllPodRunningAndReadyFirstTime' : 'RayClusterPodsProvisioning', provisioned ? 'All Ray Pods are ready for the first time' : 'RayCluster Pods are being provisioned for first time')
            ],
            observedGeneration: rc.metadata.generation ?? 1
        };
        const { lastUpdateTime: _t, ...before } = prev;
        if (JSON.stringify(before) === JSON.stringify(status))
            return;
        store.update({ ...rc, status: { ...status, lastUpdateTime: now } }, { subresource: 'status' });
    }
    function reconcileJob(k) {
        const [ns, name] = split(k);
        const job = store.get(RAY, 'rayjobs', ns, name);
        if (!job || job.metadata.deletionTimestamp || !active())
            return;
        const st = job.status ?? {};
        const now = store.timestamp();
        const write = (s) => {
            const cur = store.get(RAY, 'rayjobs', ns, name);
            const next = { ...(cur.status ?? {}), ...s };
            if (JSON.stringify(next) !== JSON.stringify(cur.status ?? {}))
                store.update({ ...cur, status: next }, { subresource: 'status' });
        };
        if (['Complete', 'Failed'].includes(st.jobDeploymentStatus))
            return finishCluster(job);
        if (!st.rayClusterName) {
            const clusterName = `${name}-raycluster-${derivedSuffix(`${job.metadata.uid}/cluster`)}`;
            const jobId = `${name}-${derivedSuffix(`${job.metadata.uid}/submission`)}`;
            if (!store.get(RAY, 'rayclusters', ns, clusterName)) {
                store.create({
                    apiVersion: `${RAY}/v1`,
                    kind: 'RayCluster',
                    metadata: {
                        name: clusterName,
                        namespace: ns,
                        labels: { 'ray.io/originated-from-crd': 'RayJob', 'ray.io/originated-from-cr-name': name },
                        ownerReferences: [ownerRef(job)]
                    },
                    spec: structuredClone(job.spec?.rayClusterSpec ?? {})
                });
                ctx.events.record(job, 'Normal', 'CreatedRayCluster', `Created RayCluster ${ns}/${clusterName}`, { component: 'rayjob-controller' });
            }
            write({
                jobId,
                rayClusterName: clusterName,
                dashboardURL: `${clusterName}-head-svc.${ns}.svc.cluster.local:8265`,
                jobDeploymentStatus: 'Initializing',
                startTime: now,
                observedGeneration: job.metadata.generation ?? 1
            });
            return;
        }
        const rc = store.get(RAY, 'rayclusters', ns, st.rayClusterName);
        if (!rc || rc.status?.state !== 'ready')
            return;
        const submitter = store.get('batch', 'jobs', ns, name);
        if (!submitter) {
            const headImage = rc.spec?.headGroupSpec?.template?.spec?.containers?.[0]?.image ?? 'rayproject/ray:2.46.0';
            const address = `http://${st.rayClusterName}-head-svc.${ns}.svc.cluster.local:8265`;
            const runtimeEnv = job.spec?.runtimeEnvYAML ? ['--runtime-env-json', '{}'] : [];
            const entrypoint = job.spec?.entrypoint ?? '';
            const j = {
                apiVersion: 'batch/v1',
                kind: 'Job',
                metadata: { name, namespace: ns, labels: { 'app.kubernetes.io/created-by': 'kuberay-operator', 'ray.io/originated-from-crd': 'RayJob', 'ray.io/originated-from-cr-name': name }, ownerReferences: [ownerRef(job)] },
                spec: {
                    backoffLimit: job.spec?.submitterConfig?.backoffLimit ?? 2,
                    template: {
                        metadata: { labels: { 'ray.io/originated-from-crd': 'RayJob' } },
                        spec: {
                            restartPolicy: 'Never',
                            containers: [
                                {
                                    name: 'ray-job-submitter',
                                    image: headImage,
                                    command: ['ray', 'job', 'submit', '--address', address, ...runtimeEnv, '--submission-id', st.jobId, '--', ...entrypoint.split(/\s+/).filter(Boolean)],
                                    env: [{ name: 'RAY_DASHBOARD_ADDRESS', value: address }, { name: 'RAY_JOB_SUBMISSION_ID', value: st.jobId }],
                                    resources: { requests: { cpu: '500m', memory: '200Mi' }, limits: { cpu: '1', memory: '1Gi' } }
                                }
                            ]
                        }
                    }
                }
            };
            const { uid } = applyCreateDefaults(store, store.typeOf('batch', 'jobs'), j);
            store.create(j, { uid });
            ctx.events.record(job, 'Normal', 'CreatedK8sJob', `Created k8s Job ${ns}/${name}`, { component: 'rayjob-controller' });
            write({ jobDeploymentStatus: 'Running', jobStatus: 'RUNNING', rayClusterStatus: rc.status });
            return;
        }
        const complete = getCondition(submitter, 'Complete')?.status === 'True';
        const failed = getCondition(submitter, 'Failed')?.status === 'True';
        if (complete || failed) {
            write({
                jobDeploymentStatus: complete ? 'Complete' : 'Failed',
                jobStatus: complete ? 'SUCCEEDED' : 'FAILED',
                message: complete ? 'Job finished successfully.' : `Job ${st.jobId} failed`,
                endTime: now,
                ...(complete ? { succeeded: 1 } : { failed: 1, reason: 'AppFailed' })
            });
            return finishCluster(store.get(RAY, 'rayjobs', ns, name));
        }
        write({ jobDeploymentStatus: 'Running', jobStatus: 'RUNNING' });
    }
    /** shutdownAfterJobFinishes: the job's RayCluster goes after ttlSecondsAfterFinished. */
    function finishCluster(job) {
        if (!job.spec?.shutdownAfterJobFinishes || !job.status?.rayClusterName)
            return;
        const ns = job.metadata.namespace;
        const key = `${ns}/${job.status.rayClusterName}`;
        if (timers.has(key) || !store.get(RAY, 'rayclusters', ns, job.status.rayClusterName))
            return;
        timers.set(key, ctx.clock.setTimeout(() => {
            timers.delete(key);
            if (store.get(RAY, 'rayclusters', ns, job.status.rayClusterName))
                store.delete(RAY, 'rayclusters', ns, job.status.rayClusterName);
        }, (job.spec?.ttlSecondsAfterFinished ?? 0) * 1000));
    }
    const all = () => {
        if (store.typeOf(RAY, 'rayclusters'))
            for (const rc of store.list(RAY, 'rayclusters'))
                clusters.add(`${rc.metadata.namespace}/${rc.metadata.name}`);
        if (store.typeOf(RAY, 'rayjobs'))
            for (const j of store.list(RAY, 'rayjobs'))
                jobs.add(`${j.metadata.namespace}/${j.metadata.name}`);
    };
    const unsubscribe = store.onChange(c => {
        const r = `${c.rtype.group}/${c.rtype.resource}`;
        const o = c.object;
        if (c.type === 'DELETED' && r !== '/pods')
            return;
        if (r === `${RAY}/rayclusters`) {
            clusters.add(`${o.metadata.namespace}/${o.metadata.name}`);
            const owner = o.metadata.labels?.['ray.io/originated-from-cr-name'];
            if (owner)
                jobs.add(`${o.metadata.namespace}/${owner}`);
        }
        else if (r === `${RAY}/rayjobs`)
            jobs.add(`${o.metadata.namespace}/${o.metadata.name}`);
        else if (r === '/pods' && o.metadata.labels?.['ray.io/cluster'])
            clusters.add(`${o.metadata.namespace}/${o.metadata.labels['ray.io/cluster']}`);
        else if (r === 'batch/jobs' && o.metadata.labels?.['ray.io/originated-from-crd'] === 'RayJob')
            jobs.add(`${o.metadata.namespace}/${o.metadata.name}`);
        else if (r === '/pods' && o.metadata.namespace === spec.namespace)
            all();
    });
    all();
    return () => {
        unsubscribe();
        clusters.stop();
        jobs.stop();
        for (const t of timers.values())
            ctx.clock.clearTimeout(t);
    };
}

;// CONCATENATED MODULE: ./src/sim/controllers/trainer.ts
/**
 * Kubeflow Trainer v2 (trainer.kubeflow.org/v1alpha1) and the JobSet controller it drives: a
 * TrainJob naming a (Cluster)TrainingRuntime gets a JobSet `<trainjob>` built from the runtime's
 * replicatedJobs (the trainer step's container overridden by spec.trainer: image, command, args,
 * resourcesPerNode; numNodes as the Job's parallelism and completions), the JobSet gets one Job
 * per replica (`<jobset>-<replicatedJob>-<i>`), and the TrainJob's conditions follow: Created
 * (JobsCreationSucceeded), then Complete (AllJobsCompleted, "jobset completed successfully") or
 * Failed (FailedJobs).
 *
 * Webhook `validator.trainjob.trainer.kubeflow.org` (403 as controller-runtime answers a
 * validator error): a runtimeRef of an unsupported kind is `unsupported runtime: <Kind.group>`; a
 * runtime that does not exist is `spec.RuntimeRef: Invalid value: v1alpha1.RuntimeRef{…}:
 * ClusterTrainingRuntime.trainer.kubeflow.org "<name>" not found: specified clusterTrainingRuntime
 * must be created before the TrainJob is created`.
 *
 * Handler options: `reconcile: false` (broken: nothing is reconciled), `webhookAdmitsAll: true`
 * (broken: every TrainJob is admitted).
 */







const T = 'trainer.kubeflow.org';
const JS = 'jobset.x-k8s.io';
function ptr(seed) {
    return `(*string)(0xc000${(0,external_node_crypto_.createHash)('sha256').update(seed).digest('hex').slice(0, 6)})`;
}
/** The runtime a TrainJob refers to (kind and group defaulted as the CRD does), when it exists. */
function runtimeOf(store, job) {
    const ref = job.spec?.runtimeRef ?? {};
    const kind = ref.kind ?? 'ClusterTrainingRuntime';
    const group = ref.apiGroup ?? T;
    const name = ref.name ?? '';
    if (group !== T || !store.typeOf(T, kind === 'TrainingRuntime' ? 'trainingruntimes' : 'clustertrainingruntimes'))
        return { kind, group, name };
    const runtime = kind === 'ClusterTrainingRuntime'
        ? store.get(T, 'clustertrainingruntimes', undefined, name)
        : kind === 'TrainingRuntime'
            ? store.get(T, 'trainingruntimes', job.metadata.namespace, name)
            : undefined;
    return { kind, group, name, runtime };
}
/** The Trainer's TrainJob validation, as its webhook answers it. */
function validateTrainJob(store, job) {
    const { kind, group, name, runtime } = runtimeOf(store, job);
    if (group !== T || !['ClusterTrainingRuntime', 'TrainingRuntime'].includes(kind))
        return denied(`unsupported runtime: ${kind}.${group}`);
    if (runtime)
        return { allowed: true };
    const cluster = kind === 'ClusterTrainingRuntime';
    const value = `v1alpha1.RuntimeRef{Name:${JSON.stringify(name)}, APIGroup:${ptr(`${name}/group`)}, Kind:${ptr(`${name}/kind`)}}`;
    return denied(`${cluster ? 'spec.RuntimeRef' : 'spec.runtimeRef'}: Invalid value: ${value}: ${kind}.${T} "${name}" not found: specified ${cluster ? 'clusterTrainingRuntime' : 'trainingRuntime'} must be created before the TrainJob is created`);
}
function startTrainer(ctx, spec) {
    const { store } = ctx;
    const opts = {
        reconcile: spec.options?.reconcile !== false,
        admitAll: spec.options?.webhookAdmitsAll === true,
        jobset: spec.options?.jobsetPodLabels ?? { 'app.kubernetes.io/name': 'jobset' }
    };
    const queue = new WorkQueue(ctx.clock, reconcile, 0, (k, e) => ctx.warn(`kubeflow-trainer: ${k}: ${e.message}`));
    registerWebhook(ctx, 'validator.trainjob.trainer.kubeflow.org', req => opts.admitAll || req.operation === 'DELETE' ? { allowed: true } : validateTrainJob(store, req.object));
    for (const n of ['validator.clustertrainingruntime.trainer.kubeflow.org', 'validator.trainingruntime.trainer.kubeflow.org'])
        registerWebhook(ctx, n, () => ({ allowed: true }));
    const podReady = (labels) => store
        .list('', 'pods', spec.namespace)
        .some(p => Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v) && p.status?.phase === 'Running' && isPodReady(p));
    function reconcile(k) {
        if (!opts.reconcile || !store.typeOf(T, 'trainjobs'))
            return;
        const [ns, name] = [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)];
        const job = store.get(T, 'trainjobs', ns, name);
        if (!job || job.metadata.deletionTimestamp)
            return;
        if (podReady(spec.podLabels ?? {}))
            reconcileTrainJob(job);
        const jobset = store.typeOf(JS, 'jobsets') && store.get(JS, 'jobsets', ns, name);
        if (jobset && podReady(opts.jobset))
            reconcileJobSet(jobset);
        if (jobset && podReady(spec.podLabels ?? {}))
            syncTrainJobStatus(store.get(T, 'trainjobs', ns, name), store.get(JS, 'jobsets', ns, name));
    }
    function conditionsWith(prev, c) {
        const now = store.timestamp();
        const old = (prev ?? []).find(x => x.type === c.type);
        const next = { ...c, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now };
        return [...(prev ?? []).filter(x => x.type !== c.type), next];
    }
    function setStatus(job, status) {
        if (JSON.stringify(status) === JSON.stringify(job.status ?? {}))
            return;
        store.update({ ...job, status }, { subresource: 'status' });
    }
    function reconcileTrainJob(job) {
        const ns = job.metadata.namespace;
        const name = job.metadata.name;
        if (job.spec?.suspend || store.get(JS, 'jobsets', ns, name) || !store.typeOf(JS, 'jobsets'))
            return;
        const { runtime } = runtimeOf(store, job);
        if (!runtime) {
            setStatus(job, { ...(job.status ?? {}), conditions: conditionsWith(job.status?.conditions, { type: 'Created', status: 'False', reason: 'JobsBuildFailed', message: 'Failed to build Jobs' }) });
            return;
        }
        const trainer = job.spec?.trainer ?? {};
        const numNodes = trainer.numNodes ?? runtime.spec?.mlPolicy?.numNodes ?? 1;
        const replicatedJobs = structuredClone(runtime.spec?.template?.spec?.replicatedJobs ?? []).map((rj) => {
            const isTrainer = rj.template?.metadata?.labels?.['trainer.kubeflow.org/trainjob-ancestor-step'] === 'trainer' || rj.name === 'node';
            if (!isTrainer)
                return rj;
            const js = rj.template.spec ?? {};
            const containers = (js.template?.spec?.containers ?? []).map((c) => c.name === 'node'
                ? {
                    ...c,
                    ...(trainer.image ? { image: trainer.image } : {}),
                    ...(trainer.command ? { command: trainer.command } : {}),
                    ...(trainer.args ? { args: trainer.args } : {}),
                    ...(trainer.resourcesPerNode ? { resources: trainer.resourcesPerNode } : {}),
                    env: [...(c.env ?? []), ...(trainer.env ?? [])]
                }
                : c);
            return { ...rj, template: { ...rj.template, spec: { ...js, parallelism: numNodes, completions: numNodes, template: { ...js.template, spec: { ...js.template?.spec, containers } } } } };
        });
        store.create({
            apiVersion: `${JS}/v1alpha2`,
            kind: 'JobSet',
            metadata: { name, namespace: ns, labels: { 'trainer.kubeflow.org/trainjob-name': name }, ownerReferences: [ownerRef(job)] },
            spec: { replicatedJobs, ...(runtime.spec?.template?.spec?.network ? { network: runtime.spec.template.spec.network } : {}) }
        });
        ctx.events.record(job, 'Normal', 'JobsCreationSucceeded', `Succeeded to create JobSet ${ns}/${name}`, { component: 'trainjob-controller' });
        setStatus(job, {
            ...(job.status ?? {}),
            conditions: conditionsWith(job.status?.conditions, { type: 'Created', status: 'True', reason: 'JobsCreationSucceeded', message: 'Succeeded to create Jobs' })
        });
    }
    function reconcileJobSet(js) {
        const ns = js.metadata.namespace;
        const statuses = [];
        let allDone = true;
        let anyFailed = false;
        for (const rj of js.spec?.replicatedJobs ?? []) {
            const replicas = rj.replicas ?? 1;
            const st = { name: rj.name, ready: 0, succeeded: 0, failed: 0, active: 0, suspended: 0 };
            for (let i = 0; i < replicas; i++) {
                const jobName = `${js.metadata.name}-${rj.name}-${i}`;
                let job = store.get('batch', 'jobs', ns, jobName);
                if (!job) {
                    const labels = { 'jobset.sigs.k8s.io/jobset-name': js.metadata.name, 'jobset.sigs.k8s.io/replicatedjob-name': rj.name, 'jobset.sigs.k8s.io/job-index': String(i) };
                    const j = {
                        apiVersion: 'batch/v1',
                        kind: 'Job',
                        metadata: { name: jobName, namespace: ns, labels: { ...(rj.template?.metadata?.labels ?? {}), ...labels }, ownerReferences: [ownerRef(js)] },
                        spec: {
                            ...structuredClone(rj.template?.spec ?? {}),
                            template: {
                                ...(rj.template?.spec?.template ?? {}),
                                metadata: { ...(rj.template?.spec?.template?.metadata ?? {}), labels: { ...(rj.template?.spec?.template?.metadata?.labels ?? {}), ...labels } },
                                spec: { restartPolicy: 'OnFailure', ...(rj.template?.spec?.template?.spec ?? {}) }
                            }
                        }
                    };
                    const { uid } = applyCreateDefaults(store, store.typeOf('batch', 'jobs'), j);
                    job = store.create(j, { uid });
                }
                const complete = getCondition(job, 'Complete')?.status === 'True';
                const failed = getCondition(job, 'Failed')?.status === 'True';
                if (complete)
                    st.succeeded++;
                else if (failed)
                    st.failed++;
                else {
                    st.active++;
                    if ((job.status?.ready ?? 0) > 0)
                        st.ready++;
                }
                allDone &&= complete;
                anyFailed ||= failed;
            }
            statuses.push(st);
        }
        let conditions = js.status?.conditions;
        if (anyFailed)
            conditions = conditionsWith(conditions, { type: 'Failed', status: 'True', reason: 'FailedJobs', message: 'jobset failed due to one or more job failures' });
        else if (allDone)
            conditions = conditionsWith(conditions, { type: 'Completed', status: 'True', reason: 'AllJobsCompleted', message: 'jobset completed successfully' });
        const terminal = anyFailed ? 'Failed' : allDone ? 'Completed' : undefined;
        setStatus(js, { ...(js.status ?? {}), replicatedJobsStatus: statuses, ...(conditions ? { conditions } : {}), ...(terminal ? { terminalState: terminal } : {}) });
    }
    function syncTrainJobStatus(job, js) {
        let conditions = job.status?.conditions;
        const done = getCondition(js, 'Completed');
        const failed = getCondition(js, 'Failed');
        if (done?.status === 'True')
            conditions = conditionsWith(conditions, { type: 'Complete', status: 'True', reason: done.reason ?? 'AllJobsCompleted', message: done.message ?? 'jobset completed successfully' });
        if (failed?.status === 'True')
            conditions = conditionsWith(conditions, { type: 'Failed', status: 'True', reason: failed.reason ?? 'FailedJobs', message: failed.message ?? 'jobset failed' });
        setStatus(job, { ...(job.status ?? {}), ...(conditions ? { conditions } : {}), jobsStatus: js.status?.replicatedJobsStatus ?? [] });
    }
    const unsubscribe = store.onChange(c => {
        const r = `${c.rtype.group}/${c.rtype.resource}`;
        const o = c.object;
        if (r === `${T}/trainjobs` && c.type !== 'DELETED')
            queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
        else if (r === `${JS}/jobsets` && c.type !== 'DELETED')
            queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
        else if (r === 'batch/jobs' && o.metadata.labels?.['jobset.sigs.k8s.io/jobset-name'])
            queue.add(`${o.metadata.namespace}/${o.metadata.labels['jobset.sigs.k8s.io/jobset-name']}`);
        else if (r === '/pods' && o.metadata.namespace === spec.namespace && store.typeOf(T, 'trainjobs')) {
            for (const j of store.list(T, 'trainjobs'))
                queue.add(`${j.metadata.namespace}/${j.metadata.name}`);
        }
    });
    return () => {
        unsubscribe();
        queue.stop();
    };
}

;// CONCATENATED MODULE: ./src/sim/controllers/ai-stack.ts
/**
 * The simulated software of the AI stack that needs more than stages: the cluster network
 * (ctx.network: container programs and gateway data planes answering HTTP), the gateway
 * controllers, the Prometheus scrapers, the KubeRay and Kubeflow Trainer operators, and GPU
 * feature discovery. Each handler of the scenario starts what its type runs.
 */








function startAiStack(ctx) {
    const network = new ClusterNetwork(ctx);
    ctx.network = network;
    const handlers = ctx.handlers ?? [];
    const stops = [];
    for (const h of handlers) {
        if (h.type === 'gateway') {
            network.addResolver(gatewayDataPlane(ctx, network, h));
            stops.push(startGatewayController(ctx, h));
        }
        else if (h.type === 'kuberay')
            stops.push(startKubeRay(ctx, h));
        else if (h.type === 'kubeflow-trainer')
            stops.push(startTrainer(ctx, h));
    }
    network.addResolver(programServers(ctx));
    stops.push(startPrometheusScrapers(ctx, network), startGpuFeatureDiscovery(ctx));
    return () => {
        for (const s of stops)
            s();
    };
}

;// CONCATENATED MODULE: ./src/sim/controllers/deployment.ts
/**
 * Deployment and ReplicaSet controllers: a Deployment owns one ReplicaSet per pod template
 * (named by its pod-template-hash), older ones are scaled to zero; a ReplicaSet keeps its
 * replica count of pods; both report replicas, ready and available counts and conditions.
 */





function startDeploymentControllers(ctx) {
    const { store } = ctx;
    const warn = (k, e) => ctx.warn(`deployment controller: ${k}: ${e.message}`);
    const dq = new WorkQueue(ctx.clock, reconcileDeployment, 0, warn);
    const rq = new WorkQueue(ctx.clock, reconcileReplicaSet, 0, warn);
    const seq = new Map();
    function reconcileDeployment(key) {
        const [ns, name] = split(key);
        const d = store.get('apps', 'deployments', ns, name);
        if (!d || d.metadata.deletionTimestamp)
            return;
        const want = d.spec?.replicas ?? 1;
        const hash = templateHash(d.spec?.template);
        const rsName = `${name}-${hash}`;
        const owned = ownedBy(store.list('apps', 'replicasets', ns), d.metadata.uid);
        let current = owned.find(r => r.metadata.labels?.['pod-template-hash'] === hash);
        const revision = String(Math.max(0, ...owned.map(r => Number(r.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0))) + (current ? 0 : 1));
        if (!current) {
            const labels = { ...(d.spec?.template?.metadata?.labels ?? {}), 'pod-template-hash': hash };
            current = store.create({
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                metadata: {
                    name: rsName,
                    namespace: ns,
                    labels,
                    annotations: { 'deployment.kubernetes.io/desired-replicas': String(want), 'deployment.kubernetes.io/max-replicas': String(want + 1), 'deployment.kubernetes.io/revision': revision },
                    ownerReferences: [ownerRef(d)]
                },
                spec: {
                    replicas: want,
                    minReadySeconds: d.spec?.minReadySeconds ?? 0,
                    selector: { ...(d.spec?.selector ?? {}), matchLabels: { ...(d.spec?.selector?.matchLabels ?? {}), 'pod-template-hash': hash } },
                    template: { ...d.spec?.template, metadata: { ...(d.spec?.template?.metadata ?? {}), labels } }
                }
            });
            ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rsName} from 0 to ${want}`, { component: 'deployment-controller' });
        }
        else if ((current.spec?.replicas ?? 1) !== want) {
            const from = current.spec?.replicas ?? 1;
            current = store.update({ ...current, spec: { ...current.spec, replicas: want } });
            ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${want > from ? 'up' : 'down'} replica set ${rsName} from ${from} to ${want}`, {
                component: 'deployment-controller'
            });
        }
        for (const old of owned) {
            if (old.metadata.uid === current.metadata.uid || (old.spec?.replicas ?? 1) === 0)
                continue;
            store.update({ ...old, spec: { ...old.spec, replicas: 0 } });
            ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled down replica set ${old.metadata.name} from ${old.spec?.replicas ?? 1} to 0`, {
                component: 'deployment-controller'
            });
        }
        const all = ownedBy(store.list('apps', 'replicasets', ns), d.metadata.uid);
        const sum = (f) => all.reduce((s, r) => s + f(r), 0);
        const replicas = sum(r => r.status?.replicas ?? 0);
        const ready = sum(r => r.status?.readyReplicas ?? 0);
        const available = sum(r => r.status?.availableReplicas ?? 0);
        const updated = current.status?.replicas ?? 0;
        const now = store.timestamp();
        let conditions = d.status?.conditions;
        const availableOk = available >= want;
        conditions = withCondition(conditions, {
            type: 'Available',
            status: availableOk ? 'True' : 'False',
            lastUpdateTime: now,
            reason: availableOk ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
            message: availableOk ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.'
        }, now);
        const complete = updated === want && (current.status?.availableReplicas ?? 0) >= want && replicas === want;
        conditions = withCondition(conditions, {
            type: 'Progressing',
            status: 'True',
            lastUpdateTime: now,
            reason: complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
            message: complete ? `ReplicaSet "${current.metadata.name}" has successfully progressed.` : `ReplicaSet "${current.metadata.name}" is progressing.`
        }, now);
        const prevConds = JSON.stringify((d.status?.conditions ?? []).map(stripTimes));
        if (prevConds === JSON.stringify(conditions.map(stripTimes)))
            conditions = d.status?.conditions;
        writeStatus(store, d, {
            observedGeneration: d.metadata.generation,
            replicas: nz(replicas),
            updatedReplicas: nz(updated),
            readyReplicas: nz(ready),
            availableReplicas: nz(available),
            unavailableReplicas: nz(Math.max(0, want - available)),
            conditions
        });
    }
    function reconcileReplicaSet(key) {
        const [ns, name] = split(key);
        const rs = store.get('apps', 'replicasets', ns, name);
        if (!rs || rs.metadata.deletionTimestamp)
            return;
        const want = rs.spec?.replicas ?? 1;
        const pods = ctx.pods.ownedBy(rs.metadata.uid).filter(p => !p.metadata.deletionTimestamp && !isTerminal(p));
        if (pods.length < want) {
            for (let i = pods.length; i < want; i++) {
                const n = (seq.get(rs.metadata.uid) ?? 0) + 1;
                seq.set(rs.metadata.uid, n);
                const podName = `${name}-${derivedSuffix(`${rs.metadata.uid}/${n}`)}`;
                if (store.get('', 'pods', ns, podName))
                    continue;
                store.create(podFromTemplate(rs, rs.spec?.template, podName));
                ctx.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${podName}`, { component: 'replicaset-controller' });
            }
        }
        else if (pods.length > want) {
            const extra = [...pods].sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '')).slice(0, pods.length - want);
            for (const p of extra) {
                store.delete('', 'pods', ns, p.metadata.name);
                ctx.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, { component: 'replicaset-controller' });
            }
        }
        const live = ctx.pods.ownedBy(rs.metadata.uid).filter(p => !p.metadata.deletionTimestamp && !isTerminal(p));
        const ready = live.filter(isPodReady).length;
        writeStatus(store, rs, {
            replicas: live.length,
            fullyLabeledReplicas: nz(live.length),
            readyReplicas: nz(ready),
            availableReplicas: nz(ready),
            observedGeneration: rs.metadata.generation
        });
    }
    for (const d of store.list('apps', 'deployments'))
        dq.add(key(d));
    for (const r of store.list('apps', 'replicasets'))
        rq.add(key(r));
    const unsubscribe = store.onChange(c => {
        const r = c.rtype;
        if (r.group === 'apps' && r.resource === 'deployments' && c.type !== 'DELETED')
            dq.add(key(c.object));
        else if (r.group === 'apps' && r.resource === 'replicasets') {
            if (c.type !== 'DELETED')
                rq.add(key(c.object));
            const owner = controllerOf(c.object);
            if (owner?.kind === 'Deployment')
                dq.add(`${c.object.metadata.namespace}/${owner.name}`);
        }
        else if (r.group === '' && r.resource === 'pods') {
            const owner = controllerOf(c.object);
            if (owner?.kind === 'ReplicaSet')
                rq.add(`${c.object.metadata.namespace}/${owner.name}`);
        }
    });
    return () => {
        unsubscribe();
        dq.stop();
        rq.stop();
    };
}
function stripTimes(c) {
    const { lastUpdateTime: _u, lastTransitionTime: _t, ...rest } = c;
    return rest;
}
function key(o) {
    return `${o.metadata.namespace}/${o.metadata.name}`;
}
function split(k) {
    const i = k.indexOf('/');
    return [k.slice(0, i), k.slice(i + 1)];
}

;// CONCATENATED MODULE: ./src/sim/controllers/daemonset.ts
/**
 * DaemonSet and StatefulSet controllers. A DaemonSet runs one pod on every node its template
 * selects and tolerates (pinned with node affinity on metadata.name, as the real controller
 * does); a StatefulSet runs `<name>-<ordinal>` pods, in order unless policy is Parallel.
 */






const DS_TOLERATIONS = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }
];
function startDaemonSetController(ctx) {
    const { store } = ctx;
    const queue = new WorkQueue(ctx.clock, reconcile, 0, (k, e) => ctx.warn(`daemonset controller: ${k}: ${e.message}`));
    function podFor(ds, node) {
        const name = `${ds.metadata.name}-${derivedSuffix(`${ds.metadata.uid}/${node}`)}`;
        const pod = podFromTemplate(ds, ds.spec?.template, name, {
            labels: { 'controller-revision-hash': derivedSuffix(JSON.stringify(ds.spec?.template ?? {}), 10), 'pod-template-generation': String(ds.metadata.generation ?? 1) }
        });
        const tolerations = [...(pod.spec.tolerations ?? [])];
        for (const t of DS_TOLERATIONS)
            if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect))
                tolerations.push(t);
        pod.spec.tolerations = tolerations;
        pod.spec.affinity = {
            ...(pod.spec.affinity ?? {}),
            nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }]
                }
            }
        };
        return pod;
    }
    function shouldRun(ds, node) {
        const probe = podFor(ds, node.metadata.name);
        // The template's own selection, without the per-node pin added above.
        const template = { ...probe, spec: { ...probe.spec, affinity: ds.spec?.template?.spec?.affinity } };
        if (!matchesNodeSelection(template, node))
            return false;
        const t = untoleratedTaint(template, node);
        return !t || t.key === 'node.kubernetes.io/not-ready';
    }
    function reconcile(k) {
        const [ns, name] = split(k);
        const ds = store.get('apps', 'daemonsets', ns, name);
        if (!ds || ds.metadata.deletionTimestamp)
            return;
        const nodes = store.list('', 'nodes');
        const pods = ctx.pods.ownedBy(ds.metadata.uid).filter(p => !p.metadata.deletionTimestamp);
        const byNode = new Map();
        for (const p of pods) {
            const n = p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0] ?? p.spec?.nodeName;
            if (!byNode.has(n))
                byNode.set(n, []);
            byNode.get(n).push(p);
        }
        let desired = 0;
        let ready = 0;
        let scheduled = 0;
        let misscheduled = 0;
        for (const node of nodes) {
            const n = node.metadata.name;
            const mine = byNode.get(n) ?? [];
            byNode.delete(n);
            if (shouldRun(ds, node)) {
                desired++;
                const live = mine.filter(p => !isTerminal(p));
                for (const dead of mine.filter(isTerminal))
                    store.delete('', 'pods', ns, dead.metadata.name);
                if (!live.length) {
                    const pod = podFor(ds, n);
                    if (!store.get('', 'pods', ns, pod.metadata.name)) {
                        store.create(pod);
                        ctx.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, { component: 'daemonset-controller' });
                    }
                }
                else {
                    if (live.some(p => p.spec?.nodeName))
                        scheduled++;
                    if (live.some(isPodReady))
                        ready++;
                }
            }
            else if (mine.length) {
                misscheduled++;
                for (const p of mine)
                    store.delete('', 'pods', ns, p.metadata.name);
            }
        }
        for (const gone of byNode.values())
            for (const p of gone)
                store.delete('', 'pods', ns, p.metadata.name);
        writeStatus(store, ds, {
            currentNumberScheduled: scheduled,
            desiredNumberScheduled: desired,
            numberMisscheduled: misscheduled,
            numberReady: ready,
            observedGeneration: ds.metadata.generation,
            updatedNumberScheduled: nz(scheduled),
            numberAvailable: nz(ready),
            numberUnavailable: nz(desired - ready)
        });
    }
    const all = () => {
        for (const d of store.list('apps', 'daemonsets'))
            queue.add(key(d));
    };
    all();
    const unsubscribe = store.onChange(c => {
        const r = c.rtype;
        if (r.group === 'apps' && r.resource === 'daemonsets' && c.type !== 'DELETED')
            queue.add(key(c.object));
        else if (r.group === '' && r.resource === 'nodes') {
            // Only changes that can alter placement: new or removed nodes, labels, taints, readiness.
            const o = c.old;
            const n = c.object;
            if (c.type !== 'MODIFIED' || JSON.stringify([o?.metadata.labels, o?.spec?.taints]) !== JSON.stringify([n.metadata.labels, n.spec?.taints]))
                all();
        }
        else if (r.group === '' && r.resource === 'pods') {
            const owner = controllerOf(c.object);
            if (owner?.kind === 'DaemonSet')
                queue.add(`${c.object.metadata.namespace}/${owner.name}`);
        }
    });
    return () => {
        unsubscribe();
        queue.stop();
    };
}
function startStatefulSetController(ctx) {
    const { store } = ctx;
    const queue = new WorkQueue(ctx.clock, reconcile, 0, (k, e) => ctx.warn(`statefulset controller: ${k}: ${e.message}`));
    function reconcile(k) {
        const [ns, name] = split(k);
        const sts = store.get('apps', 'statefulsets', ns, name);
        if (!sts || sts.metadata.deletionTimestamp)
            return;
        const want = sts.spec?.replicas ?? 1;
        const revision = `${name}-${derivedSuffix(JSON.stringify(sts.spec?.template ?? {}), 10)}`;
        const parallel = sts.spec?.podManagementPolicy === 'Parallel';
        for (let i = 0; i < want; i++) {
            const podName = `${name}-${i}`;
            const existing = store.get('', 'pods', ns, podName);
            if (existing) {
                if (isTerminal(existing) && !existing.metadata.deletionTimestamp)
                    store.delete('', 'pods', ns, podName);
                if (!parallel && !isPodReady(existing))
                    break;
                continue;
            }
            store.create(podFromTemplate(sts, sts.spec?.template, podName, {
                labels: { 'apps.kubernetes.io/pod-index': String(i), 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': podName },
                spec: { hostname: podName, ...(sts.spec?.serviceName ? { subdomain: sts.spec.serviceName } : {}) }
            }));
            ctx.events.record(sts, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${name} successful`, { component: 'statefulset-controller' });
            if (!parallel)
                break;
        }
        const pods = ctx.pods.ownedBy(sts.metadata.uid).filter(p => !p.metadata.deletionTimestamp);
        for (const p of pods) {
            const ord = Number(p.metadata.name.slice(name.length + 1));
            if (ord >= want)
                store.delete('', 'pods', ns, p.metadata.name);
        }
        const live = ctx.pods.ownedBy(sts.metadata.uid).filter(p => !p.metadata.deletionTimestamp && !isTerminal(p));
        const ready = live.filter(isPodReady).length;
        writeStatus(store, sts, {
            observedGeneration: sts.metadata.generation,
            replicas: live.length,
            readyReplicas: nz(ready),
            currentReplicas: nz(live.length),
            updatedReplicas: nz(live.length),
            availableReplicas: ready,
            currentRevision: revision,
            updateRevision: revision,
            collisionCount: 0
        });
    }
    for (const s of store.list('apps', 'statefulsets'))
        queue.add(key(s));
    const unsubscribe = store.onChange(c => {
        const r = c.rtype;
        if (r.group === 'apps' && r.resource === 'statefulsets' && c.type !== 'DELETED')
            queue.add(key(c.object));
        else if (r.group === '' && r.resource === 'pods') {
            const owner = controllerOf(c.object);
            if (owner?.kind === 'StatefulSet')
                queue.add(`${c.object.metadata.namespace}/${owner.name}`);
        }
    });
    return () => {
        unsubscribe();
        queue.stop();
    };
}

;// CONCATENATED MODULE: ./src/sim/controllers/job.ts
/**
 * The Job controller: runs up to `parallelism` pods until `completions` succeed (Indexed jobs
 * get one index each), honours suspend, backoffLimit and activeDeadlineSeconds, and reports
 * active/ready/succeeded/failed with SuccessCriteriaMet/Complete or FailureTarget/Failed.
 */






function startJobController(ctx) {
    const { store } = ctx;
    const queue = new WorkQueue(ctx.clock, reconcile, 0, (k, e) => ctx.warn(`job controller: ${k}: ${e.message}`));
    /** job uid → pod uids already counted as succeeded / failed (pods may be deleted later). */
    const counted = new Map();
    const timers = new Map();
    const seq = new Map();
    const finished = (j) => ['Complete', 'Failed'].some(t => getCondition(j, t)?.status === 'True');
    function reconcile(k) {
        const [ns, name] = split(k);
        let job = store.get('batch', 'jobs', ns, name);
        if (!job || job.metadata.deletionTimestamp)
            return;
        const uid = job.metadata.uid;
        // As the apiserver's Job strategy does on create: a selector on the controller uid.
        if (!job.spec?.selector || !job.spec?.template?.metadata?.labels?.['batch.kubernetes.io/controller-uid']) {
            const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name };
            job = store.update({
                ...job,
                spec: {
                    ...job.spec,
                    selector: job.spec?.selector ?? { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
                    template: { ...job.spec?.template, metadata: { ...(job.spec?.template?.metadata ?? {}), labels: { ...(job.spec?.template?.metadata?.labels ?? {}), ...labels } } }
                }
            });
        }
        const spec = job.spec;
        const c = counted.get(uid) ?? { ok: new Map(), bad: new Set() };
        counted.set(uid, c);
        const pods = ctx.pods.ownedBy(uid);
        for (const p of pods) {
            if (p.status?.phase === 'Succeeded')
                c.ok.set(p.metadata.uid, indexOf(p));
            if (p.status?.phase === 'Failed')
                c.bad.add(p.metadata.uid);
        }
        const active = pods.filter(p => !isTerminal(p) && !p.metadata.deletionTimestamp);
        const now = store.timestamp();
        const completions = spec.completions ?? (spec.parallelism === undefined ? 1 : undefined);
        const parallelism = spec.parallelism ?? 1;
        const indexed = spec.completionMode === 'Indexed';
        const doneIdx = new Set(Array.from(c.ok.values()).filter((x) => x !== undefined));
        const succeeded = indexed ? doneIdx.size : c.ok.size;
        const failed = c.bad.size;
        let conditions = job.status?.conditions;
        let startTime = job.status?.startTime;
        let completionTime = job.status?.completionTime;
        const suspended = spec.suspend === true;
        const stopActive = () => {
            for (const p of active)
                store.delete('', 'pods', ns, p.metadata.name);
        };
        if (!finished(job)) {
            const backoffLimit = spec.backoffLimit ?? 6;
            const deadline = spec.activeDeadlineSeconds;
            const overDeadline = typeof deadline === 'number' && startTime && ctx.clock.now() - Date.parse(startTime) >= deadline * 1000;
            const succeededAll = completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;
            if (succeededAll) {
                if (ctx.minor >= 33)
                    conditions = withCondition(conditions, { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: now }, now);
                conditions = withCondition(conditions, { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: now }, now);
                completionTime = now;
                stopActive();
                ctx.events.record(job, 'Normal', 'Completed', 'Job completed', { component: 'job-controller' });
            }
            else if (failed > backoffLimit || overDeadline) {
                const reason = overDeadline ? 'DeadlineExceeded' : 'BackoffLimitExceeded';
                const message = overDeadline ? 'Job was active longer than specified deadline' : 'Job has reached the specified backoff limit';
                conditions = withCondition(conditions, { type: 'FailureTarget', status: 'True', reason, message, lastProbeTime: now }, now);
                conditions = withCondition(conditions, { type: 'Failed', status: 'True', reason, message, lastProbeTime: now }, now);
                stopActive();
                ctx.events.record(job, 'Warning', reason, message, { component: 'job-controller' });
            }
            else if (suspended) {
                if (getCondition(job, 'Suspended')?.status !== 'True') {
                    stopActive();
                    conditions = withCondition(conditions, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: now }, now);
                    ctx.events.record(job, 'Normal', 'Suspended', 'Job suspended', { component: 'job-controller' });
                }
                startTime = undefined;
            }
            else {
                if (getCondition(job, 'Suspended')?.status === 'True') {
                    conditions = withCondition(conditions, { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastProbeTime: now }, now);
                    ctx.events.record(job, 'Normal', 'Resumed', 'Job resumed', { component: 'job-controller' });
                }
                startTime ??= now;
                if (typeof deadline === 'number' && !timers.has(uid)) {
                    timers.set(uid, ctx.clock.setTimeout(() => queue.add(k), deadline * 1000));
                }
                const remaining = completions === undefined ? parallelism : Math.max(0, completions - succeeded);
                const want = Math.min(parallelism, remaining) - active.length;
                const busy = new Set(active.map(indexOf));
                let nextIndex = 0;
                for (let i = 0; i < want; i++) {
                    let index;
                    if (indexed) {
                        while (doneIdx.has(nextIndex) || busy.has(nextIndex))
                            nextIndex++;
                        if (completions !== undefined && nextIndex >= completions)
                            break;
                        index = nextIndex++;
                        busy.add(index);
                    }
                    const n = (seq.get(uid) ?? 0) + 1;
                    seq.set(uid, n);
                    const podName = `${name}-${index !== undefined ? `${index}-` : ''}${derivedSuffix(`${uid}/${n}`)}`;
                    const pod = podFromTemplate(job, job.spec.template, podName, {
                        ...(index !== undefined
                            ? {
                                labels: { 'batch.kubernetes.io/job-completion-index': String(index) },
                                annotations: { 'batch.kubernetes.io/job-completion-index': String(index) },
                                spec: { hostname: `${name}-${index}` }
                            }
                            : {})
                    });
                    if (pod.spec.restartPolicy === 'Always')
                        pod.spec.restartPolicy = 'Never';
                    if (index !== undefined) {
                        pod.spec.containers = pod.spec.containers.map((ct) => ({ ...ct, env: [...(ct.env ?? []), { name: 'JOB_COMPLETION_INDEX', value: String(index) }] }));
                    }
                    store.create(pod);
                    ctx.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${podName}`, { component: 'job-controller' });
                }
            }
        }
        const live = ctx.pods.ownedBy(uid).filter(p => !isTerminal(p) && !p.metadata.deletionTimestamp);
        writeStatus(store, job, {
            ...(conditions ? { conditions } : {}),
            startTime,
            completionTime,
            active: live.length || undefined,
            ready: live.filter(isPodReady).length,
            succeeded: succeeded || undefined,
            failed: failed || undefined,
            terminating: 0,
            uncountedTerminatedPods: {},
            ...(indexed && doneIdx.size ? { completedIndexes: compactIndexes(doneIdx) } : {})
        });
        const after = store.get('batch', 'jobs', ns, name);
        const ttl = after?.spec?.ttlSecondsAfterFinished;
        if (after && finished(after) && typeof ttl === 'number') {
            ctx.clock.setTimeout(() => {
                const j = store.get('batch', 'jobs', ns, name);
                if (j && j.metadata.uid === uid)
                    store.delete('batch', 'jobs', ns, name);
            }, ttl * 1000);
        }
    }
    for (const j of store.list('batch', 'jobs'))
        queue.add(key(j));
    const unsubscribe = store.onChange(ch => {
        const r = ch.rtype;
        if (r.group === 'batch' && r.resource === 'jobs') {
            if (ch.type === 'DELETED') {
                counted.delete(ch.object.metadata.uid);
                const t = timers.get(ch.object.metadata.uid);
                if (t)
                    ctx.clock.clearTimeout(t);
            }
            else
                queue.add(key(ch.object));
        }
        else if (r.group === '' && r.resource === 'pods') {
            const owner = controllerOf(ch.object);
            if (owner?.kind === 'Job')
                queue.add(`${ch.object.metadata.namespace}/${owner.name}`);
        }
    });
    return () => {
        unsubscribe();
        queue.stop();
        for (const t of timers.values())
            ctx.clock.clearTimeout(t);
    };
}
function indexOf(p) {
    const v = p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
    return v === undefined ? undefined : Number(v);
}
function compactIndexes(set) {
    const xs = Array.from(set).sort((a, b) => a - b);
    const parts = [];
    for (let i = 0; i < xs.length; i++) {
        let j = i;
        while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1)
            j++;
        parts.push(i === j ? String(xs[i]) : `${xs[i]}-${xs[j]}`);
        i = j;
    }
    return parts.join(',');
}

;// CONCATENATED MODULE: ./src/sim/controllers/template-functions.ts
/** Functions stage templates may call; each derives its answer from its arguments only. */

function octets(seed, n) {
    return Array.from((0,external_node_crypto_.createHash)('sha256').update(seed).digest().subarray(0, n));
}
function templateFunctions() {
    return {
        /** A node address in 172.18.0.0/16 (kind's docker network), stable per name. */
        ipFor: (name) => {
            const [a, b] = octets(String(name), 2);
            return `172.18.${a % 250}.${(b % 250) + 2}`;
        },
        /** A load balancer address, stable per namespace/name. */
        lbIPFor: (ns, name) => {
            const [a, b] = octets(`${ns}/${name}`, 2);
            return `172.18.${200 + (a % 50)}.${(b % 250) + 2}`;
        },
        /** The storage version names of a CRD's versions. */
        storageVersions: (versions) => Array.isArray(versions) ? versions.filter((v) => v?.storage).map((v) => v.name) : []
    };
}

;// CONCATENATED MODULE: ./src/sim/controllers/autoscaler.ts
/**
 * A cluster autoscaler (kubernetes/autoscaler cluster-autoscaler, as ACK's managed one behaves
 * too) over the node groups the scenario declares (node-groups.ts). Every scan interval:
 * - a pod the scheduler marked Unschedulable that would fit a group's template node (taints,
 *   selectors, CPU/memory/GPU) and fits no node already on its way triggers a scale-up: events
 *   TriggeredScaleUp on the pod (`pod triggered scale-up: [{gpu-a10 1->2 (max: 4)}]`) and
 *   ScaledUpGroup on the status ConfigMap; after the provisioning delay the Node registers (the
 *   kubelet stages make it Ready, the device plugin then advertises its GPUs); pods that fit no
 *   group get NotTriggerScaleUp;
 * - a node it added that has stayed empty (DaemonSet pods aside) for the unneeded time is
 *   tainted ToBeDeletedByClusterAutoscaler and deleted (events ScaleDown, ScaleDownEmpty), never
 *   below the group's minimum;
 * - kube-system/cluster-autoscaler-status is rewritten in the 1.30+ YAML form with the
 *   cluster-autoscaler.kubernetes.io/last-updated annotation.
 * It acts only while its own pod runs ready. Broken (`neverAddsNode`): scale-ups are requested
 * but the node never registers; after the provision timeout the group backs off (ScaleUpTimedOut).
 * Pods with DRA resource claims are not considered (no DRA support simulated here).
 */







const autoscaler_COMPONENT = 'cluster-autoscaler';
const STATUS_NS = 'kube-system';
const STATUS_NAME = 'cluster-autoscaler-status';
const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';
/** The status is rewritten at least this often even when nothing changed. */
const STATUS_REFRESH_MS = 10_000;
/** Go's time.Time String(): "2026-01-01 00:00:00.123456789 +0000 UTC". */
function caTime(ms) {
    const iso = new Date(ms).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000000 +0000 UTC`;
}
function startClusterAutoscaler(ctx) {
    const { store, clock } = ctx;
    const settings = () => ctx.controllers['cluster-autoscaler'];
    const upcoming = [];
    /** Nodes this autoscaler created, by name → group. */
    const added = new Map();
    /** When each of them registered. */
    const registeredAt = new Map();
    let cidrSeq = 0;
    const unneededSince = new Map();
    const counters = new Map();
    const backoffUntil = new Map();
    const notTriggered = new Map();
    const transitions = new Map();
    let lastStatus = { text: '', at: 0 };
    let timer = null;
    let stopped = false;
    const memberOf = (g, n) => Object.entries(g.nodeSelector).every(([k, v]) => n.metadata.labels?.[k] === v);
    const isReady = (n) => getCondition(n, 'Ready')?.status === 'True';
    function schedule() {
        if (stopped || !settings())
            return;
        timer = clock.setTimeout(() => {
            try {
                scan();
            }
            catch (e) {
                ctx.warn(`cluster-autoscaler: ${e.message}`);
            }
            schedule();
        }, settings().scanInterval);
    }
    /** The resources a group's new node offers once its device plugins run (what CA's template says). */
    function templateNode(g, name) {
        const allocatable = { ...g.template.capacity };
        const gpus = g.template.gpus;
        if (gpus?.count) {
            const model = GPU_MODELS[gpus.model];
            for (const dp of ctx.devicePlugins) {
                const n = dp.unit === 'gpu-mem-gib'
                    ? Math.floor(model.memoryMiB / 1024) * gpus.count
                    : gpus.count * (dp.replicas ?? 1);
                allocatable[dp.resource] = String(n);
            }
        }
        return {
            apiVersion: 'v1',
            kind: 'Node',
            metadata: { name, labels: { ...g.template.labels, 'kubernetes.io/hostname': name } },
            spec: { taints: g.template.taints },
            status: { allocatable, capacity: allocatable, conditions: [{ type: 'Ready', status: 'True' }] }
        };
    }
    /**
     * A node counts as upcoming until it is Ready and advertises what its template promises (its
     * GPUs come with the device plugin), or until the provision timeout says it never will.
     */
    function settled(g, node) {
        if (!isReady(node))
            return false;
        const since = registeredAt.get(node.metadata.name);
        if (since !== undefined && clock.now() - since >= (settings()?.provisionTimeout ?? 0))
            return true;
        const want = templateNode(g, node.metadata.name).status.allocatable;
        return Object.keys(want).every(k => node.status?.allocatable?.[k] !== undefined && node.status.allocatable[k] !== '0');
    }
    function nextName(g) {
        let n = counters.get(g.name) ?? g.template.firstIndex;
        let name = g.template.namePattern.replace('{n}', String(n));
        while (store.get('', 'nodes', undefined, name) || upcoming.some(u => u.name === name))
            name = g.template.namePattern.replace('{n}', String(++n));
        counters.set(g.name, n + 1);
        return name;
    }
    function scan() {
        const s = settings();
        if (!s || !gateOpen(ctx, s.pod))
            return;
        const now = clock.now();
        const nodes = store.list('', 'nodes');
        // Requests the cloud never fulfilled.
        for (const u of [...upcoming]) {
            if (now - u.requestedAt >= s.provisionTimeout && !store.get('', 'nodes', undefined, u.name)) {
                upcoming.splice(upcoming.indexOf(u), 1);
                if (u.timer)
                    clock.clearTimeout(u.timer);
                backoffUntil.set(u.group, now + s.provisionTimeout);
                recordOnStatus('Warning', 'ScaleUpTimedOut', `Nodes added to group ${u.group} failed to register within ${Math.round(s.provisionTimeout / 1000)}s`);
            }
        }
        scaleUp(s, nodes, now);
        scaleDown(s, now);
        writeStatus(now);
    }
    function scaleUp(s, nodes, now) {
        const groups = ctx.nodeGroups;
        if (!groups.length)
            return;
        // Nodes on their way: requested but not registered, or registered but not ready yet.
        const virtual = [];
        for (const u of upcoming) {
            const g = groups.find(x => x.name === u.group);
            if (g)
                virtual.push({ group: g, node: templateNode(g, u.name), assumed: [] });
        }
        for (const [name, gName] of added) {
            const g = groups.find(x => x.name === gName);
            const node = store.get('', 'nodes', undefined, name);
            if (g && node && !settled(g, node))
                virtual.push({
                    group: g,
                    node: templateNode(g, name),
                    assumed: [...ctx.pods.onNode(name).filter(p => !isTerminal(p))]
                });
        }
        const targets = new Map(groups.map(g => [
            g.name,
            nodes.filter(n => memberOf(g, n) && !n.metadata.deletionTimestamp).length +
                upcoming.filter(u => u.group === g.name).length
        ]));
        const grow = new Map();
        const pending = store
            .list('', 'pods')
            .filter(p => !p.spec?.nodeName &&
            !isTerminal(p) &&
            !p.metadata.deletionTimestamp &&
            controllerOf(p)?.kind !== 'DaemonSet' &&
            !p.spec?.resourceClaims?.length)
            .filter(p => getCondition(p, 'PodScheduled')?.status === 'False' &&
            getCondition(p, 'PodScheduled')?.reason === 'Unschedulable')
            .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
        for (const pod of pending) {
            const onTheWay = virtual.find(v => !filterNode(ctx, pod, v.node, v.assumed));
            if (onTheWay) {
                onTheWay.assumed.push(pod);
                continue;
            }
            const reasons = [];
            let chosen;
            for (const g of groups) {
                const f = filterNode(ctx, pod, templateNode(g, `template-node-for-${g.name}`));
                if (f)
                    reasons.push(...f.reasons);
                else if ((backoffUntil.get(g.name) ?? 0) > now)
                    reasons.push('in backoff after failed scale-up');
                else if (targets.get(g.name) >= g.maxSize)
                    reasons.push('max node group size reached');
                else if (!chosen)
                    chosen = g;
            }
            if (!chosen) {
                const message = `pod didn't trigger scale-up: ${autoscaler_histogram(reasons)}`;
                if (notTriggered.get(pod.metadata.uid) !== message) {
                    notTriggered.set(pod.metadata.uid, message);
                    ctx.events.record(pod, 'Normal', 'NotTriggerScaleUp', message, { component: autoscaler_COMPONENT });
                }
                continue;
            }
            notTriggered.delete(pod.metadata.uid);
            const g = chosen;
            const from = targets.get(g.name);
            targets.set(g.name, from + 1);
            const entry = grow.get(g.name) ?? { from, to: from, pods: [] };
            entry.to = from + 1;
            entry.pods.push(pod);
            grow.set(g.name, entry);
            const name = nextName(g);
            const u = { group: g.name, name, requestedAt: now };
            upcoming.push(u);
            virtual.push({ group: g, node: templateNode(g, name), assumed: [pod] });
            if (!s.neverAddsNode)
                u.timer = clock.setTimeout(() => register(g, u), s.provisionDelay);
        }
        for (const [name, e] of grow) {
            const g = groups.find(x => x.name === name);
            const text = `[{${name} ${e.from}->${e.to} (max: ${g.maxSize})}]`;
            for (const p of e.pods)
                ctx.events.record(p, 'Normal', 'TriggeredScaleUp', `pod triggered scale-up: ${text}`, {
                    component: autoscaler_COMPONENT
                });
            recordOnStatus('Normal', 'ScaledUpGroup', `Scale-up: setting group ${name} size to ${e.to} instead of ${e.from} (max: ${g.maxSize})`);
            transition(`up/${name}`, 'InProgress', now);
        }
    }
    /** The cloud's new instance registers as a Node (the kubelet stages take it from there). */
    function register(g, u) {
        const i = upcoming.indexOf(u);
        if (i < 0 || stopped)
            return;
        upcoming.splice(i, 1);
        if (g.template.gpus?.count)
            ctx.hardware.setGpus(u.name, GPU_MODELS[g.template.gpus.model], g.template.gpus.count);
        const like = store.list('', 'nodes').find(n => memberOf(g, n)) ?? store.list('', 'nodes')[0];
        const index = cidrSeq++;
        store.create({
            apiVersion: 'v1',
            kind: 'Node',
            metadata: {
                name: u.name,
                labels: { ...g.template.labels, 'kubernetes.io/hostname': u.name },
                ...(Object.keys(g.template.annotations).length ? { annotations: { ...g.template.annotations } } : {})
            },
            spec: {
                podCIDR: `10.250.${index % 250}.0/24`,
                podCIDRs: [`10.250.${index % 250}.0/24`],
                ...(g.template.providerID ? { providerID: g.template.providerID.replace('{name}', u.name) } : {}),
                ...(g.template.taints.length ? { taints: structuredClone(g.template.taints) } : {})
            },
            status: {
                capacity: { ...g.template.capacity },
                allocatable: { ...g.template.capacity },
                ...(like?.status?.nodeInfo ? { nodeInfo: { ...like.status.nodeInfo } } : {})
            }
        });
        added.set(u.name, g.name);
        registeredAt.set(u.name, clock.now());
    }
    function scaleDown(s, now) {
        for (const [name, gName] of added) {
            const g = ctx.nodeGroups.find(x => x.name === gName);
            const node = store.get('', 'nodes', undefined, name);
            if (!node) {
                added.delete(name);
                registeredAt.delete(name);
                unneededSince.delete(name);
                continue;
            }
            if (!g || !isReady(node) || node.metadata.deletionTimestamp)
                continue;
            const busy = ctx.pods
                .onNode(name)
                .some(p => !isTerminal(p) &&
                controllerOf(p)?.kind !== 'DaemonSet' &&
                !p.metadata.annotations?.['kubernetes.io/config.mirror']);
            if (busy) {
                unneededSince.delete(name);
                continue;
            }
            const since = unneededSince.get(name) ?? now;
            unneededSince.set(name, since);
            const size = store.list('', 'nodes').filter(n => memberOf(g, n)).length;
            if (now - since < s.scaleDownUnneeded || size <= g.minSize)
                continue;
            const taints = [
                ...(node.spec?.taints ?? []),
                { key: TO_BE_DELETED_TAINT, value: String(Math.floor(now / 1000)), effect: 'NoSchedule' }
            ];
            const tainted = store.update({ ...node, spec: { ...node.spec, taints } });
            ctx.events.record(tainted, 'Normal', 'ScaleDown', 'marked the node as toBeDeleted/unschedulable', {
                component: autoscaler_COMPONENT
            });
            recordOnStatus('Normal', 'ScaleDownEmpty', `Scale-down: removing empty node "${name}"`);
            transition(`down/${gName}`, 'InProgress', now);
            added.delete(name);
            registeredAt.delete(name);
            unneededSince.delete(name);
            // The cloud deletes the instance; the node lifecycle controller then removes the Node.
            clock.setTimeout(() => {
                if (store.get('', 'nodes', undefined, name))
                    store.delete('', 'nodes', undefined, name);
                const gpus = g.template.gpus;
                if (gpus)
                    ctx.hardware.setGpus(name, GPU_MODELS[gpus.model], 0);
            }, 1000);
        }
    }
    function transition(key, value, now) {
        const t = transitions.get(key);
        if (!t || t.value !== value)
            transitions.set(key, { value, at: now });
    }
    function statusConfigMap() {
        return store.get('', 'configmaps', STATUS_NS, STATUS_NAME);
    }
    function recordOnStatus(type, reason, message) {
        const cm = statusConfigMap();
        if (cm)
            ctx.events.record(cm, type, reason, message, { component: autoscaler_COMPONENT });
    }
    /** The status ConfigMap, in the YAML form cluster-autoscaler 1.30+ writes. */
    function writeStatus(now) {
        if (!store.get('', 'namespaces', undefined, STATUS_NS))
            return;
        const nodes = store.list('', 'nodes');
        const counts = (list) => {
            const ready = list.filter(isReady).length;
            return {
                registered: { total: list.length, ready, notStarted: list.length - ready },
                longUnregistered: 0,
                unregistered: 0
            };
        };
        const time = (key, value) => {
            transition(key, value, now);
            return { lastProbeTime: caTime(now), lastTransitionTime: caTime(transitions.get(key).at) };
        };
        const groups = ctx.nodeGroups.map(g => {
            const members = nodes.filter(n => memberOf(g, n));
            const inFlight = upcoming.filter(u => u.group === g.name).length +
                members.filter(n => added.has(n.metadata.name) && !settled(g, n)).length;
            const up = (backoffUntil.get(g.name) ?? 0) > now ? 'Backoff' : inFlight ? 'InProgress' : 'NoActivity';
            const candidates = members.filter(n => unneededSince.has(n.metadata.name)).length;
            const down = candidates ? 'CandidatesPresent' : 'NoCandidates';
            return {
                name: g.name,
                health: {
                    status: 'Healthy',
                    nodeCounts: counts(members),
                    cloudProviderTarget: members.length + upcoming.filter(u => u.group === g.name).length,
                    minSize: g.minSize,
                    maxSize: g.maxSize,
                    ...time(`health/${g.name}`, 'Healthy')
                },
                scaleUp: { status: up, ...time(`up/${g.name}`, up) },
                scaleDown: { status: down, ...(candidates ? { candidates } : {}), ...time(`down/${g.name}`, down) }
            };
        });
        const anyUp = groups.some(g => g.scaleUp.status === 'InProgress') ? 'InProgress' : 'NoActivity';
        const anyDown = groups.some(g => g.scaleDown.status === 'CandidatesPresent')
            ? 'CandidatesPresent'
            : 'NoCandidates';
        const body = {
            autoscalerStatus: 'Running',
            clusterWide: {
                health: { status: 'Healthy', nodeCounts: counts(nodes), ...time('health', 'Healthy') },
                scaleUp: { status: anyUp, ...time('up', anyUp) },
                scaleDown: { status: anyDown, ...time('down', anyDown) }
            },
            nodeGroups: groups
        };
        // Rewrite when something other than the probe times changed, or to refresh the timestamp.
        const content = JSON.stringify(body, (k, v) => (k === 'lastProbeTime' ? undefined : v));
        if (content === lastStatus.text && now - lastStatus.at < STATUS_REFRESH_MS)
            return;
        lastStatus = { text: content, at: now };
        const text = (0,dist/* stringify */.As)({ time: caTime(now), ...body }, { lineWidth: 0 });
        const annotations = { 'cluster-autoscaler.kubernetes.io/last-updated': caTime(now) };
        const cm = statusConfigMap();
        if (!cm) {
            store.create({
                apiVersion: 'v1',
                kind: 'ConfigMap',
                metadata: { name: STATUS_NAME, namespace: STATUS_NS, annotations },
                data: { status: text }
            });
            return;
        }
        store.update({
            ...cm,
            metadata: { ...cm.metadata, annotations: { ...(cm.metadata.annotations ?? {}), ...annotations } },
            data: { ...(cm.data ?? {}), status: text }
        });
    }
    schedule();
    return () => {
        stopped = true;
        if (timer)
            clock.clearTimeout(timer);
        for (const u of upcoming)
            if (u.timer)
                clock.clearTimeout(u.timer);
    };
}
function autoscaler_histogram(reasons) {
    const counts = new Map();
    for (const r of reasons)
        counts.set(r, (counts.get(r) ?? 0) + 1);
    return Array.from(counts, ([r, n]) => `${n} ${r}`)
        .sort()
        .join(', ');
}

;// CONCATENATED MODULE: ./src/sim/selectors.ts
/**
 * Label and field selectors as the apiserver parses and applies them: label selectors with
 * equality (`=`, `==`, `!=`), set-based (`in`, `notin`), existence (`key`, `!key`) and `gt`/`lt`
 * requirements; field selectors with `=`, `==`, `!=` on the fields each kind supports.
 */

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Splits on commas that are not inside parentheses. */
function splitTop(text) {
    const parts = [];
    let depth = 0;
    let cur = '';
    for (const ch of text) {
        if (ch === '(')
            depth++;
        if (ch === ')')
            depth--;
        if (ch === ',' && depth === 0) {
            parts.push(cur);
            cur = '';
        }
        else
            cur += ch;
    }
    parts.push(cur);
    return parts;
}
function checkKey(key, whole) {
    if (!KEY.test(key) || key.length > 317) {
        throw badRequest(`unable to parse requirement: found '${key}', expected: valid label key in selector "${whole}"`);
    }
}
function checkValue(v, whole) {
    if (!VALUE.test(v) || v.length > 63) {
        throw badRequest(`unable to parse requirement: values[0]: Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.' (selector "${whole}")`);
    }
}
/** Parses a label selector string; throws 400 BadRequest with the apiserver's wording on errors. */
function parseLabelSelector(text) {
    const reqs = [];
    if (!text || !text.trim())
        return reqs;
    for (const raw of splitTop(text)) {
        const part = raw.trim();
        if (!part)
            throw badRequest(`unable to parse requirement: found '', expected: identifier in selector "${text}"`);
        let m;
        if ((m = part.match(/^!\s*(\S+)$/))) {
            checkKey(m[1], text);
            reqs.push({ key: m[1], op: '!', values: [] });
        }
        else if ((m = part.match(/^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/))) {
            checkKey(m[1], text);
            const values = m[3].split(',').map(v => v.trim());
            values.forEach(v => checkValue(v, text));
            reqs.push({ key: m[1], op: m[2], values });
        }
        else if ((m = part.match(/^([^=!<>\s]+)\s*(==|=|!=)\s*(.*)$/))) {
            checkKey(m[1], text);
            const v = m[3].trim();
            checkValue(v, text);
            reqs.push({ key: m[1], op: m[2] === '!=' ? 'notin' : 'in', values: [v] });
        }
        else if ((m = part.match(/^([^=!<>\s]+)\s*([<>])\s*(\S+)$/))) {
            checkKey(m[1], text);
            if (!/^-?\d+$/.test(m[3]))
                throw badRequest(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer (selector "${text}")`);
            reqs.push({ key: m[1], op: m[2] === '>' ? 'gt' : 'lt', values: [m[3]] });
        }
        else if ((m = part.match(/^(\S+)$/))) {
            checkKey(m[1], text);
            reqs.push({ key: m[1], op: 'exists', values: [] });
        }
        else {
            throw badRequest(`unable to parse requirement: found '${part}', expected: one of '=', '==', '!=', 'in', 'notin' in selector "${text}"`);
        }
    }
    return reqs;
}
function selectors_matchesLabels(sel, labels) {
    for (const r of sel) {
        const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
        const v = has ? labels[r.key] : undefined;
        switch (r.op) {
            case 'in':
                if (!has || !r.values.includes(v))
                    return false;
                break;
            case 'notin':
                if (has && r.values.includes(v))
                    return false;
                break;
            case 'exists':
                if (!has)
                    return false;
                break;
            case '!':
                if (has)
                    return false;
                break;
            case 'gt':
            case 'lt': {
                if (!has || !/^-?\d+$/.test(v))
                    return false;
                const n = Number(v);
                const bound = Number(r.values[0]);
                if (r.op === 'gt' ? !(n > bound) : !(n < bound))
                    return false;
                break;
            }
        }
    }
    return true;
}
/** A metav1.LabelSelector object ({matchLabels, matchExpressions}) as requirements. */
function fromLabelSelectorObject(obj) {
    const reqs = [];
    if (!obj)
        return reqs;
    for (const [key, value] of Object.entries(obj.matchLabels ?? {}))
        reqs.push({ key, op: 'in', values: [value] });
    for (const e of obj.matchExpressions ?? []) {
        const op = e.operator.toLowerCase();
        if (op === 'in')
            reqs.push({ key: e.key, op: 'in', values: e.values ?? [] });
        else if (op === 'notin')
            reqs.push({ key: e.key, op: 'notin', values: e.values ?? [] });
        else if (op === 'exists')
            reqs.push({ key: e.key, op: 'exists', values: [] });
        else if (op === 'doesnotexist')
            reqs.push({ key: e.key, op: '!', values: [] });
    }
    return reqs;
}
/** The string form (`a=b,c in (d,e)`), as Scale.status.selector carries it. */
function formatLabelSelector(sel) {
    return sel
        .map(r => {
        switch (r.op) {
            case 'in':
                return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
            case 'notin':
                return r.values.length === 1
                    ? `${r.key}!=${r.values[0]}`
                    : `${r.key} notin (${r.values.join(',')})`;
            case 'exists':
                return r.key;
            case '!':
                return `!${r.key}`;
            case 'gt':
                return `${r.key}>${r.values[0]}`;
            case 'lt':
                return `${r.key}<${r.values[0]}`;
        }
    })
        .join(',');
}
/** Fields the real apiserver accepts per resource, beyond metadata.name and metadata.namespace. */
const SUPPORTED_FIELDS = {
    '/pods': [
        'spec.nodeName',
        'spec.restartPolicy',
        'spec.schedulerName',
        'spec.serviceAccountName',
        'spec.hostNetwork',
        'status.phase',
        'status.podIP',
        'status.podIPs',
        'status.nominatedNodeName'
    ],
    '/events': [
        'involvedObject.kind',
        'involvedObject.namespace',
        'involvedObject.name',
        'involvedObject.uid',
        'involvedObject.apiVersion',
        'involvedObject.resourceVersion',
        'involvedObject.fieldPath',
        'reason',
        'reportingComponent',
        'source',
        'type'
    ],
    'events.k8s.io/events': [
        'regarding.kind',
        'regarding.namespace',
        'regarding.name',
        'regarding.uid',
        'reason',
        'type',
        'reportingController'
    ],
    '/nodes': ['spec.unschedulable'],
    '/namespaces': ['status.phase'],
    '/secrets': ['type'],
    '/replicationcontrollers': ['status.replicas'],
    'apps/replicasets': ['status.replicas'],
    'batch/jobs': ['status.successful'],
    'certificates.k8s.io/certificatesigningrequests': ['spec.signerName']
};
/** Splits on commas not escaped with a backslash. */
function splitEscaped(text, sep) {
    const out = [];
    let cur = '';
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (ch === '\\' && i + 1 < text.length) {
            cur += text[++i];
        }
        else if (ch === sep) {
            out.push(cur);
            cur = '';
        }
        else
            cur += ch;
    }
    out.push(cur);
    return out;
}
/**
 * Parses a field selector for a resource type. Built-in kinds accept the fields the apiserver
 * supports (others are 400 "field label not supported"); custom resources accept any dotted path.
 */
function parseFieldSelector(text, rtype, custom) {
    const reqs = [];
    if (!text || !text.trim())
        return reqs;
    const allowed = SUPPORTED_FIELDS[`${rtype.group}/${rtype.resource}`] ?? [];
    for (const raw of splitEscaped(text, ',')) {
        const part = raw.trim();
        if (!part)
            continue;
        const m = part.match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
        if (!m)
            throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
        const field = m[1].trim();
        if (field !== 'metadata.name' && field !== 'metadata.namespace' && !allowed.includes(field) && !custom) {
            throw badRequest(`field label not supported: ${field}`);
        }
        reqs.push({ field, negate: m[2] === '!=', value: m[3] });
    }
    return reqs;
}
/** Boolean fields the apiserver renders as "false" when unset. */
const BOOLEAN_FIELDS = new Set(['spec.unschedulable', 'spec.hostNetwork']);
function fieldValue(obj, path) {
    if (path === 'source' && obj.kind === 'Event')
        return String(obj.source?.component ?? obj.reportingComponent ?? '');
    let cur = obj;
    for (const seg of path.split('.')) {
        if (cur === null || cur === undefined || typeof cur !== 'object')
            return '';
        cur = cur[seg];
    }
    if (cur === undefined || cur === null)
        return BOOLEAN_FIELDS.has(path) ? 'false' : '';
    if (Array.isArray(cur))
        return cur.map(x => (typeof x === 'object' ? (x.ip ?? '') : String(x))).join(',');
    return String(cur);
}
function matchesFields(sel, obj) {
    for (const r of sel) {
        const v = fieldValue(obj, r.field);
        if (r.negate ? v === r.value : v !== r.value)
            return false;
    }
    return true;
}

;// CONCATENATED MODULE: ./src/sim/rest/table.ts
/**
 * Server-side printing (meta.k8s.io/v1 Table), which kubectl asks for first: the columns
 * `kubectl get` shows for nodes, pods, namespaces, deployments, services and CRDs, a custom
 * resource's additionalPrinterColumns, and Name/Age for everything else.
 */

function wantsTable(accept) {
    return (!!accept &&
        accept.split(',').some(p => p.replace(/\s+/g, '').includes('as=Table') && p.includes('g=meta.k8s.io')));
}
/** Kubernetes' HumanDuration. */
function humanDuration(ms) {
    const s = Math.floor(ms / 1000);
    if (s < -1)
        return '<invalid>';
    if (s < 0)
        return '0s';
    if (s < 120)
        return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 10)
        return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
    if (m < 180)
        return `${m}m`;
    const h = Math.floor(m / 60);
    if (h < 8)
        return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
    if (h < 48)
        return `${h}h`;
    const d = Math.floor(h / 24);
    if (h < 24 * 8)
        return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
    if (d < 365 * 2)
        return `${d}d`;
    const y = Math.floor(d / 365);
    if (y < 8)
        return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
    return `${y}y`;
}
const table_name = {
    name: 'Name',
    type: 'string',
    format: 'name',
    description: 'Name must be unique within a namespace.',
    cell: o => o.metadata.name
};
function age(now) {
    return {
        name: 'Age',
        type: 'string',
        description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
        cell: o => o.metadata.creationTimestamp
            ? humanDuration(now - Date.parse(o.metadata.creationTimestamp))
            : '<unknown>'
    };
}
function nodeStatus(o) {
    const ready = (o.status?.conditions ?? []).find((c) => c.type === 'Ready');
    let s = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
    if (o.spec?.unschedulable)
        s += ',SchedulingDisabled';
    return s;
}
function nodeRoles(o) {
    const roles = Object.keys(o.metadata.labels ?? {})
        .filter(k => k.startsWith('node-role.kubernetes.io/'))
        .map(k => k.slice('node-role.kubernetes.io/'.length))
        .filter(Boolean);
    if (o.metadata.labels?.['kubernetes.io/role'])
        roles.push(o.metadata.labels['kubernetes.io/role']);
    return roles.length ? roles.sort().join(',') : '<none>';
}
function podStatus(o) {
    if (o.metadata.deletionTimestamp)
        return 'Terminating';
    let reason = o.status?.reason ?? o.status?.phase ?? 'Pending';
    for (const c of o.status?.containerStatuses ?? []) {
        if (c.state?.waiting?.reason)
            reason = c.state.waiting.reason;
        else if (c.state?.terminated?.reason)
            reason = c.state.terminated.reason;
    }
    return reason;
}
function servicePorts(o) {
    const ports = o.spec?.ports ?? [];
    if (!ports.length)
        return '<none>';
    return ports.map(p => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}
/** Evaluates the JSONPath subset printer columns use: `.a.b`, `.a[0].b`, `.a[?(@.k=="v")].b`. */
function jsonPath(obj, path) {
    const re = /\.([^.[\]]+)|\[(\d+)\]|\[\?\(@\.([^=!]+)\s*==\s*["']([^"']*)["']\)\]/g;
    let cur = obj;
    let m;
    const p = path.replace(/^\{|\}$/g, '').replace(/^\$/, '');
    while ((m = re.exec(p)) !== null) {
        if (cur === undefined || cur === null)
            return undefined;
        if (m[1] !== undefined)
            cur = cur[m[1]];
        else if (m[2] !== undefined)
            cur = Array.isArray(cur) ? cur[Number(m[2])] : undefined;
        else
            cur = Array.isArray(cur) ? cur.find(x => x && String(x[m[3].trim()]) === m[4]) : undefined;
    }
    return cur;
}
function columnsFor(call, now) {
    const key = `${call.rtype.group}/${call.rtype.resource}`;
    switch (key) {
        case '/nodes':
            return [
                table_name,
                { name: 'Status', type: 'string', cell: nodeStatus },
                { name: 'Roles', type: 'string', cell: nodeRoles },
                age(now),
                { name: 'Version', type: 'string', cell: o => o.status?.nodeInfo?.kubeletVersion ?? '' },
                {
                    name: 'Internal-IP',
                    type: 'string',
                    priority: 1,
                    cell: o => (o.status?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address ?? '<none>'
                }
            ];
        case '/pods':
            return [
                table_name,
                {
                    name: 'Ready',
                    type: 'string',
                    cell: o => `${(o.status?.containerStatuses ?? []).filter((c) => c.ready).length}/${(o.spec?.containers ?? []).length}`
                },
                { name: 'Status', type: 'string', cell: podStatus },
                {
                    name: 'Restarts',
                    type: 'string',
                    cell: o => String((o.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0))
                },
                age(now),
                { name: 'IP', type: 'string', priority: 1, cell: o => o.status?.podIP ?? '<none>' },
                { name: 'Node', type: 'string', priority: 1, cell: o => o.spec?.nodeName ?? '<none>' }
            ];
        case '/namespaces':
            return [table_name, { name: 'Status', type: 'string', cell: o => o.status?.phase ?? 'Active' }, age(now)];
        case '/services':
            return [
                table_name,
                { name: 'Type', type: 'string', cell: o => o.spec?.type ?? 'ClusterIP' },
                { name: 'Cluster-IP', type: 'string', cell: o => o.spec?.clusterIP ?? '<none>' },
                {
                    name: 'External-IP',
                    type: 'string',
                    cell: o => (o.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname).join(',') || '<none>'
                },
                { name: 'Port(s)', type: 'string', cell: servicePorts },
                age(now)
            ];
        case 'apps/deployments':
            return [
                table_name,
                {
                    name: 'Ready',
                    type: 'string',
                    cell: o => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`
                },
                { name: 'Up-to-date', type: 'integer', cell: o => o.status?.updatedReplicas ?? 0 },
                { name: 'Available', type: 'integer', cell: o => o.status?.availableReplicas ?? 0 },
                age(now)
            ];
        case 'apiextensions.k8s.io/customresourcedefinitions':
            return [table_name, { name: 'Created At', type: 'date', cell: o => o.metadata.creationTimestamp }];
        case 'apiregistration.k8s.io/apiservices':
            return [
                table_name,
                {
                    name: 'Service',
                    type: 'string',
                    cell: o => (o.spec?.service ? `${o.spec.service.namespace}/${o.spec.service.name}` : 'Local')
                },
                {
                    name: 'Available',
                    type: 'string',
                    cell: o => {
                        const c = (o.status?.conditions ?? []).find((x) => x.type === 'Available');
                        if (!c)
                            return 'Unknown';
                        return c.status === 'True' ? 'True' : `${c.status} (${c.reason ?? ''})`;
                    }
                },
                age(now)
            ];
        case 'apps/replicasets':
            return [
                table_name,
                { name: 'Desired', type: 'integer', cell: o => o.spec?.replicas ?? 1 },
                { name: 'Current', type: 'integer', cell: o => o.status?.replicas ?? 0 },
                { name: 'Ready', type: 'integer', cell: o => o.status?.readyReplicas ?? 0 },
                age(now)
            ];
        case 'apps/statefulsets':
            return [
                table_name,
                {
                    name: 'Ready',
                    type: 'string',
                    cell: o => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`
                },
                age(now)
            ];
        case 'apps/daemonsets':
            return [
                table_name,
                { name: 'Desired', type: 'integer', cell: o => o.status?.desiredNumberScheduled ?? 0 },
                { name: 'Current', type: 'integer', cell: o => o.status?.currentNumberScheduled ?? 0 },
                { name: 'Ready', type: 'integer', cell: o => o.status?.numberReady ?? 0 },
                { name: 'Up-to-date', type: 'integer', cell: o => o.status?.updatedNumberScheduled ?? 0 },
                { name: 'Available', type: 'integer', cell: o => o.status?.numberAvailable ?? 0 },
                {
                    name: 'Node Selector',
                    type: 'string',
                    cell: o => Object.entries(o.spec?.template?.spec?.nodeSelector ?? {})
                        .map(([k, v]) => `${k}=${v}`)
                        .join(',') || '<none>'
                },
                age(now)
            ];
        case 'batch/jobs':
            return [
                table_name,
                {
                    name: 'Status',
                    type: 'string',
                    cell: o => {
                        const conds = o.status?.conditions ?? [];
                        const on = (t) => conds.some(c => c.type === t && c.status === 'True');
                        if (on('Complete'))
                            return 'Complete';
                        if (on('Failed'))
                            return 'Failed';
                        if (on('Suspended'))
                            return 'Suspended';
                        return 'Running';
                    }
                },
                {
                    name: 'Completions',
                    type: 'string',
                    cell: o => `${o.status?.succeeded ?? 0}/${o.spec?.completions ?? 1}`
                },
                age(now)
            ];
        case '/events':
            return [
                {
                    name: 'Last Seen',
                    type: 'string',
                    cell: o => o.lastTimestamp || o.eventTime
                        ? humanDuration(now - Date.parse(o.lastTimestamp ?? o.eventTime))
                        : '<unknown>'
                },
                { name: 'Type', type: 'string', cell: o => o.type ?? '' },
                { name: 'Reason', type: 'string', cell: o => o.reason ?? '' },
                {
                    name: 'Object',
                    type: 'string',
                    cell: o => `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`
                },
                { name: 'Message', type: 'string', cell: o => o.message ?? '' }
            ];
        case '/configmaps':
            return [
                table_name,
                {
                    name: 'Data',
                    type: 'integer',
                    cell: o => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length
                },
                age(now)
            ];
        case '/secrets':
            return [
                table_name,
                { name: 'Type', type: 'string', cell: o => o.type ?? 'Opaque' },
                { name: 'Data', type: 'integer', cell: o => Object.keys(o.data ?? {}).length },
                age(now)
            ];
    }
    if (call.custom) {
        const version = crdVersion(call.api.store, call.rtype.group, call.rtype.resource, call.info.version);
        const extra = version?.additionalPrinterColumns ?? [];
        if (extra.length) {
            return [
                table_name,
                ...extra.map(c => ({
                    name: String(c.name),
                    type: String(c.type ?? 'string'),
                    priority: c.priority ?? 0,
                    description: c.description,
                    cell: (o) => {
                        const v = jsonPath(o, String(c.jsonPath ?? ''));
                        if (c.type === 'date' && typeof v === 'string')
                            return humanDuration(now - Date.parse(v));
                        return v === undefined ? null : v;
                    }
                }))
            ];
        }
    }
    return [table_name, age(now)];
}
function tableFor(call, objects, resourceVersion) {
    const now = call.api.store.clock.now();
    const columns = columnsFor(call, now);
    const include = call.info.query.get('includeObject') ?? 'Metadata';
    return {
        kind: 'Table',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { resourceVersion },
        columnDefinitions: columns.map(c => ({
            name: c.name,
            type: c.type,
            format: c.format ?? '',
            description: c.description ?? '',
            priority: c.priority ?? 0
        })),
        rows: objects.map(o => ({
            cells: columns.map(c => c.cell(o) ?? null),
            object: include === 'None'
                ? undefined
                : include === 'Object'
                    ? { ...o, apiVersion: call.apiVersion }
                    : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata }
        }))
    };
}

;// CONCATENATED MODULE: ./src/sim/controllers/scale-target.ts
/**
 * A scale target as the scale subresource presents it (autoscaling/v1 Scale): Deployments,
 * ReplicaSets, StatefulSets and custom resources whose CRD declares a scale subresource
 * (specReplicasPath, statusReplicasPath, labelSelectorPath). Controllers read and write it here.
 */



const BUILTIN_SCALABLE = new Set([
    'apps/deployments',
    'apps/replicasets',
    'apps/statefulsets',
    '/replicationcontrollers'
]);
/** The target's Scale, or the error the scale client would report. */
function getScale(store, namespace, ref) {
    const group = (ref.apiVersion ?? '').includes('/') ? ref.apiVersion.split('/')[0] : '';
    const rtype = store.allTypes().find(t => t.group === group && t.kind === ref.kind);
    if (!rtype)
        return { error: `no matches for kind "${ref.kind}" in group "${group}"` };
    let paths = { spec: '.spec.replicas', status: '.status.replicas' };
    if (!BUILTIN_SCALABLE.has(`${rtype.group}/${rtype.resource}`)) {
        const version = (ref.apiVersion ?? '').split('/')[1] ?? rtype.versions[0];
        const scale = crdVersion(store, rtype.group, rtype.resource, version)?.subresources?.scale;
        if (!scale)
            return {
                error: `the server could not find the requested resource (get ${rtype.resource}.${rtype.group} ${ref.name})`
            };
        paths = {
            spec: scale.specReplicasPath,
            status: scale.statusReplicasPath,
            selector: scale.labelSelectorPath
        };
    }
    const obj = store.get(rtype.group, rtype.resource, namespace, ref.name ?? '');
    if (!obj)
        return { error: `${rtype.resource}${rtype.group ? `.${rtype.group}` : ''} "${ref.name}" not found` };
    let selector = '';
    if (paths.selector) {
        const v = jsonPath(obj, paths.selector);
        selector = typeof v === 'string' ? v : '';
    }
    else if (obj.spec?.selector) {
        selector = formatLabelSelector(fromLabelSelectorObject(obj.spec.selector));
    }
    const specReplicas = jsonPath(obj, paths.spec);
    return {
        rtype,
        obj,
        replicas: specReplicas === undefined ? 1 : Number(specReplicas),
        statusReplicas: Number(jsonPath(obj, paths.status) ?? 0),
        selector,
        paths
    };
}
/** Writes a new replica count through the Scale's spec path. */
function setScale(store, scale, replicas) {
    const cur = store.get(scale.rtype.group, scale.rtype.resource, scale.obj.metadata.namespace, scale.obj.metadata.name);
    if (!cur)
        return;
    const next = structuredClone(cur);
    const segs = scale.paths.spec.replace(/^\./, '').split('.');
    let at = next;
    for (const s of segs.slice(0, -1))
        at = at[s] = typeof at[s] === 'object' && at[s] !== null ? at[s] : {};
    at[segs[segs.length - 1]] = replicas;
    store.update(next);
}

;// CONCATENATED MODULE: ./src/sim/controllers/hpa.ts
/**
 * The HorizontalPodAutoscaler controller of kube-controller-manager (autoscaling/v2): every sync
 * period it reads the target's scale subresource, fetches Pods / Object / External metrics from
 * the custom and external metrics APIs through the aggregation layer (the APIService the
 * scenario registers, so an adapter that is down or a metric that is missing shows as it does on
 * a real cluster), computes the desired replicas with the upstream replica calculator (tolerance,
 * missing pods, scale-up limit, downscale stabilization, min/max), rescales the target and
 * reports currentReplicas, desiredReplicas, currentMetrics, the AbleToScale / ScalingActive /
 * ScalingLimited conditions and SuccessfulRescale / FailedGetPodsMetric / ... events with the
 * upstream wording.
 *
 * Broken (`neverScales`): metrics are read and reported, but the desired count stays the
 * current one and the target is never rescaled.
 */








const hpa_COMPONENT = 'horizontal-pod-autoscaler';
class MetricsError extends Error {
}
function startHpaController(ctx, api) {
    const { store } = ctx;
    const queue = new WorkQueue(ctx.clock, k => void sync(k), 0, (k, e) => ctx.warn(`horizontal-pod-autoscaler: ${k}: ${e.message}`));
    const resync = new Map();
    const recommendations = new Map();
    const running = new Set();
    const again = new Set();
    async function sync(key) {
        if (running.has(key)) {
            again.add(key);
            return;
        }
        running.add(key);
        try {
            await reconcile(key);
        }
        catch (e) {
            ctx.warn(`horizontal-pod-autoscaler: ${key}: ${e.message}`);
        }
        finally {
            running.delete(key);
            const [ns, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
            if (store.get('autoscaling', 'horizontalpodautoscalers', ns, name)) {
                const prior = resync.get(key);
                if (prior)
                    ctx.clock.clearTimeout(prior);
                resync.set(key, ctx.clock.setTimeout(() => queue.add(key), ctx.controllers.hpa.syncPeriod));
            }
            if (again.delete(key))
                queue.add(key);
        }
    }
    async function reconcile(key) {
        const [ns, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
        const hpa = store.get('autoscaling', 'horizontalpodautoscalers', ns, name);
        if (!hpa) {
            recommendations.delete(key);
            return;
        }
        const settings = ctx.controllers.hpa;
        const spec = v2Spec(hpa);
        let conditions = hpa.status?.conditions;
        const now = store.timestamp();
        const set = (type, status, reason, message) => {
            conditions = withCondition(conditions, { type, status, reason, message }, now);
        };
        const write = (extra) => {
            const cur = store.get('autoscaling', 'horizontalpodautoscalers', ns, name);
            if (cur)
                writeStatus(store, cur, {
                    ...(cur.status ?? {}),
                    observedGeneration: cur.metadata.generation,
                    ...extra,
                    conditions
                });
        };
        const scale = getScale(store, ns, spec.scaleTargetRef ?? {});
        if ('error' in scale) {
            ctx.events.record(hpa, 'Warning', 'FailedGetScale', scale.error, { component: hpa_COMPONENT });
            set('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${scale.error}`);
            return write({});
        }
        set('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
        const current = scale.replicas;
        const min = spec.minReplicas ?? 1;
        const max = spec.maxReplicas ?? min;
        if (!recommendations.has(key))
            recommendations.set(key, [{ replicas: current, at: ctx.clock.now() }]);
        let desired;
        let reason = '';
        let statuses = hpa.status?.currentMetrics;
        if (current === 0 && min !== 0) {
            set('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
            desired = 0;
        }
        else if (current > max) {
            desired = max;
            reason = 'Current number of replicas above Spec.MaxReplicas';
        }
        else if (current < min) {
            desired = min;
            reason = 'Current number of replicas below Spec.MinReplicas';
        }
        else {
            const results = await Promise.all((spec.metrics ?? []).map((m) => computeMetric(hpa, ns, m, scale).catch(e => toFailure(m, e))));
            statuses = results
                .map(r => ('status' in r ? r.status : undefined))
                .filter((x) => Boolean(x));
            const ok = results.filter((r) => 'status' in r);
            const bad = results.filter((r) => !('status' in r));
            for (const f of bad)
                ctx.events.record(hpa, 'Warning', f.reason, f.error, { component: hpa_COMPONENT });
            if (!ok.length) {
                const first = bad[0];
                if (first)
                    set('ScalingActive', 'False', first.reason, `the HPA was unable to compute the replica count: ${first.error}`);
                const message = first
                    ? `invalid metrics (${bad.length} invalid out of ${results.length}), first error is: ${first.wrapped}`
                    : 'no metrics to compute the replica count from';
                ctx.events.record(hpa, 'Warning', 'FailedComputeMetricsReplicas', message, { component: hpa_COMPONENT });
                return write({
                    currentReplicas: scale.statusReplicas,
                    desiredReplicas: hpa.status?.desiredReplicas ?? current,
                    currentMetrics: statuses.length ? statuses : undefined
                });
            }
            const best = ok.reduce((a, b) => (b.replicas > a.replicas ? b : a));
            set('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${best.metric}`);
            desired = best.replicas;
            if (desired > current)
                reason = `${best.metric} above target`;
            if (desired < current)
                reason = 'All metrics below target';
            desired = normalize(key, spec, current, desired, min, max, set);
            if (settings.neverScales) {
                desired = current;
                set('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
                set('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range');
            }
        }
        let lastScaleTime = hpa.status?.lastScaleTime;
        if (desired !== current && !settings.neverScales) {
            setScale(store, scale, desired);
            set('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
            ctx.events.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, {
                component: hpa_COMPONENT
            });
            lastScaleTime = now;
        }
        write({
            lastScaleTime,
            currentReplicas: scale.statusReplicas,
            desiredReplicas: desired,
            currentMetrics: statuses?.length ? statuses : undefined
        });
    }
    /** Stabilization window, scale-up rate limit and min/max, with the conditions they set. */
    function normalize(key, spec, current, proposed, min, max, set) {
        const now = ctx.clock.now();
        const behavior = spec.behavior;
        const upWindow = (behavior?.scaleUp?.stabilizationWindowSeconds ?? 0) * 1000;
        const downWindow = behavior?.scaleDown?.stabilizationWindowSeconds !== undefined
            ? behavior.scaleDown.stabilizationWindowSeconds * 1000
            : ctx.controllers.hpa.downscaleStabilization;
        const recs = recommendations.get(key) ?? [];
        let stabilized = proposed;
        if (proposed >= current) {
            for (const r of recs)
                if (now - r.at <= upWindow)
                    stabilized = Math.min(stabilized, r.replicas);
        }
        else {
            for (const r of recs)
                if (now - r.at <= downWindow)
                    stabilized = Math.max(stabilized, r.replicas);
        }
        const keep = Math.max(upWindow, downWindow);
        recommendations.set(key, [...recs.filter(r => now - r.at <= keep), { replicas: proposed, at: now }]);
        if (stabilized !== proposed) {
            if (proposed >= current)
                set('AbleToScale', 'True', 'ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation');
            else
                set('AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
        }
        else
            set('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
        const upLimit = scaleUpLimit(behavior, current);
        let out = stabilized;
        let limited;
        if (stabilized > current) {
            const allowed = Math.min(max, Math.max(upLimit, current));
            if (stabilized > allowed) {
                out = allowed;
                limited =
                    max > upLimit
                        ? ['ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
                        : ['TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
            }
        }
        else if (stabilized < min) {
            out = min;
            limited = ['TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
        }
        if (out > max) {
            out = max;
            limited = ['TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
        }
        if (limited)
            set('ScalingLimited', 'True', limited[0], limited[1]);
        else
            set('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range');
        return out;
    }
    async function computeMetric(hpa, ns, m, scale) {
        const tol = ctx.controllers.hpa.tolerance;
        const pods = targetPods(ns, scale.selector);
        switch (m?.type) {
            case 'Pods': {
                const name = m.pods?.metric?.name;
                const target = milliOf(m.pods?.target?.averageValue);
                const list = await fetchMetrics('custom.metrics.k8s.io', `namespaces/${ns}/pods/*/${name}`, scale.selector, m.pods?.metric?.selector, `pods`, name);
                const byPod = new Map();
                for (const it of list.items ?? [])
                    if (pods.some(p => p.metadata.name === it.describedObject?.name))
                        byPod.set(it.describedObject.name, milliOf(it.value));
                if (!byPod.size)
                    throw new MetricsError(`unable to get metric ${name}: no metrics returned from custom metrics API`);
                const { replicas, usage } = plainMetricReplicas(byPod, pods, scale.replicas, target, tol);
                return {
                    replicas,
                    metric: `pods metric ${name}`,
                    status: {
                        type: 'Pods',
                        pods: {
                            metric: { name, ...(m.pods?.metric?.selector ? { selector: m.pods.metric.selector } : {}) },
                            current: { averageValue: formatQuantity(usage) }
                        }
                    }
                };
            }
            case 'Object': {
                const name = m.object?.metric?.name;
                const obj = m.object?.describedObject ?? {};
                const resource = `${String(obj.kind ?? '').toLowerCase()}s`;
                const list = await fetchMetrics('custom.metrics.k8s.io', `namespaces/${ns}/${resource}/${obj.name}/${name}`, undefined, m.object?.metric?.selector, resource, name);
                const item = (list.items ?? [])[0];
                if (!item)
                    throw new MetricsError(`unable to get metric ${name}: ${obj.kind} on ${ns} ${obj.name}/no metrics returned from custom metrics API`);
                const value = milliOf(item.value);
                const ready = pods.filter(isReady).length;
                const metric = {
                    name,
                    ...(m.object?.metric?.selector ? { selector: m.object.metric.selector } : {})
                };
                if (m.object?.target?.type === 'AverageValue') {
                    const target = milliOf(m.object.target.averageValue);
                    const replicas = perPodReplicas(value, target, scale.statusReplicas, tol);
                    return {
                        replicas,
                        metric: `external metric ${name}(${JSON.stringify(m.object.metric.selector ?? null)})`,
                        status: {
                            type: 'Object',
                            object: {
                                describedObject: obj,
                                metric,
                                current: { averageValue: formatQuantity(value / Math.max(1, scale.statusReplicas)) }
                            }
                        }
                    };
                }
                const target = milliOf(m.object?.target?.value);
                const ratio = value / target;
                const replicas = Math.abs(1 - ratio) <= tol ? scale.replicas : Math.ceil(ratio * ready);
                return {
                    replicas,
                    metric: `${obj.kind} metric ${name}`,
                    status: {
                        type: 'Object',
                        object: { describedObject: obj, metric, current: { value: formatQuantity(value) } }
                    }
                };
            }
            case 'External': {
                const name = m.external?.metric?.name;
                const sel = m.external?.metric?.selector;
                const list = await fetchMetrics('external.metrics.k8s.io', `namespaces/${ns}/${name}`, selectorText(sel), undefined, undefined, name, true);
                const items = list.items ?? [];
                if (!items.length)
                    throw new MetricsError(`unable to get external metric ${ns}/${name}/${JSON.stringify(sel ?? {})}: no metrics returned from external metrics API`);
                const total = items.reduce((s, it) => s + milliOf(it.value), 0);
                const metric = { name, ...(sel ? { selector: sel } : {}) };
                const label = `external metric ${name}(${JSON.stringify(sel ?? null)})`;
                if (m.external?.target?.type === 'AverageValue' || m.external?.target?.averageValue !== undefined) {
                    const target = milliOf(m.external.target.averageValue);
                    const replicas = perPodReplicas(total, target, scale.statusReplicas, tol);
                    return {
                        replicas,
                        metric: label,
                        status: {
                            type: 'External',
                            external: {
                                metric,
                                current: { averageValue: formatQuantity(total / Math.max(1, scale.statusReplicas)) }
                            }
                        }
                    };
                }
                const target = milliOf(m.external?.target?.value);
                const ratio = total / target;
                const replicas = Math.abs(1 - ratio) <= tol ? scale.replicas : Math.ceil(ratio * pods.filter(isReady).length);
                return {
                    replicas,
                    metric: label,
                    status: { type: 'External', external: { metric, current: { value: formatQuantity(total) } } }
                };
            }
            case 'Resource':
            case 'ContainerResource': {
                const r = m.resource?.name ?? m.containerResource?.name;
                throw new MetricsError(`unable to get metrics for resource ${r}: no metrics returned from resource metrics API`);
            }
            default:
                throw new MetricsError(`unknown metric source type "${m?.type}"`);
        }
    }
    /** GETs a metrics API path through the aggregation layer, as the metrics clients do. */
    async function fetchMetrics(group, rest, labelSelector, metricSelector, resource, metric, external = false) {
        const apiName = external ? 'external' : 'custom';
        const fail = (why) => {
            throw new MetricsError(external
                ? `unable to get external metric ${rest.split('/')[1]}/${metric}/${JSON.stringify(metricSelector ?? {})}: unable to fetch metrics from external metrics API: ${why}`
                : `unable to get metric ${metric}: unable to fetch metrics from ${apiName} metrics API: ${why}`);
        };
        const service = remoteGroups(store).get(group)?.[0];
        if (!service || !api.aggregated)
            return fail(`no ${apiName} metrics API (${group}) registered`);
        const query = new URLSearchParams();
        if (labelSelector)
            query.set('labelSelector', labelSelector);
        if (metricSelector)
            query.set('metricLabelSelector', selectorText(metricSelector));
        const version = service.spec.version;
        const path = `/apis/${group}/${version}/${rest}`;
        const what = resource
            ? `${resource}.${group} ${rest.split('/').slice(3, 4)[0] ?? '*'}`
            : `${metric}.${group}`;
        let res;
        const available = (service.status?.conditions ?? []).some((c) => c.type === 'Available' && c.status === 'True');
        if (available)
            res = await api.aggregated({ group, version, apiService: service }, { method: 'GET', path, query, headers: {}, body: Buffer.alloc(0) });
        if (!res)
            return fail(`the server is currently unable to handle the request (get ${what})`);
        let body;
        try {
            body = JSON.parse(res.body.toString());
        }
        catch {
            return fail(`the server responded with an unreadable body (status ${res.status})`);
        }
        if (res.status !== 200)
            return fail(String(body?.message ?? `status ${res.status}`));
        return body;
    }
    function targetPods(ns, selector) {
        if (!selector)
            return [];
        const sel = parseLabelSelector(selector);
        return store
            .list('', 'pods', ns)
            .filter(p => selectors_matchesLabels(sel, p.metadata.labels) && !isTerminal(p) && !p.metadata.deletionTimestamp);
    }
    function toFailure(m, e) {
        if (!(e instanceof MetricsError))
            throw e;
        const type = m?.type;
        const reason = type === 'Pods'
            ? 'FailedGetPodsMetric'
            : type === 'Object'
                ? 'FailedGetObjectMetric'
                : type === 'External'
                    ? 'FailedGetExternalMetric'
                    : type === 'Resource' || type === 'ContainerResource'
                        ? 'FailedGetResourceMetric'
                        : 'InvalidMetricSourceType';
        const wrapped = type === 'Pods'
            ? `failed to get pods metric value: ${e.message}`
            : type === 'Object'
                ? `failed to get object metric value: ${e.message}`
                : type === 'Resource' || type === 'ContainerResource'
                    ? `failed to get ${m.resource?.name ?? m.containerResource?.name} utilization: ${e.message}`
                    : e.message;
        return { reason, error: e.message, wrapped };
    }
    for (const h of store.list('autoscaling', 'horizontalpodautoscalers'))
        queue.add(`${h.metadata.namespace}/${h.metadata.name}`);
    const unsubscribe = store.onChange(c => {
        if (c.rtype.group !== 'autoscaling' || c.rtype.resource !== 'horizontalpodautoscalers')
            return;
        const key = `${c.object.metadata.namespace}/${c.object.metadata.name}`;
        if (c.type === 'DELETED') {
            const t = resync.get(key);
            if (t)
                ctx.clock.clearTimeout(t);
            resync.delete(key);
            recommendations.delete(key);
            return;
        }
        // New HPAs and spec changes are synced at once; status writes wait for the next period.
        if (c.type === 'ADDED' || c.old?.metadata.generation !== c.object.metadata.generation)
            queue.add(key);
    });
    return () => {
        unsubscribe();
        queue.stop();
        for (const t of resync.values())
            ctx.clock.clearTimeout(t);
    };
}
/** An autoscaling/v1 HPA read as v2 (its CPU utilization target as a Resource metric). */
function v2Spec(hpa) {
    const spec = hpa.spec ?? {};
    if (spec.metrics || spec.targetCPUUtilizationPercentage === undefined)
        return spec;
    return {
        ...spec,
        metrics: [
            {
                type: 'Resource',
                resource: {
                    name: 'cpu',
                    target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage }
                }
            }
        ]
    };
}
function isReady(p) {
    return (p.status?.phase === 'Running' &&
        (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'));
}
function milliOf(q) {
    if (typeof q === 'number')
        return Math.round(q * 1000);
    const m = /^([+-]?\d+(?:\.\d+)?)(m|k|M|G|Ki|Mi|Gi)?$/.exec(String(q ?? '').trim());
    if (!m)
        return NaN;
    const f = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[m[2] ?? ''] ?? 1;
    return Math.round(Number(m[1]) * f * 1000);
}
function selectorText(sel) {
    if (!sel)
        return '';
    const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
    for (const e of sel.matchExpressions ?? []) {
        const op = String(e.operator).toLowerCase();
        if (op === 'in' || op === 'notin')
            parts.push(`${e.key} ${op} (${(e.values ?? []).join(',')})`);
        else if (op === 'exists')
            parts.push(e.key);
        else if (op === 'doesnotexist')
            parts.push(`!${e.key}`);
    }
    return parts.join(',');
}
/**
 * The replica calculator for a per-pod metric (upstream calcPlainMetricReplicas): the average
 * over pods with a value against the target; pods without one count as at target when scaling
 * down and as zero when scaling up, and a change within the tolerance keeps the current count.
 */
function plainMetricReplicas(byPod, pods, current, target, tol) {
    const values = Array.from(byPod.values());
    const usage = values.reduce((s, v) => s + v, 0) / values.length;
    const ratio = usage / target;
    const missing = pods.filter(p => !byPod.has(p.metadata.name)).length;
    if (!missing)
        return { replicas: Math.abs(1 - ratio) <= tol ? current : Math.ceil(ratio * values.length), usage };
    const filled = [...values, ...Array(missing).fill(ratio < 1 ? target : 0)];
    const newRatio = filled.reduce((s, v) => s + v, 0) / filled.length / target;
    if (Math.abs(1 - newRatio) <= tol || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1))
        return { replicas: current, usage };
    return { replicas: Math.ceil(newRatio * filled.length), usage };
}
/** An AverageValue target on a total (External, Object): total / target, within tolerance of the current count. */
function perPodReplicas(total, target, statusReplicas, tol) {
    const replicas = Math.ceil(total / target);
    if (statusReplicas > 0 && Math.abs(1 - total / (target * statusReplicas)) <= tol)
        return statusReplicas;
    return replicas;
}
/**
 * How far one sync may scale up: without behavior, max(2 × current, 4); with behavior, its
 * scale-up policies (default 100 % or 4 pods, the larger), chosen by selectPolicy.
 */
function scaleUpLimit(behavior, current) {
    if (!behavior)
        return Math.max(2 * current, 4);
    const rules = behavior.scaleUp ?? {};
    if (rules.selectPolicy === 'Disabled')
        return current;
    const policies = rules.policies ?? [
        { type: 'Percent', value: 100 },
        { type: 'Pods', value: 4 }
    ];
    const proposals = policies.map(p => p.type === 'Pods' ? current + Number(p.value) : Math.ceil(current * (1 + Number(p.value) / 100)));
    return rules.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
}

;// CONCATENATED MODULE: ./src/sim/controllers/kueue.ts
/**
 * Kueue (kueue.x-k8s.io, v0.15): a batch/v1 Job carrying the queue-name label (or the legacy
 * annotation) is created suspended by Kueue's mutating webhook and gets a Workload; the Workload
 * is admitted only when the whole job (podSet count × per-pod requests) fits the unused quota of
 * its ClusterQueue in one flavor per resource group — all or nothing — and then the Job is
 * unsuspended so all its pods start together. Quota is released when the Job finishes or goes.
 * ClusterQueues and LocalQueues report Active and their workload counts, as Kueue does.
 *
 * Broken (`admitPartially`): every workload is admitted whatever the quota, and the job's pods
 * start one at a time (parallelism raised step by step), i.e. not all-or-nothing.
 */








const kueue_G = 'kueue.x-k8s.io';
const QUEUE_NAME_LABEL = 'kueue.x-k8s.io/queue-name';
/** Namespaces Kueue's default managedJobsNamespaceSelector leaves alone. */
const UNMANAGED_NAMESPACES = ['kube-system', 'kueue-system'];
const kueue_COMPONENT = 'kueue-admission';
const RESOURCE_IN_USE = 'kueue.x-k8s.io/resource-in-use';
/** The LocalQueue a Job asks for (label, or the legacy annotation). */
function queueNameOf(job) {
    return job.metadata.labels?.[QUEUE_NAME_LABEL] ?? job.metadata.annotations?.[QUEUE_NAME_LABEL];
}
/** The mutating webhooks of Kueue's configuration, by the resource they are called for. */
const WEBHOOKS = {
    'batch/jobs': { name: 'mjob.kb.io', path: '/mutate-batch-v1-job' },
    [`${kueue_G}/clusterqueues`]: { name: 'mclusterqueue.kb.io', path: '/mutate-kueue-x-k8s-io-v1beta2-clusterqueue' },
    [`${kueue_G}/resourceflavors`]: { name: 'mresourceflavor.kb.io', path: '/mutate-kueue-x-k8s-io-v1beta2-resourceflavor' },
    [`${kueue_G}/workloads`]: { name: 'mworkload.kb.io', path: '/mutate-kueue-x-k8s-io-v1beta2-workload' }
};
/**
 * Kueue's mutating webhooks: a managed batch/v1 Job is created suspended (mjob.kb.io). With the
 * webhook Service down, the apiserver cannot call them and (failurePolicy Fail) refuses every Job
 * in the namespaces the Job webhook covers, and every ClusterQueue, ResourceFlavor and Workload.
 */
function kueueAdmission(ctx) {
    return req => {
        const s = ctx.controllers.kueue;
        const hook = WEBHOOKS[`${req.rtype.group}/${req.rtype.resource}`];
        if (!s || !hook || req.operation !== 'CREATE' || req.subresource)
            return;
        const isJob = req.rtype.group === 'batch';
        if (isJob && UNMANAGED_NAMESPACES.includes(req.object.metadata.namespace ?? ''))
            return;
        const svc = s.webhookService;
        if (svc && !serviceHasReadyEndpoints(ctx.store, svc)) {
            throw internalError(`failed calling webhook "${hook.name}": failed to call webhook: Post "https://${svc.name}.${svc.namespace}.svc:443${hook.path}?timeout=10s": no endpoints available for service "${svc.name}"`);
        }
        if (!isJob) {
            // The ResourceFlavor and ClusterQueue webhooks default the resource-in-use finalizer.
            const have = req.object.metadata.finalizers ?? [];
            if (req.rtype.resource === 'workloads' || have.includes(RESOURCE_IN_USE))
                return;
            return { ...req.object, metadata: { ...req.object.metadata, finalizers: [...have, RESOURCE_IN_USE] } };
        }
        if (!queueNameOf(req.object) || req.object.spec?.suspend === true)
            return;
        return { ...req.object, spec: { ...(req.object.spec ?? {}), suspend: true } };
    };
}
const isFinished = (o) => getCondition(o, 'Finished')?.status === 'True';
const hasQuota = (wl) => getCondition(wl, 'QuotaReserved')?.status === 'True';
const jobDone = (job) => (job.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
function startKueueController(ctx) {
    const { store } = ctx;
    const queue = new WorkQueue(ctx.clock, () => reconcile(), 0, (_k, e) => ctx.warn(`kueue: ${e.message}`));
    /** job uid → the parallelism the broken mode is stepping up to. */
    const stepping = new Map();
    const lastPending = new Map();
    const version = () => `${kueue_G}/${store.typeOf(kueue_G, 'workloads')?.versions[0] ?? 'v1beta2'}`;
    function reconcile() {
        const s = ctx.controllers.kueue;
        if (!s || !store.typeOf(kueue_G, 'workloads') || !gateOpen(ctx, s.pod))
            return;
        ensureWorkloads();
        const flavors = new Map(store.list(kueue_G, 'resourceflavors').map(f => [f.metadata.name, f]));
        const cqs = new Map(store.list(kueue_G, 'clusterqueues').map(c => [c.metadata.name, c]));
        const active = new Map();
        for (const [name, cq] of cqs)
            active.set(name, cqActive(cq, flavors));
        const workloads = store
            .list(kueue_G, 'workloads')
            .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
        const usage = {};
        const add = (cq, flavor, r, v) => {
            usage[cq] ??= {};
            usage[cq][flavor] ??= {};
            usage[cq][flavor][r] = (usage[cq][flavor][r] ?? 0) + v;
        };
        for (const wl of workloads)
            finishIfJobDone(wl);
        for (const wl of store.list(kueue_G, 'workloads')) {
            if (!hasQuota(wl) || isFinished(wl) || wl.metadata.deletionTimestamp)
                continue;
            const adm = wl.status?.admission;
            const req = workloadRequests(wl);
            for (const ps of adm?.podSetAssignments ?? [])
                for (const [r, flavor] of Object.entries(ps.flavors ?? {}))
                    add(adm.clusterQueue, flavor, r, req[r] ?? 0);
        }
        for (const wl of workloads) {
            const cur = store.get(kueue_G, 'workloads', wl.metadata.namespace, wl.metadata.name);
            if (!cur || isFinished(cur) || hasQuota(cur) || cur.metadata.deletionTimestamp)
                continue;
            admitOrQueue(cur, cqs, active, usage, s.admitPartially);
        }
        for (const wl of store.list(kueue_G, 'workloads'))
            if (hasQuota(wl) && !isFinished(wl))
                startJob(wl, flavors);
        writeQueueStatus(cqs, active);
        guardDeletion();
    }
    /**
     * The resource-in-use finalizer: a Workload holding quota, a ClusterQueue with such Workloads
     * and a ResourceFlavor some ClusterQueue names are only deleted once no longer in use.
     */
    function guardDeletion() {
        const holding = (wl) => hasQuota(wl) && !isFinished(wl) && !wl.metadata.deletionTimestamp;
        for (const wl of store.list(kueue_G, 'workloads'))
            setFinalizer('workloads', wl, holding(wl));
        const inUse = new Set(store
            .list(kueue_G, 'workloads')
            .filter(holding)
            .map(w => w.status?.admission?.clusterQueue));
        for (const cq of store.list(kueue_G, 'clusterqueues')) {
            setFinalizer('clusterqueues', cq, !cq.metadata.deletionTimestamp || inUse.has(cq.metadata.name));
        }
        // ClusterQueues still present (terminating ones included) keep their flavors.
        const named = new Set(store
            .list(kueue_G, 'clusterqueues')
            .flatMap(cq => (cq.spec?.resourceGroups ?? []).flatMap((g) => (g.flavors ?? []).map((f) => String(f.name)))));
        for (const rf of store.list(kueue_G, 'resourceflavors')) {
            setFinalizer('resourceflavors', rf, !rf.metadata.deletionTimestamp || named.has(rf.metadata.name));
        }
    }
    function setFinalizer(resource, obj, want) {
        const have = obj.metadata.finalizers ?? [];
        if (have.includes(RESOURCE_IN_USE) === want)
            return;
        const finalizers = want ? [...have, RESOURCE_IN_USE] : have.filter(f => f !== RESOURCE_IN_USE);
        const cur = store.get(kueue_G, resource, obj.metadata.namespace, obj.metadata.name);
        if (cur)
            store.update({ ...cur, metadata: { ...cur.metadata, finalizers } });
    }
    /** A Workload for every managed, unfinished Job that has none (Kueue's job reconciler). */
    function ensureWorkloads() {
        for (const job of store.list('batch', 'jobs')) {
            const q = queueNameOf(job);
            if (!q || job.metadata.deletionTimestamp || UNMANAGED_NAMESPACES.includes(job.metadata.namespace))
                continue;
            const name = workloadName(job);
            if (store.get(kueue_G, 'workloads', job.metadata.namespace, name) || jobDone(job))
                continue;
            const template = structuredClone(job.spec?.template ?? {});
            const parallelism = job.spec?.parallelism ?? 1;
            const count = Math.max(1, Math.min(parallelism, job.spec?.completions ?? parallelism));
            const wl = store.create({
                apiVersion: version(),
                kind: 'Workload',
                metadata: {
                    name,
                    namespace: job.metadata.namespace,
                    labels: { 'kueue.x-k8s.io/job-uid': job.metadata.uid },
                    ownerReferences: [
                        {
                            apiVersion: 'batch/v1',
                            kind: 'Job',
                            name: job.metadata.name,
                            uid: job.metadata.uid,
                            controller: true,
                            blockOwnerDeletion: true
                        }
                    ]
                },
                spec: { active: true, queueName: q, priority: 0, podSets: [{ name: 'main', count, template }] }
            });
            ctx.events.record(job, 'Normal', 'CreatedWorkload', `Created Workload: ${wl.metadata.namespace}/${wl.metadata.name}`, { component: 'batch/job-kueue-controller' });
            // A managed job running without admission is stopped until Kueue admits it.
            if (job.spec?.suspend !== true) {
                store.update({ ...job, spec: { ...job.spec, suspend: true } });
                ctx.events.record(job, 'Normal', 'Stopped', 'No matching Workload; restoring pod templates according to existent Workload', { component: 'batch/job-kueue-controller' });
            }
        }
    }
    function workloadName(job) {
        return `job-${job.metadata.name}-${derivedSuffix(`${job.metadata.uid}/batch/v1/Job`, 5)}`.slice(0, 253);
    }
    function jobOf(wl) {
        const ref = (wl.metadata.ownerReferences ?? []).find(r => r.kind === 'Job');
        const job = ref && store.get('batch', 'jobs', wl.metadata.namespace, ref.name);
        return job && job.metadata.uid === ref.uid ? job : undefined;
    }
    function finishIfJobDone(wl) {
        if (isFinished(wl))
            return;
        const job = jobOf(wl);
        const done = job && jobDone(job);
        if (!done)
            return;
        const ok = done.type === 'Complete';
        const now = store.timestamp();
        const conditions = withCondition(wl.status?.conditions, {
            type: 'Finished',
            status: 'True',
            reason: ok ? 'Succeeded' : 'Failed',
            message: ok ? 'Job finished successfully' : String(done.message ?? 'Job failed')
        }, now);
        writeStatus(store, wl, { ...(wl.status ?? {}), conditions });
        stopStepping(job.metadata.uid);
    }
    function cqActive(cq, flavors) {
        const stop = cq.spec?.stopPolicy;
        if (stop === 'Hold' || stop === 'HoldAndDrain')
            return { ok: false, reason: 'Stopped', message: "Can't admit new workloads: is stopped." };
        const referenced = (cq.spec?.resourceGroups ?? []).flatMap((g) => (g.flavors ?? []).map((f) => String(f.name)));
        const missing = referenced.filter((f) => !flavors.has(f));
        if (missing.length)
            return {
                ok: false,
                reason: 'FlavorNotFound',
                message: `Can't admit new workloads: references missing ResourceFlavor(s): [${missing.join(' ')}].`
            };
        return { ok: true, reason: 'Ready', message: 'Can admit new workloads' };
    }
    /** Total requests of a workload's pod sets (count × per-pod requests), by resource. */
    function workloadRequests(wl) {
        const out = {};
        for (const ps of wl.spec?.podSets ?? []) {
            for (const [r, v] of Object.entries(podRequests({ spec: ps.template?.spec })))
                if (v > 0)
                    out[r] = (out[r] ?? 0) + v * (ps.count ?? 1);
        }
        return out;
    }
    function pending(wl, reason, message) {
        const now = store.timestamp();
        let conditions = withCondition(wl.status?.conditions, { type: 'QuotaReserved', status: 'False', reason, message }, now);
        conditions = withCondition(conditions, {
            type: 'Admitted',
            status: 'False',
            reason: 'NoReservation',
            message: 'The workload has no reservation'
        }, now);
        writeStatus(store, wl, { ...(wl.status ?? {}), conditions });
        const key = wl.metadata.uid;
        if (lastPending.get(key) !== message) {
            lastPending.set(key, message);
            ctx.events.record(wl, 'Warning', 'Pending', message, { component: kueue_COMPONENT });
        }
    }
    function admitOrQueue(wl, cqs, active, usage, admitRegardless) {
        const lqName = wl.spec?.queueName;
        const lq = store.get(kueue_G, 'localqueues', wl.metadata.namespace, lqName);
        if (!lq)
            return pending(wl, 'Inadmissible', `LocalQueue ${lqName} doesn't exist`);
        const cqName = lq.spec?.clusterQueue;
        const cq = cqs.get(cqName);
        if (!cq)
            return pending(wl, 'Inadmissible', `ClusterQueue ${cqName} doesn't exist`);
        if (!active.get(cqName)?.ok)
            return pending(wl, 'Inadmissible', `ClusterQueue ${cqName} is inactive`);
        const ns = store.get('', 'namespaces', undefined, wl.metadata.namespace);
        if (!cq.spec?.namespaceSelector || !matchesSelector(cq.spec.namespaceSelector, ns?.metadata.labels)) {
            return pending(wl, 'Inadmissible', "Workload namespace doesn't match ClusterQueue selector");
        }
        const req = workloadRequests(wl);
        const assignment = assignFlavors(cq, req, usage[cqName] ?? {});
        if (!assignment.flavors) {
            if (!admitRegardless)
                return pending(wl, 'Pending', `couldn't assign flavors to pod set main: ${assignment.problems.join(', ')}`);
        }
        const chosen = assignment.flavors ?? assignment.anyFlavors;
        for (const [r, f] of Object.entries(chosen)) {
            usage[cqName] ??= {};
            usage[cqName][f] ??= {};
            usage[cqName][f][r] = (usage[cqName][f][r] ?? 0) + (req[r] ?? 0);
        }
        const now = store.timestamp();
        const waited = Math.max(0, Math.round((ctx.clock.now() - Date.parse(wl.metadata.creationTimestamp ?? now)) / 1000));
        let conditions = withCondition(wl.status?.conditions, {
            type: 'QuotaReserved',
            status: 'True',
            reason: 'QuotaReserved',
            message: `Quota reserved in ClusterQueue ${cqName}`
        }, now);
        conditions = withCondition(conditions, { type: 'Admitted', status: 'True', reason: 'Admitted', message: 'The workload is admitted' }, now);
        const ps = wl.spec?.podSets?.[0] ?? { name: 'main', count: 1 };
        writeStatus(store, wl, {
            ...(wl.status ?? {}),
            conditions,
            admission: {
                clusterQueue: cqName,
                podSetAssignments: [
                    {
                        name: ps.name,
                        count: ps.count,
                        flavors: chosen,
                        resourceUsage: Object.fromEntries(Object.entries(req).map(([r, v]) => [r, formatQuantity(v, r)]))
                    }
                ]
            }
        });
        const fresh = store.get(kueue_G, 'workloads', wl.metadata.namespace, wl.metadata.name);
        ctx.events.record(fresh, 'Normal', 'QuotaReserved', `Quota reserved in ClusterQueue ${cqName}, wait time since queued was ${waited}s`, { component: kueue_COMPONENT });
        ctx.events.record(fresh, 'Normal', 'Admitted', `Admitted by ClusterQueue ${cqName}, wait time since reservation was 0s`, { component: kueue_COMPONENT });
    }
    /**
     * One flavor per resource group, the first whose quota holds the whole request on top of what
     * is in use; otherwise the reasons, worded as Kueue's flavor assigner does.
     */
    function assignFlavors(cq, req, used) {
        const groups = cq.spec?.resourceGroups ?? [];
        const problems = [];
        const out = {};
        const any = {};
        let ok = true;
        for (const r of Object.keys(req)) {
            if (!groups.some(g => (g.coveredResources ?? []).includes(r))) {
                problems.push(`resource ${r} unavailable in ClusterQueue`);
                ok = false;
            }
        }
        for (const g of groups) {
            const wanted = Object.keys(req).filter(r => (g.coveredResources ?? []).includes(r));
            if (!wanted.length)
                continue;
            let fit;
            for (const f of g.flavors ?? []) {
                const quota = new Map((f.resources ?? []).map((x) => [x.name, kueue_milliOf(x.nominalQuota)]));
                const why = [];
                for (const r of wanted) {
                    const nominal = quota.get(r) ?? 0;
                    const inUse = used[f.name]?.[r] ?? 0;
                    if (req[r] > nominal) {
                        why.push(`insufficient quota for ${r} in flavor ${f.name}, previously considered podsets requests (0) + current podset request (${formatQuantity(req[r], r)}) > maximum capacity (${formatQuantity(nominal, r)})`);
                    }
                    else if (inUse + req[r] > nominal) {
                        why.push(`insufficient unused quota for ${r} in flavor ${f.name}, ${formatQuantity(inUse + req[r] - nominal, r)} more needed`);
                    }
                }
                for (const r of wanted)
                    any[r] ??= f.name;
                if (!why.length) {
                    fit = f.name;
                    break;
                }
                problems.push(...why);
            }
            if (fit)
                for (const r of wanted)
                    out[r] = fit;
            else
                ok = false;
        }
        return ok ? { flavors: out, anyFlavors: any, problems: [] } : { anyFlavors: any, problems };
    }
    /** An admitted workload's Job runs: unsuspended, with its flavors' node labels and tolerations. */
    function startJob(wl, flavors) {
        const job = jobOf(wl);
        if (!job || job.spec?.suspend !== true || jobDone(job))
            return;
        const s = ctx.controllers.kueue;
        const assigned = new Set(Object.values(wl.status?.admission?.podSetAssignments?.[0]?.flavors ?? {}));
        const nodeSelector = { ...(job.spec?.template?.spec?.nodeSelector ?? {}) };
        const tolerations = [...(job.spec?.template?.spec?.tolerations ?? [])];
        for (const f of assigned) {
            const rf = flavors.get(f);
            Object.assign(nodeSelector, rf?.spec?.nodeLabels ?? {});
            for (const t of rf?.spec?.tolerations ?? [])
                if (!tolerations.some(x => JSON.stringify(x) === JSON.stringify(t)))
                    tolerations.push(t);
        }
        const templateSpec = {
            ...job.spec.template.spec,
            ...(Object.keys(nodeSelector).length ? { nodeSelector } : {}),
            ...(tolerations.length ? { tolerations } : {})
        };
        const spec = { ...job.spec, suspend: false, template: { ...job.spec.template, spec: templateSpec } };
        if (s.admitPartially) {
            const target = job.spec?.parallelism ?? 1;
            if (target > 1) {
                spec.parallelism = 1;
                stepping.set(job.metadata.uid, {
                    target,
                    timer: ctx.clock.setTimeout(() => step(job.metadata.namespace, job.metadata.name, job.metadata.uid), s.partialStep)
                });
            }
        }
        store.update({ ...job, spec });
        ctx.events.record(job, 'Normal', 'Started', `Admitted by clusterQueue ${wl.status.admission.clusterQueue}`, { component: 'batch/job-kueue-controller' });
    }
    /** Broken mode: one more pod of the job may start. */
    function step(ns, name, uid) {
        const st = stepping.get(uid);
        const job = store.get('batch', 'jobs', ns, name);
        if (!st || !job || job.metadata.uid !== uid || jobDone(job))
            return stopStepping(uid);
        const next = Math.min(st.target, (job.spec?.parallelism ?? 1) + 1);
        store.update({ ...job, spec: { ...job.spec, parallelism: next } });
        if (next < st.target)
            st.timer = ctx.clock.setTimeout(() => step(ns, name, uid), ctx.controllers.kueue.partialStep);
        else
            stepping.delete(uid);
    }
    function stopStepping(uid) {
        const st = stepping.get(uid);
        if (st)
            ctx.clock.clearTimeout(st.timer);
        stepping.delete(uid);
    }
    function writeQueueStatus(cqs, active) {
        const now = store.timestamp();
        const workloads = store.list(kueue_G, 'workloads').filter(w => !isFinished(w));
        const lqs = store.list(kueue_G, 'localqueues');
        const lqTarget = new Map(lqs.map(l => [`${l.metadata.namespace}/${l.metadata.name}`, l.spec?.clusterQueue]));
        const cqOf = (wl) => hasQuota(wl)
            ? wl.status?.admission?.clusterQueue
            : lqTarget.get(`${wl.metadata.namespace}/${wl.spec?.queueName}`);
        for (const [name, cq] of cqs) {
            const mine = workloads.filter(w => cqOf(w) === name);
            const reserving = mine.filter(hasQuota);
            const a = active.get(name);
            const conditions = withCondition(cq.status?.conditions, { type: 'Active', status: a.ok ? 'True' : 'False', reason: a.reason, message: a.message }, now);
            const flavorsUsage = (cq.spec?.resourceGroups ?? []).flatMap((g) => (g.flavors ?? []).map((f) => ({
                name: f.name,
                resources: (g.coveredResources ?? []).map((r) => {
                    const total = reserving
                        .filter(w => (w.status?.admission?.podSetAssignments ?? []).some((p) => p.flavors?.[r] === f.name))
                        .reduce((sum, w) => sum + (workloadRequests(w)[r] ?? 0), 0);
                    return { name: r, total: formatQuantity(total, r), borrowed: '0' };
                })
            })));
            writeStatus(store, cq, {
                ...(cq.status ?? {}),
                conditions,
                pendingWorkloads: mine.length - reserving.length,
                reservingWorkloads: reserving.length,
                admittedWorkloads: reserving.filter(w => getCondition(w, 'Admitted')?.status === 'True').length,
                flavorsReservation: flavorsUsage,
                flavorsUsage
            });
        }
        for (const lq of lqs) {
            const cqName = lq.spec?.clusterQueue;
            const cq = cqs.get(cqName);
            const ok = Boolean(cq && active.get(cqName)?.ok);
            const reason = !cq ? 'ClusterQueueDoesNotExist' : ok ? 'Ready' : 'ClusterQueueIsInactive';
            const message = ok
                ? 'Can submit new workloads to localQueue'
                : "Can't submit new workloads to clusterQueue";
            const mine = workloads.filter(w => w.metadata.namespace === lq.metadata.namespace && w.spec?.queueName === lq.metadata.name);
            const reserving = mine.filter(hasQuota);
            writeStatus(store, lq, {
                ...(lq.status ?? {}),
                conditions: withCondition(lq.status?.conditions, { type: 'Active', status: ok ? 'True' : 'False', reason, message }, now),
                pendingWorkloads: mine.length - reserving.length,
                reservingWorkloads: reserving.length,
                admittedWorkloads: reserving.filter(w => getCondition(w, 'Admitted')?.status === 'True').length
            });
        }
    }
    queue.add('*');
    const unsubscribe = store.onChange(c => {
        const r = c.rtype;
        if (r.group === kueue_G) {
            if (c.type === 'DELETED')
                lastPending.delete(c.object.metadata.uid);
            queue.add('*');
        }
        else if (r.group === 'batch' && r.resource === 'jobs') {
            if (queueNameOf(c.object))
                queue.add('*');
            if (c.type === 'DELETED')
                stopStepping(c.object.metadata.uid);
        }
        else if (r.group === '' && r.resource === 'pods' && isGatePod(ctx.controllers.kueue?.pod, c.object))
            queue.add('*');
        else if (r.group === '' && r.resource === 'namespaces' && c.type !== 'DELETED')
            queue.add('*');
    });
    return () => {
        unsubscribe();
        queue.stop();
        for (const st of stepping.values())
            ctx.clock.clearTimeout(st.timer);
    };
}
function kueue_milliOf(q) {
    const v = milli(typeof q === 'number' ? String(q) : q);
    return Number.isNaN(v) ? 0 : v;
}

;// CONCATENATED MODULE: ./src/sim/controllers/workload-stack.ts




function startWorkloadStack(ctx) {
    const metrics = {};
    const stops = [startHpaController(ctx, metrics)];
    if (ctx.controllers.kueue)
        stops.push(startKueueController(ctx));
    if (ctx.controllers.volcano)
        stops.push(startVolcanoController(ctx));
    if (ctx.controllers['cluster-autoscaler'])
        stops.push(startClusterAutoscaler(ctx));
    return {
        metrics,
        admission: [kueueAdmission(ctx)],
        stop: () => stops.forEach(s => s())
    };
}

;// CONCATENATED MODULE: ./src/sim/controllers/index.ts
/**
 * Starts every simulated cluster component on a store: the stage engine, the scheduler, the
 * kubelet, the workload controllers, namespace deletion, endpoints, APIService availability,
 * node agents (device plugins, DRA drivers) and DRA claim release.
 */












function startCluster(ctx, stages) {
    const engine = new BehaviourEngine(ctx.store, ctx.clock, ctx.events, { functions: templateFunctions(), onError: m => ctx.warn(m) });
    engine.setStages(stages);
    engine.start();
    const kubelet = startKubelet(ctx);
    const workloads = startWorkloadStack(ctx);
    const stops = [
        startScheduler(ctx),
        startDeploymentControllers(ctx),
        startJobController(ctx),
        startDaemonSetController(ctx),
        startStatefulSetController(ctx),
        startNamespaceController(ctx),
        startEndpointsController(ctx),
        startApiServiceController(ctx),
        startNodeAgents(ctx),
        startClaimReleaser(ctx),
        // The cluster network (ctx.network), gateways, Prometheus, KubeRay, Kubeflow Trainer, GPU feature discovery.
        startAiStack(ctx)
    ];
    return {
        engine,
        kubelet,
        workloads,
        stop() {
            engine.stop();
            kubelet.stop();
            workloads.stop();
            for (const s of stops)
                s();
            ctx.pods.stop();
        }
    };
}

;// CONCATENATED MODULE: ./src/sim/handlers/consumer.ts
const IMAGE = /(^|\/)resource-consumer(:|@|$)/;
const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
function consumerPort(c) {
    const argv = [...(c.command ?? []), ...(c.args ?? [])].map(String);
    for (let i = 0; i < argv.length; i++) {
        const m = /^--?port(?:=(\d+))?$/.exec(argv[i]);
        if (m)
            return Number(m[1] ?? argv[i + 1]);
    }
    return 8080;
}
class ResourceConsumers {
    store;
    clock;
    /** pod uid → metric → bumps (expired ones keep the metric listed at what remains). */
    bumps = new Map();
    constructor(store, clock) {
        this.store = store;
        this.clock = clock;
    }
    /** The resource-consumer container of a pod listening on a port, if any. */
    static container(pod, port) {
        return (pod.spec?.containers ?? []).find((c) => IMAGE.test(c.image ?? '') && (port === undefined || consumerPort(c) === port));
    }
    /** Current gauges of a pod's consumer: every metric ever bumped, at its current value. */
    gauges(pod) {
        const out = new Map();
        const now = this.clock.now();
        for (const [metric, list] of this.bumps.get(pod.metadata.uid) ?? []) {
            out.set(metric, list.filter(b => b.until > now).reduce((s, b) => s + b.delta, 0));
        }
        return out;
    }
    /** Answers a pods/proxy request for a consumer pod; undefined when nothing of it listens on the port. */
    serve(pod, port, req) {
        if (!ResourceConsumers.container(pod, port))
            return undefined;
        this.prune();
        const path = req.path.replace(/\/+$/, '') || '/';
        if (path === '/metrics') {
            const lines = Array.from(this.gauges(pod))
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, v]) => `# HELP ${k} info message.\n# TYPE ${k} gauge\n${k} ${v.toFixed(6)}\n`);
            return { status: 200, headers: TEXT, body: lines.join('') };
        }
        if (req.method !== 'POST')
            return { status: 400, headers: TEXT, body: 'Bad request. Not a POST request\n' };
        const form = new URLSearchParams(req.query);
        if (req.body.length)
            for (const [k, v] of new URLSearchParams(req.body.toString('utf8')))
                form.set(k, v);
        const need = (names) => names.some(n => !form.get(n))
            ? { status: 400, headers: TEXT, body: 'not given function argument\n' }
            : undefined;
        switch (path) {
            case '/BumpMetric': {
                const missing = need(['metric', 'delta', 'durationSec']);
                if (missing)
                    return missing;
                const metric = form.get('metric');
                const delta = Number(form.get('delta'));
                const seconds = Number(form.get('durationSec'));
                if (!Number.isFinite(delta) || !Number.isInteger(seconds))
                    return { status: 400, headers: TEXT, body: 'incorrect function argument\n' };
                const byMetric = this.bumps.get(pod.metadata.uid) ?? new Map();
                this.bumps.set(pod.metadata.uid, byMetric);
                byMetric.set(metric, [
                    ...(byMetric.get(metric) ?? []),
                    { delta, until: this.clock.now() + seconds * 1000 }
                ]);
                return {
                    status: 200,
                    headers: TEXT,
                    body: `BumpMetric\n${metric} metric\n${delta} delta\n${seconds} durationSec\n`
                };
            }
            case '/ConsumeCPU':
            case '/ConsumeMem': {
                const amount = path === '/ConsumeCPU' ? 'millicores' : 'megabytes';
                const missing = need([amount, 'durationSec']);
                if (missing)
                    return missing;
                return {
                    status: 200,
                    headers: TEXT,
                    body: `${path.slice(1)}\n${form.get(amount)} ${amount}\n${form.get('durationSec')} durationSec\n`
                };
            }
            default:
                return { status: 404, headers: TEXT, body: `unknown function: ${path}\n` };
        }
    }
    /** Forgets pods that are gone. */
    prune() {
        if (!this.bumps.size)
            return;
        const live = new Set(this.store.list('', 'pods').map(p => p.metadata.uid));
        for (const uid of this.bumps.keys())
            if (!live.has(uid))
                this.bumps.delete(uid);
    }
}

;// CONCATENATED MODULE: ./src/sim/handlers/dcgm.ts
const FAMILIES = [
    { name: 'DCGM_FI_DEV_SM_CLOCK', help: 'SM clock frequency (in MHz).', type: 'gauge', value: (_g, u) => (u ? 1695 : 210) },
    { name: 'DCGM_FI_DEV_MEM_CLOCK', help: 'Memory clock frequency (in MHz).', type: 'gauge', value: (_g, u) => (u ? 6251 : 405) },
    { name: 'DCGM_FI_DEV_GPU_TEMP', help: 'GPU temperature (in C).', type: 'gauge', value: (_g, u) => (u ? 54 : 34) },
    { name: 'DCGM_FI_DEV_POWER_USAGE', help: 'Power draw (in W).', type: 'gauge', value: (g, u) => Math.round(g.model.powerLimitW * (u ? 0.62 : 0.1) * 10) / 10 },
    { name: 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', help: 'Total energy consumption since boot (in mJ).', type: 'counter', value: (g, u) => 3_600_000 * g.model.powerLimitW * (u ? 2 : 1) },
    { name: 'DCGM_FI_DEV_PCIE_REPLAY_COUNTER', help: 'Total number of PCIe retries.', type: 'counter', value: () => 0 },
    { name: 'DCGM_FI_DEV_GPU_UTIL', help: 'GPU utilization (in %).', type: 'gauge', value: (_g, u) => (u ? 37 : 0) },
    { name: 'DCGM_FI_DEV_MEM_COPY_UTIL', help: 'Memory utilization (in %).', type: 'gauge', value: (_g, u) => (u ? 12 : 0) },
    { name: 'DCGM_FI_DEV_ENC_UTIL', help: 'Encoder utilization (in %).', type: 'gauge', value: () => 0 },
    { name: 'DCGM_FI_DEV_DEC_UTIL', help: 'Decoder utilization (in %).', type: 'gauge', value: () => 0 },
    { name: 'DCGM_FI_DEV_XID_ERRORS', help: 'Value of the last XID error encountered.', type: 'gauge', value: () => 0 },
    { name: 'DCGM_FI_DEV_FB_FREE', help: 'Framebuffer memory free (in MiB).', type: 'gauge', value: (g, u) => g.model.memoryMiB - 455 - (u ? 8123 : 0) },
    { name: 'DCGM_FI_DEV_FB_USED', help: 'Framebuffer memory used (in MiB).', type: 'gauge', value: (_g, u) => (u ? 8123 : 0) },
    { name: 'DCGM_FI_DEV_PCIE_TX_THROUGHPUT', help: 'Total number of bytes transmitted through PCIe TX (in KB) via NVML.', type: 'counter', value: (_g, u) => (u ? 48213 : 1024) },
    { name: 'DCGM_FI_DEV_PCIE_RX_THROUGHPUT', help: 'Total number of bytes received through PCIe RX (in KB) via NVML.', type: 'counter', value: (_g, u) => (u ? 91877 : 2048) },
    { name: 'DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL', help: 'Total number of NVLink bandwidth counters for all lanes.', type: 'counter', value: (g, u) => (g.model.nvlinks ? (u ? 1_204_233 : 0) : undefined) },
    { name: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', help: 'Ratio of time the graphics engine is active.', type: 'gauge', value: (_g, u) => (u ? 0.35 : 0) },
    { name: 'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE', help: 'Ratio of cycles the tensor (HMMA) pipe is active.', type: 'gauge', value: (_g, u) => (u ? 0.12 : 0) },
    { name: 'DCGM_FI_PROF_DRAM_ACTIVE', help: 'Ratio of cycles the device memory interface is active sending or receiving data.', type: 'gauge', value: (_g, u) => (u ? 0.21 : 0) },
    { name: 'DCGM_FI_PROF_PCIE_TX_BYTES', help: 'The rate of data transmitted over the PCIe bus - including both protocol headers and data payloads - in bytes per second.', type: 'gauge', value: (_g, u) => (u ? 5_242_880 : 40_960) },
    { name: 'DCGM_FI_PROF_PCIE_RX_BYTES', help: 'The rate of data received over the PCIe bus - including both protocol headers and data payloads - in bytes per second.', type: 'gauge', value: (_g, u) => (u ? 10_485_760 : 81_920) }
];
/** The samples an exporter on a node serves. */
function dcgmSamples(node, gpus, uses, opts = {}) {
    const omit = new Set(opts.omitMetrics ?? []);
    const out = [];
    for (const f of FAMILIES) {
        if (omit.has(f.name))
            continue;
        for (const g of gpus) {
            const use = uses.find(u => u.gpu.uuid === g.uuid);
            const v = f.value(g, Boolean(use));
            if (v === undefined)
                continue;
            out.push({
                name: f.name,
                labels: {
                    gpu: String(g.index),
                    UUID: g.uuid,
                    pci_bus_id: g.pciBusId,
                    device: `nvidia${g.minor}`,
                    modelName: g.model.product,
                    Hostname: node,
                    DCGM_FI_DRIVER_VERSION: g.model.driverVersion,
                    ...(use ? { container: use.container, namespace: use.namespace, pod: use.pod } : {})
                },
                value: v
            });
        }
    }
    return out;
}
const esc = (v) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
/** Prometheus text exposition (format 0.0.4) of samples, grouped by family with HELP/TYPE. */
function exposition(samples) {
    let out = '';
    let last = '';
    for (const s of samples) {
        if (s.name !== last) {
            const f = FAMILIES.find(x => x.name === s.name);
            if (f)
                out += `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n`;
            last = s.name;
        }
        const labels = Object.entries(s.labels)
            .map(([k, v]) => `${k}="${esc(v)}"`)
            .join(',');
        out += `${s.name}{${labels}} ${s.value}\n`;
    }
    return out;
}

;// CONCATENATED MODULE: ./src/sim/handlers/promql.ts
class PromQLError extends Error {
}
function splitMatchers(body) {
    const out = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < body.length; i++) {
        const c = body[i];
        if (c === '"' && body[i - 1] !== '\\')
            quoted = !quoted;
        if (c === ',' && !quoted) {
            if (cur.trim())
                out.push(cur.trim());
            cur = '';
        }
        else
            cur += c;
    }
    if (cur.trim())
        out.push(cur.trim());
    return out;
}
function promql_select(expr, data) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(?:\{(.*)\})?$/s.exec(expr.trim());
    if (!m || (!m[1] && m[2] === undefined))
        throw new PromQLError(`unsupported expression ${JSON.stringify(expr)}`);
    const matchers = (m[2] ? splitMatchers(m[2]) : []).map(x => {
        const mm = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"$/.exec(x);
        if (!mm)
            throw new PromQLError(`unsupported label matcher ${JSON.stringify(x)}`);
        return { label: mm[1], op: mm[2], value: mm[3].replace(/\\(.)/g, '$1') };
    });
    if (m[1])
        matchers.push({ label: '__name__', op: '=', value: m[1] });
    return data
        .filter(s => matchers.every(({ label, op, value }) => {
        const v = label === '__name__' ? s.name : (s.labels[label] ?? '');
        if (op === '=')
            return v === value;
        if (op === '!=')
            return v !== value;
        const re = new RegExp(`^(?:${value})$`);
        return op === '=~' ? re.test(v) : !re.test(v);
    }))
        .map(s => ({ metric: { __name__: s.name, ...s.labels }, value: s.value }));
}
function promql_evaluate(query, data) {
    const q = query.trim();
    const vec = /^vector\(\s*(-?\d+(?:\.\d+)?)\s*\)$/.exec(q);
    if (vec)
        return [{ metric: {}, value: Number(vec[1]) }];
    const agg = /^(sum|count|max|min|avg)\s*(?:by\s*\(([^)]*)\))?\s*\((.*)\)\s*(?:by\s*\(([^)]*)\))?$/s.exec(q);
    if (agg) {
        const by = (agg[2] ?? agg[4] ?? '')
            .split(',')
            .map(s => s.trim())
            .filter(Boolean);
        const inner = promql_evaluate(agg[3], data);
        const groups = new Map();
        for (const s of inner) {
            const metric = {};
            for (const l of by)
                if (s.metric[l] !== undefined)
                    metric[l] = s.metric[l];
            const k = JSON.stringify(metric);
            if (!groups.has(k))
                groups.set(k, { metric, values: [] });
            groups.get(k).values.push(s.value);
        }
        const f = agg[1];
        return Array.from(groups.values()).map(({ metric, values }) => ({
            metric,
            value: f === 'count'
                ? values.length
                : f === 'sum'
                    ? values.reduce((a, b) => a + b, 0)
                    : f === 'max'
                        ? Math.max(...values)
                        : f === 'min'
                            ? Math.min(...values)
                            : values.reduce((a, b) => a + b, 0) / values.length
        }));
    }
    // A plain selector keeps __name__ out of the result labels, as Prometheus does for functions only.
    return promql_select(q, data);
}

;// CONCATENATED MODULE: ./src/sim/handlers/index.ts







const handlers_json = (status, body) => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
});
const statusError = (code, reason, message) => handlers_json(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
function handlers_labelsMatch(want, have) {
    return Object.entries(want ?? {}).every(([k, v]) => have?.[k] === v);
}
function makeHooks(ctx, kubelet, handlers) {
    const { store } = ctx;
    // Workloads whose metrics the custom/external metrics adapters report (resource-consumer pods).
    const consumers = new ResourceConsumers(store, ctx.clock);
    ctx.network?.addResolver((pod, port) => (ResourceConsumers.container(pod, port) ? req => consumers.serve(pod, port, req) : undefined));
    const handlerFor = (pod, port) => handlers.find(h => h.type !== 'custom-metrics' &&
        h.namespace === pod.metadata.namespace &&
        handlers_labelsMatch(h.podLabels, pod.metadata.labels) &&
        (port === undefined || h.port === undefined || h.port === port));
    const containerPort = (pod, port) => {
        if (/^\d+$/.test(port))
            return Number(port);
        for (const c of pod.spec?.containers ?? [])
            for (const p of c.ports ?? [])
                if (p.name === port)
                    return p.containerPort;
        return undefined;
    };
    /** Every sample the exporters of the cluster serve now (what a Prometheus would have scraped). */
    const scrapeAll = () => {
        const samples = [];
        const targets = [];
        for (const h of handlers.filter(x => x.type === 'dcgm-exporter' || x.type === 'prometheus')) {
            for (const pod of store.list('', 'pods', h.namespace)) {
                if (!handlers_labelsMatch(h.podLabels, pod.metadata.labels) || !pod.spec?.nodeName)
                    continue;
                const up = pod.status?.phase === 'Running' && isPodReady(pod);
                targets.push({ pod, handler: h, up });
                const base = { job: h.name, instance: `${pod.status?.podIP ?? ''}:${h.port ?? ''}`, namespace: pod.metadata.namespace, pod: pod.metadata.name };
                samples.push({ name: 'up', labels: base, value: up ? 1 : 0 });
                if (up && h.type === 'dcgm-exporter') {
                    const node = pod.spec.nodeName;
                    for (const s of dcgmSamples(node, ctx.hardware.gpus(node), kubelet.gpuUsers(node), h.options)) {
                        // Scraped through a ServiceMonitor without honorLabels: the exporter's pod labels move to exported_*.
                        const { pod: p, namespace: n, container, ...rest } = s.labels;
                        samples.push({
                            name: s.name,
                            labels: { ...rest, ...base, ...(p ? { exported_pod: p, exported_namespace: n, exported_container: container } : {}) },
                            value: s.value
                        });
                    }
                }
            }
        }
        return { samples, targets };
    };
    const prometheus = (req, h) => {
        // Targets the server found through ServiceMonitors/PodMonitors (src/sim/handlers/scraper.ts).
        const scraper = scraperFor(ctx, h.name);
        const now = ctx.clock.now() / 1000;
        const params = new URLSearchParams(req.query);
        if (req.method === 'POST' && req.body.length)
            for (const [k, v] of new URLSearchParams(req.body.toString('utf8')))
                params.set(k, v);
        const path = req.path.replace(/\/+$/, '');
        if (path === '/-/ready' || path === '/-/healthy')
            return { status: 200, body: 'Prometheus Server is Ready.\n' };
        if (path === '/api/v1/status/buildinfo') {
            return handlers_json(200, { status: 'success', data: { version: '3.5.0', revision: 'simulated', branch: 'HEAD', goVersion: 'go1.24.5' } });
        }
        if (path === '/api/v1/query') {
            const q = params.get('query');
            if (!q)
                return handlers_json(400, { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": parameter is required' });
            try {
                const result = promql_evaluate(q, [...scrapeAll().samples, ...(scraper?.samples() ?? [])]);
                const isVector = /^\s*vector\(/.test(q);
                return handlers_json(200, {
                    status: 'success',
                    data: { resultType: 'vector', result: result.map(s => ({ metric: isVector ? {} : s.metric, value: [now, String(s.value)] })) }
                });
            }
            catch (e) {
                if (e instanceof PromQLError)
                    return handlers_json(400, { status: 'error', errorType: 'bad_data', error: `invalid parameter "query": ${e.message}` });
                throw e;
            }
        }
        if (path === '/api/v1/label/__name__/values') {
            return handlers_json(200, { status: 'success', data: Array.from(new Set([...scrapeAll().samples, ...(scraper?.samples() ?? [])].map(s => s.name))).sort() });
        }
        if (path === '/api/v1/targets') {
            const state = params.get('state') ?? 'any';
            const active = scrapeAll().targets.map(t => ({
                discoveredLabels: { __address__: `${t.pod.status?.podIP}:${t.handler.port}`, __meta_kubernetes_namespace: t.pod.metadata.namespace, __meta_kubernetes_pod_name: t.pod.metadata.name },
                labels: { instance: `${t.pod.status?.podIP}:${t.handler.port}`, job: t.handler.name, namespace: t.pod.metadata.namespace, pod: t.pod.metadata.name },
                scrapePool: `serviceMonitor/${t.handler.namespace}/${t.handler.name}/0`,
                scrapeUrl: `http://${t.pod.status?.podIP}:${t.handler.port}/metrics`,
                globalUrl: `http://${t.pod.status?.podIP}:${t.handler.port}/metrics`,
                lastError: t.up ? '' : 'connection refused',
                lastScrape: new Date(ctx.clock.now()).toISOString(),
                lastScrapeDuration: 0.012,
                health: t.up ? 'up' : 'down',
                scrapeInterval: '30s',
                scrapeTimeout: '10s'
            }));
            const all = [...active, ...(scraper?.activeTargets() ?? [])];
            return handlers_json(200, { status: 'success', data: { activeTargets: state === 'dropped' ? [] : all, droppedTargets: [], droppedTargetCounts: {} } });
        }
        return { status: 404, body: '404 page not found\n' };
    };
    const servePod = (pod, port, req) => {
        if (pod.status?.phase !== 'Running' || !pod.status?.podIP)
            return undefined;
        const consumer = consumers.serve(pod, containerPort(pod, port) ?? (port ? undefined : 8080), req);
        if (consumer)
            return consumer;
        const h = handlerFor(pod, containerPort(pod, port));
        if (!h)
            return undefined;
        if (h.type === 'dcgm-exporter') {
            if (req.path.replace(/\/+$/, '') !== '/metrics')
                return { status: 404, body: '404 page not found\n' };
            const node = pod.spec.nodeName;
            return {
                status: 200,
                headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
                body: exposition(dcgmSamples(node, ctx.hardware.gpus(node), kubelet.gpuUsers(node), h.options))
            };
        }
        return prometheus(req, h);
    };
    // Exporters and Prometheus answer on their pods' ports in the cluster network too (in-cluster clients, scrapers).
    ctx.network?.addResolver((pod, port) => {
        const h = handlerFor(pod, port);
        return h && h.port !== undefined ? req => servePod(pod, String(port), req) ?? { status: 404, body: '404 page not found\n' } : undefined;
    }, true);
    const proxy = (target, req) => {
        if (ctx.network)
            return ctx.network.proxy(target, req);
        if (target.kind === 'pod') {
            const pod = store.get('', 'pods', target.namespace, target.name);
            return pod ? servePod(pod, target.port, req) : undefined;
        }
        const svc = store.get('', 'services', target.namespace, target.name);
        if (!svc)
            return statusError(404, 'NotFound', `services "${target.name}" not found`);
        const sp = (svc.spec?.ports ?? []).find((p) => String(p.port) === target.port || p.name === target.port) ?? (target.port ? undefined : svc.spec?.ports?.[0]);
        if (!sp)
            return statusError(503, 'ServiceUnavailable', `no endpoints available for service "${target.name}"`);
        const pods = store
            .list('', 'pods', target.namespace)
            .filter(p => handlers_labelsMatch(svc.spec?.selector, p.metadata.labels) && Object.keys(svc.spec?.selector ?? {}).length && isPodReady(p));
        if (!pods.length)
            return statusError(503, 'ServiceUnavailable', `no endpoints available for service "${target.name}"`);
        const pod = pods[0];
        const tp = sp.targetPort ?? sp.port;
        return servePod(pod, String(tp), req);
    };
    const aggregated = (target, req) => {
        const available = (target.apiService.status?.conditions ?? []).some((c) => c.type === 'Available' && c.status === 'True');
        if (!available)
            return statusError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
        const gv = `${target.group}/${target.version}`;
        const base = `/apis/${gv}`;
        const path = req.path.replace(/\/+$/, '');
        let selector;
        try {
            selector = parseLabelSelector(req.query.get('labelSelector'));
        }
        catch (e) {
            return statusError(400, 'BadRequest', e.message);
        }
        if (target.group === 'custom.metrics.k8s.io')
            return customMetrics(gv, base, path, selector);
        if (target.group === 'external.metrics.k8s.io')
            return externalMetrics(gv, base, path, selector);
        if (target.group === 'metrics.k8s.io')
            return resourceMetrics(gv, base, path);
        return undefined;
    };
    const gpuPodMetrics = () => {
        const out = new Map();
        for (const node of ctx.hardware.nodes()) {
            const uses = kubelet.gpuUsers(node);
            for (const s of dcgmSamples(node, ctx.hardware.gpus(node), uses)) {
                if (!s.labels.pod)
                    continue;
                if (!out.has(s.name))
                    out.set(s.name, []);
                out.get(s.name).push({ namespace: s.labels.namespace, pod: s.labels.pod, value: s.value });
            }
        }
        return out;
    };
    /** Per-pod gauges of running workloads (what the adapter's rules expose for them), by metric. */
    const workloadPodMetrics = () => {
        const out = new Map();
        for (const pod of store.list('', 'pods')) {
            if (pod.status?.phase !== 'Running' || !ResourceConsumers.container(pod, undefined))
                continue;
            for (const [metric, value] of consumers.gauges(pod)) {
                if (!out.has(metric))
                    out.set(metric, []);
                out.get(metric).push({ namespace: pod.metadata.namespace, pod: pod.metadata.name, value });
            }
        }
        return out;
    };
    const podMetrics = () => {
        const out = gpuPodMetrics();
        for (const [k, v] of workloadPodMetrics())
            out.set(k, [...(out.get(k) ?? []), ...v]);
        return out;
    };
    const metricTime = () => new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    /** external.metrics.k8s.io: a workload gauge summed over the namespace's pods (series labels namespace, pod). */
    const externalMetrics = (gv, base, path, selector) => {
        const all = workloadPodMetrics();
        if (path === base) {
            return handlers_json(200, {
                kind: 'APIResourceList',
                apiVersion: 'v1',
                groupVersion: gv,
                resources: Array.from(all.keys()).sort().map(n => ({ name: n, singularName: '', namespaced: true, kind: 'ExternalMetricValueList', verbs: ['get'] }))
            });
        }
        const m = new RegExp(`^${base.replace(/\./g, '\\.')}/namespaces/([^/]+)/([^/]+)$`).exec(path);
        if (!m)
            return statusError(404, 'NotFound', 'the server could not find the requested resource');
        const [, ns, metric] = m;
        const series = (all.get(metric) ?? []).filter(v => v.namespace === ns && selectors_matchesLabels(selector, { namespace: v.namespace, pod: v.pod }));
        return handlers_json(200, {
            kind: 'ExternalMetricValueList',
            apiVersion: gv,
            metadata: {},
            items: series.length ? [{ metricName: metric, metricLabels: {}, timestamp: metricTime(), value: formatMetricValue(series.reduce((s, v) => s + v.value, 0)) }] : []
        });
    };
    const customMetrics = (gv, base, path, selector) => {
        const byMetric = podMetrics();
        const names = Array.from(new Set([...byMetric.keys(), 'DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_DEV_FB_USED'])).sort();
        if (path === base) {
            return handlers_json(200, {
                kind: 'APIResourceList',
                apiVersion: 'v1',
                groupVersion: gv,
                resources: names.flatMap(n => [
                    { name: `pods/${n}`, singularName: '', namespaced: true, kind: 'MetricValueList', verbs: ['get'] },
                    { name: `namespaces/${n}`, singularName: '', namespaced: false, kind: 'MetricValueList', verbs: ['get'] }
                ])
            });
        }
        const svc = new RegExp(`^${base.replace(/\./g, '\\.')}/namespaces/([^/]+)/services/([^/]+)/([^/]+)$`).exec(path);
        if (svc) {
            // An Object metric of a Service: the sum over the pods it selects (as a `service`-labelled series would be).
            const [, ns, name, metric] = svc;
            const service = store.get('', 'services', ns, name);
            const sel = service?.spec?.selector;
            const pods = new Set(store.list('', 'pods', ns).filter(p => sel && Object.keys(sel).length && handlers_labelsMatch(sel, p.metadata.labels)).map(p => p.metadata.name));
            const values = (byMetric.get(metric) ?? []).filter(v => v.namespace === ns && pods.has(v.pod));
            if (!service || !values.length)
                return statusError(404, 'NotFound', `the server could not find the metric ${metric} for services ${name}`);
            return handlers_json(200, {
                kind: 'MetricValueList',
                apiVersion: gv,
                metadata: {},
                items: [{ describedObject: { kind: 'Service', namespace: ns, name, apiVersion: '/v1' }, metricName: metric, timestamp: metricTime(), value: formatMetricValue(values.reduce((s, v) => s + v.value, 0)), selector: null }]
            });
        }
        const m = new RegExp(`^${base.replace(/\./g, '\\.')}/namespaces/([^/]+)/pods/([^/]+)/([^/]+)$`).exec(path);
        if (!m)
            return statusError(404, 'NotFound', 'the server could not find the requested resource');
        const [, ns, podName, metric] = m;
        const labelsOf = new Map(store.list('', 'pods', ns).map(p => [p.metadata.name, p.metadata.labels]));
        const values = (byMetric.get(metric) ?? []).filter(v => v.namespace === ns && (podName === '*' || v.pod === podName) && (!selector.length || selectors_matchesLabels(selector, labelsOf.get(v.pod))));
        if (!names.includes(metric))
            return statusError(404, 'NotFound', `the server could not find the metric ${metric} for pods`);
        if (podName !== '*' && !values.length)
            return statusError(404, 'NotFound', `the server could not find the metric ${metric} for pods ${podName}`);
        return handlers_json(200, {
            kind: 'MetricValueList',
            apiVersion: gv,
            metadata: {},
            items: values.map(v => ({
                describedObject: { kind: 'Pod', namespace: v.namespace, name: v.pod, apiVersion: '/v1' },
                metricName: metric,
                timestamp: metricTime(),
                value: formatMetricValue(v.value),
                selector: null
            }))
        });
    };
    const resourceMetrics = (gv, base, path) => {
        const ts = new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
        if (path === base) {
            return handlers_json(200, {
                kind: 'APIResourceList',
                apiVersion: 'v1',
                groupVersion: gv,
                resources: [
                    { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
                    { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] }
                ]
            });
        }
        if (path === `${base}/nodes`) {
            return handlers_json(200, {
                kind: 'NodeMetricsList',
                apiVersion: gv,
                metadata: {},
                items: store.list('', 'nodes').map(n => ({ metadata: { name: n.metadata.name }, timestamp: ts, window: '20s', usage: { cpu: '250m', memory: '1024Mi' } }))
            });
        }
        return statusError(404, 'NotFound', 'the server could not find the requested resource');
    };
    return {
        proxy,
        aggregated,
        podLog: (ns, pod, container, opts) => kubelet.log(ns, pod, container, opts),
        // RuntimeClass admission and the simulated operators' webhooks (src/sim/handlers/webhooks.ts).
        admission: [...aiAdmission(ctx)]
    };
}
/** A metric value as the adapters write a Quantity: whole numbers plain, fractions in milli-units. */
function formatMetricValue(v) {
    const milli = Math.round(v * 1000);
    return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

;// CONCATENATED MODULE: ./src/sim/controllers/node-groups.ts
/**
 * Node groups a cluster autoscaler may grow and shrink, as scenario parts declare them under
 * `spec.nodeGroups`: the labels that make a node a member, the size bounds, and the template a
 * new node is made from (labels, taints, capacity, GPUs).
 *
 *   nodeGroups:
 *   - name: gpu-a10
 *     minSize: 1
 *     maxSize: 4
 *     nodeSelector: {nvidia.com/gpu.product: NVIDIA-A10}
 *     template:
 *       namePattern: kind-gpu-worker{n}      # {n}: a counter from firstIndex
 *       firstIndex: 3
 *       labels: {...}                        # must include the nodeSelector labels
 *       taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
 *       capacity: {cpu: "16", memory: 64Gi, pods: "110"}
 *       gpus: {model: NVIDIA A10, count: 2}
 */

class NodeGroupError extends Error {
    constructor(message) {
        super(message);
        this.name = 'NodeGroupError';
    }
}
const isMap = (v) => !!v && typeof v === 'object' && !Array.isArray(v);
function stringMap(v, at) {
    if (v === undefined)
        return {};
    if (!isMap(v) || Object.values(v).some(x => typeof x !== 'string'))
        throw new NodeGroupError(`${at}: expected a mapping of strings (quote numbers)`);
    return v;
}
function node_groups_count(v, at) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
        throw new NodeGroupError(`${at}: expected a whole number of at least 0`);
    return v;
}
function parseNodeGroups(raw, where) {
    const names = new Set();
    return raw.map((g, i) => {
        const at = `${where}[${i}]`;
        if (!isMap(g))
            throw new NodeGroupError(`${at}: expected a mapping`);
        if (typeof g.name !== 'string' || !g.name)
            throw new NodeGroupError(`${at}.name: expected a non-empty string`);
        if (names.has(g.name))
            throw new NodeGroupError(`${at}.name: node group "${g.name}" is declared twice`);
        names.add(g.name);
        const minSize = node_groups_count(g.minSize, `${at}.minSize`);
        const maxSize = node_groups_count(g.maxSize, `${at}.maxSize`);
        if (maxSize < minSize)
            throw new NodeGroupError(`${at}.maxSize: ${maxSize} is below minSize ${minSize}`);
        const nodeSelector = stringMap(g.nodeSelector, `${at}.nodeSelector`);
        if (!Object.keys(nodeSelector).length)
            throw new NodeGroupError(`${at}.nodeSelector: expected at least one label that marks the group's nodes`);
        const t = g.template;
        if (!isMap(t))
            throw new NodeGroupError(`${at}.template: expected a mapping`);
        if (typeof t.namePattern !== 'string' || !t.namePattern.includes('{n}')) {
            throw new NodeGroupError(`${at}.template.namePattern: expected a node name with {n} where the counter goes`);
        }
        const labels = stringMap(t.labels, `${at}.template.labels`);
        const missing = Object.entries(nodeSelector).find(([k, v]) => labels[k] !== v);
        if (missing)
            throw new NodeGroupError(`${at}.template.labels: must carry the nodeSelector label ${missing[0]}: "${missing[1]}" so new nodes join the group`);
        if (t.taints !== undefined &&
            (!Array.isArray(t.taints) ||
                t.taints.some(x => !isMap(x) || typeof x.key !== 'string' || typeof x.effect !== 'string'))) {
            throw new NodeGroupError(`${at}.template.taints: expected a list of {key, value?, effect}`);
        }
        const capacity = stringMap(t.capacity, `${at}.template.capacity`);
        for (const k of ['cpu', 'memory', 'pods'])
            if (!capacity[k])
                throw new NodeGroupError(`${at}.template.capacity.${k}: required`);
        let gpus;
        if (t.gpus !== undefined) {
            if (!isMap(t.gpus) || typeof t.gpus.model !== 'string')
                throw new NodeGroupError(`${at}.template.gpus: expected {model, count}`);
            if (!GPU_MODELS[t.gpus.model]) {
                throw new NodeGroupError(`${at}.template.gpus.model: "${t.gpus.model}" is not simulated; choose one of ${Object.keys(GPU_MODELS).join(', ')}`);
            }
            gpus = { model: t.gpus.model, count: node_groups_count(t.gpus.count, `${at}.template.gpus.count`) };
        }
        return {
            name: g.name,
            minSize,
            maxSize,
            nodeSelector,
            template: {
                namePattern: t.namePattern,
                firstIndex: t.firstIndex === undefined ? 1 : node_groups_count(t.firstIndex, `${at}.template.firstIndex`),
                labels,
                annotations: stringMap(t.annotations, `${at}.template.annotations`),
                taints: t.taints ?? [],
                capacity,
                ...(gpus ? { gpus } : {}),
                ...(typeof t.providerID === 'string' ? { providerID: t.providerID } : {})
            }
        };
    });
}

;// CONCATENATED MODULE: ./src/sim/scenarios/common.ts
/** Text shared by scenario files: a CA bundle placeholder (webhooks, APIServices). */
const CA_BUNDLE = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJzekNDQVZtZ0F3SUJBZ0lVYzJsdGRXeGhkR1ZrTFdOaExXSjFibVJzWlRBS0JnZ3Foa2pPUFFRREFqQUEKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=';
const HEADER = 'apiVersion: sim.ai-conformance.dev/v1alpha1';

;// CONCATENATED MODULE: ./src/sim/scenarios/sandbox.ts
/**
 * Sandbox runtimes as RuntimeClasses whose handler the nodes' container runtime offers, each with
 * the guest kernel its pods see (src/sim/pods/sandbox.ts): gVisor (RuntimeClass gvisor, handler
 * runsc, whose Sentry reports kernel 4.4.0, as gVisor's docs show), Kata Containers as kata-deploy
 * installs it (RuntimeClasses kata, kata-qemu, kata-clh with pod overhead and the
 * katacontainers.io/kata-runtime node selector; the guest kernel version is representative), and
 * ACK's sandboxed containers (RuntimeClass runv; its guest kernel version and node labels are
 * unverified).
 */

const SHARES_HOST_KERNEL = `  - name: sandbox-runtime-shares-host-kernel
    description: pods of the sandbox RuntimeClass run, but on the node's own kernel (no kernel boundary)
    runtime: {sandboxSharesHostKernel: true}
`;
const GVISOR = `${HEADER}
kind: AddOn
metadata:
  name: gvisor
  description: gVisor sandbox runtime (RuntimeClass gvisor, handler runsc) on every node
  source: gvisor.dev docs (containerd runtime handler runsc, RuntimeClass gvisor); uname -r in a gVisor sandbox reports 4.4.0
spec:
  runtime:
    sandboxHandlers:
      runsc: {release: 4.4.0, version: "Linux version 4.4.0 #1 SMP Sun Jan 10 15:06:54 PST 2016"}
  breaks:
${SHARES_HOST_KERNEL}---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: gvisor}
handler: runsc
`;
const kataClass = (name) => `---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: ${name}, labels: {app.kubernetes.io/managed-by: kata-deploy}}
handler: ${name}
overhead: {podFixed: {memory: 160Mi, cpu: 250m}}
scheduling: {nodeSelector: {katacontainers.io/kata-runtime: "true"}}
`;
const KATA_KERNEL = '{release: 6.12.36, version: "Linux version 6.12.36 (@kata-containers) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #1 SMP Thu Jul 10 00:00:00 UTC 2025"}';
const KATA = `${HEADER}
kind: AddOn
metadata:
  name: kata
  description: Kata Containers 3 installed by kata-deploy (RuntimeClasses kata, kata-qemu, kata-clh; nodes labelled katacontainers.io/kata-runtime=true)
  source: kata-containers/kata-containers tools/packaging/kata-deploy (DaemonSet kata-deploy in kube-system, runtimeclasses.yaml); the guest kernel version is representative (unverified)
spec:
  runtime:
    sandboxHandlers:
      kata: ${KATA_KERNEL}
      kata-qemu: ${KATA_KERNEL}
      kata-clh: ${KATA_KERNEL}
  stages:
  - apiVersion: sim.ai-conformance.dev/v1alpha1
    kind: Stage
    metadata: {name: kata-deploy-labels-node, description: kata-deploy installs the runtime on a node and labels it}
    spec:
      resourceRef: {kind: Node}
      selector:
        matchExpressions: [{key: '.metadata.labels["katacontainers.io/kata-runtime"]', operator: DoesNotExist}]
      delay: 1s
      steps:
      - patch: {metadata: {labels: {katacontainers.io/kata-runtime: "true"}}}
  breaks:
${SHARES_HOST_KERNEL}---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kata-deploy, namespace: kube-system, labels: {name: kata-deploy}}
spec:
  selector: {matchLabels: {name: kata-deploy}}
  template:
    metadata: {labels: {name: kata-deploy}}
    spec:
      serviceAccountName: kata-deploy-sa
      tolerations: [{operator: Exists}]
      containers: [{name: kube-kata, image: "quay.io/kata-containers/kata-deploy:3.18.0", command: [bash, -c, /opt/kata-artifacts/scripts/kata-deploy.sh install], securityContext: {privileged: true}}]
${kataClass('kata')}${kataClass('kata-qemu')}${kataClass('kata-clh')}`;
/** The guest kernel runV sandboxes report (also used by the ACK scenarios' own RuntimeClass runv). */
const RUNV_KERNEL = '{release: 5.10.134-17.2.al8.x86_64, version: "Linux version 5.10.134-17.2.al8.x86_64 (mockbuild@x86-build-1) (gcc (GCC) 10.2.1 20200825 (Alibaba 10.2.1-3.8 2.32), GNU ld version 2.35-5.al8) #1 SMP Fri Jan 10 00:00:00 CST 2025 (sandbox guest)"}';
const ACK_SANDBOXED_CONTAINER = `${HEADER}
kind: AddOn
metadata:
  name: ack-sandboxed-container
  description: ACK Sandboxed-Container (runV) runtime, RuntimeClass runv
  source: ACK docs (Sandboxed-Container, runtimeClassName runv); the guest kernel version and the sandboxed node pool labels are unverified
spec:
  runtime:
    sandboxHandlers:
      runv: ${RUNV_KERNEL}
  breaks:
${SHARES_HOST_KERNEL}---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: runv}
handler: runv
`;

;// CONCATENATED MODULE: ./src/sim/scenarios/ack.ts
/**
 * ACK (Alibaba Cloud Container Service for Kubernetes) GPU clusters: managed control plane, CPU
 * and GPU node pools, and what an ACK GPU cluster runs for AI workloads. Verified from ACK's
 * conformance evidence and docs: the NVIDIA DRA driver in nvidia-dra-driver-gpu with DeviceClass
 * gpu.nvidia.com, the GPU taint nvidia.com/gpu, the aliyun.accelerator/* node labels, the
 * coscheduling pod-group labels of ACK Pro, Gateway with Inference Extension (Envoy Gateway
 * based), KubeRay, ack-gpu-exporter (DCGM-compatible names) and ack-alibaba-cloud-metrics-adapter.
 * Object names, namespaces and ports marked (unverified) below are assumptions.
 */



const VERSIONS = { 34: 'v1.34.1-aliyun.1', 35: 'v1.35.0-aliyun.1', 36: 'v1.36.0-aliyun.1' };
function ackNode(name, pool, instanceType, v, gpu) {
    const gpuLabels = gpu
        ? `    aliyun.accelerator/nvidia_name: NVIDIA-A10
    aliyun.accelerator/nvidia_count: "${gpu.count}"
    aliyun.accelerator/nvidia_mem: 23028MiB
    # Scheduling policy label of ACK GPU node pools; the DRA pool value is unverified.
    ack.node.gpu.schedule: ${gpu.dra ? 'disabled' : 'default'}
${gpu.dra ? '    # Selects the DRA kubelet plugin (GPU feature discovery label; its presence on ACK is unverified).\n    nvidia.com/gpu.present: "true"\n' : ''}${gpu.driverVersion ? `    # The node pool label choosing the NVIDIA driver ACK installs (its value is the simulated A10's driver).\n    ack.aliyun.com/nvidia-driver-version: ${gpu.driverVersion}\n` : ''}`
        : '';
    return `---
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
    alibabacloud.com/nodepool-id: ${pool}
    beta.kubernetes.io/arch: amd64
    beta.kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: ${name}
    kubernetes.io/os: linux
    node.kubernetes.io/instance-type: ${instanceType}
    topology.kubernetes.io/region: cn-hangzhou
    topology.kubernetes.io/zone: cn-hangzhou-k
${gpuLabels}spec:
  providerID: cn-hangzhou.i-bp1${name.replace(/\D/g, '').slice(-8)}
  podCIDR: 10.${200 + Number(name.split('.').pop())}.0.0/24
${gpu ? '  taints: [{key: nvidia.com/gpu, effect: NoSchedule}]\n' : ''}status:
  addresses: [{type: InternalIP, address: ${name.slice('cn-hangzhou.'.length)}}, {type: Hostname, address: ${name}}]
  capacity: {cpu: "${gpu ? 32 : 8}", memory: ${gpu ? '194519264Ki' : '32386624Ki'}, ephemeral-storage: 123722704Ki, pods: "64"}
  allocatable: {cpu: "${gpu ? '31600m' : '7600m'}", memory: ${gpu ? '185937632Ki' : '28517184Ki'}, ephemeral-storage: 114022843818, pods: "64"}
  nodeInfo: {architecture: amd64, containerRuntimeVersion: containerd://1.6.38, kernelVersion: 5.10.134-18.al8.x86_64, kubeProxyVersion: ${v}, kubeletVersion: ${v}, operatingSystem: linux, osImage: Alibaba Cloud Linux 3.2104 U11 (OpenAnolis Edition)}
`;
}
const ds = (ns, name, labels, image, extra = '') => `---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}, namespace: ${ns}, labels: {${labels}}}
spec:
  selector: {matchLabels: {${labels}}}
  template:
    metadata: {labels: {${labels}}}
    spec:
      tolerations: [{operator: Exists}]
${extra}      containers: [{name: ${name}, image: "${image}"}]
`;
/**
 * ACK Sandboxed-Container's RuntimeClass (runV) on the GPU node pool (unverified: its node pool and
 * whether ACK adds the GPU toleration). Do not combine with the ack-sandboxed-container add-on,
 * which installs its own runv.
 */
const RUNV_CLASS = `---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: runv}
handler: runv
scheduling:
  nodeSelector: {alibabacloud.com/nodepool-id: np-gpu-a10}
  tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
`;
function ackGpuCluster(minor) {
    const v = VERSIONS[minor];
    return `${HEADER}
kind: Cluster
metadata:
  name: ack-gpu-1.${minor}
  description: ACK Pro ${v} GPU cluster (2 CPU nodes, ${minor >= 36 ? '3 A10 GPU nodes, one a cGPU pool' : '2 A10 GPU nodes'}) with DRA, device plugin, ack-gpu-exporter, metrics adapter, Gateway with Inference Extension, KubeRay, coscheduling, autoscaler, Prometheus${minor >= 36 ? ', sandboxed containers (runv)' : ''}
  source: ACK docs and AliyunContainerService/ai-models-on-ack conformance evidence; ${minor > 34 ? 'the version string is assumed (unverified); ' : ''}names marked unverified are assumptions
spec:
  kubernetes: {minor: ${minor}, gitVersion: ${v}, platform: ack}
  # 1.36 adds a cGPU (shared GPU scheduling) node pool: the ack-gpushare add-on's node cn-hangzhou.10.0.2.22.
  requires: [nvidia-dra-driver, envoy-gateway, inference-extension, kuberay-webhooks, prometheus-operator, cluster-autoscaler${minor >= 36 ? ', ack-gpushare' : ''}]
  gpus:
  - {nodes: [cn-hangzhou.10.0.2.20], model: NVIDIA A10, count: 1}
  - {nodes: [cn-hangzhou.10.0.2.21], model: NVIDIA A10, count: 2}
  devicePlugins:
  # ACK's device plugin DaemonSet name and labels are unverified.
  - {resource: nvidia.com/gpu, unit: gpu, namespace: kube-system, podLabels: {component: nvidia-device-plugin}}
  crds:
  # ACK Pro's coscheduling PodGroup (scheduler-plugins group; unverified on ACK).
  - {group: scheduling.sigs.k8s.io, kind: PodGroup, plural: podgroups, scope: Namespaced, versions: [v1alpha1], shortNames: [pg, pgs]}
  - {group: scheduling.sigs.k8s.io, kind: ElasticQuota, plural: elasticquotas, scope: Namespaced, versions: [v1alpha1], shortNames: [eq, eqs]}
  handlers:
  # ack-gpu-exporter namespace and port are unverified.
  - {name: ack-gpu-exporter, type: dcgm-exporter, namespace: arms-prom, podLabels: {app: ack-gpu-exporter}, port: 9445, options: {flavour: ack}}
  - {name: alibaba-cloud-metrics-adapter, type: custom-metrics, namespace: kube-system, podLabels: {app: alibaba-cloud-metrics-adapter}, port: 443}
  # ACK Pro's kube-scheduler gangs pods by the coscheduling labels (src/sim/gang.ts, src/sim/scheduler.ts).
  controllers:
    coscheduling: {}
  # ACK's GPU runtime does not honour NVIDIA_VISIBLE_DEVICES in containers that were allocated no GPU (unverified).
  runtime: {acceptVisibleDevicesEnv: false${minor >= 36 ? `, sandboxHandlers: {runv: ${RUNV_KERNEL}}` : ''}}
  # The GPU node pool np-gpu-a10 as the managed autoscaler sees it (group name as its status reports it; unverified).
  nodeGroups:
  - name: gpu-a10
    minSize: 1
    maxSize: 4
    nodeSelector: {alibabacloud.com/nodepool-id: np-gpu-a10}
    template:
      namePattern: "cn-hangzhou.10.0.2.{n}"
      firstIndex: 30
      labels: {alibabacloud.com/nodepool-id: np-gpu-a10, beta.kubernetes.io/arch: amd64, beta.kubernetes.io/os: linux, kubernetes.io/arch: amd64, kubernetes.io/os: linux, node.kubernetes.io/instance-type: ecs.gn7i-c32g1.8xlarge, topology.kubernetes.io/region: cn-hangzhou, topology.kubernetes.io/zone: cn-hangzhou-k, aliyun.accelerator/nvidia_name: NVIDIA-A10, aliyun.accelerator/nvidia_count: "1", aliyun.accelerator/nvidia_mem: 23028MiB, ack.node.gpu.schedule: default}
      taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
      capacity: {cpu: 31600m, memory: 185937632Ki, ephemeral-storage: "114022843818", pods: "64"}
      gpus: {model: NVIDIA A10, count: 1}
  breaks:
  - name: coscheduling-binds-partially
    description: the scheduler ignores the coscheduling labels and binds the pods of a group one by one as each fits
    controllers: {coscheduling: {bindPartially: true}}
  - name: runtime-exposes-all-gpus
    description: the container runtime gives every container on a GPU node all of that node's GPUs (also those that requested none)
    runtime: {exposeAllGpus: true}
  - name: hpa-never-scales
    description: the HPA controller reads the custom metrics and reports them, but never changes the desired or actual replicas
    controllers: {hpa: {neverScales: true}}
  - name: ack-driver-version-skew
    description: GPU node cn-hangzhou.10.0.2.21 runs an older NVIDIA driver (550.144.03, CUDA 12.4) than cn-hangzhou.10.0.2.20 (570.133.20, CUDA 12.8)
    gpus:
    - {nodes: [cn-hangzhou.10.0.2.21], model: NVIDIA A10, count: 2, driverVersion: 550.144.03, cudaVersion: "12.4"}
  - name: ack-exporter-missing-memory-metric
    description: ack-gpu-exporter serves no framebuffer memory series (DCGM_FI_DEV_FB_USED, DCGM_FI_DEV_FB_FREE)
    handlerOptions: {ack-gpu-exporter: {omitMetrics: [DCGM_FI_DEV_FB_USED, DCGM_FI_DEV_FB_FREE]}}
  - name: gateway-not-programmed
    description: the Gateway's envoy proxy pods never become ready, so every Gateway stays Programmed=False (NoResources)
    containerRules:
    - {name: gateway-proxy-not-ready, match: {namespace: envoy-gateway-system, podLabels: {app.kubernetes.io/component: proxy, app.kubernetes.io/managed-by: envoy-gateway}}, ready: false}
  - name: ack-metrics-adapter-unavailable
    description: the metrics adapter never becomes ready, so its APIServices are Available=False
    containerRules:
    - {name: ack-adapter-not-ready, match: {namespace: kube-system, podLabels: {app: alibaba-cloud-metrics-adapter}}, ready: false}
${ackNode('cn-hangzhou.10.0.1.10', 'np-cpu', 'ecs.g7.2xlarge', v, null)}${ackNode('cn-hangzhou.10.0.1.11', 'np-cpu', 'ecs.g7.2xlarge', v, null)}${ackNode('cn-hangzhou.10.0.2.20', 'np-gpu-a10', 'ecs.gn7i-c32g1.8xlarge', v, { count: 1, dra: false, ...(minor >= 35 ? { driverVersion: GPU_MODELS['NVIDIA A10'].driverVersion } : {}) })}${ackNode('cn-hangzhou.10.0.2.21', 'np-gpu-a10-dra', 'ecs.gn7i-2x.8xlarge', v, { count: 2, dra: true })}---
apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {kubernetes.io/metadata.name: default}}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-system, labels: {kubernetes.io/metadata.name: kube-system}}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-public, labels: {kubernetes.io/metadata.name: kube-public}}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-node-lease, labels: {kubernetes.io/metadata.name: kube-node-lease}}
---
apiVersion: v1
kind: Namespace
metadata: {name: arms-prom, labels: {kubernetes.io/metadata.name: arms-prom}}
${minor >= 36 ? RUNV_CLASS : ''}---
apiVersion: v1
kind: Service
metadata: {name: kubernetes, namespace: default, labels: {component: apiserver, provider: kubernetes}}
spec: {type: ClusterIP, clusterIP: 192.168.0.1, ports: [{name: https, port: 443, protocol: TCP, targetPort: 6443}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  replicas: 2
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      priorityClassName: system-cluster-critical
      containers: [{name: coredns, image: "registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/coredns:v1.12.1.1-aliyun", args: [-conf, /etc/coredns/Corefile], resources: {requests: {cpu: 100m, memory: 70Mi}}}]
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec: {clusterIP: 192.168.0.10, selector: {k8s-app: kube-dns}, ports: [{name: dns, port: 53, protocol: UDP, targetPort: 53}, {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}]}
${ds('kube-system', 'kube-proxy-worker', 'k8s-app: kube-proxy-worker', `registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/kube-proxy:${v}`)}${ds('kube-system', 'terway-eniip', 'app: terway-eniip', 'registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/terway:v1.13.0')}${ds('kube-system', 'csi-plugin', 'app: csi-plugin', 'registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/csi-plugin:v1.33.1')}${ds('kube-system', 'ack-nvidia-device-plugin', 'component: nvidia-device-plugin', 'registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/k8s-device-plugin:v0.17.1-aliyun', '      nodeSelector: {ack.node.gpu.schedule: default}\n')}${ds('arms-prom', 'ack-gpu-exporter', 'app: ack-gpu-exporter', 'registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/ack-gpu-exporter:v2.0.0', '      nodeSelector: {aliyun.accelerator/nvidia_count: "1"}\n').replace('containers: [{name: ack-gpu-exporter, image: "registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/ack-gpu-exporter:v2.0.0"}]', 'containers: [{name: ack-gpu-exporter, image: "registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/ack-gpu-exporter:v2.0.0", ports: [{name: http-metrics, containerPort: 9445}], env: [{name: NVIDIA_VISIBLE_DEVICES, value: all}]}]').replace('nodeSelector: {aliyun.accelerator/nvidia_count: "1"}', 'affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: aliyun.accelerator/nvidia_name, operator: Exists}]}]}}}')}---
apiVersion: v1
kind: Service
metadata: {name: ack-gpu-exporter, namespace: arms-prom, labels: {app: ack-gpu-exporter}}
spec: {selector: {app: ack-gpu-exporter}, ports: [{name: http-metrics, port: 9445, targetPort: 9445}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: metrics-server, namespace: kube-system, labels: {k8s-app: metrics-server}}
spec:
  replicas: 1
  selector: {matchLabels: {k8s-app: metrics-server}}
  template:
    metadata: {labels: {k8s-app: metrics-server}}
    spec: {containers: [{name: metrics-server, image: "registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/metrics-server:v0.7.2", ports: [{name: https, containerPort: 443}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: metrics-server, namespace: kube-system, labels: {k8s-app: metrics-server}}
spec: {selector: {k8s-app: metrics-server}, ports: [{name: https, port: 443, targetPort: https}]}
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io}
spec: {group: metrics.k8s.io, version: v1beta1, groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: {name: metrics-server, namespace: kube-system, port: 443}}
---
# ack-alibaba-cloud-metrics-adapter (Deployment and Service names unverified).
apiVersion: apps/v1
kind: Deployment
metadata: {name: alibaba-cloud-metrics-adapter, namespace: kube-system, labels: {app: alibaba-cloud-metrics-adapter}}
spec:
  replicas: 1
  selector: {matchLabels: {app: alibaba-cloud-metrics-adapter}}
  template:
    metadata: {labels: {app: alibaba-cloud-metrics-adapter}}
    spec: {containers: [{name: alibaba-cloud-metrics-adapter, image: "registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/alibaba-cloud-metrics-adapter-amd64:v0.2.6", ports: [{name: https, containerPort: 443}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: alibaba-cloud-metrics-adapter, namespace: kube-system, labels: {app: alibaba-cloud-metrics-adapter}}
spec: {selector: {app: alibaba-cloud-metrics-adapter}, ports: [{name: https, port: 443, targetPort: https}]}
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.custom.metrics.k8s.io}
spec: {group: custom.metrics.k8s.io, version: v1beta1, groupPriorityMinimum: 100, versionPriority: 100, caBundle: ${CA_BUNDLE}, service: {name: alibaba-cloud-metrics-adapter, namespace: kube-system, port: 443}}
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.external.metrics.k8s.io}
spec: {group: external.metrics.k8s.io, version: v1beta1, groupPriorityMinimum: 100, versionPriority: 100, caBundle: ${CA_BUNDLE}, service: {name: alibaba-cloud-metrics-adapter, namespace: kube-system, port: 443}}
`;
}

;// CONCATENATED MODULE: ./src/sim/scenarios/gpu.ts
/**
 * GPU add-ons: GPU worker nodes, the NVIDIA device plugin (static manifest
 * NVIDIA/k8s-device-plugin deployments/static/nvidia-device-plugin.yml: DaemonSet
 * nvidia-device-plugin-daemonset in kube-system), the NVIDIA DRA driver (helm chart
 * nvidia-dra-driver-gpu in namespace nvidia-dra-driver-gpu), the DRA example driver
 * (kubernetes-sigs/dra-example-driver, DeviceClass gpu.example.com) and the DCGM exporter
 * (NVIDIA/dcgm-exporter deployment/examples/dcgm-exporter.yaml: DaemonSet and Service
 * dcgm-exporter, port 9400 named metrics).
 */

function gpuNode(name, index) {
    return `---
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: ${name}
    kubernetes.io/os: linux
    # As GPU feature discovery labels a node with GPUs.
    nvidia.com/gpu.present: "true"
    nvidia.com/gpu.product: NVIDIA-A10
    nvidia.com/gpu.count: "2"
    nvidia.com/gpu.memory: "23028"
spec:
  podCIDR: 10.244.${index}.0/24
  podCIDRs: [10.244.${index}.0/24]
  providerID: kind://docker/kind/${name}
  taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
status:
  addresses: [{type: InternalIP, address: 172.18.0.${index + 2}}, {type: Hostname, address: ${name}}]
  capacity: {cpu: "16", memory: 65838072Ki, ephemeral-storage: 102625208Ki, pods: "110"}
  allocatable: {cpu: "16", memory: 65838072Ki, ephemeral-storage: 102625208Ki, pods: "110"}
  nodeInfo: {architecture: amd64, containerRuntimeVersion: containerd://2.1.1, kernelVersion: 6.8.0-60-generic, operatingSystem: linux, osImage: Debian GNU/Linux 12 (bookworm)}
`;
}
const GPU_NODES = `${HEADER}
kind: AddOn
metadata:
  name: gpu-nodes
  description: two GPU workers (kind-gpu-worker, kind-gpu-worker2), 2 x NVIDIA A10 each, tainted nvidia.com/gpu:NoSchedule
  source: simulated hardware; labels as NVIDIA GPU feature discovery writes them
spec:
  gpus:
  - {nodes: [kind-gpu-worker, kind-gpu-worker2], model: NVIDIA A10, count: 2}
  # The NVIDIA toolkit configured as hardened installs do it (accept-nvidia-visible-devices-envvar-when-unprivileged
  # = false): an unprivileged container's NVIDIA_VISIBLE_DEVICES does not expose GPUs it was not allocated.
  runtime: {acceptVisibleDevicesEnv: false}
  # The workers' node group, for a cluster autoscaler (add-on cluster-autoscaler).
  nodeGroups:
  - name: gpu-a10
    minSize: 1
    maxSize: 4
    nodeSelector: {nvidia.com/gpu.product: NVIDIA-A10}
    template:
      namePattern: "kind-gpu-worker{n}"
      firstIndex: 3
      providerID: "kind://docker/kind/{name}"
      labels: {kubernetes.io/arch: amd64, kubernetes.io/os: linux, nvidia.com/gpu.present: "true", nvidia.com/gpu.product: NVIDIA-A10, nvidia.com/gpu.count: "2", nvidia.com/gpu.memory: "23028"}
      taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
      capacity: {cpu: "16", memory: 65838072Ki, ephemeral-storage: 102625208Ki, pods: "110"}
      gpus: {model: NVIDIA A10, count: 2}
  breaks:
  - name: runtime-exposes-all-gpus
    description: the container runtime gives every container on a GPU node all of that node's GPUs (also those that requested none)
    runtime: {exposeAllGpus: true}
  - name: driver-version-skew
    description: kind-gpu-worker2 was left on an older NVIDIA driver (550.144.03, CUDA 12.4) than kind-gpu-worker (570.133.20, CUDA 12.8)
    gpus:
    - {nodes: [kind-gpu-worker2], model: NVIDIA A10, count: 2, driverVersion: 550.144.03, cudaVersion: "12.4"}
${gpuNode('kind-gpu-worker', 3)}${gpuNode('kind-gpu-worker2', 4)}`;
const NVIDIA_DEVICE_PLUGIN = `${HEADER}
kind: AddOn
metadata:
  name: nvidia-device-plugin
  description: NVIDIA device plugin advertising nvidia.com/gpu on GPU nodes
  source: NVIDIA/k8s-device-plugin deployments/static/nvidia-device-plugin.yml (v0.17)
spec:
  devicePlugins:
  - {resource: nvidia.com/gpu, unit: gpu, namespace: kube-system, podLabels: {name: nvidia-device-plugin-ds}}
  breaks:
  - name: device-plugin-not-ready
    description: the device plugin pods never become ready, so no node advertises nvidia.com/gpu
    containerRules:
    - {name: device-plugin-not-ready, match: {namespace: kube-system, podLabels: {name: nvidia-device-plugin-ds}}, ready: false}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: nvidia-device-plugin-daemonset, namespace: kube-system}
spec:
  selector: {matchLabels: {name: nvidia-device-plugin-ds}}
  updateStrategy: {type: RollingUpdate}
  template:
    metadata: {labels: {name: nvidia-device-plugin-ds}}
    spec:
      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
      priorityClassName: system-node-critical
      nodeSelector: {nvidia.com/gpu.present: "true"}
      containers:
      - name: nvidia-device-plugin-ctr
        image: nvcr.io/nvidia/k8s-device-plugin:v0.17.1
        env: [{name: FAIL_ON_INIT_ERROR, value: "false"}]
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`;
const NVIDIA_DRA_DRIVER = `${HEADER}
kind: AddOn
metadata:
  name: nvidia-dra-driver
  description: NVIDIA DRA driver for GPUs publishing ResourceSlices (driver gpu.nvidia.com) and DeviceClass gpu.nvidia.com
  source: NVIDIA/k8s-dra-driver-gpu helm chart nvidia-dra-driver-gpu (release nvidia-dra-driver-gpu, namespace nvidia-dra-driver-gpu)
spec:
  draDrivers:
  - {driver: gpu.nvidia.com, devices: nvidia, namespace: nvidia-dra-driver-gpu, podLabels: {nvidia-dra-driver-gpu-component: kubelet-plugin}}
  crds:
  - {group: resource.nvidia.com, kind: ComputeDomain, plural: computedomains, scope: Namespaced, versions: [v1beta1]}
  breaks:
  - name: dra-driver-never-allocates
    description: the driver publishes its ResourceSlices but no claim is ever allocated its devices (pods stay Pending, FailedScheduling)
    controllers: {dra: {neverAllocate: [gpu.nvidia.com]}}
  - name: dra-driver-not-ready
    description: the DRA kubelet plugin never becomes ready, so no ResourceSlices are published
    containerRules:
    - {name: dra-driver-not-ready, match: {namespace: nvidia-dra-driver-gpu, podLabels: {nvidia-dra-driver-gpu-component: kubelet-plugin}}, ready: false}
---
apiVersion: v1
kind: Namespace
metadata: {name: nvidia-dra-driver-gpu, labels: {kubernetes.io/metadata.name: nvidia-dra-driver-gpu}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: nvidia-dra-driver-gpu-kubelet-plugin
  namespace: nvidia-dra-driver-gpu
  labels: {app.kubernetes.io/name: nvidia-dra-driver-gpu, app.kubernetes.io/instance: nvidia-dra-driver-gpu, app.kubernetes.io/managed-by: Helm, helm.sh/chart: nvidia-dra-driver-gpu-25.8.0}
spec:
  selector: {matchLabels: {nvidia-dra-driver-gpu-component: kubelet-plugin}}
  template:
    metadata: {labels: {app.kubernetes.io/name: nvidia-dra-driver-gpu, app.kubernetes.io/instance: nvidia-dra-driver-gpu, nvidia-dra-driver-gpu-component: kubelet-plugin}}
    spec:
      serviceAccountName: nvidia-dra-driver-gpu-service-account-kubeletplugin
      nodeSelector: {nvidia.com/gpu.present: "true"}
      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
      containers:
      - name: gpus
        image: nvcr.io/nvidia/k8s-dra-driver-gpu:v25.8.0
        command: [bash, -c]
        args: [gpu-kubelet-plugin -v $(LOG_VERBOSITY)]
        env: [{name: NVIDIA_VISIBLE_DEVICES, value: void}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nvidia-dra-driver-gpu-controller
  namespace: nvidia-dra-driver-gpu
  labels: {app.kubernetes.io/name: nvidia-dra-driver-gpu, app.kubernetes.io/instance: nvidia-dra-driver-gpu}
spec:
  replicas: 1
  selector: {matchLabels: {nvidia-dra-driver-gpu-component: controller}}
  template:
    metadata: {labels: {app.kubernetes.io/name: nvidia-dra-driver-gpu, app.kubernetes.io/instance: nvidia-dra-driver-gpu, nvidia-dra-driver-gpu-component: controller}}
    spec:
      serviceAccountName: nvidia-dra-driver-gpu-service-account-controller
      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
      containers: [{name: compute-domain, image: "nvcr.io/nvidia/k8s-dra-driver-gpu:v25.8.0", command: [compute-domain-controller, -v, "6"]}]
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: {name: gpu.nvidia.com}
spec:
  selectors: [{cel: {expression: "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'gpu'"}}]
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: {name: mig.nvidia.com}
spec:
  selectors: [{cel: {expression: "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'mig'"}}]
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: {name: compute-domain-daemon.nvidia.com}
spec:
  selectors: [{cel: {expression: "device.driver == 'compute-domain.nvidia.com' && device.attributes['compute-domain.nvidia.com'].type == 'daemon'"}}]
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: {name: compute-domain-default-channel.nvidia.com}
spec:
  selectors: [{cel: {expression: "device.driver == 'compute-domain.nvidia.com' && device.attributes['compute-domain.nvidia.com'].type == 'channel' && device.attributes['compute-domain.nvidia.com'].id == 0"}}]
`;
const DRA_EXAMPLE_DRIVER = `${HEADER}
kind: AddOn
metadata:
  name: dra-example-driver
  description: the Kubernetes DRA example driver with 8 fake GPUs per worker (DeviceClass gpu.example.com)
  source: kubernetes-sigs/dra-example-driver helm chart (namespace dra-example-driver)
spec:
  draDrivers:
  - {driver: gpu.example.com, devices: example, perNode: 8, namespace: dra-example-driver, podLabels: {app.kubernetes.io/name: dra-example-driver}}
  breaks:
  - name: dra-driver-never-allocates
    description: the driver publishes its ResourceSlices but no claim is ever allocated its devices (pods stay Pending, FailedScheduling)
    controllers: {dra: {neverAllocate: [gpu.example.com]}}
---
apiVersion: v1
kind: Namespace
metadata: {name: dra-example-driver, labels: {kubernetes.io/metadata.name: dra-example-driver}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: dra-example-driver-kubeletplugin, namespace: dra-example-driver, labels: {app.kubernetes.io/name: dra-example-driver, app.kubernetes.io/instance: dra-example-driver}}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: dra-example-driver, app.kubernetes.io/instance: dra-example-driver}}
  template:
    metadata: {labels: {app.kubernetes.io/name: dra-example-driver, app.kubernetes.io/instance: dra-example-driver}}
    spec:
      serviceAccountName: dra-example-driver-service-account
      containers: [{name: plugin, image: "registry.k8s.io/dra-example-driver/dra-example-driver:v0.2.0", command: [dra-example-kubeletplugin]}]
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: {name: gpu.example.com}
spec:
  selectors: [{cel: {expression: "device.driver == 'gpu.example.com'"}}]
`;
const DCGM_EXPORTER = `${HEADER}
kind: AddOn
metadata:
  name: dcgm-exporter
  description: NVIDIA DCGM exporter on every GPU node, answering /metrics on port 9400 with per-GPU series
  source: NVIDIA/dcgm-exporter deployment/examples/dcgm-exporter.yaml (4.8.4 labels, nodeSelector and GPU toleration as its gpu-tainted-nodes patch)
spec:
  handlers:
  - {name: dcgm-exporter, type: dcgm-exporter, namespace: default, podLabels: {app.kubernetes.io/name: dcgm-exporter}, port: 9400}
  breaks:
  - name: exporter-missing-memory-metric
    description: the exporter serves no framebuffer memory series (DCGM_FI_DEV_FB_USED, DCGM_FI_DEV_FB_FREE)
    handlerOptions: {dcgm-exporter: {omitMetrics: [DCGM_FI_DEV_FB_USED, DCGM_FI_DEV_FB_FREE]}}
  - name: exporter-not-ready
    description: the exporter pods run but never become ready (no ready endpoints, nothing answers)
    containerRules:
    - {name: exporter-not-ready, match: {podLabels: {app.kubernetes.io/name: dcgm-exporter}}, ready: false}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: dcgm-exporter
  namespace: default
  labels: {app.kubernetes.io/name: dcgm-exporter, app.kubernetes.io/version: "4.8.4"}
spec:
  updateStrategy: {type: RollingUpdate}
  selector: {matchLabels: {app.kubernetes.io/name: dcgm-exporter, app.kubernetes.io/version: "4.8.4"}}
  template:
    metadata: {labels: {app.kubernetes.io/name: dcgm-exporter, app.kubernetes.io/version: "4.8.4"}, name: dcgm-exporter}
    spec:
      automountServiceAccountToken: false
      nodeSelector: {nvidia.com/gpu.present: "true"}
      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
      containers:
      - name: dcgm-exporter
        image: nvcr.io/nvidia/k8s/dcgm-exporter:4.6.1-4.8.4-distroless
        env: [{name: DCGM_EXPORTER_LISTEN, value: ":9400"}, {name: DCGM_EXPORTER_KUBERNETES, value: "true"}]
        ports: [{name: metrics, containerPort: 9400}]
        resources: {limits: {cpu: 200m, memory: 256Mi}, requests: {cpu: 100m, memory: 128Mi}}
---
kind: Service
apiVersion: v1
metadata:
  name: dcgm-exporter
  namespace: default
  labels: {app.kubernetes.io/name: dcgm-exporter, app.kubernetes.io/version: "4.8.4"}
spec:
  selector: {app.kubernetes.io/name: dcgm-exporter, app.kubernetes.io/version: "4.8.4"}
  ports: [{name: metrics, port: 9400}]
`;

;// CONCATENATED MODULE: ./src/sim/scenarios/kind.ts
/**
 * Base clusters as `kind create cluster --config` makes them (a control-plane node and two
 * workers, kindnet, kube-proxy, CoreDNS, local-path-provisioner), nothing AI installed.
 * kindest/node tags for 1.36 and 1.37 are assumed (unverified).
 */

const PATCH = { 33: '1.33.1', 34: '1.34.0', 35: '1.35.0', 36: '1.36.0', 37: '1.37.0' };
function node(name, index, v, controlPlane) {
    return `---
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
    beta.kubernetes.io/arch: amd64
    beta.kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: ${name}
    kubernetes.io/os: linux
${controlPlane ? '    node-role.kubernetes.io/control-plane: ""\n    node.kubernetes.io/exclude-from-external-load-balancers: ""\n' : ''}  annotations:
    kubeadm.alpha.kubernetes.io/cri-socket: unix:///run/containerd/containerd.sock
    node.alpha.kubernetes.io/ttl: "0"
spec:
  podCIDR: 10.244.${index}.0/24
  podCIDRs: [10.244.${index}.0/24]
  providerID: kind://docker/kind/${name}
${controlPlane ? '  taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]\n' : ''}status:
  addresses: [{type: InternalIP, address: 172.18.0.${index + 2}}, {type: Hostname, address: ${name}}]
  capacity: {cpu: "8", ephemeral-storage: 102625208Ki, hugepages-1Gi: "0", hugepages-2Mi: "0", memory: 32859580Ki, pods: "110"}
  allocatable: {cpu: "8", ephemeral-storage: 102625208Ki, hugepages-1Gi: "0", hugepages-2Mi: "0", memory: 32859580Ki, pods: "110"}
  daemonEndpoints: {kubeletEndpoint: {Port: 10250}}
  nodeInfo:
    architecture: amd64
    bootID: 00000000-0000-0000-0000-00000000000${index}
    containerRuntimeVersion: containerd://2.1.1
    kernelVersion: 6.8.0-60-generic
    kubeProxyVersion: v${v}
    kubeletVersion: v${v}
    machineID: kind${index}
    operatingSystem: linux
    osImage: Debian GNU/Linux 12 (bookworm)
    systemUUID: 00000000-0000-0000-0000-00000000000${index}
`;
}
function staticPod(component, v, image, tier = 'control-plane') {
    return `---
apiVersion: v1
kind: Pod
metadata:
  name: ${component}-kind-control-plane
  namespace: kube-system
  labels: {component: ${component}, tier: ${tier}}
  annotations: {kubernetes.io/config.source: file}
spec:
  nodeName: kind-control-plane
  hostNetwork: true
  priorityClassName: system-node-critical
  tolerations: [{operator: Exists, effect: NoExecute}]
  containers: [{name: ${component}, image: "${image}:v${v}", command: [${component}]}]
`;
}
function kindCluster(minor) {
    const v = PATCH[minor];
    return `${HEADER}
kind: Cluster
metadata:
  name: kind-1.${minor}
  description: kind v1.${minor} cluster (kindest/node:v${v}), control-plane and two workers, nothing AI installed
  source: kubernetes-sigs/kind default cluster; kindest/node:v${v}
spec:
  kubernetes: {minor: ${minor}, gitVersion: v${v}}
${node('kind-control-plane', 0, v, true)}${node('kind-worker', 1, v, false)}${node('kind-worker2', 2, v, false)}---
apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {kubernetes.io/metadata.name: default}}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-system, labels: {kubernetes.io/metadata.name: kube-system}}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-public, labels: {kubernetes.io/metadata.name: kube-public}}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-node-lease, labels: {kubernetes.io/metadata.name: kube-node-lease}}
---
apiVersion: v1
kind: Namespace
metadata: {name: local-path-storage, labels: {kubernetes.io/metadata.name: local-path-storage}}
---
apiVersion: v1
kind: Service
metadata: {name: kubernetes, namespace: default, labels: {component: apiserver, provider: kubernetes}}
spec:
  type: ClusterIP
  clusterIP: 10.96.0.1
  clusterIPs: [10.96.0.1]
  ports: [{name: https, port: 443, protocol: TCP, targetPort: 6443}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: kubernetes, namespace: default, labels: {kubernetes.io/service-name: kubernetes, endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io}}
addressType: IPv4
endpoints: [{addresses: [172.18.0.2], conditions: {ready: true, serving: true, terminating: false}}]
ports: [{name: https, port: 6443, protocol: TCP}]
${staticPod('etcd', '3.5.21-0'.replace(/^/, ''), 'registry.k8s.io/etcd').replace(/:v3\.5\.21-0/, ':3.5.21-0')}${staticPod('kube-apiserver', v, 'registry.k8s.io/kube-apiserver')}${staticPod('kube-controller-manager', v, 'registry.k8s.io/kube-controller-manager')}${staticPod('kube-scheduler', v, 'registry.k8s.io/kube-scheduler')}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  replicas: 2
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      priorityClassName: system-cluster-critical
      serviceAccountName: coredns
      tolerations: [{key: CriticalAddonsOnly, operator: Exists}, {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
      nodeSelector: {kubernetes.io/os: linux}
      containers:
      - name: coredns
        image: registry.k8s.io/coredns/coredns:v1.12.0
        args: [-conf, /etc/coredns/Corefile]
        ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53, protocol: TCP}, {name: metrics, containerPort: 9153, protocol: TCP}]
        resources: {requests: {cpu: 100m, memory: 70Mi}, limits: {memory: 170Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns, kubernetes.io/name: CoreDNS}}
spec:
  clusterIP: 10.96.0.10
  selector: {k8s-app: kube-dns}
  ports: [{name: dns, port: 53, protocol: UDP, targetPort: 53}, {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}, {name: metrics, port: 9153, protocol: TCP, targetPort: 9153}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system, labels: {k8s-app: kube-proxy}}
spec:
  selector: {matchLabels: {k8s-app: kube-proxy}}
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      hostNetwork: true
      priorityClassName: system-node-critical
      tolerations: [{operator: Exists}]
      nodeSelector: {kubernetes.io/os: linux}
      containers: [{name: kube-proxy, image: "registry.k8s.io/kube-proxy:v${v}", command: [/usr/local/bin/kube-proxy, --config=/var/lib/kube-proxy/config.conf]}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kindnet, namespace: kube-system, labels: {app: kindnet, k8s-app: kindnet, tier: node}}
spec:
  selector: {matchLabels: {app: kindnet}}
  template:
    metadata: {labels: {app: kindnet, k8s-app: kindnet, tier: node}}
    spec:
      hostNetwork: true
      tolerations: [{operator: Exists}]
      containers: [{name: kindnet-cni, image: "docker.io/kindest/kindnetd:v20250512-df8de77b", resources: {requests: {cpu: 100m, memory: 50Mi}, limits: {cpu: 100m, memory: 50Mi}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: local-path-provisioner, namespace: local-path-storage}
spec:
  replicas: 1
  selector: {matchLabels: {app: local-path-provisioner}}
  template:
    metadata: {labels: {app: local-path-provisioner}}
    spec:
      serviceAccountName: local-path-provisioner-service-account
      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Equal, effect: NoSchedule}]
      containers: [{name: local-path-provisioner, image: "docker.io/kindest/local-path-provisioner:v20250214-acbabc1a", command: [local-path-provisioner, --debug, start]}]
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: standard, annotations: {storageclass.kubernetes.io/is-default-class: "true"}}
provisioner: rancher.io/local-path
reclaimPolicy: Delete
volumeBindingMode: WaitForFirstConsumer
`;
}

;// CONCATENATED MODULE: ./src/sim/scenarios/sharing.ts
/**
 * GPU sharing: NVIDIA device plugin time-slicing (sharing.timeSlicing.resources[].replicas in the
 * plugin's config: each GPU advertised `replicas` times, replicas spread over a node's GPUs, GFD
 * labels nvidia.com/gpu.replicas, nvidia.com/gpu.sharing-strategy=time-slicing and the -SHARED
 * product suffix) and ACK's shared GPU scheduling (cGPU): a node pool labelled
 * ack.node.gpu.schedule=cgpu whose gpushare device plugin advertises aliyun.com/gpu-mem (GiB) and
 * aliyun.com/gpu-count, pods packed onto the first GPU with room. The gpushare DaemonSet name and
 * labels follow ACK's ack-ai-installer as documented; they are unverified. MIG: a node whose A100 is
 * partitioned into 1g.5gb instances (nvidia.com/mig-1g.5gb, mixed strategy).
 */

const NVIDIA_TIME_SLICING = `${HEADER}
kind: AddOn
metadata:
  name: nvidia-time-slicing
  description: NVIDIA device plugin with time-slicing (4 replicas per GPU) on the GPU workers
  source: NVIDIA/k8s-device-plugin README (config sharing.timeSlicing, renameByDefault false, GFD sharing labels)
spec:
  requires: [gpu-nodes, nvidia-device-plugin]
  devicePlugins:
  - {resource: nvidia.com/gpu, unit: gpu, namespace: kube-system, podLabels: {name: nvidia-device-plugin-ds}, replicas: 4}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: nvidia-device-plugin-config, namespace: kube-system}
data:
  config.yaml: |
    version: v1
    flags:
      migStrategy: none
    sharing:
      timeSlicing:
        renameByDefault: false
        failRequestsGreaterThanOne: false
        resources:
        - name: nvidia.com/gpu
          replicas: 4
`;
const ACK_GPUSHARE = `${HEADER}
kind: AddOn
metadata:
  name: ack-gpushare
  description: ACK shared GPU scheduling (cGPU) node pool, one A10 shared by GPU memory (aliyun.com/gpu-mem)
  source: ACK docs (shared GPU scheduling, node label ack.node.gpu.schedule=cgpu, resource aliyun.com/gpu-mem); DaemonSet name and labels unverified
spec:
  gpus:
  - {nodes: [cn-hangzhou.10.0.2.22], model: NVIDIA A10, count: 1}
  devicePlugins:
  - {resource: aliyun.com/gpu-mem, unit: gpu-mem-gib, namespace: kube-system, podLabels: {name: gpushare-device-plugin-ds}}
  - {resource: aliyun.com/gpu-count, unit: gpu-count, namespace: kube-system, podLabels: {name: gpushare-device-plugin-ds}}
---
apiVersion: v1
kind: Node
metadata:
  name: cn-hangzhou.10.0.2.22
  labels:
    alibabacloud.com/nodepool-id: np-gpu-a10-share
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: cn-hangzhou.10.0.2.22
    kubernetes.io/os: linux
    node.kubernetes.io/instance-type: ecs.gn7i-c32g1.8xlarge
    aliyun.accelerator/nvidia_name: NVIDIA-A10
    aliyun.accelerator/nvidia_count: "1"
    aliyun.accelerator/nvidia_mem: 23028MiB
    ack.node.gpu.schedule: cgpu
spec:
  providerID: cn-hangzhou.i-bp1share0022
  podCIDR: 10.222.0.0/24
  taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
status:
  addresses: [{type: InternalIP, address: 10.0.2.22}, {type: Hostname, address: cn-hangzhou.10.0.2.22}]
  capacity: {cpu: "32", memory: 194519264Ki, ephemeral-storage: 123722704Ki, pods: "64"}
  allocatable: {cpu: 31600m, memory: 185937632Ki, ephemeral-storage: "114022843818", pods: "64"}
  nodeInfo: {architecture: amd64, containerRuntimeVersion: containerd://1.6.38, kernelVersion: 5.10.134-18.al8.x86_64, operatingSystem: linux, osImage: Alibaba Cloud Linux 3.2104 U11 (OpenAnolis Edition)}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: gpushare-device-plugin-ds, namespace: kube-system, labels: {app: gpushare}}
spec:
  selector: {matchLabels: {name: gpushare-device-plugin-ds}}
  template:
    metadata: {labels: {name: gpushare-device-plugin-ds, app: gpushare}}
    spec:
      nodeSelector: {ack.node.gpu.schedule: cgpu}
      tolerations: [{operator: Exists}]
      containers: [{name: gpushare, image: "registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/k8s-gpushare-plugin:v4.0.0", env: [{name: KUBECONFIG, value: /etc/kubernetes/kubelet.conf}]}]
`;
const NVIDIA_MIG = `${HEADER}
kind: AddOn
metadata:
  name: nvidia-mig
  description: a GPU worker with one A100 40GB partitioned by MIG into 7 x 1g.5gb (device plugin mixed strategy, nvidia.com/mig-1g.5gb)
  source: NVIDIA/k8s-device-plugin (MIG strategy mixed, resources nvidia.com/mig-<profile>) and NVIDIA mig-parted profile all-1g.5gb
spec:
  requires: [nvidia-device-plugin]
  gpus:
  - {nodes: [kind-mig-worker], model: NVIDIA A100-SXM4-40GB, count: 1, mig: {profile: 1g.5gb, count: 7}}
  devicePlugins:
  - {resource: nvidia.com/mig-1g.5gb, unit: mig, profile: 1g.5gb, namespace: kube-system, podLabels: {name: nvidia-device-plugin-ds}}
---
apiVersion: v1
kind: Node
metadata:
  name: kind-mig-worker
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: kind-mig-worker
    kubernetes.io/os: linux
    nvidia.com/gpu.present: "true"
    nvidia.com/gpu.product: NVIDIA-A100-SXM4-40GB
    nvidia.com/gpu.count: "1"
    nvidia.com/gpu.memory: "40960"
    nvidia.com/mig.config: all-1g.5gb
spec:
  podCIDR: 10.244.9.0/24
  podCIDRs: [10.244.9.0/24]
  providerID: kind://docker/kind/kind-mig-worker
  taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
status:
  addresses: [{type: InternalIP, address: 172.18.0.11}, {type: Hostname, address: kind-mig-worker}]
  capacity: {cpu: "16", memory: 65838072Ki, ephemeral-storage: 102625208Ki, pods: "110"}
  allocatable: {cpu: "16", memory: 65838072Ki, ephemeral-storage: 102625208Ki, pods: "110"}
  nodeInfo: {architecture: amd64, containerRuntimeVersion: containerd://2.1.1, kernelVersion: 6.8.0-60-generic, operatingSystem: linux, osImage: Debian GNU/Linux 12 (bookworm)}
`;

;// CONCATENATED MODULE: ./src/sim/scenarios/stacks.ts
/**
 * AI stack add-ons. Names, namespaces, labels and API versions follow the projects' release
 * manifests: kubernetes-sigs/gateway-api standard-install (v1.4), envoyproxy/gateway quickstart
 * (GatewayClass eg), gateway-api-inference-extension (InferencePool v1), kubernetes-sigs/kueue
 * (kustomize namePrefix kueue-, namespace kueue-system), volcano-sh/volcano installer,
 * kubernetes/autoscaler cluster-autoscaler, Karpenter helm chart, prometheus-community
 * kube-prometheus-stack and prometheus-adapter charts, ray-project/kuberay helm chart,
 * kubeflow/trainer manifests.
 */

const deploy = (ns, name, labels, image, extra = '') => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}, labels: {${labels}}}
spec:
  replicas: 1
  selector: {matchLabels: {${labels}}}
  template:
    metadata: {labels: {${labels}}}
    spec:
      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
      containers: [{name: manager, image: "${image}"${extra}}]
`;
const ns = (name) => `---
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: {kubernetes.io/metadata.name: ${name}}}
`;
const svc = (namespace, name, selector, ports) => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {${selector}}
  ports: [${ports}]
`;
const GATEWAY_API = `${HEADER}
kind: AddOn
metadata:
  name: gateway-api
  description: Gateway API v1.4.0 standard channel CRDs
  source: kubernetes-sigs/gateway-api releases v1.4.0 standard-install.yaml
spec:
  crds:
  - {group: gateway.networking.k8s.io, kind: GatewayClass, plural: gatewayclasses, scope: Cluster, versions: [v1, v1beta1], shortNames: [gc], categories: [gateway-api], annotations: {gateway.networking.k8s.io/bundle-version: v1.4.0, gateway.networking.k8s.io/channel: standard}}
  - {group: gateway.networking.k8s.io, kind: Gateway, plural: gateways, scope: Namespaced, versions: [v1, v1beta1], shortNames: [gtw], categories: [gateway-api], annotations: {gateway.networking.k8s.io/bundle-version: v1.4.0, gateway.networking.k8s.io/channel: standard}}
  - {group: gateway.networking.k8s.io, kind: HTTPRoute, plural: httproutes, scope: Namespaced, versions: [v1, v1beta1], categories: [gateway-api], annotations: {gateway.networking.k8s.io/bundle-version: v1.4.0, gateway.networking.k8s.io/channel: standard}}
  - {group: gateway.networking.k8s.io, kind: GRPCRoute, plural: grpcroutes, scope: Namespaced, versions: [v1], categories: [gateway-api], annotations: {gateway.networking.k8s.io/bundle-version: v1.4.0, gateway.networking.k8s.io/channel: standard}}
  - {group: gateway.networking.k8s.io, kind: ReferenceGrant, plural: referencegrants, scope: Namespaced, versions: [v1beta1], shortNames: [refgrant], categories: [gateway-api], annotations: {gateway.networking.k8s.io/bundle-version: v1.4.0, gateway.networking.k8s.io/channel: standard}}
  - {group: gateway.networking.k8s.io, kind: BackendTLSPolicy, plural: backendtlspolicies, scope: Namespaced, versions: [v1], shortNames: [btlspolicy], categories: [gateway-api], annotations: {gateway.networking.k8s.io/bundle-version: v1.4.0, gateway.networking.k8s.io/channel: standard}}
`;
const GATEWAY_STAGES = (controller) => `
  stages:
  - apiVersion: sim.ai-conformance.dev/v1alpha1
    kind: Stage
    metadata: {name: gatewayclass-accepted, description: the controller accepts GatewayClasses naming it}
    spec:
      resourceRef: {apiGroup: gateway.networking.k8s.io, kind: GatewayClass}
      selector:
        matchExpressions: [{key: .spec.controllerName, operator: In, values: [${controller}]}]
        matchConditions: [{type: Accepted, status: NotTrue}]
      delay: 500ms
      steps:
      - setCondition: {type: Accepted, status: "True", reason: Accepted, message: Valid GatewayClass}
`;
const ENVOY_GATEWAY = `${HEADER}
kind: AddOn
metadata:
  name: envoy-gateway
  description: Envoy Gateway v1.5 with GatewayClass eg (Accepted)
  source: envoyproxy/gateway helm chart gateway-helm (release eg, namespace envoy-gateway-system) and quickstart GatewayClass eg
spec:
  requires: [gateway-api]
  crds:
  - {group: gateway.envoyproxy.io, kind: EnvoyProxy, plural: envoyproxies, scope: Namespaced, versions: [v1alpha1]}
  - {group: gateway.envoyproxy.io, kind: BackendTrafficPolicy, plural: backendtrafficpolicies, scope: Namespaced, versions: [v1alpha1], shortNames: [btp]}
  - {group: gateway.envoyproxy.io, kind: ClientTrafficPolicy, plural: clienttrafficpolicies, scope: Namespaced, versions: [v1alpha1], shortNames: [ctp]}
  - {group: gateway.envoyproxy.io, kind: SecurityPolicy, plural: securitypolicies, scope: Namespaced, versions: [v1alpha1], shortNames: [sp]}
  - {group: gateway.envoyproxy.io, kind: EnvoyExtensionPolicy, plural: envoyextensionpolicies, scope: Namespaced, versions: [v1alpha1], shortNames: [eep]}
  - {group: gateway.envoyproxy.io, kind: Backend, plural: backends, scope: Namespaced, versions: [v1alpha1], shortNames: [be]}
${GATEWAY_STAGES('gateway.envoyproxy.io/gatewayclass-controller')}
  # Gateways, their envoy Deployment/Service, HTTPRoute and InferencePool status and the data plane: src/sim/controllers/gateway.ts, src/sim/net/gateway.ts.
  handlers:
  - {name: envoy-gateway, type: gateway, namespace: envoy-gateway-system, podLabels: {control-plane: envoy-gateway}, options: {controllerName: gateway.envoyproxy.io/gatewayclass-controller, proxyImage: "docker.io/envoyproxy/envoy:distroless-v1.35.0"}}
  breaks:
  - name: gatewayclass-not-accepted
    description: no controller accepts the GatewayClass (it stays Accepted=Unknown, Waiting for controller)
    disableStages: [gatewayclass-accepted]
  - name: gateway-ignores-weights
    description: the data plane splits traffic uniformly between a rule's backendRefs, whatever their weights
    handlerOptions: {envoy-gateway: {ignoreWeights: true}}
  - name: gateway-ignores-header-match
    description: the data plane ignores HTTPRoute header matches, so the first of otherwise equal rules takes every request
    handlerOptions: {envoy-gateway: {ignoreHeaderMatch: true}}
${ns('envoy-gateway-system')}${deploy('envoy-gateway-system', 'envoy-gateway', 'app.kubernetes.io/instance: eg, app.kubernetes.io/name: gateway-helm, control-plane: envoy-gateway', 'docker.io/envoyproxy/gateway:v1.5.0', ', args: [server, --config-path=/config/envoy-gateway.yaml], ports: [{name: grpc, containerPort: 18000}, {name: ratelimit, containerPort: 18001}, {name: wasm, containerPort: 18002}, {name: metrics, containerPort: 19001}, {name: webhook, containerPort: 9443}]')}${svc('envoy-gateway-system', 'envoy-gateway', 'app.kubernetes.io/instance: eg, app.kubernetes.io/name: gateway-helm, control-plane: envoy-gateway', '{name: grpc, port: 18000, targetPort: 18000}, {name: ratelimit, port: 18001, targetPort: 18001}, {name: wasm, port: 18002, targetPort: 18002}, {name: metrics, port: 19001, targetPort: 19001}, {name: webhook, port: 9443, targetPort: 9443}')}---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
status:
  conditions: [{type: Accepted, status: Unknown, reason: Pending, message: Waiting for controller, lastTransitionTime: "1970-01-01T00:00:00Z"}]
`;
const INFERENCE_EXTENSION = `${HEADER}
kind: AddOn
metadata:
  name: inference-extension
  description: Gateway API Inference Extension v1.0 CRDs (InferencePool v1, InferenceObjective v1alpha2)
  source: kubernetes-sigs/gateway-api-inference-extension config/crd/bases (v1.0 manifests)
spec:
  requires: [gateway-api]
  crds:
  - {group: inference.networking.k8s.io, kind: InferencePool, plural: inferencepools, scope: Namespaced, versions: [v1], shortNames: [infpool], annotations: {inference.networking.k8s.io/bundle-version: v1.0.0}}
  - {group: inference.networking.x-k8s.io, kind: InferencePool, plural: inferencepools, scope: Namespaced, versions: [v1alpha2], shortNames: [infpool], annotations: {inference.networking.k8s.io/bundle-version: v1.0.0}}
  - {group: inference.networking.x-k8s.io, kind: InferenceObjective, plural: inferenceobjectives, scope: Namespaced, versions: [v1alpha2], annotations: {inference.networking.k8s.io/bundle-version: v1.0.0}}
  # InferencePool status and endpoint picking are done by the Gateway implementation (the gateway handler of envoy-gateway).
  breaks:
  - name: inferencepool-not-accepted
    description: the Gateway implementation does not support InferencePool backends (pools Accepted=False NotSupportedByParent, requests to them fail with 500)
    handlerOptions: {envoy-gateway: {inferencePoolSupport: false}}
`;
const kueueWebhook = (kind, verb, group, version, resource, prefix) => `  - {name: ${prefix}${kind}.kb.io, admissionReviewVersions: [v1], sideEffects: None, failurePolicy: Fail, clientConfig: {caBundle: ${CA_BUNDLE}, service: {name: kueue-webhook-service, namespace: kueue-system, path: /${verb}-${group.replace(/\./g, '-')}-${version}-${kind}}}, rules: [{apiGroups: ["${group === 'batch' ? 'batch' : group}"], apiVersions: [${version}], operations: [CREATE${verb === 'validate' ? ', UPDATE' : ''}], resources: [${resource}]}]}\n`;
const KUEUE = `${HEADER}
kind: AddOn
metadata:
  name: kueue
  description: Kueue v0.15 (kueue.x-k8s.io v1beta2, v1beta1 still served) with its webhooks and visibility API
  source: kubernetes-sigs/kueue config/default (namePrefix kueue-, namespace kueue-system); webhook and ConfigMap names from config/components (kueue-manager-config)
spec:
  crds:
  - {group: kueue.x-k8s.io, kind: AdmissionCheck, plural: admissionchecks, scope: Cluster, versions: [v1beta2, v1beta1]}
  - {group: kueue.x-k8s.io, kind: ClusterQueue, plural: clusterqueues, scope: Cluster, versions: [v1beta2, v1beta1], shortNames: [cq]}
  - {group: kueue.x-k8s.io, kind: Cohort, plural: cohorts, scope: Cluster, versions: [v1beta2, v1beta1]}
  - {group: kueue.x-k8s.io, kind: LocalQueue, plural: localqueues, scope: Namespaced, versions: [v1beta2, v1beta1], shortNames: [queue, queues, lq]}
  - {group: kueue.x-k8s.io, kind: MultiKueueCluster, plural: multikueueclusters, scope: Cluster, versions: [v1beta2, v1beta1]}
  - {group: kueue.x-k8s.io, kind: MultiKueueConfig, plural: multikueueconfigs, scope: Cluster, versions: [v1beta2, v1beta1]}
  - {group: kueue.x-k8s.io, kind: ProvisioningRequestConfig, plural: provisioningrequestconfigs, scope: Cluster, versions: [v1beta2, v1beta1]}
  - {group: kueue.x-k8s.io, kind: ResourceFlavor, plural: resourceflavors, scope: Cluster, versions: [v1beta2, v1beta1], shortNames: [flavor, flavors, rf]}
  - {group: kueue.x-k8s.io, kind: Topology, plural: topologies, scope: Cluster, versions: [v1beta2, v1beta1]}
  - {group: kueue.x-k8s.io, kind: WorkloadPriorityClass, plural: workloadpriorityclasses, scope: Cluster, versions: [v1beta2, v1beta1]}
  - {group: kueue.x-k8s.io, kind: Workload, plural: workloads, scope: Namespaced, versions: [v1beta2, v1beta1], shortNames: [wl]}
  # Admission (quota, Workloads, suspend/unsuspend) and the Job webhook: src/sim/controllers/kueue.ts.
  controllers:
    kueue:
      pod: {namespace: kueue-system, labels: {control-plane: controller-manager}}
      webhookService: {namespace: kueue-system, name: kueue-webhook-service}
  breaks:
  - name: kueue-admits-partially
    description: Kueue admits every workload whatever its ClusterQueue's quota and the job's pods start one at a time (not all-or-nothing)
    controllers: {kueue: {admitPartially: true}}
  - name: kueue-controller-not-ready
    description: the kueue-controller-manager pod runs but never becomes ready (webhooks have no ready endpoints)
    containerRules:
    - {name: kueue-controller-not-ready, match: {namespace: kueue-system, podLabels: {control-plane: controller-manager}}, ready: false}
  - name: kueue-webhooks-without-endpoints
    description: the Kueue webhook Service selects no pods, so its EndpointSlice has no endpoints
    patches:
    - {apiVersion: v1, kind: Service, namespace: kueue-system, name: kueue-webhook-service, patch: {spec: {selector: {control-plane: no-such-pod}}}}
${ns('kueue-system')}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: kueue-controller-manager, namespace: kueue-system, labels: {app.kubernetes.io/component: controller, app.kubernetes.io/name: kueue, control-plane: controller-manager}}
spec:
  replicas: 1
  selector: {matchLabels: {app.kubernetes.io/component: controller, app.kubernetes.io/name: kueue, control-plane: controller-manager}}
  template:
    metadata: {labels: {app.kubernetes.io/component: controller, app.kubernetes.io/name: kueue, control-plane: controller-manager}, annotations: {kubectl.kubernetes.io/default-container: manager}}
    spec:
      serviceAccountName: kueue-controller-manager
      containers:
      - name: manager
        image: registry.k8s.io/kueue/kueue:v0.15.2
        command: [/manager]
        args: [--config=/controller_manager_config.yaml, --zap-log-level=2]
        ports: [{name: visibility, containerPort: 8082}, {name: webhook-server, containerPort: 9443}, {name: metrics, containerPort: 8443}]
        resources: {limits: {cpu: "2", memory: 512Mi}, requests: {cpu: 500m, memory: 512Mi}}
${svc('kueue-system', 'kueue-webhook-service', 'control-plane: controller-manager', '{port: 443, protocol: TCP, targetPort: webhook-server}')}${svc('kueue-system', 'kueue-controller-manager-metrics-service', 'control-plane: controller-manager', '{name: https, port: 8443, protocol: TCP, targetPort: 8443}')}${svc('kueue-system', 'kueue-visibility-server', 'control-plane: controller-manager', '{name: https, port: 443, protocol: TCP, targetPort: 8082}')}---
apiVersion: v1
kind: ConfigMap
metadata: {name: kueue-manager-config, namespace: kueue-system}
data:
  controller_manager_config.yaml: |
    apiVersion: config.kueue.x-k8s.io/v1beta1
    kind: Configuration
    health: {healthProbeBindAddress: ":8081"}
    metrics: {bindAddress: ":8443"}
    webhook: {port: 9443}
    manageJobsWithoutQueueName: false
    waitForPodsReady: {enable: false}
    integrations:
      frameworks: [batch/job, kubeflow.org/mpijob, ray.io/rayjob, ray.io/raycluster, jobset.x-k8s.io/jobset, trainer.kubeflow.org/trainjob, pod, deployment, statefulset]
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: kueue-mutating-webhook-configuration}
webhooks:
${kueueWebhook('job', 'mutate', 'batch', 'v1', 'jobs', 'm')}${kueueWebhook('clusterqueue', 'mutate', 'kueue.x-k8s.io', 'v1beta2', 'clusterqueues', 'm')}${kueueWebhook('resourceflavor', 'mutate', 'kueue.x-k8s.io', 'v1beta2', 'resourceflavors', 'm')}${kueueWebhook('workload', 'mutate', 'kueue.x-k8s.io', 'v1beta2', 'workloads', 'm')}---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: kueue-validating-webhook-configuration}
webhooks:
${kueueWebhook('job', 'validate', 'batch', 'v1', 'jobs', 'v')}${kueueWebhook('clusterqueue', 'validate', 'kueue.x-k8s.io', 'v1beta2', 'clusterqueues', 'v')}${kueueWebhook('resourceflavor', 'validate', 'kueue.x-k8s.io', 'v1beta2', 'resourceflavors', 'v')}${kueueWebhook('workload', 'validate', 'kueue.x-k8s.io', 'v1beta2', 'workloads', 'v')}---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta2.visibility.kueue.x-k8s.io}
spec: {group: visibility.kueue.x-k8s.io, version: v1beta2, groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: {name: kueue-visibility-server, namespace: kueue-system, port: 443}}
`;
const volcanoWebhook = (kind, res, group, version, path) => `---
apiVersion: admissionregistration.k8s.io/v1
kind: ${kind}WebhookConfiguration
metadata: {name: volcano-admission-service-${res}-${kind === 'Mutating' ? 'mutate' : 'validate'}}
webhooks:
- {name: ${kind === 'Mutating' ? 'mutate' : 'validate'}${res}.volcano.sh, admissionReviewVersions: [v1], sideEffects: NoneOnDryRun, failurePolicy: Fail, clientConfig: {caBundle: ${CA_BUNDLE}, service: {name: volcano-admission-service, namespace: volcano-system, path: /${res}/${path}, port: 443}}, rules: [{apiGroups: ["${group}"], apiVersions: [${version}], operations: [CREATE${kind === 'Validating' ? ', UPDATE' : ''}], resources: [${res}]}]}
`;
const VOLCANO = `${HEADER}
kind: AddOn
metadata:
  name: volcano
  description: Volcano v1.12 batch scheduler (scheduling.volcano.sh v1beta1 PodGroup and Queue, batch.volcano.sh v1alpha1 Job)
  source: volcano-sh/volcano installer/volcano-development.yaml (namespace volcano-system; webhook configuration names from the webhook-manager)
spec:
  crds:
  - {group: batch.volcano.sh, kind: Job, plural: jobs, scope: Namespaced, versions: [v1alpha1], shortNames: [vcjob, vj]}
  - {group: bus.volcano.sh, kind: Command, plural: commands, scope: Namespaced, versions: [v1alpha1]}
  - {group: scheduling.volcano.sh, kind: PodGroup, plural: podgroups, scope: Namespaced, versions: [v1beta1], shortNames: [pg, podgroup-v1beta1]}
  - {group: scheduling.volcano.sh, kind: Queue, plural: queues, scope: Cluster, versions: [v1beta1], shortNames: [q, queue-v1beta1]}
  - {group: nodeinfo.volcano.sh, kind: Numatopology, plural: numatopologies, scope: Cluster, versions: [v1alpha1], shortNames: [numatopo]}
  - {group: flow.volcano.sh, kind: JobFlow, plural: jobflows, scope: Namespaced, versions: [v1alpha1], shortNames: [jf]}
  - {group: flow.volcano.sh, kind: JobTemplate, plural: jobtemplates, scope: Namespaced, versions: [v1alpha1], shortNames: [jt]}
  - {group: topology.volcano.sh, kind: HyperNode, plural: hypernodes, scope: Cluster, versions: [v1alpha1], shortNames: [hn]}
  stages:
  - apiVersion: sim.ai-conformance.dev/v1alpha1
    kind: Stage
    metadata: {name: volcano-queue-open, description: the Volcano controllers open queues}
    spec:
      resourceRef: {apiGroup: scheduling.volcano.sh, kind: Queue}
      selector: {matchExpressions: [{key: .status.state, operator: DoesNotExist}]}
      steps: [{patchStatus: {state: Open, reservation: {}}}]
  # PodGroups: src/sim/controllers/volcano.ts; binding pods of schedulerName volcano by gangs: src/sim/scheduler.ts.
  controllers:
    volcano:
      pod: {namespace: volcano-system, labels: {app: volcano-scheduler}}
  breaks:
  - name: volcano-binds-partially
    description: the Volcano scheduler binds the pods of a PodGroup one by one as each fits, ignoring minMember
    controllers: {volcano: {bindPartially: true}}
  - name: volcano-scheduler-not-ready
    description: the volcano-scheduler pod runs but never becomes ready
    containerRules:
    - {name: volcano-scheduler-not-ready, match: {namespace: volcano-system, podLabels: {app: volcano-scheduler}}, ready: false}
${ns('volcano-system')}${deploy('volcano-system', 'volcano-scheduler', 'app: volcano-scheduler', 'docker.io/volcanosh/vc-scheduler:v1.12.1')}${deploy('volcano-system', 'volcano-controllers', 'app: volcano-controller', 'docker.io/volcanosh/vc-controller-manager:v1.12.1')}${deploy('volcano-system', 'volcano-admission', 'app: volcano-admission', 'docker.io/volcanosh/vc-webhook-manager:v1.12.1', ', ports: [{containerPort: 8443}]')}${svc('volcano-system', 'volcano-admission-service', 'app: volcano-admission', '{port: 443, protocol: TCP, targetPort: 8443}')}${svc('volcano-system', 'volcano-scheduler-service', 'app: volcano-scheduler', '{name: metrics, port: 8080, protocol: TCP, targetPort: 8080}')}${volcanoWebhook('Mutating', 'pods', '', 'v1', 'mutate')}${volcanoWebhook('Mutating', 'queues', 'scheduling.volcano.sh', 'v1beta1', 'mutate')}${volcanoWebhook('Mutating', 'podgroups', 'scheduling.volcano.sh', 'v1beta1', 'mutate')}${volcanoWebhook('Mutating', 'jobs', 'batch.volcano.sh', 'v1alpha1', 'mutate')}${volcanoWebhook('Validating', 'jobs', 'batch.volcano.sh', 'v1alpha1', 'validate')}${volcanoWebhook('Validating', 'pods', '', 'v1', 'validate')}${volcanoWebhook('Validating', 'queues', 'scheduling.volcano.sh', 'v1beta1', 'validate')}---
apiVersion: scheduling.volcano.sh/v1beta1
kind: Queue
metadata: {name: default}
spec: {weight: 1, reclaimable: true}
`;
const CLUSTER_AUTOSCALER = `${HEADER}
kind: AddOn
metadata:
  name: cluster-autoscaler
  description: cluster-autoscaler 1.33 scaling the scenario's node groups for unschedulable pods (2 s scans here), keeping kube-system/cluster-autoscaler-status current
  source: kubernetes/autoscaler cluster-autoscaler (Deployment cluster-autoscaler in kube-system, app=cluster-autoscaler; status ConfigMap in the YAML format of 1.30+)
spec:
  stages:
  - apiVersion: sim.ai-conformance.dev/v1alpha1
    kind: Stage
    metadata: {name: cluster-autoscaler-status-heartbeat, description: the autoscaler refreshes its status ConfigMap every scan interval}
    spec:
      resourceRef: {kind: ConfigMap}
      selector: {namespaces: [kube-system], names: [cluster-autoscaler-status]}
      delay: 10s
      steps:
      - patch: {metadata: {annotations: {cluster-autoscaler.kubernetes.io/last-updated: "{{ now }}"}}}
  # Scale-up for unschedulable pods, scale-down of empty added nodes and the status ConfigMap, over the
  # node groups the scenario declares (spec.nodeGroups of gpu-nodes, ack-gpu-*): src/sim/controllers/autoscaler.ts.
  controllers:
    cluster-autoscaler:
      pod: {namespace: kube-system, labels: {app: cluster-autoscaler}}
  breaks:
  - name: autoscaler-never-adds-node
    description: the autoscaler requests scale-ups (TriggeredScaleUp) but no node ever registers; the group backs off (ScaleUpTimedOut)
    controllers: {cluster-autoscaler: {neverAddsNode: true}}
  - name: autoscaler-not-ready
    description: the cluster-autoscaler pod runs but never becomes ready, and its status stops being refreshed
    disableStages: [cluster-autoscaler-status-heartbeat]
    containerRules:
    - {name: autoscaler-not-ready, match: {namespace: kube-system, podLabels: {app: cluster-autoscaler}}, ready: false}
${deploy('kube-system', 'cluster-autoscaler', 'app: cluster-autoscaler', 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.0', ', command: [./cluster-autoscaler, --v=4, --cloud-provider=clusterapi, --scan-interval=10s]')}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-autoscaler-status
  namespace: kube-system
  annotations: {cluster-autoscaler.kubernetes.io/last-updated: "2026-01-01T00:00:00Z"}
data:
  status: |
    autoscalerStatus: Running
    clusterWide:
      health:
        status: Healthy
        nodeCounts:
          registered: {total: 3, ready: 3, notStarted: 0}
          longUnregistered: 0
          unregistered: 0
      scaleUp: {status: NoActivity}
      scaleDown: {status: NoCandidates}
    nodeGroups:
    - name: gpu-a10
      health:
        status: Healthy
        nodeCounts:
          registered: {total: 2, ready: 2, notStarted: 0}
          longUnregistered: 0
          unregistered: 0
        cloudProviderTarget: 2
        minSize: 1
        maxSize: 4
      scaleUp: {status: NoActivity}
      scaleDown: {status: NoCandidates}
`;
const KARPENTER = `${HEADER}
kind: AddOn
metadata:
  name: karpenter
  description: Karpenter v1 (karpenter.sh/v1 NodePool and NodeClaim) with a GPU NodePool
  source: aws/karpenter-provider-aws helm chart karpenter (namespace kube-system), kubernetes-sigs/karpenter CRDs
spec:
  crds:
  - {group: karpenter.sh, kind: NodePool, plural: nodepools, scope: Cluster, versions: [v1], categories: [karpenter]}
  - {group: karpenter.sh, kind: NodeClaim, plural: nodeclaims, scope: Cluster, versions: [v1], categories: [karpenter]}
  - {group: karpenter.k8s.aws, kind: EC2NodeClass, plural: ec2nodeclasses, scope: Cluster, versions: [v1], shortNames: [ec2nc, ec2ncs], categories: [karpenter]}
  stages:
  - apiVersion: sim.ai-conformance.dev/v1alpha1
    kind: Stage
    metadata: {name: karpenter-nodepool-ready, description: Karpenter marks NodePools ready}
    spec:
      resourceRef: {apiGroup: karpenter.sh, kind: NodePool}
      selector: {matchConditions: [{type: Ready, status: NotTrue}]}
      steps:
      - setCondition: {type: ValidationSucceeded, status: "True", reason: ValidationSucceeded, message: ""}
      - setCondition: {type: NodeClassReady, status: "True", reason: NodeClassReady, message: ""}
      - setCondition: {type: Ready, status: "True", reason: Ready, message: ""}
${deploy('kube-system', 'karpenter', 'app.kubernetes.io/instance: karpenter, app.kubernetes.io/name: karpenter', 'public.ecr.aws/karpenter/controller:1.6.0', ', ports: [{name: http-metrics, containerPort: 8080}]')}---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: gpu}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
      - {key: karpenter.k8s.aws/instance-gpu-manufacturer, operator: In, values: [nvidia]}
      taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
  limits: {nvidia.com/gpu: "8"}
`;
const PROMETHEUS_OPERATOR = `${HEADER}
kind: AddOn
metadata:
  name: prometheus-operator
  description: kube-prometheus-stack (Prometheus Operator v0.85, Prometheus kube-prometheus-stack-prometheus selecting release=kube-prometheus-stack)
  source: prometheus-community/helm-charts kube-prometheus-stack (release kube-prometheus-stack, namespace monitoring)
spec:
  crds:
  - {group: monitoring.coreos.com, kind: Prometheus, plural: prometheuses, scope: Namespaced, versions: [v1], shortNames: [prom], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: ServiceMonitor, plural: servicemonitors, scope: Namespaced, versions: [v1], shortNames: [smon], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: PodMonitor, plural: podmonitors, scope: Namespaced, versions: [v1], shortNames: [pmon], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: PrometheusRule, plural: prometheusrules, scope: Namespaced, versions: [v1], shortNames: [promrule], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: Alertmanager, plural: alertmanagers, scope: Namespaced, versions: [v1], shortNames: [am], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: Probe, plural: probes, scope: Namespaced, versions: [v1], shortNames: [prb], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: ThanosRuler, plural: thanosrulers, scope: Namespaced, versions: [v1], shortNames: [ruler], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: AlertmanagerConfig, plural: alertmanagerconfigs, scope: Namespaced, versions: [v1alpha1], shortNames: [amcfg], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: ScrapeConfig, plural: scrapeconfigs, scope: Namespaced, versions: [v1alpha1], shortNames: [scfg], categories: [prometheus-operator]}
  - {group: monitoring.coreos.com, kind: PrometheusAgent, plural: prometheusagents, scope: Namespaced, versions: [v1alpha1], shortNames: [promagent], categories: [prometheus-operator]}
  handlers:
  # Discovery and scraping of ServiceMonitors/PodMonitors: src/sim/handlers/scraper.ts (every 5s).
  - {name: prometheus, type: prometheus, namespace: monitoring, podLabels: {app.kubernetes.io/name: prometheus}, port: 9090, options: {scrapeInterval: 5s}}
  stages:
  - apiVersion: sim.ai-conformance.dev/v1alpha1
    kind: Stage
    metadata: {name: prometheus-available, description: the operator reconciles Prometheus resources}
    spec:
      resourceRef: {apiGroup: monitoring.coreos.com, kind: Prometheus}
      selector: {matchConditions: [{type: Available, status: NotTrue}]}
      delay: 1s
      steps:
      - patchStatus: {availableReplicas: 1, replicas: 1, updatedReplicas: 1, unavailableReplicas: 0, paused: false, shardStatuses: [{shardID: "0", availableReplicas: 1, replicas: 1, updatedReplicas: 1, unavailableReplicas: 0}]}
      - setCondition: {type: Available, status: "True", reason: "", message: ""}
      - setCondition: {type: Reconciled, status: "True", reason: "", message: ""}
  breaks:
  - name: prometheus-not-ready
    description: the Prometheus server pod runs but never becomes ready (the query API has no ready endpoints)
    containerRules:
    - {name: prometheus-not-ready, match: {namespace: monitoring, podLabels: {app.kubernetes.io/name: prometheus}}, ready: false}
  - name: prometheus-never-scrapes-new-targets
    description: Prometheus never reloads its configuration, so ServiceMonitors and PodMonitors created after it started are never scraped
    handlerOptions: {prometheus: {neverScrapeNewTargets: true}}
${ns('monitoring')}${deploy('monitoring', 'kube-prometheus-stack-operator', 'app: kube-prometheus-stack-operator, app.kubernetes.io/name: kube-prometheus-stack-prometheus-operator, release: kube-prometheus-stack', 'quay.io/prometheus-operator/prometheus-operator:v0.85.0', ', ports: [{name: https, containerPort: 10250}]')}${svc('monitoring', 'kube-prometheus-stack-operator', 'app: kube-prometheus-stack-operator, release: kube-prometheus-stack', '{name: https, port: 443, targetPort: https}')}---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: kube-prometheus-stack-prometheus, namespace: monitoring, labels: {app: kube-prometheus-stack-prometheus, release: kube-prometheus-stack}}
spec:
  replicas: 1
  version: v3.5.0
  serviceMonitorSelector: {matchLabels: {release: kube-prometheus-stack}}
  serviceMonitorNamespaceSelector: {}
  podMonitorSelector: {matchLabels: {release: kube-prometheus-stack}}
  podMonitorNamespaceSelector: {}
  ruleSelector: {matchLabels: {release: kube-prometheus-stack}}
  scrapeInterval: 30s
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: prometheus-kube-prometheus-stack-prometheus, namespace: monitoring, labels: {app: kube-prometheus-stack-prometheus, operator.prometheus.io/name: kube-prometheus-stack-prometheus}}
spec:
  replicas: 1
  serviceName: prometheus-operated
  selector: {matchLabels: {app.kubernetes.io/instance: kube-prometheus-stack-prometheus, app.kubernetes.io/managed-by: prometheus-operator, app.kubernetes.io/name: prometheus, operator.prometheus.io/name: kube-prometheus-stack-prometheus, operator.prometheus.io/shard: "0", prometheus: kube-prometheus-stack-prometheus}}
  template:
    metadata: {labels: {app.kubernetes.io/instance: kube-prometheus-stack-prometheus, app.kubernetes.io/managed-by: prometheus-operator, app.kubernetes.io/name: prometheus, operator.prometheus.io/name: kube-prometheus-stack-prometheus, operator.prometheus.io/shard: "0", prometheus: kube-prometheus-stack-prometheus}}
    spec:
      containers:
      - {name: prometheus, image: "quay.io/prometheus/prometheus:v3.5.0", args: [--web.enable-lifecycle, --storage.tsdb.retention.time=10d], ports: [{name: http-web, containerPort: 9090}]}
      - {name: config-reloader, image: "quay.io/prometheus-operator/prometheus-config-reloader:v0.85.0", ports: [{name: reloader-web, containerPort: 8080}]}
${svc('monitoring', 'kube-prometheus-stack-prometheus', 'app.kubernetes.io/name: prometheus, operator.prometheus.io/name: kube-prometheus-stack-prometheus', '{name: http-web, port: 9090, targetPort: 9090}, {name: reloader-web, port: 8080, targetPort: reloader-web}')}${svc('monitoring', 'prometheus-operated', 'app.kubernetes.io/name: prometheus', '{name: web, port: 9090, targetPort: http-web}')}---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: kube-prometheus-stack-admission, labels: {app: kube-prometheus-stack-admission, release: kube-prometheus-stack}}
webhooks:
- {name: prometheusrulevalidate.monitoring.coreos.com, admissionReviewVersions: [v1, v1beta1], sideEffects: None, failurePolicy: Ignore, clientConfig: {caBundle: ${CA_BUNDLE}, service: {name: kube-prometheus-stack-operator, namespace: monitoring, path: /admission-prometheusrules/validate}}, rules: [{apiGroups: [monitoring.coreos.com], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: [prometheusrules]}]}
`;
const PROMETHEUS_ADAPTER = `${HEADER}
kind: AddOn
metadata:
  name: prometheus-adapter
  description: prometheus-adapter serving custom.metrics.k8s.io/v1beta1 from the kube-prometheus-stack Prometheus
  source: prometheus-community/helm-charts prometheus-adapter (release prometheus-adapter, namespace monitoring; APIService v1beta1.custom.metrics.k8s.io)
spec:
  requires: [prometheus-operator]
  handlers:
  - {name: prometheus-adapter, type: custom-metrics, namespace: monitoring, podLabels: {app.kubernetes.io/name: prometheus-adapter}, port: 6443}
  breaks:
  - name: hpa-never-scales
    description: the HPA controller reads the custom metrics and reports them, but never changes the desired or actual replicas
    controllers: {hpa: {neverScales: true}}
  - name: apiservice-unavailable
    description: the adapter pod never becomes ready, so APIService v1beta1.custom.metrics.k8s.io is Available=False (MissingEndpoints)
    containerRules:
    - {name: adapter-not-ready, match: {namespace: monitoring, podLabels: {app.kubernetes.io/name: prometheus-adapter}}, ready: false}
${deploy('monitoring', 'prometheus-adapter', 'app.kubernetes.io/instance: prometheus-adapter, app.kubernetes.io/name: prometheus-adapter', 'registry.k8s.io/prometheus-adapter/prometheus-adapter:v0.12.0', ', args: [/adapter, --secure-port=6443, --cert-dir=/tmp/cert, --prometheus-url=http://kube-prometheus-stack-prometheus.monitoring.svc:9090, --metrics-relist-interval=1m, --config=/etc/adapter/config.yaml], ports: [{name: https, containerPort: 6443}]')}${svc('monitoring', 'prometheus-adapter', 'app.kubernetes.io/instance: prometheus-adapter, app.kubernetes.io/name: prometheus-adapter', '{name: https, port: 443, protocol: TCP, targetPort: https}')}---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.custom.metrics.k8s.io, labels: {app.kubernetes.io/name: prometheus-adapter}}
spec: {group: custom.metrics.k8s.io, version: v1beta1, groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: {name: prometheus-adapter, namespace: monitoring, port: 443}}
`;
const KUBERAY_CRDS = `  crds:
  - {group: ray.io, kind: RayCluster, plural: rayclusters, scope: Namespaced, versions: [v1], categories: [all]}
  - {group: ray.io, kind: RayJob, plural: rayjobs, scope: Namespaced, versions: [v1], categories: [all]}
  - {group: ray.io, kind: RayService, plural: rayservices, scope: Namespaced, versions: [v1], categories: [all]}
  - {group: ray.io, kind: RayCronJob, plural: raycronjobs, scope: Namespaced, versions: [v1], categories: [all]}
`;
const KUBERAY = `${HEADER}
kind: AddOn
metadata:
  name: kuberay
  description: KubeRay operator v1.5 (ray.io/v1), installed without admission webhooks (the chart default)
  source: ray-project/kuberay helm-chart/kuberay-operator (release kuberay-operator, namespace ray-system as kOps installs it)
spec:
${KUBERAY_CRDS}  breaks:
  - name: kuberay-operator-not-ready
    description: the kuberay-operator pod runs but never becomes ready
    containerRules:
    - {name: kuberay-operator-not-ready, match: {namespace: ray-system, podLabels: {app.kubernetes.io/name: kuberay-operator}}, ready: false}
  - name: kuberay-never-reconciles
    description: the kuberay-operator runs ready but never reconciles RayClusters or RayJobs (no pods, no status)
    handlerOptions: {kuberay-operator: {reconcile: false}}
  # RayCluster/RayJob reconciliation and the webhooks' answers: src/sim/controllers/kuberay.ts.
  handlers:
  - {name: kuberay-operator, type: kuberay, namespace: ray-system, podLabels: {app.kubernetes.io/name: kuberay-operator}}
${ns('ray-system')}${deploy('ray-system', 'kuberay-operator', 'app.kubernetes.io/instance: kuberay-operator, app.kubernetes.io/name: kuberay-operator', 'quay.io/kuberay/operator:v1.5.0', ', command: [/manager], ports: [{name: http, containerPort: 8080}, {name: webhook-server, containerPort: 9443}]')}${svc('ray-system', 'kuberay-operator', 'app.kubernetes.io/instance: kuberay-operator, app.kubernetes.io/name: kuberay-operator', '{name: monitoring-port, port: 8080, protocol: TCP, targetPort: 8080}')}`;
const rayWebhook = (kind) => `- {name: v${kind}.kb.io, admissionReviewVersions: [v1], sideEffects: None, failurePolicy: Fail, clientConfig: {caBundle: ${CA_BUNDLE}, service: {name: kuberay-operator-webhook, namespace: ray-system, path: /validate-ray-io-v1-${kind}}}, rules: [{apiGroups: [ray.io], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [${kind}s]}]}\n`;
const KUBERAY_WEBHOOKS = `${HEADER}
kind: AddOn
metadata:
  name: kuberay-webhooks
  description: the KubeRay chart's admission webhooks (webhooks.enabled=true, certificates by cert-manager)
  source: ray-project/kuberay helm-chart/kuberay-operator templates/webhooks.yaml
spec:
  requires: [kuberay]
  breaks:
  - name: kuberay-webhooks-without-endpoints
    description: the webhook Service kuberay-operator-webhook selects no pods, so it has no endpoints
    patches:
    - {apiVersion: v1, kind: Service, namespace: ray-system, name: kuberay-operator-webhook, patch: {spec: {selector: {app.kubernetes.io/name: no-such-pod}}}}
  - name: kuberay-webhook-admits-all
    description: the validating webhook vraycluster.kb.io admits every RayCluster, even with duplicate worker group names
    handlerOptions: {kuberay-operator: {webhookAdmitsAll: true}}
${svc('ray-system', 'kuberay-operator-webhook', 'app.kubernetes.io/instance: kuberay-operator, app.kubernetes.io/name: kuberay-operator', '{port: 443, protocol: TCP, targetPort: webhook-server}')}---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: kuberay-operator-mutating-webhook-configuration, annotations: {cert-manager.io/inject-ca-from: ray-system/kuberay-operator-serving-cert}}
webhooks:
- {name: mpod.kb.io, admissionReviewVersions: [v1], sideEffects: None, failurePolicy: Fail, objectSelector: {matchLabels: {ray.io/is-ray-node: "yes"}}, clientConfig: {caBundle: ${CA_BUNDLE}, service: {name: kuberay-operator-webhook, namespace: ray-system, path: /mutate-v1-pod}}, rules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}]}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: kuberay-operator-validating-webhook-configuration, annotations: {cert-manager.io/inject-ca-from: ray-system/kuberay-operator-serving-cert}}
webhooks:
${rayWebhook('raycluster')}${rayWebhook('rayjob')}${rayWebhook('rayservice')}`;
const trainerWebhook = (kind) => `- {name: validator.${kind}.trainer.kubeflow.org, admissionReviewVersions: [v1], sideEffects: None, failurePolicy: Fail, clientConfig: {caBundle: ${CA_BUNDLE}, service: {name: kubeflow-trainer-controller-manager, namespace: kubeflow-system, path: /validate-trainer-kubeflow-org-v1alpha1-${kind}}}, rules: [{apiGroups: [trainer.kubeflow.org], apiVersions: [v1alpha1], operations: [CREATE, UPDATE], resources: [${kind}s]}]}\n`;
const KUBEFLOW_TRAINER = `${HEADER}
kind: AddOn
metadata:
  name: kubeflow-trainer
  description: Kubeflow Trainer v2 (trainer.kubeflow.org/v1alpha1 TrainJob) with JobSet and its validating webhooks
  source: kubeflow/trainer manifests/base (namespace kubeflow-system, Deployment and Service kubeflow-trainer-controller-manager, ValidatingWebhookConfiguration validator.trainer.kubeflow.org)
spec:
  crds:
  - {group: trainer.kubeflow.org, kind: TrainJob, plural: trainjobs, scope: Namespaced, versions: [v1alpha1]}
  - {group: trainer.kubeflow.org, kind: TrainingRuntime, plural: trainingruntimes, scope: Namespaced, versions: [v1alpha1]}
  - {group: trainer.kubeflow.org, kind: ClusterTrainingRuntime, plural: clustertrainingruntimes, scope: Cluster, versions: [v1alpha1]}
  - {group: jobset.x-k8s.io, kind: JobSet, plural: jobsets, scope: Namespaced, versions: [v1alpha2]}
  breaks:
  - name: trainer-webhooks-without-endpoints
    description: the trainer controller never becomes ready, so its webhook Service has no ready endpoints
    containerRules:
    - {name: trainer-not-ready, match: {namespace: kubeflow-system, podLabels: {app.kubernetes.io/name: trainer}}, ready: false}
  - name: trainer-webhook-admits-all
    description: the validating webhook validator.trainjob.trainer.kubeflow.org admits every TrainJob, even one naming a runtime that does not exist
    handlerOptions: {kubeflow-trainer: {webhookAdmitsAll: true}}
  - name: trainer-never-reconciles
    description: the trainer controller runs ready but never reconciles TrainJobs (no JobSet, no status)
    handlerOptions: {kubeflow-trainer: {reconcile: false}}
  # TrainJob → JobSet → Jobs and the webhooks' answers: src/sim/controllers/trainer.ts.
  handlers:
  - {name: kubeflow-trainer, type: kubeflow-trainer, namespace: kubeflow-system, podLabels: {app.kubernetes.io/name: trainer}}
${ns('kubeflow-system')}${deploy('kubeflow-system', 'kubeflow-trainer-controller-manager', 'app.kubernetes.io/component: manager, app.kubernetes.io/name: trainer, app.kubernetes.io/part-of: kubeflow', 'ghcr.io/kubeflow/trainer/trainer-controller-manager:v2.0.0', ', ports: [{name: health, containerPort: 8081}, {name: metrics, containerPort: 8443}, {name: webhook, containerPort: 9443}]')}${svc('kubeflow-system', 'kubeflow-trainer-controller-manager', 'app.kubernetes.io/component: manager', '{name: metrics, port: 8443, targetPort: metrics}, {name: webhook, port: 443, protocol: TCP, targetPort: webhook}')}${deploy('kubeflow-system', 'jobset-controller-manager', 'app.kubernetes.io/name: jobset, control-plane: controller-manager', 'registry.k8s.io/jobset/jobset:v0.10.1', ', ports: [{name: webhook-server, containerPort: 9443}]')}${svc('kubeflow-system', 'jobset-webhook-service', 'control-plane: controller-manager, app.kubernetes.io/name: jobset', '{port: 443, protocol: TCP, targetPort: 9443}')}---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: validator.trainer.kubeflow.org}
webhooks:
${trainerWebhook('clustertrainingruntime')}${trainerWebhook('trainingruntime')}${trainerWebhook('trainjob')}---
apiVersion: trainer.kubeflow.org/v1alpha1
kind: ClusterTrainingRuntime
metadata: {name: torch-distributed, labels: {trainer.kubeflow.org/framework: torch}}
spec:
  mlPolicy: {numNodes: 1, torch: {numProcPerNode: auto}}
  template:
    spec:
      replicatedJobs:
      - name: node
        template:
          metadata: {labels: {trainer.kubeflow.org/trainjob-ancestor-step: trainer}}
          spec:
            template:
              spec:
                containers: [{name: node, image: "pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime", command: [/bin/bash, -c, "echo 'Training complete'"]}]
`;

;// CONCATENATED MODULE: ./src/sim/scenarios/index.ts
/** Every scenario file by name: base clusters first, then add-ons (the order --list shows). */






const SCENARIO_SOURCES = {
    'kind-1.33': kindCluster(33),
    'kind-1.34': kindCluster(34),
    'kind-1.35': kindCluster(35),
    'kind-1.36': kindCluster(36),
    'kind-1.37': kindCluster(37),
    'ack-gpu-1.34': ackGpuCluster(34),
    'ack-gpu-1.35': ackGpuCluster(35),
    'ack-gpu-1.36': ackGpuCluster(36),
    'gpu-nodes': GPU_NODES,
    'nvidia-device-plugin': NVIDIA_DEVICE_PLUGIN,
    'nvidia-dra-driver': NVIDIA_DRA_DRIVER,
    'dra-example-driver': DRA_EXAMPLE_DRIVER,
    'gateway-api': GATEWAY_API,
    'envoy-gateway': ENVOY_GATEWAY,
    'inference-extension': INFERENCE_EXTENSION,
    kueue: KUEUE,
    volcano: VOLCANO,
    'cluster-autoscaler': CLUSTER_AUTOSCALER,
    karpenter: KARPENTER,
    'prometheus-operator': PROMETHEUS_OPERATOR,
    'prometheus-adapter': PROMETHEUS_ADAPTER,
    'dcgm-exporter': DCGM_EXPORTER,
    kuberay: KUBERAY,
    'kuberay-webhooks': KUBERAY_WEBHOOKS,
    'kubeflow-trainer': KUBEFLOW_TRAINER,
    'nvidia-time-slicing': NVIDIA_TIME_SLICING,
    'ack-gpushare': ACK_GPUSHARE,
    'nvidia-mig': NVIDIA_MIG,
    gvisor: GVISOR,
    kata: KATA,
    'ack-sandboxed-container': ACK_SANDBOXED_CONTAINER
};

;// CONCATENATED MODULE: ./src/sim/scenarios/types.ts
const SCENARIO_API_VERSION = 'sim.ai-conformance.dev/v1alpha1';
const HANDLER_TYPES = ['dcgm-exporter', 'prometheus', 'custom-metrics', 'gateway', 'kuberay', 'kubeflow-trainer'];

;// CONCATENATED MODULE: ./src/sim/scenario.ts
/**
 * Scenarios: a base cluster plus add-ons (their `requires` resolved, each once, dependencies
 * first) plus named breaks. Files are YAML text embedded in src/sim/scenarios; the first
 * document describes the part, the others are the objects it installs.
 */









class ScenarioError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ScenarioError';
    }
}
const cache = new Map();
function parseScenario(text, source) {
    const docs = (0,dist/* parseAllDocuments */.hR)(text);
    const values = [];
    docs.forEach((d, i) => {
        if (d.errors.length)
            throw new ScenarioError(`${source}: document ${i + 1}: ${d.errors[0].message}`);
        const v = d.toJS();
        if (v !== null && v !== undefined)
            values.push(v);
    });
    const head = values.shift();
    const where = `scenario ${source}`;
    if (!head || head.apiVersion !== SCENARIO_API_VERSION || !['Cluster', 'AddOn'].includes(head.kind)) {
        throw new ScenarioError(`${where}: the first document must be apiVersion ${SCENARIO_API_VERSION}, kind Cluster or AddOn`);
    }
    const name = head.metadata?.name;
    if (typeof name !== 'string' || !name)
        throw new ScenarioError(`${where}: metadata.name is required`);
    const spec = head.spec ?? {};
    const at = (p) => `${where}: spec.${p}`;
    const list = (v, p) => {
        if (v === undefined || v === null)
            return [];
        if (!Array.isArray(v))
            throw new ScenarioError(`${at(p)}: expected a list`);
        return v;
    };
    const crds = list(spec.crds, 'crds').map((c, i) => {
        for (const k of ['group', 'kind', 'plural'])
            if (typeof c?.[k] !== 'string')
                throw new ScenarioError(`${at(`crds[${i}].${k}`)}: expected a string`);
        if (!['Namespaced', 'Cluster'].includes(c.scope))
            throw new ScenarioError(`${at(`crds[${i}].scope`)}: expected Namespaced or Cluster`);
        if (!Array.isArray(c.versions) || !c.versions.length)
            throw new ScenarioError(`${at(`crds[${i}].versions`)}: expected a list of versions`);
        return c;
    });
    const handlers = list(spec.handlers, 'handlers').map((h, i) => {
        if (!HANDLER_TYPES.includes(h?.type)) {
            throw new ScenarioError(`${at(`handlers[${i}].type`)}: expected one of ${HANDLER_TYPES.join(', ')}`);
        }
        return { name: h.name ?? h.type, ...h };
    });
    let stages;
    try {
        stages = normaliseStageList(list(spec.stages, 'stages'), `${where}: spec.stages`, Object.keys(templateFunctions()));
    }
    catch (e) {
        throw new ScenarioError(e.message);
    }
    const rules = (v, p) => {
        try {
            return parseRules(v, at(p));
        }
        catch (e) {
            throw new ScenarioError(e.message);
        }
    };
    const controllers = (v, p) => {
        try {
            return parseControllerSettings(v, at(p));
        }
        catch (e) {
            throw new ScenarioError(e.message);
        }
    };
    let nodeGroups;
    try {
        nodeGroups = parseNodeGroups(list(spec.nodeGroups, 'nodeGroups'), at('nodeGroups'));
    }
    catch (e) {
        throw new ScenarioError(e.message);
    }
    const breaks = list(spec.breaks, 'breaks').map((b, i) => {
        const p = `breaks[${i}]`;
        if (typeof b?.name !== 'string' || typeof b?.description !== 'string')
            throw new ScenarioError(`${at(p)}: name and description are required`);
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
        const obj = o;
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
        devicePlugins: list(spec.devicePlugins, 'devicePlugins'),
        draDrivers: list(spec.draDrivers, 'draDrivers'),
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
function getPart(name) {
    if (!cache.has(name)) {
        const text = SCENARIO_SOURCES[name];
        if (text === undefined)
            return undefined;
        const part = parseScenario(text, name);
        if (part.name !== name)
            throw new ScenarioError(`scenario ${name}: metadata.name is "${part.name}"`);
        cache.set(name, part);
    }
    return cache.get(name);
}
/** Every scenario, add-on and break, for --list and error messages. */
function catalog() {
    const out = { scenarios: [], addons: [], breaks: [] };
    for (const name of Object.keys(SCENARIO_SOURCES)) {
        const p = getPart(name);
        (p.kind === 'Cluster' ? out.scenarios : out.addons).push({ name, description: p.description });
        for (const b of p.breaks)
            out.breaks.push({ name: b.name, addon: name, description: b.description });
    }
    return out;
}
function composeScenario(scenario, addons = [], breaks = []) {
    const cat = catalog();
    const base = getPart(scenario);
    if (!base || base.kind !== 'Cluster') {
        throw new ScenarioError(`unknown scenario "${scenario}": choose one of ${cat.scenarios.map(s => s.name).join(', ')}`);
    }
    const parts = [base];
    const seen = new Set([base.name]);
    const visit = (name, via) => {
        if (seen.has(name))
            return;
        const p = getPart(name);
        if (!p || p.kind !== 'AddOn') {
            throw new ScenarioError(`unknown add-on "${name}" (${via}): choose from ${cat.addons.map(a => a.name).join(', ')}`);
        }
        seen.add(name);
        for (const r of p.requires)
            visit(r, `required by ${name}`);
        parts.push(p);
    };
    for (const r of base.requires)
        visit(r, `required by ${base.name}`);
    for (const a of addons)
        visit(a, 'given with --addon');
    const chosen = [];
    for (const b of breaks) {
        const hit = parts.flatMap(p => p.breaks).find(x => x.name === b);
        if (!hit) {
            const elsewhere = cat.breaks.find(x => x.name === b);
            const available = parts.flatMap(p => p.breaks.map(x => x.name));
            throw new ScenarioError(elsewhere
                ? `break "${b}" belongs to add-on ${elsewhere.addon}: add --addon ${elsewhere.addon}`
                : `unknown break "${b}": this scenario offers ${available.length ? available.join(', ') : 'no breaks'}`);
        }
        if (!chosen.includes(hit))
            chosen.push(hit);
    }
    const k = base.kubernetes;
    if (!k?.minor || !k.gitVersion)
        throw new ScenarioError(`scenario ${base.name}: spec.kubernetes needs minor and gitVersion`);
    const disabled = new Set(chosen.flatMap(b => b.disableStages));
    const removed = chosen.flatMap(b => b.remove);
    const patches = chosen.flatMap(b => b.patches);
    const sameRef = (o, r) => o.apiVersion === r.apiVersion && o.kind === r.kind && o.metadata.name === r.name && (o.metadata.namespace ?? undefined) === (r.namespace ?? undefined);
    const objects = parts
        .flatMap(p => p.objects)
        .filter(o => !removed.some(r => sameRef(o, r)))
        .map(o => {
        let out = structuredClone(o);
        for (const p of patches)
            if (sameRef(o, p))
                out = mergePatch(out, p.patch);
        return out;
    });
    for (const r of [...removed, ...patches]) {
        if (!parts.some(p => p.objects.some(o => sameRef(o, r)))) {
            throw new ScenarioError(`a break names ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}, which no part of this scenario installs`);
        }
    }
    const groupNames = parts.flatMap(p => p.nodeGroups.map(g => `${g.name} (${p.name})`));
    const twice = groupNames.find((g, i) => groupNames.findIndex(x => x.split(' ')[0] === g.split(' ')[0]) !== i);
    if (twice)
        throw new ScenarioError(`node group ${twice} is declared by more than one part of scenario ${base.name}`);
    const handlerOptions = Object.assign({}, ...chosen.map(b => b.handlerOptions));
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
        runtime: [...parts.map(p => p.runtime), ...chosen.map(b => b.runtime)].reduce((acc, r) => mergePatch(acc, r ?? {}), {}),
        controllers: resolveControllerSettings(parts.map(p => p.controllers), chosen.map(b => b.controllers)),
        nodeGroups: parts.flatMap(p => p.nodeGroups)
    };
}
/** A full CustomResourceDefinition (schema open, status served) from the shorthand, Established. */
function expandCrd(c) {
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

/** One device plugin per resource and namespace: a later part reconfigures it (e.g. time-slicing replicas). */
function byResource(list) {
    const out = new Map();
    for (const d of list)
        out.set(`${d.namespace}/${d.resource}`, d);
    return Array.from(out.values());
}

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(78474);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
;// CONCATENATED MODULE: ./src/sim/discovery.ts
/**
 * Discovery as the kube-apiserver serves it: /version, /api, /apis, /apis/{g}, /api/v1 and
 * /apis/{g}/{v} (APIVersions, APIGroupList, APIGroup, APIResourceList), the aggregated form
 * (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) kubectl asks for first, and the OpenAPI
 * documents kubectl reads before `create -f`: /openapi/v3 (an index and one document per
 * group/version whose PATCH operations declare `fieldValidation`, so kubectl leaves validation
 * to the server) and a minimal /openapi/v2 (protobuf or JSON, without definitions).
 */


function versionInfo(minor, override = {}) {
    const gitVersion = override.gitVersion ?? `v1.${minor}.0`;
    const m = gitVersion.match(/^v(\d+)\.(\d+)/);
    const info = {
        major: m ? m[1] : '1',
        minor: m ? m[2] : String(minor),
        gitVersion,
        gitCommit: (0,external_node_crypto_.createHash)('sha1').update(gitVersion).digest('hex'),
        gitTreeState: 'clean',
        buildDate: '2026-01-01T00:00:00Z',
        goVersion: 'go1.24.6',
        compiler: 'gc',
        platform: 'linux/amd64',
        ...override
    };
    if (Number(info.minor) >= 34) {
        info.emulationMajor ??= info.major;
        info.emulationMinor ??= info.minor;
        info.minCompatibilityMajor ??= info.major;
        info.minCompatibilityMinor ??= String(Number(info.minor) - 1);
    }
    return info;
}
const SUBRESOURCES = {
    status: { kind: t => t.kind, verbs: ['get', 'patch', 'update'] },
    scale: { group: 'autoscaling', version: 'v1', kind: () => 'Scale', verbs: ['get', 'patch', 'update'] },
    log: { kind: () => 'Pod', verbs: ['get'] },
    proxy: { kind: t => `${t.kind}ProxyOptions`, verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    binding: { kind: () => 'Binding', verbs: ['create'] },
    eviction: { group: 'policy', version: 'v1', kind: () => 'Eviction', verbs: ['create'] },
    finalize: { kind: () => 'Namespace', verbs: ['update'] }
};
function subresourceInfo(sub) {
    return SUBRESOURCES[sub];
}
/** Local types serving a group/version, in registration order. */
function typesIn(store, group, version) {
    return store.allTypes().filter(t => t.group === group && t.versions.includes(version));
}
/** Local groups in registration order with their served versions (preferred first). */
function localGroups(store) {
    const out = new Map();
    for (const t of store.allTypes()) {
        if (!t.versions.length)
            continue;
        const list = out.get(t.group) ?? [];
        for (const v of t.versions)
            if (!list.includes(v))
                list.push(v);
        out.set(t.group, list);
    }
    return out;
}
function apiVersions(serverAddress) {
    return {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }]
    };
}
function groupEntry(name, versions) {
    const gvs = versions.map(version => ({ groupVersion: `${name}/${version}`, version }));
    return { name, versions: gvs, preferredVersion: gvs[0] };
}
/** Every group: local ones in registration order, then remote (APIService) ones. */
function allGroups(store) {
    const out = new Map();
    for (const [g, versions] of localGroups(store))
        if (g !== '')
            out.set(g, versions);
    for (const [g, services] of remoteGroups(store)) {
        const list = out.get(g) ?? [];
        // A remote APIService takes its version over from a local type of the same group/version.
        for (const s of services)
            if (!list.includes(s.spec.version))
                list.unshift(s.spec.version);
        out.set(g, list);
    }
    return out;
}
function apiGroupList(store) {
    const groups = [...allGroups(store)].map(([g, versions]) => groupEntry(g, versions));
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}
function apiGroup(store, group) {
    const versions = allGroups(store).get(group);
    if (!versions?.length)
        return undefined;
    return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group, versions) };
}
function storageVersionHash(t) {
    return (0,external_node_crypto_.createHash)('sha256')
        .update(`${t.group}/${t.versions[t.versions.length - 1]}/${t.kind}`)
        .digest('base64')
        .slice(0, 11);
}
function apiResourceList(store, group, version) {
    const types = typesIn(store, group, version);
    if (!types.length)
        return undefined;
    const resources = [];
    for (const t of types) {
        const entry = {
            name: t.resource,
            singularName: t.singular,
            namespaced: t.namespaced,
            kind: t.kind,
            verbs: t.verbs
        };
        if (t.shortNames)
            entry.shortNames = t.shortNames;
        if (t.categories)
            entry.categories = t.categories;
        if (t.verbs.includes('list'))
            entry.storageVersionHash = storageVersionHash(t);
        resources.push(entry);
        for (const s of t.subresources) {
            const info = SUBRESOURCES[s];
            if (!info)
                continue;
            const sub = {
                name: `${t.resource}/${s}`,
                singularName: '',
                namespaced: t.namespaced,
                kind: info.kind(t),
                verbs: info.verbs
            };
            if (info.group !== undefined)
                Object.assign(sub, { group: info.group, version: info.version });
            resources.push(sub);
        }
    }
    return {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: group ? `${group}/${version}` : version,
        resources
    };
}
// ---- aggregated discovery (apidiscovery.k8s.io/v2) ----
const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
/** Whether the Accept header asks for aggregated discovery v2. */
function wantsAggregated(accept) {
    if (!accept)
        return false;
    return accept.split(',').some(part => {
        const p = part.replace(/\s+/g, '');
        return (p.includes('g=apidiscovery.k8s.io') &&
            p.includes('v=v2;') &&
            p.includes('as=APIGroupDiscoveryList') &&
            !p.includes('v=v2beta1'));
    });
}
function discoveryResources(store, group, version) {
    return typesIn(store, group, version).map(t => {
        const r = {
            resource: t.resource,
            responseKind: { group, version, kind: t.kind },
            scope: t.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: t.singular,
            verbs: t.verbs
        };
        if (t.shortNames)
            r.shortNames = t.shortNames;
        if (t.categories)
            r.categories = t.categories;
        const subs = t.subresources
            .filter(s => SUBRESOURCES[s])
            .map(s => {
            const info = SUBRESOURCES[s];
            return {
                subresource: s,
                responseKind: { group: info.group ?? group, version: info.version ?? version, kind: info.kind(t) },
                verbs: info.verbs
            };
        });
        if (subs.length)
            r.subresources = subs;
        return r;
    });
}
/** Converts an APIResourceList (from an aggregated server) to discovery v2 resources. */
function fromResourceList(list, group, version) {
    const items = Array.isArray(list?.resources)
        ? list.resources.filter((r) => typeof r?.name === 'string')
        : [];
    // Parents in order; a subresource whose parent is not listed (custom metrics' "pods/requests") gets a bare parent.
    const parents = [];
    for (const r of items) {
        const parent = r.name.split('/')[0];
        if (!parents.includes(parent))
            parents.push(parent);
    }
    return parents.map(name => {
        const r = items.find(x => x.name === name);
        const subs = items
            .filter(s => s.name.startsWith(`${name}/`))
            .map(s => ({
            subresource: s.name.slice(name.length + 1),
            responseKind: { group, version, kind: s.kind },
            verbs: s.verbs ?? []
        }));
        const first = r ?? items.find(x => x.name.startsWith(`${name}/`));
        const out = {
            resource: name,
            responseKind: { group, version, kind: r?.kind ?? '' },
            scope: first?.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: r?.singularName ?? '',
            verbs: r?.verbs ?? []
        };
        if (subs.length)
            out.subresources = subs;
        return out;
    });
}
/**
 * The aggregated document for /api (core) or /apis. Remote group/versions are asked for their
 * APIResourceList; one that does not answer is listed Stale, as kube-aggregator marks it.
 */
async function aggregatedDiscovery(store, which, fetchRemote) {
    const items = [];
    if (which === 'api') {
        const core = localGroups(store).get('');
        if (core)
            items.push({
                metadata: { creationTimestamp: null },
                versions: core.map(v => ({
                    version: v,
                    resources: discoveryResources(store, '', v),
                    freshness: 'Current'
                }))
            });
    }
    else {
        const remote = remoteGroups(store);
        for (const [g, versions] of allGroups(store)) {
            const out = [];
            for (const v of versions) {
                const svc = remote.get(g)?.find(s => s.spec.version === v && isRemote(s));
                if (!svc) {
                    out.push({ version: v, resources: discoveryResources(store, g, v), freshness: 'Current' });
                    continue;
                }
                const list = await fetchRemote(g, v);
                out.push(list
                    ? { version: v, resources: fromResourceList(list, g, v), freshness: 'Current' }
                    : { version: v, freshness: 'Stale' });
            }
            items.push({ metadata: { name: g, creationTimestamp: null }, versions: out });
        }
    }
    return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
// ---- OpenAPI ----
function gvPath(group, version) {
    return group ? `apis/${group}/${version}` : `api/${version}`;
}
function openApiV3Index(store) {
    const paths = {};
    for (const [g, versions] of localGroups(store)) {
        for (const v of versions) {
            const p = gvPath(g, v);
            const hash = (0,external_node_crypto_.createHash)('sha512')
                .update(JSON.stringify(openApiV3Document(store, g, v)))
                .digest('hex')
                .toUpperCase()
                .slice(0, 128);
            paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
        }
    }
    return { paths };
}
const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'].map(name => ({
    name,
    in: 'query',
    schema: { type: 'string', uniqueItems: true }
}));
/** One group/version's document: paths with the operations kubectl inspects (no schemas). */
function openApiV3Document(store, group, version) {
    const types = typesIn(store, group, version);
    if (!types.length)
        return undefined;
    const prefix = `/${gvPath(group, version)}`;
    const paths = {};
    const schemas = {};
    for (const t of types) {
        const gvk = { group, version, kind: t.kind };
        const base = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.resource}` : `${prefix}/${t.resource}`;
        const opId = (verb) => `${verb}${t.kind}`;
        const collection = {};
        if (t.verbs.includes('create')) {
            collection.post = {
                operationId: opId('create'),
                parameters: WRITE_PARAMS,
                responses: { '201': { description: 'Created' } },
                'x-kubernetes-action': 'post',
                'x-kubernetes-group-version-kind': gvk
            };
        }
        if (t.verbs.includes('list'))
            collection.get = {
                operationId: opId('list'),
                responses: { '200': { description: 'OK' } },
                'x-kubernetes-action': 'list',
                'x-kubernetes-group-version-kind': gvk
            };
        paths[base] = collection;
        if (t.verbs.includes('get') || t.verbs.includes('patch')) {
            paths[`${base}/{name}`] = {
                get: {
                    operationId: opId('read'),
                    responses: { '200': { description: 'OK' } },
                    'x-kubernetes-action': 'get',
                    'x-kubernetes-group-version-kind': gvk
                },
                put: {
                    operationId: opId('replace'),
                    parameters: WRITE_PARAMS,
                    responses: { '200': { description: 'OK' } },
                    'x-kubernetes-action': 'put',
                    'x-kubernetes-group-version-kind': gvk
                },
                patch: {
                    operationId: opId('patch'),
                    parameters: [
                        ...WRITE_PARAMS,
                        { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } }
                    ],
                    responses: { '200': { description: 'OK' } },
                    'x-kubernetes-action': 'patch',
                    'x-kubernetes-group-version-kind': gvk
                }
            };
        }
        schemas[`${group || 'core'}.${version}.${t.kind}`] = {
            type: 'object',
            'x-kubernetes-group-version-kind': [gvk],
            'x-kubernetes-preserve-unknown-fields': true
        };
    }
    return {
        openapi: '3.0.0',
        info: { title: 'Kubernetes', version: 'unversioned' },
        paths,
        components: { schemas }
    };
}
const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
/** A minimal openapi_v2.Document in protobuf: swagger "2.0" and info; no definitions (no client-side schema checks). */
function openApiV2Protobuf(gitVersion) {
    const str = (field, s) => {
        const b = Buffer.from(s, 'utf8');
        return Buffer.concat([Buffer.from([(field << 3) | 2]), varint(b.length), b]);
    };
    const info = Buffer.concat([str(1, 'Kubernetes'), str(2, gitVersion)]);
    return Buffer.concat([str(1, '2.0'), Buffer.from([(2 << 3) | 2]), varint(info.length), info]);
}
function varint(n) {
    const out = [];
    while (n > 0x7f) {
        out.push((n & 0x7f) | 0x80);
        n >>>= 7;
    }
    out.push(n);
    return Buffer.from(out);
}
function openApiV2Json(gitVersion) {
    return { swagger: '2.0', info: { title: 'Kubernetes', version: gitVersion }, paths: {}, definitions: {} };
}

;// CONCATENATED MODULE: ./src/sim/faults.ts
/**
 * Fault injection, changeable at run time: latency per request, errors by verb and resource
 * with a rate drawn from a seeded RNG (deterministic runs), 429 with Retry-After, connection
 * resets and requests that hang until the client gives up or the server closes.
 */

/** mulberry32: small, fast, good enough for fault rates. */
function rng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
const REASONS = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    410: 'Expired',
    422: 'Invalid',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout'
};
const MESSAGES = {
    500: 'Internal error occurred: injected fault',
    503: 'the server is currently unable to handle the request',
    504: 'the server was unable to return a response in the time allotted, but may still be processing the request'
};
function matches(rule, f) {
    if (rule.verbs && !rule.verbs.includes(f.verb))
        return false;
    if (rule.namespaces && (!f.namespace || !rule.namespaces.includes(f.namespace)))
        return false;
    if (rule.paths && !rule.paths.some(p => f.path.startsWith(p)))
        return false;
    if (rule.resources) {
        if (!f.resource)
            return false;
        const plain = f.subresource ? `${f.resource}/${f.subresource}` : f.resource;
        const qualified = f.group ? `${f.resource}.${f.group}` : f.resource;
        const qualifiedSub = f.subresource ? `${qualified}/${f.subresource}` : qualified;
        if (!rule.resources.some(r => r === '*' || r === plain || r === qualifiedSub || (!f.subresource && r === qualified)))
            return false;
    }
    return true;
}
function validateFaults(cfg) {
    if (cfg === undefined || cfg === null)
        return {};
    if (typeof cfg !== 'object')
        throw new Error('faults: expected an object with seed, latencyMs and rules');
    const c = cfg;
    (c.rules ?? []).forEach((r, i) => {
        const t = r?.action?.type;
        if (!['error', 'throttle', 'reset', 'hang', 'latency'].includes(t)) {
            throw new Error(`faults.rules[${i}].action.type: expected one of error, throttle, reset, hang, latency (got ${JSON.stringify(t)})`);
        }
        if (r.rate !== undefined && (typeof r.rate !== 'number' || r.rate < 0 || r.rate > 1))
            throw new Error(`faults.rules[${i}].rate: expected a number from 0 to 1`);
        if (t === 'error' && !Number.isInteger(r.action.code))
            throw new Error(`faults.rules[${i}].action.code: expected an HTTP status code`);
    });
    return c;
}
class Faults {
    cfg = {};
    random = rng(1);
    used = new Map();
    constructor(cfg) {
        this.set(cfg ?? {});
    }
    /** Replaces the configuration (and restarts the RNG from its seed). */
    set(cfg) {
        this.cfg = validateFaults(cfg);
        this.random = rng(cfg.seed ?? 1);
        this.used = new Map();
    }
    get config() {
        return this.cfg;
    }
    decide(f) {
        let delayMs = 0;
        const lat = this.cfg.latencyMs;
        if (typeof lat === 'number')
            delayMs += lat;
        else if (lat)
            delayMs += lat.min + Math.floor(this.random() * Math.max(0, lat.max - lat.min));
        for (const rule of this.cfg.rules ?? []) {
            if (!matches(rule, f))
                continue;
            const n = this.used.get(rule) ?? 0;
            if (rule.times !== undefined && n >= rule.times)
                continue;
            if (rule.rate !== undefined && rule.rate < 1 && this.random() >= rule.rate)
                continue;
            this.used.set(rule, n + 1);
            const a = rule.action;
            switch (a.type) {
                case 'latency':
                    delayMs += a.ms;
                    continue;
                case 'throttle':
                    return { kind: 'error', delayMs, error: tooManyRequests(a.retryAfterSeconds ?? 1) };
                case 'error': {
                    const headers = a.code === 429 ? { 'Retry-After': '1' } : {};
                    const details = a.code === 429 ? { retryAfterSeconds: 1 } : undefined;
                    return {
                        kind: 'error',
                        delayMs,
                        error: new errors_StatusError(a.code, a.reason ?? REASONS[a.code] ?? 'InternalError', a.message ?? MESSAGES[a.code] ?? `injected fault (${a.code})`, details, headers)
                    };
                }
                case 'reset':
                    return { kind: 'reset', delayMs };
                case 'hang':
                    return { kind: 'hang', delayMs };
            }
        }
        return { kind: 'none', delayMs };
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./src/sim/kubeconfig.ts
/**
 * A kubeconfig for the simulator: one cluster (server URL + CA data), one user (bearer token),
 * one context. Written with mode 0600 because it holds the token.
 */


const DEFAULT_CONTEXT = 'ai-conformance-sim';
function buildKubeconfig(p) {
    const context = p.contextName ?? DEFAULT_CONTEXT;
    return (0,dist/* stringify */.As)({
        apiVersion: 'v1',
        kind: 'Config',
        preferences: {},
        clusters: [
            {
                name: context,
                cluster: { server: p.server, 'certificate-authority-data': Buffer.from(p.caPem).toString('base64') }
            }
        ],
        users: [{ name: `${context}-admin`, user: { token: p.token } }],
        contexts: [
            {
                name: context,
                context: {
                    cluster: context,
                    user: `${context}-admin`,
                    ...(p.namespace ? { namespace: p.namespace } : {})
                }
            }
        ],
        'current-context': context
    });
}
function writeKubeconfigFile(path, text) {
    (0,external_node_fs_.writeFileSync)(path, text, { mode: 0o600 });
}

;// CONCATENATED MODULE: ./src/sim/rbac.ts
/**
 * Scenario authorization: everything is allowed except what deny rules name, and a denial is
 * answered exactly as the RBAC authorizer words it (errors.forbidden). Rules are data:
 * `{ verbs: ["get"], resources: ["pods/log"], apiGroups: [""], namespaces: ["kube-system"], effect: "deny" }`.
 * A rule limited to namespaces also denies the same request across all namespaces (a
 * cluster-wide list needs cluster-wide permission).
 */

function matchesResource(patterns, resource, subresource) {
    const full = subresource ? `${resource}/${subresource}` : resource;
    return patterns.some(p => {
        if (p === '*' || p === full)
            return true;
        if (subresource && (p === `*/${subresource}` || p === `${resource}/*`))
            return true;
        return false;
    });
}
function rbac_ruleMatches(rule, a) {
    if (!rule.verbs.includes('*') && !rule.verbs.includes(a.verb))
        return false;
    if (rule.apiGroups && !rule.apiGroups.includes('*') && !rule.apiGroups.includes(a.group))
        return false;
    if (!matchesResource(rule.resources, a.resource, a.subresource))
        return false;
    if (rule.namespaces && a.namespace && !rule.namespaces.includes(a.namespace))
        return false;
    if (rule.resourceNames?.length && (!a.name || !rule.resourceNames.includes(a.name)))
        return false;
    return true;
}
function isAllowed(rules, a) {
    return !rules.some(r => (r.effect ?? 'deny') === 'deny' && rbac_ruleMatches(r, a));
}
/** Throws 403 Forbidden worded as the RBAC authorizer when a deny rule matches. */
function authorize(rules, a) {
    if (!isAllowed(rules, a))
        throw denial(a);
}
function denial(a) {
    return forbidden(a.user, a.verb, a.group, a.resource, a.namespace, a.name, a.subresource);
}
/** Validates scenario rules, naming the bad entry. */
function validateRules(rules) {
    if (rules === undefined)
        return [];
    if (!Array.isArray(rules))
        throw new Error('rbac: expected a list of rules');
    rules.forEach((r, i) => {
        const where = `rbac[${i}]`;
        if (typeof r !== 'object' || r === null)
            throw new Error(`${where}: expected an object with verbs and resources`);
        for (const f of ['verbs', 'resources']) {
            if (!Array.isArray(r[f]) || !r[f].every((x) => typeof x === 'string')) {
                throw new Error(`${where}.${f}: expected a list of strings`);
            }
        }
        for (const f of ['apiGroups', 'namespaces', 'resourceNames']) {
            const v = r[f];
            if (v !== undefined && (!Array.isArray(v) || !v.every((x) => typeof x === 'string')))
                throw new Error(`${where}.${f}: expected a list of strings`);
        }
        if (r.effect !== undefined && r.effect !== 'deny')
            throw new Error(`${where}.effect: only "deny" is supported`);
    });
    return rules;
}
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
/**
 * SelfSubjectRulesReview status for a namespace: everything when no rule applies there, else
 * the allowed verbs per resource (deny rules cannot be expressed as RBAC allow rules otherwise).
 */
function rulesFor(store, rules, user, namespace) {
    const nonResourceRules = [{ verbs: ['*'], nonResourceURLs: ['*'] }];
    const applies = rules.filter(r => !r.namespaces || r.namespaces.includes(namespace));
    if (!applies.length)
        return {
            resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
            nonResourceRules,
            incomplete: false
        };
    const resourceRules = [];
    for (const t of store.allTypes()) {
        const names = [t.resource, ...t.subresources.map(s => `${t.resource}/${s}`)];
        for (const full of names) {
            const [resource, subresource] = full.split('/');
            const verbs = VERBS.filter(verb => isAllowed(applies, { user, verb, group: t.group, resource, subresource, namespace }));
            if (verbs.length)
                resourceRules.push({ verbs, apiGroups: [t.group], resources: [full] });
        }
    }
    return { resourceRules, nonResourceRules, incomplete: false };
}

;// CONCATENATED MODULE: ./src/sim/watch.ts

function served(obj, apiVersion) {
    return obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion };
}
class WatchHub {
    store;
    opts;
    watchers = new Set();
    scheduled = false;
    unsubscribe = [];
    constructor(store, opts = {}) {
        this.store = store;
        this.opts = opts;
        this.unsubscribe.push(store.onChange(() => this.schedule()));
        this.unsubscribe.push(store.onTypesChanged(() => this.dropUnserved()));
    }
    get size() {
        return this.watchers.size;
    }
    open(res, req) {
        const start = req.resourceVersion;
        const fromScratch = !start || start === '0' || req.sendInitialEvents === true;
        res.writeHead(200, {
            'Content-Type': 'application/json',
            'Cache-Control': 'no-cache, private',
            'Transfer-Encoding': 'chunked'
        });
        res.flushHeaders();
        const w = { req, res, lastRv: Number(this.store.resourceVersion), timers: [] };
        this.watchers.add(w);
        res.on('close', () => this.remove(w));
        if (req.timeoutSeconds !== undefined && req.timeoutSeconds > 0) {
            const t = setTimeout(() => this.end(w), req.timeoutSeconds * 1000);
            t.unref();
            w.timers.push(t);
        }
        if (req.allowBookmarks && this.opts.bookmarkIntervalMs) {
            const t = setInterval(() => this.bookmark(w), this.opts.bookmarkIntervalMs);
            t.unref();
            w.timers.push(t);
        }
        if (fromScratch) {
            for (const obj of this.store.list(req.rtype.group, req.rtype.resource, req.rtype.namespaced ? req.namespace : undefined)) {
                if (this.matches(req, obj))
                    this.send(w, 'ADDED', obj);
            }
            if (req.sendInitialEvents && req.allowBookmarks)
                this.bookmark(w, true);
            return;
        }
        const rv = Number(start);
        if (!Number.isFinite(rv) || this.store.changesSince(rv) === undefined) {
            this.expire(w, start);
            return;
        }
        w.lastRv = Math.min(rv, w.lastRv);
        this.deliver(w);
    }
    /** Ends every stream (server close). */
    closeAll() {
        for (const w of Array.from(this.watchers))
            this.end(w);
        for (const u of this.unsubscribe)
            u();
    }
    matches(req, obj) {
        if (!obj)
            return false;
        if (req.rtype.namespaced && req.namespace && obj.metadata.namespace !== req.namespace)
            return false;
        return selectors_matchesLabels(req.labels, obj.metadata.labels) && matchesFields(req.fields, obj);
    }
    schedule() {
        if (this.scheduled || !this.watchers.size)
            return;
        this.scheduled = true;
        queueMicrotask(() => {
            this.scheduled = false;
            for (const w of Array.from(this.watchers))
                this.deliver(w);
        });
    }
    deliver(w) {
        const changes = this.store.changesSince(w.lastRv);
        if (changes === undefined) {
            this.expire(w, String(w.lastRv));
            return;
        }
        const { rtype } = w.req;
        for (const c of changes) {
            w.lastRv = Number(c.object.metadata.resourceVersion);
            if (c.rtype.group !== rtype.group || c.rtype.resource !== rtype.resource)
                continue;
            const event = this.eventFor(w.req, c);
            if (event)
                this.send(w, event.type, event.object);
        }
    }
    eventFor(req, c) {
        const now = this.matches(req, c.object);
        if (c.type === 'ADDED')
            return now ? { type: 'ADDED', object: c.object } : undefined;
        if (c.type === 'DELETED')
            return now || this.matches(req, c.old) ? { type: 'DELETED', object: c.object } : undefined;
        const before = this.matches(req, c.old);
        if (now && before)
            return { type: 'MODIFIED', object: c.object };
        if (now)
            return { type: 'ADDED', object: c.object };
        if (before) {
            const gone = {
                ...c.old,
                metadata: { ...c.old.metadata, resourceVersion: c.object.metadata.resourceVersion }
            };
            return { type: 'DELETED', object: gone };
        }
        return undefined;
    }
    send(w, type, obj) {
        if (w.res.writableEnded || w.res.destroyed)
            return;
        const object = w.req.render ? w.req.render(obj) : served(obj, w.req.apiVersion);
        w.res.write(`${JSON.stringify({ type, object })}\n`);
    }
    bookmark(w, initialEnd = false) {
        if (w.res.writableEnded || w.res.destroyed)
            return;
        this.deliver(w);
        const metadata = {
            resourceVersion: String(Math.max(w.lastRv, Number(this.store.resourceVersion)))
        };
        if (initialEnd)
            metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
        w.res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: w.req.rtype.kind, apiVersion: w.req.apiVersion, metadata } })}\n`);
    }
    expire(w, rv) {
        const status = {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: `too old resource version: ${rv} (${this.store.oldestResourceVersion})`,
            reason: 'Expired',
            code: 410
        };
        if (!w.res.writableEnded && !w.res.destroyed)
            w.res.write(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
        this.end(w);
    }
    dropUnserved() {
        for (const w of Array.from(this.watchers)) {
            const t = this.store.typeOf(w.req.rtype.group, w.req.rtype.resource);
            if (!t || t.kind !== w.req.rtype.kind)
                this.end(w);
        }
    }
    end(w) {
        this.remove(w);
        if (!w.res.writableEnded)
            w.res.end();
    }
    remove(w) {
        for (const t of w.timers)
            clearTimeout(t);
        w.timers = [];
        this.watchers.delete(w);
    }
}

;// CONCATENATED MODULE: ./src/sim/rest/protobuf.ts
/**
 * Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`), which kubectl's typed
 * clients send for `create namespace|configmap|secret|serviceaccount` and `auth can-i|whoami`.
 * Decodes the `k8s\0` envelope (runtime.Unknown) and the few kinds listed below into JSON; other
 * kinds get 415, as a server without their protobuf schema would answer (kubectl's `create -f`
 * and `apply` send JSON and are unaffected).
 */

const META = {
    1: ['name', 'string'],
    2: ['generateName', 'string'],
    3: ['namespace', 'string'],
    11: ['labels', 'map'],
    12: ['annotations', 'map'],
    14: ['finalizers', 'strings']
};
const RESOURCE_ATTRIBUTES = {
    1: ['namespace', 'string'],
    2: ['verb', 'string'],
    3: ['group', 'string'],
    4: ['version', 'string'],
    5: ['resource', 'string'],
    6: ['subresource', 'string'],
    7: ['name', 'string']
};
const NON_RESOURCE_ATTRIBUTES = { 1: ['path', 'string'], 2: ['verb', 'string'] };
/** Message schemas by "group/Kind" (field numbers from the Kubernetes generated.proto files). */
const KINDS = {
    '/Namespace': { 1: ['metadata', META], 2: ['spec', { 1: ['finalizers', 'strings'] }] },
    '/ConfigMap': {
        1: ['metadata', META],
        2: ['data', 'map'],
        3: ['binaryData', 'mapBytes'],
        4: ['immutable', 'bool']
    },
    '/Secret': {
        1: ['metadata', META],
        2: ['data', 'mapBytes'],
        3: ['type', 'string'],
        4: ['stringData', 'map'],
        5: ['immutable', 'bool']
    },
    '/ServiceAccount': { 1: ['metadata', META], 4: ['automountServiceAccountToken', 'bool'] },
    'authorization.k8s.io/SelfSubjectAccessReview': {
        1: ['metadata', META],
        2: [
            'spec',
            {
                1: ['resourceAttributes', RESOURCE_ATTRIBUTES],
                2: ['nonResourceAttributes', NON_RESOURCE_ATTRIBUTES]
            }
        ]
    },
    'authorization.k8s.io/SelfSubjectRulesReview': {
        1: ['metadata', META],
        2: ['spec', { 1: ['namespace', 'string'] }]
    },
    'authentication.k8s.io/SelfSubjectReview': { 1: ['metadata', META] }
};
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
function readVarint(buf, pos) {
    let result = 0;
    let shift = 0;
    for (;;) {
        if (pos >= buf.length)
            throw new Error('truncated varint');
        const b = buf[pos++];
        result += (b & 0x7f) * 2 ** shift;
        if (!(b & 0x80))
            return [result, pos];
        shift += 7;
    }
}
function fields(buf) {
    const out = [];
    let pos = 0;
    while (pos < buf.length) {
        const [tag, p1] = readVarint(buf, pos);
        const field = Math.floor(tag / 8);
        const wire = tag & 7;
        if (wire === 0) {
            const [v, p2] = readVarint(buf, p1);
            out.push({ field, wire, value: v });
            pos = p2;
        }
        else if (wire === 2) {
            const [len, p2] = readVarint(buf, p1);
            out.push({ field, wire, value: buf.subarray(p2, p2 + len) });
            pos = p2 + len;
        }
        else if (wire === 1)
            pos = p1 + 8;
        else if (wire === 5)
            pos = p1 + 4;
        else
            throw new Error(`unsupported wire type ${wire}`);
    }
    return out;
}
function decode(buf, schema) {
    const out = {};
    for (const f of fields(buf)) {
        const spec = schema[f.field];
        if (!spec)
            continue;
        const [name, type] = spec;
        const bytes = Buffer.isBuffer(f.value) ? f.value : Buffer.alloc(0);
        if (type === 'string') {
            const s = bytes.toString('utf8');
            if (s)
                out[name] = s;
        }
        else if (type === 'bytes')
            out[name] = bytes.toString('base64');
        else if (type === 'bool')
            out[name] = f.value === 1;
        else if (type === 'int')
            out[name] = f.value;
        else if (type === 'strings')
            (out[name] ??= []).push(bytes.toString('utf8'));
        else if (type === 'map' || type === 'mapBytes') {
            const entry = decode(bytes, { 1: ['k', 'string'], 2: ['v', type === 'map' ? 'string' : 'bytes'] });
            (out[name] ??= {})[String(entry.k ?? '')] = entry.v ?? '';
        }
        else
            out[name] = decode(bytes, type);
    }
    return out;
}
/** The JSON object a protobuf request body carries; 415 for kinds this simulator cannot decode. */
function decodeProtobufBody(body) {
    const unsupported = (what) => new errors_StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (protobuf ${what} is not supported by the simulator)`);
    if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC))
        throw unsupported('without the k8s envelope');
    try {
        const unknown = decode(body.subarray(4), {
            1: ['typeMeta', { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] }],
            2: ['raw', 'bytes']
        });
        const apiVersion = String(unknown.typeMeta?.apiVersion ?? '');
        const kind = String(unknown.typeMeta?.kind ?? '');
        const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
        const schema = KINDS[`${group}/${kind}`];
        if (!schema)
            throw unsupported(`for ${kind || 'an unnamed kind'}`);
        return { apiVersion, kind, ...decode(Buffer.from(String(unknown.raw ?? ''), 'base64'), schema) };
    }
    catch (e) {
        if (e instanceof errors_StatusError)
            throw e;
        throw new errors_StatusError(400, 'BadRequest', `the protobuf body could not be decoded: ${e.message}`);
    }
}

;// CONCATENATED MODULE: ./src/sim/rest/context.ts




/** The handler wrote the response itself (watch streams). */
const STREAMED = Symbol('streamed');
function ok(body, status = 200) {
    return { status, body };
}
function mediaType(headers) {
    return String(headers['content-type'] ?? '')
        .split(';')[0]
        .trim()
        .toLowerCase();
}
/** The request body as an object (JSON, or YAML when the content type says so). */
function parseBody(call, expectKind) {
    const text = call.body.toString('utf8');
    if (!text.trim())
        throw badRequest(`the body of the request was empty${expectKind ? ` (expected a ${expectKind})` : ''}`);
    const type = mediaType(call.headers);
    if (type.includes('protobuf'))
        return decodeProtobufBody(call.body);
    if (type.includes('cbor')) {
        throw new errors_StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
    }
    try {
        if (type.includes('yaml'))
            return (0,dist/* parse */.qg)(text);
        return JSON.parse(text);
    }
    catch (e) {
        throw badRequest(`the object provided is unrecognized (must be of type ${expectKind ?? call.rtype.kind}): couldn't get version/kind; json parse error: ${e.message}`);
    }
}
/** dryRun=All (the only value the apiserver accepts). */
function isDryRun(query, bodyDryRun) {
    const values = [
        ...query.getAll('dryRun'),
        ...(Array.isArray(bodyDryRun) ? bodyDryRun.map(String) : [])
    ].filter(v => v !== '');
    for (const v of values)
        if (v !== 'All')
            throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
    return values.length > 0;
}
/** Runs the admission plugins (hooks.admission) in order; a plugin may return a mutated object. */
function admit(call, operation, object, oldObject, dryRun, subresource) {
    let current = object;
    for (const plugin of call.api.hooks.admission ?? []) {
        const out = plugin({
            operation,
            rtype: call.rtype,
            object: current,
            oldObject,
            subresource,
            dryRun,
            user: call.api.user
        });
        if (out)
            current = out;
    }
    return current;
}
function context_serve(call, obj) {
    return served(obj, call.apiVersion);
}
/** The object the request body describes, with apiVersion/kind defaulted from the path and checked. */
function bodyObject(call) {
    const obj = parseBody(call);
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
        throw badRequest(`the object provided is unrecognized (must be of type ${call.rtype.kind})`);
    obj.apiVersion ||= call.apiVersion;
    obj.kind ||= call.rtype.kind;
    if (obj.apiVersion !== call.apiVersion) {
        throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${call.apiVersion})`);
    }
    if (obj.kind !== call.rtype.kind) {
        throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${call.rtype.kind})`);
    }
    obj.metadata = obj.metadata && typeof obj.metadata === 'object' ? { ...obj.metadata } : {};
    if (call.rtype.namespaced) {
        const ns = call.info.namespace;
        if (obj.metadata.namespace && ns && obj.metadata.namespace !== ns) {
            throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
        }
        if (ns)
            obj.metadata.namespace = ns;
    }
    return obj;
}
function isStatusError(e) {
    return e instanceof StatusError;
}

;// CONCATENATED MODULE: ./src/sim/rest/proxy.ts

const HOP_BY_HOP = new Set([
    'connection',
    'keep-alive',
    'transfer-encoding',
    'upgrade',
    'proxy-connection',
    'te',
    'trailer',
    'authorization'
]);
/** The headers passed on; Host stays as the client sent it (the service proxy does not rewrite it). */
function flatHeaders(h) {
    const out = {};
    for (const [k, v] of Object.entries(h))
        if (v !== undefined && !HOP_BY_HOP.has(k))
            out[k] = Array.isArray(v) ? v.join(', ') : v;
    return out;
}
/** "https:prometheus:web" → scheme, name, port; "pod:9400" → name, port. */
function parseProxyName(segment, kind) {
    const parts = segment.split(':');
    if (parts.length >= 3)
        return { scheme: parts[0] || undefined, name: parts[1], port: parts.slice(2).join(':') };
    if (parts.length === 2) {
        if (kind === 'service' && (parts[0] === 'http' || parts[0] === 'https'))
            return { scheme: parts[0], name: parts[1], port: '' };
        return { name: parts[0], port: parts[1] };
    }
    return { name: segment, port: '' };
}
/** The decoded path, as a Go server behind the apiserver would see it in URL.Path. */
function decodePath(path) {
    try {
        return decodeURIComponent(path);
    }
    catch {
        return path;
    }
}
function proxyRequest(info, headers, body, path) {
    return {
        method: info.method,
        path: decodePath(path),
        query: new URLSearchParams(info.query),
        headers: flatHeaders(headers),
        body
    };
}
function reply(r) {
    const headers = {
        'Content-Type': 'text/plain; charset=utf-8',
        ...(r.headers ?? {})
    };
    return { status: r.status, body: r.body, headers, raw: true };
}
async function proxy(call) {
    const { info, api } = call;
    const kind = call.rtype.resource === 'services' ? 'service' : 'pod';
    const { scheme, name, port } = parseProxyName(info.name, kind);
    const obj = api.store.get('', call.rtype.resource, info.namespace, name);
    if (!obj)
        throw notFound('', call.rtype.resource, name);
    if (call.rtype.resource === 'nodes')
        throw serviceUnavailable(`no endpoints available for node "${name}"`);
    const target = { kind, namespace: info.namespace ?? 'default', name, port };
    if (scheme)
        target.scheme = scheme;
    const answer = api.hooks.proxy
        ? await api.hooks.proxy(target, proxyRequest(info, call.headers, call.body, info.proxyPath ?? '/'))
        : undefined;
    if (!answer) {
        throw serviceUnavailable(kind === 'service'
            ? `no endpoints available for service "${name}"`
            : `no endpoints available for pod "${name}"`);
    }
    return reply(answer);
}
/** A request to an APIService-backed group/version, answered by hooks.aggregated. */
async function aggregated(api, apiService, info, headers, body) {
    const available = (apiService.status?.conditions ?? []).some((c) => c?.type === 'Available' && c?.status === 'True');
    if (!available || !api.hooks.aggregated)
        throw serviceUnavailable();
    const answer = await api.hooks.aggregated({ group: apiService.spec.group, version: apiService.spec.version, apiService }, proxyRequest(info, headers, body, info.path));
    if (!answer)
        throw serviceUnavailable();
    return reply({ ...answer, headers: { 'Content-Type': 'application/json', ...(answer.headers ?? {}) } });
}

;// CONCATENATED MODULE: ./src/sim/rest/request-info.ts
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
function httpVerb(method) {
    switch (method) {
        case 'POST':
            return 'create';
        case 'PUT':
            return 'update';
        case 'PATCH':
            return 'patch';
        case 'DELETE':
            return 'delete';
        default:
            return 'get';
    }
}
function parseRequest(method, url) {
    const path = url.pathname;
    const query = url.searchParams;
    const segments = path.split('/').slice(1);
    if (segments[segments.length - 1] === '' && segments.length > 1 && !path.includes('/proxy'))
        segments.pop();
    const base = {
        method,
        path,
        query,
        isResource: false,
        group: '',
        version: '',
        verb: httpVerb(method),
        segments
    };
    let rest;
    if (segments[0] === 'api' && segments.length >= 3) {
        base.version = segments[1];
        rest = segments.slice(2);
    }
    else if (segments[0] === 'apis' && segments.length >= 4) {
        base.group = segments[1];
        base.version = segments[2];
        rest = segments.slice(3);
    }
    else {
        return base;
    }
    let watchPrefix = false;
    if (rest[0] === 'watch') {
        watchPrefix = true;
        rest = rest.slice(1);
    }
    const info = { ...base, isResource: true };
    if (rest[0] === 'namespaces' && rest.length > 1) {
        info.namespace = decodeURIComponent(rest[1]);
        if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]))
            rest = rest.slice(2);
    }
    info.resource = rest[0];
    if (rest.length > 1 && rest[1] !== '')
        info.name = decodeURIComponent(rest[1]);
    if (rest.length > 2)
        info.subresource = rest[2];
    if (info.subresource === 'proxy')
        info.proxyPath = `/${rest.slice(3).join('/')}`;
    else if (rest.length > 3)
        info.subresource = `${rest[2]}/${rest.slice(3).join('/')}`;
    if (info.resource === 'namespaces' &&
        !(rest[0] === 'namespaces' && rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]))) {
        // /api/v1/namespaces/{name}[/status|/finalize]: the namespace is the object itself.
        info.namespace = undefined;
    }
    const isWatch = watchPrefix || query.get('watch') === 'true' || query.get('watch') === '1';
    if (method === 'GET' || method === 'HEAD')
        info.verb = isWatch ? 'watch' : info.name ? 'get' : 'list';
    if (method === 'DELETE' && !info.name)
        info.verb = 'deletecollection';
    return info;
}

;// CONCATENATED MODULE: ./src/sim/patch.ts
/**
 * The apiserver's patch types: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and
 * strategic merge patch, the last with the patchMergeKeys of the built-in kinds' common lists
 * (containers, ports, env, volumes, conditions, ...) and the `$patch`, `$retainKeys`,
 * `$deleteFromPrimitiveList` and `$setElementOrder` directives. Server-side apply is in apply.ts.
 */

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const PATCH_TYPES = {
    json: 'application/json-patch+json',
    merge: 'application/merge-patch+json',
    strategic: 'application/strategic-merge-patch+json',
    apply: 'application/apply-patch+yaml'
};
// ---- RFC 7386 ----
function patch_mergePatch(target, patch) {
    if (!isObject(patch))
        return clone(patch);
    const out = isObject(target) ? { ...target } : {};
    for (const [k, v] of Object.entries(patch)) {
        if (v === null)
            delete out[k];
        else
            out[k] = patch_mergePatch(out[k], v);
    }
    return out;
}
function invalidPatch(message) {
    return new errors_StatusError(422, 'Invalid', message);
}
function parsePointer(pointer) {
    if (pointer === '')
        return [];
    if (!pointer.startsWith('/'))
        throw invalidPatch(`JSON pointer "${pointer}" must start with "/"`);
    return pointer
        .slice(1)
        .split('/')
        .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
function parentOf(doc, segs, pointer) {
    let cur = doc;
    for (const seg of segs.slice(0, -1)) {
        if (Array.isArray(cur))
            cur = cur[Number(seg)];
        else if (isObject(cur))
            cur = cur[seg];
        else
            cur = undefined;
        if (cur === undefined)
            throw invalidPatch(`doc is missing path: "${pointer}": missing value`);
    }
    if (!isObject(cur) && !Array.isArray(cur))
        throw invalidPatch(`doc is missing path: "${pointer}": missing value`);
    return cur;
}
function arrayIndex(arr, seg, pointer, forAdd) {
    if (forAdd && seg === '-')
        return arr.length;
    if (!/^(0|[1-9]\d*)$/.test(seg))
        throw invalidPatch(`invalid array index "${seg}" in "${pointer}"`);
    const i = Number(seg);
    if (i > arr.length || (!forAdd && i === arr.length))
        throw invalidPatch(`Unable to access invalid index: ${i}: invalid index referenced`);
    return i;
}
function getAt(doc, pointer) {
    let cur = doc;
    for (const seg of parsePointer(pointer)) {
        if (Array.isArray(cur))
            cur = cur[Number(seg)];
        else if (isObject(cur))
            cur = cur[seg];
        else
            cur = undefined;
        if (cur === undefined)
            throw invalidPatch(`doc is missing path: "${pointer}": missing value`);
    }
    return cur;
}
function addAt(doc, pointer, value) {
    const segs = parsePointer(pointer);
    if (!segs.length)
        return value;
    const parent = parentOf(doc, segs, pointer);
    const last = segs[segs.length - 1];
    if (Array.isArray(parent))
        parent.splice(arrayIndex(parent, last, pointer, true), 0, value);
    else
        parent[last] = value;
    return doc;
}
function removeAt(doc, pointer) {
    const segs = parsePointer(pointer);
    const parent = parentOf(doc, segs, pointer);
    const last = segs[segs.length - 1];
    if (Array.isArray(parent))
        parent.splice(arrayIndex(parent, last, pointer, false), 1);
    else {
        if (!(last in parent))
            throw invalidPatch(`Unable to remove nonexistent key: ${last}: missing value`);
        delete parent[last];
    }
    return doc;
}
function jsonPatch(doc, ops) {
    if (!Array.isArray(ops))
        throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    let out = clone(doc);
    for (const op of ops) {
        if (!isObject(op) || typeof op.path !== 'string')
            throw invalidPatch('JSON patch operation is missing "path"');
        switch (op.op) {
            case 'add':
                out = addAt(out, op.path, clone(op.value));
                break;
            case 'remove':
                out = removeAt(out, op.path);
                break;
            case 'replace':
                getAt(out, op.path);
                out = removeAt(out, op.path);
                out = addAt(out, op.path, clone(op.value));
                break;
            case 'move': {
                const v = getAt(out, op.from ?? '');
                out = removeAt(out, op.from ?? '');
                out = addAt(out, op.path, v);
                break;
            }
            case 'copy':
                out = addAt(out, op.path, clone(getAt(out, op.from ?? '')));
                break;
            case 'test':
                if (JSON.stringify(canonical(getAt(out, op.path))) !== JSON.stringify(canonical(op.value))) {
                    throw invalidPatch(`testing value ${op.path} failed: test failed`);
                }
                break;
            default:
                throw invalidPatch(`Unexpected kind: ${String(op.op)}`);
        }
    }
    return out;
}
const KEYED = {
    containers: 'name',
    initContainers: 'name',
    ephemeralContainers: 'name',
    env: 'name',
    volumes: 'name',
    volumeMounts: 'mountPath',
    volumeDevices: 'devicePath',
    imagePullSecrets: 'name',
    hostAliases: 'ip',
    conditions: 'type',
    ownerReferences: 'uid',
    topologySpreadConstraints: 'topologyKey',
    resourceClaims: 'name',
    claims: 'name',
    readinessGates: 'conditionType',
    addresses: 'type'
};
/**
 * The patch strategy of a list field, from its name and the field it sits in (the built-in
 * types' patchMergeKey tags; custom resources do not support strategic merge).
 */
function listStrategy(path, field) {
    if (field === 'finalizers')
        return path[path.length - 1] === 'metadata' ? { primitiveSet: true } : undefined;
    if (field === 'ports') {
        const inContainer = path.some(p => p === 'containers' || p === 'initContainers' || p === 'ephemeralContainers');
        return { key: inContainer ? 'containerPort' : 'port' };
    }
    const key = KEYED[field];
    return key ? { key } : undefined;
}
const DIRECTIVE = '$patch';
const RETAIN = '$retainKeys';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';
const ELEMENT_ORDER = '$setElementOrder/';
function stripDirectives(v) {
    if (Array.isArray(v))
        return v
            .filter(x => !(isObject(x) && x[DIRECTIVE] !== undefined && Object.keys(x).length === 1))
            .map(stripDirectives);
    if (!isObject(v))
        return v;
    const out = {};
    for (const [k, x] of Object.entries(v)) {
        if (k === DIRECTIVE || k === RETAIN || k.startsWith(DELETE_PRIMITIVE) || k.startsWith(ELEMENT_ORDER))
            continue;
        if (x === null)
            continue;
        out[k] = stripDirectives(x);
    }
    return out;
}
function mergeMap(original, patch, path) {
    const directive = patch[DIRECTIVE];
    if (directive === 'replace')
        return stripDirectives(patch);
    if (directive === 'delete')
        return undefined;
    if (directive !== undefined && directive !== 'merge')
        throw badRequest(`Unknown patch type: ${String(directive)}`);
    const out = isObject(original) ? { ...original } : {};
    if (Array.isArray(patch[RETAIN])) {
        const keep = new Set(patch[RETAIN]);
        for (const k of Object.keys(out))
            if (!keep.has(k))
                delete out[k];
    }
    for (const [k, v] of Object.entries(patch)) {
        if (k === DIRECTIVE || k === RETAIN || k.startsWith(ELEMENT_ORDER))
            continue;
        if (k.startsWith(DELETE_PRIMITIVE)) {
            const field = k.slice(DELETE_PRIMITIVE.length);
            if (Array.isArray(out[field]) && Array.isArray(v))
                out[field] = out[field].filter((x) => !v.includes(x));
            continue;
        }
        if (v === null) {
            delete out[k];
            continue;
        }
        if (Array.isArray(v)) {
            out[k] = mergeList(out[k], v, path, k);
        }
        else if (isObject(v)) {
            const merged = mergeMap(out[k], v, [...path, k]);
            if (merged === undefined)
                delete out[k];
            else
                out[k] = merged;
        }
        else {
            out[k] = v;
        }
    }
    return out;
}
function mergeList(original, patch, path, field) {
    const strategy = listStrategy(path, field);
    if (patch.some(x => isObject(x) && x[DIRECTIVE] === 'replace' && Object.keys(x).length === 1)) {
        return stripDirectives(patch.filter(x => !(isObject(x) && x[DIRECTIVE] === 'replace')));
    }
    const base = Array.isArray(original) ? [...original] : [];
    if (!strategy)
        return stripDirectives(patch);
    if (strategy.primitiveSet) {
        for (const v of patch)
            if (!base.includes(v))
                base.push(v);
        return base;
    }
    const key = strategy.key;
    for (const item of patch) {
        if (!isObject(item)) {
            base.push(item);
            continue;
        }
        const idx = base.findIndex(o => isObject(o) && o[key] === item[key]);
        if (item[DIRECTIVE] === 'delete') {
            if (idx >= 0)
                base.splice(idx, 1);
            continue;
        }
        if (idx >= 0)
            base[idx] = mergeMap(base[idx], item, [...path, field]);
        else
            base.push(stripDirectives(item));
    }
    return base;
}
function strategicMergePatch(original, patch) {
    if (!isObject(patch))
        throw badRequest('the body of the request was not a JSON object');
    return mergeMap(clone(original), patch, []) ?? {};
}
/** 415 for strategic merge on custom resources, worded as the apiserver does. */
function unsupportedPatch(contentType) {
    return new errors_StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`, { causes: [{ reason: 'UnsupportedMediaType', message: contentType }] });
}
// ---- helpers ----
function clone(v) {
    return v === undefined ? v : JSON.parse(JSON.stringify(v));
}
function canonical(v) {
    if (Array.isArray(v))
        return v.map(canonical);
    if (!isObject(v))
        return v;
    const out = {};
    for (const k of Object.keys(v).sort())
        out[k] = canonical(v[k]);
    return out;
}

;// CONCATENATED MODULE: ./src/sim/apply.ts
/**
 * Server-side apply and field ownership (metadata.managedFields, FieldsV1).
 *
 * Simplified from the real structured-merge-diff: ownership is tracked per leaf field
 * (maps are walked, lists with a patchMergeKey are keyed by it, `finalizers` by value, every other
 * list is one atomic leaf; custom resources' lists are atomic). An apply conflicts when another
 * manager owns a field the applied config sets to a different value (409 Conflict naming the
 * fields, as kubectl shows it) unless `force=true`, which takes the fields over. Fields a manager
 * applied before and omits now are removed when nobody else owns them. Writes that are not applies
 * (create, update, patch) take ownership of the fields they changed.
 */


const apply_isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const SEP = '\n';
/** Metadata fields that are owned like any other (the rest is server-managed). */
const OWNED_METADATA = ['labels', 'annotations', 'finalizers', 'ownerReferences'];
/** Leaf paths of an object with their values (element markers map to undefined: not compared). */
function leafPaths(obj, opts) {
    const out = new Map();
    for (const [k, v] of Object.entries(obj)) {
        if (k === 'apiVersion' || k === 'kind')
            continue;
        if ((k === 'status') !== opts.status)
            continue;
        if (k === 'metadata') {
            if (opts.status || !apply_isObject(v))
                continue;
            for (const mk of OWNED_METADATA)
                if (v[mk] !== undefined)
                    walk(v[mk], ['f:metadata', `f:${mk}`], ['metadata'], mk, out, opts);
            continue;
        }
        walk(v, [`f:${k}`], [], k, out, opts);
    }
    return out;
}
function strategyFor(path, field, opts) {
    return opts.custom ? undefined : listStrategy(path, field);
}
function walk(v, segs, names, field, out, opts) {
    if (apply_isObject(v)) {
        const keys = Object.keys(v);
        if (!keys.length)
            out.set(segs.join(SEP), v);
        for (const k of keys)
            walk(v[k], [...segs, `f:${k}`], [...names, field], k, out, opts);
        return;
    }
    if (Array.isArray(v)) {
        const strategy = strategyFor(names, field, opts);
        if (strategy?.primitiveSet) {
            if (!v.length)
                out.set(segs.join(SEP), v);
            for (const x of v)
                out.set([...segs, `v:${JSON.stringify(x)}`].join(SEP), undefined);
            return;
        }
        if (strategy?.key && v.every(x => apply_isObject(x) && x[strategy.key] !== undefined)) {
            if (!v.length)
                out.set(segs.join(SEP), v);
            for (const item of v) {
                const el = [...segs, `k:${JSON.stringify({ [strategy.key]: item[strategy.key] })}`];
                out.set(el.join(SEP), undefined);
                for (const k of Object.keys(item))
                    walk(item[k], [...el, `f:${k}`], [...names, field], k, out, opts);
            }
            return;
        }
    }
    out.set(segs.join(SEP), v);
}
function valueAt(obj, path) {
    let cur = obj;
    for (const seg of path.split(SEP)) {
        if (cur === undefined || cur === null)
            return undefined;
        if (seg.startsWith('f:'))
            cur = apply_isObject(cur) ? cur[seg.slice(2)] : undefined;
        else if (seg.startsWith('k:')) {
            const key = JSON.parse(seg.slice(2));
            const [kf, kv] = Object.entries(key)[0];
            cur = Array.isArray(cur) ? cur.find(x => apply_isObject(x) && x[kf] === kv) : undefined;
        }
        else if (seg.startsWith('v:')) {
            const want = JSON.parse(seg.slice(2));
            cur = Array.isArray(cur) && cur.includes(want) ? want : undefined;
        }
    }
    return cur;
}
function apply_removeAt(obj, path) {
    const segs = path.split(SEP);
    const last = segs.pop();
    const parent = valueAt(obj, segs.join(SEP));
    if (last.startsWith('f:') && apply_isObject(parent))
        delete parent[last.slice(2)];
    else if (Array.isArray(parent)) {
        const idx = last.startsWith('k:')
            ? (() => {
                const [kf, kv] = Object.entries(JSON.parse(last.slice(2)))[0];
                return parent.findIndex(x => apply_isObject(x) && x[kf] === kv);
            })()
            : parent.indexOf(JSON.parse(last.slice(2)));
        if (idx >= 0)
            parent.splice(idx, 1);
    }
}
// ---- FieldsV1 <-> path sets ----
function toFieldsV1(paths) {
    const root = {};
    const leaves = new Set();
    for (const p of paths) {
        let node = root;
        for (const seg of p.split(SEP))
            node = node[seg] ??= {};
        leaves.add(node);
    }
    const render = (node) => {
        const out = {};
        const children = Object.keys(node);
        if (leaves.has(node) && children.length)
            out['.'] = {};
        for (const k of children.sort())
            out[k] = render(node[k]);
        return out;
    };
    return render(root);
}
function fromFieldsV1(fields) {
    const out = new Set();
    const visit = (node, segs) => {
        const keys = Object.keys(node);
        if (segs.length && (!keys.length || keys.includes('.')))
            out.add(segs.join(SEP));
        for (const k of keys)
            if (k !== '.' && apply_isObject(node[k]))
                visit(node[k], [...segs, k]);
    };
    if (apply_isObject(fields))
        visit(fields, []);
    return out;
}
function readEntries(obj) {
    const mf = obj?.metadata?.managedFields;
    return Array.isArray(mf) ? clone(mf) : [];
}
function sameEntry(e, manager, operation, subresource) {
    return e.manager === manager && e.operation === operation && (e.subresource ?? '') === (subresource ?? '');
}
/** ".spec.replicas", "metadata.labels.app", ".spec.containers[name=\"c\"].image" for messages. */
function displayPath(path) {
    return path
        .split(SEP)
        .map(seg => {
        if (seg.startsWith('f:'))
            return `.${seg.slice(2)}`;
        if (seg.startsWith('k:')) {
            const [k, v] = Object.entries(JSON.parse(seg.slice(2)))[0];
            return `[${k}=${JSON.stringify(v)}]`;
        }
        return `[=${seg.slice(2)}]`;
    })
        .join('');
}
/**
 * Records a non-apply write: the manager (operation Update) takes the fields that changed
 * between old and next; other managers lose them. Returns next with managedFields set.
 */
function recordUpdate(old, next, ctx) {
    const opts = { custom: ctx.custom, status: ctx.subresource === 'status' };
    const before = old ? leafPaths(old, opts) : new Map();
    const after = leafPaths(next, opts);
    const changed = new Set();
    for (const [p, v] of after)
        if (!before.has(p) || JSON.stringify(before.get(p)) !== JSON.stringify(v))
            changed.add(p);
    const removed = [...before.keys()].filter(p => !after.has(p));
    const entries = readEntries(old);
    if (!changed.size && !removed.length && old)
        return { ...next, metadata: { ...next.metadata, managedFields: old.metadata.managedFields } };
    for (const e of entries) {
        const owned = fromFieldsV1(e.fieldsV1);
        for (const p of changed)
            owned.delete(p);
        for (const p of removed)
            owned.delete(p);
        e.fieldsV1 = toFieldsV1(owned);
    }
    let mine = entries.find(e => sameEntry(e, ctx.manager, 'Update', ctx.subresource));
    if (!mine) {
        mine = {
            manager: ctx.manager,
            operation: 'Update',
            apiVersion: ctx.apiVersion,
            time: ctx.time,
            fieldsType: 'FieldsV1',
            fieldsV1: {}
        };
        if (ctx.subresource)
            mine.subresource = ctx.subresource;
        entries.push(mine);
    }
    const owned = fromFieldsV1(mine.fieldsV1);
    for (const p of changed)
        owned.add(p);
    mine.fieldsV1 = toFieldsV1(owned);
    mine.time = ctx.time;
    mine.apiVersion = ctx.apiVersion;
    return {
        ...next,
        metadata: { ...next.metadata, managedFields: entries.filter(e => Object.keys(e.fieldsV1).length) }
    };
}
/**
 * Server-side apply of `applied` onto `live` (undefined: the object is created). Throws 409
 * Conflict when other managers own differing fields and force is false.
 */
function serverSideApply(live, applied, ctx) {
    if (!ctx.manager) {
        throw invalid('', applied.kind ?? '', applied.metadata?.name ?? '', [
            {
                field: 'metadata.managedFields',
                reason: 'FieldValueRequired',
                message: 'Required value: fieldManager must be set for apply'
            }
        ]);
    }
    const opts = { custom: ctx.custom, status: ctx.subresource === 'status' };
    const newPaths = leafPaths(applied, opts);
    const entries = readEntries(live);
    const mineIdx = entries.findIndex(e => sameEntry(e, ctx.manager, 'Apply', ctx.subresource));
    const previous = mineIdx >= 0 ? fromFieldsV1(entries[mineIdx].fieldsV1) : new Set();
    if (live) {
        const conflicts = [];
        for (const e of entries) {
            if (sameEntry(e, ctx.manager, 'Apply', ctx.subresource))
                continue;
            const owned = fromFieldsV1(e.fieldsV1);
            for (const [p, v] of newPaths) {
                if (!owned.has(p) || v === undefined)
                    continue;
                if (JSON.stringify(valueAt(live, p)) !== JSON.stringify(v))
                    conflicts.push({ manager: e.manager, apiVersion: e.apiVersion, path: p });
            }
        }
        if (conflicts.length && !ctx.force) {
            const lines = conflicts.map(c => `conflict with "${c.manager}"${c.apiVersion ? ` using ${c.apiVersion}` : ''}: ${displayPath(c.path)}`);
            const message = conflicts.length === 1
                ? `Apply failed with 1 conflict: ${lines[0]}`
                : `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
            throw new errors_StatusError(409, 'Conflict', message, {
                causes: conflicts.map(c => ({
                    reason: 'FieldManagerConflict',
                    message: `conflict with "${c.manager}"${c.apiVersion ? ` using ${c.apiVersion}` : ''}`,
                    field: displayPath(c.path)
                }))
            });
        }
        if (ctx.force) {
            for (const e of entries) {
                if (sameEntry(e, ctx.manager, 'Apply', ctx.subresource))
                    continue;
                const owned = fromFieldsV1(e.fieldsV1);
                for (const c of conflicts)
                    if (c.manager === e.manager)
                        owned.delete(c.path);
                e.fieldsV1 = toFieldsV1(owned);
            }
        }
    }
    const merged = live ? ctx.merge(live, applied) : clone(applied);
    if (live) {
        // Fields this manager applied before, omits now and nobody else owns are removed.
        const othersOwn = new Set();
        for (const e of entries)
            if (!sameEntry(e, ctx.manager, 'Apply', ctx.subresource))
                for (const p of fromFieldsV1(e.fieldsV1))
                    othersOwn.add(p);
        const drop = [...previous]
            .filter(p => !newPaths.has(p) && !othersOwn.has(p))
            .sort((a, b) => b.length - a.length);
        for (const p of drop)
            apply_removeAt(merged, p);
    }
    const mine = {
        manager: ctx.manager,
        operation: 'Apply',
        apiVersion: ctx.apiVersion,
        time: ctx.time,
        fieldsType: 'FieldsV1',
        fieldsV1: toFieldsV1(newPaths.keys())
    };
    if (ctx.subresource)
        mine.subresource = ctx.subresource;
    if (mineIdx >= 0)
        entries[mineIdx] = mine;
    else
        entries.push(mine);
    return {
        ...merged,
        metadata: { ...merged.metadata, managedFields: entries.filter(e => Object.keys(e.fieldsV1).length) }
    };
}
/** The manager name the apiserver derives when a request names none: the User-Agent up to "/". */
function defaultManager(userAgent) {
    const ua = (userAgent ?? '').trim();
    if (!ua)
        return 'unknown';
    return ua.split('/')[0].slice(0, 128);
}

;// CONCATENATED MODULE: ./src/sim/validation.ts
/**
 * The apiserver's validation for what clients of this simulator commonly get wrong; each error
 * is a 422 Invalid with the field path and the real message.
 */



const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
function containers(spec, path, causes) {
    const list = spec?.containers;
    if (!Array.isArray(list) || !list.length) {
        causes.push({ field: `${path}.containers`, reason: 'FieldValueRequired', message: 'Required value' });
        return;
    }
    list.forEach((c, i) => {
        if (!c?.name)
            causes.push({
                field: `${path}.containers[${i}].name`,
                reason: 'FieldValueRequired',
                message: 'Required value'
            });
        if (!c?.image)
            causes.push({
                field: `${path}.containers[${i}].image`,
                reason: 'FieldValueRequired',
                message: 'Required value'
            });
    });
}
function selectorMatchesTemplate(obj, causes) {
    const sel = obj.spec?.selector;
    if (!sel || (!sel.matchLabels && !sel.matchExpressions)) {
        causes.push({ field: 'spec.selector', reason: 'FieldValueRequired', message: 'Required value' });
        return;
    }
    const labels = obj.spec?.template?.metadata?.labels ?? {};
    if (!selectors_matchesLabels(fromLabelSelectorObject(sel), labels)) {
        const shown = `map[string]string{${Object.entries(labels)
            .map(([k, v]) => `"${k}":"${v}"`)
            .join(', ')}}`;
        causes.push({
            field: 'spec.template.metadata.labels',
            message: `Invalid value: ${shown}: \`selector\` does not match template \`labels\``
        });
    }
}
function validateObject(t, obj) {
    const key = `${t.group}/${t.resource}`;
    const name = obj.metadata?.name ?? '';
    const causes = [];
    switch (key) {
        case 'apiextensions.k8s.io/customresourcedefinitions':
            validateCrd(obj);
            return;
        case '/namespaces':
            if (name && (!DNS1123_LABEL.test(name) || name.length > 63)) {
                causes.push({
                    field: 'metadata.name',
                    message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
                });
            }
            break;
        case '/pods':
            containers(obj.spec, 'spec', causes);
            break;
        case 'apps/deployments':
        case 'apps/replicasets':
        case 'apps/statefulsets':
        case 'apps/daemonsets':
            selectorMatchesTemplate(obj, causes);
            containers(obj.spec?.template?.spec, 'spec.template.spec', causes);
            break;
        case 'batch/jobs': {
            containers(obj.spec?.template?.spec, 'spec.template.spec', causes);
            const policy = obj.spec?.template?.spec?.restartPolicy;
            if (policy !== 'OnFailure' && policy !== 'Never') {
                causes.push({
                    field: 'spec.template.spec.restartPolicy',
                    reason: 'FieldValueNotSupported',
                    message: `Unsupported value: "${policy ?? ''}": supported values: "OnFailure", "Never"`
                });
            }
            break;
        }
    }
    if (causes.length)
        throw invalid(t.group, t.kind, name, causes);
}

;// CONCATENATED MODULE: ./src/sim/rest/crud.ts
/**
 * get, list (pagination, selectors, Table), watch, create, update, patch, delete and
 * deletecollection on a resource type, with the apiserver's checks: namespace lifecycle,
 * optimistic concurrency, dry-run, admission, managed fields, propagation policies.
 */









// ---- reads ----
function getObject(call) {
    const { rtype, info } = call;
    const obj = call.api.store.get(rtype.group, rtype.resource, info.namespace, info.name);
    if (!obj)
        throw notFound(rtype.group, rtype.resource, info.name);
    if (wantsTable(call.headers.accept))
        return ok(tableFor(call, [obj], call.api.store.resourceVersion));
    return ok(context_serve(call, obj));
}
function encodeContinue(t) {
    return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(t.rv), start: t.start })).toString('base64');
}
function decodeContinue(token) {
    try {
        const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
        if (t.v !== 'meta.k8s.io/v1' || typeof t.start !== 'string')
            throw new Error('unknown version');
        return { rv: String(t.rv), start: t.start };
    }
    catch {
        throw badRequest(`The provided continue parameter is invalid: continue key is not valid: ${token}`);
    }
}
function selectorsOf(call) {
    return {
        labels: parseLabelSelector(call.info.query.get('labelSelector')),
        fields: parseFieldSelector(call.info.query.get('fieldSelector'), call.rtype, call.custom)
    };
}
function filterOf(call) {
    const { labels, fields } = selectorsOf(call);
    if (!labels.length && !fields.length)
        return undefined;
    return o => selectors_matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o);
}
/**
 * One page of a list. Pages continue after the last key returned (continue tokens are opaque);
 * later pages show the store as it is then, not a snapshot (the real apiserver reads etcd at the
 * first page's revision).
 */
function listObjects(call) {
    const { rtype, info } = call;
    const q = info.query;
    const store = call.api.store;
    const token = q.get('continue');
    if (token && q.get('resourceVersion') && q.get('resourceVersion') !== '0') {
        throw badRequest('specifying resource version is not allowed when using continue');
    }
    const cont = token ? decodeContinue(token) : undefined;
    const limit = Number(q.get('limit') ?? 0);
    const page = store.listPage(rtype.group, rtype.resource, {
        namespace: rtype.namespaced ? info.namespace : undefined,
        after: cont?.start,
        limit: Number.isFinite(limit) && limit > 0 ? limit : undefined,
        filter: filterOf(call)
    });
    const rv = cont?.rv ?? store.resourceVersion;
    if (wantsTable(call.headers.accept)) {
        const table = tableFor(call, page.items, rv);
        if (page.next !== undefined)
            table.metadata.continue = encodeContinue({ rv, start: page.next });
        if (page.remaining !== undefined)
            table.metadata.remainingItemCount = page.remaining;
        return ok(table);
    }
    const metadata = { resourceVersion: rv };
    if (page.next !== undefined)
        metadata.continue = encodeContinue({ rv, start: page.next });
    if (page.remaining !== undefined)
        metadata.remainingItemCount = page.remaining;
    const items = page.items.map(o => context_serve(call, o));
    return ok({ kind: rtype.listKind, apiVersion: call.apiVersion, metadata, items });
}
function watchObjects(call) {
    const { rtype, info } = call;
    const q = info.query;
    const { labels, fields } = selectorsOf(call);
    if (info.name)
        fields.push({ field: 'metadata.name', negate: false, value: info.name });
    const timeout = q.get('timeoutSeconds');
    call.api.watch.open(call.res, {
        rtype,
        apiVersion: call.apiVersion,
        namespace: rtype.namespaced ? info.namespace : undefined,
        labels,
        fields,
        resourceVersion: q.get('resourceVersion') ?? undefined,
        sendInitialEvents: q.get('sendInitialEvents') === 'true',
        allowBookmarks: q.get('allowWatchBookmarks') === 'true' || q.get('allowWatchBookmarks') === '1',
        timeoutSeconds: timeout ? Number(timeout) : undefined,
        render: wantsTable(call.headers.accept)
            ? obj => tableFor(call, [obj], obj.metadata.resourceVersion ?? '')
            : undefined
    });
    return STREAMED;
}
// ---- writes ----
function manager(call) {
    return call.info.query.get('fieldManager') || defaultManager(call.headers['user-agent']);
}
function ownership(call, subresource) {
    return {
        manager: manager(call),
        apiVersion: call.apiVersion,
        time: call.api.store.timestamp(),
        custom: call.custom,
        subresource
    };
}
/** NamespaceLifecycle admission: content goes only into namespaces that exist and are not terminating. */
function checkNamespace(call, name) {
    const { rtype, info, api } = call;
    if (!rtype.namespaced || !api.store.typeOf('', 'namespaces'))
        return;
    const ns = info.namespace ?? 'default';
    const nsObj = api.store.get('', 'namespaces', undefined, ns);
    if (!nsObj)
        throw notFound('', 'namespaces', ns);
    if (nsObj.metadata.deletionTimestamp || nsObj.status?.phase === 'Terminating') {
        throw forbiddenBecause(rtype.group, rtype.resource, name, `unable to create new content in namespace ${ns} because it is being terminated`);
    }
}
/** Creates an object that passed decoding: defaults, validation, admission, ownership, store. */
function createObject(call, obj, dryRun, fieldOwnership = true) {
    const { rtype, api } = call;
    checkNamespace(call, obj.metadata.name);
    const serverOwned = [
        'uid',
        'resourceVersion',
        'creationTimestamp',
        'deletionTimestamp',
        'deletionGracePeriodSeconds',
        'generation'
    ];
    for (const k of fieldOwnership ? [...serverOwned, 'managedFields'] : serverOwned)
        delete obj.metadata[k];
    const { uid } = applyCreateDefaults(api.store, rtype, obj);
    validateObject(rtype, obj);
    let admitted = admit(call, 'CREATE', obj, undefined, dryRun);
    if (fieldOwnership)
        admitted = recordUpdate(undefined, admitted, ownership(call));
    const created = api.store.create(admitted, { dryRun, uid });
    return ok(context_serve(call, created), 201);
}
function create(call) {
    const obj = bodyObject(call);
    if (call.info.name)
        throw new errors_StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    return createObject(call, obj, isDryRun(call.info.query));
}
/** Server-owned metadata a client cannot change with an update or patch. */
function keepServerFields(current, next) {
    const meta = { ...next.metadata };
    if (current.metadata.deletionTimestamp)
        meta.deletionTimestamp = current.metadata.deletionTimestamp;
    else
        delete meta.deletionTimestamp;
    meta.generation = current.metadata.generation;
    return { ...next, metadata: meta };
}
function checkName(call, obj) {
    const name = call.info.name;
    if (obj.metadata.name && obj.metadata.name !== name) {
        throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    obj.metadata.name = name;
}
/** Stores an updated object (admission, ownership) and serves it. */
function storeUpdate(call, current, next, dryRun, subresource, managed) {
    const { rtype, api } = call;
    if (!subresource)
        validateObject(rtype, next);
    let admitted = admit(call, 'UPDATE', keepServerFields(current, next), current, dryRun, subresource);
    if (!managed)
        admitted = recordUpdate(current, admitted, ownership(call, subresource));
    const updated = api.store.update(admitted, { subresource, dryRun });
    return ok(context_serve(call, updated));
}
function update(call, subresource) {
    const { rtype, info, api } = call;
    const obj = bodyObject(call);
    checkName(call, obj);
    const current = api.store.get(rtype.group, rtype.resource, info.namespace, info.name);
    if (!current)
        throw notFound(rtype.group, rtype.resource, info.name);
    if (call.custom && !obj.metadata.resourceVersion) {
        throw invalid(rtype.group, rtype.kind, info.name, [
            { field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' }
        ]);
    }
    if (!obj.metadata.managedFields)
        obj.metadata.managedFields = current.metadata.managedFields;
    return storeUpdate(call, current, obj, isDryRun(info.query), subresource);
}
/** Applies a patch body of the request's content type to an object. */
function patchObject(call, current, forScale = false) {
    const type = mediaType(call.headers);
    if (type === PATCH_TYPES.json)
        return jsonPatch(current, parseBody(call, 'jsonpatch.Patch'));
    if (type === PATCH_TYPES.merge)
        return patch_mergePatch(current, parseBody(call));
    if (type === PATCH_TYPES.strategic) {
        if (call.custom && !forScale)
            throw unsupportedPatch(type);
        return strategicMergePatch(current, parseBody(call));
    }
    throw new errors_StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml${call.custom ? '' : ', application/strategic-merge-patch+json'}`);
}
function patch(call, subresource) {
    const { rtype, info, api } = call;
    const dryRun = isDryRun(info.query);
    const current = api.store.get(rtype.group, rtype.resource, info.namespace, info.name);
    if (mediaType(call.headers) === PATCH_TYPES.apply)
        return apply(call, current, dryRun, subresource);
    if (!current)
        throw notFound(rtype.group, rtype.resource, info.name);
    const next = patchObject(call, current);
    if (!next || typeof next !== 'object' || typeof next.metadata !== 'object')
        throw badRequest('the patch removed the object metadata');
    checkName(call, next);
    if (next.metadata.uid !== current.metadata.uid && next.metadata.uid !== undefined) {
        throw invalid(rtype.group, rtype.kind, info.name, [
            { field: 'metadata.uid', message: `Invalid value: "${next.metadata.uid}": field is immutable` }
        ]);
    }
    return storeUpdate(call, current, next, dryRun, subresource);
}
function apply(call, current, dryRun, subresource) {
    const { rtype, info } = call;
    if (!info.query.get('fieldManager')) {
        throw invalid('meta.k8s.io', 'PatchOptions', '', [
            {
                field: 'fieldManager',
                reason: 'FieldValueRequired',
                message: 'Required value: is required for apply patch'
            }
        ]);
    }
    const applied = bodyObject(call);
    checkName(call, applied);
    const force = info.query.get('force') === 'true';
    const merge = (live, cfg) => call.custom ? patch_mergePatch(live, cfg) : strategicMergePatch(live, cfg);
    if (!current) {
        if (subresource)
            throw notFound(rtype.group, rtype.resource, info.name);
        const created = serverSideApply(undefined, applied, { ...ownership(call), force, merge });
        return createObject(call, created, dryRun, false);
    }
    const next = serverSideApply(current, applied, { ...ownership(call, subresource), force, merge });
    return storeUpdate(call, current, next, dryRun, subresource, true);
}
function deleteOptions(call) {
    const q = call.info.query;
    let body = {};
    if (call.body.length && call.body.toString('utf8').trim())
        body = parseBody(call, 'DeleteOptions') ?? {};
    let policy = body.propagationPolicy ?? q.get('propagationPolicy') ?? undefined;
    const orphan = body.orphanDependents ??
        (q.get('orphanDependents') === null ? undefined : q.get('orphanDependents') === 'true');
    if (policy && orphan !== undefined) {
        throw invalid('meta.k8s.io', 'DeleteOptions', '', [
            {
                field: 'propagationPolicy',
                message: `Invalid value: "${policy}": orphanDependents and deletionPropagation cannot be both set`
            }
        ]);
    }
    if (!policy)
        policy = orphan === true ? 'Orphan' : 'Background';
    if (!['Orphan', 'Background', 'Foreground'].includes(policy)) {
        throw invalid('meta.k8s.io', 'DeleteOptions', '', [
            {
                field: 'propagationPolicy',
                reason: 'FieldValueNotSupported',
                message: `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`
            }
        ]);
    }
    const grace = body.gracePeriodSeconds ??
        (q.get('gracePeriodSeconds') !== null ? Number(q.get('gracePeriodSeconds')) : undefined);
    return {
        dryRun: isDryRun(q, body.dryRun),
        propagationPolicy: policy,
        gracePeriodSeconds: grace,
        preconditionUid: body.preconditions?.uid,
        preconditionRv: body.preconditions?.resourceVersion
    };
}
/** Types whose registries answer a completed DELETE with the object instead of a Status. */
function returnsObject(call) {
    return call.custom || (call.rtype.group === '' && call.rtype.resource === 'pods');
}
function deleteOne(call, obj, opts) {
    const { rtype, api } = call;
    const name = obj.metadata.name;
    const ns = obj.metadata.namespace;
    if (opts.preconditionUid && opts.preconditionUid !== obj.metadata.uid) {
        throw conflict(rtype.group, rtype.resource, name, `Precondition failed: UID in precondition: ${opts.preconditionUid}, UID in object meta: ${obj.metadata.uid}`);
    }
    if (opts.preconditionRv && opts.preconditionRv !== obj.metadata.resourceVersion) {
        throw conflict(rtype.group, rtype.resource, name, `Precondition failed: ResourceVersion in precondition: ${opts.preconditionRv}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`);
    }
    if (rtype.group === '' && rtype.resource === 'namespaces' && obj.metadata.deletionTimestamp) {
        throw conflict('', 'namespaces', name, 'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.');
    }
    admit(call, 'DELETE', obj, undefined, opts.dryRun);
    if (opts.dryRun)
        return { object: obj, removed: false };
    if (opts.propagationPolicy === 'Orphan')
        api.gc.orphanDependents(obj.metadata.uid);
    if (opts.propagationPolicy === 'Foreground' &&
        api.gc.dependentsOf(obj.metadata.uid).length &&
        !(obj.metadata.finalizers ?? []).includes(FOREGROUND)) {
        api.store.update({
            ...obj,
            metadata: {
                ...obj.metadata,
                resourceVersion: undefined,
                finalizers: [...(obj.metadata.finalizers ?? []), FOREGROUND]
            }
        });
    }
    const result = api.store.delete(rtype.group, rtype.resource, ns, name, {
        preconditionUid: opts.preconditionUid
    });
    if (opts.gracePeriodSeconds !== undefined && !result.object.metadata.deletionGracePeriodSeconds) {
        result.object = {
            ...result.object,
            metadata: { ...result.object.metadata, deletionGracePeriodSeconds: opts.gracePeriodSeconds }
        };
    }
    return result;
}
function deleteObject(call) {
    const { rtype, info, api } = call;
    const opts = deleteOptions(call);
    const obj = api.store.get(rtype.group, rtype.resource, info.namespace, info.name);
    if (!obj)
        throw notFound(rtype.group, rtype.resource, info.name);
    const { object, removed } = deleteOne(call, obj, opts);
    if (removed && !returnsObject(call)) {
        return ok({
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            details: {
                name: object.metadata.name,
                group: rtype.group,
                kind: rtype.resource,
                uid: object.metadata.uid
            }
        });
    }
    return ok(context_serve(call, object));
}
function deleteCollection(call) {
    const { rtype, info, api } = call;
    const opts = deleteOptions(call);
    const filter = filterOf(call);
    const targets = api.store
        .list(rtype.group, rtype.resource, rtype.namespaced ? info.namespace : undefined)
        .filter(o => !filter || filter(o));
    const items = [];
    for (const o of targets) {
        try {
            items.push(context_serve(call, deleteOne(call, o, opts).object));
        }
        catch (e) {
            if (!(e instanceof errors_StatusError && e.code === 404))
                throw e;
        }
    }
    return ok({
        kind: rtype.listKind,
        apiVersion: call.apiVersion,
        metadata: { resourceVersion: api.store.resourceVersion },
        items
    });
}

;// CONCATENATED MODULE: ./src/sim/rest/pods.ts
/**
 * Pod subresources: log (through hooks.podLog, with the kubelet's errors for missing or
 * waiting containers), binding (what a scheduler posts) and eviction (honouring
 * PodDisruptionBudgets' disruptionsAllowed).
 */



function pod(call, name = call.info.name) {
    const p = call.api.store.get('', 'pods', call.info.namespace, name);
    if (!p)
        throw notFound('', 'pods', name);
    return p;
}
function names(list) {
    return Array.isArray(list) ? list.map((c) => String(c?.name ?? '')) : [];
}
function waitingReason(p, container) {
    const all = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
    const st = all.find((c) => c?.name === container);
    return (st?.state?.waiting?.reason ??
        (p.status?.phase === 'Pending' && p.spec?.initContainers?.length
            ? 'PodInitializing'
            : 'ContainerCreating'));
}
function podLog(call) {
    const p = pod(call);
    const q = call.info.query;
    const name = p.metadata.name;
    const containers = names(p.spec?.containers);
    const init = names(p.spec?.initContainers);
    const ephemeral = names(p.spec?.ephemeralContainers);
    let container = q.get('container') ?? undefined;
    if (!container) {
        if (containers.length !== 1) {
            const initPart = init.length ? ` or one of the init containers: [${init.join(' ')}]` : '';
            throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${initPart}`);
        }
        container = containers[0];
    }
    else if (![...containers, ...init, ...ephemeral].includes(container)) {
        throw badRequest(`container ${container} is not valid for pod ${name}`);
    }
    const previous = q.get('previous') === 'true';
    const tail = q.get('tailLines') !== null ? Number(q.get('tailLines')) : undefined;
    const text = call.api.hooks.podLog?.(p.metadata.namespace, name, container, { tailLines: tail, previous });
    if (text === undefined) {
        if (previous)
            throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
        throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${waitingReason(p, container)}`);
    }
    let out = text;
    if (tail !== undefined && Number.isFinite(tail) && tail >= 0) {
        const lines = out.split('\n');
        const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
        out =
            lines.slice(Math.max(0, lines.length - tail)).join('\n') +
                (trailing !== undefined && tail > 0 ? '\n' : '');
    }
    const limit = q.get('limitBytes');
    if (limit !== null && Number(limit) >= 0)
        out = Buffer.from(out).subarray(0, Number(limit)).toString('utf8');
    return { status: 200, body: out, raw: true, headers: { 'Content-Type': 'text/plain' } };
}
function success() {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}
/** Binds a pod to a node: spec.nodeName and the PodScheduled condition. */
function bindPod(call, podName, body) {
    const p = pod(call, podName);
    const node = body?.target?.name;
    if (!node)
        throw badRequest('target.name: Required value: a node name is required');
    if (p.spec?.nodeName) {
        throw conflict('', 'pods/binding', podName, `pod ${podName} is already assigned to node "${p.spec.nodeName}"`);
    }
    if (isDryRun(call.info.query))
        return ok(success(), 201);
    const now = call.api.store.timestamp();
    const conditions = (p.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    const bound = call.api.store.update({
        ...p,
        metadata: { ...p.metadata, resourceVersion: undefined },
        spec: { ...p.spec, nodeName: node }
    });
    call.api.store.update({
        ...bound,
        metadata: { ...bound.metadata, resourceVersion: undefined },
        status: {
            ...(bound.status ?? {}),
            conditions: [
                ...conditions,
                { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }
            ]
        }
    }, { subresource: 'status' });
    return ok(success(), 201);
}
function binding(call) {
    return bindPod(call, call.info.name, parseBody(call, 'Binding'));
}
function eviction(call) {
    const p = pod(call);
    const body = parseBody(call, 'Eviction');
    if (body?.metadata?.name && body.metadata.name !== p.metadata.name) {
        throw badRequest(`name in URL does not match name in Eviction object`);
    }
    const dryRun = isDryRun(call.info.query, body?.deleteOptions?.dryRun);
    const store = call.api.store;
    const running = p.status?.phase === 'Running';
    if (running && store.typeOf('policy', 'poddisruptionbudgets')) {
        const pdbs = store
            .list('policy', 'poddisruptionbudgets', p.metadata.namespace)
            .filter(b => b.spec?.selector && selectors_matchesLabels(fromLabelSelectorObject(b.spec.selector), p.metadata.labels));
        if (pdbs.length > 1) {
            throw new errors_StatusError(500, 'InternalError', 'Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
        }
        const pdb = pdbs[0];
        if (pdb) {
            const allowed = Number(pdb.status?.disruptionsAllowed ?? 0);
            if (allowed <= 0) {
                throw new errors_StatusError(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
                    causes: [
                        {
                            reason: 'DisruptionBudget',
                            message: `The disruption budget ${pdb.metadata.name} needs ${pdb.status?.desiredHealthy ?? 0} healthy pods and has ${pdb.status?.currentHealthy ?? 0} currently`
                        }
                    ]
                });
            }
            if (!dryRun)
                store.update({
                    ...pdb,
                    metadata: { ...pdb.metadata, resourceVersion: undefined },
                    status: { ...pdb.status, disruptionsAllowed: allowed - 1 }
                }, { subresource: 'status' });
        }
    }
    if (!dryRun)
        store.delete('', 'pods', p.metadata.namespace, p.metadata.name);
    return ok(success(), 201);
}

;// CONCATENATED MODULE: ./src/sim/rest/reviews.ts
/**
 * Review objects answered at create time and never stored: SelfSubjectAccessReview,
 * SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectRulesReview (from the scenario's
 * RBAC rules), SelfSubjectReview (who am I), TokenReview, and core v1 Binding.
 */




function review(call, token) {
    const body = parseBody(call);
    const { api, rtype } = call;
    const base = {
        kind: rtype.kind,
        apiVersion: call.apiVersion,
        metadata: { creationTimestamp: null },
        spec: body?.spec ?? {}
    };
    switch (rtype.resource) {
        case 'selfsubjectaccessreviews':
        case 'subjectaccessreviews':
        case 'localsubjectaccessreviews': {
            const ra = body?.spec?.resourceAttributes;
            const user = rtype.resource === 'selfsubjectaccessreviews' ? api.user : String(body?.spec?.user ?? '');
            if (rtype.resource === 'localsubjectaccessreviews' &&
                ra?.namespace &&
                call.info.namespace &&
                ra.namespace !== call.info.namespace) {
                throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${call.info.namespace}`);
            }
            if (!ra && !body?.spec?.nonResourceAttributes)
                throw badRequest('spec: Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified');
            const allowed = !ra
                ? true
                : isAllowed(api.rbac(), {
                    user,
                    verb: String(ra.verb ?? ''),
                    group: String(ra.group ?? ''),
                    resource: String(ra.resource ?? ''),
                    subresource: ra.subresource || undefined,
                    namespace: ra.namespace || call.info.namespace || undefined,
                    name: ra.name || undefined
                });
            // As RBAC answers: it grants or does not; it never sets `denied` or a reason for a missing grant.
            const status = { allowed };
            return ok({ ...base, status }, 201);
        }
        case 'selfsubjectrulesreviews': {
            const ns = String(body?.spec?.namespace ?? '');
            return ok({ ...base, status: rulesFor(api.store, api.rbac(), api.user, ns) }, 201);
        }
        case 'selfsubjectreviews':
            return ok({ ...base, status: { userInfo: { username: api.user, groups: api.groups } } }, 201);
        case 'tokenreviews': {
            const authenticated = typeof body?.spec?.token === 'string' && body.spec.token === token;
            return ok({
                ...base,
                status: authenticated
                    ? { authenticated: true, user: { username: api.user, groups: api.groups } }
                    : { authenticated: false, user: {} }
            }, 201);
        }
        case 'bindings':
            return bindPod(call, String(body?.metadata?.name ?? ''), body);
    }
    throw badRequest(`${rtype.resource} cannot be created here`);
}

;// CONCATENATED MODULE: ./src/sim/rest/scale.ts
/**
 * The scale subresource (autoscaling/v1 Scale) of deployments, replicasets, statefulsets and
 * custom resources whose CRD declares one (specReplicasPath, statusReplicasPath, labelSelectorPath).
 */






function pathsFor(call) {
    if (!call.custom)
        return { spec: '.spec.replicas', status: '.status.replicas' };
    const v = crdVersion(call.api.store, call.rtype.group, call.rtype.resource, call.info.version);
    const s = v?.subresources?.scale ?? {};
    return {
        spec: s.specReplicasPath ?? '.spec.replicas',
        status: s.statusReplicasPath ?? '.status.replicas',
        selector: s.labelSelectorPath
    };
}
function toScale(call, obj) {
    const p = pathsFor(call);
    let selector;
    if (p.selector) {
        const v = jsonPath(obj, p.selector);
        selector = typeof v === 'string' ? v : undefined;
    }
    else if (obj.spec?.selector) {
        selector = formatLabelSelector(fromLabelSelectorObject(obj.spec.selector));
    }
    const m = obj.metadata;
    return {
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        metadata: {
            name: m.name,
            namespace: m.namespace,
            uid: m.uid,
            resourceVersion: m.resourceVersion,
            creationTimestamp: m.creationTimestamp
        },
        spec: { replicas: Number(jsonPath(obj, p.spec) ?? 0) },
        status: {
            replicas: Number(jsonPath(obj, p.status) ?? 0),
            ...(selector !== undefined ? { selector } : {})
        }
    };
}
function setPath(obj, path, value) {
    const segs = path.replace(/^\./, '').split('.');
    let cur = obj;
    for (const s of segs.slice(0, -1))
        cur = cur[s] = typeof cur[s] === 'object' && cur[s] !== null ? { ...cur[s] } : {};
    cur[segs[segs.length - 1]] = value;
}
function current(call) {
    const { rtype, info } = call;
    const obj = call.api.store.get(rtype.group, rtype.resource, info.namespace, info.name);
    if (!obj)
        throw notFound(rtype.group, rtype.resource, info.name);
    return obj;
}
function applyScale(call, obj, scale) {
    const replicas = scale?.spec?.replicas;
    if (!Number.isInteger(replicas) || replicas < 0)
        throw badRequest(`spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
    const rv = scale?.metadata?.resourceVersion;
    if (rv && rv !== obj.metadata.resourceVersion)
        throw conflict(call.rtype.group, call.rtype.resource, obj.metadata.name);
    const next = structuredClone(obj);
    setPath(next, pathsFor(call).spec, replicas);
    const reply = storeUpdate(call, obj, next, isDryRun(call.info.query));
    return ok(toScale(call, reply.body));
}
function scale(call) {
    const obj = current(call);
    switch (call.info.method) {
        case 'GET':
            return ok(toScale(call, obj));
        case 'PUT':
            return applyScale(call, obj, parseBody(call, 'Scale'));
        case 'PATCH':
            return applyScale(call, obj, patchObject(call, toScale(call, obj), true));
        default:
            throw badRequest(`${call.info.method} is not supported on ${call.rtype.resource}/scale`);
    }
}

;// CONCATENATED MODULE: ./src/sim/rest/router.ts











async function routeResource(api, token, info, req, res, body) {
    const { store } = api;
    const sub = info.subresource;
    // Authorization comes first, as the apiserver's filter chain does: a denied request never learns whether the resource exists.
    authorize(api.rbac(), {
        user: api.user,
        verb: info.verb,
        group: info.group,
        resource: info.resource,
        subresource: sub,
        namespace: info.namespace,
        name: info.name
    });
    const remote = info.group ? remoteApiService(store, info.group, info.version) : undefined;
    if (remote)
        return aggregated(api, remote, info, req.headers, body);
    const rtype = store.typeOf(info.group, info.resource);
    if (!rtype || !rtype.versions.includes(info.version))
        throw notServed();
    if (!rtype.namespaced && info.namespace)
        throw notServed();
    const call = {
        api,
        info,
        rtype,
        apiVersion: rtype.group ? `${rtype.group}/${info.version}` : info.version,
        custom: isCustom(store, rtype),
        body,
        headers: req.headers,
        req,
        res
    };
    if (isVirtual(rtype)) {
        if (info.method !== 'POST' || info.name)
            throw methodNotAllowed();
        return review(call, token);
    }
    if (rtype.namespaced && !info.namespace && info.name)
        throw notServed();
    if (sub) {
        if (!rtype.subresources.includes(sub) || !info.name)
            throw notServed();
        return subresource(call, sub);
    }
    if (!rtype.verbs.includes(info.verb))
        throw methodNotAllowed();
    switch (info.verb) {
        case 'get':
            return getObject(call);
        case 'list':
            return listObjects(call);
        case 'watch':
            return watchObjects(call);
        case 'create':
            if (rtype.namespaced && !info.namespace)
                throw methodNotAllowed();
            return create(call);
        case 'update':
            return update(call);
        case 'patch':
            return patch(call);
        case 'delete':
            return deleteObject(call);
        case 'deletecollection':
            return deleteCollection(call);
    }
    throw methodNotAllowed();
}
async function subresource(call, sub) {
    const method = call.info.method;
    switch (sub) {
        case 'status':
            if (method === 'GET')
                return getObject(call);
            if (method === 'PUT')
                return update(call, 'status');
            if (method === 'PATCH')
                return patch(call, 'status');
            break;
        case 'scale':
            return scale(call);
        case 'log':
            if (method === 'GET')
                return podLog(call);
            break;
        case 'proxy':
            return proxy(call);
        case 'binding':
            if (method === 'POST')
                return binding(call);
            break;
        case 'eviction':
            if (method === 'POST')
                return eviction(call);
            break;
        case 'finalize':
            if (method === 'PUT')
                return finalize(call);
            break;
    }
    throw methodNotAllowed();
}
/** PUT namespaces/{name}/finalize: only spec.finalizers changes (the namespace controller's last step). */
function finalize(call) {
    const { store } = call.api;
    const current = store.get('', 'namespaces', undefined, call.info.name);
    if (!current)
        throw notFound('', 'namespaces', call.info.name);
    const body = parseBody(call, 'Namespace');
    const finalizers = Array.isArray(body?.spec?.finalizers) ? body.spec.finalizers : [];
    const dryRun = isDryRun(call.info.query);
    const next = {
        ...current,
        metadata: { ...current.metadata, resourceVersion: body?.metadata?.resourceVersion },
        spec: { ...current.spec, finalizers }
    };
    const updated = store.update(next, { dryRun });
    return ok(context_serve(call, updated));
}

;// CONCATENATED MODULE: ./src/sim/reflect-shim.ts
const store = new WeakMap();
function own(target, prop, create) {
    let byProp = store.get(target);
    if (!byProp) {
        if (!create)
            return undefined;
        store.set(target, (byProp = new Map()));
    }
    let map = byProp.get(prop);
    if (!map && create)
        byProp.set(prop, (map = new Map()));
    return map;
}
const R = Reflect;
if (typeof R.getMetadata !== 'function') {
    R.defineMetadata = (key, value, target, prop) => {
        own(target, prop, true).set(key, value);
    };
    R.getOwnMetadata = (key, target, prop) => own(target, prop, false)?.get(key);
    R.hasOwnMetadata = (key, target, prop) => own(target, prop, false)?.has(key) ?? false;
    R.getMetadata = (key, target, prop) => {
        for (let t = target; t; t = Object.getPrototypeOf(t)) {
            const m = own(t, prop, false);
            if (m?.has(key))
                return m.get(key);
        }
        return undefined;
    };
    R.hasMetadata = (key, target, prop) => R.getMetadata(key, target, prop) !== undefined;
    R.metadata = (key, value) => (target, prop) => R.defineMetadata(key, value, target, prop);
}


;// CONCATENATED MODULE: ./src/sim/tls.ts
/**
 * The simulator's TLS material: a CA made at start and a server certificate for 127.0.0.1 and
 * localhost signed by it, both ECDSA P-256 (fast to generate; accepted by Node and Go clients).
 * Nothing is written to disk: the CA travels to clients inside the kubeconfig.
 */


const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
function pem(label, der) {
    const b64 = Buffer.from(der)
        .toString('base64')
        .replace(/(.{64})/g, '$1\n')
        .replace(/\n$/, '');
    return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
async function makeTls(hosts = {}) {
    // Loaded only now: the Reflect shim must be in place before @peculiar/x509 (CommonJS) evaluates.
    const x509 = await __webpack_require__.e(/* import() */ 927).then(__webpack_require__.t.bind(__webpack_require__, 8927, 19));
    const crypto = external_node_crypto_.webcrypto;
    x509.cryptoProvider.set(crypto);
    const notBefore = new Date(Date.now() - 60 * 60 * 1000);
    const notAfter = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
    const caKeys = (await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']));
    const ca = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: randomSerial(),
        name: 'CN=ai-conformance-sim-ca',
        notBefore,
        notAfter,
        keys: caKeys,
        signingAlgorithm: ALG,
        extensions: [
            new x509.BasicConstraintsExtension(true, 0, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
            await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey)
        ]
    });
    const serverKeys = (await crypto.subtle.generateKey(ALG, true, [
        'sign',
        'verify'
    ]));
    const names = [
        ...(hosts.ips ?? ['127.0.0.1']).map(value => ({ type: 'ip', value })),
        ...(hosts.dns ?? ['localhost']).map(value => ({ type: 'dns', value }))
    ];
    const cert = await x509.X509CertificateGenerator.create({
        serialNumber: randomSerial(),
        subject: 'CN=kube-apiserver',
        issuer: ca.subject,
        notBefore,
        notAfter,
        publicKey: serverKeys.publicKey,
        signingKey: caKeys.privateKey,
        signingAlgorithm: ALG,
        extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
            new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
            new x509.SubjectAlternativeNameExtension(names),
            await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey)
        ]
    });
    const keyDer = await crypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
    return {
        caPem: ca.toString('pem') + '\n',
        certPem: cert.toString('pem') + '\n',
        keyPem: pem('PRIVATE KEY', keyDer)
    };
}
/** A positive serial (leading hex digit below 8), as Go's x509 parser insists. */
function randomSerial() {
    const bytes = external_node_crypto_.webcrypto.getRandomValues(new Uint8Array(16));
    bytes[0] &= 0x7f;
    bytes[0] |= 0x10;
    return Buffer.from(bytes).toString('hex');
}

;// CONCATENATED MODULE: ./src/sim/server.ts
/**
 * The simulator's kube-apiserver: HTTPS on 127.0.0.1 with a CA made at start, bearer-token
 * authentication, fault injection, discovery and OpenAPI, and the REST routes over the store.
 * Behaviours plug in through SimHooks; the store is shared with them.
 */


















const MAX_BODY = 16 * 1024 * 1024;
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz']);
function sendJson(res, status, body, headers = {}) {
    if (res.headersSent || res.destroyed)
        return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
        ...headers
    });
    res.end(text);
}
function sendReply(res, r) {
    if (!r.raw)
        return sendJson(res, r.status, r.body, r.headers);
    if (res.headersSent || res.destroyed)
        return;
    const data = typeof r.body === 'string' || Buffer.isBuffer(r.body) ? r.body : JSON.stringify(r.body);
    res.writeHead(r.status, { 'Content-Length': Buffer.byteLength(data), ...(r.headers ?? {}) });
    res.end(data);
}
function sendError(res, e) {
    sendJson(res, e.code, e.toStatus(), e.headers);
}
function readBody(req) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        req.on('data', (c) => {
            size += c.length;
            if (size > MAX_BODY) {
                reject(new errors_StatusError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));
                req.destroy();
                return;
            }
            chunks.push(c);
        });
        req.on('end', () => resolve(Buffer.concat(chunks)));
        req.on('error', reject);
    });
}
function tokenMatches(header, token) {
    const m = header?.match(/^Bearer\s+(.+)$/i);
    if (!m)
        return false;
    const a = Buffer.from(m[1].trim());
    const b = Buffer.from(token);
    return a.length === b.length && (0,external_node_crypto_.timingSafeEqual)(a, b);
}
async function startApiServer(opts) {
    const { store } = opts;
    installApiMachinery(store);
    const tls = await makeTls();
    const token = opts.token ?? (0,external_node_crypto_.randomBytes)(24).toString('base64url');
    const faults = new Faults(opts.faults ?? {});
    let rules = validateRules(opts.rbac ?? []);
    const watch = new WatchHub(store, { bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 15_000 });
    const api = {
        store,
        hooks: opts.hooks ?? {},
        user: opts.user ?? 'kubernetes-admin',
        groups: opts.groups ?? ['kubeadm:cluster-admins', 'system:authenticated'],
        rbac: () => rules,
        watch,
        gc: installGarbageCollector(store)
    };
    const delay = opts.delay ?? ((ms) => new Promise(r => setTimeout(r, ms).unref()));
    const hanging = new Set();
    const sockets = new Set();
    let address = '';
    const requests = new external_node_events_.EventEmitter();
    const emit = (info, status) => {
        if (!requests.listenerCount('request'))
            return;
        const ev = {
            method: info.method,
            path: info.path,
            verb: info.verb,
            group: info.group,
            status
        };
        for (const k of ['resource', 'subresource', 'namespace', 'name'])
            if (info[k] !== undefined)
                ev[k] = info[k];
        requests.emit('request', ev);
    };
    const version = () => versionInfo(builtinMinor(store) ?? 34, opts.version);
    async function nonResource(info, req, body) {
        const s = info.segments;
        const accept = req.headers.accept;
        const path = `/${s.join('/')}`;
        if (PUBLIC_PATHS.has(path))
            return { status: 200, body: 'ok', raw: true, headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
        if (path === '/version')
            return { status: 200, body: version() };
        if (path === '/api' || path === '/apis') {
            if (wantsAggregated(accept)) {
                const doc = await aggregatedDiscovery(store, path === '/api' ? 'api' : 'apis', async (group, v) => {
                    const svc = remoteApiService(store, group, v);
                    if (!svc)
                        return undefined;
                    try {
                        const r = await aggregated(api, svc, { ...info, path: `/apis/${group}/${v}` }, req.headers, Buffer.alloc(0));
                        return r.status === 200 ? JSON.parse(String(r.body)) : undefined;
                    }
                    catch {
                        return undefined;
                    }
                });
                return { status: 200, body: doc, headers: { 'Content-Type': AGGREGATED_CONTENT_TYPE } };
            }
            return { status: 200, body: path === '/api' ? apiVersions(address) : apiGroupList(store) };
        }
        if (s[0] === 'api' && s.length === 2) {
            const list = apiResourceList(store, '', s[1]);
            if (list)
                return { status: 200, body: list };
        }
        if (s[0] === 'apis' && s.length === 2) {
            const g = apiGroup(store, s[1]);
            if (g)
                return { status: 200, body: g };
        }
        if (s[0] === 'apis' && s.length === 3) {
            const svc = remoteApiService(store, s[1], s[2]);
            if (svc)
                return aggregated(api, svc, info, req.headers, body);
            const list = apiResourceList(store, s[1], s[2]);
            if (list)
                return { status: 200, body: list };
        }
        if (path === '/openapi/v2') {
            if ((accept ?? '').includes('protobuf')) {
                return {
                    status: 200,
                    body: openApiV2Protobuf(version().gitVersion),
                    raw: true,
                    headers: { 'Content-Type': OPENAPI_V2_PROTOBUF }
                };
            }
            return { status: 200, body: openApiV2Json(version().gitVersion) };
        }
        if (path === '/openapi/v3')
            return { status: 200, body: openApiV3Index(store) };
        if (s[0] === 'openapi' && s[1] === 'v3') {
            const rest = s.slice(2);
            const doc = rest[0] === 'api' && rest.length === 2
                ? openApiV3Document(store, '', rest[1])
                : rest[0] === 'apis' && rest.length === 3
                    ? openApiV3Document(store, rest[1], rest[2])
                    : undefined;
            if (doc)
                return { status: 200, body: doc };
        }
        throw notServed();
    }
    async function handle(req, res) {
        try {
            const url = new URL(req.url ?? '/', 'https://127.0.0.1');
            const info = parseRequest(req.method ?? 'GET', url);
            const isPublic = PUBLIC_PATHS.has(url.pathname) && !req.headers.authorization;
            if (!isPublic && !tokenMatches(req.headers.authorization, token)) {
                req.resume();
                return sendError(res, unauthorized());
            }
            const body = await readBody(req);
            const decision = faults.decide({
                verb: info.verb,
                group: info.group,
                resource: info.resource,
                subresource: info.subresource,
                namespace: info.namespace,
                path: url.pathname
            });
            if (decision.delayMs > 0)
                await delay(decision.delayMs);
            if (decision.kind === 'reset') {
                req.socket.destroy();
                return;
            }
            if (decision.kind === 'hang') {
                hanging.add(res);
                res.on('close', () => hanging.delete(res));
                return;
            }
            if (decision.kind === 'error')
                return sendError(res, decision.error);
            const result = info.isResource
                ? await routeResource(api, token, info, req, res, body)
                : await nonResource(info, req, body);
            if (result !== STREAMED)
                sendReply(res, result);
            emit(info, res.statusCode);
        }
        catch (e) {
            if (e instanceof errors_StatusError) {
                sendError(res, e);
                return emit(parseRequest(req.method ?? 'GET', new URL(req.url ?? '/', 'https://127.0.0.1')), e.code);
            }
            const err = internalError(e?.message ?? String(e));
            if (res.headersSent)
                res.destroy();
            else
                sendError(res, err);
        }
    }
    const server = (0,external_node_https_.createServer)({ key: tls.keyPem, cert: tls.certPem }, (req, res) => void handle(req, res));
    server.on('secureConnection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address();
    address = `127.0.0.1:${port}`;
    const url = `https://${address}`;
    let closed;
    return {
        url,
        caPem: tls.caPem,
        token,
        faults,
        requests,
        kubeconfig: (contextName) => buildKubeconfig({ server: url, caPem: tls.caPem, token, contextName }),
        writeKubeconfig: (path, contextName) => writeKubeconfigFile(path, buildKubeconfig({ server: url, caPem: tls.caPem, token, contextName })),
        setFaults: (cfg) => faults.set(cfg),
        setRbac: (r) => {
            rules = validateRules(r);
        },
        close: () => {
            closed ??= new Promise(resolve => {
                watch.closeAll();
                for (const r of hanging)
                    r.destroy();
                hanging.clear();
                server.close(() => resolve());
                server.closeAllConnections();
                for (const s of sockets)
                    s.destroy();
            });
            return closed;
        }
    };
}

;// CONCATENATED MODULE: ./src/sim/index.ts
/**
 * startSimulator: a scenario (base cluster + add-ons + breaks) loaded into a store, the simulated
 * cluster components started on it, settled, and served over HTTPS by the API server.
 */














/** Virtual time the boot runs so controllers, scheduler and kubelet reach steady state. */
const SETTLE_MS = 120_000;
async function startSimulator(opts) {
    const composed = composeScenario(opts.scenario, opts.addons ?? [], opts.breaks ?? []);
    const live = opts.clock ?? realClock;
    const boot = opts.clock?.advance ? undefined : new BootClock(live.now() - SETTLE_MS);
    const clock = boot ?? live;
    const store = new ObjectStore(clock);
    registerBuiltinTypes(store, composed.minor);
    const events = new EventRecorder(store, clock);
    const hardware = new Hardware();
    for (const g of composed.gpus) {
        const model = GPU_MODELS[g.model];
        if (!model)
            throw new ScenarioError(`GPU model "${g.model}" is not simulated: choose one of ${Object.keys(GPU_MODELS).join(', ')}`);
        const installed = g.driverVersion ? { ...model, driverVersion: g.driverVersion, cudaDriverVersion: g.cudaVersion ?? model.cudaDriverVersion } : model;
        for (const n of g.nodes)
            hardware.setGpus(n, installed, g.count, g.mig);
    }
    const warnings = [];
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
    if (opts.scale)
        generateScale(store, composed, opts.scale);
    if (boot) {
        await settle(ms => boot.advance(ms), SETTLE_MS);
        boot.goLive(live);
    }
    else {
        await settle(ms => opts.clock.advance(ms), SETTLE_MS);
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
    if (opts.kubeconfigPath)
        server.writeKubeconfig(opts.kubeconfigPath);
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
async function settle(advance, total) {
    const steps = [0, 0, 10, 100, 500, 1000, 2000, 5000];
    let done = 0;
    for (const s of steps) {
        advance(s);
        done += s;
        await new Promise(r => setImmediate(r));
    }
    while (done < total) {
        advance(10_000);
        done += 10_000;
        await Promise.resolve();
    }
}
function loadObjects(store, s) {
    for (const c of s.crds)
        store.create(expandCrd(c));
    const version = s.gitVersion;
    for (const raw of s.objects) {
        const obj = structuredClone(raw);
        if (obj.kind === 'Node' && obj.status?.nodeInfo && !obj.status.nodeInfo.kubeletVersion) {
            obj.status.nodeInfo = { ...obj.status.nodeInfo, kubeletVersion: version, kubeProxyVersion: version };
        }
        const t = store.typeForKind(obj.apiVersion, obj.kind);
        if (!t) {
            throw new ScenarioError(`scenario ${s.name}: ${obj.kind} ${obj.metadata.name} (${obj.apiVersion}) is not served by Kubernetes 1.${s.minor} or any CRD of the scenario`);
        }
        if (obj.apiVersion.includes('/') && !t.versions.includes(obj.apiVersion.split('/')[1]))
            obj.apiVersion = `${t.group}/${t.versions[0]}`;
        const { status, ...rest } = obj;
        const created = store.create(rest);
        if (status)
            store.update({ ...created, status: { ...(created.status ?? {}), ...status } }, { subresource: 'status' });
    }
}
/** Ready nodes and running pods created directly in their final state (no controllers involved). */
function generateScale(store, s, scale) {
    const nodes = scale.nodes ?? 0;
    const per = scale.podsPerNode ?? 0;
    const now = store.timestamp();
    if (per && !store.get('', 'namespaces', undefined, 'scale'))
        store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scale' } });
    for (let i = 0; i < nodes; i++) {
        const name = `sim-node-${String(i).padStart(5, '0')}`;
        const ip = `10.${100 + Math.floor(i / 65025)}.${Math.floor(i / 255) % 255}.${(i % 255) + 1}`;
        const node = store.create({
            apiVersion: 'v1',
            kind: 'Node',
            metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } },
            spec: { podCIDR: `10.${128 + Math.floor(i / 256)}.${i % 256}.0/24` }
        });
        store.update({
            ...node,
            status: {
                capacity: { cpu: '16', memory: '64Gi', pods: '110' },
                allocatable: { cpu: '16', memory: '64Gi', pods: '110' },
                addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }],
                conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastTransitionTime: now, lastHeartbeatTime: now }],
                nodeInfo: { kubeletVersion: s.gitVersion, kubeProxyVersion: s.gitVersion, operatingSystem: 'linux', architecture: 'amd64', containerRuntimeVersion: 'containerd://2.1.1' }
            }
        }, { subresource: 'status' });
        for (let j = 0; j < per; j++) {
            const pod = store.create({
                apiVersion: 'v1',
                kind: 'Pod',
                metadata: { name: `${name}-pod-${j}`, namespace: 'scale', labels: { app: 'scale' } },
                spec: { nodeName: name, containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] }
            });
            store.update({
                ...pod,
                status: {
                    phase: 'Running',
                    podIP: `${ip.split('.').slice(0, 3).join('.')}.${j + 2}`,
                    startTime: now,
                    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
                    containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'registry.k8s.io/pause:3.10', state: { running: { startedAt: now } } }]
                }
            }, { subresource: 'status' });
        }
    }
}



/***/ })

};
