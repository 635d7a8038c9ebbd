import type { InstanceState } from '../../model/observed.js';
import { launchTags } from '../../model/user-data-tag.js';
import type { ModifyInstanceRequest, RunInstanceRequest } from '../provider.js';
import { awsError } from './aws-errors.js';
import { zoneOfSubnet } from './group-settle.js';
import { enterState } from './instance-lifecycle.js';
import { nextInstanceId } from './sim-ids.js';
import { copyInstanceSettings, regionKey, type SimInstance, type SimState } from './sim-state.js';
import { checkArchitecture, checkImage, checkInstanceType, checkTagKeys, fingerprintOf, sha256 } from './validation.js';

/**
 * EC2 instance operations on the sim's state, with EC2's rules: tokens before validation,
 * all-or-nothing state checks on batches, the type changed only while stopped.
 * Each function is one API call; the provider counts, delays and persists around it.
 */

const INSTANCE_ID = /^i-([0-9a-f]{8}|[0-9a-f]{17})$/;

/**
 * RunInstances for one instance. The same client token returns the instance it first created;
 * with other parameters it is IdempotentParameterMismatch; once that instance is terminated,
 * IdempotentInstanceTerminated (EC2's behaviour since 2025).
 */
export function runInstance(state: SimState, now: number, region: string, req: RunInstanceRequest): string {
  const operation = 'RunInstances';
  const { clientToken, userData, ...params } = req;
  const fingerprint = fingerprintOf({ ...params, userData: userData === undefined ? undefined : sha256(userData) });
  const tokenKey = runTokenKey(region, clientToken);
  const prior = state.tokens.get(tokenKey);
  if (prior) {
    if (prior.fingerprint !== fingerprint) {
      throw awsError('IdempotentParameterMismatch', 'Arguments on this idempotent request are inconsistent with arguments used in previous request(s).', {
        operation,
        details: { clientToken },
      });
    }
    const inst = state.instances.get(prior.result);
    if (!inst || inst.state === 'terminated' || inst.state === 'shutting-down') {
      throw awsError(
        'IdempotentInstanceTerminated',
        'The client token you have provided is associated with a terminated instance. Please use a different client token.',
        { operation, details: { clientToken, instanceId: prior.result } },
      );
    }
    return inst.id;
  }
  const type = checkInstanceType({ operation }, req.instanceType);
  const image = checkImage({ operation }, state, req.ami);
  checkArchitecture({ operation }, type, image);
  checkTagKeys(operation, Object.keys(req.tags));
  const inst: SimInstance = {
    id: nextInstanceId(state),
    region,
    state: 'pending',
    since: now,
    ...copyInstanceSettings(req),
    rootVolume: { ...req.rootVolume },
    ...(userData === undefined ? {} : { userDataSha256: sha256(userData) }),
    launchTime: now,
    availabilityZone: zoneOfSubnet(region, req.subnetId),
    // What the AWS adapter sends in TagSpecifications: the hash of the user data, never the text.
    tags: launchTags(req.tags, userData),
  };
  state.instances.set(inst.id, inst);
  state.tokens.set(tokenKey, { result: inst.id, fingerprint });
  return inst.id;
}

/** Where RunInstances keeps a client token in `state.tokens`. */
export function runTokenKey(region: string, clientToken: string): string {
  return regionKey(region, `run:${clientToken}`);
}

/** The instances of a call, all found in the region, or InvalidInstanceID.* for the missing. */
export function findInstances(state: SimState, operation: string, region: string, ids: string[]): SimInstance[] {
  const malformed = ids.find((id) => !INSTANCE_ID.test(id));
  if (malformed !== undefined) {
    throw awsError('InvalidInstanceID.Malformed', `Invalid id: "${malformed}"`, { operation, details: { instanceIds: [malformed] } });
  }
  const found: SimInstance[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const inst = state.instances.get(id);
    if (inst && inst.region === region) found.push(inst);
    else missing.push(id);
  }
  if (missing.length === 1) {
    throw awsError('InvalidInstanceID.NotFound', `The instance ID '${missing[0]}' does not exist`, { operation, details: { instanceIds: missing } });
  }
  if (missing.length > 1) {
    throw awsError('InvalidInstanceID.NotFound', `The instance IDs '${missing.join(', ')}' do not exist`, { operation, details: { instanceIds: missing } });
  }
  return found;
}

function incorrectState(operation: string, inst: SimInstance, message: string): Error {
  return awsError('IncorrectInstanceState', message, { operation, details: { instanceId: inst.id, state: inst.state } });
}

