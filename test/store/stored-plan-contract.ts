import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../src/clock.js';
import { isResumptionOf } from '../../src/gates/resumption.js';
import type { Plan } from '../../src/model/plan.js';
import { parsePlanJson } from '../../src/render/parse-plan-json.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { redactSecrets } from '../../src/store/redact-secrets.js';
import { STORED_PLAN_FORM, type StoredPlan } from '../../src/store/stored-plan.js';
import type { Store } from '../../src/store/store.js';
import { anInstanceSpec, observedInstanceOf, planOf } from '../plan/builders.js';
import type { StoreHarness, StoreLocation } from './harness.js';
import { newRequest } from './store-contract.js';

const SECRET = 'export DB_PASSWORD=hunter2';
const SLACK_TOKEN = 'xoxb-123456789012-abcdefghijkl';

/** `changes` instances resized (their user data holding a secret) among `unchanged` that match. */
function resizePlan(changes: number, unchanged: number): Plan {
  const specs = Array.from({ length: changes + unchanged }, (_, i) => anInstanceSpec({ name: `app-${i}`, instanceType: 't3.large', userData: `#!/bin/sh\n${SECRET}-${i}\n` }));
  return planOf(specs, specs.map((s, i) => observedInstanceOf(s, i < changes ? { instanceType: 't3.micro' } : {})));
}

/**
 * How every store keeps a request's plan (run by the store contract for SQLite, sql.js and
 * PostgreSQL): once, in the compact form, redacted; and requests written before schema 3 read
 * back as they were.
 */
