import { randomUUID } from 'node:crypto';
import { group, maxRecords } from './autoscaling-common.js';
import type { QueryHandler } from './fake-context.js';
import type { FakeRefresh } from './fake-state.js';
import { isActive, observeRefresh } from './lifecycle.js';
import { paginate } from './paginate.js';
import { arr, FakeAwsError, num, obj, str } from './wire.js';
import { el, list } from './xml.js';

const startRefresh: QueryHandler = (ctx) => {
  const p = ctx.params;
  const g = group(ctx, str(p, 'AutoScalingGroupName'));
  const active = ctx.region.refreshes.find((r) => r.groupName === g.name && isActive(r));
  if (active) throw new FakeAwsError('InstanceRefreshInProgress', 'An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.');
  const prefs = obj(p, 'Preferences') ?? {};
  const r: FakeRefresh = {
    id: randomUUID(),
    groupName: g.name,
    status: 'Pending',
    percent: 0,
    startTime: ctx.now(),
    minHealthyPercentage: num(prefs, 'MinHealthyPercentage') ?? 90,
    stepsLeft: ctx.opts.refreshDescribes,
    instancesToUpdate: g.instanceIds.length,
  };
  ctx.region.refreshes.push(r);
  return [el('InstanceRefreshId', r.id)];
};

const describeRefreshes: QueryHandler = (ctx) => {
  const p = ctx.params;
  const name = str(p, 'AutoScalingGroupName');
  if (!name) throw new FakeAwsError('ValidationError', "1 validation error detected: Value null at 'autoScalingGroupName' failed to satisfy constraint: Member must not be null");
  const ids = arr<string>(p, 'InstanceRefreshIds');
  const selected = ctx.region.refreshes
    .filter((r) => r.groupName === name && (ids.length === 0 || ids.includes(r.id)))
    .sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
  for (const r of selected) observeRefresh(ctx.region, r, ctx.opts, ctx.now());
  const { page, nextToken } = paginate(selected, maxRecords(p, 50), str(p, 'NextToken'), 'autoscaling:DescribeInstanceRefreshes');
  return [
    list('InstanceRefreshes', page, 'member', (r) => [
      el('InstanceRefreshId', r.id),
      el('AutoScalingGroupName', r.groupName),
      el('Status', r.status),
      el('StatusReason', r.status === 'InProgress' ? 'Waiting for instances to warm up before continuing.' : undefined),
      el('StartTime', r.startTime),
      el('EndTime', r.endTime),
      el('PercentageComplete', r.percent),
      el('InstancesToUpdate', r.status === 'Successful' ? 0 : r.instancesToUpdate),
      el('Preferences', [el('MinHealthyPercentage', r.minHealthyPercentage), el('SkipMatching', true)]),
    ]),
    el('NextToken', nextToken),
  ];
};

export const AUTOSCALING_REFRESH_ACTIONS: Record<string, QueryHandler> = {
  StartInstanceRefresh: startRefresh,
  DescribeInstanceRefreshes: describeRefreshes,
};
