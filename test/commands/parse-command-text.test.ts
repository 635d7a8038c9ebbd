import { describe, expect, it } from 'vitest';
import { parseCommandText, tokenize, decodeSlackEscapes, MAX_COMMAND_LENGTH, type ParseOptions, type RawArg } from '../../src/commands/index.js';

const w = (text: string): RawArg => ({ text, quoted: false });
const q = (text: string): RawArg => ({ text, quoted: true });
const p = (key: string, value: string, text = `${key}=${value}`): RawArg => ({ text, quoted: false, pair: { key, value } });

describe('parseCommandText: syntax', () => {
  it.each<[string, ParseOptions, string, RawArg[]]>([
    ['scale web 5', {}, 'scale', [w('web'), w('5')]],
    ['/qm scale web 5', {}, 'scale', [w('web'), w('5')]],
    ['qm scale web 5', {}, 'scale', [w('web'), w('5')]],
    ['QM Scale Web 5', {}, 'scale', [w('Web'), w('5')]], // the command word is lowercased, the rest as written
    ['/scale web 5', {}, 'scale', [w('web'), w('5')]],
    ['/shutdown dev', {}, 'shutdown', [w('dev')]],
    ['/startup dev', {}, 'startup', [w('dev')]],
    ['web 5', { alias: 'scale' }, 'scale', [w('web'), w('5')]],
    ['web 5', { alias: '/scale' }, 'scale', [w('web'), w('5')]],
    ['scale web 5', { alias: '/qm' }, 'scale', [w('web'), w('5')]],
    ['dev', { alias: 'shutdown' }, 'shutdown', [w('dev')]],
    ['  scale\t web\n 5  ', {}, 'scale', [w('web'), w('5')]],
    ['scale\u00a0web\u3000 5', {}, 'scale', [w('web'), w('5')]], // Slack's non-breaking spaces
    ['scale web min=2 MAX=6', {}, 'scale', [w('web'), p('min', '2'), p('max', '6', 'MAX=6')]],
    ['deny req-1 "not now"', {}, 'deny', [w('req-1'), q('not now')]],
    ['deny req-1 \u201cnot now\u201d', {}, 'deny', [w('req-1'), q('not now')]], // curly quotes from a phone
    ['deny req-1 "say \\"no\\" \\\\ C:\\temp"', {}, 'deny', [w('req-1'), q('say "no" \\ C:\\temp')]],
    ['deny req-1 "min=2"', {}, 'deny', [w('req-1'), q('min=2')]], // a quoted pair is a word
    ['deny req-1 ""', {}, 'deny', [w('req-1'), q('')]],
    ["unlock dev it's done", {}, 'unlock', [w('dev'), w("it's"), w('done')]], // a quote inside a word is a letter
    ['unlock dev deploy \u2014 done', {}, 'unlock', [w('dev'), w('deploy'), w('\u2014'), w('done')]], // a dash alone is a word
    ['', {}, '', []],
    ['/qm', {}, '', []],
    ['"scale" web', {}, 'scale', [w('web')]],
  ])('%j %j', (text, opts, command, args) => {
    expect(parseCommandText(text, opts)).toEqual({ ok: true, raw: { command, args, help: false } });
  });

  it.each([
    ['shutdown dev --for 2h', { flag: 'for', value: '2h', said: 'for 2h' }],
    ['shutdown --for 2h dev', { flag: 'for', value: '2h', said: 'for 2h' }], // anywhere after the command
    ['shutdown dev --for=2h', { flag: 'for', value: '2h', said: 'for 2h' }],
    ['shutdown dev --FOR 2h', { flag: 'for', value: '2h', said: 'for 2h' }],
    ['shutdown dev \u2014for 2h', { flag: 'for', value: '2h', said: 'for 2h' }], // macOS made -- an em dash
    ['shutdown dev --until 18:00', { flag: 'until', value: '18:00', said: 'until 18:00' }],
    ['shutdown dev --until 18:00 UTC', { flag: 'until', value: '18:00 UTC', said: 'until 18:00 UTC' }],
    ['shutdown dev --until "18:00 UTC"', { flag: 'until', value: '18:00 UTC', said: 'until 18:00 UTC' }],
    ['shutdown dev --until 2026-12-05T09:00Z', { flag: 'until', value: '2026-12-05T09:00Z', said: 'until 2026-12-05T09:00Z' }],
  ])('%j', (text, lasting) => {
    expect(parseCommandText(text)).toEqual({ ok: true, raw: { command: 'shutdown', args: [w('dev')], lasting, help: false } });
  });

  it('takes --help anywhere as a request for help', () => {
    expect(parseCommandText('scale web --help')).toEqual({ ok: true, raw: { command: 'scale', args: [w('web')], help: true } });
  });

  it.each([
    ['scale web 5 --force', 'unknown flag "--force"; the flags are --for <duration> and --until <time>'],
    ['scale web 5 --for', '--for needs a duration, like --for 2h'],
    ['scale web 5 --for=', '--for needs a duration, like --for 2h'],
    ['scale web 5 --for --until 18:00', '--for needs a duration, like --for 2h'],
    ['scale web 5 --until', '--until needs a time, like --until 18:00 UTC or --until 2026-12-05T09:00Z'],
    ['scale web 5 --for 2h --until 18:00', 'give --for or --until, not both'],
    ['scale web 5 --for 2h --for 3h', '--for is given twice'],
    ['deny req-1 "not now', 'the quote "not now is not closed; close it with "'],
    ['deny req-1 \u201cnot now"', 'the quote \u201cnot now" is not closed; close it with \u201d'],
    ['deny req-1 "a"b', '"a" is followed by b with no space; put a space after the closing quote'],
    ['scale web\u0007 5', 'the command contains the invisible character U+0007; type it again without it'],
    ['deny req-1 evil\u202etxt.exe', 'the command contains the invisible character U+202E; type it again without it'],
    ['x'.repeat(MAX_COMMAND_LENGTH + 1), `the command is ${MAX_COMMAND_LENGTH + 1} characters long; the most is ${MAX_COMMAND_LENGTH}`],
  ])('%j is refused', (text, error) => {
    const result = parseCommandText(text);
    expect(result).toMatchObject({ ok: false, error });
    expect(result.ok === false && result.usage.length > 0).toBe(true);
  });

  it('answers a usage error with the usage of the command concerned', () => {
    const result = parseCommandText('unlock dev --force');
    expect(result).toEqual({ ok: false, error: 'unknown flag "--force"; the flags are --for <duration> and --until <time>', usage: 'unlock <environment> <reason>' });
  });
});

