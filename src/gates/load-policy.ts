import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../definitions/diagnostic.js';
import { PolicyInvalidError } from '../errors.js';
import { denyAllPolicy, type Policy } from './policy.js';
import { parsePolicy, type PolicyLoadResult, type ValidatePolicyOptions } from './validate-policy.js';

/** The policy file, at the definitions root. */
export const POLICY_FILE = 'policy.yml';

/**
 * Loads `<root>/policy.yml`. Never throws for a bad policy: problems are diagnostics. A
 * repository without the file gets the deny-all policy (`found: false`): every command is
 * refused until one is written.
 *
 * @example
 * const r = await loadPolicy('examples/fleet', { envs: ['dev', 'staging', 'prod'] });
 * if (r.ok) evaluateGate({ policy: r.policy, ... });
 */
export async function loadPolicy(root: string, opts: ValidatePolicyOptions = {}): Promise<PolicyLoadResult> {
  let text: string;
  try {
    text = await readFile(path.join(root, POLICY_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, policy: denyAllPolicy(POLICY_FILE), warnings: [], found: false };
    throw e;
  }
  return parsePolicy(POLICY_FILE, text, opts);
}

/**
 * Loads the policy or throws PolicyInvalidError listing every diagnostic.
 *
 * @example const policy = await loadPolicyOrThrow(root);
 */
export async function loadPolicyOrThrow(root: string, opts: ValidatePolicyOptions = {}): Promise<Policy> {
  const r = await loadPolicy(root, opts);
  if (r.ok) return r.policy;
  throw policyInvalidError(r.diagnostics);
}

/** Every diagnostic on its own line, then the fix. */
export function policyInvalidError(diagnostics: readonly Diagnostic[]): PolicyInvalidError {
  const n = diagnostics.length;
  const lines = diagnostics.map((d) => `  ${formatDiagnostic(d)}\n`).join('');
  return new PolicyInvalidError(`${n} error${n === 1 ? '' : 's'} in ${POLICY_FILE}:\n${lines}Fix them and run \`qm policy check\` (see docs/policy.md)`, {
    details: { diagnostics: [...diagnostics] },
  });
}
