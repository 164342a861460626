/**
 * Values in stage steps may hold `{{ ... }}` placeholders: `{{ now }}`, a field path of the object
 * (`{{ .metadata.name }}`), or a named function with arguments (`{{ ipFor .metadata.name }}`).
 * A string that is exactly one placeholder takes the value's own type (a number stays a number).
 */
import { getPath, parsePath } from './path.js';

export type TemplateFunction = (...args: unknown[]) => unknown;

export interface TemplateContext {
  object: unknown;
  now: string;
  functions: Record<string, TemplateFunction>;
}

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

/** Throws when a placeholder names an unknown function or a malformed path (checked at load). */
export function checkTemplate(value: unknown, functions: readonly string[], where: string): void {
  walkStrings(value, s => {
    for (const m of s.matchAll(PLACEHOLDER)) {
      const [head, ...args] = m[1].split(/\s+/);
      if (head === 'now') continue;
      for (const a of head.startsWith('.') ? [head] : args) if (a.startsWith('.')) parsePath(a);
      if (!head.startsWith('.') && !functions.includes(head)) {
        throw new Error(`${where}: unknown template function "${head}" (known: now, ${functions.join(', ')})`);
      }
    }
  });
}

export function render(value: unknown, ctx: TemplateContext): unknown {
  if (typeof value === 'string') return renderString(value, ctx);
  if (Array.isArray(value)) return value.map(v => render(v, ctx));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = render(v, ctx);
    return out;
  }
  return value;
}

function renderString(s: string, ctx: TemplateContext): unknown {
  const whole = /^\{\{\s*([^}]*?)\s*\}\}$/.exec(s);
  if (whole) return evaluate(whole[1], ctx);
  return s.replace(PLACEHOLDER, (_m, expr: string) => {
    const v = evaluate(expr, ctx);
    return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

function evaluate(expr: string, ctx: TemplateContext): unknown {
  const [head, ...rest] = expr.split(/\s+/);
  if (head === 'now') return ctx.now;
  const arg = (a: string): unknown => (a.startsWith('.') ? getPath(ctx.object, parsePath(a)) : a.replace(/^"(.*)"$/, '$1'));
  if (head.startsWith('.')) return arg(head);
  const fn = ctx.functions[head];
  if (!fn) throw new Error(`unknown template function "${head}"`);
  return fn(...rest.map(arg));
}

function walkStrings(value: unknown, fn: (s: string) => void): void {
  if (typeof value === 'string') fn(value);
  else if (Array.isArray(value)) value.forEach(v => walkStrings(v, fn));
  else if (value && typeof value === 'object') Object.values(value).forEach(v => walkStrings(v, fn));
}
