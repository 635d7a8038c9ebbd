import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PATHS } from '../../bot/server.js';

const read = async (file: string) => parse(await readFile(new URL(`../../manifests/${file}`, import.meta.url), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- manifests are free-form YAML

describe('the app manifests in the repository', () => {
  it('Slack: the four commands, interactivity and App Home events all go to /slack/events, with the bot scopes the door uses', async () => {
    const m = await read('slack-app.yml');
    const urls = [...m.features.slash_commands.map((c: { url: string }) => c.url), m.settings.interactivity.request_url, m.settings.event_subscriptions.request_url];
    expect(urls.every((u: string) => new URL(u).pathname === PATHS.slack)).toBe(true);
    expect(m.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/qm', '/scale', '/shutdown', '/startup']);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
    expect(m.features.app_home.home_tab_enabled).toBe(true);
    expect([...m.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'commands', 'usergroups:read', 'users:read']);
  });

  it('GitHub: issue_comment deliveries to /api/github/webhooks, with the permissions the door and write-back use, no more', async () => {
    const m = await read('github-app.yml');
    expect(new URL(m.hook_attributes.url).pathname).toBe(PATHS.github);
    expect(m.default_events).toEqual(['issue_comment']);
    expect(m.default_permissions).toEqual({ issues: 'write', pull_requests: 'write', contents: 'write', members: 'read', metadata: 'read' });
    expect(m.public).toBe(false);
  });
});
