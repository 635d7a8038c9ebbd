import type { AutoScalingGroup, InstanceRefresh } from '@aws-sdk/client-auto-scaling';
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { Instance, LaunchTemplateVersion } from '@aws-sdk/client-ec2';
import type { Clock } from '../../clock.js';
import { identityFromTags, physicalName, TAG_AWS_GROUP } from '../../model/identity.js';
import type { ObservedFleet } from '../../model/observed.js';
import type { EnvTarget } from '../provider.js';
import type { AwsClients } from './aws-clients.js';
import {
  describeAlarms,
  describeGroups,
  describeInstances,
  describeLatestTemplateVersions,
  describeNewestRefresh,
  describeTargetTrackingPolicies,
} from './aws-describes.js';
import { tagsToRecord } from './aws-tags.js';
import { readTagFooter } from './alarm-tag-footer.js';
import { mapAlarm } from './map-alarm.js';
import { mapGroup, templateRefOf } from './map-group.js';
import { resolveTemplates } from './resolve-templates.js';
import { mapInstance } from './map-instance.js';
import type { SingleFlight } from './single-flight.js';

export interface ReadDeps {
  clients: AwsClients;
  unmanaged: 'report' | 'ignore';
  /** Shares region-wide sweeps between environments read at the same time. */
  flight: SingleFlight;
  clock: Clock;
}

/**
 * Reads one environment in a bounded number of paginated calls, services in parallel:
 * instances, groups, the latest/default launch template versions, target-tracking policies
 * and alarms at once; then, only for groups that need them, pinned template versions and
 * the newest instance refresh (a group whose instances run another template version than
 * its own is mid-refresh, or a refresh failed).
 *
 * With `unmanaged: 'report'` the instance, group and alarm reads are region-wide sweeps
 * (shared by environments read concurrently) and are partitioned here: this environment's
 * managed resources and unmanaged ones are kept, other environments' are dropped.
 *
 * @example
 * const fleet = await readEnvironment({ env: 'prod', region: 'eu-west-1', accountId: '123456789012' }, deps);
 */
export async function readEnvironment(target: EnvTarget, deps: ReadDeps): Promise<ObservedFleet> {
  const c = deps.clients;
  const region = `${target.region}|${target.roleArn ?? ''}`;
  const shared = <T>(what: string, load: () => Promise<T>): Promise<T> => deps.flight.run(`${region}|${what}`, load);
  const sweep = deps.unmanaged === 'report';

  // Managed alarms are named physicalName(env, name), so `${env}-` finds them without a sweep.
  const [instances, groups, latestVersions, policies, alarms] = await Promise.all([
    sweep ? shared('instances', () => describeInstances(c, undefined)) : describeInstances(c, target.env),
    sweep ? shared('groups', () => describeGroups(c, undefined)) : describeGroups(c, target.env),
    shared('template-versions', () => describeLatestTemplateVersions(c)),
    shared('policies', () => describeTargetTrackingPolicies(c)),
    sweep ? shared('alarms', () => describeAlarms(c, undefined)) : describeAlarms(c, physicalName(target.env, '')),
  ]);

  // One look at each group's identity: kept (managed here or unmanaged), managed here, or another environment's.
  const keptGroups: AutoScalingGroup[] = [];
  const managedGroups: AutoScalingGroup[] = [];
  const otherEnvGroups = new Set<string>();
  for (const g of groups) {
    const id = identityFromTags(tagsToRecord(g.Tags));
    if (id && id.env !== target.env) {
      otherEnvGroups.add(g.AutoScalingGroupName ?? '');
      continue;
    }
    keptGroups.push(g);
    if (id) managedGroups.push(g);
  }
  const managedGroupNames = new Set(managedGroups.map((g) => g.AutoScalingGroupName ?? ''));

  const templates = await resolveTemplates(c, keptGroups, managedGroupNames, latestVersions);
  const refreshes = await newestRefreshes(c, managedGroups, templates);
  const policiesByGroup = groupBy(policies, (p) => p.AutoScalingGroupName ?? '');
  const policyAlarms = new Set(policies.flatMap((p) => (p.Alarms ?? []).map((a) => a.AlarmName ?? '')));

  return {
    env: target.env,
    instances: instances.filter((i) => keepInstance(i, target.env, otherEnvGroups)).map(mapInstance),
    groups: keptGroups.map((g) => {
      const name = g.AutoScalingGroupName ?? '';
      return mapGroup(g, templates.get(name), policiesByGroup.get(name) ?? [], refreshes.get(name));
    }),
    alarms: alarms.filter((a) => keepAlarm(a, target.env, policyAlarms)).map(mapAlarm),
    readAt: deps.clock.now().toISOString(),
  };
}

/** Managed by this environment, or not managed at all (reported); never another environment's. */
function belongsHere(tags: Record<string, string>, env: string): boolean {
  const id = identityFromTags(tags);
  return id ? id.env === env : true;
}

function keepInstance(i: Instance, env: string, otherEnvGroups: Set<string>): boolean {
  const tags = tagsToRecord(i.Tags);
  const group = tags[TAG_AWS_GROUP];
  if (group && otherEnvGroups.has(group)) return false;
  return belongsHere(tags, env);
}

/** Alarms made by a target-tracking policy belong to AWS and the policy, not to anyone's definitions. */
function keepAlarm(a: MetricAlarm, env: string, policyAlarms: Set<string>): boolean {
  if (policyAlarms.has(a.AlarmName ?? '')) return false;
  return belongsHere(readTagFooter(a.AlarmDescription).tags, env);
}

/** Groups whose instances do not all run the group's template version get their newest refresh read. */
async function newestRefreshes(c: AwsClients, groups: AutoScalingGroup[], templates: Map<string, LaunchTemplateVersion>): Promise<Map<string, InstanceRefresh>> {
  const out = new Map<string, InstanceRefresh>();
  const suspects = groups.filter((g) => {
    const t = templates.get(g.AutoScalingGroupName ?? '');
    const version = t?.VersionNumber !== undefined ? String(t.VersionNumber) : templateRefOf(g).version;
    const id = t?.LaunchTemplateId ?? templateRefOf(g).id;
    return (g.Instances ?? []).some((i) => i.LaunchTemplate && (i.LaunchTemplate.Version !== version || (id && i.LaunchTemplate.LaunchTemplateId !== id)));
  });
  await Promise.all(
    suspects.map(async (g) => {
      const name = g.AutoScalingGroupName ?? '';
      const r = await describeNewestRefresh(c, name);
      if (r) out.set(name, r);
    }),
  );
  return out;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}
