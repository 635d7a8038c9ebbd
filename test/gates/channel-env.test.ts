import { describe, expect, it } from 'vitest';
import { channelEnvOf, parsePolicy } from '../../src/gates/index.js';
import { formatDiagnostic } from '../../src/definitions/index.js';

const policy = (channels: string) => parsePolicy('policy.yml', `version: 1\nchannels:\n${channels}`, { envs: ['dev', 'prod'] });

describe('channels bound to an environment (policy.yml channels:)', () => {
  it('binds Slack channels by id and repositories by name', () => {
    const r = policy('  slack:C0PRODOPS1: prod\n  github:acme/fleet-ops: dev\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(channelEnvOf(r.policy, 'slack', 'C0PRODOPS1')).toBe('prod');
    expect(channelEnvOf(r.policy, 'github-comment', 'Acme/Fleet-Ops')).toBe('dev');
    expect(channelEnvOf(r.policy, 'slack', 'C0OTHER0001')).toBeUndefined();
    expect(channelEnvOf(r.policy, 'cli', 'C0PRODOPS1')).toBeUndefined();
  });

  it.each([
    ['  slack:C0PRODOPS1: prd\n', /policy\.yml:3:\d+ .*"prd" is not an environment of the definitions \(did you mean "prod"\?\)/],
    ['  "#prod-ops": prod\n', /policy\.yml:3:\d+ .*a Slack channel id like slack:C0123ABCD, or github:owner\/repo/],
  ])('refuses %j with a located message', (yaml, message) => {
    const r = policy(yaml);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map(formatDiagnostic).join('\n')).toMatch(message);
  });
});
