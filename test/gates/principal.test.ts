import { describe, expect, it } from 'vitest';
import { formatPrincipal, parsePrincipal, parseUser, sameUser } from '../../src/gates/principal.js';
import { formatDuration, parseDuration } from '../../src/gates/duration.js';

describe('parsePrincipal', () => {
  it.each([
    ['slack:U012ABC', { kind: 'slack-user', id: 'U012ABC' }],
    ['slack:W0ENTERPRISE', { kind: 'slack-user', id: 'W0ENTERPRISE' }],
    ['github:octocat#583231', { kind: 'github-user', login: 'octocat', id: 583231 }],
    ['github:the-octo-cat#1', { kind: 'github-user', login: 'the-octo-cat', id: 1 }],
    ['slack-group:S0123ABC', { kind: 'slack-group', id: 'S0123ABC' }],
    ['github-team:Acme/Platform-SRE', { kind: 'github-team', org: 'acme', team: 'platform-sre' }],
    ['sre', { kind: 'group', name: 'sre' }],
    ['slack:u012abc', undefined],
    ['slack:C0CHANNEL', undefined],
    ['github:octocat', undefined],
    ['github:octocat#0', undefined],
    ['github:-bad#12', undefined],
    ['github-team:acme', undefined],
    ['slack-group:U012ABC', undefined],
    ['Alice', undefined],
    ['', undefined],
  ] as const)('%s', (text, expected) => {
    expect(parsePrincipal(text)).toEqual(expected);
    if (expected) expect(parsePrincipal(formatPrincipal(expected as never))).toEqual(expected);
  });

  it('tells users from groups and names', () => {
    expect(parseUser('slack-group:S0123ABC')).toBeUndefined();
    expect(parseUser('sre')).toBeUndefined();
    expect(parseUser('github:a#5')).toEqual({ kind: 'github-user', login: 'a', id: 5 });
  });

  it('matches GitHub accounts by numeric id, Slack by user id', () => {
    const u = (s: string) => parseUser(s) as NonNullable<ReturnType<typeof parseUser>>;
    expect(sameUser(u('github:old-login#42'), u('github:new-login#42'))).toBe(true);
    expect(sameUser(u('github:same#42'), u('github:same#43'))).toBe(false);
    expect(sameUser(u('slack:U0A'), u('slack:U0A'))).toBe(true);
    expect(sameUser(u('slack:U0A'), u('github:u0a#1'))).toBe(false);
  });
});

describe('durations', () => {
  it.each([
    ['90s', 90_000, '90s'],
    ['30m', 1_800_000, '30m'],
    ['90m', 5_400_000, '90m'],
    ['2h', 7_200_000, '2h'],
    ['1d', 86_400_000, '1d'],
    ['120m', 7_200_000, '2h'],
  ])('%s', (text, ms, shortest) => {
    expect(parseDuration(text)).toBe(ms);
    expect(formatDuration(ms)).toBe(shortest);
  });

  it.each(['2 hours', '0h', '1.5h', 'h', '-1h', '2H'])('refuses %s', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
