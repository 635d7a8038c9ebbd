import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQm, scratchFleet } from './run-qm.js';

/**
 * The gate must never be off by accident: a policy file that is there but cannot be read is an
 * error, never "no policy"; both spellings at once are an error; a repository without one says
 * so on every gated command. Each case: what is done to a copy of examples/fleet, the command,
 * the exit code and the located message (plus, for every case: no stack trace, done in time).
 */

type Setup = (dir: string) => Promise<void>;

const NO_POLICY = 'warning: no policy.yml: the command line is not gated; chat and pull-request doors refuse every change until you write one (docs/policy.md)';
const REFUSAL = 'the gate cannot read it, and qm does not run ungated while a policy file is there';

const edit = (file: string, from: string, to: string): Setup => async (dir) => {
  const full = path.join(dir, file);
  const text = await readFile(full, 'utf8');
  expect(text).toContain(from);
  await writeFile(full, text.replace(from, to));
};
const replaceWith = (file: string, make: Setup): Setup => async (dir) => {
  await rm(path.join(dir, file), { recursive: true, force: true });
  await make(dir);
};
const directory = (file: string): Setup => replaceWith(file, async (dir) => void (await mkdir(path.join(dir, file, 'inside'), { recursive: true })));
const danglingLink = (file: string, target: string): Setup => replaceWith(file, (dir) => symlink(target, path.join(dir, file)));
const fifo = (file: string): Setup => replaceWith(file, async (dir) => void execFileSync('mkfifo', [path.join(dir, file)]));
const both = (...setups: Setup[]): Setup => async (dir) => {
  for (const s of setups) await s(dir);
};

interface Case {
  name: string;
  setup: Setup;
  args: string[];
  code: number;
  /** Lines (or parts of lines) that must be in stderr. */
  stderr?: string[];
  stdout?: string[];
  /** What must not be anywhere in the output. */
  absent?: string[];
}

