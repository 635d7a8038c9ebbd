import { describe, expect, it } from 'vitest';
import { formatIntent, formatTarget, type Intent } from '../../src/commands/index.js';

const web = { env: 'prod', kind: 'autoscaling-group' as const, name: 'web' };
const lasting = { until: '2026-12-05T18:00:00.000Z', said: 'until 18:00' };

describe('formatIntent', () => {
  it.each<[Intent, string]>([
    [{ command: 'scale', target: web, instanceType: 't3.large', lasting }, 'scale prod/web t3.large --until 2026-12-05T18:00:00.000Z'],
    [{ command: 'scale', target: { env: 'dev', kind: 'instance', name: 'bastion' }, instanceType: 't3.small' }, 'scale dev/bastion t3.small'],
    [{ command: 'scale', target: web, capacity: { min: 2, max: 6, desired: 4 } }, 'scale prod/web min=2 max=6 desired=4'],
    [{ command: 'scale', target: web, capacity: { desired: 4, max: 6 } }, 'scale prod/web max=6 desired=4'],
    [{ command: 'scale', target: web, capacity: { desired: 0 } }, 'scale prod/web 0'],
    [{ command: 'scale', target: web, capacity: { min: 1 } }, 'scale prod/web min=1'],
    [{ command: 'shutdown', target: { env: 'dev' } }, 'shutdown dev'],
    [{ command: 'shutdown', target: { env: 'dev' }, lasting }, 'shutdown dev --until 2026-12-05T18:00:00.000Z'],
    [{ command: 'startup', target: { env: 'prod', kind: 'instance', name: 'bastion' } }, 'startup prod/bastion'],
    [{ command: 'status' }, 'status'],
    [{ command: 'status', target: web }, 'status prod/web'],
    [{ command: 'plan' }, 'plan'],
    [{ command: 'plan', env: 'staging' }, 'plan staging'],
    [{ command: 'drift', env: 'prod' }, 'drift prod'],
    [{ command: 'approve', requestId: 'req-0123456789ab' }, 'approve req-0123456789ab'],
    [{ command: 'deny', requestId: 'req-0123456789ab' }, 'deny req-0123456789ab'],
    [{ command: 'deny', requestId: 'req-0123456789ab', reason: 'say "no" \\ C:\\temp' }, 'deny req-0123456789ab "say \\"no\\" \\\\ C:\\\\temp"'],
    [{ command: 'requests' }, 'requests'],
    [{ command: 'locks' }, 'locks'],
    [{ command: 'unlock', env: 'dev', reason: 'the runner died' }, 'unlock dev "the runner died"'],
    [{ command: 'help' }, 'help'],
    [{ command: 'help', topic: 'scale' }, 'help scale'],
  ])('%j', (intent, text) => {
    expect(formatIntent(intent)).toBe(text);
  });

  it('writes targets as env/name, or the environment', () => {
    expect(formatTarget(web)).toBe('prod/web');
    expect(formatTarget({ env: 'dev' })).toBe('dev');
  });
});
