/**
 * Reads PRODUCT.yaml into a `ProductDocument`: the exact source text (edits are made on it, byte
 * for byte), the parsed YAML nodes and the typed `Product`. Shapes that cannot be a CNCF checklist
 * (spec a string, evidence a number, ...) are rejected here with the file, line and YAML path.
 */
import { readFile } from 'node:fs/promises';
import {
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap
} from 'yaml';
import { CATEGORIES, type Category } from '../types.js';
import { ProductError } from './errors.js';
import {
  METADATA_FIELDS,
  snakeCase,
  type MetadataEntry,
  type Product,
  type ProductCategory,
  type ProductRequirement,
  type SourceValue
} from './model.js';

export interface ProductDocument {
  /** The name used in messages: the path as the user gave it. */
  file: string;
  text: string;
  product: Product;
  /** @internal the parsed YAML, for edits */
  yaml: Document.Parsed;
  /** @internal the mapping of each requirement, by its path */
  requirementNodes: Map<string, YAMLMap>;
  lineOf(offset: number): number;
}

/** Reads and parses a PRODUCT.yaml; `name` is how messages refer to it (default: the path). */
export async function loadProduct(path: string, name = path): Promise<ProductDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ProductError(name, '', `cannot read the file: ${describeFsError(err)}`);
  }
  return parseProduct(text, name);
}

