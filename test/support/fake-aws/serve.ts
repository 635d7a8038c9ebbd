/**
 * The fake AWS endpoint as a process, for end-to-end runs of `qm`:
 *
 *     npx tsx test/support/fake-aws/serve.ts --port 0 --seed fleet.json --record calls.jsonl
 *
 * prints `FAKE_AWS_URL=http://127.0.0.1:<port>` once listening (point AWS_ENDPOINT_URL at
 * it), appends every call as a JSON line to `--record`, and stops on SIGTERM or SIGINT.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startFakeAws } from './fake-aws-server.js';
import { seedSyntheticFleet, type FakeAwsSeed } from './seed.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    seed: { type: 'string' },
    record: { type: 'string' },
  },
});

const seed: FakeAwsSeed = values.seed ? (JSON.parse(readFileSync(values.seed, 'utf8')) as FakeAwsSeed) : {};
const record = values.record;
const fake = await startFakeAws({
  ...seed.options,
  port: Number(values.port),
  ...(record ? { onCall: (call) => appendFileSync(record, `${JSON.stringify(call)}\n`) } : {}),
});
for (const fleet of seed.fleets ?? []) seedSyntheticFleet(fake, fleet);
process.stdout.write(`FAKE_AWS_URL=${fake.url}\n`);

const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
