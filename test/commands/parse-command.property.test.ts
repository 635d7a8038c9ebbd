import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { allInstanceTypes, getInstanceType } from '../../src/catalog/instance-types.js';
import {
  COMMAND_NAMES,
  formatIntent,
  MAX_COMMAND_LENGTH,
  normalizeReason,
  parseCommand,
  type CapacityChange,
  type Intent,
  type Lasting,
  type ParseOptions,
  type ResolveContext,
  type Target,
} from '../../src/commands/index.js';
import type { AutoScalingGroupSpec, Definitions, InstanceSpec } from '../../src/model/resources.js';
import { exampleFleet, NOW } from './fleet-context.js';

let definitions: Definitions;
beforeAll(async () => {
  definitions = await exampleFleet();
});

/** Canonical `said`: what parsing the canonical text gives back. */
const canonical = (intent: Intent): Intent =>
  'lasting' in intent && intent.lasting ? { ...intent, lasting: { until: intent.lasting.until, said: `until ${intent.lasting.until}` } } : intent;

// Words of the grammar, and the things Slack, phones and attackers put around them.
const FRAGMENTS = [
  '/qm', 'qm', '/scale', '/shutdown', '/startup', ...COMMAND_NAMES, 'sacle', 'start',
  'web', 'prod/web', 'dev/worker', 'staging/bastion', 'prod', 'dev', 'prod/web-high-cpu', 'a/b/c', '/', 'prod/',
  't3.large', 't3.lrage', 'm7g.large', 'T3.MICRO', '0', '4', '5', '9', '-1', '2.5', '99999999999999999999',
  'min=2', 'max=6', 'desired=4', 'min=', '=3', 'mn=1', 'min=7', 'max=1',
  '--for', '--until', '--for=2h', '--help', '--force', '—for', '–until', '--', '2h', '30s', '31d', '18:00', 'UTC', '25:00', '2026-12-05T09:00Z', '2026-12-07T09:00+01:00', '2026-02-30T00:00Z',
  'req-0123456789ab', 'REQ-0123456789AB', 'req-123',
  '"', '\\"', '\\', '"not now"', '\u201c', '\u201d', '"a"b', "it's",
  '<@U123|bob>', '<#C1|general>', '<!subteam^S1|@sre>', '&amp;', '&lt;', '&gt;', '<https://x.example|a link>',
  '\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u202e', '\u2066', '\u200b', '\ufeff', '\ud800', '\udfff', '\u{1f680}', 'e\u0301', '\u00a0', '\u3000', '\r\n',
  '$(rm -rf /)', '`id`', '; ls', '| cat', '${HOME}', '%s%n', '__proto__', 'constructor', 'toString',
];
const SEPARATORS = [' ', '  ', '\t', '\n', '\u00a0', ''];

const fragmentText = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 8 })), fc.constantFrom(...SEPARATORS)), { maxLength: 14 })
  .map((parts) => parts.map(([word, sep]) => word + sep).join(''));
// Commands close to right, so that many parse and the round trip below is exercised on them.
const words = (...w: string[]) => fc.constantFrom(...w);
const ARGS: Record<string, fc.Arbitrary<string>> = {
  scale: fc
    .tuple(words('prod/web', 'staging/worker', 'dev/bastion', 'web', 'worker', 'bastion'), words('t3.large', 't4g.small', 'm7g.xlarge', '3', '1', 'min=1', 'max=4 desired=2', 'MIN=0 max=2', 'desired=1'))
    .map(([t, change]) => `${t} ${change}`),
  shutdown: words('dev', 'prod/bastion', 'staging', 'web', 'Prod'),
  startup: words('dev', 'staging/web', 'bastion'),
  status: words('', 'prod', 'prod/web', 'worker'),
  plan: words('', 'dev', 'staging'),
  drift: words('', 'prod'),
  approve: words('req-0123456789ab', 'REQ-ABCDEF012345'),
  deny: fc
    .tuple(words('req-0123456789ab'), fc.array(words('no', '"not now"', '\u201cnot \\ \\" now\u201d', '&amp;', '<@U1|bob>', '"min=2"', 'x=1', '\u{1f680}'), { maxLength: 3 }))
    .map(([id, reason]) => [id, ...reason].join(' ')),
  requests: words(''),
  locks: words(''),
  unlock: fc.tuple(words('dev', 'prod'), fc.array(words('stuck', '"the runner died"', "it's", '\u{1f680}', '"\\"'), { maxLength: 3 })).map(([env, reason]) => [env, ...reason].join(' ')),
  help: words('', 'scale', 'locks'),
};
const FLAG_TEXT = ['--for 2h', '--for=45m', '--until 18:00', '--until 18:00 UTC', '--until 2026-12-06T09:00Z', '\u2014for 1d', '--help'];
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const shaped = fc
  .constantFrom(...COMMAND_NAMES)
  .chain((command) => fc.tuple(words('', '/qm ', 'qm '), fc.constant(command), ARGS[command] ?? words(''), rarely(fc.constantFrom(...FLAG_TEXT)), rarely(fc.constantFrom(...FRAGMENTS))))
  .map(([prefix, command, args, flag, noise]) => [`${prefix}${command}`, args, flag, noise].filter((w) => w !== undefined).join(' '));
