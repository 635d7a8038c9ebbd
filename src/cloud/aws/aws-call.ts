import { CloudError, ErrorCode } from '../../errors.js';
import type { AwsOperationName } from './aws-operations.js';
import { toCloudError, type AwsErrorContext } from './to-cloud-error.js';

/**
 * Sends one SDK command and turns its failure into a CloudError. The operation name must be
 * in AWS_OPERATIONS (the type says so), which is what keeps the IAM policy complete.
 *
 * @example
 * const out = await awsCall('ec2:StopInstances', () => ec2.send(new StopInstancesCommand({ InstanceIds: ids })));
 */
export async function awsCall<T>(op: AwsOperationName, send: () => Promise<T>, ctx?: AwsErrorContext): Promise<T> {
  try {
    return await send();
  } catch (e) {
    throw toCloudError(e, op, ctx);
  }
}

export interface Page<T> {
  items: T[] | undefined;
  nextToken: string | undefined;
}

/**
 * Follows a paginated describe to its last page. A token that repeats is a server bug that
 * would loop forever, so it fails instead.
 *
 * @example
 * const groups = await allPages('autoscaling:DescribeAutoScalingGroups', async (token) => {
 *   const out = await asg.send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 100, NextToken: token }));
 *   return { items: out.AutoScalingGroups, nextToken: out.NextToken };
 * });
 */
export async function allPages<T>(op: AwsOperationName, fetchPage: (token: string | undefined) => Promise<Page<T>>, ctx?: AwsErrorContext): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await awsCall(op, () => fetchPage(token), ctx);
    if (page.items) all.push(...page.items);
    token = page.nextToken || undefined;
    if (token !== undefined) {
      if (seen.has(token)) {
        throw new CloudError(ErrorCode.CloudApi, `${op} returned the same NextToken twice`, {
          fix: 'The endpoint paginates incorrectly; check AWS_ENDPOINT_URL points at a faithful AWS endpoint',
        });
      }
      seen.add(token);
    }
  } while (token !== undefined);
  return all;
}

/** Splits `items` into batches of at most `size` (AWS caps ids per call). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
