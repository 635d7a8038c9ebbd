import type { ApplyEvent, ApplyResult } from '../apply/index.js';
import type { Engine } from '../engine.js';
import { effectiveState, isResumptionOf, type Approvals, type ClaimAnswer } from '../gates/index.js';
import { hasChanges, type Plan } from '../model/plan.js';
import type { Definitions } from '../model/resources.js';
import type { Clock } from '../clock.js';
import type { ApprovalRequest, Door, Store } from '../store/store.js';
import { withEnvLock, type EnvLease } from '../store/with-env-lock.js';
import { selectEnvironments } from './env-targets.js';
import type { Hint } from './hints.js';

/**
 * Apply through the gate, as every door does: take the environments' locks; plan from live
 * state; find or open the approval request bound to the plan's fingerprint; claim it with that
 * fingerprint (exactly one claimer wins; a stale plan is refused); apply; record the result;
 * release. Each step is audited. Refusals are answers, not exceptions.
 */
export interface GatedApplyDeps {
  engine: Engine;
  clock: Clock;
  store: Store;
  /**
   * The approval service on the policy of the moment. A repository without policy.yml is a
   * policy value the door chose (missingPolicy refuses, ungatedPolicy allows), not another path.
   */
  approvals: Approvals;
}

export interface GatedApplyRequest {
  definitions: Definitions;
  envs?: readonly string[];
  /**
   * The plan people reviewed (a saved plan file; a pull request's plan, known by its fingerprint
   * and environments): answered `stale` if the fleet or definitions moved on.
   */
  expected?: Pick<Plan, 'fingerprint' | 'envs'>;
  actor: string;
  door: Door;
  /** apply, scale, shutdown, start. */
  command: string;
  /** What was asked: `qm apply --env prod`, `/scale web 5`. */
  reason: string;
  /** This process, for the lock and the claim: `cli:alice@laptop pid 4242`. */
  holder: string;
  onEvent?: (e: ApplyEvent) => void;
  concurrency?: number;
  /**
   * Which open requests are this same ask, when the ask says more than its plan (a chat command's
   * `--for 1h` plans like a permanent change): only they are reused, so an approval of one ask
   * never lets another through. Default: every request of the same command and environments.
   */
  sameAsk?: (request: ApprovalRequest) => boolean;
  /** Abort to stop starting actions (Ctrl-C); those in flight finish, the result is recorded, the lock released. */
  signal?: AbortSignal;
  /** How long a lock outlives a holder that stops renewing it. Default 5 minutes. */
  lockTtlMs?: number;
  /** How often the lock is renewed while applying. Default a third of the TTL. */
  heartbeatMs?: number;
}

export type GatedApplyOutcome =
  | { status: 'no-changes'; plan: Plan }
  /** The plan people reviewed (`expected`) is not the plan made now: nothing was applied. */
  | { status: 'stale'; plan: Plan; expectedFingerprint: string; hint: Hint }
  | { status: 'refused'; plan: Plan; reason: string }
  | { status: 'needs-approval'; plan: Plan; request: ApprovalRequest; reused: boolean }
  | { status: 'locked'; env: string; heldBy: string; since: string; purpose: string }
  | { status: 'not-claimed'; plan: Plan; request: ApprovalRequest; answer: ClaimAnswer; reason: string }
  | {
      status: 'applied';
      plan: Plan;
      request: ApprovalRequest;
      result: ApplyResult;
      resumed: boolean;
      /** When resumed: what the audit log shows the interrupted apply did. */
      interrupted?: InterruptedApply;
    };

/**
 * What the audit log shows an interrupted apply of a request did, as a resumption finds it:
 * the steps it recorded finished (with their status) and those it began (so it may have made
 * some of their calls) without recording an end. The re-plan decides what is left of them.
 */
export interface InterruptedApply {
  finished: { actionId: string; status: string }[];
  begunNotFinished: string[];
}

const DEFAULT_LOCK_TTL_MS = 5 * 60_000;

