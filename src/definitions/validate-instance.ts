import type { InstanceSpec } from '../model/resources.js';
import { DEFAULTS } from './defaults.js';
import type { EnvContext } from './env-context.js';
import type { ReadContext } from './field-types.js';
import type { MappingResult } from './read-mapping.js';
import { buildCommon, withCommon } from './resource-common.js';
import type { instanceSpec } from './specs/instance-spec.js';

/**
 * An instance model with the environment's defaults (subnet, security groups, key, tags)
 * and the documented ones (8 GiB gp3 encrypted root volume, running, no detailed monitoring).
 *
 * @example validateInstance(m, { name: 'prod', spec: prodEnv, file: 'environments/prod/environment.yml' }, ctx)
 */
export function validateInstance(m: MappingResult<typeof instanceSpec>, env: EnvContext, ctx: ReadContext): InstanceSpec | undefined {
  const common = buildCommon('instance', m, env, ctx);
  const v = m.values;
  const subnetId = v.subnet ?? env.spec?.defaultSubnetIds[0];
  if (subnetId === undefined && env.spec && m.ok) {
    ctx.bag.error(m.at('name'), `instance "${v.name}" has no subnet: set subnet here or default_subnets in ${env.file}`);
    return undefined;
  }
  if (!common || !m.ok || !env.spec || subnetId === undefined || v.instance_type === undefined || v.ami === undefined) return undefined;
  const instance: InstanceSpec = withCommon(common, {
    instanceType: v.instance_type,
    ami: v.ami,
    subnetId,
    securityGroupIds: v.security_groups ?? env.spec.defaultSecurityGroupIds,
    monitoring: v.monitoring ?? DEFAULTS.monitoring,
    ebsOptimized: v.ebs_optimized ?? DEFAULTS.ebsOptimized,
    rootVolume: v.root_volume ?? { ...DEFAULTS.rootVolume },
    state: v.state ?? DEFAULTS.state,
  });
  const keyName = v.key_name ?? env.spec.defaultKeyName;
  if (keyName !== undefined) instance.keyName = keyName;
  if (v.user_data !== undefined) instance.userData = v.user_data;
  return instance;
}
