import { formatDiagnostic, type Diagnostic } from '../definitions/diagnostic.js';
import { nodeFileTree, readProblem, type FileTree, type FileTreeEntry } from '../definitions/file-tree.js';
import { POLICY_FILE, POLICY_FILES } from '../definitions/read-raw-definitions.js';
import { PolicyInvalidError } from '../errors.js';
import { denyAllPolicy, type Policy } from './policy.js';
import { parsePolicy, type PolicyLoadResult, type ValidatePolicyOptions } from './validate-policy.js';

export { POLICY_FILE, POLICY_FILES };

/**
 * Loads `<root>/policy.yml` (or `policy.yaml`). Never throws for a bad policy: problems are
 * diagnostics. A repository without the file gets the deny-all policy (`found: false`): every
 * command is refused until one is written. A policy file that is there but cannot be read (a
 * directory, a link to nothing, no permission) is an error, never "no policy": the command
 * line runs ungated without one, so an unreadable policy must not switch the gate off.
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
  const present = ((await tree.list('')) ?? []).filter((e) => POLICY_FILES.includes(e.name)).sort((a, b) => POLICY_FILES.indexOf(a.name) - POLICY_FILES.indexOf(b.name));
  const [entry, second] = present;
  if (!entry) return { ok: true, policy: denyAllPolicy(POLICY_FILE), warnings: [], found: false };
  if (second) return failed(second.name, `both ${entry.name} and ${second.name} exist, and the gate reads one policy; merge them into ${entry.name} and remove ${second.name}`);
  const text = await readPolicyText(tree, entry);
  if (typeof text !== 'string') return text;
  return parsePolicy(entry.name, text, opts);
}

/** A policy that is not there as text: an error at its first line (the file is the location). */
function failed(file: string, message: string): PolicyLoadResult {
  return { ok: false, diagnostics: [{ file, line: 1, col: 1, message }], warnings: [] };
}

/** The policy's text, or the error saying why it cannot be read and how to fix that. */
async function readPolicyText(tree: FileTree, entry: FileTreeEntry): Promise<string | PolicyLoadResult> {
  const refusal = 'the gate cannot read it, and qm does not run ungated while a policy file is there';
  if (entry.isDirectory) return failed(entry.name, `is a directory, not a file: ${refusal}; move the directory away and write the policy in ${entry.name} (docs/policy.md)`);
  if (entry.unreadable) {
    const fix = entry.unreadable.startsWith('a symbolic link') ? 'point the link at the policy file, or replace it with the file' : `replace it with the policy file`;
    return failed(entry.name, `is ${entry.unreadable}: ${refusal}; ${fix}`);
  }
  try {
    return await tree.read(entry.name);
  } catch (e) {
    const problem = readProblem(e);
    if (!problem) throw e;
    return failed(entry.name, `${problem}: ${refusal}; let the user running qm read it (chmod a+r ${entry.name})`);
  }
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
  const file = diagnostics[0]?.file ?? POLICY_FILE;
  return new PolicyInvalidError(`${n} error${n === 1 ? '' : 's'} in ${file}:\n${lines}Fix them and run \`qm policy check\` (see docs/policy.md)`, {
    details: { diagnostics: [...diagnostics] },
  });
}
