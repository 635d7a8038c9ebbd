import type { ResourceKind, ResourceSpec } from '../model/resources.js';
import type { SourceLocation } from '../model/source-location.js';

/**
 * One resource item after validation. `identity` is kept even when the item has errors, so
 * duplicates and references are still checked (and a broken target does not also read as
 * an unknown one).
 */
export interface ValidatedResource {
  identity: {
    kind: ResourceKind;
    name?: string;
    uuid?: string;
    deleted: boolean;
    nameAt: SourceLocation;
    uuidAt: SourceLocation;
  };
  /** Undefined when the item has errors. */
  model?: ResourceSpec;
  /** An alarm's `target:`, resolved once every resource of the environment is known. */
  targetRef?: { kind: 'instance' | 'autoscaling-group'; name: string; at: SourceLocation };
}
