/**
 * PRODUCT.md in the CNCF format (shared spec: REPORT-FORMAT.md), byte for byte what the reference
 * generator writes for the same PRODUCT.yaml. Returns bytes: evidence link text is cut at a byte
 * count, as the generator does, which can split a multi-byte character.
 */
import { metadataValue, type Product, type ProductRequirement } from '../product/model.js';
import { CATEGORIES, type Category } from '../types.js';

const CATEGORY_NAMES: Record<Category, string> = {
  accelerators: 'Accelerators',
  networking: 'Networking',
  schedulingOrchestration: 'Scheduling & Orchestration',
  observability: 'Observability',
  security: 'Security',
  operator: 'Operator Support'
};

const CATEGORY_ICONS: Record<Category, string> = {
  accelerators: '🚀',
  networking: '🌐',
  schedulingOrchestration: '📅',
  observability: '📊',
  security: '🔒',
  operator: '\u2699\uFE0F'
};

/** Counted statuses, in summary order (keys are lower case: matching ignores case). */
const SUMMARY_ROWS: ReadonlyArray<{ key: string; label: string; always: boolean }> = [
  { key: 'implemented', label: '✅ Implemented', always: true },
  { key: 'partially implemented', label: '🟡 Partially Implemented', always: false },
  { key: 'not implemented', label: '❌ Not Implemented', always: false },
  { key: 'n/a', label: '⚪ N/A', always: false }
];

const STATUS_ICONS: Record<string, string> = {
  implemented: '✅',
  'not implemented': '❌',
  'partially implemented': '🟡',
  'n/a': '⚪'
};

const UPPER_WORDS = new Set(['dra', 'api', 'gpu', 'ai', 'url', 'crd']);

export function renderProductMd(product: Product): Buffer {
  const out = new Output();
  const meta = (name: Parameters<typeof metadataValue>[1]) => metadataValue(product, name) ?? '';
  const camelOnly = (name: 'websiteUrl' | 'documentationUrl') => {
    const entry = product.metadata[name];
    return entry && entry.key === name ? (entry.value ?? '') : '';
  };

  out.line(`# ${meta('platformName')} — AI Conformance Report`, '');
  out.line('## Platform Information', '', '| | |', '|:--|:--|');
  out.line(`| **Vendor** | ${meta('vendorName')} |`);
  out.line(`| **Platform** | ${meta('platformName')} |`);
  out.line(`| **Platform Version** | ${meta('platformVersion')} |`);
  out.line(`| **Kubernetes Version** | ${meta('kubernetesVersion')} |`);
  const website = camelOnly('websiteUrl');
  if (website && !isPlaceholder(website)) out.line(`| **Website** | [${website}](${website}) |`);
  const docs = camelOnly('documentationUrl');
  if (docs && !isPlaceholder(docs)) out.line(`| **Documentation** | [Link](${docs}) |`);
  out.line('');
  const description = meta('description');
  if (description) out.line(`> ${description}`, '');

  out.line('---', '', '## Compliance Summary', '', '| Status | Count |', '|:-------|:-----:|');
  const counts = new Map<string, number>();
  for (const req of product.requirements) {
    const key = (req.status ?? '').toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let total = 0;
  for (const row of SUMMARY_ROWS) {
    const n = counts.get(row.key) ?? 0;
    total += n;
    if (row.always || n > 0) out.line(`| ${row.label} | ${n} |`);
  }
  out.line(`| **Total** | **${total}** |`, '');

  out.line('### Requirements at a Glance', '');
  out.line('| Category | Requirement | Level | Status |', '|:---------|:------------|:-----:|:------:|');
  for (const req of product.requirements) {
    const level = req.level === 'SHOULD' ? 'SHOULD' : 'MUST';
    out.line(
      `| ${CATEGORY_NAMES[req.category]} | ${displayId(req.id)} | ${level} | ${statusIcon(req.status)} |`
    );
  }
  out.line('');

  out.line('---', '', '## Detailed Requirements', '');
  for (const category of CATEGORIES) {
    const reqs = product.requirements.filter(r => r.category === category);
    if (reqs.length === 0) continue;
    out.line(`### ${CATEGORY_ICONS[category]} ${CATEGORY_NAMES[category]}`, '');
    for (const req of reqs) renderRequirement(out, req);
  }

  out.line('---', '', '*Generated from PRODUCT.yaml*');
  return out.bytes();
}

function renderRequirement(out: Output, req: ProductRequirement): void {
  const level = req.level === 'SHOULD' ? '🟡 SHOULD' : '🔴 MUST';
  out.line(`#### ${statusIcon(req.status)} ${displayId(req.id)}`, '');
  out.line(`**Level:** ${level} | **Status:** ${req.status ?? ''}`, '');
  out.line(`> ${req.description ?? ''}`, '');
  const evidence = evidenceEntries(req);
  if (evidence.length > 0) {
    out.line('**Evidence:**', '');
    for (const entry of evidence) {
      out.text('- [');
      out.raw(linkText(entry));
      out.line(`](${entry})`);
    }
    out.line('');
  }
  if (req.notes) out.line('**Notes:**', '', `> ${req.notes}`, '');
}

/** Non-empty entries; a single-string evidence of `N/A` or "" counts as none. */
export function evidenceEntries(req: ProductRequirement): string[] {
  if (req.evidenceForm === 'string' && (req.evidence[0] === 'N/A' || req.evidence[0] === '')) return [];
  return req.evidence.filter(e => e !== '');
}

/** `ai_service_metrics` → `AI Service Metrics`. */
export function displayId(id: string): string {
  return id
    .split('_')
    .map(w => (UPPER_WORDS.has(w.toLowerCase()) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}

export function statusIcon(status: string | undefined): string {
  return STATUS_ICONS[(status ?? '').toLowerCase()] ?? '⬜';
}

/** The link text: scheme stripped, cut to 57 bytes + `...` when longer than 60 bytes. */
function linkText(url: string): Buffer {
  let text = url;
  if (text.startsWith('https://')) text = text.slice('https://'.length);
  if (text.startsWith('http://')) text = text.slice('http://'.length);
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= 60) return bytes;
  return Buffer.concat([bytes.subarray(0, 57), Buffer.from('...')]);
}

function isPlaceholder(value: string): boolean {
  return value.startsWith('[') && value.endsWith(']');
}

class Output {
  private readonly chunks: Buffer[] = [];

  line(...lines: string[]): void {
    for (const l of lines) this.chunks.push(Buffer.from(`${l}\n`, 'utf8'));
  }

  text(s: string): void {
    this.chunks.push(Buffer.from(s, 'utf8'));
  }

  raw(b: Buffer): void {
    this.chunks.push(b);
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
