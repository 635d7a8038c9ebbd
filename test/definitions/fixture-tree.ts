import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/definitions');
export const EXAMPLE_FLEET = path.join(REPO_ROOT, 'examples/fleet');

/** Every file under `dir` as `{ 'relative/path': text }`. */
export function readTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir)) {
    const abs = path.join(dir, entry);
    const rel = prefix ? `${prefix}/${entry}` : entry;
    if (statSync(abs).isDirectory()) Object.assign(out, readTree(abs, rel));
    else out[rel] = readFileSync(abs, 'utf8');
  }
  return out;
}

/** A fresh temporary copy of a directory, for tests that write. */
export function copyToTemp(dir: string): string {
  const tmp = mkdtempSync(path.join(tmpdir(), 'qm-defs-'));
  cpSync(dir, tmp, { recursive: true });
  return tmp;
}
