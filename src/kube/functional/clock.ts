/**
 * Time as the functional depth sees it: what time it is and how to wait. The real one sleeps; a
 * test gives one whose sleep moves a FakeClock, so the simulated cluster advances exactly as long
 * as the checks wait and nothing in a test sleeps.
 */
import { abortableSleep } from '../client.js';

export interface RunClock {
  now(): number;
  /** Resolves after ms; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const REAL_CLOCK: RunClock = {
  now: () => Date.now(),
  sleep: abortableSleep
};
