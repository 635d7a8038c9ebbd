import { isQmError } from '../../errors.js';
import type { ActionContext } from '../action-context.js';
import type { TokenInput } from '../idempotency-token.js';

/** More generations than any resource plausibly goes through between two applies. */
const MAX_TOKEN_GENERATIONS = 16;

export interface TokenGenerations {
  purpose: TokenInput['purpose'];
  /** The create request without its token: the token is derived from it. */
  spec: unknown;
  extra?: string;
  /** Provider error codes (`details.providerCode`) meaning "this token is spent: use another". */
  spentWhen: readonly string[];
}

/**
 * Calls `fn` with the resource's idempotency token; when the cloud says the token is spent
 * (its instance was terminated, say), with the next generation of it, and so on. Generations
 * are tried in order, so a re-run after a crash lands on the same result again.
 *
 * @example
 * await withTokenGenerations(ctx, { purpose: 'run-instance', spec, spentWhen: ['IdempotentInstanceTerminated'] },
 *   (clientToken) => provider.runInstance(target, { ...spec, clientToken }));
 */
export async function withTokenGenerations<T>(ctx: ActionContext, g: TokenGenerations, fn: (clientToken: string) => Promise<T>): Promise<T> {
  const extra = g.extra ?? '';
  for (let generation = 0; ; generation++) {
    try {
      return await fn(ctx.token(g.purpose, g.spec, generation === 0 ? extra : `${extra}#${generation}`));
    } catch (e) {
      const code = isQmError(e) ? e.details.providerCode : undefined;
      const spent = typeof code === 'string' && g.spentWhen.includes(code);
      if (!spent || generation + 1 >= MAX_TOKEN_GENERATIONS) throw e;
    }
  }
}
