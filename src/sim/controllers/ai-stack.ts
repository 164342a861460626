/**
 * The simulated software of the AI stack that needs more than stages: the cluster network
 * (ctx.network: container programs and gateway data planes answering HTTP), the gateway
 * controllers, the Prometheus scrapers, the KubeRay and Kubeflow Trainer operators, and GPU
 * feature discovery. Each handler of the scenario starts what its type runs.
 */
import { startPrometheusScrapers } from '../handlers/scraper.js';
import { gatewayDataPlane } from '../net/gateway.js';
import { ClusterNetwork } from '../net/network.js';
import { programServers } from '../net/servers.js';
import { startGpuFeatureDiscovery } from '../pods/gfd.js';
import type { SimContext } from './context.js';
import { startGatewayController } from './gateway.js';
import { startKubeRay } from './kuberay.js';
import { startTrainer } from './trainer.js';

export function startAiStack(ctx: SimContext): () => void {
  const network = new ClusterNetwork(ctx);
  ctx.network = network;
  const handlers = ctx.handlers ?? [];
  const stops: Array<() => void> = [];
  for (const h of handlers) {
    if (h.type === 'gateway') {
      network.addResolver(gatewayDataPlane(ctx, network, h));
      stops.push(startGatewayController(ctx, h));
    } else if (h.type === 'kuberay') stops.push(startKubeRay(ctx, h));
    else if (h.type === 'kubeflow-trainer') stops.push(startTrainer(ctx, h));
  }
  network.addResolver(programServers(ctx));
  stops.push(startPrometheusScrapers(ctx, network), startGpuFeatureDiscovery(ctx));
  return () => {
    for (const s of stops) s();
  };
}
