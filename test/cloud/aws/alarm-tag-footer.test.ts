import { describe, expect, it } from 'vitest';
import { MAX_ALARM_DESCRIPTION, readTagFooter, withTagFooter } from '../../../src/cloud/aws/alarm-tag-footer.js';
import { ErrorCode } from '../../../src/errors.js';

const tags = { team: 'web', 'qm:uuid': 'u-1', 'qm:env': 'prod', 'qm:name': 'cpu' };

describe('alarm tag footer', () => {
  it.each([
    ['a description', 'CPU high', 'CPU high\n\nqm-tags: {"qm:env":"prod","qm:name":"cpu","qm:uuid":"u-1","team":"web"}'],
    ['no description', undefined, 'qm-tags: {"qm:env":"prod","qm:name":"cpu","qm:uuid":"u-1","team":"web"}'],
    ['a multi-line description', 'line 1\nline 2', 'line 1\nline 2\n\nqm-tags: {"qm:env":"prod","qm:name":"cpu","qm:uuid":"u-1","team":"web"}'],
  ])('writes and reads back %s', (_name, description, written) => {
    expect(withTagFooter(description, tags, 'prod-cpu')).toBe(written);
    expect(readTagFooter(written)).toEqual({ description, tags: { 'qm:env': 'prod', 'qm:name': 'cpu', 'qm:uuid': 'u-1', team: 'web' } });
  });

  it.each([
    ['no description', undefined, { description: undefined, tags: {} }],
    ['a hand-written description', 'Made in the console', { description: 'Made in the console', tags: {} }],
    ['a footer that is not JSON', 'x\n\nqm-tags: {nope}', { description: 'x\n\nqm-tags: {nope}', tags: {} }],
    ['a footer with no string tags', 'qm-tags: {"a":1}', { description: undefined, tags: {} }],
    ['qm-tags mentioned mid-text', 'see qm-tags: {"qm:env":"prod"} above\nmore', { description: 'see qm-tags: {"qm:env":"prod"} above\nmore', tags: {} }],
  ])('reads %s as unmanaged', (_name, raw, expected) => {
    expect(readTagFooter(raw)).toEqual(expected);
  });

  it('refuses a description that would push the tags past 1024 characters', () => {
    const room = MAX_ALARM_DESCRIPTION - withTagFooter(undefined, tags, 'x').length - 2;
    expect(withTagFooter('d'.repeat(room), tags, 'x')).toHaveLength(MAX_ALARM_DESCRIPTION);
    expect(() => withTagFooter('d'.repeat(room + 1), tags, 'prod-cpu')).toThrow(expect.objectContaining({ code: ErrorCode.ConfigInvalid, message: expect.stringContaining('alarm prod-cpu') }));
  });
});
