/** The sim CloudProvider: an embedded EC2 / Auto Scaling / CloudWatch fleet, optionally kept in a JSON file. */
export { createSimProvider, type SimProvider } from './sim-provider.js';
export { DEFAULT_SIM_TIMINGS, DEFAULT_SIM_ACCOUNT_ID } from './sim-options.js';
export type { SimProviderOptions, SimTimings, SimFaults, ScriptedFailure } from './sim-options.js';
export { DEFAULT_SIM_IMAGES } from './default-images.js';
export { SIM_STATE_VERSION } from './sim-state-file.js';
export { loadSimState } from './sim-fleet-store.js';
export type { SimState, SimImage, SimInstance, SimGroup, SimAlarm, SimLaunchTemplate } from './sim-state.js';
export { createSeededRandom } from './seeded-random.js';
export { PAGE_SIZES } from './observe-environment.js';
export { seedInstances, seedUnmanagedInstance, SEED_DEFAULTS, type SeedInstance } from './seed-instances.js';
export { generateSyntheticFleet, type SyntheticFleet, type SyntheticFleetOptions } from './synthetic-fleet.js';
export { simulateManualChange, type ManualChange } from './manual-change.js';
export { FAST_SIM_TIMINGS } from './fast-timings.js';
