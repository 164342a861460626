import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { loadKubeConfig, runPipeline } from '../src/pipeline.js';
import { productTemplate } from '../src/product/template.js';
import { renderProductMd } from '../src/render/product-md.js';
import { parseProduct } from '../src/product/load.js';
import { startSimulator, type Simulator } from '../src/sim/index.js';
import { SuiteInputError } from '../src/suite/errors.js';

let kind: Simulator;
let ack135: Simulator;
beforeAll(async () => {
  kind = await startSimulator({ scenario: 'kind-1.34' });
  ack135 = await startSimulator({ scenario: 'ack-gpu-1.35' });
});
afterAll(async () => {
  await Promise.all([kind?.stop(), ack135?.stop()]);
});

const temp = (): string => mkdtempSync(join(tmpdir(), 'pipeline-'));
const statuses = (text: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const list of Object.values(parse(text).spec as Record<string, Array<{ id: string; status: string }>>))
    for (const r of list) out[r.id] = r.status;
  return out;
};

describe('runPipeline', () => {
  it('creates PRODUCT.yaml from the template when asked, writes N/A reasons as notes, and renders the report beside it', async () => {
    const cwd = temp();
    const warnings: string[] = [];
    const result = await runPipeline({
      kubeconfig: { text: kind.kubeconfig },
      product: { path: 'vendor/PRODUCT.yaml', create: true },
      json: 'results.json',
      cwd,
      onWarning: w => warnings.push(w)
    });
    expect(result.product).toMatchObject({ created: true, written: true, skipped: [] });
    expect(result.mustsPass).toBe(false);
    const text = readFileSync(join(cwd, 'vendor/PRODUCT.yaml'), 'utf8');
    expect(text.startsWith(productTemplate('1.34').text.split('\n')[0])).toBe(true);
    expect(statuses(text)).toMatchObject({
      gang_scheduling: 'Not Implemented',
      cluster_autoscaling: 'N/A',
      dra_support: 'Implemented'
    });
    const ca = (parse(text).spec.schedulingOrchestration as Array<{ id: string; notes: string }>).find(
      r => r.id === 'cluster_autoscaling'
    )!;
    expect(ca.notes).toMatch(/^no cluster autoscaler on this cluster/);
    expect(readFileSync(join(cwd, 'vendor/PRODUCT.md'))).toEqual(
      renderProductMd(parseProduct(text, 'x').product)
    );
    expect(result.report).toMatchObject({ path: join(cwd, 'vendor/PRODUCT.md'), written: true });
    expect(result.product!.before).toBeNull();
    expect(JSON.parse(readFileSync(join(cwd, 'results.json'), 'utf8')).conformanceVersion).toBe('1.34');
    expect(warnings).toEqual([]);
  });

  it("checks against PRODUCT.yaml's version, adds the evidence entry, and leaves an unchanged report alone", async () => {
    const cwd = temp();
    writeFileSync(join(cwd, 'PRODUCT.yaml'), productTemplate('1.34').text);
    const warnings: string[] = [];
    const first = await runPipeline({
      kubeconfig: { text: ack135.kubeconfig },
      product: { path: 'PRODUCT.yaml', evidence: 'https://example.com/run/1' },
      report: 'docs/REPORT.md',
      cwd,
      onWarning: w => warnings.push(w)
    });
    expect(first.results.conformanceVersion).toBe('1.34');
    expect(warnings).toEqual(['checking against the 1.34 requirements as asked, though the cluster is 1.35']);
    expect(first.mustsPass).toBe(true);
    const doc = parse(readFileSync(join(cwd, 'PRODUCT.yaml'), 'utf8'));
    expect(doc.spec.accelerators[0].evidence).toEqual(['https://example.com/run/1']);
    expect(first.report!.path).toBe(join(cwd, 'docs/REPORT.md'));
    const again = await runPipeline({
      kubeconfig: { text: ack135.kubeconfig },
      product: { path: 'PRODUCT.yaml', evidence: 'https://example.com/run/1' },
      report: 'docs/REPORT.md',
      cwd
    });
    expect(again.product!.written).toBe(false);
    expect(again.report!.written).toBe(false);
  });

  it('with update off, leaves PRODUCT.yaml alone and renders the report from it as it is', async () => {
    const cwd = temp();
    const text = productTemplate('1.34').text;
    writeFileSync(join(cwd, 'PRODUCT.yaml'), text);
    const r = await runPipeline({
      kubeconfig: { text: kind.kubeconfig },
      product: { path: 'PRODUCT.yaml', update: false },
      cwd
    });
    expect(readFileSync(join(cwd, 'PRODUCT.yaml'), 'utf8')).toBe(text);
    expect(r.product).toMatchObject({ written: false, created: false, before: text });
    expect(r.product!.changes.map(c => c.id)).toContain('gang_scheduling');
    expect(readFileSync(join(cwd, 'PRODUCT.md'))).toEqual(renderProductMd(parseProduct(text, 'x').product));
    expect(r.report!.text).toEqual(readFileSync(join(cwd, 'PRODUCT.md')));
  });

  it('skips verdicts for ids the file does not list, and says so', async () => {
    const cwd = temp();
    writeFileSync(join(cwd, 'PRODUCT.yaml'), productTemplate('1.34').text);
    const warnings: string[] = [];
    const r = await runPipeline({
      kubeconfig: { text: ack135.kubeconfig },
      version: '1.35',
      only: ['gpu_sharing', 'dra_support'],
      product: { path: 'PRODUCT.yaml' },
      cwd,
      onWarning: w => warnings.push(w)
    });
    expect(r.product!.skipped).toEqual(['gpu_sharing']);
    expect(warnings).toContain('PRODUCT.yaml has no entry for gpu_sharing: those verdicts were not written');
  });

  it('rejects bad input before touching the cluster', async () => {
    const cwd = temp();
    await expect(runPipeline({ kubeconfig: { text: kind.kubeconfig }, report: 'R.md', cwd })).rejects.toThrow(
      '--report needs --product: the report is rendered from PRODUCT.yaml'
    );
    await expect(runPipeline({ kubeconfig: { text: kind.kubeconfig }, version: 'one', cwd })).rejects.toThrow(
      /^--version: unknown conformance version "one"/
    );
    await expect(
      runPipeline({ kubeconfig: { text: kind.kubeconfig }, product: { path: 'nope.yaml' }, cwd })
    ).rejects.toThrow(
      'nope.yaml: cannot read the file: no such file (ENOENT) (create one with `ai-conformance init --version 1.34`)'
    );
  });
});

