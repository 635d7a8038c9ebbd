/**
 * The one answer a chat command gets when it cannot become an Intent: what is wrong, and the
 * usage of the command concerned (all commands when the command itself is unknown). Doors show
 * both to the requester only (Slack: ephemerally).
 */
export interface UsageError {
  ok: false;
  /** One sentence naming the bad word and, where it helps, what to write instead. */
  error: string;
  /** Never empty: `scale <target> <instance-type> ...`, one line per form. */
  usage: string;
}
