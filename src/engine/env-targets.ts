import type { EnvTarget } from '../cloud/provider.js';
import { UnknownEnvironmentError } from '../errors.js';
import type { Definitions, EnvironmentSpec } from '../model/resources.js';
import { didYouMean } from '../definitions/did-you-mean.js';

/** The provider target of an environment: where and as whom to act. */
export function targetOf(env: EnvironmentSpec): EnvTarget {
  return { env: env.name, region: env.region, accountId: env.accountId, ...(env.roleArn ? { roleArn: env.roleArn } : {}) };
}

/**
 * The environments a request is about: the named ones (checked, with did-you-mean), or all.
 *
 * @example selectEnvironments(defs, ['prod']) // [prod]
 */
export function selectEnvironments(defs: Definitions, names: readonly string[] | undefined): EnvironmentSpec[] {
  if (!names || names.length === 0) return [...defs.environments].sort((a, b) => a.name.localeCompare(b.name));
  const known = defs.environments.map((e) => e.name);
  return names.map((name) => {
    const env = defs.environments.find((e) => e.name === name);
    if (!env) throw unknownEnvironment(name, known);
    return env;
  });
}

/**
 * The error for an environment name that is not one of `known`, with a did-you-mean.
 *
 * @example throw unknownEnvironment('prdo', ['dev', 'prod']) // environment "prdo" is not defined (did you mean "prod"?)
 */
export function unknownEnvironment(name: string, known: readonly string[]): UnknownEnvironmentError {
  return new UnknownEnvironmentError(`environment "${name}" is not defined${didYouMean(name, known)}`, {
    fix: `Use one of: ${known.join(', ') || '(none)'}; or create environments/${name}/environment.yml`,
  });
}
