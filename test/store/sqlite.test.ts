import { sqliteHarness } from './harness.js';
import { storedPlanContract } from './stored-plan-contract.js';
import { storeContract } from './store-contract.js';

storeContract(sqliteHarness);
storedPlanContract(sqliteHarness);
