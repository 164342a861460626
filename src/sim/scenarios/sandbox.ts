/**
 * Sandbox runtimes as RuntimeClasses whose handler the nodes' container runtime offers, each with
 * the guest kernel its pods see (src/sim/pods/sandbox.ts): gVisor (RuntimeClass gvisor, handler
 * runsc, whose Sentry reports kernel 4.4.0, as gVisor's docs show), Kata Containers as kata-deploy
 * installs it (RuntimeClasses kata, kata-qemu, kata-clh with pod overhead and the
 * katacontainers.io/kata-runtime node selector; the guest kernel version is representative), and
 * ACK's sandboxed containers (RuntimeClass runv; its guest kernel version and node labels are
 * unverified).
 */
import { HEADER } from './common.js';

const SHARES_HOST_KERNEL = `  - name: sandbox-runtime-shares-host-kernel
    description: pods of the sandbox RuntimeClass run, but on the node's own kernel (no kernel boundary)
    runtime: {sandboxSharesHostKernel: true}
`;

export const GVISOR = `${HEADER}
kind: AddOn
metadata:
  name: gvisor
  description: gVisor sandbox runtime (RuntimeClass gvisor, handler runsc) on every node
  source: gvisor.dev docs (containerd runtime handler runsc, RuntimeClass gvisor); uname -r in a gVisor sandbox reports 4.4.0
spec:
  runtime:
    sandboxHandlers:
      runsc: {release: 4.4.0, version: "Linux version 4.4.0 #1 SMP Sun Jan 10 15:06:54 PST 2016"}
  breaks:
${SHARES_HOST_KERNEL}---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: gvisor}
handler: runsc
`;

const kataClass = (name: string): string => `---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: ${name}, labels: {app.kubernetes.io/managed-by: kata-deploy}}
handler: ${name}
overhead: {podFixed: {memory: 160Mi, cpu: 250m}}
scheduling: {nodeSelector: {katacontainers.io/kata-runtime: "true"}}
`;

const KATA_KERNEL = '{release: 6.12.36, version: "Linux version 6.12.36 (@kata-containers) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #1 SMP Thu Jul 10 00:00:00 UTC 2025"}';

export const KATA = `${HEADER}
kind: AddOn
metadata:
  name: kata
  description: Kata Containers 3 installed by kata-deploy (RuntimeClasses kata, kata-qemu, kata-clh; nodes labelled katacontainers.io/kata-runtime=true)
  source: kata-containers/kata-containers tools/packaging/kata-deploy (DaemonSet kata-deploy in kube-system, runtimeclasses.yaml); the guest kernel version is representative (unverified)
spec:
  runtime:
    sandboxHandlers:
      kata: ${KATA_KERNEL}
      kata-qemu: ${KATA_KERNEL}
      kata-clh: ${KATA_KERNEL}
  stages:
  - apiVersion: sim.ai-conformance.dev/v1alpha1
    kind: Stage
    metadata: {name: kata-deploy-labels-node, description: kata-deploy installs the runtime on a node and labels it}
    spec:
      resourceRef: {kind: Node}
      selector:
        matchExpressions: [{key: '.metadata.labels["katacontainers.io/kata-runtime"]', operator: DoesNotExist}]
      delay: 1s
      steps:
      - patch: {metadata: {labels: {katacontainers.io/kata-runtime: "true"}}}
  breaks:
${SHARES_HOST_KERNEL}---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kata-deploy, namespace: kube-system, labels: {name: kata-deploy}}
spec:
  selector: {matchLabels: {name: kata-deploy}}
  template:
    metadata: {labels: {name: kata-deploy}}
    spec:
      serviceAccountName: kata-deploy-sa
      tolerations: [{operator: Exists}]
      containers: [{name: kube-kata, image: "quay.io/kata-containers/kata-deploy:3.18.0", command: [bash, -c, /opt/kata-artifacts/scripts/kata-deploy.sh install], securityContext: {privileged: true}}]
${kataClass('kata')}${kataClass('kata-qemu')}${kataClass('kata-clh')}`;

/** The guest kernel runV sandboxes report (also used by the ACK scenarios' own RuntimeClass runv). */
export const RUNV_KERNEL =
  '{release: 5.10.134-17.2.al8.x86_64, version: "Linux version 5.10.134-17.2.al8.x86_64 (mockbuild@x86-build-1) (gcc (GCC) 10.2.1 20200825 (Alibaba 10.2.1-3.8 2.32), GNU ld version 2.35-5.al8) #1 SMP Fri Jan 10 00:00:00 CST 2025 (sandbox guest)"}';

export const ACK_SANDBOXED_CONTAINER = `${HEADER}
kind: AddOn
metadata:
  name: ack-sandboxed-container
  description: ACK Sandboxed-Container (runV) runtime, RuntimeClass runv
  source: ACK docs (Sandboxed-Container, runtimeClassName runv); the guest kernel version and the sandboxed node pool labels are unverified
spec:
  runtime:
    sandboxHandlers:
      runv: ${RUNV_KERNEL}
  breaks:
${SHARES_HOST_KERNEL}---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: runv}
handler: runv
`;
