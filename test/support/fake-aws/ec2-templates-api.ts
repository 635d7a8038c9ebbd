import type { FakeContext, QueryHandler } from './fake-context.js';
import { newId, type FakeTemplate } from './fake-state.js';
import { templateVersionXml, templateXml } from './ec2-render.js';
import { requestHash, specTags } from './ec2-instances-api.js';
import { pageSize, paginate } from './paginate.js';
import { arr, FakeAwsError, num, obj, str } from './wire.js';
import { el, list } from './xml.js';

function byIdOrName(ctx: FakeContext): FakeTemplate {
  const id = str(ctx.params, 'LaunchTemplateId');
  const name = str(ctx.params, 'LaunchTemplateName');
  const t = id ? ctx.region.templates.get(id) : [...ctx.region.templates.values()].find((x) => x.name === name);
  if (!t) {
    if (id) throw new FakeAwsError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${id}, does not exist.`);
    throw new FakeAwsError('InvalidLaunchTemplateName.NotFoundException', `The specified launch template, with template name ${name}, does not exist.`);
  }
  return t;
}

/** Replays an earlier call with the same ClientToken, or records this one. */
function idempotent(ctx: FakeContext, op: string, make: () => string[]): string[] {
  const token = str(ctx.params, 'ClientToken');
  const key = token ? `${op}|${token}` : undefined;
  const previous = key ? ctx.region.tokens.get(key) : undefined;
  if (previous) {
    if (previous.hash !== requestHash(ctx.params)) {
      throw new FakeAwsError('IdempotentParameterMismatch', 'Arguments on this idempotent request are inconsistent with arguments used in previous request(s).');
    }
    return previous.result;
  }
  const result = make();
  if (key) ctx.region.tokens.set(key, { hash: requestHash(ctx.params), result });
  return result;
}

const createLaunchTemplate: QueryHandler = (ctx) => {
  const [id = ''] = idempotent(ctx, 'CreateLaunchTemplate', () => {
    const name = str(ctx.params, 'LaunchTemplateName') ?? '';
    if (!/^[a-zA-Z0-9().\-/_]{3,128}$/.test(name)) throw new FakeAwsError('InvalidLaunchTemplateName.MalformedException', `The launch template name ${name} is malformed.`);
    if ([...ctx.region.templates.values()].some((t) => t.name === name)) {
      throw new FakeAwsError('InvalidLaunchTemplateName.AlreadyExistsException', `Launch template name already in use.`);
    }
    const now = ctx.now();
    const t: FakeTemplate = {
      id: newId('lt'),
      name,
      versions: [{ number: 1, data: obj(ctx.params, 'LaunchTemplateData') ?? {}, createTime: now }],
      defaultVersion: 1,
      tags: specTags(ctx.params, 'launch-template'),
      createTime: now,
    };
    ctx.region.templates.set(t.id, t);
    return [t.id];
  });
  const t = ctx.region.templates.get(id);
  return t ? [el('launchTemplate', templateXml(t))] : undefined;
};

const createLaunchTemplateVersion: QueryHandler = (ctx) => {
  const [id = '', version = '1'] = idempotent(ctx, 'CreateLaunchTemplateVersion', () => {
    const t = byIdOrName(ctx);
    const number = Math.max(...t.versions.map((v) => v.number)) + 1;
    t.versions.push({ number, data: obj(ctx.params, 'LaunchTemplateData') ?? {}, createTime: ctx.now() });
    return [t.id, String(number)];
  });
  const t = ctx.region.templates.get(id);
  const v = t?.versions.find((x) => x.number === Number(version));
  return t && v ? [el('launchTemplateVersion', templateVersionXml(t, v))] : undefined;
};

const describeLaunchTemplateVersions: QueryHandler = (ctx) => {
  const p = ctx.params;
  const wanted = arr<string>(p, 'LaunchTemplateVersion');
  const one = str(p, 'LaunchTemplateId') ?? str(p, 'LaunchTemplateName');
  if (!one && wanted.some((v) => v !== '$Latest' && v !== '$Default')) {
    throw new FakeAwsError('InvalidParameterValue', 'Version numbers can only be specified together with a launch template ID or name.');
  }
  const templates = one ? [byIdOrName(ctx)] : [...ctx.region.templates.values()];
  const versions = templates.flatMap((t) => {
    const latest = Math.max(...t.versions.map((v) => v.number));
    const pick = (v: { number: number }) =>
      wanted.length === 0
        ? one !== undefined
        : wanted.some((w) => (w === '$Latest' ? v.number === latest : w === '$Default' ? v.number === t.defaultVersion : Number(w) === v.number));
    if (one) {
      for (const w of wanted) {
        if (/^\d+$/.test(w) && !t.versions.some((v) => v.number === Number(w))) {
          throw new FakeAwsError('InvalidLaunchTemplateId.VersionNotFound', `Could not find launch template version ${w} for launch template ${t.id}.`);
        }
      }
    }
    return t.versions.filter(pick).map((v) => ({ t, v }));
  });
  const size = pageSize(num(p, 'MaxResults'), 1, 200, 200, 'InvalidParameterValue', 'maxResults');
  const { page, nextToken } = paginate(versions, size, str(p, 'NextToken'), 'ec2:DescribeLaunchTemplateVersions');
  return [list('launchTemplateVersionSet', page, 'item', ({ t, v }) => templateVersionXml(t, v)), el('nextToken', nextToken)];
};

/**
 * By ids or names (each must exist, as in EC2: one missing one fails the call) or, with
 * neither, every template in pages. Tags come back in `tagSet` as EC2 answers them.
 * Filters are not modelled.
 */
const describeLaunchTemplates: QueryHandler = (ctx) => {
  const p = ctx.params;
  const ids = arr<string>(p, 'LaunchTemplateId');
  const names = arr<string>(p, 'LaunchTemplateName');
  const all = [...ctx.region.templates.values()];
  for (const id of ids) {
    if (!/^lt-[0-9a-f]{17}$/.test(id)) throw new FakeAwsError('InvalidLaunchTemplateId.Malformed', `The specified ID for the launch template (${id}) is malformed.`);
    if (!ctx.region.templates.has(id)) throw new FakeAwsError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${id}, does not exist.`);
  }
  if (names.some((n) => !all.some((t) => t.name === n))) {
    throw new FakeAwsError('InvalidLaunchTemplateName.NotFoundException', 'At least one of the launch templates specified in the request does not exist.');
  }
  const picked = ids.length === 0 && names.length === 0 ? all : all.filter((t) => ids.includes(t.id) || names.includes(t.name));
  const size = pageSize(num(p, 'MaxResults'), 1, 200, 200, 'InvalidParameterValue', 'maxResults');
  const { page, nextToken } = paginate(picked, size, str(p, 'NextToken'), 'ec2:DescribeLaunchTemplates');
  return [list('launchTemplates', page, 'item', templateXml), el('nextToken', nextToken)];
};

const deleteLaunchTemplate: QueryHandler = (ctx) => {
  const t = byIdOrName(ctx);
  ctx.region.templates.delete(t.id);
  return [el('launchTemplate', templateXml(t))];
};

export const EC2_TEMPLATE_ACTIONS: Record<string, QueryHandler> = {
  CreateLaunchTemplate: createLaunchTemplate,
  CreateLaunchTemplateVersion: createLaunchTemplateVersion,
  DescribeLaunchTemplateVersions: describeLaunchTemplateVersions,
  DescribeLaunchTemplates: describeLaunchTemplates,
  DeleteLaunchTemplate: deleteLaunchTemplate,
};
