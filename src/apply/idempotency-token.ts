import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/** sha256 hex of a value's stable JSON. */
export function specHash(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex');
}

export interface TokenInput {
  /** ApplyOptions.idempotencySeed; empty by default. */
  seed: string;
  /** What the token is for, so an instance and a launch template of one resource never share one. */
  purpose: 'run-instance' | 'launch-template';
  uuid: string;
  /** The desired spec the call creates (not the plan fingerprint, which moves with live state). */
  spec: unknown;
  /** Anything else that must tell two legitimate creates apart (the instance a replace supersedes). */
  extra?: string;
}

/**
 * The client token of a create: 64 hex characters (AWS allows 64), the same for the same resource
 * and desired spec, so a retried or re-run create returns the first result instead of a second one.
 *
 * @example idempotencyToken({ seed: '', purpose: 'run-instance', uuid, spec: desired }) // 'a3f1...'
 */
export function idempotencyToken(t: TokenInput): string {
  return createHash('sha256')
    .update([t.seed, t.purpose, t.uuid, specHash(t.spec), t.extra ?? ''].join('\n'))
    .digest('hex');
}
