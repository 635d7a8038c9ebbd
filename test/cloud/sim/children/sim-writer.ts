/** A separate process launching `count` instances into a shared sim state file (for the lost-update test). */
import { systemClock } from '../../../../src/clock.js';
import { createSimProvider, DEFAULT_SIM_IMAGES } from '../../../../src/cloud/sim/index.js';

const [statePath, label, count] = process.argv.slice(2) as [string, string, string];
const sim = createSimProvider({ statePath, clock: systemClock });
const target = { env: 'dev', region: 'us-east-1', accountId: '123456789012' };
const ami = DEFAULT_SIM_IMAGES.find((i) => i.architecture === 'x86_64')!.id;
for (let i = 0; i < Number(count); i++) {
  await sim.runInstance(target, {
    clientToken: `${label}-${i}`,
    instanceType: 't3.micro',
    ami,
    subnetId: 'subnet-0123456789abcdef0',
    securityGroupIds: ['sg-0123456789abcdef0'],
    monitoring: false,
    ebsOptimized: false,
    rootVolume: { sizeGiB: 8, volumeType: 'gp3', encrypted: true },
    tags: { 'qm:env': 'dev', 'qm:name': `${label}-${i}`, 'qm:uuid': `00000000-0000-4000-8000-${label === 'a' ? '0' : '1'}${String(i).padStart(11, '0')}` },
  });
}
