/**
 * Simulated container programs. A container's command runs against what its runtime gives it
 * (visible GPUs, env): the exit code, the log and how long it runs follow from the command.
 * Shell scripts (`sh -c "..."`) are interpreted for a small, common subset: `;`, `&&`, `||`,
 * pipes, `exit`, `echo`, `sleep`, `nvidia-smi`, `ls`, `grep`, `wc -l`, `head`, `env`, variable
 * assignments, `$(...)` substitution and `for NAME in WORDS; do ...; done` loops; `curl`, `wget`,
 * `uname`, `seq`, `ray job submit` and the /proc kernel files come from net-tools.ts. A command it
 * does not know runs until the container is stopped, like a server would.
 */
import type { GpuDevice } from './hardware.js';
import { curl, procFile, rayCli, seq, uname, wget, type ToolContext, type ToolResult } from './net-tools.js';

export interface ProgramContext {
  image: string;
  env: Record<string, string>;
  /** GPUs the runtime made visible to this container, in the container's own order. */
  gpus: GpuDevice[];
  podName: string;
  namespace: string;
  nodeName: string;
  /** Milliseconds since the epoch when the container starts (for `date`). */
  startedAt: number;
  /** The cluster network as this container reaches it (curl, wget); absent: no name resolves. */
  http?: ToolContext['http'];
  /** The kernel the container sees: the node's, or a sandbox runtime's guest kernel. */
  kernel?: ToolContext['kernel'];
}

export interface LogLine {
  /** Milliseconds after the container started. */
  atMs: number;
  text: string;
}

