import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { chooseVersion, NEWEST, requirementSet, templateText, VERSIONS } from '../../src/catalog/index.js';

const dir = '__fixtures__/cncf/templates';

describe('catalog', () => {
  it('holds every CNCF template byte for byte', () => {
    const files = readdirSync(dir).filter(f => f.endsWith('.yaml'));
    expect(VERSIONS).toEqual(['1.33', '1.34', '1.35', '1.36', '1.37']);
    for (const f of files) {
      const v = f.match(/(\d+\.\d+)/)![1];
      expect(templateText(v)).toBe(readFileSync(`${dir}/${f}`, 'utf8'));
    }
  });

  it('lists id, category, level and description exactly as each template', () => {
    for (const v of VERSIONS) {
      const doc = parse(readFileSync(`${dir}/AIConformance-${v}.yaml`, 'utf8'));
      const expected = Object.entries(doc.spec as Record<string, any[]>).flatMap(([category, items]) =>
        items.map(i => ({ id: i.id, category, level: i.level, description: i.description }))
      );
      expect(requirementSet(v).requirements).toEqual(expected);
    }
  });

  it('knows the level changes between versions', () => {
    const level = (v: string, id: string) => requirementSet(v).requirements.find(r => r.id === id)?.level;
    expect(level('1.33', 'dra_support')).toBe('SHOULD');
    expect(level('1.34', 'dra_support')).toBe('MUST');
    expect(level('1.36', 'dra_support')).toBeUndefined();
    expect(level('1.37', 'workload_sandboxing')).toBe('SHOULD');
    expect(requirementSet('v1.35').requirements.map(r => r.id)).toContain('gpu_sharing');
  });

  it('chooses the cluster own set, the newest with a warning, or refuses old clusters', () => {
    expect(chooseVersion({ major: '1', minor: '34' })).toEqual({ version: '1.34' });
    expect(chooseVersion({ major: '1', minor: '35+' })).toEqual({ version: '1.35' });
    const newer = chooseVersion({ major: '1', minor: '40' });
    expect(newer.version).toBe(NEWEST);
    expect(newer.warning).toMatch(/newer than the newest/);
    expect(() => chooseVersion({ major: '1', minor: '32' })).toThrow(/start at 1\.33/);
    expect(chooseVersion({ major: '1', minor: '32' }, '1.33').version).toBe('1.33');
    expect(chooseVersion({ major: '1', minor: '34' }, 'v1.36')).toMatchObject({ version: '1.36' });
    expect(() => chooseVersion(null, '1.30')).toThrow(/unknown conformance version "1.30": expected one of 1.33/);
    expect(() => chooseVersion(null, 'banana')).toThrow(/unknown conformance version/);
  });

  it('keeps the embedded templates in step with the template files', () => {
    for (const f of readdirSync('src/catalog/templates')) {
      const v = f.match(/(\d+\.\d+)/)![1];
      expect(templateText(v)).toBe(readFileSync(`src/catalog/templates/${f}`, 'utf8'));
    }
  });
});
