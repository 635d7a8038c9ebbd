import type { CallStats } from '../provider.js';
import { operationName, type AwsService } from './aws-operations.js';

/**
 * Call statistics of the AWS adapter. `total` and `byOperation` count HTTP attempts (every
 * request sent, retries included), as the CloudProvider port asks, keyed by AWS operation
 * name (`DescribeInstances`); `byAction` is the same keyed by IAM action
 * (`ec2:DescribeInstances`), which tells Auto Scaling's DeleteTags from EC2's. `calls`
 * counts logical SDK calls (one per `client.send`), so `retries = total - calls` shows what
 * throttling cost.
 */
export interface AwsCallStats extends CallStats {
  byAction: Record<string, number>;
  calls: number;
  callsByAction: Record<string, number>;
  retries: number;
}

/** Any SDK v3 client's middleware stack (their generic types differ per client). */
export interface MiddlewareStackLike {
  add: (...args: never[]) => unknown;
}

type AddMiddleware = (middleware: unknown, options: { step: string; name: string; priority?: string; override?: boolean }) => void;

export interface CallCounter {
  /** Adds the counting middlewares to one client of `service`. */
  attach(stack: MiddlewareStackLike, service: AwsService): void;
  stats(): AwsCallStats;
}

interface HandlerContext {
  commandName?: string;
}

/**
 * Counts calls with two client middlewares: one at the `initialize` step (once per `send`)
 * and one at the `deserialize` step, which sits inside the retry loop and so runs once per
 * attempt.
 *
 * @example
 * const counter = createCallCounter();
 * counter.attach(ec2.middlewareStack, 'ec2');
 * counter.stats(); // { total: 0, byOperation: {}, byAction: {}, calls: 0, callsByAction: {}, retries: 0 }
 */
export function createCallCounter(): CallCounter {
  const attempts = new Map<string, number>();
  const calls = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  const counting =
    (service: AwsService, into: Map<string, number>) =>
    (next: (args: unknown) => Promise<unknown>, context: HandlerContext) =>
    (args: unknown) => {
      bump(into, operationName(service, context.commandName ?? 'Unknown'));
      return next(args);
    };

  return {
    attach(anyStack, service) {
      const stack = anyStack as unknown as { add: AddMiddleware };
      stack.add(counting(service, calls), { step: 'initialize', name: 'qmCallCounter', priority: 'high', override: true });
      stack.add(counting(service, attempts), { step: 'deserialize', name: 'qmAttemptCounter', priority: 'low', override: true });
    },
    stats() {
      const total = sum(attempts);
      const callCount = sum(calls);
      const byOperation: Record<string, number> = {};
      for (const [action, n] of attempts) {
        const op = action.slice(action.indexOf(':') + 1);
        byOperation[op] = (byOperation[op] ?? 0) + n;
      }
      return {
        total,
        byOperation,
        byAction: Object.fromEntries(attempts),
        calls: callCount,
        callsByAction: Object.fromEntries(calls),
        retries: total - callCount,
      };
    },
  };
}

function sum(m: Map<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}
