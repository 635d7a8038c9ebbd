import { randomBytes } from 'node:crypto';
import type { QueryHandler } from './fake-context.js';
import { FakeAwsError, num, str } from './wire.js';
import { el } from './xml.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(.+)$/;

const getCallerIdentity: QueryHandler = (ctx) => {
  const arn = ctx.callerArn();
  return [el('Arn', arn), el('UserId', `AIDA${ctx.accessKeyId.slice(-12).toUpperCase()}`), el('Account', ctx.region.account)];
};

/** AssumeRole hands out new temporary keys that act in the role's account. */
const assumeRole: QueryHandler = (ctx) => {
  const roleArn = str(ctx.params, 'RoleArn') ?? '';
  const session = str(ctx.params, 'RoleSessionName') ?? '';
  const m = ROLE_ARN.exec(roleArn);
  if (!m) throw new FakeAwsError('ValidationError', `${roleArn} is invalid`);
  if (ctx.opts.deniedRoles.has(roleArn)) {
    throw new FakeAwsError('AccessDenied', `User: ${ctx.callerArn()} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
  }
  const [, account = '', roleName = ''] = m;
  const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
  const assumedArn = `arn:aws:sts::${account}:assumed-role/${roleName.split('/').pop()}/${session}`;
  ctx.grantCredentials(accessKeyId, account, assumedArn);
  const expiration = new Date(ctx.now().getTime() + (num(ctx.params, 'DurationSeconds') ?? 3600) * 1000);
  return [
    el('Credentials', [
      el('AccessKeyId', accessKeyId),
      el('SecretAccessKey', randomBytes(20).toString('base64')),
      el('SessionToken', randomBytes(48).toString('base64')),
      el('Expiration', expiration),
    ]),
    el('AssumedRoleUser', [el('AssumedRoleId', `AROA${randomBytes(8).toString('hex').toUpperCase()}:${session}`), el('Arn', assumedArn)]),
  ];
};

export const STS_ACTIONS: Record<string, QueryHandler> = {
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
};
