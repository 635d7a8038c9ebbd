/**
 * The part of @actions/core a door's logic uses, passed in (STYLE.md 5) so the logic does not
 * reach for process-wide state; main.ts hands in the real module.
 */
export interface ActionCore {
  info(message: string): void;
  warning(message: string): void;
  error(message: string, properties?: { file?: string; startLine?: number; startColumn?: number; title?: string }): void;
  setSecret(secret: string): void;
  setOutput(name: string, value: unknown): void;
  summary: { addRaw(text: string, addEOL?: boolean): { write(): Promise<unknown> } };
}