/** @example const out = await gatedApply(deps, { definitions, envs: ['prod'], actor, door: 'cli', command: 'apply', reason, holder }); */
export async function gatedApply(deps: GatedApplyDeps, req: GatedApplyRequest): Promise<GatedApplyOutcome> {
  const envs = req.expected ? [...req.expected.envs] : selectEnvironments(req.definitions, req.envs).map((e) => e.name);
  const ttlMs = req.lockTtlMs ?? DEFAULT_LOCK_TTL_MS;
  // Everything is decided under the environments' locks: two doors asking at once cannot both
  // open a request (each superseding the other's) nor both apply. The lock is held only for a
  // plan when nothing is applied.
  const locked = await withEnvLock(
    deps.store,
    envs,
    { holder: req.holder, purpose: `${req.command} (${req.reason})`, ttlMs, heartbeatMs: req.heartbeatMs ?? Math.floor(ttlMs / 3), actor: req.actor },
    (lease) => decideAndApply(deps, req, envs, lease),
  );
  if (!locked.acquired) return { status: 'locked', env: locked.env, heldBy: locked.heldBy, since: locked.since, purpose: locked.purpose };
  return locked.value;
}

async function decideAndApply(deps: GatedApplyDeps, req: GatedApplyRequest, envs: string[], lease: EnvLease): Promise<GatedApplyOutcome> {
  const plan = await deps.engine.plan({ definitions: req.definitions, envs });
  if (req.expected && req.expected.fingerprint !== plan.fingerprint && !(await continuesFailedApply(deps.store, req, plan))) {
    return { status: 'stale', plan, expectedFingerprint: req.expected.fingerprint, hint: 'replan' };
  }
  const now = deps.clock.now();
  // Overdue requests are expired whatever the store still says; they are not offered again.
  const open = (await openRequestsFor(deps.store, req.command, plan.envs)).filter((r) => effectiveState(r, now) === r.state);
  // An apply that died part-way: finishing it comes first (its re-plan has a new fingerprint).
  // When what is left is not what was approved, the claim closes it as failed and we go on.
  const interrupted = open.find((r) => r.state === 'applying');
  if (interrupted) {
    const resumed = await claimAndApply(deps, req, plan, interrupted, lease);
    if (!(resumed.status === 'not-claimed' && resumed.answer === 'stale')) return resumed;
  }
  if (!hasChanges(plan)) return { status: 'no-changes', plan };

  const same = req.sameAsk ?? (() => true);
  const approved = open.find((r) => r.state === 'approved' && r.fingerprint === plan.fingerprint && same(r));
  if (approved) {
    // Someone's approval is only used by a person the policy lets apply it, for a plan whose needs it covers.
    const check = await deps.approvals.recheck({ request: approved, actor: req.actor, door: req.door, plan });
    if (check.ok) return claimAndApply(deps, req, plan, approved, lease);
    if (!check.needsNewRequest) return { status: 'refused', plan, reason: check.reason };
  } else {
    const waiting = open.find((r) => r.state === 'requested' && r.fingerprint === plan.fingerprint && same(r));
    if (waiting) return { status: 'needs-approval', plan, request: waiting, reused: true };
  }
  const opened = await openRequest(deps, req, plan);
  if (opened.status !== 'approved') return opened.outcome;
  return claimAndApply(deps, req, plan, opened.request, lease);
}

/**
 * Whether `plan` only finishes the reviewed plan (`req.expected`) that an earlier apply began
 * and failed part-way: its fingerprint moved because part of it was applied, not because the
 * definitions or the fleet changed under it. Re-running the same apply then converges (through
 * the gate again) instead of being refused as stale. Needs the earlier request, so a store that
 * outlives the process (the embedded file, PostgreSQL).
 */
async function continuesFailedApply(store: Store, req: GatedApplyRequest, plan: Plan): Promise<boolean> {
  const expected = req.expected?.fingerprint;
  const scope = [...plan.envs].sort().join(',');
  const failed = await store.listRequests({ env: plan.envs[0], states: ['failed'] });
  return failed.some((r) => r.fingerprint === expected && r.command === req.command && [...r.envs].sort().join(',') === scope && r.claim !== undefined && isResumptionOf(r.plan, plan));
}

