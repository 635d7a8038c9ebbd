import { ErrorCode } from '../../errors.js';
import type { TargetTrackingPolicy } from '../../model/resources.js';
import type { CreateGroupRequest, LaunchTemplateRef, PutLaunchTemplateRequest, UpdateGroupRequest } from '../provider.js';
import { awsError } from './aws-errors.js';
import { enterState, isLive } from './instance-lifecycle.js';
import { findTemplateByName, resolveTemplate } from './launch-templates.js';
import { nextLaunchTemplateId, nextRefreshId } from './sim-ids.js';
import { regionKey, type SimGroup, type SimInstance, type SimState } from './sim-state.js';
import { checkArchitecture, checkImage, checkInstanceType, checkTagKeys, fingerprintOf } from './validation.js';

/**
 * Launch templates and Auto Scaling groups on the sim's state, with AWS's validation and
 * wording. Capacity itself is matched by settleFleet after each call.
 */

/** Which API putLaunchTemplate is, for counting: a new template or a new version of one. */
export function launchTemplateOperation(state: SimState, region: string, name: string): 'CreateLaunchTemplate' | 'CreateLaunchTemplateVersion' {
  return findTemplateByName(state, region, name) ? 'CreateLaunchTemplateVersion' : 'CreateLaunchTemplate';
}

/** Where CreateLaunchTemplate(Version) keeps a client token in `state.tokens`. */
export function templateTokenKey(region: string, clientToken: string): string {
  return regionKey(region, `lt:${clientToken}`);
}

/** Creates the template, or adds a version; the same client token returns the version it made. */
export function putLaunchTemplate(state: SimState, region: string, req: PutLaunchTemplateRequest): LaunchTemplateRef {
  const existing = findTemplateByName(state, region, req.name);
  const operation = existing ? 'CreateLaunchTemplateVersion' : 'CreateLaunchTemplate';
  // The whole request, whether or not the template exists by now: a re-run after a crash between
  // creating the template and its group sends the very same request and must get the same version.
  const fingerprint = fingerprintOf({ name: req.name, spec: req.spec, tags: req.tags });
  const tokenKey = templateTokenKey(region, req.clientToken);
  const prior = state.tokens.get(tokenKey);
  if (prior) {
    if (prior.fingerprint !== fingerprint) {
      throw awsError('IdempotentParameterMismatch', 'Arguments on this idempotent request are inconsistent with arguments used in previous request(s).', {
        operation,
        details: { clientToken: req.clientToken },
      });
    }
    const [id = '', version = '1'] = prior.result.split(':');
    return { id, version };
  }
  checkInstanceType({ operation }, req.spec.instanceType);
  checkTagKeys(operation, Object.keys(req.tags));
  const spec = structuredClone(req.spec);
  let ref: LaunchTemplateRef;
  if (existing) {
    existing.versions.push(spec);
    ref = { id: existing.id, version: String(existing.versions.length) };
  } else {
    const id = nextLaunchTemplateId(state);
    state.launchTemplates.set(id, { id, name: req.name, region, tags: { ...req.tags }, versions: [spec] });
    ref = { id, version: '1' };
  }
  state.tokens.set(tokenKey, { result: `${ref.id}:${ref.version}`, fingerprint });
  return ref;
}

/** The group of that name in the region, or Auto Scaling's ValidationError "not found" (as CloudNotFound). */
export function findGroup(state: SimState, operation: string, region: string, name: string): SimGroup {
  const group = state.groups.get(regionKey(region, name));
  if (!group) {
    throw awsError('ValidationError', `AutoScalingGroup name not found - AutoScalingGroup ${name} not found`, {
      operation,
      code: ErrorCode.CloudNotFound,
      details: { groupName: name },
    });
  }
  return group;
}

function validation(operation: string, message: string, details: Record<string, unknown> = {}): Error {
  return awsError('ValidationError', message, { operation, details });
}

function checkCapacity(operation: string, min: number, max: number, desired: number): void {
  if (max < min) throw validation(operation, `Max bound, ${max}, must be greater than or equal to min bound, ${min}`, { minSize: min, maxSize: max });
  if (desired < min || desired > max) {
    throw validation(operation, `Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`, {
      minSize: min,
      maxSize: max,
      desiredCapacity: desired,
    });
  }
}

