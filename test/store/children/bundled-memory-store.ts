/**
 * Bundled by bundled-memory-store.test.ts into one file, copied to a directory with no
 * node_modules and run with plain `node`: what a GitHub Action does with the store when no
 * QM_DATABASE_URL is set. Prints one JSON line.
 */
import { systemClock } from '../../../src/clock.js';
import { isQmError } from '../../../src/errors.js';
import { openStore } from '../../../src/store/open-store.js';

const started = performance.now();
const store = await openStore('memory:', { sqlitePath: '.qm/state.db', clock: systemClock });
const openMs = performance.now() - started;

const { request } = await store.createRequest({
  actor: 'github:octocat#583231',
  door: 'pr',
  command: 'apply',
  envs: ['prod'],
  fingerprint: 'f'.repeat(64),
  reason: 'PR #7',
  requirements: [{ group: 'sre', count: 1, reason: 'prod' }],
  state: 'requested',
  expiresInMs: 3600_000,
});
const lock = await store.acquireLock('prod', { holder: 'run-42', purpose: `apply ${request.id}`, ttlMs: 60_000 });
await store.appendAudit({ actor: 'github:octocat#583231', door: 'pr', kind: 'apply-result', envs: ['prod'], requestId: request.id, message: 'applied' });

const result = {
  kind: store.kind,
  location: store.location,
  request: (await store.getRequest(request.id))?.reason,
  lock: lock.acquired ? (await store.getLock('prod'))?.holder : 'refused',
  audit: (await store.queryAudit()).map((e) => `${e.kind} ${e.message}`),
  openMs: Math.round(openMs),
};
await store.close();

// better-sqlite3 is left out of the bundle: choosing the embedded file must fail only then, saying what to do.
const embedded = await openStore(undefined, { sqlitePath: '.qm/state.db', clock: systemClock }).then(
  async (s) => {
    await s.close();
    return 'opened';
  },
  (e: unknown) => (isQmError(e) ? `${e.code}: ${e.message}` : String(e)),
);

process.stdout.write(`${JSON.stringify({ ...result, embedded })}\n`);
