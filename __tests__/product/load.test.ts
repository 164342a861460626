import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ProductError } from '../../src/product/errors.js';
import { loadProduct, parseProduct } from '../../src/product/load.js';
import { metadataValue } from '../../src/product/model.js';

const file = 'PRODUCT.yaml';

/** The ProductError a parse throws (fails the test when it does not throw). */
function parseError(text: string): ProductError {
  try {
    parseProduct(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(ProductError);
    return err as ProductError;
  }
  throw new Error('expected a ProductError');
}

describe('parseProduct', () => {
  it('reads camelCase and snake_case metadata, camelCase first', () => {
    const doc = parseProduct(
      [
        'metadata:',
        '  kubernetes_version: v1.34',
        '  platformName: Camel',
        '  platform_name: Snake',
        '  website_url: https://example.com/',
        '  contact_email_address: a@example.com',
        'spec: {}',
        ''
      ].join('\n'),
      file
    );
    const { product } = doc;
    expect(metadataValue(product, 'kubernetesVersion')).toBe('v1.34');
    expect(product.metadata.kubernetesVersion).toMatchObject({
      key: 'kubernetes_version',
      path: 'metadata.kubernetes_version',
      line: 2
    });
    expect(metadataValue(product, 'platformName')).toBe('Camel');
    expect(product.metadata.websiteUrl?.key).toBe('website_url');
    expect(metadataValue(product, 'contactEmailAddress')).toBe('a@example.com');
    expect(product.metadata.repoUrl).toBeUndefined();
  });

  it('keeps scalars as written: 1.30 stays 1.30, quotes are resolved', () => {
    const { product } = parseProduct(
      [
        'metadata:',
        '  platformVersion: 1.30',
        "  vendorName: 'It''s'",
        '  description: "a\\tb"',
        '  repoUrl:',
        ''
      ].join('\n'),
      file
    );
    expect(product.metadata.platformVersion).toMatchObject({ value: '1.30', isString: false });
    expect(product.metadata.vendorName).toMatchObject({ value: "It's", isString: true });
    expect(metadataValue(product, 'description')).toBe('a\tb');
    expect(product.metadata.repoUrl?.value).toBeUndefined();
  });

  it('reads evidence as a list or as a single string, in category order', () => {
    const { product } = parseProduct(
      [
        'spec:',
        '  networking:',
        '    - id: ai_inference',
        '      status: Implemented',
        '      evidence: "https://example.com/one"',
        '  accelerators:',
        '    - id: dra_support',
        '      level: MUST',
        '      evidence:',
        '        - https://example.com/a # comment',
        '        - ""',
        '        -',
        '    - id: gpu_sharing',
        '      evidence: []',
        '    - id: virtualized_accelerator',
        '  unknown_category: 42',
        ''
      ].join('\n'),
      file
    );
    expect(product.requirements.map(r => [r.id, r.evidenceForm, r.evidence])).toEqual([
      ['dra_support', 'list', ['https://example.com/a', '', '']],
      ['gpu_sharing', 'list', []],
      ['virtualized_accelerator', 'none', []],
      ['ai_inference', 'string', ['https://example.com/one']]
    ]);
    expect(product.requirements[0]).toMatchObject({
      path: 'spec.accelerators[0]',
      line: 7,
      level: 'MUST',
      lines: { id: 7, level: 8, evidence: 9 }
    });
    expect(product.categories.map(c => c.category)).toEqual(['accelerators', 'networking']);
  });

  it.each([
    [
      'invalid YAML (line and column)',
      'metadata:\n  a: [1, 2\nspec: {}\n',
      /^PRODUCT\.yaml:3:1: invalid YAML: /
    ],
    [
      'two documents',
      'a: 1\n---\nb: 2\n',
      /^PRODUCT\.yaml:2:1: invalid YAML: more than one YAML document: a PRODUCT\.yaml holds exactly one$/
    ],
    [
      'an alias without anchor',
      'metadata:\n  vendorName: *v\n',
      /^PRODUCT\.yaml:2:15: alias \*v has no anchor &v before it$/
    ],
    [
      'duplicate keys',
      'metadata:\n  a: 1\n  a: 2\n',
      /^PRODUCT\.yaml:3:3: invalid YAML: Map keys must be unique/
    ],
    [
      'a top-level list',
      '- a\n',
      /^PRODUCT\.yaml:1:1: expected a mapping with metadata and spec, found a list$/
    ],
    ['an empty file', '', /^PRODUCT\.yaml:1:1: expected a mapping with metadata and spec, found nothing$/],
    [
      'spec a string',
      'spec: "all good"\n',
      /^PRODUCT\.yaml:1:7: spec: expected a mapping of categories, found a string \("all good"\)$/
    ],
    [
      'metadata a list',
      'metadata:\n  - a\n',
      /^PRODUCT\.yaml:2:3: metadata: expected a mapping, found a list$/
    ],
    [
      'a metadata value a mapping',
      'metadata:\n  vendorName: {a: 1}\n',
      /^PRODUCT\.yaml:2:15: metadata\.vendorName: expected a string, found a mapping$/
    ],
    [
      'a category a mapping',
      'spec:\n  accelerators:\n    id: x\n',
      /^PRODUCT\.yaml:3:5: spec\.accelerators: expected a list of requirements, found a mapping$/
    ],
    [
      'a requirement a string',
      'spec:\n  security:\n    - secure\n',
      /^PRODUCT\.yaml:3:7: spec\.security\[0\]: expected a requirement mapping/
    ],
    [
      'a requirement without id',
      'spec:\n  security:\n    - status: Implemented\n',
      /^PRODUCT\.yaml:3:7: spec\.security\[0\]\.id: missing/
    ],
    [
      'status a list',
      'spec:\n  operator:\n    - id: robust_controller\n      status: [Implemented]\n',
      /^PRODUCT\.yaml:4:15: spec\.operator\[0\]\.status: expected a string, found a list$/
    ],
    [
      'evidence a number',
      'spec:\n  networking:\n    - id: ai_inference\n      evidence: 42\n',
      /^PRODUCT\.yaml:4:17: spec\.networking\[0\]\.evidence: expected a list of URLs or file names, found a number \(42\)$/
    ],
    [
      'an evidence entry a number',
      'spec:\n  networking:\n    - id: ai_inference\n      evidence:\n        - 1.5\n',
      /^PRODUCT\.yaml:5:11: spec\.networking\[0\]\.evidence\[0\]: expected a URL or file name \(a string\), found a number \(1\.5\)$/
    ],
    [
      'an evidence entry a mapping',
      'spec:\n  networking:\n    - id: ai_inference\n      evidence:\n        - url: x\n',
      /^PRODUCT\.yaml:5:11: spec\.networking\[0\]\.evidence\[0\]: expected a URL or file name \(a string\), found a mapping$/
    ]
  ])('rejects %s with one line naming the file, position and YAML path', (_name, text, expected) => {
    const err = parseError(text);
    expect(err.message).toMatch(expected);
    expect(err.message).not.toContain('\n');
  });

  it('names the file when it cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'product-load-'));
    await expect(loadProduct(join(dir, 'missing.yaml'), 'missing.yaml')).rejects.toThrow(
      'missing.yaml: cannot read the file: no such file (ENOENT)'
    );
    await expect(loadProduct(dir, 'somedir')).rejects.toThrow(
      'somedir: cannot read the file: it is a directory, expected a file (EISDIR)'
    );
    writeFileSync(join(dir, 'ok.yaml'), 'metadata:\n  platformName: X\n');
    const doc = await loadProduct(join(dir, 'ok.yaml'), 'ok.yaml');
    expect(doc.file).toBe('ok.yaml');
    expect(metadataValue(doc.product, 'platformName')).toBe('X');
  });
});