export interface ProgramRun {
  exitCode: number;
  /** Milliseconds until it exits; null when it runs until stopped. */
  runMs: number | null;
  log: LogLine[];
  /** Set when the runtime could not start the process at all (reason StartError, exit 128). */
  startError?: string;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
/** Images whose default command is an interactive shell, which exits at once without a TTY. */
const SHELL_IMAGES = /(^|\/)(busybox|alpine|ubuntu|debian|fedora|centos|rockylinux|amazonlinux|python)(:|@|$)/;

export function runContainer(command: string[] | undefined, args: string[] | undefined, ctx: ProgramContext): ProgramRun {
  const argv = [...(command ?? []), ...(args ?? [])];
  if (!argv.length) {
    return SHELL_IMAGES.test(ctx.image) ? { exitCode: 0, runMs: 0, log: [] } : { exitCode: 0, runMs: null, log: [] };
  }
  const exe = basename(argv[0]);
  if (SHELLS.has(exe)) {
    const ci = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
    if (ci > 0 && argv[ci + 1] !== undefined) return new Shell(ctx, `${exe}: `).runScript(argv[ci + 1]);
    if (argv.length === 1) return { exitCode: 0, runMs: 0, log: [] };
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

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

type Token = { op: string } | { word: string };

/** Splits a script into words and operators, honouring quotes; drops redirections. */
function tokenize(script: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let word: string | null = null;
  const flush = (): void => {
    if (word !== null) out.push({ word });
    word = null;
  };
  while (i < script.length) {
    const c = script[i];
    if (c === '$' && script[i + 1] === '(') {
      // Command substitution stays one word; it is run when the word is expanded.
      let depth = 0;
      let j = i + 1;
      for (; j < script.length; j++) {
        if (script[j] === '(') depth++;
        else if (script[j] === ')' && --depth === 0) break;
      }
      word = (word ?? '') + script.slice(i, j + 1);
      i = j + 1;
    } else if (c === '\\' && i + 1 < script.length) {
      word = (word ?? '') + script[i + 1];
      i += 2;
    } else if (c === "'") {
      const end = script.indexOf("'", i + 1);
      word = (word ?? '') + script.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? script.length : end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < script.length && script[j] !== '"') {
        if (script[j] === '\\' && j + 1 < script.length && '"\\$`'.includes(script[j + 1])) {
          s += script[j + 1];
          j += 2;
        } else s += script[j++];
      }
      word = (word ?? '') + s;
      i = j + 1;
    } else if (c === '#' && word === null) {
      while (i < script.length && script[i] !== '\n') i++;
    } else if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === '\n' || c === ';') {
      flush();
      out.push({ op: ';' });
      i++;
    } else if (script.startsWith('&&', i) || script.startsWith('||', i)) {
      flush();
      out.push({ op: script.slice(i, i + 2) });
      i += 2;
    } else if (c === '|') {
      flush();
      out.push({ op: '|' });
      i++;
    } else if (c === '>' || (c === '2' && script[i + 1] === '>' && word === null) || (c === '&' && script[i + 1] === '>')) {
      // Redirections: skip the operator and its target; output still reaches the log.
      flush();
      i += c === '>' ? 1 : 2;
      if (script[i] === '>') i++;
      if (script[i] === '&') {
        i++;
        while (i < script.length && /\d/.test(script[i])) i++;
        continue;
      }
      while (script[i] === ' ') i++;
      while (i < script.length && !/[\s;&|]/.test(script[i])) i++;
    } else if (c === '&') {
      flush();
      out.push({ op: ';' });
      i++;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  flush();
  return out;
}

class Forever extends Error {}
class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

interface Result {
  out: string;
  err: string;
  code: number;
}

const DEV_BASE = ['core', 'fd', 'full', 'mqueue', 'null', 'ptmx', 'pts', 'random', 'shm', 'stderr', 'stdin', 'stdout', 'termination-log', 'tty', 'urandom', 'zero'];

class Shell {
  private elapsed = 0;
  private readonly log: LogLine[] = [];
  private last = 0;
  /** Shell variables set by assignments and for loops (over the container's environment). */
  private readonly vars: Record<string, string> = {};
  /** Where standard output goes while a `$(...)` substitution runs. */
  private sink?: string[];

  constructor(
    private readonly ctx: ProgramContext,
    /** How errors are prefixed ("sh: " inside a shell). */
    private readonly prefix: string
  ) {}

  runScript(script: string): ProgramRun {
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

  runArgv(argv: string[]): ProgramRun {
    return this.finish(() => {
      this.last = this.pipeline([argv]);
    });
  }

  knows(cmd: string): boolean {
    return this.command(basename(cmd)) !== undefined;
  }

  /** A binary the container image does not have (only nvidia-smi without GPUs is modelled). */
  missing(cmd: string): boolean {
    return basename(cmd) === 'nvidia-smi' && !this.ctx.gpus.length;
  }

  private finish(body: () => void): ProgramRun {
    try {
      body();
      return { exitCode: this.last, runMs: this.elapsed, log: this.log };
    } catch (e) {
      if (e instanceof Exit) return { exitCode: e.code, runMs: this.elapsed, log: this.log };
      if (e instanceof Forever) return { exitCode: 0, runMs: null, log: this.log };
      throw e;
    }
  }

  private emit(text: string): void {
    if (text) this.log.push({ atMs: this.elapsed, text });
  }

  private exec(tokens: Token[]): void {
    // Statements separated by ';', each a chain of pipelines joined by && / ||.
    let pipeline: string[][] = [[]];
    let connector = ';';
    const run = (): void => {
      const words = pipeline.filter(p => p.length);
      if (!words.length) return;
      if (connector === '&&' && this.last !== 0) return;
      if (connector === '||' && this.last === 0) return;
      this.last = this.pipeline(pipeline);
    };
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if ('word' in t && t.word === 'for' && pipeline.length === 1 && !pipeline[0].length) {
        i = this.forLoop(tokens, i);
        continue;
      }
      if ('word' in t) pipeline[pipeline.length - 1].push(t.word);
      else if (t.op === '|') pipeline.push([]);
      else {
        run();
        connector = t.op;
        pipeline = [[]];
      }
    }
    run();
  }

  /** `for NAME in WORDS; do BODY; done` starting at tokens[i]; returns the index of `done`. */
  private forLoop(tokens: Token[], i: number): number {
    const word = (k: number): string | undefined => {
      const t = tokens[k];
      return t && 'word' in t ? t.word : undefined;
    };
    const name = word(i + 1) ?? '';
    let k = i + 2;
    const items: string[] = [];
    if (word(k) === 'in') for (k++; k < tokens.length && word(k) !== undefined && word(k) !== 'do'; k++) items.push(...this.expand(word(k)!).split(/\s+/).filter(Boolean));
    while (k < tokens.length && word(k) !== 'do') k++;
    let depth = 1;
    let end = k + 1;
    for (; end < tokens.length; end++) {
      if (word(end) === 'do') depth++;
      else if (word(end) === 'done' && --depth === 0) break;
    }
    const body = tokens.slice(k + 1, end);
    for (const item of items) {
      this.vars[name] = item;
      this.exec(body);
    }
    return end;
  }

  private pipeline(commands: string[][]): number {
    let input = '';
    let code = 0;
    for (let i = 0; i < commands.length; i++) {
      const r = this.simple(commands[i].map(w => this.expand(w)), input);
      input = r.out;
      code = r.code;
      if (r.err) this.emit(r.err);
      if (i === commands.length - 1) {
        if (this.sink) this.sink.push(r.out);
        else this.emit(r.out);
      }
    }
    return code;
  }

  private expand(w: string): string {
    const withOutput = w.includes('$(') ? this.substitute(w) : w;
    return withOutput.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*|\?)\}?/g, (_m, name: string) =>
      name === '?' ? String(this.last) : (this.vars[name] ?? this.ctx.env[name] ?? '')
    );
  }

