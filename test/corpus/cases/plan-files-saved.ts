import type { BadInputCase } from '../bad-input-case.js';
import { edit } from './edit.js';

/** Saves a real plan of staging (not yet applied, so it has changes) for a case to break. */
const SAVE = [['plan', '--env', 'staging', '--out', '{dir}/p.json']];
const rewrite = (change: (plan: Record<string, unknown>) => void) => (text: string) => {
  const plan = JSON.parse(text) as Record<string, unknown>;
  change(plan);
  return JSON.stringify(plan, null, 2);
};

/** A plan saved by `qm plan --out`, then cut short, tampered with, outdated or misapplied. */
export const savedPlanCases: BadInputCase[] = [
  { name: 'saved plan truncated', before: SAVE, files: { 'p.json': (t) => t.slice(0, Math.floor(t.length / 2)) }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]: .*\/p\.json is not JSON \(at character \d+\), so not a plan\. Write it again with `qm plan --out plan\.json`/ },
  { name: 'saved plan with a tampered fingerprint', before: SAVE, files: { 'p.json': rewrite((p) => (p.fingerprint = 'f'.repeat(64))) }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_PLAN_STALE\]: the saved plan \(fingerprint ffffffffffff\) no longer matches the definitions and the live fleet \(now [0-9a-f]{12}\)\. Run `qm plan` again/ },
  { name: 'saved plan with a fingerprint that is not a digest', before: SAVE, files: { 'p.json': rewrite((p) => (p.fingerprint = 'latest')) }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]: .*p\.json is not a valid plan: fingerprint must be a sha256 hex string \(got "latest"\)/ },
  { name: 'saved plan for an environment not defined', before: SAVE, files: { 'p.json': rewrite((p) => (p.envs = ['qa'])) }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_UNKNOWN_ENVIRONMENT\]: environment "qa" is not defined\. Use one of: dev, prod, staging; or create environments\/qa\/environment\.yml/ },
  { name: 'saved plan made stale by an edit', before: SAVE, files: { 'environments/staging/web.yml': edit('max_size: 3', 'max_size: 4') }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_PLAN_STALE\]: the saved plan \(fingerprint [0-9a-f]{12}\) no longer matches the definitions and the live fleet \(now [0-9a-f]{12}\)/ },
  { name: 'saved plan of an older format', before: SAVE, files: { 'p.json': rewrite((p) => (p.formatVersion = 0)) }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]: .*p\.json has an unsupported formatVersion 0 \(expected 1\)/ },
  { name: 'saved plan with an action of an unknown type', before: SAVE, files: { 'p.json': rewrite((p) => ((p.actions as Array<Record<string, unknown>>)[0]!.type = 'teleport')) }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]: .*p\.json is not a valid plan: actions\[0\]\.type must be one of create, update, .* \(got "teleport"\)/ },
  { name: 'saved plan applied with --env of another environment', before: SAVE, args: ['apply', '{dir}/p.json', '--env', 'dev'], exit: 1, message: /\[QM_CONFIG_INVALID\]: --env dev cannot be used with the plan file .*p\.json: a plan file applies exactly the environments it was planned for\. Run `qm apply .*p\.json` without --env/ },
  { name: 'saved plan with a byte order mark', before: SAVE, files: { 'p.json': (t) => `\uFEFF${t}` }, args: ['policy', 'explain', '--plan', '{dir}/p.json', 'apply'], exit: 0, message: /As github:davedev#3318842 \(dave\), member of developers:\n {2}apply in staging: permitted \(policy\.yml:43:5\)/ },
  { name: 'policy explain of a plan for an environment not defined', before: SAVE, files: { 'p.json': rewrite((p) => (p.envs = ['qa'])) }, args: ['policy', 'explain', '--plan', '{dir}/p.json', 'apply'], exit: 1, message: /\[QM_UNKNOWN_ENVIRONMENT\]: environment "qa" is not defined/ },
];
