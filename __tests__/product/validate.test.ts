import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { VERSIONS, requirementSet } from '../../src/catalog/index.js';
import { parseProduct } from '../../src/product/load.js';
import { validateProduct, type Problem } from '../../src/product/validate.js';

const products = '__fixtures__/cncf/products';
const templates = '__fixtures__/cncf/templates';
/** 1-based line of the first line containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex(l => l.includes(needle)) + 1;
const validate = (path: string) => validateProduct(parseProduct(readFileSync(path, 'utf8'), path));
const missing = (field: string, snake: string, line = 5): Problem => ({
  path: `metadata.${field}`,
  line,
  message: `missing (required; ${snake} is accepted too)`
});
const NO_URL = missing('k8sConformanceUrl', 'k8s_conformance_url');
const NO_EMAIL = missing('contactEmailAddress', 'contact_email_address');
const CHOICES = 'Implemented, Partially Implemented, Not Implemented or N/A';
const placeholder = (field: string, line: number, value: string): Problem => ({
  path: `metadata.${field}`,
  line,
  message: `placeholder ${JSON.stringify(value)}: replace it with the real value`
});
const emptyMust = (path: string, line: number, id: string): Problem => ({
  path,
  line,
  message: `${id}: status is empty: expected ${CHOICES} (exact case); a MUST item must be Implemented`
});

describe('validateProduct on the real CNCF products', () => {
  it.each([
    ['v1.33/giantswarm', [NO_EMAIL, NO_URL]],
    ['v1.33/openshift', [NO_EMAIL, NO_URL]],
    ['v1.34/eks', [NO_EMAIL, NO_URL]],
    ['v1.34/gke', [NO_EMAIL, NO_URL]],
    ['v1.34/kubermatic', [NO_URL]],
    [
      'v1.33/daocloud',
      [
        NO_URL,
        {
          path: 'spec.schedulingOrchestration[1].status',
          line: 48,
          message: 'cluster_autoscaling: MUST item is "N/A": a MUST item must be Implemented'
        }
      ]
    ]
  ])('%s: only what the CNCF rules truly flag', (product, expected) => {
    expect(validate(`${products}/${product}/PRODUCT.yaml`)).toEqual(expected);
  });
});

describe('validateProduct on the templates', () => {
  const metadata133 = [
    NO_URL,
    placeholder('platformName', 7, '[Platform Name]'),
    placeholder('platformVersion', 8, '[Platform Version]'),
    placeholder('vendorName', 9, '[Vendor Name]'),
    placeholder('websiteUrl', 10, '[Website URL]'),
    placeholder('repoUrl', 11, '[Repository URL]'),
    placeholder('documentationUrl', 12, '[Documentation URL]'),
    placeholder('productLogoUrl', 13, '[Documentation URL]'),
    placeholder('description', 14, '[Description]'),
    placeholder('contactEmailAddress', 15, '[Contact Email Address]')
  ];

  it('1.33: every placeholder and every unanswered MUST, but not the unanswered SHOULD', () => {
    expect(validate(`${templates}/AIConformance-1.33.yaml`)).toEqual([
      ...metadata133,
      emptyMust('spec.networking[0].status', 29, 'ai_inference'),
      emptyMust('spec.schedulingOrchestration[0].status', 36, 'gang_scheduling'),
      emptyMust('spec.schedulingOrchestration[1].status', 42, 'cluster_autoscaling'),
      emptyMust('spec.schedulingOrchestration[2].status', 48, 'pod_autoscaling'),
      emptyMust('spec.observability[0].status', 55, 'accelerator_metrics'),
      emptyMust('spec.observability[1].status', 61, 'ai_service_metrics'),
      emptyMust('spec.security[0].status', 68, 'secure_accelerator_access'),
      emptyMust('spec.operator[0].status', 75, 'robust_controller')
    ]);
  });

  it('1.35: the k8sConformanceUrl placeholder too', () => {
    const problems = validate(`${templates}/AIConformance-1.35.yaml`);
    expect(problems.slice(0, 10)).toEqual([
      ...metadata133.slice(1),
      placeholder(
        'k8sConformanceUrl',
        16,
        '[URL to k8s-conformance submission, e.g., https://github.com/cncf/k8s-conformance/tree/master/v1.35/product-name]'
      )
    ]);
    expect(problems.slice(10).map(p => p.path)).toEqual([
      'spec.accelerators[0].status',
      'spec.networking[0].status',
      'spec.schedulingOrchestration[0].status',
      'spec.schedulingOrchestration[1].status',
      'spec.schedulingOrchestration[2].status',
      'spec.observability[0].status',
      'spec.observability[1].status',
      'spec.security[0].status',
      'spec.operator[0].status'
    ]);
  });

  it.each(VERSIONS)(
    '%s: each "[...]" value of the file and each MUST status is flagged, nothing else',
    version => {
      const path = `${templates}/AIConformance-${version}.yaml`;
      const text = readFileSync(path, 'utf8');
      const placeholderLines = text
        .split('\n')
        .flatMap((line, i) => (/^ {2}\w+: "\[.*\]"$/.test(line) ? [i + 1] : []));
      const problems = validate(path);
      const must = requirementSet(version).requirements.filter(r => r.level === 'MUST');
      expect(problems.filter(p => p.message.startsWith('placeholder')).map(p => p.line)).toEqual(
        placeholderLines
      );
      expect(problems.filter(p => p.path.endsWith('.status')).map(p => p.message.split(':')[0])).toEqual(
        must.map(r => r.id)
      );
      const urlMissing = text.includes('k8sConformanceUrl') ? 0 : 1;
      expect(problems).toHaveLength(placeholderLines.length + must.length + urlMissing);
    }
  );
});

describe('validateProduct rules', () => {
  const good = readFileSync(`${products}/v1.34/kubermatic/PRODUCT.yaml`, 'utf8').replace(
    '  contactEmailAddress: "support@kubermatic.com"\n',
    '  contactEmailAddress: "support@kubermatic.com"\n  k8sConformanceUrl: "https://github.com/cncf/k8s-conformance/tree/main/v1.34/kubermatic"\n'
  );
  const check = (text: string) => validateProduct(parseProduct(text, 'P.yaml'));

  it('accepts a complete product', () => {
    expect(check(good)).toEqual([]);
    expect(check(good.replace('/tree/main/v1.34/kubermatic"', '/tree/master/v1.34/kubermatic/"'))).toEqual(
      []
    );
  });

  it('accepts snake_case metadata keys', () => {
    const snake = good
      .replace('  websiteUrl:', '  website_url:')
      .replace('  k8sConformanceUrl:', '  k8s_conformance_url:');
    expect(check(snake)).toEqual([]);
  });

  it('flags a k8sConformanceUrl of the wrong shape', () => {
    const bad = good.replace('tree/main/v1.34/kubermatic', 'blob/main/v1.34/kubermatic');
    expect(check(bad)).toEqual([
      {
        path: 'metadata.k8sConformanceUrl',
        line: 16,
        message:
          '"https://github.com/cncf/k8s-conformance/blob/main/v1.34/kubermatic" is not a k8s-conformance submission URL: expected https://github.com/cncf/k8s-conformance/tree/main/vX.Y/<product>'
      }
    ]);
  });

  it('flags empty, non-string metadata and an empty optional field only when placeholder', () => {
    const bad = good
      .replace('  platformVersion: "v2.29"', '  platformVersion: 2.30')
      .replace('  vendorName: "Kubermatic"', '  vendorName: ""')
      .replace('  repoUrl: "https://github.com/kubermatic/kubermatic"', '  repoUrl: ""');
    expect(check(bad)).toEqual([
      { path: 'metadata.platformVersion', line: 8, message: '2.30 is not a string: quote it ("2.30")' },
      { path: 'metadata.vendorName', line: 9, message: 'is empty (required)' }
    ]);
  });

  it('flags statuses: wrong case, N/A without notes, MUST not Implemented, level changed', () => {
    const gang = /( {4}- id: gang_scheduling\n.*\n {6}level: )MUST\n {6}status: "Implemented"/;
    const text = good
      .replace('      status: "Implemented"   # Implemented', '      status: "implemented"   # Implemented')
      .replace(gang, '$1SHOULD\n      status: "N/A"');
    expect(check(text)).toEqual([
      {
        path: 'spec.accelerators[0].status',
        line: lineOf(text, 'status: "implemented"'),
        message: `dra_support: status "implemented" is not valid: expected ${CHOICES} (exact case); a MUST item must be Implemented`
      },
      {
        path: 'spec.schedulingOrchestration[0].level',
        line: lineOf(text, 'level: SHOULD'),
        message: 'gang_scheduling: level "SHOULD"; the 1.34 checklist says MUST'
      },
      {
        path: 'spec.schedulingOrchestration[0].status',
        line: lineOf(text, 'status: "N/A"'),
        message: 'gang_scheduling: MUST item is "N/A": a MUST item must be Implemented'
      },
      {
        path: 'spec.schedulingOrchestration[0].notes',
        line: lineOf(text, 'status: "N/A"') + 3,
        message: 'gang_scheduling: N/A needs notes that justify it'
      }
    ]);
  });

  it('lets a SHOULD stay unanswered, but not with evidence', () => {
    const template = readFileSync(`${templates}/AIConformance-1.35.yaml`, 'utf8');
    const shoulds = (text: string) => check(text).filter(p => p.message.startsWith('gpu_sharing'));
    expect(shoulds(template)).toEqual([]);
    const withEvidence = template.replace(
      '    - id: gpu_sharing\n      description',
      '    - id: gpu_sharing\n      evidence: ["x"]\n      description'
    );
    expect(
      shoulds(withEvidence.replace(/(- id: gpu_sharing[\s\S]*?)\n {6}evidence: \[\]\n/, '$1\n'))
    ).toEqual([
      {
        path: 'spec.accelerators[2].status',
        line: lineOf(withEvidence, '- id: gpu_sharing') + 4,
        message: `gpu_sharing: status is empty: expected ${CHOICES} (exact case)`
      }
    ]);
  });

  it('flags missing sections, categories and requirements at their parent line', () => {
    expect(
      check('metadata:\n  kubernetesVersion: v1.33\n').filter(p => !p.path.startsWith('metadata.'))
    ).toEqual([{ path: 'spec', line: 1, message: 'missing section' }]);
    const noNetworking = good.replace(
      / {2}networking:\n[\s\S]*? {2}schedulingOrchestration:/,
      '  schedulingOrchestration:'
    );
    expect(check(noNetworking)).toEqual([
      {
        path: 'spec.networking',
        line: lineOf(good, 'spec:'),
        message: 'missing category (in the 1.34 checklist)'
      }
    ]);
    const noPod = good.replace(/ {4}- id: pod_autoscaling\n[\s\S]*? {2}observability:/, '  observability:');
    expect(check(noPod)).toEqual([
      {
        path: 'spec.schedulingOrchestration',
        line: lineOf(good, 'schedulingOrchestration:'),
        message: 'missing requirement pod_autoscaling (MUST in the 1.34 checklist)'
      }
    ]);
  });

  it('needs a known kubernetesVersion', () => {
    expect(() => check(good.replace('kubernetesVersion: v1.34', 'kubernetesVersion: v1.20'))).toThrow(
      'P.yaml:6: metadata.kubernetesVersion: unknown conformance version "v1.20": expected one of 1.33, 1.34, 1.35, 1.36, 1.37'
    );
    expect(() => check(good.replace('  kubernetesVersion: v1.34\n', ''))).toThrow(
      'P.yaml:5: metadata.kubernetesVersion: missing: it names the checklist (e.g. v1.34)'
    );
  });
});