  /** Replaces each `$(...)` in a word by what the command prints (trailing newlines removed). */
  private substitute(w: string): string {
    let out = '';
    let i = 0;
    while (i < w.length) {
      const start = w.indexOf('$(', i);
      if (start < 0) break;
      let depth = 0;
      let end = start + 1;
      for (; end < w.length; end++) {
        if (w[end] === '(') depth++;
        else if (w[end] === ')' && --depth === 0) break;
      }
      out += w.slice(i, start);
      const saved = this.sink;
      this.sink = [];
      try {
        this.exec(tokenize(w.slice(start + 2, end)));
      } catch (e) {
        if (!(e instanceof Forever) && !(e instanceof Exit)) throw e;
      }
      out += this.sink.join('').replace(/\n+$/, '');
      this.sink = saved;
      i = end + 1;
    }
    return out + w.slice(i);
  }

  /** A command of net-tools.ts, its time added to the container's clock. */
  private tool(r: ToolResult): Result {
    this.elapsed += r.ms;
    return { out: r.out, err: r.err, code: r.code };
  }

  private simple(argv: string[], stdin: string): Result {
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(argv[0] ?? '');
    if (assignment) {
      this.vars[assignment[1]] = assignment[2];
      if (argv.length === 1) return { out: '', err: '', code: 0 };
      return this.simple(argv.slice(1), stdin);
    }
    const [cmd, ...rest] = argv;
    const fn = this.command(basename(cmd));
    if (!fn) {
      if (this.missing(cmd)) return { out: '', err: `${this.prefix || 'sh: '}${cmd}: not found\n`, code: 127 };
      throw new Forever();
    }
    return fn(rest, stdin);
  }

