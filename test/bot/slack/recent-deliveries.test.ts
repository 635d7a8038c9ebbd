import { describe, expect, it } from 'vitest';
import { createRecentDeliveries } from '../../../bot/slack/recent-deliveries.js';

describe('createRecentDeliveries', () => {
  it('claims a key once within the window, again after it, and after a release', () => {
    let now = 0;
    const seen = createRecentDeliveries({ ttlMs: 1_000, now: () => now });
    expect(seen.claim('a')).toBe(true);
    expect(seen.claim('a')).toBe(false);
    now = 999;
    expect(seen.claim('a')).toBe(false);
    now = 1_000;
    expect(seen.claim('a')).toBe(true);
    seen.release('a');
    expect(seen.claim('a')).toBe(true);
  });

  it('forgets expired keys and keeps at most `max`, the oldest going first', () => {
    let now = 0;
    const seen = createRecentDeliveries({ ttlMs: 1_000, max: 3, now: () => now });
    for (const k of ['a', 'b', 'c', 'd']) seen.claim(k);
    expect(seen.claim('e')).toBe(true);
    expect(seen.size).toBeLessThanOrEqual(4);
    expect(seen.claim('a')).toBe(true);
    now = 5_000;
    seen.claim('z');
    expect(seen.size).toBe(1);
  });
});
