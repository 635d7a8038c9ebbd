import type { BadInputCase } from '../bad-input-case.js';
import { cliArgumentCases } from './cli-arguments.js';
import { environmentCases } from './environment-settings.js';
import { fileSystemCases } from './file-system.js';
import { planFileCases } from './plan-files.js';

/** Every case of the corpus; a new door or family adds its file here. */
export const BAD_INPUT_CASES: readonly BadInputCase[] = [...cliArgumentCases, ...planFileCases, ...environmentCases, ...fileSystemCases];
