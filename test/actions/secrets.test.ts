import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialValues } from '../../actions/shared/mask-secrets.js';
import type { FakeGitHub } from '../support/fake-github.js';
import { BUNDLES, DAVE, HEAD, exampleWorkspace, fakeGitHub, pullRequestEvent, runBundle } from './action-fixture.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const USER_DATA_CANARY = 'canary-userdata-7f3a9c2e51';
const AWS_CANARY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARY0001';

describe('secrets never reach a comment, a summary, an annotation or an output', () => {
  it('masks credential-shaped variables and the password of a database URL', () => {
    expect(credentialValues({ AWS_SECRET_ACCESS_KEY: AWS_CANARY, AWS_SESSION_TOKEN: 'token-value-123', QM_DATABASE_URL: 'postgres://qm:s3cr%40t@db:5432/qm', AWS_REGION: 'eu-west-1', CI: 'true' }).sort()).toEqual(
      [AWS_CANARY, 's3cr%40t', 's3cr@t', 'token-value-123'].sort(),
    );
  });

  it('keeps user data and AWS keys out of everything the plan action writes, valid or broken', async () => {
    const ws = await exampleWorkspace();
    const web = path.join(ws.dir, 'environments/dev/bastion.yml');
    const valid = (await readFile(web, 'utf8')).replace('    state: running', `    state: running\n    user_data: |\n      #!/bin/bash\n      export API_TOKEN=${USER_DATA_CANARY}\n`);
    await writeFile(web, valid);
    gh = await fakeGitHub({ pulls: [{ number: 30, user: DAVE, head: { sha: HEAD }, files: ['environments/dev/bastion.yml'] }] });
    const env = { AWS_SECRET_ACCESS_KEY: AWS_CANARY };
    const ok = await runBundle(BUNDLES.plan, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(30), env });
    expect(ok.exitCode, ok.stdout).toBe(0);
    expect(ok.masks).toEqual(expect.arrayContaining([AWS_CANARY, `export API_TOKEN=${USER_DATA_CANARY}`]));

    // A YAML syntax error on the line holding the secret.
    await writeFile(web, valid.replace(`export API_TOKEN=${USER_DATA_CANARY}`, `export API_TOKEN=${USER_DATA_CANARY}\n    bad: [unclosed ${USER_DATA_CANARY}`));
    const broken = await runBundle(BUNDLES.plan, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(30), env });
    expect(broken.exitCode).toBe(1);
    expect(broken.annotations.some((a) => a.file === 'environments/dev/bastion.yml' && /YAML/.test(a.message)), JSON.stringify(broken.annotations)).toBe(true);

    for (const run of [ok, broken]) {
      const written = [JSON.stringify(run.outputs), run.summary, JSON.stringify(run.annotations), ...gh.state.comments.map((c) => c.body), ...gh.state.statuses.map((s) => s.description)].join('\n');
      expect(written).not.toContain(USER_DATA_CANARY);
      expect(written).not.toContain(AWS_CANARY);
      // Whatever reaches the log unmasked: the runner masks registered values, so only unregistered ones could leak.
      expect(run.stdout.includes(AWS_CANARY) ? run.masks.includes(AWS_CANARY) : true).toBe(true);
    }
  });
});
