import { suggest } from '../definitions/did-you-mean.js';
import type { AutoScalingGroupSpec, InstanceSpec } from '../model/resources.js';
import { COMMAND_NAMES, isCommandName, usageOf } from './help-text.js';
import { CHANGING_COMMANDS, type CapacityChange, type Intent, type IntentCommand, type ResourceTarget } from './intent.js';
import type { RawArg, RawCommand } from './parse-command-text.js';
import { reasonFrom } from './reason-text.js';
import { checkCapacity, MAX_CAPACITY } from './resolve-capacity.js';
import type { ResolveContext } from './resolve-context.js';
import { defaultEnv, resolveEnv } from './resolve-env.js';
import { resolveInstanceType } from './resolve-instance-type.js';
import { resolveLasting } from './resolve-lasting.js';
import { resolveTarget } from './resolve-target.js';
import { showWord } from './show-word.js';
import type { UsageError } from './usage-error.js';

export type CommandResult = { ok: true; intent: Intent } | UsageError;

/** `req-` and 12 hex digits, as the store makes them. */
export const REQUEST_ID = /^req-[0-9a-f]{12}$/;

type Resolver = (args: readonly RawArg[], ctx: ResolveContext, raw: RawCommand) => Intent | string;

/** Routing is a table: one resolver per command; a string is the error. */
const RESOLVERS: Record<IntentCommand, Resolver> = {
  scale: resolveScale,
  shutdown: (args, ctx, raw) => resolvePower('shutdown', args, ctx, raw),
  startup: (args, ctx, raw) => resolvePower('startup', args, ctx, raw),
  status: (args, ctx) => {
    const extra = unexpected(args, 1);
    if (extra) return extra;
    const [arg] = args;
    if (arg === undefined) {
      const env = defaultEnv(ctx);
      if (env === undefined) return { command: 'status' };
      return env.ok ? { command: 'status', target: { env: env.env } } : env.error;
    }
    const target = resolveTarget(arg.text, ctx, { verb: 'status', env: true });
    return target.ok ? { command: 'status', target: target.target } : target.error;
  },
  plan: (args, ctx) => resolveEnvCommand('plan', args, ctx),
  drift: (args, ctx) => resolveEnvCommand('drift', args, ctx),
  approve: (args) => {
    const [id] = args;
    if (id === undefined) return 'approve needs a request id, like approve req-0123456789ab';
    const requestId = checkRequestId(id.text);
    if (!requestId.ok) return requestId.error;
    return unexpected(args, 1) ?? { command: 'approve', requestId: requestId.id };
  },
  deny: (args) => {
    const [id, ...rest] = args;
    if (id === undefined) return 'deny needs a request id, like deny req-0123456789ab "not during the sale"';
    const requestId = checkRequestId(id.text);
    if (!requestId.ok) return requestId.error;
    const reason = reasonFrom(rest);
    if (!reason.ok) return reason.error;
    return reason.reason === '' ? { command: 'deny', requestId: requestId.id } : { command: 'deny', requestId: requestId.id, reason: reason.reason };
  },
  requests: (args) => unexpected(args, 0) ?? { command: 'requests' },
  locks: (args) => unexpected(args, 0) ?? { command: 'locks' },
  unlock: (args, ctx) => {
    const [envArg, ...rest] = args;
    if (envArg === undefined) return 'unlock needs an environment and a reason, like unlock dev "the runner died mid-apply"';
    const env = resolveEnv(envArg.text, ctx, 'unlock');
    if (!env.ok) return env.error;
    const reason = reasonFrom(rest);
    if (!reason.ok) return reason.error;
    if (reason.reason === '') return `unlock needs a reason, kept in the audit log: unlock ${env.env} <reason>`;
    return { command: 'unlock', env: env.env, reason: reason.reason };
  },
  help: (args) => {
    const extra = unexpected(args, 1);
    if (extra) return extra;
    const [arg] = args;
    if (arg === undefined) return { command: 'help' };
    const topic = arg.text.toLowerCase().replace(/^\//, '');
    if (isCommandName(topic)) return { command: 'help', topic };
    return `there is no command ${showWord(arg.text)}${commandHint(topic)}; the commands are ${COMMAND_NAMES.join(', ')}`;
  },
};

/**
 * Gives a RawCommand its meaning against the definitions: the command known, its target
 * resolved, its values checked. Total: an Intent or a usage error, never an exception.
 *
 * @example resolveCommand(raw, { definitions, now: new Date() }) // { ok: true, intent: { command: 'scale', target: { env: 'prod', kind: 'autoscaling-group', name: 'web' }, capacity: { desired: 4 } } }
 */
export function resolveCommand(raw: RawCommand, ctx: ResolveContext): CommandResult {
  // `/qm` alone is a question: the answer is the help.
  if (raw.command === '') return { ok: true, intent: { command: 'help' } };
  const command = raw.command;
  if (!isCommandName(command)) {
    return { ok: false, error: `unknown command ${showWord(command)}${commandHint(command)}`, usage: usageOf() };
  }
  if (raw.help) return { ok: true, intent: { command: 'help', topic: command } };
  if (raw.lasting && !CHANGING_COMMANDS.includes(command)) {
    return { ok: false, error: `--${raw.lasting.flag} only goes with scale, shutdown and startup`, usage: usageOf(command) };
  }
  const answer = RESOLVERS[command](raw.args, ctx, raw);
  return typeof answer === 'string' ? { ok: false, error: answer, usage: usageOf(command) } : { ok: true, intent: answer };
}

function resolveScale(args: readonly RawArg[], ctx: ResolveContext, raw: RawCommand): Intent | string {
  const [targetArg, ...rest] = args;
  if (targetArg === undefined || targetArg.pair) return 'scale needs a target and what to change, like scale prod/web t3.large or scale prod/web 4';
  const pairs = rest.filter((a) => a.pair);
  const words = rest.filter((a) => !a.pair);
  const capacityLike = pairs.length > 0 || words.some((w) => /^\d+$/.test(w.text));
  const resolved = resolveTarget(targetArg.text, ctx, capacityLike ? { verb: 'scale', env: false, prefer: 'autoscaling-group' } : { verb: 'scale', env: false });
  if (!resolved.ok) return resolved.error;
  const target = resolved.target as ResourceTarget; // env: false: always a resource
  const address = `${target.env}/${target.name}`;
  const spec = ctx.definitions.resources.find((r) => r.env === target.env && r.kind === target.kind && r.name === target.name) as InstanceSpec | AutoScalingGroupSpec;

  if (rest.length === 0) {
    return target.kind === 'instance'
      ? `scale ${address} needs an instance type, like scale ${address} t3.large`
      : `scale ${address} needs an instance type, a count or min=/max=/desired=, like scale ${address} 4`;
  }
  if (pairs.length > 0 && words.length > 0) {
    return `${unexpected(words, 0)}: give an instance type, a count or min=/max=/desired=, one of them`;
  }
  const extra = unexpected(words, 1);
  if (extra) return extra;

  let intent: Intent;
  const [word] = words;
  if (word !== undefined && !/^[+-]?\d+(?:\.\d*)?$/.test(word.text)) {
    const type = resolveInstanceType(word.text, spec);
    if (!type.ok) return type.error;
    intent = { command: 'scale', target, instanceType: type.instanceType };
  } else {
    if (spec.kind === 'instance') {
      return word !== undefined
        ? `${address} is an instance; instances have no count: scale it to an instance type, like scale ${address} t3.large`
        : `${address} is an instance; min=, max= and desired= are for Auto Scaling groups`;
    }
    const given = word !== undefined ? capacityCount(word.text) : capacityPairs(pairs);
    if (typeof given === 'string') return given;
    const checked = checkCapacity(spec, given, word !== undefined ? 'count' : 'pairs');
    if (!checked.ok) return checked.error;
    intent = { command: 'scale', target: { ...target, kind: 'autoscaling-group' }, capacity: checked.capacity };
  }
  return withLasting(intent, raw, ctx);
}

function resolvePower(command: 'shutdown' | 'startup', args: readonly RawArg[], ctx: ResolveContext, raw: RawCommand): Intent | string {
  const [arg] = args;
  if (arg === undefined) return `${command} needs an environment or a target, like ${command} dev or ${command} prod/web`;
  const extra = unexpected(args, 1);
  if (extra) return extra;
  const target = resolveTarget(arg.text, ctx, { verb: command, env: true });
  if (!target.ok) return target.error;
  return withLasting({ command, target: target.target }, raw, ctx);
}

function resolveEnvCommand(command: 'plan' | 'drift', args: readonly RawArg[], ctx: ResolveContext): Intent | string {
  const extra = unexpected(args, 1);
  if (extra) return extra;
  const [arg] = args;
  const env = arg === undefined ? defaultEnv(ctx) : resolveEnv(arg.text, ctx, command);
  if (env === undefined) return { command };
  return env.ok ? { command, env: env.env } : env.error;
}

function withLasting(intent: Intent & { command: 'scale' | 'shutdown' | 'startup' }, raw: RawCommand, ctx: ResolveContext): Intent | string {
  if (!raw.lasting) return intent;
  const lasting = resolveLasting(raw.lasting, ctx.now);
  return lasting.ok ? { ...intent, lasting: lasting.lasting } : lasting.error;
}

/** `scale web 5`: the desired capacity. */
function capacityCount(text: string): CapacityChange | string {
  const n = wholeNumber(text);
  return n === undefined ? `${showWord(text)} is not a count: a whole number from 0 to ${MAX_CAPACITY}` : { desired: n };
}

/** `min=2 max=6 desired=4`, any of them, each once; in that order, whatever the order written. */
function capacityPairs(pairs: readonly RawArg[]): CapacityChange | string {
  const given: CapacityChange = {};
  for (const { pair, text } of pairs) {
    if (!pair) continue;
    const key = pair.key;
    if (key !== 'min' && key !== 'max' && key !== 'desired') {
      const near = suggest(key, ['min', 'max', 'desired']);
      return `unknown setting ${showWord(text)}${near ? ` (did you mean "${near}="?)` : ''}; write min=, max= or desired=`;
    }
    if (given[key] !== undefined) return `${key}= is given twice`;
    const n = wholeNumber(pair.value);
    if (n === undefined) return `${showWord(text)}: ${key} is a whole number from 0 to ${MAX_CAPACITY}`;
    given[key] = n;
  }
  const ordered: CapacityChange = {};
  for (const key of ['min', 'max', 'desired'] as const) if (given[key] !== undefined) ordered[key] = given[key];
  return ordered;
}

function wholeNumber(text: string): number | undefined {
  if (!/^\d{1,6}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= MAX_CAPACITY ? n : undefined;
}

function checkRequestId(text: string): { ok: true; id: string } | { ok: false; error: string } {
  const id = text.toLowerCase();
  if (REQUEST_ID.test(id)) return { ok: true, id };
  return { ok: false, error: `${showWord(text)} is not a request id: req- and 12 hex digits, like req-0123456789ab (requests lists them)` };
}

/** The words past the `allowed` first ones, as an error; undefined when there are none. */
function unexpected(args: readonly RawArg[], allowed: number): string | undefined {
  const extra = args.slice(allowed);
  if (extra.length === 0) return undefined;
  const shown = extra.slice(0, 3).map((a) => showWord(a.text));
  return `unexpected ${shown.join(', ')}${extra.length > 3 ? ` and ${extra.length - 3} more` : ''}`;
}

/** ` (did you mean "scale"?)`: close by spelling, or the one command the word begins (`req` -> requests). */
function commandHint(word: string): string {
  const near = suggest(word, COMMAND_NAMES) ?? onlyOne(COMMAND_NAMES.filter((c) => word.length >= 2 && c.startsWith(word)));
  return near === undefined ? '' : ` (did you mean "${near}"?)`;
}

function onlyOne<T>(items: readonly T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}
