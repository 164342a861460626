/**
 * What a kube-apiserver runs next to its REST handlers, installed once per store: CRDs served
 * as they appear, the garbage collector, the local APIService objects of served groups, and the
 * one Event resource behind core/v1 and events.k8s.io/v1.
 */
import { installLocalApiServices } from './aggregation.js';
import { installCrdController } from './crd.js';
import { installEventMirror } from './event-mirror.js';
import { installGarbageCollector } from './gc.js';
import type { ObjectStore } from './store.js';

export function installApiMachinery(store: ObjectStore): void {
  installCrdController(store);
  installGarbageCollector(store);
  installLocalApiServices(store);
  installEventMirror(store);
}
