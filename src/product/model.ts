/**
 * PRODUCT.yaml as the rest of the program sees it: every value as written in the source (a plain
 * `1.30` stays "1.30"), with the YAML path and 1-based line of each field for messages.
 */
import type { Category } from '../types.js';

export const METADATA_FIELDS = [
  'kubernetesVersion',
  'platformName',
  'platformVersion',
  'vendorName',
  'websiteUrl',
  'repoUrl',
  'documentationUrl',
  'productLogoUrl',
  'description',
  'contactEmailAddress',
  'k8sConformanceUrl'
] as const;
export type MetadataFieldName = (typeof METADATA_FIELDS)[number];

/** A scalar as written: `value` is its source text (quotes resolved), undefined for null. */
export interface SourceValue {
  value: string | undefined;
  /** Whether YAML resolves it to a string (a plain `1.30` is a number, `"1.30"` a string). */
  isString: boolean;
  path: string;
  line: number;
}

export interface MetadataEntry extends SourceValue {
  /** The key as written: camelCase or snake_case. */
  key: string;
}

export interface ProductRequirement {
  category: Category;
  /** Position in its category's list. */
  index: number;
  /** `spec.accelerators[0]` */
  path: string;
  line: number;
  id: string;
  description?: string;
  level?: string;
  status?: string;
  notes?: string;
  /** Entries as written, empty ones included; a single-string evidence is one entry. */
  evidence: string[];
  evidenceForm: 'list' | 'string' | 'none';
  /** Line of each field present, for messages about it. */
  lines: Partial<Record<'id' | 'description' | 'level' | 'status' | 'evidence' | 'notes', number>>;
}

export interface ProductCategory {
  category: Category;
  path: string;
  line: number;
}

export interface Product {
  /** Whether there is a `metadata` mapping at all, and where. */
  metadataLine: number | null;
  /** Known metadata fields found under their camelCase or snake_case key, by camelCase name. */
  metadata: Partial<Record<MetadataFieldName, MetadataEntry>>;
  specLine: number | null;
  /** The known categories present in `spec`, in the CNCF order. */
  categories: ProductCategory[];
  /** Requirements of the known categories, in category order then file order. */
  requirements: ProductRequirement[];
}

/** A metadata value as written, camelCase key first (as the CNCF validator looks them up). */
export function metadataValue(product: Product, name: MetadataFieldName): string | undefined {
  return product.metadata[name]?.value;
}

/** `websiteUrl` → `website_url`, `k8sConformanceUrl` → `k8s_conformance_url` (the CNCF validator's rule). */
export function snakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
