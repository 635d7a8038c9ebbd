import { beforeAll, describe, expect, it } from 'vitest';
import { parseCommand, usageOf, type Intent, type ParseOptions, type ResolveContext } from '../../src/commands/index.js';
import type { Definitions } from '../../src/model/resources.js';
import { exampleFleet, NOW } from './fleet-context.js';

let definitions: Definitions;
beforeAll(async () => {
  definitions = await exampleFleet();
});

const ctx = (over: Partial<ResolveContext> = {}): ResolveContext => ({ definitions, now: NOW, ...over });

const group = (env: string, name: string) => ({ env, kind: 'autoscaling-group' as const, name });
const instance = (env: string, name: string) => ({ env, kind: 'instance' as const, name });

type Case = [text: string, intent: Intent, over?: Partial<ResolveContext>, opts?: ParseOptions];

// NOW is 2026-12-05T10:00:00Z.
const INTENTS: Case[] = [
  // scale: instance types
  ['scale prod/web t3.large', { command: 'scale', target: group('prod', 'web'), instanceType: 't3.large' }],
  ['scale prod/bastion t3.small', { command: 'scale', target: instance('prod', 'bastion'), instanceType: 't3.small' }],
  ['scale Prod/Web T3.Large', { command: 'scale', target: group('prod', 'web'), instanceType: 't3.large' }], // a phone's capitals
  ['scale prod/worker m7g.xlarge', { command: 'scale', target: group('prod', 'worker'), instanceType: 'm7g.xlarge' }],
  ['scale web t3.large', { command: 'scale', target: group('prod', 'web'), instanceType: 't3.large' }, { channelEnv: 'prod' }],
  ['scale staging/web t3.large', { command: 'scale', target: group('staging', 'web'), instanceType: 't3.large' }, { channelEnv: 'prod' }], // explicit beats the channel
  // scale: capacity
  ['scale prod/web 4', { command: 'scale', target: group('prod', 'web'), capacity: { desired: 4 } }],
  ['scale prod/web 2', { command: 'scale', target: group('prod', 'web'), capacity: { desired: 2 } }], // min is within
  ['scale prod/web 5', { command: 'scale', target: group('prod', 'web'), capacity: { desired: 5 } }], // max is within
  ['scale web 3', { command: 'scale', target: group('staging', 'web'), capacity: { desired: 3 } }, { channelEnv: 'staging' }],
  ['scale prod/web min=2 max=6 desired=4', { command: 'scale', target: group('prod', 'web'), capacity: { min: 2, max: 6, desired: 4 } }],
  ['scale prod/web desired=4 min=3', { command: 'scale', target: group('prod', 'web'), capacity: { min: 3, desired: 4 } }], // kept in min, max, desired order
  ['scale prod/web max=10', { command: 'scale', target: group('prod', 'web'), capacity: { max: 10 } }],
  ['scale prod/web min=0 max=0 desired=0', { command: 'scale', target: group('prod', 'web'), capacity: { min: 0, max: 0, desired: 0 } }],
  ['scale prod/web MIN=1', { command: 'scale', target: group('prod', 'web'), capacity: { min: 1 } }],
  ['scale dev/worker max=3 desired=3', { command: 'scale', target: group('dev', 'worker'), capacity: { max: 3, desired: 3 } }],
  // scale: temporary
  ['scale prod/web 4 --for 2h', { command: 'scale', target: group('prod', 'web'), capacity: { desired: 4 }, lasting: { until: '2026-12-05T12:00:00.000Z', said: 'for 2h' } }],
  ['scale prod/web t3.large --for 1d', { command: 'scale', target: group('prod', 'web'), instanceType: 't3.large', lasting: { until: '2026-12-06T10:00:00.000Z', said: 'for 1d' } }],
  ['scale prod/web t3.large --for 30D', { command: 'scale', target: group('prod', 'web'), instanceType: 't3.large', lasting: { until: '2027-01-04T10:00:00.000Z', said: 'for 30D' } }],
  // shutdown / startup
  ['shutdown dev', { command: 'shutdown', target: { env: 'dev' } }],
  ['/shutdown dev', { command: 'shutdown', target: { env: 'dev' } }],
  ['dev', { command: 'shutdown', target: { env: 'dev' } }, {}, { alias: '/shutdown' }],
  ['shutdown prod/bastion', { command: 'shutdown', target: instance('prod', 'bastion') }],
  ['shutdown bastion', { command: 'shutdown', target: instance('dev', 'bastion') }, { channelEnv: 'dev' }],
  ['shutdown dev --for 90m', { command: 'shutdown', target: { env: 'dev' }, lasting: { until: '2026-12-05T11:30:00.000Z', said: 'for 90m' } }],
  ['shutdown dev --until 18:00', { command: 'shutdown', target: { env: 'dev' }, lasting: { until: '2026-12-05T18:00:00.000Z', said: 'until 18:00' } }],
  ['shutdown dev --until 18:00 UTC', { command: 'shutdown', target: { env: 'dev' }, lasting: { until: '2026-12-05T18:00:00.000Z', said: 'until 18:00 UTC' } }],
  ['shutdown dev --until 9:30', { command: 'shutdown', target: { env: 'dev' }, lasting: { until: '2026-12-06T09:30:00.000Z', said: 'until 9:30' } }], // already past today: tomorrow's
  ['shutdown dev --until 10:00', { command: 'shutdown', target: { env: 'dev' }, lasting: { until: '2026-12-06T10:00:00.000Z', said: 'until 10:00' } }], // now exactly: tomorrow's
  ['shutdown dev --until 2026-12-07T09:00Z', { command: 'shutdown', target: { env: 'dev' }, lasting: { until: '2026-12-07T09:00:00.000Z', said: 'until 2026-12-07T09:00Z' } }],
  ['shutdown dev --until 2026-12-07T09:00:30.5+01:00', { command: 'shutdown', target: { env: 'dev' }, lasting: { until: '2026-12-07T08:00:30.500Z', said: 'until 2026-12-07T09:00:30.5+01:00' } }],
  ['shutdown dev --until 2026-12-07T09:00 UTC', { command: 'shutdown', target: { env: 'dev' }, lasting: { until: '2026-12-07T09:00:00.000Z', said: 'until 2026-12-07T09:00 UTC' } }],
  ['startup dev', { command: 'startup', target: { env: 'dev' } }],
  ['/startup staging/bastion --for 2h', { command: 'startup', target: instance('staging', 'bastion'), lasting: { until: '2026-12-05T12:00:00.000Z', said: 'for 2h' } }],
  // reads
  ['status', { command: 'status' }],
  ['status', { command: 'status', target: { env: 'prod' } }, { channelEnv: 'prod' }],
  ['status prod', { command: 'status', target: { env: 'prod' } }],
  ['status prod/web', { command: 'status', target: group('prod', 'web') }],
  ['status worker', { command: 'status', target: group('staging', 'worker') }, { channelEnv: 'staging' }],
  ['plan', { command: 'plan' }],
  ['plan staging', { command: 'plan', env: 'staging' }],
  ['plan', { command: 'plan', env: 'dev' }, { channelEnv: 'dev' }],
  ['drift prod', { command: 'drift', env: 'prod' }],
  ['drift', { command: 'drift' }],
  // requests and locks
  ['approve req-0123456789ab', { command: 'approve', requestId: 'req-0123456789ab' }],
  ['approve REQ-0123456789AB', { command: 'approve', requestId: 'req-0123456789ab' }],
  ['deny req-0123456789ab', { command: 'deny', requestId: 'req-0123456789ab' }],
  ['deny req-0123456789ab not during the sale', { command: 'deny', requestId: 'req-0123456789ab', reason: 'not during the sale' }],
  ['deny req-0123456789ab "not during\n  the sale"', { command: 'deny', requestId: 'req-0123456789ab', reason: 'not during the sale' }],
  ['deny req-0123456789ab min=2 is "too few"', { command: 'deny', requestId: 'req-0123456789ab', reason: 'min=2 is too few' }],
  ['deny req-0123456789ab ask <@U123|bob> about R&amp;D', { command: 'deny', requestId: 'req-0123456789ab', reason: 'ask <@U123|bob> about R&D' }, {}, { slack: true }],
  ['requests', { command: 'requests' }],
  ['locks', { command: 'locks' }],
  ['unlock dev the runner died', { command: 'unlock', env: 'dev', reason: 'the runner died' }],
  ['unlock prod "apply finished by hand"', { command: 'unlock', env: 'prod', reason: 'apply finished by hand' }],
  // help
  ['help', { command: 'help' }],
  ['', { command: 'help' }],
  ['/qm', { command: 'help' }],
  ['help scale', { command: 'help', topic: 'scale' }],
  ['help /shutdown', { command: 'help', topic: 'shutdown' }],
  ['scale prod/web --help', { command: 'help', topic: 'scale' }],
];

