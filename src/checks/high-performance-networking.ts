/**
 * high_performance_networking (1.36+, SHOULD, conditional on the platform offering it): specialized
 * network devices managed and exposed so workloads can discover and attach them, with pods able
 * to use several interfaces; DRA (e.g. DRANET) is the preferred way. Recognised: DRA drivers that
 * publish network devices, RDMA/SR-IOV/EFA/eRDMA extended resources on nodes, and multi-network
 * attachment (Multus NetworkAttachmentDefinitions, the SR-IOV network operator, ACK Terway
 * PodNetworking). Devices with a way to attach them pass; one without the other is partial; none
 * at all is not applicable, and the reason says what was looked for.
 */
import { describeWorkload, findWorkloads } from '../kube/workloads.js';
import { listShort, notApplicable, partial, pass, plural } from './finding.js';
import type { Check } from './types.js';

const NET_DRIVER = /(dra\.net|dranet|net|rdma|nic|sriov|network)/i;
const NET_ATTRIBUTES = /(rdma|ifName|pciAddress|mac|networkName|linkSpeed|numa)/i;
const MULTUS = { kinds: ['DaemonSet' as const], name: /multus/, image: /multus-cni|\/multus/ };
const TERWAY = { kinds: ['DaemonSet' as const], name: /^terway/, image: /terway/ };
const ATTACHMENT_APIS: Array<[string, string, string]> = [
  ['k8s.cni.cncf.io', 'network-attachment-definitions', 'Multus NetworkAttachmentDefinition'],
  ['sriovnetwork.openshift.io', 'sriovnetworks', 'SR-IOV Network Operator'],
  ['network.alibabacloud.com', 'podnetworkings', 'Terway PodNetworking']
];

export const highPerformanceNetworking: Check = {
  id: 'high_performance_networking',
  title: 'High Performance Networking',
  async detect(ctx) {
    const [nodes, dra, workloads, discovery] = await Promise.all([
      ctx.nodes(),
      ctx.dra(),
      ctx.workloads(),
      ctx.discovery()
    ]);
    const evidence: string[] = [];
    const devices: string[] = [];
    const attach: string[] = [];

    const netDrivers = [...dra.drivers.values()].filter(
      d =>
        d.devices > 0 &&
        (NET_DRIVER.test(d.driver) || [...d.attributes].some(a => NET_ATTRIBUTES.test(a))) &&
        !/gpu|tpu/i.test(d.driver)
    );
    for (const d of netDrivers) {
      evidence.push(
        `DRA driver ${d.driver}: ${plural(d.devices, 'network device')} on ${plural(d.nodes.size, 'node')} (attributes ${listShort([...d.attributes], 6)})`
      );
      devices.push(`DRA ${d.driver}`);
      attach.push(`DRA ${d.driver}`);
    }
    const resources = new Map<string, number>();
    for (const n of nodes.networked) {
      for (const [k, r] of Object.entries(n.resources)) {
        if (r.allocatable > 0 && !k.startsWith('nvidia.com/gpu'))
          resources.set(k, (resources.get(k) ?? 0) + 1);
      }
    }
    for (const [k, count] of resources) {
      evidence.push(`extended resource ${k} on ${plural(count, 'node')}`);
      devices.push(k);
    }
    for (const [group, resource, name] of ATTACHMENT_APIS) {
      const v = discovery.versionsOf(group, resource)[0];
      if (v) {
        evidence.push(`${name}: ${group}/${v} ${resource} served`);
        attach.push(name);
      }
    }
    const agents = [...findWorkloads(workloads, MULTUS), ...findWorkloads(workloads, TERWAY)];
    for (const a of agents) evidence.push(`network agent ${describeWorkload(a)}`);
    const downAgents = agents.filter(a => !a.state.allReady);

    if (devices.length === 0 && attach.length === 0) {
      return notApplicable(
        'this cluster offers no high-performance pod networking (no RDMA, SR-IOV, EFA or eRDMA devices, no DRA network driver, no multi-network attachment): the requirement applies where the platform offers it',
        [
          `${plural(nodes.total, 'node')}, none advertising RDMA/SR-IOV/EFA/eRDMA resources`,
          'k8s.cni.cncf.io, sriovnetwork.openshift.io: not served'
        ]
      );
    }
    const solution = [...new Set([...devices, ...attach])].join(', ');
    if (devices.length === 0) {
      return partial(
        `pods can attach several networks (${listShort([...new Set(attach)])}), but no high-performance network device is exposed`,
        evidence,
        solution
      );
    }
    if (attach.length === 0) {
      return partial(
        `high-performance network devices are exposed (${listShort(devices)}), but there is no multi-network attachment for pods (Multus, DRA)`,
        evidence,
        solution
      );
    }
    if (downAgents.length > 0) {
      return partial(
        `network devices (${listShort(devices)}) and attachment exist, but ${downAgents.map(describeWorkload).join('; ')}`,
        evidence,
        solution
      );
    }
    const viaDra = netDrivers.length > 0 ? ' through DRA' : '';
    return pass(
      `high-performance network devices are exposed${viaDra} (${listShort(devices)}) and pods can attach them (${listShort([...new Set(attach)])})`,
      evidence,
      solution
    );
  }
};
