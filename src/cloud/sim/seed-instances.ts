import { ConfigInvalidError } from '../../errors.js';
import { TAG_USER_DATA, TAG_UUID } from '../../model/identity.js';
import type { InstanceState } from '../../model/observed.js';
import { userDataTag } from '../../model/user-data-tag.js';
import type { RootVolume } from '../../model/resources.js';
import { zoneOfSubnet } from './group-settle.js';
import { nextInstanceId } from './sim-ids.js';
import type { SimProvider } from './sim-provider.js';
import type { SimInstance, SimState } from './sim-state.js';
import { checkArchitecture, checkImage, checkInstanceType, sha256 } from './validation.js';

/** An instance put straight into the sim's fleet (not through RunInstances, not counted). */
export interface SeedInstance {
  region: string;
  /** Full tag set: managedTags(...) for a managed instance, no qm: keys for an unmanaged one. */
  tags: Record<string, string>;
  /** Default t3.micro. */
  instanceType?: string;
  /** Default the first x86_64 default image. */
  ami?: string;
  /** Default running. Transitional states start now and settle with the clock. */
  state?: InstanceState;
  subnetId?: string;
  securityGroupIds?: string[];
  keyName?: string;
  monitoring?: boolean;
  ebsOptimized?: boolean;
  rootVolume?: RootVolume;
  /** Default: now. */
  launchTime?: Date;
  /** Default none. A managed instance gets its `qm:user-data` tag unless `tags` names one (remove it to seed one launched before the tag existed). */
  userData?: string;
}

export const SEED_DEFAULTS = {
  instanceType: 't3.micro',
  ami: 'ami-0abcdef1234567890',
  subnetId: 'subnet-0a1b2c3d4e5f60001',
  securityGroupIds: ['sg-0a1b2c3d4e5f60001'],
  rootVolume: { sizeGiB: 8, volumeType: 'gp3', encrypted: true } satisfies RootVolume,
} as const;

/**
 * Adds instances to the sim directly, for tests, the demo and drift scenarios. Types and AMIs
 * are checked as RunInstances would check them. Returns the new instance ids in order.
 *
 * @example
 * const [id] = seedInstances(sim, [{ region: 'us-east-1', tags: managedTags({}, { env: 'dev', name: 'bastion', uuid }) }]);
 */
export function seedInstances(sim: SimProvider, instances: readonly SeedInstance[]): string[] {
  return sim.editState((state, now) => instances.map((spec) => addInstance(state, now, spec)));
}

/**
 * Adds one instance without qm: tags: the kind of hand-made resource Quartermaster reports
 * but never touches.
 *
 * @example
 * const id = seedUnmanagedInstance(sim, { region: 'us-east-1', tags: { Name: 'legacy-db' } });
 */
export function seedUnmanagedInstance(sim: SimProvider, spec: SeedInstance): string {
  const qmKey = Object.keys(spec.tags).find((k) => k.startsWith('qm:'));
  if (qmKey) {
    throw new ConfigInvalidError(`An unmanaged instance cannot carry the tag ${qmKey}`, { fix: 'Drop the qm: tags, or use seedInstances for a managed one' });
  }
  const [id = ''] = seedInstances(sim, [spec]);
  return id;
}

/** Adds one instance to `state`; shared by seedInstances and generateSyntheticFleet. */
export function addInstance(state: SimState, now: number, spec: SeedInstance): string {
  const operation = 'RunInstances';
  const instanceType = spec.instanceType ?? SEED_DEFAULTS.instanceType;
  const ami = spec.ami ?? SEED_DEFAULTS.ami;
  checkArchitecture({ operation }, checkInstanceType({ operation }, instanceType), checkImage({ operation }, state, ami));
  const subnetId = spec.subnetId ?? SEED_DEFAULTS.subnetId;
  const launchTime = spec.launchTime?.getTime() ?? now;
  const inst: SimInstance = {
    id: nextInstanceId(state),
    region: spec.region,
    state: spec.state ?? 'running',
    since: spec.state === undefined || spec.state === 'running' ? launchTime : now,
    instanceType,
    ami,
    subnetId,
    securityGroupIds: [...(spec.securityGroupIds ?? SEED_DEFAULTS.securityGroupIds)],
    ...(spec.keyName ? { keyName: spec.keyName } : {}),
    monitoring: spec.monitoring ?? false,
    ebsOptimized: spec.ebsOptimized ?? false,
    rootVolume: { ...(spec.rootVolume ?? SEED_DEFAULTS.rootVolume) },
    launchTime,
    availabilityZone: zoneOfSubnet(spec.region, subnetId),
    ...(spec.userData ? { userDataSha256: sha256(spec.userData) } : {}),
    tags: spec.tags[TAG_UUID] !== undefined && spec.tags[TAG_USER_DATA] === undefined ? { ...spec.tags, [TAG_USER_DATA]: userDataTag(spec.userData) } : { ...spec.tags },
  };
  state.instances.set(inst.id, inst);
  return inst.id;
}
