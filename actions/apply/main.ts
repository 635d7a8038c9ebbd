import * as core from '@actions/core';
import { readActionSettings, parseList } from '../shared/action-settings.js';
import { credentialValues } from '../shared/mask-secrets.js';
import { createGitHubClient } from '../shared/github-client.js';
import { failWith } from '../shared/fail-with.js';
import { applyOnMerge } from './apply-on-merge.js';

/** The apply action: inputs -> settings -> applyOnMerge -> outputs (STYLE.md 1). */
export async function run(): Promise<void> {
  try {
    for (const secret of credentialValues(process.env)) core.setSecret(secret);
    const settings = readActionSettings((name) => core.getInput(name), process.env);
    const github = createGitHubClient({ token: settings.token, apiUrl: settings.apiUrl, owner: settings.owner, repo: settings.repo });
    const commentAuthors = parseList(core.getInput('plan-comment-author') || 'github-actions[bot]');
    const result = await applyOnMerge({ settings, github, core, commentAuthors });
    core.setOutput('applied', String(result.applied));
    core.setOutput('request-id', result.requestId ?? '');
    core.setOutput('result-json', result.resultJsonPath ?? '');
    if (!result.ok) core.setFailed(result.applied ? 'Some changes failed: re-run this job to converge.' : `Nothing was applied (${result.blocked}): see the pull request comment and the job summary.`);
  } catch (e) {
    failWith(core, e);
  }
}
