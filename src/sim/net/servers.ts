/**
 * HTTP servers that containers run, recognised by image and command, answering as the real
 * programs do:
 * - agnhost `netexec` (registry.k8s.io/e2e-test-images/agnhost): `/hostname` is the pod's name,
 *   `/echo?msg=` echoes, `/healthz`, `/clientip`, anything else `NOW: <time>`; port `--http-port` (8080).
 * - the Gateway API conformance echo server (`echo-basic`, `echoserver`): a JSON description of the
 *   request (path, host, method, headers, namespace, pod); port $PORT (3000).
 * - hashicorp/http-echo: the `-text` argument; port `-listen` (:5678).
 * - nginx: its welcome page on port 80 (8080 for nginx-unprivileged).
 * - the AI service metrics stub: a Python container (`python3 -c <script>`) whose script exposes
 *   `ai_conformance_inference_requests_total`. It counts requests to `/v1/infer…` and serves
 *   `/metrics` exactly as the kubernetes-sigs/ai-conformance stub does, labelled
 *   `conformance_run="$RUN_ID"`; `/healthz` is not counted; port $PORT (else its first container port, else 8080).
 * - an OpenAI-compatible model server simulator (llm-d-inference-sim, vllm-sim): `/v1/models`,
 *   `/v1/completions`, `/v1/chat/completions`, `/health`, `/metrics`; port `--port` (8000).
 * Counters live with the container's current run: a restart (or a new pod) starts from zero.
 */
import type { SimContext } from '../controllers/context.js';
import type { KObject } from '../store.js';
import type { HttpRequest, HttpResponse, PodHandler, PodServerResolver } from './network.js';

type Kind = 'netexec' | 'echo-basic' | 'http-echo' | 'nginx' | 'metrics-stub' | 'model-server';

interface Program {
  kind: Kind;
  port: number;
  container: any;
}

export const METRICS_STUB_MARKER = 'ai_conformance_inference_requests_total';

const text = (status: number, body: string, type = 'text/plain; charset=utf-8'): HttpResponse => ({ status, headers: { 'content-type': type }, body });
const json = (status: number, body: unknown): HttpResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** An argument value given as `--name=value`, `--name value`, `-name=value` or `-name value`. */
export function flagValue(argv: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    for (const n of names) {
      if (argv[i] === n) return argv[i + 1];
      if (argv[i].startsWith(`${n}=`)) return argv[i].slice(n.length + 1);
    }
  }
  return undefined;
}

/** A container's environment: literal values and the pod fields (fieldRef) the downward API gives. */
export function containerEnv(pod: KObject, c: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of c.env ?? []) {
    if (typeof e.value === 'string') out[e.name] = e.value;
    const path: string | undefined = e.valueFrom?.fieldRef?.fieldPath;
    if (path === 'metadata.name') out[e.name] = pod.metadata.name!;
    else if (path === 'metadata.namespace') out[e.name] = pod.metadata.namespace!;
    else if (path === 'status.podIP') out[e.name] = pod.status?.podIP ?? '';
    else if (path === 'spec.nodeName') out[e.name] = pod.spec?.nodeName ?? '';
  }
  return out;
}

/** Which server a container runs, and on which port. */
export function programOf(pod: KObject, c: any): Program | undefined {
  const image: string = c.image ?? '';
  const argv: string[] = [...(c.command ?? []), ...(c.args ?? [])];
  const env = containerEnv(pod, c);
  const firstPort = (c.ports ?? [])[0]?.containerPort as number | undefined;
  if (/(^|\/)agnhost(:|@|$)/.test(image) && argv.includes('netexec')) {
    return { kind: 'netexec', port: Number(flagValue(argv, '--http-port') ?? 8080), container: c };
  }
  if (/(^|\/)(echo-basic|echoserver)(:|@|$)/.test(image)) return { kind: 'echo-basic', port: Number(env.PORT ?? 3000), container: c };
  if (/(^|\/)http-echo(:|@|$)/.test(image)) {
    const listen = flagValue(argv, '-listen', '--listen') ?? ':5678';
    return { kind: 'http-echo', port: Number(listen.split(':').pop()), container: c };
  }
  if (/(^|\/)(llm-d-inference-sim|vllm-sim)(:|@|$)/.test(image)) return { kind: 'model-server', port: Number(flagValue(argv, '--port') ?? 8000), container: c };
  if (/(^|\/)nginx(-unprivileged)?(:|@|$)/.test(image)) return { kind: 'nginx', port: image.includes('unprivileged') ? 8080 : 80, container: c };
  const py = argv.findIndex(a => /(^|\/)python3?(\.\d+)?$/.test(a));
  const script = py >= 0 ? argv[argv.indexOf('-c', py) + 1] : undefined;
  if (script && script.includes(METRICS_STUB_MARKER)) {
    return { kind: 'metrics-stub', port: Number(env.PORT ?? firstPort ?? 8080), container: c };
  }
  return undefined;
}

function runningRestarts(pod: KObject, name: string): number | undefined {
  const s = (pod.status?.containerStatuses ?? []).find((x: any) => x.name === name);
  return s?.state?.running ? (s.restartCount ?? 0) : undefined;
}

