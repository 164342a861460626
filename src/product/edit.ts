/**
 * Targeted edits of PRODUCT.yaml source text at node ranges, so every byte outside the edited
 * value stays as the vendor wrote it (yaml's Document.toString re-flows comments and spacing).
 */
import {
  isMap,
  isScalar,
  isSeq,
  parse,
  Scalar,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq
} from 'yaml';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies edits made against `text`; inserts at one offset keep the order they were made in. */
export function applyEdits(text: string, edits: Edit[]): string {
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.i - b.i);
  let out = '';
  let at = 0;
  for (const e of ordered) {
    if (e.start < at) throw new Error(`internal: overlapping PRODUCT.yaml edits at offset ${e.start}`);
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

export type QuoteStyle = 'double' | 'single' | 'plain';

/** The quoting of an existing scalar, so a new value is written the same way. */
export function styleOf(node: Node | null | undefined): QuoteStyle {
  if (isScalar(node)) {
    if (node.type === Scalar.QUOTE_SINGLE) return 'single';
    if (node.type === Scalar.PLAIN && node.value !== null) return 'plain';
  }
  return 'double';
}

/** `value` as a YAML scalar in `style`, falling back to double quotes when the style cannot hold it. */
export function quote(value: string, style: QuoteStyle, flow: boolean): string {
  if (style === 'plain' && isSafePlain(value, flow)) return value;
  if (style === 'single' && !/[\n\r]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  // JSON strings are valid YAML double-quoted scalars.
  return JSON.stringify(value);
}

function isSafePlain(value: string, flow: boolean): boolean {
  if (value === '' || value !== value.trim() || /[\n\r\t]/.test(value)) return false;
  try {
    const parsed = flow ? parse(`[${value}]`) : parse(`- ${value}`);
    return Array.isArray(parsed) && parsed.length === 1 && parsed[0] === value;
  } catch {
    return false;
  }
}

/** Replaces a written scalar value (not an empty one: see apply.ts afterColon). */
export function replaceScalar(text: string, node: Scalar, replacement: string): Edit {
  const [start, valueEnd] = node.range!;
  if (node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL) {
    // A block scalar's range ends after its last line break; keep one.
    return { start, end: valueEnd, text: `${replacement}${lineBreak(text)}` };
  }
  return { start, end: valueEnd, text: replacement };
}

/** Appends an item to a sequence: a new `- item` line for a block list, `, item` inside `[...]`. */
export function appendToSeq(text: string, seq: YAMLSeq, value: string): Edit {
  const items = seq.items as Node[];
  const last = items[items.length - 1] as Node | undefined;
  if (seq.flow) {
    const style = last ? styleOf(last) : 'double';
    const item = quote(value, style, true);
    if (!last) {
      const close = text.lastIndexOf(']', seq.range![1] - 1);
      return { start: close, end: close, text: item };
    }
    return { start: last.range![1], end: last.range![1], text: `, ${item}` };
  }
  if (!last) throw new Error('internal: an empty block sequence cannot occur');
  const lineStart = text.lastIndexOf('\n', last.range![0] - 1) + 1;
  const prefix = /^([ \t]*)-[ \t]+$/.exec(text.slice(lineStart, last.range![0]));
  if (!prefix) throw new Error('unsupported evidence layout: put each entry on its own "- " line');
  return insertLine(text, endOfContent(text, last), `${prefix[1]}- ${quote(value, styleOf(last), false)}`);
}

/**
 * Adds `key: value` to a requirement mapping, after the first of `after` that exists (template
 * order), else after the last pair.
 */
export function addPair(text: string, map: YAMLMap, key: string, value: string, after: string[]): Edit {
  const pairs = map.items as Pair<Node, Node | null>[];
  const keyName = (p: Pair<Node, Node | null>) => (isScalar(p.key) ? String(p.key.value) : '');
  const anchor = after.map(k => pairs.find(p => keyName(p) === k)).find(p => p) ?? pairs[pairs.length - 1];
  if (map.flow) {
    const close = text.lastIndexOf('}', map.range![1] - 1);
    return { start: close, end: close, text: `${pairs.length ? ', ' : ''}${key}: ${value}` };
  }
  const firstKey = pairs[0].key;
  const lineStart = text.lastIndexOf('\n', firstKey.range![0] - 1) + 1;
  const column = firstKey.range![0] - lineStart;
  const end = anchor.value && anchor.value.range ? endOfContent(text, anchor.value) : anchor.key.range![1];
  return insertLine(text, end, `${' '.repeat(column)}${key}: ${value}`);
}

/** Offset just past the last non-blank character of a node (block collections end on a newline). */
function endOfContent(text: string, node: Node): number {
  let end = node.range![1];
  if (isSeq(node) || isMap(node) || isScalar(node)) {
    while (end > node.range![0] && /[\s]/.test(text[end - 1])) end--;
  }
  return end;
}

/** Inserts a whole line after the line holding `offset` (its trailing comment stays on it). */
function insertLine(text: string, offset: number, line: string): Edit {
  const eol = lineBreak(text);
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return { start: text.length, end: text.length, text: `${eol}${line}` };
  return { start: nl + 1, end: nl + 1, text: `${line}${eol}` };
}

/** The file's own line break: CRLF files stay CRLF. */
function lineBreak(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
