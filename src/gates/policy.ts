import type { SourceLocation } from '../model/source-location.js';
import type { Impact } from '../model/plan.js';

/**
 * The validated model of `policy.yml`: who may run which command where, who may approve, and
 * which changes need approvals. Deny by default: a command no permission allows is refused.
 * See docs/policy.md.
 */

/**
 * The command vocabulary. Change commands produce a plan that passes the approval gate;
 * the others are only checked against `permissions`.
 */
export const POLICY_COMMANDS = ['plan', 'apply', 'scale', 'shutdown', 'start', 'approve', 'unlock'] as const;
export type PolicyCommand = (typeof POLICY_COMMANDS)[number];

/** Commands that change the fleet: the ones approval rules apply to. */
export const CHANGE_COMMANDS: readonly PolicyCommand[] = ['apply', 'scale', 'shutdown', 'start'];

export function isChangeCommand(c: string): boolean {
  return (CHANGE_COMMANDS as readonly string[]).includes(c);
}

/** Who a policy entry names. Ids are immutable: Slack user ids, GitHub numeric ids, group ids. */
export type Principal =
  /** `slack:U012ABC` (W... for Enterprise Grid users). */
  | { kind: 'slack-user'; id: string }
  /** `github:octocat#583231`: matched by the numeric id; the login is for people reading the file. */
  | { kind: 'github-user'; login: string; id: number }
  /** `slack-group:S0123ABC`, a Slack user group. */
  | { kind: 'slack-group'; id: string }
  /** `github-team:acme/sre` (organisation and team slug, compared case-insensitively). */
  | { kind: 'github-team'; org: string; team: string }
  /** A name from `people:`. */
  | { kind: 'person'; name: string }
  /** A name from `groups:`. */
  | { kind: 'group'; name: string };

/** A user identity (what an actor is): slack-user or github-user. */
export type UserPrincipal = Extract<Principal, { kind: 'slack-user' | 'github-user' }>;

export interface PersonDef {
  name: string;
  /** The same person's accounts; all count as one for self-approval and quorum. */
  ids: UserPrincipal[];
  source: SourceLocation;
}

export interface GroupDef {
  name: string;
  description?: string;
  members: Principal[];
  source: SourceLocation;
}

export interface PermissionRule {
  /** `'*'` = every command. */
  commands: PolicyCommand[] | '*';
  /** `'*'` = every environment. */
  envs: string[] | '*';
  who: Principal[];
  source: SourceLocation;
}

/** Every condition written must hold for the rule to apply; none written = always. */
export interface ApprovalConditions {
  /** At least this impact among the rule's environments' actions (`downtime` also matches destructive). */
  impact?: Exclude<Impact, 'none'>;
  /** USD per month added by the actions in the rule's environments, strictly more than this. */
  monthlyCostIncreaseOver?: number;
  /** Some group's capacity (desired, or min/max forcing it) changes by strictly more than this % of its current size. */
  groupCapacityChangeOverPercent?: number;
  /** Strictly more than this % of an environment's running instances stopped, replaced or removed at once. */
  envCapacityChangeOverPercent?: number;
}

export interface QuorumRequirement {
  /** A name from `groups:`. */
  group: string;
  /** Distinct approvers, never the requester. */
  count: number;
}

export interface ApprovalRule {
  name: string;
  description?: string;
  envs: string[] | '*';
  /** Change commands the rule applies to. */
  commands: PolicyCommand[];
  when: ApprovalConditions;
  require: QuorumRequirement[];
  /** How long the request may wait for approvals and the claim for apply. */
  expiresInMs: number;
  source: SourceLocation;
}

export interface Policy {
  /** Relative to the definitions root: `policy.yml`. */
  file: string;
  version: 1;
  people: Map<string, PersonDef>;
  groups: Map<string, GroupDef>;
  permissions: PermissionRule[];
  approvals: ApprovalRule[];
  /** Expiry of requests that need no approval, and of rules that set none. */
  defaultExpiresInMs: number;
  /** How a change made from chat is written back to the definitions repository (`write_back:`). */
  writeBack: WriteBackSettings;
  /**
   * A repository without policy.yml has no rules to judge by: the door chooses what every change
   * is answered (missingPolicy: refused; ungatedPolicy, the command line's choice: allowed).
   */
  standing?: { decision: 'allowed' | 'refused'; reason: string };
  /** Chat channels bound to an environment (`channels:` in policy.yml): `/scale web 5` there means that environment's web. */
  channels?: ChannelBinding[];
}

export interface ChannelBinding {
  /** `slack:C0123ABCD` (a Slack channel id) or `github:owner/repo` (comments in that repository). */
  channel: string;
  env: string;
  source: SourceLocation;
}

/** `write_back:` in policy.yml: the pull requests that write chat changes back to git. */
export interface WriteBackSettings {
  /** Ask GitHub to merge them once their required checks pass. */
  autoMerge: boolean;
  /** Their labels: `qm-applied` (the change is already live) and policy.yml's `write_back.labels`. */
  labels: string[];
}

/** Write-back when policy.yml says nothing: labelled `qm-applied`, merged by a person. */
export const DEFAULT_WRITE_BACK: WriteBackSettings = { autoMerge: false, labels: ['qm-applied'] };

/** Expiry of requests when policy.yml sets no `defaults.expires`: one hour. */
export const DEFAULT_EXPIRES_MS = 3_600_000;

/** A policy with no people, groups or rules: nobody may do anything. */
export function denyAllPolicy(file = 'policy.yml'): Policy {
  return { file, version: 1, people: new Map(), groups: new Map(), permissions: [], approvals: [], defaultExpiresInMs: DEFAULT_EXPIRES_MS, writeBack: { ...DEFAULT_WRITE_BACK, labels: [...DEFAULT_WRITE_BACK.labels] } };
}

/**
 * What a door that enforces the gate (pull requests, chat) uses when the repository has no
 * policy.yml: every change is refused, saying why and what to write.
 *
 * @example evaluateGate({ policy: missingPolicy(), ... }).decision // 'refused'
 */
export function missingPolicy(file = 'policy.yml'): Policy {
  return { ...denyAllPolicy(file), standing: { decision: 'refused', reason: `there is no ${file}, and without one this door refuses every change (docs/policy.md)` } };
}

/**
 * What the command line uses when the repository has no policy.yml: its user holds the cloud
 * credentials anyway, and a newcomer must be able to try qm. Every change is allowed, with
 * `reason` recorded on the request and in the audit log; nobody may approve or unlock.
 *
 * @example ungatedPolicy('no policy.yml: the command line is not gated')
 */
export function ungatedPolicy(reason: string, file = 'policy.yml'): Policy {
  return { ...denyAllPolicy(file), standing: { decision: 'allowed', reason } };
}
