/** The streams a command writes to, passed in so tests can capture them. */
export interface OutputStream {
  write(text: string): void;
  isTTY: boolean;
  /** Terminal width, so live progress lines fit. */
  columns?: number;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Asks a yes/no question on a terminal; undefined when there is no terminal to ask on. */
  confirm?: (question: string) => Promise<boolean>;
}

/** The process's own streams, with a confirm prompt when stdin is a terminal. */
export async function processIo(): Promise<CliIo> {
  // `qm plan | head`: the reader went away; stop quietly, as Unix tools do, instead of a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  const stdout: OutputStream = { write: (t) => void process.stdout.write(t), isTTY: Boolean(process.stdout.isTTY), columns: process.stdout.columns };
  const stderr: OutputStream = { write: (t) => void process.stderr.write(t), isTTY: Boolean(process.stderr.isTTY), columns: process.stderr.columns };
  if (!process.stdin.isTTY) return { stdout, stderr };
  const { createInterface } = await import('node:readline/promises');
  return {
    stdout,
    stderr,
    confirm: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question(`${question} Only "yes" will be accepted: `);
        return answer.trim() === 'yes';
      } finally {
        rl.close();
      }
    },
  };
}
