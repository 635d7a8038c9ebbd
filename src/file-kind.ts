import type { Dirent, Stats } from 'node:fs';

/**
 * What a path that is not a regular file is, for messages: reading a FIFO blocks for ever and a
 * device or socket is no file of ours, so callers refuse them by name.
 *
 * @example fileKindOf(statSync('/dev/null')) // 'a device'
 */
export function fileKindOf(s: Dirent | Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return s.isFile() ? 'a regular file' : 'a special file';
}
