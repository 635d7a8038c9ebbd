import * as core from '@actions/core';
import { ConfigInvalidError } from '../../src/errors.js';
import { readActionSettings } from '../shared/action-settings.js';
import { credentialValues } from '../shared/mask-secrets.js';
import { createGitHubClient } from '../shared/github-client.js';
import { failWith } from '../shared/fail-with.js';
import { planPullRequest, type CommentMode } from './plan-pull-request.js';

/** The plan action: inputs -> settings -> planPullRequest -> outputs (STYLE.md 1). */
export async function run(): Promise<void> {
  try {
    for (const secret of credentialValues(process.env)) core.setSecret(secret);
    const settings = readActionSettings((name) => core.getInput(name), process.env);
    const github = createGitHubClient({ token: settings.token, apiUrl: settings.apiUrl, owner: settings.owner, repo: settings.repo });
    const result = await planPullRequest({ settings, github, core, comment: commentMode(core.getInput('comment')) });
    const s = result.plan?.summary;
    core.setOutput('has-changes', String(Boolean(s && s.add + s.change + s.destroy > 0)));
    core.setOutput('to-add', String(s?.add ?? 0));
    core.setOutput('to-change', String(s?.change ?? 0));
    core.setOutput('to-destroy', String(s?.destroy ?? 0));
    core.setOutput('fingerprint', result.plan?.fingerprint ?? '');
    core.setOutput('plan-json', result.planJsonPath ?? '');
    if (!result.ok) core.setFailed('The definitions or policy.yml have errors: see the annotations and the pull request comment.');
  } catch (e) {
    failWith(core, e);
  }
}

function commentMode(value: string): CommentMode {
  const mode = value.trim() || 'update';
  if (mode === 'update' || mode === 'new' || mode === 'off') return mode;
  throw new ConfigInvalidError(`the comment input "${mode}" is not one of update, new, off`, { fix: 'Set `comment: update` (the default), `new` or `off`' });
}