describe('Slack text', () => {
  it('decodes Slack\u2019s three escapes only when asked', () => {
    expect(parseCommandText('deny req-1 R&amp;D &lt;3', { slack: true })).toMatchObject({ ok: true, raw: { args: [w('req-1'), w('R&D'), w('<3')] } });
    expect(parseCommandText('deny req-1 R&amp;D', {})).toMatchObject({ ok: true, raw: { args: [w('req-1'), w('R&amp;D')] } });
  });

  it('keeps mentions whole', () => {
    expect(parseCommandText('deny req-1 ask <@U123|bob> first', { slack: true })).toMatchObject({ ok: true, raw: { args: [w('req-1'), w('ask'), w('<@U123|bob>'), w('first')] } });
  });

  it('does not decode twice', () => {
    expect(decodeSlackEscapes('&amp;lt;')).toBe('&lt;');
  });
});

describe('tokenize', () => {
  it('reads nothing out of nothing', () => {
    expect(tokenize('')).toEqual({ ok: true, tokens: [] });
    expect(tokenize(' \n\t ')).toEqual({ ok: true, tokens: [] });
  });

  it('keeps characters outside the BMP whole', () => {
    expect(tokenize('unlock dev \u{1f680}done')).toEqual({ ok: true, tokens: [{ text: 'unlock', quoted: false }, { text: 'dev', quoted: false }, { text: '\u{1f680}done', quoted: false }] });
  });

  it('accepts exactly the longest command', () => {
    expect(tokenize('x'.repeat(MAX_COMMAND_LENGTH)).ok).toBe(true);
  });
});
