import { formatPrincipal, parseUser, type Policy } from '../../gates/index.js';

/** Help text of the per-command `--as` option (approve, deny, unlock). */
export const AS_OPTION_HELP =
  'act as this identity (github:login#id, slack:U..., or a person of policy.yml) instead of QM_ACTOR; asserted, not authenticated';

/**
 * Who a command acts as: `--as`, else the door's actor (QM_ACTOR, else `cli:<os user>`). A
 * person's name from policy.yml stands for their first account, so `--as alice` works. At the
 * command line identity is asserted, not authenticated: the CLI gate guards against mistakes;
 * the bot doors, which know who clicked, enforce.
 *
 * @example cliActor(policy, 'cli:root', 'alice') // 'slack:U012ABCDE'
 */
export function cliActor(policy: Policy, configured: string, as?: string): string {
  const raw = (as ?? configured).trim();
  const person = policy.people.get(raw);
  return person?.ids[0] ? formatPrincipal(person.ids[0]) : raw;
}

/**
 * A line for stderr when the actor is no identity a policy can name (so every gated command
 * will be refused); undefined when it is one.
 *
 * @example actorHint('cli:root') // 'note: acting as "cli:root", ...'
 */
export function actorHint(actor: string): string | undefined {
  if (parseUser(actor)) return undefined;
  return `note: acting as "${actor}", which is not a slack:U... or github:login#id identity nor a person of policy.yml, so the policy names nobody like it; set QM_ACTOR or pass --as\n`;
}
