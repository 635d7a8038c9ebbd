import { parseCommandText, type ParseOptions } from './parse-command-text.js';
import { resolveCommand, type CommandResult } from './resolve-command.js';
import type { ResolveContext } from './resolve-context.js';

/**
 * The one call every chat door makes: text -> Intent, or a usage error for the requester.
 * Total: never throws, whatever the text. Nothing in it is evaluated or reaches a shell.
 *
 * @example parseCommand('scale prod/web t3.large --for 2h', { definitions, now })
 * // { ok: true, intent: { command: 'scale', target: { env: 'prod', kind: 'autoscaling-group', name: 'web' }, instanceType: 't3.large', lasting: { until: '...', said: 'for 2h' } } }
 * @example parseCommand('web 5', { definitions, now, channelEnv: 'prod' }, { alias: '/scale', slack: true })
 */
export function parseCommand(text: string, ctx: ResolveContext, opts: ParseOptions = {}): CommandResult {
  const parsed = parseCommandText(text, opts);
  return parsed.ok ? resolveCommand(parsed.raw, ctx) : parsed;
}
