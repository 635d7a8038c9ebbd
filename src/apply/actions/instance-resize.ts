import { describeUserData } from '../../plan/user-data-digest.js';
import type { ModifyInstanceRequest } from '../../cloud/provider.js';
import { isQmError, ErrorCode } from '../../errors.js';
import type { ObservedInstance } from '../../model/observed.js';
import type { InstanceSpec } from '../../model/resources.js';
import type { ActionContext, ActionOutcome } from '../action-context.js';
import { errorMessage } from '../error-message.js';

type Phase = 'stop' | 'wait-stopped' | 'modify' | 'start' | 'wait-running';

/** What the executor knows of the instance at a point of the resize. */
interface Known {
  state: 'running' | 'stopped' | 'unknown';
  instanceType: string;
}

/**
 * Changes stopped-only attributes (the instance type): stop, wait stopped, modify, start, wait
 * running. If modify or start fails, the instance is put back on its previous attributes and
 * started again, and the action reports `rolled-back` with the original error: no instance is
 * left stopped by a failed resize. If even the rollback fails, the outcome says exactly what
 * state the instance is in and what to do.
 *
 * @example await resizeInstance(ctx, observed, desired, { instanceType: 'm5.large' });
 */
export async function resizeInstance(
  ctx: ActionContext,
  observed: ObservedInstance,
  desired: InstanceSpec,
  modify: ModifyInstanceRequest,
): Promise<ActionOutcome> {
  const id = observed.id;
  const wasRunning = observed.state === 'running' || observed.state === 'pending';
  const restart = wasRunning || desired.state === 'running';
  let phase: Phase = 'stop';
  try {
    if (wasRunning) {
      if (observed.state === 'pending') await ctx.waitFor(id, 'running');
      await ctx.instances('stopInstances', id);
    }
    phase = 'wait-stopped';
    if (observed.state !== 'stopped') await ctx.waitFor(id, 'stopped');
    phase = 'modify';
    await ctx.call('modifyInstance', `${id} ${describeModify(modify)}`, () => ctx.provider.modifyInstance(ctx.target, id, modify));
    if (desired.state === 'running') {
      phase = 'start';
      await ctx.instances('startInstances', id);
      phase = 'wait-running';
      await ctx.waitFor(id, 'running');
    }
    return { status: 'applied' };
  } catch (original) {
    if (phase === 'stop') {
      return { status: 'failed', error: errorMessage(original), note: `${id} was not stopped; it is still ${observed.state} on ${observed.instanceType}` };
    }
    return rollBack(ctx, { id, phase, modify, observed, restart, original });
  }
}

interface Failure {
  id: string;
  phase: Exclude<Phase, 'stop'>;
  modify: ModifyInstanceRequest;
  observed: ObservedInstance;
  restart: boolean;
  original: unknown;
}

