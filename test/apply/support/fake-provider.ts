/**
 * A small recording CloudProvider for executor tests: in-memory instances, groups and alarms
 * with just enough EC2 semantics (type changes only while stopped, client tokens honoured),
 * every call recorded in order, scriptable failures, and a hook to "crash" after the k-th call.
 * Calls yield to the event loop once, so actions really overlap.
 */
import { CloudError, ErrorCode, TimeoutError } from '../../../src/errors.js';
import type {
  CallStats,
  CloudProvider,
  CreateGroupRequest,
  EnvTarget,
  LaunchTemplateRef,
  PutAlarmRequest,
  TaggableKind,
} from '../../../src/cloud/provider.js';
import type { InstanceRefreshStatus, InstanceState, ObservedFleet } from '../../../src/model/observed.js';
import type { LaunchTemplateSpec, TargetTrackingPolicy } from '../../../src/model/resources.js';

export interface FakeCall {
  op: string;
  env: string;
  args: unknown[];
}

export interface FakeFailure {
  op: string;
  /** Only calls whose arguments match fail. */
  when?: (args: unknown[]) => boolean;
  /** How many matching calls fail; default every one. */
  times?: number;
  error: () => Error;
}

export interface FakeInstance {
  id: string;
  state: InstanceState;
  instanceType: string;
  ami: string;
  tags: Record<string, string>;
  clientToken?: string;
}

export interface FakeGroup {
  name: string;
  req: CreateGroupRequest;
  policies: Map<string, TargetTrackingPolicy>;
  tags: Record<string, string>;
}

const READS = new Set(['readEnvironment', 'callerAccountId', 'waitForInstances', 'waitForInstanceRefresh']);

export class FakeProvider implements CloudProvider {
  readonly name = 'fake';
  readonly calls: FakeCall[] = [];
  readonly instances = new Map<string, FakeInstance>();
  readonly groups = new Map<string, FakeGroup>();
  readonly alarms = new Map<string, PutAlarmRequest>();
  readonly templates = new Map<string, { id: string; versions: LaunchTemplateSpec[] }>();
  /** The status each instance refresh ends with. */
  refreshOutcome: InstanceRefreshStatus = 'Successful';
  accountId = '123456789012';
  maxInFlight = 0;
  private inFlight = 0;
  private failures: FakeFailure[] = [];
  private tokens = new Map<string, string>();
  private ltTokens = new Map<string, LaunchTemplateRef>();
  private nextId = 1;
  private crashAt: number | undefined;

  /** Scripts a failure; the first matching rule with attempts left answers. */
  failOn(f: FakeFailure): this {
    this.failures.push({ ...f });
    return this;
  }

  /** Every call after the first `k` throws an un-retryable "process died" error (k = 0: none succeeds). */
  crashAfter(k: number): this {
    this.crashAt = k;
    return this;
  }

  /** Writes only, as `op arg0`: what the executor changed, in order. */
  writes(): string[] {
    return this.calls.filter((c) => !READS.has(c.op)).map((c) => `${c.op} ${describe(c.args[0])}`.trim());
  }

  ops(op: string): FakeCall[] {
    return this.calls.filter((c) => c.op === op);
  }

  addInstance(i: Partial<FakeInstance> & { id: string }): FakeInstance {
    const inst: FakeInstance = { state: 'running', instanceType: 't3.small', ami: 'ami-1', tags: {}, ...i };
    this.instances.set(inst.id, inst);
    return inst;
  }

  callStats(): CallStats {
    const byOperation: Record<string, number> = {};
    for (const c of this.calls) byOperation[c.op] = (byOperation[c.op] ?? 0) + 1;
    return { total: this.calls.length, byOperation };
  }

