/**
 * Wraps a provider so the process "dies" at the k-th call: every later call throws an
 * un-retryable error. In `lost-response` mode the k-th call itself reaches the cloud and only
 * its answer is lost, the nastiest moment to die.
 */
import type { CloudProvider } from '../../../src/cloud/provider.js';
import { CloudError, ErrorCode } from '../../../src/errors.js';

export type CrashMode = 'before-call' | 'lost-response';

export interface CrashingProvider extends CloudProvider {
  /** Calls attempted so far (including refused ones). */
  readonly attempted: number;
  /** `operation firstArgument` of each call attempted, in order (call n is log[n - 1]). */
  readonly log: string[];
}

const PASS_THROUGH = new Set(['name', 'callStats']);

export function crashingProvider(inner: CloudProvider, k: number, mode: CrashMode): CrashingProvider {
  let attempted = 0;
  const log: string[] = [];
  const died = (op: string) => new CloudError(ErrorCode.CloudApi, `process died (crash injected at call ${k}, ${op})`);
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'attempted') return attempted;
      if (prop === 'log') return log;
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || PASS_THROUGH.has(String(prop))) return value;
      return async (...args: unknown[]) => {
        const n = ++attempted;
        log.push(`${String(prop)} ${typeof args[1] === 'string' ? args[1] : ''}`.trim());
        if (n > k || (n === k && mode === 'before-call')) throw died(String(prop));
        const out = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (n === k) throw died(String(prop));
        return out;
      };
    },
  }) as CrashingProvider;
}
