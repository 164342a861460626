import { describe, expect, it } from '@jest/globals';
import {
  formatLabelSelector,
  fromLabelSelectorObject,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector
} from '../../src/sim/selectors.js';
import type { ResourceType } from '../../src/sim/store.js';

const pods: ResourceType = {
  group: '',
  versions: ['v1'],
  resource: 'pods',
  kind: 'Pod',
  listKind: 'PodList',
  singular: 'pod',
  namespaced: true,
  subresources: [],
  verbs: []
};

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', gen: '3' };
  it.each([
    ['app=web', true],
    ['app==web,tier=front', true],
    ['app!=web', false],
    ['app in (db, web)', true],
    ['app notin (web)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['missing!=x', true],
    ['gen>2', true],
    ['gen<3', false],
    ['app in (web),tier notin (back),!canary', true],
    ['', true]
  ])('%s → %s', (sel, expected) => {
    expect(matchesLabels(parseLabelSelector(sel), labels)).toBe(expected);
  });

  it('rejects what the apiserver cannot parse', () => {
    for (const bad of ['app in web', 'a=b=c', '=x', 'bad key=1'])
      expect(() => parseLabelSelector(bad)).toThrow(expect.objectContaining({ code: 400 }));
  });

  it('converts a LabelSelector object and formats it back', () => {
    const sel = fromLabelSelectorObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'x', operator: 'DoesNotExist' }
      ]
    });
    expect(formatLabelSelector(sel)).toBe('app=web,tier in (a,b),!x');
  });
});

describe('field selectors', () => {
  const obj = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns' },
    spec: { nodeName: 'n1' },
    status: { phase: 'Running' }
  };
  it('matches supported fields, treats unset as empty', () => {
    expect(
      matchesFields(parseFieldSelector('spec.nodeName=n1,status.phase!=Pending', pods, false), obj)
    ).toBe(true);
    expect(matchesFields(parseFieldSelector('metadata.namespace==ns', pods, false), obj)).toBe(true);
    expect(matchesFields(parseFieldSelector('spec.nodeName=', pods, false), { ...obj, spec: {} })).toBe(true);
  });
  it('refuses unsupported built-in fields and accepts any path on custom resources', () => {
    expect(() => parseFieldSelector('spec.foo=1', pods, false)).toThrow(
      'field label not supported: spec.foo'
    );
    expect(
      matchesFields(parseFieldSelector('spec.foo.bar=1', pods, true), { ...obj, spec: { foo: { bar: 1 } } })
    ).toBe(true);
  });
});