describe('parseCommand: intents', () => {
  it.each(INTENTS)('%j', (text, intent, over, opts) => {
    expect(parseCommand(text, ctx(over), opts)).toStrictEqual({ ok: true, intent });
  });
});

type ErrorCase = [text: string, error: string, usage: string, over?: Partial<ResolveContext>];

const ERRORS: ErrorCase[] = [
  // commands
  ['sacle prod/web 4', 'unknown command "sacle" (did you mean "scale"?)', usageOf()],
  ['start dev', 'unknown command "start" (did you mean "startup"?)', usageOf()],
  ['req', 'unknown command "req" (did you mean "requests"?)', usageOf()],
  ['launch the missiles', 'unknown command "launch"', usageOf()],
  ['/qm /scale web', 'unknown command "/scale" (did you mean "scale"?)', usageOf()],
  ['help sclae', 'there is no command "sclae" (did you mean "scale"?); the commands are scale, shutdown, startup, status, plan, drift, approve, deny, requests, locks, unlock, help', usageOf('help')],
  ['plan prod --for 2h', '--for only goes with scale, shutdown and startup', usageOf('plan')],
  ['deny req-0123456789ab --until 18:00', '--until only goes with scale, shutdown and startup', usageOf('deny')],
  // targets
  ['scale web 4', '"web" is in several environments: dev/web, prod/web, staging/web; name one, like dev/web', usageOf('scale')],
  ['shutdown bastion', '"bastion" is in several environments: dev/bastion, prod/bastion, staging/bastion; name one, like dev/bastion', usageOf('shutdown')],
  ['scale wbe 4', 'no instance or group named "wbe" (did you mean "web"?)', usageOf('scale')],
  ['shutdown prd', 'no environment, instance or group named "prd" (did you mean "prod"?)', usageOf('shutdown')],
  ['scale prd/web 4', 'there is no environment "prd" (did you mean "prod/web"?)', usageOf('scale')],
  ['scale qa/web 4', 'there is no environment "qa"', usageOf('scale')],
  ['scale prod/wbe 4', 'prod has no instance or group named "wbe" (did you mean "prod/web"?)', usageOf('scale')],
  ['scale prod/web-high-cpu 4', 'prod/web-high-cpu is an alarm; scale acts on instances and Auto Scaling groups', usageOf('scale')],
  ['scale prod 4', '"prod" is an environment; scale acts on one instance or group, like prod/bastion', usageOf('scale')],
  ['scale prod/web/x 4', '"prod/web/x" is not a target: write a name (web), an environment and a name (prod/web)', usageOf('scale')],
  ['shutdown /web', '"/web" is not a target: write a name (web), an environment and a name (prod/web) or an environment (dev)', usageOf('shutdown')],
  ['scale api 4', 'no instance or group named "api" in prod, this channel\'s environment', usageOf('scale'), { channelEnv: 'prod' }],
  ['scale wbe 4', 'no instance or group named "wbe" in prod, this channel\'s environment (did you mean "web"?)', usageOf('scale'), { channelEnv: 'prod' }],
  ['scale web 4', 'this channel is bound to environment "qa", which the definitions do not have; fix the channel\'s binding in policy.yml', usageOf('scale'), { channelEnv: 'qa' }],
  ['status', 'this channel is bound to environment "qa", which the definitions do not have; fix the channel\'s binding in policy.yml', usageOf('status'), { channelEnv: 'qa' }],
  ['scale', 'scale needs a target and what to change, like scale prod/web t3.large or scale prod/web 4', usageOf('scale')],
  ['scale min=2', 'scale needs a target and what to change, like scale prod/web t3.large or scale prod/web 4', usageOf('scale')],
  ['shutdown', 'shutdown needs an environment or a target, like shutdown dev or shutdown prod/web', usageOf('shutdown')],
  ['startup dev prod', 'unexpected "prod"', usageOf('startup')],
  // scale: what to change
  ['scale prod/web', 'scale prod/web needs an instance type, a count or min=/max=/desired=, like scale prod/web 4', usageOf('scale')],
  ['scale prod/bastion', 'scale prod/bastion needs an instance type, like scale prod/bastion t3.large', usageOf('scale')],
  ['scale prod/web t3.lrage', '"t3.lrage" is neither a count nor an EC2 instance type Quartermaster knows (did you mean "t3.large"?)', usageOf('scale')],
  ['scale prod/bastion t2.mirco', '"t2.mirco" is not an EC2 instance type Quartermaster knows (did you mean "t2.micro"?)', usageOf('scale')],
  ['scale prod/web five', '"five" is neither a count nor an EC2 instance type Quartermaster knows', usageOf('scale')],
  ['scale prod/worker t3.large', 'prod/worker runs arm64 (m7g.large) and t3.large is x86_64, which its AMI cannot boot; pick an arm64 type, like t4g.large', usageOf('scale')],
  ['scale prod/bastion m7g.large', 'prod/bastion runs x86_64 (t3.micro) and m7g.large is arm64, which its AMI cannot boot; pick an x86_64 type, like m5.large', usageOf('scale')],
  ['scale prod/bastion 3', 'prod/bastion is an instance; instances have no count: scale it to an instance type, like scale prod/bastion t3.large', usageOf('scale')],
  ['scale prod/bastion min=1', 'prod/bastion is an instance; min=, max= and desired= are for Auto Scaling groups', usageOf('scale')],
  ['scale prod/web t3.large 4', 'unexpected "4"', usageOf('scale')],
  ['scale prod/web 4 min=2', 'unexpected "4": give an instance type, a count or min=/max=/desired=, one of them', usageOf('scale')],
  ['scale prod/web -1', '"-1" is not a count: a whole number from 0 to 10000', usageOf('scale')],
  ['scale prod/web 2.5', '"2.5" is not a count: a whole number from 0 to 10000', usageOf('scale')],
  ['scale prod/web 10001', '"10001" is not a count: a whole number from 0 to 10000', usageOf('scale')],
  ['scale prod/web 99999999999999999999', '"99999999999999999999" is not a count: a whole number from 0 to 10000', usageOf('scale')],
  ['scale prod/web 9', "9 is above prod/web's max_size 5; to raise it too, write scale prod/web max=9 desired=9", usageOf('scale')],
  ['scale prod/web 1', "1 is below prod/web's min_size 2; to lower it too, write scale prod/web min=1 desired=1", usageOf('scale')],
  ['scale prod/web min=7', "min=7 is above prod/web's max_size 5; give max= too", usageOf('scale')],
  ['scale prod/web min=7 max=6', 'min=7 is above max=6', usageOf('scale')],
  ['scale prod/web max=1', "max=1 is below prod/web's min_size 2; give min= too", usageOf('scale')],
  ['scale prod/web desired=1', "desired=1 is below prod/web's min_size 2; give min= too", usageOf('scale')],
  ['scale prod/web desired=6', "desired=6 is above prod/web's max_size 5; give max= too", usageOf('scale')],
  ['scale prod/web min=3 desired=2', 'desired=2 is below min=3', usageOf('scale')],
  ['scale prod/web max=3 desired=4', 'desired=4 is above max=3', usageOf('scale')],
  ['scale prod/web min=abc', '"min=abc": min is a whole number from 0 to 10000', usageOf('scale')],
  ['scale prod/web min=', '"min=": min is a whole number from 0 to 10000', usageOf('scale')],
  ['scale prod/web min=1 min=2', 'min= is given twice', usageOf('scale')],
  ['scale prod/web size=3', 'unknown setting "size=3"; write min=, max= or desired=', usageOf('scale')],
  ['scale prod/web desird=3', 'unknown setting "desird=3" (did you mean "desired="?); write min=, max= or desired=', usageOf('scale')],
  // times
  ['scale prod/web 4 --for 2x', '"2x" is not a duration: a whole number and s, m, h or d, like 30m, 2h or 1d', usageOf('scale')],
  ['scale prod/web 4 --for 31d', '--for 31d is more than 30 days away; a change that lasts longer belongs in the definitions (leave out --for)', usageOf('scale')],
  ['shutdown dev --for 30s', '--for 30s is less than a minute away; give a minute or more', usageOf('shutdown')],
  ['shutdown dev --until 25:00', '"25:00" is not a time; write HH:MM (UTC), like 18:00 or 18:00 UTC, or an ISO 8601 instant, like 2026-12-05T09:00Z', usageOf('shutdown')],
  ['shutdown dev --until tomorrow', '"tomorrow" is not a time; write HH:MM (UTC), like 18:00 or 18:00 UTC, or an ISO 8601 instant, like 2026-12-05T09:00Z', usageOf('shutdown')],
  ['shutdown dev --until 18:00 CET', 'unexpected "CET"', usageOf('shutdown')],
  ['shutdown dev --until 2026-12-05T09:00Z', '--until 2026-12-05T09:00Z is in the past (it is 2026-12-05T10:00:00.000Z now)', usageOf('shutdown')],
  ['shutdown dev --until 2026-12-05T10:00:30Z', '--until 2026-12-05T10:00:30Z is less than a minute away; give a minute or more', usageOf('shutdown')],
  ['shutdown dev --until 2027-02-01T00:00Z', '--until 2027-02-01T00:00Z is more than 30 days away; a change that lasts longer belongs in the definitions (leave out --until)', usageOf('shutdown')],
  ['shutdown dev --until 2026-02-30T09:00Z', '"2026-02-30T09:00Z" is not a real date and time; write HH:MM (UTC), like 18:00 or 18:00 UTC, or an ISO 8601 instant, like 2026-12-05T09:00Z', usageOf('shutdown')],
  ['shutdown dev --until 2026-12-07T09:00+25:00', '"2026-12-07T09:00+25:00" has an offset that is not one; write HH:MM (UTC), like 18:00 or 18:00 UTC, or an ISO 8601 instant, like 2026-12-05T09:00Z', usageOf('shutdown')],
  // reads
  ['plan prod/web', '"prod/web" is not an environment; plan works on a whole environment, like plan prod', usageOf('plan')],
  ['drift prdo', 'there is no environment "prdo" (did you mean "prod"?)', usageOf('drift')],
  ['plan prod staging', 'unexpected "staging"', usageOf('plan')],
  ['status prod/web extra', 'unexpected "extra"', usageOf('status')],
  ['requests all', 'unexpected "all"', usageOf('requests')],
  ['locks a b c d e', 'unexpected "a", "b", "c" and 2 more', usageOf('locks')],
  // requests and locks
  ['approve', 'approve needs a request id, like approve req-0123456789ab', usageOf('approve')],
  ['approve req-123', '"req-123" is not a request id: req- and 12 hex digits, like req-0123456789ab (requests lists them)', usageOf('approve')],
  ['approve req-0123456789ag', '"req-0123456789ag" is not a request id: req- and 12 hex digits, like req-0123456789ab (requests lists them)', usageOf('approve')],
  ['approve req-0123456789ab now', 'unexpected "now"', usageOf('approve')],
  ['deny', 'deny needs a request id, like deny req-0123456789ab "not during the sale"', usageOf('deny')],
  ['deny 0123456789ab', '"0123456789ab" is not a request id: req- and 12 hex digits, like req-0123456789ab (requests lists them)', usageOf('deny')],
  [`deny req-0123456789ab ${'x'.repeat(501)}`, 'the reason is 501 characters long; the most is 500', usageOf('deny')],
  ['unlock', 'unlock needs an environment and a reason, like unlock dev "the runner died mid-apply"', usageOf('unlock')],
  ['unlock dev', 'unlock needs a reason, kept in the audit log: unlock dev <reason>', usageOf('unlock')],
  ['unlock dev ""', 'unlock needs a reason, kept in the audit log: unlock dev <reason>', usageOf('unlock')],
  ['unlock dve stuck', 'there is no environment "dve" (did you mean "dev"?)', usageOf('unlock')],
  // words that are too long to repeat
  [`scale ${'a'.repeat(100)}`, `no instance or group named "${'a'.repeat(40)}…"`, usageOf('scale')],
];

