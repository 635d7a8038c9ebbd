import { createAwsProvider } from '../../../src/cloud/aws/index.js';
import { createManualClock } from '../../../src/clock.js';
import { startFakeAws } from '../../support/fake-aws/index.js';
import { describeProviderContract } from '../contract/provider-contract.js';
import { TEST_CREDENTIALS } from './aws-test-kit.js';

describeProviderContract('aws (real SDK v3 clients against the fake AWS endpoint)', async () => {
  const fake = await startFakeAws();
  const clock = createManualClock('2026-03-01T09:00:00Z');
  const provider = createAwsProvider({
    endpoints: { default: fake.url },
    credentials: TEST_CREDENTIALS,
    // The SDK waiters sleep in real time; the fake moves states per describe, so poll fast.
    waiterDelaySeconds: { min: 0.01, max: 0.05 },
    refreshPollMs: 15_000,
    clock,
  });
  return {
    provider,
    target: { env: 'contract', region: 'eu-west-1', accountId: '123456789012' },
    images: { x86_64: 'ami-0abcdef1234567890' },
    advance: (ms) => {
      clock.advance(ms);
      fake.settle();
    },
    cleanup: () => fake.close(),
  };
});
