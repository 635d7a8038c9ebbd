import { usageOf } from './help-text.js';
import { showWord } from './show-word.js';
import { tokenize, type Token } from './tokenize.js';
import type { UsageError } from './usage-error.js';

/**
 * The syntax of a chat command, before it means anything: prefix and alias handled, the command
 * word found, the flags taken out. resolveCommand gives it meaning against the definitions.
 */

/** A word after the command word, in order. */
export interface RawArg {
  text: string;
  quoted: boolean;
  /** An unquoted `key=value` (`min=2`); resolve decides whether a key is known. */
  pair?: { key: string; value: string };
}

/** `--for <duration>` or `--until <time>`, not yet checked. */
export interface RawLasting {
  flag: 'for' | 'until';
  /** The value as written: `2h`, `18:00 UTC`, `2026-12-05T09:00Z`. */
  value: string;
  /** For replies: `for 2h`, `until 18:00 UTC`. */
  said: string;
}

export interface RawCommand {
  /** The command word, lowercased (`scale`); '' when the text has none (`/qm` alone). */
  command: string;
  args: RawArg[];
  lasting?: RawLasting;
  /** `--help` was given: the answer is the command's help, whatever else was written. */
  help: boolean;
}

export interface ParseOptions {
  /**
   * The slash command the text came with, when a door receives them apart (Slack sends
   * `command: '/scale'`, `text: 'web 5'`): `scale`, `shutdown`, `startup` are prepended;
   * `qm` adds nothing. With or without the slash.
   */
  alias?: string;
  /** The text is Slack's: decode `&amp;`, `&lt;`, `&gt;` (see TokenizeOptions). */
  slack?: boolean;
}

export type RawCommandResult = { ok: true; raw: RawCommand } | UsageError;

/** Prefixes that name the product, not a command. */
const PREFIXES = new Set(['/qm', 'qm']);
/** Slack's optional slash-command aliases, as the first word of the text. */
const ALIASES = new Set(['/scale', '/shutdown', '/startup']);
const FLAGS = ['for', 'until'] as const;
const PAIR = /^([A-Za-z][A-Za-z0-9_-]*)=(.*)$/su;
/**
 * `--for`, and the dashes autocorrect makes of `--` (`—for`, `–for`). A letter must follow, so a
 * dash in a reason (`deploy — done`) stays a word.
 */
const FLAG = /^(?:--|\u2014|\u2013)([A-Za-z].*)$/su;

/**
 * Reads a command's syntax. Total: any string gives a RawCommand or a usage error.
 *
 * @example parseCommandText('/qm scale web 5 --for 2h') // { ok: true, raw: { command: 'scale', args: [web, 5], lasting: { flag: 'for', value: '2h', said: 'for 2h' }, help: false } }
 * @example parseCommandText('web 5', { alias: '/scale' }) // the same command as 'scale web 5'
 */
export function parseCommandText(text: string, opts: ParseOptions = {}): RawCommandResult {
  const tokenized = tokenize(text, { slack: opts.slack === true });
  if (!tokenized.ok) return { ok: false, error: tokenized.error, usage: usageOf() };
  const tokens = [...tokenized.tokens];

  const alias = (opts.alias ?? '').trim().toLowerCase().replace(/^\//, '');
  if (alias !== '' && alias !== 'qm') tokens.unshift({ text: alias, quoted: false });
  else {
    const first = tokens[0];
    if (first && !first.quoted) {
      const word = first.text.toLowerCase();
      if (PREFIXES.has(word)) tokens.shift();
      else if (ALIASES.has(word)) tokens[0] = { text: word.slice(1), quoted: false };
    }
  }

  let lasting: RawLasting | undefined;
  let help = false;
  const words: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const flag = token.quoted ? null : FLAG.exec(token.text);
    if (!flag) {
      words.push(token);
      continue;
    }
    const written = flag[1] as string;
    const eq = written.indexOf('=');
    const name = (eq === -1 ? written : written.slice(0, eq)).toLowerCase();
    if (name === 'help' && eq === -1) {
      help = true;
      continue;
    }
    if (!(FLAGS as readonly string[]).includes(name)) {
      return { ok: false, error: `unknown flag ${showWord(token.text)}; the flags are --for <duration> and --until <time>`, usage: usageOf(commandWord(words)) };
    }
    const flagName = name as RawLasting['flag'];
    let value: string;
    if (eq !== -1) value = written.slice(eq + 1);
    else {
      const next = tokens[i + 1];
      value = next === undefined || (!next.quoted && FLAG.test(next.text)) ? '' : next.text;
      if (next !== undefined && value !== '') i++;
    }
    // `--until 18:00 UTC`: the zone is a word of its own.
    const zone = tokens[i + 1];
    if (flagName === 'until' && value !== '' && zone && !zone.quoted && /^(utc|z)$/i.test(zone.text)) {
      value = `${value} ${zone.text}`;
      i++;
    }
    if (value.trim() === '') {
      const like = flagName === 'for' ? '--for needs a duration, like --for 2h' : '--until needs a time, like --until 18:00 UTC or --until 2026-12-05T09:00Z';
      return { ok: false, error: like, usage: usageOf(commandWord(words)) };
    }
    if (lasting) {
      const error = lasting.flag === flagName ? `--${flagName} is given twice` : 'give --for or --until, not both';
      return { ok: false, error, usage: usageOf(commandWord(words)) };
    }
    lasting = { flag: flagName, value: value.trim(), said: `${flagName} ${value.trim()}` };
  }

  const [first, ...rest] = words;
  const raw: RawCommand = { command: first ? first.text.toLowerCase() : '', args: rest.map(toArg), help };
  if (lasting) raw.lasting = lasting;
  return { ok: true, raw };
}

function toArg(token: Token): RawArg {
  const m = token.quoted ? null : PAIR.exec(token.text);
  return m ? { text: token.text, quoted: false, pair: { key: (m[1] as string).toLowerCase(), value: m[2] as string } } : { text: token.text, quoted: token.quoted };
}

function commandWord(words: readonly Token[]): string | undefined {
  return words[0]?.text.toLowerCase();
}
