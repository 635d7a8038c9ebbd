import type { Runtime } from '../runtime.js';

/** How a command runs: the door builds the runtime and maps the returned number to the exit code. */
export interface CommandContext {
  run(body: (rt: Runtime) => Promise<number>): Promise<void>;
}

/** commander collector for a repeatable `--env` flag (also splits `a,b`). */
export function collectEnv(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}
