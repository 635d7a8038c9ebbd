/** A stateful fake AWS endpoint for wire-level tests, the contract suite, benchmarks and E2E runs. */
export { startFakeAws, type FakeAws, type FaultSpec, type RecordedCall, type StartFakeAwsOptions } from './fake-aws-server.js';
export type { FakeAwsOptions } from './fake-context.js';
export { DEFAULT_IMAGES, type FakeImage } from './fake-catalog.js';
export { seedSyntheticFleet, uuidFor, type FakeAwsSeed, type SyntheticFleet } from './seed.js';