/** StartInstances: stopped ones start; pending/running ones are left alone; any other state refuses the whole call. */
export function startInstances(state: SimState, now: number, region: string, ids: string[]): void {
  const operation = 'StartInstances';
  const list = findInstances(state, operation, region, ids);
  for (const inst of list) {
    if (inst.state === 'stopping' || inst.state === 'shutting-down' || inst.state === 'terminated') {
      throw incorrectState(operation, inst, `The instance '${inst.id}' is not in a state from which it can be started.`);
    }
  }
  for (const inst of list) if (inst.state === 'stopped') enterState(inst, 'pending', now);
}

/** StopInstances: running ones stop; stopping/stopped are left alone; pending and terminating refuse. */
export function stopInstances(state: SimState, now: number, region: string, ids: string[]): void {
  const operation = 'StopInstances';
  const list = findInstances(state, operation, region, ids);
  for (const inst of list) {
    if (inst.state === 'pending') {
      throw incorrectState(operation, inst, `Instance '${inst.id}' cannot be stopped as it has never reached the 'running' state.`);
    }
    if (inst.state === 'shutting-down' || inst.state === 'terminated') {
      throw incorrectState(operation, inst, `This instance '${inst.id}' is not in a state from which it can be stopped.`);
    }
  }
  for (const inst of list) if (inst.state === 'running') enterState(inst, 'stopping', now);
}

/** TerminateInstances: everything not already going goes to shutting-down. */
export function terminateInstances(state: SimState, now: number, region: string, ids: string[]): void {
  const list = findInstances(state, 'TerminateInstances', region, ids);
  for (const inst of list) {
    if (inst.state !== 'shutting-down' && inst.state !== 'terminated') enterState(inst, 'shutting-down', now);
  }
}

/** One attribute change, as the API calls it: ModifyInstanceAttribute takes one attribute per call. */
export type InstanceAttributeChange =
  | { attribute: 'instanceType'; value: string }
  | { attribute: 'ebsOptimized'; value: boolean }
  | { attribute: 'userData'; value: string }
  | { attribute: 'securityGroupIds'; value: string[] }
  | { attribute: 'monitoring'; value: boolean };

/**
 * The API calls a ModifyInstanceRequest becomes, in the order they are made: the type first
 * (the change most likely to be refused), monitoring last (its own API).
 */
export function attributeChanges(req: ModifyInstanceRequest): { operation: string; change: InstanceAttributeChange }[] {
  const calls: { operation: string; change: InstanceAttributeChange }[] = [];
  const modify = 'ModifyInstanceAttribute';
  if (req.instanceType !== undefined) calls.push({ operation: modify, change: { attribute: 'instanceType', value: req.instanceType } });
  if (req.ebsOptimized !== undefined) calls.push({ operation: modify, change: { attribute: 'ebsOptimized', value: req.ebsOptimized } });
  if (req.userData !== undefined) calls.push({ operation: modify, change: { attribute: 'userData', value: req.userData } });
  if (req.securityGroupIds !== undefined) calls.push({ operation: modify, change: { attribute: 'securityGroupIds', value: req.securityGroupIds } });
  if (req.monitoring !== undefined) {
    calls.push({ operation: req.monitoring ? 'MonitorInstances' : 'UnmonitorInstances', change: { attribute: 'monitoring', value: req.monitoring } });
  }
  return calls;
}

/** Attributes EC2 only changes on a stopped instance. */
const NEEDS_STOPPED = new Set<InstanceAttributeChange['attribute']>(['instanceType', 'ebsOptimized', 'userData']);
const GONE: ReadonlySet<InstanceState> = new Set<InstanceState>(['shutting-down', 'terminated']);

/** One ModifyInstanceAttribute (or Monitor/UnmonitorInstances) call; type, EBS optimisation and user data need a stopped instance. */
export function modifyInstanceAttribute(state: SimState, region: string, instanceId: string, operation: string, change: InstanceAttributeChange): void {
  const [inst] = findInstances(state, operation, region, [instanceId]);
  if (!inst) return;
  if (GONE.has(inst.state)) {
    throw incorrectState(operation, inst, `The instance '${inst.id}' is not in a state from which it can be modified.`);
  }
  if (NEEDS_STOPPED.has(change.attribute) && inst.state !== 'stopped') {
    throw incorrectState(operation, inst, `The instance '${inst.id}' is not in the 'stopped' state.`);
  }
  switch (change.attribute) {
    case 'instanceType': {
      const type = checkInstanceType({ operation }, change.value);
      const image = state.images.get(inst.ami);
      if (image) checkArchitecture({ operation }, type, image);
      inst.instanceType = change.value;
      return;
    }
    case 'ebsOptimized':
      inst.ebsOptimized = change.value;
      return;
    case 'userData':
      inst.userDataSha256 = sha256(change.value);
      return;
    case 'securityGroupIds':
      inst.securityGroupIds = [...change.value];
      return;
    case 'monitoring':
      inst.monitoring = change.value;
      return;
  }
}
