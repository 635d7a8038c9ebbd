import type { BadInputCase } from '../bad-input-case.js';

/** State qm keeps or writes outside the definitions: plan files, the store, the sim fleet, as links and pipes. */
export const fileSystemStateCases: BadInputCase[] = [
  { name: 'state.db is a FIFO', spawn: true, files: { '.qm/state.db': { fifo: true } }, args: ['requests'], exit: 1, message: /\[QM_STORE_UNAVAILABLE\]: Cannot open the state file .*state\.db: it is a FIFO, not a regular file\. Move it aside \(a new state file is created\)/, withinSeconds: 30 },
  { name: 'state.db a symlink loop', files: { '.qm/state.db': { symlink: 'state.db' } }, args: ['audit'], exit: 1, message: /\[QM_STORE_UNAVAILABLE\]: Cannot open the state file .*state\.db: it is a symbolic link loop\. Move it aside/ },
  { name: 'state directory a dangling symlink', env: { QM_STATE_DIR: '{dir}/state-link' }, files: { 'state-link': { symlink: 'gone' } }, args: ['locks'], exit: 1, message: /\[QM_STORE_UNAVAILABLE\]: Cannot create the state directory .*state-link for the state file .*: it or a directory above it does not exist\. .*QM_STATE_DIR/ },
  { name: 'plan file a symlink loop', files: { 'p.json': { symlink: 'p.json' } }, args: ['apply', '{dir}/p.json'], exit: 1, message: /\[QM_PLAN_FILE_INVALID\]: cannot read plan file .*p\.json: it is a symbolic link loop\. Check the path/ },
];
