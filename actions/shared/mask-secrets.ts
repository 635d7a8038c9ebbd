import type { EnvRecord } from '../../src/engine/engine-settings.js';

/** Names of variables whose values are credentials, whatever else they say. */
const CREDENTIAL_NAME = /(SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE_KEY|CREDENTIAL|API_KEY|ACCESS_KEY)/i;

/**
 * Credential-shaped values of the environment, for the runner to mask in every log line,
 * annotation and output: AWS keys and session tokens, tokens, passwords, and the password in a
 * database URL (`postgres://qm:<this>@db/qm`).
 *
 * @example for (const s of credentialValues(process.env)) core.setSecret(s);
 */
export function credentialValues(env: EnvRecord): string[] {
  const out = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value || value.length < 4) continue;
    if (CREDENTIAL_NAME.test(name) && !/^(true|false|\d+)$/i.test(value)) out.add(value);
    const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@]+)@/i.exec(value)?.[1];
    if (password) {
      out.add(password);
      try {
        out.add(decodeURIComponent(password));
      } catch {
        // Not URL-encoded: the raw form is already masked.
      }
    }
  }
  return [...out];
}
