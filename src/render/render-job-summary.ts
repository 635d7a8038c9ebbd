import type { Diagnostic } from '../definitions/diagnostic.js';
import type { Plan } from '../model/plan.js';
import { diagnosticLines } from './diagnostic-lines.js';
import { envSummaryLine } from './env-summary-line.js';
import { codeSpan, escapeMarkdown } from './escape-markdown.js';
import { fitLines } from './fit-lines.js';
import { fitEnvSections, markdownEnvSection, utf8Bytes } from './markdown-env-section.js';
import { planHeading } from './plan-sentence.js';
import { renderGateSection, type GateVerdict } from './render-gate-section.js';
import { formatUtc } from './text-table.js';

/** GitHub refuses a step summary larger than this many bytes (UTF-8). */
export const GITHUB_SUMMARY_LIMIT = 1_048_576;

export interface JobSummaryInput {
  plan?: Plan;
  diagnostics?: readonly Diagnostic[];
  gate?: GateVerdict;
  /** Default `Quartermaster plan`. */
  title?: string;
  /** Largest summary in UTF-8 bytes. Default 1 MiB − 1,024, leaving room for a door's own line. */
  maxBytes?: number;
}

const DEFAULT_MAX = GITHUB_SUMMARY_LIMIT - 1_024;

/**
 * The run's job summary: the whole plan (one line per environment, the gate's verdict, then
 * every change in one collapsible section per environment) and any definition or policy
 * errors. Kept under GitHub's 1 MiB: an environment too long for its share is cut after a
 * whole change, with a note saying how many changes are not shown and how to see them. Never
 * throws: a plan it cannot render becomes a one-line summary saying so.
 *
 * @example fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, renderJobSummary({ plan, gate }))
 */
export function renderJobSummary(input: JobSummaryInput): string {
  const max = input.maxBytes ?? DEFAULT_MAX;
  try {
    return cutToBytes(summary(input, max), max);
  } catch (e) {
    return cutToBytes(`### Quartermaster plan\n\nThe plan could not be shown here (${escapeMarkdown(String((e as Error)?.message ?? e), 300)}).\n`, max);
  }
}

function summary(input: JobSummaryInput, max: number): string {
  const title = escapeMarkdown(input.title ?? 'Quartermaster plan', 200);
  const plan = input.plan;
  const diagnostics = input.diagnostics ?? [];
  const foot = plan ? `---\n\n<sub>Plan fingerprint ${codeSpan(String(plan.fingerprint), { max: 100 })} · created ${escapeMarkdown(formatUtc(String(plan.createdAt)), 40)} · ${plan.summary.unchanged} unchanged</sub>` : '';
  const heading = plan ? planHeading(title, plan.summary) : `### ${title}${diagnostics.length > 0 ? ': ❌ errors' : ': nothing planned'}`;
  let room = max - utf8Bytes(heading) - utf8Bytes(foot) - 16;

  const take = (lines: string[], share: number, more: (n: number) => string): string => {
    const kept = fitLines(lines, share, more, utf8Bytes);
    const text = kept.join('\n');
    room -= utf8Bytes(text) + 2;
    return text;
  };
  const envs = plan ? take(plan.envs.map((env) => `- ${envSummaryLine(plan, env)}`), room / 4, (n) => `- … and ${count(n)} more environments`) : '';
  const gate = input.gate ? take(renderGateSection(input.gate), room / 4, (n) => `- … and ${count(n)} more`) : '';
  const errors =
    diagnostics.length > 0
      ? take([`#### ❌ ${count(diagnostics.length)} error${diagnostics.length === 1 ? '' : 's'}`, '', ...diagnosticLines(diagnostics)], plan ? room / 2 : room, (n) => `- … and ${count(n)} more errors (see the annotations)`)
      : '';

  const sections = (plan ? plan.envs : []).map((env) =>
    markdownEnvSection(env, plan as Plan, {
      measure: utf8Bytes,
      limitReason: "the job summary would pass GitHub's 1 MiB limit",
      fullPlanHint: (e) => `run ${codeSpan(`qm plan --env ${e}`)} locally`,
    }),
  );
  // Two bytes of blank line between sections.
  fitEnvSections(sections, room - sections.length * 2);
  return `${[heading, envs, gate, errors, ...sections.map((s) => s.render()), foot].filter(Boolean).join('\n\n')}\n`;
}

/** The last guard: whole lines up to `max` bytes and a note, should the sizes above be off. */
function cutToBytes(text: string, max: number): string {
  if (utf8Bytes(text) <= max) return text;
  const note = '\n_(cut: the summary would pass GitHub’s 1 MiB limit)_\n';
  const room = max - utf8Bytes(note);
  const out: string[] = [];
  let used = 0;
  for (const line of text.split('\n')) {
    const size = utf8Bytes(line) + 1;
    if (used + size > room) break;
    out.push(line);
    used += size;
  }
  return room < 0 ? '' : `${out.join('\n')}${note}`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
