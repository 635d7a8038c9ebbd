import { openQuartermaster } from '../../src/engine/open-quartermaster.js';
import { secretValuesOf } from '../../src/definitions/index.js';
import { driftIssueMarkerFor, renderDriftIssue, renderDriftResolvedComment } from '../../src/render/index.js';
import type { ActionCore } from '../shared/action-core.js';
import type { ActionSettings } from '../shared/action-settings.js';
import type { GitHubClient } from '../shared/github-client.js';
import { annotationsOf } from '../shared/report-diagnostics.js';

/** The label every drift issue carries (a team filters and routes on it). */
export const DRIFT_LABEL = 'qm-drift';

export interface ReportDriftInput {
  settings: ActionSettings;
  github: GitHubClient;
  core: ActionCore;
}

export interface ReportDriftResult {
  ok: boolean;
  /** Environments with drift now. */
  drifted: string[];
}

/**
 * The scheduled drift check: one issue per environment that drifted (labelled qm-drift,
 * created once and updated in place while the drift lasts), closed with a comment when the
 * drift is gone. Reads the fleet only; never applies.
 *
 * @example const { drifted } = await reportDrift({ settings, github, core });
 */
export async function reportDrift(input: ReportDriftInput): Promise<ReportDriftResult> {
  const { settings, github, core } = input;
  const qm = openQuartermaster({ settings: settings.engine });
  try {
    const loaded = await qm.loadDefinitions();
    if (!loaded.ok) {
      for (const a of annotationsOf(loaded.diagnostics, settings.pathInRepo)) core.error(a.message, a);
      return { ok: false, drifted: [] };
    }
    for (const secret of secretValuesOf(loaded.definitions)) core.setSecret(secret);
    const report = await qm.drift(settings.envs ? { envs: settings.envs } : {});
    const checkedAt = qm.clock.now().toISOString();
    const drifted: string[] = [];
    const lines: string[] = [];
    for (const env of report.envs) {
      const hasDrift = report.items.some((i) => i.env === env) || report.notices.some((n) => n.env === env);
      const open = await github.findIssue(DRIFT_LABEL, driftIssueMarkerFor(env));
      if (hasDrift) {
        drifted.push(env);
        const issue = renderDriftIssue(report, env, { checkedAt, ...(settings.runUrl ? { runUrl: settings.runUrl } : {}) });
        const written = open ? await github.updateIssue(open.number, issue) : await github.createIssue({ ...issue, labels: [DRIFT_LABEL] });
        lines.push(`- **${env}**: drift, ${open ? 'updated' : 'opened'} [#${written.number}](${written.htmlUrl})`);
        core.warning(`${env} has drifted from its definitions: ${written.htmlUrl}`);
      } else if (open) {
        await github.comment(open.number, renderDriftResolvedComment(env, checkedAt));
        await github.updateIssue(open.number, { state: 'closed' });
        lines.push(`- **${env}**: no drift any more, closed #${open.number}`);
      } else {
        lines.push(`- **${env}**: no drift`);
      }
    }
    await core.summary.addRaw(`### Quartermaster drift check\n\n${lines.join('\n')}\n`).write();
    return { ok: true, drifted };
  } finally {
    await qm.close();
  }
}
