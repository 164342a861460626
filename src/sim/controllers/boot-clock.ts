/**
 * A clock that runs virtual time while the simulator boots (so a scenario settles — pods
 * running, statuses written — in milliseconds of real time) and then follows the real clock,
 * carrying pending timers over with their remaining delay.
 */
import type { Clock } from '../clock.js';

interface Handle {
  at: number;
  seq: number;
  fn: () => void;
  live?: unknown;
  done?: boolean;
}

export class BootClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly timers = new Set<Handle>();
  private liveClock: Clock | null = null;

  constructor(start: number) {
    this.t = start;
  }

  now(): number {
    return this.liveClock ? this.liveClock.now() : this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const h: Handle = { at: this.now() + Math.max(0, ms), seq: this.seq++, fn };
    if (this.liveClock) h.live = this.liveClock.setTimeout(() => this.fire(h), Math.max(0, ms));
    else this.timers.add(h);
    return h;
  }

  clearTimeout(handle: unknown): void {
    const h = handle as Handle;
    if (!h) return;
    h.done = true;
    this.timers.delete(h);
    if (h.live !== undefined) this.liveClock?.clearTimeout(h.live);
  }

  /** Runs virtual time forward (boot only). */
  advance(ms: number): void {
    if (this.liveClock) throw new Error('BootClock.advance after goLive');
    const end = this.t + ms;
    for (;;) {
      let next: Handle | undefined;
      for (const h of this.timers) if (h.at <= end && (!next || h.at < next.at || (h.at === next.at && h.seq < next.seq))) next = h;
      if (!next) break;
      this.timers.delete(next);
      this.t = Math.max(this.t, next.at);
      this.fire(next);
    }
    this.t = end;
  }

  /** Switches to the live clock; virtual time must have reached the live time. */
  goLive(live: Clock): void {
    const offset = live.now() - this.t;
    this.liveClock = live;
    for (const h of Array.from(this.timers)) {
      this.timers.delete(h);
      h.live = live.setTimeout(() => this.fire(h), Math.max(0, h.at + offset - live.now()));
    }
  }

  private fire(h: Handle): void {
    if (h.done) return;
    h.done = true;
    h.fn();
  }
}
