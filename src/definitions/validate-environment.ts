import type { EnvironmentSpec } from '../model/resources.js';
import type { DiagnosticBag } from './diagnostic.js';
import { readMapping } from './read-mapping.js';
import { environmentSpec } from './specs/environment-spec.js';
import type { YamlSource } from './yaml-source.js';

/**
 * Validates `environments/<env>/environment.yml` into an EnvironmentSpec, or undefined when
 * it has errors (reported into `bag`).
 *
 * @example const prod = validateEnvironment('prod', source, bag);
 */
export function validateEnvironment(name: string, source: YamlSource, bag: DiagnosticBag): EnvironmentSpec | undefined {
  const ctx = { source, bag };
  const m = readMapping(ctx, source.doc.contents, environmentSpec, { label: '', what: `${source.file}` });
  if (!m?.ok) return undefined;
  const v = m.values;
  if (v.region === undefined || v.account_id === undefined) return undefined;
  const roleAccount = v.role_arn?.split(':')[4];
  if (roleAccount && roleAccount !== v.account_id) {
    bag.warn(m.at('role_arn'), `role_arn is in account ${roleAccount} but account_id is ${v.account_id}; apply refuses unless the assumed role acts in ${v.account_id}`);
  }
  return {
    name,
    region: v.region,
    accountId: v.account_id,
    roleArn: v.role_arn,
    defaultTags: v.default_tags ?? {},
    defaultSubnetIds: v.default_subnets ?? [],
    defaultSecurityGroupIds: v.default_security_groups ?? [],
    defaultKeyName: v.default_key_name,
    source: m.loc,
  };
}
