/** Pods by node and by owner, kept current from store changes, so lookups stay cheap at scale. */
import type { KObject, ObjectStore } from '../store.js';

export function isTerminal(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export function isPodReady(pod: KObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

export class PodIndex {
  private readonly byNode = new Map<string, Map<string, KObject>>();
  private readonly byOwner = new Map<string, Map<string, KObject>>();
  private readonly unsubscribe: () => void;

  constructor(store: ObjectStore) {
    for (const p of store.list('', 'pods')) this.put(p);
    this.unsubscribe = store.onChange(c => {
      if (c.rtype.group !== '' || c.rtype.resource !== 'pods') return;
      if (c.old) this.remove(c.old);
      if (c.type !== 'DELETED') this.put(c.object);
    });
  }

  stop(): void {
    this.unsubscribe();
  }

  /** Pods bound to a node (every phase). */
  onNode(node: string): KObject[] {
    return Array.from(this.byNode.get(node)?.values() ?? []);
  }

  /** Pods whose controller owner has this uid. */
  ownedBy(uid: string): KObject[] {
    return Array.from(this.byOwner.get(uid)?.values() ?? []);
  }

  private put(p: KObject): void {
    const key = `${p.metadata.namespace}/${p.metadata.name}`;
    const node = p.spec?.nodeName;
    if (node) {
      if (!this.byNode.has(node)) this.byNode.set(node, new Map());
      this.byNode.get(node)!.set(key, p);
    }
    for (const ref of p.metadata.ownerReferences ?? []) {
      if (!this.byOwner.has(ref.uid)) this.byOwner.set(ref.uid, new Map());
      this.byOwner.get(ref.uid)!.set(key, p);
    }
  }

  private remove(p: KObject): void {
    const key = `${p.metadata.namespace}/${p.metadata.name}`;
    const node = p.spec?.nodeName;
    if (node) this.byNode.get(node)?.delete(key);
    for (const ref of p.metadata.ownerReferences ?? []) this.byOwner.get(ref.uid)?.delete(key);
  }
}
