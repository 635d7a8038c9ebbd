import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggest } from '../../src/definitions/index.js';

describe('editDistance', () => {
  it.each([
    ['t2.mirco', 't2.micro', 1], // two neighbours swapped count once
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['same', 'same', 0],
    ['eu-west1', 'eu-west-1', 1],
  ])('%s -> %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('suggest', () => {
  const types = ['t2.micro', 't3.micro', 't3.small', 'm5.large'];
  it.each([
    ['t2.mirco', types, 't2.micro'],
    ['T3.SMALL', types, 't3.small'], // case is ignored
    ['m5.larg', types, 'm5.large'],
    ['x1e.32xlarge', types, undefined], // nothing close
    ['runing', ['running', 'stopped'], 'running'],
    ['wbe', ['web', 'worker'], 'web'],
    ['ab', ['xy'], undefined], // too short to guess from
    ['2', ['1'], undefined],
    ['Ab', ['ab'], 'ab'], // but a different case is still a match
  ] as const)('%s', (value, candidates, expected) => {
    expect(suggest(value, candidates)).toBe(expected);
  });

  it('never suggests the value itself', () => {
    expect(suggest('web', ['web'])).toBeUndefined();
  });

  it('formats the suffix, or nothing', () => {
    expect(didYouMean('t2.mirco', types)).toBe(' (did you mean "t2.micro"?)');
    expect(didYouMean('zzz', types)).toBe('');
  });
});
