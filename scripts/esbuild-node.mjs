/**
 * The esbuild options every Quartermaster bundle shares (the actions, the CLI): ESM for Node 20+,
 * code split so what loads on demand (the AWS SDK, the PostgreSQL and in-memory store drivers)
 * is a chunk parsed only when used.
 */

// Bundled CommonJS dependencies call require() (@actions/http-client's `tunnel` calls
// require('net')): an ESM bundle has no `require` of its own.
const BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

export const NODE_BUNDLE_OPTIONS = {
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: BANNER },
  // A native addon cannot be bundled (the embedded store on disk is the CLI's; actions use
  // QM_DATABASE_URL or an in-memory store); the PostgreSQL driver's optional native half is never installed.
  external: ['better-sqlite3', 'pg-native'],
  sourcemap: false,
  legalComments: 'inline',
  logLevel: 'warning',
};
