import { createHash } from 'node:crypto';
import { classifyInstanceType } from '../../catalog/instance-families.js';
import type { InstanceTypeInfo } from '../../catalog/instance-types.js';
import { ErrorCode } from '../../errors.js';
import { awsError } from './aws-errors.js';
import type { SimImage, SimState } from './sim-state.js';

/**
 * The checks EC2 makes on an instance type and an AMI, with AWS's codes and wording.
 * `prefix` lets Auto Scaling wrap them ("You must use a valid fully-formed launch template.").
 */
export interface CheckContext {
  operation: string;
  /** Auto Scaling reports launch template problems as ValidationError with this prefix. */
  asValidation?: boolean;
}

const LT_PREFIX = 'You must use a valid fully-formed launch template. ';

/**
 * The catalog entry of an instance type; undefined for a real AWS type the catalogue does not
 * hold (g5.xlarge: EC2 accepts it, so the sim does, without knowing its architecture); the error
 * EC2 (or Auto Scaling) gives for a name that is no instance type.
 */
export function checkInstanceType(ctx: CheckContext, instanceType: string): InstanceTypeInfo | undefined {
  const known = classifyInstanceType(instanceType);
  if (known.kind === 'catalogued') return known.info;
  if (known.kind === 'uncatalogued') return undefined;
  const details = { instanceType };
  const code = ErrorCode.CloudInvalidInstanceType;
  const fix = 'Use an EC2 instance type that exists (see `qm schema` or the instance type table)';
  if (ctx.asValidation) {
    throw awsError('ValidationError', `${LT_PREFIX}The specified instance type ${instanceType} is not valid.`, { operation: ctx.operation, code, fix, details });
  }
  if (ctx.operation === 'ModifyInstanceAttribute') {
    throw awsError('InvalidInstanceAttributeValue', `Value (${instanceType}) for parameter instanceType is invalid. Unknown instance type.`, {
      operation: ctx.operation,
      code,
      fix,
      details,
    });
  }
  throw awsError('InvalidParameterValue', `Invalid value '${instanceType}' for InstanceType.`, { operation: ctx.operation, code, fix, details });
}

const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** The registered AMI, or InvalidAMIID.Malformed / InvalidAMIID.NotFound (ValidationError from Auto Scaling). */
export function checkImage(ctx: CheckContext, state: SimState, ami: string): SimImage {
  const image = state.images.get(ami);
  if (image) return image;
  const details = { ami };
  if (ctx.asValidation) {
    throw awsError('ValidationError', `${LT_PREFIX}The image id '[${ami}]' does not exist`, { operation: ctx.operation, code: ErrorCode.CloudInvalidAmi, details });
  }
  if (!AMI_ID.test(ami)) {
    throw awsError('InvalidAMIID.Malformed', `Invalid id: "${ami}" (expecting "ami-...")`, { operation: ctx.operation, details });
  }
  throw awsError('InvalidAMIID.NotFound', `The image id '[${ami}]' does not exist`, { operation: ctx.operation, details });
}

/** Refuses an AMI whose architecture differs from the instance type's, in EC2's words. */
export function checkArchitecture(ctx: CheckContext, type: InstanceTypeInfo | undefined, image: SimImage): void {
  // A type outside the catalogue: its architecture is unknown here, so EC2's check cannot be played.
  if (type === undefined || type.architecture === image.architecture) return;
  const message =
    `The architecture '${type.architecture}' of the specified instance type does not match the architecture '${image.architecture}' of the specified AMI. ` +
    "Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.";
  const opts = {
    operation: ctx.operation,
    code: ErrorCode.CloudArchitectureMismatch,
    fix: `Use an ${image.architecture} instance type with ${image.id}, or an ${type.architecture} AMI`,
    details: { instanceType: type.name, ami: image.id },
  };
  if (ctx.asValidation) throw awsError('ValidationError', LT_PREFIX + message, opts);
  if (ctx.operation === 'ModifyInstanceAttribute') throw awsError('InvalidInstanceAttributeValue', message, opts);
  throw awsError('InvalidParameterValue', message, opts);
}

/** Tag keys under `aws:` belong to AWS (the sim sets aws:autoscaling:groupName itself). */
export function checkTagKeys(operation: string, keys: Iterable<string>): void {
  for (const key of keys) {
    if (key.toLowerCase().startsWith('aws:')) {
      throw awsError('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use", { operation, details: { tagKey: key } });
    }
  }
}

/**
 * A stable hash of a request's parameters, for idempotency tokens: the same token with other
 * parameters is IdempotentParameterMismatch, as in EC2.
 */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Hex sha256 of a text. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
