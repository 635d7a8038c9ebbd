import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/clock.js';
import { createSimProvider, DEFAULT_SIM_IMAGES } from '../../../src/cloud/sim/index.js';

const target = { env: 'dev', region: 'us-east-1', accountId: '123456789012' };
const image = DEFAULT_SIM_IMAGES.find((i) => i.architecture === 'x86_64')!;
const request = {
  name: 'dev-web',
  spec: { ami: image.id, instanceType: 't3.micro', securityGroupIds: ['sg-0123456789abcdef0'], monitoring: false },
  tags: { 'qm:env': 'dev', 'qm:name': 'web', 'qm:uuid': '3b091c5f-1a0f-48bd-bec4-f855c3ee655f' },
  clientToken: 'token-1',
};

describe('sim putLaunchTemplate idempotency', () => {
  it('answers a re-sent request (a re-run after a crash) with the version it made, not a mismatch', async () => {
    const sim = createSimProvider({ clock: createManualClock() });
    const first = await sim.putLaunchTemplate(target, request);
    expect(await sim.putLaunchTemplate(target, request)).toEqual(first);
  });

  it('refuses the same token with other parameters', async () => {
    const sim = createSimProvider({ clock: createManualClock() });
    await sim.putLaunchTemplate(target, request);
    await expect(sim.putLaunchTemplate(target, { ...request, spec: { ...request.spec, instanceType: 't3.large' } })).rejects.toMatchObject({
      details: { providerCode: 'IdempotentParameterMismatch' },
    });
  });
});
