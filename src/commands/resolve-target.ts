import { didYouMean } from '../definitions/did-you-mean.js';
import type { ResourceSpec } from '../model/resources.js';
import type { EnvTarget, ResourceTarget, Target } from './intent.js';
import type { ResolveContext } from './resolve-context.js';
import { showWord } from './show-word.js';

export interface TargetRules {
  /** The command, for messages: `scale acts on ...`. */
  verb: string;
  /** An environment name is a target (shutdown, startup, status). */
  env: boolean;
  /** When `prod/web` names both an instance and a group, take the group (a count only fits a group). */
  prefer?: ResourceTarget['kind'];
}

export type TargetResult = { ok: true; target: Target } | { ok: false; error: string };

type Targetable = ResourceSpec & { kind: ResourceTarget['kind'] };

/**
 * Resolves `web`, `prod/web` or `prod` against the definitions: a unique name across
 * environments (or in the channel's environment), an explicit environment and name, or an
 * environment. An ambiguous name lists the candidates; a typo gets a did-you-mean.
 *
 * @example resolveTarget('prod/web', ctx, { verb: 'scale', env: false }) // { ok: true, target: { env: 'prod', kind: 'autoscaling-group', name: 'web' } }
 */
export function resolveTarget(word: string, ctx: ResolveContext, rules: TargetRules): TargetResult {
  const defs = ctx.definitions;
  const envNames = defs.environments.map((e) => e.name);
  const w = word.toLowerCase(); // names are lowercase (NAME_PATTERN); phones capitalise
  const kinds = rules.env ? 'environment, instance or group' : 'instance or group';

  if (w.includes('/')) {
    const parts = w.split('/');
    const [env = '', name = ''] = parts;
    if (parts.length !== 2 || env === '' || name === '') {
      return { ok: false, error: `${showWord(word)} is not a target: write a name (web), an environment and a name (prod/web)${rules.env ? ' or an environment (dev)' : ''}` };
    }
    if (!envNames.includes(env)) {
      const near = didYouMean(w, liveTargets(defs.resources).map(qualified));
      return { ok: false, error: `there is no environment ${showWord(env)}${near || didYouMean(env, envNames)}` };
    }
    return pick(defs.resources.filter((r) => r.env === env && r.name === name), rules, () => {
      const inEnv = liveTargets(defs.resources).filter((r) => r.env === env);
      const elsewhere = liveTargets(defs.resources).filter((r) => r.env !== env && r.name === name);
      const hint = elsewhere.length > 0 ? ` (it is in ${list(elsewhere.map((r) => r.env))}: ${list(elsewhere.map(qualified))})` : didYouMean(w, inEnv.map(qualified));
      return `${env} has no instance or group named ${showWord(name)}${hint}`;
    });
  }

  if (rules.env && envNames.includes(w)) return { ok: true, target: { env: w } satisfies EnvTarget };
  if (envNames.includes(w) && !liveTargets(defs.resources).some((r) => r.name === w)) {
    const example = liveTargets(defs.resources).find((r) => r.env === w);
    return { ok: false, error: `${showWord(word)} is an environment; ${rules.verb} acts on one instance or group, like ${example ? qualified(example) : `${w}/<name>`}` };
  }

  const channelEnv = ctx.channelEnv;
  if (channelEnv !== undefined) {
    if (!envNames.includes(channelEnv)) {
      return { ok: false, error: `this channel is bound to environment "${channelEnv}", which the definitions do not have; fix the channel's binding in policy.yml` };
    }
    return pick(defs.resources.filter((r) => r.env === channelEnv && r.name === w), rules, () => {
      const elsewhere = liveTargets(defs.resources).filter((r) => r.name === w);
      if (elsewhere.length > 0) {
        return `this channel is bound to ${channelEnv}, which has no instance or group named ${showWord(word)}; name another environment's explicitly: ${list(elsewhere.map(qualified))}`;
      }
      const names = liveTargets(defs.resources).filter((r) => r.env === channelEnv).map((r) => r.name);
      return `no ${kinds} named ${showWord(word)} in ${channelEnv}, this channel's environment${didYouMean(w, rules.env ? [...envNames, ...names] : names)}`;
    });
  }

  return pick(defs.resources.filter((r) => r.name === w), rules, () => {
    const live = liveTargets(defs.resources);
    const candidates = [...(rules.env ? envNames : []), ...new Set(live.map((r) => r.name)), ...live.map(qualified)];
    return `no ${kinds} named ${showWord(word)}${didYouMean(w, candidates)}`;
  });
}

/** The one target among the resources a word matched, or why there is not exactly one. */
function pick(matches: readonly ResourceSpec[], rules: TargetRules, notFound: () => string): TargetResult {
  const live = liveTargets(matches);
  if (live.length === 0) {
    const first = matches[0];
    if (first === undefined) return { ok: false, error: notFound() };
    if (first.kind === 'alarm') return { ok: false, error: `${qualified(first)} is an alarm; ${rules.verb} acts on instances and Auto Scaling groups` };
    return { ok: false, error: `${qualified(first)} is deleted in the definitions (deleted: true); there is nothing to ${rules.verb}` };
  }
  const envs = [...new Set(live.map((r) => r.env))];
  if (envs.length > 1) {
    const names = live.map(qualified).sort();
    return { ok: false, error: `"${live[0]?.name}" is in several environments: ${names.join(', ')}; name one, like ${names[0]}` };
  }
  const chosen = live.length > 1 ? live.find((r) => r.kind === rules.prefer) : live[0];
  if (chosen === undefined) {
    // Names are unique per kind only: an instance and a group may share one.
    return { ok: false, error: `${qualified(live[0] as Targetable)} names both an instance and an Auto Scaling group; rename one of them in the definitions` };
  }
  return { ok: true, target: { env: chosen.env, kind: chosen.kind, name: chosen.name } };
}

/** Instances and groups not marked deleted: what a command can act on. */
function liveTargets(resources: readonly ResourceSpec[]): Targetable[] {
  return resources.filter((r): r is Targetable => r.kind !== 'alarm' && !r.deleted);
}

function qualified(r: { env: string; name: string }): string {
  return `${r.env}/${r.name}`;
}

function list(items: readonly string[]): string {
  return [...new Set(items)].sort().join(', ');
}
