import { deflateSync, inflateSync } from 'node:zlib';
import { StoreUnavailableError } from '../errors.js';

/** Marks a deflated value; no JSON text starts with it. */
const DEFLATED = 'zlib:';

/**
 * JSON this long or longer is deflated: a stored plan repeats its field names and reasons on
 * every action, so a 1,000-change plan shrinks about fivefold. Shorter values stay plain JSON,
 * readable with any SQL client.
 */
const DEFLATE_FROM_BYTES = 8 * 1024;

/**
 * The text a request's plan is kept as: JSON, deflated and base64-encoded (`zlib:...`) when
 * long. TEXT in every dialect, so SQLite, PostgreSQL and sql.js store and return the same thing.
 *
 * @example decodePlanColumn(encodePlanColumn(storedPlanOf(plan)), 'req-0123456789ab') // the stored plan
 */
export function encodePlanColumn(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  return json.length < DEFLATE_FROM_BYTES ? json : `${DEFLATED}${deflateSync(json).toString('base64')}`;
}

/**
 * The value encodePlanColumn wrote, or the plain JSON rows hold from before it.
 *
 * @throws StoreUnavailableError naming `where` (the request) when the text is neither.
 */
export function decodePlanColumn(text: string, where: string): unknown {
  try {
    return JSON.parse(text.startsWith(DEFLATED) ? inflateSync(Buffer.from(text.slice(DEFLATED.length), 'base64')).toString('utf8') : text);
  } catch (e) {
    throw new StoreUnavailableError(`The plan stored with ${where} cannot be read (${(e as Error).message}): the row was damaged outside qm`, {
      fix: 'Remove that plan from the database (its qm_request_plans row; for a request written before schema 3, set qm_requests.plan to NULL): the request is then shown without it and approved by its fingerprint. Or restore the database from a backup',
      cause: e,
    });
  }
}
