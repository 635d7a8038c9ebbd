/** The bundle's entry (scripts/build-cli.mjs): what bin/qm.js needs to run the CLI, and nothing else. */
export { main } from './main.js';
export { processIo } from './io.js';
