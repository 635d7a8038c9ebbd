import { createHash } from 'node:crypto';

/**
 * The redaction every value goes through before the store keeps it: nothing secret-looking is
 * ever written, whichever door produced it. redactSecrets walks values of unknown shape (audit
 * data, a door's own plan value); a Quartermaster Plan, whose shape is known, is redacted field
 * by field where it can hold secrets (stored-plan.ts); free text goes through redactString.
 */

/** Keys whose values are secrets whatever they look like (`user_data` can hold passwords). */
const SECRET_KEY = /(user_?data|token|secret|passw(or)?d|private_?key|credential|authorization|api_?key|cookie|session_?key|signing_?key)/i;

/** Values that are secrets wherever they appear, even inside a longer message. */
const SECRET_VALUES: readonly { name: string; pattern: RegExp }[] = [
  { name: 'aws-access-key', pattern: /\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b/g },
  { name: 'aws-secret-key', pattern: /(aws_?secret_?access_?key\s*[=:]\s*["']?)[A-Za-z0-9/+=]{40}/gi },
  { name: 'slack-token', pattern: /\bxox[abposer]-[A-Za-z0-9-]{10,}/g },
  { name: 'slack-app-token', pattern: /\bxapp-\d-[A-Za-z0-9-]{10,}/g },
  { name: 'github-token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g },
  { name: 'github-pat', pattern: /\bgithub_pat_[A-Za-z0-9_]{30,}\b/g },
  { name: 'private-key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g },
  { name: 'bearer', pattern: /\b(Bearer\s+)[A-Za-z0-9._~+/-]{16,}=*/g },
  { name: 'url-password', pattern: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+(@)/gi },
];

/**
 * Matches every string in which one of SECRET_VALUES could match (a superset: each pattern needs
 * one of these substrings), so the common string without any is let through after one scan
 * instead of nine.
 */
const MAY_HOLD_SECRET = /AKIA|ASIA|AROA|AIDA|secret|xox|xapp-|gh[pousr]_|github_pat_|-----BEGIN |Bearer|:\/\//i;

/** Whether a key names a value that is secret whatever it looks like (`user_data`, `apiToken`, `tags.db_password`). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * A string with secret-looking substrings replaced by `[redacted:<kind>]`.
 *
 * @example redactString('token xoxb-123456789012-abcdefghij') // 'token [redacted:slack-token]'
 */
export function redactString(s: string): string {
  if (!MAY_HOLD_SECRET.test(s)) return s;
  let out = s;
  for (const { name, pattern } of SECRET_VALUES) {
    out = out.replace(pattern, (...m: unknown[]) => {
      // Patterns with a kept prefix (`Bearer `, `aws_secret_access_key=`, `scheme://user:`) capture it as group 1.
      const groups = m.slice(1, -2).filter((g): g is string => typeof g === 'string');
      const prefix = groups[0] ?? '';
      const suffix = name === 'url-password' ? (groups[1] ?? '') : '';
      return `${prefix}[redacted:${name}]${suffix}`;
    });
  }
  return out;
}

/**
 * What replaces a value kept under a secret key: its size and a short hash, so changes stay visible.
 *
 * @example summariseSecret('hunter2') // '[redacted sha256:f52fbd32b2b3 7 bytes]'
 */
export function summariseSecret(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return `[redacted sha256:${digest} ${Buffer.byteLength(text)} bytes]`;
}

/**
 * A deep copy of `value` with secrets removed: values under secret-looking keys become a
 * hash-and-size summary, secret-looking strings anywhere are masked. Non-JSON values
 * (functions, symbols) are dropped, as JSON would.
 *
 * @example redactSecrets({ userData: '#!/bin/sh\nexport DB_PASSWORD=x' }) // { userData: '[redacted sha256:… 31 bytes]' }
 */
export function redactSecrets<T>(value: T): T {
  return walk(value, new WeakSet()) as T;
}

function walk(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  if (value instanceof Date) return value.toISOString();
  // `seen` holds the path from the root only: a value reached twice by different paths (one
  // subnet list shared by two resources) is copied twice; only a real cycle is cut.
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => walk(v, seen) ?? null);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      out[k] = SECRET_KEY.test(k) && v !== null && v !== '' ? summariseSecret(v) : walk(v, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
