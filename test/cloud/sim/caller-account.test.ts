import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/clock.js';
import { createSimProvider } from '../../../src/cloud/sim/index.js';

const dev = { env: 'dev', region: 'us-east-1', accountId: '111122223333' };
const prod = { env: 'prod', region: 'eu-west-1', accountId: '777788889999', roleArn: 'arn:aws:iam::777788889999:role/quartermaster' };
const wrongRole = { ...prod, roleArn: 'arn:aws:iam::999999999999:role/quartermaster' };

describe('sim callerAccountId (GetCallerIdentity after any AssumeRole)', () => {
  it.each([
    ['no account configured, no role: the env account', undefined, dev, '111122223333'],
    ['no account configured, a role: the role account', undefined, wrongRole, '999999999999'],
    ['an account configured, no role: that account', '123456789012', dev, '123456789012'],
    ['an account configured, a role: the role account', '123456789012', prod, '777788889999'],
  ])('%s', async (_label, accountId, target, expected) => {
    const sim = createSimProvider({ clock: createManualClock(), ...(accountId ? { accountId } : {}) });
    expect(await sim.callerAccountId(target)).toBe(expected);
    expect(sim.callStats().byOperation.GetCallerIdentity).toBe(1);
  });
});
