import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic } from '../../src/definitions/diagnostic.js';
import type { Policy } from '../../src/gates/policy.js';
import { parsePolicy } from '../../src/gates/validate-policy.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'policy');
export const ENVS = ['dev', 'staging', 'prod'];

/** A fixture policy that must be valid. */
export function fixturePolicy(name: string): Policy {
  const r = parsePolicy('policy.yml', readFileSync(path.join(FIXTURES, name), 'utf8'), { envs: ENVS });
  if (!r.ok) throw new Error(`fixture ${name} is invalid:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`);
  return r.policy;
}
