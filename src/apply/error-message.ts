/** The message of anything thrown, for results and events. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
