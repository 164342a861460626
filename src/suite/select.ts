/** Which requirements a run checks: the version's set, narrowed by --only and --skip. */
import { requirementSet, VERSIONS } from '../catalog/index.js';
import type { Requirement } from '../types.js';
import { SuiteInputError } from './errors.js';

export function selectRequirements(
  version: string,
  only?: readonly string[],
  skip?: readonly string[]
): Requirement[] {
  const set = requirementSet(version);
  const ids = new Set(set.requirements.map(r => r.id));
  for (const [flag, list] of [
    ['--only', only],
    ['--skip', skip]
  ] as const) {
    for (const id of list ?? []) {
      if (ids.has(id)) continue;
      const elsewhere = VERSIONS.filter(v => requirementSet(v).requirements.some(r => r.id === id));
      throw new SuiteInputError(
        elsewhere.length > 0
          ? `${flag} ${id}: the ${version} requirement set has no ${id} (it is in ${elsewhere.join(', ')})`
          : `${flag} ${id}: no such requirement; the ${version} set has ${[...ids].join(', ')}`
      );
    }
  }
  const selected = set.requirements.filter(
    r => (!only?.length || only.includes(r.id)) && !skip?.includes(r.id)
  );
  if (selected.length === 0) throw new SuiteInputError('--only and --skip leave no requirement to check');
  return selected;
}
