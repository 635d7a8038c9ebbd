import { formatLocation } from '../model/source-location.js';
import type { Plan } from '../model/plan.js';
import { evaluateGate, type GateDecision } from './evaluate-gate.js';
import { groupsOf, personOf, type Membership } from './membership.js';
import { permits } from './permits.js';
import { isChangeCommand, type Policy, type Principal } from './policy.js';
import { formatPrincipal, parseUser } from './principal.js';

export interface ExplainInput {
  /** An identity (`slack:U012ABC`, `github:octocat#583231`) or a person's name from the policy. */
  as: string;
  /** The Slack user groups / GitHub teams the actor is in (from a MembershipResolver); default none. */
  externalGroups?: string[];
  command: string;
  /** Default: the plan's environments. */
  envs?: string[];
  plan?: Plan;
}

export interface ApproverList {
  group: string;
  count: number;
  reason: string;
  /** Who is in the group, flattened: people with their accounts, accounts, Slack user groups, GitHub teams. */
  members: string[];
  /** The actor is in the group (yet never approves their own request). */
  actorIsMember: boolean;
}

export interface PolicyExplanation {
  actor: string;
  person?: string;
  groups: string[];
  command: string;
  envs: string[];
  /** `rule`: where the permitting rule is written (`policy.yml:38:5`), or `no policy.yml` when the door's standing answer decides. */
  permissions: { env: string; allowed: boolean; rule?: string }[];
  decision: GateDecision;
  approvers: ApproverList[];
}

/**
 * What `qm policy explain --as <id> "<command>"` shows: may this person run the command,
 * what the gate decides (for a plan, or the worst case without one), and who may approve.
 *
 * @example
 * const e = explainPolicy(policy, { as: 'alice', command: 'scale', envs: ['prod'] });
 * process.stdout.write(renderPolicyExplanation(e));
 */
export function explainPolicy(policy: Policy, input: ExplainInput): PolicyExplanation {
  const actor = actorIdOf(policy, input.as);
  const membership: Membership = { actor, externalGroups: [...(input.externalGroups ?? [])].sort() };
  const envs = [...new Set(input.envs ?? input.plan?.envs ?? [])].sort();
  const decision = evaluateGate({ policy, actor, membership, command: input.command, envs, ...(input.plan ? { plan: input.plan } : {}) });
  const groups = groupsOf(policy, membership);
  const person = personOf(policy, actor) ?? (policy.people.has(input.as) ? input.as : undefined);
  const standing = policy.standing && isChangeCommand(input.command) ? policy.standing : undefined;
  const permissions = envs.map((env) => {
    // Without a policy file the door's standing answer decides changes, not a rule: say so, not "deny by default".
    if (standing) return { env, allowed: standing.decision === 'allowed', rule: `no ${policy.file}` };
    const rule = permits(policy, membership, input.command, env);
    return rule ? { env, allowed: true, rule: formatLocation(rule.source) } : { env, allowed: false };
  });
  const approvers =
    decision.decision === 'needs-approval'
      ? decision.requirements.map((q) => ({ ...q, members: membersOf(policy, q.group), actorIsMember: groups.includes(q.group) }))
      : [];
  return { actor, ...(person ? { person } : {}), groups, command: input.command, envs, permissions, decision, approvers };
}

/** A person's name stands for their first account; anything else is taken as an identity. */
function actorIdOf(policy: Policy, as: string): string {
  const person = policy.people.get(as);
  return person?.ids[0] ? formatPrincipal(person.ids[0]) : as;
}

/** Everyone a named group stands for, nested groups flattened. */
export function membersOf(policy: Policy, group: string): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const add = (p: Principal): void => {
    if (p.kind === 'group' && !policy.people.has(p.name)) {
      const g = policy.groups.get(p.name);
      if (!g || seen.has(p.name)) return;
      seen.add(p.name);
      g.members.forEach(add);
      return;
    }
    const name = p.kind === 'group' || p.kind === 'person' ? p.name : undefined;
    const person = name === undefined ? undefined : policy.people.get(name);
    out.add(person ? `${person.name} (${person.ids.map(formatPrincipal).join(', ')})` : formatPrincipal(p));
  };
  add({ kind: 'group', name: group });
  return [...out];
}

/**
 * The explanation as plain text.
 *
 * @example renderPolicyExplanation(explainPolicy(policy, { as: 'dave', command: 'apply', envs: ['dev'] }))
 */
export function renderPolicyExplanation(e: PolicyExplanation): string {
  const lines: string[] = [];
  const who = e.person ? `${e.actor} (${e.person})` : e.actor;
  lines.push(`As ${who}, member of ${e.groups.length ? e.groups.join(', ') : 'no policy group'}:`);
  for (const p of e.permissions) lines.push(`  ${e.command} in ${p.env}: ${p.allowed ? `permitted (${p.rule})` : p.rule ? `not permitted (${p.rule})` : 'not permitted (no permission allows it; deny by default)'}`);
  const d = e.decision;
  if (d.decision === 'refused') lines.push(`Refused: ${d.reason}`);
  else if (d.decision === 'allowed') lines.push(`Allowed without approval: ${d.reason}`);
  else {
    lines.push(`Needs approval (expires ${Math.round(d.expiresInMs / 60_000)} min after the request):`);
    for (const r of d.rules) lines.push(`  rule ${r.name} (${formatLocation(r.source)}): ${r.why.join('; ')}`);
    for (const a of e.approvers) {
      lines.push(`  ${a.count} from ${a.group}${a.actorIsMember ? ' (you are in it, but never approve your own request)' : ''}:`);
      for (const m of a.members) lines.push(`    - ${m}`);
    }
  }
  if (!parseUser(e.actor)) lines.push(`Note: "${e.actor}" is not a slack:U... or github:login#id identity nor a person of the policy; it matches nobody.`);
  return `${lines.join('\n')}\n`;
}
