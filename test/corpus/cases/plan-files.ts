import type { BadInputCase } from '../bad-input-case.js';

/** Plan files handed to `qm apply <file>` and `qm policy explain --plan`. */
export const planFileCases: BadInputCase[] = [
  { name: 'apply a plan file that does not exist', args: ['apply', '{dir}/missing.plan.json'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]: cannot read plan file .*missing\.plan\.json: it or a directory above it does not exist\. Check the path/ },
  { name: 'apply a plan file that is a directory', args: ['apply', '{dir}/environments'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]: cannot read plan file .*environments: it is a directory/ },
  { name: 'apply a plan file that is not JSON', files: { 'p.json': 'QM_CANARY_SECRET_9f3c is not JSON' }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]/ },
  { name: 'apply an empty plan file', files: { 'p.json': '' }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]: .*p\.json is not JSON \(it is empty\)/ },
  { name: 'apply JSON that is not a plan', files: { 'p.json': '{"hello":"world"}' }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]: .*p\.json is not a Quartermaster plan file/ },
  { name: 'apply a JSON list', files: { 'p.json': '[1,2,3]' }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]/ },
  { name: 'apply a plan of another format version', files: { 'p.json': '{"formatVersion":99,"envs":["dev"],"actions":[],"fingerprint":"x"}' }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\][\s\S]*99/ },
  { name: 'apply a binary plan file', files: { 'p.json': new Uint8Array([0, 159, 146, 150, 255, 0, 1, 2]) }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]: .*p\.json is not a text file, so not a plan/ },
  { name: 'apply a plan file whose JSON breaks after a secret', files: { 'p.json': '{"formatVersion":1,"note":"QM_CANARY_SECRET_9f3c" oops}' }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]: .*p\.json is not JSON \(at character \d+\), so not a plan/ },
  { name: 'policy explain --plan that is not JSON', files: { 'p.json': 'QM_CANARY_SECRET_9f3c' }, args: ['policy', 'explain', '--plan', '{dir}/p.json', 'apply'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]: .*p\.json is not JSON/ },
  { name: 'policy explain --plan that does not exist', args: ['policy', 'explain', '--plan', '{dir}/none.json', 'apply'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]: cannot read plan file .*none\.json/ },
];
