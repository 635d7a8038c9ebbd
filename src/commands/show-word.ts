/** The most of a person's word a message repeats: a 2,000-character word is not repeated whole. */
const SHOWN = 40;

/**
 * A word as messages quote it: in double quotes, cut at 40 characters.
 *
 * @example showWord('sacle') // '"sacle"'
 */
export function showWord(word: string): string {
  const cps = [...word];
  return `"${cps.length > SHOWN ? `${cps.slice(0, SHOWN).join('')}…` : word}"`;
}
