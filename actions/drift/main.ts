import * as core from '@actions/core';
import { readActionSettings } from '../shared/action-settings.js';
import { credentialValues } from '../shared/mask-secrets.js';
import { createGitHubClient } from '../shared/github-client.js';
import { failWith } from '../shared/fail-with.js';
import { reportDrift } from './report-drift.js';

/** The drift action: inputs -> settings -> reportDrift -> outputs (STYLE.md 1). */
export async function run(): Promise<void> {
  try {
    for (const secret of credentialValues(process.env)) core.setSecret(secret);
    const settings = readActionSettings((name) => core.getInput(name), process.env);
    const github = createGitHubClient({ token: settings.token, apiUrl: settings.apiUrl, owner: settings.owner, repo: settings.repo });
    const result = await reportDrift({ settings, github, core });
    core.setOutput('drifted', result.drifted.join(','));
    if (!result.ok) core.setFailed('The definitions have errors: see the annotations.');
  } catch (e) {
    failWith(core, e);
  }
}
