/**
 * The chat grammar every door shares: text -> Intent (parseCommand), Intent -> canonical text
 * (formatIntent), and the help doors render.
 */
export * from './intent.js';
export { parseCommand } from './parse-command.js';
export { parseCommandText, type ParseOptions, type RawArg, type RawCommand, type RawCommandResult, type RawLasting } from './parse-command-text.js';
export { resolveCommand, REQUEST_ID, type CommandResult } from './resolve-command.js';
export type { ResolveContext } from './resolve-context.js';
export type { UsageError } from './usage-error.js';
export { formatIntent, formatTarget } from './format-intent.js';
export { helpText, usageOf, isCommandName, COMMAND_NAMES, type CommandHelp } from './help-text.js';
export { tokenize, decodeSlackEscapes, MAX_COMMAND_LENGTH, type Token, type TokenizeOptions, type TokenizeResult } from './tokenize.js';
export { resolveTarget, type TargetRules, type TargetResult } from './resolve-target.js';
export { resolveEnv, defaultEnv, type EnvResult } from './resolve-env.js';
export { resolveLasting, MAX_LASTING_MS, MIN_LASTING_MS, type LastingResult } from './resolve-lasting.js';
export { resolveInstanceType, type InstanceTypeResult } from './resolve-instance-type.js';
export { checkCapacity, MAX_CAPACITY, type CapacityResult } from './resolve-capacity.js';
export { reasonFrom, normalizeReason, quoteWord, MAX_REASON_LENGTH, type ReasonResult } from './reason-text.js';
export { showWord } from './show-word.js';
