import type { CallStats } from '../provider.js';
import { awsError, defaultAwsMessage, isThrottlingCode } from './aws-errors.js';
import type { ScriptedFailure, SimFaults } from './sim-options.js';

/**
 * Runs one AWS API call of the sim the way the SDK would make it: counted per attempt, delayed
 * by the injected latency, failed by injected faults, and retried with exponential back-off
 * and full jitter while it is throttled.
 */
export interface CallRunner {
  run<T>(operation: string, fn: () => T): Promise<T>;
  failNext(operation: string, errorCode: string, opts?: { times?: number; message?: string }): void;
  stats(): CallStats;
}

export interface CallRunnerOptions {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  latencyMs: number;
  faults: SimFaults;
}

/** Operation names of services whose throttling code is `Throttling` rather than EC2's `RequestLimitExceeded`. */
const NON_EC2_OPERATIONS = /AutoScaling|InstanceRefresh|Policy|Policies|Alarm|MetricAlarm|Tags?Resource|CreateOrUpdateTags|GetCallerIdentity/;

/**
 * @example
 * const runner = createCallRunner({ sleep: clock.sleep, random: Math.random, latencyMs: 0, faults: {} });
 * await runner.run('StopInstances', () => stop(ids));
 */
export function createCallRunner(opts: CallRunnerOptions): CallRunner {
  const byOperation: Record<string, number> = {};
  let total = 0;
  const scripted = new Map<string, ScriptedFailure[]>();
  const maxAttempts = Math.max(1, opts.faults.maxAttempts ?? 10);
  const base = opts.faults.baseBackoffMs ?? 100;
  const cap = opts.faults.maxBackoffMs ?? 20_000;
  const throttleRate = opts.faults.throttleRate ?? 0;

  const failNext = (operation: string, errorCode: string, o: { times?: number; message?: string } = {}) => {
    const queue = scripted.get(operation) ?? [];
    queue.push({ operation, errorCode, times: o.times ?? 1, ...(o.message ? { message: o.message } : {}) });
    scripted.set(operation, queue);
  };
  for (const f of opts.faults.script ?? []) failNext(f.operation, f.errorCode, f);

  const injected = (operation: string): { code: string; message: string } | undefined => {
    const queue = scripted.get(operation);
    const next = queue?.[0];
    if (queue && next) {
      next.times = (next.times ?? 1) - 1;
      if (next.times <= 0) queue.shift();
      return { code: next.errorCode, message: next.message ?? defaultAwsMessage(next.errorCode, operation) };
    }
    if (throttleRate > 0 && opts.random() < throttleRate) {
      const code = NON_EC2_OPERATIONS.test(operation) ? 'Throttling' : 'RequestLimitExceeded';
      return { code, message: defaultAwsMessage(code, operation) };
    }
    return undefined;
  };

  return {
    async run<T>(operation: string, fn: () => T): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        total++;
        byOperation[operation] = (byOperation[operation] ?? 0) + 1;
        if (opts.latencyMs > 0) await opts.sleep(opts.latencyMs);
        const fault = injected(operation);
        if (!fault) return fn();
        const throttled = isThrottlingCode(fault.code);
        if (!throttled || attempt >= maxAttempts) {
          const message = throttled ? `${fault.message.replace(/\.$/, '')} (gave up after ${attempt} attempts)` : fault.message;
          throw awsError(fault.code, message, { operation, details: { injected: true, attempts: attempt } });
        }
        // Full jitter, as the SDK's standard retry strategy: spreads retries of parallel calls.
        await opts.sleep(Math.floor(opts.random() * Math.min(cap, base * 2 ** (attempt - 1))));
      }
    },
    failNext,
    stats: () => ({ total, byOperation: { ...byOperation } }),
  };
}
