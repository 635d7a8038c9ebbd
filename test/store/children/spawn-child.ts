import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface RunningChild {
  child: ChildProcess;
  /** Writes one line to the child's stdin (a barrier: `go`). */
  send(line: string): void;
  /** Lines printed on stdout so far. */
  lines: string[];
  stderr(): string;
  /** Resolves once `predicate` holds for the lines printed so far (rejects if the child exits first). */
  waitFor(predicate: (lines: string[]) => boolean): Promise<void>;
  /** Resolves with the exit code (or signal) when the child ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns a TypeScript script through tsx: a path relative to this directory, or absolute. */
export function spawnChild(script: string, args: string[], env: NodeJS.ProcessEnv = {}): RunningChild {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(here, script), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  const waiters: { predicate: (l: string[]) => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      if (w.predicate(lines)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    check();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`${script} exited (${code ?? signal}) before the expected output; stderr:\n${err}`));
      resolve({ code, signal });
    });
  });
  return {
    child,
    send: (line) => {
      child.stdin?.write(`${line}\n`);
    },
    lines,
    stderr: () => err,
    exited,
    waitFor: (predicate) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ predicate, resolve, reject });
        check();
      }),
  };
}
