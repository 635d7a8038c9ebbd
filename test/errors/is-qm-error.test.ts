import { describe, expect, it, vi } from 'vitest';
import { ConfigInvalidError, ErrorCode, isQmError } from '../../src/errors.js';

describe('isQmError', () => {
  it('knows its own errors, by code when asked', () => {
    const e = new ConfigInvalidError('bad');
    expect(isQmError(e)).toBe(true);
    expect(isQmError(e, ErrorCode.ConfigInvalid)).toBe(true);
    expect(isQmError(e, ErrorCode.DefinitionsInvalid)).toBe(false);
  });

  it("knows an error made by another copy of the module (the bot's build beside the bundled CLI)", async () => {
    // A fresh module instance: its QmError is a different class, as in build/bot/ vs build/cli/bundle/.
    vi.resetModules();
    const other = await import('../../src/errors.js');
    const foreign = new other.ConfigInvalidError('from the other copy');
    expect(foreign instanceof ConfigInvalidError, 'the premise: instanceof fails across copies').toBe(false);
    expect(isQmError(foreign)).toBe(true);
    expect(isQmError(foreign, ErrorCode.ConfigInvalid)).toBe(true);
  });

  it('refuses look-alikes that are not branded', () => {
    expect(isQmError(Object.assign(new Error('x'), { code: ErrorCode.ConfigInvalid }))).toBe(false);
    expect(isQmError(undefined)).toBe(false);
    expect(isQmError('QM_CONFIG_INVALID')).toBe(false);
  });
});
