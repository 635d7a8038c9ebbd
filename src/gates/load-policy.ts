import { formatDiagnostic, type Diagnostic } from '../definitions/diagnostic.js';
import { nodeFileTree, type FileTree } from '../definitions/file-tree.js';
import { POLICY_FILE } from '../definitions/read-raw-definitions.js';
import { PolicyInvalidError } from '../errors.js';
import { denyAllPolicy, type Policy } from './policy.js';
import { parsePolicy, type PolicyLoadResult, type ValidatePolicyOptions } from './validate-policy.js';

export { POLICY_FILE };

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
  return loadPolicyFrom(nodeFileTree(root), opts);
}

/**
 * The same from any FileTree (the files of a git ref, as the GitHub doors read them).
 *
 * @example await loadPolicyFrom(memoryFileTree({ 'policy.yml': text }))
 */
export async function loadPolicyFrom(tree: FileTree, opts: ValidatePolicyOptions = {}): Promise<PolicyLoadResult> {
  const top = await tree.list('');
  if (!top?.some((e) => e.name === POLICY_FILE && !e.isDirectory)) return { ok: true, policy: denyAllPolicy(POLICY_FILE), warnings: [], found: false };
  return parsePolicy(POLICY_FILE, await tree.read(POLICY_FILE), opts);
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
