import type { Override, OverrideState } from '../model/override.js';
import type { ApprovalRequest, ApprovalVote, AuditEntry, Door, Lock, RequestState, AuditKind } from './store.js';
import type { SqlRow } from './sql-driver.js';
import { decodePlanColumn } from './plan-column.js';

/** Mapping between table rows and the Store's values; times are epoch ms in the tables, ISO 8601 outside. */

export const iso = (ms: unknown): string => new Date(Number(ms)).toISOString();

const text = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

const json = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (JSON.parse(String(v)) as T));

/** `|dev|prod|`: lets both dialects filter by one environment with LIKE (see envKeyPattern). */
export function envKeys(envs: readonly string[]): string {
  return envs.length === 0 ? '|' : `|${envs.join('|')}|`;
}

/** The LIKE pattern matching rows whose env_keys contain `env`, with LIKE's wildcards escaped. */
export function envKeyPattern(env: string): string {
  return `%|${env.replace(/[\\%_]/g, (c) => `\\${c}`)}|%`;
}

export function toVote(row: SqlRow): ApprovalVote {
  const vote: ApprovalVote = {
    approver: String(row.approver),
    door: row.door as Door,
    at: iso(row.at),
    fingerprint: String(row.fingerprint),
    groups: json<string[]>(row.groups) ?? [],
  };
  const comment = text(row.comment);
  if (comment !== undefined) vote.comment = comment;
  return vote;
}

/**
 * A request row with its votes and its plan: the text of its qm_request_plans row, or, for a
 * request made before schema 3, its own `plan` column (the whole redacted Plan as JSON).
 */
export function toRequest(row: SqlRow, votes: ApprovalVote[], planText?: string): ApprovalRequest {
  const r: ApprovalRequest = {
    id: String(row.id),
    actor: String(row.actor),
    door: row.door as Door,
    command: String(row.command),
    envs: json<string[]>(row.envs) ?? [],
    scope: String(row.scope),
    fingerprint: String(row.fingerprint),
    reason: String(row.reason),
    requirements: json(row.requirements) ?? [],
    state: row.state as RequestState,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    expiresAt: iso(row.expires_at),
    approvals: votes,
    version: Number(row.version),
  };
  const stored = planText ?? text(row.plan);
  if (stored !== undefined) r.plan = decodePlanColumn(stored, r.id);
  const planRef = text(row.plan_ref);
  if (planRef !== undefined) r.planRef = planRef;
  const stateReason = text(row.state_reason);
  if (stateReason !== undefined) r.stateReason = stateReason;
  const claim = json<ApprovalRequest['claim']>(row.claim);
  if (claim !== undefined) r.claim = claim;
  return r;
}

export function toLock(row: SqlRow, now: Date): Lock {
  return {
    env: String(row.env),
    holder: String(row.holder),
    purpose: String(row.purpose),
    token: String(row.token),
    acquiredAt: iso(row.acquired_at),
    renewedAt: iso(row.renewed_at),
    expiresAt: iso(row.expires_at),
    expired: Number(row.expires_at) <= now.getTime(),
  };
}

export function toAuditEntry(row: SqlRow): AuditEntry {
  const envs = String(row.env_keys).split('|').filter(Boolean);
  const e: AuditEntry = {
    seq: Number(row.seq),
    at: iso(row.at),
    actor: String(row.actor),
    kind: row.kind as AuditKind,
    envs,
    message: String(row.message),
  };
  const door = text(row.door);
  if (door !== undefined) e.door = door as Door;
  const fingerprint = text(row.fingerprint);
  if (fingerprint !== undefined) e.fingerprint = fingerprint;
  const requestId = text(row.request_id);
  if (requestId !== undefined) e.requestId = requestId;
  const data = json<Record<string, unknown>>(row.data);
  if (data !== undefined) e.data = data;
  return e;
}

export function toOverride(row: SqlRow): Override {
  const o: Override = {
    id: String(row.id),
    env: String(row.env),
    change: JSON.parse(String(row.change)) as Override['change'],
    owner: String(row.owner),
    reason: String(row.reason),
    createdAt: iso(row.created_at),
    state: row.state as OverrideState,
  };
  const target = json<Override['target']>(row.target);
  if (target !== undefined) o.target = target;
  const requestId = text(row.request_id);
  if (requestId !== undefined) o.requestId = requestId;
  const thread = json<Override['thread']>(row.thread);
  if (thread !== undefined) o.thread = thread;
  if (row.expires_at !== null && row.expires_at !== undefined) o.expiresAt = iso(row.expires_at);
  if (row.ended_at !== null && row.ended_at !== undefined) o.endedAt = iso(row.ended_at);
  const endedReason = text(row.ended_reason);
  if (endedReason !== undefined) o.endedReason = endedReason;
  const endedBy = text(row.ended_by);
  if (endedBy !== undefined) o.endedBy = endedBy;
  return o;
}
