import type { BadInputCase } from '../bad-input-case.js';

const GARBAGE = new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 131 + 17) % 256));

/** The state directory, the embedded store and the sim fleet file, broken on disk. */
export const fileSystemCases: BadInputCase[] = [
  { name: 'state.db is garbage', files: { '.qm/state.db': GARBAGE }, args: ['requests'], exit: 1, message: /\[QM_STORE_UNAVAILABLE\]: Cannot open the state file .*state\.db: it is not a SQLite database .*\. Move it aside .*; a new one is created/ },
  { name: 'state.db is garbage, on apply', files: { '.qm/state.db': GARBAGE }, args: ['apply', '--env', 'dev', '--auto-approve'], exit: 1, message: /\[QM_STORE_UNAVAILABLE\]: .*state\.db: it is not a SQLite database/ },
  { name: 'state.db is text', files: { '.qm/state.db': 'QM_CANARY_SECRET_9f3c is not a database, but it is long enough to have a header of sorts................................................' }, args: ['audit'], exit: 1, message: /\[QM_STORE_UNAVAILABLE\]: .*state\.db: it is not a SQLite database/ },
  { name: 'state.db is a directory', files: { '.qm/state.db': { dir: true } }, args: ['locks'], exit: 1, message: /\[QM_STORE_UNAVAILABLE\]: Cannot open the state file .*state\.db: it is a directory, not a regular file\. Move it aside/ },
  { name: 'the state directory is a file', env: { QM_STATE_DIR: '{dir}/blocker', QM_SIM_STATE: '{dir}/blocker/sim-fleet.json' }, files: { blocker: 'in the way' }, args: ['apply', '--env', 'dev', '--auto-approve'], exit: 1, message: /Cannot (read the sim fleet file|create the state directory) .*blocker.*(a part of the path is a file, not a directory|a file is where the directory should be)/ },
  { name: 'the state directory is a file, store first', env: { QM_STATE_DIR: '{dir}/blocker' }, files: { blocker: 'in the way' }, args: ['requests'], exit: 1, message: /\[QM_STORE_UNAVAILABLE\]: Cannot create the state directory .*blocker for the state file .*: a file is where the directory should be\. .*QM_STATE_DIR/ },
  { name: 'sim fleet file is not JSON', files: { '.qm/sim-fleet.json': '{"version":1,"instances":"QM_CANARY_SECRET_9f3c' }, args: ['plan', '--env', 'dev'], exit: 1, message: /\[QM_SIM_STATE_INVALID\]: The sim state file .*sim-fleet\.json is unusable: it is not valid JSON/ },
  { name: 'sim fleet file is binary', files: { '.qm/sim-fleet.json': GARBAGE }, args: ['drift'], exit: 1, message: /\[QM_SIM_STATE_INVALID\]: .*sim-fleet\.json is unusable: it is not valid JSON/ },
  { name: 'sim fleet file is not a fleet', files: { '.qm/sim-fleet.json': '{"hello":1}' }, args: ['plan'], exit: 1, message: /sim-fleet\.json is unusable: it is not a Quartermaster sim state file/ },
  { name: 'sim fleet file of a newer version', files: { '.qm/sim-fleet.json': '{"version":9}' }, args: ['plan'], exit: 1, message: /has format version 9, newer than the 2 this qm understands/ },
  { name: 'sim fleet file with a broken instance', files: { '.qm/sim-fleet.json': '{"version":1,"nextId":1,"instances":[{"id":"i-1"}],"launchTemplates":[],"groups":[],"alarms":[],"images":[],"tokens":[]}' }, args: ['plan'], exit: 1, message: /instances\[0\] is not an instance/ },
  { name: 'sim fleet lock is a directory', files: { '.qm/sim-fleet.json.lock': { dir: true } }, args: ['apply', '--env', 'dev', '--auto-approve'], exit: 1, message: /\[QM_SIM_STATE_INVALID\]: Cannot lock the sim fleet file .*: its lock .*sim-fleet\.json\.lock is a directory\. Remove/ },
  { name: 'spawned: plan --out naming a directory', spawn: true, args: ['plan', '--env', 'dev', '--out', '{dir}'], exit: 1, message: /\[QM_OUTPUT_UNWRITABLE\]: cannot save the plan to .*: it is a directory/, withinSeconds: 30 },
  { name: 'spawned: corrupt state.db', spawn: true, files: { '.qm/state.db': GARBAGE }, args: ['requests'], exit: 1, message: /\[QM_STORE_UNAVAILABLE\]: .*it is not a SQLite database/, withinSeconds: 30 },
  { name: 'spawned: unknown flag', spawn: true, args: ['plan', '--frobnicate'], exit: 1, message: /unknown option '--frobnicate'/, withinSeconds: 30 },
];
