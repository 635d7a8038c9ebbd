import type { CloudProvider } from '../cloud/provider.js';
import type { Clock } from '../clock.js';
import type { EngineSettings } from './engine-settings.js';

/**
 * The cloud the settings name. The AWS SDK is imported only when the aws provider is chosen:
 * a sim run or a `--help` pays nothing for it.
 *
 * @example const provider = await createProvider(settings, systemClock);
 */
export async function createProvider(settings: EngineSettings, clock: Clock): Promise<CloudProvider> {
  if (settings.provider === 'sim') {
    const { createSimProvider, FAST_SIM_TIMINGS } = await import('../cloud/sim/index.js');
    return createSimProvider({
      statePath: settings.simStatePath,
      clock,
      ...(settings.simSpeed === 'fast' ? { timings: FAST_SIM_TIMINGS } : {}),
      ...(settings.simAccountId ? { accountId: settings.simAccountId } : {}),
      ...(settings.simFaults ? { faults: { script: settings.simFaults } } : {}),
    });
  }
  const { createAwsProvider } = await import('../cloud/aws/index.js');
  const { aws } = settings;
  return createAwsProvider({
    endpoints: aws.endpoints,
    clock,
    unmanaged: aws.unmanaged,
    ...(aws.maxAttempts ? { maxAttempts: aws.maxAttempts } : {}),
    ...(aws.pollSeconds ? { waiterDelaySeconds: { min: aws.pollSeconds, max: aws.pollSeconds }, refreshPollMs: aws.pollSeconds * 1000 } : {}),
  });
}