/** Auto Scaling validates the launch template a group is given: it must exist and launch. */
function checkTemplateRef(state: SimState, operation: string, region: string, ref: LaunchTemplateRef): void {
  const prefix = 'You must use a valid fully-formed launch template. ';
  const template = state.launchTemplates.get(ref.id);
  if (!template || template.deleted || template.region !== region) {
    throw awsError('ValidationError', `${prefix}The specified launch template, with template ID ${ref.id}, does not exist.`, {
      operation,
      code: ErrorCode.CloudNotFound,
      details: { launchTemplateId: ref.id },
    });
  }
  const resolved = resolveTemplate(state, ref);
  if (!resolved) {
    throw awsError('ValidationError', `${prefix}The specified launch template version, ${ref.version}, does not exist.`, {
      operation,
      code: ErrorCode.CloudNotFound,
      details: { launchTemplateId: ref.id, version: ref.version },
    });
  }
  const ctx = { operation, asValidation: true };
  const type = checkInstanceType(ctx, resolved.spec.instanceType);
  const image = checkImage(ctx, state, resolved.spec.ami);
  checkArchitecture(ctx, type, image);
}

function checkPlacement(operation: string, subnetIds: string[], zones: string[]): void {
  if (subnetIds.length === 0 && zones.length === 0) throw validation(operation, 'At least one Availability Zone or VPC Subnet is required.');
}

/** CreateAutoScalingGroup: validated like AWS (name, min <= desired <= max, placement, launch template); members follow via settleFleet. */
export function createGroup(state: SimState, now: number, region: string, req: CreateGroupRequest): void {
  const operation = 'CreateAutoScalingGroup';
  if (state.groups.has(regionKey(region, req.name))) {
    throw awsError('AlreadyExists', `AutoScalingGroup by this name already exists - A group with the name ${req.name} already exists`, {
      operation,
      details: { groupName: req.name },
    });
  }
  checkCapacity(operation, req.minSize, req.maxSize, req.desiredCapacity);
  checkPlacement(operation, req.subnetIds, req.availabilityZones);
  checkTemplateRef(state, operation, region, req.launchTemplate);
  checkTagKeys(operation, Object.keys(req.tags));
  state.groups.set(regionKey(region, req.name), {
    name: req.name,
    region,
    tags: { ...req.tags },
    launchTemplate: { ...req.launchTemplate },
    minSize: req.minSize,
    maxSize: req.maxSize,
    desiredCapacity: req.desiredCapacity,
    subnetIds: [...req.subnetIds],
    availabilityZones: [...req.availabilityZones],
    healthCheck: { ...req.healthCheck },
    policies: [],
    refreshes: [],
    createdAt: now,
  });
}

/**
 * UpdateAutoScalingGroup, with AWS's rule: a new min above the current desired capacity (or a
 * new max below it) moves the desired capacity along when none is given.
 */
export function updateGroup(state: SimState, region: string, name: string, req: UpdateGroupRequest): void {
  const operation = 'UpdateAutoScalingGroup';
  const group = findGroup(state, operation, region, name);
  if (group.deletingSince !== undefined) throw validation(operation, `The AutoScalingGroup ${name} is being deleted.`, { groupName: name });
  const min = req.minSize ?? group.minSize;
  const max = req.maxSize ?? group.maxSize;
  let desired = req.desiredCapacity ?? group.desiredCapacity;
  if (req.desiredCapacity === undefined) {
    if (req.minSize !== undefined && desired < min) desired = min;
    if (req.maxSize !== undefined && desired > max) desired = max;
  }
  checkCapacity(operation, min, max, desired);
  const subnetIds = req.subnetIds ?? group.subnetIds;
  const zones = req.availabilityZones ?? group.availabilityZones;
  checkPlacement(operation, subnetIds, zones);
  if (req.launchTemplate) checkTemplateRef(state, operation, region, req.launchTemplate);
  group.minSize = min;
  group.maxSize = max;
  group.desiredCapacity = desired;
  group.subnetIds = [...subnetIds];
  group.availabilityZones = [...zones];
  if (req.launchTemplate) group.launchTemplate = { ...req.launchTemplate };
  if (req.healthCheck) group.healthCheck = { ...req.healthCheck };
}

/**
 * DeleteAutoScalingGroup with ForceDelete: members terminate; the group lingers until they are
 * gone. `members` are the group's (not yet terminated) instances, which the caller indexes.
 */
