import type { FakeContext } from './fake-context.js';
import type { FakeGroup } from './fake-state.js';
import { FakeAwsError, num, type Params } from './wire.js';

export function maxRecords(p: Params, fallback: number): number {
  const v = num(p, 'MaxRecords');
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < 1 || v > 100) {
    throw new FakeAwsError('ValidationError', `1 validation error detected: Value '${v}' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100`);
  }
  return v;
}

export function group(ctx: FakeContext, name: string | undefined): FakeGroup {
  const g = name ? ctx.region.groups.get(name) : undefined;
  if (!g || g.deleteStepsLeft !== undefined) throw new FakeAwsError('ValidationError', `AutoScalingGroup name not found - AutoScalingGroup '${name}' not found`);
  return g;
}
