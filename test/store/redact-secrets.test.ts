import { describe, expect, it } from 'vitest';
import { redactSecrets, redactString } from '../../src/store/redact-secrets.js';

describe('redactString', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLE in a message', '[redacted:aws-access-key] in a message'],
    ['aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key=[redacted:aws-secret-key]'],
    ['xoxb-123456789012-123456789012-abcdefABCDEF', '[redacted:slack-token]'],
    ['xoxp-1-abcdefghijk', '[redacted:slack-token]'],
    ['xapp-1-A0123456789-abcdef', '[redacted:slack-app-token]'],
    ['ghp_0123456789abcdefghijABCDEFGHIJ012345', '[redacted:github-token]'],
    ['ghs_0123456789abcdefghijABCDEFGHIJ012345 rest', '[redacted:github-token] rest'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', '[redacted:github-pat]'],
    ['Authorization: Bearer abc.def.ghijklmnopqrstuvwxyz', 'Authorization: Bearer [redacted:bearer]'],
    ['postgres://qm:hunter2@db:5432/qm', 'postgres://qm:[redacted:url-password]@db:5432/qm'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', '[redacted:private-key]'],
    ['scale web to 5 (t3.micro)', 'scale web to 5 (t3.micro)'],
    ['instance i-0abc123def4567890 in subnet-12345678', 'instance i-0abc123def4567890 in subnet-12345678'],
  ])('%s', (input, expected) => {
    expect(redactString(input)).toBe(expected);
  });
});

describe('redactSecrets', () => {
  it('summarises values under secret keys, masks strings anywhere, keeps the rest', () => {
    const out = redactSecrets({
      user_data: '#!/bin/sh\nexport DB_PASSWORD=hunter2',
      launchTemplate: { userData: 'IyEvYmluL3NoCg==', ami: 'ami-0123456789abcdef0' },
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
      slackToken: '',
      list: ['ok', 'xoxb-123456789012-abcdefghijkl'],
      count: 3,
      when: new Date('2026-03-01T00:00:00Z'),
      skip: undefined,
    });
    expect(out).toEqual({
      user_data: expect.stringMatching(/^\[redacted sha256:[0-9a-f]{12} 36 bytes\]$/),
      launchTemplate: { userData: expect.stringMatching(/^\[redacted sha256:/), ami: 'ami-0123456789abcdef0' },
      headers: { authorization: expect.stringMatching(/^\[redacted sha256:/) },
      slackToken: '',
      list: ['ok', '[redacted:slack-token]'],
      count: 3,
      when: '2026-03-01T00:00:00.000Z',
    });
  });

  it('shows that a secret changed without showing it', () => {
    const a = redactSecrets({ userData: 'v1' }).userData;
    const b = redactSecrets({ userData: 'v2' }).userData;
    expect(a).not.toBe(b);
    expect(redactSecrets({ userData: 'v1' }).userData).toBe(a);
  });

  it('survives cycles', () => {
    const o: Record<string, unknown> = { name: 'x' };
    o.self = o;
    expect(redactSecrets(o)).toEqual({ name: 'x', self: '[circular]' });
  });

  it('copies a value shared by two branches (not a cycle) in both places', () => {
    const subnets = ['subnet-0a', 'subnet-0b'];
    const shared = { tags: { team: 'a' } };
    expect(redactSecrets({ web: { subnets, shared }, worker: { subnets, shared } })).toEqual({
      web: { subnets: ['subnet-0a', 'subnet-0b'], shared: { tags: { team: 'a' } } },
      worker: { subnets: ['subnet-0a', 'subnet-0b'], shared: { tags: { team: 'a' } } },
    });
  });
});
