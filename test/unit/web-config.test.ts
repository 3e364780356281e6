import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { ThroneError } from '../../src/errors.js';

const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
const SIGN_IN = {
  ...SLACK,
  SLACK_CLIENT_ID: '123.456',
  SLACK_CLIENT_SECRET: 'shh',
  PUBLIC_URL: 'https://throne.example.com/',
};

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ThroneError);
    expect((error as ThroneError).code).toBe('bad_config');
    return (error as Error).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('web board settings', () => {
  it('keeps the web board off unless sign-in is configured or a local demo opens it', () => {
    expect(parseConfig({}).web).toEqual({
      access: 'off',
      publicUrl: 'http://localhost:3000',
      clientId: undefined,
      clientSecret: undefined,
      oidcUrl: 'https://slack.com/',
    });
    expect(parseConfig({ WEB_BOARD_OPEN: 'true', PORT: '8080' }).web).toMatchObject({
      access: 'open',
      publicUrl: 'http://localhost:8080',
    });
    expect(parseConfig({ ...SIGN_IN, SLACK_OIDC_URL: 'http://127.0.0.1:9000' }).web).toEqual({
      access: 'slack',
      publicUrl: 'https://throne.example.com',
      clientId: '123.456',
      clientSecret: 'shh',
      oidcUrl: 'http://127.0.0.1:9000/',
    });
  });

  it.each([
    [
      { ...SIGN_IN, SLACK_CLIENT_SECRET: '' },
      [
        "SLACK_CLIENT_SECRET: Sign in with Slack also needs the app's Client Secret (Basic Information → App Credentials)",
      ],
    ],
    [
      { ...SIGN_IN, PUBLIC_URL: '' },
      ["PUBLIC_URL: Sign in with Slack also needs the board's public URL, for Slack to send people back to"],
    ],
    [
      { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 's', PUBLIC_URL: 'https://x.example' },
      ['SLACK_BOT_TOKEN: Sign in with Slack also needs a bot token, to learn which workspace may sign in'],
    ],
    [
      { ...SIGN_IN, PUBLIC_URL: 'http://throne.example.com' },
      ['PUBLIC_URL: must be https (sign-in cookies are Secure); plain http is only for localhost'],
    ],
    [{ PUBLIC_URL: 'ftp://throne.example.com' }, [expect.stringMatching(/^PUBLIC_URL: expected the http\(s\) URL/)]],
    [{ PUBLIC_URL: 'throne dot example' }, [expect.stringMatching(/^PUBLIC_URL: expected the http\(s\) URL/)]],
    [
      { ...SLACK, WEB_BOARD_OPEN: 'true' },
      [expect.stringMatching(/^WEB_BOARD_OPEN: an open web board is for local mode only/)],
    ],
    [{ WEB_BOARD_OPEN: 'yes' }, ['WEB_BOARD_OPEN: expected true or false']],
  ])('refuses %o naming the variable', (env, expected) => {
    expect(problems(env)).toEqual(expected);
  });

  it('accepts plain http for a board on this machine', () => {
    expect(parseConfig({ ...SIGN_IN, PUBLIC_URL: 'http://localhost:3000' }).web.publicUrl).toBe(
      'http://localhost:3000',
    );
  });
});
