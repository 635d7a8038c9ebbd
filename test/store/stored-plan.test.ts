import { describe, expect, it } from 'vitest';
import type { Plan, PlannedAction } from '../../src/model/plan.js';
import type { InstanceSpec } from '../../src/model/resources.js';
import { parsePlanJson } from '../../src/render/parse-plan-json.js';
import { renderPlanMarkdown } from '../../src/render/render-plan-markdown.js';
import { renderPlanText } from '../../src/render/render-plan-text.js';
import { decodePlanColumn, encodePlanColumn } from '../../src/store/plan-column.js';
import { redactSecrets } from '../../src/store/redact-secrets.js';
import { STORED_PLAN_FORM, desiredDigestOf, isApprovedDesired, storedPlanOf, type StoredPlan } from '../../src/store/stored-plan.js';
import { anInstanceSpec, observedInstanceOf, planOf } from '../plan/builders.js';

const PASSWORD = 'hunter2-correct-horse';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SLACK_TOKEN = 'xoxb-123456789012-abcdefghijkl';
const userData = (i: number) => `#!/bin/sh\nexport DB_PASSWORD=${PASSWORD}-${i}\nexport AWS_ACCESS_KEY_ID=${AWS_KEY}\n`;

/** What the store returns: the stored form, through the column's text. */
const roundTrip = (p: unknown): StoredPlan => decodePlanColumn(encodePlanColumn(storedPlanOf(p)), 'req-test') as StoredPlan;

/**
 * `changes` instances whose type and user data (holding secrets) change, among `unchanged`
 * that match: a plan of `changes` actions and `unchanged` no-ops.
 */
function fleetPlan(changes: number, unchanged: number): Plan {
  const desired: InstanceSpec[] = [];
  const live = [];
  for (let i = 0; i < changes + unchanged; i++) {
    const spec = anInstanceSpec({ name: `app-${i}`, userData: userData(i) });
    desired.push(spec);
    live.push(i < changes ? observedInstanceOf(spec, { instanceType: 't3.micro', userData: '#!/bin/sh\necho old\n' }) : observedInstanceOf(spec));
  }
  return planOf(desired, live);
}

