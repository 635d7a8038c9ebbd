import { describe, expect, it } from 'vitest';
import { capQuotes, codeLine, codeSpan, escapeMarkdown, hasMarker, markerValue, planCommentMarkerFor, safeUrl } from '../../src/render/index.js';

describe('escapeMarkdown', () => {
  it.each([
    ['web-01', 'web-01'],
    ['instance_type', 'instance_type'], // inside a word an underscore is no syntax: kept readable
    ['_x_ *y*', '&#95;x&#95; &#42;y&#42;'],
    ['a|b', 'a&#124;b'],
    ['</details><script>', '&lt;/details&gt;&lt;script&gt;'],
    ['<!-- quartermaster:plan-data {} -->', '&lt;!-- quartermaster:plan-data {} --&gt;'],
    ['`code` [link](http://x) ~s~ \\', '&#96;code&#96; &#91;link&#93;(http://x) &#126;s&#126; &#92;'],
    ['@org/team', '&#64;org/team'],
    ['a &amp; b', 'a &amp;amp; b'],
    ['two\nlines\r\nhere', 'two lines  here'],
    ['bidi\u202eevil', 'bidi evil'],
  ])('%j -> %j', (input, out) => expect(escapeMarkdown(input)).toBe(out));

  it('cuts at a number of code points, never inside a surrogate pair', () => {
    expect(escapeMarkdown('😀'.repeat(10), 4)).toBe('😀😀😀…');
    expect(escapeMarkdown('short', 10)).toBe('short');
  });
});

describe('codeSpan', () => {
  it.each([
    ['instance_type', '`instance_type`'],
    ['a`b', '``a`b``'],
    ['`x`', '`` `x` ``'],
    ['a``b', '```a``b```'],
    ['new\nline', '`new line`'],
    ['<!-- x', '`<!-\u200b- x`'],
  ])('%j -> %j', (input, out) => expect(codeSpan(input)).toBe(out));

  it('escapes pipes in a table cell, which GitHub splits before reading code spans', () => {
    expect(codeSpan('a|b', { inTable: true })).toBe('`a\\|b`');
  });
});

describe('codeLine', () => {
  it('shows control characters as escapes and splits comment openers', () => {
    expect(codeLine('web\n<!-- quartermaster:plan-comment key=x -->')).toBe('web\\n<!-\u200b- quartermaster:plan-comment key=x -->');
    expect(codeLine('tab\there')).toBe('tab\\there');
    expect(codeLine('line\u2028sep bidi\u202eevil')).toBe('line\\u2028sep bidi\\u202eevil');
  });
});

describe('markerValue', () => {
  it.each([
    ['infra:prod,staging', 'infra:prod,staging'],
    ['path with space', 'path%20with%20space'],
    ['x -->', 'x%20--%3E'],
    ['x --!>', 'x%20--%21%3E'],
    ['a\nb', 'a%0Ab'],
    ['\ud800', '%EF%BF%BD'],
  ])('%j -> %j', (input, out) => expect(markerValue(input)).toBe(out));

  it('keeps long values apart in a bounded length', () => {
    const a = markerValue(`${'x'.repeat(500)}a`);
    const b = markerValue(`${'x'.repeat(500)}b`);
    expect(a.length).toBeLessThanOrEqual(200);
    expect(a).not.toBe(b);
    expect(markerValue(`${'x'.repeat(500)}a`)).toBe(a);
  });
});

describe('capQuotes', () => {
  it.each([
    ['instance_type "t2.mirco" is not an EC2 instance type', 'instance_type "t2.mirco" is not an EC2 instance type'],
    [`user_data "${'s'.repeat(200)}" is bad`, `user_data "${'s'.repeat(119)}…" is bad`],
    [`unclosed "${'s'.repeat(200)}`, `unclosed "${'s'.repeat(119)}…`],
    [`escaped "a\\"${'s'.repeat(200)}" end`, `escaped "a\\"${'s'.repeat(116)}…" end`],
    ['trailing backslash "ab\\', 'trailing backslash "ab\\'],
  ])('%#', (input, out) => expect(capQuotes(input)).toBe(out));
});

describe('safeUrl', () => {
  it.each([
    ['https://github.com/o/r/actions/runs/1#summary-2', 'https://github.com/o/r/actions/runs/1#summary-2'],
    ['https://x/a)b(c', 'https://x/a%29b%28c'],
    ['javascript:alert(1)', undefined],
    ['https://x/a b', undefined],
    ['https://x/\u0000', undefined],
    [undefined, undefined],
  ])('%j -> %j', (input, out) => expect(safeUrl(input)).toBe(out));
});

describe('hasMarker', () => {
  const marker = planCommentMarkerFor('infra:prod');
  it.each<[string, unknown, boolean]>([
    ['the first line', `${marker}\n\n### plan`, true],
    ['the whole body', marker, true],
    ['a CRLF body', `${marker}\r\nrest`, true],
    ['quoted further down', `> quoting the bot\n${marker}`, false],
    ['another key', `${planCommentMarkerFor('infra:prod,dev')}\n`, false],
    ['not a string', null, false],
  ])('%s -> %s', (_name, body, found) => expect(hasMarker(body as string, marker)).toBe(found));
});
