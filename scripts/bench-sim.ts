/**
 * Simulator benchmark: start-up time, bulk creation of 5,000 nodes and 50,000 pods, and listing
 * them page by page (limit 500) through @kubernetes/client-node, with peak RSS.
 *
 * Run: npm run bench:sim   (Node 24 runs the TypeScript sources directly:
 * --experimental-transform-types, with scripts/ts-resolve.mjs mapping "./x.js" imports to x.ts).
 * Options: --nodes N --pods N --page N.
 *
 * More start-up cases: add an entry to STARTUPS (a name and a function that starts a simulator
 * and returns something to close).
 */
import { request } from 'node:https';
import * as k8s from '@kubernetes/client-node';
import { registerBuiltinTypes } from '../src/sim/builtin-types.js';
import { realClock } from '../src/sim/clock.js';
import { startSimulator } from '../src/sim/index.js';
import { startApiServer, type ApiServer } from '../src/sim/server.js';
import { ObjectStore, type KObject } from '../src/sim/store.js';

interface Row {
  step: string;
  ms: number;
  detail: string;
}

const rows: Row[] = [];
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

async function timed<T>(
  step: string,
  fn: () => Promise<T> | T,
  detail: (r: T) => string = () => ''
): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  rows.push({ step, ms: performance.now() - t0, detail: detail(r) });
  return r;
}

/** Start-up cases: each starts a simulator and answers its first discovery request. */
const STARTUPS: Array<{ name: string; start(): Promise<{ close(): Promise<void> }> }> = [
  {
    name: 'built-in types (1.34)',
    async start() {
      const store = new ObjectStore(realClock);
      registerBuiltinTypes(store, 34);
      const server = await startApiServer({ store });
      await getJson(server, '/apis');
      return server;
    }
  },
  {
    name: 'scenario ack-gpu-1.34 (settled, serving)',
    async start() {
      const sim = await startSimulator({ scenario: 'ack-gpu-1.34' });
      return { close: () => sim.stop() };
    }
  }
];

function getJson(server: ApiServer, path: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, server.url),
      { ca: server.caPem, headers: { Authorization: `Bearer ${server.token}`, Accept: 'application/json' } },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        res.on('error', reject);
      }
    );
    req.on('error', reject);
    req.end();
  });
}

function node(i: number): KObject {
  const name = `node-${String(i).padStart(5, '0')}`;
  const gpu = i % 4 === 0;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...(gpu ? { 'nvidia.com/gpu.present': 'true' } : {})
      }
    },
    spec: gpu ? { taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] } : {},
    status: {
      capacity: { cpu: '32', memory: '128Gi', pods: '110', ...(gpu ? { 'nvidia.com/gpu': '8' } : {}) },
      allocatable: { cpu: '31', memory: '120Gi', pods: '110', ...(gpu ? { 'nvidia.com/gpu': '8' } : {}) },
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: '2026-01-01T00:00:00Z' }
      ],
      addresses: [{ type: 'InternalIP', address: `10.0.${Math.floor(i / 250)}.${i % 250}` }],
      nodeInfo: {
        kubeletVersion: 'v1.34.0',
        containerRuntimeVersion: 'containerd://2.1.0',
        osImage: 'Ubuntu 24.04',
        architecture: 'amd64'
      }
    }
  };
}

function pod(i: number, nodes: number): KObject {
  const ns = `team-${String(i % 50).padStart(2, '0')}`;
  const app = `app-${i % 200}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${app}-${i.toString(36)}`,
      namespace: ns,
      labels: { app, 'pod-template-hash': 'abc123' }
    },
    spec: {
      nodeName: `node-${String(i % nodes).padStart(5, '0')}`,
      containers: [
        {
          name: 'main',
          image: 'registry.example.com/app:1.0',
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          ports: [{ containerPort: 8080 }]
        }
      ],
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler'
    },
    status: {
      phase: 'Running',
      podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'PodScheduled', status: 'True' }
      ],
      containerStatuses: [
        {
          name: 'main',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: '2026-01-01T00:00:00Z' } }
        }
      ]
    }
  };
}

async function main(): Promise<void> {
  const nodeCount = arg('nodes', 5000);
  const podCount = arg('pods', 50000);
  const page = arg('page', 500);

  for (const s of STARTUPS) {
    const sim = await timed(
      `start-up: ${s.name}`,
      () => s.start(),
      () => `RSS ${rssMb()} MB`
    );
    await sim.close();
  }

  const store = new ObjectStore(realClock);
  registerBuiltinTypes(store, 34);
  for (let i = 0; i < 50; i++)
    store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `team-${String(i).padStart(2, '0')}` }
    });
  await timed(
    `create ${nodeCount} nodes (store)`,
    () => store.createMany(Array.from({ length: nodeCount }, (_, i) => node(i))),
    () => `RSS ${rssMb()} MB`
  );
  await timed(
    `create ${podCount} pods (store)`,
    () => store.createMany(Array.from({ length: podCount }, (_, i) => pod(i, nodeCount))),
    () => `RSS ${rssMb()} MB`
  );
  const server = await startApiServer({ store });
  const kc = new k8s.KubeConfig();
  kc.loadFromString(server.kubeconfig());
  const core = kc.makeApiClient(k8s.CoreV1Api);

  const pageAll = async (
    list: (token?: string) => Promise<{ items: unknown[]; metadata?: { _continue?: string } }>
  ) => {
    let token: string | undefined;
    let items = 0;
    let pages = 0;
    do {
      const r = await list(token);
      items += r.items.length;
      pages++;
      token = r.metadata?._continue;
    } while (token);
    return { items, pages };
  };
  const detail = (r: { items: number; pages: number }) =>
    `${r.items} items, ${r.pages} pages, RSS ${rssMb()} MB`;

  await timed(
    `list nodes, limit ${page} (client-node)`,
    () => pageAll(t => core.listNode({ limit: page, _continue: t })),
    detail
  );
  await timed(
    `list pods, limit ${page} (client-node)`,
    () => pageAll(t => core.listPodForAllNamespaces({ limit: page, _continue: t })),
    detail
  );
  await timed(
    `list pods, limit ${page} (raw JSON)`,
    () =>
      pageAll(async t => {
        const r = await getJson(
          server,
          `/api/v1/pods?limit=${page}${t ? `&continue=${encodeURIComponent(t)}` : ''}`
        );
        return { items: r.items, metadata: { _continue: r.metadata.continue } };
      }),
    detail
  );
  await timed(
    `list pods, labelSelector app=app-7 (client-node)`,
    () =>
      pageAll(t => core.listPodForAllNamespaces({ limit: page, labelSelector: 'app=app-7', _continue: t })),
    detail
  );
  await server.close();

  const w = Math.max(...rows.map(r => r.step.length));
  console.log(`\n${'step'.padEnd(w)}  ${'time'.padStart(10)}  detail`);
  console.log(`${'-'.repeat(w)}  ${'-'.repeat(10)}  ${'-'.repeat(40)}`);
  for (const r of rows)
    console.log(`${r.step.padEnd(w)}  ${`${r.ms.toFixed(0)} ms`.padStart(10)}  ${r.detail}`);
  console.log(`\npeak RSS (maxRSS): ${rssMb()} MB; Node ${process.version}`);
}

await main();
