import { excerpt } from './excerpt.js';

/**
 * The YAML library's messages that interpolate source text (scalars, tag names, escape
 * sequences, stray tokens), with what is said instead. Source text may be user data holding
 * credentials, so no part of it is repeated; the diagnostic's line and column say where.
 */
const QUOTING: readonly [RegExp, string | ((match: string, ...groups: string[]) => string)][] = [
  [/^Block scalar header includes extra characters: .*/s, 'Block scalar header includes extra characters after | or >; write the text on the next lines'],
  [/^Invalid escape sequence .*/s, 'Invalid escape sequence in a double-quoted string (write \\\\ for a backslash, or use single quotes)'],
  [/^Unresolved plain scalar .*/s, 'Unresolved plain scalar'],
  [/^Unknown directive .*/s, 'Unknown directive (only %YAML and %TAG exist)'],
  [/^Unsupported YAML version .*/s, 'Unsupported YAML version (write %YAML 1.2 or leave it out)'],
  [/^(Could not resolve tag|Not a valid tag|Unresolved tag): .*/s, 'Unresolved tag'],
  [/^The .* tag has no suffix/s, 'A tag has no suffix'],
  [/^Verbatim tags aren't resolved, so .* is invalid\./s, "Verbatim tags (!<...>) aren't supported"],
  [/^Ordered maps must not include duplicate keys: .*/s, 'Ordered maps must not include duplicate keys'],
  [/^Plain value cannot start with .*/s, 'Plain value cannot start with a reserved character (quote the value)'],
  [/^(Unexpected .* token in YAML (?:stream|document)): .*/s, '$1'],
  // `Unexpected , in flow map` names one indicator; anything longer is source text.
  [/^Unexpected (.+) in ([a-z ]+)$/s, (_, what: string, where: string) => `Unexpected ${what.length === 1 ? what : 'token'} in ${where}`],
];

/**
 * One line of a YAML library message, without its ` at line 7, column 3:` (the diagnostic
 * has the location), its code excerpt, or any source text it quoted.
 *
 * @example cleanYamlMessage('Block scalar header includes extra characters: |hunter2 at line 3, column 9:\n...')
 * // 'Block scalar header includes extra characters after | or >; write the text on the next lines'
 */
export function cleanYamlMessage(message: string): string {
  const first = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  for (const [pattern, instead] of QUOTING) {
    if (pattern.test(first)) return excerpt(typeof instead === 'string' ? first.replace(pattern, instead) : first.replace(pattern, instead));
  }
  return excerpt(first);
}
