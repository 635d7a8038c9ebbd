import { describe, expect, it } from 'vitest';
import { parseSlackSettings } from '../../../bot/slack/slack-settings.js';

describe('parseSlackSettings', () => {
  const holder = 'bot-1 pid 7';

  it('is undefined when no Slack variable is set (the door is off)', () => {
    expect(parseSlackSettings({}, { holder })).toBeUndefined();
  });

  it('reads HTTP settings, with the Web API base', () => {
    expect(parseSlackSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'http://127.0.0.1:9/api/' }, { holder })).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 's',
      apiUrl: 'http://127.0.0.1:9/api/',
      holder,
    });
  });

  it('needs no signing secret in Socket Mode', () => {
    expect(parseSlackSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, { holder })).toEqual({ botToken: 'xoxb-1', appToken: 'xapp-1', holder });
  });

  it('names every missing variable of a half configuration', () => {
    expect(() => parseSlackSettings({ SLACK_SIGNING_SECRET: 's' }, { holder })).toThrow(/SLACK_BOT_TOKEN .*is not set/);
    expect(() => parseSlackSettings({ SLACK_BOT_TOKEN: 'xoxb-1' }, { holder })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => parseSlackSettings({ SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'ftp://x' }, { holder })).toThrow(/SLACK_API_URL "ftp:\/\/x" is not an http\(s\) URL/);
  });
});
