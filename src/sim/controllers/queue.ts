/**
 * A controller's work queue on the simulation clock: keys added while a batch waits are
 * coalesced, and the handler runs in a timer — never inside a store change notification.
 */
import type { Clock } from '../clock.js';

export class WorkQueue {
  private keys = new Set<string>();
  private handle: unknown = null;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly handler: (key: string) => void,
    private readonly delayMs = 0,
    private readonly onError: (key: string, e: unknown) => void = () => undefined
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.keys.add(key);
    if (this.handle === null) this.handle = this.clock.setTimeout(() => this.drain(), this.delayMs);
  }

  /** Runs the handler for a key after a delay (a requeue), independent of the batch. */
  addAfter(key: string, ms: number): unknown {
    return this.clock.setTimeout(() => this.add(key), ms);
  }

  stop(): void {
    this.stopped = true;
    if (this.handle !== null) this.clock.clearTimeout(this.handle);
    this.handle = null;
    this.keys.clear();
  }

  private drain(): void {
    this.handle = null;
    const batch = Array.from(this.keys);
    this.keys = new Set();
    for (const k of batch) {
      try {
        this.handler(k);
      } catch (e) {
        this.onError(k, e);
      }
    }
  }
}
