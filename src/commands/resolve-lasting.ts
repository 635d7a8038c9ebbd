import { parseDuration } from '../gates/duration.js';
import type { Lasting } from './intent.js';
import type { RawLasting } from './parse-command-text.js';
import { showWord } from './show-word.js';

/** The longest a temporary change may last: past that, it belongs in the definitions. */
export const MAX_LASTING_MS = 30 * 86_400_000;
/** The shortest: less would expire before the change is applied. */
export const MIN_LASTING_MS = 60_000;

export type LastingResult = { ok: true; lasting: Lasting } | { ok: false; error: string };

const TIME_FORMS = 'HH:MM (UTC), like 18:00 or 18:00 UTC, or an ISO 8601 instant, like 2026-12-05T09:00Z';
const CLOCK = /^([01]?[0-9]|2[0-3]):([0-5][0-9])(?:\s*(utc|z))?$/iu;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(z)|([+-])(\d{2}):?(\d{2})|\s*(utc))?$/iu;

/**
 * `--for 2h` or `--until 18:00 UTC` -> the instant the change reverts, checked: in the future,
 * at least a minute and at most 30 days away. A time without an offset is UTC.
 *
 * @example resolveLasting({ flag: 'for', value: '2h', said: 'for 2h' }, new Date('2026-12-05T10:00:00Z')) // { ok: true, lasting: { until: '2026-12-05T12:00:00.000Z', said: 'for 2h' } }
 */
export function resolveLasting(raw: RawLasting, now: Date): LastingResult {
  const at = raw.flag === 'for' ? forDuration(raw.value, now) : untilTime(raw.value, now);
  if (!at.ok) return at;
  const ms = at.ms - now.getTime();
  if (ms <= 0) return { ok: false, error: `--until ${raw.value} is in the past (it is ${now.toISOString()} now)` };
  if (ms < MIN_LASTING_MS) return { ok: false, error: `--${raw.flag} ${raw.value} is less than a minute away; give a minute or more` };
  if (ms > MAX_LASTING_MS) {
    return { ok: false, error: `--${raw.flag} ${raw.value} is more than 30 days away; a change that lasts longer belongs in the definitions (leave out --${raw.flag})` };
  }
  return { ok: true, lasting: { until: new Date(at.ms).toISOString(), said: raw.said } };
}

type Instant = { ok: true; ms: number } | { ok: false; error: string };

function forDuration(value: string, now: Date): Instant {
  const ms = parseDuration(value.toLowerCase());
  if (ms === undefined) return { ok: false, error: `${showWord(value)} is not a duration: a whole number and s, m, h or d, like 30m, 2h or 1d` };
  return { ok: true, ms: now.getTime() + ms };
}

function untilTime(value: string, now: Date): Instant {
  const clock = CLOCK.exec(value);
  if (clock) {
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), Number(clock[1]), Number(clock[2]));
    // The next such time: 09:00 said at 10:00 is tomorrow's.
    return { ok: true, ms: today > now.getTime() ? today : today + 86_400_000 };
  }
  const iso = ISO.exec(value);
  if (iso) {
    const num = (i: number): number => Number(iso[i] ?? 0);
    const [year, month, day, hour, minute, second] = [num(1), num(2), num(3), num(4), num(5), num(6)];
    const millis = Number((iso[7] ?? '').padEnd(3, '0'));
    const d = new Date(0);
    // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
    d.setUTCFullYear(year, month - 1, day);
    d.setUTCHours(hour, minute, second, millis);
    const real = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
    if (!real) return { ok: false, error: `${showWord(value)} is not a real date and time; write ${TIME_FORMS}` };
    const sign = iso[9];
    if (sign !== undefined && (num(10) > 23 || num(11) > 59)) return { ok: false, error: `${showWord(value)} has an offset that is not one; write ${TIME_FORMS}` };
    const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (num(10) * 60 + num(11)) * 60_000;
    return { ok: true, ms: d.getTime() - offset };
  }
  return { ok: false, error: `${showWord(value)} is not a time; write ${TIME_FORMS}` };
}
