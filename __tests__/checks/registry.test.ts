import { describe, expect, it } from '@jest/globals';
import { requirementSet, VERSIONS } from '../../src/catalog/index.js';
import { CHECKS, checkFor } from '../../src/checks/index.js';
import { displayId } from '../../src/render/product-md.js';

describe('check registry', () => {
  it('has a detect check for every requirement of every version, titled as the report names it', () => {
    const ids = new Set(VERSIONS.flatMap(v => requirementSet(v).requirements.map(r => r.id)));
    expect(new Set(CHECKS.map(c => c.id))).toEqual(ids);
    for (const id of ids) {
      const check = checkFor(id)!;
      expect(typeof check.detect).toBe('function');
      expect(check.title).toBe(displayId(id));
    }
    expect(checkFor('nope')).toBeUndefined();
  });
});
