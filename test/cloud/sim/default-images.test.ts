import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIM_IMAGES } from '../../../src/cloud/sim/index.js';

/** Every AMI the example definitions use must run on a fresh sim, or the demo fails at apply. */
function amisIn(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...amisIn(p));
    else if (/\.ya?ml$/.test(entry.name)) found.push(...(fs.readFileSync(p, 'utf8').match(/\bami-[0-9a-f]{8,17}\b/g) ?? []));
  }
  return found;
}

describe('DEFAULT_SIM_IMAGES', () => {
  it('covers every AMI used in examples/fleet', () => {
    const used = new Set(amisIn(path.resolve('examples/fleet')));
    expect(used.size).toBeGreaterThan(0);
    const known = new Set(DEFAULT_SIM_IMAGES.map((i) => i.id));
    expect([...used].filter((ami) => !known.has(ami))).toEqual([]);
  });
});
