/**
 * The loader and the differ are made fast (issue 10) without changing what they answer: a
 * generated repository (bench/synthetic-repository.ts, the benchmark's own) plus hand-written
 * files in every YAML style is loaded and planned, and the validated model (with every source
 * location), the plan JSON and the fingerprint must equal the golden ones, computed by the code
 * before it was optimised. QM_UPDATE_GOLDEN=1 rewrites them (only for a deliberate change).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { syntheticRepository } from '../../bench/synthetic-repository.js';
import { createManualClock } from '../../src/clock.js';
import { createSimProvider } from '../../src/cloud/sim/index.js';
import { formatDiagnostic, loadDefinitionsFrom, memoryFileTree } from '../../src/definitions/index.js';
import { createEngine } from '../../src/engine.js';
import { VARIETY_FILES } from './golden/variety-files.js';

const GOLDEN = new URL('./golden/', import.meta.url);
const update = process.env.QM_UPDATE_GOLDEN === '1';

interface Outcome {
  definitions: string;
  warnings: string[];
  plan: string;
  fingerprint: string;
}

async function planRepository(instances: number): Promise<Outcome> {
  const clock = createManualClock('2026-03-01T12:00:00Z');
  const sim = createSimProvider({ clock });
  const repo = syntheticRepository(sim, { instances, seed: 11 });
  const loaded = await loadDefinitionsFrom(memoryFileTree({ ...repo.files, ...VARIETY_FILES }), 'golden');
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  const plan = await createEngine({ provider: sim, clock }).plan({ definitions: loaded.definitions });
  return {
    definitions: `${JSON.stringify(loaded.definitions, null, 1)}\n`,
    warnings: loaded.warnings.map(formatDiagnostic),
    plan: `${JSON.stringify(plan, withoutCosts, 1)}\n`,
    fingerprint: plan.fingerprint,
  };
}

/**
 * The plan value as JSON, less what is not the loader's or the differ's to keep: call counts and
 * timings (they vary run to run), and cost figures (src/plan/monthly-cost.ts and the price
 * catalogue change them on purpose; the fingerprint does not cover them either).
 */
function withoutCosts(key: string, value: unknown): unknown {
  return key === 'stats' || key === 'monthlyCostDelta' || key === 'pricing' || key === 'unpriced' ? undefined : value;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Compares with the golden file, or writes it under QM_UPDATE_GOLDEN=1; a missing golden fails. */
function expectGolden(name: string, actual: string): void {
  const file = new URL(name, GOLDEN);
  if (update) writeFileSync(file, actual);
  expect(existsSync(file), `${name} is missing: run with QM_UPDATE_GOLDEN=1 once, on the code before a change`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('plans of YAML repositories stay byte-identical', () => {
  it('a small varied repository: the model, its warnings, the plan JSON and the fingerprint', async () => {
    const outcome = await planRepository(40);
    expect(outcome.plan).toContain('"type": "create"');
    expect(outcome.plan).toContain('"type": "stop-modify-start"');
    expectGolden('small-definitions.json', outcome.definitions);
    expectGolden('small-plan.json', outcome.plan);
    expectGolden('small-summary.json', `${JSON.stringify({ fingerprint: outcome.fingerprint, warnings: outcome.warnings }, null, 2)}\n`);
  });

  it('a 3,000-instance repository: the same, by digest', async () => {
    const outcome = await planRepository(3000);
    const digests = {
      fingerprint: outcome.fingerprint,
      definitionsSha256: sha256(outcome.definitions),
      planSha256: sha256(outcome.plan),
      warnings: outcome.warnings,
    };
    expectGolden('large-digests.json', `${JSON.stringify(digests, null, 2)}\n`);
  }, 120_000);
});
