import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes to a temporary file beside the target, then renames it over the target, so a crash
 * never leaves half a definition behind.
 *
 * @example await writeAtomically('/repo/environments/prod/web.yml', text);
 */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.qm-${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, file);
}
