import { access } from 'node:fs/promises';
import type { EngineSettings } from './engine-settings.js';

/**
 * Whether the store configured by `settings` may hold anything yet: a database URL always may;
 * the embedded SQLite file may only once it exists.
 *
 * Why: a read-only command (plan, drift) opens the store only for the active overrides. Opening
 * an embedded store that is not there yet would load the native driver, create the file and
 * migrate it, just to read an empty table (and leave a store behind a plan never asked for).
 *
 * @example if (await storeMayHoldData(settings)) overrides = await (await getStore()).listOverrides(...)
 */
export async function storeMayHoldData(settings: Pick<EngineSettings, 'databaseUrl' | 'sqlitePath'>): Promise<boolean> {
  if (settings.databaseUrl?.trim()) return true;
  try {
    await access(settings.sqlitePath);
    return true;
  } catch (e) {
    // Only a missing file holds nothing; anything else (a directory we may not search) is for
    // the open to report, as it always did.
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
