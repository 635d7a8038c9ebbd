import { sqliteHarness } from './harness.js';
import { storeContract } from './store-contract.js';

storeContract(sqliteHarness);
