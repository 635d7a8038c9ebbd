import type { CloudProvider, EnvTarget } from '../cloud/provider.js';
import { AccountMismatchError, UnknownEnvironmentError } from '../errors.js';
import type { AccountCheck } from './apply-types.js';
import { errorMessage } from './error-message.js';
import { withRetry, type RetryPolicy } from './retry.js';

export interface AccountGate {
  /** The check of one environment, made once (on first use) however many actions ask. */
  check(env: string): Promise<AccountCheck>;
  /** The checks made so far, in the order they were first asked for. */
  checks(): Promise<AccountCheck[]>;
}

/**
 * Before the first write in an environment, the account the credentials act in must be the
 * environment's: wrong credentials must never change the wrong account.
 *
 * @example
 * const gate = createAccountGate(provider, targets, retry);
 * const { ok, message } = await gate.check('prod');
 */
export function createAccountGate(
  provider: CloudProvider,
  targets: Record<string, EnvTarget>,
  retry: RetryPolicy,
  onChecked?: (c: AccountCheck) => void,
): AccountGate {
  const memo = new Map<string, Promise<AccountCheck>>();

  async function verify(env: string): Promise<AccountCheck> {
    const target = targets[env];
    if (!target) {
      const e = new UnknownEnvironmentError(`no target (region, account) was given for environment ${env}; nothing in ${env} was changed`, {
        fix: `define environments/${env}/environment.yml or plan without ${env}`,
      });
      return { env, ok: false, message: e.message };
    }
    try {
      const actual = await withRetry(() => provider.callerAccountId(target), retry);
      if (actual === target.accountId) return { env, ok: true };
      const e = new AccountMismatchError(
        `the credentials act in AWS account ${actual}, but environment ${env} is in account ${target.accountId}; nothing in ${env} was changed`,
        { fix: `use credentials (or set role_arn in environments/${env}/environment.yml) for account ${target.accountId}` },
      );
      return { env, ok: false, message: e.message };
    } catch (e) {
      return { env, ok: false, message: `could not check the account of environment ${env}, so nothing in it was changed: ${errorMessage(e)}` };
    }
  }

  return {
    check(env) {
      let p = memo.get(env);
      if (!p) {
        p = verify(env).then((c) => {
          onChecked?.(c);
          return c;
        });
        memo.set(env, p);
      }
      return p;
    },
    checks: () => Promise.all(memo.values()),
  };
}
