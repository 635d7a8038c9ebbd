import { markerValue } from '../comment-markers.js';

/**
 * The hidden first line of every comment the GitHub comment door answers a `/qm` command with.
 * Only comments by the app itself are ever read back (anyone can paste a marker).
 */
export const COMMAND_ANSWER_MARKER = '<!-- quartermaster:command-answer -->';

/**
 * The hidden line naming the approval request an answer is about, by which the door finds the
 * requester's answer again to update it when someone approves or denies the request.
 *
 * @example requestMarkerFor('req-0123456789ab') // '<!-- quartermaster:request id=req-0123456789ab -->'
 */
export function requestMarkerFor(requestId: string): string {
  return `<!-- quartermaster:request id=${markerValue(requestId)} -->`;
}

const REQUEST_LINE = /^<!-- quartermaster:request id=([A-Za-z0-9._~/,:+=-]{1,200}) -->\r?$/m;

/**
 * The request id of an answer comment, when it names one.
 *
 * @example requestIdOf(body) // 'req-0123456789ab'
 */
export function requestIdOf(body: string): string | undefined {
  return typeof body === 'string' ? REQUEST_LINE.exec(body)?.[1] : undefined;
}