export function storedPlanContract(harness: StoreHarness): void {
  describe(`stored plans (${harness.name})`, () => {
    let loc: StoreLocation;
    let clock: ManualClock;
    let store: Store;

    beforeEach(async () => {
      loc = await harness.fresh();
      clock = createManualClock('2026-03-01T10:00:00Z');
      store = await loc.open(clock);
    });
    afterEach(async () => {
      await store.close();
      await loc.dispose();
    });

    /** Rows of one query, on a driver of its own on the same database. */
    const rawRows = async (sql: string, params: (string | number)[] = []) => {
      const driver = await loc.driver();
      try {
        return await driver.all(sql, params);
      } finally {
        await driver.close();
      }
    };

    it('keeps a plan once, changes only, whatever happens to the request afterwards', async () => {
      const plan = resizePlan(30, 70);
      const { request } = await store.createRequest(newRequest({ fingerprint: plan.fingerprint, plan, state: 'approved' }));
      const stored = request.plan as StoredPlan;
      expect(stored.storedForm).toBe(STORED_PLAN_FORM);
      expect(stored.actions).toHaveLength(30);
      expect(stored.summary).toEqual(plan.summary);
      expect(JSON.stringify(stored)).not.toContain('hunter2');
      for (const state of ['applying', 'applied'] as const) {
        clock.advance(1000);
        await store.updateRequest(request.id, () => ({ result: null, patch: { state } }));
      }
      const after = await store.getRequest(request.id);
      expect(after?.state).toBe('applied');
      expect(after?.plan).toEqual(stored);
      expect((await store.listRequests())[0]?.plan).toEqual(stored);
      // Written once, apart from the row every state change rewrites.
      expect(await rawRows('SELECT plan FROM qm_requests WHERE id = ?', [request.id])).toEqual([{ plan: null }]);
      expect(await rawRows('SELECT request_id FROM qm_request_plans')).toEqual([{ request_id: request.id }]);
      // What readers do with it: qm approve shows it; a resumption matches the re-plan against it.
      expect(parsePlanJson(JSON.stringify(after?.plan)).actions).toHaveLength(30);
      expect(isResumptionOf(after?.plan, plan)).toBe(true);
      expect(isResumptionOf(after?.plan, resizePlan(31, 69))).toBe(false);
    });

    it('returns a superseded request with its plan', async () => {
      const plan = resizePlan(2, 1);
      const first = (await store.createRequest(newRequest({ plan }))).request;
      const { superseded } = await store.createRequest(newRequest({ reason: 'again' }));
      expect(superseded.map((r) => [r.id, r.plan])).toEqual([[first.id, first.plan]]);
    });

    it('redacts secrets in the reasons of a request, as in its audit entries', async () => {
      const { request } = await store.createRequest(
        newRequest({ reason: `/scale web 5 ${SLACK_TOKEN}`, stateReason: `asked with ${SLACK_TOKEN}`, requirements: [{ group: 'sre', count: 1, reason: `token ${SLACK_TOKEN}` }] }),
      );
      await store.updateRequest(request.id, () => ({ result: null, patch: { state: 'denied', stateReason: `denied: postgres://qm:hunter2@db/qm` } }));
      const after = await store.getRequest(request.id);
      expect(JSON.stringify(after)).not.toMatch(/xoxb-|hunter2/);
      expect(after).toMatchObject({
        reason: '/scale web 5 [redacted:slack-token]',
        stateReason: 'denied: postgres://qm:[redacted:url-password]@db/qm',
        requirements: [{ group: 'sre', count: 1, reason: 'token [redacted:slack-token]' }],
      });
      expect(request.stateReason).toBe('asked with [redacted:slack-token]');
    });

    it('redacts a secret in an error message written to the audit log', async () => {
      await store.appendAudit({
        actor: 'cli:alice',
        kind: 'apply-step',
        message: 'prod/instance/web: failed (AuthFailure: Authorization: Bearer abc.def.ghijklmnopqrstuvwxyz)',
        data: { phase: 'finished', status: 'failed', error: `RunInstances: user data ${SECRET} rejected with key AKIAIOSFODNN7EXAMPLE` },
      });
      const [e] = await store.queryAudit();
      expect(e?.message).toBe('prod/instance/web: failed (AuthFailure: Authorization: Bearer [redacted:bearer])');
      expect(e?.data?.error).toBe(`RunInstances: user data ${SECRET} rejected with key [redacted:aws-access-key]`);
    });

    it('reads a request written before schema 3, with its whole redacted plan in qm_requests, and migrates around it', async () => {
      const plan = resizePlan(2, 3);
      const old = await harness.fresh();
      try {
        const driver = await old.driver();
        expect(await migrate(driver, clock.now(), MIGRATIONS.filter((m) => m.version <= 2), old.pgSchema)).toBe(2);
        // Exactly what the store wrote before: the whole plan, redacted value by value, inline.
        const oldText = JSON.stringify(redactSecrets(plan));
        const t = clock.now().getTime();
        await driver.transaction((tx) =>
          tx.run(
            `INSERT INTO qm_requests (id, actor, door, command, envs, env_keys, scope, fingerprint, plan, plan_ref, reason, requirements, state, state_reason, created_at, updated_at, expires_at, claim, version)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, NULL, ?, ?, ?, ?, 2)`,
            ['req-00000000old1', 'cli:alice', 'cli', 'apply', '["prod"]', '|prod|', 'apply prod', plan.fingerprint, oldText, 'qm apply --env prod', '[]', 'failed', t, t, t + 3600_000, JSON.stringify({ holder: 'cli:alice pid 1', at: new Date(t).toISOString(), lockTokens: [] })],
          ),
        );
        await driver.close();

        const latest = await old.open(clock);
        try {
          const request = await latest.getRequest('req-00000000old1');
          expect(request?.plan).toEqual(JSON.parse(oldText));
          expect((request?.plan as Plan).actions).toHaveLength(5);
          expect(JSON.stringify(request?.plan)).not.toContain('hunter2');
          expect(parsePlanJson(JSON.stringify(request?.plan)).fingerprint).toBe(plan.fingerprint);
          expect(isResumptionOf(request?.plan, plan)).toBe(true);
          expect(isResumptionOf(request?.plan, resizePlan(3, 2))).toBe(false);
          await latest.updateRequest('req-00000000old1', () => ({ result: null, patch: { stateReason: 'read by schema 3' } }));
          expect((await latest.listRequests({ states: ['failed'] }))[0]).toMatchObject({ stateReason: 'read by schema 3', plan: JSON.parse(oldText) });
        } finally {
          await latest.close();
        }
      } finally {
        await old.dispose();
      }
    });
  });
}
