import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseBotConfig } from '../../bot/bot-config.js';
import { secretScrubber } from '../../bot/bot-logger.js';
import { botModuleUrl, type BotModule } from '../../src/cli/commands/bot.js';
import { ConfigInvalidError } from '../../src/errors.js';
import { runQm } from '../cli/run-qm.js';

const PEM = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const GITHUB = { APP_ID: '424242', PRIVATE_KEY: PEM, WEBHOOK_SECRET: 'whsec-0123456789' };
const SLACK = { SLACK_BOT_TOKEN: 'xoxb-111-222-abcdef', SLACK_SIGNING_SECRET: 'slack-signing-0123456789' };
const DIR = { dir: '/srv/fleet' };

/** The problems a configuration is refused for, one per line of the error. */
function problems(env: Record<string, string>, flags: Parameters<typeof parseBotConfig>[1] = {}, readFile?: (f: string) => string): string[] {
  try {
    parseBotConfig(env, flags, readFile ? { readFile } : {});
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigInvalidError);
    return (e as ConfigInvalidError).details.problems as string[];
  }
  throw new Error('the configuration was accepted');
}

describe('the bot configuration, parsed once at start-up', () => {
  it('takes either door alone, or both, with defaults', () => {
    const github = parseBotConfig(GITHUB, DIR);
    expect(github).toMatchObject({ port: 3000, github: { appId: 424242, webhookSecret: GITHUB.WEBHOOK_SECRET, apiUrl: 'https://api.github.com' }, definitions: { kind: 'directory', dir: '/srv/fleet' }, logLevel: 'info' });
    expect(github.slack).toBeUndefined();
    const slack = parseBotConfig({ ...SLACK, PORT: '8080', SLACK_API_URL: 'http://127.0.0.1:9999/api' }, DIR);
    expect(slack).toMatchObject({ port: 8080, slack: { botToken: SLACK.SLACK_BOT_TOKEN, apiUrl: 'http://127.0.0.1:9999/api/' } });
    expect(slack.github).toBeUndefined();
    const both = parseBotConfig({ ...SLACK, ...GITHUB, QM_DEFINITIONS_REPO: 'acme/fleet', GITHUB_API_URL: 'https://ghe.example/api/v3/', QM_DATABASE_URL: 'postgres://qm:s3cr3t-pass@db:5432/qm' });
    expect(both).toMatchObject({ definitions: { kind: 'repository', owner: 'acme', repo: 'fleet' }, github: { apiUrl: 'https://ghe.example/api/v3' }, engine: { databaseUrl: 'postgres://qm:s3cr3t-pass@db:5432/qm' } });
    // Every secret is known to the logger, the database password included.
    expect(both.secrets).toEqual(expect.arrayContaining([SLACK.SLACK_BOT_TOKEN, SLACK.SLACK_SIGNING_SECRET, GITHUB.WEBHOOK_SECRET, 's3cr3t-pass']));
    // Socket Mode needs no signing secret.
    expect(parseBotConfig({ SLACK_BOT_TOKEN: SLACK.SLACK_BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A0-123-abc' }, DIR).slack).toMatchObject({ appToken: 'xapp-1-A0-123-abc' });
  });

  it('reads the private key as PEM, PEM with escaped newlines, base64 of PEM, or from PRIVATE_KEY_PATH', () => {
    const expected = `${PEM.trim()}\n`;
    expect(parseBotConfig({ ...GITHUB, PRIVATE_KEY: PEM.replace(/\n/g, '\\n') }, DIR).github?.privateKey).toBe(expected);
    expect(parseBotConfig({ ...GITHUB, PRIVATE_KEY: Buffer.from(PEM).toString('base64') }, DIR).github?.privateKey).toBe(expected);
    const { PRIVATE_KEY: _key, ...withoutKey } = GITHUB;
    expect(parseBotConfig({ ...withoutKey, PRIVATE_KEY_PATH: '/keys/app.pem' }, DIR, { readFile: (f) => (f === '/keys/app.pem' ? PEM : '') }).github?.privateKey).toBe(expected);
  });

  it('names every missing and invalid variable in one error, never a secret value', () => {
    const env = {
      PORT: 'eighty',
      SLACK_BOT_TOKEN: 'xoxp-user-token-0123456789',
      APP_ID: 'quartermaster',
      PRIVATE_KEY: 'not a key at all, but secret',
      QM_PROVIDER: 'gcp',
      LOG_LEVEL: 'loud',
    };
    const found = problems(env, DIR);
    const text = found.join('\n');
    for (const name of ['PORT', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'APP_ID', 'PRIVATE_KEY', 'WEBHOOK_SECRET', 'provider "gcp"', 'LOG_LEVEL']) expect(text).toContain(name);
    expect(found).toHaveLength(8);
    expect(text).not.toContain('xoxp-user-token-0123456789');
    expect(text).not.toContain('not a key at all');
  });

  it('asks for a door and for definitions when there are none', () => {
    const found = problems({});
    expect(found).toEqual([
      expect.stringMatching(/^no chat door is configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET .* or APP_ID, PRIVATE_KEY \(or PRIVATE_KEY_PATH\) and WEBHOOK_SECRET/),
      expect.stringMatching(/^no definitions: set QM_DEFINITIONS_REPO=owner\/name .* or pass --dir/),
    ]);
  });

  it('refuses half a door, naming what is missing', () => {
    expect(problems({ SLACK_BOT_TOKEN: SLACK.SLACK_BOT_TOKEN }, DIR)).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET is not set/)]);
    expect(problems({ APP_ID: '1', WEBHOOK_SECRET: 'whsec-0123456789' }, DIR)).toEqual([expect.stringMatching(/^PRIVATE_KEY \(or PRIVATE_KEY_PATH\) is not set/)]);
    expect(problems({ ...GITHUB, PRIVATE_KEY_PATH: '/k.pem' }, DIR)).toEqual(['PRIVATE_KEY and PRIVATE_KEY_PATH are both set: keep one']);
    const { PRIVATE_KEY: _key, ...withoutKey } = GITHUB;
    const unreadable = (): string => {
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    };
    expect(problems({ ...withoutKey, PRIVATE_KEY_PATH: '/missing.pem' }, DIR, unreadable)).toEqual([expect.stringMatching(/^PRIVATE_KEY_PATH \/missing\.pem cannot be read \(ENOENT\)/)]);
  });

  it('reads definitions from a repository only through the GitHub App, and from one place', () => {
    expect(problems({ ...SLACK, QM_DEFINITIONS_REPO: 'acme/fleet' })).toEqual([expect.stringMatching(/^QM_DEFINITIONS_REPO needs the GitHub App/)]);
    expect(problems({ ...GITHUB, QM_DEFINITIONS_REPO: 'acme' })).toEqual([expect.stringMatching(/^QM_DEFINITIONS_REPO "acme" is not owner\/name/)]);
    expect(problems({ ...GITHUB, QM_DEFINITIONS_REPO: 'acme/fleet' }, DIR)).toEqual([expect.stringMatching(/^QM_DEFINITIONS_REPO and --dir are both set/)]);
  });

  it('qm bot prints the same one message and exits 1', async () => {
    const run = await runQm(['bot'], { SLACK_BOT_TOKEN: SLACK.SLACK_BOT_TOKEN, PORT: '99999' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \[QM_CONFIG_INVALID\]: qm bot cannot start: 3 problems with its configuration:/);
    expect(run.stderr).toContain('PORT "99999" is not a port number');
    expect(run.stderr).toContain('SLACK_SIGNING_SECRET is not set');
    expect(run.stderr).toContain('no definitions');
    expect(run.stderr).not.toContain(SLACK.SLACK_BOT_TOKEN);
  });

  it('finds the bot module from the CLI, from sources and from the build', async () => {
    expect(botModuleUrl('file:///app/src/cli/commands/bot.ts').href).toBe('file:///app/bot/start-bot.ts');
    expect(botModuleUrl('file:///app/build/cli/bundle/qm.js').href).toBe('file:///app/build/bot/bot/start-bot.js');
    const mod: BotModule = await import('../../bot/start-bot.js');
    expect(typeof mod.runBotCommand).toBe('function');
  });
});

describe('secrets in logs', () => {
  it('scrubs each secret value wherever it appears, as written or JSON-escaped, and each line of a key', () => {
    const scrub = secretScrubber([SLACK.SLACK_BOT_TOKEN, PEM, 'pa ss"word!']);
    const keyLine = PEM.split('\n')[3]!;
    const line = JSON.stringify({ msg: `token ${SLACK.SLACK_BOT_TOKEN} key ${keyLine}`, err: { message: 'auth "pa ss\\"word!" refused' }, pw: 'pa ss"word!' });
    const out = scrub(line);
    expect(out).not.toContain(SLACK.SLACK_BOT_TOKEN);
    expect(out).not.toContain(keyLine);
    expect(out).not.toContain('ss\\"word');
    expect(JSON.parse(out)).toMatchObject({ pw: '[redacted]' });
  });
});
