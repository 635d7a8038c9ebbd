import type { ResourceKind } from '../model/resources.js';

/**
 * What a chat command asks for, once parsed and resolved against the definitions: the one typed
 * request every chat door (Slack, GitHub comments, `qm run`) hands the engine. Parsing is total:
 * any text gives an Intent or a usage error (parse-command.ts), never an exception.
 */

/** A resource of the definitions, resolved from `web`, `prod/web` or a channel's environment. */
export interface ResourceTarget {
  env: string;
  kind: Extract<ResourceKind, 'instance' | 'autoscaling-group'>;
  name: string;
}

/** A whole environment (`/shutdown dev`). */
export interface EnvTarget {
  env: string;
}

export type Target = ResourceTarget | EnvTarget;

export function isResourceTarget(t: Target): t is ResourceTarget {
  return 'name' in t;
}

/**
 * How long a change lasts. Absent: persistent (written back to the definitions) for scale;
 * until the matching `startup` for shutdown.
 */
export interface Lasting {
  /** ISO 8601: the change reverts by itself at this instant (`--for 2h`, `--until 18:00`). */
  until: string;
  /** As the person wrote it, for replies: `for 2h`, `until 18:00 UTC`. */
  said: string;
}

export interface CapacityChange {
  min?: number;
  max?: number;
  desired?: number;
}

export type Intent =
  /** `scale web t3.large`: an instance's type (stop, modify, start) or a group's launch template type (rolling refresh). */
  | { command: 'scale'; target: ResourceTarget; instanceType: string; lasting?: Lasting }
  /** `scale web 5` (desired) or `scale web min=2 max=6 desired=4`: a group's capacity. */
  | { command: 'scale'; target: ResourceTarget & { kind: 'autoscaling-group' }; capacity: CapacityChange; lasting?: Lasting }
  /** Instances stopped, groups to 0/0/0; until `startup` or `lasting.until`. */
  | { command: 'shutdown'; target: Target; lasting?: Lasting }
  /** Ends a shutdown (restoring exactly what was there), or starts what the definitions keep stopped, for `lasting`. */
  | { command: 'startup'; target: Target; lasting?: Lasting }
  | { command: 'status'; target?: Target }
  | { command: 'plan'; env?: string }
  | { command: 'drift'; env?: string }
  | { command: 'approve'; requestId: string }
  | { command: 'deny'; requestId: string; reason?: string }
  | { command: 'requests' }
  | { command: 'locks' }
  | { command: 'unlock'; env: string; reason: string }
  | { command: 'help'; topic?: string };

export type IntentCommand = Intent['command'];

/** Commands that change the fleet (through the gate); the rest read or act on requests and locks. */
export const CHANGING_COMMANDS: readonly IntentCommand[] = ['scale', 'shutdown', 'startup'];
