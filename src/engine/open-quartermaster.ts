import type { CloudProvider } from '../cloud/provider.js';
import { systemClock, type Clock } from '../clock.js';
import { definitionsInvalidError, ENVIRONMENTS_DIR, loadDefinitionsFrom, localDefinitionsWriter, nodeFileTree, type DefinitionsWriter, type Diagnostic, type FileTree, type LoadResult } from '../definitions/index.js';
import { createEngine, type Engine } from '../engine.js';
import {
  createApprovals,
  createStaticMembership,
  effectiveState,
  loadPolicyFrom,
  channelEnvOf,
  missingPolicy,
  policyInvalidError,
  previewGate,
  requirementsOf,
  resolveMembership,
  type ApproveOutcome,
  type Approvals,
  type DenyOutcome,
  type GatePreview,
  type MembershipResolver,
  type Policy,
  type PreviewRequirement,
  type UnlockOutcome,
} from '../gates/index.js';
import type { Plan } from '../model/plan.js';
import type { Definitions } from '../model/resources.js';
import { openStore } from '../store/open-store.js';
import { OPEN_REQUEST_STATES, type ApprovalRequest, type AuditEntry, type AuditQuery, type Door, type Lock, type Store } from '../store/store.js';
import { createProvider } from './create-provider.js';
import { storeMayHoldData } from './store-may-hold-data.js';
import type { CommandAnswer } from './command-answer.js';
import { createCommandRunner, type CommandRequest } from './run-command.js';
import type { Override } from '../model/override.js';
import { driftOf, type DriftReport } from './drift.js';
import type { EngineSettings } from './engine-settings.js';
import { ConfigInvalidError } from '../errors.js';
import { unknownEnvironment } from './env-targets.js';
import { gatedApply, type GatedApplyOutcome, type GatedApplyRequest } from './gated-apply.js';

/** Where the definitions come from: a directory, or files read from git (a FileTree over the GitHub API). */
export type DefinitionsSource = { dir: string } | { tree: FileTree; root: string };

export interface OpenOptions {
  settings: EngineSettings;
  /** Default: the directory `settings.dir`. */
  source?: DefinitionsSource;
  clock?: Clock;
  /** Who is in which Slack user group / GitHub team; the door that can ask supplies it. Default: nobody is in any. */
  membership?: MembershipResolver;
  /**
   * The policy of a repository without policy.yml. Default missingPolicy(): every change is
   * refused. The command line chooses ungatedPolicy(reason).
   */
  withoutPolicy?: Policy;
  /** Judge by this policy instead of the repository's policy.yml (the demo's tour). */
  policy?: Policy;
  /**
   * Where a chat command's persistent change is written back: the local directory's files, or a
   * pull request on the definitions repository. Absent for a directory source: the directory.
   */
  writer?: DefinitionsWriter;
  /** Already built parts (tests, the demo, a bot sharing one store between sources). Closed by their owner, not by close(). */
  provider?: CloudProvider;
  store?: Store;
}

export interface LoadedPolicy {
  policy: Policy;
  /** False when the repository has no policy.yml (the policy is then `withoutPolicy`). */
  found: boolean;
  warnings: Diagnostic[];
}

export type PolicyAnswer = ({ ok: true } & LoadedPolicy) | { ok: false; diagnostics: Diagnostic[]; warnings: Diagnostic[] };

/** What a door asks to apply. The definitions, lock lifetime and gate come from the facade. */
export type ApplyRequest = Omit<GatedApplyRequest, 'definitions' | 'lockTtlMs'> & {
  /**
   * Approvals the door already holds for this change (a pull request's approving reviews):
   * recorded as votes on the request the gate opens, each judged like any vote (never the
   * requester, rights of the moment), then the apply goes on when they suffice.
   */
  approvedBy?: string[];
};

export type ApplyAnswer = GatedApplyOutcome & { votes?: { approver: string; outcome: ApproveOutcome }[] };

/**
 * The one entrance every door uses (DESIGN.md): a Quartermaster opened on a definitions source.
 * Doors parse their own input, call these, and render the answers in their own idiom; they never
 * wire providers, stores or approvals themselves. Refusals are answers; faults are QmErrors.
 *
 * @example
 * const qm = openQuartermaster({ settings: parseEngineSettings(env, { dir: 'fleet' }) });
 * try {
 *   const plan = await qm.plan({ envs: ['prod'] });
 *   const answer = await qm.apply({ envs: ['prod'], actor, door: 'pr', command: 'apply', reason: 'PR #42 merged', holder, expected: plan });
 * } finally { await qm.close(); }
 */
