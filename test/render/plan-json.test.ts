import { describe, expect, it } from 'vitest';
import { ErrorCode, PlanFileInvalidError, isQmError } from '../../src/errors.js';
import { parsePlanJson, redactPlan, renderPlanJson } from '../../src/render/index.js';
import { alikeCreatesPlan, appName } from './grouped-plan.js';
import { SECRET, emptyPlan, representativePlan } from './representative-plan.js';

describe('renderPlanJson / parsePlanJson', () => {
  it('round-trips a plan without user data exactly', () => {
    const plan = emptyPlan();
    expect(parsePlanJson(renderPlanJson(plan))).toEqual(plan);
  });

  it('round-trips the representative plan, user data redacted everywhere', () => {
    const plan = representativePlan();
    const text = renderPlanJson(plan);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(SECRET);
    expect(text).toMatch(/"userData": "\(sha256:[0-9a-f]{12}, \d+ bytes\)"/);
    const back = parsePlanJson(text);
    expect(back).toEqual(JSON.parse(JSON.stringify(redactPlan(plan))));
    expect(back.fingerprint).toBe(plan.fingerprint);
    expect(back.formatVersion).toBe(1);
  });

  it('does not change the plan it redacts', () => {
    const plan = representativePlan();
    const before = JSON.stringify(plan);
    redactPlan(plan);
    expect(JSON.stringify(plan)).toBe(before);
    expect(before).toContain('hunter2'); // the in-memory plan keeps what apply needs
  });

  const good = () => JSON.parse(renderPlanJson(representativePlan())) as Record<string, unknown> & { actions: Record<string, unknown>[]; notices: Record<string, unknown>[] };

  it.each<[string, () => string, RegExp]>([
    ['not JSON', () => '{"formatVersion": 1,', /^plan\.json is not JSON \(/],
    ['a list', () => '[]', /is not a Quartermaster plan file \(no formatVersion\)/],
    ['no formatVersion', () => JSON.stringify({ actions: [] }), /is not a Quartermaster plan file/],
    ['a newer format', () => JSON.stringify({ ...good(), formatVersion: 2 }), /written by a newer Quartermaster \(plan format 2\); this one reads format 1\. Upgrade qm/],
    ['a format as a string', () => JSON.stringify({ ...good(), formatVersion: '1' }), /unsupported formatVersion "1"/],
    ['a bad fingerprint', () => JSON.stringify({ ...good(), fingerprint: 'abc' }), /fingerprint must be a sha256 hex string \(got "abc"\)/],
    ['no actions', () => JSON.stringify({ ...good(), actions: undefined }), /actions must be a list \(got nothing\)/],
    [
      'an unknown action type',
      () => {
        const p = good();
        p.actions[0]!.type = 'explode';
        return JSON.stringify(p);
      },
      /actions\[0\]\.type must be one of create, update, stop-modify-start, rolling-refresh, replace, delete, no-op \(got "explode"\)/,
    ],
    [
      'a duplicate action id',
      () => {
        const p = good();
        p.actions[1]!.id = p.actions[0]!.id;
        return JSON.stringify(p);
      },
      /actions\[1\]\.id "prod\/autoscaling-group\/web" is used twice/,
    ],
    [
      'a dependency on a missing action',
      () => {
        const p = good();
        p.actions[0]!.dependsOn = ['prod/instance/nope'];
        return JSON.stringify(p);
      },
      /actions\[0\]\.dependsOn names "prod\/instance\/nope", which is not an action of this plan/,
    ],
    [
      'a bad notice',
      () => {
        const p = good();
        p.notices[0]!.level = 'panic';
        return JSON.stringify(p);
      },
      /notices\[0\]\.level must be one of info, warning/,
    ],
    ['a bad summary', () => JSON.stringify({ ...good(), summary: { add: 'one' } }), /summary\.add must be a number/],
  ])('refuses %s with a clear message', (_, text, message) => {
    let caught: unknown;
    try {
      parsePlanJson(text(), { source: 'plan.json' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PlanFileInvalidError);
    expect(isQmError(caught, ErrorCode.PlanFileInvalid)).toBe(true);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toMatch(/`qm plan --out plan\.json`$/);
  });

  it('never groups: every one of many alike creates is in the JSON, as machines need', () => {
    const plan = alikeCreatesPlan(200);
    const back = parsePlanJson(renderPlanJson(plan));
    expect(back.actions.map((a) => a.resource.name)).toEqual(Array.from({ length: 200 }, (_, i) => appName(i)));
    expect(back.fingerprint).toBe(plan.fingerprint);
  });
});
