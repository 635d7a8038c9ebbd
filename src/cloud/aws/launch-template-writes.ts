import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  DeleteLaunchTemplateCommand,
  type RequestLaunchTemplateData,
} from '@aws-sdk/client-ec2';
import { CloudError, ErrorCode, isQmError } from '../../errors.js';
import type { LaunchTemplateRef, PutLaunchTemplateRequest } from '../provider.js';
import { awsCall } from './aws-call.js';
import type { AwsClients } from './aws-clients.js';
import { recordToTags } from './aws-tags.js';
import { base64, rootDeviceName, rootMapping, type RootDeviceCache } from './instance-writes.js';

const ALREADY_EXISTS = 'InvalidLaunchTemplateName.AlreadyExistsException';

/**
 * Creates the group's template, or a new version of it when it exists, and returns the
 * version to point the group at explicitly (never `$Latest`, so a version made by hand is
 * never picked up by surprise). Create is tried first: with the same ClientToken both calls
 * are idempotent, so a re-run after a crash returns the version already made.
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
  const out = await awsCall(
    'ec2:CreateLaunchTemplateVersion',
    () => c.ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateName: req.name, ClientToken: req.clientToken, LaunchTemplateData: data })),
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

/** Deletes the template named after a group; one already gone is fine. */
export async function deleteLaunchTemplate(c: AwsClients, name: string): Promise<void> {
  try {
    await awsCall('ec2:DeleteLaunchTemplate', () => c.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateName: name })), {
      region: c.region,
      resource: name,
    });
  } catch (e) {
    if (!isQmError(e, ErrorCode.CloudNotFound)) throw e;
  }
}
