import { TAG_UUID } from '../../model/identity.js';
import { AWS_OPERATIONS, type AwsOperationInfo, type AwsOperationName } from './aws-operations.js';

export interface IamStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: IamStatement[];
}

export interface IamPolicyOptions {
  /**
   * The environments' `role_arn`s: the identity Quartermaster starts as then also needs
   * sts:AssumeRole on exactly these (each role itself gets the rest of the policy).
   */
  assumeRoleArns?: string[];
}

/**
 * The least-privilege IAM policy for what the adapter actually calls, derived from
 * AWS_OPERATIONS: `plan` can read everything a plan reads; `apply` adds every write, the
 * disruptive ones only on resources carrying `qm:uuid`. sts:GetCallerIdentity needs no
 * permission and is not listed.
 *
 * @example
 * JSON.stringify(iamPolicy('plan'), null, 2); // { "Version": "2012-10-17", "Statement": [{ "Sid": "QuartermasterRead", ... }] }
 */
export function iamPolicy(kind: 'plan' | 'apply', opts: IamPolicyOptions = {}): IamPolicyDocument {
  const ops = Object.entries(AWS_OPERATIONS) as [AwsOperationName, AwsOperationInfo][];
  const actions = (keep: (info: AwsOperationInfo) => boolean): string[] =>
    ops
      .filter(([, info]) => !info.assumeRole && keep(info))
      .map(([name]) => name)
      .sort();

  const statements: IamStatement[] = [{ Sid: 'QuartermasterRead', Effect: 'Allow', Action: actions((i) => i.neededFor === 'plan'), Resource: '*' }];
  if (kind === 'apply') {
    statements.push(
      { Sid: 'QuartermasterWrite', Effect: 'Allow', Action: actions((i) => i.neededFor === 'apply' && !i.onlyManaged), Resource: '*' },
      {
        Sid: 'QuartermasterWriteManagedOnly',
        Effect: 'Allow',
        Action: actions((i) => i.neededFor === 'apply' && i.onlyManaged === true),
        Resource: '*',
        Condition: { Null: { [`aws:ResourceTag/${TAG_UUID}`]: 'false' } },
      },
    );
  }
  const roles = [...new Set(opts.assumeRoleArns ?? [])].sort();
  if (roles.length > 0) {
    const assume = ops.filter(([, i]) => i.assumeRole).map(([name]) => name);
    statements.push({ Sid: 'QuartermasterAssumeEnvironmentRoles', Effect: 'Allow', Action: assume, Resource: roles });
  }
  return { Version: '2012-10-17', Statement: statements };
}
