import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { copyFixture, run, snapshot, tempDir } from './helpers.js';

describe('ai-conformance validate', () => {
  it('exits 1 with the problem list, one FILE:LINE: PATH: message per line', async () => {
    const cwd = tempDir();
    copyFixture(cwd, '__fixtures__/cncf/products/v1.33/daocloud/PRODUCT.yaml');
    const before = snapshot(cwd, 'PRODUCT.yaml');
    expect(await run(cwd, 'validate', 'PRODUCT.yaml')).toEqual({
      code: 1,
      err: '',
      out: [
        'PRODUCT.yaml:5: metadata.k8sConformanceUrl: missing (required; k8s_conformance_url is accepted too)',
        'PRODUCT.yaml:48: spec.schedulingOrchestration[1].status: cluster_autoscaling: MUST item is "N/A": a MUST item must be Implemented',
        'PRODUCT.yaml: 2 problems against the 1.33 checklist',
        ''
      ].join('\n')
    });
    expect(snapshot(cwd, 'PRODUCT.yaml')).toEqual(before);
  });

  it('exits 0 for a valid file', async () => {
    const cwd = tempDir();
    await run(cwd, 'demo', '--output', '.');
    expect(await run(cwd, 'validate', 'PRODUCT.yaml')).toEqual({
      code: 0,
      err: '',
      out: 'PRODUCT.yaml: valid against the 1.34 checklist (offline rules; URLs not fetched)\n'
    });
  });

  it('exits 2 when the file names no known checklist', async () => {
    const cwd = tempDir();
    copyFixture(cwd, '__fixtures__/cncf/templates/AIConformance-1.37.yaml');
    const path = `${cwd}/PRODUCT.yaml`;
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace('kubernetesVersion: v1.37', 'kubernetesVersion: v2.0')
    );
    expect(await run(cwd, 'validate', 'PRODUCT.yaml')).toEqual({
      code: 2,
      out: '',
      err: 'ai-conformance validate: PRODUCT.yaml:21: metadata.kubernetesVersion: unknown conformance version "v2.0": expected one of 1.33, 1.34, 1.35, 1.36, 1.37\n'
    });
  });
});
