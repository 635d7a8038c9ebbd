import type { FakeImage } from './fake-catalog.js';
import type { FakeRegion } from './fake-state.js';
import type { Params } from './wire.js';
import type { XmlNode } from './xml.js';

/** Behaviour knobs of the fake, all optional. */
export interface FakeAwsOptions {
  /** The account the default credentials act in. Default 123456789012. */
  accountId?: string;
  /** Access key id -> account, for several accounts; unknown keys act in `accountId`. */
  accessKeys?: Record<string, string>;
  /** Role ARNs whose AssumeRole is refused (AccessDenied). */
  deniedRoles?: string[];
  images?: readonly FakeImage[];
  /** Describes a transitional state (pending, stopping, shutting-down) stays visible. Default 1. */
  transitionDescribes?: number;
  /** Running On-Demand vCPU quota per region (VcpuLimitExceeded above it). Default 100000. */
  vcpuLimit?: number;
  /** Instance types with no capacity right now (InsufficientInstanceCapacity). */
  noCapacityFor?: string[];
  /** Describes an instance refresh takes from Pending to Successful. Default 3. */
  refreshDescribes?: number;
}

export interface ResolvedOptions {
  accountId: string;
  accessKeys: Record<string, string>;
  deniedRoles: Set<string>;
  images: readonly FakeImage[] | undefined;
  transitionDescribes: number;
  vcpuLimit: number;
  noCapacityFor: Set<string>;
  refreshDescribes: number;
}

export function resolveOptions(o: FakeAwsOptions): ResolvedOptions {
  return {
    accountId: o.accountId ?? '123456789012',
    accessKeys: { ...(o.accessKeys ?? {}) },
    deniedRoles: new Set(o.deniedRoles ?? []),
    images: o.images,
    transitionDescribes: o.transitionDescribes ?? 1,
    vcpuLimit: o.vcpuLimit ?? 100_000,
    noCapacityFor: new Set(o.noCapacityFor ?? []),
    refreshDescribes: o.refreshDescribes ?? 3,
  };
}

/** What a handler gets: the caller's region state, its parameters, and the world for STS. */
export interface FakeContext {
  region: FakeRegion;
  params: Params;
  opts: ResolvedOptions;
  accessKeyId: string;
  /** Registers temporary credentials for an account (STS AssumeRole). */
  grantCredentials(accessKeyId: string, account: string, arn: string): void;
  /** The ARN the calling credentials act as. */
  callerArn(): string;
  now(): Date;
}

export type QueryHandler = (ctx: FakeContext) => XmlNode[] | undefined;
export type JsonHandler = (ctx: FakeContext) => unknown;
