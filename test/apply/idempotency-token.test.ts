import { describe, expect, it } from 'vitest';
import { idempotencyToken, stableStringify } from '../../src/apply/idempotency-token.js';

const base = { seed: '', purpose: 'run-instance' as const, uuid: '0b3c-uuid', spec: { instanceType: 't3.small', tags: { a: '1', b: '2' } } };

describe('idempotencyToken', () => {
  it('is 64 hex characters (the AWS ClientToken limit) and stable', () => {
    const t = idempotencyToken(base);
    expect(t).toMatch(/^[0-9a-f]{64}$/);
    expect(idempotencyToken({ ...base, spec: { tags: { b: '2', a: '1' }, instanceType: 't3.small' } })).toBe(t);
  });

  it.each([
    ['another uuid', { uuid: 'other' }],
    ['another spec', { spec: { instanceType: 't3.large', tags: { a: '1', b: '2' } } }],
    ['another purpose', { purpose: 'launch-template' as const }],
    ['a seed', { seed: 'retry-2' }],
    ['a superseded instance', { extra: 'supersedes i-1' }],
  ])('changes with %s', (_, over) => {
    expect(idempotencyToken({ ...base, ...over })).not.toBe(idempotencyToken(base));
  });
});

describe('stableStringify', () => {
  it('sorts keys at every depth and drops undefined fields', () => {
    expect(stableStringify({ b: [{ y: 1, x: undefined, w: 2 }], a: null })).toBe('{"a":null,"b":[{"w":2,"y":1}]}');
  });
});