export interface Quartermaster {
  readonly settings: EngineSettings;
  readonly clock: Clock;
  /** The definitions, loaded and validated once; never throws for a bad definition. */
  loadDefinitions(): Promise<LoadResult>;
  /** The same, throwing DefinitionsInvalidError listing every error. */
  definitions(): Promise<Definitions>;
  /** policy.yml checked against the environment directories, once; never throws for a bad policy. */
  loadPolicy(): Promise<PolicyAnswer>;
  /** The same, throwing PolicyInvalidError listing every error. */
  policy(): Promise<LoadedPolicy>;
  plan(req?: { envs?: readonly string[] }): Promise<Plan>;
  drift(req?: { envs?: readonly string[] }): Promise<DriftReport>;
  /** The gated apply: lock, plan, request, gate, claim, apply, audit. */
  apply(req: ApplyRequest): Promise<ApplyAnswer>;
  /** What the gate would answer for `plan` asked by `actor`, counting `approvedBy`'s approvals; records nothing. */
  previewGate(req: { actor: string; command: string; plan: Plan; approvedBy?: string[]; door: Door }): Promise<GatePreview>;
  /** A request's requirements with who may approve each (as the policy names them) and whose votes count so far. */
  approvalsOf(request: ApprovalRequest): Promise<PreviewRequirement[]>;
  approve(req: { requestId: string; approver: string; door: Door; fingerprint: string; comment?: string }): Promise<ApproveOutcome>;
  deny(req: { requestId: string; by: string; door: Door; reason: string }): Promise<DenyOutcome>;
  /** One request as of now (an overdue open request reads as expired). */
  request(id: string): Promise<ApprovalRequest | undefined>;
  /** Open requests (or, with `all`, the most recent in every state), states as of now. */
  requests(query?: { env?: string; all?: boolean }): Promise<ApprovalRequest[]>;
  /** The environment locks; tokens are for their holders, not for display, and are left out. */
  locks(): Promise<Omit<Lock, 'token'>[]>;
  unlock(req: { env: string; by: string; door: Door; reason: string }): Promise<UnlockOutcome>;
  audit(query?: AuditQuery): Promise<AuditEntry[]>;
  /** A chat command (Slack, GitHub comments, `qm run`): parsed, planned, gated, applied, written back; answered as data. */
  command(req: CommandRequest): Promise<CommandAnswer>;
  /** Reverts the temporary changes whose time is up, through the gate, each as its owner asked it. */
  expireOverrides(holder: string): Promise<{ override: Override; answer: CommandAnswer }[]>;
  /** The active temporary changes (of one environment). */
  overrides(env?: string): Promise<Override[]>;
  /** The environment a chat channel is bound to in policy.yml, if any. */
  channelEnv(door: Door, channel: string): Promise<string | undefined>;
  /** Closes what this facade opened (the store's connections). */
  close(): Promise<void>;
}

