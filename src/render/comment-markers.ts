import { createHash } from 'node:crypto';

/**
 * The hidden first line by which a door finds its sticky pull request comment again on every
 * push. It depends only on `key` (what the comment is about, e.g. the definitions path and the
 * environments), never on the plan, so a new plan updates the same comment. The key is encoded
 * so it cannot end the HTML comment.
 *
 * @example planCommentMarkerFor('infra:prod,staging') // '<!-- quartermaster:plan-comment key=infra:prod,staging -->'
 */
export function planCommentMarkerFor(key: string): string {
  return `<!-- quartermaster:plan-comment key=${markerValue(key)} -->`;
}

/**
 * The hidden first line of the comment that reports an apply on merge, applied or blocked:
 * one comment per key, updated when the apply job is re-run.
 *
 * @example applyCommentMarkerFor('infra:prod') // '<!-- quartermaster:apply-comment key=infra:prod -->'
 */
export function applyCommentMarkerFor(key: string): string {
  return `<!-- quartermaster:apply-comment key=${markerValue(key)} -->`;
}

/**
 * The hidden first line of an environment's drift issue, by which the drift job finds it again.
 *
 * @example driftIssueMarkerFor('prod') // '<!-- quartermaster:drift env=prod -->'
 */
export function driftIssueMarkerFor(env: string): string {
  return `<!-- quartermaster:drift env=${markerValue(env)} -->`;
}

/**
 * Whether a comment or issue body is the one a marker names: its first line is the marker.
 * Safer than searching the whole body, although rendered values never contain a marker.
 *
 * @example comments.find((c) => hasMarker(c.body ?? '', planCommentMarkerFor(key)))
 */
export function hasMarker(body: string, marker: string): boolean {
  if (typeof body !== 'string') return false;
  const end = body.indexOf('\n');
  return (end === -1 ? body : body.slice(0, end)).replace(/\r$/, '') === marker;
}

/**
 * A value for a hidden marker `<!-- quartermaster:x key=VALUE -->`: percent-encoded except
 * for letters, digits and `._~/,:+=-`, so it cannot hold `>` (and so cannot end the comment),
 * spaces or line breaks; a long value keeps its start and a digest of the whole.
 *
 * @example markerValue('infra/prod -->') // 'infra/prod%20--%3E'
 */
export function markerValue(value: string): string {
  const encoded = Array.from(String(value), encodeMarkerChar).join('');
  if (encoded.length <= MAX_MARKER_VALUE) return encoded;
  return `${encoded.slice(0, MAX_MARKER_VALUE - 17)}~${createHash('sha256').update(encoded).digest('hex').slice(0, 16)}`;
}

const MAX_MARKER_VALUE = 200;

function encodeMarkerChar(ch: string): string {
  if (/^[A-Za-z0-9._~/,:+=-]$/.test(ch)) return ch;
  // A lone surrogate has no UTF-8 form: encodeURIComponent throws on it.
  if (/^[\ud800-\udfff]$/.test(ch)) return '%EF%BF%BD';
  return encodeURIComponent(ch).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