async function openRequestsFor(store: Store, command: string, envs: readonly string[]): Promise<ApprovalRequest[]> {
  const scope = [...envs].sort().join(',');
  const candidates = await store.listRequests({ env: envs[0], states: ['requested', 'approved', 'applying'] });
  return candidates.filter((r) => r.command === command && [...r.envs].sort().join(',') === scope);
}

type Opened = { status: 'approved'; request: ApprovalRequest } | { status: 'stopped'; outcome: GatedApplyOutcome };

async function openRequest(deps: GatedApplyDeps, req: GatedApplyRequest, plan: Plan): Promise<Opened> {
  const r = await deps.approvals.request({ actor: req.actor, door: req.door, command: req.command, plan, reason: req.reason });
  if (r.outcome === 'refused') return { status: 'stopped', outcome: { status: 'refused', plan, reason: r.reason } };
  if (r.outcome === 'needs-approval') return { status: 'stopped', outcome: { status: 'needs-approval', plan, request: r.request, reused: false } };
  return { status: 'approved', request: r.request };
}

async function claimAndApply(deps: GatedApplyDeps, req: GatedApplyRequest, plan: Plan, request: ApprovalRequest, lease: EnvLease): Promise<GatedApplyOutcome> {
  // A request left applying by a dead apply: what its steps recorded, read before anything moves.
  const previous = request.state === 'applying' ? await previousSteps(deps.store, request.id) : undefined;
  const claim = await deps.approvals.claimForApply({ requestId: request.id, fingerprint: plan.fingerprint, holder: req.holder, actor: req.actor, door: req.door, locks: lease.locks, plan });
  if (!claim.claimed) {
    // Closed as failed (what is left was not approved): the log still says what the dead apply began.
    if (previous && claim.answer === 'stale') await recordFound(deps.store, req, request, plan.fingerprint, previous, 'closed');
    return { status: 'not-claimed', plan, request, answer: claim.answer, reason: claim.reason };
  }
  const interrupted = claim.resumed && previous ? await recordFound(deps.store, req, claim.request, plan.fingerprint, previous, 'resumed') : undefined;
  const audit = auditingEvents(deps.store, req, claim.request, plan.fingerprint);
  const result = await deps.engine.applyPlanned(plan, req.definitions, {
    onEvent: audit.onEvent,
    ...(req.concurrency ? { concurrency: req.concurrency } : {}),
    // Stop starting actions on Ctrl-C, and when the lease finds a lock lost (expired and taken
    // over, or force-unlocked): from then on someone else may be applying here.
    signal: req.signal ? AbortSignal.any([req.signal, lease.signal]) : lease.signal,
  });
  const unrecorded = await audit.flush();
  const { counts } = result;
  const message = `${counts.applied} applied, ${counts.failed + counts.rolledBack} failed, ${counts.skipped} skipped${
    unrecorded ? `; ${unrecorded} step(s) could not be written to the audit log` : ''
  }${interrupted ? `; resumed: ${describeInterrupted(interrupted)}` : ''}`;
  const finished = await deps.approvals.finishApply({
    requestId: request.id,
    holder: req.holder,
    actor: req.actor,
    door: req.door,
    outcome: result.ok ? 'applied' : 'failed',
    message,
    data: { ...counts, ...(interrupted ? { interrupted: { ...interrupted } } : {}) },
  });
  return {
    status: 'applied',
    plan,
    request: finished.finished ? finished.request : claim.request,
    result,
    resumed: claim.resumed,
    ...(interrupted ? { interrupted } : {}),
  };
}

/**
 * Passes events on, and writes each action to the audit log as apply steps: `begun` when it
 * starts, before its first cloud write (the returned promise makes the executor wait for it,
 * about a millisecond on SQLite; an entry that cannot be written fails the action before it
 * writes), and `finished` with its result. Finished entries are written alongside the apply (a
 * slow store must not hold up AWS work); `flush` waits for them and says how many failed.
 */