describe('loadKubeConfig', () => {
  it('merges $KUBECONFIG files in order, picks the context, and names what is wrong without quoting secrets', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'k'));
    writeFileSync(join(dir, 'k/a.yaml'), kind.kubeconfig);
    const kc2 = parse(kind.kubeconfig);
    kc2.clusters[0].name += '-b';
    kc2.users[0].name += '-b';
    kc2.contexts[0] = {
      name: `${kc2.contexts[0].name}-b`,
      context: { cluster: kc2.clusters[0].name, user: kc2.users[0].name }
    };
    kc2['current-context'] = kc2.contexts[0].name;
    const second = stringify(kc2);
    writeFileSync(join(dir, 'k/b.yaml'), second);
    const kc = await loadKubeConfig({}, dir, { KUBECONFIG: `k/a.yaml:k/missing.yaml:k/b.yaml` });
    expect(kc.getContexts()).toHaveLength(2);
    expect(kc.getCurrentContext()).toBe(kind.kubeconfig.match(/current-context: (\S+)/)![1]);
    const picked = await loadKubeConfig({ path: 'k/b.yaml', context: kc.getContexts()[1].name }, dir, {});
    expect(picked.getCurrentContext()).toBe(kc.getContexts()[1].name);
    await expect(loadKubeConfig({}, dir, { HOME: join(dir, 'nohome') })).rejects.toThrow(
      `no kubeconfig: ${join(dir, 'nohome/.kube/config')} does not exist; pass --kubeconfig FILE`
    );
    const secret = 'super-secret-token-value';
    await expect(
      loadKubeConfig({ text: `users:\n- name: a\n  user: {token: ${secret}}\n  x: [` }, dir, {})
    ).rejects.toThrow(SuiteInputError);
    await expect(
      loadKubeConfig({ text: `users:\n- name: a\n  user: {token: ${secret}}\n  x: [` }, dir, {})
    ).rejects.not.toThrow(secret);
    await expect(
      loadKubeConfig(
        { text: 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n' },
        dir,
        {}
      )
    ).rejects.toThrow('the kubeconfig has no contexts');
  });
});
