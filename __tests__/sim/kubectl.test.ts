/**
 * A client nobody here wrote: the real kubectl against the simulator. Skipped, with the reason
 * printed, where kubectl is absent or cannot run.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { registerBuiltinTypes } from '../../src/sim/builtin-types.js';
import { FakeClock } from '../../src/sim/clock.js';
import { startApiServer, type ApiServer, type RequestEvent } from '../../src/sim/server.js';
import { ObjectStore } from '../../src/sim/store.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise(resolve => {
    execFile(file, args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : 127) : 0;
      resolve({
        code,
        stdout,
        stderr: stderr || (err && typeof (err as any).code !== 'number' ? String(err.message) : '')
      });
    });
  });
}

const home = mkdtempSync(join(tmpdir(), 'sim-kubectl-'));
const env = { ...process.env, HOME: home, KUBECONFIG: '' };
const probe = await run('kubectl', ['version', '--client'], env);
const skipReason =
  probe.code === 0
    ? undefined
    : `kubectl is not runnable here (${(probe.stderr || probe.stdout).trim().split('\n')[0] || `exit ${probe.code}`})`;
if (skipReason) console.warn(`kubectl tests skipped: ${skipReason}`);

(skipReason ? describe.skip : describe)('kubectl against the simulator', () => {
  let server: ApiServer;
  let store: ObjectStore;
  const kubeconfig = join(home, 'kubeconfig');
  const kubectl = (...args: string[]) =>
    run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(home, 'cache'), ...args], env);
  const file = (name: string, text: string) => {
    const p = join(home, name);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(async () => {
    store = new ObjectStore(new FakeClock(Date.now()));
    registerBuiltinTypes(store, 34);
    for (const name of ['default', 'kube-system'])
      store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    for (const [name, role] of [
      ['sim-control-plane', 'control-plane'],
      ['gpu-node-1', 'worker']
    ]) {
      store.create({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: { [`node-role.kubernetes.io/${role}`]: '' } },
        status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.34.0' } }
      });
    }
    server = await startApiServer({ store });
    server.writeKubeconfig(kubeconfig);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('get nodes prints the nodes with status, roles and version', async () => {
    const r = await kubectl('get', 'nodes');
    expect(r.stderr).toBe('');
    const lines = r.stdout
      .trim()
      .split('\n')
      .map(l => l.split(/\s+/));
    expect(lines[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(lines.slice(1).map(l => [l[0], l[1], l[2], l[4]])).toEqual([
      ['gpu-node-1', 'Ready', 'worker', 'v1.34.0'],
      ['sim-control-plane', 'Ready', 'control-plane', 'v1.34.0']
    ]);
  });

  it('api-resources lists the DRA kinds of 1.34', async () => {
    const r = await kubectl('api-resources', '--api-group=resource.k8s.io');
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map(l => l.split(/\s+/));
    expect(rows.map(x => `${x[0]} ${x[1]} ${x[2]} ${x[3]}`)).toEqual([
      'deviceclasses resource.k8s.io/v1 false DeviceClass',
      'resourceclaims resource.k8s.io/v1 true ResourceClaim',
      'resourceclaimtemplates resource.k8s.io/v1 true ResourceClaimTemplate',
      'resourceslices resource.k8s.io/v1 false ResourceSlice'
    ]);
  });

  it('create -f, wait for Established, get -o yaml, create a custom resource', async () => {
    const manifest = file(
      'objects.yaml',
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: demo
  labels: {app: demo}
data:
  greeting: hello
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`
    );
    const created = await kubectl('create', '-f', manifest);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim().split('\n')).toEqual([
      'configmap/demo created',
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created'
    ]);
    const waited = await kubectl(
      'wait',
      '--for=condition=Established',
      'crd/widgets.example.com',
      '--timeout=30s'
    );
    expect(waited.stdout.trim()).toBe(
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com condition met'
    );

    const yaml = await kubectl('get', 'configmap', 'demo', '-o', 'yaml');
    const cm = parse(yaml.stdout);
    expect(cm).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { greeting: 'hello' },
      metadata: { name: 'demo', namespace: 'default', labels: { app: 'demo' } }
    });
    expect(cm.metadata.uid).toBe(store.get('', 'configmaps', 'default', 'demo')!.metadata.uid);

    const widget = file(
      'widget.yaml',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 3}\n'
    );
    expect((await kubectl('create', '-f', widget)).stdout.trim()).toBe('widget.example.com/w1 created');
    const size = await kubectl('get', 'widgets', 'w1', '-o', 'jsonpath={.spec.size}');
    expect(size.stdout).toBe('3');
  });

  it('wait --for=condition=Ready sees a status a behaviour sets', async () => {
    store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'runner', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
      status: { phase: 'Pending' }
    });
    // Ready is set once kubectl is watching, so the condition arrives through the watch stream.
    const watching = new Promise<void>(resolve => {
      const onRequest = (ev: RequestEvent) => {
        if (ev.verb === 'watch' && ev.resource === 'pods') {
          server.requests.off('request', onRequest);
          resolve();
        }
      };
      server.requests.on('request', onRequest);
    });
    const waiting = kubectl('wait', '--for=condition=Ready', 'pod/runner', '--timeout=30s');
    await watching;
    const p = store.get('', 'pods', 'default', 'runner')!;
    store.update(
      { ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
      { subresource: 'status' }
    );
    expect((await waiting).stdout.trim()).toBe('pod/runner condition met');
  });

  it('create namespace and auth can-i (protobuf bodies) work, answered from the RBAC rules', async () => {
    expect((await kubectl('create', 'namespace', 'team-a')).stdout.trim()).toBe('namespace/team-a created');
    expect(store.get('', 'namespaces', undefined, 'team-a')!.status.phase).toBe('Active');
    expect(
      (await kubectl('auth', 'can-i', 'get', 'pods', '--subresource=log', '-n', 'team-a')).stdout.trim()
    ).toBe('yes');
    server.setRbac([{ verbs: ['get'], resources: ['pods/log'], apiGroups: [''], effect: 'deny' }]);
    const denied = await kubectl('auth', 'can-i', 'get', 'pods', '--subresource=log', '-n', 'team-a');
    expect(denied.stdout.trim()).toBe('no');
    expect(denied.code).toBe(1);
    server.setRbac([]);
  });

  it('delete removes objects and kubectl reports NotFound afterwards', async () => {
    const del = await kubectl('delete', 'configmap', 'demo');
    expect(del.stdout.trim()).toBe('configmap "demo" deleted');
    const gone = await kubectl('get', 'configmap', 'demo');
    expect(gone.code).toBe(1);
    expect(gone.stderr.trim()).toBe('Error from server (NotFound): configmaps "demo" not found');
    const crd = await kubectl('delete', '-f', join(home, 'widget.yaml'));
    expect(crd.stdout.trim()).toBe('widget.example.com "w1" deleted');
  });
});