export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file (ENOENT)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${e.code})`;
    case 'EISDIR':
      return 'it is a directory, expected a file (EISDIR)';
    default:
      return e?.message ?? String(err);
  }
}

/** Parses PRODUCT.yaml text; throws ProductError for invalid YAML or a shape that is not a checklist. */
export function parseProduct(text: string, file: string): ProductDocument {
  const lineCounter = new LineCounter();
  const yaml = parseDocument(text, { lineCounter, keepSourceTokens: true, prettyErrors: false });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const firstError = yaml.errors[0];
  if (firstError) {
    const { line, col } = lineCounter.linePos(firstError.pos[0]);
    const reason =
      firstError.code === 'MULTIPLE_DOCS'
        ? 'more than one YAML document: a PRODUCT.yaml holds exactly one'
        : firstError.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ProductError(file, '', `invalid YAML: ${reason}`, line, col);
  }
  const reader = new Reader(file, yaml, lineCounter);
  const requirementNodes = new Map<string, YAMLMap>();
  const product = reader.product(requirementNodes);
  return { file, text, product, yaml, requirementNodes, lineOf };
}

const REQUIREMENT_SCALARS = ['id', 'description', 'level', 'status', 'notes'] as const;

class Reader {
  constructor(
    private readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter
  ) {}

  product(requirementNodes: Map<string, YAMLMap>): Product {
    const root = this.resolve(this.doc.contents);
    if (!isMap(root)) {
      throw this.error(root, '', `expected a mapping with metadata and spec, found ${describe(root)}`);
    }
    const product: Product = {
      metadataLine: null,
      metadata: {},
      specLine: null,
      categories: [],
      requirements: []
    };

    const metadataPair = findPair(root, 'metadata');
    if (metadataPair) {
      product.metadataLine = this.line(metadataPair.key as Node);
      const metadata = this.resolve(metadataPair.value as Node | null);
      if (metadata !== null && !isNullScalar(metadata)) {
        if (!isMap(metadata))
          throw this.error(metadata, 'metadata', `expected a mapping, found ${describe(metadata)}`);
        for (const name of METADATA_FIELDS) {
          const entry = this.metadataEntry(metadata, name);
          if (entry) product.metadata[name] = entry;
        }
      }
    }

    const specPair = findPair(root, 'spec');
    if (specPair) {
      product.specLine = this.line(specPair.key as Node);
      const spec = this.resolve(specPair.value as Node | null);
      if (spec !== null && !isNullScalar(spec)) {
        if (!isMap(spec))
          throw this.error(spec, 'spec', `expected a mapping of categories, found ${describe(spec)}`);
        for (const category of CATEGORIES) {
          const pair = findPair(spec, category);
          if (!pair) continue;
          const path = `spec.${category}`;
          const entry: ProductCategory = { category, path, line: this.line(pair.key as Node) };
          product.categories.push(entry);
          const list = this.resolve(pair.value as Node | null);
          if (list === null || isNullScalar(list)) continue;
          if (!isSeq(list))
            throw this.error(list, path, `expected a list of requirements, found ${describe(list)}`);
          list.items.forEach((item, index) => {
            const req = this.requirement(category, index, item as Node);
            requirementNodes.set(req.path, this.resolve(item as Node) as YAMLMap);
            product.requirements.push(req);
          });
        }
      }
    }
    return product;
  }

  private metadataEntry(metadata: YAMLMap, name: string): MetadataEntry | undefined {
    for (const key of [name, snakeCase(name)]) {
      const pair = findPair(metadata, key);
      if (!pair) continue;
      const value = this.scalar(pair, `metadata.${key}`, 'a string');
      return { key, ...value };
    }
    return undefined;
  }

  private requirement(category: Category, index: number, raw: Node): ProductRequirement {
    const path = `spec.${category}[${index}]`;
    const node = this.resolve(raw);
    if (!isMap(node))
      throw this.error(
        node,
        path,
        `expected a requirement mapping (id, level, status, ...), found ${describe(node)}`
      );
    const req: ProductRequirement = {
      category,
      index,
      path,
      line: this.line(node),
      id: '',
      evidence: [],
      evidenceForm: 'none',
      lines: {}
    };
    for (const field of REQUIREMENT_SCALARS) {
      const pair = findPair(node, field);
      if (!pair) continue;
      const { value, line } = this.scalar(pair, `${path}.${field}`, 'a string');
      req.lines[field] = line;
      if (field === 'id') req.id = value ?? '';
      else req[field] = value;
    }
    if (!req.id) {
      const at = findPair(node, 'id');
      throw this.error(
        at ? (at.value as Node) : node,
        `${path}.id`,
        'missing: every requirement needs the id of its checklist item'
      );
    }
    const evidencePair = findPair(node, 'evidence');
    if (evidencePair) {
      const evidencePath = `${path}.evidence`;
      req.lines.evidence = this.line(evidencePair.key as Node);
      const value = this.resolve(evidencePair.value as Node | null);
      if (value === null || isNullScalar(value)) {
        req.evidenceForm = 'list';
      } else if (isSeq(value)) {
        req.evidenceForm = 'list';
        value.items.forEach((item, i) => {
          const entry = this.resolve(item as Node);
          if (isNullScalar(entry)) return void req.evidence.push('');
          if (!isScalar(entry) || typeof entry.value !== 'string') {
            throw this.error(
              entry,
              `${evidencePath}[${i}]`,
              `expected a URL or file name (a string), found ${describe(entry)}`
            );
          }
          req.evidence.push(sourceText(entry));
        });
      } else if (isScalar(value) && typeof value.value === 'string') {
        req.evidenceForm = 'string';
        req.evidence.push(sourceText(value));
      } else {
        throw this.error(
          value,
          evidencePath,
          `expected a list of URLs or file names, found ${describe(value)}`
        );
      }
    }
    return req;
  }

  /** A scalar field: collections are rejected, null reads as undefined. */
  private scalar(pair: Pair, path: string, expected: string): SourceValue {
    const keyLine = this.line(pair.key as Node);
    const node = this.resolve(pair.value as Node | null);
    if (node === null || isNullScalar(node))
      return { value: undefined, isString: false, path, line: keyLine };
    if (!isScalar(node)) throw this.error(node, path, `expected ${expected}, found ${describe(node)}`);
    return { value: sourceText(node), isString: typeof node.value === 'string', path, line: keyLine };
  }

  private resolve(node: Node | null | undefined): Node | null {
    if (node && isAlias(node)) {
      const target = node.resolve(this.doc) as Node | undefined;
      if (!target)
        throw this.error(node, '', `alias *${node.source} has no anchor &${node.source} before it`);
      return target;
    }
    return node ?? null;
  }

  private line(node: Node | null): number {
    return node?.range ? this.lines.linePos(node.range[0]).line : 1;
  }

  private error(node: Node | null, path: string, detail: string): ProductError {
    const pos = node?.range ? this.lines.linePos(node.range[0]) : { line: 1, col: 1 };
    return new ProductError(this.file, path, detail, pos.line, pos.col);
  }
}

export function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find(p => (isScalar(p.key) ? String(p.key.value) : p.key) === key) as Pair | undefined;
}

function isNullScalar(node: Node | null): boolean {
  return isScalar(node) && node.value === null;
}

/** The scalar as written: `1.30` stays "1.30", quotes and escapes resolved. */
export function sourceText(node: Scalar): string {
  return typeof node.source === 'string' ? node.source : String(node.value);
}

function describe(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  if (isCollection(node)) return 'a collection';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return `a string (${JSON.stringify(truncate(v))})`;
    if (typeof v === 'number' || typeof v === 'bigint') return `a number (${sourceText(node)})`;
    if (typeof v === 'boolean') return `a boolean (${sourceText(node)})`;
    return `a ${typeof v}`;
  }
  return 'an unexpected node';
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
