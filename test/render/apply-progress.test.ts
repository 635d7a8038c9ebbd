import { describe, expect, it } from 'vitest';
import { createApplyProgress } from '../../src/render/apply-progress.js';
import { mixedApply } from '../apply/support/mixed-apply.js';

const ESC = String.fromCharCode(27);
const REWIND = new RegExp(`(${ESC}\\[\\d+A${ESC}\\[J)`);
const REWIND_N = new RegExp(`^${ESC}\\[(\\d+)A${ESC}\\[J$`);

/** A terminal that understands the two escapes the live view uses: cursor up N, clear to end. */
function fakeTerminal() {
  const screen: string[] = [''];
  let row = 0;
  const put = (text: string) => {
    for (const ch of text) {
      if (ch === '\n') {
        row++;
        if (screen.length <= row) screen.push('');
      } else {
        screen[row] += ch;
      }
    }
  };
  let maxRewind = 0;
  return {
    isTTY: true,
    columns: 60,
    screen,
    maxRewind: () => maxRewind,
    write(s: string) {
      const parts = s.split(REWIND);
      for (const p of parts) {
        const up = REWIND_N.exec(p);
        if (up) {
          row -= Number(up[1]);
          maxRewind = Math.max(maxRewind, Number(up[1]));
          screen.splice(row);
          screen.push('');
        } else put(p);
      }
    },
  };
}

describe('createApplyProgress', () => {
  it('in CI (no TTY) writes one plain timestamped line per event', async () => {
    const { events } = await mixedApply();
    const out: string[] = [];
    const onEvent = createApplyProgress({ isTTY: false, write: (s) => out.push(s) }, { color: false });
    events.forEach(onEvent);
    expect(out.every((l) => /^\[\d\d:\d\d:\d\d\] .+\n$/.test(l))).toBe(true);
    expect(out.join('')).toMatchSnapshot();
  });

  it('on a terminal redraws a live block in place and leaves one line per finished action', async () => {
    const { events, result } = await mixedApply();
    const term = fakeTerminal();
    const onEvent = createApplyProgress(term, { color: false });
    events.forEach(onEvent);
    const screen = term.screen.filter((l) => l !== '');
    expect(term.maxRewind()).toBeGreaterThan(1); // the bar and at least one action in flight were redrawn
    expect(screen.filter((l) => l.startsWith('…') || l.startsWith('  …') || l.startsWith('['))).toEqual([]);
    for (const r of result.results.filter((x) => x.status !== 'unchanged')) {
      expect(screen.filter((l) => l.includes(` ${r.id} ${r.status}`))).toHaveLength(1);
    }
    expect(screen.at(-1)).toMatch(/^Apply incomplete: 1 applied, 2 failed, 1 skipped\. \(\d+s\)$/);
  });

  it('shows the current step of each action in flight while it runs', async () => {
    const { events } = await mixedApply();
    const term = fakeTerminal();
    const onEvent = createApplyProgress(term, { color: false });
    const cut = events.findIndex((e) => e.type === 'step');
    events.slice(0, cut + 1).forEach(onEvent);
    const screen = term.screen.filter((l) => l !== '');
    const block = screen.slice(screen.findIndex((l) => l.startsWith('[')));
    expect(block[0]).toMatch(/^\[-{24}\] 0\/4 · 0s$/);
    // Live lines are cut to the terminal width (60), or redrawing would drift.
    expect(block.slice(1)).toEqual(['  … prod/autoscaling-group/web: updateGroup prod-web maxSi…', '  … prod/instance/bastion: starting']);
    expect(block.every((l) => l.length < 60)).toBe(true);
  });
});
