import type { Logger } from 'pino';
import type { CommandAnswer } from '../src/engine/command-answer.js';
import type { Override, OverrideThread } from '../src/model/override.js';
import type { InFlight } from './in-flight.js';

/** One temporary change whose time was up, and what reverting it came to. */
export interface ExpiredOverride {
  override: Override;
  answer: CommandAnswer;
}

/** How a door tells the thread a temporary change was asked in what became of it (Slack: in the thread; GitHub: a comment). */
export type Announce = (expired: ExpiredOverride) => Promise<void>;

export interface ExpiryTimerOptions {
  /** The engine's pass over due overrides (`qm.expireOverrides(holder)`). */
  expire: () => Promise<ExpiredOverride[]>;
  /** Each door's announcer, by the door recorded in the override's thread. */
  announcers: Partial<Record<OverrideThread['door'], Announce>>;
  inFlight: InFlight;
  log: Logger;
  /** Default one minute. */
  everyMs?: number;
}

export interface ExpiryTimer {
  start(): void;
  /** Stops further passes; one running goes on (it is in flight). */
  stop(): void;
  /** One pass now (the timer's, or a test's); a pass already running is not doubled. */
  tick(): Promise<void>;
}

/**
 * The bot's own timer for temporary changes (`/shutdown dev --for 2h`): every minute it asks
 * the engine to revert what is due, each through the gate as its owner asked, and announces
 * the outcome where the change was asked. Several replicas may run it at once: the engine's
 * locks and claims apply each revert once, and only outcomes that are news are announced
 * (see `isNews`), so a waiting revert is not announced every minute.
 *
 * @example const timer = createExpiryTimer({ expire: () => engine.expireOverrides(holder), announcers, inFlight, log }); timer.start();
 */
export function createExpiryTimer(opts: ExpiryTimerOptions): ExpiryTimer {
  const every = opts.everyMs ?? 60_000;
  const told = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function pass(): Promise<void> {
    const results = await opts.expire();
    for (const r of results) {
      const news = isNews(r, told);
      opts.log.info({ override: r.override.id, env: r.override.env, outcome: outcomeOf(r.answer), announced: news }, 'temporary change due');
      if (!news) continue;
      told.add(`${r.override.id}:${outcomeOf(r.answer)}`);
      const door = r.override.thread?.door;
      const announce = door ? opts.announcers[door] : undefined;
      if (!announce) continue;
      try {
        await announce(r);
      } catch (e) {
        opts.log.warn({ err: e, override: r.override.id, door }, 'could not announce what became of a temporary change');
      }
    }
  }

  const tick = (): Promise<void> => {
    running ??= opts.inFlight
      .run('expire temporary changes', pass)
      .catch((e: unknown) => opts.log.error({ err: e }, 'the pass over due temporary changes failed; the next one tries again'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  return {
    start() {
      if (timer) return;
      timer = setInterval(() => void tick(), every);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    tick,
  };
}

/**
 * Whether a revert's outcome is worth telling its thread: it ended the change; it opened a new
 * approval request (a reused one was told already, by whichever replica opened it); or it was
 * refused or failed, once per process. A lock held by another replica's revert is not news.
 */
export function isNews(r: ExpiredOverride, told: ReadonlySet<string>): boolean {
  const a = r.answer;
  if (a.kind !== 'change') return false;
  if (a.ended) return true;
  const o = a.outcome;
  if (o.status === 'needs-approval') return !o.reused;
  if (o.status === 'refused' || (o.status === 'applied' && !o.result.ok)) return !told.has(`${r.override.id}:${outcomeOf(a)}`);
  return false;
}

function outcomeOf(a: CommandAnswer): string {
  return a.kind === 'change' ? a.outcome.status : a.kind;
}