/** @example const qm = openQuartermaster({ settings, source: { tree, root: 'acme/fleet@3f2a' } }); */
export function openQuartermaster(opts: OpenOptions): Quartermaster {
  const { settings } = opts;
  const clock = opts.clock ?? systemClock;
  const membership = opts.membership ?? createStaticMembership({});
  const source = opts.source ?? { dir: settings.dir };
  const tree = 'tree' in source ? source.tree : nodeFileTree(source.dir);
  const root = 'tree' in source ? source.root : source.dir;

  let loaded: Promise<LoadResult> | undefined;
  let policyLoaded: Promise<PolicyAnswer> | undefined;
  let engine: Promise<Engine> | undefined;
  let store: Promise<Store> | undefined;

  const loadDefinitions = () => (loaded ??= loadDefinitionsFrom(tree, root));
  const definitions = async (): Promise<Definitions> => {
    const r = await loadDefinitions();
    if (!r.ok) throw definitionsInvalidError(r.diagnostics);
    return r.definitions;
  };
  const loadPolicy = () => (policyLoaded ??= readPolicy(tree, opts));
  const policy = async (): Promise<LoadedPolicy> => {
    const r = await loadPolicy();
    if (!r.ok) throw policyInvalidError(r.diagnostics);
    return r;
  };
  const getEngine = () => (engine ??= (opts.provider ? Promise.resolve(opts.provider) : createProvider(settings, clock)).then((provider) => createEngine({ provider, clock })));
  const getStore = () => (store ??= opts.store ? Promise.resolve(opts.store) : openStore(settings.databaseUrl, { sqlitePath: settings.sqlitePath, clock }));
  // Checked against the policy of the moment: one snapshot per facade, as the definitions are.
  const approvals = async (): Promise<Approvals> => createApprovals({ store: await getStore(), clock, policy: async () => (await policy()).policy, membership });
  async function requests(query: { env?: string; all?: boolean } = {}): Promise<ApprovalRequest[]> {
    const now = clock.now();
    const listed = await (await getStore()).listRequests({ ...(query.env ? { env: query.env } : {}), ...(query.all ? {} : { states: [...OPEN_REQUEST_STATES] }) });
    if (query.env) await checkEnvName(query.env, listed.length > 0);
    // Stored states lag behind expiry (nothing writes `expired` until someone touches the request): as of now.
    return listed.map((r) => ({ ...r, state: effectiveState(r, now) })).filter((r) => query.all || OPEN_REQUEST_STATES.includes(r.state));
  }
  const locks = async () => (await (await getStore()).listLocks()).map(({ token: _token, ...l }) => l);
  /**
   * A name a door passed as an environment filter or target, found nowhere: a typo, not "nothing
   * there". The environment directories are listed, not validated, so broken definitions never
   * stop a lookup or an unlock; what the store still holds for a removed environment stays reachable.
   */
  const checkEnvName = async (env: string, foundInStore: boolean): Promise<void> => {
    if (foundInStore) return;
    const known = await environmentDirNames(tree);
    if (!known.includes(env)) throw unknownEnvironment(env, known.sort());
  };
  const runner = createCommandRunner({
    requests: () => requests(),
    locks,
    clock,
    lockTtlMs: settings.lockTtlMs,
    definitions,
    tree,
    engine: getEngine,
    store: getStore,
    approvals,
    policy: async () => (await policy()).policy,
    membership,
    ...(opts.writer ? { writer: opts.writer } : 'dir' in source ? { writer: localDefinitionsWriter(source.dir) } : {}),
  });
  // Plan, drift and apply compare the fleet with the definitions as the active temporary changes (overrides) leave them.
  const plan = async (req: { envs?: readonly string[] } = {}) => (await getEngine()).plan({ definitions: await planned(), ...(req.envs ? { envs: req.envs } : {}) });
  // An embedded store not created yet holds no overrides: a read-only plan does not create it.
  const planned = async (): Promise<Definitions> => (store || opts.store || (await storeMayHoldData(settings)) ? runner.effective() : definitions());

  async function apply(req: ApplyRequest): Promise<ApplyAnswer> {
    const { approvedBy, ...rest } = req;
    const deps = { engine: await getEngine(), clock, store: await getStore(), approvals: await approvals() };
    const gated = { ...rest, definitions: await runner.effective(), lockTtlMs: settings.lockTtlMs };
    const first = await gatedApply(deps, gated);
    if (first.status !== 'needs-approval' || !approvedBy?.length) return first;
    const votes = [];
    for (const approver of approvedBy) {
      const outcome = await deps.approvals.approve({ requestId: first.request.id, approver, door: req.door, fingerprint: first.request.fingerprint });
      votes.push({ approver, outcome });
    }
    if (!votes.some((v) => v.outcome.outcome === 'approved')) return { ...first, request: (await deps.approvals.get(first.request.id)) ?? first.request, votes };
    return { ...(await gatedApply(deps, gated)), votes };
  }

  return {
    settings,
    clock,
    loadDefinitions,
    definitions,
    loadPolicy,
    policy,
    plan,
    drift: async (req = {}) => driftOf(await plan(req)),
    apply,
    async previewGate(req) {
      const { policy: current } = await policy();
      const requester = await resolveMembership(current, req.actor, membership);
      const approvers = await Promise.all((req.approvedBy ?? []).map((a) => resolveMembership(current, a, membership)));
      return previewGate({ policy: current, requester, approvers, command: req.command, plan: req.plan, door: req.door, now: clock.now() });
    },
    approvalsOf: async (request) => requirementsOf((await policy()).policy, request),
    approve: async (req) => (await approvals()).approve(req),
    deny: async (req) => (await approvals()).deny(req),
    request: async (id) => (await approvals()).get(id),
    requests,
    locks,
    async unlock(req) {
      if (!req.reason.trim()) throw new ConfigInvalidError(`no reason given to unlock ${req.env}`, { fix: 'Give a reason: it is kept in the audit log for whoever held the lock' });
      await checkEnvName(req.env, (await locks()).some((l) => l.env === req.env));
      return (await approvals()).forceUnlock(req);
    },
    async audit(query) {
      const entries = await (await getStore()).queryAudit(query);
      if (query?.env) await checkEnvName(query.env, entries.length > 0);
      return entries;
    },
    command: (req) => runner.run(req),
    expireOverrides: (holder) => runner.expireOverrides(holder),
    async overrides(env) {
      const list = await (await getStore()).listOverrides({ ...(env ? { env } : {}), states: ['active'] });
      if (env) await checkEnvName(env, list.length > 0);
      return list;
    },
    channelEnv: async (door, channel) => channelEnvOf((await policy()).policy, door, channel),
    async close() {
      if (store && !opts.store) await (await store).close();
    },
  };
}

/** The directories under environments/, by name, as they are (not validated: a broken definition never hides one). */
async function environmentDirNames(tree: FileTree): Promise<string[]> {
  return ((await tree.list(ENVIRONMENTS_DIR)) ?? []).filter((e) => e.isDirectory).map((e) => e.name);
}

/** policy.yml (or the door's choice when there is none), checked against the environment directories. */
async function readPolicy(tree: FileTree, opts: OpenOptions): Promise<PolicyAnswer> {
  if (opts.policy) return { ok: true, policy: opts.policy, found: true, warnings: [] };
  const envs = await environmentDirNames(tree);
  const r = await loadPolicyFrom(tree, { envs });
  if (!r.ok || r.found) return r;
  return { ok: true, policy: opts.withoutPolicy ?? missingPolicy(), found: false, warnings: r.warnings };
}
