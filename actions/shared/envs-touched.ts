/**
 * Which environments a pull request touches, from the files it changes: a file under
 * `<path>/environments/<env>/` touches that environment; any other file under `<path>`
 * (policy.yml, shared defaults) touches them all; files outside `<path>` touch none.
 *
 * @example envsTouched(['fleet/environments/prod/web.yml', 'README.md'], 'fleet') // { all: false, envs: ['prod'] }
 */
export function envsTouched(files: readonly string[], pathInRepo: string): { all: boolean; envs: string[] } {
  const prefix = pathInRepo ? `${pathInRepo.replace(/\/+$/, '')}/` : '';
  const envs = new Set<string>();
  for (const file of files) {
    if (!file.startsWith(prefix)) continue;
    const rest = file.slice(prefix.length).split('/');
    if (rest[0] === 'environments' && rest.length >= 3 && rest[1]) envs.add(rest[1]);
    else return { all: true, envs: [] };
  }
  return { all: false, envs: [...envs].sort() };
}
