import { escapeMarkdown } from './escape-markdown.js';

/** One approval the gate requires, with who may give it and who already has. */
export interface GateRequirement {
  /** Named policy group. */
  group: string;
  count: number;
  /** Why the policy asks for it: `prod-destructive: deletes prod/instance/bastion`. */
  reason: string;
  /** Who may approve, as the policy names them (`membersOf`). */
  approvers: string[];
  /** Reviewers whose approval already counts for this requirement. */
  approvedBy: string[];
}

/**
 * What the gate will answer when a change is applied, as a door shows it. Filled by the door
 * from the gate's decision and, for a pull request, its reviews; renderers only read it.
 */
export type GateVerdict =
  | { decision: 'allowed'; reason: string }
  | { decision: 'needs-approval'; requirements: GateRequirement[] }
  | { decision: 'refused'; reason: string };

/** Approvers named before `and N more`. */
const APPROVERS_SHOWN = 10;
const TEXT_MAX = 300;

/**
 * The gate's verdict on a pull request's plan, as markdown lines: the approvals merging will
 * need (`1 of sre (alice, bob)`, progress, why), or that none is needed and why, or that the
 * plan is refused and cannot be applied as it is.
 *
 * @example renderGateSection({ decision: 'allowed', reason: 'apply permitted in dev' }) // ['**No approval needed:** apply permitted in dev']
 */
export function renderGateSection(verdict: GateVerdict): string[] {
  switch (verdict.decision) {
    case 'allowed':
      return [`**No approval needed:** ${escapeMarkdown(verdict.reason, TEXT_MAX)}`];
    case 'refused':
      return [`⛔ **Refused:** ${escapeMarkdown(verdict.reason, TEXT_MAX)}. This plan cannot be applied as it is: merging it would apply nothing.`];
    case 'needs-approval':
      return ['#### Approvals needed when this merges', '', ...verdict.requirements.map((r) => `- ${requirementProgress(r)}`)];
  }
}

/**
 * One requirement with its progress: `1 of sre (alice, bob): approved by nobody yet (0/1). Why: ...`.
 *
 * @example requirementProgress({ group: 'sre', count: 1, reason: 'r', approvers: ['alice'], approvedBy: ['alice'] }) // '✅ 1 of **sre** (alice): approved by alice (1/1). Why: r'
 */
export function requirementProgress(r: GateRequirement): string {
  const have = Math.min(r.approvedBy.length, r.count);
  const by = r.approvedBy.length > 0 ? `approved by ${people(r.approvedBy)}` : 'approved by nobody yet';
  const done = have >= r.count ? '✅ ' : '';
  return `${done}${requirementWho(r)}: ${by} (${have}/${r.count}). Why: ${escapeMarkdown(r.reason, TEXT_MAX)}`;
}

/**
 * Who must still approve: `1 more of **sre** (alice, bob)`.
 *
 * @example requirementStill({ group: 'sre', count: 2, reason: 'r', approvers: ['alice', 'bob'], approvedBy: ['alice'] }) // '1 more of **sre** (alice, bob)'
 */
export function requirementStill(r: GateRequirement): string {
  const missing = Math.max(0, r.count - r.approvedBy.length);
  if (missing === 0) return `✅ ${requirementWho(r)}: approved by ${people(r.approvedBy)}`;
  const more = r.approvedBy.length > 0 ? `${missing} more` : `${missing}`;
  return `${more} of **${escapeMarkdown(r.group, 100)}** (${approverList(r.approvers)})${r.approvedBy.length > 0 ? `, besides ${people(r.approvedBy)}` : ''}`;
}

function requirementWho(r: GateRequirement): string {
  return `${r.count} of **${escapeMarkdown(r.group, 100)}** (${approverList(r.approvers)})`;
}

function approverList(approvers: readonly string[]): string {
  return approvers.length === 0 ? 'nobody may approve: the group has no members' : people(approvers);
}

function people(names: readonly string[]): string {
  const shown = names.slice(0, APPROVERS_SHOWN).map((n) => escapeMarkdown(n, 100));
  const more = names.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more.toLocaleString('en-US')} more` : ''}`;
}
