import { DEFAULT_TEST_POSTGRES_URL, reachablePostgres } from './harness.js';

/**
 * The PostgreSQL test server: QM_TEST_POSTGRES_URL, or the one scripts/ensure-postgres.sh creates.
 * `skip` says why the PostgreSQL suites skip (printed once per file), undefined when they run.
 */
export const TEST_POSTGRES_URL = process.env.QM_TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;

const reach = await reachablePostgres(TEST_POSTGRES_URL);
export const postgresSkipReason = reach.ok
  ? undefined
  : `PostgreSQL not reachable at ${TEST_POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')} (${reach.reason}); run scripts/ensure-postgres.sh (and set QM_TEST_POSTGRES_URL if it prints another URL)`;

if (postgresSkipReason) console.warn(`SKIPPING PostgreSQL tests: ${postgresSkipReason}`);
