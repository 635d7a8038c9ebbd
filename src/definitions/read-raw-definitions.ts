import { NAME_EXPECTED, NAME_PATTERN } from './aws-fields.js';
import { DiagnosticBag } from './diagnostic.js';
import { readProblem, type FileTree, type FileTreeEntry } from './file-tree.js';
import type { RawDefinitions, RawEnvironment } from './raw.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

/** How a file's text becomes a YamlSource: parseYamlSource keeps what an edit needs; readYamlSource is faster, for reading only. */
export type YamlParse = (file: string, text: string, bag: DiagnosticBag) => YamlSource;

export const ENVIRONMENTS_DIR = 'environments';
export const ENVIRONMENT_FILES = ['environment.yml', 'environment.yaml'];
export const POLICY_FILE = 'policy.yml';
/** The names the policy may have, like ENVIRONMENT_FILES: the first is the one messages suggest. */
export const POLICY_FILES = [POLICY_FILE, 'policy.yaml'];

const isYaml = (name: string): boolean => /\.ya?ml$/.test(name);
const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const at = (file: string) => ({ file, line: 1, col: 1 });

/**
 * Reads the layout `environments/<env>/environment.yml` + `environments/<env>/*.yml` and
 * `policy.yml`, parsing every YAML file with `parse`. Layout problems and syntax errors go into the bag.
 *
 * @example const raw = await readRawDefinitions(nodeFileTree('/repo'), '/repo');
 */
export async function readRawDefinitions(tree: FileTree, root: string, parse: YamlParse = parseYamlSource): Promise<RawDefinitions> {
  const bag = new DiagnosticBag();
  const raw: RawDefinitions = { root, environments: [], bag };
  const top = (await tree.list('')) ?? [];
  // Which policy file there is; whether it can be read and is the only one is src/gates' business (loadPolicyFrom).
  const policy = top.filter((e) => POLICY_FILES.includes(e.name) && !e.isDirectory).sort(byName)[0];
  if (policy) raw.policyFile = policy.name;

  const entries = await tree.list(ENVIRONMENTS_DIR);
  if (!entries) {
    bag.error(at(ENVIRONMENTS_DIR), `no ${ENVIRONMENTS_DIR}/ directory: a definitions repository holds environments/<env>/environment.yml and resource files beside it (see examples/fleet)`);
    return raw;
  }
  for (const name of environmentNames(entries, bag)) raw.environments.push(await readEnvironment(tree, name, bag, parse));
  if (raw.environments.length === 0 && !bag.hasErrors) bag.warn(at(ENVIRONMENTS_DIR), 'no environments: create environments/<env>/environment.yml');
  return raw;
}

/**
 * Reads one environment only, as readRawDefinitions would: an edit of one resource parses
 * no other environment's files. `env` is undefined when there is no such environment;
 * `names` are the environments there are.
 *
 * @example const { env, names, bag } = await readRawEnvironment(nodeFileTree('/repo'), 'prod');
 */
export async function readRawEnvironment(tree: FileTree, name: string): Promise<{ env?: RawEnvironment; names: string[]; bag: DiagnosticBag }> {
  const bag = new DiagnosticBag();
  const names = environmentNames((await tree.list(ENVIRONMENTS_DIR)) ?? [], bag);
  return { env: names.includes(name) ? await readEnvironment(tree, name, bag, parseYamlSource) : undefined, names, bag };
}

/** The environment directories under environments/, by name; other entries are reported into `bag`. */
function environmentNames(entries: FileTreeEntry[], bag: DiagnosticBag): string[] {
  const names: string[] = [];
  for (const entry of entries.sort(byName)) {
    if (entry.name.startsWith('.')) continue;
    const rel = `${ENVIRONMENTS_DIR}/${entry.name}`;
    if (entry.unreadable) {
      // Perhaps an environment whose directory was moved: an error, not a file silently passed over.
      bag.error(at(rel), `is ${entry.unreadable}, so it cannot be read as an environment; point the link at the environment's directory, or remove it`);
      continue;
    }
    if (!entry.isDirectory) {
      bag.warn(at(rel), `ignored: files directly under ${ENVIRONMENTS_DIR}/ are not read; put resources in ${ENVIRONMENTS_DIR}/<env>/`);
      continue;
    }
    if (!NAME_PATTERN.test(entry.name)) {
      bag.error(at(rel), `environment name "${entry.name}" is not ${NAME_EXPECTED}; rename the directory`);
      continue;
    }
    names.push(entry.name);
  }
  return names;
}

