import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../src/clock.js';
import { ErrorCode, isQmError } from '../../src/errors.js';
import type { NewOverride, Override } from '../../src/model/override.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { createSqlStore } from '../../src/store/sql-store.js';
import type { ApprovalRequest, NewRequest, Store } from '../../src/store/store.js';
import type { StoreHarness, StoreLocation } from './harness.js';

export const FP = 'a'.repeat(64);

export function newRequest(over: Partial<NewRequest> = {}): NewRequest {
  return {
    actor: 'slack:U0REQUESTER',
    door: 'slack',
    command: 'scale',
    envs: ['prod'],
    fingerprint: FP,
    reason: '/scale web 5',
    requirements: [{ group: 'sre', count: 1, reason: 'prod-downtime' }],
    state: 'requested',
    expiresInMs: 2 * 3600_000,
    ...over,
  };
}

export function newOverride(over: Partial<NewOverride> = {}): NewOverride {
  return {
    env: 'dev',
    change: { kind: 'shutdown' },
    owner: 'slack:U0REQUESTER',
    reason: '/shutdown dev --for 2h',
    thread: { door: 'slack', channel: 'C0OPS', thread: '1772359200.000100' },
    expiresAt: '2026-03-01T12:00:00Z',
    ...over,
  };
}

/**
 * The behaviour every Store implementation must have. Run by sqlite.test.ts and postgres.test.ts.
 */