describe('storedPlanOf: what a request keeps of its plan', () => {
  it('keeps how many were unchanged, so `qm approve` shows the same counts as the plan did', () => {
    const plan = fleetPlan(3, 5);
    const stored = roundTrip(plan);
    const env = plan.envs[0]!;
    expect(stored.unchangedByEnv).toEqual({ [env]: 5 });
    expect(roundTrip(stored).unchangedByEnv, 'stored again: the count is kept, not recounted as 0').toEqual({ [env]: 5 });
    expect(renderPlanText(stored as unknown as Plan, { color: false })).toContain(`${env}: 0 to add, 3 to change, 0 to destroy, 5 unchanged`);
    expect(renderPlanText(plan, { color: false })).toContain(`${env}: 0 to add, 3 to change, 0 to destroy, 5 unchanged`);
    const noChanges = roundTrip(fleetPlan(0, 4));
    expect(renderPlanMarkdown(noChanges as unknown as Plan)).toContain('no changes (4 unchanged)');
  });

  it('keeps the changes only: no no-ops, no live resources, the definition as a digest', () => {
    const plan = fleetPlan(3, 5);
    const stored = roundTrip(plan);
    const changed = plan.actions.filter((a) => a.type !== 'no-op');
    expect(changed).toHaveLength(3);
    expect(stored.storedForm).toBe(STORED_PLAN_FORM);
    expect(stored.summary).toEqual(plan.summary);
    expect(stored.summary.unchanged).toBe(5);
    expect(stored.fingerprint).toBe(plan.fingerprint);
    expect(stored.actions.map((a) => a.id)).toEqual(changed.map((a) => a.id));
    for (const [i, a] of stored.actions.entries()) {
      const was = changed[i] as PlannedAction;
      expect(a).not.toHaveProperty('observed');
      expect(a).not.toHaveProperty('desired');
      expect(a.desiredSha256).toBe(desiredDigestOf(was.desired!));
      expect(a).toMatchObject({ type: was.type, impact: was.impact, resource: was.resource, reason: was.reason, monthlyCostDelta: was.monthlyCostDelta });
    }
  });

  it('is still a valid plan file, which qm approve shows', () => {
    const stored = roundTrip(fleetPlan(2, 2));
    const shown = parsePlanJson(JSON.stringify(stored), { source: 'the plan stored with req-test' });
    expect(shown.fingerprint).toBe(stored.fingerprint);
    expect(shown.actions).toHaveLength(2);
  });

  it('drops waits on actions it does not keep, so the stored plan names only its own actions', () => {
    const plan = fleetPlan(2, 1);
    const [first, second, noop] = [...plan.actions].sort((a, b) => (a.type === 'no-op' ? 1 : 0) - (b.type === 'no-op' ? 1 : 0));
    const edited: Plan = {
      ...plan,
      actions: plan.actions.map((a) => (a.id === second!.id ? { ...a, dependsOn: [first!.id, noop!.id] } : a)),
    };
    const stored = roundTrip(edited);
    expect(stored.actions.find((a) => a.id === second!.id)?.dependsOn).toEqual([first!.id]);
    expect(() => parsePlanJson(JSON.stringify(stored))).not.toThrow();
  });

  it('redacts a secret in user data: summarised in a field change, absent with the definitions', () => {
    const plan = fleetPlan(1, 0);
    const action = plan.actions[0] as PlannedAction;
    // A door may hand over a plan whose user data change holds the text itself, not its description.
    const raw: Plan = { ...plan, actions: [{ ...action, changes: [...action.changes, { field: 'launch_template.user_data', old: undefined, new: userData(0) }] }] };
    const text = JSON.stringify(roundTrip(raw));
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(AWS_KEY);
    const changes = roundTrip(raw).actions[0]!.changes;
    // The plan's own description of user data stays as the plan shows it; raw text becomes a hash and a size.
    expect(changes.find((c) => c.field === 'user_data')?.new).toMatch(/^\(sha256:[0-9a-f]{12}, \d+ bytes\)$/);
    expect(changes.find((c) => c.field === 'launch_template.user_data')?.new).toMatch(/^\[redacted sha256:[0-9a-f]{12} \d+ bytes\]$/);
  });

  it('redacts a secret in a reason, a notice, and a field value', () => {
    const plan = fleetPlan(1, 0);
    const action = plan.actions[0] as PlannedAction;
    const tainted: Plan = {
      ...plan,
      actions: [{ ...action, reason: `resize asked with ${SLACK_TOKEN}`, changes: [...action.changes, { field: 'tags.note', old: 'x', new: `key ${AWS_KEY}` }, { field: 'tags.api_token', old: undefined, new: 'plain-looking-value' }] }],
      notices: [{ level: 'warning', env: 'prod', kind: 'instance', physicalId: 'i-0abc', name: `web ${SLACK_TOKEN}`, message: `unmanaged: postgres://qm:${PASSWORD}@db:5432/qm` }],
    };
    const stored = roundTrip(tainted);
    const text = JSON.stringify(stored);
    for (const secret of [SLACK_TOKEN, AWS_KEY, PASSWORD, 'plain-looking-value']) expect(text).not.toContain(secret);
    expect(stored.actions[0]!.reason).toBe('resize asked with [redacted:slack-token]');
    expect(stored.notices[0]).toEqual({ level: 'warning', env: 'prod', kind: 'instance', physicalId: 'i-0abc', name: 'web [redacted:slack-token]', message: 'unmanaged: postgres://qm:[redacted:url-password]@db:5432/qm' });
    expect(stored.actions[0]!.changes.find((c) => c.field === 'tags.note')?.new).toBe('key [redacted:aws-access-key]');
    expect(stored.actions[0]!.changes.find((c) => c.field === 'tags.api_token')?.new).toMatch(/^\[redacted sha256:/);
  });

  it('redacts a 1,000-change plan correctly: every change kept, no secret left', () => {
    const plan = fleetPlan(1000, 200);
    const stored = roundTrip(plan);
    const text = JSON.stringify(stored);
    expect(stored.actions).toHaveLength(1000);
    expect(stored.summary.unchanged).toBe(200);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(AWS_KEY);
    expect(text).not.toContain('echo old');
    expect(stored.actions.every((a) => typeof a.desiredSha256 === 'string' && a.changes.some((c) => c.field === 'user_data'))).toBe(true);
    // The same changes as the plan, field by field (user data as the plan describes it).
    const changed = plan.actions.filter((a) => a.type !== 'no-op');
    expect(stored.actions.map((a) => a.changes)).toEqual(changed.map((a) => a.changes));
    // A fraction of the whole redacted plan, which kept the no-ops and both resources of every action.
    expect(JSON.stringify(stored).length * 3).toBeLessThan(JSON.stringify(redactSecrets(plan)).length);
  });

  it('stores a stored plan again unchanged', () => {
    const once = roundTrip(fleetPlan(3, 1));
    expect(roundTrip(once)).toEqual(once);
  });

  it('redacts a value that is not a Quartermaster plan as it is (a door of its own)', () => {
    const value = { actions: [{ desired: { userData: `export DB_PASSWORD=${PASSWORD}` } }], note: `token ${SLACK_TOKEN}` };
    expect(roundTrip(value)).toEqual({ actions: [{ desired: { userData: expect.stringMatching(/^\[redacted sha256:/) } }], note: 'token [redacted:slack-token]' });
  });
});

describe('isApprovedDesired: the definition an approved action goes towards, in either stored shape', () => {
  const spec = anInstanceSpec({ name: 'web', instanceType: 't3.large', userData: userData(1) });
  const plan = planOf([spec], [observedInstanceOf(spec, { instanceType: 't3.micro' })]);
  const compact = roundTrip(plan).actions[0]!;
  // Rows written before the compact form hold the whole plan, redacted.
  const legacy = (JSON.parse(JSON.stringify(redactSecrets(plan))) as Plan).actions[0]!;

  it.each([
    ['compact', compact],
    ['legacy (whole redacted plan)', legacy],
  ])('%s: the same definition matches, another does not, a delete matches only a delete', (_shape, stored) => {
    expect(isApprovedDesired(stored, spec)).toBe(true);
    expect(isApprovedDesired(stored, { ...spec, instanceType: 't3.xlarge' })).toBe(false);
    expect(isApprovedDesired(stored, { ...spec, userData: userData(2) })).toBe(false);
    expect(isApprovedDesired(stored, undefined)).toBe(false);
    expect(isApprovedDesired({}, undefined)).toBe(true);
  });

  it('ignores where the definition is written, as the fingerprint does', () => {
    expect(desiredDigestOf({ ...spec, source: { file: 'environments/prod/moved.yml', line: 40, col: 3 } })).toBe(desiredDigestOf(spec));
  });
});

describe('the plan column', () => {
  it('keeps a short plan as readable JSON and deflates a long one, reading both back', () => {
    const small = storedPlanOf(fleetPlan(1, 0));
    expect(encodePlanColumn(small)).toBe(JSON.stringify(small));
    const large = storedPlanOf(fleetPlan(200, 0));
    const text = encodePlanColumn(large);
    expect(text).toMatch(/^zlib:[A-Za-z0-9+/=]+$/);
    expect(text.length * 3).toBeLessThan(JSON.stringify(large).length);
    expect(decodePlanColumn(text, 'req-x')).toEqual(JSON.parse(JSON.stringify(large)));
  });

  it('names the request and the way out when a stored plan cannot be read', () => {
    expect(() => decodePlanColumn('zlib:bm90IGRlZmxhdGVk', 'req-0123456789ab')).toThrow(/The plan stored with req-0123456789ab cannot be read .*Remove that plan from the database/s);
  });
});
