import os from 'node:os';
import { systemClock, type Clock } from '../clock.js';
import { formatDiagnostic } from '../definitions/index.js';
import { DefinitionsInvalidError } from '../errors.js';
import { policyInvalidError, ungatedPolicy } from '../gates/index.js';
import type { Definitions } from '../model/resources.js';
import { openQuartermaster, type LoadedPolicy, type Quartermaster } from '../engine/open-quartermaster.js';
import { parseDoorConfig, type DoorConfig, type GlobalFlags } from './door-config.js';
import type { CliIo } from './io.js';
import { NO_POLICY_MESSAGE } from './commands/check-policy.js';
import { actorHint, cliActor } from './commands/cli-actor.js';

/**
 * What every command gets: the parsed door config, its streams, and the facade opened on the
 * definitions directory (its parts are built when first used: only commands that talk to a
 * cloud create a provider).
 */
export interface Runtime {
  config: DoorConfig;
  /** The environment the door was given, for commands with variables of their own (`qm bot`). */
  env: Record<string, string | undefined>;
  io: CliIo;
  clock: Clock;
  qm: Quartermaster;
  /** Loads and validates the definitions; prints every diagnostic and throws when any is an error. */
  definitions(): Promise<Definitions>;
  /**
   * policy.yml, checked against the environments that exist, its warnings printed (throws on
   * errors); `found: false` when the repo has none. For a command the policy gates (the
   * default), a repository without one gets a line on stderr saying the command line is not
   * gated, once per command; `describe` is for the commands whose answer says so themselves
   * (`qm validate`, `qm policy check`).
   *
   * @example const { policy } = await rt.policy();
   */
  policy(use?: 'gate' | 'describe'): Promise<LoadedPolicy>;
  /**
   * Who this command acts as, resolved the same way for every command (apply, approve, deny,
   * unlock, run, policy explain): `as` (a command's `--as`), else QM_ACTOR, else
   * `cli:<os user>`; a person's name of policy.yml stands for their first account. Prints a
   * note once when the policy cannot name the actor.
   */
  actor(as?: string): Promise<string>;
  /** Closes what was opened (the store's connections). */
  close(): Promise<void>;
}

export function createRuntime(flags: GlobalFlags, io: CliIo, env: Record<string, string | undefined>): Runtime {
  const config = parseDoorConfig(flags, env, io.stdout.isTTY, os.userInfo().username);
  const clock = systemClock;
  // Whoever runs qm holds the cloud credentials anyway, and a newcomer must be able to try it:
  // without policy.yml the command line is not gated (and says so); every other door refuses.
  const qm = openQuartermaster({ settings: config, clock, withoutPolicy: ungatedPolicy(NO_POLICY_MESSAGE) });
  let policyReported: Promise<LoadedPolicy> | undefined;
  const hinted = new Set<string>();
  let ungatedNoted = false;
  const policy = async (use: 'gate' | 'describe' = 'gate'): Promise<LoadedPolicy> => {
    const r = await (policyReported ??= qm.loadPolicy().then((r) => {
      for (const w of r.warnings) io.stderr.write(`warning: ${formatDiagnostic(w)}\n`);
      if (!r.ok) throw policyInvalidError(r.diagnostics);
      return r;
    }));
    // The one place that says so: every gated command asks for the policy (or the actor) before it acts.
    if (use === 'gate' && !r.found && !ungatedNoted) {
      ungatedNoted = true;
      io.stderr.write(`warning: ${NO_POLICY_MESSAGE}\n`);
    }
    return r;
  };
  return {
    config,
    env,
    io,
    clock,
    qm,
    definitions: async () => {
      const loaded = await qm.loadDefinitions();
      const diagnostics = loaded.ok ? loaded.warnings : loaded.diagnostics;
      for (const d of diagnostics) io.stderr.write(`${loaded.ok ? 'warning: ' : ''}${formatDiagnostic(d)}\n`);
      if (!loaded.ok) {
        throw new DefinitionsInvalidError(
          `${loaded.diagnostics.length} error${loaded.diagnostics.length === 1 ? '' : 's'} in the definitions under ${config.dir}`,
          { fix: 'Fix the lines above and run `qm validate`' },
        );
      }
      return loaded.definitions;
    },
    // One report per command: `qm apply` asks to know whether there is a policy, and so may others.
    policy,
    async actor(as) {
      const { policy: current, found } = await policy();
      const actor = cliActor(current, config.actor, as);
      const hint = found ? actorHint(actor) : undefined;
      if (hint && !hinted.has(actor)) io.stderr.write(hint);
      hinted.add(actor);
      return actor;
    },
    close: () => qm.close(),
  };
}
