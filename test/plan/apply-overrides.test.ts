import { beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/index.js';
import { createManualClock } from '../../src/clock.js';
import { createSimProvider } from '../../src/cloud/sim/index.js';
import type { EnvTarget } from '../../src/cloud/provider.js';
import { loadDefinitionsOrThrow } from '../../src/definitions/index.js';
import { TAG_NAME } from '../../src/model/identity.js';
import type { Override } from '../../src/model/override.js';
import type { Definitions, ResourceSpec } from '../../src/model/resources.js';
import { applyOverrides } from '../../src/plan/apply-overrides.js';
import { createPlan } from '../../src/plan/index.js';
import { changesOf, SETTLE_MS } from '../apply/support/sim-world.js';

let fleet: Definitions;
beforeAll(async () => {
  fleet = await loadDefinitionsOrThrow('examples/fleet');
});

let seq = 0;
/** An active override made at `minute` past 10:00, with the fields that matter to applyOverrides. */
function ovr(target: string, change: Override['change'], minute = 0, over: Partial<Override> = {}): Override {
  const [env = '', kind, name] = target.split('/');
  return {
    id: `ovr-${String(++seq).padStart(12, '0')}`,
    env,
    ...(kind && name ? { target: { kind: kind as 'instance' | 'autoscaling-group', name } } : {}),
    change,
    owner: 'slack:U0REQUESTER',
    reason: `/${change.kind} ${target}`,
    createdAt: new Date(Date.parse('2026-03-01T10:00:00Z') + minute * 60_000).toISOString(),
    state: 'active',
    ...over,
  };
}

/** `env/kind/name` and the fields an override can change, one line per instance or group. */
function describeResource(r: ResourceSpec): string {
  const id = `${r.env}/${r.kind}/${r.name}`;
  if (r.kind === 'instance') return `${id} ${r.state} ${r.instanceType}`;
  if (r.kind === 'autoscaling-group') return `${id} ${r.minSize}/${r.maxSize}/${r.desiredCapacity ?? '-'} ${r.launchTemplate.instanceType}`;
  return id;
}

/** The lines of `after` that differ from the definitions as written. */
function changed(after: Definitions): string[] {
  const before = new Set(fleet.resources.map(describeResource));
  return after.resources.map(describeResource).filter((line) => !before.has(line));
}

interface Row {
  rule: string;
  overrides: () => Override[];
  changes: string[];
  /** Indexes into `overrides()` of those answered as unmatched. */
  unmatched?: number[];
  definitions?: () => Definitions;
}

const rows: Row[] = [
  {
    rule: 'shutdown of an environment stops its instances and empties its groups, nothing elsewhere',
    overrides: () => [ovr('dev', { kind: 'shutdown' })],
    changes: ['dev/instance/bastion stopped t3.nano', 'dev/autoscaling-group/web 0/0/0 t3.micro', 'dev/autoscaling-group/worker 0/0/0 t4g.small'],
  },
  {
    rule: 'shutdown of one instance stops only it',
    overrides: () => [ovr('prod/instance/bastion', { kind: 'shutdown' })],
    changes: ['prod/instance/bastion stopped t3.micro'],
  },
  {
    rule: 'shutdown of one group empties only it',
    overrides: () => [ovr('staging/autoscaling-group/worker', { kind: 'shutdown' })],
    changes: ['staging/autoscaling-group/worker 0/0/0 t4g.medium'],
  },
  {
    rule: 'a later startup of the environment starts its instances again; groups have no stopped state and stay empty',
    overrides: () => [ovr('dev', { kind: 'shutdown' }, 0), ovr('dev', { kind: 'startup' }, 5)],
    changes: ['dev/autoscaling-group/web 0/0/0 t3.micro', 'dev/autoscaling-group/worker 0/0/0 t4g.small'],
  },
  {
    rule: 'a later startup of one instance starts only it during an environment shutdown',
    overrides: () => [ovr('dev/instance/bastion', { kind: 'startup' }, 5), ovr('dev', { kind: 'shutdown' }, 0)],
    changes: ['dev/autoscaling-group/web 0/0/0 t3.micro', 'dev/autoscaling-group/worker 0/0/0 t4g.small'],
  },
  {
    rule: 'an earlier startup loses to a later shutdown',
    overrides: () => [ovr('dev/instance/bastion', { kind: 'startup' }, 0), ovr('dev', { kind: 'shutdown' }, 5)],
    changes: ['dev/instance/bastion stopped t3.nano', 'dev/autoscaling-group/web 0/0/0 t3.micro', 'dev/autoscaling-group/worker 0/0/0 t4g.small'],
  },
  {
    rule: 'startup of a group changes nothing, and is not unmatched',
    overrides: () => [ovr('dev/autoscaling-group/web', { kind: 'startup' })],
    changes: [],
  },
  {
    rule: 'capacity replaces only the bounds it gives (desired set where the policies owned it)',
    overrides: () => [ovr('prod/autoscaling-group/web', { kind: 'capacity', desired: 4 }), ovr('staging/autoscaling-group/web', { kind: 'capacity', min: 0, max: 6 })],
    changes: ['prod/autoscaling-group/web 2/5/4 t3.medium', 'staging/autoscaling-group/web 0/6/- t3.small'],
  },
  {
    rule: 'a later capacity brings one group back during an environment shutdown',
    overrides: () => [ovr('dev', { kind: 'shutdown' }, 0), ovr('dev/autoscaling-group/web', { kind: 'capacity', min: 1, max: 2, desired: 1 }, 5)],
    changes: ['dev/instance/bastion stopped t3.nano', 'dev/autoscaling-group/web 1/2/1 t3.micro', 'dev/autoscaling-group/worker 0/0/0 t4g.small'],
  },
  {
    rule: 'a later shutdown wins over an earlier capacity',
    overrides: () => [ovr('dev', { kind: 'shutdown' }, 5), ovr('dev/autoscaling-group/web', { kind: 'capacity', max: 4, desired: 3 }, 0)],
    changes: ['dev/instance/bastion stopped t3.nano', 'dev/autoscaling-group/web 0/0/0 t3.micro', 'dev/autoscaling-group/worker 0/0/0 t4g.small'],
  },
  {
    rule: "instance-type sets an instance's type and a group's launch template type",
    overrides: () => [ovr('prod/instance/bastion', { kind: 'instance-type', instanceType: 't3.large' }), ovr('prod/autoscaling-group/worker', { kind: 'instance-type', instanceType: 'm7g.xlarge' })],
    changes: ['prod/instance/bastion running t3.large', 'prod/autoscaling-group/worker 2/6/- m7g.xlarge'],
  },
  {
    rule: 'the later of two instance types wins, whatever the order of the list',
    overrides: () => [ovr('prod/instance/bastion', { kind: 'instance-type', instanceType: 't3.xlarge' }, 9), ovr('prod/instance/bastion', { kind: 'instance-type', instanceType: 't3.large' }, 1)],
    changes: ['prod/instance/bastion running t3.xlarge'],
  },
  {
    rule: 'of two made in the same millisecond, the one listed first wins (listOverrides lists the newest first)',
    overrides: () => [ovr('prod/instance/bastion', { kind: 'instance-type', instanceType: 't3.large' }, 1), ovr('prod/instance/bastion', { kind: 'instance-type', instanceType: 't3.xlarge' }, 1)],
    changes: ['prod/instance/bastion running t3.large'],
  },
  {
    rule: 'ended and expired overrides are ignored (not unmatched); an active one past its expiry still applies',
    overrides: () => [
      ovr('dev', { kind: 'shutdown' }, 0, { state: 'ended', endedAt: '2026-03-01T10:05:00.000Z' }),
      ovr('prod', { kind: 'shutdown' }, 0, { state: 'expired', endedAt: '2026-03-01T11:00:00.000Z' }),
      ovr('staging/instance/bastion', { kind: 'shutdown' }, 0, { expiresAt: '2026-03-01T10:01:00.000Z' }),
      ovr('qa', { kind: 'shutdown' }, 0, { state: 'ended' }),
    ],
    changes: ['staging/instance/bastion stopped t3.micro'],
  },
  {
    rule: 'overrides of an environment or resource that is gone, or that do not fit their target, are unmatched',
    overrides: () => [
      ovr('qa', { kind: 'shutdown' }),
      ovr('dev/instance/jumpbox', { kind: 'shutdown' }),
      ovr('dev/instance/web', { kind: 'shutdown' }),
      ovr('dev/instance/bastion', { kind: 'capacity', desired: 2 }),
      ovr('dev', { kind: 'instance-type', instanceType: 't3.large' }),
      ovr('dev', { kind: 'capacity', max: 0 }),
      ovr('prod/instance/bastion', { kind: 'shutdown' }),
    ],
    changes: ['prod/instance/bastion stopped t3.micro'],
    unmatched: [0, 1, 2, 3, 4, 5],
  },
  {
    rule: 'a resource marked deleted is gone for overrides; an environment shutdown skips it',
    definitions: () => ({ ...fleet, resources: fleet.resources.map((r) => (r.env === 'dev' && r.name === 'bastion' ? { ...r, deleted: true } : r)) }),
    overrides: () => [ovr('dev/instance/bastion', { kind: 'instance-type', instanceType: 't3.large' }), ovr('dev', { kind: 'shutdown' })],
    changes: ['dev/autoscaling-group/web 0/0/0 t3.micro', 'dev/autoscaling-group/worker 0/0/0 t4g.small'],
    unmatched: [0],
  },
];

describe('applyOverrides on examples/fleet', () => {
  it.each(rows)('$rule', (row) => {
    const input = row.definitions?.() ?? fleet;
    const overrides = row.overrides();
    const snapshot = structuredClone({ input, overrides });
    const out = applyOverrides(input, overrides);
    expect(changed(out.definitions)).toEqual(row.changes);
    expect(out.unmatched).toEqual((row.unmatched ?? []).map((i) => overrides[i]));
    // Pure: the definitions and overrides handed in are untouched.
    expect({ input, overrides }).toEqual(snapshot);
    expect(out.definitions.environments).toBe(input.environments);
  });

  it('answers the definitions unchanged for no overrides', () => {
    expect(applyOverrides(fleet, [])).toEqual({ definitions: fleet, unmatched: [] });
  });
});

describe('planning with overrides applied', () => {
  it('shows no changes for a fleet where the shutdown happened, and the revert when the override is gone', async () => {
    const clock = createManualClock('2026-03-01T10:00:00Z');
    const sim = createSimProvider({ clock });
    const targets: Record<string, EnvTarget> = Object.fromEntries(
      fleet.environments.map((e) => [e.name, { env: e.name, region: e.region, accountId: e.accountId, ...(e.roleArn ? { roleArn: e.roleArn } : {}) }]),
    );
    const envs = fleet.environments.map((e) => e.name);
    const plan = async (defs: Definitions) =>
      createPlan({ desired: defs.resources, environments: defs.environments, actual: await Promise.all(envs.map((env) => sim.readEnvironment(targets[env]!))), envs, now: clock.now() });
    const converge = async (defs: Definitions): Promise<void> => {
      const result = await applyPlan(await plan(defs), { provider: sim, targets, clock, random: () => 0.5 });
      expect(result.ok).toBe(true);
      clock.advance(SETTLE_MS);
    };

    await converge(fleet);
    expect(changesOf(await plan(fleet))).toEqual([]);

    const shutdown = ovr('dev', { kind: 'shutdown' }, 0, { expiresAt: '2026-03-01T12:00:00.000Z' });
    const overridden = applyOverrides(fleet, [shutdown]);
    expect(overridden.unmatched).toEqual([]);
    expect(changesOf(await plan(overridden.definitions)).map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual([
      'dev/autoscaling-group/web update',
      'dev/autoscaling-group/worker update',
      'dev/instance/bastion update',
    ]);
    await converge(overridden.definitions);
    const dev = await sim.readEnvironment(targets.dev!);
    expect(dev.instances.filter((i) => !i.memberOfGroup && i.state !== 'terminated').map((i) => `${i.tags[TAG_NAME]} ${i.state}`)).toEqual(['bastion stopped']);
    expect(dev.groups.map((g) => `${g.name} ${g.minSize}/${g.maxSize}/${g.desiredCapacity} ${g.instances.length}`).sort()).toEqual(['dev-web 0/0/0 0', 'dev-worker 0/0/0 0']);

    // Plan and drift compare with the overridden definitions: the shutdown is not a change.
    expect(changesOf(await plan(overridden.definitions))).toEqual([]);
    // Once the override has ended, the definitions as written bring dev back.
    const revert = await plan(applyOverrides(fleet, [{ ...shutdown, state: 'expired' }]).definitions);
    expect(changesOf(revert).every((c) => c.startsWith('dev/'))).toBe(true);
    expect(changesOf(revert)).toHaveLength(3);
    await converge(fleet);
    expect(changesOf(await plan(fleet))).toEqual([]);
  });
});
