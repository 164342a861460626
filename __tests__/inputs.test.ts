import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { DEFAULT_IMAGES } from '../src/kube/functional/images.js';
import { INPUT_DEFAULTS, InputError, readOptions, type Options } from '../src/inputs.js';
import { ACK_INPUT_DEFAULTS } from '../src/target/ack/inputs.js';

/** INPUT_* variables as the runner sets them (name upper-cased, hyphens kept). */
function env(inputs: Record<string, string>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
}

function problemsOf(inputs: Record<string, string>): string[] {
  try {
    readOptions(env(inputs));
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('inputs', () => {
  it('defaults every input like action.yml does', () => {
    const expected: Options = {
      kubeconfig: null,
      context: null,
      conformanceVersion: null,
      depth: 'detect',
      only: [],
      skip: [],
      productPath: 'PRODUCT.yaml',
      reportPath: 'PRODUCT.md',
      updateProduct: true,
      comment: true,
      commentHeader: 'ai-conformance',
      commit: 'auto',
      commitMessage: 'Update AI conformance report',
      commitFallback: 'none',
      githubToken: '',
      failOn: 'must',
      checkTimeoutMinutes: 10,
      allowScale: false,
      workloadImages: { ...DEFAULT_IMAGES }
    };
    expect(readOptions(env({}))).toEqual(expected);
  });

  it('declares in action.yml exactly the inputs it reads, with the same defaults', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as {
      inputs: Record<string, { default?: string; description: string }>;
    };
    // The ACK inputs are read by src/target/ack/inputs.ts, with their own defaults.
    const declared = { ...INPUT_DEFAULTS, ...ACK_INPUT_DEFAULTS };
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(declared).sort());
    for (const [name, value] of Object.entries(declared)) {
      expect([name, action.inputs[name].default ?? '']).toEqual([name, value]);
      expect(action.inputs[name].description.length).toBeGreaterThan(20);
    }
  });

  it('reads every input', () => {
    const options = readOptions(
      env({
        kubeconfig: 'apiVersion: v1',
        context: 'ack',
        'conformance-version': 'v1.35',
        depth: 'functional',
        only: 'dra_support, ai_inference\ngang_scheduling\n',
        skip: '',
        'product-path': 'vendors/acme/PRODUCT.yaml',
        'update-product': 'false',
        comment: 'False',
        'comment-header': 'nightly',
        commit: 'never',
        'commit-message': 'chore: report',
        'commit-fallback': 'pull-request',
        'github-token': 'ghs_x',
        'fail-on': 'should',
        'check-timeout-minutes': '2.5',
        'allow-scale': 'true',
        'workload-images': 'mirror.example.com/ai\nray=registry.example.com/ray:2.46.0'
      })
    );
    expect(options).toMatchObject({
      context: 'ack',
      conformanceVersion: '1.35',
      depth: 'functional',
      only: ['dra_support', 'ai_inference', 'gang_scheduling'],
      productPath: 'vendors/acme/PRODUCT.yaml',
      reportPath: 'vendors/acme/PRODUCT.md',
      updateProduct: false,
      comment: false,
      commit: 'never',
      commitFallback: 'pull-request',
      failOn: 'should',
      checkTimeoutMinutes: 2.5,
      allowScale: true
    });
    expect(options.workloadImages.ray).toBe('registry.example.com/ray:2.46.0');
    expect(options.workloadImages.agnhost).toBe('mirror.example.com/ai/e2e-test-images/agnhost:2.52');
    expect(options.workloadImages.python).toBe('mirror.example.com/ai/library/python:3.13-alpine');
  });

  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ depth: 'deep' }, /^input "depth": "deep" is not one of detect, functional$/],
    [{ commit: 'yes' }, /^input "commit": "yes" is not one of auto, always, never$/],
    [{ 'commit-fallback': 'pr' }, /^input "commit-fallback": "pr" is not one of none, pull-request$/],
    [{ 'fail-on': 'any' }, /^input "fail-on": "any" is not one of must, should, never$/],
    [{ comment: 'on' }, /^input "comment": "on" is not a boolean: use true or false$/],
    [{ 'update-product': '1' }, /^input "update-product": "1" is not a boolean/],
    [
      { 'conformance-version': '1.30' },
      /^input "conformance-version": "1.30" is not one of 1.33, 1.34, 1.35, 1.36, 1.37/
    ],
    [
      { only: 'dra_suport' },
      /^input "only": unknown requirement id "dra_suport": expected ids from the checklists \(.*dra_support.*\)$/
    ],
    [{ only: 'ai_inference', skip: 'ai_inference' }, /^inputs "only" and "skip" both name ai_inference/],
    [
      { 'check-timeout-minutes': '0' },
      /^input "check-timeout-minutes": "0" is not a number of minutes between 0 and 360$/
    ],
    [{ 'check-timeout-minutes': '10m' }, /^input "check-timeout-minutes": "10m"/],
    [{ 'allow-scale': 'yes' }, /^input "allow-scale": "yes" is not a boolean/],
    [
      { 'workload-images': 'gpu=nvcr.io/x:1' },
      /^input "workload-images": unknown image key "gpu": expected one of shell, cuda, gpuProbe, /
    ],
    [
      { 'report-path': 'PRODUCT.yaml' },
      /^input "report-path": "PRODUCT.yaml" is the same file as "product-path"/
    ]
  ];
  it.each(cases)('rejects %j naming the input and what it accepts', (inputs, message) => {
    const problems = problemsOf(inputs);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('reports every bad input at once and never echoes secret inputs', () => {
    const problems = problemsOf({
      depth: 'x',
      commit: 'y',
      'fail-on': 'z',
      kubeconfig: 'super-secret-kubeconfig',
      'github-token': 'ghp_secret'
    });
    expect(problems.map(p => p.split('"')[1])).toEqual(['depth', 'commit', 'fail-on']);
    const message = (() => {
      try {
        readOptions(env({ depth: 'x', kubeconfig: 'super-secret-kubeconfig', 'github-token': 'ghp_secret' }));
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    expect(message).not.toMatch(/super-secret|ghp_secret/);
  });

  it('does no I/O: a missing product file is not its business', () => {
    expect(() => readOptions(env({ 'product-path': 'no/such/dir/PRODUCT.yaml' }))).not.toThrow();
  });
});