const loneSurrogates = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 20 });
const anyText = fc.oneof(
  { weight: 4, arbitrary: shaped },
  { weight: 4, arbitrary: fragmentText },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 200 }) },
  { weight: 1, arbitrary: loneSurrogates },
  // Around the limit, and far past it.
  { weight: 1, arbitrary: fc.tuple(fragmentText, fc.integer({ min: MAX_COMMAND_LENGTH - 50, max: MAX_COMMAND_LENGTH + 50 })).map(([t, n]) => (t + ' x'.repeat(n)).slice(0, n)) },
  { weight: 1, arbitrary: fc.integer({ min: MAX_COMMAND_LENGTH + 1, max: 200_000 }).map((n) => 'scale '.repeat(Math.ceil(n / 6)).slice(0, n)) },
);
const options: fc.Arbitrary<ParseOptions> = fc.record(
  { alias: fc.constantFrom('qm', '/qm', 'scale', '/scale', 'shutdown', '/startup', '', '/nope'), slack: fc.boolean() },
  { requiredKeys: [] },
);
const channelEnv = fc.constantFrom(undefined, 'dev', 'prod', 'staging', 'qa');

describe('parseCommand is total', () => {
  it('never throws: any text is an intent or a usage error with a message and a usage', () => {
    fc.assert(
      fc.property(anyText, options, channelEnv, (text, opts, env) => {
        const ctx: ResolveContext = { definitions, now: NOW, ...(env === undefined ? {} : { channelEnv: env }) };
        const result = parseCommand(text, ctx, opts);
        if (result.ok) {
          expect(COMMAND_NAMES).toContain(result.intent.command);
          // Whatever was parsed has a canonical text that reads back the same, in the same context.
          expect(parseCommand(formatIntent(result.intent), ctx)).toStrictEqual({ ok: true, intent: canonical(result.intent) });
        } else {
          expect(result.error.length).toBeGreaterThan(0);
          expect(result.usage.length).toBeGreaterThan(0);
          // A message never repeats a huge word whole.
          expect(result.error.length).toBeLessThan(700);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('formatIntent round-trips', () => {
  const DAY = 86_400_000;
  const lasting: fc.Arbitrary<Lasting | undefined> = fc.option(
    fc.integer({ min: 60_000, max: 30 * DAY }).map((ms) => {
      const until = new Date(NOW.getTime() + ms).toISOString();
      return { until, said: `until ${until}` };
    }),
    { nil: undefined },
  );
  const withLasting = <T extends object>(intent: T, l: Lasting | undefined): T => (l === undefined ? intent : { ...intent, lasting: l });

  // Reasons as parsing keeps them: one line, trimmed, no control characters, quotes and backslashes welcome.
  const reason = fc
    .array(fc.oneof(fc.constantFrom('"', '\\', '\\"', '--for', '—until', 'min=2', '\u201c', '\u201d', ' ', '\n', '&amp;', '<@U1|x>'), fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 12 })
    .map((parts) => normalizeReason(parts.join('').replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, ' ')))
    .filter((r) => r !== '' && [...r].length <= 500);
  const requestId = fc.stringMatching(/^[0-9a-f]{12}$/).map((hex) => `req-${hex}`);

  function intents(defs: Definitions): fc.Arbitrary<Intent> {
    const live = defs.resources.filter((r): r is InstanceSpec | AutoScalingGroupSpec => r.kind !== 'alarm' && !r.deleted);
    const groups = live.filter((r): r is AutoScalingGroupSpec => r.kind === 'autoscaling-group');
    const envs = defs.environments.map((e) => e.name);
    const resourceTarget = fc.constantFrom(...live).map((r) => ({ env: r.env, kind: r.kind, name: r.name }));
    const target: fc.Arbitrary<Target> = fc.oneof(resourceTarget, fc.constantFrom(...envs).map((env) => ({ env })));
    const typeOf = (r: InstanceSpec | AutoScalingGroupSpec): string => (r.kind === 'instance' ? r.instanceType : r.launchTemplate.instanceType);

    const scaleType = fc
      .constantFrom(...live)
      .chain((r) => fc.tuple(fc.constant(r), fc.constantFrom(...allInstanceTypes().filter((t) => t.architecture === getInstanceType(typeOf(r))?.architecture)), lasting))
      .map(([r, t, l]): Intent => withLasting({ command: 'scale', target: { env: r.env, kind: r.kind, name: r.name }, instanceType: t.name }, l));
    const scaleCapacity = fc
      .tuple(fc.constantFrom(...groups), fc.record({ min: fc.nat(12), max: fc.nat(12), desired: fc.nat(12) }, { requiredKeys: [] }), lasting)
      .filter(([g, c]) => Object.keys(c).length > 0 && fitsBounds(g, c))
      .map(([g, c, l]): Intent => withLasting({ command: 'scale', target: { env: g.env, kind: 'autoscaling-group', name: g.name }, capacity: ordered(c) }, l));

    return fc.oneof(
      scaleType,
      scaleCapacity,
      fc.tuple(fc.constantFrom('shutdown' as const, 'startup' as const), target, lasting).map(([command, t, l]): Intent => withLasting({ command, target: t }, l)),
      fc.option(target, { nil: undefined }).map((t): Intent => (t === undefined ? { command: 'status' } : { command: 'status', target: t })),
      fc.tuple(fc.constantFrom('plan' as const, 'drift' as const), fc.option(fc.constantFrom(...envs), { nil: undefined })).map(([command, env]): Intent => (env === undefined ? { command } : { command, env })),
      requestId.map((id): Intent => ({ command: 'approve', requestId: id })),
      fc.tuple(requestId, fc.option(reason, { nil: undefined })).map(([id, r]): Intent => (r === undefined ? { command: 'deny', requestId: id } : { command: 'deny', requestId: id, reason: r })),
      fc.constantFrom<Intent>({ command: 'requests' }, { command: 'locks' }),
      fc.tuple(fc.constantFrom(...envs), reason).map(([env, r]): Intent => ({ command: 'unlock', env, reason: r })),
      fc.option(fc.constantFrom(...COMMAND_NAMES), { nil: undefined }).map((topic): Intent => (topic === undefined ? { command: 'help' } : { command: 'help', topic })),
    );
  }

  it('parseCommand(formatIntent(i)) is i, for any intent on the example fleet', () => {
    const ctx: ResolveContext = { definitions, now: NOW };
    fc.assert(
      fc.property(intents(definitions), (intent) => {
        const text = formatIntent(intent);
        expect(text.length).toBeLessThanOrEqual(MAX_COMMAND_LENGTH);
        expect(parseCommand(text, ctx)).toStrictEqual({ ok: true, intent });
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the instant, not the words, of a temporary change', () => {
    const ctx: ResolveContext = { definitions, now: NOW };
    const asked = parseCommand('scale prod/web 4 --for 2h', ctx);
    expect(asked.ok && formatIntent(asked.intent)).toBe('scale prod/web 4 --until 2026-12-05T12:00:00.000Z');
    // Approved an hour later: the change still ends when it was asked to.
    const later = parseCommand(asked.ok ? formatIntent(asked.intent) : '', { ...ctx, now: new Date(NOW.getTime() + 3_600_000) });
    expect(later).toStrictEqual({ ok: true, intent: { ...(asked.ok ? asked.intent : {}), lasting: { until: '2026-12-05T12:00:00.000Z', said: 'until 2026-12-05T12:00:00.000Z' } } });
  });

  it('refuses the stored text of a temporary change approved after it would have ended', () => {
    const later = parseCommand('shutdown dev --until 2026-12-05T12:00:00.000Z', { definitions, now: new Date('2026-12-05T13:00:00Z') });
    expect(later).toMatchObject({ ok: false, error: '--until 2026-12-05T12:00:00.000Z is in the past (it is 2026-12-05T13:00:00.000Z now)' });
  });
});

/** min <= desired <= max once what is not given keeps the definition's value (an independent statement of the rule). */
function fitsBounds(g: AutoScalingGroupSpec, c: CapacityChange): boolean {
  const min = c.min ?? g.minSize;
  const max = c.max ?? g.maxSize;
  const desired = c.desired ?? g.desiredCapacity;
  return min <= max && (desired === undefined || (min <= desired && desired <= max));
}

function ordered(c: CapacityChange): CapacityChange {
  return { ...(c.min === undefined ? {} : { min: c.min }), ...(c.max === undefined ? {} : { max: c.max }), ...(c.desired === undefined ? {} : { desired: c.desired }) };
}
