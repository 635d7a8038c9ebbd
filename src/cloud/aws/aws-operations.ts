/**
 * The one table of every AWS API operation the adapter calls. The IAM policy (iam-policy.ts),
 * the call counter's names and the error messages ("grant ec2:RunInstances") are all derived
 * from it, so they cannot drift from the code; a test checks every command the adapter sends
 * is listed here.
 */
export type AwsService = 'ec2' | 'autoscaling' | 'cloudwatch' | 'sts';

export interface AwsOperationInfo {
  service: AwsService;
  /**
   * `plan`: needed to read (plan and apply); `apply`: needed only to apply (every write, plus
   * DescribeImages, read only when launching, and DescribeLaunchTemplates, read only to check
   * who owns a template before versioning or deleting it); `none`: needs no IAM permission at all
   * (sts:GetCallerIdentity).
   */
  neededFor: 'plan' | 'apply' | 'none';
  /**
   * Set when IAM should only allow the action on resources carrying `qm:uuid`, so even the
   * credentials cannot stop, terminate or reshape a resource Quartermaster does not manage.
   * Only used where the operation touches that one resource type (conditions are evaluated
   * per resource, so a RunInstances or ModifyInstanceAttribute condition would also hit
   * subnets and security groups).
   */
  onlyManaged?: true;
  /** Called only when an environment has `role_arn`; not part of the role's own policy. */
  assumeRole?: true;
}

export const AWS_OPERATIONS = {
  'ec2:DescribeInstances': { service: 'ec2', neededFor: 'plan' },
  'ec2:DescribeLaunchTemplateVersions': { service: 'ec2', neededFor: 'plan' },
  'ec2:DescribeImages': { service: 'ec2', neededFor: 'apply' },
  // Read only by apply: who owns a template named after a group (put) or used by one (delete).
  'ec2:DescribeLaunchTemplates': { service: 'ec2', neededFor: 'apply' },
  'ec2:RunInstances': { service: 'ec2', neededFor: 'apply' },
  'ec2:StartInstances': { service: 'ec2', neededFor: 'apply', onlyManaged: true },
  'ec2:StopInstances': { service: 'ec2', neededFor: 'apply', onlyManaged: true },
  'ec2:TerminateInstances': { service: 'ec2', neededFor: 'apply', onlyManaged: true },
  'ec2:ModifyInstanceAttribute': { service: 'ec2', neededFor: 'apply' },
  'ec2:MonitorInstances': { service: 'ec2', neededFor: 'apply', onlyManaged: true },
  'ec2:UnmonitorInstances': { service: 'ec2', neededFor: 'apply', onlyManaged: true },
  'ec2:CreateTags': { service: 'ec2', neededFor: 'apply' },
  'ec2:DeleteTags': { service: 'ec2', neededFor: 'apply' },
  'ec2:CreateLaunchTemplate': { service: 'ec2', neededFor: 'apply' },
  'ec2:CreateLaunchTemplateVersion': { service: 'ec2', neededFor: 'apply' },
  'ec2:DeleteLaunchTemplate': { service: 'ec2', neededFor: 'apply' },
  'autoscaling:DescribeAutoScalingGroups': { service: 'autoscaling', neededFor: 'plan' },
  'autoscaling:DescribePolicies': { service: 'autoscaling', neededFor: 'plan' },
  'autoscaling:DescribeInstanceRefreshes': { service: 'autoscaling', neededFor: 'plan' },
  'autoscaling:CreateAutoScalingGroup': { service: 'autoscaling', neededFor: 'apply' },
  'autoscaling:UpdateAutoScalingGroup': { service: 'autoscaling', neededFor: 'apply', onlyManaged: true },
  'autoscaling:DeleteAutoScalingGroup': { service: 'autoscaling', neededFor: 'apply', onlyManaged: true },
  'autoscaling:StartInstanceRefresh': { service: 'autoscaling', neededFor: 'apply', onlyManaged: true },
  'autoscaling:PutScalingPolicy': { service: 'autoscaling', neededFor: 'apply', onlyManaged: true },
  'autoscaling:DeletePolicy': { service: 'autoscaling', neededFor: 'apply', onlyManaged: true },
  'autoscaling:CreateOrUpdateTags': { service: 'autoscaling', neededFor: 'apply' },
  'autoscaling:DeleteTags': { service: 'autoscaling', neededFor: 'apply' },
  'cloudwatch:DescribeAlarms': { service: 'cloudwatch', neededFor: 'plan' },
  'cloudwatch:PutMetricAlarm': { service: 'cloudwatch', neededFor: 'apply' },
  'cloudwatch:DeleteAlarms': { service: 'cloudwatch', neededFor: 'apply' },
  'cloudwatch:TagResource': { service: 'cloudwatch', neededFor: 'apply' },
  'cloudwatch:UntagResource': { service: 'cloudwatch', neededFor: 'apply' },
  'sts:GetCallerIdentity': { service: 'sts', neededFor: 'none' },
  'sts:AssumeRole': { service: 'sts', neededFor: 'plan', assumeRole: true },
} as const satisfies Record<string, AwsOperationInfo>;

/** `ec2:DescribeInstances`: the IAM action name, also used as the operation's name in call stats. */
export type AwsOperationName = keyof typeof AWS_OPERATIONS;

/** @example isAwsOperation('ec2:RunInstances') // true */
export function isAwsOperation(name: string): name is AwsOperationName {
  return Object.hasOwn(AWS_OPERATIONS, name);
}

/** The table's name for an SDK command sent by a client of `service`: `ec2` + `RunInstancesCommand` -> `ec2:RunInstances`. */
export function operationName(service: AwsService, commandName: string): string {
  return `${service}:${commandName.replace(/Command$/, '')}`;
}
