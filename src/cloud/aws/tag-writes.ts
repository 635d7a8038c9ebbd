import { CreateOrUpdateTagsCommand, DeleteTagsCommand as DeleteGroupTagsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateTagsCommand, DeleteTagsCommand } from '@aws-sdk/client-ec2';
import type { TaggableKind } from '../provider.js';
import { awsCall, chunks } from './aws-call.js';
import type { AwsClients } from './aws-clients.js';
import { updateAlarmTags } from './alarm-writes.js';
import { recordToTags } from './aws-tags.js';
import { groupTags } from './group-writes.js';

/** Resources per CreateTags/DeleteTags call, and groups per Auto Scaling tag call. */
const EC2_TAG_BATCH = 500;
const GROUP_TAG_BATCH = 20;

/**
 * Sets and removes tags on many resources of one kind with as few calls as each API allows:
 * EC2 and Auto Scaling take many resources per call; alarms go through alarm-writes.
 *
 * @example
 * await updateTags(clients, 'instance', ['i-1', 'i-2'], { team: 'web' }, ['old']);
 */
export async function updateTags(c: AwsClients, kind: TaggableKind, ids: string[], set: Record<string, string>, remove: string[]): Promise<void> {
  if (ids.length === 0 || (Object.keys(set).length === 0 && remove.length === 0)) return;
  if (kind === 'alarm') return updateAlarmTags(c, ids, set, remove);
  if (kind === 'instance') {
    for (const batch of chunks(ids, EC2_TAG_BATCH)) {
      const ctx = { region: c.region, resource: batch.join(', ') };
      if (Object.keys(set).length > 0) await awsCall('ec2:CreateTags', () => c.ec2.send(new CreateTagsCommand({ Resources: batch, Tags: recordToTags(set) })), ctx);
      if (remove.length > 0) await awsCall('ec2:DeleteTags', () => c.ec2.send(new DeleteTagsCommand({ Resources: batch, Tags: remove.map((Key) => ({ Key })) })), ctx);
    }
    return;
  }
  for (const batch of chunks(ids, GROUP_TAG_BATCH)) {
    const ctx = { region: c.region, resource: batch.join(', ') };
    if (Object.keys(set).length > 0) {
      await awsCall('autoscaling:CreateOrUpdateTags', () => c.autoScaling.send(new CreateOrUpdateTagsCommand({ Tags: batch.flatMap((g) => groupTags(g, set)) })), ctx);
    }
    if (remove.length > 0) {
      const Tags = batch.flatMap((g) => remove.map((Key) => ({ Key, ResourceId: g, ResourceType: 'auto-scaling-group' })));
      await awsCall('autoscaling:DeleteTags', () => c.autoScaling.send(new DeleteGroupTagsCommand({ Tags })), ctx);
    }
  }
}
