import { describe } from 'vitest';
import { postgresHarness } from './harness.js';
import { postgresSkipReason, TEST_POSTGRES_URL } from './postgres-env.js';
import { storedPlanContract } from './stored-plan-contract.js';
import { storeContract } from './store-contract.js';

describe.skipIf(postgresSkipReason !== undefined)(`PostgreSQL store${postgresSkipReason ? ` (skipped: ${postgresSkipReason})` : ''}`, () => {
  storeContract(postgresHarness(TEST_POSTGRES_URL));
  storedPlanContract(postgresHarness(TEST_POSTGRES_URL));
});