describe('parseCommand: usage errors', () => {
  it.each(ERRORS)('%j', (text, error, usage, over) => {
    expect(parseCommand(text, ctx(over))).toStrictEqual({ ok: false, error, usage });
  });
});

describe('targets on a fleet with deleted resources and shared names', () => {
  const withFleet = (edit: (d: Definitions) => Definitions): ResolveContext => ctx({ definitions: edit(definitions) });

  it('does not act on a resource marked deleted', () => {
    const c = withFleet((d) => ({ ...d, resources: d.resources.map((r) => (r.env === 'prod' && r.name === 'bastion' ? { ...r, deleted: true } : r)) }));
    expect(parseCommand('shutdown prod/bastion', c)).toMatchObject({ ok: false, error: 'prod/bastion is deleted in the definitions (deleted: true); there is nothing to shutdown' });
  });

  it('resolves a bare name unique across environments without a channel', () => {
    const c = withFleet((d) => ({ ...d, resources: d.resources.filter((r) => !(r.name === 'bastion' && r.env !== 'staging')) }));
    expect(parseCommand('scale bastion t3.small', c)).toStrictEqual({ ok: true, intent: { command: 'scale', target: instance('staging', 'bastion'), instanceType: 't3.small' } });
  });

  it('counts only live resources when a name is ambiguous', () => {
    const c = withFleet((d) => ({ ...d, resources: d.resources.map((r) => (r.name === 'web' && r.env !== 'prod' ? { ...r, deleted: true } : r)) }));
    expect(parseCommand('scale web 4', c)).toStrictEqual({ ok: true, intent: { command: 'scale', target: group('prod', 'web'), capacity: { desired: 4 } } });
  });

  it('names the other environments when the channel\u2019s has no such resource', () => {
    const c = withFleet((d) => ({ ...d, resources: d.resources.filter((r) => !(r.env === 'dev' && r.name === 'worker')) }));
    expect(parseCommand('scale worker 2', { ...c, channelEnv: 'dev' })).toMatchObject({
      ok: false,
      error: 'this channel is bound to dev, which has no instance or group named "worker"; name another environment\'s explicitly: prod/worker, staging/worker',
    });
  });

  it('takes the group for a count when an instance and a group share a name, and refuses to guess otherwise', () => {
    const bastion = definitions.resources.find((r) => r.env === 'prod' && r.name === 'bastion');
    if (bastion === undefined) throw new Error('the example fleet has no prod/bastion');
    const c = withFleet((d) => ({ ...d, resources: [...d.resources, { ...bastion, name: 'web' }] }));
    expect(parseCommand('scale prod/web 3', c)).toStrictEqual({ ok: true, intent: { command: 'scale', target: group('prod', 'web'), capacity: { desired: 3 } } });
    const both = { ok: false, error: 'prod/web names both an instance and an Auto Scaling group; rename one of them in the definitions' };
    expect(parseCommand('shutdown prod/web', c)).toMatchObject(both);
    expect(parseCommand('scale prod/web t3.large', c)).toMatchObject(both);
  });

  it('checks a desired capacity the definition keeps against new bounds', () => {
    const c = withFleet((d) => ({
      ...d,
      resources: d.resources.map((r) => (r.env === 'prod' && r.kind === 'autoscaling-group' && r.name === 'web' ? { ...r, desiredCapacity: 4 } : r)),
    }));
    expect(parseCommand('scale prod/web max=3', c)).toMatchObject({ ok: false, error: "prod/web's desired_capacity 4 would be above max=3; give desired= too" });
    expect(parseCommand('scale prod/web max=3 desired=3', c)).toMatchObject({ ok: true });
  });
});
