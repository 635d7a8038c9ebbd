import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefinitionsOrThrow } from '../../src/definitions/index.js';
import { DefinitionsInvalidError, ErrorCode } from '../../src/errors.js';
import { EXAMPLE_FLEET } from './fixture-tree.js';

describe('loadDefinitionsOrThrow', () => {
  it('returns the definitions when they are valid', async () => {
    const defs = await loadDefinitionsOrThrow(EXAMPLE_FLEET);
    expect(defs.root).toBe(EXAMPLE_FLEET);
    expect(defs.resources.length).toBeGreaterThan(0);
  });

  it('throws DefinitionsInvalidError listing every diagnostic, then the fix', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'qm-throw-'));
    mkdirSync(path.join(root, 'environments/dev'), { recursive: true });
    writeFileSync(path.join(root, 'environments/dev/environment.yml'), 'region: us-east1\naccount_id: "1"\n');
    const error = await loadDefinitionsOrThrow(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DefinitionsInvalidError);
    expect((error as DefinitionsInvalidError).code).toBe(ErrorCode.DefinitionsInvalid);
    expect((error as Error).message).toBe(
      [
        '2 errors in the definitions:',
        '  environments/dev/environment.yml:1:9 region "us-east1" is not an AWS region like "us-east-1" (did you mean "us-east-1"?)',
        '  environments/dev/environment.yml:2:13 account_id "1" is not a 12-digit AWS account id like "123456789012"',
        'Fix them and run `qm validate`',
      ].join('\n'),
    );
    expect((error as DefinitionsInvalidError).details.diagnostics).toHaveLength(2);
  });
});
