import { PlanFileInvalidError } from '../errors.js';
import { PLAN_FORMAT_VERSION, type Plan } from '../model/plan.js';

const ACTION_TYPES = ['create', 'update', 'stop-modify-start', 'rolling-refresh', 'replace', 'delete', 'no-op'];
const IMPACTS = ['none', 'downtime', 'destructive'];
const KINDS = ['instance', 'autoscaling-group', 'alarm'];
const LEVELS = ['info', 'warning'];
const FIX = 'Write it again with `qm plan --out plan.json`';

export interface ParsePlanOptions {
  /** Named in messages: the file path, or `the plan artifact`. Default `plan file`. */
  source?: string;
}

/**
 * Reads a plan file written by renderPlanJson, checking its format version and every field the
 * engine relies on. Throws PlanFileInvalidError naming the first problems found.
 *
 * @example const saved = parsePlanJson(fs.readFileSync('plan.json', 'utf8'), { source: 'plan.json' });
 */
export function parsePlanJson(text: string, opts: ParsePlanOptions = {}): Plan {
  const source = opts.source ?? 'plan file';
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PlanFileInvalidError(`${source} is not JSON (${(e as Error).message})`, { fix: FIX });
  }
  if (!isObject(data) || !('formatVersion' in data)) {
    throw new PlanFileInvalidError(`${source} is not a Quartermaster plan file (no formatVersion)`, { fix: FIX });
  }
  const version = data.formatVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > PLAN_FORMAT_VERSION) {
    throw new PlanFileInvalidError(
      `${source} was written by a newer Quartermaster (plan format ${version}); this one reads format ${PLAN_FORMAT_VERSION}`,
      { fix: 'Upgrade qm, or write the plan again with this version: `qm plan --out plan.json`' },
    );
  }
  if (version !== PLAN_FORMAT_VERSION) {
    throw new PlanFileInvalidError(`${source} has an unsupported formatVersion ${JSON.stringify(version)} (expected ${PLAN_FORMAT_VERSION})`, { fix: FIX });
  }
  const problems: string[] = [];
  checkPlan(data, problems);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    throw new PlanFileInvalidError(`${source} is not a valid plan: ${shown}${more}`, { fix: FIX, details: { problems } });
  }
  return data as unknown as Plan;
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkPlan(p: Obj, problems: string[]): void {
  const need = checker(problems);
  need.string(p, 'createdAt', '');
  need.stringArray(p, 'envs', '');
  need.fingerprint(p, 'fingerprint', '');
  need.number(p, 'monthlyCostDelta', '');
  if (need.object(p, 'summary', '')) {
    for (const k of ['add', 'change', 'destroy', 'unchanged']) need.number(p.summary as Obj, k, 'summary.');
  }
  if (p.stats !== undefined) need.object(p, 'stats', '');
  // Optional since it was added (plans written before it have none); renderers print its notes.
  if (p.pricing !== undefined && need.array(p, 'pricing', '')) {
    (p.pricing as unknown[]).forEach((e, i) => {
      const at = `pricing[${i}].`;
      if (!isObject(e)) return void problems.push(`pricing[${i}] must be an object`);
      for (const k of ['env', 'region', 'pricedWith', 'note']) need.string(e, k, at);
      need.stringArray(e, 'unpriced', at);
    });
  }
  const ids = new Set<string>();
  if (need.array(p, 'actions', '')) {
    (p.actions as unknown[]).forEach((a, i) => {
      const at = `actions[${i}].`;
      if (!isObject(a)) return void problems.push(`actions[${i}] must be an object`);
      if (need.string(a, 'id', at)) {
        if (ids.has(a.id as string)) problems.push(`${at}id "${a.id as string}" is used twice`);
        ids.add(a.id as string);
      }
      need.oneOf(a, 'type', ACTION_TYPES, at);
      need.oneOf(a, 'impact', IMPACTS, at);
      need.number(a, 'monthlyCostDelta', at);
      need.string(a, 'reason', at);
      if (need.object(a, 'resource', at)) {
        const r = a.resource as Obj;
        need.oneOf(r, 'kind', KINDS, `${at}resource.`);
        for (const k of ['env', 'name', 'uuid']) need.string(r, k, `${at}resource.`);
        if (r.physicalId !== undefined) need.string(r, 'physicalId', `${at}resource.`);
      }
      if (need.array(a, 'changes', at)) {
        (a.changes as unknown[]).forEach((c, j) => {
          if (!isObject(c) || typeof c.field !== 'string') problems.push(`${at}changes[${j}] must be an object with a string field`);
        });
      }
      need.stringArray(a, 'dependsOn', at);
      if (a.unpriced !== undefined) need.stringArray(a, 'unpriced', at);
      for (const k of ['desired', 'observed']) if (a[k] !== undefined) need.object(a, k, at);
    });
    (p.actions as unknown[]).forEach((a, i) => {
      if (!isObject(a) || !Array.isArray(a.dependsOn)) return;
      for (const dep of a.dependsOn) {
        if (typeof dep === 'string' && !ids.has(dep)) problems.push(`actions[${i}].dependsOn names "${dep}", which is not an action of this plan`);
      }
    });
  }
  if (need.array(p, 'notices', '')) {
    (p.notices as unknown[]).forEach((n, i) => {
      const at = `notices[${i}].`;
      if (!isObject(n)) return void problems.push(`notices[${i}] must be an object`);
      need.oneOf(n, 'level', LEVELS, at);
      need.oneOf(n, 'kind', KINDS, at);
      for (const k of ['env', 'physicalId', 'message']) need.string(n, k, at);
    });
  }
}

function checker(problems: string[]) {
  const fail = (at: string, key: string, what: string, v: unknown): false => {
    problems.push(`${at}${key} must be ${what} (got ${v === undefined ? 'nothing' : JSON.stringify(v)?.slice(0, 40)})`);
    return false;
  };
  return {
    string: (o: Obj, k: string, at: string) => typeof o[k] === 'string' || fail(at, k, 'a string', o[k]),
    number: (o: Obj, k: string, at: string) => (typeof o[k] === 'number' && Number.isFinite(o[k])) || fail(at, k, 'a number', o[k]),
    object: (o: Obj, k: string, at: string) => isObject(o[k]) || fail(at, k, 'an object', o[k]),
    array: (o: Obj, k: string, at: string) => Array.isArray(o[k]) || fail(at, k, 'a list', o[k]),
    stringArray: (o: Obj, k: string, at: string) =>
      (Array.isArray(o[k]) && (o[k] as unknown[]).every((x) => typeof x === 'string')) || fail(at, k, 'a list of strings', o[k]),
    oneOf: (o: Obj, k: string, values: string[], at: string) =>
      (typeof o[k] === 'string' && values.includes(o[k] as string)) || fail(at, k, `one of ${values.join(', ')}`, o[k]),
    fingerprint: (o: Obj, k: string, at: string) =>
      (typeof o[k] === 'string' && /^[0-9a-f]{64}$/.test(o[k] as string)) || fail(at, k, 'a sha256 hex string', o[k]),
  };
}
