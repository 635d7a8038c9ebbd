import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { Clock } from '../../clock.js';
import { toCloudError } from './to-cloud-error.js';

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Refresh this long before AWS says the session ends, so no call is signed with expiring keys. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * A credential provider for an environment's `role_arn`: STS AssumeRole through the given
 * (counted) STS client, memoised and shared by the environment's EC2, Auto Scaling and
 * CloudWatch clients so one role is assumed once per session, not once per client.
 * (fromTemporaryCredentials builds its own uncounted STS client, hence this small wrapper.)
 *
 * @example
 * const creds = assumeRoleCredentials(sts, 'arn:aws:iam::123456789012:role/qm', 'quartermaster', systemClock);
 * new EC2Client({ region, credentials: creds });
 */
export function assumeRoleCredentials(sts: STSClient, roleArn: string, sessionName: string, clock: Clock): () => Promise<TemporaryCredentials> {
  let current: Promise<TemporaryCredentials> | undefined;
  let refreshAt = 0;
  const assume = async (): Promise<TemporaryCredentials> => {
    try {
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 3600 }));
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`STS AssumeRole returned no credentials for ${roleArn}`);
      refreshAt = (c.Expiration?.getTime() ?? clock.now().getTime() + 3600_000) - REFRESH_MARGIN_MS;
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    } catch (e) {
      current = undefined;
      throw toCloudError(e, 'sts:AssumeRole', { resource: roleArn });
    }
  };
  return () => {
    if (!current || clock.now().getTime() >= refreshAt) {
      // Concurrent callers share this one AssumeRole until it settles.
      refreshAt = Number.POSITIVE_INFINITY;
      current = assume();
    }
    return current;
  };
}
