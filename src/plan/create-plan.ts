import { physicalName } from '../model/identity.js';
import type { ObservedFleet } from '../model/observed.js';
import { priceTableFor, type PriceTable } from '../catalog/price-table.js';
import { PLAN_FORMAT_VERSION, type EnvironmentPricing, type Plan, type PlannedAction, type PlanNotice } from '../model/plan.js';
import type { AlarmSpec, AutoScalingGroupSpec, InstanceSpec, ResourceSpec } from '../model/resources.js';
import type { ActionDraft } from './action-draft.js';
import { indexFleet, type FleetIndex } from './fleet-index.js';
import { KIND_RANK, orderActions } from './order-actions.js';
import { createNameAllocator, type NameAllocator } from './physical-names.js';
import { planAlarm } from './plan-alarm.js';
import { planFingerprint } from './plan-fingerprint.js';
import type { PlanInput } from './plan-input.js';
import { DEFAULT_PRICES } from './monthly-cost.js';
import { planGroup } from './plan-group.js';
import { environmentPricing } from './plan-pricing.js';
import { planInstance, planSupersededLeftover } from './plan-instance.js';
import { rankDuplicates } from './rank-duplicates.js';
import { unknownUserDataNotice, userDataKnowledge } from './instance-user-data.js';
import { resolveAlarmTarget } from './resolve-alarm-target.js';
import { summarizePlan, totalMonthlyCostDelta } from './summarize-plan.js';
import { compareStrings } from './compare-strings.js';

/**
 * Diffs the definitions against the live fleet and returns the Plan: a pure function of its
 * input (no I/O, no clock; `now` only stamps `createdAt`). Desired and live resources are
 * matched by `qm:uuid`, never by name, so a rename is an update of the `qm:name` tag. Live
 * resources that match no definition are reported as notices and never acted on.
 *
 * @example
 * const plan = createPlan({ desired, environments, actual: [fleet], envs: ['prod'], now: clock.now() });
 * plan.summary // { add: 1, change: 2, destroy: 0, unchanged: 12 }
 */
export function createPlan(input: PlanInput): Plan {
  const envs = [...new Set(input.envs)];
  const specsByUuid = new Map<string, ResourceSpec>();
  const specsByEnv = new Map<string, ResourceSpec[]>(envs.map((env) => [env, []]));
  for (let i = 0; i < input.desired.length; i++) {
    const r = input.desired[i] as ResourceSpec;
    const bucket = specsByEnv.get(r.env);
    if (!bucket || specsByUuid.has(r.uuid)) continue;
    specsByUuid.set(r.uuid, r);
    bucket.push(r);
  }

  const ids = createIdAllocator();
  const names = createScopedNames(input);
  const actions: PlannedAction[] = [];
  const notices: PlanNotice[] = [];
  const pricing: EnvironmentPricing[] = [];
  for (const env of envs) {
    const fleet = input.actual.find((f) => f.env === env) ?? emptyFleet(env);
    const index = indexFleet(fleet, specsByUuid, rankDuplicates);
    // A loop, not push(...notices): a fleet with hundreds of thousands of unmanaged resources would overflow the stack.
    for (const notice of index.notices) notices.push(notice);
    const specs = (specsByEnv.get(env) as ResourceSpec[]).sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.uuid, b.uuid));
    // Priced in the environment's own region (us-east-1's figures, said so, when it has no table).
    const region = input.environments.find((e) => e.name === env)?.region;
    const prices = region === undefined ? DEFAULT_PRICES : priceTableFor(region);
    const first = actions.length;
    planEnvironment(env, specs, index, names.forEnv(env), ids, actions, notices, prices);
    const envPricing = environmentPricing(env, prices, actions.slice(first));
    if (envPricing) pricing.push(envPricing);
  }

  const ordered = orderActions(actions, envs);
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: input.now.toISOString(),
    envs,
    actions: ordered,
    notices: sortNotices(notices, envs),
    summary: summarizePlan(ordered),
    monthlyCostDelta: totalMonthlyCostDelta(ordered),
    ...(pricing.length > 0 ? { pricing } : {}),
    fingerprint: planFingerprint(input),
  };
}

