import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDoorConfig } from '../../src/cli/door-config.js';

const parse = (env: Record<string, string>, flags = {}, tty = false) => parseDoorConfig(flags, env, tty, 'alice');

describe('parseDoorConfig: the qm door reads its environment once', () => {
  it('defaults: sim, the current directory, state beside the definitions, AWS defaults, no colour off a terminal', () => {
    const c = parse({});
    expect(c.provider).toBe('sim');
    expect(c.dir).toBe(path.resolve('.'));
    expect(c.simStatePath).toBe(path.resolve('.qm/sim-fleet.json'));
    expect(c.sqlitePath).toBe(path.resolve('.qm/state.db'));
    expect(c.aws).toEqual({ endpoints: {}, unmanaged: 'report' });
    expect(c.lockTtlMs).toBe(300_000);
    expect(c.simSpeed).toBe('aws-like');
    expect(c.color).toBe(false);
    expect(c.actor).toBe('cli:alice');
    expect(c.databaseUrl).toBeUndefined();
  });

  it('maps every setting', () => {
    const c = parse(
      {
        QM_PROVIDER: 'aws',
        QM_DEFINITIONS_DIR: '/defs',
        QM_DATABASE_URL: 'postgres://qm@db/qm',
        QM_ACTOR: 'github:alice-ops#583231',
        AWS_ENDPOINT_URL: 'http://localhost:4566',
        AWS_ENDPOINT_URL_EC2: 'http://localhost:4567',
        AWS_ENDPOINT_URL_AUTO_SCALING: 'http://localhost:4568',
        AWS_ENDPOINT_URL_CLOUDWATCH: 'http://localhost:4569',
        QM_AWS_MAX_ATTEMPTS: '4',
        QM_AWS_POLL_SECONDS: '2',
        QM_AWS_UNMANAGED: 'ignore',
        QM_LOCK_TTL_SECONDS: '60',
        QM_SIM_SPEED: 'fast',
      },
      {},
      true,
    );
    expect(c).toMatchObject({
      provider: 'aws',
      dir: '/defs',
      sqlitePath: '/defs/.qm/state.db',
      databaseUrl: 'postgres://qm@db/qm',
      actor: 'github:alice-ops#583231',
      lockTtlMs: 60_000,
      simSpeed: 'fast',
      color: true,
      aws: {
        endpoints: { default: 'http://localhost:4566', ec2: 'http://localhost:4567', autoScaling: 'http://localhost:4568', cloudWatch: 'http://localhost:4569' },
        maxAttempts: 4,
        pollSeconds: 2,
        unmanaged: 'ignore',
      },
    });
  });

  it('flags win over the environment, and NO_COLOR turns colour off on a terminal', () => {
    const c = parse({ QM_PROVIDER: 'aws', QM_DEFINITIONS_DIR: '/env', NO_COLOR: '1' }, { provider: 'sim', dir: '/flag' }, true);
    expect(c.provider).toBe('sim');
    expect(c.dir).toBe('/flag');
    expect(c.color).toBe(false);
  });

  it.each([
    [{ QM_PROVIDER: 'azure' }, 'provider "azure" is not known'],
    [{ QM_AWS_MAX_ATTEMPTS: 'ten' }, 'QM_AWS_MAX_ATTEMPTS "ten" is not a whole number from 1 to 30'],
    [{ QM_AWS_MAX_ATTEMPTS: '0' }, 'QM_AWS_MAX_ATTEMPTS "0"'],
    [{ QM_AWS_POLL_SECONDS: '0.5' }, 'QM_AWS_POLL_SECONDS "0.5" is not a whole number of seconds from 1 to 120'],
    [{ QM_AWS_UNMANAGED: 'hide' }, 'QM_AWS_UNMANAGED "hide" is not known'],
    [{ QM_LOCK_TTL_SECONDS: '-1' }, 'QM_LOCK_TTL_SECONDS "-1" is not a whole number of seconds'],
    [{ QM_SIM_SPEED: 'ludicrous' }, 'QM_SIM_SPEED "ludicrous" is not known'],
  ])('refuses %j with a message naming it and the fix', (env, message) => {
    expect(() => parse(env)).toThrow(message);
    try {
      parse(env);
    } catch (e) {
      expect((e as { code: string }).code).toBe('QM_CONFIG_INVALID');
      expect((e as { fix?: string }).fix).toBeTruthy();
    }
  });
});
