/**
 * Child process for durability.test.ts: writes numbered records forever (or `count` of them)
 * and prints each number only after its write is acknowledged (committed). The parent kills it
 * with SIGKILL mid-stream and checks every printed number survived.
 *
 *   node --import tsx durability-writer.ts qm-sqlite <file> <prefix> [count]
 *   node --import tsx durability-writer.ts pglite <dir> <prefix> [count]
 */
import { systemClock } from '../../../src/clock.js';
import { openStore } from '../../../src/store/open-store.js';

const [engine, location, prefix, countArg] = process.argv.slice(2) as [string, string, string, string | undefined];
const count = countArg === undefined ? Infinity : Number(countArg);

async function writer(): Promise<{ write(n: number): Promise<void>; close(): Promise<void> }> {
  if (engine === 'qm-sqlite') {
    const store = await openStore(undefined, { sqlitePath: location, clock: systemClock });
    return {
      write: async (n) => {
        await store.appendAudit({ actor: `writer:${prefix}`, kind: 'apply-step', envs: ['prod'], message: `${prefix}-${n}`, data: { n, pad: 'x'.repeat(200) } });
      },
      close: () => store.close(),
    };
  }
  if (engine === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(location);
    await db.exec('CREATE TABLE IF NOT EXISTS records (id SERIAL PRIMARY KEY, message TEXT NOT NULL)');
    return {
      write: async (n) => {
        await db.query('INSERT INTO records (message) VALUES ($1)', [`${prefix}-${n}`]);
      },
      close: () => db.close(),
    };
  }
  throw new Error(`unknown engine ${engine}`);
}

const w = await writer();
process.stderr.write('ready\n');
for (let n = 0; n < count; n++) {
  await w.write(n);
  process.stdout.write(`${n}\n`);
}
await w.close();