function auditingEvents(store: Store, req: GatedApplyRequest, request: ApprovalRequest, fingerprint: string) {
  const pending: Promise<boolean>[] = [];
  const base = { actor: req.actor, door: req.door, kind: 'apply-step' as const, envs: request.envs, fingerprint, requestId: request.id };
  return {
    onEvent: (e: ApplyEvent): Promise<void> | undefined => {
      req.onEvent?.(e);
      if (e.type === 'action-started') {
        // No `at`: the entry has its own time. The resource names the instance a crash may have touched.
        const data = { phase: 'begun', actionId: e.actionId, actionType: e.actionType, resource: e.resource };
        return store.appendAudit({ ...base, message: `${e.actionId}: begun (${e.actionType})`, data }).then(() => undefined);
      }
      if (e.type !== 'action-finished') return undefined;
      pending.push(store.appendAudit({ ...base, message: e.message, data: { phase: 'finished', ...e } }).then(() => true, () => false));
      return undefined;
    },
    flush: async (): Promise<number> => (await Promise.all(pending)).filter((ok) => !ok).length,
  };
}

/** What the apply steps of `requestId` recorded so far (begun and finished). */
async function previousSteps(store: Store, requestId: string): Promise<InterruptedApply> {
  const steps = await store.queryAudit({ requestId, kind: 'apply-step', limit: 100_000 });
  return interruptedApplyOf(steps.map((s) => s.data ?? {}));
}

/**
 * Writes what a resumption found the interrupted apply did, before anything is applied: the
 * request is `resumed` now, or `closed` as failed because what is left was not approved.
 */
async function recordFound(
  store: Store,
  req: GatedApplyRequest,
  request: ApprovalRequest,
  fingerprint: string,
  found: InterruptedApply,
  how: 'resumed' | 'closed',
): Promise<InterruptedApply> {
  await store.appendAudit({
    actor: req.actor,
    door: req.door,
    kind: 'apply-step',
    envs: request.envs,
    fingerprint,
    requestId: request.id,
    message: `${request.id} ${how === 'resumed' ? `resumed by ${req.holder}` : 'closed as failed'}: ${describeInterrupted(found)}`,
    data: { phase: how, holder: req.holder, finished: found.finished, begunNotFinished: found.begunNotFinished },
  });
  return found;
}

/** The begun and finished steps in `apply-step` entries' data, in log order. */
export function interruptedApplyOf(steps: readonly Record<string, unknown>[]): InterruptedApply {
  // A Set keeps log order and stays linear: a 10,000-action apply has 10,000 begun entries.
  const begun = new Set<string>();
  const finished = new Map<string, string>();
  for (const d of steps) {
    const id = typeof d.actionId === 'string' ? d.actionId : undefined;
    if (id === undefined) continue;
    if (d.phase === 'begun') begun.add(id);
    // Entries from before the begun/finished phases are finished ones (the event type says so).
    else if (d.phase === 'finished' || (d.phase === undefined && d.type === 'action-finished')) finished.set(id, String(d.status ?? 'unknown'));
  }
  return {
    finished: [...finished].map(([actionId, status]) => ({ actionId, status })),
    begunNotFinished: [...begun].filter((id) => !finished.has(id)),
  };
}

/** `the interrupted apply finished 2 step(s) (2 applied) and began 1 it did not finish: prod/instance/web` */
function describeInterrupted(found: InterruptedApply): string {
  const byStatus = new Map<string, number>();
  for (const f of found.finished) byStatus.set(f.status, (byStatus.get(f.status) ?? 0) + 1);
  const statuses = [...byStatus].map(([status, n]) => `${n} ${status}`).join(', ');
  const done = `the interrupted apply finished ${found.finished.length} step(s)${statuses ? ` (${statuses})` : ''}`;
  return found.begunNotFinished.length === 0
    ? `${done} and left none begun`
    : `${done} and began ${found.begunNotFinished.length} it did not finish (${found.begunNotFinished.join(', ')}; the re-plan shows what is left of them)`;
}
