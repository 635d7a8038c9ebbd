import { formatLocation, type SourceLocation } from '../model/source-location.js';
import { hasChanges, IMPACT_RANK, worstImpact, type Impact, type Plan, type PlannedAction } from '../model/plan.js';
import type { ApprovalRequirement } from '../store/store.js';
import { measureCapacityChange, type CapacityChange } from './capacity-change.js';
import { groupsOf, type Membership } from './membership.js';
import { noPermissionReason, permits } from './permits.js';
import { isChangeCommand, POLICY_COMMANDS, type ApprovalRule, type Policy } from './policy.js';

export interface GateInput {
  policy: Policy;
  /** The requester: `slack:U012ABC`, `github:octocat#583231`. */
  actor: string;
  /** The requester's Slack user groups / GitHub teams, from resolveMembership. */
  membership: Membership;
  /** A policy command: plan, apply, scale, shutdown, start, approve, unlock. */
  command: string;
  /** Environments the command touches; default the plan's. */
  envs?: readonly string[];
  /** The plan to judge; without one, every approval rule that could apply does (worst case). */
  plan?: Plan;
}

/** An approval rule that matched, and why, for requests, audit and `qm policy explain`. */
export interface MatchedRule {
  name: string;
  envs: string[];
  why: string[];
  require: { group: string; count: number }[];
  expiresInMs: number;
  source: SourceLocation;
}

export type GateDecision =
  | { decision: 'allowed'; reason: string }
  | { decision: 'needs-approval'; requirements: ApprovalRequirement[]; expiresInMs: number; rules: MatchedRule[] }
  | { decision: 'refused'; reason: string };

/**
 * The approval gate: may this actor run this command here, and does this plan need
 * approvals first? Pure; a refusal is an answer, never an exception.
 *
 * @example
 * const membership = await resolveMembership(policy, actor, resolver);
 * const d = evaluateGate({ policy, actor, membership, command: 'scale', plan });
 * if (d.decision === 'needs-approval') d.requirements // [{ group: 'sre', count: 1, reason: 'prod-downtime: ...' }]
 */
export function evaluateGate(input: GateInput): GateDecision {
  const { policy, actor, membership, command, plan } = input;
  if (membership.actor !== actor) throw new Error(`evaluateGate: membership is for ${membership.actor}, not ${actor}`);
  if (!(POLICY_COMMANDS as readonly string[]).includes(command)) {
    return { decision: 'refused', reason: `"${command}" is not a policy command (commands: ${POLICY_COMMANDS.join(', ')})` };
  }
  const envs = [...new Set(input.envs ?? plan?.envs ?? [])].sort();
  if (envs.length === 0) return { decision: 'refused', reason: `${command} names no environment` };
  if (policy.standing && isChangeCommand(command)) return { ...policy.standing };

  const granted: string[] = [];
  for (const env of envs) {
    const rule = permits(policy, membership, command, env);
    if (!rule) {
      const groups = groupsOf(policy, membership);
      const who = groups.length ? ` (member of ${groups.join(', ')})` : '';
      return { decision: 'refused', reason: `${actor}${who} may not ${command} in ${env}: ${noPermissionReason(policy)}` };
    }
    granted.push(`${env} by ${formatLocation(rule.source)}`);
  }
  const permitted = `${command} permitted in ${granted.join(', ')}`;
  if (!isChangeCommand(command)) return { decision: 'allowed', reason: permitted };
  if (plan && !hasChanges(plan)) return { decision: 'allowed', reason: `${permitted}; the plan changes nothing` };

  const capacity = plan ? measureCapacityChange(plan) : undefined;
  const rules: MatchedRule[] = [];
  for (const rule of policy.approvals) {
    if (!rule.commands.includes(command as never)) continue;
    const ruleEnvs = rule.envs === '*' ? envs : envs.filter((e) => (rule.envs as string[]).includes(e));
    if (ruleEnvs.length === 0) continue;
    const why = plan && capacity ? conditionsHold(rule, plan, capacity, ruleEnvs) : [`no plan yet: assuming the worst for ${command} in ${ruleEnvs.join(', ')}`];
    if (why) rules.push({ name: rule.name, envs: ruleEnvs, why, require: rule.require, expiresInMs: rule.expiresInMs, source: rule.source });
  }
  if (rules.length === 0) return { decision: 'allowed', reason: `${permitted}; no approval rule applies` };

  const requirements = new Map<string, ApprovalRequirement>();
  for (const r of rules) {
    for (const q of r.require) {
      const line = `${r.name}: ${r.why.join('; ')}`;
      const seen = requirements.get(q.group);
      if (seen) requirements.set(q.group, { group: q.group, count: Math.max(seen.count, q.count), reason: `${seen.reason} | ${line}` });
      else requirements.set(q.group, { group: q.group, count: q.count, reason: line });
    }
  }
  return { decision: 'needs-approval', requirements: [...requirements.values()], expiresInMs: Math.min(...rules.map((r) => r.expiresInMs)), rules };
}


