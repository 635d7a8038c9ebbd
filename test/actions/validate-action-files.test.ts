import { validateAction, validateWorkflow } from '@action-validator/core';
import type { ValidationState } from '@action-validator/core';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isMap, parseDocument } from 'yaml';

/**
 * Every action.yml and workflow file is checked against GitHub's schemas (SchemaStore's
 * github-action and github-workflow schemas, as compiled into @action-validator/core's wasm).
 *
 * That schema predates `runs.using: node24` and rejects it, so an action file is validated with
 * node24 read as node20 (the only difference between the two for the schema): the file on disk
 * keeps node24, which is what we ship, and every other field is checked as written.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Validation errors, flattened to `path: title (detail)` lines; empty when the file is valid. */
function problems(state: ValidationState): string[] {
  const out: string[] = [];
  const walk = (errors: ValidationState['errors'], indent: string): void => {
    for (const e of errors) {
      const where = 'path' in e && e.path ? e.path : 'location' in e && e.location ? `line ${e.location.line}:${e.location.column}` : '/';
      out.push(`${indent}${where}: ${e.title}${e.detail ? ` (${e.detail})` : ''}`);
      if ('states' in e && e.states) for (const s of e.states) walk(s.errors, `${indent}  `);
    }
  };
  walk(state.errors, '');
  return out;
}

/** The action file's text with `runs.using: node24` read as node20; anything else unchanged. */
function asSchemaSees(text: string): string {
  const doc = parseDocument(text);
  const runs = doc.get('runs');
  if (doc.errors.length > 0 || !isMap(runs) || runs.get('using') !== 'node24') return text;
  runs.set('using', 'node20');
  return doc.toString();
}

function validateActionText(text: string): string[] {
  return problems(validateAction(asSchemaSees(text)));
}

function validateWorkflowText(text: string): string[] {
  return problems(validateWorkflow(text));
}

function filesIn(dir: string, match: (name: string) => boolean): string[] {
  const abs = path.join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).filter(match).sort().map((f) => path.join(dir, f));
}

const actionFiles = [
  ...(existsSync(path.join(ROOT, 'action.yml')) ? ['action.yml'] : []),
  ...(existsSync(path.join(ROOT, 'actions'))
    ? readdirSync(path.join(ROOT, 'actions'))
        .sort()
        .map((d) => path.join('actions', d, 'action.yml'))
        .filter((f) => existsSync(path.join(ROOT, f)))
    : []),
];
const workflowFiles = filesIn(path.join('.github', 'workflows'), (f) => /\.ya?ml$/.test(f));

interface ActionRuns {
  using?: unknown;
  main?: unknown;
}

function runsOf(file: string): ActionRuns {
  const doc = parseDocument(readFileSync(path.join(ROOT, file), 'utf8'));
  return (doc.toJS() as { runs?: ActionRuns } | null)?.runs ?? {};
}

describe('action.yml files', () => {
  it('exist for every action with a main.ts (so none escapes validation)', () => {
    const withMain = existsSync(path.join(ROOT, 'actions'))
      ? readdirSync(path.join(ROOT, 'actions')).filter((d) => existsSync(path.join(ROOT, 'actions', d, 'main.ts')))
      : [];
    // The root action.yml may run a bundle of its own under actions/ (its `command` dispatcher).
    const rootMain = actionFiles.includes('action.yml') ? String(runsOf('action.yml').main) : '';
    const missing = withMain.filter((d) => !actionFiles.includes(path.join('actions', d, 'action.yml')) && !rootMain.startsWith(`actions/${d}/`));
    expect(missing, 'actions without an action.yml').toEqual([]);
  });

  it.each(actionFiles.map((f) => [f]))('%s is valid against the action schema', (file) => {
    expect(validateActionText(readFileSync(path.join(ROOT, file), 'utf8'))).toEqual([]);
  });

  it.each(actionFiles.filter((f) => f !== 'action.yml').map((f) => [f]))('%s runs dist/index.js on node24', (file) => {
    expect(runsOf(file)).toMatchObject({ using: 'node24', main: 'dist/index.js' });
  });

  it.each(actionFiles.filter((f) => f === 'action.yml').map((f) => [f]))('the root %s runs a committed bundle on node24', (file) => {
    const runs = runsOf(file);
    expect(runs.using).toBe('node24');
    // The root action dispatches on `command` over the actions' bundles (or one of its own).
    expect(String(runs.main)).toMatch(/^(actions\/[a-z0-9-]+\/)?dist\/index\.js$/);
    expect(existsSync(path.join(ROOT, String(runs.main))), `${String(runs.main)} is missing: run npm run build:actions`).toBe(true);
  });
});

describe('workflow files', () => {
  it.each(workflowFiles.map((f) => [f]))('%s is valid against the workflow schema', (file) => {
    expect(validateWorkflowText(readFileSync(path.join(ROOT, file), 'utf8'))).toEqual([]);
  });

  it('include at least the CI workflow (the glob is not silently empty)', () => {
    expect(workflowFiles).toContain(path.join('.github', 'workflows', 'ci.yml'));
  });
});

describe('the validator itself (so these checks cannot silently pass)', () => {
  const action = (using: string) => `name: x\ndescription: y\nruns:\n  using: ${using}\n  main: dist/index.js\n`;

  it('accepts a node24 action, which it only can through the node24 -> node20 reading', () => {
    expect(validateActionText(action('node24'))).toEqual([]);
    expect(problems(validateAction(action('node24')))).not.toEqual([]);
  });

  it('rejects an action with an unknown runs.using', () => {
    expect(validateActionText(action('node99')).join('\n')).toContain('/runs/using');
  });

  it('rejects an action with no runs at all', () => {
    expect(validateActionText('name: x\ndescription: y\n').join('\n')).toMatch(/runs/);
  });

  it('rejects a workflow job without runs-on', () => {
    const text = 'on: push\njobs:\n  x:\n    steps:\n      - run: echo hi\n';
    expect(validateWorkflowText(text).join('\n')).toContain('/jobs/x/runs-on');
  });

  it('rejects a workflow with an unknown trigger', () => {
    const text = 'on: pushed\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n';
    expect(validateWorkflowText(text)).not.toEqual([]);
  });

  it('reports YAML that does not parse, with its line', () => {
    expect(validateWorkflowText('on: [push\njobs: {}\n').join('\n')).toMatch(/line 2/);
  });

  it('accepts the shapes our reusable workflows use', () => {
    const text = [
      'on:',
      '  workflow_call:',
      '    inputs:',
      '      aws-role-arn: { type: string, required: true }',
      'permissions:',
      '  id-token: write',
      '  pull-requests: write',
      'jobs:',
      '  plan:',
      '    runs-on: ubuntu-latest',
      '    strategy:',
      '      matrix:',
      '        env: ${{ fromJSON(needs.x.outputs.envs) }}',
      '    concurrency:',
      '      group: qm-${{ matrix.env }}',
      '      cancel-in-progress: false',
      '    steps:',
      '      - uses: aws-actions/configure-aws-credentials@v4',
      '        with:',
      '          role-to-assume: ${{ inputs.aws-role-arn }}',
      '',
    ].join('\n');
    expect(validateWorkflowText(text)).toEqual([]);
  });
});
