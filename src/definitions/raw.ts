import type { DiagnosticBag } from './diagnostic.js';
import type { YamlSource } from './yaml-source.js';

/**
 * The first stage of loading: a definitions repository exactly as written, every file parsed
 * into a YAML document that keeps its comments and the line and column of every node.
 * `validateDefinitions` turns it into the model.
 */
export interface RawDefinitions {
  /** Absolute path (or label) of the repository root. */
  root: string;
  environments: RawEnvironment[];
  /** `policy.yml` when present; its content is src/gates' business. */
  policyFile?: string;
  /** Layout and YAML syntax problems found while reading; validation adds to it. */
  bag: DiagnosticBag;
}

export interface RawEnvironment {
  /** The directory name: `prod`. */
  name: string;
  /** `environments/prod` */
  dir: string;
  /** Undefined when the directory has no environment.yml (already reported). */
  environmentFile?: YamlSource;
  /** Every other `*.yml` / `*.yaml` file of the directory, sorted by name. */
  resourceFiles: YamlSource[];
}