/** Why every condition of the rule holds for the plan's actions in `envs`, or undefined when one does not. */
function conditionsHold(rule: ApprovalRule, plan: Plan, capacity: CapacityChange, envs: string[]): string[] | undefined {
  const inScope = plan.actions.filter((a) => envs.includes(a.resource.env) && a.type !== 'no-op');
  const why: string[] = [];
  const w = rule.when;
  if (w.impact) {
    const hits = inScope.filter((a) => IMPACT_RANK[a.impact] >= IMPACT_RANK[w.impact as Impact]);
    if (hits.length === 0) return undefined;
    why.push(`${worstImpact(hits)}: ${listActions(hits)}`);
  }
  if (w.monthlyCostIncreaseOver !== undefined) {
    const delta = inScope.reduce((sum, a) => sum + a.monthlyCostDelta, 0);
    // An unpriced type counts as $0 in the delta: a GPU fleet must not slip under a cost rule
    // because the catalogue cannot price it. Deleting one only saves money, so it cannot trip the rule.
    const unpriced = [...new Set(inScope.filter((a) => a.type !== 'delete').flatMap((a) => a.unpriced ?? []))];
    if (delta > w.monthlyCostIncreaseOver) why.push(`adds $${delta.toFixed(2)}/month (more than $${w.monthlyCostIncreaseOver})`);
    else if (unpriced.length > 0) why.push(`may add more than $${w.monthlyCostIncreaseOver}/month: ${unpriced.join(', ')} not priced, so the cost cannot be checked`);
    else return undefined;
  }
  if (w.groupCapacityChangeOverPercent !== undefined) {
    const limit = w.groupCapacityChangeOverPercent;
    const hits = capacity.groups.filter((g) => envs.includes(g.env) && g.percent > limit);
    if (hits.length === 0) return undefined;
    why.push(hits.map((g) => `${g.env}/${g.name} capacity ${g.from} -> ${g.to} (${g.percent}% > ${limit}%)`).join(', '));
  }
  if (w.envCapacityChangeOverPercent !== undefined) {
    const limit = w.envCapacityChangeOverPercent;
    const hits = capacity.envs.filter((e) => envs.includes(e.env) && e.percent > limit);
    if (hits.length === 0) return undefined;
    why.push(hits.map((e) => `${e.affected} of ${e.running} running instances in ${e.env} at once (${e.percent}% > ${limit}%)`).join(', '));
  }
  if (why.length === 0) why.push(`applies to every ${rule.commands.join('/')} in ${envs.join(', ')}`);
  return why;
}

function listActions(actions: PlannedAction[]): string {
  const shown = actions.slice(0, 3).map((a) => `${a.id} (${a.type})`);
  return actions.length > 3 ? `${shown.join(', ')} and ${actions.length - 3} more` : shown.join(', ');
}
