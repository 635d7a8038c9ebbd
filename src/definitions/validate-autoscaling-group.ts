import { isSeq, type Node } from 'yaml';
import type { AutoScalingGroupSpec, LaunchTemplateSpec } from '../model/resources.js';
import { DEFAULTS } from './defaults.js';
import type { EnvContext } from './env-context.js';
import { resolveNode, type ReadContext } from './field-types.js';
import { zoneProblem } from './availability-zones.js';
import type { MappingResult } from './read-mapping.js';
import { buildCommon, withCommon } from './resource-common.js';
import type { autoscalingGroupSpec } from './specs/autoscaling-group-spec.js';
import { locate } from './yaml-source.js';

/**
 * An Auto Scaling group model: min <= desired <= max, subnets or availability zones (default:
 * the environment's subnets), launch template defaults from the environment, EC2 health check
 * with 300 s grace.
 *
 * @example validateAutoScalingGroup(m, env, ctx)?.minSize // 2
 */
export function validateAutoScalingGroup(m: MappingResult<typeof autoscalingGroupSpec>, env: EnvContext, ctx: ReadContext): AutoScalingGroupSpec | undefined {
  const common = buildCommon('autoscaling-group', m, env, ctx);
  const v = m.values;
  let ok = m.ok;
  const what = `autoscaling-group "${v.name}"`;

  if (v.min_size !== undefined && v.max_size !== undefined && v.min_size > v.max_size) {
    ctx.bag.error(m.at('min_size'), `min_size ${v.min_size} is greater than max_size ${v.max_size}`);
    ok = false;
  }
  if (v.desired_capacity !== undefined && v.min_size !== undefined && v.max_size !== undefined && v.min_size <= v.max_size) {
    if (v.desired_capacity < v.min_size || v.desired_capacity > v.max_size) {
      ctx.bag.error(m.at('desired_capacity'), `desired_capacity ${v.desired_capacity} is not between min_size ${v.min_size} and max_size ${v.max_size}`);
      ok = false;
    }
  }
  const subnetIds = v.subnets ?? (v.availability_zones ? [] : (env.spec?.defaultSubnetIds ?? []));
  if (m.ok && env.spec && subnetIds.length === 0 && !v.availability_zones) {
    ctx.bag.error(m.at('name'), `${what} has no subnets: set subnets or availability_zones here, or default_subnets in ${env.file}`);
    ok = false;
  }
  ok = checkPolicyNames(m, ctx) && ok;
  if (env.spec) ok = checkZonesInRegion(m, env.spec.region, ctx) && ok;

  if (!common || !ok || !env.spec) return undefined;
  const lt = v.launch_template;
  if (!lt?.ami || !lt.instance_type || v.min_size === undefined || v.max_size === undefined) return undefined;
  const launchTemplate: LaunchTemplateSpec = {
    ami: lt.ami,
    instanceType: lt.instance_type,
    securityGroupIds: lt.security_groups ?? env.spec.defaultSecurityGroupIds,
    monitoring: lt.monitoring ?? DEFAULTS.monitoring,
  };
  const keyName = lt.key_name ?? env.spec.defaultKeyName;
  if (keyName !== undefined) launchTemplate.keyName = keyName;
  if (lt.user_data !== undefined) launchTemplate.userData = lt.user_data;
  if (lt.root_volume !== undefined) launchTemplate.rootVolume = lt.root_volume;

  const group: AutoScalingGroupSpec = withCommon(common, {
    launchTemplate,
    minSize: v.min_size,
    maxSize: v.max_size,
    subnetIds,
    availabilityZones: v.availability_zones ?? [],
    scalingPolicies: v.scaling_policies ?? [],
    healthCheck: v.health_check ?? { ...DEFAULTS.healthCheck },
  });
  if (v.desired_capacity !== undefined) group.desiredCapacity = v.desired_capacity;
  return group;
}

/** A group's zones are in its environment's region: AWS refuses other zones at apply. */
function checkZonesInRegion(m: MappingResult<typeof autoscalingGroupSpec>, region: string, ctx: ReadContext): boolean {
  const zones = m.values.availability_zones;
  const list = resolveNode(m.node.get('availability_zones', true) as Node, ctx);
  if (!zones || !isSeq(list)) return true;
  let ok = true;
  zones.forEach((zone, i) => {
    const problem = zoneProblem(zone, region);
    if (problem === undefined) return;
    ctx.bag.error(locate(ctx.source, list.items[i] as Node), `availability_zones[${i}] "${zone}" ${problem}`);
    ok = false;
  });
  return ok;
}

/** Policy names are unique within a group (AWS keys policies by group and name). */
function checkPolicyNames(m: MappingResult<typeof autoscalingGroupSpec>, ctx: ReadContext): boolean {
  const policies = m.values.scaling_policies;
  const list = m.node.get('scaling_policies', true);
  if (!policies || !isSeq(list)) return true;
  const seen = new Set<string>();
  let ok = true;
  policies.forEach((p, i) => {
    if (seen.has(p.name)) {
      ctx.bag.error(locate(ctx.source, list.items[i] as never), `scaling_policies[${i}] is named "${p.name}" like an earlier policy; give each policy its own name`);
      ok = false;
    }
    seen.add(p.name);
  });
  return ok;
}
