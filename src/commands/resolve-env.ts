import { didYouMean } from '../definitions/did-you-mean.js';
import type { ResolveContext } from './resolve-context.js';
import { showWord } from './show-word.js';

export type EnvResult = { ok: true; env: string } | { ok: false; error: string };

/**
 * An environment named in a command (`plan prod`, `unlock dev ...`), with a did-you-mean.
 *
 * @example resolveEnv('prd', ctx, 'plan') // { ok: false, error: 'there is no environment "prd" (did you mean "prod"?)' }
 */
export function resolveEnv(word: string, ctx: ResolveContext, verb: string): EnvResult {
  const envNames = ctx.definitions.environments.map((e) => e.name);
  const w = word.toLowerCase();
  if (envNames.includes(w)) return { ok: true, env: w };
  const isResource = ctx.definitions.resources.some((r) => r.name === w || `${r.env}/${r.name}` === w);
  if (isResource) {
    const env = w.includes('/') ? w.split('/')[0] : (ctx.channelEnv ?? envNames[0] ?? 'prod');
    return { ok: false, error: `${showWord(word)} is not an environment; ${verb} works on a whole environment, like ${verb} ${env}` };
  }
  return { ok: false, error: `there is no environment ${showWord(word)}${didYouMean(w, envNames)}` };
}

/**
 * The channel's environment when a command leaves it out, checked like a named one.
 *
 * @example defaultEnv({ ...ctx, channelEnv: 'prod' }) // { ok: true, env: 'prod' }
 */
export function defaultEnv(ctx: ResolveContext): EnvResult | undefined {
  const channelEnv = ctx.channelEnv;
  if (channelEnv === undefined) return undefined;
  if (ctx.definitions.environments.some((e) => e.name === channelEnv)) return { ok: true, env: channelEnv };
  return { ok: false, error: `this channel is bound to environment "${channelEnv}", which the definitions do not have; fix the channel's binding in policy.yml` };
}