/** The resolver for container programs; state (counters) is kept per container run. */
export function programServers(ctx: SimContext): PodServerResolver {
  const state = new Map<string, any>();
  return (pod, port) => {
    for (const c of pod.spec?.containers ?? []) {
      const p = programOf(pod, c);
      if (!p || p.port !== port) continue;
      const restarts = runningRestarts(pod, c.name);
      if (restarts === undefined) return undefined;
      const key = `${pod.metadata.uid}/${c.name}/${restarts}`;
      if (!state.has(key)) state.set(key, {});
      return serve(ctx, pod, p, state.get(key));
    }
    return undefined;
  };
}

function serve(ctx: SimContext, pod: KObject, p: Program, st: any): PodHandler {
  const env = containerEnv(pod, p.container);
  const name = pod.spec?.hostname ?? pod.metadata.name!;
  switch (p.kind) {
    case 'netexec':
      return req => netexec(ctx, name, req);
    case 'echo-basic':
      return req =>
        json(200, {
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
      return req => (req.path === '/health' ? json(200, { status: 'ok' }) : text(200, body));
    }
    case 'nginx':
      return req =>
        req.path === '/' || req.path === '/index.html'
          ? text(200, '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n', 'text/html')
          : text(404, '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n', 'text/html');
    case 'metrics-stub':
      return req => metricsStub(env.RUN_ID ?? env.CONFORMANCE_RUN ?? '', req, st);
    case 'model-server':
      return req => modelServer(ctx, p, req, st);
  }
}

function netexec(ctx: SimContext, hostname: string, req: HttpRequest): HttpResponse {
  switch (req.path) {
    case '/hostname':
    case '/hostName':
      return text(200, hostname);
    case '/healthz':
      return text(200, '');
    case '/clientip':
      return text(200, `${req.headers['x-forwarded-for']?.split(',')[0]?.trim() || '10.244.0.1'}:${40000 + (ctx.clock.now() % 20000)}`);
    case '/echo': {
      const code = req.query.get('code');
      return text(code && /^\d+$/.test(code) ? Number(code) : 200, req.query.get('msg') ?? '');
    }
    default: {
      const d = new Date(ctx.clock.now());
      const go = `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)}.${String(d.getUTCMilliseconds()).padStart(3, '0')}000000 +0000 UTC`;
      return text(200, `NOW: ${go}`);
    }
  }
}

/** Header names as Go canonicalises them (x-model-version → X-Model-Version), values as lists. */
function canonicalHeaders(h: Record<string, string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(h)) {
    if (k === 'host') continue;
    out[k.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase())] = [v];
  }
  return out;
}

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];
/** A request's simulated latency: the stub sleeps 10 ms. */
const INFER_SECONDS = 0.0102;

function metricsStub(run: string, req: HttpRequest, st: { count?: number }): HttpResponse {
  st.count ??= 0;
  if (req.path === '/healthz') return text(200, 'ok', 'text/plain');
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
    return text(200, `${lines.join('\n')}\n`, 'text/plain; version=0.0.4; charset=utf-8');
  }
  if (req.path.startsWith('/v1/infer')) {
    st.count += 1;
    return json(200, { output: 'ok' });
  }
  return text(404, 'not found', 'text/plain');
}

function modelServer(ctx: SimContext, p: Program, req: HttpRequest, st: { requests?: number }): HttpResponse {
  const argv = [...(p.container.command ?? []), ...(p.container.args ?? [])];
  const model = flagValue(argv, '--model') ?? 'sim-model';
  st.requests ??= 0;
  const created = Math.floor(ctx.clock.now() / 1000);
  if (req.path === '/health' || req.path === '/ready') return text(200, '');
  if (req.path === '/v1/models') return json(200, { object: 'list', data: [{ id: model, object: 'model', created, owned_by: 'vllm', root: model, parent: null }] });
  if (req.path === '/metrics') {
    return text(
      200,
      [
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
      ].join('\n') + '\n',
      'text/plain; version=0.0.4; charset=utf-8'
    );
  }
  const chat = req.path === '/v1/chat/completions';
  if (req.method === 'POST' && (chat || req.path === '/v1/completions')) {
    let body: any;
    try {
      body = JSON.parse(req.body.toString('utf8') || '{}');
    } catch {
      return json(400, { error: { message: 'invalid JSON body', type: 'BadRequestError', code: 400 } });
    }
    if (body.model && body.model !== model) {
      return json(404, { error: { message: `The model \`${body.model}\` does not exist.`, type: 'NotFoundError', param: 'model', code: 404 } });
    }
    st.requests += 1;
    const id = `${chat ? 'chatcmpl' : 'cmpl'}-${st.requests}`;
    const usage = { prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 };
    return json(
      200,
      chat
        ? { id, object: 'chat.completion', created, model, choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the simulator.' }, finish_reason: 'stop' }], usage }
        : { id, object: 'text_completion', created, model, choices: [{ index: 0, text: ' Hello from the simulator.', finish_reason: 'stop' }], usage }
    );
  }
  return text(404, '{"detail":"Not Found"}', 'application/json');
}
