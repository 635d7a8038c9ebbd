import type { Intent } from '../commands/intent.js';
import { formatIntent, helpText, parseCommand } from '../commands/index.js';
import type { Clock } from '../clock.js';
import { editResourceFields, type DefinitionsWriter } from '../definitions/index.js';
import { evaluateGate, requirementsOf, resolveMembership, type Approvals, type MembershipResolver, type Policy } from '../gates/index.js';
import type { NewOverride, Override } from '../model/override.js';
import type { Definitions } from '../model/resources.js';
import { applyOverrides } from '../plan/apply-overrides.js';
import type { ApprovalRequest, Door, Lock, Store } from '../store/store.js';
import type { CommandAnswer, StatusLine, WriteBack } from './command-answer.js';
import { driftOf } from './drift.js';
import type { Engine } from '../engine.js';
import { gatedApply, type GatedApplyOutcome } from './gated-apply.js';
import { changeOf, POLICY_COMMAND, type IntentChange } from './intent-change.js';
import type { ApplyEvent } from '../apply/index.js';
import type { PlannedAction } from '../model/plan.js';
import type { ObservedResource } from '../model/observed.js';
import type { FileTree } from '../definitions/index.js';

/** What the facade hands the command runner: its parts, built once. */
export interface CommandParts {
  clock: Clock;
  lockTtlMs: number;
  /** The definitions as written (no overrides applied). */
  definitions(): Promise<Definitions>;
  /** The files they were read from (for write-back edits). */
  tree: FileTree;
  engine(): Promise<Engine>;
  store(): Promise<Store>;
  approvals(): Promise<Approvals>;
  /** The open requests, states as of now. */
  requests(): Promise<ApprovalRequest[]>;
  /** The environment locks, without their tokens. */
  locks(): Promise<Omit<Lock, 'token'>[]>;
  policy(): Promise<Policy>;
  membership: MembershipResolver;
  /** Where persistent changes are written back; absent: they are applied and not written back (said in the answer). */
  writer?: DefinitionsWriter;
}

export interface CommandRequest {
  /** What was typed, without the door's own prefix handling (`scale web t3.large`, `/qm scale ...`). */
  text: string;
  actor: string;
  door: Door;
  /** The Slack channel / repository the command came from: a channel bound to an environment in policy.yml resolves `web` there. */
  channelEnv?: string;
  /** Slack alias (`/scale`) whose name is the command. */
  alias?: string;
  /** The text is escaped as Slack sends it (`&amp;`, `&lt;`, `&gt;`). */
  slackEscaped?: boolean;
  /** This process, for locks and claims: `bot-7f9c pid 42`. */
  holder: string;
  /** Where the door answered, kept with a temporary change so its revert is announced there. */
  thread?: Override['thread'];
  onEvent?: (e: ApplyEvent) => void;
}

/** Request reasons of chat changes start with this, so an approval can re-run the change it approved. */
const CHAT_PREFIX = '/qm ';
const REVERT_PREFIX = '/qm revert ';

/**
 * Runs one chat command: parse it against the definitions, then plan, gate and apply it, or
 * answer it (status, plan, drift, requests...). Every door (Slack, GitHub comments, `qm run`)
 * calls this and renders the answer; none of them decides anything.
 *
 * @example const answer = await runner.run({ text: 'scale prod/web t3.large', actor: 'slack:U012ABCDE', door: 'slack', holder });
 */
