import { isQmError } from '../../src/errors.js';

/**
 * Ends an action with a failure people can act on: a coded engine error prints its code and
 * its fix; anything else is a fault in the action, said so (its stack goes to the debug log,
 * not the annotation). Secrets were registered with the runner before, so it masks them here.
 *
 * @example catch (e) { failWith(core, e); }
 */
export function failWith(core: { setFailed(message: string): void; debug(message: string): void }, e: unknown): void {
  if (isQmError(e)) {
    core.setFailed(`[${e.code}] ${e.message}`);
    return;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.stack) core.debug(err.stack);
  // A GitHub API error already names the endpoint, the status and what to do.
  core.setFailed(err.name === 'GitHubApiError' ? err.message : `${err.message} (a fault in Quartermaster: please report it with the debug log)`);
}
