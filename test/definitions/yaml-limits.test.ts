import { describe, expect, it } from 'vitest';
import { DiagnosticBag, formatDiagnostic, parseYamlSource } from '../../src/definitions/index.js';
import { excerpt } from '../../src/definitions/excerpt.js';
import { cleanYamlMessage } from '../../src/definitions/yaml-error-message.js';
import { findExcessiveNesting } from '../../src/definitions/yaml-nesting.js';

const N = 10_000;
const TOO_DEEP = 'nested too deeply: more than 64 levels of lists and mappings; Quartermaster definitions need only a few';

function parse(text: string): { messages: string[]; ms: number; broken: boolean } {
  const bag = new DiagnosticBag();
  const start = performance.now();
  const source = parseYamlSource('case.yml', text, bag);
  return { messages: [...bag.errors, ...bag.warnings].map(formatDiagnostic), ms: performance.now() - start, broken: source.broken };
}

describe('pathological YAML is refused by name, quickly, without a stack overflow', () => {
  const laughs = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++) laughs.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);

  it.each<[string, string, string]>([
    ['10,000 unclosed [', `x: ${'['.repeat(N)}`, `case.yml:1:67 ${TOO_DEEP}`],
    ['10,000 closed [ ]', `${'['.repeat(N)}${']'.repeat(N)}`, `case.yml:1:64 ${TOO_DEEP}`],
    ['10,000 compact "- " on one line', `${'- '.repeat(N)}x\n`, `case.yml:1:129 ${TOO_DEEP}`],
    ['1,000 lines each indented deeper', Array.from({ length: 1000 }, (_, i) => `${' '.repeat(2 * i)}- `).join('\n'), `case.yml:65:129 ${TOO_DEEP}`],
    ['1,000 mappings each indented deeper', Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'), `case.yml:65:65 ${TOO_DEEP}`],
    ['10,000 nested flow mappings', `a: ${'{a: '.repeat(N)}1${'}'.repeat(N)}\n`, `case.yml:1:256 ${TOO_DEEP}`],
    ['flow mappings and lists mixed', `a: ${'[{b: '.repeat(N)}`, `case.yml:1:160 ${TOO_DEEP}`],
    ['billion laughs', `${laughs.join('\n')}\nall: *a9\n`, 'case.yml:6:45 aliases expand to more than 1000000 values (anchors that hold aliases multiply); write the values out'],
  ])('%s', (_name, text, expected) => {
    const { messages, ms, broken } = parse(text);
    expect(messages).toEqual([expected]);
    expect(broken).toBe(true);
    expect(ms).toBeLessThan(3000);
  });

  it('brackets inside block scalars, quotes and comments do not count', () => {
    const text = `a: |\n  ${'['.repeat(200)}\nb: "${'['.repeat(200)}"\nc: 1 # ${'['.repeat(200)}\nd: '${'{'.repeat(200)}'\n`;
    expect(findExcessiveNesting(text)).toBeUndefined();
    expect(parse(text).messages).toEqual([]);
  });

  it('twenty levels, and aliases used a thousand times over, are fine', () => {
    const deep = `a: ${'['.repeat(20)}1${']'.repeat(20)}\n`;
    const aliases = `sgs: &sgs [sg-1, sg-2]\nitems:\n${'  - *sgs\n'.repeat(1000)}`;
    expect(parse(deep).messages).toEqual([]);
    expect(parse(aliases).messages).toEqual([]);
  });
});

describe('YAML library messages never quote source text', () => {
  it.each([
    ['Block scalar header includes extra characters: |hunter2 at line 3, column 9:\n\n  x: |hunter2\n', 'Block scalar header includes extra characters after | or >; write the text on the next lines'],
    ['Invalid escape sequence \\qhunter2 at line 1, column 5:', 'Invalid escape sequence in a double-quoted string (write \\\\ for a backslash, or use single quotes)'],
    ['Unresolved plain scalar "hunter2"', 'Unresolved plain scalar'],
    ['Unknown directive %hunter2', 'Unknown directive (only %YAML and %TAG exist)'],
    ['Unsupported YAML version hunter2', 'Unsupported YAML version (write %YAML 1.2 or leave it out)'],
    ['Unresolved tag: !hunter2', 'Unresolved tag'],
    ['Could not resolve tag: !hunter2', 'Unresolved tag'],
    ['Not a valid tag: !hunter2', 'Unresolved tag'],
    ['The !hunter2! tag has no suffix', 'A tag has no suffix'],
    ["Verbatim tags aren't resolved, so !<hunter2> is invalid.", "Verbatim tags (!<...>) aren't supported"],
    ['Ordered maps must not include duplicate keys: hunter2', 'Ordered maps must not include duplicate keys'],
    ['Plain value cannot start with reserved character @', 'Plain value cannot start with a reserved character (quote the value)'],
    ['Unexpected scalar token in YAML stream: "hunter2"', 'Unexpected scalar token in YAML stream'],
    ['Unexpected flow-map-end token in YAML document: "hunter2 }"', 'Unexpected flow-map-end token in YAML document'],
    ['Unexpected &hunter2 in flow sequence', 'Unexpected token in flow sequence'],
    ['Unexpected , in flow map', 'Unexpected , in flow map'],
    ['Map keys must be unique at line 7, column 5:\n\n    user_data: hunter2\n    ^\n', 'Map keys must be unique'],
  ])('%s', (message, expected) => {
    expect(cleanYamlMessage(message)).toBe(expected);
  });

  it('an unknown message is cut to its first line, at most 120 characters', () => {
    expect(cleanYamlMessage(`${'w'.repeat(300)} at line 1, column 1:\nmore`)).toBe(`${'w'.repeat(120)}…`);
    expect(excerpt('short')).toBe('short');
    expect(excerpt('#!/bin/bash\nexport A=1')).toBe('#!/bin/bash…');
  });
});
