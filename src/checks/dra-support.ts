/**
 * dra_support: the DRA APIs are served. KAR-0051's test plan is "all resource.k8s.io/v1 DRA API
 * resources are enabled" (DeviceClass, ResourceClaim, ResourceClaimTemplate, ResourceSlice); 1.33
 * (a SHOULD) accepts the beta versions. Beyond the API, what drivers publish is recorded, and a
 * driver that is installed (a DeviceClass names it, its kubelet plugin exists) but publishes no
 * devices makes the result partial: requests through DRA would stay pending.
 */
import { compareVersions } from '../catalog/index.js';
import { acceleratorDrivers, DRA_GROUP, DRA_KINDS } from '../kube/dra.js';
import { describeWorkload, findWorkloads } from '../kube/workloads.js';
import { fail, listShort, partial, pass, plural } from './finding.js';
import type { Check } from './types.js';

const KIND_NAMES: Record<string, string> = {
  deviceclasses: 'DeviceClass',
  resourceclaims: 'ResourceClaim',
  resourceclaimtemplates: 'ResourceClaimTemplate',
  resourceslices: 'ResourceSlice'
};

/** DRA kubelet plugins: the NVIDIA driver's, the example driver's, and the usual naming. */
export const DRA_PLUGIN = {
  kinds: ['DaemonSet' as const],
  name: /(dra.*(kubelet|plugin)|kubelet-?plugin)/,
  image: /(dra-driver|dra-example-driver|\/dranet)/
};

export const draSupport: Check = {
  id: 'dra_support',
  title: 'DRA Support',
  async detect(ctx) {
    const discovery = await ctx.discovery();
    const versions = discovery.versions(DRA_GROUP);
    if (versions.length === 0) {
      return fail(`${DRA_GROUP} is not served: the DRA APIs are not enabled on this cluster`, [
        `discovery: no ${DRA_GROUP} group (served groups: ${discovery.groups().length})`
      ]);
    }
    const evidence: string[] = [];
    const complete: string[] = [];
    for (const v of versions) {
      const served = DRA_KINDS.filter(k => discovery.serves(DRA_GROUP, v, k));
      evidence.push(
        `${DRA_GROUP}/${v}: ${served.map(k => KIND_NAMES[k]).join(', ') || 'none of the four DRA kinds'}`
      );
      if (served.length === DRA_KINDS.length) complete.push(v);
    }
    const [dra, workloads] = await Promise.all([ctx.dra(), ctx.workloads()]);
    evidence.push(
      dra.classes.length > 0
        ? `DeviceClasses: ${dra.classes.map(c => c.name).join(', ')}`
        : 'DeviceClasses: none'
    );
    for (const d of dra.drivers.values()) {
      const attrs = [...d.attributes].slice(0, 8).join(', ');
      evidence.push(
        `driver ${d.driver}: ${plural(d.devices, 'device')} on ${d.allNodes ? 'all nodes' : plural(d.nodes.size, 'node')} in ${plural(d.slices, 'ResourceSlice')}${attrs ? ` (attributes ${attrs})` : ''}`
      );
    }
    const plugins = findWorkloads(workloads, DRA_PLUGIN);
    for (const p of plugins) evidence.push(`kubelet plugin ${describeWorkload(p)}`);

    const needsV1 = compareVersions(ctx.conformanceVersion, '1.34') >= 0;
    const good = needsV1 ? complete.includes('v1') : complete.length > 0;
    const used = needsV1 ? 'v1' : complete[0];
    if (!good) {
      if (complete.length > 0) {
        return partial(
          `${DRA_GROUP} is served only at ${complete.join(', ')}; the ${ctx.conformanceVersion} requirement needs ${DRA_GROUP}/v1`,
          evidence
        );
      }
      const best = versions[0];
      const missing = DRA_KINDS.filter(k => !discovery.serves(DRA_GROUP, best, k)).map(k => KIND_NAMES[k]);
      return partial(
        `${DRA_GROUP}/${best} lacks ${missing.join(', ')}: not every DRA kind is enabled`,
        evidence
      );
    }

    const publishing = new Set([...dra.drivers.values()].filter(d => d.devices > 0).map(d => d.driver));
    const accelerators = acceleratorDrivers(dra);
    // A DeviceClass for accelerators whose driver publishes nothing: the driver is installed but idle.
    const idle = dra.classes.filter(c =>
      c.drivers.some(d => /gpu|tpu|neuron|accelerator/i.test(d) && !publishing.has(d))
    );
    const notReady = plugins.filter(p => !p.state.allReady);
    const api = `${DRA_GROUP}/${used} serves ${DRA_KINDS.map(k => KIND_NAMES[k]).join(', ')}`;
    const solution =
      accelerators.length > 0
        ? `DRA ${DRA_GROUP}/${used} (driver ${accelerators.map(d => d.driver).join(', ')})`
        : `DRA ${DRA_GROUP}/${used}`;
    if (idle.length > 0 && accelerators.length === 0) {
      return partial(
        `${api}, but DeviceClass${idle.length > 1 ? 'es' : ''} ${listShort(idle.map(c => c.name))} ${idle.length > 1 ? 'have' : 'has'} no devices: driver ${listShort([...new Set(idle.flatMap(c => c.drivers))])} publishes no ResourceSlices${notReady.length ? ` (${notReady.map(describeWorkload).join('; ')})` : ''}`,
        evidence,
        solution
      );
    }
    if (notReady.length > 0 && accelerators.length > 0) {
      return partial(
        `${api}, but DRA kubelet plugin ${notReady.map(describeWorkload).join('; ')}: some nodes publish no devices`,
        evidence,
        solution
      );
    }
    const devices = accelerators.reduce((n, d) => n + d.devices, 0);
    const nodes = new Set(accelerators.flatMap(d => [...d.nodes])).size;
    const detail =
      accelerators.length > 0
        ? `; ${accelerators.map(d => d.driver).join(', ')} publishes ${plural(devices, 'device')} on ${plural(nodes, 'node')}`
        : '; no DRA driver publishes accelerators on this cluster yet';
    return pass(`${api}${detail}`, evidence, solution);
  }
};
