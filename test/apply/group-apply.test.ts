import { describe, expect, it } from 'vitest';
import { aGroupSpec, observedGroupOf, planOf } from '../plan/builders.js';
import { applyWith, seedFake } from './support/apply-harness.js';
import { FakeProvider } from './support/fake-provider.js';

const web = aGroupSpec();
const newAmi = aGroupSpec({ launchTemplate: { ...web.launchTemplate, ami: 'ami-0fedcba9876543210' } });

describe('group create', () => {
  it.each([
    [undefined, 2],
    [4, 4],
  ])('desired capacity %s starts the group at %i, with its template and policies', async (desiredCapacity, expected) => {
    const fake = new FakeProvider();
    const { result } = await applyWith(planOf([aGroupSpec({ desiredCapacity })]), fake);
    expect(result.results[0]).toMatchObject({ type: 'create', status: 'applied', physicalId: 'prod-web' });
    expect(fake.writes()).toEqual(['putLaunchTemplate prod-web', 'createGroup prod-web', 'putScalingPolicy prod-web']);
    expect(fake.groups.get('prod-web')?.req).toMatchObject({
      desiredCapacity: expected,
      tags: { team: 'web', 'qm:env': 'prod', 'qm:name': 'web', 'qm:uuid': web.uuid },
      healthCheck: { type: 'EC2', gracePeriodSeconds: 300 },
    });
  });

  it('a re-run after the template was made reuses its version (same token)', async () => {
    const fake = new FakeProvider().failOn({ op: 'createGroup', times: 1, error: () => new Error('process died') });
    const plan = planOf([web]);
    await applyWith(plan, fake);
    const { result } = await applyWith(plan, fake);
    expect(result.ok).toBe(true);
    expect(fake.templates.get('prod-web')?.versions).toHaveLength(1);
    const tokens = fake.ops('putLaunchTemplate').map((c) => (c.args[1] as { clientToken: string }).clientToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(tokens[1]);
  });
});

describe('rolling refresh', () => {
  it('puts a new template version, moves the group to it, refreshes and waits', async () => {
    const live = observedGroupOf(web);
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    fake.templates.set('prod-web', { id: live.launchTemplate.id, versions: [web.launchTemplate] });
    const { result } = await applyWith(planOf([newAmi], [live]), fake);
    expect(result.results[0]).toMatchObject({ type: 'rolling-refresh', status: 'applied' });
    expect(fake.writes()).toEqual(['putLaunchTemplate prod-web', 'updateGroup prod-web', 'startInstanceRefresh prod-web']);
    expect(fake.ops('updateGroup')[0]!.args[1]).toEqual({ launchTemplate: { id: live.launchTemplate.id, version: '2' } });
    expect(fake.ops('startInstanceRefresh')[0]!.args[1]).toEqual({ minHealthyPercentage: 90 });
    expect(fake.ops('waitForInstanceRefresh')).toHaveLength(1);
    expect(fake.templates.get('prod-web')?.versions[1]?.ami).toBe('ami-0fedcba9876543210');
  });

  it.each(['Failed', 'Cancelled'] as const)('a refresh that ends %s fails the action', async (status) => {
    const live = observedGroupOf(web);
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    fake.refreshOutcome = status;
    const { result } = await applyWith(planOf([newAmi], [live]), fake);
    expect(result.results[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(new RegExp(`^instance refresh refresh-\\d+ of group prod-web ended ${status}\\. see its status with`)),
    });
  });

  it('waits for a refresh still running (a crashed apply) before starting its own', async () => {
    const live = observedGroupOf(web, { refresh: { id: 'old-refresh', status: 'InProgress', percentComplete: 40 } });
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    const { result } = await applyWith(planOf([newAmi], [live]), fake);
    expect(result.results[0]!.status).toBe('applied');
    expect(fake.ops('waitForInstanceRefresh').map((c) => c.args[1])).toEqual(['old-refresh', expect.stringMatching(/^refresh-/)]);
    const order = fake.calls.map((c) => c.op);
    expect(order.indexOf('waitForInstanceRefresh')).toBeLessThan(order.indexOf('startInstanceRefresh'));
  });

  it('a group without instances gets the new template but needs no refresh', async () => {
    const empty = aGroupSpec({ minSize: 0, desiredCapacity: 0 });
    const live = observedGroupOf(empty);
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    const next = aGroupSpec({ minSize: 0, desiredCapacity: 0, launchTemplate: { ...web.launchTemplate, instanceType: 't3.large' } });
    const { result } = await applyWith(planOf([next], [live]), fake);
    expect(result.results[0]!.status).toBe('applied');
    expect(fake.writes()).toEqual(['putLaunchTemplate prod-web', 'updateGroup prod-web']);
  });

  it('a capacity change together with the template change goes in the same updateGroup', async () => {
    const live = observedGroupOf(web);
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    const next = aGroupSpec({ desiredCapacity: 3, launchTemplate: newAmi.launchTemplate });
    await applyWith(planOf([next], [live]), fake);
    expect(fake.ops('updateGroup').map((c) => c.args[1])).toEqual([{ desiredCapacity: 3, launchTemplate: { id: 'lt-1', version: '1' } }]);
  });
});

describe('members left on an old template version (a refresh cut short)', () => {
  const outdated = () =>
    observedGroupOf(web, {
      launchTemplate: { ...observedGroupOf(web).launchTemplate, version: '2' },
      instances: observedGroupOf(web).instances.map((i) => ({ ...i, launchTemplateVersion: '1' })),
    });

  it('a rolling-refresh without a template change refreshes them', async () => {
    const live = outdated();
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    const plan = planOf([web], [live]);
    const action = { ...plan.actions[0]!, type: 'rolling-refresh' as const, changes: [{ field: 'instances.launch_template_version', old: '1', new: '2' }] };
    const { result } = await applyWith({ ...plan, actions: [action] }, fake);
    expect(result.results[0]!.status).toBe('applied');
    expect(fake.writes()).toEqual(['startInstanceRefresh prod-web']);
  });

  it('an update never replaces instances the plan did not announce', async () => {
    const live = outdated();
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    // The planner announces outdated members as a rolling refresh; an update that only says max_size must do only that.
    const plan = planOf([{ ...web, maxSize: 7 }], [live]);
    const update = { ...plan.actions[0]!, type: 'update' as const, impact: 'none' as const, changes: [{ field: 'max_size', old: live.maxSize, new: 7 }] };
    const { result } = await applyWith({ ...plan, actions: [update] }, fake);
    expect(result.results[0]).toMatchObject({ type: 'update', status: 'applied' });
    expect(fake.writes()).toEqual(['updateGroup prod-web']);
  });

  it('the planner plans a rolling refresh for them, and applying it refreshes', async () => {
    const live = outdated();
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    const plan = planOf([web], [live]);
    expect(plan.actions[0]).toMatchObject({ type: 'rolling-refresh', changes: [{ field: 'instances.outdated', new: 'all on version 2' }] });
    const { result } = await applyWith(plan, fake);
    expect(result.results[0]!.status).toBe('applied');
    expect(fake.writes()).toEqual(['startInstanceRefresh prod-web']);
  });
});
