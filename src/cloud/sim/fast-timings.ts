import type { SimTimings } from './sim-options.js';

/**
 * Transitions a few hundred milliseconds long: the same semantics as the AWS-like defaults,
 * for the demo and for tests that run the real CLI on the system clock.
 */
export const FAST_SIM_TIMINGS: Partial<SimTimings> = {
  pendingMs: 300,
  stoppingMs: 300,
  shuttingDownMs: 300,
  refreshStartMs: 150,
  refreshStepMs: 300,
  pollIntervalMs: 75,
};
