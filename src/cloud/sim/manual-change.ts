import type { InstanceState } from '../../model/observed.js';
import * as asg from './autoscaling-ops.js';
import { awsError } from './aws-errors.js';
import { enterState } from './instance-lifecycle.js';
import type { SimProvider } from './sim-provider.js';
import { regionKey, type SimInstance, type SimState } from './sim-state.js';
import { checkArchitecture, checkInstanceType } from './validation.js';

/** A change an operator makes by hand in the console, behind Quartermaster's back. */
export type ManualChange =
  /** Stopped, resized and put back in its former state: only the type differs afterwards. */
  | { kind: 'instance-type'; instanceId: string; instanceType: string }
  /** Started, stopped or terminated by hand; the instance is in that state at once. */
  | { kind: 'instance-state'; instanceId: string; state: Extract<InstanceState, 'running' | 'stopped' | 'terminated'> }
  | { kind: 'instance-tags'; instanceId: string; set?: Record<string, string>; remove?: string[] }
  /** Through the console, so Auto Scaling's own validation still applies. */
  | { kind: 'group-capacity'; region: string; groupName: string; minSize?: number; maxSize?: number; desiredCapacity?: number }
  | { kind: 'alarm-threshold'; region: string; alarmName: string; threshold: number };

/**
 * Changes the sim fleet as a person with console access would: not counted, not through the
 * engine, so `qm drift` has something to find.
 *
 * @example
 * simulateManualChange(sim, { kind: 'instance-type', instanceId: 'i-00000000000000001', instanceType: 't3.large' });
 * simulateManualChange(sim, { kind: 'group-capacity', region: 'us-east-1', groupName: 'prod-web', maxSize: 10 });
 */
export function simulateManualChange(sim: SimProvider, change: ManualChange): void {
  const operation = 'ManualChange';
  sim.editState((state, now) => {
    switch (change.kind) {
      case 'instance-type': {
        const inst = findAnywhere(state, change.instanceId);
        const image = state.images.get(inst.ami);
        const type = checkInstanceType({ operation }, change.instanceType);
        if (image) checkArchitecture({ operation }, type, image);
        inst.instanceType = change.instanceType;
        return;
      }
      case 'instance-state':
        enterState(findAnywhere(state, change.instanceId), change.state, now);
        return;
      case 'instance-tags': {
        const inst = findAnywhere(state, change.instanceId);
        Object.assign(inst.tags, change.set ?? {});
        for (const k of change.remove ?? []) delete inst.tags[k];
        return;
      }
      case 'group-capacity': {
        const { region, groupName, kind: _kind, ...capacity } = change;
        asg.updateGroup(state, region, groupName, capacity);
        return;
      }
      case 'alarm-threshold': {
        const alarm = state.alarms.get(regionKey(change.region, change.alarmName));
        if (!alarm) throw awsError('ResourceNotFound', `Alarm ${change.alarmName} not found.`, { operation, details: { alarmName: change.alarmName } });
        alarm.threshold = change.threshold;
        alarm.updatedAt = now;
        return;
      }
    }
  });
}

function findAnywhere(state: SimState, id: string): SimInstance {
  const inst = state.instances.get(id);
  if (!inst) throw awsError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`, { operation: 'ManualChange', details: { instanceIds: [id] } });
  return inst;
}
