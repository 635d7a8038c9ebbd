import { createSimProvider } from '../../../src/cloud/sim/index.js';
import { createManualClock } from '../../../src/clock.js';
import { describeProviderContract } from '../contract/provider-contract.js';

describeProviderContract('sim (in memory, manual clock)', async () => {
  const clock = createManualClock('2026-03-01T09:00:00Z');
  return {
    provider: createSimProvider({ clock }),
    target: { env: 'contract', region: 'eu-west-1', accountId: '123456789012' },
    images: { x86_64: 'ami-0abcdef1234567890' },
    advance: (ms) => clock.advance(ms),
    cleanup: () => undefined,
  };
});
