import {
  CreateTagsCommand,
  DescribeImagesCommand,
  ModifyInstanceAttributeCommand,
  MonitorInstancesCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  UnmonitorInstancesCommand,
  type BlockDeviceMapping,
} from '@aws-sdk/client-ec2';
import { CloudError, ErrorCode } from '../../errors.js';
import { TAG_USER_DATA } from '../../model/identity.js';
import { launchTags, userDataTag } from '../../model/user-data-tag.js';
import type { RootVolume } from '../../model/resources.js';
import type { ModifyInstanceRequest, RunInstanceRequest } from '../provider.js';
import { awsCall, chunks } from './aws-call.js';
import type { AwsClients } from './aws-clients.js';
import { recordToTags } from './aws-tags.js';

/** Ids per Start/Stop/Terminate call: well under what EC2 accepts, small enough to keep errors local. */
export const INSTANCE_BATCH = 500;

/**
 * Root device names per (region, AMI). They never change for an AMI, and the root volume can
 * only be sized through a block device mapping on exactly that device name (any other name
 * adds a second volume).
 */
export type RootDeviceCache = Map<string, Promise<string>>;

export function rootDeviceName(c: AwsClients, ami: string, cache: RootDeviceCache): Promise<string> {
  const key = `${c.region}|${ami}`;
  let p = cache.get(key);
  if (!p) {
    p = awsCall('ec2:DescribeImages', () => c.ec2.send(new DescribeImagesCommand({ ImageIds: [ami] })), { region: c.region, ami }).then((out) => {
      const image = out.Images?.[0];
      if (!image) {
        throw new CloudError(ErrorCode.CloudInvalidAmi, `AMI ${ami} was not found in ${c.region}`, {
          fix: 'Check `ami` in the definition: AMIs are regional, must exist and be shared with this account',
          details: { providerCode: 'InvalidAMIID.NotFound', ami, region: c.region },
        });
      }
      return image.RootDeviceName ?? '/dev/xvda';
    });
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

/** The block device mapping that sizes the root volume. */
export function rootMapping(deviceName: string, v: RootVolume): BlockDeviceMapping {
  return {
    DeviceName: deviceName,
    Ebs: {
      VolumeSize: v.sizeGiB,
      VolumeType: v.volumeType,
      Encrypted: v.encrypted,
      DeleteOnTermination: true,
      ...(v.iops !== undefined ? { Iops: v.iops } : {}),
    },
  };
}

export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * Launches one instance. The ClientToken comes from the plan, so a retried or re-run apply
 * gets the same instance back instead of a second one; tags are set at launch on the
 * instance and its volumes, so it never exists untagged. The instance also gets `qm:user-data`
 * (the hash of its user data, never the text): DescribeInstances returns tags in batch but not
 * user data, so that tag is how a plan sees a user data change.
 *
 * @example
 * const id = await runInstance(clients, { clientToken: 'plan-abc/uuid-1', instanceType: 't3.micro', ... }, cache);
 */
export async function runInstance(c: AwsClients, req: RunInstanceRequest, cache: RootDeviceCache): Promise<string> {
  const ctx = { region: c.region, instanceType: req.instanceType, ami: req.ami };
  const device = await rootDeviceName(c, req.ami, cache);
  const Tags = recordToTags(req.tags);
  const instanceTags = recordToTags(launchTags(req.tags, req.userData));
  const out = await awsCall(
    'ec2:RunInstances',
    () =>
      c.ec2.send(
        new RunInstancesCommand({
          ClientToken: req.clientToken,
          ImageId: req.ami,
          InstanceType: req.instanceType as never,
          MinCount: 1,
          MaxCount: 1,
          SubnetId: req.subnetId,
          SecurityGroupIds: req.securityGroupIds,
          KeyName: req.keyName,
          Monitoring: { Enabled: req.monitoring },
          EbsOptimized: req.ebsOptimized,
          BlockDeviceMappings: [rootMapping(device, req.rootVolume)],
          // RunInstances takes user data already base64-encoded (the SDK does not encode this field).
          UserData: req.userData === undefined ? undefined : base64(req.userData),
          TagSpecifications: [
            { ResourceType: 'instance', Tags: instanceTags },
            { ResourceType: 'volume', Tags },
          ],
        }),
      ),
    ctx,
  );
  const id = out.Instances?.[0]?.InstanceId;
  if (!id) throw new CloudError(ErrorCode.CloudApi, 'RunInstances answered without an instance id', { fix: 'Run apply again; the ClientToken makes it safe', details: ctx });
  return id;
}

type StateOp = 'ec2:StartInstances' | 'ec2:StopInstances' | 'ec2:TerminateInstances';

/** Starts, stops or terminates instances in batches. */
export async function changeInstanceStates(c: AwsClients, op: StateOp, ids: string[]): Promise<void> {
  for (const batch of chunks(ids, INSTANCE_BATCH)) {
    const ctx = { region: c.region, resource: batch.join(', ') };
    if (op === 'ec2:StartInstances') await awsCall('ec2:StartInstances', () => c.ec2.send(new StartInstancesCommand({ InstanceIds: batch })), ctx);
    else if (op === 'ec2:StopInstances') await awsCall('ec2:StopInstances', () => c.ec2.send(new StopInstancesCommand({ InstanceIds: batch })), ctx);
    else await awsCall('ec2:TerminateInstances', () => c.ec2.send(new TerminateInstancesCommand({ InstanceIds: batch })), ctx);
  }
}

/**
 * Changes attributes of one instance. ModifyInstanceAttribute takes one attribute per call;
 * type, user data and EBS optimisation need the instance stopped (EC2 answers
 * IncorrectInstanceState otherwise); monitoring has its own calls. New user data is followed by
 * CreateTags of its `qm:user-data` hash (dying in between leaves the old hash: the next plan
 * writes the same user data again, which is harmless).
 */
export async function modifyInstance(c: AwsClients, instanceId: string, req: ModifyInstanceRequest): Promise<void> {
  const ctx = { region: c.region, resource: instanceId, instanceType: req.instanceType };
  const modify = (input: Omit<ConstructorParameters<typeof ModifyInstanceAttributeCommand>[0], 'InstanceId'>) =>
    awsCall('ec2:ModifyInstanceAttribute', () => c.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, ...input })), ctx);
  if (req.instanceType !== undefined) await modify({ InstanceType: { Value: req.instanceType } });
  if (req.ebsOptimized !== undefined) await modify({ EbsOptimized: { Value: req.ebsOptimized } });
  if (req.securityGroupIds !== undefined) await modify({ Groups: req.securityGroupIds });
  // A blob attribute: the SDK base64-encodes the bytes itself.
  if (req.userData !== undefined) {
    await modify({ UserData: { Value: Buffer.from(req.userData, 'utf8') } });
    const Tags = [{ Key: TAG_USER_DATA, Value: userDataTag(req.userData) }];
    await awsCall('ec2:CreateTags', () => c.ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags })), ctx);
  }
  if (req.monitoring === true) await awsCall('ec2:MonitorInstances', () => c.ec2.send(new MonitorInstancesCommand({ InstanceIds: [instanceId] })), ctx);
  if (req.monitoring === false) await awsCall('ec2:UnmonitorInstances', () => c.ec2.send(new UnmonitorInstancesCommand({ InstanceIds: [instanceId] })), ctx);
}