/** Plans one environment's definitions (sorted by name), appending to `actions` and `notices`. */
function planEnvironment(
  env: string,
  specs: readonly ResourceSpec[],
  index: FleetIndex,
  names: { groups: NameAllocator; alarms: NameAllocator },
  ids: IdAllocator,
  actions: PlannedAction[],
  notices: PlanNotice[],
  prices: PriceTable,
): void {
  const groups: AutoScalingGroupSpec[] = [];
  const instances: InstanceSpec[] = [];
  const alarms: AlarmSpec[] = [];
  for (let i = 0; i < specs.length; i++) {
    const r = specs[i] as ResourceSpec;
    if (r.kind === 'autoscaling-group') groups.push(r);
    else if (r.kind === 'instance') instances.push(r);
    else alarms.push(r);
  }
  const byUuid = new Map<string, PlannedAction>();
  const add = (draft: ActionDraft | undefined, dependsOn: string[] = []): void => {
    if (!draft) return;
    // The id, the draft's members in their order, then dependsOn (the plan file's key order).
    // Assigned, not `{ id, ...draft, dependsOn }`: V8 gives each object built by a spread with
    // members after it a hidden class of its own (slow to build, slow to read, on every action).
    const action: PlannedAction = Object.assign({ id: ids.take(draft.resource) }, draft, { dependsOn });
    actions.push(action);
    byUuid.set(action.resource.uuid, action);
  };

  for (const spec of groups) {
    const observed = index.groups.get(spec.uuid);
    const name = observed?.name ?? (spec.deleted ? physicalName(env, spec.name) : names.groups.allocate(env, spec.name, spec.uuid));
    const result = planGroup(spec, observed, name, prices);
    notices.push(...result.notices);
    add(result.action);
  }
  for (let i = 0; i < instances.length; i++) {
    const spec = instances[i] as InstanceSpec;
    const observed = index.instances.get(spec.uuid);
    const draft = planInstance(spec, observed, prices);
    add(draft);
    // Unknown user data is never silently "unchanged" (a replace launches a tagged one, a delete ends it).
    if (observed && draft && (draft.type === 'no-op' || draft.type === 'update' || draft.type === 'stop-modify-start') && userDataKnowledge(observed).kind === 'unknown') {
      notices.push(unknownUserDataNotice(spec, observed, draft.changes.some((c) => c.field === 'user_data')));
    }
    const leftovers = index.superseded.get(spec.uuid);
    if (!leftovers) continue;
    for (const leftover of leftovers) {
      actions.push({ id: ids.take({ ...spec, name: `${spec.name}~${leftover.id}` }), ...planSupersededLeftover(spec, leftover, prices), dependsOn: [] });
    }
  }
  for (const spec of alarms) {
    const observed = index.alarms.get(spec.uuid);
    const name = observed?.name ?? (spec.deleted ? physicalName(env, spec.name) : names.alarms.allocate(env, spec.name, spec.uuid));
    const target = spec.target ? byUuid.get(spec.target.uuid) : undefined;
    const resolved = resolveAlarmTarget(spec, target);
    const before = actions.length;
    add(planAlarm(spec, observed, resolved.dimensions, name), resolved.dependsOn ? [resolved.dependsOn] : []);
    const alarmAction = actions.length > before ? actions[actions.length - 1] : undefined;
    if (resolved.problem && alarmAction) {
      notices.push({ level: 'warning', env, kind: 'alarm', physicalId: name, name: spec.name, message: resolved.problem });
    }
    // An alarm deleted with its target goes first: nothing is left watching a resource that is gone.
    if (alarmAction?.type === 'delete' && target?.type === 'delete') target.dependsOn.push(alarmAction.id);
  }
}

interface IdAllocator {
  take(r: { env: string; kind: string; name: string; uuid: string }): string;
}

/** `prod/autoscaling-group/web`; a clash (two definitions with one name) falls back to the uuid. */
function createIdAllocator(): IdAllocator {
  const used = new Set<string>();
  return {
    take(r) {
      let id = `${r.env}/${r.kind}/${r.name}`;
      if (used.has(id)) id = `${id}#${r.uuid}`;
      for (let n = 2; used.has(id); n++) id = `${r.env}/${r.kind}/${r.name}#${r.uuid}-${n}`;
      used.add(id);
      return id;
    },
  };
}

/** Group and alarm names are unique per account and region: one allocator per kind and scope. */
function createScopedNames(input: PlanInput): { forEnv(env: string): { groups: NameAllocator; alarms: NameAllocator } } {
  const scopeOf = (env: string): string => {
    const e = input.environments.find((x) => x.name === env);
    return e ? `${e.accountId}/${e.region}` : `env:${env}`;
  };
  const scopes = new Map<string, { groups: NameAllocator; alarms: NameAllocator }>();
  return {
    forEnv(env) {
      const scope = scopeOf(env);
      let found = scopes.get(scope);
      if (!found) {
        const fleets = input.actual.filter((f) => scopeOf(f.env) === scope);
        found = {
          groups: createNameAllocator(fleets.flatMap((f) => f.groups.map((g) => g.name))),
          alarms: createNameAllocator(fleets.flatMap((f) => f.alarms.map((a) => a.name))),
        };
        scopes.set(scope, found);
      }
      return found;
    },
  };
}

function emptyFleet(env: string): ObservedFleet {
  return { env, instances: [], groups: [], alarms: [], readAt: '' };
}

/** Per environment, warnings first, then by kind and physical id: the same inputs list the same way. */
function sortNotices(notices: PlanNotice[], envs: readonly string[]): PlanNotice[] {
  const rank = new Map(envs.map((e, i) => [e, i]));
  return [...notices].sort(
    (a, b) =>
      (rank.get(a.env) ?? envs.length) - (rank.get(b.env) ?? envs.length) ||
      (a.level === b.level ? 0 : a.level === 'warning' ? -1 : 1) ||
      KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
      compareStrings(a.physicalId, b.physicalId) ||
      compareStrings(a.message, b.message),
  );
}
