import { FakeAwsError } from './wire.js';

/**
 * Opaque AWS-style tokens: the offset into the (stably ordered) results, tied to the
 * operation so a token from one API is refused by another.
 */
export function paginate<T>(items: readonly T[], maxResults: number, token: string | undefined, op: string): { page: T[]; nextToken?: string } {
  let offset = 0;
  if (token) {
    try {
      const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { op: string; offset: number };
      if (decoded.op !== op || !Number.isInteger(decoded.offset)) throw new Error('bad');
      offset = decoded.offset;
    } catch {
      throw new FakeAwsError(op.startsWith('autoscaling') ? 'InvalidNextToken' : 'InvalidParameterValue', 'The specified NextToken is not valid.');
    }
  }
  const page = items.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return next < items.length ? { page, nextToken: Buffer.from(JSON.stringify({ op, offset: next })).toString('base64') } : { page };
}

/** Checks a page-size parameter against the API's range, answering like the API does. */
export function pageSize(value: number | undefined, min: number, max: number, fallback: number, errorCode: string, param: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new FakeAwsError(errorCode, `Value ( ${value} ) for parameter ${param} is invalid. Expecting a value between ${min} and ${max}.`);
  }
  return value;
}
