import { describe, expect, it } from '@jest/globals';
import {
  ACK_INPUT_DEFAULTS,
  inputsFromEnv,
  parseAckOptions,
  readAckOptions,
  type AckInputName
} from '../../../src/target/ack/inputs.js';

const SECRET = 'sup3r-s3cret-value-XYZ';

function read(values: Partial<Record<AckInputName, string>>, conformanceVersion: string | null = null) {
  const problems: string[] = [];
  const options = readAckOptions(name => values[name] ?? '', problems, { conformanceVersion });
  return { options, problems };
}

const KEYS = { 'alibaba-cloud-access-key-id': 'LTAI5tKEYID', 'alibaba-cloud-access-key-secret': SECRET };

describe('ACK inputs', () => {
  it('is off without ack-cluster-id or ack-provision', () => {
    expect(read({})).toEqual({ options: null, problems: [] });
    expect(
      read({ 'alibaba-cloud-region': 'cn-hangzhou', 'ack-teardown': 'always', 'ack-gpu-count': '1' })
    ).toEqual({ options: null, problems: [] });
  });

  it('flags ACK inputs given without ack-cluster-id or ack-provision', () => {
    expect(read({ 'ack-max-lifetime-minutes': '120', 'ack-teardown': 'never' }).problems).toEqual([
      'input "ack-max-lifetime-minutes" is set but neither "ack-cluster-id" nor "ack-provision: true" is: set one of them, or remove it',
      'input "ack-teardown" is set but neither "ack-cluster-id" nor "ack-provision: true" is: set one of them, or remove it'
    ]);
  });

  it('reads a connection with defaults', () => {
    const { options, problems } = read({
      'ack-cluster-id': 'c0123456789abcdef',
      'alibaba-cloud-region': 'ap-southeast-1',
      ...KEYS
    });
    expect(problems).toEqual([]);
    expect(options).toEqual({
      mode: 'connect',
      region: 'ap-southeast-1',
      clusterId: 'c0123456789abcdef',
      credentials: {
        accessKeyId: 'LTAI5tKEYID',
        accessKeySecret: SECRET,
        securityToken: undefined,
        roleArn: undefined,
        oidcProviderArn: undefined
      },
      privateEndpoint: false,
      kubeconfigTtlMinutes: 60,
      provision: null,
      teardown: 'always'
    });
  });

  it('reads a provisioning run', () => {
    const { options, problems } = read(
      {
        'ack-provision': 'true',
        'alibaba-cloud-region': 'cn-hangzhou',
        'alibaba-cloud-role-arn': 'acs:ram::1234567890123456:role/ci',
        'alibaba-cloud-oidc-provider-arn': 'acs:ram::1234567890123456:oidc-provider/github',
        'ack-max-lifetime-minutes': '240',
        'ack-gpu-count': '3',
        'ack-teardown': 'on-success',
        'kubeconfig-ttl-minutes': '4320',
        'ack-private-endpoint': 'true'
      },
      '1.34'
    );
    expect(problems).toEqual([]);
    expect(options).toMatchObject({
      mode: 'provision',
      clusterId: null,
      privateEndpoint: true,
      kubeconfigTtlMinutes: 4320,
      teardown: 'on-success',
      provision: {
        spec: null,
        gpuInstanceType: ACK_INPUT_DEFAULTS['ack-gpu-instance-type'],
        gpuCount: 3,
        maxLifetimeMinutes: 240,
        kubernetesMinor: '1.34'
      }
    });
  });

  it('will not provision without ack-max-lifetime-minutes', () => {
    expect(
      read({ 'ack-provision': 'true', 'alibaba-cloud-region': 'cn-hangzhou', ...KEYS }).problems
    ).toEqual([
      'input "ack-max-lifetime-minutes" is required with "ack-provision: true": the minutes after which `ai-conformance ack sweep` may delete the cluster (30–4320); it caps the cost of a cluster a failed teardown leaves behind'
    ]);
  });

  it('names every bad input at once, and never quotes a secret', () => {
    const { problems } = read({
      'ack-cluster-id': 'c0123456789abcdef',
      'ack-provision': 'yes',
      'alibaba-cloud-access-key-secret': SECRET,
      'kubeconfig-ttl-minutes': '10',
      'ack-private-endpoint': 'maybe',
      'ack-gpu-count': '2'
    });
    expect(problems).toEqual([
      'input "ack-provision": "yes" is not a boolean: use true or false',
      'input "ack-gpu-count" only applies with "ack-provision: true"',
      'input "alibaba-cloud-region" is required with ACK: the region id of the cluster, e.g. cn-hangzhou',
      'input "alibaba-cloud-access-key-id" is missing: "alibaba-cloud-access-key-id" and "alibaba-cloud-access-key-secret" go together (a security token needs both)',
      'input "ack-private-endpoint": "maybe" is not a boolean: use true or false',
      'input "kubeconfig-ttl-minutes": "10" is not a whole number of minutes from 15 to 4320'
    ]);
    expect(problems.join('\n')).not.toContain(SECRET);
  });

  it.each([
    [
      { 'ack-cluster-id': 'c0123456789abcdef', 'ack-provision': 'true', 'ack-max-lifetime-minutes': '60' },
      'inputs "ack-cluster-id" and "ack-provision: true" are both set: connect to an existing cluster or provision a new one, not both'
    ],
    [
      { 'ack-cluster-id': 'c 01' },
      'input "ack-cluster-id": "c 01" is not an ACK cluster id (letters, digits and hyphens, e.g. c3fb96524f9274b4495df0f12a6b5xxxx)'
    ],
    [
      { 'ack-cluster-id': 'c0123456789abcdef', 'alibaba-cloud-region': 'Hangzhou' },
      'input "alibaba-cloud-region": "Hangzhou" is not a region id (e.g. cn-hangzhou, ap-southeast-1)'
    ],
    [
      { 'ack-cluster-id': 'c0123456789abcdef', 'ack-teardown': 'sometimes' },
      'input "ack-teardown": "sometimes" is not one of always, on-success, never'
    ],
    [
      {
        'ack-cluster-id': 'c0123456789abcdef',
        'alibaba-cloud-role-arn': 'arn:aws:iam::1:role/x',
        'alibaba-cloud-oidc-provider-arn': 'acs:ram::1:oidc-provider/gh'
      },
      'input "alibaba-cloud-role-arn": "arn:aws:iam::1:role/x" is not a RAM role ARN (acs:ram::<account id>:role/<role name>)'
    ],
    [
      { 'ack-cluster-id': 'c0123456789abcdef', 'alibaba-cloud-role-arn': 'acs:ram::1:role/x' },
      'input "alibaba-cloud-oidc-provider-arn" is missing: "alibaba-cloud-role-arn" and "alibaba-cloud-oidc-provider-arn" go together for keyless OIDC'
    ],
    [
      {
        'ack-cluster-id': 'c0123456789abcdef',
        ...KEYS,
        'alibaba-cloud-role-arn': 'acs:ram::1:role/x',
        'alibaba-cloud-oidc-provider-arn': 'acs:ram::1:oidc-provider/gh'
      },
      'inputs "alibaba-cloud-access-key-id"/"alibaba-cloud-access-key-secret" and "alibaba-cloud-role-arn"/"alibaba-cloud-oidc-provider-arn" are both set: use access keys or OIDC, not both'
    ],
    [
      { 'ack-provision': 'true', 'ack-max-lifetime-minutes': '10' },
      'input "ack-max-lifetime-minutes": "10" is not a whole number of minutes from 30 to 4320'
    ],
    [
      { 'ack-provision': 'true', 'ack-max-lifetime-minutes': '60', 'ack-gpu-count': '0' },
      'input "ack-gpu-count": "0" is not a whole number of GPU nodes from 1 to 50'
    ],
    [
      { 'ack-provision': 'true', 'ack-max-lifetime-minutes': '60', 'ack-gpu-instance-type': 'gn7i' },
      'input "ack-gpu-instance-type": "gn7i" is not an ECS instance type (e.g. ecs.gn7i-c8g1.2xlarge)'
    ]
  ] as Array<[Partial<Record<AckInputName, string>>, string]>)('%j → %s', (values, message) => {
    expect(read({ 'alibaba-cloud-region': 'cn-hangzhou', ...values }).problems).toContain(message);
  });

  describe('ack-cluster-spec', () => {
    const spec = (text: string) =>
      read({
        'ack-provision': 'true',
        'alibaba-cloud-region': 'cn-hangzhou',
        'ack-max-lifetime-minutes': '60',
        'ack-cluster-spec': text
      });

    it('accepts JSON and YAML mappings', () => {
      expect(spec('{"vpcid": "vpc-1"}').options?.provision?.spec).toEqual({ vpcid: 'vpc-1' });
      expect(spec('vpcid: vpc-2\nvswitch_ids: [vsw-1]').options?.provision?.spec).toEqual({
        vpcid: 'vpc-2',
        vswitch_ids: ['vsw-1']
      });
    });

    it.each([
      ['{"vpcid": ', /^input "ack-cluster-spec": not YAML or JSON \(/],
      ['- a\n- b', /^input "ack-cluster-spec": must be a mapping \(a CreateCluster request body\)/],
      [
        'clusterType: ManagedKubernetes',
        /^input "ack-cluster-spec": field "clusterType": use the API's snake_case names \(cluster_type\)$/
      ],
      [
        'region_id: cn-beijing',
        /^input "ack-cluster-spec": "region_id" is "cn-beijing" but input "alibaba-cloud-region" is "cn-hangzhou": make them the same/
      ],
      [
        'deletion_protection: true',
        /^input "ack-cluster-spec": "deletion_protection: true" would stop teardown and the sweep from deleting the cluster: remove it$/
      ],
      ['nodepools: {}', /^input "ack-cluster-spec": "nodepools" must be a list of node pools$/],
      ['tags: [plain]', /^input "ack-cluster-spec": "tags" must be a list of \{key, value\}$/],
      ['vpcid: 1', /^input "ack-cluster-spec": "vpcid" must be a string$/],
      ['a: 1\na: 2', /^input "ack-cluster-spec": not YAML or JSON \(Map keys must be unique/]
    ])('%s is refused', (text, message) => {
      const { problems } = spec(text);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(message);
    });

    it('never quotes the spec (it may hold a node password)', () => {
      const { problems } = spec('login_password: "Hunter2-secret!"\nclusterSpec: x');
      expect(problems.join('\n')).not.toContain('Hunter2');
    });
  });

  it('reads INPUT_* variables like the runner passes them', () => {
    const get = inputsFromEnv({
      'INPUT_ACK-CLUSTER-ID': ' c0123456789abcdef ',
      'INPUT_ALIBABA-CLOUD-REGION': 'cn-hangzhou'
    });
    expect(get('ack-cluster-id')).toBe('c0123456789abcdef');
    expect(parseAckOptions(get, { conformanceVersion: null })?.clusterId).toBe('c0123456789abcdef');
    expect(() =>
      parseAckOptions(name => (name === 'ack-provision' ? 'true' : ''), { conformanceVersion: null })
    ).toThrow(/^2 invalid inputs:\n- input "alibaba-cloud-region" is required/);
  });
});