async function rollBack(ctx: ActionContext, f: Failure): Promise<ActionOutcome> {
  const { id, observed } = f;
  // A provider may change attributes one call at a time (the AWS adapter does): a modify that
  // failed after its first attribute left some changed. Restoring an unchanged value is harmless.
  const modified = f.phase === 'start' || f.phase === 'wait-running' || (f.phase === 'modify' && Object.keys(f.modify).length > 1);
  const previous = previousValues(f.modify, observed);
  const known: Known = {
    state: f.phase === 'modify' || f.phase === 'start' ? 'stopped' : 'unknown',
    instanceType: modified ? (f.modify.instanceType ?? observed.instanceType) : observed.instanceType,
  };
  const cause = `${f.phase} failed: ${errorMessage(f.original)}`;
  if (!modified && !f.restart && known.state === 'stopped') {
    return { status: 'failed', error: errorMessage(f.original), note: `${id} is unchanged: stopped on ${known.instanceType}` };
  }
  ctx.rollingBack(`${cause}; putting ${id} back on ${observed.instanceType}${f.restart ? ' and starting it' : ''}`);
  try {
    if (known.state === 'unknown') {
      // A wait ran out: the instance is somewhere between states. Only a stopped one can be modified or started.
      if (f.phase === 'wait-running') await stopTolerant(ctx, id);
      await ctx.waitFor(id, 'stopped');
      known.state = 'stopped';
    }
    if (modified) {
      await ctx.call('modifyInstance', `${id} ${describeModify(previous)}`, () => ctx.provider.modifyInstance(ctx.target, id, previous));
      known.instanceType = observed.instanceType;
    }
    if (f.restart) await startAndWait(ctx, id, known);
    const unrestorable = f.modify.userData !== undefined && previous.userData === undefined;
    return {
      status: 'rolled-back',
      error: errorMessage(f.original),
      note: `rolled back: ${id} is ${known.state} on ${known.instanceType} again${
        unrestorable && modified ? '; its previous user data could not be read, so the new user data may remain' : ''
      }`,
    };
  } catch (rollbackError) {
    // Last resort when the old type could not be restored: a stopped instance that should run
    // is started as it is, on the new type, rather than left stopped.
    if (f.restart && known.state === 'stopped' && known.instanceType !== observed.instanceType) {
      await startAndWait(ctx, id, known).catch(() => undefined);
    }
    return {
      status: 'failed',
      error: `${errorMessage(f.original)}; rollback failed: ${errorMessage(rollbackError)}`,
      note: whereItIs(ctx, id, known, observed, f.restart),
    };
  }
}

async function startAndWait(ctx: ActionContext, id: string, known: Known): Promise<void> {
  await ctx.instances('startInstances', id);
  known.state = 'unknown';
  await ctx.waitFor(id, 'running');
  known.state = 'running';
}

/** Stopping an instance that already stopped on its own is not a failure here. */
async function stopTolerant(ctx: ActionContext, id: string): Promise<void> {
  try {
    await ctx.instances('stopInstances', id);
  } catch (e) {
    if (!isQmError(e, ErrorCode.CloudIncorrectState)) throw e;
  }
}

function previousValues(modify: ModifyInstanceRequest, observed: ObservedInstance): ModifyInstanceRequest {
  const previous: ModifyInstanceRequest = {};
  if (modify.instanceType !== undefined) previous.instanceType = observed.instanceType;
  if (modify.ebsOptimized !== undefined) previous.ebsOptimized = observed.ebsOptimized;
  // null: the instance had none (EC2 spells none as empty); undefined: the provider could not read it.
  if (modify.userData !== undefined && observed.userData !== undefined) previous.userData = observed.userData ?? '';
  return previous;
}

function describeModify(m: ModifyInstanceRequest): string {
  return Object.entries(m)
    .map(([k, v]) => `${k}=${k === 'userData' ? describeUserData(String(v)) : Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');
}

/** The exact state a failed rollback left, and what to do about it. */
function whereItIs(ctx: ActionContext, id: string, known: Known, observed: ObservedInstance, restart: boolean): string {
  const region = ctx.target.region;
  const typeNote =
    known.instanceType === observed.instanceType ? `on ${known.instanceType}` : `on ${known.instanceType} (it was ${observed.instanceType})`;
  if (known.state === 'running') return `${id} is running ${typeNote}; run qm apply again once the cause is fixed`;
  const start = `aws ec2 start-instances --region ${region} --instance-ids ${id}`;
  if (known.state === 'stopped') {
    return restart
      ? `${id} is STOPPED ${typeNote}; start it now with \`${start}\` or fix the cause and run qm apply again`
      : `${id} is stopped ${typeNote}; run qm apply again once the cause is fixed`;
  }
  return `${id} is in an unknown state ${typeNote} (a wait timed out); check it with \`aws ec2 describe-instances --region ${region} --instance-ids ${id}\`${
    restart ? `, start it with \`${start}\` once it is stopped,` : ''
  } and run qm apply again`;
}