  private async call<T>(op: string, target: EnvTarget, args: unknown[], fn: () => T): Promise<T> {
    if (this.crashAt !== undefined && this.calls.length >= this.crashAt) {
      throw new CloudError(ErrorCode.CloudApi, `process died before ${op}`);
    }
    this.calls.push({ op, env: target.env, args });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((r) => setImmediate(r));
      const rule = this.failures.find((f) => f.op === op && (f.times ?? Infinity) > 0 && (!f.when || f.when(args)));
      if (rule) {
        if (rule.times !== undefined) rule.times--;
        throw rule.error();
      }
      return fn();
    } finally {
      this.inFlight--;
    }
  }

  private instance(id: string): FakeInstance {
    const i = this.instances.get(id);
    if (!i) throw new CloudError(ErrorCode.CloudNotFound, `The instance ID '${id}' does not exist`);
    return i;
  }

  readEnvironment(target: EnvTarget): Promise<ObservedFleet> {
    return this.call('readEnvironment', target, [], () => ({ env: target.env, instances: [], groups: [], alarms: [], readAt: '' }));
  }

  callerAccountId(target: EnvTarget): Promise<string> {
    return this.call('callerAccountId', target, [], () => this.accountId);
  }

  runInstance(target: EnvTarget, req: Parameters<CloudProvider['runInstance']>[1]): Promise<{ instanceId: string }> {
    return this.call('runInstance', target, [req], () => {
      const known = this.tokens.get(req.clientToken);
      if (known) return { instanceId: known };
      const id = `i-${String(this.nextId++).padStart(4, '0')}`;
      this.tokens.set(req.clientToken, id);
      this.addInstance({ id, state: 'pending', instanceType: req.instanceType, ami: req.ami, tags: { ...req.tags }, clientToken: req.clientToken });
      return { instanceId: id };
    });
  }

  startInstances(target: EnvTarget, ids: string[]): Promise<void> {
    return this.call('startInstances', target, [ids], () => {
      for (const id of ids) {
        const i = this.instance(id);
        if (i.state === 'stopping') throw new CloudError(ErrorCode.CloudIncorrectState, `instance ${id} is stopping`);
        if (i.state === 'stopped') i.state = 'pending';
      }
    });
  }

  stopInstances(target: EnvTarget, ids: string[]): Promise<void> {
    return this.call('stopInstances', target, [ids], () => {
      for (const id of ids) {
        const i = this.instance(id);
        if (i.state === 'running' || i.state === 'pending') i.state = 'stopping';
      }
    });
  }

  terminateInstances(target: EnvTarget, ids: string[]): Promise<void> {
    return this.call('terminateInstances', target, [ids], () => {
      for (const id of ids) this.instance(id).state = 'shutting-down';
    });
  }

  modifyInstance(target: EnvTarget, id: string, req: Parameters<CloudProvider['modifyInstance']>[2]): Promise<void> {
    return this.call('modifyInstance', target, [id, req], () => {
      const i = this.instance(id);
      if (req.instanceType !== undefined) {
        if (i.state !== 'stopped') throw new CloudError(ErrorCode.CloudIncorrectState, `instance ${id} is ${i.state}, not stopped`);
        i.instanceType = req.instanceType;
      }
    });
  }

  waitForInstances(target: EnvTarget, ids: string[], state: InstanceState): Promise<void> {
    return this.call('waitForInstances', target, [ids, state], () => {
      for (const id of ids) {
        const i = this.instance(id);
        if (state === 'running' && i.state === 'pending') i.state = 'running';
        if (state === 'stopped' && i.state === 'stopping') i.state = 'stopped';
        if (state === 'terminated' && i.state === 'shutting-down') i.state = 'terminated';
        if (i.state !== state) throw new TimeoutError(`instance ${id} did not become ${state} (it is ${i.state})`);
      }
    });
  }

  updateTags(target: EnvTarget, kind: TaggableKind, ids: string[], set: Record<string, string>, remove: string[]): Promise<void> {
    return this.call('updateTags', target, [ids, kind, set, remove], () => {
      for (const id of ids) {
        const tags = kind === 'instance' ? this.instance(id).tags : kind === 'alarm' ? this.alarms.get(id)?.tags : this.groups.get(id)?.tags;
        if (!tags) throw new CloudError(ErrorCode.CloudNotFound, `${kind} ${id} not found`);
        Object.assign(tags, set);
        for (const k of remove) delete tags[k];
      }
    });
  }

  putLaunchTemplate(target: EnvTarget, req: Parameters<CloudProvider['putLaunchTemplate']>[1]): Promise<LaunchTemplateRef> {
    return this.call('putLaunchTemplate', target, [req.name, req], () => {
      const known = this.ltTokens.get(req.clientToken);
      if (known) return known;
      let lt = this.templates.get(req.name);
      if (!lt) {
        lt = { id: `lt-${this.templates.size + 1}`, versions: [] };
        this.templates.set(req.name, lt);
      }
      lt.versions.push(req.spec);
      const ref = { id: lt.id, version: String(lt.versions.length) };
      this.ltTokens.set(req.clientToken, ref);
      return ref;
    });
  }

  createGroup(target: EnvTarget, req: CreateGroupRequest): Promise<void> {
    return this.call('createGroup', target, [req.name, req], () => {
      if (this.groups.has(req.name)) throw new CloudError(ErrorCode.CloudApi, `AlreadyExists: group ${req.name}`);
      this.groups.set(req.name, { name: req.name, req, policies: new Map(), tags: { ...req.tags } });
    });
  }

  updateGroup(target: EnvTarget, name: string, req: Parameters<CloudProvider['updateGroup']>[2]): Promise<void> {
    return this.call('updateGroup', target, [name, req], () => {
      const g = this.groups.get(name);
      if (g) g.req = { ...g.req, ...req };
    });
  }

  deleteGroup(target: EnvTarget, name: string): Promise<void> {
    return this.call('deleteGroup', target, [name], () => {
      if (!this.groups.delete(name)) throw new CloudError(ErrorCode.CloudNotFound, `group ${name} not found`);
    });
  }

  startInstanceRefresh(target: EnvTarget, groupName: string, opts: { minHealthyPercentage: number }): Promise<{ refreshId: string }> {
    return this.call('startInstanceRefresh', target, [groupName, opts], () => ({ refreshId: `refresh-${this.calls.length}` }));
  }

  waitForInstanceRefresh(target: EnvTarget, groupName: string, refreshId: string): Promise<InstanceRefreshStatus> {
    return this.call('waitForInstanceRefresh', target, [groupName, refreshId], () => this.refreshOutcome);
  }

  putScalingPolicy(target: EnvTarget, groupName: string, policy: TargetTrackingPolicy): Promise<void> {
    return this.call('putScalingPolicy', target, [groupName, policy], () => {
      this.groups.get(groupName)?.policies.set(policy.name, policy);
    });
  }

  deleteScalingPolicy(target: EnvTarget, groupName: string, policyName: string): Promise<void> {
    return this.call('deleteScalingPolicy', target, [groupName, policyName], () => {
      this.groups.get(groupName)?.policies.delete(policyName);
    });
  }

  putAlarm(target: EnvTarget, req: PutAlarmRequest): Promise<void> {
    return this.call('putAlarm', target, [req.name, req], () => {
      this.alarms.set(req.name, structuredClone(req));
    });
  }

  deleteAlarms(target: EnvTarget, names: string[]): Promise<void> {
    return this.call('deleteAlarms', target, [names], () => {
      for (const n of names) this.alarms.delete(n);
    });
  }
}

function describe(arg: unknown): string {
  if (Array.isArray(arg)) return arg.join(',');
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'instanceType' in arg) return String((arg as { instanceType: string }).instanceType);
  return '';
}

/** The retryable throttling error a provider lets escape once its own retries ran out. */
export function throttled(): CloudError {
  return new CloudError(ErrorCode.CloudThrottled, 'Rate exceeded (RequestLimitExceeded)', { retryable: true, details: { providerCode: 'RequestLimitExceeded' } });
}

export function insufficientCapacity(type = 'm5.large'): CloudError {
  return new CloudError(ErrorCode.CloudInsufficientCapacity, `We currently do not have sufficient ${type} capacity in the Availability Zone you requested`, {
    retryable: true,
    fix: 'try another instance type or Availability Zone',
    details: { providerCode: 'InsufficientInstanceCapacity' },
  });
}

export function unauthorized(action: string): CloudError {
  return new CloudError(ErrorCode.CloudUnauthorized, `You are not authorized to perform this operation (${action})`, { details: { providerCode: 'UnauthorizedOperation' } });
}
