import { beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, helpText, parseCommand, usageOf, type ResolveContext } from '../../src/commands/index.js';
import type { Definitions } from '../../src/model/resources.js';
import { exampleFleet, NOW } from './fleet-context.js';

let definitions: Definitions;
beforeAll(async () => {
  definitions = await exampleFleet();
});

describe('helpText', () => {
  it('covers every command of the Intent, once, in a stable order', () => {
    expect(helpText().map((h) => h.command)).toEqual(['scale', 'shutdown', 'startup', 'status', 'plan', 'drift', 'approve', 'deny', 'requests', 'locks', 'unlock', 'help']);
    expect(new Set(COMMAND_NAMES).size).toBe(COMMAND_NAMES.length);
  });

  it('gives one command on its own, and every command for an unknown topic', () => {
    expect(helpText('unlock')).toEqual([
      {
        command: 'unlock',
        usage: 'unlock <environment> <reason>',
        summary: "Release an environment's lock left by an apply that will not finish; the reason is audited.",
        examples: ['unlock staging "the runner died mid-apply"'],
      },
    ]);
    expect(helpText('nope')).toHaveLength(COMMAND_NAMES.length);
  });

  it('has examples that are real commands: each parses on the example fleet to its own command', () => {
    const ctx: ResolveContext = { definitions, now: NOW };
    for (const { command, examples, summary, usage } of helpText()) {
      expect(summary).not.toBe('');
      expect(usage.split('\n').every((line) => line.startsWith(command))).toBe(true);
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        const result = parseCommand(example, ctx);
        expect(result, example).toMatchObject({ ok: true, intent: { command } });
      }
    }
  });

  it('cannot be changed by a door that edits what it was given', () => {
    helpText('scale')[0]?.examples.push('rm -rf /');
    expect(helpText('scale')[0]?.examples).not.toContain('rm -rf /');
  });
});

describe('usageOf', () => {
  it('gives the usage lines of one command', () => {
    expect(usageOf('deny')).toBe('deny <request-id> [reason]');
    expect(usageOf('scale').split('\n')).toEqual([
      'scale <target> <instance-type> [--for <duration> | --until <time>]',
      'scale <target> <count> [--for <duration> | --until <time>]',
      'scale <target> [min=<n>] [max=<n>] [desired=<n>] [--for <duration> | --until <time>]',
    ]);
  });

  it('gives every command when the command is unknown', () => {
    expect(usageOf().split('\n')).toHaveLength(COMMAND_NAMES.length + 2);
    expect(usageOf('sacle')).toBe(usageOf());
  });
});
