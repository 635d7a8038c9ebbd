import { describe, expect, it } from 'vitest';
import { worstImpact } from '../../src/model/plan.js';
import { identityFromTags, managedTags } from '../../src/model/identity.js';

describe('worstImpact', () => {
  it.each([
    [[], 'none'],
    [[{ impact: 'none' }], 'none'],
    [[{ impact: 'none' }, { impact: 'downtime' }], 'downtime'],
    [[{ impact: 'destructive' }, { impact: 'downtime' }], 'destructive'],
  ] as const)('%j -> %s', (actions, expected) => {
    expect(worstImpact(actions)).toBe(expected);
  });
});

describe('identityFromTags', () => {
  it('needs all three qm: tags', () => {
    expect(identityFromTags({ 'qm:env': 'dev', 'qm:name': 'web' })).toBeUndefined();
    const tags = managedTags({ team: 'a', 'qm:name': 'spoofed' }, { env: 'dev', name: 'web', uuid: 'u1' });
    expect(identityFromTags(tags)).toEqual({ env: 'dev', name: 'web', uuid: 'u1' });
    expect(tags.team).toBe('a');
  });
});
