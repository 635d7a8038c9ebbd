import type { BadInputCase } from '../bad-input-case.js';

/** Every QM_* variable with a bad value: named, with the bad value and what is expected. */
export const environmentCases: BadInputCase[] = [
  { name: 'QM_PROVIDER unknown', env: { QM_PROVIDER: 'azure' }, args: ['plan'], exit: 1, message: /\[QM_CONFIG_INVALID\]: provider "azure" is not known.*QM_PROVIDER/ },
  { name: 'QM_AWS_MAX_ATTEMPTS zero', env: { QM_AWS_MAX_ATTEMPTS: '0' }, args: ['plan'], exit: 1, message: /QM_AWS_MAX_ATTEMPTS "0" is not a whole number from 1 to 30/ },
  { name: 'QM_AWS_MAX_ATTEMPTS not a number', env: { QM_AWS_MAX_ATTEMPTS: 'ten' }, args: ['validate'], exit: 1, message: /QM_AWS_MAX_ATTEMPTS "ten" is not a whole number/ },
  { name: 'QM_AWS_POLL_SECONDS too high', env: { QM_AWS_POLL_SECONDS: '500' }, args: ['plan'], exit: 1, message: /QM_AWS_POLL_SECONDS "500" is not a whole number of seconds from 1 to 120/ },
  { name: 'QM_LOCK_TTL_SECONDS negative', env: { QM_LOCK_TTL_SECONDS: '-1' }, args: ['apply', '--env', 'dev', '--auto-approve'], exit: 1, message: /QM_LOCK_TTL_SECONDS "-1" is not a whole number of seconds from 1 to 86400/ },
  { name: 'QM_AWS_UNMANAGED unknown', env: { QM_AWS_UNMANAGED: 'sometimes' }, args: ['plan'], exit: 1, message: /QM_AWS_UNMANAGED "sometimes" is not known \(expected "report" or "ignore"\)/ },
  { name: 'QM_SIM_SPEED unknown', env: { QM_SIM_SPEED: 'warp' }, args: ['plan'], exit: 1, message: /QM_SIM_SPEED "warp" is not known \(expected "fast" or "aws-like"\)/ },
  { name: 'QM_SIM_FAULTS not JSON', env: { QM_SIM_FAULTS: '{oops' }, args: ['plan'], exit: 1, message: /QM_SIM_FAULTS is not JSON/ },
  { name: 'QM_SIM_FAULTS not a list of faults', env: { QM_SIM_FAULTS: '[{"op":"RunInstances"}]' }, args: ['plan'], exit: 1, message: /QM_SIM_FAULTS\[0\] is not \{operation, errorCode, times\?\} \(strings, and times a whole number from 1\)/ },
  { name: 'QM_DATABASE_URL of an unknown kind, password not echoed', env: { QM_DATABASE_URL: 'mysql://qm:QM_CANARY_SECRET_9f3c@db:3306/qm' }, args: ['requests'], exit: 1, message: /QM_DATABASE_URL "mysql:\/\/\*\*\*@db:3306\/qm" is not a postgres:\/\/, sqlite: or memory: URL/ },
  { name: 'QM_DATABASE_URL unreachable, password not echoed', env: { QM_DATABASE_URL: 'postgres://qm:QM_CANARY_SECRET_9f3c@127.0.0.1:1/qm' }, args: ['requests'], exit: 1, message: /\[QM_STORE_UNAVAILABLE\]: Cannot reach PostgreSQL at postgres:\/\/qm:\*\*\*@127\.0\.0\.1:1\/qm/ },
  { name: 'QM_DATABASE_URL sqlite: under a file', env: { QM_DATABASE_URL: 'sqlite:{dir}/policy.yml/state.db' }, args: ['requests'], exit: 1, message: /\[QM_STORE_UNAVAILABLE\]: Cannot create the state directory .*policy\.yml/ },
  { name: 'QM_DEFINITIONS_DIR that does not exist', env: { QM_DEFINITIONS_DIR: '{dir}/nowhere' }, noDir: true, args: ['validate'], exit: 1, message: /no environments\/ directory[\s\S]*QM_DEFINITIONS_INVALID/ },
  { name: 'QM_ACTOR nobody the policy names', env: { QM_ACTOR: 'mallory' }, args: ['unlock', 'dev', '--reason', 'test'], exit: 1, message: /note: acting as "mallory"[\s\S]*refused: mallory may not unlock dev/ },
  { name: 'QM_STATE_DIR is a file', env: { QM_STATE_DIR: '{dir}/policy.yml', QM_SIM_STATE: '{dir}/policy.yml/sim-fleet.json' }, args: ['plan', '--env', 'dev'], exit: 1, message: /\[QM_SIM_STATE_INVALID\]: Cannot read the sim fleet file .*policy\.yml\/sim-fleet\.json: a part of the path is a file, not a directory\. .*QM_STATE_DIR/ },
  { name: 'QM_SIM_STATE is a FIFO (reading it would block for ever)', files: { 'fleet.fifo': { fifo: true } }, env: { QM_SIM_STATE: '{dir}/fleet.fifo' }, args: ['plan', '--env', 'dev'], exit: 1, message: /\[QM_SIM_STATE_INVALID\]: Cannot read the sim fleet file .*fleet\.fifo: it is a FIFO, not a regular file\. Move it aside/ },
  { name: 'QM_SIM_STATE is a directory', env: { QM_SIM_STATE: '{dir}/environments' }, args: ['plan', '--env', 'dev'], exit: 1, message: /\[QM_SIM_STATE_INVALID\]: Cannot read the sim fleet file .*environments: it is a directory/ },
];
