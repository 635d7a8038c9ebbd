import type { BadInputCase } from '../bad-input-case.js';
import { catalogueCases } from './catalogue-cases.js';
import { cliArgumentCases } from './cli-arguments.js';
import { cliChatCases } from './cli-chat-commands.js';
import { definitionGroupAlarmCases } from './definitions-groups.js';
import { definitionInstanceCases } from './definitions-instances.js';
import { definitionYamlCases } from './definitions-yaml.js';
import { environmentFileCases } from './environment-files.js';
import { environmentCases } from './environment-settings.js';
import { moreEnvironmentCases } from './environment-settings-more.js';
import { fileSystemCases } from './file-system.js';
import { fileSystemDefinitionCases } from './file-system-definitions.js';
import { fileSystemStateCases } from './file-system-state.js';
import { planFileCases } from './plan-files.js';
import { savedPlanCases } from './plan-files-saved.js';
import { policyCases } from './policy.js';

/** Every case of the corpus; a new door or family adds its file here. */
export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  ...definitionInstanceCases,
  ...definitionGroupAlarmCases,
  ...definitionYamlCases,
  ...environmentFileCases,
  ...policyCases,
  ...cliArgumentCases,
  ...cliChatCases,
  ...planFileCases,
  ...savedPlanCases,
  ...environmentCases,
  ...moreEnvironmentCases,
  ...fileSystemCases,
  ...fileSystemDefinitionCases,
  ...fileSystemStateCases,
  ...catalogueCases,
];
