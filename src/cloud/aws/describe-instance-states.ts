import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { InstanceState } from '../../model/observed.js';
import { allPages, chunks } from './aws-call.js';
import type { AwsClients } from './aws-clients.js';
import { PAGE_SIZE } from './aws-describes.js';

/** EC2 refuses more values in one filter (FilterLimitExceeded: "the maximum number of filter values specified on a single call is 200"). */
const INSTANCE_ID_FILTER_VALUES = 200;

/**
 * The state of each of `ids` that EC2 shows, in one paginated DescribeInstances per 200 ids
 * (sent together). By `instance-id` filter, not InstanceIds: an id EC2 does not know (yet,
 * right after a launch, or any more) is simply absent instead of failing the whole call for
 * every instance in it.
 *
 * @example
 * await describeInstanceStates(clients, ['i-1', 'i-2']); // Map { 'i-1' => 'stopping', 'i-2' => 'stopped' }
 */
export async function describeInstanceStates(c: AwsClients, ids: readonly string[]): Promise<Map<string, InstanceState>> {
  const states = new Map<string, InstanceState>();
  await Promise.all(
    chunks(ids, INSTANCE_ID_FILTER_VALUES).map(async (batch) => {
      const reservations = await allPages(
        'ec2:DescribeInstances',
        async (NextToken) => {
          const out = await c.ec2.send(
            new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: batch }], MaxResults: PAGE_SIZE.instances, NextToken }),
          );
          return { items: out.Reservations, nextToken: out.NextToken };
        },
        { region: c.region, resource: `${batch.length} instances` },
      );
      for (const i of reservations.flatMap((r) => r.Instances ?? [])) {
        if (i.InstanceId && i.State?.Name) states.set(i.InstanceId, i.State.Name as InstanceState);
      }
    }),
  );
  return states;
}
