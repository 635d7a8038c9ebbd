import { describe, expect, it } from 'vitest';
import { TAG_UUID } from '../../src/model/identity.js';
import type { InstanceSpec, ResourceSpec } from '../../src/model/resources.js';
import { aGroupSpec, anAlarmSpec, anInstanceSpec, refTo } from '../plan/builders.js';
import { crashingProvider, type CrashMode } from './support/crashing-provider.js';
import { changesOf, createSimWorld, type SimWorld } from './support/sim-world.js';

const bastion = anInstanceSpec({ name: 'bastion', instanceType: 't3.small' });
const worker = anInstanceSpec({ name: 'worker' });
const idle = anInstanceSpec({ name: 'idle' });
const web = aGroupSpec({ name: 'web' });
const webCpu = anAlarmSpec({ name: 'web-cpu', target: refTo(web) });
const old = anAlarmSpec({ name: 'old-alarm' });

const BEFORE: ResourceSpec[] = [bastion, worker, idle, web, webCpu, old];

const api = aGroupSpec({ name: 'api', minSize: 1 });
const batch = anInstanceSpec({ name: 'batch', state: 'stopped' });
/** One change of every kind the executor knows, all in one plan. */
const AFTER: ResourceSpec[] = [
  { ...bastion, instanceType: 't3.large' }, // stop-modify-start
  { ...worker, ami: 'ami-0123456789abcdef0' }, // replace
  { ...idle, state: 'stopped', name: 'idle-box' }, // update: stop + rename
  { ...web, launchTemplate: { ...web.launchTemplate, instanceType: 't3.medium' } }, // rolling refresh
  { ...webCpu, threshold: 90 }, // update alarm
  { ...old, deleted: true }, // delete
  api, // create group
  anAlarmSpec({ name: 'api-cpu', target: refTo(api) }), // create alarm on a group made in the same run
  batch, // create, then stop
  anAlarmSpec({ name: 'batch-cpu', target: refTo(batch) }), // alarm on an instance made in the same run
];

async function worldAtBefore(): Promise<SimWorld> {
  const world = createSimWorld();
  const { result } = await world.converge(BEFORE);
  expect(result.ok).toBe(true);
  world.settle();
  return world;
}

/** Everything "converged" means, beyond an empty plan. */
async function expectConverged(world: SimWorld, desired: ResourceSpec[]): Promise<void> {
  expect(changesOf(await world.plan(desired))).toEqual([]);
  const live = await world.liveInstances();
  const perUuid = new Map<string, string[]>();
  for (const i of live) perUuid.set(i.tags[TAG_UUID]!, [...(perUuid.get(i.tags[TAG_UUID]!) ?? []), `${i.id} ${i.state}`]);
  for (const spec of desired.filter((r): r is InstanceSpec => r.kind === 'instance' && !r.deleted)) {
    // Exactly one instance per definition, in the state the definition asks for.
    expect(perUuid.get(spec.uuid), spec.name).toEqual([expect.stringMatching(new RegExp(` ${spec.state}$`))]);
  }
  const [fleet] = await world.read();
  for (const g of fleet!.groups) {
    // No group member is left on an old launch template (a refresh cut short).
    expect(g.instances.map((i) => `${i.instanceType} v${i.launchTemplateVersion}`), g.name).toEqual(
      g.instances.map(() => `${g.launchTemplate.instanceType} v${g.launchTemplate.version}`),
    );
  }
}

describe('crash convergence on the sim', () => {
  it('the scenario converges in one uncrashed apply, and counts its calls', async () => {
    const world = await worldAtBefore();
    const plan = await world.plan(AFTER);
    expect(changesOf(plan).map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual([
      'prod/autoscaling-group/api create',
      'prod/autoscaling-group/web rolling-refresh',
      'prod/instance/bastion stop-modify-start',
      'prod/instance/batch create',
      'prod/instance/idle-box update',
      'prod/instance/worker replace',
      'prod/alarm/api-cpu create',
      'prod/alarm/batch-cpu create',
      'prod/alarm/old-alarm delete',
      'prod/alarm/web-cpu update',
    ]);
    const probe = crashingProvider(world.sim, Number.MAX_SAFE_INTEGER, 'before-call');
    const { result } = await world.apply(plan, {}, probe);
    expect(result.ok).toBe(true);
    world.settle();
    await expectConverged(world, AFTER);
    expect(probe.attempted).toBeGreaterThan(25);
  });

  it.each<CrashMode>(['before-call', 'lost-response'])(
    'dying at any call (%s), then re-planning and re-applying, converges with no duplicate and nothing left stopped',
    async (mode) => {
      const { total, log } = await (async () => {
        const world = await worldAtBefore();
        const probe = crashingProvider(world.sim, Number.MAX_SAFE_INTEGER, mode);
        await world.apply(await world.plan(AFTER), {}, probe);
        return { total: probe.attempted, log: probe.log };
      })();
      // Every crash point, members included: dying after prod-web moved to its new template but
      // before its refresh started leaves members on the old version, which createPlan announces
      // as a rolling refresh (instances.outdated).
      const failures: string[] = [];
      for (let k = 1; k <= total; k++) {
        const world = await worldAtBefore();
        const crashed = await world.apply(await world.plan(AFTER), {}, crashingProvider(world.sim, k, mode));
        expect(crashed.result.ok, `k=${k}`).toBe(false);
        world.settle(); // the process restarts some minutes later
        const rerun = await world.converge(AFTER);
        world.settle();
        try {
          const errors = rerun.result.results.filter((r) => r.status !== 'applied' && r.status !== 'unchanged');
          if (errors.length > 0) throw new Error(JSON.stringify(errors.map((r) => `${r.id} ${r.status}: ${r.error ?? r.note}`)));
          await expectConverged(world, AFTER);
        } catch (e) {
          failures.push(`k=${k} (${log[k - 1]}): ${(e as Error).message.replace(/\s+/g, ' ').slice(0, 400)}`);
        }
      }
      expect(failures).toEqual([]);
    },
  );
});