export function storeContract(harness: StoreHarness): void {
  describe(`Store contract (${harness.name})`, () => {
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

    describe('migrations', () => {
      it('migrates once when several processes open a new store at the same moment', async () => {
        const fresh = await harness.fresh();
        try {
          const stores = await Promise.all(Array.from({ length: 5 }, () => fresh.open(clock)));
          expect(await Promise.all(stores.map((s) => s.schemaVersion()))).toEqual(stores.map(() => LATEST_SCHEMA_VERSION));
          await Promise.all(stores.map((s, i) => s.appendAudit({ actor: `p${i}`, kind: 'plan', message: 'hello' })));
          expect(await stores[0]?.queryAudit()).toHaveLength(5);
          await Promise.all(stores.map((s) => s.close()));
        } finally {
          await fresh.dispose();
        }
      });

      it('brings a new store to the latest schema and reopens without re-applying', async () => {
        expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
        await store.appendAudit({ actor: 'cli:test', kind: 'plan', message: 'kept across reopen' });
        await store.close();
        store = await loc.open(clock);
        expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
        expect((await store.queryAudit()).map((e) => e.message)).toEqual(['kept across reopen']);
      });

      it('refuses to open a schema newer than the code understands, saying to upgrade qm', async () => {
        await store.close();
        await loc.exec(`INSERT INTO qm_schema (version, name, applied_at) VALUES (${LATEST_SCHEMA_VERSION + 7}, 'from the future', 0)`);
        const err = await loc.open(clock).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isQmError(err, ErrorCode.StoreSchemaTooNew)).toBe(true);
        expect((err as Error).message).toMatch(new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 7}.*up to ${LATEST_SCHEMA_VERSION}.*Upgrade qm`));
        // The failed open must not leave a half-open store behind: reopen once the row is gone.
        await loc.exec(`DELETE FROM qm_schema WHERE version = ${LATEST_SCHEMA_VERSION + 7}`);
        store = await loc.open(clock);
        expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
      });

      it('keeps the requests, locks and audit log of a version 1 store when it is migrated to overrides (version 2)', async () => {
        expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
        const old = await harness.fresh();
        try {
          const driver = await old.driver();
          expect(await migrate(driver, clock.now(), MIGRATIONS.filter((m) => m.version === 1), old.pgSchema)).toBe(1);
          const v1 = createSqlStore(driver, clock);
          const { request } = await v1.createRequest(newRequest({ state: 'approved' }));
          const lock = await v1.acquireLock('prod', { holder: 'bot-1', purpose: `apply ${request.id}`, ttlMs: 600_000 });
          await v1.appendAudit({ actor: 'cli:test', kind: 'plan', envs: ['prod'], message: 'written by version 1' });
          const audit = await v1.queryAudit();
          await v1.close();

          clock.advance(1000);
          const v2 = await old.open(clock);
          try {
            expect(await v2.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
            expect(await v2.getRequest(request.id)).toEqual(request);
            expect(await v2.getLock('prod')).toEqual(lock.acquired ? lock.lock : undefined);
            expect(await v2.queryAudit()).toEqual(audit);
            const o = await v2.createOverride(newOverride({ requestId: request.id }));
            expect(await v2.listOverrides()).toEqual([o]);
            expect((await v2.queryAudit()).map((e) => e.kind)).toEqual([...audit.map((e) => e.kind), 'override']);
          } finally {
            await v2.close();
          }
        } finally {
          await old.dispose();
        }
      });
    });

    describe('requests', () => {
      it('stores a request with everything a door recorded, and lists it by env and state', async () => {
        const { request, superseded } = await store.createRequest(newRequest({ envs: ['prod', 'dev', 'prod'], planRef: 'pr-12@abc123', plan: { fingerprint: FP, actions: [] } }));
        expect(superseded).toEqual([]);
        expect(request).toMatchObject({
          actor: 'slack:U0REQUESTER',
          door: 'slack',
          command: 'scale',
          envs: ['dev', 'prod'],
          scope: 'scale dev,prod',
          fingerprint: FP,
          planRef: 'pr-12@abc123',
          plan: { fingerprint: FP, actions: [] },
          state: 'requested',
          createdAt: '2026-03-01T10:00:00.000Z',
          expiresAt: '2026-03-01T12:00:00.000Z',
          approvals: [],
          version: 1,
        });
        expect(request.id).toMatch(/^req-[0-9a-f]{12}$/);
        expect(await store.getRequest(request.id)).toEqual(request);
        expect(await store.getRequest('req-000000000000')).toBeUndefined();
        expect((await store.listRequests({ env: 'dev' })).map((r) => r.id)).toEqual([request.id]);
        expect(await store.listRequests({ env: 'staging' })).toEqual([]);
        expect(await store.listRequests({ env: 'pro' })).toEqual([]);
        expect(await store.listRequests({ states: ['approved'] })).toEqual([]);
      });

      it('redacts secrets in a stored plan', async () => {
        const plan = { actions: [{ desired: { userData: '#!/bin/sh\nexport DB_PASSWORD=hunter2' } }], note: 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789' };
        const { request } = await store.createRequest(newRequest({ plan }));
        const text = JSON.stringify((await store.getRequest(request.id))?.plan);
        expect(text).not.toContain('hunter2');
        expect(text).not.toContain('ghp_abc');
        expect(text).toMatch(/redacted sha256:[0-9a-f]{12} \d+ bytes/);
      });

      it('supersedes the open request of the same command and environments, not others', async () => {
        const first = (await store.createRequest(newRequest())).request;
        const otherCommand = (await store.createRequest(newRequest({ command: 'shutdown' }))).request;
        const otherEnv = (await store.createRequest(newRequest({ envs: ['dev'] }))).request;
        clock.advance(1000);
        const second = await store.createRequest(newRequest({ reason: 'again' }), ({ request, superseded }) => [
          { actor: 'slack:U0REQUESTER', kind: 'supersede', requestId: request.id, message: `supersedes ${superseded.map((s) => s.id).join(',')}` },
        ]);
        expect(second.superseded.map((r) => [r.id, r.state, r.stateReason])).toEqual([[first.id, 'superseded', `superseded by ${second.request.id}`]]);
        expect((await store.getRequest(first.id))?.state).toBe('superseded');
        expect((await store.getRequest(otherCommand.id))?.state).toBe('requested');
        expect((await store.getRequest(otherEnv.id))?.state).toBe('requested');
        expect((await store.queryAudit({ kind: 'supersede' })).map((e) => e.message)).toEqual([`supersedes ${first.id}`]);
      });

      it('records an overdue open request of the scope as expired (with an expire entry), not superseded', async () => {
        const overdue = (await store.createRequest(newRequest({ expiresInMs: 60_000 }))).request;
        clock.advance(30_000);
        const fresh = (await store.createRequest(newRequest({ state: 'approved', expiresInMs: 3600_000 }))).request;
        expect((await store.getRequest(overdue.id))?.state).toBe('superseded');
        clock.advance(60_000);
        const late = (await store.createRequest(newRequest({ expiresInMs: 10_000 }))).request;
        clock.advance(10_000); // exactly at its expiry: expired, as effectiveState says
        const next = await store.createRequest(newRequest({ reason: 'again' }));
        expect(next.superseded).toEqual([]);
        expect(await store.getRequest(late.id)).toMatchObject({ state: 'expired', stateReason: `expired at ${late.expiresAt}` });
        expect((await store.getRequest(fresh.id))?.state).toBe('superseded');
        const expiries = await store.queryAudit({ kind: 'expire' });
        expect(expiries.map((e) => [e.requestId, e.message, e.envs])).toEqual([[late.id, `${late.id} expired at ${late.expiresAt} in state requested`, ['prod']]]);
      });

      it('leaves applying and finished requests alone when superseding', async () => {
        const first = (await store.createRequest(newRequest({ state: 'approved' }))).request;
        await store.updateRequest(first.id, () => ({ result: null, patch: { state: 'applying' } }));
        const second = await store.createRequest(newRequest());
        expect(second.superseded).toEqual([]);
        expect((await store.getRequest(first.id))?.state).toBe('applying');
      });

      it('updates under the row lock: decide sees the row, patch + vote + audit are written together', async () => {
        const { request } = await store.createRequest(newRequest());
        clock.advance(60_000);
        const seen: (ApprovalRequest | undefined)[] = [];
        const result = await store.updateRequest(request.id, (current, ctx) => {
          seen.push(current);
          expect(ctx.now.toISOString()).toBe('2026-03-01T10:01:00.000Z');
          return {
            result: 'ok' as const,
            patch: { state: 'approved', stateReason: 'quorum reached' },
            addVote: { approver: 'slack:U0SRE1', door: 'slack', at: ctx.now.toISOString(), fingerprint: FP, groups: ['sre'], comment: 'lgtm' },
            audit: [{ actor: 'slack:U0SRE1', kind: 'approval', requestId: request.id, envs: ['prod'], fingerprint: FP, message: 'approved' }],
          };
        });
        expect(result).toBe('ok');
        expect(seen[0]?.state).toBe('requested');
        const after = await store.getRequest(request.id);
        expect(after).toMatchObject({ state: 'approved', stateReason: 'quorum reached', version: 2, updatedAt: '2026-03-01T10:01:00.000Z' });
        expect(after?.approvals).toEqual([{ approver: 'slack:U0SRE1', door: 'slack', at: '2026-03-01T10:01:00.000Z', fingerprint: FP, groups: ['sre'], comment: 'lgtm' }]);
        expect(await store.queryAudit({ requestId: request.id })).toMatchObject([{ kind: 'approval', actor: 'slack:U0SRE1', envs: ['prod'], fingerprint: FP }]);
      });

      it('writes nothing when decide throws (the audit entry of a failed update is rolled back too)', async () => {
        const { request } = await store.createRequest(newRequest());
        await expect(
          store.updateRequest(request.id, () => {
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        // A vote for an approver who already voted violates the primary key: the patch and audit of that update vanish.
        await store.updateRequest(request.id, (_c, ctx) => ({ result: 1, addVote: { approver: 'slack:U0A', door: 'slack', at: ctx.now.toISOString(), fingerprint: FP, groups: [] } }));
        await expect(
          store.updateRequest(request.id, (_c, ctx) => ({
            result: 2,
            patch: { state: 'approved' },
            addVote: { approver: 'slack:U0A', door: 'slack', at: ctx.now.toISOString(), fingerprint: FP, groups: [] },
            audit: [{ actor: 'x', kind: 'approval', message: 'must not stay' }],
          })),
        ).rejects.toThrow();
        const after = await store.getRequest(request.id);
        expect(after?.state).toBe('requested');
        expect(after?.version).toBe(1);
        expect(after?.approvals).toHaveLength(1);
        expect(await store.queryAudit({ kind: 'approval' })).toEqual([]);
      });

      it('answers decide with undefined for an unknown request and writes nothing for it', async () => {
        const r = await store.updateRequest('req-ffffffffffff', (current) => ({ result: current === undefined ? 'not-found' : 'found', patch: { state: 'approved' } }));
        expect(r).toBe('not-found');
      });

      it('gives decide the current locks of the request environments', async () => {
        const { request } = await store.createRequest(newRequest({ envs: ['dev', 'prod'] }));
        await store.acquireLock('prod', { holder: 'h1', purpose: 'apply', ttlMs: 1000 });
        await store.acquireLock('staging', { holder: 'h2', purpose: 'apply', ttlMs: 1000 });
        clock.advance(2000);
        const locks = await store.updateRequest(request.id, (_c, ctx) => ({ result: ctx.locks }));
        expect(locks.map((l) => [l.env, l.holder, l.expired])).toEqual([['prod', 'h1', true]]);
      });

      it('loses no update when many callers change one request at once', async () => {
        const { request } = await store.createRequest(newRequest());
        const n = 20;
        await Promise.all(
          Array.from({ length: n }, (_, i) =>
            store.updateRequest(request.id, (current, ctx) => ({
              result: null,
              patch: { stateReason: `${Number(current?.stateReason ?? 0) + 1}` },
              addVote: { approver: `slack:U0A${i}`, door: 'slack', at: ctx.now.toISOString(), fingerprint: FP, groups: [] },
            })),
          ),
        );
        const after = await store.getRequest(request.id);
        expect(after?.approvals).toHaveLength(n);
        expect(after?.stateReason).toBe(String(n));
        expect(after?.version).toBe(n + 1);
      });

      it('keeps exactly one open request per scope when many are created at once', async () => {
        const created = await Promise.all(Array.from({ length: 15 }, (_, i) => store.createRequest(newRequest({ reason: `r${i}` }))));
        const all = await store.listRequests({ env: 'prod' });
        expect(all).toHaveLength(15);
        expect(all.filter((r) => r.state === 'requested')).toHaveLength(1);
        expect(all.filter((r) => r.state === 'superseded')).toHaveLength(14);
        const supersededIds = created.flatMap((c) => c.superseded.map((s) => s.id)).sort();
        expect(supersededIds).toEqual(all.filter((r) => r.state === 'superseded').map((r) => r.id).sort());
      });

      it('refuses a second open request for a scope at the database level', async () => {
        await store.createRequest(newRequest());
        await expect(loc.exec(`INSERT INTO qm_requests (id, actor, door, command, envs, env_keys, scope, fingerprint, reason, requirements, state, created_at, updated_at, expires_at, version)
          VALUES ('req-dup', 'a', 'cli', 'scale', '["prod"]', '|prod|', 'scale prod', 'f', 'r', '[]', 'approved', 0, 0, 0, 1)`)).rejects.toThrow(/unique/i);
      });
    });

    describe('locks', () => {
      it('acquires, answers who holds it, renews, releases', async () => {
        const got = await store.acquireLock('prod', { holder: 'bot-1', purpose: 'apply req-1', ttlMs: 60_000, actor: 'slack:U0SRE1', door: 'slack' });
        expect(got).toMatchObject({ acquired: true, lock: { env: 'prod', holder: 'bot-1', purpose: 'apply req-1', expiresAt: '2026-03-01T10:01:00.000Z', expired: false } });
        if (!got.acquired) throw new Error('unreachable');
        clock.advance(10_000);
        expect(await store.acquireLock('prod', { holder: 'bot-2', purpose: 'apply req-2', ttlMs: 60_000 })).toEqual({
          acquired: false,
          heldBy: 'bot-1',
          since: '2026-03-01T10:00:00.000Z',
          purpose: 'apply req-1',
          expiresAt: '2026-03-01T10:01:00.000Z',
        });
        expect((await store.acquireLock('dev', { holder: 'bot-2', purpose: 'apply', ttlMs: 60_000 })).acquired).toBe(true);
        const renewed = await store.renewLock(got.lock, 60_000);
        expect(renewed).toMatchObject({ renewed: true, lock: { renewedAt: '2026-03-01T10:00:10.000Z', expiresAt: '2026-03-01T10:01:10.000Z' } });
        expect((await store.listLocks()).map((l) => l.env)).toEqual(['dev', 'prod']);
        expect(await store.releaseLock(got.lock)).toBe(true);
        expect(await store.releaseLock(got.lock)).toBe(false);
        expect(await store.getLock('prod')).toBeUndefined();
        const kinds = (await store.queryAudit({ env: 'prod' })).map((e) => [e.kind, e.actor]);
        expect(kinds).toEqual([
          ['lock', 'slack:U0SRE1'],
          ['lock', 'bot-1'],
        ]);
      });

      it('lets another holder take over an expired lock; the old holder can then neither renew nor release it', async () => {
        const first = await store.acquireLock('prod', { holder: 'bot-1', purpose: 'apply req-1', ttlMs: 30_000 });
        if (!first.acquired) throw new Error('unreachable');
        clock.advance(30_000);
        expect((await store.getLock('prod'))?.expired).toBe(true);
        const second = await store.acquireLock('prod', { holder: 'bot-2', purpose: 'apply req-1 (resume)', ttlMs: 30_000 });
        expect(second).toMatchObject({ acquired: true, tookOverFrom: { holder: 'bot-1', purpose: 'apply req-1', expiredAt: '2026-03-01T10:00:30.000Z' } });
        expect(await store.renewLock(first.lock, 30_000)).toEqual({ renewed: false, reason: 'lost', heldBy: 'bot-2' });
        expect(await store.releaseLock(first.lock)).toBe(false);
        expect((await store.getLock('prod'))?.holder).toBe('bot-2');
        expect((await store.queryAudit({ kind: 'lock-takeover' }))[0]?.message).toMatch(/took over the expired lock on prod held by bot-1/);
      });

      it('force-unlocks whoever holds the lock, with an audit entry', async () => {
        await store.acquireLock('prod', { holder: 'bot-1', purpose: 'apply req-1', ttlMs: 600_000 });
        const r = await store.forceUnlock('prod', 'slack:U0SRE1', 'bot-1 is wedged', 'slack');
        expect(r.removed).toMatchObject({ env: 'prod', holder: 'bot-1' });
        expect(await store.getLock('prod')).toBeUndefined();
        expect(await store.forceUnlock('prod', 'slack:U0SRE1', 'again')).toEqual({});
        const unlocks = await store.queryAudit({ kind: 'unlock' });
        expect(unlocks.map((e) => [e.actor, e.door, e.envs, e.message])).toEqual([
          ['slack:U0SRE1', 'slack', ['prod'], 'force-unlocked prod held by bot-1 for apply req-1: bot-1 is wedged'],
          ['slack:U0SRE1', undefined, ['prod'], 'force-unlock of prod, which was not locked: again'],
        ]);
      });

      it('grants a contended lock to exactly one of many callers', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.acquireLock('prod', { holder: `h${i}`, purpose: 'apply', ttlMs: 60_000 })));
        const winners = results.filter((r) => r.acquired);
        expect(winners).toHaveLength(1);
        const holder = winners[0]?.acquired ? winners[0].lock.holder : '';
        for (const r of results.filter((x) => !x.acquired)) expect(r).toMatchObject({ acquired: false, heldBy: holder, purpose: 'apply' });
      });
    });

    describe('overrides', () => {
      it('stores an override with everything a door recorded, and gets it', async () => {
        const o = await store.createOverride(newOverride());
        expect(o).toEqual({
          id: o.id,
          env: 'dev',
          change: { kind: 'shutdown' },
          owner: 'slack:U0REQUESTER',
          reason: '/shutdown dev --for 2h',
          thread: { door: 'slack', channel: 'C0OPS', thread: '1772359200.000100' },
          createdAt: '2026-03-01T10:00:00.000Z',
          expiresAt: '2026-03-01T12:00:00.000Z',
          state: 'active',
        });
        expect(o.id).toMatch(/^ovr-[0-9a-f]{12}$/);
        expect(await store.getOverride(o.id)).toEqual(o);
        expect(await store.getOverride('ovr-000000000000')).toBeUndefined();

        const scaled = await store.createOverride(
          newOverride({ env: 'prod', target: { kind: 'autoscaling-group', name: 'web' }, change: { kind: 'capacity', min: 1, desired: 4 }, requestId: 'req-0123456789ab', thread: { door: 'cli', channel: 'tty' } }),
        );
        expect(await store.getOverride(scaled.id)).toEqual({ ...scaled, target: { kind: 'autoscaling-group', name: 'web' }, change: { kind: 'capacity', min: 1, desired: 4 }, requestId: 'req-0123456789ab' });
        const { expiresAt: _drop, thread: _none, ...bare } = newOverride({ change: { kind: 'instance-type', instanceType: 't3.large' } });
        const untilEnded = await store.createOverride(bare);
        expect(untilEnded.expiresAt).toBeUndefined();
        expect(untilEnded.thread).toBeUndefined();
        expect(await store.getOverride(untilEnded.id)).toEqual(untilEnded);
      });

      it("ignores the id, creation time and state of an input that is a whole Override (a door's draft)", async () => {
        clock.advance(5000);
        const draft: Override = { ...newOverride(), id: 'ovr-pending', createdAt: '2020-01-01T00:00:00.000Z', state: 'ended', endedAt: '2020-01-01T00:00:00.000Z', endedReason: 'no' };
        const o = await store.createOverride(draft);
        expect(o).toMatchObject({ createdAt: '2026-03-01T10:00:05.000Z', state: 'active' });
        expect(o.id).not.toBe('ovr-pending');
        expect(o).not.toHaveProperty('endedAt');
        expect(o).not.toHaveProperty('endedReason');
      });

      it('lists newest first (creation order within one millisecond), by environment, state and limit', async () => {
        const a = await store.createOverride(newOverride({ env: 'dev' }));
        clock.advance(1000);
        const b = await store.createOverride(newOverride({ env: 'prod' }));
        const c = await store.createOverride(newOverride({ env: 'dev', target: { kind: 'instance', name: 'bastion' }, change: { kind: 'startup' } }));
        expect(b.createdAt).toBe(c.createdAt);
        const ids = (list: Override[]): string[] => list.map((o) => o.id);
        expect(ids(await store.listOverrides())).toEqual([c.id, b.id, a.id]);
        expect(ids(await store.listOverrides({ env: 'dev' }))).toEqual([c.id, a.id]);
        expect(ids(await store.listOverrides({ env: 'de' }))).toEqual([]);
        expect(ids(await store.listOverrides({ limit: 2 }))).toEqual([c.id, b.id]);
        await store.endOverride(c.id, { state: 'ended', reason: '/startup dev', by: 'slack:U0B' });
        expect(ids(await store.listOverrides({ env: 'dev', states: ['active'] }))).toEqual([a.id]);
        expect(ids(await store.listOverrides({ states: ['ended', 'expired'] }))).toEqual([c.id]);
        expect(ids(await store.listOverrides({ states: [] }))).toEqual([c.id, b.id, a.id]);
      });

      it('creates many overrides at once without losing one', async () => {
        const created = await Promise.all(Array.from({ length: 12 }, (_, i) => store.createOverride(newOverride({ reason: `r${i}` }))));
        expect(new Set(created.map((o) => o.id)).size).toBe(12);
        expect((await store.listOverrides()).map((o) => o.id).sort()).toEqual(created.map((o) => o.id).sort());
      });

      it("writes an override audit entry with the creation, and the caller's entries in the same transaction", async () => {
        const o = await store.createOverride(newOverride({ requestId: 'req-0123456789ab' }), (created) => [
          { actor: 'slack:U0REQUESTER', kind: 'gate-decision', envs: ['dev'], requestId: created.requestId, message: `allowed ${created.id}` },
        ]);
        expect(await store.queryAudit()).toMatchObject([
          {
            kind: 'override',
            actor: 'slack:U0REQUESTER',
            door: 'slack',
            envs: ['dev'],
            requestId: 'req-0123456789ab',
            at: '2026-03-01T10:00:00.000Z',
            message: `override ${o.id}: shutdown of dev until 2026-03-01T12:00:00.000Z (/shutdown dev --for 2h)`,
            data: { overrideId: o.id, change: { kind: 'shutdown' }, expiresAt: '2026-03-01T12:00:00.000Z' },
          },
          { kind: 'gate-decision', message: `allowed ${o.id}` },
        ]);
      });

      it('stores nothing when the audit of a creation fails', async () => {
        await expect(
          store.createOverride(newOverride(), () => {
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await store.listOverrides()).toEqual([]);
        expect(await store.queryAudit()).toEqual([]);
      });

      it('ends an active override once, with when, who and why, audited; ending it again answers undefined', async () => {
        const o = await store.createOverride(newOverride());
        clock.advance(30 * 60_000);
        const ended = await store.endOverride(o.id, { state: 'ended', reason: '/startup dev', by: 'slack:U0SRE1', requestId: 'req-00000000000e', door: 'slack' });
        expect(ended).toEqual({ ...o, state: 'ended', endedAt: '2026-03-01T10:30:00.000Z', endedBy: 'slack:U0SRE1', endedReason: '/startup dev' });
        expect(await store.getOverride(o.id)).toEqual(ended);
        expect(await store.endOverride(o.id, { state: 'expired', reason: 'expired', by: 'qm' })).toBeUndefined();
        expect(await store.endOverride('ovr-ffffffffffff', { state: 'ended', reason: 'x', by: 'qm' })).toBeUndefined();
        expect(await store.getOverride(o.id)).toEqual(ended);
        const entries = await store.queryAudit({ kind: 'override' });
        expect(entries).toHaveLength(2);
        expect(entries[1]).toMatchObject({
          actor: 'slack:U0SRE1',
          door: 'slack',
          envs: ['dev'],
          requestId: 'req-00000000000e',
          at: '2026-03-01T10:30:00.000Z',
          message: `override ${o.id} ended: shutdown of dev is over (/startup dev)`,
          data: { overrideId: o.id, state: 'ended', reason: '/startup dev' },
        });
      });

      it('lets exactly one of several replicas end an override when they race', async () => {
        const replica = await loc.open(clock);
        try {
          for (const round of [1, 2, 3]) {
            const o = await store.createOverride(newOverride({ reason: `round ${round}` }));
            const results = await Promise.all(
              Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? store : replica).endOverride(o.id, { state: i % 3 === 0 ? 'expired' : 'ended', reason: `by ${i}`, by: `bot-${i}` })),
            );
            const winners = results.filter((r): r is Override => r !== undefined);
            expect(winners).toHaveLength(1);
            expect(await store.getOverride(o.id)).toEqual(winners[0]);
            const ends = (await store.queryAudit({ kind: 'override' })).filter((e) => e.data?.overrideId === o.id && e.data.state !== undefined);
            expect(ends.map((e) => e.actor)).toEqual([winners[0]?.endedBy]);
          }
        } finally {
          await replica.close();
        }
      });

      it('answers the overrides due at an instant; it never expires one by itself', async () => {
        const at = (minutes: number): string => new Date(Date.parse('2026-03-01T10:00:00Z') + minutes * 60_000).toISOString();
        const hour = await store.createOverride(newOverride({ reason: 'an hour', expiresAt: at(60) }));
        const twoHours = await store.createOverride(newOverride({ reason: 'two hours', expiresAt: at(120) }));
        const { expiresAt: _none, ...open } = newOverride({ reason: 'until /startup' });
        await store.createOverride(open);
        const ended = await store.createOverride(newOverride({ reason: 'ended early', expiresAt: at(30) }));
        await store.endOverride(ended.id, { state: 'ended', reason: '/startup dev', by: 'slack:U0A' });
        const due = async (minutes: number): Promise<string[]> => (await store.overridesDue(new Date(at(minutes)))).map((o) => o.reason);

        expect(await due(59)).toEqual([]);
        expect(await due(60)).toEqual(['an hour']);
        expect(await due(180)).toEqual(['an hour', 'two hours']);
        clock.advance(180 * 60_000);
        expect((await store.getOverride(hour.id))?.state).toBe('active');
        expect((await store.listOverrides({ states: ['active'] })).map((o) => o.reason)).toEqual(['until /startup', 'two hours', 'an hour']);
        await store.endOverride(hour.id, { state: 'expired', reason: `expired at ${hour.expiresAt}`, by: 'qm' });
        expect(await due(180)).toEqual(['two hours']);
        expect((await store.getOverride(hour.id))?.state).toBe('expired');
        expect((await store.getOverride(twoHours.id))?.state).toBe('active');
      });

      it('links the request that applied an override', async () => {
        const o = await store.createOverride(newOverride());
        const linked = await store.setOverrideRequest(o.id, 'req-0123456789ab');
        expect(linked).toEqual({ ...o, requestId: 'req-0123456789ab' });
        expect(await store.getOverride(o.id)).toEqual(linked);
        expect(await store.setOverrideRequest('ovr-ffffffffffff', 'req-0123456789ab')).toBeUndefined();
      });

      it('refuses an unknown state, and an end without an end time, in the database itself', async () => {
        const insert = (state: string, endedAt: string): Promise<void> =>
          loc.exec(`INSERT INTO qm_overrides (id, seq, env, change, owner, reason, created_at, state, ended_at) VALUES ('ovr-x${state}', 99, 'dev', '{"kind":"shutdown"}', 'a', 'r', 0, '${state}', ${endedAt})`);
        await expect(insert('paused', 'NULL')).rejects.toThrow(/check constraint/i);
        await expect(insert('ended', 'NULL')).rejects.toThrow(/check constraint/i);
        await expect(insert('active', '5')).rejects.toThrow(/check constraint/i);
        expect(await store.listOverrides()).toEqual([]);
      });

      it('refuses an expiry that is not an instant, before writing anything', async () => {
        await expect(store.createOverride(newOverride({ expiresAt: 'in two hours' }))).rejects.toThrow(/expiresAt "in two hours" is not an ISO 8601 instant/);
        expect(await store.listOverrides()).toEqual([]);
      });
    });

    describe('audit log', () => {
      it('appends in order with the store clock and queries by env, time, kind and limit', async () => {
        const a = await store.appendAudit({ actor: 'github:octocat#583231', door: 'pr', kind: 'plan', envs: ['dev', 'prod'], fingerprint: FP, message: 'planned', data: { add: 1 } });
        clock.advance(60_000);
        const b = await store.appendAudit({ actor: 'slack:U0A', door: 'slack', kind: 'apply-step', envs: ['dev'], message: 'step 1' });
        clock.advance(60_000);
        const c = await store.appendAudit({ actor: 'slack:U0A', kind: 'apply-result', envs: ['dev_x'], message: 'done' });
        expect(b.seq).toBeGreaterThan(a.seq);
        expect(c.seq).toBeGreaterThan(b.seq);
        expect(a).toMatchObject({ at: '2026-03-01T10:00:00.000Z', actor: 'github:octocat#583231', door: 'pr', kind: 'plan', envs: ['dev', 'prod'], fingerprint: FP, message: 'planned', data: { add: 1 } });
        expect((await store.queryAudit()).map((e) => e.message)).toEqual(['planned', 'step 1', 'done']);
        expect((await store.queryAudit({ env: 'dev' })).map((e) => e.message)).toEqual(['planned', 'step 1']);
        expect((await store.queryAudit({ env: 'prod' })).map((e) => e.message)).toEqual(['planned']);
        // `_` is a LIKE wildcard: it must only match itself.
        expect((await store.queryAudit({ env: 'dev_x' })).map((e) => e.message)).toEqual(['done']);
        expect((await store.queryAudit({ since: new Date('2026-03-01T10:01:00Z') })).map((e) => e.message)).toEqual(['step 1', 'done']);
        expect((await store.queryAudit({ kind: 'apply-result' })).map((e) => e.message)).toEqual(['done']);
        expect((await store.queryAudit({ limit: 2 })).map((e) => e.message)).toEqual(['step 1', 'done']);
      });

      it('redacts secrets before storing them', async () => {
        await store.appendAudit({
          actor: 'slack:U0A',
          kind: 'apply-step',
          message: 'called with xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp and AKIAIOSFODNN7EXAMPLE',
          data: { userData: '#!/bin/bash\necho s3cr3t', nested: [{ github_token: 'ghs_0123456789abcdefghij0123456789abcd' }], note: 'ghp_0123456789abcdefghijklmnopqrstuvwxyz' },
        });
        const [e] = await store.queryAudit();
        const text = JSON.stringify(e);
        for (const secret of ['xoxb-1234567890', 'AKIAIOSFODNN7EXAMPLE', 's3cr3t', 'ghs_0123', 'ghp_0123']) expect(text).not.toContain(secret);
        expect(e?.message).toBe('called with [redacted:slack-token] and [redacted:aws-access-key]');
      });

      it('is append-only in the database itself', async () => {
        await store.appendAudit({ actor: 'a', kind: 'plan', message: 'original' });
        await expect(loc.exec("UPDATE qm_audit SET message = 'forged'")).rejects.toThrow(/append-only/);
        await expect(loc.exec('DELETE FROM qm_audit')).rejects.toThrow(/append-only/);
        expect((await store.queryAudit()).map((e) => e.message)).toEqual(['original']);
        expect(Object.keys(store).filter((k) => /audit/i.test(k)).sort()).toEqual(['appendAudit', 'queryAudit']);
      });
    });
  });
}
