/**
 * Commands the simulated shell runs against the cluster: `curl` and busybox `wget` (through the
 * cluster network: Service DNS names, cluster and load-balancer IPs, pod IPs), `uname` and the
 * /proc files that tell a container's kernel, `seq`, and the Ray CLI's `ray job submit` as a
 * KubeRay submitter runs it. Outputs, exit codes and error texts are the real tools' (curl 8.x,
 * busybox 1.36).
 */
import type { FetchResult } from '../net/network.js';

export interface ToolResult {
  out: string;
  err: string;
  code: number;
  /** Simulated time the command took. */
  ms: number;
}

export interface ToolContext {
  podName: string;
  env: Record<string, string>;
  startedAt: number;
  http?: (url: string, init: { method: string; headers: Record<string, string>; body: string }) => FetchResult;
  kernel?: { release: string; version: string; bootId: string };
}

const REQUEST_MS = 5;

const done = (out: string, code = 0, err = '', ms = 0): ToolResult => ({ out, err, code, ms });

/** `curl [-s] [-S] [-f] [-i] [-o FILE] [-w FORMAT] [-H H]... [-X M] [-d DATA] [-m SECS] URL`. */
export function curl(args: string[], ctx: ToolContext): ToolResult {
  let silent = false;
  let showErrors = false;
  let fail = false;
  let include = false;
  let output: string | undefined;
  let format = '';
  let method: string | undefined;
  let data: string | undefined;
  const headers: Record<string, string> = {};
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => args[++i] ?? '';
    if (/^-[a-zA-Z]+$/.test(a) && a.length > 2 && !['-H', '-X', '-d', '-o', '-w', '-m'].includes(a)) {
      // Bundled short flags, e.g. -sS, -sf, -fsSL.
      for (const f of a.slice(1)) {
        if (f === 's') silent = true;
        else if (f === 'S') showErrors = true;
        else if (f === 'f') fail = true;
        else if (f === 'i') include = true;
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
        if (c > 0) headers[h.slice(0, c).trim()] = h.slice(c + 1).trim();
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
        if (!a.startsWith('-')) url = a;
    }
  }
  const quietErr = silent && !showErrors;
  if (!url) return done('', 2, "curl: try 'curl --help' or 'curl --manual' for more information\n");
  if (!ctx.http) return done('', 6, quietErr ? '' : `curl: (6) Could not resolve host: ${hostOf(url)}\n`, REQUEST_MS);
  if (data !== undefined && !Object.keys(headers).some(h => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const r = ctx.http(withScheme(url), { method: method ?? (data !== undefined ? 'POST' : 'GET'), headers, body: data ?? '' });
  if (!r.ok) {
    const err =
      r.error === 'resolve'
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
export function wget(args: string[], ctx: ToolContext): ToolResult {
  let quiet = false;
  let toStdout = false;
  let url: string | undefined;
  const headers: Record<string, string> = {};
  let data: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-q') quiet = true;
    else if (a === '-O' || a === '--output-document') toStdout = args[++i] === '-';
    else if (a === '-qO-' || a === '-O-') {
      toStdout = true;
      quiet = quiet || a === '-qO-';
    } else if (a === '-qO') {
      quiet = true;
      toStdout = args[++i] === '-';
    } else if (a === '--header' || a.startsWith('--header=')) {
      const h = a.startsWith('--header=') ? a.slice(9) : (args[++i] ?? '');
      const c = h.indexOf(':');
      if (c > 0) headers[h.slice(0, c).trim()] = h.slice(c + 1).trim();
    } else if (a === '--post-data' || a.startsWith('--post-data=')) data = a.startsWith('--post-data=') ? a.slice(12) : args[++i];
    else if (a === '-T' || a === '-U' || a === '--timeout') i++;
    else if (!a.startsWith('-')) url = a;
  }
  if (!url) return done('', 1, 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR] [--post-data STR | --post-file FILE] URL...\n');
  const full = withScheme(url);
  if (!ctx.http) return done('', 1, `wget: bad address '${hostOf(url)}'\n`, REQUEST_MS);
  const r = ctx.http(full, { method: data !== undefined ? 'POST' : 'GET', headers, body: data ?? '' });
  if (!r.ok) {
    return done('', 1, r.error === 'resolve' ? `wget: bad address '${r.host}'\n` : `wget: can't connect to remote host (${r.host}): Connection refused\n`, REQUEST_MS);
  }
  const status = r.response.status;
  const progress = quiet ? '' : `Connecting to ${hostOf(url)}\n`;
  if (status >= 400) return done('', 1, `${progress}wget: server returned error: HTTP/1.1 ${status} ${reason(status)}\n`, REQUEST_MS);
  const body = r.response.body.toString();
  return done(toStdout ? body : '', 0, progress + (toStdout || quiet ? '' : "saving to 'index.html'\n"), REQUEST_MS);
}

function withScheme(url: string): string {
  return /^[a-z]+:\/\//i.test(url) ? url : `http://${url}`;
}

function hostOf(url: string): string {
  return withScheme(url).replace(/^[a-z]+:\/\//i, '').split(/[/:?#]/)[0];
}

function writeOut(format: string, status: number): string {
  return format.replace(/%\{http_code\}|%\{response_code\}/g, String(status).padStart(3, '0')).replace(/\\n/g, '\n').replace(/\\t/g, '\t');
}

function reason(status: number): string {
  return (
    { 200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' } as Record<number, string>
  )[status] ?? '';
}

/** `uname [-a|-r|-s|-n|-m|-v]` on the kernel the container sees. */
export function uname(args: string[], ctx: ToolContext): ToolResult {
  const k = ctx.kernel ?? { release: '6.8.0-60-generic', version: 'Linux version 6.8.0-60-generic #1 SMP PREEMPT_DYNAMIC', bootId: '' };
  const build = k.version.replace(/^Linux version \S+\s*(\([^)]*\)\s*)*(\([^)]*\)\s*)?/, '').trim() || '#1 SMP';
  const parts: Record<string, string> = { s: 'Linux', n: ctx.podName, r: k.release, v: build, m: 'x86_64' };
  const flags = args.filter(a => a.startsWith('-')).flatMap(a => a.slice(1).split(''));
  if (flags.includes('a')) return done(`Linux ${ctx.podName} ${k.release} ${build} x86_64 GNU/Linux\n`);
  const want = flags.length ? flags.filter(f => parts[f] !== undefined) : ['s'];
  return done(`${want.map(f => parts[f]).join(' ')}\n`);
}

/** The /proc files a shell script may read for kernel identity; undefined for any other path. */
export function procFile(path: string, ctx: ToolContext): string | undefined {
  const k = ctx.kernel;
  if (!k) return undefined;
  if (path === '/proc/version') return `${k.version}\n`;
  if (path === '/proc/sys/kernel/osrelease') return `${k.release}\n`;
  if (path === '/proc/sys/kernel/random/boot_id') return `${k.bootId}\n`;
  return undefined;
}

/** `seq [FIRST [INCREMENT]] LAST`. */
export function seq(args: string[]): ToolResult {
  const n = args.map(Number);
  if (!n.length || n.some(x => !Number.isFinite(x))) return done('', 1, `seq: invalid argument\n`);
  const [first, step, last] = n.length === 1 ? [1, 1, n[0]] : n.length === 2 ? [n[0], 1, n[1]] : [n[0], n[1], n[2]];
  const out: number[] = [];
  for (let x = first; step > 0 ? x <= last : x >= last; x += step) {
    out.push(x);
    if (out.length > 100_000) break;
  }
  return done(out.map(x => `${x}\n`).join(''));
}

/**
 * `ray job submit [--address A] [--submission-id ID] ... -- ENTRYPOINT`: submits to the Ray
 * dashboard and tails the job to its end, printing what the Ray CLI prints. The job fails when
 * its entrypoint exits non-zero (`exit N`, `sys.exit(N)`) or raises.
 */
export function rayCli(args: string[], ctx: ToolContext): ToolResult {
  if (args[0] !== 'job' || args[1] !== 'submit') return done('', 2, `Usage: ray [OPTIONS] COMMAND [ARGS]...\nTry 'ray --help' for help.\n`);
  const sep = args.indexOf('--');
  const opts = sep < 0 ? args.slice(2) : args.slice(2, sep);
  const entry = sep < 0 ? '' : args.slice(sep + 1).join(' ');
  const opt = (n: string): string | undefined => {
    const i = opts.findIndex(a => a === n || a.startsWith(`${n}=`));
    return i < 0 ? undefined : opts[i].includes('=') ? opts[i].slice(n.length + 1) : opts[i + 1];
  };
  const address = opt('--address') ?? ctx.env.RAY_DASHBOARD_ADDRESS ?? 'http://127.0.0.1:8265';
  const id = opt('--submission-id') ?? `raysubmit_${ctx.podName.slice(-12)}`;
  const failed = /sys\.exit\(\s*[1-9]|exit\s+[1-9]|\braise\b/.test(entry);
  const t = (ms: number): string => {
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