  private command(name: string): ((args: string[], stdin: string) => Result) | undefined {
    const ok = (out: string): Result => ({ out, err: '', code: 0 });
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
          if (ms === null) throw new Forever();
          this.elapsed += ms;
          return ok('');
        };
      case 'hostname':
        return () => ok(`${this.ctx.podName}\n`);
      case 'date':
        return () => ok(`${new Date(this.ctx.startedAt + this.elapsed).toUTCString()}\n`);
      case 'env':
      case 'printenv':
        return a =>
          a.length
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
          if (!a.length) return ok(stdin);
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
          if (a.includes('-c') && /device_count\(\)/.test(code)) return ok(`${this.ctx.gpus.length}\n`);
          if (a.includes('-c') && /^\s*print\((["'])(.*)\1\)\s*$/.test(code)) return ok(`${/^\s*print\((["'])(.*)\1\)\s*$/.exec(code)![2]}\n`);
          throw new Forever();
        };
      default:
        return undefined;
    }
  }

  private ls(args: string[]): Result {
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
      } else out += hits.map(h => `${h}\n`).join('');
    }
    return { out, err, code };
  }
}

function parseSleep(v: string | undefined): number | null {
  if (!v || v === 'infinity' || v === 'inf') return null;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(v);
  if (!m) return 0;
  return Math.round(Number(m[1]) * { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's']);
}

function globToRegExp(glob: string): RegExp {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`${re}$`);
}

/** The device nodes a container with these GPUs sees. */
export function nvidiaDevices(gpus: GpuDevice[]): string[] {
  if (!gpus.length) return [];
  return ['/dev/nvidia-uvm', '/dev/nvidia-uvm-tools', ...gpus.map(g => `/dev/nvidia${g.minor}`), '/dev/nvidiactl'];
}

function grep(args: string[], stdin: string): Result {
  const flags = args.filter(a => a.startsWith('-')).join('');
  const pattern = args.find(a => !a.startsWith('-')) ?? '';
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags.includes('i') ? 'i' : '');
  } catch {
    re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
  const lines = stdin.split('\n').filter(Boolean);
  const hits = lines.filter(l => (flags.includes('v') ? !re.test(l) : re.test(l)));
  const code = hits.length ? 0 : 1;
  if (flags.includes('q')) return { out: '', err: '', code };
  if (flags.includes('c')) return { out: `${hits.length}\n`, err: '', code };
  return { out: hits.map(l => `${l}\n`).join(''), err: '', code };
}

function vectorAdd(ctx: ProgramContext): Result {
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

const QUERY_FIELDS: Record<string, (g: GpuDevice, i: number) => string> = {
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

function nvidiaSmi(args: string[], ctx: ProgramContext): Result {
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
      if (g.migInstance) out += `  MIG ${g.migInstance.profile.padEnd(10)} Device ${String(mig++).padStart(2)}: (UUID: ${g.migInstance.uuid})\n`;
    }
    return { out, err: '', code: 0 };
  }
  const q = args.find(a => a.startsWith('--query-gpu='));
  if (q) {
    const fields = q.slice('--query-gpu='.length).split(',').map(f => f.trim());
    const unknown = fields.find(f => !QUERY_FIELDS[f]);
    if (unknown) return { out: '', err: `Field "${unknown}" is not a valid field to query.\n`, code: 2 };
    const fmt = args.find(a => a.startsWith('--format=')) ?? '';
    const header = fmt.includes('noheader') ? '' : `${fields.join(', ')}\n`;
    return { out: header + gpus.map((g, i) => `${fields.map(f => QUERY_FIELDS[f](g, i)).join(', ')}\n`).join(''), err: '', code: 0 };
  }
  const m = gpus[0].model;
  const when = new Date(ctx.startedAt).toUTCString();
  const rows = gpus
    .map(
      (g, i) =>
        `|   ${i}  ${g.model.product.padEnd(24).slice(0, 24)}  On  |   ${g.pciBusId.slice(4)} Off |                    0 |\n` +
        `|  0%   34C    P8     ${String(Math.round(g.model.powerLimitW / 8)).padStart(3)}W / ${String(g.model.powerLimitW).padStart(3)}W |      0MiB / ${String(g.model.memoryMiB).padStart(5)}MiB |      0%      Default |\n`
    )
    .join('+-----------------------------------------+------------------------+----------------------+\n');
  const out =
    `${when}\n` +
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
