/**
 * The part of CEL that DRA device selectors use: `device.driver`, `device.attributes["domain"].name`,
 * `device.capacity["domain"].name.compareTo(quantity("10Gi"))`, comparisons, `&&`, `||`, `!`,
 * string methods (startsWith, endsWith, contains, matches). Anything else is reported as
 * unsupported rather than guessed.
 */
import { milli } from './quantity.js';

export class CelError extends Error {}

type Tok = { t: 'id' | 'str' | 'num' | 'op'; v: string };

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) i++;
    else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < src.length && /[A-Za-z0-9_]/.test(src[j])) j++;
      out.push({ t: 'id', v: src.slice(i, j) });
      i = j;
    } else if (/\d/.test(c)) {
      let j = i;
      while (j < src.length && /[\d.]/.test(src[j])) j++;
      out.push({ t: 'num', v: src.slice(i, j) });
      i = j;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') j++;
        s += src[j++];
      }
      if (j >= src.length) throw new CelError('unterminated string');
      out.push({ t: 'str', v: s });
      i = j + 1;
    } else {
      const two = src.slice(i, i + 2);
      if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
        out.push({ t: 'op', v: two });
        i += 2;
      } else if ('<>!()[].,'.includes(c)) {
        out.push({ t: 'op', v: c });
        i++;
      } else throw new CelError(`unexpected character ${JSON.stringify(c)}`);
    }
  }
  return out;
}

interface Quantity {
  q: number;
}

function isQ(v: unknown): v is Quantity {
  return typeof v === 'object' && v !== null && 'q' in v;
}

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly vars: Record<string, unknown>
  ) {}

  parse(): unknown {
    const v = this.or();
    if (this.i < this.toks.length) throw new CelError(`unexpected ${this.toks[this.i].v}`);
    return v;
  }

  private peek(v?: string): boolean {
    const t = this.toks[this.i];
    return Boolean(t && (v === undefined || (t.t === 'op' && t.v === v)));
  }

  private take(v: string): void {
    if (!this.peek(v)) throw new CelError(`expected ${v}`);
    this.i++;
  }

  private or(): unknown {
    let v = this.and();
    while (this.peek('||')) {
      this.i++;
      const r = this.and();
      v = Boolean(v) || Boolean(r);
    }
    return v;
  }

  private and(): unknown {
    let v = this.unary();
    while (this.peek('&&')) {
      this.i++;
      const r = this.unary();
      v = Boolean(v) && Boolean(r);
    }
    return v;
  }

  private unary(): unknown {
    if (this.peek('!')) {
      this.i++;
      return !this.unary();
    }
    return this.cmp();
  }

  private cmp(): unknown {
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
          return (a as number) < (b as number);
        case '<=':
          return (a as number) <= (b as number);
        case '>':
          return (a as number) > (b as number);
        default:
          return (a as number) >= (b as number);
      }
    }
    return l;
  }

  private args(): unknown[] {
    this.take('(');
    const out: unknown[] = [];
    while (!this.peek(')')) {
      out.push(this.or());
      if (this.peek(',')) this.i++;
    }
    this.take(')');
    return out;
  }

  private postfix(): unknown {
    let v = this.primary();
    for (;;) {
      if (this.peek('.')) {
        this.i++;
        const id = this.toks[this.i++];
        if (!id || id.t !== 'id') throw new CelError('expected a field name after "."');
        if (this.peek('(')) v = method(v, id.v, this.args());
        else v = field(v, id.v);
      } else if (this.peek('[')) {
        this.i++;
        const k = this.or();
        this.take(']');
        v = field(v, String(k));
      } else return v;
    }
  }

  private primary(): unknown {
    const t = this.toks[this.i++];
    if (!t) throw new CelError('unexpected end of expression');
    if (t.t === 'str') return t.v;
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'op' && t.v === '(') {
      const v = this.or();
      this.take(')');
      return v;
    }
    if (t.t === 'id') {
      if (t.v === 'true') return true;
      if (t.v === 'false') return false;
      if (this.peek('(')) {
        const a = this.args();
        if (t.v === 'quantity') return { q: milli(String(a[0])) };
        throw new CelError(`unsupported function ${t.v}()`);
      }
      if (!(t.v in this.vars)) throw new CelError(`undeclared reference to '${t.v}'`);
      return this.vars[t.v];
    }
    throw new CelError(`unexpected ${t.v}`);
  }
}

function field(v: unknown, k: string): unknown {
  if (v === null || typeof v !== 'object' || !(k in (v as object))) throw new CelError(`no such key: ${k}`);
  return (v as Record<string, unknown>)[k];
}

function method(v: unknown, name: string, args: unknown[]): unknown {
  if (isQ(v) && name === 'compareTo' && isQ(args[0])) return Math.sign(v.q - args[0].q);
  if (isQ(v) && name === 'isGreaterThan' && isQ(args[0])) return v.q > args[0].q;
  if (isQ(v) && name === 'isLessThan' && isQ(args[0])) return v.q < args[0].q;
  if (typeof v === 'string') {
    const a = String(args[0]);
    if (name === 'startsWith') return v.startsWith(a);
    if (name === 'endsWith') return v.endsWith(a);
    if (name === 'contains') return v.includes(a);
    if (name === 'matches') return new RegExp(a).test(v);
  }
  throw new CelError(`unsupported method ${name}()`);
}

/** The CEL view of a ResourceSlice device (v1 or v1beta1 shape). */
export function celDevice(driver: string, device: any): Record<string, unknown> {
  const body = device.basic ?? device;
  const attributes: Record<string, Record<string, unknown>> = {};
  const capacity: Record<string, Record<string, unknown>> = {};
  const split = (k: string): [string, string] => {
    const i = k.lastIndexOf('/');
    return i < 0 ? [driver, k] : [k.slice(0, i), k.slice(i + 1)];
  };
  for (const [k, a] of Object.entries<any>(body.attributes ?? {})) {
    const [d, n] = split(k);
    (attributes[d] ??= {})[n] = a.string ?? a.int ?? a.bool ?? a.version;
  }
  for (const [k, c] of Object.entries<any>(body.capacity ?? {})) {
    const [d, n] = split(k);
    (capacity[d] ??= {})[n] = { q: milli(String(c.value ?? c)) };
  }
  return { driver, attributes, capacity };
}

/** Evaluates a selector expression for a device; throws CelError for what it cannot evaluate. */
export function evalSelector(expression: string, device: Record<string, unknown>): boolean {
  return Boolean(new Parser(lex(expression), { device }).parse());
}
