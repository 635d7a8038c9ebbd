import type { EnvironmentSpec } from '../model/resources.js';

/** What a resource's validation needs to know about its environment. */
export interface EnvContext {
  name: string;
  /** Undefined when environment.yml is missing or invalid: checks that need its defaults are skipped. */
  spec?: EnvironmentSpec;
  /** `environments/prod/environment.yml`, named by messages that suggest setting a default. */
  file: string;
}