async function readEnvironment(tree: FileTree, name: string, bag: DiagnosticBag, parse: YamlParse): Promise<RawEnvironment> {
  const dir = `${ENVIRONMENTS_DIR}/${name}`;
  const env: RawEnvironment = { name, dir, resourceFiles: [] };
  const entries = ((await tree.list(dir)) ?? []).sort(byName);
  // environment.yml first, as the policy's policy.yml: with both, the other is reported and not read (it would add false errors).
  const [envFile, extra] = entries.filter((e) => ENVIRONMENT_FILES.includes(e.name)).sort((a, b) => ENVIRONMENT_FILES.indexOf(a.name) - ENVIRONMENT_FILES.indexOf(b.name));
  if (!envFile) {
    bag.error(at(dir), `environment "${name}" has no environment.yml: create ${dir}/environment.yml with region and account_id`);
  } else if (extra) {
    bag.error(at(`${dir}/${extra.name}`), `environment "${name}" has both ${envFile.name} and ${extra.name}, and an environment has one; merge them into ${envFile.name} and remove ${extra.name}`);
  }
  // Every file is read at once (the reads overlap), then reported and parsed in order.
  const texts = entries.map((e) => (e !== extra && isListedYamlFile(e) ? readListedFile(tree, `${dir}/${e.name}`, e) : undefined));
  // A fault is thrown when its file's turn comes; one not awaited (an earlier fault ended the loop) must not also surface as unhandled.
  for (const text of texts) text?.catch(() => undefined);
  for (const [i, entry] of entries.entries()) {
    if (entry.name.startsWith('.') || entry === extra) continue;
    const file = `${dir}/${entry.name}`;
    const kind = ENVIRONMENT_FILES.includes(entry.name) ? 'the environment file' : 'a resource file';
    if (entry.isDirectory && ENVIRONMENT_FILES.includes(entry.name)) {
      bag.error(at(file), `is a directory, not a file: ${dir}/${entry.name} must be the environment file (region, account_id); move the directory away and write the file`);
      continue;
    }
    if (entry.isDirectory) {
      bag.warn(at(file), `ignored: subdirectories are not read; put resource files directly in ${dir}/`);
      continue;
    }
    const read = await texts[i];
    if (!read) continue;
    if ('problem' in read) {
      bag.error(at(file), `${read.problem}, so ${kind} cannot be read; ${fixFor(read.problem)}`);
      continue;
    }
    const source = parse(file, read.text, bag);
    if (ENVIRONMENT_FILES.includes(entry.name)) env.environmentFile ??= source;
    else env.resourceFiles.push(source);
  }
  return env;
}

const isListedYamlFile = (entry: FileTreeEntry): boolean => !entry.name.startsWith('.') && !entry.isDirectory && isYaml(entry.name);

/**
 * The text of a listed YAML file, or what is wrong with it when the file system will not give
 * it (a link to nothing, a FIFO, no permission): a definition must never be skipped in silence,
 * nor crash the load. Other failures (a remote tree's outage) are thrown.
 */
async function readListedFile(tree: FileTree, file: string, entry: FileTreeEntry): Promise<{ text: string } | { problem: string }> {
  if (entry.unreadable) return { problem: `is ${entry.unreadable}` };
  try {
    return { text: await tree.read(file) };
  } catch (e) {
    const problem = readProblem(e);
    if (!problem) throw e;
    return { problem };
  }
}

/** The fix for a file that cannot be read, by what is wrong with it. */
function fixFor(problem: string): string {
  if (/^(is )?a symbolic link/.test(problem)) return 'point the link at a file, or remove it';
  if (problem.startsWith('cannot be read (permission')) return 'let the user running qm read it (chmod a+r), or remove it';
  return 'replace it with a regular file, or remove it';
}
