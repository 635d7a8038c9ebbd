import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  DeleteLaunchTemplateCommand,
  DescribeLaunchTemplatesCommand,
  type LaunchTemplate,
  type RequestLaunchTemplateData,
} from '@aws-sdk/client-ec2';
import { CloudError, ErrorCode, isQmError } from '../../errors.js';
import { TAG_UUID } from '../../model/identity.js';
import type { LaunchTemplateRef, PutLaunchTemplateRequest } from '../provider.js';
import { awsCall } from './aws-call.js';
import type { AwsClients } from './aws-clients.js';
import { recordToTags, tagsToRecord } from './aws-tags.js';
import { base64, rootDeviceName, rootMapping, type RootDeviceCache } from './instance-writes.js';

const ALREADY_EXISTS = 'InvalidLaunchTemplateName.AlreadyExistsException';

/** details.providerCode of the refusal to touch a template named like the group but not its own. */
export const LAUNCH_TEMPLATE_NOT_OWNED = 'LaunchTemplateNotOwned';

/**
 * Creates the group's template, or a new version of it when it exists, and returns the
 * version to point the group at explicitly (never `$Latest`, so a version made by hand is
 * never picked up by surprise). Create is tried first: with the same ClientToken both calls
 * are idempotent, so a re-run after a crash returns the version already made.
 *
 * A template of that name is only versioned when it carries this group's `qm:uuid`: one
 * made by hand or by another definition that happens to share the name is refused, never
 * taken over (its next version would launch our spec into someone else's template).
 *
 * @example
 * const ref = await putLaunchTemplate(clients, { name: 'prod-web', spec, tags, clientToken }, cache); // { id: 'lt-0abc', version: '4' }
 */
export async function putLaunchTemplate(c: AwsClients, req: PutLaunchTemplateRequest, cache: RootDeviceCache): Promise<LaunchTemplateRef> {
  const ctx = { region: c.region, resource: req.name, ami: req.spec.ami, instanceType: req.spec.instanceType };
  const data = await templateData(c, req, cache);
  try {
    const out = await awsCall(
      'ec2:CreateLaunchTemplate',
      () =>
        c.ec2.send(
          new CreateLaunchTemplateCommand({
            LaunchTemplateName: req.name,
            ClientToken: req.clientToken,
            LaunchTemplateData: data,
            TagSpecifications: [{ ResourceType: 'launch-template', Tags: recordToTags(req.tags) }],
          }),
        ),
      ctx,
    );
    // A new template has exactly one version, the one this call made (also on an idempotent replay).
    return { id: out.LaunchTemplate?.LaunchTemplateId ?? '', version: '1' };
  } catch (e) {
    if (!isQmError(e) || e.details.providerCode !== ALREADY_EXISTS) throw e;
  }
  const existing = await describeTemplate(c, { LaunchTemplateNames: [req.name] }, req.name);
  const id = existing?.LaunchTemplateId;
  if (!id) {
    throw new CloudError(ErrorCode.CloudApi, `launch template ${req.name} was reported as existing in ${c.region} but could not be read back`, { fix: 'Run apply again', details: ctx });
  }
  const owner = tagsToRecord(existing.Tags)[TAG_UUID];
  if (req.tags[TAG_UUID] === undefined || owner !== req.tags[TAG_UUID]) {
    throw new CloudError(ErrorCode.CloudApi, `a launch template named ${req.name} (${id}) already exists in ${c.region} and is not this group's: ${ownerText(existing)}`, {
      fix: 'Rename or delete that launch template, or rename the group in the definitions',
      details: { ...ctx, providerCode: LAUNCH_TEMPLATE_NOT_OWNED, launchTemplateId: id, ownerUuid: owner },
    });
  }
  const out = await awsCall(
    'ec2:CreateLaunchTemplateVersion',
    // By id: the version goes into the very template whose tags were just checked.
    () => c.ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, ClientToken: req.clientToken, LaunchTemplateData: data })),
    ctx,
  );
  const v = out.LaunchTemplateVersion;
  if (!v?.LaunchTemplateId || v.VersionNumber === undefined) {
    throw new CloudError(ErrorCode.CloudApi, `CreateLaunchTemplateVersion answered without a version for ${req.name}`, { fix: 'Run apply again', details: ctx });
  }
  return { id: v.LaunchTemplateId, version: String(v.VersionNumber) };
}

async function templateData(c: AwsClients, req: PutLaunchTemplateRequest, cache: RootDeviceCache): Promise<RequestLaunchTemplateData> {
  const s = req.spec;
  const data: RequestLaunchTemplateData = {
    ImageId: s.ami,
    InstanceType: s.instanceType as never,
    SecurityGroupIds: s.securityGroupIds,
    Monitoring: { Enabled: s.monitoring },
  };
  if (s.keyName) data.KeyName = s.keyName;
  // Launch template user data is base64 text, as in RunInstances.
  if (s.userData !== undefined) data.UserData = base64(s.userData);
  if (s.rootVolume) data.BlockDeviceMappings = [rootMapping(await rootDeviceName(c, s.ami, cache), s.rootVolume)];
  return data;
}

/** "its qm:uuid is …", or what it carries instead, for the refusal message. */
function ownerText(t: LaunchTemplate): string {
  const tags = tagsToRecord(t.Tags);
  if (tags[TAG_UUID] !== undefined) return `its qm:uuid is ${tags[TAG_UUID]}`;
  return Object.keys(tags).some((k) => k.startsWith('qm:')) ? 'it has no qm:uuid tag' : 'it has no qm: tags';
}

/**
 * One template by name or id, with its tags; undefined when it does not exist (EC2 answers
 * NotFound rather than an empty list when a named or listed template is missing).
 */
async function describeTemplate(c: AwsClients, by: { LaunchTemplateNames: string[] } | { LaunchTemplateIds: string[] }, resource: string): Promise<LaunchTemplate | undefined> {
  try {
    const out = await awsCall('ec2:DescribeLaunchTemplates', () => c.ec2.send(new DescribeLaunchTemplatesCommand(by)), { region: c.region, resource });
    return out.LaunchTemplates?.[0];
  } catch (e) {
    if (isQmError(e, ErrorCode.CloudNotFound)) return undefined;
    throw e;
  }
}

/**
 * Deletes the template `id` only when it carries `uuid` as its qm:uuid, so a group that was
 * pointed at someone else's template never takes it down with it; one already gone is fine.
 *
 * @example
 * await deleteOwnedLaunchTemplate(clients, 'lt-0abc', '6f1c…0010'); // deleted, or left alone if foreign
 */
export async function deleteOwnedLaunchTemplate(c: AwsClients, id: string, uuid: string): Promise<void> {
  const t = await describeTemplate(c, { LaunchTemplateIds: [id] }, id);
  if (!t || tagsToRecord(t.Tags)[TAG_UUID] !== uuid) return;
  try {
    await awsCall('ec2:DeleteLaunchTemplate', () => c.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: id })), { region: c.region, resource: id });
  } catch (e) {
    if (!isQmError(e, ErrorCode.CloudNotFound)) throw e;
  }
}