const cases: Case[] = [
  // A policy file that is there but cannot be read.
  { name: 'policy.yml is a directory', setup: directory('policy.yml'), args: ['policy', 'check'], code: 1, stderr: [`policy.yml:1:1 is a directory, not a file: ${REFUSAL}; move the directory away and write the policy in policy.yml (docs/policy.md)`] },
  { name: 'policy.yml is a directory (validate)', setup: directory('policy.yml'), args: ['validate'], code: 1, stderr: ['error [QM_POLICY_INVALID]: 1 error in policy.yml:', 'policy.yml:1:1 is a directory, not a file'] },
  {
    name: 'policy.yml is a directory (apply refuses, applies nothing)',
    setup: directory('policy.yml'),
    args: ['apply', '--env', 'dev', '--auto-approve'],
    code: 1,
    stderr: ['policy.yml:1:1 is a directory, not a file'],
    absent: ['not gated', 'Applied'],
  },
  {
    name: 'policy.yml is a dangling symbolic link',
    setup: danglingLink('policy.yml', 'shared/policy.yml'),
    args: ['policy', 'check'],
    code: 1,
    stderr: [`policy.yml:1:1 is a symbolic link to "shared/policy.yml", which does not exist: ${REFUSAL}; point the link at the policy file, or replace it with the file`],
  },
  { name: 'policy.yml is a dangling symbolic link (approve)', setup: danglingLink('policy.yml', 'gone.yml'), args: ['approve', 'req-000000000000'], code: 1, stderr: ['policy.yml:1:1 is a symbolic link to "gone.yml", which does not exist'], absent: ['not gated'] },
  { name: 'policy.yml is a symbolic link to itself', setup: danglingLink('policy.yml', 'policy.yml'), args: ['policy', 'check'], code: 1, stderr: ['policy.yml:1:1 is a symbolic link to "policy.yml", which loops'] },
  { name: 'policy.yml is a FIFO (no hang)', setup: fifo('policy.yml'), args: ['policy', 'check'], code: 1, stderr: [`policy.yml:1:1 is a FIFO, not a regular file: ${REFUSAL}; replace it with the policy file`] },
  { name: 'policy.yaml is a directory', setup: both(replaceWith('policy.yml', async () => {}), directory('policy.yaml')), args: ['policy', 'check'], code: 1, stderr: ['policy.yaml:1:1 is a directory, not a file'] },

  // policy.yaml is accepted like environment.yaml; both at once is an error naming both.
  {
    name: 'policy.yaml is read like policy.yml',
    setup: async (dir) => rename(path.join(dir, 'policy.yml'), path.join(dir, 'policy.yaml')),
    args: ['policy', 'check'],
    code: 0,
    stdout: ['policy.yaml: 5 people, 2 groups, 5 permissions, 5 approval rules: no errors.'],
    absent: ['not gated'],
  },
  {
    name: 'policy.yaml errors are located in policy.yaml',
    setup: both(async (dir) => rename(path.join(dir, 'policy.yml'), path.join(dir, 'policy.yaml')), edit('policy.yaml', 'commands: [plan]', 'commands: [plna]')),
    args: ['policy', 'check'],
    code: 1,
    stderr: ['1 error in policy.yaml:', 'policy.yaml:36:16 permissions[0].commands[0] "plna"'],
  },
  {
    name: 'policy.yml and policy.yaml both',
    setup: async (dir) => writeFile(path.join(dir, 'policy.yaml'), await readFile(path.join(dir, 'policy.yml'))),
    args: ['policy', 'check'],
    code: 1,
    stderr: ['policy.yaml:1:1 both policy.yml and policy.yaml exist, and the gate reads one policy; merge them into policy.yml and remove policy.yaml'],
  },

  // policy check: one bad name is one error, not several false "nobody may approve" warnings;
  // people and groups named as written, never as internal JSON.
  {
    name: 'one misspelt group in the approve permission',
    setup: edit('policy.yml', 'commands: [approve]\n    envs: [staging, prod]\n    who: [sre]', 'commands: [approve]\n    envs: [staging, prod]\n    who: [sres]'),
    args: ['policy', 'check'],
    code: 1,
    stderr: ['1 error in policy.yml:', 'policy.yml:54:11 permissions[4].who[0] "sres" is not a person or group defined in this policy (did you mean "sre"?)'],
    absent: ['can never be approved'],
  },
  {
    name: 'a person listed twice in a group',
    setup: edit('policy.yml', 'members: [alice, bob', 'members: [alice, alice, bob'),
    args: ['policy', 'check'],
    code: 1,
    stderr: ['policy.yml:29:22 groups.sre.members lists "alice" more than once'],
    absent: ['{"kind"', 'can never be approved'],
  },
  {
    name: 'an account listed twice for one person',
    setup: edit('policy.yml', '    - github:erin-b#4410927\n', '    - github:erin-b#4410927\n    - github:erin-b#4410927\n'),
    args: ['policy', 'check'],
    code: 1,
    stderr: ['people.erin lists "github:erin-b#4410927" more than once'],
    absent: ['{"kind"'],
  },
  {
    name: 'a group listed twice in a permission',
    setup: edit('policy.yml', 'commands: [approve]\n    envs: [staging, prod]\n    who: [sre]', 'commands: [approve]\n    envs: [staging, prod]\n    who: [sre, sre]'),
    args: ['policy', 'check'],
    code: 1,
    stderr: ['policy.yml:54:16 permissions[4].who lists "sre" more than once'],
    absent: ['{"kind"', 'can never be approved'],
  },

  // Definitions files the file system will not give: located errors, not a crash or a hang.
  {
    name: 'a resource file is a dangling symbolic link',
    setup: danglingLink('environments/dev/ghost.yml', 'missing.yml'),
    args: ['validate'],
    code: 1,
    stderr: ['environments/dev/ghost.yml:1:1 is a symbolic link to "missing.yml", which does not exist, so a resource file cannot be read; point the link at a file, or remove it'],
  },
  { name: 'a resource file is a FIFO (no hang)', setup: fifo('environments/dev/pipe.yml'), args: ['validate'], code: 1, stderr: ['environments/dev/pipe.yml:1:1 is a FIFO, not a regular file, so a resource file cannot be read'] },
  {
    name: 'environment.yml is a directory',
    setup: directory('environments/dev/environment.yml'),
    args: ['validate'],
    code: 1,
    stderr: ['environments/dev/environment.yml:1:1 is a directory, not a file: environments/dev/environment.yml must be the environment file (region, account_id); move the directory away and write the file'],
    absent: ['has no environment.yml'],
  },
  {
    name: 'environment.yml is a dangling symbolic link',
    setup: danglingLink('environments/dev/environment.yml', '../shared/dev.yml'),
    args: ['validate'],
    code: 1,
    stderr: ['environments/dev/environment.yml:1:1 is a symbolic link to "../shared/dev.yml", which does not exist, so the environment file cannot be read'],
    absent: ['has no environment.yml'],
  },
  {
    name: 'an environment directory is a dangling symbolic link',
    setup: danglingLink('environments/qa', '/nonexistent/qa'),
    args: ['validate'],
    code: 1,
    stderr: ['environments/qa:1:1 is a symbolic link to "/nonexistent/qa", which does not exist, so it cannot be read as an environment'],
  },
  {
    name: 'a resource file that is a symbolic link to a file is read',
    setup: async (dir) => {
      await rename(path.join(dir, 'environments/dev/web.yml'), path.join(dir, 'web.dev.yml.src'));
      await symlink('../../web.dev.yml.src', path.join(dir, 'environments/dev/web.yml'));
    },
    args: ['validate'],
    code: 0,
  },

  // No policy: the command line is not gated, and every gated command says so, once.
  ...(
    [
      ['apply', ['apply', '--env', 'dev', '--auto-approve'], 0],
      ['run', ['run', 'help'], 0],
      ['approve', ['approve', 'req-000000000000'], 1],
      ['deny', ['deny', 'req-000000000000', '--reason', 'no'], 1],
      ['unlock', ['unlock', 'dev', '--reason', 'stuck'], 1],
      ['policy explain', ['policy', 'explain', 'apply dev'], 0],
    ] as const
  ).map(([name, args, code]): Case => ({ name: `no policy: ${name} says it is not gated`, setup: replaceWith('policy.yml', async () => {}), args: [...args], code, stderr: [NO_POLICY] })),
  { name: 'no policy: policy check answers it on stdout', setup: replaceWith('policy.yml', async () => {}), args: ['policy', 'check'], code: 0, stdout: [NO_POLICY.replace('warning: ', '')], absent: ['warning: no policy.yml'] },
  { name: 'no policy: validate answers it on stdout', setup: replaceWith('policy.yml', async () => {}), args: ['validate'], code: 0, stdout: [NO_POLICY.replace('warning: ', '')], absent: ['warning: no policy.yml'] },
  {
    name: 'no policy: unlock says why it is refused',
    setup: replaceWith('policy.yml', async () => {}),
    args: ['unlock', 'dev', '--reason', 'stuck'],
    code: 1,
    stderr: ['may not unlock dev: there is no policy.yml, so no permission allows it; write one (docs/policy.md)'],
    absent: ['no permission in policy.yml'],
  },
];

describe('the gate is never off by accident (bad policy files, table)', () => {
  it.each(cases)('$name', async ({ setup, args, code, stderr = [], stdout = [], absent = [] }) => {
    const { dir, env } = await scratchFleet();
    try {
      await setup(dir);
      const started = Date.now();
      const r = await runQm(args, env, dir);
      expect(Date.now() - started, 'time bound').toBeLessThan(15_000);
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(code);
      for (const line of stderr) expect(r.stderr).toContain(line);
      for (const line of stdout) expect(r.stdout).toContain(line);
      for (const text of absent) expect(`${r.stdout}${r.stderr}`).not.toContain(text);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);
      expect(r.stderr.split(NO_POLICY).length, 'the not-gated line at most once').toBeLessThanOrEqual(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
