import { describe, expect, it } from 'vitest';
import { envsTouched } from '../../actions/shared/envs-touched.js';
import { parseList } from '../../actions/shared/action-settings.js';

describe('envsTouched: which environments a pull request plans', () => {
  it.each([
    [['environments/prod/web.yml'], '', { all: false, envs: ['prod'] }],
    [['environments/prod/web.yml', 'environments/dev/web.yml', 'environments/prod/alarms.yml'], '', { all: false, envs: ['dev', 'prod'] }],
    [['policy.yml'], '', { all: true, envs: [] }],
    [['README.md', 'environments/dev/web.yml'], '', { all: true, envs: [] }],
    [['fleet/environments/staging/web.yml', 'docs/index.md', 'src/app.ts'], 'fleet', { all: false, envs: ['staging'] }],
    [['fleet/policy.yml'], 'fleet', { all: true, envs: [] }],
    [['fleet-old/environments/prod/web.yml'], 'fleet', { all: false, envs: [] }],
    [['docs/readme.md'], 'fleet', { all: false, envs: [] }],
    // A file directly under environments/ is shared by every environment.
    [['environments/defaults.yml'], '', { all: true, envs: [] }],
  ])('%j under "%s" -> %j', (files, root, expected) => {
    expect(envsTouched(files, root)).toEqual(expected);
  });

  it('reads the environments input comma or newline separated, each once', () => {
    expect(parseList('prod, staging\ndev\n\nprod')).toEqual(['prod', 'staging', 'dev']);
    expect(parseList('  ')).toEqual([]);
  });
});
