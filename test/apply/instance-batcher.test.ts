import { describe, expect, it } from 'vitest';
import { createInstanceBatcher, type BatchOperation } from '../../src/apply/instance-batcher.js';
import type { EnvTarget } from '../../src/cloud/provider.js';
import { CloudError, ErrorCode } from '../../src/errors.js';

const prod: EnvTarget = { env: 'prod', region: 'us-east-1', accountId: '1' };
const dev: EnvTarget = { env: 'dev', region: 'us-east-1', accountId: '1' };

function recorder(badId?: string) {
  const calls: string[] = [];
  const call = async (op: BatchOperation, t: EnvTarget, ids: string[]) => {
    calls.push(`${op} ${t.env} ${ids.join(',')}`);
    if (badId && ids.includes(badId)) throw new CloudError(ErrorCode.CloudIncorrectState, `${badId} is terminated`);
  };
  return { calls, call };
}

const run = (b: ReturnType<typeof createInstanceBatcher>, op: BatchOperation, t: EnvTarget, id: string) => b.run(op, t, { instanceId: id, tag: id });

describe('createInstanceBatcher', () => {
  it('coalesces calls of one turn per operation and environment', async () => {
    const r = recorder();
    const b = createInstanceBatcher(r.call);
    await Promise.all([
      run(b, 'stopInstances', prod, 'i-1'),
      run(b, 'stopInstances', prod, 'i-2'),
      run(b, 'startInstances', prod, 'i-3'),
      run(b, 'stopInstances', dev, 'i-4'),
    ]);
    expect(r.calls.sort()).toEqual(['startInstances prod i-3', 'stopInstances dev i-4', 'stopInstances prod i-1,i-2']);
  });

  it('splits more than 50 ids over several calls', async () => {
    const r = recorder();
    const b = createInstanceBatcher(r.call);
    await Promise.all(Array.from({ length: 120 }, (_, i) => run(b, 'terminateInstances', prod, `i-${i}`)));
    expect(r.calls.map((c) => c.split(',').length)).toEqual([50, 50, 20]);
  });

  it('when a batch fails, retries each id alone so only the bad one fails', async () => {
    const r = recorder('i-2');
    const b = createInstanceBatcher(r.call);
    const outcomes = await Promise.allSettled(['i-1', 'i-2', 'i-3'].map((id) => run(b, 'startInstances', prod, id)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('i-2 is terminated');
    expect(r.calls).toEqual(['startInstances prod i-1,i-2,i-3', 'startInstances prod i-1', 'startInstances prod i-2', 'startInstances prod i-3']);
  });

  it('calls made in later turns form a new batch', async () => {
    const r = recorder();
    const b = createInstanceBatcher(r.call);
    await run(b, 'stopInstances', prod, 'i-1');
    await run(b, 'stopInstances', prod, 'i-2');
    expect(r.calls).toEqual(['stopInstances prod i-1', 'stopInstances prod i-2']);
  });
});
