import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Override } from '../model/override.js';
import { describeOverride } from './describe-override.js';
import { encodePlanColumn } from './plan-column.js';
import { redactSecrets, redactString } from './redact-secrets.js';
import { envKeyPattern, envKeys, iso, toAuditEntry, toLock, toOverride, toRequest, toVote } from './rows.js';
import { storedPlanOf } from './stored-plan.js';
import type { SqlDriver, SqlRow, SqlTx, SqlValue } from './sql-driver.js';
import {
  OPEN_REQUEST_STATES,
  type AcquireLockResult,
  type ApprovalRequest,
  type AuditInput,
  type CreatedRequest,
  type Lock,
  type Store,
} from './store.js';

/**
 * The Store implemented once over a SqlDriver, so SQLite and PostgreSQL behave alike and one
 * contract suite proves both. Every read-modify-write runs in one transaction that first
 * takes the row (`FOR UPDATE` in PostgreSQL) or a per-key advisory lock; SQLite runs one
 * writer at a time.
 *
 * @example const store = createSqlStore(await openSqliteDriver('.qm/state.db'), systemClock);
 */
export function createSqlStore(driver: SqlDriver, clock: Clock): Store {
  const forUpdate = driver.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const openStates = OPEN_REQUEST_STATES.map((s) => `'${s}'`).join(', ');

  /** Appends one (redacted) entry and answers its row as stored. */
  const appendIn = async (tx: SqlTx, input: AuditInput, at: Date): Promise<SqlRow> => {
    const e = redactSecrets(input);
    const rows = await tx.all(
      'INSERT INTO qm_audit (at, actor, door, kind, env_keys, fingerprint, request_id, message, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
      [at.getTime(), e.actor, e.door ?? null, e.kind, envKeys(e.envs ?? []), e.fingerprint ?? null, e.requestId ?? null, e.message, e.data === undefined ? null : JSON.stringify(e.data)],
    );
    return rows[0] ?? {};
  };

  const votesOf = async (q: Pick<SqlTx, 'all'>, ids: string[]): Promise<Map<string, ReturnType<typeof toVote>[]>> => {
    const byId = new Map<string, ReturnType<typeof toVote>[]>();
    if (ids.length === 0) return byId;
    const rows = await q.all(`SELECT * FROM qm_votes WHERE request_id IN (${ids.map(() => '?').join(', ')}) ORDER BY request_id, position`, ids);
    for (const row of rows) {
      const list = byId.get(String(row.request_id)) ?? [];
      list.push(toVote(row));
      byId.set(String(row.request_id), list);
    }
    return byId;
  };

  /** The requests of `rows` with their votes and plans (kept in tables of their own, read in one query each). */
  const requestsOf = async (q: Pick<SqlTx, 'all'>, rows: SqlRow[]): Promise<ApprovalRequest[]> => {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => String(r.id));
    const votes = await votesOf(q, ids);
    const plans = new Map<string, string>();
    for (const p of await q.all(`SELECT request_id, plan FROM qm_request_plans WHERE request_id IN (${ids.map(() => '?').join(', ')})`, ids)) {
      plans.set(String(p.request_id), String(p.plan));
    }
    return rows.map((row) => toRequest(row, votes.get(String(row.id)) ?? [], plans.get(String(row.id))));
  };

  const locksOf = async (tx: SqlTx, envs: readonly string[], now: Date): Promise<Lock[]> => {
    if (envs.length === 0) return [];
    const rows = await tx.all(`SELECT * FROM qm_locks WHERE env IN (${envs.map(() => '?').join(', ')}) ORDER BY env`, [...envs]);
    return rows.map((r) => toLock(r, now));
  };

  return {
    kind: driver.dialect,
    location: driver.location,

    async schemaVersion() {
      const rows = await driver.all('SELECT MAX(version) AS v FROM qm_schema');
      return Number(rows[0]?.v ?? 0);
    },

    createRequest(input, audit) {
      // Compacted and redacted before the transaction: no lock is held meanwhile.
      const planText = input.plan === undefined ? undefined : encodePlanColumn(storedPlanOf(input.plan));
      return driver.transaction(async (tx): Promise<CreatedRequest> => {
        const now = clock.now();
        const envs = [...new Set(input.envs)].sort();
        const scope = `${input.command} ${envs.join(',')}`;
        const id = `req-${randomBytes(6).toString('hex')}`;
        await tx.serialize(`qm:scope:${scope}`);

        const openRows = await tx.all(`SELECT * FROM qm_requests WHERE scope = ? AND state IN (${openStates})${forUpdate}`, [scope]);
        // An open request already past its expiry was not superseded: it expired, and is recorded so.
        const overdue = openRows.filter((r) => Number(r.expires_at) <= now.getTime());
        const live = openRows.filter((r) => Number(r.expires_at) > now.getTime());
        const reason = `superseded by ${id}`;
        await tx.run(
          `UPDATE qm_requests SET state = 'superseded', state_reason = ?, updated_at = ?, version = version + 1 WHERE scope = ? AND state IN (${openStates}) AND expires_at > ?`,
          [reason, now.getTime(), scope, now.getTime()],
        );
        for (const row of overdue) {
          const expiresAt = iso(Number(row.expires_at));
          await tx.run("UPDATE qm_requests SET state = 'expired', state_reason = ?, updated_at = ?, version = version + 1 WHERE id = ?", [`expired at ${expiresAt}`, now.getTime(), String(row.id)]);
          await appendIn(tx, {
            actor: 'qm',
            kind: 'expire',
            requestId: String(row.id),
            envs,
            fingerprint: String(row.fingerprint),
            message: `${String(row.id)} expired at ${expiresAt} in state ${String(row.state)}`,
          }, now);
        }
        const superseded = (await requestsOf(tx, live)).map((r) => ({
          ...r,
          state: 'superseded' as const,
          stateReason: reason,
          updatedAt: now.toISOString(),
          version: r.version + 1,
        }));

        const [row] = await tx.all(
          `INSERT INTO qm_requests (id, actor, door, command, envs, env_keys, scope, fingerprint, plan, plan_ref, reason, requirements, state, state_reason, created_at, updated_at, expires_at, claim, version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1) RETURNING *`,
          [
            id,
            input.actor,
            input.door,
            input.command,
            JSON.stringify(envs),
            envKeys(envs),
            scope,
            input.fingerprint,
            // The plan goes to qm_request_plans, written once (see migration 3).
            null,
            input.planRef ?? null,
            redactString(input.reason),
            JSON.stringify(input.requirements.map((q) => ({ ...q, reason: redactString(q.reason) }))),
            input.state,
            input.stateReason === undefined ? null : redactString(input.stateReason),
            now.getTime(),
            now.getTime(),
            now.getTime() + input.expiresInMs,
          ],
        );
        if (planText !== undefined) await tx.run('INSERT INTO qm_request_plans (request_id, plan) VALUES (?, ?)', [id, planText]);
        const created: CreatedRequest = { request: toRequest(row ?? {}, [], planText), superseded };
        for (const entry of audit?.(created) ?? []) await appendIn(tx, entry, now);
        return created;
      });
    },

    async getRequest(id) {
      const [request] = await requestsOf(driver, await driver.all('SELECT * FROM qm_requests WHERE id = ?', [id]));
      return request;
    },

    async listRequests(query = {}) {
      const f = filters(query.env);
      if (query.states && query.states.length > 0) f.add(`state IN (${query.states.map(() => '?').join(', ')})`, ...query.states);
      const rows = await driver.all(`SELECT * FROM qm_requests ${f.where()} ORDER BY created_at DESC, id DESC LIMIT ?`, [...f.params, query.limit ?? 100]);
      return requestsOf(driver, rows);
    },

    updateRequest(id, decide) {
      return driver.transaction(async (tx) => {
        const now = clock.now();
        const [current] = await requestsOf(tx, await tx.all(`SELECT * FROM qm_requests WHERE id = ?${forUpdate}`, [id]));
        const locks: Lock[] = current ? await locksOf(tx, current.envs, now) : [];
        const decision = decide(current, { now, locks });
        if (current && decision.patch) {
          const next = { ...current, ...decision.patch };
          await tx.run('UPDATE qm_requests SET state = ?, state_reason = ?, claim = ?, updated_at = ?, version = version + 1 WHERE id = ?', [
            next.state,
            next.stateReason === undefined ? null : redactString(next.stateReason),
            next.claim === undefined ? null : JSON.stringify(next.claim),
            now.getTime(),
            id,
          ]);
        }
        if (current && decision.addVote) {
          const v = decision.addVote;
          await tx.run('INSERT INTO qm_votes (request_id, approver, position, door, at, fingerprint, groups, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
            id,
            v.approver,
            current.approvals.length,
            v.door,
            new Date(v.at).getTime(),
            v.fingerprint,
            JSON.stringify(v.groups),
            v.comment === undefined ? null : redactSecrets(v.comment),
          ]);
        }
        for (const entry of decision.audit ?? []) await appendIn(tx, entry, now);
        return decision.result;
      });
    },

    acquireLock(env, opts) {
      return driver.transaction(async (tx): Promise<AcquireLockResult> => {
        const now = clock.now();
        await tx.serialize(`qm:lock:${env}`);
        const [row] = await tx.all(`SELECT * FROM qm_locks WHERE env = ?${forUpdate}`, [env]);
        const previous = row ? toLock(row, now) : undefined;
        if (previous && !previous.expired) {
          return { acquired: false, heldBy: previous.holder, since: previous.acquiredAt, purpose: previous.purpose, expiresAt: previous.expiresAt };
        }
        const token = randomUUID();
        const params = [opts.holder, opts.purpose, token, now.getTime(), now.getTime(), now.getTime() + opts.ttlMs, env];
        if (previous) {
          await tx.run('UPDATE qm_locks SET holder = ?, purpose = ?, token = ?, acquired_at = ?, renewed_at = ?, expires_at = ? WHERE env = ?', params);
        } else {
          await tx.run('INSERT INTO qm_locks (holder, purpose, token, acquired_at, renewed_at, expires_at, env) VALUES (?, ?, ?, ?, ?, ?, ?)', params);
        }
        const actor = opts.actor ?? opts.holder;
        const base = { actor, envs: [env], ...(opts.door ? { door: opts.door } : {}) };
        if (previous) {
          await appendIn(tx, {
            ...base,
            kind: 'lock-takeover',
            message: `took over the expired lock on ${env} held by ${previous.holder} for ${previous.purpose} (expired ${previous.expiresAt})`,
            data: { previousHolder: previous.holder, previousPurpose: previous.purpose, expiredAt: previous.expiresAt },
          }, now);
        }
        await appendIn(tx, { ...base, kind: 'lock', message: `locked ${env} for ${opts.purpose} (holder ${opts.holder}, ttl ${opts.ttlMs} ms)`, data: { holder: opts.holder, ttlMs: opts.ttlMs } }, now);
        const lock: Lock = {
          env,
          holder: opts.holder,
          purpose: opts.purpose,
          token,
          acquiredAt: iso(now.getTime()),
          renewedAt: iso(now.getTime()),
          expiresAt: iso(now.getTime() + opts.ttlMs),
          expired: false,
        };
        return previous
          ? { acquired: true, lock, tookOverFrom: { holder: previous.holder, purpose: previous.purpose, expiredAt: previous.expiresAt } }
          : { acquired: true, lock };
      });
    },

    renewLock(lock, ttlMs) {
      return driver.transaction(async (tx) => {
        const now = clock.now();
        const [renewed] = await tx.all('UPDATE qm_locks SET renewed_at = ?, expires_at = ? WHERE env = ? AND token = ? RETURNING *', [now.getTime(), now.getTime() + ttlMs, lock.env, lock.token]);
        if (renewed) return { renewed: true as const, lock: toLock(renewed, now) };
        // Lost: say who holds the environment now, if anyone.
        const [row] = await tx.all('SELECT * FROM qm_locks WHERE env = ?', [lock.env]);
        return row ? { renewed: false as const, reason: 'lost' as const, heldBy: String(row.holder) } : { renewed: false as const, reason: 'lost' as const };
      });
    },

    releaseLock(lock, audit) {
      return driver.transaction(async (tx) => {
        const now = clock.now();
        const [row] = await tx.all(`SELECT * FROM qm_locks WHERE env = ? AND token = ?${forUpdate}`, [lock.env, lock.token]);
        if (!row) return false;
        await tx.run('DELETE FROM qm_locks WHERE env = ? AND token = ?', [lock.env, lock.token]);
        const held = toLock(row, now);
        await appendIn(tx, {
          actor: held.holder,
          message: `released ${lock.env} (held for ${held.purpose} since ${held.acquiredAt})`,
          ...audit,
          kind: 'lock',
          envs: [lock.env],
        }, now);
        return true;
      });
    },

    async getLock(env) {
      const rows = await driver.all('SELECT * FROM qm_locks WHERE env = ?', [env]);
      return rows[0] ? toLock(rows[0], clock.now()) : undefined;
    },

    async listLocks() {
      const now = clock.now();
      return (await driver.all('SELECT * FROM qm_locks ORDER BY env')).map((r) => toLock(r, now));
    },

    forceUnlock(env, by, reason, door) {
      return driver.transaction(async (tx) => {
        const now = clock.now();
        await tx.serialize(`qm:lock:${env}`);
        const [row] = await tx.all(`SELECT * FROM qm_locks WHERE env = ?${forUpdate}`, [env]);
        const removed = row ? toLock(row, now) : undefined;
        if (removed) await tx.run('DELETE FROM qm_locks WHERE env = ?', [env]);
        await appendIn(tx, {
          actor: by,
          kind: 'unlock',
          envs: [env],
          ...(door ? { door } : {}),
          message: removed ? `force-unlocked ${env} held by ${removed.holder} for ${removed.purpose}: ${reason}` : `force-unlock of ${env}, which was not locked: ${reason}`,
          data: removed ? { reason, holder: removed.holder, purpose: removed.purpose, since: removed.acquiredAt, expired: removed.expired } : { reason },
        }, now);
        return removed ? { removed } : {};
      });
    },

    async createOverride(input, audit) {
      const expiresAt = input.expiresAt === undefined ? null : Date.parse(input.expiresAt);
      if (Number.isNaN(expiresAt)) throw new RangeError(`createOverride: expiresAt "${input.expiresAt}" is not an ISO 8601 instant`);
      return driver.transaction(async (tx): Promise<Override> => {
        const now = clock.now();
        const id = `ovr-${randomBytes(6).toString('hex')}`;
        // One creation at a time, so `seq` (MAX + 1) is unique and follows commit order.
        await tx.serialize('qm:overrides');
        const [row] = await tx.all(
          `INSERT INTO qm_overrides (id, seq, env, target, change, owner, reason, request_id, thread, created_at, expires_at, state)
           VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM qm_overrides), ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active') RETURNING *`,
          [
            id,
            input.env,
            input.target === undefined ? null : JSON.stringify({ kind: input.target.kind, name: input.target.name }),
            JSON.stringify(input.change),
            input.owner,
            input.reason,
            input.requestId ?? null,
            input.thread === undefined ? null : JSON.stringify(input.thread),
            now.getTime(),
            expiresAt,
          ],
        );
        const created = toOverride(row ?? {});
        await appendIn(tx, {
          actor: created.owner,
          kind: 'override',
          envs: [created.env],
          ...(created.thread ? { door: created.thread.door } : {}),
          ...(created.requestId ? { requestId: created.requestId } : {}),
          message: `override ${id}: ${describeOverride(created)} until ${created.expiresAt ?? 'ended'} (${created.reason})`,
          data: { overrideId: id, change: created.change, ...(created.target ? { target: created.target } : {}), ...(created.expiresAt ? { expiresAt: created.expiresAt } : {}) },
        }, now);
        for (const entry of audit?.(created) ?? []) await appendIn(tx, entry, now);
        return created;
      });
    },

    async getOverride(id) {
      const [row] = await driver.all('SELECT * FROM qm_overrides WHERE id = ?', [id]);
      return row ? toOverride(row) : undefined;
    },

    async listOverrides(query = {}) {
      const f = filters(undefined);
      if (query.env !== undefined) f.add('env = ?', query.env);
      if (query.states && query.states.length > 0) f.add(`state IN (${query.states.map(() => '?').join(', ')})`, ...query.states);
      const limit = query.limit === undefined ? '' : ' LIMIT ?';
      const params = query.limit === undefined ? f.params : [...f.params, query.limit];
      return (await driver.all(`SELECT * FROM qm_overrides ${f.where()} ORDER BY created_at DESC, seq DESC${limit}`, params)).map(toOverride);
    },

    async overridesDue(now) {
      const rows = await driver.all("SELECT * FROM qm_overrides WHERE state = 'active' AND expires_at <= ? ORDER BY expires_at, seq", [now.getTime()]);
      return rows.map(toOverride);
    },

    endOverride(id, end) {
      return driver.transaction(async (tx) => {
        const now = clock.now();
        // The state condition makes the end atomic: a concurrent caller's UPDATE waits for the row, then matches nothing.
        const [row] = await tx.all(
          "UPDATE qm_overrides SET state = ?, ended_at = ?, ended_by = ?, ended_reason = ? WHERE id = ? AND state = 'active' RETURNING *",
          [end.state, now.getTime(), end.by, end.reason, id],
        );
        if (!row) return undefined;
        const ended = toOverride(row);
        await appendIn(tx, {
          actor: end.by,
          kind: 'override',
          envs: [ended.env],
          ...(end.door ? { door: end.door } : {}),
          ...(end.requestId ? { requestId: end.requestId } : {}),
          message: `override ${id} ${end.state}: ${describeOverride(ended)} is over (${end.reason})`,
          data: { overrideId: id, state: end.state, reason: end.reason },
        }, now);
        return ended;
      });
    },

    setOverrideRequest(id, requestId) {
      return driver.transaction(async (tx) => {
        const [row] = await tx.all('UPDATE qm_overrides SET request_id = ? WHERE id = ? RETURNING *', [requestId, id]);
        return row ? toOverride(row) : undefined;
      });
    },

    appendAudit(entry) {
      return driver.transaction(async (tx) => {
        const now = clock.now();
        return toAuditEntry(await appendIn(tx, entry, now));
      });
    },

    async queryAudit(query = {}) {
      const f = filters(query.env);
      if (query.since !== undefined) f.add('at >= ?', query.since.getTime());
      if (query.kind !== undefined) f.add('kind = ?', query.kind);
      if (query.requestId !== undefined) f.add('request_id = ?', query.requestId);
      const rows = await driver.all(`SELECT * FROM qm_audit ${f.where()} ORDER BY seq DESC LIMIT ?`, [...f.params, query.limit ?? 1000]);
      return rows.map(toAuditEntry).reverse();
    },

    close: () => driver.close(),
  };
}

/**
 * The WHERE clause of a list query, starting with the environment filter both lists share
 * (`env_keys` LIKE, see envKeyPattern); `add` appends a condition and its parameters.
 *
 * @example const f = filters('prod'); f.add('kind = ?', 'lock'); `SELECT * FROM qm_audit ${f.where()}` // with f.params
 */
function filters(env: string | undefined): { add(sql: string, ...params: SqlValue[]): void; where(): string; params: SqlValue[] } {
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  const add = (sql: string, ...values: SqlValue[]): void => {
    conditions.push(sql);
    params.push(...values);
  };
  if (env !== undefined) add("env_keys LIKE ? ESCAPE '\\'", envKeyPattern(env));
  return { add, params, where: () => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '') };
}
