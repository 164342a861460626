import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { applyVerdicts } from '../../src/product/apply.js';
import { EXAMPLE_PRODUCT_YAML } from '../../src/product/example.js';
import { loadProduct, parseProduct } from '../../src/product/load.js';
import { validateProduct } from '../../src/product/validate.js';
import { saveProduct, writeIfChanged } from '../../src/product/write.js';

const fixtures = [
  ...[
    'v1.33/daocloud',
    'v1.33/giantswarm',
    'v1.33/openshift',
    'v1.34/eks',
    'v1.34/gke',
    'v1.34/kubermatic'
  ].map(p => `__fixtures__/cncf/products/${p}/PRODUCT.yaml`),
  ...['1.33', '1.34', '1.35', '1.36', '1.37'].map(v => `__fixtures__/cncf/templates/AIConformance-${v}.yaml`)
];

function copy(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'product-write-'));
  const path = join(dir, 'PRODUCT.yaml');
  writeFileSync(path, readFileSync(fixture));
  return path;
}

describe('saveProduct', () => {
  it.each(fixtures)('%s: load + save with no change writes nothing and keeps every byte', async fixture => {
    const path = copy(fixture);
    const mtime = statSync(path).mtimeMs;
    const doc = await loadProduct(path);
    expect(await saveProduct(path, doc, applyVerdicts(doc, []).document)).toBe(false);
    expect(readFileSync(path)).toEqual(readFileSync(fixture));
    expect(statSync(path).mtimeMs).toBe(mtime);
  });

  it('writes an edit atomically, keeping the file mode and leaving no temp file', async () => {
    const path = copy(fixtures[4]);
    chmodSync(path, 0o600);
    const doc = await loadProduct(path);
    const edited = applyVerdicts(doc, [{ id: 'dra_support', status: 'Not Implemented' }]).document;
    expect(await saveProduct(path, doc, edited)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(edited.text);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(path, '..'))).toEqual(['PRODUCT.yaml']);
  });

  it('refuses when the file changed on disk since it was read', async () => {
    const path = copy(fixtures[4]);
    const doc = await loadProduct(path, 'PRODUCT.yaml');
    const edited = applyVerdicts(doc, [{ id: 'dra_support', status: 'Not Implemented' }]).document;
    writeFileSync(path, `${doc.text}# edited meanwhile\n`);
    await expect(saveProduct(path, doc, edited)).rejects.toThrow(
      'PRODUCT.yaml: changed on disk while it was being edited: nothing written, run the command again'
    );
    expect(readFileSync(path, 'utf8')).toBe(`${doc.text}# edited meanwhile\n`);
  });
});

describe('writeIfChanged', () => {
  it('writes only when the bytes differ', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'product-write-'));
    const path = join(dir, 'sub', 'PRODUCT.md');
    expect(await writeIfChanged(path, 'a\n')).toBe(true);
    const mtime = statSync(path).mtimeMs;
    expect(await writeIfChanged(path, Buffer.from('a\n'))).toBe(false);
    expect(statSync(path).mtimeMs).toBe(mtime);
    expect(await writeIfChanged(path, 'b\n')).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('b\n');
  });
});

describe('the demo example product', () => {
  it('is a valid 1.34 checklist', () => {
    expect(validateProduct(parseProduct(EXAMPLE_PRODUCT_YAML, 'example'))).toEqual([]);
  });
});
