import type { IntentCommand } from './intent.js';

/** One command's help, as every door renders it (Slack blocks, a GitHub comment, the terminal). */
export interface CommandHelp {
  command: IntentCommand;
  /** One line per form; `<...>` is a value, `[...]` is optional. */
  usage: string;
  summary: string;
  /** Complete commands, without a door's prefix (`/qm`). */
  examples: string[];
}

const LASTING = '[--for <duration> | --until <time>]';

/** In the order help lists them: changes first, then reads, then requests and locks. */
const HELP: readonly CommandHelp[] = [
  {
    command: 'scale',
    usage: [`scale <target> <instance-type> ${LASTING}`, `scale <target> <count> ${LASTING}`, `scale <target> [min=<n>] [max=<n>] [desired=<n>] ${LASTING}`].join('\n'),
    summary:
      "Change an instance's type (stop, modify, start: downtime) or an Auto Scaling group's instance type (rolling refresh), " +
      "desired count or bounds. A target is a name (web), an environment and a name (prod/web); a channel bound to an environment " +
      'picks its own. Without --for or --until the change is written back to the definitions; with them it reverts by itself ' +
      '(--for 30m, 2h, 1d; --until 18:00 UTC or 2026-12-05T09:00Z).',
    examples: ['scale prod/web t3.large', 'scale prod/web 4 --for 2h', 'scale prod/worker min=2 max=8 desired=4', 'scale dev/bastion t3.small --until 18:00'],
  },
  {
    command: 'shutdown',
    usage: `shutdown <environment | target> ${LASTING}`,
    summary: "Stop an environment's instances and set its Auto Scaling groups to 0/0/0 (or one resource's), until startup or the time given.",
    examples: ['shutdown dev', 'shutdown staging --until 07:00 UTC', 'shutdown dev/bastion --for 12h'],
  },
  {
    command: 'startup',
    usage: `startup <environment | target> ${LASTING}`,
    summary: 'End a shutdown, restoring exactly what was there; or start what the definitions keep stopped, for the time given.',
    examples: ['startup dev', 'startup dev/bastion --for 2h'],
  },
  {
    command: 'status',
    usage: 'status [environment | target]',
    summary: 'What runs now, with the active temporary changes and who made them.',
    examples: ['status', 'status prod', 'status prod/web'],
  },
  {
    command: 'plan',
    usage: 'plan [environment]',
    summary: 'What applying the definitions would change, and what the gate would ask.',
    examples: ['plan', 'plan staging'],
  },
  {
    command: 'drift',
    usage: 'drift [environment]',
    summary: 'Where AWS differs from the definitions (active temporary changes are not drift).',
    examples: ['drift', 'drift prod'],
  },
  {
    command: 'approve',
    usage: 'approve <request-id>',
    summary: "Approve someone else's request (never your own); your rights are checked against policy.yml as you approve.",
    examples: ['approve req-0123456789ab'],
  },
  {
    command: 'deny',
    usage: 'deny <request-id> [reason]',
    summary: 'Deny a request, or withdraw your own; the reason is kept in the audit log.',
    examples: ['deny req-0123456789ab', 'deny req-0123456789ab "not during the sale; retry Monday"'],
  },
  {
    command: 'requests',
    usage: 'requests',
    summary: 'The approval requests waiting, who may approve them and when they expire.',
    examples: ['requests'],
  },
  {
    command: 'locks',
    usage: 'locks',
    summary: 'The environments locked by an apply in progress, by whom and since when.',
    examples: ['locks'],
  },
  {
    command: 'unlock',
    usage: 'unlock <environment> <reason>',
    summary: "Release an environment's lock left by an apply that will not finish; the reason is audited.",
    examples: ['unlock staging "the runner died mid-apply"'],
  },
  {
    command: 'help',
    usage: 'help [command]',
    summary: 'These commands, or one of them in detail.',
    examples: ['help', 'help scale'],
  },
];

/** Every command the grammar knows, in help order. */
export const COMMAND_NAMES: readonly IntentCommand[] = HELP.map((h) => h.command);

/**
 * Whether `word` names a command (exactly, lowercase).
 *
 * @example isCommandName('scale') // true
 */
export function isCommandName(word: string): word is IntentCommand {
  return (COMMAND_NAMES as readonly string[]).includes(word);
}

/**
 * Structured help: every command, or only `topic`'s when it names one.
 *
 * @example helpText('scale')[0]?.usage.split('\n')[0] // 'scale <target> <instance-type> [--for <duration> | --until <time>]'
 */
export function helpText(topic?: string): CommandHelp[] {
  const one = HELP.filter((h) => h.command === topic);
  return (one.length > 0 ? one : HELP).map((h) => ({ ...h, examples: [...h.examples] }));
}

/**
 * The usage lines of one command, or of every command when `command` names none.
 *
 * @example usageOf('unlock') // 'unlock <environment> <reason>'
 */
export function usageOf(command?: string): string {
  return helpText(command)
    .map((h) => h.usage)
    .join('\n');
}
