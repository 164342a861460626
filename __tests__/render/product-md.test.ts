import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parseProduct } from '../../src/product/load.js';
import { displayId, renderProductMd } from '../../src/render/product-md.js';

const productsDir = '__fixtures__/cncf/products';
const products = readdirSync(productsDir).flatMap(v =>
  readdirSync(`${productsDir}/${v}`).map(p => `${productsDir}/${v}/${p}`)
);

describe('renderProductMd', () => {
  it.each(products)('renders %s byte for byte as the CNCF generator', dir => {
    const doc = parseProduct(readFileSync(`${dir}/PRODUCT.yaml`, 'utf8'), `${dir}/PRODUCT.yaml`);
    expect(renderProductMd(doc.product).toString('utf8')).toBe(readFileSync(`${dir}/PRODUCT.md`, 'utf8'));
    expect(renderProductMd(doc.product).equals(readFileSync(`${dir}/PRODUCT.md`))).toBe(true);
  });

  it('covers all six golden products', () => {
    expect(products).toHaveLength(6);
  });

  it('upper-cases the known words of a display id', () => {
    expect(displayId('ai_service_metrics')).toBe('AI Service Metrics');
    expect(displayId('dra_support')).toBe('DRA Support');
    expect(displayId('crd_api_url_gpu')).toBe('CRD API URL GPU');
  });
});

describe('renderProductMd rules beyond the goldens', () => {
  const yaml = [
    'metadata:',
    '  kubernetesVersion: v1.35',
    '  platformName: Demo',
    '  platformVersion: 1.30',
    '  vendor_name: Snake Vendor',
    '  website_url: https://snake.example.com/',
    '  documentationUrl: "[Documentation URL]"',
    'spec:',
    '  custom:',
    '    - id: not_rendered',
    '  security:',
    '    - id: secure_accelerator_access',
    '      level: MUST',
    '      status: implemented',
    '      description: "Isolated."',
    '      evidence: N/A',
    '      notes: |',
    '        line one',
    '        line two',
    '  accelerators:',
    '    - id: gpu_sharing',
    '      level: SHOULD',
    '      status: ""',
    '      evidence:',
    '        - "http://example.com/a/ünïcödé/ünïcödé/ünïcödé/ünïcödé/ünïcödé/x"',
    '        - ""',
    '    - id: dra_support',
    '      level: must',
    '      status: Done',
    '      evidence: "https://example.com/one"',
    '    - id: virtualized_accelerator',
    '      status: N/a',
    '  networking: []',
    ''
  ].join('\n');

  const expected = [
    '# Demo — AI Conformance Report',
    '',
    '## Platform Information',
    '',
    '| | |',
    '|:--|:--|',
    '| **Vendor** | Snake Vendor |',
    '| **Platform** | Demo |',
    '| **Platform Version** | 1.30 |',
    '| **Kubernetes Version** | v1.35 |',
    '',
    '---',
    '',
    '## Compliance Summary',
    '',
    '| Status | Count |',
    '|:-------|:-----:|',
    '| ✅ Implemented | 1 |',
    '| ⚪ N/A | 1 |',
    '| **Total** | **2** |',
    '',
    '### Requirements at a Glance',
    '',
    '| Category | Requirement | Level | Status |',
    '|:---------|:------------|:-----:|:------:|',
    '| Accelerators | GPU Sharing | SHOULD | ⬜ |',
    '| Accelerators | DRA Support | MUST | ⬜ |',
    '| Accelerators | Virtualized Accelerator | MUST | ⚪ |',
    '| Security | Secure Accelerator Access | MUST | ✅ |',
    '',
    '---',
    '',
    '## Detailed Requirements',
    '',
    '### 🚀 Accelerators',
    '',
    '#### ⬜ GPU Sharing',
    '',
    '**Level:** 🟡 SHOULD | **Status:** ',
    '',
    '> ',
    '',
    '**Evidence:**',
    '',
    'LINK',
    '',
    '#### ⬜ DRA Support',
    '',
    '**Level:** 🔴 MUST | **Status:** Done',
    '',
    '> ',
    '',
    '**Evidence:**',
    '',
    '- [example.com/one](https://example.com/one)',
    '',
    '#### ⚪ Virtualized Accelerator',
    '',
    '**Level:** 🔴 MUST | **Status:** N/a',
    '',
    '> ',
    '',
    '### 🔒 Security',
    '',
    '#### ✅ Secure Accelerator Access',
    '',
    '**Level:** 🔴 MUST | **Status:** implemented',
    '',
    '> Isolated.',
    '',
    '**Notes:**',
    '',
    '> line one',
    'line two',
    '',
    '',
    '---',
    '',
    '*Generated from PRODUCT.yaml*',
    ''
  ].join('\n');

  it('follows REPORT-FORMAT.md: raw scalars, case-insensitive icons and counts, byte-cut links', () => {
    const out = renderProductMd(parseProduct(yaml, 'P.yaml').product);
    const url = 'http://example.com/a/ünïcödé/ünïcödé/ünïcödé/ünïcödé/ünïcödé/x';
    // The first 57 bytes of "example.com/a/ünïcödé/..." end inside a two-byte "ö", cut like the generator does.
    const text = Buffer.from(url.slice('http://'.length), 'utf8');
    const link = Buffer.concat([Buffer.from('- ['), text.subarray(0, 57), Buffer.from(`...](${url})`)]);
    const [before, after] = expected.split('LINK');
    expect(out.equals(Buffer.concat([Buffer.from(before), link, Buffer.from(after)]))).toBe(true);
    expect(text.subarray(0, 57).toString('utf8')).toContain('\uFFFD');
  });

  it('is deterministic: same input, same bytes', () => {
    const doc = parseProduct(yaml, 'P.yaml');
    expect(renderProductMd(doc.product).equals(renderProductMd(parseProduct(yaml, 'P.yaml').product))).toBe(
      true
    );
  });

  it('shows camelCase website and documentation unless placeholders, and the description when set', () => {
    const md = (meta: string) =>
      renderProductMd(parseProduct(`metadata:\n${meta}\nspec: {}\n`, 'P.yaml').product).toString('utf8');
    expect(
      md('  websiteUrl: https://w.example/\n  documentationUrl: https://d.example/\n  description: Hello')
    ).toContain(
      '| **Kubernetes Version** |  |\n| **Website** | [https://w.example/](https://w.example/) |\n| **Documentation** | [Link](https://d.example/) |\n\n> Hello\n\n---\n'
    );
    expect(
      md('  websiteUrl: "[Website URL]"\n  documentation_url: https://d.example/\n  description: ""')
    ).toContain('| **Kubernetes Version** |  |\n\n---\n');
  });
});
