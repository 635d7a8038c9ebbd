import { isScalar } from 'yaml';
import { AWS_REGIONS } from './aws-regions.js';
import { enumField, mapField, reportExpected, resolveNode, stringField, type FieldType } from './field-types.js';

/**
 * Field types for AWS identifiers and Quartermaster names, shared by the environment and
 * resource specs. Each says what a good value looks like, with an example.
 */

/** Resource and environment names: they end up in AWS names (`prod-web`) and in chat commands. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
export const NAME_EXPECTED = 'a name of lowercase letters, digits and hyphens, starting with a letter (at most 63 characters)';

/** The canonical form crypto.randomUUID() writes. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const nameField = (): FieldType<string> => stringField({ pattern: NAME_PATTERN, expected: NAME_EXPECTED });

export const uuidField = (): FieldType<string> =>
  stringField({
    pattern: UUID_PATTERN,
    expected: 'a lowercase UUID like "3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f" (delete the line and run `qm fmt` to get a new one)',
  });

/** AWS ids are a prefix and 8 (older) or 17 hex digits. */
function awsIdField(prefix: string, what: string, example: string): FieldType<string> {
  return stringField({ pattern: new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`), expected: `${what} like ${example}` });
}

export const amiField = (): FieldType<string> => awsIdField('ami', 'an AMI id', 'ami-0abcdef1234567890');
export const subnetField = (): FieldType<string> => awsIdField('subnet', 'a subnet id', 'subnet-0a1b2c3d4e5f67890');
export const securityGroupField = (): FieldType<string> => awsIdField('sg', 'a security group id', 'sg-0123456789abcdef0');

export { instanceTypeField } from './instance-type-field.js';

export const regionField = (): FieldType<string> => enumField(AWS_REGIONS, { expected: 'an AWS region like "us-east-1"' });

export const availabilityZoneField = (): FieldType<string> =>
  stringField({ pattern: /^[a-z]{2}(?:-gov)?-[a-z]+-\d[a-z]$/, expected: 'an availability zone like "eu-west-1a"' });

export const keyNameField = (): FieldType<string> => stringField({ minLength: 1, maxLength: 255, expected: 'a key pair name (1 to 255 characters)' });

/** An ARN for alarm actions: SNS topics, scaling policies, `arn:aws:automate:<region>:ec2:recover`. */
export const arnField = (): FieldType<string> =>
  stringField({ pattern: /^arn:aws(?:-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:[^:]*:.+$/, expected: 'an ARN like "arn:aws:sns:us-east-1:123456789012:oncall"' });

export const roleArnField = (): FieldType<string> =>
  stringField({ pattern: /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, expected: 'an IAM role ARN like "arn:aws:iam::123456789012:role/quartermaster"' });

/**
 * A 12-digit account id. YAML reads an unquoted `012345678901` as a number and drops the
 * leading zero, so the digits are taken from the source text as written.
 */
export function accountIdField(): FieldType<string> {
  const expected = 'a 12-digit AWS account id like "123456789012"';
  return {
    expected,
    read(raw, ctx, label) {
      const node = resolveNode(raw, ctx);
      const written = isScalar(node) && node.value !== null ? (typeof node.value === 'string' ? node.value : node.source) : undefined;
      if (typeof written !== 'string' || !/^\d{12}$/.test(written)) {
        reportExpected(ctx, node, label, expected);
        return undefined;
      }
      return written;
    },
    jsonSchema: () => ({
      anyOf: [
        { type: 'string', pattern: '^\\d{12}$' },
        { type: 'integer', minimum: 100000000000, maximum: 999999999999 },
      ],
    }),
  };
}

const RESERVED_TAG_PREFIXES = ['qm:', 'aws:'];

/** Tags: the `qm:` keys carry identity and `aws:` keys belong to AWS, so neither can be written. */
export const tagsField = (): FieldType<Record<string, string>> =>
  mapField(
    stringField({
      minLength: 1,
      maxLength: 128,
      expected: 'a tag key (1 to 128 characters)',
      check: (k) => (RESERVED_TAG_PREFIXES.some((p) => k.toLowerCase().startsWith(p)) ? 'is reserved (tag keys starting with qm: or aws: are set by Quartermaster and AWS)' : undefined),
    }),
    stringField({ maxLength: 256, expected: 'a string of at most 256 characters (quote numbers: "1234")' }),
    { maxEntries: 40 },
  );