export function deleteGroup(state: SimState, now: number, region: string, name: string, members: readonly SimInstance[]): void {
  const group = findGroup(state, 'DeleteAutoScalingGroup', region, name);
  if (group.deletingSince !== undefined) return;
  group.deletingSince = now;
  group.desiredCapacity = 0;
  group.minSize = 0;
  for (const inst of members) {
    if (inst.state !== 'terminated' && inst.state !== 'shutting-down') enterState(inst, 'shutting-down', now);
  }
}

/** The launch template deleteGroup removes along with the group: the one named after it. */
export function ownTemplateOf(state: SimState, region: string, name: string): string | undefined {
  const group = state.groups.get(regionKey(region, name));
  const t = group && state.launchTemplates.get(group.launchTemplate.id);
  return t && !t.deleted && t.name === name ? t.id : undefined;
}

/** DeleteLaunchTemplate: gone by name at once; still resolvable by id for the group being deleted. */
export function deleteLaunchTemplate(state: SimState, templateId: string): void {
  const t = state.launchTemplates.get(templateId);
  if (t) t.deleted = true;
}

/** How many refreshes of a group are kept (DescribeInstanceRefreshes shows recent ones). */
const KEPT_REFRESHES = 5;

/** StartInstanceRefresh: one at a time per group; returns the refresh id. */
export function startInstanceRefresh(state: SimState, now: number, region: string, name: string, minHealthyPercentage: number): string {
  const operation = 'StartInstanceRefresh';
  const group = findGroup(state, operation, region, name);
  const last = group.refreshes[group.refreshes.length - 1];
  if (last && (last.status === 'Pending' || last.status === 'InProgress')) {
    throw awsError('InstanceRefreshInProgress', 'An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.', {
      operation,
      details: { groupName: name, refreshId: last.id },
    });
  }
  if (minHealthyPercentage < 0 || minHealthyPercentage > 100) {
    throw validation(operation, `MinHealthyPercentage must be between 0 and 100, got ${minHealthyPercentage}`);
  }
  const id = nextRefreshId(state);
  group.refreshes.push({ id, status: 'Pending', startTime: now, minHealthyPercentage, total: 0, replaced: 0, nextStepAt: now });
  if (group.refreshes.length > KEPT_REFRESHES) group.refreshes.splice(0, group.refreshes.length - KEPT_REFRESHES);
  return id;
}

/** The refresh DescribeInstanceRefreshes would return for that id. */
export function findRefresh(state: SimState, region: string, name: string, refreshId: string) {
  const operation = 'DescribeInstanceRefreshes';
  const group = findGroup(state, operation, region, name);
  const refresh = group.refreshes.find((r) => r.id === refreshId);
  if (!refresh) {
    throw awsError('ValidationError', `No instance refresh ${refreshId} found for AutoScalingGroup ${name}`, {
      operation,
      code: ErrorCode.CloudNotFound,
      details: { groupName: name, refreshId },
    });
  }
  return refresh;
}

/** PutScalingPolicy: creates or replaces the policy of that name. */
export function putScalingPolicy(state: SimState, region: string, groupName: string, policy: TargetTrackingPolicy): void {
  const group = findGroup(state, 'PutScalingPolicy', region, groupName);
  const copy = { ...policy };
  const i = group.policies.findIndex((p) => p.name === policy.name);
  if (i >= 0) group.policies[i] = copy;
  else group.policies.push(copy);
}

/** DeletePolicy: an unknown policy is CloudNotFound. */
export function deleteScalingPolicy(state: SimState, region: string, groupName: string, policyName: string): void {
  const operation = 'DeletePolicy';
  const group = findGroup(state, operation, region, groupName);
  const i = group.policies.findIndex((p) => p.name === policyName);
  if (i < 0) {
    throw awsError('ValidationError', `The scaling policy ${policyName} does not exist for AutoScalingGroup ${groupName}`, {
      operation,
      code: ErrorCode.CloudNotFound,
      details: { groupName, policyName },
    });
  }
  group.policies.splice(i, 1);
}

/** Whether a group has live members on another template version than its own: a refresh is due or under way. */
export function hasOutdatedMembers(state: SimState, group: SimGroup, members: readonly SimInstance[]): boolean {
  const current = resolveTemplate(state, group.launchTemplate)?.version;
  return members.some((m) => isLive(m) && m.launchTemplateVersion !== current);
}