export function createCommandRunner(parts: CommandParts) {
  async function activeOverrides(env?: string): Promise<Override[]> {
    return (await parts.store()).listOverrides({ ...(env ? { env } : {}), states: ['active'] });
  }

  async function run(req: CommandRequest): Promise<CommandAnswer> {
    const definitions = await parts.definitions();
    const parsed = parseCommand(
      req.text,
      { definitions, now: parts.clock.now(), ...(req.channelEnv ? { channelEnv: req.channelEnv } : {}) },
      { ...(req.alias ? { alias: req.alias } : {}), ...(req.slackEscaped ? { slack: true } : {}) },
    );
    if (!parsed.ok) return { kind: 'usage', error: parsed.error, usage: parsed.usage };
    return runIntent(parsed.intent, req);
  }

  async function runIntent(intent: Intent, req: CommandRequest): Promise<CommandAnswer> {
    switch (intent.command) {
      case 'help':
        return { kind: 'help', topics: helpText(intent.topic) };
      case 'scale':
      case 'shutdown':
      case 'startup':
        return change(intent, req);
      case 'approve':
        return approve(intent.requestId, req);
      case 'deny':
        return { kind: 'denied', outcome: await (await parts.approvals()).deny({ requestId: intent.requestId, by: req.actor, door: req.door, reason: intent.reason ?? `denied from ${req.door}` }) };
      case 'requests':
        return { kind: 'requests', requests: await parts.requests() };
      case 'locks':
        return { kind: 'locks', locks: await parts.locks() };
      case 'unlock':
        return { kind: 'unlock', env: intent.env, outcome: await (await parts.approvals()).forceUnlock({ env: intent.env, by: req.actor, door: req.door, reason: intent.reason }) };
      case 'plan':
      case 'drift':
      case 'status': {
        const env = intent.command === 'status' ? intent.target?.env : intent.env;
        const refusal = await mayRead(req.actor, env);
        if (refusal) return refusal;
        const plan = await (await parts.engine()).plan({ definitions: await effective(), ...(env ? { envs: [env] } : {}) });
        if (intent.command === 'plan') return { kind: 'plan', plan };
        if (intent.command === 'drift') return { kind: 'drift', report: driftOf(plan) };
        const name = intent.target && 'name' in intent.target ? intent.target.name : undefined;
        const lines = plan.actions.filter((a) => !name || a.resource.name === name).map(statusLine);
        const overrides = (await activeOverrides(env)).filter((o) => !name || !o.target || o.target.name === name);
        return { kind: 'status', envs: plan.envs, lines, overrides, requests: (await parts.requests()).filter((r) => !env || r.envs.includes(env)) };
      }
    }
  }

  /** Reading the fleet is the policy's `plan` permission: a chat door is not a way around it. */
  async function mayRead(actor: string, env: string | undefined): Promise<CommandAnswer | undefined> {
    const policy = await parts.policy();
    const envs = env ? [env] : (await parts.definitions()).environments.map((e) => e.name);
    const membership = await resolveMembership(policy, actor, parts.membership);
    const d = evaluateGate({ policy, actor, membership, command: 'plan', envs });
    return d.decision === 'refused' ? { kind: 'refused', reason: d.reason } : undefined;
  }

  /** The definitions with the active overrides applied: what plan, drift and status compare with. */
  async function effective(extra: { add?: Override; without?: readonly Override[] } = {}): Promise<Definitions> {
    const gone = new Set((extra.without ?? []).map((o) => o.id));
    const active = (await activeOverrides()).filter((o) => !gone.has(o.id));
    // Ties on createdAt go to the first listed (the store lists newest first): the draft goes first.
    return applyOverrides(await parts.definitions(), extra.add ? [extra.add, ...active] : active).definitions;
  }

  async function change(intent: Extract<Intent, { command: 'scale' | 'shutdown' | 'startup' }>, req: CommandRequest): Promise<CommandAnswer> {
    const env = intent.target.env;
    const text = formatIntent(intent);
    const plan = changeOf(intent, await activeOverrides(env));
    const pending = plan.kind === 'override' ? draftOverride(plan, env, req, text) : undefined;
    const desired =
      plan.kind === 'persistent' ? plan.edit(await effective()) : plan.kind === 'end-overrides' ? await effective({ without: plan.ends }) : await effective({ add: pending });
    const outcome = await gatedApply(
      { engine: await parts.engine(), clock: parts.clock, store: await parts.store(), approvals: await parts.approvals() },
      {
        definitions: desired,
        envs: [env],
        actor: req.actor,
        door: req.door,
        command: POLICY_COMMAND[intent.command],
        reason: `${CHAT_PREFIX}${text}`,
        // How long it lasts is part of what approvers saw, not of the plan.
        sameAsk: (r) => r.reason === `${CHAT_PREFIX}${text}`,
        holder: req.holder,
        lockTtlMs: parts.lockTtlMs,
        ...(req.onEvent ? { onEvent: req.onEvent } : {}),
      },
    );
    const answer: Extract<CommandAnswer, { kind: 'change' }> = { kind: 'change', intent, text, outcome };
    if (outcome.status === 'needs-approval') return { ...answer, approvals: await approvalsOf(outcome) };
    if (outcome.status !== 'applied' || !outcome.result.ok) return answer;
    return { ...answer, ...(await settle(plan, pending, outcome, req)) };
  }

  /** After a change applied: record its override, end the shutdown it lifted, or write it back to git. */
  async function settle(plan: IntentChange, pending: NewOverride | undefined, outcome: Extract<GatedApplyOutcome, { status: 'applied' }>, req: CommandRequest) {
    const store = await parts.store();
    if (plan.kind === 'override' && pending) return { override: await store.createOverride({ ...pending, requestId: outcome.request.id }) };
    if (plan.kind === 'end-overrides') {
      const ended = [];
      for (const o of plan.ends) {
        const e = await store.endOverride(o.id, { state: 'ended', reason: `${CHAT_PREFIX}startup by ${req.actor}`, by: req.actor, requestId: outcome.request.id });
        if (e) ended.push(e);
      }
      return ended[0] ? { ended: ended[0] } : {};
    }
    if (plan.kind !== 'persistent') return {};
    return { writeBack: await writeBack(plan, outcome, req) };
  }

  async function writeBack(plan: Extract<IntentChange, { kind: 'persistent' }>, outcome: Extract<GatedApplyOutcome, { status: 'applied' }>, req: CommandRequest): Promise<WriteBack> {
    if (!parts.writer) return { kind: 'failed', reason: 'no definitions repository or directory to write to is configured' };
    try {
      const edits = await editResourceFields(parts.tree, { env: plan.target.env, kind: plan.target.kind, name: plan.target.name }, plan.edits);
      const approvers = [...new Set(outcome.request.approvals.map((v) => v.approver))];
      const text = outcome.request.reason.slice(CHAT_PREFIX.length);
      const { writeBack } = await parts.policy();
      const written = await parts.writer.write({
        edits,
        title: `qm: ${text}`,
        body: [
          `Applied from ${req.door} by Quartermaster (${outcome.request.id}): \`${text}\`.`,
          '',
          `- Asked by: ${outcome.request.actor}`,
          `- Approved by: ${approvers.length ? approvers.join(', ') : 'no approval was needed'}`,
          `- Plan: \`${outcome.plan.fingerprint.slice(0, 12)}\``,
          '',
          'The fleet already matches this change: its plan shows no changes. Merge it so the definitions say what runs.',
        ].join('\n'),
        labels: writeBack.labels,
        branch: `qm/${outcome.request.id}`,
        autoMerge: writeBack.autoMerge,
      });
      return written;
    } catch (e) {
      return { kind: 'failed', reason: e instanceof Error ? e.message : String(e) };
    }
  }

  function draftOverride(plan: Extract<IntentChange, { kind: 'override' }>, env: string, req: CommandRequest, text: string): Override {
    const now = parts.clock.now().toISOString();
    return {
      id: 'ovr-pending',
      env,
      ...(plan.target ? { target: plan.target } : {}),
      change: plan.change,
      owner: req.actor,
      reason: `${CHAT_PREFIX}${text}`,
      ...(req.thread ? { thread: req.thread } : {}),
      createdAt: now,
      ...(plan.expiresAt ? { expiresAt: plan.expiresAt } : {}),
      state: 'active',
    };
  }

  async function approvalsOf(outcome: Extract<GatedApplyOutcome, { status: 'needs-approval' }>) {
    return requirementsOf(await parts.policy(), outcome.request);
  }

  /** A vote; when it completes the quorum of a chat change, the change is applied as its requester asked it. */
  async function approve(requestId: string, req: CommandRequest): Promise<CommandAnswer> {
    const approvals = await parts.approvals();
    const request = await approvals.get(requestId);
    const outcome = await approvals.approve({ requestId, approver: req.actor, door: req.door, fingerprint: request?.fingerprint ?? '' });
    if (outcome.outcome !== 'approved' || !outcome.request.reason.startsWith(CHAT_PREFIX)) return { kind: 'vote', outcome };
    const approved = outcome.request;
    const asRequester = { ...req, actor: approved.actor, door: approved.door };
    const again = approved.reason.startsWith(REVERT_PREFIX)
      ? await revertById(approved.reason.slice(REVERT_PREFIX.length).split(' ')[0] ?? '', asRequester)
      : await run({ ...asRequester, text: approved.reason, slackEscaped: false, alias: undefined, channelEnv: undefined });
    return again.kind === 'change' ? { kind: 'vote', outcome, applied: again } : { kind: 'vote', outcome };
  }

  /**
   * Reverts temporary changes whose time is up, each through the gate as its owner, and ends
   * them once applied. For a timer in the bot, or `qm overrides expire` from cron.
   */
  async function expireOverrides(holder: string): Promise<{ override: Override; answer: CommandAnswer }[]> {
    const due = await (await parts.store()).overridesDue(parts.clock.now());
    const out = [];
    for (const override of due) out.push({ override, answer: await revertById(override.id, { text: '', actor: override.owner, door: override.thread?.door ?? 'cli', holder, ...(override.thread ? { thread: override.thread } : {}) }) });
    return out;
  }

  async function revertById(id: string, req: CommandRequest): Promise<CommandAnswer> {
    const store = await parts.store();
    const override = await store.getOverride(id);
    if (!override || override.state !== 'active') return { kind: 'usage', error: `${id} is not an active temporary change`, usage: 'requests' };
    const revertCommand = override.change.kind === 'shutdown' ? 'start' : override.change.kind === 'startup' ? 'shutdown' : 'scale';
    const revertReason = `${REVERT_PREFIX}${id} (${override.reason.slice(CHAT_PREFIX.length)} expired)`;
    const outcome = await gatedApply(
      { engine: await parts.engine(), clock: parts.clock, store, approvals: await parts.approvals() },
      {
        definitions: await effective({ without: [override] }),
        envs: [override.env],
        actor: override.owner,
        door: req.door,
        command: revertCommand,
        reason: revertReason,
        sameAsk: (r) => r.reason === revertReason,
        holder: req.holder,
        lockTtlMs: parts.lockTtlMs,
      },
    );
    const intent: Intent = { command: 'startup', target: override.target ? { env: override.env, ...override.target } : { env: override.env } };
    const answer: Extract<CommandAnswer, { kind: 'change' }> = { kind: 'change', intent, text: `revert ${id}`, outcome };
    if (outcome.status === 'needs-approval') return { ...answer, approvals: await approvalsOf(outcome) };
    if (outcome.status === 'applied' || outcome.status === 'no-changes') {
      const ended = await store.endOverride(id, { state: 'expired', reason: `expired at ${override.expiresAt ?? 'now'}`, by: 'qm', ...(outcome.status === 'applied' ? { requestId: outcome.request.id } : {}) });
      return ended ? { ...answer, ended } : answer;
    }
    return answer;
  }

  return { run, runIntent, effective, expireOverrides };
}

export type CommandRunner = ReturnType<typeof createCommandRunner>;

function statusLine(a: PlannedAction): StatusLine {
  return {
    env: a.resource.env,
    kind: a.resource.kind,
    name: a.resource.name,
    ...(a.resource.physicalId ? { physicalId: a.resource.physicalId } : {}),
    live: describeLive(a.observed),
    ...(a.type !== 'no-op' ? { pending: a.type } : {}),
  };
}

function describeLive(o: ObservedResource | undefined): string {
  if (!o) return 'not created yet';
  if (o.kind === 'instance') return `${o.state} ${o.instanceType}`;
  if (o.kind === 'autoscaling-group') {
    const inService = o.instances.filter((i) => i.lifecycleState === 'InService').length;
    return `${inService} in service (min ${o.minSize}, max ${o.maxSize}, desired ${o.desiredCapacity})`;
  }
  return 'exists';
}
